"""An assembly: one round of rewriting, moving through phases, with its chairs."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db

PHASES = ("proposals", "amendments", "compositing", "review", "ballot", "closed")


class Assembly(db.Model):
    __tablename__ = "assemblies"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    phase: Mapped[str] = mapped_column(String(16), default="proposals")
    #: The base text every provenance span is measured from (use_alter: versions point back here).
    base_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True, name="fk_assemblies_base_version"))
    #: The consolidated draft now; merges append a version and move this pointer.
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("versions.id", use_alter=True, name="fk_assemblies_current_version"))
    #: Phase name -> ISO date when that phase is due to end.
    deadlines: Mapped[dict] = mapped_column(JSON, default=dict)
    #: Supporters an amendment needs before it is admitted (0 admits on filing).
    support_threshold: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AssemblyChair(db.Model):
    __tablename__ = "assembly_chairs"
    __table_args__ = (UniqueConstraint("assembly_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
