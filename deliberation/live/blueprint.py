"""The live area's pages: the chairs' resolution of a collision in the live merge draft. (The
/live Socket.IO namespace registers itself when live/events.py is imported.) With Redis, the
gate that shuts live handshakes while this process is cut off from the others (isolation.py)."""
from flask import Blueprint, Flask

from deliberation.live.isolation import GATE, Gate

bp = Blueprint("live", __name__)

from deliberation.live import merge_routes  # noqa: E402,F401  (its handlers are on bp)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    if app.config.get("REDIS_URL"):
        app.extensions[GATE] = gate = Gate(app.wsgi_app)
        app.wsgi_app = gate
