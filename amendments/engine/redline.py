"""Word-level redline HTML that members read: numbered lines, clause by clause, who changed what.

Markup and CSS class names (the stylesheet lives with the app, not here):

- ``section.clause`` — one clause, heading or paragraph (``data-clause="4.2"`` when numbered).
- ``ol.redline`` — the numbered lines of a section (inline layout); each
  ``li.line[value=n]`` is one display line of the NEW text; ``li.line.changed``
  when it holds an insertion or deletion. Lines keep their spaces, so use
  ``white-space: pre-wrap``; ``list-style: none`` if ``.ln`` is shown instead of markers.
- ``span.ln`` — the line number in the margin (``aria-hidden``; the ``li`` value carries it).
- ``ins`` / ``del`` — changed words. With provenance they carry ``data-amendment``,
  ``data-proposal``, a ``title`` (from ``labels``) and ``tabindex="0"`` for keyboard focus.
- ``span.sr-only`` — visually hidden "[inserted: …]" / "[deleted: …]" markers for screen readers.
- ``table.redline.side`` — side-by-side layout: ``thead`` then one ``tbody.clause`` per
  clause; each ``tr.line`` has ``td.ln`` (old number), ``td.old``, ``td.ln`` (new number), ``td.new``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from .diff import word_diff
from .lines import Line, number_lines
from .provenance import Span
from .redline_parts import Attributor, frags_for, per_line, render_piece, section_starts
from .redline_side import render_side

__all__ = ["redline_html", "section_starts"]


def _open_section(ln: Line) -> str:
    label = f' data-clause="{escape(ln.clause, quote=True)}"' if ln.clause else ""
    return f'<section class="clause"{label}><ol class="redline">'


def _inline(old: str, new: str, attr: Attributor, width: int, first_line: int = 1) -> str:
    lines = number_lines(new, width)
    frags = per_line(frags_for(word_diff(old, new), "inline"), lines)
    starts = section_starts(lines, new)
    out: list[str] = []
    for ln, pieces, begin in zip(lines, frags, starts, strict=True):
        if begin:
            if out:
                out.append("</ol></section>")
            out.append(_open_section(ln))
        changed = any(f.op != "equal" for f in pieces)
        body = "".join(
            render_piece(f, attr, attr.at_point(f.start) if f.op == "delete" else None) for f in pieces
        )
        cls = "line changed" if changed else "line"
        n = ln.n + first_line - 1
        out.append(f'<li class="{cls}" value="{n}"><span class="ln" aria-hidden="true">{n}</span>{body}</li>')
    if out:
        out.append("</ol></section>")
    return "".join(out)


def redline_html(
    old: str,
    new: str,
    provenance: Sequence[Span] = (),
    labels: Mapping[int, str] | None = None,
    width: int = 80,
    layout: str = "inline",
    words: Mapping[str, str] | None = None,
    first_line: int = 1,
) -> str:
    """Render ``old`` -> ``new`` as escaped, accessible HTML; ``layout`` is "inline" or "side".

    ``words`` translates the few words the redline writes (see ``redline_parts.WORDS``).
    ``first_line`` numbers an excerpt that starts at a paragraph of a longer text as that text
    does (inline layout).
    """
    attr = Attributor(provenance, labels, words)
    if layout == "inline":
        return _inline(old, new, attr, width, first_line)
    if layout == "side":
        return render_side(old, new, attr, width)
    raise ValueError(f"unknown layout {layout!r}")
