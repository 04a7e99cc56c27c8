"""The best hits and the exact total of a "quoted phrase" searched on its own.

Whoosh finds a phrase by stepping two posting lists side by side and, on every document that
has all the words, asking each for its positions through several layers of matchers: a phrase
of two common words ("shall meet") checked thousands of documents that way (bench/search.py,
profiled). Here each word's postings are read a block at a time (postings.py): the documents
holding every word are found by set intersection, the positions are decoded for those only, and
a document matches when the words stand at consecutive positions, which is what Whoosh's phrase
query (slop 1) asks. Its score is Whoosh's: the words' scores summed in the same order.

When the common words of a phrase are kept decoded between searches (hot.py), it is matched by
places instead: every place a word stands is one number (document and position, postings.key),
and the places where the phrase starts are found with set operations in C, without a step per
document in Python. The first search to need a word decodes and keeps it.
"""
from __future__ import annotations

from bisect import bisect_left
from functools import partial
from itertools import accumulate
from operator import add

from whoosh import query as Q

from deliberation.search.hot import HotPostings
from deliberation.search.postings import SPAN, Decoded, Postings, Unusable, best, gaps, usable


def _tree_sums(columns: list[list[float]]) -> list[float]:
    """Each document's words' scores (a column per word) added as Whoosh's matcher tree adds
    them (halves, left first), a column at a time."""
    if len(columns) == 1:
        return columns[0]
    half = len(columns) // 2
    return list(map(add, _tree_sums(columns[:half]), _tree_sums(columns[half:])))


def _score(words: list[Postings], docs: list[int], weights: list[list[float]], offset: int,
           into: dict) -> None:
    """Score the matched documents (ascending) of a segment, given each word's weight in each."""
    columns = [postings.block_scores(docs, column) for postings, column in zip(words, weights, strict=True)]
    into.update(zip(map(offset.__add__, docs), _tree_sums(columns), strict=True))


def _consecutive(first: list[int], rest: list[list[int]]) -> bool:
    """Whether the words stand one after another somewhere, given each one's position gaps."""
    starts = set(accumulate(first))
    for i, each in enumerate(rest, 1):
        shifted = map((-i).__add__, accumulate(each))  # where the phrase would start
        if i == len(rest):  # only whether a start is left, not which
            return not starts.isdisjoint(shifted)
        starts.intersection_update(shifted)
        if not starts:
            return False
    return bool(starts)


#: A phrase's rarest word with fewer postings than this in a segment is decoded for it when the
#: others are kept (hot.py): a few blocks.
FEW = 1024


def _by_places(words: list[Postings]) -> list[Decoded] | None:
    """The words' postings for matching by places (``_segment_by_places``): every word but the
    rarest kept decoded (hot.py), the rarest too, or else few enough to decode now. None (the
    words are matched document by document) when a word is too rare to keep yet not the rarest,
    or keeping is off, or a word is not kept yet and is searched for the first time."""
    rarest = min(words, key=lambda postings: postings.size)
    if any(postings.hot is None and not (postings is rarest and postings.size < FEW) for postings in words):
        return None  # asked before any is read: a word's postings can be read once
    kept = [postings.kept() for postings in words]
    missing = {postings.key: postings for postings, found in zip(words, kept, strict=True)
               if found is None and postings.hot is not None}  # a word twice in a phrase: once
    admitted = [postings.hot.seen_before(key) for key, postings in missing.items()]  # each noted
    if not all(admitted):
        return None
    decoded = []
    for postings, found in zip(words, kept, strict=True):
        if found is None and postings.hot is not None:
            found = postings.kept() or postings.keep()  # kept just now, if the word came before
        decoded.append(found or postings.decode())
    return decoded


def _segment_by_places(words: list[Postings], decoded: list[Decoded], offset: int, into: dict) -> None:
    """Score the documents of one segment where the words stand one after another, by sets of
    places: a phrase starts at place p when word i stands at p + i, for every word. Starting
    from the rarest word's places, each other word keeps the starts where it stands next, set
    operations in C, then only the matches are scored: with the common words kept decoded, a
    phrase of two of them takes a few milliseconds instead of 15-25 (bench/search.py)."""
    rarest = min(range(len(words)), key=lambda i: words[i].size)
    starts = set(map((-rarest).__add__, decoded[rarest].keys))
    for i in sorted(range(len(words)), key=lambda i: words[i].size):
        if i != rarest and starts:  # the starts where word i stands i places on
            starts = set(map((-i).__add__, set(map(i.__add__, starts)).intersection(decoded[i].keys)))
    matched = {start // SPAN for start in starts}
    if words[0].deleted is not None:
        matched.difference_update(words[0].deleted)
    docs = sorted(matched)
    weights = [list(map(found.weights.__getitem__, map(partial(bisect_left, found.ids), docs)))
               for found in decoded]
    _score(words, docs, weights, offset, into)


def _segment(words: list[Postings], offset: int, into: dict) -> None:
    """Score the documents of one segment where the words stand one after another."""
    decoded = _by_places(words)
    if decoded is not None:
        _segment_by_places(words, decoded, offset, into)
        return
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
    order = sorted(wanted)
    first, *rest = [gaps([by_doc[docnum][1] for docnum in order]) for by_doc in found]
    last = len(words) - 1
    docs = []
    for at, docnum in enumerate(order):
        if last == 1 and len(first[at]) == 1 == len(rest[0][at]):  # two words, once each: most clauses
            here = rest[0][at][0] == first[at][0] + 1
        else:
            here = _consecutive(first[at], [gaps[at] for gaps in rest])
        if here:
            docs.append(docnum)
    _score(words, docs, [[by_doc[docnum][0] for docnum in docs] for by_doc in found], offset, into)


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
