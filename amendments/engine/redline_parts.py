"""Cut a word diff into per-line pieces with their provenance, ready to render as HTML."""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

from .lines import Line
from .provenance import Span

__all__ = ["Frag", "frags_for", "per_line", "Attributor", "render_piece", "section_starts"]


@dataclass(frozen=True, slots=True)
class Frag:
    """A run of one diff op in one side's coordinates; a deletion shown inline is a point."""

    op: str
    start: int
    end: int
    text: str


def frags_for(ops: Sequence[tuple[str, str]], side: str) -> list[Frag]:
    """Fragments for ``side``: "inline" (new text, deletions as points), "old" or "new"."""
    out: list[Frag] = []
    pos = 0
    for op, text in ops:
        if op == "equal" or (op == "insert" and side != "old") or (op == "delete" and side == "old"):
            out.append(Frag(op, pos, pos + len(text), text))
            pos += len(text)
        elif op == "delete" and side == "inline":
            out.append(Frag(op, pos, pos, text))
    return out


def per_line(frags: Sequence[Frag], lines: Sequence[Line]) -> list[list[Frag]]:
    """Assign fragments to display lines, clipping runs to each line and dropping newlines."""
    starts = [ln.start for ln in lines]
    out: list[list[Frag]] = [[] for _ in lines]
    for f in frags:
        if f.start == f.end:
            if f.op == "delete" and lines:
                out[max(0, bisect.bisect_right(starts, f.start) - 1)].append(f)
            continue
        i = max(0, bisect.bisect_right(starts, f.start) - 1)
        while i < len(lines) and lines[i].start < f.end:
            ln = lines[i]
            a, b = max(f.start, ln.start), min(f.end, ln.end)
            if a < b:
                out[i].append(Frag(f.op, a, b, f.text[a - f.start : b - f.start]))
            i += 1
    return out


class Attributor:
    """Look up which amendment a changed run came from, for data- attributes and titles."""

    def __init__(self, spans: Sequence[Span], labels: Mapping[int, str] | None,
                 words: Mapping[str, str] | None = None) -> None:
        self.spans = sorted(spans, key=lambda s: (s.start, s.end))
        self.starts = [s.start for s in self.spans]
        self.labels = labels or {}
        self.words = {**WORDS, **(words or {})}

    def split(self, f: Frag) -> list[tuple[Frag, Span | None]]:
        """Split an inserted run at span boundaries, pairing each part with its span."""
        out: list[tuple[Frag, Span | None]] = []
        cur = f.start
        i = max(0, bisect.bisect_right(self.starts, f.start) - 1)
        while i < len(self.spans) and self.spans[i].start < f.end:
            s = self.spans[i]
            i += 1
            a, b = max(cur, s.start), min(f.end, s.end)
            if a >= b:
                continue
            if a > cur:
                out.append((Frag(f.op, cur, a, f.text[cur - f.start : a - f.start]), None))
            out.append((Frag(f.op, a, b, f.text[a - f.start : b - f.start]), s))
            cur = b
        if cur < f.end:
            out.append((Frag(f.op, cur, f.end, f.text[cur - f.start :]), None))
        return out

    def at_point(self, p: int) -> Span | None:
        """The span that explains a deletion at ``p``: a marker there, else the text replacing it."""
        lo = bisect.bisect_left(self.starts, p)
        best = None
        for s in self.spans[max(0, lo - 2) : lo + 3]:
            if s.start == s.end == p:
                return s
            if s.start == p and best is None:
                best = s
        if best is None:
            for s in self.spans[max(0, lo - 2) : lo + 1]:
                if s.end == p or s.start < p < s.end:
                    best = s
        return best

    def attrs(self, span: Span | None) -> str:
        if span is None or (span.amendment_id is None and span.proposal_id is None):
            return ""
        parts = []
        if span.amendment_id is not None:
            parts.append(f' data-amendment="{span.amendment_id}"')
            title = self.labels.get(span.amendment_id, self.words["amendment"].format(span.amendment_id))
        else:
            title = self.words["proposal"].format(span.proposal_id)
        if span.proposal_id is not None:
            parts.append(f' data-proposal="{span.proposal_id}"')
        parts.append(f' title="{escape(title, quote=True)}" tabindex="0"')
        return "".join(parts)


_TAG = {"insert": "ins", "delete": "del"}
#: The few words the redline itself writes; callers pass translations (the engine knows no gettext).
WORDS = {"inserted": "inserted", "deleted": "deleted", "amendment": "Amendment {}", "proposal": "Proposal {}",
         "line": "Line", "current": "Current text", "amended": "Amended text"}


def render_piece(f: Frag, attr: Attributor, point_span: Span | None = None) -> str:
    """HTML for one fragment: plain text, or <ins>/<del> with a screen-reader marker."""
    if f.op == "equal":
        return escape(f.text, quote=True)
    tag = _TAG[f.op]
    word = escape(attr.words["inserted" if f.op == "insert" else "deleted"], quote=True)
    if f.start == f.end or f.op == "delete" and point_span is not None:
        pieces = [(f, point_span)]
    elif f.op == "insert":
        pieces = attr.split(f)
    else:
        pieces = [(f, None)]
    return "".join(
        f'<{tag}{attr.attrs(s)}><span class="sr-only">[{word}: </span>'
        f'{escape(p.text, quote=True)}<span class="sr-only">]</span></{tag}>'
        for p, s in pieces
    )


def section_starts(lines: Sequence[Line], text: str) -> list[bool]:
    """Where a new clause/paragraph section begins: after a blank line, or at a heading or clause."""
    out = []
    prev: Line | None = None
    for ln in lines:
        first = ln.start == 0 or text[ln.start - 1] == "\n"
        if prev is None:
            out.append(True)
        elif not first or ln.kind == "blank":
            out.append(False)
        elif prev.kind == "blank":
            out.append(True)
        else:
            out.append(ln.kind in ("heading", "clause") and prev.kind != "heading")
        prev = ln
    return out
