"""The rate limits' in-process store (when REDIS_URL is not set): limits' memory store, swept of
expired counts every SWEEP_SECONDS instead of 10 ms after every hit.

The stock store rescans every key it holds 10 ms after any hit. With a key per voter (the API's
vote is counted per token, and a vote day brings one token per member) that scan took the whole
process: bench/ballot.py's 20,000 votes went from 21 s to over six minutes, the server busy
sweeping. The counts stay exact without the sweep (each hit and read looks only at its own
key's window); the sweep only frees the memory of keys whose windows have passed.
"""
from __future__ import annotations

import threading

from limits.storage import MemoryStorage

#: Seconds between sweeps: each costs ~1 µs a key, at most a few tenths of a second a minute on a
#: vote day, while memory grows by one small entry a voter in between.
SWEEP_SECONDS = 30.0


class SweptMemoryStorage(MemoryStorage):
    STORAGE_SCHEME = ["refound-memory"]

    def _MemoryStorage__schedule_expiry(self) -> None:  # the stock store's private scheduler
        if not self.timer.is_alive():
            self.timer = threading.Timer(SWEEP_SECONDS, self._MemoryStorage__expire_events)
            self.timer.daemon = True
            self.timer.start()
