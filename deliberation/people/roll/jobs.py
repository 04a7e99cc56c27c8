"""Roll imports started from the web page: the upload is checked, stored and queued; a background
thread imports it with `importer.import_roll` (the same importer as the API and the command line), and
the job's row records progress, counts and every rejected row as it goes.

A proxy will not hold a request open for the tens of seconds a 500,000-row roll takes, hence the
thread. A job whose process dies stops making progress, and is marked failed when next looked at.
"""
import logging
import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import insert, select, update

from deliberation.errors import Conflict, NotFound
from deliberation.models import Member
from deliberation.models.audit import record
from deliberation.models.timeutil import utcnow
from deliberation.people.models import RollImport, RollRejection
from deliberation.people.roll.files import check_roll_file
from deliberation.people.roll.importer import import_roll
from deliberation.unit_of_work import UnitOfWork, after_commit
from extensions import db

log = logging.getLogger(__name__)
ACTIVE = ("queued", "running")
#: Longest value kept from a rejected row's field (the column holds the whole row for the CSV).
FIELD_MAX = 500

_threads: dict[int, threading.Thread] = {}


def upload_path(job_id: int) -> Path:
    return Path(current_app.config["ROLL_UPLOAD_DIR"]) / f"roll-import-{job_id}.csv"


def _store(path: Path, data: bytes) -> None:
    """The roll holds personal data: only the server's own user may read the waiting file."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)


def active_import() -> RollImport | None:
    """The import queued or running now, if any (after marking dead ones failed)."""
    mark_stalled()
    return db.session.scalar(select(RollImport).where(RollImport.status.in_(ACTIVE))
                             .order_by(RollImport.id).limit(1))


def start_import(actor: Member, filename: str, data: bytes, locale: str = "en") -> RollImport:
    """Check an uploaded roll, queue it, keep the file for the importer, and start the import.

    One import at a time: two at once would race to create the same members.
    """
    rows = check_roll_file(data)
    running = active_import()
    if running is not None:
        raise Conflict(_("Another roll import (%(file)s) is still running. Wait for it to finish, then "
                         "upload this file.", file=running.filename), field="file")
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()  # some browsers send a path
    job = RollImport(started_by_id=actor.id, filename=name[:255], size_bytes=len(data), locale=locale[:16],
                     rows_total=rows)
    db.session.add(job)
    db.session.flush()
    _store(upload_path(job.id), data)
    record("roll.upload", f"roll_import:{job.id}", actor.id, filename=job.filename, size=len(data),
           rows=rows)
    job_id = job.id
    after_commit(lambda: dispatch(job_id))  # the importer reads the job, so only once it is stored
    return job


def dispatch(job_id: int) -> None:
    """Run the import in a background thread, or at once when ROLL_IMPORT_BACKGROUND is off."""
    app = current_app._get_current_object()
    if not app.config.get("ROLL_IMPORT_BACKGROUND", True):
        run_import(job_id)
        return
    thread = threading.Thread(target=_run_in_app, args=(app, job_id), name=f"roll-import-{job_id}",
                              daemon=True)
    _threads[job_id] = thread
    thread.start()


def _run_in_app(app: Flask, job_id: int) -> None:
    with app.app_context():
        try:
            run_import(job_id)
        finally:
            db.session.remove()
            _threads.pop(job_id, None)


def wait(job_id: int, timeout: float = 120) -> bool:
    """Wait for a background import started in this process; True once it has ended."""
    thread = _threads.get(job_id)
    if thread is not None:
        thread.join(timeout)
        return not thread.is_alive()
    return True


class _Progress:
    """Writes progress and the rejected rows after each batch the importer commits."""

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.done = 0
        self.rejected = 0
        self.pending: list[dict] = []

    def reject(self, line: int, reason: str, fields: list[str] | None) -> None:
        self.rejected += 1
        self.pending.append({"import_id": self.job_id, "line": line, "reason": reason[:500],
                             "fields": [f[:FIELD_MAX] for f in fields] if fields is not None else None})

    def advance(self, rows: int) -> None:
        self.done += rows
        self.flush()

    def flush(self) -> None:
        with UnitOfWork() as uow:  # stored with the importer's batch, so the page shows it
            if self.pending:
                uow.session.execute(insert(RollRejection), self.pending)
                self.pending.clear()
            uow.session.execute(update(RollImport).where(RollImport.id == self.job_id).values(
                rows_done=self.done, rejected=self.rejected, updated_at=utcnow()))


def run_import(job_id: int) -> None:
    """Import a queued upload; a crash marks the job failed, and the stored file is always deleted."""
    now = utcnow()
    with UnitOfWork() as uow:
        claimed = uow.session.execute(update(RollImport).where(
            RollImport.id == job_id, RollImport.status == "queued").values(
            status="running", started_at=now, updated_at=now)).rowcount
    if not claimed:
        return
    job = db.session.get(RollImport, job_id)
    locale, actor_id = job.locale, job.started_by_id
    path = upload_path(job_id)
    try:
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            _fail(job_id, "missing_file")
            return
        progress = _Progress(job_id)
        with force_locale(locale or "en"):
            report = import_roll(text, actor_id, progress=progress.advance, on_reject=progress.reject)
        progress.flush()
        now = utcnow()
        with UnitOfWork() as uow:
            uow.session.execute(update(RollImport).where(RollImport.id == job_id).values(
                status="done", error=None, created=report.created, updated=report.updated,
                unchanged=report.unchanged,
                rejected=report.rejected_count, rows_done=progress.done, rows_total=progress.done,
                finished_at=now, updated_at=now))
    except Exception:  # a background thread has no one else to tell: log it, show the job as failed
        UnitOfWork().rollback()
        log.exception("Roll import %s failed", job_id)
        _fail(job_id, "error")
    finally:
        path.unlink(missing_ok=True)


def _fail(job_id: int, error: str) -> None:
    now = utcnow()
    with UnitOfWork() as uow:
        uow.session.execute(update(RollImport).where(RollImport.id == job_id).values(
            status="failed", error=error, finished_at=now, updated_at=now))


def mark_stalled() -> int:
    """Mark failed each queued or running import with no progress for ROLL_IMPORT_STALE_SECONDS:
    its process has died (a restart, a crash), so it would otherwise show as running forever."""
    cutoff = utcnow() - timedelta(seconds=current_app.config.get("ROLL_IMPORT_STALE_SECONDS", 300))
    stale = (RollImport.status.in_(ACTIVE), RollImport.updated_at < cutoff)
    ids = list(db.session.scalars(select(RollImport.id).where(*stale)))
    if not ids:
        return 0
    db.session.execute(update(RollImport).where(RollImport.id.in_(ids), *stale).values(
        status="failed", error="stalled", finished_at=utcnow()))
    after_commit(lambda: _delete_uploads(ids))  # once the jobs show as failed
    return len(ids)


def _delete_uploads(ids: list[int]) -> None:
    for job_id in ids:
        upload_path(job_id).unlink(missing_ok=True)


def get_import(job_id: int) -> RollImport:
    mark_stalled()
    job = db.session.get(RollImport, job_id)
    if job is None:
        raise NotFound(_("There is no such roll import."), code="roll_import")
    return job


def recent_imports(limit: int = 20) -> list[tuple[RollImport, str | None]]:
    """The latest imports, newest first, each with the name of who started it."""
    mark_stalled()
    rows = db.session.execute(select(RollImport, Member.name)
                              .outerjoin(Member, Member.id == RollImport.started_by_id)
                              .order_by(RollImport.id.desc()).limit(limit))
    return [(job, name) for job, name in rows]


def starter_name(job: RollImport) -> str | None:
    return db.session.scalar(select(Member.name).where(Member.id == job.started_by_id)) \
        if job.started_by_id else None


def rejections_page(job_id: int, page: int, per_page: int) -> list[RollRejection]:
    """One page of an import's rejected rows, in file order."""
    return list(db.session.scalars(select(RollRejection).where(RollRejection.import_id == job_id)
                                   .order_by(RollRejection.line, RollRejection.id)
                                   .offset((page - 1) * per_page).limit(per_page)))


def all_rejections(job_id: int, batch: int = 5000) -> Iterator[tuple[int, str, list | None]]:
    """Every rejected row as (line, reason, fields) in file order, a batch at a time: there may be
    hundreds of thousands, so plain rows, not objects kept in the session."""
    after = (0, 0)
    while True:
        rows = db.session.execute(select(RollRejection.line, RollRejection.id, RollRejection.reason,
                                         RollRejection.fields).where(
            RollRejection.import_id == job_id,
            (RollRejection.line > after[0])
            | ((RollRejection.line == after[0]) & (RollRejection.id > after[1])))
            .order_by(RollRejection.line, RollRejection.id).limit(batch)).all()
        if not rows:
            return
        for line, _id, reason, fields in rows:
            yield line, reason, fields
        after = (rows[-1].line, rows[-1].id)
