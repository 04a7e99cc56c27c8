"""Inviting new members to set a password: queue on import, send by mail, accept once."""
import hashlib
import logging
import secrets
import smtplib
from collections.abc import Callable
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select

from deliberation.auth.passwords import MIN_PASSWORD, hash_password
from deliberation.auth.sessions import end_all
from deliberation.auth.throttle import throttle
from deliberation.errors import Invalid, NotFound
from deliberation.mail import Mailer
from deliberation.models import Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.people.models import Invitation
from deliberation.unit_of_work import UnitOfWork, after_commit
from extensions import db

log = logging.getLogger(__name__)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def queue_invitations(member_ids: list[int]) -> int:
    """Queue an invitation for each member that has no password yet (the caller commits)."""
    if not member_ids:
        return 0
    without_password = []
    for start in range(0, len(member_ids), 5000):
        chunk = member_ids[start:start + 5000]
        without_password += db.session.scalars(select(Member.id).where(
            Member.id.in_(chunk), Member.password_hash.is_(None)))
    if without_password:
        db.session.execute(insert(Invitation), [{"member_id": mid} for mid in without_password])
    return len(without_password)


def pending_count() -> int:
    return db.session.scalar(select(db.func.count(Invitation.id)).where(Invitation.sent_at.is_(None)))


def invitation_link(token: str) -> str:
    return f"{current_app.config['PUBLIC_URL']}/invite/{token}"


def _message(name: str, link: str, days: int) -> tuple[str, str]:
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        subject = _("Your invitation to Refound")
        body = _("Hello %(name)s,\n\nYou are on the membership roll. Set your password here to take part "
                 "and vote:\n\n%(link)s\n\nThe link works once and for %(days)d days.\n",
                 name=name, link=link, days=days)
    return subject, body


def send_invitations(member_ids: list[int] | None = None, progress: Callable[[int], None] | None = None,
                     batch: int = 200) -> dict:
    """Send queued invitations (all, or those of member_ids) over one SMTP connection per batch.

    The token is made here and only its hash kept; a message that fails to send stays queued.
    """
    query = (select(Invitation.id, Member.email, Member.name).join(Member, Member.id == Invitation.member_id)
             .where(Invitation.sent_at.is_(None)).order_by(Invitation.id))
    if member_ids is not None:
        query = query.where(Invitation.member_id.in_(member_ids))
    todo = db.session.execute(query).all()
    days = current_app.config.get("INVITE_DAYS", 14)
    sent = failed = 0
    for start in range(0, len(todo), batch):
        chunk = todo[start:start + batch]
        before = sent
        with UnitOfWork():  # each batch's sent marks are stored, even when the connection then fails
            try:
                with Mailer() as mailer:
                    for invitation_id, email, name in chunk:
                        token = secrets.token_urlsafe(32)
                        try:
                            mailer.send(email, *_message(name, invitation_link(token), days))
                        except smtplib.SMTPRecipientsRefused:
                            continue
                        now = utcnow()
                        db.session.execute(db.update(Invitation).where(Invitation.id == invitation_id).values(
                            token_hash=digest(token), sent_at=now, expires_at=now + timedelta(days=days)))
                        sent += 1
            except (OSError, smtplib.SMTPException) as err:
                log.warning("Sending invitations stopped: %s; the rest stay queued.", err)
                failed += len(chunk) - (sent - before)
                break
            failed += len(chunk) - (sent - before)
        if progress:
            progress(len(chunk))
    if sent:
        with UnitOfWork() as uow:
            uow.record("invitation.send", "roll", None, sent=sent, failed=failed)
    return {"sent": sent, "failed": failed, "pending": pending_count()}


def find_invitation(token: str) -> Invitation:
    """The usable invitation for a link's token, or NotFound (unknown, used or expired alike)."""
    row = None
    if token and len(token) < 200:
        row = db.session.scalar(select(Invitation).where(Invitation.token_hash == digest(token)))
    if row is None or row.used_at is not None or row.expires_at is None or row.expires_at < utcnow():
        raise NotFound("This link is unknown, already used or expired.", code="invitation")
    return row


def accept_invitation(token: str, password: str) -> Member:
    """Set the member's password from an invitation; the link then stops working, and every
    browser signed in as the member is signed out."""
    invitation = find_invitation(token)
    if not isinstance(password, str) or len(password) < MIN_PASSWORD:
        raise Invalid(f"Choose a password of at least {MIN_PASSWORD} characters.", field="password")
    member = db.session.get(Member, invitation.member_id)
    member.password_hash = hash_password(password)
    now = utcnow()
    db.session.execute(db.update(Invitation).where(
        Invitation.member_id == member.id, Invitation.used_at.is_(None)).values(used_at=now))
    record("invitation.accept", f"member:{member.id}", member.id)
    end_all(member, "password_reset")  # whoever held a session with the old password is out
    email = member.email
    after_commit(lambda: throttle().succeeded(email))  # the new password, once stored, lifts any lock
    return member
