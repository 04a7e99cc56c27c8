"""Searching: a member's query, filters and page in; the hits they may open out, each with a
snippet, its lines and a link. Nothing is returned that the member could not open: the index
sets aside what they may not read, and the database is asked again about the hits shown."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from functools import partial
from itertools import islice

from flask import current_app
from markupsafe import Markup
from whoosh import collectors
from whoosh import query as Q
from whoosh.support.charset import accent_map

from deliberation.search import access, phrases, unions
from deliberation.search import kinds as registry
from deliberation.search.analysis import analyzer
from deliberation.search.query import check_expansion, highlight_of, parse
from deliberation.search.snippets import snippet

log = logging.getLogger(__name__)

#: Suggestions offered while typing, at most.
SUGGESTIONS = 8
#: Share of the index below which a filter term is ANDed into the query rather than looked up.
RARE = 0.2


@dataclass(frozen=True)
class Filters:
    assembly_id: int | None = None
    kind: str | None = None
    status: str | None = None
    group_id: int | None = None
    #: Clauses of every version, not only each assembly's current draft.
    all_versions: bool = False

    def terms(self) -> list:
        """Terms every hit must have."""
        pairs = (("assembly", self.assembly_id), ("kind", self.kind), ("status", self.status),
                 ("group", self.group_id))
        return [Q.Term(name, str(value).lower()) for name, value in pairs if value is not None]


@dataclass(frozen=True)
class Hit:
    kind: str
    id: int
    title: str
    assembly_id: int
    version_id: int | None
    line_from: int | None
    line_to: int | None
    status: str | None
    snippet_html: Markup
    url: str

    def as_json(self) -> dict:
        out = {"kind": self.kind, "id": self.id, "title": self.title, "assembly_id": self.assembly_id,
               "snippet_html": str(self.snippet_html), "url": self.url}
        for name in ("version_id", "line_from", "line_to"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


@dataclass(frozen=True)
class Results:
    total: int
    page: int
    per_page: int
    hits: list[Hit]


def indexer():
    return current_app.extensions["search"]


def _readable(member, stored: list[dict]) -> list[dict]:
    """The hits the database says this member may open (the index may be behind it)."""
    kinds = registry.kinds()
    keep: set[str] = set()
    for name in {hit["kind"] for hit in stored}:
        of_kind = [hit for hit in stored if hit["kind"] == name]
        if name in kinds:
            keep |= kinds[name].readable(member, of_kind)
    if len(keep) < len(stored):
        log.info("search: %d hits set aside by the database check (index behind)", len(stored) - len(keep))
    return [hit for hit in stored if hit["key"] in keep]


def _plain(stored: dict) -> dict:
    """A hit's stored fields with ids as numbers (the index keeps them as words)."""
    version = stored.get("version")
    return {**stored, "assembly_id": int(stored["assembly"]), "version_id": int(version) if version else None}


def _hit(stored: dict, highlight) -> Hit:
    fields = _plain(stored)
    found = snippet([tuple(line) for line in fields.get("body") or ()], highlight)
    return Hit(kind=fields["kind"], id=fields["id"], title=fields["title"], assembly_id=fields["assembly_id"],
               version_id=fields["version_id"], line_from=fields.get("line_from"),
               line_to=fields.get("line_to"),
               status=fields.get("status"), snippet_html=found.html,
               url=registry.kinds()[fields["kind"]].url(fields, found.first_line))


def _top(index, q, terms: list, tokens, limit: int) -> tuple[int, list[tuple[float, dict]]]:
    """The total and the best ``limit`` (score, stored fields) of one index."""
    with index.searcher() as pooled:
        searcher = pooled.searcher
        check_expansion(q, searcher.reader())
        # A rare filter term (one assembly, one group) drives the matching, ANDed with the query;
        # a common one (a kind, a status) is a set each match is looked up in (access.py says why).
        few = RARE * searcher.doc_count_all()
        rare = [t for t in terms if searcher.doc_frequency(t.fieldname, t.text) < few]
        common = [t for t in terms if t not in rare]
        fast = (unions.top, partial(phrases.top, hot=index.hot)) if not rare else ()
        for top in fast:  # words ORed, a phrase: exact and quicker
            found = top(searcher, q, limit, pooled.cache, access.allowed(pooled, common),
                        access.unreadable(pooled, tokens))
            if found is not None:
                total, best = found
                return total, [(score, dict(searcher.stored_fields(doc))) for score, doc in best]
        collector = searcher.collector(limit=limit, filter=access.allowed(pooled, common),
                                       mask=access.unreadable(pooled, tokens),
                                       optimize=False)  # no block skipping: every match is counted
        _count_every_match(collector)
        searcher.search_with_collector(Q.And([q, *rare]) if rare else q, collector)
        results = collector.results()
        return len(results), [(hit.score, dict(hit.fields())) for hit in results]


