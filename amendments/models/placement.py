"""Where a pending amendment lands on one version of the draft: its rebase, kept.

When the draft moves (a merge or an undo) every pending amendment is rebased onto the new version
once and the result is stored, so the merge desk, the lists and the API read placements instead of
rebasing 1,000 amendments on every page. Rows are added, never changed: one per (amendment,
version).
"""
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class AmendmentPlacement(db.Model):
    __tablename__ = "amendment_placements"
    __table_args__ = (UniqueConstraint("amendment_id", "version_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"), index=True)
    #: "clean" (lands exactly), "review" (placed by context: a chair should read it) or "conflict"
    #: (its words are gone or ambiguous; it cannot be merged as written).
    status: Mapped[str] = mapped_column(String(16))
    #: [[start, end, replacement], ...] in this version's coordinates (empty for a conflict).
    edits: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    #: The official lines it touches in this version (None for a conflict).
    line_from: Mapped[int | None]
    line_to: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
