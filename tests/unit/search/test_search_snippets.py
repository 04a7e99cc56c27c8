"""Snippets: matching lines with their numbers, the words marked, and the text always escaped."""
import re

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from deliberation.search.analysis import plain, plain_tokens
from deliberation.search.query import QueryError, highlight_of, parse
from deliberation.search.snippets import MAX_LINES, snippet

OUR_TAGS = re.compile(r'</?mark>|<span class="(?:snippet-line|ln|lt)">|</span>')


def test_matching_lines_are_shown_with_their_numbers_and_words_marked():
    body = [(12, "1.1 The organisation is called the Example Movement."),
            (13, "It meets in Leeds."),
            (14, "1.2 Members meet every month.")]
    shown = snippet(body, highlight_of(parse("meet*")))
    assert shown.first_line == 13
    assert '<span class="ln">13</span>' in shown.html and '<span class="ln">14</span>' in shown.html
    assert '<span class="ln">12</span>' not in shown.html
    assert "<mark>meets</mark>" in shown.html and "<mark>meet</mark>" in shown.html


def test_without_a_match_in_the_lines_the_beginning_is_shown_unmarked():
    body = [(None, "First paragraph."), (None, "Second."), (None, "Third.")]
    shown = snippet(body, highlight_of(parse("quorum")))
    assert shown.first_line is None and "<mark>" not in shown.html
    assert "First paragraph." in shown.html and "Third." not in shown.html


def test_a_long_line_is_cut_around_its_first_match():
    line = "word " * 100 + "quorum " + "word " * 100
    shown = snippet([(7, line)], highlight_of(parse("quorum")))
    assert "<mark>quorum</mark>" in shown.html and "…" in shown.html
    assert len(re.sub(r"<[^>]+>", "", str(shown.html))) < 260


@given(st.lists(st.text(max_size=300), min_size=1, max_size=8),
       st.sampled_from(["script", "amp*", '"lt gt"', "b"]))
def test_user_text_is_escaped_whatever_it_holds(lines, typed):
    try:
        marks = highlight_of(parse(typed))
    except QueryError:
        return
    body = [(n + 1, text) for n, text in enumerate(lines)]
    html = str(snippet(body, marks).html)
    assert "<" not in OUR_TAGS.sub("", html)  # every other < is the text's, escaped
    shown_lines = html.count('class="snippet-line"')
    assert 1 <= shown_lines <= MAX_LINES
    for number, text in body[:MAX_LINES]:
        if '<span class="ln">%d</span>' % number in html and len(text) < 150:
            assert str(escape(text)) in OUR_TAGS.sub("", html)


@given(st.text(alphabet=st.sampled_from("aZé ñ.1_-'ßİ\n\u00a0Ωx"), max_size=60) | st.text(max_size=40))
def test_snippet_words_are_the_plain_analyzers_words(text):
    expected = [(t.startchar, t.endchar, t.text) for t in plain()(text, chars=True)]
    assert plain_tokens(text) == expected
