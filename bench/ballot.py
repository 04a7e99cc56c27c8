"""Benchmark the all-member ballot end to end: votes over HTTP, then the real close and count.

Run from the repository root: ``.venv/bin/python bench/ballot.py [--quick] [--members N]``.
SQLite by default (a temporary file, one gunicorn gthread worker: SQLite has one writer
anyway); with DATABASE_URL set, a fresh PostgreSQL database is created beside the one
named there (and dropped afterwards) and served by one gunicorn gthread worker per CPU.
The load generator is wrk (C) with bench/votes.lua, one keep-alive connection per
concurrent voter, every member voting once; its CPU time is reported too, so a saturated
generator would show. One JSON line per measurement. Goals: >= 1,000 votes/s on
PostgreSQL; tallies <= 1 s.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402

TOKENS: list[str] = []  # filled before the generator forks, so children inherit it


def emit(**fields) -> None:
    print(json.dumps({"bench": "ballot", **fields}), flush=True)


def seed(app, members: int) -> tuple[int, int]:
    """Schema, an officer, `members` voters with tokens (bulk-inserted, not over HTTP), an open ballot."""
    from deliberation.ballot.services import create_ballot, open_ballot
    from deliberation.demo.bulk import seed_voters
    from deliberation.models import Member
    from deliberation.unit_of_work import UnitOfWork
    from extensions import db
    with app.app_context():
        db.create_all()
        officer = Member(email="officer@example.org", name="Officer", is_admin=True)
        db.session.add(officer)
        db.session.commit()
        ballot = create_ballot(officer, None, "Bench", [{"text": "Adopt?", "kind": "yes_no_abstain",
                                                         "threshold": "two_thirds"}])
        started = time.perf_counter()
        TOKENS.extend(token for _id, token in seed_voters(members))
        emit(case="seed", members=members, seconds=round(time.perf_counter() - started, 2))
        with UnitOfWork():  # services only flush: the ballot opens when this commits
            open_ballot(officer, ballot)
        return officer.id, ballot.id


def start_server(env: dict, port: int, workers: int, threads: int, log: Path,
                 worker_class: str) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    if gunicorn:
        pool = ["--threads", str(threads)] if worker_class == "gthread" else ["--worker-connections", "1000"]
        command = [gunicorn, "--workers", str(workers), "--worker-class", worker_class, *pool,
                   "--bind", f"127.0.0.1:{port}", "--backlog", "2048", "--keep-alive", "30", "--log-level",
                   "warning", "app:create_app()"]
    else:
        command = [sys.executable, "app.py"]
    with open(log, "ab") as out:
        server = subprocess.Popen(command, cwd=ROOT, env={**env, "PORT": str(port)}, stdout=out,
                                  stderr=subprocess.STDOUT)
    server.kind = f"gunicorn-{worker_class}" if gunicorn else "app.py"
    return server


def wait_up(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/v1/openapi.json")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not start; see its log")


def drive_wrk(port: int, ballot_id: int, connections: int, workdir: Path) -> dict:
    """wrk (C, epoll) as the load generator: one connection per wrk thread, each voting with its
    share of the tokens in turn (bench/votes.lua), so every member votes exactly once. Its CPU
    time is measured too, so a saturated generator would show."""
    if shutil.which("wrk") is None:
        raise SystemExit("bench/ballot.py needs wrk (Debian package 'wrk'; `make bench` installs it)")
    tokens = workdir / "tokens.txt"
    tokens.write_text("\n".join(TOKENS) + "\n")
    marker = workdir / "wrk-done.txt"
    marker.write_text("")
    env = {**os.environ, "TOKENS": str(tokens), "WRK_THREADS": str(connections), "DONE_FILE": str(marker),
           "BALLOT_PATH": f"/api/v1/ballots/{ballot_id}/votes", "BODY": json.dumps({"answers": ["yes"]})}
    before, started = os.times(), time.perf_counter()
    wrk = subprocess.Popen(["wrk", "-t", str(connections), "-c", str(connections), "-d", "3600s",
                            "--timeout", "60s", "-s", str(ROOT / "bench" / "votes.lua"), f"http://127.0.0.1:{port}"],
                           env=env, stdout=subprocess.PIPE, text=True)
    while len(marker.read_text().split()) < connections and wrk.poll() is None:
        time.sleep(0.02)
    wall = time.perf_counter() - started
    if wrk.poll() is not None:
        raise SystemExit(f"wrk stopped before every voter had voted (exit {wrk.returncode})")
    wrk.send_signal(signal.SIGINT)  # wrk prints its summary on SIGINT
    stdout, _ = wrk.communicate(timeout=60)
    after = os.times()
    report = json.loads(stdout.strip().splitlines()[-1])
    report["wall"] = wall
    report["cpu"] = ((after.children_user - before.children_user)
                     + (after.children_system - before.children_system))
    return report


def proc_cpu(pid: int) -> float:
    """CPU seconds of a process and its reaped and live children (Linux /proc)."""
    total, tick = 0.0, os.sysconf("SC_CLK_TCK")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    for p in [pid, *map(int, children.read_text().split())] if children.exists() else []:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += sum(int(x) for x in fields[11:15]) / tick
        except (OSError, IndexError):
            pass
    return total


def votes_over_http(db_label: str, env: dict, ballot_id: int, connections: int, workers: int, threads: int,
                    out: Path, worker_class: str) -> None:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = start_server(env, port, workers, threads, out, worker_class)
    try:
        wait_up(port)
        server_cpu = proc_cpu(server.pid)
        load = drive_wrk(port, ballot_id, connections, out.parent)
        server_cpu = proc_cpu(server.pid) - server_cpu
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    wall = load["wall"]
    emit(case="votes_http", db=db_label, server=server.kind, server_workers=workers, server_threads=threads,
         members=len(TOKENS), ok=load["created"], unanswered=len(TOKENS) - load["answered"],
        errors={k: load[k] for k in ("conflict", "refused", "failed", "other", "other_status",
                                     "socket_errors") if load[k]},
        seconds=round(wall, 2), votes_per_s=round(load["created"] / wall, 1),
        p50_ms=load["p50_us"] / 1000, p95_ms=load["p95_us"] / 1000, p99_ms=load["p99_us"] / 1000,
        max_ms=load["max_us"] / 1000, generator="wrk", generator_connections=connections,
        generator_cpu_s=round(load["cpu"], 2), server_cpu_s=round(server_cpu, 2),
        server_cpu_ms_per_vote=round(1000 * server_cpu / max(1, load["created"]), 2),
        machine_cpus=os.cpu_count())


def ranked_answers(count: int, options: list[str]) -> list[str]:
    """bench/tally.py's weighted partial rankings with some ties, in the form a vote stores them."""
    from tally import ranked_answer

    from deliberation.ballot.counting import compact_parser
    rng = random.Random(2024)
    popularity = [10, 9, 8, 6, 5, 4, 3, 2, 1.5, 1]
    to_code = compact_parser(options)
    return [to_code(ranked_answer(rng, popularity)) for _ in range(count)]


