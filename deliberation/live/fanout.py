"""Room broadcasts framed once, not once per recipient.

python-socketio sends a binary event as two Engine.IO packets (a text header and
the bytes), and Engine.IO's WebSocket writer frames each packet for each
recipient with wsproto and sends it with a system call of its own. With 500
people in a room and 30 broadcasts a second (edits every 50 ms, presence every
100 ms) that was 30,000 framings and sends a second: most of the server's time.
A server's WebSocket frames are not masked, so they are the same bytes for every
recipient: this manager builds them once per broadcast and queues the finished
bytes for each WebSocket client, which its writer sends in one call. Clients
still on long-polling, and emits that want a callback, take python-socketio's
own path.

Under gevent the bytes go out at once, in the broadcasting greenlet, when
nothing waits in the client's queue and its writer is not part-way through a
send: that skips a queue hand-over and a greenlet switch per recipient. The
write never blocks: a client whose socket buffer is full gets (the rest of) the
bytes through its queue, behind which everything later waits, so order holds.

The manager is python-socketio's public ``client_manager=`` hook; getting the
bytes past wsproto, and knowing each client's WebSocket, take two patches
(patches.py, which says why there is no public way).

Every emit holds ``packet_lock``, as every other packet send does (patches.py):
a long-polling client's binary event is two packets, and in threading mode
another thread's ack must not land between them.
"""
from __future__ import annotations

import logging
import threading
import time

from engineio import packet as eio_packet
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from gevent.socket import socket as GeventSocket
from redis.backoff import NoBackoff
from redis.retry import Retry
from socketio import Manager, RedisManager, packet
from wsproto.frame_protocol import FrameProtocol

log = logging.getLogger(__name__)
#: Held while a packet's frames are queued: by every emit here, and by every other send (patches.py).
packet_lock = threading.RLock()


class Framed(bytes):
    """WebSocket frames, ready for the wire."""


class FramedPacket:
    """Stands in an Engine.IO socket's queue for packets already framed; the socket
    logs its type and data, its WebSocket writer sends what ``encode`` returns."""

    packet_type = eio_packet.MESSAGE
    data = b""  # logged as <binary>
    binary = True

    def __init__(self, frames: Framed) -> None:
        self.frames = frames

    def encode(self, b64: bool = False) -> Framed:
        return self.frames


def _send_now(socket, frames: Framed) -> bool:
    """Under gevent: write to an idle client's socket without blocking; False if it must queue."""
    ws = getattr(socket, "refound_ws", None)  # both set by patches.py
    if ws is None or getattr(ws, "refound_sending", False) or not socket.queue.empty() or not ws.ws.connected:
        return False
    sock = ws.ws.sock
    if not isinstance(sock, GeventSocket):  # another server's socket: no non-blocking send to rely on
        return False
    try:
        sent = sock.send(frames, 0, 0.0)  # gevent's socket: timeout 0, never waits
    except OSError:  # full (EAGAIN) or broken: the writer deals with it
        return False
    if sent < len(frames):
        socket.send(FramedPacket(Framed(frames[sent:])))
    return True


def frames_for(eio_packets: list[eio_packet.Packet]) -> Framed:
    """The server-to-client WebSocket frames (text or binary, unmasked) for Engine.IO packets."""
    framer = FrameProtocol(client=False, extensions=[])
    return Framed(b"".join(bytes(framer.send_data(p.encode(), fin=True)) for p in eio_packets))


class FramedManager(Manager):
    """python-socketio's in-process manager, with room broadcasts framed once."""

    def emit(self, event, data, namespace, room=None, skip_sid=None, callback=None, to=None, **kwargs):
        with packet_lock:
            return self._framed_emit(event, data, namespace, room=to or room, skip_sid=skip_sid,
                                     callback=callback,
                              **kwargs)

    def _framed_emit(self, event, data, namespace, room, skip_sid, callback, **kwargs):
        if callback is not None or namespace not in self.rooms or not _framing_available(self.server):
            return super().emit(event, data, namespace, room=room, skip_sid=skip_sid, callback=callback,
                                **kwargs)
        args = list(data) if isinstance(data, tuple) else [] if data is None else [data]
        skip = skip_sid if isinstance(skip_sid, list) else [skip_sid]
        encoded = self.server.packet_class(packet.EVENT, namespace=namespace, data=[event] + args).encode()
        eio_packets = [eio_packet.Packet(eio_packet.MESSAGE, p)
                       for p in (encoded if isinstance(encoded, list) else [encoded])]
        framed = None
        now = self.server.eio.async_mode == "gevent"
        sockets = self.server.eio.sockets
        for sid, eio_sid in self.get_participants(namespace, room):
            if sid in skip:
                continue
            socket = sockets.get(eio_sid)
            if socket is not None and socket.upgraded and not socket.closed:
                framed = framed or FramedPacket(frames_for(eio_packets))
                if not (now and _send_now(socket, framed.frames)):
                    socket.send(framed)
            else:  # long-polling, or gone: Engine.IO's own path (which logs a gone client)
                for p in eio_packets:
                    self.server._send_eio_packet(eio_sid, p)


class FramedRedisManager(RedisManager, FramedManager):
    """Across processes: the Redis manager publishes; each process's delivery to its
    own clients (``Manager.emit``, reached through ``super``) is the framed one.

    When Redis cannot take an emit (stopped, restarting), this process's own clients get it
    directly: a process alone keeps working. With several processes the hub closes the
    live connections meanwhile (isolation.py), as the others would not hear of them."""

    def __init__(self, url, channel="socketio", **kwargs):
        # No retries with back-off (redis-py's default waits seconds): the pump broadcasts from
        # the loop that also stores and acknowledges updates, so a Redis that is away must fail fast.
        options = {"retry": Retry(NoBackoff(), 0), "socket_connect_timeout": 2,
                   **kwargs.pop("redis_options", {})}
        super().__init__(url, channel=channel, redis_options=options, **kwargs)
        #: False while the relay's check finds Redis away (hub.py): emits skip it altogether.
        self.redis_up = True
        #: Whether this process's listener is subscribed, i.e. hears its own emits back.
        self.listening = False

    def _publish(self, data):
        sent = super()._publish(data) if self.redis_up else None  # None: Redis refused; nothing went out
        local = isinstance(data, dict) and data.get("method") == "emit" and not data.get("callback")
        if local and (sent is None or not self.listening):
            self._handle_emit(data)  # this process's clients would not hear it through Redis
        return sent

    def _redis_listen_with_retries(self):
        """python-socketio's listener, but it tries again every second where python-socketio
        doubles its wait up to a minute (every broadcast published meanwhile reached no
        client of this process), and it keeps ``listening`` up to date."""
        while True:
            try:
                self._redis_connect()
                pubsub = self.pubsub
                pubsub.subscribe(self.channel)
                self.listening = True
                yield from pubsub.listen()
            except Exception as exc:
                if self.listening:
                    log.warning("live: the Socket.IO queue lost Redis (%s); trying again every second", exc)
                self.listening = False
                time.sleep(1)


def _framing_available(server) -> bool:
    websocket = server.eio._async.get("websocket") if server.eio._async else None
    return isinstance(websocket, type) and issubclass(websocket, SimpleWebSocketWSGI)

