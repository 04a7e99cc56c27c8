"""Outgoing mail over SMTP, configured from the environment (SMTP_HOST and friends).

Without SMTP_HOST nothing is sent: each message is logged at INFO instead, so a
laptop install still shows the invitation links. Never configure it that way in
production, since the log then holds sign-up links.
"""
import logging
import smtplib
import ssl
from email.message import EmailMessage
from typing import Self

from flask import current_app

log = logging.getLogger(__name__)


class Mailer:
    """One SMTP connection for a batch of messages: `with Mailer() as m: m.send(...)`."""

    def __init__(self, timeout: float = 15.0):
        self.config = current_app.config
        self.timeout = timeout
        self.smtp: smtplib.SMTP | None = None

    @property
    def configured(self) -> bool:
        return bool(self.config.get("SMTP_HOST"))

    def __enter__(self) -> Self:
        if self.configured:
            self.smtp = smtplib.SMTP(self.config["SMTP_HOST"], self.config["SMTP_PORT"], timeout=self.timeout)
            if self.config.get("SMTP_STARTTLS"):
                self.smtp.starttls(context=ssl.create_default_context())
            if self.config.get("SMTP_USER"):
                self.smtp.login(self.config["SMTP_USER"], self.config.get("SMTP_PASSWORD") or "")
        return self

    def __exit__(self, *exc) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except smtplib.SMTPException:
                self.smtp.close()
            self.smtp = None

    def send(self, to: str, subject: str, body: str) -> None:
        """Send one plain-text message (or log it when SMTP is not configured)."""
        if self.smtp is None:
            log.info("SMTP_HOST is not set; not sending mail to %s. Subject: %s\n%s", to, subject, body)
            return
        message = EmailMessage()
        message["From"] = self.config["SMTP_FROM"]
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        self.smtp.send_message(message)
