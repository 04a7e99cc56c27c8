"""The auth area's wiring: the "auth" blueprint (sign-in, sign-out, the account page) and the
login loaders that say who a request is."""
from flask import Flask

from deliberation.auth import bp
from deliberation.auth import loaders, routes  # noqa: F401  (the loaders register on login_manager, the handlers on bp)


def register(app: Flask) -> None:
    app.register_blueprint(bp)
