"""The best hits and the exact total of a query that is only words ORed: one word, a prefix, a
wildcard, or several of these with OR (most searches typed).

Whoosh scores such a query through a tree of matchers, a few Python calls per match and level,
and stops counting matches that can no longer reach the top (its total undercounts: "char*"
counted 2,192 of 3,284 documents at 100,000). Here each word's postings are read a block at a
time, each (frequency, length) pair is scored once with Whoosh's own scorer, and the sums are
kept per document, so the total is exact and a prefix of a common word takes milliseconds
(bench/search.py). The scores are Whoosh's (BM25F), summed word by word rather than in
Whoosh's tree order, so they may differ from Whoosh's in the last bit.

The postings are read a block at a time (postings.py); another Whoosh release, postings of
another kind, or a query of another shape return None, and Whoosh's own search runs.
"""
from __future__ import annotations

from whoosh import query as Q

from deliberation.search.postings import Postings, Unusable, best, usable


def _words(q) -> list | None:
    """The (field, index word) leaves of a query made only of words ORed, else None."""
    if isinstance(q, Q.Or) and q.boost == 1 and not q.scale and not q.minmatch:
        leaves: list = []
        for sub in q.subqueries:
            found = _words(sub)
            if found is None:
                return None
            leaves.extend(found)
        return leaves
    if isinstance(q, Q.Term) and q.boost == 1 and not q.minquality:
        return [q]
    if isinstance(q, (Q.Prefix, Q.Wildcard)) and q.boost == 1:
        return [q]
    return None


def _terms(leaves: list, reader) -> list[tuple[str, bytes]]:
    """The index terms the leaves stand for, each once, in the order Whoosh would expand them."""
    out, seen = [], set()
    for leaf in leaves:
        if isinstance(leaf, Q.Term):
            field = reader.schema[leaf.fieldname] if leaf.fieldname in reader.schema else None
            if field is None:
                continue
            try:
                texts = [field.to_bytes(leaf.text)]
            except ValueError:
                continue
        else:
            texts = list(leaf._btexts(reader))
        for text in texts:
            if (leaf.fieldname, text) not in seen and (leaf.fieldname, text) in reader:
                seen.add((leaf.fieldname, text))
                out.append((leaf.fieldname, text))
    return out


def _add(postings: Postings, offset: int, into: dict) -> None:
    """Add one term's score to each of its documents in one segment (global numbers)."""
    deleted, get = postings.deleted, into.get
    first = not into  # the first word scored: nothing to add to
    for ids, weights, _values in postings.blocks():
        scores = postings.block_scores(ids, weights)
        keys = map(offset.__add__, ids)
        if first and deleted is None:
            into.update(zip(keys, scores, strict=True))
            continue
        for docnum, key, score in zip(ids, keys, scores, strict=True):
            if deleted is None or docnum not in deleted:
                into[key] = get(key, 0.0) + score


def top(searcher, q, limit: int, cache: dict, allowed=None,
        unreadable=None) -> tuple[int, list[tuple[float, int]]] | None:
    """(total, the best ``limit`` (score, document number)) of a words-ORed query, best first
    and, at equal scores, in index order as Whoosh gives them; None for another query.
    ``cache`` lives as long as the searcher (storage.Pooled.cache)."""
    leaves = _words(q) if usable() else None
    if leaves is None:
        return None
    reader = searcher.reader()
    scores: dict[int, float] = {}
    terms = _terms(leaves, reader)
    try:
        for subsearcher, offset in searcher.leaf_searchers():
            for field, text in terms:
                if (field, text) in subsearcher.reader():
                    _add(Postings(subsearcher, field, text, cache), offset, scores)
    except Unusable:
        return None
    return best(scores, limit, allowed, unreadable)
