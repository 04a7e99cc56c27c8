"""Fixtures for the integration tests that more than one module needs."""
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from ballot_server import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def inbox(app):
    """A local SMTP server on 127.0.0.1 that keeps every message; the app is pointed at it."""
    box = Inbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_FROM="ro@example.org")
    yield box
    controller.stop()
