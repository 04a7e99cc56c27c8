"""Kinds' documents as Whoosh fields, and the digest that says which state was indexed."""
from __future__ import annotations

import hashlib

from deliberation.search.kinds.base import ALL, Document


def digest(docs: list[Document]) -> str:
    """One hash for all the documents of a source, in key order."""
    h = hashlib.sha1(usedforsecurity=False)
    for doc in sorted(docs, key=lambda d: d.key):
        h.update(repr(doc).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _id(value: int | None) -> str | None:
    return None if value is None else str(value)


def fields(doc: Document, source_digest: str) -> dict:
    """The stored and indexed fields of one document (schema.py)."""
    content = "\n".join([doc.title, *(text for _n, text in doc.body), doc.hidden_text])
    return {
        "key": doc.key, "source": doc.source, "digest": source_digest, "kind": doc.kind, "id": doc.id,
        "assembly": str(doc.assembly_id), "version": _id(doc.version_id), "group": _id(doc.group_id),
        "status": doc.status or None, "readers": " ".join(doc.readers),
        "restricted": "n" if ALL in doc.readers else "y", "current": "y" if doc.current else "n",
        "target": doc.target,
        "line_from": doc.line_from, "line_to": doc.line_to, "title": doc.title,
        "body": [list(line) for line in doc.body], "content": content, "words": content,
    }
