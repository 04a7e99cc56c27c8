"""Carry "which amendment wrote these words" through each merge."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Span", "Piece", "carry_spans", "coalesce"]


@dataclass(frozen=True, slots=True)
class Span:
    """Characters ``[start, end)`` of a version written by an amendment; start == end marks a deletion."""

    start: int
    end: int
    amendment_id: int | None
    proposal_id: int | None


@dataclass(frozen=True, slots=True)
class Piece:
    """One applied replacement in old-text coordinates, with who it is attributed to."""

    start: int
    end: int
    text: str
    amendment_id: int | None
    proposal_id: int | None


def _sort_key(s: Span) -> tuple[int, int, int, int]:
    return (
        s.start,
        s.end,
        -1 if s.amendment_id is None else s.amendment_id,
        -1 if s.proposal_id is None else s.proposal_id,
    )


def coalesce(spans: Sequence[Span]) -> tuple[Span, ...]:
    """Sort spans and join touching ones from the same source (absorbing deletion markers)."""
    out: list[Span] = []
    for s in sorted(spans, key=_sort_key):
        if out:
            last = out[-1]
            same = (last.amendment_id, last.proposal_id) == (s.amendment_id, s.proposal_id)
            if same and last.end >= s.start:
                out[-1] = Span(last.start, max(last.end, s.end), s.amendment_id, s.proposal_id)
                continue
        out.append(s)
    return tuple(out)


def carry_spans(old_spans: Sequence[Span], pieces: Sequence[Piece]) -> tuple[Span, ...]:
    """Map old spans through ordered, non-overlapping pieces and add spans for the new text.

    Old spans lose whatever a piece replaces (a later amendment takes those words
    over) and split where a piece inserts inside them.
    """
    keys: list[tuple[int, int]] = []
    prefix = [0]
    new_spans: list[Span] = []
    for p in pieces:
        new_start = p.start + prefix[-1]
        new_spans.append(Span(new_start, new_start + len(p.text), p.amendment_id, p.proposal_id))
        keys.append((p.end, 0 if p.start < p.end else 1))
        prefix.append(prefix[-1] + len(p.text) - (p.end - p.start))
    starts = [p.start for p in pieces]

    def right(x: int) -> int:  # after any insertion at x
        return x + prefix[bisect.bisect_right(keys, (x, 1))]

    def left(x: int) -> int:  # before any insertion at x
        return x + prefix[bisect.bisect_right(keys, (x, 0))]

    for s in old_spans:
        src = (s.amendment_id, s.proposal_id)
        lo = bisect.bisect_left(keys, (s.start, 2))  # first piece that can reach past s.start
        hi = bisect.bisect_right(starts, s.end)
        if s.start == s.end:
            inside = any(p.start < s.start < p.end for p in pieces[lo:hi])
            if not inside:
                new_spans.append(Span(left(s.start), left(s.start), *src))
            continue
        cur = s.start
        for p in pieces[lo:hi]:
            if p.start < p.end:
                if p.end <= s.start or p.start >= s.end:
                    continue
                if p.start > cur:
                    new_spans.append(Span(right(cur), left(p.start), *src))
                cur = max(cur, p.end)
            elif cur < p.start < s.end:
                new_spans.append(Span(right(cur), left(p.start), *src))
                cur = p.start
        if cur < s.end:
            new_spans.append(Span(right(cur), left(s.end), *src))
    return coalesce(new_spans)
