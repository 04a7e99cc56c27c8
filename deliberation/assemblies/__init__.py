"""Assemblies: the base text, phases, deadlines and chairs."""
from flask import Blueprint

bp = Blueprint("assemblies", __name__, template_folder="../../templates")

from deliberation.assemblies import routes, api  # noqa: E402,F401
