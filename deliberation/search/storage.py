"""An index in the index folder: opened or created once per process, with a pool of searchers
that reopen when another process (or this one) has committed, and a write lock that is Whoosh's.

The folder (SEARCH_INDEX_DIR) holds two Whoosh indexes: MAIN, everything a search shows by
default, and EARLIER, the clauses of versions that are no longer their assembly's current draft
(most clause documents: one copy per version), searched only when a search asks for every
version. Several processes on one host share the folder. Each index's write lock (an fcntl lock
on a file in the folder) lets exactly one writer in at a time; readers need no lock and see
each commit on their next search, because each search first asks whether its searcher is up to
date. A new folder gets a new epoch file, so searchers opened on a deleted folder are replaced
rather than trusted.
"""
from __future__ import annotations

import os
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage

from deliberation.search.hot import HotPostings
from deliberation.search.schema import SCHEMA

EPOCH_FILE = "refound-epoch"
_CREATE_LOCK = "CREATELOCK"


@dataclass
class Pooled:
    """A searcher and what queries have worked out about it (access.py's masks)."""

    searcher: object
    epoch: str
    cache: dict = field(default_factory=dict)


class SearchIndex:
    def __init__(self, path: str, name: str = "MAIN", pool_size: int = 4, hot_postings: int = 0) -> None:
        self.path = path
        self.name = name
        self.pool_size = pool_size
        #: Decoded postings of common words, which outlive searchers (hot.py; 0: none kept).
        self.hot = HotPostings(hot_postings) if hot_postings > 0 else None
        self._idle: list[Pooled] = []
        self._lock = threading.Lock()

    def _epoch(self) -> str | None:
        try:
            with open(os.path.join(self.path, EPOCH_FILE), encoding="ascii") as fh:
                return fh.read().strip()
        except OSError:
            return None

    def exists(self) -> bool:
        return os.path.isdir(self.path) and whoosh_index.exists_in(self.path, self.name)

    def open(self):
        """The index, created empty if the folder has none (one process creates it; the others wait)."""
        if self.exists() and self._epoch():
            return whoosh_index.open_dir(self.path, self.name)
        os.makedirs(self.path, exist_ok=True)
        lock = FileStorage(self.path).lock(_CREATE_LOCK)
        lock.acquire(blocking=True)
        try:
            if self._epoch() is None:
                with open(os.path.join(self.path, EPOCH_FILE), "w", encoding="ascii") as fh:
                    fh.write(uuid.uuid4().hex)
            if not whoosh_index.exists_in(self.path, self.name):
                whoosh_index.create_in(self.path, SCHEMA, self.name)
            return whoosh_index.open_dir(self.path, self.name)
        finally:
            lock.release()

    def writer(self, timeout: float, **kwargs):
        """Whoosh's writer, waiting up to ``timeout`` seconds for the lock (LockError after)."""
        return self.open().writer(timeout=timeout, **kwargs)

    def _fresh(self, pooled: Pooled | None) -> Pooled:
        """The pooled searcher if it is on the latest commit, else a new one. Whoosh's own
        refresh() reuses the readers of segments it thinks unchanged and so keeps documents
        deleted since (measured: a replaced document is found twice), hence a new searcher."""
        epoch = self._epoch()
        current = pooled is not None and pooled.epoch == epoch and epoch is not None
        if current and pooled.searcher.up_to_date():
            return pooled
        if pooled is not None:
            pooled.searcher.close()
        ix = self.open()
        return Pooled(ix.searcher(), self._epoch() or "")

    @contextmanager
    def searcher(self):
        """A pooled searcher on the latest commit, for one query."""
        with self._lock:
            pooled = self._idle.pop() if self._idle else None
        pooled = self._fresh(pooled)
        try:
            yield pooled
        finally:
            with self._lock:
                keep = len(self._idle) < self.pool_size
                if keep:
                    self._idle.append(pooled)
            if not keep:
                pooled.searcher.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for pooled in idle:
            pooled.searcher.close()
