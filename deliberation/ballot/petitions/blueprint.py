"""The petitions' URLs: the "petitions" blueprint (a petition's page, signing it) and their API
routes on the api blueprint."""
from flask import Blueprint, Flask

bp = Blueprint("petitions", __name__)

from deliberation.ballot.petitions import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
