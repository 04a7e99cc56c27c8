"""Sign-ins: one row per browser session, so ending one on the server ends every copy of its cookie."""
import hashlib
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberation.models.member import Member
from deliberation.models.timeutil import utcnow
from extensions import db


class SignIn(db.Model):
    """A signed-in browser. The cookie holds a random secret; only its SHA-256 is stored, so a
    database leak signs no one in. Rows are kept when they end (who signed out, when, why)."""

    __tablename__ = "sign_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    #: The browser's User-Agent (cut to 300 characters), so the account page can say which device.
    user_agent: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Updated at most every few minutes (auth/sessions.py), not on every request.
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    #: signed_out, signed_out_elsewhere, password_changed, password_reset, idle.
    end_reason: Mapped[str | None] = mapped_column(String(30))

    member = relationship(Member)

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()
