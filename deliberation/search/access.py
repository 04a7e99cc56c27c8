"""Which documents a search may return, as sets of document numbers worked out once per
searcher (so once per index commit) and kept with it.

Whoosh intersects an AND of a query with a common term (every current clause, every amendment)
by stepping through that term's long posting list, which cost more than the query itself
(bench/search.py). So filters and permissions are sets instead: the query's own matches are
looked up in them.

- unreadable: documents only some readers may open (a group's draft) whose readers tokens the
  member holds none of; they are few.
- allowed: the documents a common filter (a kind, a status) lets through.

(Clauses of earlier versions are in an index of their own: storage.py.)
"""
from __future__ import annotations

from whoosh import query as Q
from whoosh.idsets import BitSet, DocIdSet

from deliberation.auth.permissions import chaired_assembly_ids, is_admin
from deliberation.search.kinds.base import chair_reader, group_reader

_MAX_CACHED = 64


def reader_tokens(member) -> frozenset[str] | None:
    """The readers tokens this member holds; None for an admin, who may open everything."""
    if is_admin(member):
        return None
    tokens = {group_reader(g) for g in member.group_ids()}
    tokens.update(chair_reader(a) for a in chaired_assembly_ids(member))
    return frozenset(tokens)


def _cached(pooled, key, q) -> BitSet:
    cache = pooled.cache
    if key not in cache:
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        searcher = pooled.searcher
        cache[key] = BitSet(searcher.docs_for_query(q), size=searcher.doc_count_all())
    return cache[key]


def unreadable(pooled, tokens: frozenset[str] | None) -> set[int] | None:
    """Restricted documents none of whose readers tokens the member holds (None: none, or an admin)."""
    if tokens is None:
        return None
    restricted = Q.Term("restricted", "y")
    q = Q.AndNot(restricted, Q.Or([Q.Term("readers", t) for t in sorted(tokens)])) if tokens else restricted
    cache = pooled.cache
    key = ("unreadable", tokens)
    if key not in cache:  # a plain set: they are few, and Whoosh tests a mask's truth by counting it
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        cache[key] = set(pooled.searcher.docs_for_query(q)) or None
    return cache[key]


class Only(DocIdSet):
    """A filter set that is a filter even when empty (Whoosh drops a filter that tests false)."""

    def __init__(self, docs: BitSet) -> None:
        self.docs = docs

    def __contains__(self, docnum) -> bool:
        return docnum in self.docs

    def __iter__(self):
        return iter(self.docs)

    def __len__(self) -> int:
        return len(self.docs)

    def __bool__(self) -> bool:
        return True


def allowed(pooled, terms: list) -> Only | None:
    """The documents that have every one of these filter terms (None: no filter)."""
    if not terms:
        return None
    key = ("allowed", tuple(sorted((t.fieldname, t.text) for t in terms)))
    return Only(_cached(pooled, key, Q.And(terms) if len(terms) > 1 else terms[0]))
