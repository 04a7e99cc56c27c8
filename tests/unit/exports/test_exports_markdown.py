"""The Markdown export: the text byte for byte, or CriticMarkup that accepts and rejects exactly."""
from hypothesis import given, settings
from hypothesis import strategies as st

from amendments.engine import Span, word_diff
from deliberation.exports.markdown import clean_markdown, redline_markdown, resolve_criticmarkup
from deliberation.exports.model import Author, Authors
from deliberation.exports.pieces import Source, attributed

# Any text the app stores (NFC, \n line ends), CriticMarkup's own brackets aside.
STORABLE = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="{}"), max_size=200)
TEXTS = st.lists(st.one_of(STORABLE, st.sampled_from(["\n", "\t", "  \n", "ŵ ŷ", "🌱"])),
                 max_size=8).map("".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_clean_export_is_the_text_byte_for_byte(text):
    assert clean_markdown(text) == text.encode("utf-8")
    assert clean_markdown(text).decode("utf-8") == text


@settings(max_examples=150, deadline=None)
@given(TEXTS, TEXTS)
def test_criticmarkup_accepts_to_the_version_and_rejects_to_the_other(old, new):
    marked = redline_markdown(attributed(word_diff(old, new))).decode("utf-8")
    assert resolve_criticmarkup(marked, accept=True) == new
    assert resolve_criticmarkup(marked, accept=False) == old


def test_changes_name_their_amendment_in_a_comment():
    old, new = "Dues are paid monthly.\n", "Dues are paid yearly.\n"
    start = new.index("yearly")
    authors = Authors({Source(7, None): Author("Amendment 7 — Leeds <<} Central")}, Author("Chair's edit"))
    marked = redline_markdown(attributed(word_diff(old, new), [Span(start, start + 6, 7, None)]),
                              authors).decode()
    assert marked == "Dues are paid {--monthly--}{++yearly++}{>>Amendment 7 — Leeds << } Central<<}.\n"
    assert resolve_criticmarkup(marked, accept=True) == new
    assert resolve_criticmarkup(marked, accept=False) == old
