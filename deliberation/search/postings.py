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
from operator import neg

import whoosh
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
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
    decoded blocks are taken from there, and with ``keep`` put there once read (with their
    values, which only phrases need: a search of words only takes, never puts)."""

    def __init__(self, subsearcher, field: str, text: bytes, cache: dict,
                 hot: HotPostings | None = None, keep: bool = True) -> None:
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
        self.keep = keep

    def blocks(self, values: bool = False, within: list[int] | None = None):
        """(ids, weights, values or None) of each block; deleted documents are the caller's to skip.
        With ``within`` (sorted ids), only the blocks whose range holds one of them are read (a
        block's range is in its header; its data is what costs)."""
        kept = self._kept()
        if kept is None:
            yield from self._read(values, within)
            return
        low = 0
        for high, ids, weights, encoded in kept:
            if within is not None:
                at = bisect_left(within, low)
                low = high + 1
                if at == len(within):
                    return
                if within[at] > high:
                    continue
            yield ids, weights, encoded if values else None

    def _kept(self) -> list | None:
        """(highest id, ids, weights, values) of every block, from the hot words (read and put
        there if missing and kept); None for a word not worth keeping, or not kept."""
        if self.hot is None:
            return None
        kept = self.hot.get(self.key)
        if kept is None and self.keep:
            kept = [(ids[-1], array("I", ids), weights, values)  # ids in 4 bytes each, not 36
                    for ids, weights, values in self._read(True, None)]
            self.hot.put(self.key, self.size, kept)
        return kept

    def _read(self, values: bool, within: list[int] | None):
        """The blocks as ``blocks`` gives them, decoded from the index."""
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

    def scoring(self):
        """A function (document, weight) -> this term's score there, as Whoosh's scorer gives
        it, worked out once for each (weight, length) pair."""
        known = self._known

        def score(docnum: int, weight: float) -> float:
            byte = self.lengths[docnum] if docnum < len(self.lengths) else 0
            found = known.get((weight, byte))
            return self._score(docnum, weight, byte) if found is None else found
        return score

    def block_scores(self, ids, weights) -> list[float]:
        """This term's score in each document of a block (``scoring`` for a block at once: the
        lookups run in C, a common word has thousands)."""
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
