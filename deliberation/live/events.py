"""Socket.IO namespace /live: join a room, then y-protocols sync and awareness in
``yjs`` events (see API.md). Handlers authenticate on connect, check write
permission on every update (against the connection's grant, see hub.py), and
acknowledge an update only once it is stored: each event takes its connection's
turn (turns.py) to be checked, applied and queued in arrival order, then waits
for its commit outside the turn and returns the ack.
"""
from __future__ import annotations

from flask import request
from flask_babel import gettext as _
from flask_socketio import Namespace, join_room, leave_room

from deliberation.auth import sessions
from deliberation.live import origins
from deliberation.live.access import RoomError, can_write, check_read, ensure_merge_seeded, parse_room
from deliberation.live.handshake import authenticate, error
from deliberation.live.hub import hub
from deliberation.live.protocol import ProtocolError, StateTooLarge, decode_awareness, parse_message
from deliberation.live.pump import NAMESPACE, Ticket
from deliberation.live.rooms import EMPTY_UPDATE, InvalidUpdate
from deliberation.live.turns import Turns
from deliberation.models import Member
from extensions import db, socketio

OK = {"ok": True}


def _member() -> Member | None:
    member_id = hub().members.get(request.sid)
    return db.session.get(Member, member_id) if member_id is not None else None


class LiveNamespace(Namespace):
    def __init__(self, namespace: str) -> None:
        super().__init__(namespace)
        self.turns = Turns()

    def on_connect(self, auth=None):
        if origins.refused(request.environ):  # Engine.IO refused it already; this says so once more
            raise ConnectionRefusedError(_("Live editing is open only to this site's own pages."))
        member = authenticate(auth)
        if member is None:
            raise ConnectionRefusedError(_("Sign in to join live editing."))
        sign_in = sessions.current()  # None for a token: revoking a token ends its own requests
        hub().connect(request.sid, member.id, member.name, sign_in.id if sign_in is not None else None)
        db.session.commit()  # the token's "last used" mark; and no transaction left open

    def on_disconnect(self, reason=None):
        hub().disconnect(request.sid)

    def on_join(self, data=None):
        """Join a room; writable members also get our step 1 so their offline edits flow in."""
        try:
            room = parse_room(data.get("room") if isinstance(data, dict) else None)
            member = _member()
            if member is None:
                raise RoomError("unauthorized", _("Sign in to join live editing."))
            check_read(member, room)
            ensure_merge_seeded(room, member.id)
            writable = can_write(member, room)
        except RoomError as err:
            return error(err.code, err.message)
        join_room(room.name)
        live = hub().join(request.sid, room.name, writable)
        db.session.commit()  # end the join's reads: a held SQLite transaction would block the pump
        if writable:
            socketio.emit("yjs", {"room": room.name, "data": live.doc.sync_step1()},
                          to=request.sid, namespace=NAMESPACE)
        return {"ok": True, "writable": writable}

    def on_leave(self, data=None):
        name = data.get("room") if isinstance(data, dict) else None
        if isinstance(name, str):
            leave_room(name)
            hub().leave(request.sid, name)
        return OK

    def trigger_event(self, event, *args):
        """Every event in its connection's turn (turns.py); an update's ack waits for its
        commit after the turn, so the connection's next message is handled meanwhile.

        ``yjs`` messages, the hot path (every keystroke, every cursor move), skip Flask-SocketIO's
        per-event request context: pushing it, with the session cookie opened and the URL matched,
        cost more than the message itself. They need only the sid and the app; the rare step that
        reads the database pushes an app context of its own. Other events go the usual way."""
        sid = args[0]
        with self.turns.turn(sid):
            if event != "yjs":
                return super().trigger_event(event, *args)
            app = self.socketio.server.get_environ(sid, namespace=NAMESPACE)["flask.app"]
            try:
                result = _yjs(app, sid, args[1] if len(args) > 1 else None)
            except RoomError as err:
                return error(err.code, err.message)
        if isinstance(result, Ticket):
            result.done.wait(hub(app).ack_timeout)
            return _stored(result)
        return result


