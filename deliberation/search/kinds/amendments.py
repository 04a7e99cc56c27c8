"""Amendments: title, rationale and changed text (the new wording, numbered by the line of
the version it amends; the words it deletes are searched, not shown). Every member reads them."""
from __future__ import annotations

from functools import lru_cache

from flask import current_app, url_for

from amendments.engine import LineIndex
from amendments.models import Amendment, Version
from deliberation.search.kinds.base import Document, Kind, plain_body
from extensions import db


@lru_cache(maxsize=32)
def _line_index(version_id: int, text: str, width: int) -> LineIndex:
    """A version's numbered lines, kept across batches: a rebuild meets each base version in
    batch after batch (6,400 numberings of 220 versions at 100,000 documents, a tenth of its
    time), and a version's text never changes."""
    return LineIndex(text, width)


class Amendments(Kind):
    name = "amendment"
    watches = (Amendment,)

    def refs_for_change(self, row):
        return (row.id,)

    def all_refs(self) -> list[int]:
        return list(db.session.scalars(db.select(Amendment.id).order_by(Amendment.id)))

    def documents(self, refs: list[int]) -> dict[int, list[Document]]:
        amendments = list(db.session.scalars(db.select(Amendment).where(Amendment.id.in_(refs))))
        texts = dict(db.session.execute(db.select(Version.id, Version.text).where(
            Version.id.in_({a.base_version_id for a in amendments}))).all())
        width = current_app.config["LINE_WIDTH"]
        out: dict[int, list[Document]] = {}
        for a in amendments:
            base = texts[a.base_version_id]
            index = _line_index(a.base_version_id, base, width)
            wording: list[tuple[int | None, str]] = []
            dropped: list[str] = []
            for start, end, replacement in a.edits or []:
                dropped.append(base[start:end])
                line = index.line_of(min(start, len(base))) if index.lines else None
                wording.extend((line, part) for part in replacement.split("\n") if part.strip())
            out[a.id] = [Document(
                kind=self.name, id=a.id, key=f"amendment:{a.id}", source=f"amendment:{a.id}", title=a.title,
                assembly_id=a.assembly_id, body=plain_body(a.rationale or "") + tuple(wording),
                status=a.status, group_id=a.group_id, version_id=a.base_version_id,
                line_from=a.line_from, line_to=a.line_to, hidden_text=" ".join(dropped))]
        return out

    def url(self, hit: dict, first_line: int | None = None) -> str:
        return url_for("amendments.show", amendment_id=hit["id"])
