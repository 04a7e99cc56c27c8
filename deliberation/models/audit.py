"""The append-only audit log, hash-chained: every change of state that matters is an entry here.

Services call `record` (or UnitOfWork.record and record_many); the entries wait with the session
and join the chain when its transaction commits. The `before_commit` hook below takes the lock of
the one-row chain head (a row lock on PostgreSQL, SQLite's write lock), gives each entry the next
position and its hash (deliberation/hash_chain.py), inserts them all in one statement and moves
the head. So concurrent writers (several processes, the roll import's threads) queue only for
that last moment, entries take their positions in commit order, and the chain cannot fork: the
position is the primary key. A transaction that rolls back, or a savepoint that does, takes its
entries with it.
"""
import logging
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column

from deliberation.hash_chain import EMPTY, Head, plain_json, seal
from deliberation.models.timeutil import iso, utcnow
from extensions import db

log = logging.getLogger(__name__)
_PENDING = "refound.audit_pending"
#: The chain head's one row.
HEAD_ID = 1


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    #: The entry's position in the chain: 1, 2, 3, ... in commit order with no gaps, given by the
    #: commit hook (never by the database), so a gap means a deleted entry.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    #: Who acted; None for the system (CLI imports, automatic steps).
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"))
    #: A dotted verb such as "assembly.phase" or "ballot.open".
    action: Mapped[str] = mapped_column(String(64), index=True)
    #: What was acted on, as "kind:id".
    subject: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    #: The hash of the entry before this one (64 zeros for the first).
    prev_hash: Mapped[str] = mapped_column(String(64))
    #: SHA-256 of this entry's canonical encoding, previous hash included (hash_chain.entry_hash).
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(db.Model):
    """The chain's last entry in one row: writers queue on its lock, and a chain cut short at the
    end no longer reaches it."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    position: Mapped[int]
    hash: Mapped[str] = mapped_column(String(64))


def record(action: str, subject: str, actor_id: int | None = None, **detail) -> None:
    """Add an audit entry to the current transaction; it joins the chain when that commits."""
    add_entries(db.session(), [(action, subject, actor_id, detail)])


def add_entries(session: Session, rows: list[tuple[str, str, int | None, dict]]) -> None:
    """Add entries (action, subject, actor id, detail) to the session's transaction, in order.

    The detail is stored as JSON reads it back (tuples as lists), since that is what is hashed."""
    session.get_transaction() or session.begin()
    savepoint, at = session.get_nested_transaction(), utcnow()
    session.info.setdefault(_PENDING, []).extend(
        (savepoint,
         {"at": at, "actor_id": who, "action": action, "subject": subject, "detail": plain_json(detail)})
        for action, subject, who, detail in rows)


def current_head(session: Session | None = None) -> Head:
    """The chain's head as committed now (position 0 before the first entry)."""
    session = session if session is not None else db.session()
    row = session.execute(select(AuditHead.position, AuditHead.hash).where(AuditHead.id == HEAD_ID)).first()
    return Head(*row) if row is not None else _last_entry(session.connection())


def published_head() -> dict:
    """The head as pages and answers publish it, for a scrutineer to hold: its position, hash and
    the time of its entry."""
    head = current_head()
    entry = db.session.get(AuditEvent, head.position) if head.position else None
    return {"position": head.position, "hash": head.hash, "at": iso(entry.at) if entry is not None else None}


def latest_entry(action: str, subject: str) -> AuditEvent | None:
    """The newest entry of this action on this subject (e.g. the close that sealed a ballot's results)."""
    return db.session.scalar(select(AuditEvent).where(AuditEvent.subject == subject,
                                                      AuditEvent.action == action)
                             .order_by(AuditEvent.id.desc()).limit(1))


@event.listens_for(Session, "before_commit")
def _seal_pending(session: Session) -> None:
    """Chain the transaction's entries onto the head, under its lock, as the last writes before COMMIT.

    Not when a savepoint is released: an enclosing savepoint may still roll back, and would take
    entries recorded outside it. Session.commit() releases open savepoints before the commit, so
    this runs once they are gone."""
    if not session.info.get(_PENDING) or session.in_nested_transaction():
        return
    session.flush()  # first, so the entries' members and subjects are written before them
    rows = [row for _savepoint, row in session.info.pop(_PENDING, [])]
    connection = session.connection()
    head = seal(_lock_head(connection), rows)
    connection.execute(_INSERT, rows)
    connection.execute(_MOVE, {"new_position": head.position, "new_hash": head.hash})


def _lock_head(connection) -> Head:
    """Read the head under a lock held to the end of the transaction; seed it if it is missing
    (a database built by create_all, or emptied by TRUNCATE)."""
    lock = _LOCK[connection.dialect.name == "postgresql"]
    row = connection.execute(lock).first()
    if row is None:
        seed = _last_entry(connection)
        dialect_insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        connection.execute(dialect_insert(AuditHead)
                           .values(id=HEAD_ID, position=seed.position, hash=seed.hash)
                           .on_conflict_do_nothing())
        row = connection.execute(lock).one()
    return Head(*row)


def _last_entry(connection) -> Head:
    row = connection.execute(select(AuditEvent.id, AuditEvent.hash)
                             .order_by(AuditEvent.id.desc()).limit(1)).first()
    return Head(*row) if row is not None else EMPTY


# PostgreSQL: a row lock that waits for the writer before, then reads what it committed. SQLite:
# an UPDATE, so the write lock is taken before the head is read (a plain SELECT takes none).
_LOCK = {
    True: select(AuditHead.position, AuditHead.hash).where(AuditHead.id == HEAD_ID).with_for_update(),
    False: update(AuditHead).where(AuditHead.id == HEAD_ID).values(position=AuditHead.position)
    .returning(AuditHead.position, AuditHead.hash),
}
_INSERT = insert(AuditEvent)
_MOVE = update(AuditHead).where(AuditHead.id == HEAD_ID).values(
    position=db.bindparam("new_position"), hash=db.bindparam("new_hash"))


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    """A savepoint rolled back takes the entries recorded inside it."""
    pending = session.info.get(_PENDING)
    if pending and previous.nested:
        session.info[_PENDING] = [(sp, row) for sp, row in pending if not _inside(sp, previous)]


@event.listens_for(Session, "after_commit")
def _none_left(session: Session) -> None:
    if session.info.get(_PENDING) and not session.in_nested_transaction():  # only if the root committed
        log.error("audit: %d entries were not stored: their transaction was committed around an open "
                  "savepoint", len(session.info[_PENDING]))


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    """The transaction is over: its entries were chained at commit, or are dropped with it."""
    if transaction.parent is None:
        session.info.pop(_PENDING, None)


def _inside(savepoint: SessionTransaction | None, transaction: SessionTransaction) -> bool:
    while savepoint is not None:
        if savepoint is transaction:
            return True
        savepoint = savepoint.parent
    return False
