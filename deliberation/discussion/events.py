"""Socket.IO namespace /discussion: a page joins the room of the target it shows and receives
``comment`` messages (live.py) when a comment there is written, changed or hidden.

Connections authenticate on connect like /live's (an API token in the auth payload, else the
browser's session cookie) and are refused from another site's pages (live/origins.py: without
that check any page a member visits could listen in with their cookies). Joining checks the
target exists and the member may read it. A version's page also joins the rooms of the versions
it descends from, whose threads it shows carried to its lines. A connection opened with a
browser sign-in ends when the sign-in does, in this process at once and in the others within
LIVE_SIGN_IN_CHECK_SECONDS (live/sign_in_watch.py, one watch per app).
"""

from __future__ import annotations

import threading

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import Namespace, join_room, leave_room

from deliberation.auth import sessions
from deliberation.discussion.live import NAMESPACE, room
from deliberation.discussion.placement import ancestry
from deliberation.discussion.targets import load_target
from deliberation.errors import ServiceError
from deliberation.live import origins
from deliberation.live.handshake import authenticate, error
from deliberation.live.sign_in_watch import SignInWatch
from deliberation.models import Member
from deliberation.signals import sign_ins_ended
from extensions import db, socketio


class DiscussionNamespace(Namespace):
    def __init__(self, namespace: str) -> None:
        super().__init__(namespace)
        self._lock = threading.Lock()
        self.members: dict[str, int] = {}  # sid -> member id

    def on_connect(self, auth=None):
        if origins.refused(request.environ):  # Engine.IO refused it already; this says so once more
            raise ConnectionRefusedError(_("Comments are open only to this site's own pages."))
        member = authenticate(auth)
        if member is None:
            raise ConnectionRefusedError(_("Sign in to follow the discussion."))
        sign_in = sessions.current()
        with self._lock:
            self.members[request.sid] = member.id
        if sign_in is not None:
            sign_in_watch(current_app._get_current_object()).add(request.sid, sign_in.id)
        db.session.commit()  # the token's "last used" mark; and no transaction left open

    def on_disconnect(self, reason=None):
        with self._lock:
            self.members.pop(request.sid, None)
        watch = current_app.extensions.get(_WATCH)
        if watch is not None:
            watch.remove(request.sid)

    def on_join(self, data=None):
        """Join a target's room: {"target", "target_id"} -> {"ok": true} or an error."""
        if request.sid not in self.members:
            return error("unauthorized", _("Sign in to follow the discussion."))
        if not isinstance(data, dict):
            return error("malformed", _("Send {\"target\", \"target_id\"}."))
        try:
            reader = db.session.get(Member, self.members[request.sid])
            target = load_target(data.get("target"), data.get("target_id"), reader)
            rooms = [room(target.kind, target.id)]
            if target.kind == "version":
                rooms += [room("version", vid) for vid, _sha in ancestry(target.id, target.assembly_id)[1:]]
        except ServiceError as err:
            return error(err.code, err.message)
        finally:
            db.session.commit()  # end the join's reads: a held SQLite transaction would block writers
        for name in rooms:
            join_room(name)
        return {"ok": True}

    def on_leave(self, data=None):
        if isinstance(data, dict):
            try:
                target = load_target(data.get("target"), data.get("target_id"))
            except ServiceError as err:
                return error(err.code, err.message)
            finally:
                db.session.commit()
            leave_room(room(target.kind, target.id))
        return {"ok": True}


_namespace = DiscussionNamespace(NAMESPACE)
_WATCH = "discussion_sign_in_watch"


def sign_in_watch(app) -> SignInWatch:
    """The app's watch over the sign-ins its /discussion connections were opened with (the
    namespace object is shared by every app a process builds; the watch is the app's)."""
    found = app.extensions.get(_WATCH)
    if found is None:
        found = app.extensions.setdefault(_WATCH, SignInWatch(
            app, socketio.server, NAMESPACE, float(app.config.get("LIVE_SIGN_IN_CHECK_SECONDS", 5.0))))
    return found


@sign_ins_ended.connect
def _on_sign_ins_ended(app, ids=()) -> None:
    watch = app.extensions.get(_WATCH)
    if watch is not None:
        watch.end(ids)


def _register() -> None:
    """Register on the current server and for every later init_app (tests build many apps)."""
    socketio.on_namespace(_namespace)
    if socketio.server is not None:
        socketio.namespace_handlers.append(_namespace)


_register()
