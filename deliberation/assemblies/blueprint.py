"""The assemblies area's URLs: the "assemblies" blueprint and its API routes on the api blueprint."""
from flask import Blueprint, Flask

bp = Blueprint("assemblies", __name__, template_folder="../../templates")

from deliberation.assemblies import api, routes  # noqa: E402,F401  (their handlers are on bp and the api blueprint)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
