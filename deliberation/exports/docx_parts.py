"""WordprocessingML pieces python-docx has no API for: runs with tabs, tracked insertions and
deletions, page-number fields. Pure: lxml elements in, lxml elements out."""
from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# XML 1.0 cannot hold these; stored text never has them, rows from before the checks might.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def run(text: str, deleted: bool = False, rpr: dict | None = None):
    """A ``w:r`` holding ``text``: tabs as ``w:tab``, words as ``w:t`` (``w:delText`` when deleted)."""
    r = OxmlElement("w:r")
    if rpr:
        props = OxmlElement("w:rPr")
        for name, val in rpr.items():
            el = OxmlElement(name)
            if val is not None:
                el.set(qn("w:val"), val)
            props.append(el)
        r.append(props)
    for i, part in enumerate(xml_text(text).split("\t")):
        if i:
            r.append(OxmlElement("w:tab"))
        if part:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = part
            r.append(t)
    return r


class Revisions:
    """Hands out the unique ``w:id`` every tracked change needs."""

    def __init__(self) -> None:
        self.next_id = 1

    def mark(self, tag: str, author: str, date: datetime | None):
        """An empty ``w:ins``/``w:del`` with its id, author and date."""
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.next_id))
        self.next_id += 1
        el.set(qn("w:author"), xml_text(author) or "?")
        if date is not None:
            el.set(qn("w:date"), date.strftime("%Y-%m-%dT%H:%M:%SZ"))
        return el


def field(instr: str):
    """A simple field (PAGE, NUMPAGES) Word and LibreOffice fill in."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instr)
    fld.append(run("1"))
    return fld


def page_footer(doc: Document, words_page: str) -> None:
    """"Page {page} of {pages}" in the footer, with live fields for the two numbers."""
    p = doc.sections[0].footer.paragraphs[0]
    el = p._p
    for chunk in re.split(r"(\{page\}|\{pages\})", words_page):
        if chunk == "{page}":
            el.append(field("PAGE"))
        elif chunk == "{pages}":
            el.append(field("NUMPAGES"))
        elif chunk:
            el.append(run(chunk))


def to_bytes(doc: Document) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
