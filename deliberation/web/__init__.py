"""Site-wide pages (home), error pages and security headers."""
from flask import Blueprint

bp = Blueprint("web", __name__)

from deliberation.web import routes  # noqa: E402,F401
from deliberation.web.errors import install_error_handlers  # noqa: E402,F401
