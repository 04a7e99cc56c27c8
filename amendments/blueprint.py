"""The amendments area's URLs: the "amendments" blueprint (versions, amendments, the draft, the
chairs' merge page) and its API routes on the api blueprint."""
from flask import Blueprint, Flask

bp = Blueprint("amendments", __name__)

from amendments import api, list_routes, merge_routes, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
