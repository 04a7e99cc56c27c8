"""The audit log's hash chain: what chaining costs a commit, how fast `flask audit verify` walks a
long log, and how many chained commits a second concurrent writers get. One JSON line per figure.

    .venv/bin/python bench/audit.py            # 1,616 entries in one commit; a 200,000-entry log; 4 writers
    .venv/bin/python bench/audit.py --quick    # 20,000 entries (make bench)

- seal_1616: 1,616 entries in one commit, twice what merging 808 amendments records (an entry per
  amendment's new status and one for the merge). Timed: recording them and committing, against
  inserting the same rows with one plain INSERT as record_many did before the chain (no hash, no
  head lock), so the difference is the chain's price.
- verify: `verify()` over the whole log (the walk, versions and ballots), entries a second.
- concurrent: W threads, each with its own connection, committing one entry per transaction as
  fast as they can: chained commits a second, and the chain still verifies.

SQLite by default; with DATABASE_URL, a fresh PostgreSQL database beside the one named.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402

# The app's modules are imported inside the functions, as in the other benchmarks: the scratch
# database's DATABASE_URL must be in the environment before config.py is first read.


def emit(**row) -> None:
    print(json.dumps({"bench": "audit", **row}), flush=True)


def merge_like(n: int, run: int) -> list[tuple]:
    return [(("amendment.merged" if i % 2 else "assembly.merge"), f"amendment:{i}", 1,
             {"reason": "Merged into version 12.", "merge_id": run}) for i in range(n)]


def seal_cost(n: int, runs: int) -> None:
    from sqlalchemy import func, insert, select

    from deliberation.models import AuditEvent
    from deliberation.models.timeutil import utcnow
    from deliberation.unit_of_work import UnitOfWork
    from extensions import db
    chained, plain = [], []
    for run in range(runs):
        started = time.perf_counter()
        with UnitOfWork() as uow:
            uow.record_many(merge_like(n, run))
        chained.append(time.perf_counter() - started)
        # The same rows the way record_many stored them before the chain: one INSERT, ids from the
        # table, no hashing (hash columns filled with a constant), no head lock. Then removed again.
        top = db.session.scalar(select(func.max(AuditEvent.id)))
        started = time.perf_counter()
        with UnitOfWork() as uow:
            uow.session.execute(insert(AuditEvent), [
                {"id": top + 1 + i, "action": a, "subject": s, "actor_id": who, "detail": d, "at": utcnow(),
                 "prev_hash": "-", "hash": "-"} for i, (a, s, who, d) in enumerate(merge_like(n, run))])
        plain.append(time.perf_counter() - started)
        with UnitOfWork() as uow:
            uow.session.execute(AuditEvent.__table__.delete().where(AuditEvent.id > top))
    emit(case=f"seal_{n}", entries=n, chained_ms=round(statistics.median(chained) * 1000, 1),
         plain_insert_ms=round(statistics.median(plain) * 1000, 1),
         chain_cost_ms=round((statistics.median(chained) - statistics.median(plain)) * 1000, 1), runs=runs)


def verify_speed(total: int) -> None:
    from deliberation.audit.verify import verify
    from deliberation.models.audit import current_head
    from deliberation.unit_of_work import UnitOfWork
    from extensions import db
    while current_head().position < total:
        with UnitOfWork() as uow:
            uow.record_many(merge_like(min(10_000, total - current_head().position), 0))
    db.session.remove()
    started = time.perf_counter()
    report = verify()
    seconds = time.perf_counter() - started
    assert report.clean, report.findings
    emit(case="verify", entries=report.entries, seconds=round(seconds, 2),
         entries_per_second=round(report.entries / seconds))


def concurrent(app, writers: int, seconds: float) -> None:
    from deliberation.audit.verify import verify
    from deliberation.models.audit import record
    from deliberation.unit_of_work import UnitOfWork
    from extensions import db
    stop, counts = time.monotonic() + seconds, [0] * writers

    def write(k: int) -> None:
        with app.app_context():
            while time.monotonic() < stop:
                with UnitOfWork():
                    record("bench.concurrent", f"writer:{k}", None, n=counts[k])
                counts[k] += 1
            db.session.remove()
    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    report = verify()
    emit(case="concurrent", writers=writers, commits=sum(counts),
         commits_per_second=round(sum(counts) / elapsed), chain_verifies=report.clean)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--quick", action="store_true", help="a 20,000-entry log, fewer runs")
    args = parser.parse_args()
    if args.quick:
        args.entries = 20_000
    with scratch_instance("refound-audit-") as (instance, url):
        os.environ.update({"REFOUND_INSTANCE": str(instance), "SECRET_KEY": "bench-secret-not-for-production",
                           "DATABASE_URL": url})
        from app import create_app
        from config import Config
        from deliberation.models import Member
        from extensions import db
        app = create_app(Config(instance))
        with app.app_context():
            db.create_all()
            db.session.add(Member(id=1, name="Bench Chair", email="chair@bench.example.org"))
            db.session.commit()
            emit(case="world", database="postgresql" if url else "sqlite")
            seal_cost(1616, 5 if args.quick else 15)
            concurrent(app, 4, 3.0 if args.quick else 10.0)
            verify_speed(args.entries)
            db.session.remove()


if __name__ == "__main__":
    main()
