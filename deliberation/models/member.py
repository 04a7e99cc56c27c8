"""Members and their API tokens."""
import hashlib
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from deliberation.models.timeutil import utcnow
from extensions import db


class Member(UserMixin, db.Model):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    #: argon2 hash; None until the member sets a password from an invitation.
    password_hash: Mapped[str | None] = mapped_column(String(200))
    member_number: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: On the roll and entitled to vote (frozen into each ballot's electorate when it opens).
    eligible: Mapped[bool] = mapped_column(default=True)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_returning_officer: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    #: Loaded when first used: the vote path never needs it.
    memberships = relationship("Membership", back_populates="member", lazy="select")

    def get_id(self) -> str:
        """Flask-Login's name for the member; the session itself names a sign-in (auth/sessions.py)."""
        return str(self.id)

    def group_ids(self, role: str | None = None) -> set[int]:
        return {m.group_id for m in self.memberships if role is None or m.role == role}


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    member = relationship(Member)

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, member: Member, label: str = "") -> tuple["ApiToken", str]:
        """Make a token; the plain value is returned once and never stored."""
        plain = "rf_" + secrets.token_urlsafe(32)
        row = cls(member_id=member.id, digest=cls.digest_of(plain), label=label[:100])
        db.session.add(row)
        return row, plain
