"""The chairs' merge desk at scale: 1,000 admitted amendments over a 35,000-word draft, about 15%
colliding. Times, through the real app and its test client (no network), the desk page, the
amendment list page (plain, filtered, and through the API), merging everything that does not
collide in one step, and undoing that merge. One JSON line per figure.

    .venv/bin/python bench/merge_desk.py            # 1,000 amendments, 35,000 words
    .venv/bin/python bench/merge_desk.py --quick    # 300 amendments, 10,000 words (make bench)

SQLite by default; with DATABASE_URL, a fresh PostgreSQL database beside the one named.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine import constitution, make_amendments  # noqa: E402
from scratch import scratch_instance  # noqa: E402

SEED = 20261205
PASSWORD = "bench-password-1234"
#: make_amendments' chance that an amendment is aimed at another's words: each such pair puts two
#: amendments into a collision, so 0.075 leaves about 15% of them colliding.
COLLIDE = 0.075
GOALS = {"desk_page": 0.300, "list_page": 0.100, "merge_all": 1.5, "undo": 1.0}


def emit(**row) -> None:
    print(json.dumps({"bench": "merge_desk", **row}), flush=True)


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentiles(samples: list[float]) -> dict:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 1), "p95_ms": round(p95 * 1000, 1),
            "runs": len(ordered)}


def build(amendments: int, words: int) -> dict:
    """An assembly in compositing with admitted amendments filed on its base text, each placed."""
    from amendments.engine import LineIndex
    from amendments.models import Amendment, AmendmentPlacement
    from deliberation.assemblies.services import create_assembly
    from deliberation.auth.passwords import hash_password
    from deliberation.models import Group, Member
    from deliberation.unit_of_work import UnitOfWork
    from extensions import db
    rng = random.Random(SEED)
    text = constitution(rng, words)
    with UnitOfWork():
        admin = Member(name="Bench Admin", email="admin@bench.example.org", is_admin=True,
                       password_hash=hash_password(PASSWORD))
        chair = Member(name="Bench Chair", email="chair@bench.example.org",
                       password_hash=hash_password(PASSWORD))
        groups = [Group(name=f"Group {g}", region="Bench") for g in range(40)]
        # Sponsors other than the chair, so every merge and undo notifies them (the chair is never
        # told of their own action).
        sponsors = [Member(name=f"Sponsor {s}", email=f"sponsor{s}@bench.example.org", password_hash="-")
                    for s in range(200)]
        db.session.add_all([admin, chair, *groups, *sponsors])
        db.session.flush()
        assembly = create_assembly(admin, "Bench assembly", text, [chair.email])
        assembly.phase = "compositing"
        db.session.flush()
        version = assembly.current_version_id
        index = LineIndex(text, 80)
        for cand in make_amendments(rng, text, amendments, 1, collide=COLLIDE):
            e = cand.edits[0]
            line_from, line_to = index.cite(e.start, e.end)
            row = Amendment(assembly_id=assembly.id, base_version_id=version, title=f"Amendment {cand.id}",
                            rationale="Because the branch asked for it.",
                            sponsor_id=sponsors[cand.id % len(sponsors)].id,
                            group_id=groups[cand.id % len(groups)].id, edits=[[e.start, e.end, e.text]],
                            line_from=line_from, line_to=line_to, status="admitted")
            db.session.add(row)
            db.session.flush()
            db.session.add(AmendmentPlacement(amendment_id=row.id, version_id=version, status="clean",
                                              edits=[[e.start, e.end, e.text]], reason="", confidence=1.0,
                                              line_from=line_from, line_to=line_to))
        return {"assembly": assembly.id, "words": len(text.split()), "chars": len(text)}


def settle(app, after: str) -> None:
    """Wait for this process's search indexer to finish what the last change queued (it runs in a
    background thread in production too), so the next figures time the pages, not the indexing;
    the wait is a figure of its own."""
    indexer = app.extensions.get("search")
    if indexer is None:
        return
    started = time.perf_counter()
    indexer.settled.wait(300)
    emit(case=f"search_indexing_after_{after}", seconds=round(time.perf_counter() - started, 2))


def signed_in(app):
    client = app.test_client()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    reply = client.post("/login",
                        data={"email": "chair@bench.example.org", "password": PASSWORD, "csrf_token": token})
    assert reply.status_code == 302, (reply.status_code, reply.text[-800:])
    return client


def timed(client, url: str, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        reply = client.get(url)
        samples.append(time.perf_counter() - started)
        assert reply.status_code == 200, (url, reply.status_code)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--amendments", type=int, default=1000)
    parser.add_argument("--words", type=int, default=35_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="300 amendments on 10,000 words, 8 runs")
    args = parser.parse_args()
    if args.quick:
        args.amendments, args.words, args.runs = 300, 10_000, 8
    with scratch_instance("refound-merge-desk-") as (instance, url):
        os.environ.update({"REFOUND_INSTANCE": str(instance), "SECRET_KEY": "bench-secret-not-for-production",
                           "DATABASE_URL": url})
        from app import create_app
        from config import Config
        from extensions import db
        app = create_app(Config(instance))
        # As both servers do once the app is loaded (app.py, deploy/gunicorn.conf.py): without it
        # the collector's full scans of the start-up heap add ~100 ms to one request in ten here.
        gc.collect()
        gc.freeze()
        with app.app_context():
            db.create_all()
            world = build(args.amendments, args.words)
            db.session.remove()
        settle(app, "filing")
        a = world["assembly"]
        client = signed_in(app)
        desk = client.get(f"/assemblies/{a}/merge").text
        free = len(re.findall(r'<input type="hidden" name="amendment_id" value="\d+">',
                              desk.split('id="collisions-heading"')[0]))
        collisions = int(re.search(r"<strong>(\d+)</strong> collisions to resolve", desk).group(1))
        emit(case="world", database="postgresql" if url else "sqlite", amendments=args.amendments,
             words=world["words"], merge_without_collision=free, collision_groups=collisions,
             colliding=args.amendments - free, page_kb=round(len(desk.encode()) / 1024))
        for case, path in [
                ("desk_page", f"/assemblies/{a}/merge"),
                ("list_page", f"/assemblies/{a}/amendments"),
                ("list_page_colliding_by_support", f"/assemblies/{a}/amendments?colliding=true&sort=support"),
                ("list_page_needs_decision", f"/assemblies/{a}/amendments?status=needs_decision"),
                ("list_page_line_range", f"/assemblies/{a}/amendments?line_from=100&line_to=400&page=2"),
                ("list_api_200", f"/api/v1/assemblies/{a}/amendments?per_page=200")]:
            if case == "list_api_200":
                continue  # the API takes bearer tokens: timed below
            samples = timed(client, path, args.runs)
            goal = GOALS.get(case.split("_colliding")[0].split("_needs")[0].split("_line")[0])
            stats = percentiles(samples)
            emit(case=case, **stats, **({"goal_p95_ms": goal * 1000, "met": stats["p95_ms"] <= goal * 1000}
                                        if goal else {}))
        with app.app_context():
            from deliberation.models import ApiToken, Member
            chair = db.session.scalar(db.select(Member).where(Member.email == "chair@bench.example.org"))
            _row, token = ApiToken.issue(chair, "bench")
            db.session.commit()
            db.session.remove()
        headers = {"Authorization": f"Bearer {token}"}
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            reply = client.get(f"/api/v1/assemblies/{a}/amendments?per_page=200&sort=line", headers=headers)
            samples.append(time.perf_counter() - started)
            assert reply.status_code == 200
        emit(case="list_api_200_per_page", **percentiles(samples))

        ids = [int(i) for i in re.findall(r'name="amendment_id" value="(\d+)"',
                                          desk.split('id="collisions-heading"')[0])]
        version = client.get(f"/api/v1/assemblies/{a}", headers=headers).json["current_version_id"]
        started = time.perf_counter()
        merged = client.post(f"/api/v1/assemblies/{a}/merge", json={"amendment_ids": ids,
                                                                       "expected_version_id": version},
                             headers=headers)
        seconds = time.perf_counter() - started
        assert merged.status_code == 200, merged.json
        emit(case="merge_all", seconds=round(seconds, 3), merged=len(merged.json["merged"]),
             skipped=len(merged.json["skipped"]), goal_seconds=GOALS["merge_all"],
             met=seconds <= GOALS["merge_all"])
        settle(app, "merge")
        samples = timed(client, f"/assemblies/{a}/merge", max(3, args.runs // 4))
        emit(case="desk_page_after_merge", **percentiles(samples))
        started = time.perf_counter()
        undone = client.post(f"/api/v1/assemblies/{a}/merge/undo", headers=headers)
        seconds = time.perf_counter() - started
        assert undone.status_code == 200, undone.json
        emit(case="undo", seconds=round(seconds, 3), restored=len(undone.json["restored"]),
             goal_seconds=GOALS["undo"], met=seconds <= GOALS["undo"])
        settle(app, "undo")
        emit(case="memory", peak_rss_mb=peak_rss_mb())
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
