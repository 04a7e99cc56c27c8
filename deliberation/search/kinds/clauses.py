"""Clauses: every version's text split into clauses with their official line ranges. Versions
never change, so a version is indexed once; which one is each assembly's current draft is asked
at query time (query.py), so moving the draft rewrites nothing in the index."""
from __future__ import annotations

from flask import current_app, url_for

from amendments.models import Version
from deliberation.models import Proposal
from deliberation.search.clauses import split_clauses
from deliberation.search.kinds.base import Document, Kind, numbered_body
from extensions import db


class Clauses(Kind):
    name = "clause"
    watches = (Version,)

    def refs_for_change(self, row):
        return (row.id,)

    def all_refs(self) -> list[int]:
        return list(db.session.scalars(db.select(Version.id).order_by(Version.id)))

    def documents(self, refs: list[int]) -> dict[int, list[Document]]:
        versions = list(db.session.scalars(db.select(Version).where(Version.id.in_(refs))))
        groups = dict(db.session.execute(db.select(Proposal.version_id, Proposal.group_id).where(
            Proposal.version_id.in_(refs))).all())
        width = current_app.config["LINE_WIDTH"]
        return {v.id: [Document(
            kind=self.name, id=c.n, key=f"clause:{v.id}:{c.n}", source=f"clause:{v.id}", title=c.title,
            assembly_id=v.assembly_id, body=numbered_body(c.lines, c.line_from), group_id=groups.get(v.id),
            version_id=v.id, line_from=c.line_from, line_to=c.line_to)
            for c in split_clauses(v.text, width)] for v in versions}

    def url(self, hit: dict, first_line: int | None = None) -> str:
        return url_for("amendments.version", version_id=hit["version_id"],
                       lines=f"{hit['line_from']}-{hit['line_to']}", _anchor=f"L{first_line or hit['line_from']}")
