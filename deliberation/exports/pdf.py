"""Printed exports through WeasyPrint: a version (clean or as a redline), the amendment booklet
and the decisions sheet. Pure: plain values in, PDF bytes out.

The margin numbers are the engine's official line numbers (the version page's), one per
display line, so a printed citation matches the screen. Headings become PDF bookmarks.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from pathlib import Path

from amendments.engine import Line
from deliberation.exports.model import Authors, Booklet, BookletEntry, VersionPrint
from deliberation.exports.pieces import EQUAL, INSERT, Piece, by_line

_CSS = (Path(__file__).with_name("print.css")).read_text(encoding="utf-8")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _e(text: str) -> str:
    return escape(_NOT_XML.sub("\ufffd", text), quote=True)


def _css_string(text: str) -> str:
    return ('"' + _NOT_XML.sub("\ufffd", text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            + '"')


def _page_css(page_of: str, running: str) -> str:
    """The margin boxes: "Page {page} of {pages}" with live counters, and the running title."""
    parts = []
    for chunk in re.split(r"(\{page\}|\{pages\})", page_of):
        if chunk == "{page}":
            parts.append("counter(page)")
        elif chunk == "{pages}":
            parts.append("counter(pages)")
        elif chunk:
            parts.append(_css_string(chunk))
    return ("@page { @bottom-center { content: " + (" ".join(parts) or '""') + "; } "
            "@top-right { content: " + _css_string(running) + "; } }\n")


def _document(body: str, words: Mapping[str, str], running: str, lang: str) -> bytes:
    css = _CSS + _page_css(words.get("page_of", "{page} / {pages}"), running)
    html = (f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8"><title>{_e(running)}</title>'
            f"<style>{css}</style></head><body>{body}</body></html>")
    # Imported here, not at the top: WeasyPrint loads Pango as it is imported, and a machine
    # without Pango should still run the app (only its PDFs fail) rather than not start.
    import weasyprint

    # Nothing is ever fetched: every font is local and the HTML names no resource.
    no_fetching = weasyprint.URLFetcher(allowed_protocols=())
    return weasyprint.HTML(string=html, url_fetcher=no_fetching).write_pdf()


def _mark(piece: Piece, authors: Authors | None) -> str:
    """The small +/− before a change, with its source's tag ("+12": inserted by Amendment 12)."""
    sign = "+" if piece.op == INSERT else "\u2212"
    tag = authors.of(piece.source).tag if authors is not None and piece.source is not None else ""
    return f'<span class="m">{sign}{_e(tag)}</span>'


def _pieces_html(pieces: Sequence[Piece], authors: Authors | None) -> str:
    out = []
    for p in pieces:
        text = _e(p.text)
        if p.op == EQUAL:
            out.append(text)
            continue
        text = text.replace("\n", "\u00b6 ")  # a line break the change adds or removes, shown as ¶
        tag = "ins" if p.op == INSERT else "del"
        out.append(f"{_mark(p, authors)}<{tag}>{text}</{tag}>")
    return "".join(out)


def _line_html(ln: Line, pieces: Sequence[Piece] | None, authors: Authors | None, bookmark: bool) -> str:
    classes = ["l"]
    attrs = f' data-n="{ln.n}"'
    if ln.kind == "heading":
        classes.append("heading")
        if bookmark:
            m = _HEADING.match(ln.text)
            level = min(len(m.group(1)), 3) if m else 1
            label = ln.text[m.end():] if m else ln.text
            classes.append(f"b{level}")
            attrs += f' data-label="{_e(label.strip() or ln.text.strip())}"'
    if pieces is None:
        body = _e(ln.text)
    else:
        body = _pieces_html(pieces, authors)
        if any(p.op != EQUAL for p in pieces):
            classes.append("changed")
    return f'<p class="{" ".join(classes)}"{attrs}>{body}</p>'


def numbered_html(lines: Sequence[Line | None], text: str, pieces: Sequence[Sequence[Piece]] | None = None,
                  authors: Authors | None = None, bookmarks: bool = True) -> str:
    """Numbered lines as paragraphs; the first display line of each heading is a bookmark."""
    out = ['<div class="text">']
    for i, ln in enumerate(lines):
        if ln is None:
            out.append('<p class="l gap">\u22ef</p>')  # unchanged lines left out
            continue
        first = ln.start == 0 or text[ln.start - 1:ln.start] == "\n"
        out.append(_line_html(ln, pieces[i] if pieces is not None else None, authors, bookmarks and first))
    out.append("</div>")
    return "".join(out)


