"""Telling everyone viewing a target that a comment arrived, changed or was hidden.

The message goes out once the change is stored (after the commit), to the Socket.IO room of the
comment's target on the /discussion namespace (events.py); with REDIS_URL set, Flask-SocketIO's
message queue carries it to the other processes' connections. It holds what any member may read:
a hidden comment's words are never in it.
"""

from __future__ import annotations

from deliberation.unit_of_work import after_commit
from extensions import socketio

NAMESPACE = "/discussion"


def room(kind: str, target_id: int) -> str:
    return f"comments:{kind}:{target_id}"


def announce(kind: str, target_id: int, change: str, comment: dict) -> None:
    """After the commit: emit ``comment`` {"target", "target_id", "change", "comment"} to the room."""
    payload = {"target": kind, "target_id": target_id, "change": change, "comment": comment}
    after_commit(lambda: socketio.emit("comment", payload, to=room(kind, target_id), namespace=NAMESPACE))
