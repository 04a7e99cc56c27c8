"""Carrying a commented range along versions: it follows its own words, and is gone with them."""

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from amendments.engine import Edit, LineIndex, apply_edits, edits_between
from amendments.engine.anchors import carry, carry_along, steps_between
from amendments.engine.shift import Shifter

FAST = settings(max_examples=80, deadline=None)
WORDS = [
    "the",
    "branch",
    "shall",
    "meet",
    "members",
    "Straße",
    "ŵyn",
    "👩‍👩‍👧",
    "שלום",
    "vote",
    "4.2",
    "(a)",
    "dues,",
    "chair.",
    "é",
    "—",
    ".",
]
SEPS = [" ", " ", "\n", "  ", "\n\n"]


@st.composite
def documents(draw, min_words=4, max_words=40):
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@st.composite
def edit_lists(draw, text):
    """Sorted, disjoint edits of ``text`` at arbitrary character positions (not only word edges)."""
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    edits, last_end = [], -1
    for a, b in zip(cuts[::2], cuts[1::2] + [None], strict=False):
        b = a if b is None else b
        if a == last_end and a == b:
            continue  # two insertions at one point are not a sorted, disjoint list
        kind = draw(st.sampled_from(["replace", "insert", "delete"]))
        new = draw(st.sampled_from(WORDS)) + draw(st.sampled_from([" ", ""]))
        edit = Edit(a, a, new) if kind == "insert" else Edit(a, b, "" if kind == "delete" else new)
        if edit.start == edit.end and edits and edits[-1].end == edit.start:
            continue
        edits.append(edit)
        last_end = edit.end
    return edits


@st.composite
def ranges(draw, text):
    start = draw(st.integers(0, len(text)))
    return start, draw(st.integers(start, len(text)))


def _deleted(edits, x):
    return any(e.start <= x < e.end for e in edits)


@FAST
@given(st.data())
def test_every_surviving_character_lands_on_itself_inside_the_carried_range(data):
    text = data.draw(documents())
    edits = data.draw(edit_lists(text))
    start, end = data.draw(ranges(text))
    new = apply_edits(text, edits)
    carried = carry(text, start, end, edits)
    shift = Shifter(edits)
    kept = [x for x in range(start, end) if not _deleted(edits, x)]
    if carried is None:
        assert not any(re.match(r"\w", text[x]) for x in kept) or not kept
        return
    lo, hi = carried
    assert 0 <= lo <= hi <= len(new)
    for x in kept:
        assert lo <= shift.right(x) < hi or start == end
        assert new[shift.right(x)] == text[x]


@FAST
@given(st.data())
def test_a_range_no_edit_reaches_into_keeps_exactly_its_text(data):
    text = data.draw(documents())
    edits = data.draw(edit_lists(text))
    start, end = data.draw(ranges(text))
    assume(start < end)
    assume(all(e.end <= start or e.start >= end for e in edits))
    lo, hi = carry(text, start, end, edits)
    assert apply_edits(text, edits)[lo:hi] == text[start:end]


@FAST
@given(st.data())
def test_the_range_is_gone_exactly_when_every_word_character_in_it_is_gone(data):
    text = data.draw(documents())
    edits = data.draw(edit_lists(text))
    start, end = data.draw(ranges(text))
    assume(re.search(r"\w", text[start:end]))
    survives = any(re.match(r"\w", text[x]) and not _deleted(edits, x) for x in range(start, end))
    assert (carry(text, start, end, edits) is not None) == survives


@FAST
@given(st.data())
def test_carrying_along_a_chain_is_carrying_step_by_step(data):
    texts = [data.draw(documents())]
    for _ in range(data.draw(st.integers(1, 3))):
        texts.append(apply_edits(texts[-1], data.draw(edit_lists(texts[-1]))))
    start, end = data.draw(ranges(texts[0]))
    here = (start, end)
    for a, b in zip(texts, texts[1:], strict=False):
        here = carry(a, here[0], here[1], edits_between(a, b)) if here is not None else None
    assert carry_along(start, end, texts) == here
    assert carry_along(start, end, texts, steps_between(texts)) == here


@FAST
@given(documents(), st.data())
def test_an_unchanged_chain_leaves_the_range_where_it_was(text, data):
    start, end = data.draw(ranges(text))
    assert carry_along(start, end, [text, text, text]) == (start, end)


LINES = "\n".join(
    f"{n}.1 Clause {n} of the rules says that members meet and vote on item {n}." for n in range(1, 21)
)


def _lines_range(text, a, b):
    index = LineIndex(text, 80)
    return index.span_of(a)[0], index.span_of(b)[1]


def test_lines_12_to_14_follow_their_words_when_lines_are_added_above():
    start, end = _lines_range(LINES, 12, 14)
    later = "0.1 A new first clause.\n0.2 And a second.\n" + LINES
    lo, hi = carry_along(start, end, [LINES, later])
    assert later[lo:hi] == LINES[start:end]
    assert LineIndex(later, 80).cite(lo, hi) == (14, 16)


def test_a_word_changed_inside_the_lines_keeps_the_range_and_holds_the_new_word():
    start, end = _lines_range(LINES, 12, 14)
    later = LINES.replace("item 13.", "item thirteen.")
    lo, hi = carry_along(start, end, [LINES, later])
    assert "item thirteen." in later[lo:hi]
    assert LineIndex(later, 80).cite(lo, hi) == (12, 14)


def test_lines_whose_words_are_all_replaced_are_gone():
    start, end = _lines_range(LINES, 12, 14)
    old = LINES[start:end]
    later = LINES.replace(old, "Entirely new wording replaces these clauses now")
    assert carry_along(start, end, [LINES, later]) is None


def test_a_deleted_passage_is_gone_but_stays_gone_along_the_chain():
    start, end = _lines_range(LINES, 3, 3)
    deleted = LINES[:start] + LINES[end + 1 :]
    assert carry_along(start, end, [LINES, deleted, deleted + "\nMore."]) is None


def test_words_inserted_at_the_edges_do_not_join_the_range():
    text = "alpha beta gamma delta"
    lo, hi = carry(text, 6, 16, edits_between(text, "alpha NEW beta gamma NEWER delta"))
    assert "alpha NEW beta gamma NEWER delta"[lo:hi] == "beta gamma"


def test_a_range_outside_the_text_is_an_error():
    with pytest.raises(ValueError):
        carry("short", 2, 10, ())
    with pytest.raises(ValueError):
        carry_along(0, 1, [])


def test_a_point_inside_deleted_words_lands_where_they_were():
    text = "the the the the the the the the "
    later = "the the the the "
    assert carry_along(29, 29, [text, later]) == (16, 16)
    assert carry("one two three", 5, 5, edits_between("one two three", "one three")) == (4, 4)
