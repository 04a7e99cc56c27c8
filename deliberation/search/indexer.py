"""Writing the index: draining the outbox after commits, rebuilding, and checking.

Every transaction that changes an indexed row also writes outbox rows (capture.py). After its
commit the indexer drains the outbox: it takes Whoosh's write lock, reads the sources afresh,
writes their documents, commits the index and only then deletes the rows it read. Whatever
fails (the lock held too long, a full disk, a bug) leaves the rows for the next drain, in this
process or another, or for `flask search check --repair`; the change itself was committed
before any of this began and is never touched.

SEARCH_INDEXING says when the drain runs: "background" (a thread per process, so a request
never waits for the index), "inline" (at once, in the committing thread: tests) or "off".
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import delete, func, insert, select
from whoosh.writing import CLEAR

from amendments.models import Version
from deliberation.search import kinds as registry
from deliberation.search.documents import digest, fields
from deliberation.search.models import SearchOutbox
from deliberation.search.storage import SearchIndex
from extensions import db

log = logging.getLogger(__name__)

#: Outbox rows one drain takes at most (a version's clauses count as one).
BATCH = 200


@dataclass
class Report:
    """What `flask search check` found: sources by name ("amendment:5")."""

    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    pending: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.extra or self.pending)


def _chunks(items: list, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


class Writers:
    """Writers on the two indexes, the earlier-versions one opened only when a batch has clauses
    (only clauses are ever not current). Locks are taken main first, then earlier."""

    def __init__(self, indexer, timeout: float, with_earlier: bool, **kwargs) -> None:
        self.main = indexer.index.writer(timeout, **kwargs)
        try:
            self.earlier = indexer.earlier.writer(timeout, **kwargs) if with_earlier else None
        except BaseException:
            self.main.cancel()
            raise

    def delete(self, source: str) -> None:
        for writer in (self.main, self.earlier):
            if writer is not None:
                writer.delete_by_term("source", source)

    def add(self, doc, source_digest: str) -> None:
        writer = self.main if doc.current or self.earlier is None else self.earlier
        writer.add_document(**fields(doc, source_digest))

    def commit(self, **kwargs) -> None:
        """Earlier first: if the main commit then fails, a retry rewrites both."""
        if self.earlier is not None:
            self.earlier.commit(**kwargs)
            self.earlier = None
        self.main.commit(**kwargs)

    def cancel(self) -> None:
        for writer in (self.earlier, self.main):
            if writer is not None:
                writer.cancel()


def _write(writers: Writers, kind, refs: list[int], replace: bool = True) -> int:
    """Write the documents of these sources; each replaces what the indexes held for it."""
    found = kind.documents(refs)
    written = 0
    for ref in refs:
        docs = found.get(ref, [])
        if replace:
            writers.delete(f"{kind.name}:{ref}")
        source_digest = digest(docs)
        for doc in docs:
            writers.add(doc, source_digest)
            written += 1
    return written


class Indexer:
    """One per app (app.extensions["search"]): the index folder and whoever writes to it."""

    def __init__(self, app) -> None:
        config = app.config
        self.app = app
        #: What searches show by default; and the clauses of earlier versions (storage.py).
        hot = int(config["SEARCH_HOT_POSTINGS"])
        self.index = SearchIndex(config["SEARCH_INDEX_DIR"], "MAIN", hot_postings=hot)
        self.earlier = SearchIndex(config["SEARCH_INDEX_DIR"], "EARLIER", hot_postings=hot // 4)
        self.mode = config["SEARCH_INDEXING"]
        self.lock_timeout = float(config["SEARCH_LOCK_TIMEOUT"])
        self.retry_seconds = float(config["SEARCH_RETRY_SECONDS"])
        self.draft_seconds = float(config["SEARCH_DRAFT_REFRESH_SECONDS"])
        self._wake = threading.Event()
        self._mutex = threading.Lock()
        self._thread: threading.Thread | None = None
        #: Draft proposals edited live, by id: when the first unindexed edit was stored.
        self._drafts: dict[int, float] = {}
        self._retry_at: float | None = None
        #: Set while nothing is known to be pending in this process (tests wait on it).
        self.settled = threading.Event()
        self.settled.set()
        self._caught_up = False

    # -- when to drain ------------------------------------------------------

    def catch_up(self) -> None:
        """Index what the outbox holds from before this process started: changes another process
        committed and did not index (it stopped, or was stopped, first). Called on a server
        process's first request, in background mode (inline mode indexes at each commit, and
        a command-line process does not start the indexing thread for it)."""
        if self.mode != "background" or self._caught_up:
            return
        self._caught_up = True
        with self.app.app_context():
            try:
                pending = db.session.scalar(select(SearchOutbox.id).limit(1)) is not None
            finally:
                db.session.remove()
        if pending:
            self.wake()

    def finish(self, timeout: float) -> bool:
        """Wait until this process has indexed what it queued (a command, before it exits: its
        indexing thread would stop mid-write). False if the time ran out."""
        return self.settled.wait(timeout)

    def wake(self) -> None:
        """A commit queued outbox rows."""
        if self.mode == "off":
            return
        if self.mode == "inline":
            self._queue_due_drafts()
            self.drain_safely()
            return
        self._start()
        with self._mutex:
            self.settled.clear()
            self._wake.set()

    def draft_changed(self, proposal_id: int) -> None:
        """The live editor stored edits to a draft: index it again once the typing settles."""
        if self.mode == "off":
            return
        with self._mutex:
            self._drafts.setdefault(proposal_id, time.monotonic())
        if self.mode == "inline":  # no thread: at once, or with the next commit's drain once due
            if self.draft_seconds <= 0:
                self._queue_due_drafts()
                self.drain_safely()
            return
        self._start()
        with self._mutex:
            self.settled.clear()
            self._wake.set()

    def _start(self) -> None:
        with self._mutex:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="search-indexer", daemon=True)
                self._thread.start()

    def _next_timeout(self) -> float | None:
        now = time.monotonic()
        times = []
        with self._mutex:
            drafts = list(self._drafts.values())
        if drafts:
            times.append(min(drafts) + self.draft_seconds)
        if self._retry_at is not None:
            times.append(self._retry_at)
        return None if not times else max(0.0, min(times) - now)

    def _run(self) -> None:
        while True:
            timeout = self._next_timeout()
            with self._mutex:  # wake() clears and sets under the same lock, so no wake is missed
                if timeout is None and not self._wake.is_set():
                    self.settled.set()
            self._wake.wait(timeout)
            self._wake.clear()
            self._queue_due_drafts()
            self._retry_at = None if self.drain_safely() else time.monotonic() + self.retry_seconds

    def _queue_due_drafts(self) -> None:
        now = time.monotonic()
        with self._mutex:
            due = [pid for pid, since in self._drafts.items() if now - since >= self.draft_seconds]
            for pid in due:
                del self._drafts[pid]
        if due:
            with self.app.app_context():
                db.session.execute(insert(SearchOutbox), [{"kind": "proposal", "ref": pid} for pid in due])
                db.session.commit()

    # -- writing ------------------------------------------------------------

    def drain_safely(self) -> bool:
        """Drain the outbox; False (and logged) if the index could not be written."""
        try:
            while self.drain():
                pass
        except Exception:
            log.exception("search: the index could not be written; the outbox keeps the changes")
            return False  # drain() ran in an app context of its own, whose end discarded its session
        return True

    def drain(self) -> int:
        """Index one batch of outbox rows and delete them; the number of rows (0: none left)."""
        with self.app.app_context():
            rows = db.session.execute(select(SearchOutbox.id, SearchOutbox.kind, SearchOutbox.ref)
                                      .order_by(SearchOutbox.id).limit(BATCH)).all()
            if not rows:
                return 0
            todo: dict[str, set[int]] = {}
            for _id, kind, ref in rows:
                todo.setdefault(kind, set()).add(ref)
            kinds = registry.kinds()
            for kind in list(kinds.values()):
                for other, refs_of in kind.follows().items():
                    if todo.get(other):
                        todo.setdefault(kind.name, set()).update(refs_of(sorted(todo[other])))
            writers = Writers(self, self.lock_timeout, with_earlier=bool(todo.get("clause")))
            try:  # the sources are read now, under the lock: what is written is the latest
                if todo.get("clause") and "clause" in kinds:
                    todo["clause"] |= set(self._current_moved(kinds["clause"], todo["clause"]))
                for name, refs in todo.items():
                    if name in kinds:
                        _write(writers, kinds[name], sorted(refs))
                    else:  # a kind switched off: what it left in the index goes
                        for ref in refs:
                            writers.delete(f"{name}:{ref}")
                writers.commit()
            except BaseException:
                writers.cancel()
                raise
            finally:
                db.session.rollback()  # end the reads before the delete's transaction
            db.session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r[0] for r in rows])))
            db.session.commit()
            return len(rows)

    def _current_moved(self, clauses, version_ids: set[int]) -> list[int]:
        """Versions of the same assemblies whose clauses the index marks current wrongly: a new
        version was made the draft, so the one before it is current no longer."""
        assemblies = set(db.session.scalars(select(Version.assembly_id).where(Version.id.in_(version_ids))))
        flagged: dict[int, set[int]] = {a: set() for a in assemblies}
        with self.index.searcher() as pooled:
            for assembly in assemblies:
                for stored in pooled.searcher.documents(kind="clause", assembly=str(assembly), current="y"):
                    flagged[assembly].add(int(stored["version"]))
        return clauses.current_moved(flagged)

    def rebuild(self, progress: Callable[[int], None] | None = None, lock_timeout: float = 60.0) -> int:
        """Index everything again from the database, replacing the whole index in one commit
        (searches meanwhile see the old one). The number of documents written."""
        with self.app.app_context():
            high = db.session.scalar(select(func.max(SearchOutbox.id))) or 0
            writers = Writers(self, lock_timeout, with_earlier=True, limitmb=128)
            written = 0
            try:
                for kind in registry.kinds().values():
                    for refs in _chunks(kind.all_refs(), BATCH):
                        written += _write(writers, kind, refs, replace=False)
                        db.session.expunge_all()  # a rebuild reads every row once: keep none
                        if progress is not None:
                            progress(len(refs))
                writers.commit(mergetype=CLEAR)  # every older segment goes: only what was written stays
            except BaseException:
                writers.cancel()
                raise
            # Changes committed before the rebuild read the database are in it; later ones wait.
            db.session.execute(delete(SearchOutbox).where(SearchOutbox.id <= high))
            db.session.commit()
            return written

    def source_count(self) -> int:
        with self.app.app_context():
            return sum(len(kind.all_refs()) for kind in registry.kinds().values())

    # -- checking -----------------------------------------------------------

    def indexed_digests(self) -> dict[str, str]:
        """Each indexed source's digest; "" for one whose documents disagree or repeat a key."""
        digests: dict[str, str] = {}
        keys: set[str] = set()
        for index in (self.index, self.earlier):
            with index.searcher() as pooled:
                for stored in pooled.searcher.all_stored_fields():
                    source = stored["source"]
                    if stored["key"] in keys or digests.get(source, stored["digest"]) != stored["digest"]:
                        digests[source] = ""
                    elif source not in digests:
                        digests[source] = stored["digest"]
                    keys.add(stored["key"])
        return digests

    def check(self, progress: Callable[[int], None] | None = None) -> Report:
        """Compare the index with the database, source by source."""
        report = Report()
        indexed = self.indexed_digests()
        expected: set[str] = set()
        with self.app.app_context():
            for kind in registry.kinds().values():
                for refs in _chunks(kind.all_refs(), BATCH):
                    found = kind.documents(refs)
                    for ref in refs:
                        docs = found.get(ref, [])
                        if not docs:
                            continue
                        name = f"{kind.name}:{ref}"
                        expected.add(name)
                        if name not in indexed:
                            report.missing.append(name)
                        elif indexed[name] != digest(docs):
                            report.stale.append(name)
                    db.session.expunge_all()
                    if progress is not None:
                        progress(len(refs))
            report.pending = db.session.scalar(select(func.count()).select_from(SearchOutbox)) or 0
        report.extra = sorted(set(indexed) - expected)
        return report

    def repair(self, report: Report) -> None:
        """Queue what check found wrong and drain it now."""
        names = report.missing + report.stale + report.extra
        with self.app.app_context():
            rows = []
            for name in names:
                kind, _sep, ref = name.partition(":")
                rows.append({"kind": kind, "ref": int(ref)})
            if rows:
                db.session.execute(insert(SearchOutbox), rows)
                db.session.commit()
        while self.drain():
            pass
