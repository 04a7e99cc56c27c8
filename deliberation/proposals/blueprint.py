"""The proposals area's URLs: the "proposals" blueprint and its API routes on the api blueprint."""
from flask import Blueprint, Flask

bp = Blueprint("proposals", __name__)

from deliberation.proposals import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
