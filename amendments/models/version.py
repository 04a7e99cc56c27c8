"""Immutable versions of a text: rows are inserted, never updated."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db

KINDS = ("base", "proposal", "merge", "undo")


class Version(db.Model):
    __tablename__ = "versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: The version this one was made from; None only for a base text.
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"), index=True)
    #: "base", "proposal" (a group's frozen proposal), "merge" (a consolidated draft) or "undo" (a
    #: consolidated draft that restores the text before an undone merge; its parent is the version
    #: it restores, so rebasing walks straight past the undone merge).
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    #: Spans of this text changed since the assembly's base text:
    #: [[start, end, amendment_id, proposal_id], ...].
    provenance: Mapped[list] = mapped_column(JSON, default=list)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
