"""Map positions of one text onto the next through a sorted list of edits."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .diff import Edit

__all__ = ["Shifter"]


class Shifter:
    """Prefix sums over ordered edits, so each position maps in O(log n)."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        self.edits = tuple(edits)
        self._keys = [(e.end, 0 if e.start < e.end else 1) for e in edits]
        self._starts = [e.start for e in edits]
        self._prefix = [0]
        for e in edits:
            self._prefix.append(self._prefix[-1] + len(e.text) - (e.end - e.start))

    def right(self, x: int) -> int:
        """New position of ``x``, after anything inserted exactly at ``x``."""
        return x + self._prefix[bisect.bisect_right(self._keys, (x, 1))]

    def left(self, x: int) -> int:
        """New position of ``x``, before anything inserted exactly at ``x``."""
        return x + self._prefix[bisect.bisect_right(self._keys, (x, 0))]

    def near(self, lo: int, hi: int) -> list[Edit]:
        """Edits that end at or after ``lo`` and start at or before ``hi``."""
        first = bisect.bisect_left(self._keys, (lo, 0))
        last = bisect.bisect_right(self._starts, hi)
        return list(self.edits[first:last])
