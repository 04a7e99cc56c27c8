"""LaterAck: the ack is sent once, when both the value and the sender are there, in either order;
and the patched python-socketio still sends a plain handler's return value as its ack."""
import inspect

from socketio import packet, server

from deliberation.live import later
from deliberation.live.later import LaterAck


def test_settled_before_bound_and_bound_before_settled_each_send_once():
    sent = []
    first = LaterAck()
    first.settle({"ok": True})
    first.bind(sent.append)
    second = LaterAck()
    second.bind(sent.append)
    second.settle({"ok": False})
    second.settle({"ok": True})  # a second settle is ignored
    assert sent == [{"ok": True}, {"ok": False}]


class _FakeServer:
    not_handled = object()
    packet_class = packet.Packet

    def __init__(self, result):
        self.result, self.sent = result, []

    def _trigger_event(self, *args):
        return self.result

    def _send_packet(self, eio_sid, pkt):
        self.sent.append((eio_sid, pkt.id, pkt.data))


def test_the_patch_acks_plain_results_as_before_and_later_ones_when_settled():
    later.install()
    handle = server.Server._handle_event_internal
    plain = _FakeServer({"ok": True})
    handle(plain, plain, "sid", "eio", ["yjs", {}], "/live", 7)
    assert plain.sent == [("eio", 7, [{"ok": True}])]
    ack = LaterAck()
    deferred = _FakeServer(ack)
    handle(deferred, deferred, "sid", "eio", ["yjs", {}], "/live", 8)
    assert deferred.sent == []
    ack.settle({"ok": True})
    assert deferred.sent == [("eio", 8, [{"ok": True}])]


def test_python_socketio_still_has_the_method_the_patch_replaces():
    """The patch repeats python-socketio 5.18's ack code: fail loudly if that method changes."""
    original = later.ORIGINAL
    assert not getattr(original, "_refound_later", False)
    assert list(inspect.signature(original).parameters) == ["self", "server", "sid", "eio_sid", "data",
                                                            "namespace", "id"]
    source = inspect.getsource(original)
    assert "_trigger_event(data[0], namespace, sid, *data[1:])" in source and "packet.ACK" in source
