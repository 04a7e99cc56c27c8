"""Queueing changes for the index in the transaction that makes them (the outbox).

After each flush, every inserted, changed or deleted row of a class some kind watches adds an
outbox row in the same transaction, so the queue is stored exactly when the change is, and
dropped with it on a rollback. After the commit the app's indexer is woken (indexer.py).
"""
from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from deliberation.search import kinds as registry
from deliberation.search.models import SearchOutbox
from deliberation.unit_of_work import after_commit

_QUEUED = "refound.search_queued"


def _changed_sources(session: Session) -> list[tuple[str, int]]:
    found = []
    for rows, changed_only in ((session.new, False), (session.dirty, True), (session.deleted, False)):
        for row in rows:
            kinds = registry.watchers(row)
            if not kinds or (changed_only and not session.is_modified(row, include_collections=False)):
                continue
            for kind in kinds:
                found.extend((kind.name, ref) for ref in kind.refs_for_change(row))
    return found


@event.listens_for(Session, "after_flush")
def _queue(session: Session, _context) -> None:
    queued = session.info.setdefault(_QUEUED, set())
    rows = []
    for source in _changed_sources(session):
        if source not in queued:
            queued.add(source)
            rows.append({"kind": source[0], "ref": source[1]})
    if not rows:
        return
    session.connection().execute(SearchOutbox.__table__.insert(), rows)
    if has_app_context() and len(queued) == len(rows):  # once per transaction
        app = current_app._get_current_object()
        after_commit(lambda: _wake(app), session)


def _wake(app) -> None:
    indexer = app.extensions.get("search")
    if indexer is not None:
        indexer.wake()


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
@event.listens_for(Session, "after_soft_rollback")
def _forget(session: Session, *_args) -> None:
    session.info.pop(_QUEUED, None)
