"""The "api" blueprint under /api/v1, with the error and OpenAPI handlers. Each area's api module
adds its routes to it; that area's blueprint.py imports the module."""
from flask import Blueprint, Flask

from extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from deliberation.api import openapi  # noqa: E402,F401  (openapi's route is on bp)


def register(app: Flask) -> None:
    csrf.exempt(bp)  # bearer tokens only, never cookies, so no cross-site forgery
    app.register_blueprint(bp)
