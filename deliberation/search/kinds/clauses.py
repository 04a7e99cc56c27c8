"""Clauses: every version's text split into clauses with their official line ranges, each
marked current or not (its assembly's current draft), so that a search shows one copy of a
clause, not one per version. Versions never change; when the draft moves on (a merge or an undo
makes a new version), the indexer rewrites the old draft's clauses as no longer current."""
from __future__ import annotations

from flask import current_app, url_for

from amendments.models import Version
from deliberation.models import Assembly, Proposal
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
        current = current_versions({v.assembly_id for v in versions})
        width = current_app.config["LINE_WIDTH"]
        return {v.id: [Document(
            kind=self.name, id=c.n, key=f"clause:{v.id}:{c.n}", source=f"clause:{v.id}", title=c.title,
            assembly_id=v.assembly_id, body=numbered_body(c.lines, c.line_from), group_id=groups.get(v.id),
            version_id=v.id, line_from=c.line_from, line_to=c.line_to,
            current=current.get(v.assembly_id) == v.id)
            for c in split_clauses(v.text, width)] for v in versions}

    def current_moved(self, flagged: dict[int, set[int]]) -> list[int]:
        """Versions whose clauses are indexed with the wrong current flag: ``flagged`` maps an
        assembly to the versions the index holds as its current draft."""
        now = current_versions(set(flagged))
        wrong = {v for assembly, versions in flagged.items() for v in versions if v != now.get(assembly)}
        return sorted(wrong | {v for assembly, v in now.items()
                               if v is not None and v not in flagged[assembly]})

    def url(self, hit: dict, first_line: int | None = None) -> str:
        return url_for("amendments.version", version_id=hit["version_id"],
                       lines=f"{hit['line_from']}-{hit['line_to']}",
                       _anchor=f"L{first_line or hit['line_from']}")


def current_versions(assembly_ids: set[int]) -> dict[int, int | None]:
    return dict(db.session.execute(db.select(Assembly.id, Assembly.current_version_id).where(
        Assembly.id.in_(assembly_ids))).all())
