"""The ballot area's URLs: the "ballot" blueprint (run a ballot, vote, results), its API routes
on the api blueprint, and the petitions that lead to a ballot."""
from flask import Blueprint, Flask

bp = Blueprint("ballot", __name__)

from deliberation.ballot import api, results_routes, routes, vote_routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)
from deliberation.ballot.petitions import blueprint as petitions  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    petitions.register(app)
