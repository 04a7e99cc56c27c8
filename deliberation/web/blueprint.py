"""Site-wide wiring: the "web" blueprint (home page, CSP nonce, security headers, the load
balancer's health checks), the error pages, and the input and output guards for every request."""
from flask import Blueprint, Flask

bp = Blueprint("web", __name__)

from deliberation.web import health, routes, safety, transaction  # noqa: E402,F401  (handlers on bp)
from deliberation.web.errors import install_error_handlers  # noqa: E402


def register(app: Flask) -> None:
    app.register_blueprint(bp)
    install_error_handlers(app)
    safety.install(app)
    transaction.install(app)
