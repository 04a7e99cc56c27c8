"""Reading a tracked-changes DOCX back as Word would: accept or reject every change."""
from io import BytesIO

import docx
from docx.oxml.ns import qn

W_INS, W_DEL, W_R, W_P = qn("w:ins"), qn("w:del"), qn("w:r"), qn("w:p")


def open_docx(data: bytes):
    return docx.Document(BytesIO(data))


def _run_text(r) -> str:
    out = []
    for el in r:
        if el.tag in (qn("w:t"), qn("w:delText")):
            out.append(el.text or "")
        elif el.tag == qn("w:tab"):
            out.append("\t")
    return "".join(out)


def resolve(document, accept: bool) -> str:
    """The body's text with every change accepted (or rejected); paragraphs joined by newlines,
    a paragraph whose mark is dropped running into the next."""
    out = []
    paragraphs = document.element.body.findall(W_P)
    for i, p in enumerate(paragraphs):
        for child in p:
            if child.tag == W_R:
                out.append(_run_text(child))
            elif child.tag in (W_INS, W_DEL) and (child.tag == W_INS) == accept:
                out.extend(_run_text(r) for r in child.findall(W_R))
        mark = p.find(qn("w:pPr") + "/" + qn("w:rPr"))
        dropped = mark is not None and (mark.find(W_DEL if accept else W_INS) is not None)
        if i < len(paragraphs) - 1 and not dropped:
            out.append("\n")
    return "".join(out)


def changes(document) -> list[tuple[str, str, str]]:
    """Every tracked change on text (not on paragraph marks): (kind, author, text)."""
    out = []
    for p in document.element.body.findall(W_P):
        for child in p:
            if child.tag in (W_INS, W_DEL):
                kind = "ins" if child.tag == W_INS else "del"
                out.append((kind, child.get(qn("w:author")),
                            "".join(_run_text(r) for r in child.findall(W_R))))
    return out


def all_revision_ids(document) -> list[str]:
    body = document.element.body
    return [el.get(qn("w:id")) for el in body.iter(W_INS, W_DEL)]