def version_pdf(vp: VersionPrint, lang: str = "en") -> bytes:
    """The version with its line numbers; with ``vp.pieces``, the redline against the other version."""
    words = vp.words
    parts = [f"<h1>{_e(vp.title)}</h1>", f'<p class="sub">{_e(vp.subtitle)}</p>']
    per_line = None
    if vp.pieces is not None:
        parts.append(f'<p class="legend">{_e(words.get("legend", ""))}</p>')
        per_line = by_line(vp.pieces, vp.lines)
    parts.append(numbered_html(vp.lines, vp.text, per_line, vp.authors))
    return _document("".join(parts), words, f"{vp.title} · {vp.subtitle}", lang)


def _facts(rows: Sequence[tuple[str, str]]) -> str:
    return '<dl class="facts">' + "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows if v) + "</dl>"


def _entry_html(entry: BookletEntry, words: Mapping[str, str]) -> str:
    heading = words["entry"].format(number=entry.number, id=entry.amendment_id, title=entry.title)
    parts = [f'<section class="entry"><h2 data-label="{_e(heading)}">{_e(heading)}</h2>',
             _facts(entry_facts(entry, words))]
    if entry.excerpt is not None:
        parts.append(numbered_html(entry.excerpt.lines, entry.excerpt.text, entry.excerpt.pieces,
                                   bookmarks=False))
    parts.append(f"<h3>{_e(words['rationale'])}</h3>")
    paragraphs = [p for p in re.split(r"\n\s*\n", entry.rationale.strip()) if p.strip()]
    body = "".join(f"<p>{_e(p)}</p>" for p in paragraphs) or f"<p>{_e(words['no_rationale'])}</p>"
    parts.append(f'<div class="rationale">{body}</div></section>')
    return "".join(parts)


def entry_facts(entry: BookletEntry, words: Mapping[str, str]) -> list[tuple[str, str]]:
    """The facts beside an amendment in the booklet: lines, sponsor, supporters, status."""
    sponsor = entry.sponsor + (f" ({entry.group})" if entry.group else "")
    names = ", ".join(entry.supporter_names)
    if entry.supporters > len(entry.supporter_names):
        names += (", " if names else "") + words["and_more"].format(
            n=entry.supporters - len(entry.supporter_names))
    return [(words["lines"], words["line_range"].format(range=_range(entry.line_from, entry.line_to),
                                                         version=entry.base_version_id)),
            (words["sponsor"], sponsor),
            (words["supporters"], f"{entry.supporters}" + (f": {names}" if names else "")),
            (words["status"], entry.status_name)]


def _range(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}\u2013{b}"


def booklet_pdf(booklet: Booklet, lang: str = "en") -> bytes:
    """Every amendment in line order with its facts, redline and rationale."""
    words = booklet.words
    parts = [f"<h1>{_e(booklet.title)}</h1>", f'<p class="sub">{_e(booklet.subtitle)}</p>',
             f'<p class="legend">{_e(words.get("booklet_legend", ""))}</p>']
    if not booklet.entries:
        parts.append(f"<p>{_e(words['empty'])}</p>")
    for entry in booklet.entries:
        parts.append(_entry_html(entry, words))
    return _document("".join(parts), words, booklet.title, lang)


def decisions_pdf(booklet: Booklet, lang: str = "en") -> bytes:
    """One row per amendment: what became of it, why, who decided and when."""
    words = booklet.words
    head = "".join(f'<th scope="col">{_e(words[k])}</th>'
                   for k in ("amendment", "lines", "sponsor", "outcome", "reason"))
    rows = []
    for e in booklet.entries:
        who = ", ".join(x for x in (e.decided_by,
                                    e.decided_at.strftime("%Y-%m-%d") if e.decided_at else "") if x)
        rows.append(
            f'<tr><th scope="row">{_e(words["amendment_no"].format(id=e.amendment_id))}<br>{_e(e.title)}</th>'
            f'<td class="n">{_e(_range(e.line_from, e.line_to))} (v{e.base_version_id})</td>'
            f"<td>{_e(e.sponsor + (f' ({e.group})' if e.group else ''))}</td>"
            f"<td><strong>{_e(e.status_name)}</strong>{('<br>' + _e(who)) if who else ''}</td>"
            f"<td>{_e(e.outcome)}{('<br>' + _e(e.reason)) if e.reason else ''}</td></tr>")
    body = (f"<h1>{_e(booklet.title)}</h1><p class=\"sub\">{_e(booklet.subtitle)}</p>"
            + (f'<table class="decisions"><thead><tr>{head}</tr></thead>'
               f'<tbody>{"".join(rows)}</tbody></table>'
               if rows else f"<p>{_e(words['empty'])}</p>"))
    return _document(body, words, booklet.title, lang)


__all__ = ["version_pdf", "booklet_pdf", "decisions_pdf", "numbered_html", "entry_facts"]
