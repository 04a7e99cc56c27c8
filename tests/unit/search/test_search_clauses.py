"""Clauses: a version's text cut at headings, numbered clauses and paragraphs, each with the
official line range members cite."""
from hypothesis import given
from hypothesis import strategies as st

from amendments.engine import number_lines
from deliberation.search.clauses import split_clauses

TEXT = """# Constitution

## 1. Name

1.1 The organisation is called the Example Movement, and it is a movement of the members who join it and \
pay their dues.

1.2 Its members are the people who have joined it.

(a) a sub-clause;

Mission
=======

The mission is to be useful.
And to keep going.

A second paragraph under the same heading.
"""


def test_clauses_follow_headings_numbers_and_paragraphs():
    clauses = split_clauses(TEXT, width=80)
    assert [(c.title, c.line_from, c.line_to) for c in clauses] == [
        ("Constitution", 1, 1),
        ("1. Name", 3, 3),
        ("1.1 · 1. Name", 5, 6),          # a wrapped source line: two display lines
        ("1.2 · 1. Name", 8, 8),
        ("(a) · 1. Name", 10, 10),
        ("Mission", 12, 16),              # the underlined heading and the paragraph right under it
        ("Mission", 18, 18),
    ]
    assert clauses[2].lines == (
        "1.1 The organisation is called the Example Movement, and it is a movement of the ",
        "members who join it and pay their dues.")


def test_lines_match_the_official_numbering_at_another_width():
    lines = {line.n: line.text for line in number_lines(TEXT, 40)}
    for clause in split_clauses(TEXT, width=40):
        assert clause.lines == tuple(lines[n] for n in range(clause.line_from, clause.line_to + 1))


def test_on_every_version_of_a_real_charter(shared_data):
    for path in sorted((shared_data / "constitution-history" / "versions").glob("v0*.txt")):
        text = path.read_text()
        numbered = number_lines(text, 80)
        clauses = split_clauses(text, 80)
        covered = [n for c in clauses for n in range(c.line_from, c.line_to + 1)]
        assert covered == sorted(set(covered)), path.name  # no line in two clauses
        assert {ln.n for ln in numbered if ln.text.strip()} <= set(covered), path.name
        assert all(c.title for c in clauses)


lines_strategy = st.lists(st.one_of(
    st.just(""), st.just("## 2. Heading"), st.just("======"),
    st.just("3.4 A numbered clause of some length."),
    st.just("(b) a sub-clause"), st.text(alphabet="abc def\u00e9", min_size=1, max_size=200)), max_size=30)


@given(lines_strategy)
def test_every_written_line_is_in_exactly_one_clause(sources):
    text = "\n".join(sources)
    clauses = split_clauses(text, 60)
    covered = [n for c in clauses for n in range(c.line_from, c.line_to + 1)]
    assert covered == sorted(set(covered))
    written = {ln.n for ln in number_lines(text, 60) if ln.text.strip()}
    assert written <= set(covered)
    assert [c.n for c in clauses] == list(range(1, len(clauses) + 1))
