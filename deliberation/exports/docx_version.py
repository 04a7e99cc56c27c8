"""A version as a Word document; against another version, with real tracked changes.

Each line of the text is a paragraph, kept verbatim (Markdown marks included), so accepting
every change gives the version's text back and rejecting every change gives the other one.
Every changed run is one ``w:ins`` or ``w:del`` authored by its amendment and group and dated
by the merge that put it in; a line break that was inserted or deleted is a tracked
paragraph mark, so Accept/Reject joins or splits the paragraphs as the text did.
"""
from __future__ import annotations

import re

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from deliberation.exports.docx_parts import Revisions, page_footer, run, to_bytes, xml_text
from deliberation.exports.model import Authors, VersionPrint
from deliberation.exports.pieces import DELETE, EQUAL, INSERT, Piece

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:\s|$)")


def _paragraphs(pieces: list[Piece]) -> list[tuple[list[Piece], Piece | None]]:
    """Cut pieces at line breaks: each paragraph's runs and the piece its mark belongs to
    (None for the last paragraph, which ends the text)."""
    paras: list[tuple[list[Piece], Piece | None]] = []
    runs: list[Piece] = []
    for p in pieces:
        parts = p.text.split("\n")
        for k, part in enumerate(parts):
            if part:
                runs.append(Piece(p.op, 0, 0, part, p.source))
            if k < len(parts) - 1:
                paras.append((runs, p))
                runs = []
    paras.append((runs, None))
    return paras


def _style(runs: list[Piece]) -> str | None:
    new_side = "".join(r.text for r in runs if r.op != DELETE)
    m = _HEADING.match(new_side)
    return f"Heading {min(len(m.group(1)), 6)}" if m else None


def version_docx(vp: VersionPrint) -> bytes:
    """The document: the clean text, or with ``vp.pieces`` the tracked changes against the other version."""
    pieces = vp.pieces if vp.pieces is not None else [Piece(EQUAL, 0, len(vp.text), vp.text)]
    authors = vp.authors
    doc = Document()
    doc.core_properties.title = xml_text(vp.title)[:250]
    doc.core_properties.subject = xml_text(vp.subtitle)[:250]
    doc.core_properties.author = "Refound"
    header = doc.sections[0].header.paragraphs[0]
    header.text = xml_text(f"{vp.title} · {vp.subtitle}")
    page_footer(doc, vp.words.get("page_of", "{page} / {pages}"))
    revisions = Revisions()
    body = doc.element.body
    sect = body[-1]  # the section properties stay last
    for runs, mark in _paragraphs(pieces):
        p = OxmlElement("w:p")
        style = _style(runs)
        ppr = None
        if style or (mark is not None and mark.op != EQUAL):
            ppr = OxmlElement("w:pPr")
            p.append(ppr)
        if style:
            pstyle = OxmlElement("w:pStyle")
            pstyle.set(qn("w:val"), style.replace(" ", ""))
            ppr.append(pstyle)
        if mark is not None and mark.op != EQUAL:
            rpr = OxmlElement("w:rPr")
            rpr.append(_change(revisions, mark, authors))
            ppr.append(rpr)
        for r in runs:
            if r.op == EQUAL:
                p.append(run(r.text))
            else:
                change = _change(revisions, r, authors)
                change.append(run(r.text, deleted=r.op == DELETE))
                p.append(change)
        sect.addprevious(p)
    return to_bytes(doc)


def _change(revisions: Revisions, piece: Piece, authors: Authors | None):
    author = authors.of(piece.source) if authors is not None else None
    return revisions.mark("w:ins" if piece.op == INSERT else "w:del",
                          author.name if author else "", author.date if author else None)
