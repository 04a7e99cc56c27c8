"""Framed fan-out: one set of WebSocket frames per broadcast, decoding to exactly the packets
python-socketio would have sent; long-polling clients, skipped senders and callbacks keep
python-socketio's own path; an idle client's frames go out at once, a busy one's through its queue.
(The patches that get the frames to the socket: test_patches.py.)"""
import socketio
from engineio import packet as eio_packet
from socketio import packet
from wsproto.frame_protocol import FrameProtocol

from deliberation.live import fanout

NS = "/live"


def _decode(frames: bytes) -> list:
    """What a WebSocket client reads from the frames: str for text, bytes for binary."""
    client = FrameProtocol(client=True, extensions=[])
    client.receive_bytes(frames)
    return [frame.payload for frame in client.received_frames()]


def test_frames_decode_to_the_engine_io_packets_of_a_binary_event():
    pkt = packet.Packet(packet.EVENT, namespace=NS,
                        data=["yjs", {"room": "r", "data": b"\x00\x02\x05ab\xffcd"}])
    encoded = pkt.encode()
    eio = [eio_packet.Packet(eio_packet.MESSAGE, p) for p in encoded]
    assert _decode(fanout.frames_for(eio)) == [
        '451-/live,["yjs",{"room":"r","data":{"_placeholder":true,"num":0}}]', b"\x00\x02\x05ab\xffcd"]


def test_long_payloads_get_extended_lengths():
    eio = [eio_packet.Packet(eio_packet.MESSAGE, b"x" * 70_000),
           eio_packet.Packet(eio_packet.MESSAGE, "é" * 200)]
    assert _decode(fanout.frames_for(eio)) == [b"x" * 70_000, "4" + "é" * 200]


class _Socket:
    def __init__(self, upgraded: bool) -> None:
        self.upgraded, self.closed, self.sent = upgraded, False, []

    def send(self, pkt) -> None:
        self.sent.append(pkt)


def _room(manager_class=fanout.FramedManager):
    """A threading-mode server with three clients in room "r": two on WebSocket, one polling."""
    server = socketio.Server(async_mode="threading", client_manager=manager_class())
    sockets = {"e1": _Socket(True), "e2": _Socket(True), "e3": _Socket(False)}
    server.eio.sockets.update(sockets)
    polled = []
    server._send_eio_packet = lambda eio_sid, p: polled.append((eio_sid, p.encode()))
    sids = {}
    for eio_sid in sockets:
        sid = server.manager.connect(eio_sid, NS)
        server.manager.enter_room(sid, NS, "r", eio_sid=eio_sid)
        sids[eio_sid] = sid
    return server, sockets, sids, polled


def test_websocket_clients_share_one_framed_packet_and_polling_clients_get_the_usual_packets():
    server, sockets, sids, polled = _room()
    server.emit("yjs", {"room": "r", "data": b"\x01\x02"}, to="r", namespace=NS, skip_sid=sids["e2"])
    (framed,) = sockets["e1"].sent
    assert sockets["e2"].sent == []  # the sender is skipped
    assert isinstance(framed, fanout.FramedPacket) and framed.packet_type == eio_packet.MESSAGE
    assert _decode(framed.encode()) == [p for _, p in polled]
    assert [eio_sid for eio_sid, _ in polled] == ["e3", "e3"]
    assert polled[1][1] == b"\x01\x02"


def test_text_events_and_events_with_callbacks():
    server, sockets, sids, polled = _room()
    server.emit("room", {"room": "r", "writable": False}, to="r", namespace=NS)
    assert _decode(sockets["e1"].sent[0].encode()) == ['42/live,["room",{"room":"r","writable":false}]']
    server.emit("ping", {}, to="r", namespace=NS, callback=lambda *a: None)  # python-socketio's own path
    plain = sockets["e1"].sent[1]  # one packet per recipient, each with its own ack id
    assert type(plain) is eio_packet.Packet and plain.encode().startswith('42/live,1["ping"')
    assert len(polled) == 1


def test_the_redis_manager_delivers_through_the_framed_emit():
    mro = fanout.FramedRedisManager.__mro__
    assert mro.index(socketio.PubSubManager) < mro.index(fanout.FramedManager) < mro.index(socketio.Manager)


class _Queue(list):
    def empty(self) -> bool:
        return not self


def _direct_client():
    """An Engine.IO socket on gevent's socket, as under `python app.py`; the far end to read."""
    from types import SimpleNamespace

    import gevent.socket

    near, far = gevent.socket.socketpair()
    ws = SimpleNamespace(ws=SimpleNamespace(sock=near, connected=True), refound_sending=False)
    queued = _Queue()
    socket = SimpleNamespace(refound_ws=ws, queue=queued, send=queued.append)
    return socket, ws, near, far


def test_an_idle_client_gets_the_frames_at_once_a_busy_one_through_its_queue():
    socket, ws, near, far = _direct_client()
    frames = fanout.Framed(b"\x82\x02hi")
    assert fanout._send_now(socket, frames) and far.recv(100) == frames and socket.queue == []
    ws.refound_sending = True  # the writer is part-way through a message: never interleave
    assert not fanout._send_now(socket, frames)
    ws.refound_sending = False
    socket.queue.append("earlier packet")  # something waits: it must go first
    assert not fanout._send_now(socket, frames)
    near.close(), far.close()


def test_a_full_socket_never_blocks_the_broadcast_and_loses_no_byte():
    import socket as stdlib_socket

    socket, ws, near, far = _direct_client()
    near.setsockopt(stdlib_socket.SOL_SOCKET, stdlib_socket.SO_SNDBUF, 4096)
    frames = fanout.Framed(b"\x82\x7f" + (65536).to_bytes(8, "big") + b"x" * 65536)
    handled = 0  # broadcasts _send_now took on (in full, or in part with the rest queued)
    for _ in range(1000):  # the reader is asleep: its buffers fill up
        if not fanout._send_now(socket, frames):
            break  # nothing written: the caller queues the whole broadcast
        handled += 1
        if socket.queue:
            break  # written in part: the rest is queued, and everything later queues behind it
    else:
        raise AssertionError("the socket never filled")
    assert handled > 0
    queued = b"".join(p.frames for p in socket.queue)
    far.settimeout(0.2)
    received = b""
    try:
        while True:
            received += far.recv(1 << 20)
    except TimeoutError:
        pass
    assert received + queued == frames * handled  # every byte once, in order
    near.close(), far.close()
