"""What both Socket.IO namespaces (/live and /discussion) share: who is connecting, and the
shape of an error acknowledgement (API.md)."""
from __future__ import annotations

from flask import g
from flask_login import current_user

from deliberation.auth.loaders import member_for_token
from deliberation.models import Member


def error(code: str, message: str) -> dict:
    return {"ok": False, "error": {"code": code, "message": message}}


def authenticate(auth) -> Member | None:
    """A token in the Socket.IO auth payload, else the browser's Flask-Login session."""
    if isinstance(auth, dict) and auth.get("token") is not None:
        token = auth.get("token")
        return member_for_token(token) if isinstance(token, str) else None
    g.pop("_login_user", None)  # an app context reused by a test client may cache someone else
    g.pop("sign_in", None)
    user = current_user._get_current_object() if current_user else None
    return user if user is not None and user.is_authenticated else None
