"""How a request says who it is: a session cookie (web) or a bearer token (API)."""
from flask import Request

from deliberation.models import ApiToken, Member
from deliberation.models.timeutil import utcnow
from extensions import db, login_manager


@login_manager.user_loader
def load_member(member_id: str) -> Member | None:
    try:
        return db.session.get(Member, int(member_id))
    except (TypeError, ValueError):
        return None


def member_for_token(token: str | None) -> Member | None:
    """The member a plain API token belongs to, or None if unknown or revoked."""
    if not token or len(token) > 200:
        return None
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(token)))
    if row is None or row.revoked_at is not None:
        return None
    return row.member


@login_manager.request_loader
def load_from_bearer(request: Request) -> Member | None:
    """Only API routes accept bearer tokens; forms rely on the session plus CSRF."""
    if not request.path.startswith("/api/"):
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return member_for_token(token.strip())


def touch_token(token: str) -> None:
    row = db.session.scalar(db.select(ApiToken).where(ApiToken.digest == ApiToken.digest_of(token)))
    if row is not None:
        row.last_used_at = utcnow()
