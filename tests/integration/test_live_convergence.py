"""Real server processes and a dozen Python Yjs peers: concurrent edits converge
everywhere, acknowledged edits survive SIGKILL, and two processes sharing a
database and Redis keep their clients in step."""
import os
import threading

import pytest
from live_servers import Server, api_text, db_text, edit_together, live_world, wait_converged

from deliberation.live.client import LiveClient

pytestmark = pytest.mark.timeout(240)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
START = "Grüße aus Cymru: ŵ ŷ — 日本語 👩‍👩‍👧\nSecond line.\n"


@pytest.fixture
def world(app, make_member, make_group, make_assembly, token_for):
    return live_world(make_member, make_group, make_assembly, token_for, 12, START)


@pytest.fixture
def servers(tmp_path):
    started = []

    def start(**kw):
        server = Server(tmp_path, **kw)
        started.append(server)
        return server
    yield start
    for server in started:
        server.stop()


def connect_all(server_urls, tokens, room):
    clients = []
    for i, token in enumerate(tokens):
        clients.append(LiveClient(server_urls[i % len(server_urls)], token, room).connect())
    return clients


def close_all(clients):
    """In parallel: each websocket close waits up to 3 s for the closing handshake."""
    threads = [threading.Thread(target=c.close) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)


def test_twelve_peers_converge_with_the_server_and_database(world, servers):
    proposal_id, room, tokens = world
    server = servers()
    clients = connect_all([server.url], tokens, room)
    try:
        assert all(c.text == START for c in clients)
        edit_together(clients, ops=40)
        text = wait_converged(clients)
        assert text != START
        assert api_text(server.url, tokens[0], proposal_id) == text
        assert db_text(room) == text
        late = LiveClient(server.url, tokens[1], room).connect()
        assert late.text == text
        close_all([late])
    finally:
        close_all(clients)


def test_acknowledged_edits_survive_sigkill(world, servers, tmp_path):
    proposal_id, room, tokens = world
    server = servers()
    clients = connect_all([server.url], tokens[:4], room)
    edit_together(clients, ops=30, pause=0.002)
    text = wait_converged(clients)
    server.kill()
    close_all(clients)
    again = servers(port=server.port)
    reader = LiveClient(again.url, tokens[5], room).connect()
    try:
        assert reader.text == text
        assert api_text(again.url, tokens[0], proposal_id) == text
    finally:
        close_all([reader])


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        import redis
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
        return url
    except Exception as exc:
        if IN_CI:
            pytest.fail(f"Redis is unreachable at {url} in CI: {exc}")
        pytest.skip(f"Redis is unreachable at {url}")


def test_two_processes_with_redis_converge(world, servers):
    redis_url = _redis_url()
    proposal_id, room, tokens = world
    one, two = servers(redis_url=redis_url), servers(redis_url=redis_url)
    clients = connect_all([one.url, two.url], tokens, room)
    try:
        edit_together(clients, ops=30)
        text = wait_converged(clients)
        assert api_text(one.url, tokens[0], proposal_id) == text == api_text(two.url, tokens[1], proposal_id)
        assert db_text(room) == text
        late = [LiveClient(s.url, tokens[2], room).connect() for s in (one, two)]
        assert [c.text for c in late] == [text, text]
        close_all(late)
    finally:
        close_all(clients)


def test_websocket_frames_are_not_compressed_even_when_the_client_offers_it(servers):
    """Deflating every frame for every recipient was a large share of a broadcast's cost."""
    import websocket
    server = servers()
    offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits"
    ws = websocket.create_connection(server.url.replace("http", "ws")
                                     + "/socket.io/?EIO=4&transport=websocket", header=[offer], timeout=10)
    try:
        assert ws.recv().startswith("0{")  # the Engine.IO handshake came through the upgraded socket
        headers = {k.lower(): v for k, v in ws.getheaders().items()}
        assert "sec-websocket-extensions" not in headers
    finally:
        ws.close()
