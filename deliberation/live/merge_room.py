"""The chairs' live merge draft (room ``merge:<assembly id>``): the current version plus what the
chairs are typing. A collision's resolution is committed from it, and whenever the draft moves (a
merge or an undo, from any page or the API) the room is brought onto the new version, keeping
the chairs' unsaved typing elsewhere (amendments/engine/carry.py).

Server-side writes go through store.replace_text, which counts pycrdt's Text positions in UTF-8
bytes (a code-point index would corrupt Welsh and emoji text).
"""
from __future__ import annotations

import logging

from flask import has_app_context
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from amendments.engine import carry_live_edits, map_region
from amendments.models import Version
from amendments.services.desk import group_region
from amendments.services.merging import merge
from deliberation.errors import Conflict, Invalid
from deliberation.live import store
from deliberation.live.models import LiveRoom, LiveUpdate
from deliberation.models import Assembly, Member
from deliberation.models.audit import record
from deliberation.signals import draft_moved, room_update_stored
from deliberation.unit_of_work import after_commit
from extensions import db

log = logging.getLogger(__name__)


def room_name(assembly_id: int) -> str:
    return f"merge:{assembly_id}"


def room_exists(name: str) -> bool:
    return (db.session.get(LiveRoom, name) is not None or db.session.scalar(
        db.select(LiveUpdate.id).where(LiveUpdate.room == name).limit(1)) is not None)


def seed_room(assembly: Assembly, author_id: int | None) -> str:
    """Seed the merge room from the current version once, in the caller's transaction; a process
    that loses the race (the LiveRoom key) uses the winner's seed."""
    name = room_name(assembly.id)
    if room_exists(name):
        return name
    version = db.session.get(Version, assembly.current_version_id)
    try:
        with db.session.begin_nested():
            db.session.add(LiveRoom(room=name, version_id=version.id))
            db.session.flush()
            store.seed(name, version.text, author_id)
    except IntegrityError:
        pass  # seeded by another request meanwhile
    return name


def live_region(assembly: Assembly, ids: list[int]) -> dict:
    """A collision group's region in the room's text now, for the resolution page."""
    region = group_region(assembly, ids)
    version = db.session.get(Version, assembly.current_version_id)
    text, state = store.snapshot(room_name(assembly.id))
    start, end = map_region(version.text, text, region["start"], region["end"])
    return {**region, "version_id": version.id, "live_text": text, "live_state": state, "live_start": start,
            "live_end": end}


def commit_region(actor: Member, assembly: Assembly, ids: list[int], shown: str, version_id: int | None,
                  live_start: int | None = None, live_end: int | None = None) -> dict:
    """Merge a collision group with the wording the chairs composed in the room.

    ``shown`` is the wording the committing chair saw highlighted; it must still be what the room
    holds there (where the room's history places the region, or at the offsets the page tracked),
    so nobody commits words they did not see.
    """
    if not isinstance(shown, str):
        raise Invalid(_("The resolution's text is missing."), field="text")
    region = group_region(assembly, ids)
    version = db.session.get(Version, assembly.current_version_id)
    if version_id is not None and version_id != version.id:
        raise Conflict(_("The draft changed since you loaded it; reload and try again."),
                       code="stale_version", current_version_id=version.id)
    text = store.live_text(room_name(assembly.id))
    start, end = map_region(version.text, text, region["start"], region["end"])
    if text[start:end] != shown:
        tracked = (live_start is not None and live_end is not None
                   and 0 <= live_start <= live_end <= len(text) and text[live_start:live_end] == shown)
        if not tracked:
            raise Conflict(_("Someone changed these words in the live draft while you were committing. "
                             "Read the highlighted wording again, then commit."), code="live_changed")
    result = merge(actor, assembly, list(region["amendment_ids"]),
                   [{"amendment_ids": list(region["amendment_ids"]), "text": shown}],
                   expected_version_id=version.id, committed=[(region["start"], region["end"])])
    record("merge_room.commit", f"assembly:{assembly.id}", actor.id, merge_id=result["merge_id"],
           amendment_ids=list(region["amendment_ids"]))
    return result


@draft_moved.connect
def _carry_room(assembly_id: int, from_version_id: int, to_version_id: int, committed=(), by_id=None,
                merge_id=None, **_kw) -> None:
    """Bring the merge room onto the new draft in the same transaction, keeping unsaved typing."""
    if not has_app_context():
        return  # a service run on a fake unit of work (unit tests): there is no room to move
    name = room_name(assembly_id)
    marker = db.session.get(LiveRoom, name)
    if marker is None and not room_exists(name):
        return
    based_on = marker.version_id if marker is not None and marker.version_id else from_version_id
    if based_on != from_version_id:
        committed = ()  # the regions are in the words of a version the room is not based on
    old = db.session.get(Version, based_on).text
    new = db.session.get(Version, to_version_id).text
    carried = carry_live_edits(old, store.live_text(name), new, committed)
    update = store.replace_text(name, carried.text, by_id)
    if marker is not None:
        marker.version_id = to_version_id
    else:
        db.session.add(LiveRoom(room=name, version_id=to_version_id))
    if carried.dropped:
        record("merge_room.dropped", f"assembly:{assembly_id}", by_id, merge_id=merge_id,
               dropped=[[e.start, e.end, e.text[:200]] for e in carried.dropped])
    if update is not None:
        after_commit(lambda: room_update_stored.send(name, update=update))
