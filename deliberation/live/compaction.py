"""Compaction: replace a room's update rows by one snapshot row, in one transaction.

Only the current state must survive (versions are frozen text copies), so the
snapshot is the merged document, stored under the smallest id it replaces so that
the log stays in causal order. It is safe beside live writers and other
compactors because it deletes exactly the rows it read (by id): a row committed
meanwhile survives, and a second compactor that finds its rows already gone
(PostgreSQL: the DELETE waits for the first commit, then counts fewer rows;
SQLite: its write fails with a busy snapshot) rolls back.
"""
from __future__ import annotations

import logging
import time

from sqlalchemy import delete

from deliberation.live.models import LiveUpdate
from deliberation.live.protocol import decode_state_vector
from deliberation.live.rooms import LiveDocument
from extensions import db

log = logging.getLogger(__name__)
_CHUNK = 500
_YIELD_EVERY = 100


def _rebuild(updates) -> LiveDocument:
    """LiveDocument.from_updates, a chunk at a time: on a cooperative (gevent) server one
    compaction of 2,000 rows otherwise held every connection up for ~70 ms; sleep(0)
    lets the others run in between (and only offers the GIL in a threaded one)."""
    doc = LiveDocument()
    for n, update in enumerate(updates, 1):
        doc.apply_stored(bytes(update))
        if n % _YIELD_EVERY == 0:
            time.sleep(0)
    return doc


def compact(room: str) -> int:
    """Merge the room's rows into one; return how many rows went (0 if nothing done)."""
    rows = db.session.execute(
        db.select(LiveUpdate.id, LiveUpdate.data).where(LiveUpdate.room == room).order_by(LiveUpdate.id)
    ).all()
    if len(rows) < 2:
        db.session.rollback()
        return 0
    doc = _rebuild(data for _, data in rows)
    snapshot = doc.snapshot()
    check = LiveDocument.from_updates([snapshot])
    if check.text != doc.text or decode_state_vector(check.state_vector) != decode_state_vector(doc.state_vector):
        db.session.rollback()
        log.error("live: snapshot of %s does not round-trip; left uncompacted", room)
        return 0
    ids = [row_id for row_id, _ in rows]
    try:
        deleted = 0
        for start in range(0, len(ids), _CHUNK):
            result = db.session.execute(delete(LiveUpdate).where(LiveUpdate.id.in_(ids[start:start + _CHUNK])))
            deleted += result.rowcount
        if deleted != len(ids):
            db.session.rollback()
            return 0
        # The snapshot takes the first id it replaces, so it still comes before every row
        # committed meanwhile, which builds on it: a fresh id would put it after them, and
        # each later load would park all of them as waiting for it (and retry them).
        db.session.add(LiveUpdate(id=ids[0], room=room, data=snapshot, author_id=None))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.info("live: compaction of %s lost a race; another process did it", room, exc_info=True)
        return 0
    return len(ids)
