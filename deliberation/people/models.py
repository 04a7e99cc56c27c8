"""Invitations to set a password: queued on import, sent by mail, used once."""
from datetime import datetime

from sqlalchemy import ForeignKey, String
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
