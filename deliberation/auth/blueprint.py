"""The auth area's wiring: the "auth" blueprint (sign-in, sign-out, the account page) and the
login loaders that say who a request is."""
from flask import Blueprint, Flask

bp = Blueprint("auth", __name__)

# The handlers take bp from here, so they are imported once it exists.
from deliberation.auth import loaders, routes  # noqa: E402,F401  (loaders register on login_manager, handlers on bp)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
