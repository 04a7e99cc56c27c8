"""Signals between areas, so one package can react to another without importing it (STYLE 7)."""
from blinker import Namespace

_signals = Namespace()

#: A live room stopped taking edits (its proposal was submitted), sent after the commit; the
#: live hub turns the room read-only at once. Sender: the room's name.
room_closed = _signals.signal("room-closed")

#: A Yjs update was stored for a live room outside the socket path (a form or API save), sent
#: after the commit; the live hub applies it to the room's replica and sends it to the room.
#: Sender: the room's name; keyword ``update``: the update's bytes.
room_update_stored = _signals.signal("room-update-stored")

#: Sign-ins ended (signed out, signed out elsewhere, a new password), sent after the commit;
#: the live hub disconnects the connections opened with them. Sender: the app; keyword
#: ``ids``: the sign-in ids.
sign_ins_ended = _signals.signal("sign-ins-ended")
