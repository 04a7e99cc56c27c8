"""The search language on a small in-memory index: stemming, accent folding, phrases, AND/OR/NOT,
field:value and prefixes, and the queries refused before they run."""
import pytest
from whoosh.filedb.filestore import RamStorage

from deliberation.search.query import QueryError, highlight_of, parse
from deliberation.search.schema import SCHEMA

DOCS = {
    "members": ("Members", "Every member pays dues to the local branch."),
    "cafe": ("Meetings", "The assembly meets in the Café Naïve on Thursdays."),
    "chair": ("Chair", "The chair of the assembly is elected by the delegates."),
    "quorum": ("Quorum", "A quorum of the national assembly is one hundred delegates."),
    "election": ("Elections", "Elections to the council are held every second year."),
}


@pytest.fixture(scope="module")
def searcher():
    ix = RamStorage().create_index(SCHEMA)
    with ix.writer() as writer:
        for key, (title, body) in DOCS.items():
            text = f"{title}\n{body}"
            writer.add_document(key=key, kind="clause", title=title, content=text, words=text, status="Open")
    with ix.searcher() as s:
        yield s


def found(searcher, text: str) -> set[str]:
    return {hit["key"] for hit in searcher.search(parse(text), limit=None)}


@pytest.mark.parametrize("typed, expected", [
    ("member", {"members"}),              # stemming: one form finds the other
    ("MEMBERSHIP", set()),                # ... but not another word
    ("paying", {"members"}),
    ("elected", {"chair", "election"}),   # "elected" and "elections" share the stem "elect"
    ("cafe", {"cafe"}),                   # accent folding, both ways
    ("CAFÉ naive", {"cafe"}),
    ("naïvety", set()),
])
def test_stemming_and_accent_folding(searcher, typed, expected):
    assert found(searcher, typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ('"chair of the assembly"', {"chair"}),             # a phrase, stop words inside it
    ('"assembly of the chair"', set()),                 # same words, other order: not the phrase
    ("assembly delegates", {"chair", "quorum"}),        # every word must match
    ("quorum OR council", {"quorum", "election"}),
    ("assembly NOT chair", {"cafe", "quorum"}),
    ("(quorum OR chair) AND delegates", {"chair", "quorum"}),
    ("title:quorum", {"quorum"}),
    ("title:assembly", set()),                          # only in bodies
    ("text:thursdays", {"cafe"}),
    ("kind:Clause quorum", {"quorum"}),                 # field values are not case-sensitive
    ("status:open council", {"election"}),
])
def test_phrases_operators_and_fields(searcher, typed, expected):
    assert found(searcher, typed) == expected


@pytest.mark.parametrize("typed, expected", [
    ("delegat*", {"chair", "quorum"}),   # a prefix of the word, though the stem is "deleg"
    ("ELECT*", {"chair", "election"}),
    ("caf*", {"cafe"}),
    ("caf?", {"cafe"}),
    ("title:elect*", {"election"}),
])
def test_prefixes_and_wildcards_match_whole_words(searcher, typed, expected):
    assert found(searcher, typed) == expected


@pytest.mark.parametrize("typed, says", [
    ("", "Type something"),
    ("   ", "Type something"),
    ("the", "no words"),
    ("x" * 501, "longer than 500"),
    ("colour:red", "no field “colour”"),
    ("de*", "at least 3 letters"),
    ("*tion", "at least 3 letters"),
    ("*", "at least one word"),
    ("NOT chair", "NOT only leaves things out"),
])
def test_queries_that_cannot_run_are_refused_with_a_reason(typed, says):
    with pytest.raises(QueryError) as caught:
        parse(typed)
    assert says in caught.value.message


def test_what_a_query_excludes_is_not_highlighted():
    marks = highlight_of(parse('"two thirds" delegat* NOT chair'))
    assert marks.matches("thirds") and marks.matches("delegates") and marks.matches("delegation")
    assert not marks.matches("chair") and not marks.matches("quorum")
