"""The live area's pages: the chairs' resolution of a collision in the live merge draft. (The
/live Socket.IO namespace registers itself when live/events.py is imported.)"""
from flask import Blueprint, Flask

bp = Blueprint("live", __name__)

from deliberation.live import merge_routes  # noqa: E402,F401  (its handlers are on bp)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
