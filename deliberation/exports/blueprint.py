"""The exports' URLs: the "exports" blueprint (downloads from the pages, signed in by session)
and their API routes on the api blueprint (bearer tokens)."""
from flask import Blueprint, Flask

bp = Blueprint("exports", __name__)

from deliberation.exports import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
