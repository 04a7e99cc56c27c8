"""Local groups' proposals: drafted live, submitted as frozen versions."""
from flask import Blueprint

bp = Blueprint("proposals", __name__)

from deliberation.proposals import routes, api  # noqa: E402,F401
