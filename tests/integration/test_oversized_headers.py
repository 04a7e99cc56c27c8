"""Headers the server cannot read (over 64 KB a line, over 100 of them) get the app's own error,
JSON under /api/ and a page elsewhere, from a real `python app.py` and a production gunicorn, not
gevent's empty 400."""
import json
import socket

import pytest
from live_servers import Server

from deploy.run_prod import gunicorn_command


@pytest.fixture(scope="module", params=["app.py", "gunicorn"])
def server(request, tmp_path_factory):
    """`python app.py`, and gunicorn as `make run-prod` runs it (its worker uses the same handler)."""
    command = gunicorn_command() if request.param == "gunicorn" else None
    running = Server(tmp_path_factory.mktemp("headers"), command=command)
    yield running
    running.stop()


def _raw(server, path: str, headers: list[bytes]) -> tuple[int, bytes, bytes]:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as conn:
        conn.sendall(b"GET " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     + b"".join(h + b"\r\n" for h in headers) + b"\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    head, _sep, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), head, body


HOSTILE = {
    "authorization": [b"Authorization: Bearer " + b"x" * 70_000],
    "cookie": [b"Cookie: session=" + b"x" * 70_000],
    "many": [b"X-Filler-%d: 1" % i for i in range(150)],
}


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_api_gets_a_json_error(server, kind):
    status, head, body = _raw(server, "/api/v1/assemblies/1", HOSTILE[kind])
    assert status == 431 and b"application/json" in head
    error = json.loads(body)["error"]
    assert error["code"] == "headers_too_large" and error["message"]


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_pages_get_an_error_page(server, kind):
    status, head, body = _raw(server, "/login", HOSTILE[kind])
    assert status == 431 and b"text/html" in head
    assert b"<html" in body and b"cookies" in body


def test_a_large_but_readable_header_reaches_the_app(server):
    status, _head, body = _raw(server, "/api/v1/assemblies/1", [b"Authorization: Bearer " + b"x" * 20_000])
    assert status == 401 and json.loads(body)["error"]["code"] == "unauthorized"
