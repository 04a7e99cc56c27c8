"""Carrying the chairs' unsaved live edits onto a moved draft, and mapping a region into the room."""
from hypothesis import given, settings
from hypothesis import strategies as st

from amendments.engine import carry_live_edits, map_region

WORDS = ["the", "assembly", "meets", "ŵyl", "yearly", "🌱", "members", "vote", "quorum", "branch"]


@st.composite
def three_texts(draw):
    """A text of words, one copy edited at some words (the room) and one at others (the new draft),
    never at neighbouring words, so both sets of edits can stand together."""
    n = draw(st.integers(min_value=3, max_value=40))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n))
    slots = draw(st.lists(st.sampled_from(["same", "live", "new"]), min_size=n, max_size=n))
    for i in range(1, n):  # keep an unchanged word between any two changes
        if slots[i] != "same" and slots[i - 1] != "same":
            slots[i] = "same"
    live = [w.upper() + "X" if s == "live" else w for w, s in zip(words, slots, strict=True)]
    new = [w.upper() + "Y" if s == "new" else w for w, s in zip(words, slots, strict=True)]
    both = [w.upper() + ("X" if s == "live" else "Y") if s != "same" else w
            for w, s in zip(words, slots, strict=True)]
    return " ".join(words), " ".join(live), " ".join(new), " ".join(both)


@settings(max_examples=200, deadline=None)
@given(three_texts())
def test_unsaved_edits_elsewhere_are_kept_on_the_new_draft(texts):
    old, live, new, both = texts
    carried = carry_live_edits(old, live, new)
    assert carried.text == both and carried.dropped == ()
    assert carry_live_edits(old, old, new).text == new  # nothing typed: the room becomes the draft
    assert carry_live_edits(old, live, old).text == live  # the draft did not change: the room keeps it all


def test_an_edit_the_merge_overwrote_is_dropped_and_reported():
    old = "A quorum is one hundred delegates. Branches meet monthly."
    live = "A quorum is ninety delegates. Branches meet weekly."
    new = "A quorum is fifty delegates. Branches meet monthly."
    carried = carry_live_edits(old, live, new)
    assert carried.text == "A quorum is fifty delegates. Branches meet weekly."
    assert [e.text for e in carried.dropped] == ["ninety"]


def test_edits_in_a_committed_region_are_not_carried_twice():
    old = "A quorum is one hundred delegates. Branches meet monthly."
    live = "A quorum is a third of all delegates. Branches meet weekly."
    start, end = map_region(old, live, old.index("one"), old.index(" delegates"))
    assert live[start:end] == "a third of all"
    new = old[:old.index("one")] + live[start:end] + old[old.index(" delegates"):]
    carried = carry_live_edits(old, live, new, [(old.index("one"), old.index(" delegates"))])
    assert carried.text == live and carried.dropped == ()


def test_a_region_takes_in_words_typed_at_its_edges_and_counts_code_points():
    old = "Mae'r ŵyl 🌱 yn flynyddol."
    live = "Mae'r ŵyl fawr 🌱 yn flynyddol iawn."
    start, end = map_region(old, live, old.index("ŵyl"), old.index(" yn"))
    assert live[start:end] == "ŵyl fawr 🌱"
    assert map_region(old, old, 3, 9) == (3, 9)
