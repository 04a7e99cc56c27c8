"""The /live namespace through Flask-SocketIO's test client: who may join, who may
write, and that bad input gets an error ack and leaves the document unchanged."""
import time

import pytest
from pycrdt import Doc, Text

from deliberation.live import protocol, store
from deliberation.live.rooms import seed_update
from deliberation.unit_of_work import UnitOfWork

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(autouse=True)
def _no_message_queue(monkeypatch):
    """Flask-SocketIO's test client refuses a message queue; Redis is tested with real processes."""
    from extensions import socketio
    monkeypatch.delenv("REDIS_URL", raising=False)
    socketio.server_options.pop("client_manager", None)  # left over by an earlier app with REDIS_URL


@pytest.fixture
def setup(app, make_member, make_group, make_assembly, token_for):
    from deliberation.proposals.services import create_proposal
    organiser, writer, outsider, chair = (make_member(name=n) for n in ("Org", "Writer", "Outsider", "Chair"))
    group = make_group(organisers=[organiser], members=[writer])
    assembly = make_assembly(chairs=[chair])
    proposal = create_proposal(organiser, assembly, group.id, "Our proposal", "Hello world")
    return {"proposal": proposal, "assembly": assembly, "organiser": organiser, "writer": writer,
            "outsider": outsider, "chair": chair, "token": token_for}


def connect(app, token):
    from extensions import socketio
    return socketio.test_client(app, namespace="/live", auth={"token": token} if token else None)


def yjs(client, room, data):
    return client.emit("yjs", {"room": room, "data": data}, namespace="/live", callback=True)


def edit(base_text: str, at: int, insert: str) -> bytes:
    """A Yjs update made by a client that saw the seed text, inserting at a byte offset."""
    doc = Doc()
    doc["text"] = Text()
    doc.apply_update(seed_update(base_text))
    before = doc.get_state()
    doc["text"].insert(at, insert)
    return doc.get_update(before)


def received(client, room, timeout=3.0):
    """Parsed y-protocols messages the client got for a room (waits a little for the pump)."""
    deadline, found = time.monotonic() + timeout, []
    while time.monotonic() < deadline:
        for packet in client.get_received("/live"):
            if packet["name"] == "yjs" and packet["args"][0]["room"] == room:
                found.append(protocol.parse_message(bytes(packet["args"][0]["data"])))
        if found:
            return found
        time.sleep(0.05)
    return found


def test_join_refused_without_credentials(app, setup):
    assert not connect(app, None).is_connected("/live")
    assert not connect(app, "not-a-token").is_connected("/live")


def test_writer_edits_and_the_log_has_it_before_the_ack(app, setup):
    room = setup["proposal"].room
    client = connect(app, setup["token"](setup["writer"]))
    assert client.emit("join", {"room": room}, namespace="/live", callback=True) == \
        {"ok": True, "writable": True}
    step1 = received(client, room)
    assert step1 and step1[0].kind == "sync_step1"
    ack = yjs(client, room, protocol.update_message(edit("Hello world", 5, ", dear")))
    assert ack == {"ok": True}
    assert store.live_text(room) == "Hello, dear world"


