"""Benchmark importing the membership roll at the size Refound is built for.

Run from the repository root: ``.venv/bin/python bench/roll.py [--quick] [--members N]``.
A CSV of N members (default 500,000) spread over 300 local groups, with one bad row in
every thousand, is imported three times, as a returning officer would: first into an
empty roll, again unchanged, and again with a tenth of the members changed (name,
eligibility). SQLite by default (a temporary file); with DATABASE_URL set, a fresh
PostgreSQL database beside the one named there, dropped afterwards. One JSON line per
import: rows a second and the process's peak memory (RSS) so far. Goal: a first import of
500,000 rows in under two minutes and a re-import in under 30 s, on either database.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402

GROUPS = 300


def emit(**fields) -> None:
    print(json.dumps({"bench": "roll", **fields}), flush=True)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def roll_csv(members: int, changed_every: int = 0, seed: int = 7) -> str:
    """The roll as a CSV; with changed_every=k, every k-th member has a new name and eligibility."""
    rng = random.Random(seed)
    lines = ["email,name,group,member_number,eligible"]
    for i in range(members):
        if i % 1000 == 999:
            lines.append(f"not-an-email-{i},Bad Row {i},Group {i % GROUPS},B{i},yes")  # rejected each time
            continue
        changed = changed_every and i % changed_every == 0
        name = f"Member {i} {'Renamed' if changed else 'Jones'}"
        eligible = "no" if changed else rng.choice(("yes", "yes", "yes", "y", "1"))
        lines.append(f"member{i}@example.org,{name},Group {i % GROUPS},M{i:07d},{eligible}")
    return "\n".join(lines) + "\n"


def timed_import(label: str, text: str, rows: int) -> None:
    from deliberation.people.roll.importer import import_roll
    from extensions import db
    batches = []
    started, cpu = time.perf_counter(), time.process_time()
    report = import_roll(text, progress=batches.append)
    seconds = time.perf_counter() - started
    db.session.remove()
    emit(case=label, rows=rows, created=report.created, updated=report.updated, unchanged=report.unchanged,
         rejected=report.rejected_count,
         seconds=round(seconds, 2), rows_per_s=round(rows / seconds),
         python_cpu_s=round(time.process_time() - cpu, 2), batches=len(batches), peak_rss_mb=peak_rss_mb())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=500_000)
    parser.add_argument("--quick", action="store_true", help="20,000 members")
    args = parser.parse_args()
    members = 20_000 if args.quick else args.members
    with scratch_instance("refound-roll-") as (instance, url):
        os.environ.update({"REFOUND_INSTANCE": str(instance), "SECRET_KEY": "bench-secret-not-for-production",
                           "DATABASE_URL": url, "INVITE_SEND_NOW_MAX": "0"})
        from app import create_app
        from config import Config
        from extensions import db
        app = create_app(Config(instance))
        with app.app_context():
            db.create_all()
            from deliberation.models import Group
            db.session.add_all(Group(name=f"Group {g}", region="Bench") for g in range(GROUPS))
            db.session.commit()
            first, changed = roll_csv(members), roll_csv(members, changed_every=10)
            emit(case="csv", rows=members, megabytes=round(len(first.encode()) / 2**20, 1),
                 database="postgresql" if url else "sqlite", peak_rss_mb=peak_rss_mb())
            timed_import("import_new", first, members)
            timed_import("reimport_unchanged", first, members)
            timed_import("reimport_tenth_changed", changed, members)
            db.engine.dispose()


if __name__ == "__main__":
    main()
