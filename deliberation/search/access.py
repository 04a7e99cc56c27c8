"""What a member's search may return, worked out per searcher and cached with it.

Two sets of documents are set aside before scoring (Whoosh's mask): those only some readers
may open that this member is not among (a group's draft), and the clauses of versions that
are no longer their assembly's current draft (unless the search asks for every version). The
second set is the same for everyone and costs a pass over the clauses, so it is kept with the
searcher until the index or the current drafts change.
"""
from __future__ import annotations

from whoosh import query as Q
from whoosh.idsets import BitSet, DocIdSet

from deliberation.auth.permissions import chaired_assembly_ids, is_admin
from deliberation.models import Assembly
from deliberation.search.kinds.base import chair_reader, group_reader
from extensions import db

_MAX_CACHED = 64


def reader_tokens(member) -> frozenset[str] | None:
    """The readers tokens this member holds; None for an admin, who may open everything."""
    if is_admin(member):
        return None
    tokens = {group_reader(g) for g in member.group_ids()}
    tokens.update(chair_reader(a) for a in chaired_assembly_ids(member))
    return frozenset(tokens)


def current_versions() -> frozenset[int]:
    """Each assembly's current draft: the versions whose clauses a search shows by default."""
    return frozenset(v for v in db.session.scalars(db.select(Assembly.current_version_id)) if v is not None)


class Union(DocIdSet):
    """Membership in any of a few sets, without copying the large one for every query."""

    def __init__(self, *sets) -> None:
        self.sets = [s for s in sets if s is not None]  # not by truth: a BitSet counts its bits for that

    def __contains__(self, docnum) -> bool:
        return any(docnum in s for s in self.sets)

    def __iter__(self):
        seen = set()
        for s in self.sets:
            seen.update(s)
        return iter(sorted(seen))

    def __len__(self) -> int:
        return len(set().union(*self.sets)) if self.sets else 0

    def __bool__(self) -> bool:
        return bool(self.sets)


def _docs(searcher, q) -> BitSet:
    return BitSet(searcher.docs_for_query(q), size=searcher.doc_count_all())


def _cached(pooled, key, build):
    cache = pooled.cache
    if key not in cache:
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        cache[key] = build()
    return cache[key]


def unreadable(pooled, tokens: frozenset[str] | None):
    """Restricted documents none of whose readers tokens the member holds."""
    if tokens is None:
        return None
    restricted = Q.Term("restricted", "y")
    q = Q.AndNot(restricted, Q.Or([Q.Term("readers", t) for t in sorted(tokens)])) if tokens else restricted
    return _cached(pooled, ("unreadable", tokens), lambda: _docs(pooled.searcher, q))


def earlier_versions(pooled, current: frozenset[int] | None):
    """Clauses of versions that are not their assembly's current draft (None: keep them all)."""
    if current is None:
        return None

    def build():
        clauses = _docs(pooled.searcher, Q.Term("kind", "clause"))
        if current:
            clauses.difference_update(_docs(pooled.searcher, Q.Or([Q.Term("version", str(v)) for v in sorted(current)])))
        return clauses
    return _cached(pooled, ("earlier", current), build)


def mask(pooled, tokens: frozenset[str] | None, current: frozenset[int] | None):
    """Everything this search must not return, or None."""
    parts = Union(unreadable(pooled, tokens), earlier_versions(pooled, current))
    return parts if parts else None
