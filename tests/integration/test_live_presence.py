"""Presence over /live: bound to the connection that introduced its client id, named by the
server, small, rate-limited; hostile awareness gets an error ack, never an exception."""
import json
import time

import pytest
from pycrdt import write_var_uint
from test_live_socket import _no_message_queue, connect, received, setup, yjs  # noqa: F401  (fixtures)

from deliberation.live import protocol
from deliberation.live.presence import colour_for

pytestmark = pytest.mark.timeout(60)
AT = {"type": None, "tname": None, "item": {"client": 1, "clock": 0}, "assoc": 0}


def aware(client, room, *entries):
    return yjs(client, room, protocol.awareness_message(protocol.encode_awareness(list(entries))))


def entry(client_id, clock, state=None, **fields):
    return protocol.AwarenessEntry(client_id, clock, state if state is not None or not fields else fields)


def heard(client, room, seconds=0.6) -> dict[int, protocol.AwarenessEntry]:
    """The latest awareness entry per client id that reached this client within ``seconds``
    (the pump sends presence at most every 100 ms)."""
    found, deadline = {}, time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in received(client, room, timeout=0.05):
            if message.kind == "awareness":
                for e in protocol.decode_awareness(message.payload):
                    found[e.client_id] = e
    return found


@pytest.fixture
def room_of(app, setup):
    """room_of(*who) -> (room, clients joined to it), each peer's inbox emptied."""
    def make(*who):
        room = setup["proposal"].room
        clients = [connect(app, setup["token"](setup[w])) for w in who]
        for client in clients:
            assert client.emit("join", {"room": room}, namespace="/live", callback=True)["ok"]
            client.get_received("/live")
        return room, clients
    return make


def test_the_server_names_the_member_and_relays_nothing_else(setup, room_of):
    room, (writer, viewer) = room_of("writer", "chair")
    sent = {"user": {"name": "The Chair", "color": "#ff0000"}, "cursor": {"anchor": AT, "head": AT},
            "note": "x" * 500}
    assert aware(writer, room, entry(11, 1, sent)) == {"ok": True}
    got = heard(viewer, room)[11].state
    colour = colour_for(setup["writer"].id)
    assert got == {"user": {"name": "Writer", "color": colour, "colorLight": colour + "33"},
                   "cursor": {"anchor": AT, "head": AT}}


def test_a_read_only_viewer_publishes_its_own_cursor(setup, room_of):
    room, (writer, viewer) = room_of("writer", "chair")
    assert aware(viewer, room, entry(22, 1, cursor={"anchor": AT, "head": AT})) == {"ok": True}
    assert heard(writer, room)[22].state["user"]["name"] == "Chair"


def test_another_connections_client_id_is_refused(setup, room_of):
    room, (writer, viewer, watcher) = room_of("writer", "chair", "organiser")
    assert aware(writer, room, entry(33, 1, cursor=None)) == {"ok": True}
    heard(watcher, room)
    for forged in (entry(33, 2, cursor={"anchor": AT, "head": AT}), entry(33, 2, None)):
        ack = aware(viewer, room, forged)
        assert ack["ok"] is False and ack["error"]["code"] == "forbidden" and ack["error"]["message"]
    ack = aware(viewer, room, entry(44, 1, cursor=None), entry(33, 5, cursor=None))  # all or nothing
    assert ack["ok"] is False
    assert heard(watcher, room) == {}


def test_a_connection_speaks_for_a_few_client_ids_at_most(room_of):
    room, (writer,) = room_of("writer")
    ack = aware(writer, room, *(entry(100 + i, 1, cursor=None) for i in range(5)))
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    assert aware(writer, room, entry(100, 1, cursor=None)) == {"ok": True}


def test_removal_of_ones_own_client_and_departure_still_work(room_of):
    room, (writer, viewer) = room_of("writer", "chair")
    assert aware(writer, room, entry(55, 1, cursor=None), entry(56, 1, cursor=None)) == {"ok": True}
    assert aware(writer, room, entry(55, 2, None)) == {"ok": True}
    assert heard(viewer, room)[55] == protocol.AwarenessEntry(55, 2, None)
    writer.disconnect("/live")
    assert heard(viewer, room)[56] == protocol.AwarenessEntry(56, 2, None)


def test_the_same_members_new_connection_takes_its_client_id_over(app, setup, room_of):
    """A tab that reconnected before the server noticed its old connection dropped."""
    room, (old, viewer) = room_of("writer", "chair")
    assert aware(old, room, entry(66, 1, cursor=None)) == {"ok": True}
    new = connect(app, setup["token"](setup["writer"]))
    new.emit("join", {"room": room}, namespace="/live", callback=True)
    assert aware(new, room, entry(66, 2, cursor=None)) == {"ok": True}
    heard(viewer, room)
    old.disconnect("/live")
    assert 66 not in heard(viewer, room)  # the old connection's departure no longer removes it
    assert aware(new, room, entry(66, 3, cursor=None)) == {"ok": True}


def test_a_large_state_is_refused_and_not_relayed(room_of):
    room, (writer, viewer) = room_of("writer", "chair")
    ack = aware(writer, room, entry(77, 1, cursor="x" * 900_000))
    assert ack["ok"] is False and ack["error"]["code"] == "too_large"
    assert heard(viewer, room) == {}


def test_awareness_past_the_rate_is_refused_and_dropped(app, room_of):
    app.config["LIVE_AWARENESS_PER_SECOND"] = 1  # a burst of 2
    room, (writer, viewer) = room_of("writer", "chair")
    assert aware(writer, room, entry(88, 1, cursor=None)) == {"ok": True}
    assert aware(writer, room, entry(88, 2, cursor=None)) == {"ok": True}
    ack = aware(writer, room, entry(88, 3, cursor=None))
    assert ack["ok"] is False and ack["error"]["code"] == "rate_limited" and ack["error"]["message"]
    assert heard(viewer, room)[88].clock == 2


def _one_state(raw: bytes) -> bytes:
    return protocol.awareness_message(b"\x01" + write_var_uint(99) + b"\x01" + write_var_uint(len(raw)) + raw)


@pytest.mark.parametrize("raw, code", [
    (b"[" * 5000 + b"]" * 5000, "too_large"),
    (b"[" * 1500 + b"]" * 1500, "malformed"),  # within the size limit, beyond Python's recursion
    (b'{"a":' * 600 + b"1" + b"}" * 600, "malformed"),
    (b'{"cursor": NaN}', "malformed"),
    (b'{"cursor": 1e999}', "malformed"),
    (b'{"user": {"name": "\\ud800"}}', "malformed"),
    (b'{"user": "\xff\xfe"}', "malformed"),
    (b'{"user": "\xed\xa0\x80"}', "malformed"),
    (b"[1, 2]", "malformed"),
    (b"42", "malformed"),
    (json.dumps("a string").encode(), "malformed"),
])
def test_hostile_awareness_gets_an_error_ack(room_of, raw, code):
    room, (writer, viewer) = room_of("writer", "chair")
    ack = yjs(writer, room, _one_state(raw))
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert heard(viewer, room, 0.3) == {}
    assert aware(writer, room, entry(99, 1, cursor=None)) == {"ok": True}  # the connection still works


def test_an_update_naming_no_client_is_not_relayed(room_of):
    room, (writer, viewer) = room_of("writer", "chair")
    assert yjs(writer, room, protocol.awareness_message(b"\x00")) == {"ok": True}
    assert not [m for m in received(viewer, room, 0.3) if m.kind == "awareness"]
