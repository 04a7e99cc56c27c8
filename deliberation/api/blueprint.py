"""The "api" blueprint under /api/v1, with the error and OpenAPI handlers. Each area's api module
adds its routes to it; that area's blueprint.py imports the module."""
from flask import Blueprint, Flask

from extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from deliberation.api import errors, openapi  # noqa: E402  (openapi's route is on bp)

bp.after_request(errors.keep_token_marks)


def register(app: Flask) -> None:
    csrf.exempt(bp)  # bearer tokens only, never cookies, so no cross-site forgery
    app.register_blueprint(bp)
