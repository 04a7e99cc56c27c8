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


class LiveRoom(db.Model):
    """A room seeded on demand (the chairs' merge draft): the primary key makes
    "seed if still empty" happen once even when two processes race to do it."""

    __tablename__ = "live_rooms"

    #: Same names as LiveUpdate.room.
    room: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: For a merge room: the version its text is based on (the chairs' unsaved typing is the rest).
    #: Moved on, in the same transaction, whenever the draft moves (live/merge_room.py).
    version_id: Mapped[int | None] = mapped_column(ForeignKey("versions.id"))
