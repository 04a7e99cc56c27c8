"""What a member's search may return: documents only some readers may open (a group's draft)
are set aside before scoring (Whoosh's mask) unless the member holds one of their readers
tokens. They are few, so the set is small; it is kept with the searcher, per set of tokens,
until the index changes."""
from __future__ import annotations

from whoosh import query as Q
from whoosh.idsets import BitSet

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


def unreadable(pooled, tokens: frozenset[str] | None):
    """Restricted documents none of whose readers tokens the member holds (None for an admin)."""
    if tokens is None:
        return None
    cache = pooled.cache
    key = ("unreadable", tokens)
    if key not in cache:
        restricted = Q.Term("restricted", "y")
        q = Q.AndNot(restricted, Q.Or([Q.Term("readers", t) for t in sorted(tokens)])) if tokens else restricted
        if len(cache) >= _MAX_CACHED:
            cache.clear()
        searcher = pooled.searcher
        cache[key] = BitSet(searcher.docs_for_query(q), size=searcher.doc_count_all())
    return cache[key]
