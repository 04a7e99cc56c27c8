"""When a room's update log is compacted (compaction.py does it): after every
``LIVE_COMPACT_EVERY`` rows this process stored, and when the room's last editor leaves,
each in a thread of its own so no editor waits for it; one at a time per room."""
from __future__ import annotations

import logging
import threading
import time

from deliberation.live.compaction import compact
from extensions import db

log = logging.getLogger(__name__)


class Compactor:
    def __init__(self, app, every: int) -> None:
        self.app = app
        self.every = every
        self._lock = threading.Lock()
        self._written: dict[str, int] = {}  # rows stored since the last compaction
        self._compacting: set[str] = set()
        self._threads: list[threading.Thread] = []

    def stored(self, name: str, count: int) -> None:
        """The pump stored ``count`` rows of the room: compact once enough have piled up."""
        with self._lock:
            self._written[name] = written = self._written.get(name, 0) + count
        if written >= self.every:
            self.soon(name)

    def soon(self, name: str) -> None:
        with self._lock:
            if name in self._compacting:
                return
            self._compacting.add(name)
            self._written[name] = 0
            thread = threading.Thread(target=self._compact, args=(name,), name="live-compact", daemon=True)
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def settle(self, timeout: float = 10.0) -> None:
        """Wait for compactions under way, so nothing writes behind the caller's back (a test
        emptying the database, a process shutting down)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))

    def _compact(self, name: str) -> None:
        try:
            with self.app.app_context():
                try:
                    compact(name)
                finally:
                    db.session.remove()
        except Exception:
            log.exception("live: compaction of %s failed", name)
        finally:
            with self._lock:
                self._compacting.discard(name)
