"""Cross-site WebSocket hijacking: a page on another site cannot open /live with a member's
cookies; the site's own pages and bearer-token clients (which send no Origin) can."""
import pytest
from pages import sign_in
from test_live_socket import _no_message_queue, edit, setup, yjs  # noqa: F401  (fixtures)

from deliberation.live import protocol, store

pytestmark = pytest.mark.timeout(60)
EVIL = "http://evil.example"
OWN = "http://localhost"  # the Flask test client's host


def by_cookie(app, member, origin):
    """A /live connection authenticated by the member's session cookie, from a page at ``origin``."""
    from extensions import socketio
    browser = app.test_client()
    assert sign_in(browser, member.email, "correct horse").status_code == 302
    return socketio.test_client(app, namespace="/live", flask_test_client=browser,
                                headers={"Origin": origin} if origin else None)


def by_token(app, token, origin=None):
    from extensions import socketio
    return socketio.test_client(app, namespace="/live", auth={"token": token},
                                headers={"Origin": origin} if origin else None)


def writes(client, room) -> bool:
    joined = client.emit("join", {"room": room}, namespace="/live", callback=True)
    return joined == {"ok": True, "writable": True} and \
        yjs(client, room, protocol.update_message(edit("Hello world", 0, "x "))) == {"ok": True}


def test_a_cookie_connection_from_another_site_is_refused(app, setup):
    client = by_cookie(app, setup["writer"], EVIL)
    assert not client.is_connected("/live")
    assert store.live_text(setup["proposal"].room) == "Hello world"


def test_a_cookie_connection_from_the_site_itself_works(app, setup):
    client = by_cookie(app, setup["writer"], OWN)
    assert client.is_connected("/live")
    assert writes(client, setup["proposal"].room)


def test_a_token_client_without_origin_works_and_with_another_sites_is_refused(app, setup):
    token = setup["token"](setup["writer"])
    assert writes(by_token(app, token), setup["proposal"].room)
    assert not by_token(app, token, EVIL).is_connected("/live")


def test_the_public_url_and_allowed_origins_are_accepted(app, setup):
    app.config.update(PUBLIC_URL="https://refound.example.org/", ALLOWED_ORIGINS=["https://other.example.org"])
    for origin in ("https://refound.example.org", "https://other.example.org"):
        assert by_cookie(app, setup["writer"], origin).is_connected("/live")
    assert not by_cookie(app, setup["writer"], "https://refound.example.org.evil.example").is_connected("/live")


@pytest.mark.parametrize("origin, status", [(EVIL, 400), ("null", 400), (OWN, 200), (None, 200)])
def test_engineio_refuses_another_sites_requests_before_any_session(app, client, origin, status):
    """The check the real server makes on every polling request and WebSocket upgrade (the
    Socket.IO test client above skips Engine.IO's HTTP layer)."""
    response = client.get("/socket.io/?EIO=4&transport=polling", headers={"Origin": origin} if origin else {})
    assert response.status_code == status
    if origin == EVIL:
        assert "Access-Control-Allow-Origin" not in response.headers
    if origin == OWN:
        assert response.headers["Access-Control-Allow-Origin"] == OWN
