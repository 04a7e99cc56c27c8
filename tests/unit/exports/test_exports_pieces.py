"""Pieces: the engine's ops and an amendment's stored edits, cut per numbered line."""
from hypothesis import given, settings
from hypothesis import strategies as st

from amendments.engine import Edit, LineIndex, Span, edits_between, word_diff
from deliberation.exports.pieces import Source, attributed, by_line, from_edits, plain

WORDS = st.sampled_from(["alpha", "beta", "gamma", "ŵ", "delta-epsilon-zeta", "\n", "\n\n", "x" * 30])
TEXTS = st.lists(WORDS, max_size=40).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_pieces_give_both_sides_and_cover_each_numbered_line(old, new):
    pieces = attributed(word_diff(old, new))
    assert plain(pieces, "new") == new and plain(pieces, "old") == old
    lines = LineIndex(new, 24).lines
    for ln, line_pieces in zip(lines, by_line(pieces, lines), strict=True):
        assert "".join(p.text for p in line_pieces if p.op != "delete") == ln.text
    edit_pieces = from_edits(old, edits_between(old, new), Source(1, None))
    assert plain(edit_pieces, "new") == new and plain(edit_pieces, "old") == old


def test_an_insertion_splits_where_its_provenance_changes_and_a_deletion_takes_its_point():
    old, new = "a b c", "a NEW WORDS b c"
    first = new.index("NEW")
    spans = [Span(first, first + 4, 3, None), Span(first + 4, first + 10, None, 9)]
    pieces = [p for p in attributed(word_diff(old, new), spans) if p.op != "equal"]
    assert [(p.text, p.source) for p in pieces] == [("NEW ", Source(3, None)), ("WORDS ", Source(None, 9))]
    deleted = attributed(word_diff("a gone b", "a b"), [Span(2, 2, 5, None)])
    assert [(p.op, p.text, p.source) for p in deleted if p.op != "equal"] == \
        [("delete", "gone ", Source(5, None))]


def test_edits_become_pieces_in_the_base_texts_coordinates():
    pieces = from_edits("one two three", [Edit(4, 7, "2"), Edit(13, 13, " four")])
    assert [(p.op, p.start, p.end, p.text) for p in pieces] == [
        ("equal", 0, 4, "one "), ("delete", 4, 7, "two"), ("insert", 7, 7, "2"),
        ("equal", 7, 13, " three"), ("insert", 13, 13, " four")]
