"""The home page: the assemblies a member can take part in."""
import secrets

from flask import g, render_template
from flask_login import current_user

from deliberation.models import Assembly
from deliberation.web.blueprint import bp
from extensions import db


@bp.route("/")
def home():
    assemblies = db.session.scalars(db.select(Assembly).order_by(Assembly.id.desc())).all() \
        if current_user.is_authenticated else []
    return render_template("home.html", assemblies=assemblies)


def csp_nonce() -> str:
    """A per-response nonce: the editor's generated <style> elements carry it, nothing else may."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


@bp.app_context_processor
def inject_nonce():
    return {"csp_nonce": csp_nonce}


@bp.after_app_request
def security_headers(response):
    """A strict policy: no inline script, no third-party anything. Style attributes are allowed
    (the editor colours each person's cursor with them; they cannot run script)."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self'; "
        f"style-src 'self' 'nonce-{csp_nonce()}'; style-src-attr 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    return response
