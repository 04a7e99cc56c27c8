"""Invitations to set a password (queued on import, sent by mail, used once), and roll imports
started from the web page with the rows they rejected."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from deliberation.models.timeutil import utcnow
from extensions import db


class Invitation(db.Model):
    """A pending invitation has no token yet; the token is made when the mail goes out, and only
    its SHA-256 is stored, so the database never holds a usable link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    #: SHA-256 of the link's token; None while the invitation waits to be sent.
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: None while queued: `flask members invite --send` sends these.
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    expires_at: Mapped[datetime | None]
    used_at: Mapped[datetime | None]


#: A roll import's states, in order; a queued or running import that stops making progress
#: (its process died) is marked failed when next looked at.
IMPORT_STATUSES = ("queued", "running", "done", "failed")


class RollImport(db.Model):
    """One upload of the membership roll through the web page, imported in the background."""

    __tablename__ = "roll_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Who uploaded the file (an admin or returning officer).
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: The file's name as uploaded, for people to recognise it; never used as a path.
    filename: Mapped[str] = mapped_column(String(255), default="")
    size_bytes: Mapped[int] = mapped_column(default=0)
    #: The uploader's language: the reasons for rejected rows are written in it.
    locale: Mapped[str] = mapped_column(String(16), default="en")
    #: One of IMPORT_STATUSES.
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    #: Why a failed import failed: "stalled" (no progress: the process died), "error", "missing_file".
    error: Mapped[str | None] = mapped_column(String(32))
    #: Data rows in the file (lines after the header; the exact count once done).
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    created: Mapped[int] = mapped_column(default=0)
    updated: Mapped[int] = mapped_column(default=0)
    #: Members the file matched exactly (nothing to write).
    unchanged: Mapped[int] = mapped_column(default=0, server_default="0")
    rejected: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    started_at: Mapped[datetime | None]
    #: Moves with every batch of progress; a queued or running import whose mark is old has died.
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")


class RollRejection(db.Model):
    """A row an import rejected: where it was, why, and its values (so the file can be fixed)."""

    __tablename__ = "roll_rejections"
    __table_args__ = (Index("ix_roll_rejections_import_line", "import_id", "line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("roll_imports.id", ondelete="CASCADE"))
    #: The line in the file where the row starts (the header is line 1).
    line: Mapped[int]
    reason: Mapped[str] = mapped_column(String(500))
    #: The row's raw values in the roll's column order, or None when the line could not be read.
    fields: Mapped[list | None] = mapped_column(JSON)
