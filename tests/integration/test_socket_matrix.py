"""Socket events: the authorization matrix of /live and /discussion for the eight roles, and
hypothesis-generated events and malformed y-protocols messages, each answered with an error ack,
the document unchanged and the connection's other rooms still working."""
import pytest
from authz_world import ROLES, build
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pycrdt import write_var_uint
from test_live_socket import _no_message_queue, edit, yjs  # noqa: F401  (the fixture)

from deliberation.live import protocol, store
from deliberation.models import ApiToken, Member
from extensions import db, socketio

pytestmark = pytest.mark.timeout(600)

#: For each event: the answers of the eight roles (see test_authorization_matrix.py), as the ack's
#: "ok"/"writable" or its error code; "refused" for a connection refused.
EXPECTED = {
    "connect /live": "refused ok ok ok ok ok ok ok",
    "join proposal (a group's draft)": "- writable forbidden writable forbidden read_only forbidden writable",
    "join merge draft": "- forbidden forbidden forbidden forbidden writable forbidden writable",
    "yjs update to the draft": "- ok not_joined ok not_joined read_only not_joined ok",
    "connect /discussion": "refused ok ok ok ok ok ok ok",
    "join the draft's discussion": "- ok not_found ok not_found ok not_found ok",
}


def _token(member_id: int) -> str:
    _row, plain = ApiToken.issue(db.session.get(Member, member_id), "socket")
    db.session.commit()
    return plain


def _ack_word(ack) -> str:
    if not isinstance(ack, dict):
        return repr(ack)
    if ack.get("ok"):
        return "ok" if "writable" not in ack else ("writable" if ack["writable"] else "read_only")
    return ack["error"]["code"]


@pytest.fixture
def world(app, make_member, make_group, make_assembly, constitution):
    return build(app, make_member, make_group, make_assembly, constitution)


def test_every_socket_event_answers_each_role_as_the_table_says(app, world, capsys):
    room, merge_room = f"proposal:{world.ids['proposal']}", f"merge:{world.ids['assembly']}"
    rows = {name: [] for name in EXPECTED}
    for role in ROLES:
        auth = {"token": _token(world.people[role])} if role != "anonymous" else {}
        live = socketio.test_client(app, namespace="/live", auth=auth)
        talk = socketio.test_client(app, namespace="/discussion", auth=auth)
        if not live.is_connected("/live"):
            rows["connect /live"].append("refused")
            rows["connect /discussion"].append("ok" if talk.is_connected("/discussion") else "refused")
            for name in list(rows)[1:]:
                if name != "connect /discussion":
                    rows[name].append("-")
            continue
        rows["connect /live"].append("ok")
        joined = live.emit("join", {"room": room}, namespace="/live", callback=True)
        rows["join proposal (a group's draft)"].append(_ack_word(joined))
        rows["join merge draft"].append(_ack_word(live.emit("join", {"room": merge_room}, namespace="/live",
                                                            callback=True)))
        before = store.live_text(room)
        ack = yjs(live, room, protocol.update_message(edit(before, 0, "x")))
        rows["yjs update to the draft"].append(_ack_word(ack))
        if ack != {"ok": True}:
            assert store.live_text(room) == before  # a refused update changes nothing
        rows["connect /discussion"].append("ok" if talk.is_connected("/discussion") else "refused")
        rows["join the draft's discussion"].append(_ack_word(talk.emit(
            "join", {"target": "proposal", "target_id": world.ids["proposal"]}, namespace="/discussion",
            callback=True)))
        live.disconnect(namespace="/live")
        talk.disconnect(namespace="/discussion")
    got = {name: " ".join(words) for name, words in rows.items()}
    with capsys.disabled():
        print(f"\nsocket matrix: {len(EXPECTED)} events x {len(ROLES)} roles")
    assert got == EXPECTED


def _frame(kind: int, sub: int | None, payload: bytes) -> bytes:
    head = write_var_uint(kind) + (write_var_uint(sub) if sub is not None else b"")
    return head + write_var_uint(len(payload)) + payload


#: Messages a broken or hostile client sends: random bytes, and y-protocols frames around random
#: payloads (sync step 1 and 2, update, awareness, unknown types), sometimes truncated or extended.
MESSAGES = st.one_of(
    st.binary(max_size=200),
    st.builds(_frame, st.sampled_from([0, 1, 2, 7]), st.one_of(st.none(), st.sampled_from([0, 1, 2, 3])),
              st.binary(max_size=200)),
    st.builds(lambda m, cut: m[:cut],
              st.builds(_frame, st.just(0), st.sampled_from([1, 2]), st.binary(max_size=80)),
              st.integers(0, 40)),
    st.builds(lambda m, extra: m + extra, st.builds(_frame, st.just(1), st.none(), st.binary(max_size=60)),
              st.binary(min_size=1, max_size=8)),
)
JSONISH = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                       | st.text(max_size=20),
                       lambda inner: (st.lists(inner, max_size=4)
                                      | st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                       max_leaves=12)


def test_fuzzed_events_are_refused_without_touching_the_document_or_other_rooms(app, world, capsys):
    room, merge_room = f"proposal:{world.ids['proposal']}", f"merge:{world.ids['assembly']}"
    admin = socketio.test_client(app, namespace="/live", auth={"token": _token(world.people["admin"])})
    for name in (room, merge_room):
        assert admin.emit("join", {"room": name}, namespace="/live", callback=True)["ok"]
    text_before, merge_before = store.live_text(room), store.live_text(merge_room)
    tried = {"messages": 0, "events": 0}

    @settings(max_examples=300, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(message=MESSAGES)
    def malformed(message):
        try:
            protocol.parse_message(message)
            parsed = True
        except protocol.ProtocolError:
            parsed = False
        ack = yjs(admin, room, message)
        tried["messages"] += 1
        assert isinstance(ack, dict) and "ok" in ack
        if not parsed:
            assert ack["ok"] is False and ack["error"]["code"] in ("malformed", "too_large")

    @settings(max_examples=200, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(event=st.sampled_from(["join", "leave", "yjs", "nonsense"]), payload=JSONISH)
    def events(event, payload):
        ack = admin.emit(event, payload, namespace="/live", callback=True)
        tried["events"] += 1
        assert admin.is_connected("/live")
        if event in ("join", "yjs"):
            assert isinstance(ack, dict) and ack.get("ok") is False
        if event == "leave" and isinstance(payload, dict) and payload.get("room") in (room, merge_room):
            assert admin.emit("join", {"room": payload["room"]}, namespace="/live", callback=True)["ok"]

    malformed()
    events()
    # Only well-formed updates may have reached the document; none of these was one of ours, so
    # the text is as it was, and the connection's other room still takes an edit.
    assert store.live_text(room) == text_before
    assert yjs(admin, merge_room,
               protocol.update_message(edit(merge_before, 0, "Still here. "))) == {"ok": True}
    assert store.live_text(merge_room).startswith("Still here. ")
    with capsys.disabled():
        print(f"\nsocket fuzz: {tried['messages']} y-protocols messages, {tried['events']} events")
