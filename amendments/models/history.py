"""Every status an amendment has had, who set it, when and why: rows are added, never changed."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class AmendmentEvent(db.Model):
    __tablename__ = "amendment_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    amendment_id: Mapped[int] = mapped_column(ForeignKey("amendments.id"), index=True)
    #: The status it moved to, and the one it left (None for filing).
    status: Mapped[str] = mapped_column(String(16))
    previous: Mapped[str | None] = mapped_column(String(16))
    #: The member who decided; None when the app did (support reached the threshold).
    by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The merge that moved it (merged, merged_modified, or back to admitted by an undo).
    merge_id: Mapped[int | None] = mapped_column(ForeignKey("merge_records.id"))
