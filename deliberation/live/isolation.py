"""A process cut off from Redis while other processes share its rooms.

Its clients' edits would reach the database but not the other processes' clients (Redis
relays both the broadcasts and the replicas' updates), and theirs would not reach it. So
while Redis is away such a process closes its live connections at the transport level
(Engine.IO: the Socket.IO client reconnects by itself and the editor shows "Reconnecting…")
and answers new live handshakes with 503 and Retry-After, until Redis is back. Nothing
acknowledged is lost: an ack means the update is in the database, every join re-reads the
room's rows, and a client's unacknowledged edits go back with its sync on reconnect.

A process that saw no other process on the relay's channel before Redis went keeps serving
its clients: its manager delivers broadcasts locally (fanout.FramedRedisManager).
"""
from __future__ import annotations

import logging

log = logging.getLogger(__name__)
#: Seconds a client is told to wait before trying again (its own back-off adds to it).
RETRY_AFTER = 2
#: Where the app keeps its gate (app.extensions).
GATE = "refound.live_gate"
_BODY = b"Live editing is reconnecting: this server has lost its link to the other servers.\n"


class Gate:
    """WSGI middleware: while closed, new Socket.IO handshakes get 503 (sessions already
    open carry their sid and are closed by the hub)."""

    def __init__(self, app) -> None:
        self.app = app
        self.closed = False

    def __call__(self, environ, start_response):
        if self.closed and environ.get("PATH_INFO", "").startswith("/socket.io") and \
                "sid=" not in environ.get("QUERY_STRING", ""):
            start_response("503 Service Unavailable", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", str(RETRY_AFTER)),
                ("Cache-Control", "no-store"), ("Content-Length", str(len(_BODY)))])
            return [_BODY]
        return self.app(environ, start_response)


def close_connections(server, namespace: str, sids) -> int:
    """Close these clients' Engine.IO connections (not a Socket.IO disconnect, after which a
    client would not reconnect by itself); how many were open."""
    closed = 0
    for sid in sids:
        eio_sid = server.manager.eio_sid_from_sid(sid, namespace)
        if eio_sid is None:
            continue
        try:
            server.eio.disconnect(eio_sid)
            closed += 1
        except Exception:  # noqa: BLE001 -- already gone
            log.debug("live: %s was already closed", sid)
    return closed
