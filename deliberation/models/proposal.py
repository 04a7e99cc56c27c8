"""A local group's proposal: drafted live, frozen into a version on submission."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberation.models.timeutil import utcnow
from extensions import db


class Proposal(db.Model):
    __tablename__ = "proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    #: "draft" while the group writes; "submitted" once frozen.
    status: Mapped[str] = mapped_column(String(16), default="draft")
    #: The version the group started from (the assembly's draft at the time).
    base_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    #: The frozen version made on submission.
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    #: Text as first written; the live room's document supersedes it once opened.
    initial_text: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]

    group = relationship("Group", lazy="joined")

    @property
    def room(self) -> str:
        return f"proposal:{self.id}"
