"""The durable log of a live room: every acknowledged Yjs update is a row."""
from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class LiveUpdate(db.Model):
    __tablename__ = "live_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: "proposal:<id>" or "merge:<assembly_id>".
    room: Mapped[str] = mapped_column(String(64), index=True)
    #: A Yjs update (v1 encoding); after compaction, one row holds the merged snapshot.
    data: Mapped[bytes] = mapped_column(LargeBinary)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
