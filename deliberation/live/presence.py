"""Presence (y-protocols awareness) as the server relays it. Pure: no Flask, no database.

A relayed state is rebuilt, never passed on as sent: ``user`` is the signed-in
member's name and colour (what static/src/editor.js and y-codemirror.next
read: ``{"name", "color", "colorLight"}``), and ``cursor`` is a selection as
y-codemirror.next publishes it (``{"anchor", "head"}``, each a Yjs relative
position), checked so that a peer's editor can resolve it without throwing.
Nothing else a client put in its state goes to anyone.
"""
from __future__ import annotations

from deliberation.live.rooms import TEXT_NAME

#: Cursor colours, one per member (by id); each has a contrast of at least 4.5:1 with
#: white, the colour of the name drawn on it.
PALETTE = ("#1a5fb4", "#b3261e", "#26734d", "#7b3fc4", "#a3530a", "#0b6e75", "#9c2a7a", "#5c5c5c")
#: The longest name shown beside a cursor (static/src/editor.js cuts there too).
MAX_NAME = 80
_MAX_ID = 2**53  # lib0 varUints, and JavaScript's safe integers
_MAX_ASSOC = 2**31


def colour_for(member_id: int) -> str:
    """A member's cursor colour: the same in every room and on every visit."""
    return PALETTE[member_id % len(PALETTE)]


def user_for(member_id: int, name: str) -> dict:
    """The ``user`` field of a member's awareness state."""
    colour = colour_for(member_id)
    return {"name": (name or "")[:MAX_NAME], "color": colour, "colorLight": colour + "33"}


def relayed_state(state: dict, user: dict) -> dict:
    """What the server sends on for a client's state: the member's ``user`` and a checked cursor."""
    return {"user": user, "cursor": _cursor(state.get("cursor"))}


def _cursor(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    anchor, head = _position(value.get("anchor")), _position(value.get("head"))
    return {"anchor": anchor, "head": head} if anchor is not None and head is not None else None


def _position(value) -> dict | None:
    """A Yjs relative position with all four fields (Yjs reads them straight off the object),
    or None when it names no place in the shared text (Yjs would throw on it)."""
    if not isinstance(value, dict):
        return None
    type_id, item = _id(value.get("type")), _id(value.get("item"))
    tname = value.get("tname")
    if tname is not None and tname != TEXT_NAME:
        return None
    if ((value.get("type") is not None and type_id is None)
            or (value.get("item") is not None and item is None)):
        return None
    if type_id is None and tname is None and item is None:
        return None
    assoc = value.get("assoc", 0)
    if not _is_int(assoc) or not -_MAX_ASSOC <= assoc < _MAX_ASSOC:
        return None
    return {"type": type_id, "tname": tname, "item": item, "assoc": assoc}


def _id(value) -> dict | None:
    if not isinstance(value, dict):
        return None
    client, clock = value.get("client"), value.get("clock")
    if _is_int(client) and _is_int(clock) and 0 <= client < _MAX_ID and 0 <= clock < _MAX_ID:
        return {"client": client, "clock": clock}
    return None


def _is_int(value) -> bool:
    return type(value) is int


class Bucket:
    """A token bucket: ``rate`` messages a second on average, ``burst`` at once."""

    __slots__ = ("rate", "burst", "tokens", "at")

    def __init__(self, rate: float, burst: float, now: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.at = burst, now

    def take(self, now: float) -> bool:
        """Spend one token if there is one; False means over the limit."""
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
