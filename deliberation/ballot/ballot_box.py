"""The ballot box: votes from many request threads reach the database in one
transaction per batch, and each voter hears back only once theirs is committed.

Why: a transaction per vote costs half a dozen round trips and a WAL flush, and at
a thousand votes a second that, not Python, is the ceiling. Batches form by
themselves: whatever queued while the previous batch was committing goes next, so
one quiet vote waits for one transaction and a burst shares them.

Secrecy gains too: a batch's cast ballots are inserted in a shuffled order, so even
the physical order of rows in the table links a ballot only to its batch of voters.

One transaction per batch, per ballot in it:
- PostgreSQL share-locks the ballot row, so a close waits for batches in flight and
  counts every vote that was acknowledged (on SQLite the write lock does the same);
- participation rows are copied from the frozen electorate where the ballot is open,
  skipping conflicts (``ON CONFLICT DO NOTHING ... RETURNING``): the primary key
  (ballot, member) still makes a second vote impossible, and RETURNING says whose
  vote got in;
- a cast ballot (random key, tracker, answers; nothing about the voter) for each.
If the batch fails as a whole, each vote is retried in a transaction of its own, so
one bad vote never costs the others theirs.
"""
from __future__ import annotations

import logging
import os
import secrets
import threading
from dataclasses import dataclass, field

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, select
from sqlalchemy.dialects import postgresql, sqlite

from deliberation.ballot.models import Ballot, CastBallot, Elector, Participation
from deliberation.errors import Conflict, Forbidden, ServiceError
from deliberation.models.timeutil import utcnow
from extensions import db

log = logging.getLogger(__name__)
_KEY = "refound.ballot_box"
_create_lock = threading.Lock()
_shuffle = secrets.SystemRandom().shuffle
#: How long an idle box thread lingers before exiting (it restarts on demand).
_IDLE_SECONDS = 20.0


class NotRecorded(ServiceError):
    """The database could not be reached in time: the voter must check before trying again."""

    status = 503
    code = "not_recorded"


@dataclass
class Slip:
    """One vote waiting in the box."""

    ballot_id: int
    member_id: int
    answers: list
    tracker: str | None = None
    #: Why the vote was not taken (see _refusal), set by the box thread.
    refusal: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


class BallotBox:
    def __init__(self, app, max_batch: int = 500) -> None:
        self.app = app
        self.max_batch = max_batch
        self._cond = threading.Condition()
        self._slips: list[Slip] = []
        self._thread: threading.Thread | None = None
        self._pid = os.getpid()

    # -- request threads ----------------------------------------------------

    def cast(self, ballot_id: int, member_id: int, answers: list, timeout: float = 60.0) -> str:
        """Queue a checked vote and wait: the tracker once it is stored, else the refusal."""
        slip = Slip(ballot_id, member_id, answers)
        with self._cond:
            self._slips.append(slip)
            self._wake()
        if not slip.done.wait(timeout):
            slip.refusal = "unconfirmed"
        if slip.refusal is not None:
            raise _refusal(slip.refusal)  # in the request's thread, so in the voter's language
        return slip.tracker

    def _wake(self) -> None:
        if os.getpid() != self._pid:  # forked after the thread started (a pre-loading server)
            self._pid, self._thread = os.getpid(), None
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="ballot-box", daemon=True)
            self._thread.start()
        self._cond.notify()

    # -- the box thread -----------------------------------------------------

    def _run(self) -> None:
        while True:
            with self._cond:
                if not self._slips:
                    self._cond.wait(_IDLE_SECONDS)
                    if not self._slips:
                        self._thread = None
                        return
                batch, self._slips = self._slips[:self.max_batch], self._slips[self.max_batch:]
            try:
                with self.app.app_context():
                    self._record(batch)
            except Exception:  # never leave a voter waiting on a thread that died
                log.exception("ballot box: a batch of %d votes failed", len(batch))
                for slip in batch:
                    if slip.tracker is None and slip.refusal is None:
                        slip.refusal = "not_recorded"
            finally:
                for slip in batch:
                    slip.done.set()

    def _record(self, batch: list[Slip]) -> None:
        try:
            refused = self._commit(batch)
        except Exception:
            db.session.rollback()
            if len(batch) == 1:
                raise
            log.warning("ballot box: a batch of %d failed; recording each vote alone", len(batch), exc_info=True)
            refused = {}
            for slip in batch:
                try:
                    for ballot_id, slips in self._commit([slip]).items():
                        refused.setdefault(ballot_id, []).extend(slips)
                except Exception:
                    db.session.rollback()
                    log.exception("ballot box: a vote could not be recorded")
                    slip.refusal = "not_recorded"
        try:
            for ballot_id, slips in refused.items():
                _explain(ballot_id, slips)
        except Exception:  # the accepted votes are committed; only the reason for a refusal is missing
            log.exception("ballot box: could not say why votes were refused")
            for slips in refused.values():
                for slip in slips:
                    slip.refusal = "refused"
        finally:
            db.session.remove()

    def _commit(self, batch: list[Slip]) -> dict[int, list[Slip]]:
        """One transaction for the whole batch: accepted slips get their tracker; returns the
        slips the database refused, by ballot (nothing is stored for them)."""
        connection = db.session.connection()
        postgres = connection.dialect.name == "postgresql"
        hour = utcnow().replace(minute=0, second=0, microsecond=0)
        by_ballot: dict[int, list[Slip]] = {}
        for slip in batch:
            by_ballot.setdefault(slip.ballot_id, []).append(slip)
        if postgres:
            connection.execute(_LOCK_OPEN, {"ballots": sorted(by_ballot)}).all()
        accepted: list[Slip] = []
        refused: dict[int, list[Slip]] = {}
        for ballot_id, slips in by_ballot.items():
            added = set(connection.execute(_PARTICIPATE[postgres], {
                "b": ballot_id, "members": [s.member_id for s in slips], "hour": hour}).scalars())
            for slip in slips:
                if slip.member_id in added:
                    added.discard(slip.member_id)  # a second slip of the same voter in this batch is refused
                    accepted.append(slip)
                else:
                    refused.setdefault(ballot_id, []).append(slip)
        trackers = [secrets.token_hex(10) for _ in accepted]
        rows = [{"id": secrets.token_hex(16), "ballot_id": slip.ballot_id, "tracker": tracker,
                 "answers": slip.answers} for slip, tracker in zip(accepted, trackers)]
        _shuffle(rows)  # insertion order says nothing about arrival order
        if rows:
            connection.execute(_CAST, rows)
        db.session.commit()
        for slip, tracker in zip(accepted, trackers):
            slip.tracker = tracker
        return refused


