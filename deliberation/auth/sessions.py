"""Sign-ins kept on the server, so signing out ends the session and not just this cookie.

Flask's session is a signed cookie: a copy keeps working wherever it is replayed. So the
session holds `<member id>.<secret>` and each request looks the secret up in sign_ins; signing
out, "sign out everywhere else", a new password or a reset end rows, and every copy of their
cookies with them. Live connections opened with an ended sign-in are disconnected (the
`sign_ins_ended` signal; live/hub.py).
"""
from __future__ import annotations

import hmac
import secrets
from datetime import timedelta

from flask import current_app, g, request, session
from flask_login import login_user, logout_user
from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from deliberation.models import Member, SignIn
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.signals import sign_ins_ended
from deliberation.unit_of_work import after_commit
from extensions import db

#: last_seen_at is written at most this often per sign-in, not on every request.
SEEN_EVERY = timedelta(minutes=5)


def begin(member: Member) -> SignIn:
    """Sign the member in on this browser: a new row, and its secret in the session cookie."""
    secret = secrets.token_urlsafe(32)
    row = SignIn(member_id=member.id, digest=SignIn.digest_of(secret),
                 user_agent=(request.headers.get("User-Agent") or "")[:300])
    db.session.add(row)
    db.session.flush()
    login_user(member)
    # Flask-Login stored member.get_id(); the session names this sign-in instead (see load()). The
    # secret is new at every sign-in, so a session planted before it (fixation) names nobody.
    session["_user_id"] = f"{member.id}.{secret}"
    g.sign_in = row
    record("member.login", f"member:{member.id}", member.id, sign_in=row.id)
    return row


def load(session_id: str) -> Member | None:
    """The member of a live sign-in named by a session, or None (unknown, ended or idle)."""
    member_id, _dot, secret = str(session_id).partition(".")
    if not secret or len(secret) > 100 or not member_id.isdigit():
        return None
    # One query per request: the member comes with the sign-in.
    row = db.session.scalar(select(SignIn).options(joinedload(SignIn.member))
                            .where(SignIn.digest == SignIn.digest_of(secret)))
    if row is None or row.ended_at is not None or not hmac.compare_digest(str(row.member_id), member_id):
        return None
    now = utcnow()
    if now - row.last_seen_at > timedelta(days=current_app.config.get("SIGN_IN_IDLE_DAYS", 14)):
        _end([row], "idle")  # stored by the request's commit (web/transaction.py)
        return None
    g.sign_in = row
    if now - row.last_seen_at > SEEN_EVERY:
        g.sign_in_seen = now  # written after the request (mark_seen), not in the middle of it
    return row.member


def current() -> SignIn | None:
    """This request's sign-in (after current_user has been loaded)."""
    return g.get("sign_in")


def mark_seen() -> None:
    """After a request that used a sign-in not seen for a while: note when, in its own statement
    (the request hook calls this after rolling back a refused request, then commits)."""
    seen = g.pop("sign_in_seen", None)
    row = g.get("sign_in")
    if seen is not None and row is not None:
        db.session.execute(update(SignIn).where(SignIn.id == row.id).values(last_seen_at=seen))


def end_current(reason: str = "signed_out") -> None:
    """Sign out here: the row ends, so a copy of this cookie stops working too."""
    row = current()
    if row is not None:
        _end([db.session.merge(row)], reason)
    logout_user()
    session.clear()


def end_others(member: Member, reason: str) -> int:
    """End the member's sign-ins except this browser's; how many ended."""
    keep = current()
    query = select(SignIn).where(SignIn.member_id == member.id, SignIn.ended_at.is_(None))
    if keep is not None:
        query = query.where(SignIn.id != keep.id)
    return _end(db.session.scalars(query).all(), reason)


def end_all(member: Member, reason: str) -> int:
    rows = db.session.scalars(select(SignIn).where(SignIn.member_id == member.id,
                                                   SignIn.ended_at.is_(None))).all()
    return _end(rows, reason)


def end_one(member: Member, sign_in_id: int, reason: str = "signed_out_elsewhere") -> bool:
    """End one of the member's own sign-ins (the account page's list); False if not theirs or ended."""
    row = db.session.get(SignIn, sign_in_id)
    if row is None or row.member_id != member.id or row.ended_at is not None:
        return False
    return _end([row], reason) == 1


def active(member: Member) -> list[SignIn]:
    return db.session.scalars(select(SignIn).where(SignIn.member_id == member.id, SignIn.ended_at.is_(None))
                              .order_by(SignIn.last_seen_at.desc())).all()


def _end(rows: list[SignIn], reason: str) -> int:
    now = utcnow()
    for row in rows:
        row.ended_at, row.end_reason = now, reason
        record("member.logout", f"member:{row.member_id}", row.member_id, sign_in=row.id, reason=reason)
    if rows:
        ids = [row.id for row in rows]
        db.session.flush()
        # Live connections go once the change is stored: after this request's commit.
        app = current_app._get_current_object()
        after_commit(lambda: sign_ins_ended.send(app, ids=ids))
    return len(rows)
