"""Sign-in, sessions, API tokens and the permission rules every route uses."""
from flask import Blueprint

# The "auth" blueprint; wired by blueprint.py. It is created here rather than there only because
# routes.py still imports it from the package.
bp = Blueprint("auth", __name__)
