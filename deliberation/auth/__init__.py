"""Sign-in, sessions, API tokens and the permission rules every route uses."""
from flask import Blueprint

bp = Blueprint("auth", __name__)

from deliberation.auth import routes  # noqa: E402,F401
