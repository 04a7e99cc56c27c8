"""The roll import's URLs: the "roll" blueprint (upload, progress, report, CSV files) and its API
route on the api blueprint."""
from flask import Blueprint, Flask

bp = Blueprint("roll", __name__)

from deliberation.people.roll import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