def _participate(dialect_insert):
    """INSERT the electorate's rows for these members where the ballot is open, skipping
    anyone already recorded; RETURNING names the members whose vote got in."""
    source = (select(Elector.ballot_id, Elector.member_id, db.bindparam("hour", type_=db.DateTime))
              .join(Ballot, Ballot.id == Elector.ballot_id)
              .where(Elector.ballot_id == db.bindparam("b"),
                     Elector.member_id.in_(db.bindparam("members", expanding=True)),
                     Ballot.status == "open"))
    return (dialect_insert(Participation).from_select(["ballot_id", "member_id", "hour"], source)
            .on_conflict_do_nothing().returning(Participation.member_id))


# Built once: their compiled forms are then cached and reused.
_LOCK_OPEN = (select(Ballot.id).where(Ballot.id.in_(db.bindparam("ballots", expanding=True)))
              .order_by(Ballot.id).with_for_update(read=True))
_PARTICIPATE = {True: _participate(postgresql.insert), False: _participate(sqlite.insert)}
_CAST = insert(CastBallot)


def _explain(ballot_id: int, slips: list[Slip]) -> None:
    """Why these votes were not taken: the ballot is not open, the member already voted,
    or the member is not on the frozen electorate."""
    status = db.session.scalar(select(Ballot.status).where(Ballot.id == ballot_id))
    voted = set(db.session.scalars(select(Participation.member_id).where(
        Participation.ballot_id == ballot_id, Participation.member_id.in_([s.member_id for s in slips]))))
    db.session.rollback()
    for slip in slips:
        if status != "open":
            slip.refusal = "not_open"
        elif slip.member_id in voted:
            slip.refusal = "already_voted"
        else:
            slip.refusal = "not_in_electorate"


def _refusal(code: str) -> ServiceError:
    """The error a refused voter sees; built in the request's thread, for its language."""
    if code == "not_open":
        return Conflict(_("This ballot is not open for voting."), code=code)
    if code == "already_voted":
        return Conflict(_("You have already voted in this ballot."), code=code)
    if code == "not_in_electorate":
        return Forbidden(_("You are not on this ballot's electorate."), code=code)
    if code == "refused":
        return Conflict(_("Your vote was not accepted. Check the ballot page."), code=code)
    if code == "unconfirmed":
        return NotRecorded(_("Your vote could not be confirmed in time. Check the ballot page to see "
                             "whether it was recorded before voting again."))
    return NotRecorded(_("Your vote could not be recorded. Please try again."))


def ballot_box() -> BallotBox:
    """This app's ballot box, created on first use."""
    app = current_app._get_current_object()
    box = app.extensions.get(_KEY)
    if box is None:
        with _create_lock:
            box = app.extensions.get(_KEY)
            if box is None:
                box = app.extensions[_KEY] = BallotBox(app, int(app.config.get("BALLOT_BATCH_MAX", 500)))
    return box
