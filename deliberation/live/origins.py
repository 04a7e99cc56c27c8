"""Which web pages may open a /live connection: the site's own, never another site's.

A browser sends its cookies with a WebSocket (and with a cross-origin XHR made
``withCredentials``) whatever page opened it, so without this check any site a
signed-in member visits could edit documents as them (cross-site WebSocket
hijacking). SameSite=Lax does not stop a page on another port of the same host,
which is the same *site*. What the browser does send, and a page cannot forge,
is the ``Origin`` header; Engine.IO calls ``allowed`` with it on every request
of a connection (the polling requests, the WebSocket upgrade) and refuses the
request with 400 when it returns False.

Allowed: the origin the request itself was made to (scheme, host and port, as
python-engineio does by default: ``X-Forwarded-Proto``/``-Host`` when present,
which a browser page cannot set on these requests), REFOUND_PUBLIC_URL's, and
those in ALLOWED_ORIGINS. Compared exactly, lower-cased, default ports dropped.

A request with no ``Origin`` at all is allowed, whatever its credentials:
bearer-token clients (scripts, the acceptance tests, bench/) send none, and
neither does the site's own page for the first long-polling request, a
same-origin GET. Browsers always send Origin on a WebSocket, on any POST and on
a cross-origin XHR or fetch; a cross-site request without it can only be a
"no-cors" one (an image, a script tag, a top-level form GET), whose response
the other page cannot read, so it never learns the Engine.IO session id it
would need to send the connect packet or any later message, and those travel
in POSTs that do carry its Origin.
"""
from __future__ import annotations

from urllib.parse import urlsplit

_DEFAULT_PORTS = {"http": "80", "https": "443", "ws": "80", "wss": "443"}


def origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of a URL or origin, lower-cased, without a default port; None if
    it has no scheme or host (a bare path, ``null``, junk)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "")
    if not scheme or not host:
        return None
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if port is not None and str(port) != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    return f"{scheme}://{host}"


def configured(public_url: str | None, allowed: list[str] | tuple[str, ...] = ()) -> frozenset[str]:
    """The origins a deployment names: its public URL's and ALLOWED_ORIGINS."""
    found = {origin_of(value) for value in (public_url or "", *allowed)}
    return frozenset(o for o in found if o)


def own(environ: dict) -> set[str]:
    """The origin(s) this request was made to, as python-engineio computes them by default."""
    scheme, host = environ.get("wsgi.url_scheme", "http"), environ.get("HTTP_HOST")
    if not host:
        return set()
    found = {origin_of(f"{scheme}://{host}")}
    if "HTTP_X_FORWARDED_PROTO" in environ or "HTTP_X_FORWARDED_HOST" in environ:
        scheme = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
        host = environ.get("HTTP_X_FORWARDED_HOST", host).split(",")[0].strip()
        found.add(origin_of(f"{scheme}://{host}"))
    return {o for o in found if o}


def allowed(origin: str | None, environ: dict | None = None) -> bool:
    """Engine.IO's ``cors_allowed_origins`` callable: may a page at ``origin`` use this server?

    Engine.IO asks only when the request has an Origin; ``None`` (asked when it builds
    CORS headers for a request without one) grants no CORS header."""
    if not origin:
        return False
    environ = environ or {}
    wanted = origin_of(origin)
    if wanted is None:
        return False
    app = environ.get("flask.app")
    if app is not None:
        config = app.config
        if wanted in configured(config.get("PUBLIC_URL"), config.get("ALLOWED_ORIGINS") or ()):
            return True
    return wanted in own(environ)


def refused(environ: dict) -> bool:
    """True when a connection's request names another site in its Origin header."""
    origin = environ.get("HTTP_ORIGIN")
    return bool(origin) and not allowed(origin, environ)
