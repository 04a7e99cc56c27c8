"""Benchmark the notifications' reads at the size Refound is built for.

Run from the repository root: ``.venv/bin/python bench/notifications.py [--quick]``.
500,000 members with 2,000,000 notifications between them: most members have a few, and 100
busy ones (organisers of large groups, frequent sponsors) have 10,000 each, a twentieth of them
unread. Times, in milliseconds (median and 99th percentile over many members, busy and not):
the header's badge (the one query every page adds), the first page of the list (its count and
its page), the unread list, and marking all read. SQLite by default (a temporary file); with
DATABASE_URL set, a fresh PostgreSQL database beside the one named there, dropped afterwards.
One JSON line per measurement. Goal: the badge well under a millisecond, a list page a few ms.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402

BUSY, BUSY_ROWS = 100, 10_000


def emit(**fields) -> None:
    print(json.dumps({"bench": "notifications", **fields}), flush=True)


def fill(members: int, rows: int, seed: int = 11) -> list[int]:
    """Members and notifications inserted in bulk; the busy members' ids."""
    from sqlalchemy import insert

    from deliberation.models import Member
    from deliberation.models.timeutil import utcnow
    from deliberation.notifications.models import Notification
    from extensions import db
    rng = random.Random(seed)
    chunk = 20_000
    for start in range(0, members, chunk):
        db.session.execute(insert(Member), [{"email": f"m{i}@example.org", "name": f"Member {i}",
                                             "eligible": True, "is_admin": False,
                                             "is_returning_officer": False, "created_at": utcnow()}
                                            for i in range(start, min(members, start + chunk))])
        db.session.commit()
    busy = rng.sample(range(1, members + 1), BUSY)
    now = utcnow()

    def row(member_id: int, unread: bool) -> dict:
        return {"member_id": member_id, "kind": "amendment_rejected", "subject_type": "amendment",
                "subject_id": rng.randint(1, 1000), "reason": "", "created_at": now,
                "read_at": None if unread else now,
                "params": {"amendment_id": 1, "title": "A title of an ordinary length for an amendment"}}
    pending = [row(m, rng.random() < 0.05) for m in busy for _ in range(BUSY_ROWS)]
    pending += [row(rng.randint(1, members), rng.random() < 0.3) for _ in range(max(0, rows - len(pending)))]
    for start in range(0, len(pending), chunk):
        db.session.execute(insert(Notification), pending[start:start + chunk])
        db.session.commit()
    return busy


def timed(label: str, calls, repeat: int = 1) -> None:
    from extensions import db
    times = []
    for call in calls:
        started = time.perf_counter()
        for _ in range(repeat):
            call()
        times.append((time.perf_counter() - started) * 1000 / repeat)
        db.session.rollback()
    times.sort()
    emit(case=label, calls=len(times), p50_ms=round(statistics.median(times), 3),
         p99_ms=round(times[min(len(times) - 1, int(len(times) * 0.99))], 3), max_ms=round(times[-1], 3))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 members, 1,200,000 rows")
    args = parser.parse_args()
    members, rows = (50_000, 1_200_000) if args.quick else (args.members, args.rows)
    with scratch_instance("refound-notifications-") as (instance, url):
        os.environ.update({"REFOUND_INSTANCE": str(instance), "SECRET_KEY": "bench-secret-not-for-production",
                           "DATABASE_URL": url})
        from app import create_app
        from config import Config
        from deliberation.notifications.services import (
            BADGE_CAP,
            mark_all_read,
            notifications_page,
            unread_count,
        )
        from extensions import db
        app = create_app(Config(instance))
        with app.app_context():
            db.create_all()
            started = time.perf_counter()
            busy = fill(members, rows)
            if url:
                db.session.execute(db.text("ANALYZE"))
                db.session.commit()
            emit(case="fill", members=members, rows=rows, seconds=round(time.perf_counter() - started, 1),
                 database="postgresql" if url else "sqlite")
            rng = random.Random(3)
            someone = [rng.randint(1, members) for _ in range(2000)]
            timed("badge_any_member", [lambda m=m: unread_count(m, cap=BADGE_CAP) for m in someone])
            timed("badge_busy_member", [lambda m=m: unread_count(m, cap=BADGE_CAP) for m in busy])
            timed("list_page_1_any_member", [lambda m=m: notifications_page(m, 1, 25) for m in someone[:500]])
            timed("list_page_1_busy_member", [lambda m=m: notifications_page(m, 1, 25) for m in busy])
            timed("list_page_100_busy_member", [lambda m=m: notifications_page(m, 100, 25) for m in busy])
            timed("unread_list_busy_member", [lambda m=m: notifications_page(m, 1, 25, True) for m in busy])
            timed("mark_all_read_busy_member", [lambda m=m: mark_all_read(m) for m in busy[:20]])
            db.engine.dispose()


if __name__ == "__main__":
    main()