def _yjs(app, sid: str, data) -> dict | Ticket:
    """Check, apply and queue one message: its ack, or the update's ticket to wait for."""
    the_hub = hub(app)
    name = data.get("room") if isinstance(data, dict) else None
    raw = data.get("data") if isinstance(data, dict) else None
    room = the_hub.room_for(sid, name) if isinstance(name, str) else None
    if room is None:
        raise RoomError("not_joined", "Join the room before sending to it.")
    if isinstance(raw, (bytes, bytearray)) and len(raw) > the_hub.max_message:
        raise RoomError("too_large", f"Messages are limited to {the_hub.max_message} bytes.")
    try:
        message = parse_message(raw)
    except ProtocolError as exc:
        raise RoomError("malformed", f"Not a y-protocols message: {exc}") from exc
    if message.kind == "sync_step1":
        try:
            reply = room.doc.reply_to_step1(message.payload)
        except ProtocolError as exc:
            raise RoomError("malformed", "Not a state vector.") from exc
        the_hub.pump.server.emit("yjs", {"room": name, "data": reply}, to=sid, namespace=NAMESPACE)
        return OK
    if message.kind == "awareness":
        return _awareness(the_hub, sid, room, message.payload)
    if not the_hub.may_write(sid, room, lambda: _may_write_now(app, the_hub.members.get(sid), name)):
        raise RoomError("read_only", "You may not edit this text (it may have been submitted).")
    if message.payload == EMPTY_UPDATE:
        return OK
    try:
        room.doc.apply_update(message.payload)
    except InvalidUpdate as exc:
        raise RoomError("malformed", f"Not a valid Yjs update: {exc}") from exc
    return the_hub.pump.queue(name, message.payload, the_hub.members.get(sid), sid)


def _stored(ticket) -> dict:
    """The ack for an update: stored, refused as read-only, or not saved (a failed commit or
    LIVE_ACK_TIMEOUT passed: the client sends it again)."""
    if ticket.refusal == "read_only":
        return error("read_only", "You may not edit this text (it has been submitted).")
    if not ticket.ok:
        return error("not_saved", "The update could not be saved; it will be sent again.")
    return OK


def _awareness(the_hub, sid: str, room, payload: bytes) -> dict:
    """Presence: relayed for this connection's own client ids only, named by the server."""
    if not the_hub.awareness_allowed(sid):
        raise RoomError("rate_limited", _("Too many presence updates; this one was dropped."))
    try:
        entries = decode_awareness(payload, the_hub.awareness_max_bytes)
    except StateTooLarge as exc:
        raise RoomError("too_large", _("Presence states are limited to %(n)s bytes.",
                                       n=the_hub.awareness_max_bytes)) from exc
    except ProtocolError as exc:
        raise RoomError("malformed", _("Not an awareness update: %(reason)s", reason=exc)) from exc
    relayed = the_hub.presence(room, sid, entries)
    if relayed is None:
        raise RoomError("forbidden", _("This connection may not send presence for that client."))
    if relayed:  # an update naming no client has nothing to relay
        the_hub.pump.awareness(room.name, relayed, sid)
    return OK


def _may_write_now(app, member_id: int | None, name: str) -> bool:
    """The database's answer, when a connection's grant is due for renewal."""
    with app.app_context():
        try:
            member = db.session.get(Member, member_id) if member_id is not None else None
            return member is not None and can_write(member, parse_room(name))
        finally:
            db.session.remove()


def _register() -> None:
    """Register on the current server and for every later init_app (tests build many apps)."""
    namespace = LiveNamespace(NAMESPACE)
    socketio.on_namespace(namespace)
    if socketio.server is not None:
        socketio.namespace_handlers.append(namespace)


_register()
