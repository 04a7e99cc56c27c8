"""The index's fields. Every document comes from one source row (a proposal, an amendment, a
version's clauses, a comment) named by `source`; `digest` says which state of it was indexed."""
from whoosh.analysis import IDAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from deliberation.search.analysis import analyzer, plain


def build_schema() -> Schema:
    text = analyzer("en")
    word = IDAnalyzer(lowercase=True)  # "kind:Amendment" finds amendments
    return Schema(
        #: "amendment:5", "clause:12:3": one document.
        key=ID(unique=True, stored=True),
        #: "amendment:5", "clause:12": the row it came from (a version gives many clauses).
        source=ID(stored=True),
        #: A hash of what the source's documents held when indexed (flask search check).
        digest=STORED,
        kind=ID(stored=True, analyzer=word),
        id=STORED,
        assembly=ID(stored=True),
        version=ID(stored=True),
        group=ID(stored=True),
        status=ID(stored=True, analyzer=word),
        #: Who may see it: "all", or tokens such as "group:3 chair:1" (access.py).
        readers=KEYWORD(stored=True),
        #: "y" when not everyone may see it, so a query can set aside what a member may not.
        restricted=ID,
        #: "n" for a clause of a version that is no longer its assembly's current draft.
        current=ID(stored=True),
        target=STORED,
        line_from=STORED,
        line_to=STORED,
        title=TEXT(analyzer=text, stored=True, field_boost=2.0),
        #: What snippets are cut from (a clause's display lines, joined by newlines).
        body=STORED,
        #: Everything searched by default: title, body and text indexed but not shown.
        content=TEXT(analyzer=text, phrase=True),
        #: The same words unstemmed, for prefix* and wild?ard searches (query.py sends them here).
        words=TEXT(analyzer=plain(), phrase=False),
    )


SCHEMA = build_schema()
