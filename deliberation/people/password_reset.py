"""Forgotten passwords: a member asks for a link by email; it works once, for an hour.

A reset link is an invitation made on demand (invitations.py): only its token's SHA-256 is
stored, and setting the password voids every other open link of the member. The answer is the
same whether or not the address is on the roll, and the mail goes out in the background, so
neither the page nor its timing tells who is a member. Requests are limited per address
(PASSWORD_RESETS_ALLOWED, 3 an hour) so nobody can flood a member's inbox.
"""
import logging
import secrets
import threading
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from deliberation.auth.throttle import reset_throttle
from deliberation.mail import Mailer
from deliberation.models import Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.people.invitations import digest, invitation_link
from deliberation.people.models import Invitation
from deliberation.unit_of_work import after_commit
from extensions import db

log = logging.getLogger(__name__)
RESET_MINUTES = 60


def request_reset(email: str) -> None:
    """Mail a one-hour link to set a new password, if the address is a member's and not over its limit."""
    email = email.strip().lower()
    limit = reset_throttle()
    if limit.wait_seconds(email):
        return
    limit.count(email)
    member = db.session.scalar(select(Member).where(Member.email == email))
    if member is None:
        return
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(Invitation(member_id=member.id, token_hash=digest(token), sent_at=now,
                              expires_at=now + timedelta(minutes=RESET_MINUTES)))
    record("password.reset_requested", f"member:{member.id}", member.id)
    email, name, link = member.email, member.name, invitation_link(token)
    after_commit(lambda: _send_later(email, name, link))  # the link works only once its row is stored


def _message(name: str, link: str) -> tuple[str, str]:
    with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "en")):
        subject = _("Set a new password for Refound")
        body = _("Hello %(name)s,\n\nSomeone, probably you, asked to set a new password for your Refound "
                 "account. Set it here:\n\n%(link)s\n\nThe link works once and for %(minutes)d minutes. If "
                 "you did not ask, ignore this message: your password stays as it is.\n",
                 name=name, link=link, minutes=RESET_MINUTES)
    return subject, body


def _send_later(email: str, name: str, link: str) -> None:
    app = current_app._get_current_object()

    def send() -> None:
        with app.app_context():
            try:
                with Mailer() as mailer:
                    mailer.send(email, *_message(name, link))
            except Exception:  # nobody is waiting on this thread: log it; the member can ask again
                log.exception("Could not send a password reset mail")
    threading.Thread(target=send, name="password-reset-mail", daemon=True).start()