def _count_every_match(collector) -> None:
    """Whoosh's collector swaps its matcher every 10 matches for one that leaves out what can no
    longer reach the top: the top is right, the total undercounts (an OR of words: "char*"
    counted 2,192 of 3,284 documents at 100,000), and the swap walks the whole matcher tree.
    Never swapping keeps the total exact and is no slower (bench/search.py)."""
    while not hasattr(collector, "replace") and hasattr(collector, "child"):
        collector = collector.child
    collector.replace = 0


def search(member, text: str, filters: Filters = Filters(), page: int = 1, per_page: int = 20) -> Results:
    """One page of hits for a member, best first. QueryError for a query that cannot run."""
    q = parse(text)
    tokens = access.reader_tokens(member)
    terms = filters.terms()
    if filters.kind is not None and filters.kind not in registry.kinds():
        return Results(0, page, per_page, [])
    total, scored = _top(indexer().index, q, terms, tokens, page * per_page)
    if filters.all_versions and filters.kind in (None, "clause"):  # and the clauses of earlier versions
        more, earlier = _top(indexer().earlier, q, terms, tokens, page * per_page)
        total, scored = total + more, sorted(scored + earlier, key=lambda pair: -pair[0])
    stored = [fields for _score, fields in scored[(page - 1) * per_page:page * per_page]]
    highlight = highlight_of(q)
    shown = _readable(member, stored)
    return Results(total - (len(stored) - len(shown)), page, per_page, [_hit(s, highlight) for s in shown])


#: Index words the last typed word may stand for before suggestions look at titles only.
SUGGEST_EXPANSION = 50
#: Time suggestions spend looking: a short word ("pro") matches tens of thousands of titles.
SUGGEST_SECONDS = 0.03


class _OutOfTime(Exception):
    pass


class _Budget(collectors.WrappingCollector):
    """Stops collecting once its time is up (checked every 64 matches, no timer thread)."""

    def __init__(self, child, seconds: float) -> None:
        super().__init__(child)
        self.deadline = time.monotonic() + seconds
        self.count = 0

    def collect(self, sub_docnum):
        self.count += 1
        if self.count % 64 == 0 and time.monotonic() > self.deadline:
            raise _OutOfTime
        return self.child.collect(sub_docnum)


def _suggest_query(text: str, reader):
    """Every typed word, the last one as the start of a word: in the whole text while that
    start is specific enough to stay quick, else in titles only."""
    words = text.split()
    if not words or len(text) > 200:
        return None
    typed = words[-1].lower().translate(accent_map).strip("*?\"'()")
    if len(typed) < 3:
        return None
    words_of = analyzer()
    stems = [token.text for word in words[:-1] for token in words_of(word)]
    last = [token.text for token in words_of(words[-1])]
    in_text = Q.Prefix("words", typed)
    wide = sum(1 for _term in islice(in_text._btexts(reader), SUGGEST_EXPANSION + 1)) > SUGGEST_EXPANSION
    field = "title" if wide else "content"
    start = Q.Prefix("title", typed) if wide else in_text
    last_q = Q.Or([start, *[Q.Term(field, stem) for stem in last]])
    return Q.And([*(Q.Term(field, stem) for stem in stems), last_q]) if stems else last_q


def suggest(member, text: str) -> list[Hit]:
    """Titles that match what has been typed so far, for the search box's list while typing;
    only what the member may open."""
    with indexer().index.searcher() as pooled:
        searcher = pooled.searcher
        q = _suggest_query(text, searcher.reader())
        if q is None:
            return []
        best = collectors.TopCollector(SUGGESTIONS * 3, usequality=False)
        unreadable = access.unreadable(pooled, access.reader_tokens(member))
        try:
            searcher.search_with_collector(q, collectors.FilterCollector(_Budget(best, SUGGEST_SECONDS),
                                                                         restrict=unreadable))
        except _OutOfTime:
            pass  # the best of what was seen in time: a suggestion list, not an answer
        stored = [dict(searcher.stored_fields(-negative))
                  for _score, negative in sorted(best.items, reverse=True)]
    seen, unique = set(), []
    for hit in _readable(member, stored):
        if (hit["kind"], hit["title"]) not in seen:
            seen.add((hit["kind"], hit["title"]))
            unique.append(hit)
    highlight = highlight_of(q)
    return [_hit(hit, highlight) for hit in unique[:SUGGESTIONS]]
