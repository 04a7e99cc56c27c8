"""Side-by-side redline: old and new text in two numbered columns, rows aligned by the diff."""

from __future__ import annotations

import bisect
from html import escape

from .diff import word_diff
from .lines import number_lines
from .redline_parts import Attributor, frags_for, per_line, render_piece, section_starts

__all__ = ["render_side"]

def _head(words) -> str:
    line, current, amended = (escape(words[k], quote=True) for k in ("line", "current", "amended"))
    return (f'<table class="redline side"><thead><tr><th scope="col">{line}</th>'
            f'<th scope="col">{current}</th><th scope="col">{line}</th>'
            f'<th scope="col">{amended}</th></tr></thead>')


def _old_to_new(ops: list[tuple[str, str]]) -> tuple[list[int], list[int], list[str]]:
    """Breakpoints to map an old offset to the new text (deleted text maps to its deletion point)."""
    olds, news, kinds = [], [], []
    o = n = 0
    for op, text in ops:
        if op == "insert":
            n += len(text)
            continue
        olds.append(o)
        news.append(n)
        kinds.append(op)
        o += len(text)
        if op == "equal":
            n += len(text)
    return olds, news, kinds


def render_side(old: str, new: str, attr: Attributor, width: int) -> str:
    """Two-column table: old text with deletions, new text with insertions, rows paired by line."""
    ops = word_diff(old, new)
    old_lines, new_lines = number_lines(old, width), number_lines(new, width)
    old_frags = per_line(frags_for(ops, "old"), old_lines)
    new_frags = per_line(frags_for(ops, "new"), new_lines)
    olds, news, kinds = _old_to_new(ops)
    new_starts = [ln.start for ln in new_lines]

    def to_new(x: int) -> int:
        k = bisect.bisect_right(olds, x) - 1
        if k < 0:
            return 0
        return news[k] + (x - olds[k] if kinds[k] == "equal" else 0)

    # Each old line goes beside the new line its first character maps to.
    partner: dict[int, list[int]] = {}
    for i, ln in enumerate(old_lines):
        j = max(0, bisect.bisect_right(new_starts, to_new(ln.start)) - 1) if new_lines else -1
        partner.setdefault(j, []).append(i)

    def old_cell(i: int) -> str:
        cells = []
        for f in old_frags[i]:
            span = attr.at_point(to_new(f.start)) if f.op == "delete" else None
            cells.append(render_piece(f, attr, span))
        return "".join(cells)

    def new_cell(j: int) -> str:
        return "".join(render_piece(f, attr) for f in new_frags[j])

    def row(i: int | None, j: int | None) -> str:
        on = "" if i is None else str(old_lines[i].n)
        nn = "" if j is None else str(new_lines[j].n)
        oc = "" if i is None else old_cell(i)
        nc = "" if j is None else new_cell(j)
        changed = any(f.op != "equal" for f in (old_frags[i] if i is not None else [])
                      + (new_frags[j] if j is not None else []))
        cls = "line changed" if changed else "line"
        return (f'<tr class="{cls}"><td class="ln">{on}</td><td class="old">{oc}</td>'
                f'<td class="ln">{nn}</td><td class="new">{nc}</td></tr>')

    out = [_head(attr.words)]
    open_body = False
    starts = section_starts(new_lines, new)
    for i in partner.get(-1, []):
        out.append(row(i, None))
    for j, ln in enumerate(new_lines):
        if starts[j]:
            if open_body:
                out.append("</tbody>")
            label = f' data-clause="{escape(ln.clause, quote=True)}"' if ln.clause else ""
            out.append(f'<tbody class="clause"{label}>')
            open_body = True
        mates = partner.get(j, [])
        out.append(row(mates[0] if mates else None, j))
        for i in mates[1:]:
            out.append(row(i, None))
    if open_body:
        out.append("</tbody>")
    out.append("</table>")
    return "".join(out)
