"""Which pages may open /live: the request's own origin, the public URL's, ALLOWED_ORIGINS."""
import pytest

from deliberation.live import origins


class App:
    def __init__(self, **config):
        self.config = {"PUBLIC_URL": "https://refound.example.org", "ALLOWED_ORIGINS": []} | config


def environ(host="app.example.org:8443", scheme="https", app=None, **extra):
    return {"wsgi.url_scheme": scheme, "HTTP_HOST": host, "flask.app": app or App()} | extra


@pytest.mark.parametrize("url, origin", [
    ("https://Refound.Example.org/", "https://refound.example.org"),
    ("https://refound.example.org:443/path?q", "https://refound.example.org"),
    ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
    ("http://[::1]:8080", "http://[::1]:8080"),
    ("null", None), ("", None), ("/relative", None), ("http://host:99999", None),
])
def test_origin_of(url, origin):
    assert origins.origin_of(url) == origin


@pytest.mark.parametrize("origin, ok", [
    ("https://app.example.org:8443", True),  # the request's own
    ("https://refound.example.org", True),  # PUBLIC_URL's
    ("http://app.example.org:8443", False),  # another scheme
    ("https://app.example.org", False),  # another port
    ("https://app.example.org:8443.evil.example", False),
    ("http://evil.example", False), ("null", False), ("", False), (None, False),
])
def test_allowed(origin, ok):
    assert origins.allowed(origin, environ()) is ok


def test_allowed_origins_and_a_proxy():
    app = App(ALLOWED_ORIGINS=["https://other.example.org", "junk"])
    assert origins.allowed("https://other.example.org", environ(app=app))
    behind = environ(host="127.0.0.1:5000", scheme="http", HTTP_X_FORWARDED_PROTO="https",
                     HTTP_X_FORWARDED_HOST="members.example.org")
    assert origins.allowed("https://members.example.org", behind)
    assert origins.allowed("http://127.0.0.1:5000", behind)


def test_refused_only_when_an_origin_names_another_site():
    assert not origins.refused(environ())
    assert not origins.refused(environ(HTTP_ORIGIN="https://app.example.org:8443"))
    assert origins.refused(environ(HTTP_ORIGIN="http://evil.example"))
