"""The home page: the assemblies a member can take part in."""
from flask import render_template
from flask_login import current_user

from deliberation.models import Assembly
from deliberation.web import bp
from extensions import db


@bp.route("/")
def home():
    assemblies = db.session.scalars(db.select(Assembly).order_by(Assembly.id.desc())).all() \
        if current_user.is_authenticated else []
    return render_template("home.html", assemblies=assemblies)


@bp.after_app_request
def security_headers(response):
    """A strict policy: no inline script, no third-party anything."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
