"""The decoded postings of the commonest words, kept between searches in each process.

A word in nearly every clause ("clause", "shall", "assembly") costs a phrase or a search for it
most of its time in decoding its postings, block after block (bench/search.py, profiled), and
such words are exactly the ones searches keep using. Segments never change once written, so the
decoded blocks of a word in a segment stay right for as long as the segment exists (deleted
documents are read afresh by every search). The cache is per process, keyed by the index
folder's epoch and the segment, so a new commit (a new searcher) keeps what was decoded from the
segments it still has. It holds at most ``capacity`` postings (SEARCH_HOT_POSTINGS; about 110
bytes each, measured), the least recently used word going first. Measured at 100,000 documents,
a phrase of two such words takes 15-18 ms with them kept against 22-25 ms without.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

#: A word with fewer postings than this in a segment is read from the index every time: its
#: blocks are few, and cheap to decode.
HOT_MIN = 1024


class HotPostings:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._words: OrderedDict[tuple, tuple[int, list]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def wants(self, postings: int) -> bool:
        """Whether a word with this many postings in a segment is worth keeping."""
        return HOT_MIN <= postings <= self.capacity

    def get(self, key: tuple) -> list | None:
        with self._lock:
            found = self._words.get(key)
            if found is None:
                return None
            self._words.move_to_end(key)
            return found[1]

    def put(self, key: tuple, postings: int, blocks: list) -> None:
        """Keep a word's decoded blocks, making room by dropping the least recently used."""
        with self._lock:
            if key in self._words or not self.wants(postings):
                return
            while self._words and self._held + postings > self.capacity:
                _key, (dropped, _blocks) = self._words.popitem(last=False)
                self._held -= dropped
            self._words[key] = (postings, blocks)
            self._held += postings

    def held(self) -> int:
        """Postings held now."""
        return self._held

    def clear(self) -> None:
        with self._lock:
            self._words.clear()
            self._held = 0
