"""Who may read and write a live room, and which rooms still take edits, from the database."""
from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from amendments.models import Version
from deliberation.auth.permissions import can_read_proposal, can_write_proposal, is_chair
from deliberation.live import store
from deliberation.live.models import LiveRoom, LiveUpdate
from deliberation.models import Assembly, Member, Proposal
from extensions import db

_ROOM = re.compile(r"^(proposal|merge):([1-9][0-9]{0,17})$")


class RoomError(Exception):
    """A join or message the room refuses; ``code`` goes into the error ack."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class RoomName:
    kind: str
    id: int

    @property
    def name(self) -> str:
        return f"{self.kind}:{self.id}"


def parse_room(value) -> RoomName:
    match = _ROOM.match(value) if isinstance(value, str) else None
    if match is None:
        raise RoomError("unknown_room", "Rooms are named proposal:<id> or merge:<assembly id>.")
    return RoomName(match.group(1), int(match.group(2)))


def check_read(member: Member, room: RoomName) -> None:
    """A proposal's room is read by whoever may read the proposal (a draft: its group and the
    assembly's chairs; once submitted, every member); only chairs read the merge draft (for now)."""
    if room.kind == "proposal":
        proposal = db.session.get(Proposal, room.id)
        if proposal is None:
            raise RoomError("not_found", f"There is no proposal {room.id}.")
        if not can_read_proposal(member, proposal):
            raise RoomError("forbidden", "Only the proposing group's members and the assembly's chairs "
                                         "may open a draft proposal.")
        return
    if db.session.get(Assembly, room.id) is None:
        raise RoomError("not_found", f"There is no assembly {room.id}.")
    if not is_chair(member, room.id):
        raise RoomError("forbidden", "Only the assembly's chairs may open its merge draft.")


def can_write(member: Member, room: RoomName) -> bool:
    """Checked on every update, so a proposal submitted meanwhile turns read-only at once."""
    if room.kind == "proposal":
        proposal = db.session.get(Proposal, room.id)
        return proposal is not None and can_write_proposal(member, proposal)
    return is_chair(member, room.id)


def closed_rooms(names: set[str]) -> set[str]:
    """Those of these rooms that take no more edits (a submitted proposal).

    Called after the caller's INSERT of updates, in the same transaction: under SQLite's
    write lock, or with the proposals' rows share-locked on PostgreSQL. Submission changes
    the status before reading the text, so either it reads these updates or they are refused.
    """
    ids = {room.id: room.name for room in map(parse_room, names) if room.kind == "proposal"}
    if not ids:
        return set()
    query = db.select(Proposal.id, Proposal.status).where(Proposal.id.in_(list(ids)))
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.order_by(Proposal.id).with_for_update(read=True)
    status = dict(db.session.execute(query).all())
    return {name for proposal_id, name in ids.items() if status.get(proposal_id) != "draft"}


def ensure_merge_seeded(room: RoomName, author_id: int | None) -> None:
    """Seed a merge draft from the assembly's current version, exactly once.

    The insert of the LiveRoom marker (primary key = room name) and the seed
    update share one transaction: a process that loses the race gets an
    IntegrityError (PostgreSQL makes it wait for the winner's commit first;
    SQLite serialises writers), rolls back, and uses the winner's seed. Rooms
    that already hold updates are never seeded again.
    """
    if room.kind != "merge":
        return
    has_rows = db.session.scalar(db.select(LiveUpdate.id).where(LiveUpdate.room == room.name).limit(1))
    if has_rows is not None or db.session.get(LiveRoom, room.name) is not None:
        return
    assembly = db.session.get(Assembly, room.id)
    version = db.session.get(Version, assembly.current_version_id) if assembly.current_version_id else None
    try:
        db.session.add(LiveRoom(room=room.name, version_id=version.id if version else None))
        db.session.flush()
        store.seed(room.name, version.text if version else "", author_id)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
