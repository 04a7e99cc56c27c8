"""The best hits and the exact total of a "quoted phrase" searched on its own.

Whoosh finds a phrase by stepping two posting lists side by side and, on every document that
has all the words, asking each for its positions through several layers of matchers: a phrase
of two common words ("shall meet") checked thousands of documents that way (bench/search.py,
profiled). Here each word's postings are read a block at a time (postings.py): the documents
holding every word are found by set intersection, the positions are decoded for those only, and
a document matches when the words stand at consecutive positions, which is what Whoosh's phrase
query (slop 1) asks. Its score is Whoosh's: the words' scores summed in the same order.
"""
from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from pickle import UnpicklingError, loads

from whoosh import query as Q
from whoosh.system import _INT_SIZE

from deliberation.search.hot import HotPostings
from deliberation.search.postings import Postings, Unusable, best, usable


def _tree_sum(scores: list[float]) -> float:
    """The words' scores added as Whoosh's matcher tree adds them (halves, left first)."""
    if len(scores) == 1:
        return scores[0]
    half = len(scores) // 2
    return _tree_sum(scores[:half]) + _tree_sum(scores[half:])


#: What each of Whoosh's encoded positions starts with after its count: a protocol-2 pickle.
_PICKLED = b"\x80\x02"


def _gaps(values: list[bytes]) -> list[list[int]]:
    """Each posting's position gaps, for many postings with one unpickling: each value is a count
    and a pickled list, and the lists (cut from their header and STOP) pickled side by side
    between a MARK and a LIST are one list of lists. A call per posting was most of a phrase's
    time once blocks were cheap (bench/search.py, profiled). Anything else is decoded one by one."""
    bodies = [value[6:-1] for value in values if value[-1:] == b"." and value[4:6] == _PICKLED]
    if len(bodies) == len(values):
        try:
            lists = loads(b"\x80\x02(" + b"".join(bodies) + b"l.")
        except (UnpicklingError, ValueError, IndexError, KeyError, EOFError):  # one by one below
            lists = None
        if isinstance(lists, list) and len(lists) == len(values):
            return lists
    return [loads(value[_INT_SIZE:] + (b"" if value.endswith(b".") else b".")) for value in values]


def _consecutive(first: list[int], rest: list[list[int]]) -> bool:
    """Whether the words stand one after another somewhere, given each one's position gaps."""
    starts = set(accumulate(first))
    for i, gaps in enumerate(rest, 1):
        shifted = map((-i).__add__, accumulate(gaps))  # where the phrase would start
        if i == len(rest):  # only whether a start is left, not which
            return not starts.isdisjoint(shifted)
        starts.intersection_update(shifted)
        if not starts:
            return False
    return bool(starts)


def _segment(words: list[Postings], offset: int, into: dict) -> None:
    """Score the documents of one segment where the words stand one after another."""
    # Per word: docnum -> (weight, encoded positions), for the documents that have every word
    # so far; the rarest word first, so the others are read only where it is.
    found: list[dict] = [{} for _word in words]
    wanted: set[int] | None = None
    for i in sorted(range(len(words)), key=lambda i: words[i].size):
        by_doc = found[i]
        within = sorted(wanted) if wanted is not None else None
        for ids, weights, values in words[i].blocks(values=True, within=within):
            if wanted is None:
                by_doc.update(zip(ids, zip(weights, values, strict=True), strict=True))
                continue
            for docnum in wanted.intersection(ids):
                at = bisect_left(ids, docnum)
                by_doc[docnum] = (weights[at], values[at])
        wanted = set(by_doc)
        if not wanted:
            return
    if words[0].deleted is not None:
        wanted.difference_update(words[0].deleted)
    scorers = [postings.scoring() for postings in words]
    order = list(wanted)
    first, *rest = [_gaps([by_doc[docnum][1] for docnum in order]) for by_doc in found]
    last = len(words) - 1
    for at, docnum in enumerate(order):
        if last == 1 and len(first[at]) == 1 == len(rest[0][at]):  # two words, once each: most clauses
            here = rest[0][at][0] == first[at][0] + 1
        else:
            here = _consecutive(first[at], [gaps[at] for gaps in rest])
        if here:
            into[docnum + offset] = _tree_sum([score(docnum, by_doc[docnum][0])
                                               for score, by_doc in zip(scorers, found, strict=True)])


def top(searcher, q, limit: int, cache: dict, allowed=None, unreadable=None,
        hot: HotPostings | None = None) -> tuple[int, list[tuple[float, int]]] | None:
    """(total, the best ``limit`` (score, document number)) of a phrase query, best first and, at
    equal scores, in index order as Whoosh gives them; None for any other query (or a phrase
    with slop or a boost). ``cache`` lives as long as the searcher (storage.Pooled.cache), ``hot``
    as long as the process (hot.py)."""
    if not (usable() and isinstance(q, Q.Phrase) and q.slop == 1 and q.boost == 1 and len(q.words) > 1):
        return None
    reader = searcher.reader()
    if q.fieldname not in reader.schema:
        return None
    field = reader.schema[q.fieldname]
    if not field.format or not field.format.supports("positions"):
        return None
    try:
        texts = [field.to_bytes(word) for word in q.words]
    except ValueError:
        return 0, []
    if any((q.fieldname, text) not in reader for text in texts):
        return 0, []
    scores: dict[int, float] = {}
    try:
        for subsearcher, offset in searcher.leaf_searchers():
            sub = subsearcher.reader()
            if all((q.fieldname, text) in sub for text in texts):
                words = [Postings(subsearcher, q.fieldname, text, cache, hot) for text in texts]
                _segment(words, offset, scores)
    except Unusable:
        return None
    return best(scores, limit, allowed, unreadable)
