"""The postings of the commonest words, decoded for phrases and kept between searches in each
process.

A phrase with a word in nearly every clause ("clause", "shall", "assembly") spent most of its
time decoding that word's postings block after block and then stepping through thousands of
documents in Python (bench/search.py, profiled), and such words are exactly the ones searches
keep using. Kept decoded (postings.Decoded: documents, weights and each place as one number),
the phrase is matched by set operations (phrases.py). Segments never change once written, so a
word's decoded postings in a segment stay right for as long as the segment exists (deleted
documents are read afresh by every search); they are keyed by the segment, so a commit (a new
searcher) keeps what was decoded from the segments it still has. At most ``capacity`` postings
are held (SEARCH_HOT_POSTINGS; 18 bytes each, measured), the least recently used word going
first. A word is kept the second time it is searched: decoding it to keep costs about two
searches of it, and a word searched once and never again then costs nothing more.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

#: A word with fewer postings than this in a segment is read from the index every time: its
#: blocks are few, and cheap to decode.
HOT_MIN = 1024


#: Words remembered as searched once (not yet kept): the second search of a word keeps it.
SEEN = 4096


class HotPostings:
    def __init__(self, capacity: int, least: int = HOT_MIN) -> None:
        self.capacity = capacity
        #: Fewest postings of a word worth keeping.
        self.least = least
        self._words: OrderedDict[tuple, tuple[int, object]] = OrderedDict()
        self._seen: OrderedDict[tuple, None] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def wants(self, postings: int) -> bool:
        """Whether a word with this many postings in a segment is worth keeping."""
        return self.least <= postings <= self.capacity

    def seen_before(self, key: tuple) -> bool:
        """Whether the word was searched before (since it was last dropped); it is noted as
        searched now. Decoding a word to keep it costs more than one search of it, so only
        a word searched twice is kept: one searched once and never again costs nothing more."""
        with self._lock:
            if key in self._seen:
                return True
            self._seen[key] = None
            if len(self._seen) > SEEN:
                self._seen.popitem(last=False)
            return False

    def get(self, key: tuple):
        with self._lock:
            found = self._words.get(key)
            if found is None:
                return None
            self._words.move_to_end(key)
            return found[1]

    def put(self, key: tuple, postings: int, decoded) -> None:
        """Keep a word's decoded postings, making room by dropping the least recently used."""
        with self._lock:
            if key in self._words or not self.wants(postings):
                return
            while self._words and self._held + postings > self.capacity:
                _key, (dropped, _blocks) = self._words.popitem(last=False)
                self._held -= dropped
            self._words[key] = (postings, decoded)
            self._seen.pop(key, None)
            self._held += postings

    def held(self) -> int:
        """Postings held now."""
        return self._held

    def clear(self) -> None:
        with self._lock:
            self._words.clear()
            self._seen.clear()
            self._held = 0
