"""Each connection's events handled one at a time, in arrival order, up to the commit.

Under gevent every event runs in a greenlet of its own (``async_handlers``), so a
handler can wait for its update's commit without holding up the connection's next
message. The greenlets start in the order the messages arrived (gevent runs new
greenlets first in, first out), but one that yields before it has queued its update
(a grant renewed from PostgreSQL, say) would let the next overtake it: an insert and
the delete of what it inserted could then be applied and stored the other way round.
So each event takes a turn as its first step, before anything can yield: it waits
for the connection's previous event to finish its handling part, does its own
(checks, apply to the replica, queue to the pump), and then waits for its commit
outside the turn. In threading mode events run one at a time anyway and the turn
is never waited for.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager


class Turns:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: sid -> set when that connection's latest event has finished its turn.
        self._last: dict[str, threading.Event] = {}

    @contextmanager
    def turn(self, sid: str):
        """Wait for the connection's previous event to leave its turn; hold this one's."""
        mine = threading.Event()
        with self._lock:
            before = self._last.get(sid)
            self._last[sid] = mine
        if before is not None and not before.is_set():
            before.wait()
        try:
            yield
        finally:
            mine.set()
            with self._lock:
                if self._last.get(sid) is mine:
                    del self._last[sid]

    def __len__(self) -> int:
        """Connections with an event in its turn (for tests: none once all are handled)."""
        return len(self._last)
