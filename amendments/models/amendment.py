"""Amendments: exact changed ranges against the version they were written on."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db

#: open: gathering support; admitted: enough support (or a chair's decision) to be merged;
#: merged: in a version as written; merged_modified: through a chair's edited resolution;
#: rejected: by a chair; withdrawn: by its sponsor; obsolete: its text no longer exists.
#: Each change is an AmendmentEvent with who, when and why (amendments/services/statuses.py).
AMENDMENT_STATUSES = ("open", "admitted", "merged", "merged_modified", "rejected", "withdrawn", "obsolete")


class Amendment(db.Model):
    __tablename__ = "amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    base_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    rationale: Mapped[str] = mapped_column(Text, default="")
    sponsor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: The group the sponsor filed for, if any (shown in provenance).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    #: Set when the amendment carries a submitted proposal into the draft.
    proposal_id: Mapped[int | None] = mapped_column(ForeignKey("proposals.id"))
    #: [[start, end, replacement], ...] in the base version's coordinates, sorted, disjoint.
    edits: Mapped[list] = mapped_column(JSON)
    line_from: Mapped[int]
    line_to: Mapped[int]
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    merged_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Support(db.Model):
    __tablename__ = "amendment_supports"
    __table_args__ = (UniqueConstraint("amendment_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
