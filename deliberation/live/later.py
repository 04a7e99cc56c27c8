"""Acknowledge a Socket.IO event after its handler has returned.

python-socketio sends an event's ack with the handler's return value, so a
handler that waits for its update to be stored holds up its connection: the
next keystroke and cursor move queue behind the commit, and at 100 editors that
head-of-line wait was most of the latency tail. A handler may instead return a
``LaterAck``; the ack goes out when the pump settles it (after the commit), and
the connection's next message is handled at once.

The patch repeats the few lines of ``Server._handle_event_internal`` that send
the ack (python-socketio 5.18, pinned); tests/unit/live/test_later_ack.py fails
if that method changes shape.
"""
from __future__ import annotations

import threading

from socketio import packet, server

_UNSET = object()
#: python-socketio's own method, kept for the test that checks it still has the shape repeated here.
ORIGINAL = server.Server._handle_event_internal


class LaterAck:
    """An ack whose value comes later; sent once, whichever of settle and bind comes last."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = _UNSET
        self._send = None

    def settle(self, value) -> None:
        with self._lock:
            if self._value is not _UNSET:
                return
            self._value, send = value, self._send
        if send is not None:
            send(value)

    def bind(self, send) -> None:
        with self._lock:
            self._send, value = send, self._value
        if value is not _UNSET:
            send(value)


def _handle_event_internal(self, server_, sid, eio_sid, data, namespace, id):
    result = server_._trigger_event(data[0], namespace, sid, *data[1:])
    if isinstance(result, LaterAck):
        if id is not None:
            result.bind(lambda value: server_._send_packet(eio_sid, self.packet_class(
                packet.ACK, namespace=namespace, id=id, data=[value])))
        return
    if result != self.not_handled and id is not None:  # as python-socketio does it
        args = [] if result is None else list(result) if isinstance(result, tuple) else [result]
        server_._send_packet(eio_sid, self.packet_class(packet.ACK, namespace=namespace, id=id, data=args))


_handle_event_internal._refound_later = True


def install() -> None:
    """Idempotent."""
    global ORIGINAL
    if not getattr(server.Server._handle_event_internal, "_refound_later", False):
        ORIGINAL = server.Server._handle_event_internal
        server.Server._handle_event_internal = _handle_event_internal
