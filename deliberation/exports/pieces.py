"""A word diff cut into pieces that name their source, the form every export prints.

Pure: the engine's ops and provenance spans in, pieces out. A piece's ``start``/``end`` are
offsets in the text whose lines are numbered (the new text for a version's redline, the
old text for an amendment in the booklet); what the other side holds is a point there.
"""
from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from amendments.engine import Edit, Line, Span
from amendments.engine.redline_parts import Attributor, Frag

__all__ = ["Piece", "Source", "attributed", "from_edits", "by_line", "plain"]

EQUAL, INSERT, DELETE = "equal", "insert", "delete"


@dataclass(frozen=True, slots=True)
class Source:
    """Who wrote a change: an amendment, a group's proposal, or both (a proposal filed as one)."""

    amendment_id: int | None
    proposal_id: int | None


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one op; ``source`` is None where provenance does not say."""

    op: str
    start: int
    end: int
    text: str
    source: Source | None = None


def _source(span: Span | None) -> Source | None:
    if span is None or (span.amendment_id is None and span.proposal_id is None):
        return None
    return Source(span.amendment_id, span.proposal_id)


def attributed(ops: Iterable[tuple[str, str]], spans: Sequence[Span] = ()) -> list[Piece]:
    """Pieces in the new text's coordinates: insertions split where their provenance changes,
    each deletion a point credited as the version's redline page credits it."""
    attr = Attributor(spans, None)
    out: list[Piece] = []
    pos = 0
    for op, text in ops:
        if not text:
            continue
        if op == EQUAL:
            out.append(Piece(EQUAL, pos, pos + len(text), text))
            pos += len(text)
        elif op == INSERT:
            for frag, span in attr.split(Frag(INSERT, pos, pos + len(text), text)):
                out.append(Piece(INSERT, frag.start, frag.end, frag.text, _source(span)))
            pos += len(text)
        else:
            out.append(Piece(DELETE, pos, pos, text, _source(attr.at_point(pos))))
    return out


def from_edits(text: str, edits: Sequence[Edit], source: Source | None = None) -> list[Piece]:
    """An amendment's stored edits as pieces in its base text's coordinates (insertions are
    points), with no diff: the edits are what the engine recorded when it was filed."""
    out: list[Piece] = []
    pos = 0
    for e in edits:
        if e.start > pos:
            out.append(Piece(EQUAL, pos, e.start, text[pos:e.start]))
        if e.end > e.start:
            out.append(Piece(DELETE, e.start, e.end, text[e.start:e.end], source))
        if e.text:
            out.append(Piece(INSERT, e.end, e.end, e.text, source))
        pos = e.end
    if pos < len(text):
        out.append(Piece(EQUAL, pos, len(text), text[pos:]))
    return out


def by_line(pieces: Sequence[Piece], lines: Sequence[Line]) -> list[list[Piece]]:
    """Each numbered line's pieces: runs clipped to the line (newlines between lines dropped),
    points on the line that holds them."""
    starts = [ln.start for ln in lines]
    out: list[list[Piece]] = [[] for _ in lines]
    if not lines:
        return out
    for p in pieces:
        i = max(0, bisect.bisect_right(starts, p.start) - 1)
        if p.start == p.end:
            out[i].append(p)
            continue
        while i < len(lines) and lines[i].start < p.end:
            ln = lines[i]
            a, b = max(p.start, ln.start), min(p.end, ln.end)
            if a < b:
                out[i].append(Piece(p.op, a, b, p.text[a - p.start:b - p.start], p.source))
            i += 1
    return out


def plain(pieces: Iterable[Piece], side: str) -> str:
    """The text of one side: "new" (accept every change) or "old" (reject every change)."""
    dropped = DELETE if side == "new" else INSERT
    return "".join(p.text for p in pieces if p.op != dropped)