def test_outsider_may_not_open_another_groups_draft_until_it_is_submitted(app, setup):
    from deliberation.proposals.services import submit_proposal
    room = setup["proposal"].room
    outsider = connect(app, setup["token"](setup["outsider"]))
    ack = outsider.emit("join", {"room": room}, namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    with UnitOfWork():
        submit_proposal(setup["organiser"], setup["proposal"])
    assert outsider.emit("join", {"room": room}, namespace="/live", callback=True) == \
        {"ok": True, "writable": False}


def test_read_only_viewer_sees_edits_live_but_cannot_write(app, setup):
    """The assembly's chair reads a group's draft but does not write it."""
    room = setup["proposal"].room
    writer = connect(app, setup["token"](setup["writer"]))
    viewer = connect(app, setup["token"](setup["chair"]))
    writer.emit("join", {"room": room}, namespace="/live", callback=True)
    assert viewer.emit("join", {"room": room}, namespace="/live", callback=True) == \
        {"ok": True, "writable": False}
    viewer.get_received("/live")
    assert yjs(writer, room, protocol.update_message(edit("Hello world", 11, "!"))) == {"ok": True}
    updates = [m for m in received(viewer, room) if m.kind == "update"]
    assert updates
    doc = Doc()
    doc["text"] = Text()
    doc.apply_update(seed_update("Hello world"))
    doc.apply_update(updates[0].payload)
    assert str(doc["text"]) == "Hello world!"
    ack = yjs(viewer, room, protocol.update_message(edit("Hello world", 0, "X")))
    assert ack["ok"] is False and ack["error"]["code"] == "read_only"
    assert store.live_text(room) == "Hello world!"


def test_submitted_proposal_turns_read_only_for_the_next_message(app, setup):
    from deliberation.proposals.services import submit_proposal
    room = setup["proposal"].room
    client = connect(app, setup["token"](setup["organiser"]))
    client.emit("join", {"room": room}, namespace="/live", callback=True)
    assert yjs(client, room, protocol.update_message(edit("Hello world", 0, "A "))) == {"ok": True}
    from deliberation.models import Member, Proposal
    from extensions import db
    # The test client shares this thread's session, which the handler closed: load afresh.
    with UnitOfWork():  # the caller commits; the live hub hears of it after the commit
        submit_proposal(db.session.get(Member, setup["organiser"].id),
                        db.session.get(Proposal, setup["proposal"].id))
    ack = yjs(client, room, protocol.update_message(edit("Hello world", 0, "B ")))
    assert ack["ok"] is False and ack["error"]["code"] == "read_only"
    assert store.live_text(room) == "A Hello world"


@pytest.mark.parametrize("data, code", [
    (b"\x00\x02\x05garbage", "malformed"),          # an update frame whose payload is not Yjs
    (b"\x07\x00", "malformed"),                     # unknown message type
    (b"\x00\x02", "malformed"),                     # truncated
    ("a string, not bytes", "malformed"),
    (protocol.update_message(b"\x00" * (1024 * 1024 + 10)), "too_large"),
])
def test_bad_messages_get_an_error_ack_and_change_nothing(app, setup, data, code):
    room = setup["proposal"].room
    client = connect(app, setup["token"](setup["writer"]))
    client.emit("join", {"room": room}, namespace="/live", callback=True)
    ack = yjs(client, room, data)
    assert ack["ok"] is False and ack["error"]["code"] == code and ack["error"]["message"]
    assert store.live_text(room) == "Hello world"
    assert yjs(client, room, protocol.update_message(edit("Hello world", 0, "ok "))) == {"ok": True}
    assert store.live_text(room) == "ok Hello world"


@pytest.mark.parametrize("room, code", [
    ("lobby", "unknown_room"), ("proposal:abc", "unknown_room"), (None, "unknown_room"),
    ("proposal:999999", "not_found"), ("merge:999999", "not_found"),
])
def test_unknown_rooms_are_refused(app, setup, room, code):
    client = connect(app, setup["token"](setup["writer"]))
    ack = client.emit("join", {"room": room}, namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == code


def test_messages_to_a_room_not_joined_are_refused(app, setup):
    client = connect(app, setup["token"](setup["writer"]))
    ack = yjs(client, setup["proposal"].room, protocol.update_message(edit("Hello world", 0, "x")))
    assert ack["ok"] is False and ack["error"]["code"] == "not_joined"


def test_merge_room_is_for_chairs_and_seeded_once_from_the_current_version(app, setup, constitution):
    from deliberation.live.models import LiveUpdate
    from extensions import db
    room = f"merge:{setup['assembly'].id}"
    outsider = connect(app, setup["token"](setup["outsider"]))
    ack = outsider.emit("join", {"room": room}, namespace="/live", callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    chairs = [connect(app, setup["token"](setup["chair"])) for _ in range(2)]
    for chair in chairs:
        assert chair.emit("join", {"room": room}, namespace="/live", callback=True) == \
            {"ok": True, "writable": True}
    assert store.live_text(room) == constitution
    assert db.session.scalar(db.select(db.func.count()).where(LiveUpdate.room == room)) == 1


def test_awareness_is_relayed_and_departure_announced(app, setup):
    room = setup["proposal"].room
    a, b = (connect(app, setup["token"](setup[who])) for who in ("writer", "chair"))
    for client in (a, b):
        client.emit("join", {"room": room}, namespace="/live", callback=True)
    b.get_received("/live")
    entry = protocol.AwarenessEntry(4242, 3, {"user": {"name": "Writer"}})
    assert yjs(a, room, protocol.awareness_message(protocol.encode_awareness([entry]))) == {"ok": True}
    got = [m for m in received(b, room) if m.kind == "awareness"]
    assert protocol.decode_awareness(got[0].payload)[0].client_id == 4242
    bad = yjs(a, room, protocol.awareness_message(b"\x01\x01\x01\x03{{{"))
    assert bad["ok"] is False and bad["error"]["code"] == "malformed"
    a.disconnect("/live")
    gone = [e for m in received(b, room) if m.kind == "awareness"
            for e in protocol.decode_awareness(m.payload)]
    assert any(e.client_id == 4242 and e.state is None and e.clock == 4 for e in gone)


def test_compaction_keeps_the_text_and_leaves_one_row(app, setup):
    from deliberation.live.compaction import compact
    from deliberation.live.models import LiveUpdate
    from extensions import db
    room = setup["proposal"].room
    client = connect(app, setup["token"](setup["writer"]))
    client.emit("join", {"room": room}, namespace="/live", callback=True)
    for word in ("Grüße ", "👩‍👩‍👧 ", "ŵ "):
        assert yjs(client, room, protocol.update_message(edit("Hello world", 0, word))) == {"ok": True}
    before = store.live_text(room)
    assert compact(room) == 4
    assert store.live_text(room) == before
    assert db.session.scalar(db.select(db.func.count()).where(LiveUpdate.room == room)) == 1


def test_a_submission_elsewhere_is_caught_where_updates_are_stored(app, setup):
    """Another process submitted (no signal reaches this one) while this connection's grant still
    says writable: the pump's check, in the storing transaction, refuses the update."""
    from deliberation.models import Proposal
    from extensions import db
    room, proposal_id = setup["proposal"].room, setup["proposal"].id
    writer, outsider = setup["token"](setup["writer"]), setup["token"](setup["outsider"])
    client = connect(app, writer)
    client.emit("join", {"room": room}, namespace="/live", callback=True)
    assert yjs(client, room, protocol.update_message(edit("Hello world", 0, "A "))) == {"ok": True}
    db.session.execute(db.update(Proposal).where(Proposal.id == proposal_id).values(status="submitted"))
    db.session.commit()
    ack = yjs(client, room, protocol.update_message(edit("Hello world", 0, "B ")))
    assert ack["ok"] is False and ack["error"]["code"] == "read_only"
    assert store.live_text(room) == "A Hello world"
    late = connect(app, outsider)  # the replica dropped the refused update
    assert late.emit("join", {"room": room}, namespace="/live", callback=True)["writable"] is False
    late.get_received("/live")
    step2 = yjs(late, room, protocol.sync_step1(Doc().get_state()))
    assert step2 == {"ok": True}
    reply = [m for m in received(late, room) if m.kind == "sync_step2"][0]
    doc = Doc()
    doc["text"] = text = Text()
    doc.apply_update(reply.payload)
    assert str(text) == "A Hello world"


def test_a_text_saved_through_the_api_reaches_live_editors(app, setup, api):
    room = setup["proposal"].room
    client = connect(app, setup["token"](setup["writer"]))
    client.emit("join", {"room": room}, namespace="/live", callback=True)
    client.get_received("/live")
    saved = api(setup["organiser"]).put(f"/proposals/{setup['proposal'].id}/text",
                                        {"text": "Hello brave world"})
    assert saved.status_code == 200, saved.json
    updates = [m for m in received(client, room) if m.kind == "update"]
    doc = Doc()
    doc["text"] = text = Text()
    doc.apply_update(seed_update("Hello world"))
    for message in updates:
        doc.apply_update(message.payload)
    assert str(text) == "Hello brave world"
    assert store.live_text(room) == "Hello brave world"


def test_everyone_in_a_room_hears_at_once_that_it_closed(app, setup):
    from deliberation.models import Member, Proposal
    from deliberation.proposals.services import submit_proposal
    from extensions import db
    room, proposal_id, organiser_id = setup["proposal"].room, setup["proposal"].id, setup["organiser"].id
    writer, viewer = (connect(app, setup["token"](setup["writer"])),
                      connect(app, setup["token"](setup["chair"])))
    for client in (writer, viewer):
        client.emit("join", {"room": room}, namespace="/live", callback=True)
        client.get_received("/live")
    with UnitOfWork():
        submit_proposal(db.session.get(Member, organiser_id), db.session.get(Proposal, proposal_id))
    for client in (writer, viewer):
        told = [p["args"][0] for p in client.get_received("/live") if p["name"] == "room"]
        assert told == [{"room": room, "writable": False}]
