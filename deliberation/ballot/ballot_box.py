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
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from deliberation.ballot.models import Ballot, CastBallot, Elector, Participation
from deliberation.errors import Conflict, Forbidden, ServiceError, Unauthorized
from deliberation.models import ApiToken
from deliberation.models.timeutil import utcnow
from deliberation.unit_of_work import UnitOfWork
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
    #: The voter; None until the box resolves ``token_digest`` (the API's votes).
    member_id: int | None
    answers: list
    token_digest: str | None = None
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
        #: Each open ballot's answer checker (voting.answer_checker), built once per process.
        self.checkers: dict = {}

    # -- request threads ----------------------------------------------------

    def cast(self, ballot_id: int, member_id: int | None, answers: list, timeout: float = 60.0, *,
             token_digest: str | None = None) -> str:
        """Queue a checked vote and wait: the tracker once it is stored, else the refusal. The voter
        is a member id or, from the API, the digest of their token, checked in the batch."""
        slip = Slip(ballot_id, member_id, answers, token_digest)
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
            if len(batch) == 1:
                raise
            log.warning("ballot box: a batch of %d failed; recording each vote alone", len(batch),
                        exc_info=True)
            refused = {}
            for slip in batch:
                try:
                    for ballot_id, slips in self._commit([slip]).items():
                        refused.setdefault(ballot_id, []).extend(slips)
                except Exception:
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
        """One transaction (a unit of work) for the whole batch: accepted slips get their tracker once
        it is committed; returns the slips the database refused, by ballot (nothing is stored for them)."""
        with UnitOfWork() as uow:
            trackers, accepted, refused = self._write(uow.session.connection(), batch)
        for slip, tracker in zip(accepted, trackers, strict=True):
            slip.tracker = tracker
        return refused

    def _write(self, connection, batch: list[Slip]) -> tuple[list[str], list[Slip], dict[int, list[Slip]]]:
        """The batch's statements on the unit of work's connection: trackers, accepted and refused slips."""
        postgres = connection.dialect.name == "postgresql"
        now = utcnow()
        hour = now.replace(minute=0, second=0, microsecond=0)
        refused: dict[int, list[Slip]] = {}
        by_ballot: dict[int, list[Slip]] = {}
        for slip in _identify(connection, batch, now):
            if slip.member_id is None:
                slip.refusal = "unauthorized"
            else:
                by_ballot.setdefault(slip.ballot_id, []).append(slip)
        if postgres:
            connection.execute(_LOCK_OPEN, {"ballots": sorted(by_ballot)}).all()
        accepted: list[Slip] = []
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
                 "answers": slip.answers} for slip, tracker in zip(accepted, trackers, strict=True)]
        _shuffle(rows)  # insertion order says nothing about arrival order
        if rows:
            connection.execute(_CAST, rows)
        return trackers, accepted, refused


def _identify(connection, batch: list[Slip], now) -> list[Slip]:
    """Give slips that came with a token their member (None if the token is unknown or revoked),
    in one query for the batch; a token's "last used" mark is renewed at most hourly."""
    digests = list({slip.token_digest for slip in batch if slip.token_digest})
    if digests:
        owners, stale = {}, []
        for token_id, digest, member_id, revoked_at, last_used_at in connection.execute(
                _TOKENS, {"digests": digests}):
            if revoked_at is None:
                owners[digest] = member_id
                if last_used_at is None or now - last_used_at > _MARK_EVERY:
                    stale.append(token_id)
        if stale:
            connection.execute(update(ApiToken).where(ApiToken.id.in_(stale)).values(last_used_at=now))
        for slip in batch:
            if slip.token_digest:
                slip.member_id = owners.get(slip.token_digest)
    return batch


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


_MARK_EVERY = timedelta(hours=1)
# Built once: their compiled forms are then cached and reused.
_TOKENS = select(ApiToken.id, ApiToken.digest, ApiToken.member_id, ApiToken.revoked_at,
                 ApiToken.last_used_at).where(ApiToken.digest.in_(db.bindparam("digests", expanding=True)))
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
    UnitOfWork().rollback()  # it only read: end the transaction
    for slip in slips:
        if status != "open":
            slip.refusal = "not_open"
        elif slip.member_id in voted:
            slip.refusal = "already_voted"
        else:
            slip.refusal = "not_in_electorate"


def _refusal(code: str) -> ServiceError:
    """The error a refused voter sees; built in the request's thread, for its language."""
    if code == "unauthorized":
        return Unauthorized(_("Sign in first: send 'Authorization: Bearer <token>'."))
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
