"""Line numbering as printed in amendment booklets: about 80 characters, numbered throughout."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .structure import classify

__all__ = ["Line", "number_lines", "LineIndex"]

_BREAK = re.compile(r"(\S+)\s*")


@dataclass(frozen=True, slots=True)
class Line:
    """One numbered display line; ``kind``/``clause`` describe the source line it wraps."""

    n: int
    start: int
    end: int
    text: str
    kind: str
    clause: str | None = None


def _wrap(line: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap; spaces at a break stay on the earlier line, so lines tile the text."""
    lead = len(line) - len(line.lstrip())
    pieces: list[tuple[int, int]] = []
    start = 0
    cur_end = 0  # end of the last word on the current line (excluding its spaces)
    for m in _BREAK.finditer(line, lead):
        word_end = m.end(1)
        if word_end - start > width and cur_end > start and cur_end > lead:
            pieces.append((start, m.start()))
            start = m.start()
        cur_end = word_end
    pieces.append((start, len(line)))
    return pieces


def number_lines(text: str, width: int = 80) -> list[Line]:
    """Wrap each paragraph line at ``width`` and number every display line from 1."""
    if width < 1:
        raise ValueError("width must be positive")
    sources = text.split("\n")
    if len(sources) > 1 and sources[-1] == "":
        sources.pop()  # a final newline ends the last line; it does not start a new one
    kinds = classify(sources)
    out: list[Line] = []
    offset = 0
    for src, (kind, clause) in zip(sources, kinds, strict=True):
        spans = [(0, 0)] if not src else _wrap(src, width)
        for s, e in spans:
            out.append(Line(len(out) + 1, offset + s, offset + e, src[s:e], kind, clause))
        offset += len(src) + 1
    return out


class LineIndex:
    """Answer "which line is this offset on?" quickly, for citing amendments by line."""

    def __init__(self, text: str, width: int = 80) -> None:
        self.text = text
        self.lines: list[Line] = number_lines(text, width)
        self._starts = [ln.start for ln in self.lines]

    def line_of(self, offset: int) -> int:
        """1-based line holding ``offset``; a newline belongs to the line it ends."""
        if not 0 <= offset <= len(self.text):
            raise ValueError(f"offset {offset} outside text of length {len(self.text)}")
        return max(1, bisect.bisect_right(self._starts, offset))

    def span_of(self, n: int) -> tuple[int, int]:
        """Character offsets ``(start, end)`` of line ``n`` (end excludes the newline)."""
        if not 1 <= n <= len(self.lines):
            raise ValueError(f"no line {n}")
        ln = self.lines[n - 1]
        return ln.start, ln.end

    def cite(self, start: int, end: int) -> tuple[int, int]:
        """Lines ``(from, to)`` an amendment of ``text[start:end]`` touches."""
        if start > end:
            raise ValueError("start after end")
        first = self.line_of(start)
        if start == end:
            return first, first
        return first, max(first, self.line_of(end - 1))
