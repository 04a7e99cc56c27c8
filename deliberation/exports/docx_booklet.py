"""The amendment booklet and the decisions sheet as Word documents, for chairs who edit them.

The booklet's redlines are formatting here, not tracked changes: they show each amendment
against the version it was written on, which the document itself never becomes.
"""
from __future__ import annotations

import re

from docx import Document
from docx.enum.text import WD_BREAK

from deliberation.exports.docx_parts import page_footer, run, to_bytes, xml_text
from deliberation.exports.model import Booklet, BookletEntry
from deliberation.exports.pdf import entry_facts
from deliberation.exports.pieces import EQUAL, INSERT


def _document(booklet: Booklet):
    doc = Document()
    doc.core_properties.title = xml_text(booklet.title)[:250]
    doc.core_properties.author = "Refound"
    page_footer(doc, booklet.words.get("page_of", "{page} / {pages}"))
    doc.add_heading(xml_text(booklet.title), level=0)
    doc.add_paragraph(xml_text(booklet.subtitle))
    return doc


def _excerpt(doc, entry: BookletEntry) -> None:
    """The cited lines, each numbered, with insertions underlined and deletions struck through."""
    for ln, pieces in zip(entry.excerpt.lines, entry.excerpt.pieces, strict=True):
        p = doc.add_paragraph()
        el = p._p
        if ln is None:
            el.append(run("\t\u22ef"))  # unchanged lines left out
            continue
        el.append(run(f"{ln.n}\t", rpr={"w:b": None}))
        for piece in pieces:
            text = piece.text if piece.op == EQUAL else piece.text.replace("\n", "\u00b6 ")
            if piece.op == EQUAL:
                el.append(run(text))
            elif piece.op == INSERT:
                el.append(run("+", rpr={"w:b": None, "w:vertAlign": "superscript"}))
                el.append(run(text, rpr={"w:u": "single"}))
            else:
                el.append(run("\u2212", rpr={"w:b": None, "w:vertAlign": "superscript"}))
                el.append(run(text, rpr={"w:strike": None}))


def booklet_docx(booklet: Booklet) -> bytes:
    words = booklet.words
    doc = _document(booklet)
    doc.add_paragraph(xml_text(words.get("booklet_legend", "")))
    if not booklet.entries:
        doc.add_paragraph(xml_text(words["empty"]))
    for entry in booklet.entries:
        doc.add_heading(xml_text(words["entry"].format(number=entry.number, id=entry.amendment_id,
                                                       title=entry.title)), level=1)
        for label, value in entry_facts(entry, words):
            if value:
                p = doc.add_paragraph()
                p.add_run(xml_text(label) + ": ").bold = True
                p.add_run(xml_text(value))
        if entry.excerpt is not None:
            _excerpt(doc, entry)
        doc.add_heading(xml_text(words["rationale"]), level=2)
        paragraphs = [x for x in re.split(r"\n\s*\n", entry.rationale.strip()) if x.strip()]
        for text in paragraphs or [words["no_rationale"]]:
            p = doc.add_paragraph()
            for i, line in enumerate(xml_text(text).split("\n")):
                r = p.add_run(line)
                if i:
                    r.add_break(WD_BREAK.LINE)
    return to_bytes(doc)


def decisions_docx(booklet: Booklet) -> bytes:
    words = booklet.words
    doc = _document(booklet)
    if not booklet.entries:
        doc.add_paragraph(xml_text(words["empty"]))
        return to_bytes(doc)
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, key in zip(table.rows[0].cells, ("amendment", "lines", "sponsor", "outcome", "reason"),
                         strict=True):
        cell.paragraphs[0].add_run(xml_text(words[key])).bold = True
    for e in booklet.entries:
        who = ", ".join(x for x in (e.decided_by,
                                    e.decided_at.strftime("%Y-%m-%d") if e.decided_at else "") if x)
        lines = f"{e.line_from}" if e.line_from == e.line_to else f"{e.line_from}\u2013{e.line_to}"
        values = (words["amendment_no"].format(id=e.amendment_id) + ": " + e.title,
                  f"{lines} (v{e.base_version_id})",
                  e.sponsor + (f" ({e.group})" if e.group else ""),
                  e.status_name + (f" — {who}" if who else ""),
                  e.outcome + (f" {e.reason}" if e.reason else ""))
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_text(value)
    return to_bytes(doc)
