"""The monkey-patches live co-editing still needs, for python-socketio 5.18.1,
python-engineio 4.15.1 and simple-websocket 1.1.0 only.

Everything else uses the libraries' public API: broadcasts framed once are a
client manager (``client_manager=``, fanout.FramedManager), acks after the
commit are handlers that wait in their own greenlet (``async_handlers``,
events.py and turns.py), the hot path skips Flask-SocketIO's request context
by overriding ``Namespace.trigger_event``, and WebSocket compression is refused
by WSGI middleware (transport.py). What is left has no public hook:

1. **Framed bytes past wsproto** (``SimpleWebSocketWSGI.send``). Engine.IO's
   WebSocket writer hands each queued packet's ``encode()`` to this wrapper,
   which frames it with wsproto for this one recipient. A broadcast framed once
   (fanout.py) must reach the socket as it is. Engine.IO offers no way to choose
   the WebSocket class or to queue raw bytes. The patched send also marks a
   writer that is part-way through a send, so that fanout writes directly only
   to idle sockets.
2. **Each Engine.IO socket knows its WebSocket** (``Socket._websocket_handler``),
   so that under gevent a broadcast can write to an idle client's socket at once
   instead of waking its writer greenlet. Engine.IO keeps the connection in a
   local variable of this method.
3. **One lock around every packet's frames** (``Server._send_packet``). A binary
   Socket.IO packet is a text header plus attachment frames, queued one by one.
   In threading mode the pump's broadcasts and the handlers' acks and replies
   come from different threads, and a frame of one packet between those of
   another makes the receiver take the wrong frame as the attachment
   (python-socketio and socket.io-client both fail this way). Broadcasts take
   the same lock in fanout.FramedManager. Flask-SocketIO builds its
   ``socketio.Server`` itself, so there is no subclass to put the lock in.
   (Under gevent nothing yields while frames are queued. The lock is never
   contended there.)

These patches repeat or lean on private code of exactly these releases.
``install`` therefore refuses (``UnsupportedVersion``) to patch any other
release: a new release must be read, re-measured and pinned again in
requirements.txt and ``PINNED``. tests/unit/live/test_patches.py checks that
the private code still has the shape the patches expect.
"""
from __future__ import annotations

import functools
from importlib import metadata

from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from engineio.socket import Socket
from simple_websocket import ConnectionClosed
from socketio import server

from deliberation.live.fanout import Framed, packet_lock

#: The releases these patches were written for: the pins in requirements.txt.
PINNED = {"python-socketio": "5.18.1", "python-engineio": "4.15.1", "simple-websocket": "1.1.0"}


class UnsupportedVersion(RuntimeError):
    """A library the patches lean on is not the release they were written for."""


def check_versions(installed=metadata.version) -> None:
    """Raise ``UnsupportedVersion`` unless every patched library is at its pinned release."""
    found = {name: installed(name) for name in PINNED}
    wrong = {name: version for name, version in found.items() if version != PINNED[name]}
    if wrong:
        named = ", ".join(f"{name} {wrong[name]} (pinned {PINNED[name]})" for name in sorted(wrong))
        raise UnsupportedVersion(
            f"deliberation/live/patches.py patches private code of the pinned releases only; found {named}. "
            "Install requirements.txt, or read the new release and update the patches and their pins.")


_plain_send = SimpleWebSocketWSGI.send
_plain_websocket_handler = Socket._websocket_handler
_plain_send_packet = server.Server._send_packet


def _send(self, message):
    """The writer's send; ``refound_sending`` tells broadcasts it may be blocked mid-message."""
    self.refound_sending = True
    try:
        if type(message) is not Framed:
            return _plain_send(self, message)
        if not self.ws.connected:
            raise OSError("WebSocket closed")  # what the writer expects from a closed connection
        try:
            self.ws.sock.sendall(message)
        except ConnectionClosed:
            raise OSError("WebSocket closed") from None
    finally:
        self.refound_sending = False


def _websocket_handler(self, ws):
    self.refound_ws = ws  # the connection, for broadcasts that write to it directly
    return _plain_websocket_handler(self, ws)


@functools.wraps(_plain_send_packet)
def _send_packet(self, eio_sid, pkt):
    with packet_lock:
        return _plain_send_packet(self, eio_sid, pkt)


def install() -> None:
    """Check the versions, then patch (idempotent)."""
    check_versions()
    SimpleWebSocketWSGI.send = _send
    Socket._websocket_handler = _websocket_handler
    server.Server._send_packet = _send_packet
