"""Keep each Socket.IO packet's frames together on the wire.

A binary Socket.IO packet (our ``yjs`` events carry bytes) is a text header
followed by attachment frames, queued one by one. In threading mode the pump's
broadcasts, the handlers' replies and python-socketio's acks are sent from
different threads, so frames of two packets can interleave; the receiver then
takes the wrong frame as the attachment (python-socketio 5.18 and
socket.io-client both fail this way). One lock around every packet send fixes
it; a send only enqueues frames, so the lock is held for microseconds per client.
"""
import functools
import threading

from socketio import manager, server

_lock = threading.RLock()


def _locked(method):
    if getattr(method, "_refound_atomic", False):
        return method

    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        with _lock:
            return method(*args, **kwargs)
    wrapper._refound_atomic = True
    return wrapper


def install() -> None:
    """Idempotent: wrap the places where python-socketio sends a packet's frames (and
    fanout.py's emit, whose long-polling clients get packets frame by frame)."""
    from deliberation.live import fanout
    manager.Manager.emit = _locked(manager.Manager.emit)
    fanout.FramedManager.emit = _locked(fanout.FramedManager.emit)
    server.Server._send_packet = _locked(server.Server._send_packet)
