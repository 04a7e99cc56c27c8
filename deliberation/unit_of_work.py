"""One owner for commits: a unit of work is one transaction on the app's session.

Services add and flush through it and never commit. Whoever started the work ends it: the
request hook (web/transaction.py) for pages and the API, `with UnitOfWork() as uow:` for the
CLI, roll imports, invitations and the ballot box. Commit on a clean exit, roll back on an
exception. Work that must wait until the change is stored (a signal to the live hub, mail) is
registered with `after_commit` and runs once UnitOfWork.commit has stored it, or never if it
rolls back. Services take an optional `uow`, so their unit tests pass a FakeUnitOfWork and need
no database (tests/unit/services/fakes.py).
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from amendments.models import Amendment, AmendmentEvent, AmendmentPlacement, MergeRecord, Support, Version
from deliberation.models import Assembly
from deliberation.models.audit import AuditEvent, add_entries
from extensions import db

_PENDING, _STORED, _OWNED = "refound.after_commit", "refound.stored", "refound.uow_commit"


class Repository:
    """The rows of one model, reached through a unit of work."""

    def __init__(self, session: Session, model) -> None:
        self.session, self.model = session, model

    def get(self, ident):
        return self.session.get(self.model, ident)

    def get_many(self, ids) -> dict:
        """The rows with these ids, by id (unknown ids are missing)."""
        return {row.id: row
                for row in self.session.scalars(db.select(self.model).where(self.model.id.in_(list(ids))))}

    def add(self, row):
        self.session.add(row)
        return row

    def add_many(self, rows: list[dict]) -> None:
        """Insert many rows in one statement, without building an object for each (a merge or an
        undo of 800 amendments writes thousands)."""
        if rows:
            self.session.execute(insert(self.model), rows)


class AuditLog:
    """The audit entries of a unit of work: they wait with its session and join the hash chain
    when it commits (deliberation/models/audit.py)."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, event: AuditEvent) -> None:
        add_entries(self.session, [(event.action, event.subject, event.actor_id, event.detail)])

    def add_many(self, rows: list[tuple[str, str, int | None, dict]]) -> None:
        add_entries(self.session, rows)


class Amendments(Repository):
    def pending(self, assembly_id: int, statuses=("open", "admitted")) -> list:
        """An assembly's amendments still waiting to be merged, oldest first."""
        return list(self.session.scalars(db.select(self.model).where(
            self.model.assembly_id == assembly_id, self.model.status.in_(statuses)).order_by(self.model.id)))


class Placements(Repository):
    def on(self, version_id: int, amendment_ids) -> dict:
        """The stored placements of these amendments on one version, by amendment id."""
        ids, out = list(amendment_ids), {}
        for at in range(0, len(ids), 500):
            out.update((row.amendment_id, row) for row in self.session.scalars(db.select(self.model).where(
                self.model.version_id == version_id, self.model.amendment_id.in_(ids[at:at + 500]))))
        return out


class Merges(Repository):
    def last_standing(self, assembly_id: int):
        """The newest merge of an assembly that changed the draft and was not undone."""
        undone = db.select(self.model.undoes_id).where(self.model.undoes_id.is_not(None))
        return self.session.scalar(db.select(self.model).where(
            self.model.assembly_id == assembly_id, self.model.kind == "merge",
            self.model.to_version_id.is_not(None),
            self.model.id.not_in(undone)).order_by(self.model.id.desc()).limit(1))

    def undo_of(self, merge_id: int):
        """The undo record of a merge, if it was undone."""
        return self.session.scalar(db.select(self.model).where(self.model.undoes_id == merge_id).limit(1))


class Assemblies(Repository):
    def move_current(self, assembly, from_version_id: int, to_version_id: int) -> bool:
        """Point the assembly at a new current version unless another writer moved it first."""
        moved = self.session.execute(
            update(self.model).where(self.model.id == assembly.id,
                                     self.model.current_version_id == from_version_id)
            .values(current_version_id=to_version_id))
        self.session.expire(assembly, ["current_version_id"])
        return moved.rowcount == 1


class UnitOfWork:
    """The app session's current transaction, with repositories for the services that use them."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session if session is not None else db.session()
        self.amendments = Amendments(self.session, Amendment)
        self.placements = Placements(self.session, AmendmentPlacement)
        self.events = Repository(self.session, AmendmentEvent)
        self.supports = Repository(self.session, Support)
        self.versions = Repository(self.session, Version)
        self.merges = Merges(self.session, MergeRecord)
        self.audit = AuditLog(self.session)
        self.assemblies = Assemblies(self.session, Assembly)

    def __enter__(self) -> UnitOfWork:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.rollback()
            return
        try:
            self.commit()
        except BaseException:
            self.rollback()  # a commit that failed leaves the session needing one
            raise

    def flush(self) -> None:
        self.session.flush()

    def commit(self) -> None:
        self.session.info[_OWNED] = True
        try:
            self.session.commit()
        finally:
            self.session.info.pop(_OWNED, None)
        for callback in self.session.info.pop(_STORED, []):
            callback()  # after commit() has returned, so a callback may use the session again

    def rollback(self) -> None:
        self.session.rollback()

    def record(self, action: str, subject: str, actor_id: int | None = None, **detail) -> None:
        """Add an audit entry to this transaction; it is chained when the transaction commits."""
        self.audit.add(AuditEvent(action=action, subject=subject, actor_id=actor_id, detail=detail))

    def record_many(self, rows: list[tuple[str, str, int | None, dict]]) -> None:
        """Add many audit entries (action, subject, actor id, detail) at once, in their order: the
        commit inserts them with the rest in one statement (a merge of 800 amendments adds 1,600)."""
        self.audit.add_many(rows)

    def after_commit(self, callback: Callable[[], object]) -> None:
        after_commit(callback, self.session)


def after_commit(callback: Callable[[], object], session: Session | None = None) -> None:
    """Run `callback` once this transaction is committed; drop it if it rolls back."""
    session = session if session is not None else db.session()
    session.info.setdefault(_PENDING, []).append(callback)


@event.listens_for(Session, "after_commit")
def _stored(session: Session) -> None:
    callbacks = session.info.pop(_PENDING, [])
    if session.info.get(_OWNED):
        session.info.setdefault(_STORED, []).extend(callbacks)  # UnitOfWork.commit runs them on return
    else:
        for callback in callbacks:  # a commit made outside any unit of work (live/, for now): at once,
            callback()  # inside SQLAlchemy's hook, where the session cannot run SQL


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
