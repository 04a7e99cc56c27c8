"""number_lines/LineIndex: booklet-style numbering, headings and clauses recognised."""

import pytest

from amendments.engine import Line, LineIndex, number_lines


def _tile(text, lines):
    """Display lines plus the newlines between source lines give the text back."""
    rebuilt = []
    for a, b in zip(lines, lines[1:] + [None], strict=True):
        rebuilt.append(text[a.start : a.end])
        stop = b.start if b else len(text)
        rebuilt.append(text[a.end : stop])
    return "".join(rebuilt)


def test_every_line_numbered_including_blank():
    text = "# Title\n\nFirst para.\n\n\nSecond."
    lines = number_lines(text)
    assert [ln.n for ln in lines] == [1, 2, 3, 4, 5, 6]
    assert [ln.kind for ln in lines] == ["heading", "blank", "text", "blank", "blank", "text"]
    assert lines[-1].text == "Second."


def test_final_newline_does_not_add_a_line():
    assert len(number_lines("a\nb\n")) == 2
    assert len(number_lines("a\nb")) == 2
    assert len(number_lines("a\n\n")) == 2
    assert number_lines("") == [Line(1, 0, 0, "", "blank", None)]


def test_wraps_on_word_boundaries_at_width():
    text = " ".join(["word"] * 50)
    lines = number_lines(text, width=30)
    assert all(len(ln.text.rstrip()) <= 30 for ln in lines)
    assert all(not ln.text.startswith(" ") for ln in lines[1:])
    assert _tile(text, lines) == text
    assert all(ln.text == text[ln.start : ln.end] for ln in lines)


def test_long_word_gets_its_own_line():
    long = "x" * 120
    lines = number_lines(f"short {long} tail", width=80)
    assert [ln.text.rstrip() for ln in lines] == ["short", long, "tail"]


def test_offsets_tile_unicode_text():
    text = "Aelodau'r gangen ŵyr ŷd 👩‍👩‍👧 " * 12 + "\r\n\u05e9\u05dc\u05d5\u05dd  \nend"
    lines = number_lines(text, width=40)
    assert _tile(text, lines) == text
    assert all(len(ln.text.rstrip()) <= 40 or " " not in ln.text.strip() for ln in lines)


def test_trailing_spaces_kept_on_line():
    lines = number_lines("Markdown break  \nnext")
    assert lines[0].text == "Markdown break  "


@pytest.mark.parametrize(
    "line,clause",
    [
        ("1. Name", "1"),
        ("4.2 The branch", "4.2"),
        ("4.2. The branch", "4.2"),
        ("(a) members", "(a)"),
        ("  (iv) sub", "(iv)"),
        ("Article 3 Membership", "Article 3"),
        ("Section 12 Dues", "Section 12"),
    ],
)
def test_clauses_recognised(line, clause):
    ln = number_lines(line)[0]
    assert (ln.kind, ln.clause) == ("clause", clause)


# Note: a line starting with a bare decimal ("1.5 million") reads as clause 1.5 (like "4.2 The ...").
@pytest.mark.parametrize("line", ["2013 was a year", "Version 2", "(hello) there", "Articles of faith"])
def test_not_clauses(line):
    assert number_lines(line)[0].kind == "text"


def test_headings_markdown_rst_and_framed():
    text = "## 4. Dues\n\nMission\n=======\n\n=== Title ===\n\n=========\nCharter\n=========\n\n-----\n"
    kinds = [(ln.kind, ln.clause) for ln in number_lines(text)]
    assert kinds[0] == ("heading", "4")
    assert kinds[2:4] == [("heading", None), ("heading", None)]
    assert kinds[5] == ("heading", None)
    assert kinds[7:10] == [("heading", None)] * 3
    assert kinds[11] == ("text", None)  # a lone rule is not a heading


def test_wrapped_clause_lines_share_kind_and_clause():
    text = "4.2 " + "word " * 40
    lines = number_lines(text, width=40)
    assert len(lines) > 1
    assert {(ln.kind, ln.clause) for ln in lines} == {("clause", "4.2")}


def test_line_index_line_of_and_span_of():
    text = "one\ntwo two\n\nfour"
    idx = LineIndex(text)
    assert idx.line_of(0) == 1
    assert idx.line_of(3) == 1  # the newline belongs to the line it ends
    assert idx.line_of(4) == 2
    assert idx.line_of(12) == 3
    assert idx.line_of(len(text)) == 4
    assert idx.span_of(2) == (4, 11)
    assert text[slice(*idx.span_of(4))] == "four"
    with pytest.raises(ValueError):
        idx.span_of(5)
    with pytest.raises(ValueError):
        idx.line_of(len(text) + 1)


def test_line_of_end_with_final_newline_is_last_line():
    idx = LineIndex("a\nb\n")
    assert idx.line_of(4) == 2


def test_cite_ranges_and_insertions():
    text = "alpha beta\ngamma delta\nepsilon\n"
    idx = LineIndex(text)
    assert idx.cite(6, 10) == (1, 1)
    assert idx.cite(6, 17) == (1, 2)
    assert idx.cite(0, len(text)) == (1, 3)
    assert idx.cite(11, 11) == (2, 2)  # insertion at the start of line 2
    assert idx.cite(10, 11) == (1, 1)  # just the newline ending line 1
    assert LineIndex("").cite(0, 0) == (1, 1)


def test_cite_on_wrapped_lines():
    text = "word " * 40
    idx = LineIndex(text, width=20)
    s, e = idx.span_of(3)
    assert idx.cite(s, s + 4) == (3, 3)
