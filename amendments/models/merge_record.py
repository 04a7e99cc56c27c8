"""One row per merge action: what the chair merged, skipped and resolved."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class MergeRecord(db.Model):
    __tablename__ = "merge_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    #: None when nothing could be merged (the record still says why).
    to_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    merged: Mapped[list] = mapped_column(JSON, default=list)
    skipped: Mapped[list] = mapped_column(JSON, default=list)
    resolutions: Mapped[list] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)
