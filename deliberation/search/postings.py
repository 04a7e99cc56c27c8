"""A term's postings in one segment read a block at a time, for unions.py and phrases.py.

Whoosh hands postings out one at a time through a matcher, a few Python calls each; reading the
arrays of a block at once is what makes a common word cheap. This goes through the leaf matcher
of whoosh-reloaded 2.7.5's codec; with another release, or postings of another kind, ``usable``
is False or Unusable is raised, and the callers leave the query to Whoosh.
"""
from __future__ import annotations

import heapq
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import add, itemgetter, neg, not_
from pickle import UnpicklingError, loads

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.system import _INT_SIZE
from whoosh.util.numeric import byte_to_length

from deliberation.search.hot import HotPostings
from deliberation.search.patches import PATCHED_RELEASE


class Unusable(Exception):
    """Postings this module cannot read: Whoosh's own search runs instead."""


def usable() -> bool:
    return tuple(whoosh.__version__[:3]) == PATCHED_RELEASE


class Postings:
    """One term's postings in one segment: its documents' ids, weights and (on request)
    encoded values, block by block, and its scorer. With ``hot`` (hot.py), a common word's
    postings decoded for phrases (``decoded``) are taken from there, or put there."""

    def __init__(self, subsearcher, field: str, text: bytes, cache: dict,
                 hot: HotPostings | None = None) -> None:
        matcher = subsearcher.postings(field, text)
        self.deleted = None
        if isinstance(matcher, FilterMatcher):  # the segment has deleted documents
            self.deleted, matcher = matcher._ids, matcher.child
        if not isinstance(matcher, W3LeafMatcher):
            raise Unusable(type(matcher).__name__)
        self.matcher = matcher
        self.scorer = matcher.scorer
        self.reader = subsearcher.reader()
        self.field = field
        self.lengths = _lengths(self.reader, field, cache)
        #: How many documents of the segment have the term.
        self.size = self.reader.doc_frequency(field, text)
        self._known: dict = {}
        segment = self.reader.segment()
        self.hot = hot if hot is not None and segment is not None and hot.wants(self.size) else None
        if self.hot is not None:
            self.key = (segment.segment_id(), field, text)

    def blocks(self, values: bool = False, within: list[int] | None = None):
        """(ids, weights, values or None) of each block; deleted documents are the caller's to skip.
        With ``within`` (sorted ids), only the blocks whose range holds one of them are read (a
        block's range is in its header; its data is what costs)."""
        matcher = self.matcher
        low = 0
        while matcher.is_active():
            high = matcher.block_max_id()
            if within is not None:
                at = bisect_left(within, low)
                low = high + 1
                if at == len(within):
                    return
                if within[at] > high:
                    matcher._next_block()
                    continue
            matcher._read_ids()
            matcher._read_weights()
            if values:
                matcher._read_values()
            yield matcher._ids, matcher._weights, matcher._values if values else None
            matcher._next_block()

    def kept(self) -> Decoded | None:
        """The word's postings decoded for phrases, if the hot words have them."""
        return None if self.hot is None else self.hot.get(self.key)

    def decode(self) -> Decoded:
        """The word's postings decoded for phrases."""
        found = Decoded(array("I"), array("f"), array("q"))
        for ids, weights, values in self.blocks(values=True):
            found.ids.extend(ids)
            found.weights.extend(weights)
            add_keys(ids, gaps(values), found.keys)
        return found

    def keep(self) -> Decoded:
        """The word's postings decoded for phrases, and kept with the hot words."""
        found = self.decode()
        self.hot.put(self.key, self.size, found)
        return found

    def block_scores(self, ids, weights) -> list[float]:
        """This term's score in each of these documents (ascending), Whoosh's scorer worked out
        once per (weight, length) pair: the lookups run in C, a common word has thousands."""
        lengths = self.lengths
        if ids and ids[-1] >= len(lengths):  # documents past the column have no length byte
            return [self._score(d, w, lengths[d] if d < len(lengths) else 0)
                    for d, w in zip(ids, weights, strict=True)]
        pairs = list(zip(weights, map(lengths.__getitem__, ids), strict=True))
        scores = list(map(self._known.get, pairs))
        if None in scores:
            for at, (weight, byte) in enumerate(pairs):
                if scores[at] is None:
                    scores[at] = self._score(ids[at], weight, byte)
        return scores

    def _score(self, docnum: int, weight: float, byte: int) -> float:
        """Whoosh's scorer on the length as it sees it (decoded from its byte), remembered."""
        length = byte_to_length(byte) if byte else self.reader.doc_field_length(docnum, self.field, 1)
        found = self._known[(weight, byte)] = self.scorer._score(weight, length)
        return found


@dataclass(frozen=True)
class Decoded:
    """A word's postings in a segment, for phrases: its documents in order, its weight in each,
    and a key for each place it stands (``key``): 16 bytes a posting in arrays, not Python
    objects (a set of the keys took 135)."""

    ids: array
    weights: array
    keys: array


#: Document numbers are spaced this far apart in a place's key: more than any position.
SPAN = 1 << 32


def key(docnum: int, position: int) -> int:
    """One number for a place in the segment (a document and a position in it), so that where
    words stand one after another is found by set operations on numbers."""
    return docnum * SPAN + position


def add_keys(ids, gap_lists: list[list[int]], into: array) -> None:
    """The key of every place of these postings, onto ``into``: for a posting with one place
    (most, in a clause) computed in C a block at a time, the others one by one."""
    single = list(map((1).__eq__, map(len, gap_lists)))
    into.extend(map(add, map(SPAN.__mul__, compress(ids, single)),
                    map(itemgetter(0), compress(gap_lists, single))))
    several = list(map(not_, single))
    for docnum, found in zip(compress(ids, several), compress(gap_lists, several), strict=True):
        into.extend(map((docnum * SPAN).__add__, accumulate(found)))


#: What each of Whoosh's encoded positions starts with after its count: a protocol-2 pickle.
_PICKLED = b"\x80\x02"


def gaps(values: list[bytes]) -> list[list[int]]:
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


def _lengths(reader, field: str, cache: dict) -> bytes:
    """Each document's length byte of a field in one segment, read once per searcher."""
    key = ("lengths", id(reader), field)
    if key not in cache:
        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if column is None or column._fixedlen != 1:
            raise Unusable("lengths column")
        cache[key] = column._dbfile.get(column._basepos, column._count)
    return cache[key]


def best(scores: dict[int, float], limit: int, allowed=None,
         unreadable=None) -> tuple[int, list[tuple[float, int]]]:
    """(how many of the scored documents pass the filter and the mask, the best ``limit`` of them
    as (score, document number)), best first and, at equal scores, in index order as Whoosh
    ranks them."""
    if allowed is not None or unreadable:
        scores = {doc: score for doc, score in scores.items()
                  if (allowed is None or doc in allowed) and not (unreadable and doc in unreadable)}
    top = heapq.nlargest(limit, zip(scores.values(), map(neg, scores), strict=True))
    return len(scores), [(score, -negative) for score, negative in top]
