"""JSON API v1: one blueprint; each area adds its routes in its own api module."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from deliberation.api import errors, openapi  # noqa: E402,F401
