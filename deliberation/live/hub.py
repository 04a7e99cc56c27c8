"""The rooms one app process holds in memory, who is in them, and their pump.

A room is loaded from its database rows when its first client joins and
dropped (then compacted) when its last client leaves. One Hub per Flask app,
kept in ``app.extensions``, so tests with many apps never share rooms.

Write permission is checked on every update against a grant kept per
connection and room: decided from the database at join, re-decided after
LIVE_GRANT_SECONDS, and withdrawn at once when the room closes (a proposal
submitted: a signal in this process, the pump's check in its commit for the
others). The pump's check is the exact one; the grant spares every keystroke
two or three queries.

Presence is bound to the connection: a Yjs client id belongs, in a room, to the
first connection that sent awareness for it, until that connection leaves. Each
browser tab has one random client id per document, so a connection needs only
one; another connection's id is refused, except by the same member (their tab
reconnected before the server noticed its old connection was gone: the new one
takes the id over, and the old one's departure no longer removes it). Document
updates are not used to claim ids: a step 2 carries every client's items, and
read-only viewers send none. States are rebuilt with the member's name and
colour (presence.py), kept from the member at connect, so no message reads the
database; and each connection's awareness is rate-limited.

A connection opened with a browser's sign-in ends with it (sign_in_watch.py), and a room's
update rows are compacted now and then (compactor.py).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

from flask import current_app

from deliberation.live.compactor import Compactor
from deliberation.live.isolation import GATE, close_connections
from deliberation.live.models import LiveUpdate
from deliberation.live.presence import Bucket, relayed_state, user_for
from deliberation.live.protocol import AwarenessEntry
from deliberation.live.pump import NAMESPACE, Pump
from deliberation.live.relay import Relay
from deliberation.live.rooms import InvalidUpdate, LiveDocument
from deliberation.live.sign_in_watch import SignInWatch
from deliberation.signals import live_text_stored, room_closed, room_update_stored, sign_ins_ended
from extensions import db, socketio

log = logging.getLogger(__name__)
_KEY = "refound_live"
_create_lock = threading.Lock()
#: Awareness client ids one connection may speak for in a room (a browser tab needs one).
MAX_CLIENT_IDS = 4


@dataclass
class Room:
    name: str
    doc: LiveDocument = field(default_factory=LiveDocument)
    sids: set[str] = field(default_factory=set)
    #: sid -> {awareness client id: last clock}, to announce departures.
    presence: dict[str, dict[int, int]] = field(default_factory=dict)
    #: awareness client id -> the sid that speaks for it; and sid -> the ids it claimed.
    owners: dict[int, str] = field(default_factory=dict)
    claims: dict[str, set[int]] = field(default_factory=dict)
    loaded: bool = False
    load_lock: threading.Lock = field(default_factory=threading.Lock)
    #: No more edits (its proposal was submitted): every grant is void.
    closed: bool = False
    #: sid -> (may write, monotonic time decided).
    grants: dict[str, tuple[bool, float]] = field(default_factory=dict)


class Hub:
    def __init__(self, app, server) -> None:
        self.app = app
        self.multi = bool(app.config.get("REDIS_URL"))
        self.max_message = int(app.config.get("LIVE_MAX_MESSAGE_BYTES", 1024 * 1024))
        self.ack_timeout = float(app.config.get("LIVE_ACK_TIMEOUT", 10.0))
        self.grant_seconds = float(app.config.get("LIVE_GRANT_SECONDS", 10.0))
        self.awareness_max_bytes = int(app.config.get("LIVE_AWARENESS_MAX_BYTES", 4096))
        self.awareness_per_second = float(app.config.get("LIVE_AWARENESS_PER_SECOND", 20.0))
        self._lock = threading.RLock()
        self.rooms: dict[str, Room] = {}
        self.members: dict[str, int] = {}  # sid -> member id
        self.users: dict[str, dict] = {}  # sid -> the member's presence ``user`` (name, colour)
        self._buckets: dict[str, Bucket] = {}  # sid -> its awareness rate limit
        self.joined: dict[str, set[str]] = {}  # sid -> room names
        self.compactor = Compactor(app, int(app.config.get("LIVE_COMPACT_EVERY", 2000)))
        relay = None
        if self.multi:
            relay = Relay(app.config["REDIS_URL"], app.config["SQLALCHEMY_DATABASE_URI"], self._remote_update,
                          self.resync, self._redis_lost, self._redis_back,
                          float(app.config.get("LIVE_REDIS_CHECK_SECONDS", 1.0)))
        self.pump = Pump(app, server, float(app.config.get("LIVE_TICK_SECONDS", 0.05)),
                         float(app.config.get("LIVE_PRESENCE_SECONDS", 0.1)),
                         self._stored, self._failed, self._closed, relay,
                         fanout_per_second=float(app.config.get("LIVE_FANOUT_PER_SECOND", 10000)),
                         max_tick=float(app.config.get("LIVE_TICK_MAX_SECONDS", 0.2)))
        self.sign_in_watch = SignInWatch(app, server, NAMESPACE,
                                         float(app.config.get("LIVE_SIGN_IN_CHECK_SECONDS", 5.0)))

    # -- connections --------------------------------------------------------

    def connect(self, sid: str, member_id: int, name: str = "", sign_in_id: int | None = None) -> None:
        rate = self.awareness_per_second
        with self._lock:
            self.members[sid] = member_id
            self.joined[sid] = set()
            self.users[sid] = user_for(member_id, name)
            self._buckets[sid] = Bucket(rate, 2 * rate, time.monotonic())
        if sign_in_id is not None:
            self.sign_in_watch.add(sid, sign_in_id)

    def disconnect(self, sid: str) -> None:
        with self._lock:
            self.members.pop(sid, None)
            self.users.pop(sid, None)
            self._buckets.pop(sid, None)
            names = self.joined.pop(sid, set())
        self.sign_in_watch.remove(sid)
        for name in names:
            self.leave(sid, name)

    def join(self, sid: str, name: str, writable: bool) -> Room:
        """Register the client, then make sure the replica holds every stored row.

        With several processes the rows are re-read on every join: a cheap
        repair (rows stay few thanks to compaction) for a relay message lost.
        """
        with self._lock:
            room = self.rooms.get(name)
            if room is None:
                room = self.rooms[name] = Room(name)
            room.sids.add(sid)
            room.grants[sid] = (writable, time.monotonic())
            self.joined.setdefault(sid, set()).add(name)
        with room.load_lock:
            if not room.loaded or self.multi:
                self._load(room)
                room.loaded = True
        return room

    def _load(self, room: Room) -> None:
        for (data,) in db.session.execute(
            db.select(LiveUpdate.data).where(LiveUpdate.room == room.name).order_by(LiveUpdate.id)
        ):
            try:
                room.doc.apply_stored(data)
            except InvalidUpdate:
                log.error("live: a stored update of %s does not apply", room.name)

    def room_for(self, sid: str, name: str) -> Room | None:
        with self._lock:
            room = self.rooms.get(name)
            return room if room is not None and sid in room.sids else None

    def leave(self, sid: str, name: str) -> None:
        with self._lock:
            room = self.rooms.get(name)
            self.joined.get(sid, set()).discard(name)
            if room is None or sid not in room.sids:
                return
            room.sids.discard(sid)
            room.grants.pop(sid, None)
            last_seen = room.presence.pop(sid, {})
            for client_id in room.claims.pop(sid, ()):
                room.owners.pop(client_id, None)
            empty = not room.sids
            if empty:
                del self.rooms[name]
        if last_seen:
            self.pump.awareness(name, [AwarenessEntry(c, clock + 1, None) for c, clock in last_seen.items()],
                                sid)
        if empty:
            self.compactor.soon(name)

    def may_write(self, sid: str, room: Room, decide) -> bool:
        """This connection's grant for the room; ``decide()`` asks the database when it is stale."""
        if room.closed:
            return False
        writable, decided = room.grants.get(sid, (False, 0.0))
        if time.monotonic() - decided > self.grant_seconds:
            writable = bool(decide())
            room.grants[sid] = (writable, time.monotonic())
        return writable and not room.closed

    def awareness_allowed(self, sid: str) -> bool:
        """Spend one of this connection's awareness tokens; False when it sends too fast.
        (A connection's messages are handled one at a time, so its bucket needs no lock.)"""
        bucket = self._buckets.get(sid)
        return bucket is not None and bucket.take(time.monotonic())

    def presence(self, room: Room, sid: str, entries: list[AwarenessEntry]) -> list[AwarenessEntry] | None:
        """The entries to relay for this connection's awareness update, states rebuilt with its
        member's name and colour; None (and nothing changed) if it names a client id this
        connection may not speak for: another member's connection's, or one past MAX_CLIENT_IDS."""
        with self._lock:
            user, member_id = self.users.get(sid), self.members.get(sid)
            if user is None or sid not in room.sids:
                return None
            mine = room.claims.get(sid, set())
            new = {e.client_id for e in entries if room.owners.get(e.client_id) != sid}
            if len(mine) + len(new) > MAX_CLIENT_IDS:
                return None
            taken = {room.owners[c] for c in new if c in room.owners}
            if any(self.members.get(other) != member_id for other in taken):
                return None
            for client_id in new:
                other = room.owners.get(client_id)
                if other is not None:  # the same member's older connection: the id moves here
                    room.claims.get(other, set()).discard(client_id)
                    room.presence.get(other, {}).pop(client_id, None)
                room.owners[client_id] = sid
            if new:
                room.claims[sid] = mine | new
            seen = room.presence.setdefault(sid, {})
            for entry in entries:
                if entry.state is None:
                    seen.pop(entry.client_id, None)
                else:
                    seen[entry.client_id] = max(entry.clock, seen.get(entry.client_id, 0))
        return [AwarenessEntry(e.client_id, e.clock,
                               None if e.state is None else relayed_state(e.state, user))
                for e in entries]

    # -- pump callbacks -----------------------------------------------------

    def _stored(self, name: str, count: int) -> None:
        live_text_stored.send(self.app, room=name)
        self.compactor.stored(name, count)

    def _failed(self, name: str) -> None:
        """A commit failed after the replica applied the updates: reload it from the truth."""
        with self._lock:
            room = self.rooms.get(name)
            if room is not None:
                room.doc, room.loaded = LiveDocument(), False

    def _closed(self, name: str) -> None:
        """The pump found the room closed: no more grants, and the replica (which applied the
        refused updates) is rebuilt from the log."""
        with self._lock:
            room = self.rooms.get(name)
            if room is not None:
                room.doc, room.loaded = LiveDocument(), False
        self.close_room(name)

    def close_room(self, name: str) -> None:
        """A room stopped taking edits (signal from a submission in this process, or found by the
        pump): void its grants and tell everyone in it, so editors turn read-only at once."""
        with self._lock:
            room = self.rooms.get(name)
            if room is None or room.closed:
                return
            room.closed = True
        self.pump.server.emit("room", {"room": name, "writable": False}, to=name, namespace=NAMESPACE)

    def stored_elsewhere(self, name: str, update: bytes) -> None:
        """An update stored outside the socket path (a form save): into the replica, to the room
        and, through the relay, to the other processes."""
        self._remote_update(name, update)
        self.pump.broadcast_stored(name, update)

    def _redis_lost(self, peers: int) -> None:
        """Alone, carry on (the manager delivers locally); with other processes, close the live
        connections and refuse new ones until Redis is back (isolation.py)."""
        manager = self.pump.server.manager
        if hasattr(manager, "redis_up"):
            manager.redis_up = False  # broadcasts go to this process's clients only, without trying Redis
        gate = self.app.extensions.get(GATE)
        if peers == 0 or gate is None:
            return
        gate.closed = True
        with self._lock:
            sids = list(self.members)
        closed = close_connections(self.pump.server, NAMESPACE, sids)
        log.warning("live: cut off from %d other processes; closed %d live connections until Redis is back",
                    peers, closed)

    def _redis_back(self) -> None:
        """Redis answers again. The live gate opens only once this process hears Redis again on
        both subscriptions (the Socket.IO queue's and the relay's, which re-read the rooms
        first): a client let in sooner could miss what another process broadcast meanwhile."""
        manager = self.pump.server.manager
        if hasattr(manager, "redis_up"):
            manager.redis_up = True
        gate = self.app.extensions.get(GATE)
        if gate is None or not gate.closed:
            return
        relay = self.pump.relay
        deadline = time.monotonic() + 60
        while not (getattr(manager, "listening", True) and relay.listening) and time.monotonic() < deadline:
            time.sleep(0.05)
        gate.closed = False
        log.warning("live: Redis is back; live connections are open again")

    def resync(self) -> None:
        """Re-read every room held here from the database, and send its clients what the
        replica lacked: updates another process committed but never published (it died) or
        whose messages were lost (Redis was away). Known updates re-apply as no-ops."""
        with self._lock:
            rooms = list(self.rooms.values())
        with self.app.app_context():
            try:
                for room in rooms:
                    with room.load_lock:
                        if not room.loaded:
                            continue
                        before = room.doc.state_vector
                        self._load(room)
                        if room.doc.state_vector != before:
                            self.pump.broadcast_stored(room.name, room.doc.encode_state_as_update(before))
                            log.warning("live: %s lacked updates stored elsewhere; sent them", room.name)
            finally:
                db.session.remove()

    def _remote_update(self, name: str, update: bytes) -> None:
        with self._lock:
            room = self.rooms.get(name)
        if room is not None:
            try:
                room.doc.apply_stored(update)
            except InvalidUpdate:
                log.error("live: a relayed update for %s does not apply", name)


@room_closed.connect
def _on_room_closed(name: str) -> None:
    found = current_app.extensions.get(_KEY) if current_app else None
    if found is not None:
        found.close_room(name)


@sign_ins_ended.connect
def _on_sign_ins_ended(app, ids=()) -> None:
    found = app.extensions.get(_KEY)
    if found is not None:
        found.sign_in_watch.end(ids)


@room_update_stored.connect
def _on_room_update_stored(name: str, update: bytes) -> None:
    found = current_app.extensions.get(_KEY) if current_app else None
    if found is not None:
        found.stored_elsewhere(name, update)


def settle(app, timeout: float = 10.0) -> None:
    """Let this app's hub, if it has one, finish its background writes."""
    found = app.extensions.get(_KEY)
    if found is not None:
        found.compactor.settle(timeout)


def hub(app=None) -> Hub:
    """This app's hub (the current app's, unless given), created on first use."""
    app = app if app is not None else current_app._get_current_object()
    found = app.extensions.get(_KEY)
    if found is None:
        with _create_lock:
            found = app.extensions.get(_KEY)
            if found is None:
                found = app.extensions[_KEY] = Hub(app, socketio.server)
    return found