def store(ballot_id: int, voters: list[int], answers: list, electors: bool = True) -> None:
    """Write electors, participation and cast ballots straight to the database, in chunks."""
    import secrets

    from sqlalchemy import insert

    from deliberation.ballot.models import CastBallot, Elector, Participation
    from extensions import db
    for lo in range(0, len(answers), 10_000):
        chunk = range(lo, min(len(answers), lo + 10_000))
        if electors:
            db.session.execute(insert(Elector),
                               [{"ballot_id": ballot_id, "member_id": voters[i]} for i in chunk])
        db.session.execute(insert(Participation), [
            {"ballot_id": ballot_id, "member_id": voters[i], "hour": None} for i in chunk])
        db.session.execute(insert(CastBallot), [
            {"id": secrets.token_hex(16), "ballot_id": ballot_id, "tracker": secrets.token_hex(10),
             "answers": answers[i]} for i in chunk])
    db.session.commit()


def tallies(app, db_label: str, officer_id: int, ballot_id: int, members: int, voted_over_http: bool) -> None:
    """Time the real close (load every stored ballot, count, freeze results) on the stored ballots."""
    from deliberation.ballot.counting import compact_parser
    from deliberation.ballot.models import Ballot
    from deliberation.ballot.services import close_ballot, create_ballot
    from deliberation.models import Member
    from extensions import db
    with app.app_context():
        officer = db.session.get(Member, officer_id)
        voters = db.session.scalars(db.select(Member.id).where(Member.id != officer_id)).all()[:members]
        ballot = db.session.get(Ballot, ballot_id)
        if not voted_over_http:  # --skip-http: the same yes/no ballots, written directly
            rng = random.Random(7)
            answers = [[rng.choices(["yes", "no", "abstain"], weights=[55, 35, 10])[0]] for _ in voters]
            store(ballot_id, voters, answers, electors=False)  # the electorate froze when it opened
        started, cpu = time.perf_counter(), time.process_time()
        close_ballot(officer, ballot)
        emit(case="close_yes_no", db=db_label, ballots=ballot.results["turnout"],
             seconds=round(time.perf_counter() - started, 3),
             python_cpu_s=round(time.process_time() - cpu, 3),
             consistent=ballot.results["checks"]["consistent"])
        options = [f"Candidate {letter}" for letter in "ABCDEFGHIJ"]
        ranked = create_ballot(officer, None, "Bench ranked", [
            {"text": "Who?", "kind": "ranked", "options": options, "method": "schulze"}])
        ranked.status = "open"
        answers = ranked_answers(members, options)
        store(ranked.id, voters, [[answer] for answer in answers])
        started, cpu = time.perf_counter(), time.process_time()
        close_ballot(officer, ranked)
        question = ranked.results["questions"][0]
        emit(case="close_ranked_10_schulze_and_irv", db=db_label, ballots=ranked.results["turnout"],
             seconds=round(time.perf_counter() - started, 3),
             python_cpu_s=round(time.process_time() - cpu, 3), distinct_rankings=len(set(answers)),
             schulze_winner=question["schulze"]["winner"], irv_winner=question["irv"]["winner"],
             irv_rounds=len(question["rounds"]))
        # The worst case for grouping: full random rankings, nearly every ballot distinct.
        uniform = create_ballot(officer, None, "Bench ranked, uniform", [
            {"text": "Who?", "kind": "ranked", "options": options, "method": "irv"}])
        uniform.status = "open"
        rng = random.Random(2025)
        to_code = compact_parser(options)
        answers = [to_code(rng.sample(options, len(options))) for _ in voters]
        store(uniform.id, voters, [[answer] for answer in answers])
        started, cpu = time.perf_counter(), time.process_time()
        close_ballot(officer, uniform)
        emit(case="close_ranked_10_uniform_full", db=db_label, ballots=uniform.results["turnout"],
             seconds=round(time.perf_counter() - started, 3),
             python_cpu_s=round(time.process_time() - cpu, 3), distinct_rankings=len(set(answers)),
             irv_rounds=len(uniform.results["questions"][0]["rounds"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="5,000 members")
    parser.add_argument("--skip-http", action="store_true",
                        help="only time the tallies (ballots written directly)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent voters (wrk connections)")
    parser.add_argument("--threads", type=int, default=16, help="threads per server process (gthread)")
    parser.add_argument("--worker-class", default="gevent", choices=["gevent", "gthread"],
                        help="gunicorn worker class (gevent: one cooperative thread per process)")
    parser.add_argument("--workers", type=int, default=0,
                        help="server processes on PostgreSQL (gunicorn gthread; default: CPUs)")
    args = parser.parse_args()
    members = 5_000 if args.quick else args.members
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    with scratch_instance("ballot-", out) as (instance, url):
        if url:
            db_label, workers = "postgresql", args.workers or max(2, os.cpu_count() or 2)
        else:
            db_label, workers = "sqlite", 1  # one writer anyway; several processes only add lock waits
        env = {**os.environ, "REFOUND_INSTANCE": str(instance),
               "SECRET_KEY": "bench-secret-not-for-production", "DATABASE_URL": url, "HOST": "127.0.0.1"}
        os.environ.update({k: v for k, v in env.items() if k != "HOST"})
        from app import create_app
        from config import Config
        app = create_app(Config(instance))
        officer_id, ballot_id = seed(app, members)
        with app.app_context():
            from extensions import db
            db.engine.dispose()  # no pooled connections across the generator's fork
        if not args.skip_http:
            votes_over_http(db_label, env, ballot_id, args.connections, workers, args.threads,
                            out / "server.log", args.worker_class)
        tallies(app, db_label, officer_id, ballot_id, members, not args.skip_http)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
