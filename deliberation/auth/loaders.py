"""How a request says who it is: a session cookie (web pages) or a bearer token (API, sockets)."""
from datetime import timedelta

from sqlalchemy.orm import joinedload

from deliberation.auth import sessions
from deliberation.models import ApiToken, Member
from deliberation.models.timeutil import utcnow
from deliberation.text_input import storable
from extensions import db, login_manager


@login_manager.user_loader
def load_member(session_id: str) -> Member | None:
    """The member whose sign-in the session names, unless it has ended (auth/sessions.py)."""
    return sessions.load(session_id)


def member_for_token(token: str | None) -> Member | None:
    """The member a plain API token belongs to, or None if unknown or revoked.

    Marks the token used at most once an hour, so the account page can say when it
    was last used without a write on every request.
    """
    if not token or len(token) > 200 or not storable(token):  # no token holds a lone surrogate
        return None
    row = db.session.scalar(db.select(ApiToken).options(joinedload(ApiToken.member))
                            .where(ApiToken.digest == ApiToken.digest_of(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    if row.last_used_at is None or now - row.last_used_at > timedelta(hours=1):
        # Rides along with the request's own commit (see deliberation/web/transaction.py), not a commit of
        # its own.
        row.last_used_at = now
    return row.member
