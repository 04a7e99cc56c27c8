"""The audit area's wiring: the "audit" blueprint (the log page), its API routes on the api
blueprint, and the `flask audit` commands."""
from flask import Blueprint, Flask

bp = Blueprint("audit", __name__)

from deliberation.audit import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)
from deliberation.audit.cli import audit  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    app.cli.add_command(audit)
