"""Proposals: title and the lines the group changed (a draft's live text, or its frozen
version). A draft is found only by its group, the assembly's chairs and admins."""
from __future__ import annotations

from flask import current_app, url_for

from amendments.models import Version
from deliberation.auth.permissions import can_read_proposal
from deliberation.live.models import LiveUpdate
from deliberation.live.store import live_text
from deliberation.models import Proposal
from deliberation.search.kinds.base import ALL, Document, Kind, chair_reader, changes, group_reader
from extensions import db

_ROOM = "proposal:"


def readers_of(proposal: Proposal) -> tuple[str, ...]:
    """As can_read_proposal says: a draft is its group's and its chairs'; then everyone's."""
    if proposal.status == "draft":
        return (group_reader(proposal.group_id), chair_reader(proposal.assembly_id))
    return (ALL,)


class Proposals(Kind):
    name = "proposal"
    #: A live update stored through the ORM (the seed, a form or API save) changes a draft's text;
    #: the live editor's own updates arrive through the live_text_stored signal (drafts.py).
    watches = (Proposal, LiveUpdate)

    def refs_for_change(self, row):
        if isinstance(row, Proposal):
            return (row.id,)
        if row.room.startswith(_ROOM) and row.room[len(_ROOM):].isdigit():
            return (int(row.room[len(_ROOM):]),)
        return ()

    def all_refs(self) -> list[int]:
        return list(db.session.scalars(db.select(Proposal.id).order_by(Proposal.id)))

    def documents(self, refs: list[int]) -> dict[int, list[Document]]:
        proposals = list(db.session.scalars(db.select(Proposal).where(Proposal.id.in_(refs))))
        wanted = {p.base_version_id for p in proposals} | {p.version_id for p in proposals if p.version_id}
        texts = dict(db.session.execute(
            db.select(Version.id, Version.text).where(Version.id.in_(wanted))).all())
        width = current_app.config["LINE_WIDTH"]
        out: dict[int, list[Document]] = {}
        for p in proposals:
            text = texts[p.version_id] if p.version_id else live_text(p.room)
            lines, dropped = changes(texts[p.base_version_id], text, width)
            numbers = [n for n, _text in lines]
            out[p.id] = [Document(
                kind=self.name, id=p.id, key=f"proposal:{p.id}", source=f"proposal:{p.id}", title=p.title,
                assembly_id=p.assembly_id, body=lines, readers=readers_of(p), status=p.status,
                group_id=p.group_id, version_id=p.version_id, line_from=min(numbers, default=None),
                line_to=max(numbers, default=None), hidden_text=dropped)]
        return out

    def readable(self, member, hits: list[dict]) -> set[str]:
        proposals = {p.id: p for p in db.session.scalars(
            db.select(Proposal).where(Proposal.id.in_([hit["id"] for hit in hits])))}
        return {hit["key"] for hit in hits
                if hit["id"] in proposals and can_read_proposal(member, proposals[hit["id"]])}

    def url(self, hit: dict, first_line: int | None = None) -> str:
        if hit.get("line_from") is None or hit.get("status") == "draft":
            return url_for("proposals.show", proposal_id=hit["id"])
        return url_for("proposals.show", proposal_id=hit["id"], lines=f"{hit['line_from']}-{hit['line_to']}",
                       _anchor=f"L{first_line or hit['line_from']}")
