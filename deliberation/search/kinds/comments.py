"""Comments (the discussion area's): their body, found by whoever may read what they are on.
A hidden comment is not in the index at all.

The discussion area is built on another branch; this kind is written against the model it
describes, and is switched on by passing that model in kinds/__init__.py:
``Comments(Comment)``. What it needs of a comment row:

- ``id``, ``body`` (plain text or Markdown), ``is_hidden`` (bool);
- ``target`` ("amendment", "proposal" or "version") and ``target_id``;
- ``line_from`` / ``line_to`` (None when the comment is on the whole target).

Its documents link to the target's page at ``#comment-<id>``, which that page should carry.
"""
from __future__ import annotations

from flask import url_for

from amendments.models import Amendment, Version
from deliberation.auth.permissions import can_read_proposal
from deliberation.discussion.markdown import plain
from deliberation.models import Proposal
from deliberation.search.kinds.base import Document, Kind, plain_body
from deliberation.search.kinds.proposals import readers_of
from extensions import db

#: A comment is indexed as the text it shows (Markdown rendered, marks gone), whole.
MAX_CHARS = 20_000
_TARGETS = {"amendment": Amendment, "proposal": Proposal, "version": Version}


class Comments(Kind):
    name = "comment"

    def __init__(self, model) -> None:
        self.model = model
        self.watches = (model,)

    def refs_for_change(self, row):
        return (row.id,)

    def all_refs(self) -> list[int]:
        return list(db.session.scalars(db.select(self.model.id).order_by(self.model.id)))

    def _targets(self, comments) -> dict[tuple[str, int], object]:
        found: dict[tuple[str, int], object] = {}
        for target, model in _TARGETS.items():
            ids = {c.target_id for c in comments if c.target == target}
            if ids:
                found.update(((target, row.id), row) for row in db.session.scalars(
                    db.select(model).where(model.id.in_(ids))))
        return found

    def documents(self, refs: list[int]) -> dict[int, list[Document]]:
        comments = [c for c in db.session.scalars(db.select(self.model).where(self.model.id.in_(refs)))
                    if not c.is_hidden]
        targets = self._targets(comments)
        out: dict[int, list[Document]] = {}
        for c in comments:
            target = targets.get((c.target, c.target_id))
            if target is None:
                continue
            readers = readers_of(target) if c.target == "proposal" else ("all",)
            version_id = target.id if c.target == "version" else None
            out[c.id] = [Document(
                kind=self.name, id=c.id, key=f"comment:{c.id}", source=f"comment:{c.id}",
                title=_title(plain(c.body, MAX_CHARS)), assembly_id=target.assembly_id,
                body=plain_body(plain(c.body, MAX_CHARS)),
                readers=readers, version_id=version_id, group_id=getattr(target, "group_id", None),
                line_from=c.line_from, line_to=c.line_to, target=f"{c.target}:{c.target_id}")]
        return out

    def follows(self):
        """A proposal's submission (or any change to it) may change who reads its comments."""
        def on_proposals(proposal_ids: list[int]) -> list[int]:
            return list(db.session.scalars(db.select(self.model.id).where(
                self.model.target == "proposal", self.model.target_id.in_(proposal_ids))))
        return {"proposal": on_proposals}

    def readable(self, member, hits: list[dict]) -> set[str]:
        rows = {c.id: c for c in db.session.scalars(
            db.select(self.model).where(self.model.id.in_([hit["id"] for hit in hits])))}
        targets = self._targets([c for c in rows.values() if not c.is_hidden])
        keep = set()
        for hit in hits:
            comment = rows.get(hit["id"])
            if comment is None or comment.is_hidden:
                continue
            target = targets.get((comment.target, comment.target_id))
            if target is not None and (comment.target != "proposal" or can_read_proposal(member, target)):
                keep.add(hit["key"])
        return keep

    def url(self, hit: dict, first_line: int | None = None) -> str:
        target, _sep, target_id = hit["target"].partition(":")
        anchor = f"comment-{hit['id']}"
        if target == "amendment":
            return url_for("amendments.show", amendment_id=target_id, _anchor=anchor)
        if target == "proposal":
            return url_for("proposals.show", proposal_id=target_id, _anchor=anchor)
        return url_for("amendments.version", version_id=target_id, _anchor=anchor)


def _title(body: str, words: int = 10) -> str:
    """A comment has no title: its first words stand for it."""
    parts = " ".join(body.split()).split(" ")
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")
