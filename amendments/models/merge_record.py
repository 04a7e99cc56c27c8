"""One row per merge or undo: what the chair merged, skipped and resolved. Rows are added, never
changed: undoing a merge adds an "undo" row naming it."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db

MERGE_KINDS = ("merge", "undo")


class MergeRecord(db.Model):
    __tablename__ = "merge_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id"), index=True)
    #: "merge", or "undo" (restoring the text before the merge named by ``undoes_id``).
    kind: Mapped[str] = mapped_column(String(8), default="merge", server_default="merge")
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("merge_records.id"), index=True)
    from_version_id: Mapped[int] = mapped_column(ForeignKey("versions.id"))
    #: None when nothing could be merged (the record still says why).
    to_version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    merged: Mapped[list] = mapped_column(JSON, default=list)
    skipped: Mapped[list] = mapped_column(JSON, default=list)
    resolutions: Mapped[list] = mapped_column(JSON, default=list)
    #: One entry per amendment: {"id", "outcome": "merged"|"merged_modified"|"skipped", "reason"?}
    #: (for an undo: the amendments it returned to "admitted", outcome "restored").
    outcomes: Mapped[list | None] = mapped_column(JSON, default=list)
    at: Mapped[datetime] = mapped_column(default=utcnow)
