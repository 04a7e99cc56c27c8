"""Several processes: the same live load and a voting burst on 1, 2 and 4 production processes
(gunicorn, one gevent worker each, deploy/gunicorn.conf.py) sharing PostgreSQL and Redis.

Live: editors typing ~5 characters a second and read-only viewers, in one room and spread over
20 rooms, the peers dealt round-robin over the processes (as a balancer would). The peers run in
Node processes of their own (bench/live_load.mjs, at nice 10), one per server process and at
least two, so the generator is not the bottleneck (its CPU and event-loop lag are reported).
Votes: every member votes once through wrk (C), one wrk per server process, each with its share
of the voters. Figures: acked-update p50/p99, peer-delivery p50/p99, divergent peers, votes/s,
and the CPU of each server process.

Needs DATABASE_URL (PostgreSQL: a fresh database is made beside it for each run and dropped
after) and redis-server (a private one on a free port per run, so other users of a shared
Redis neither disturb nor see the runs), node and wrk.

    .venv/bin/python bench/scale.py                      # 1, 2, 4 processes; 150+600 one room,
                                                         # the same over 20 rooms; 6,000 votes
    .venv/bin/python bench/scale.py --procs 2 --live 150:600 --rooms 1 --no-votes
    .venv/bin/python bench/scale.py --quick              # small numbers, a few seconds each
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scratch import scratch_instance  # noqa: E402

from bench.live import latencies, pct  # noqa: E402
from bench.live_loadgen import LoadGen  # noqa: E402
from bench.live_server import free_port, make_rooms, proc_stats  # noqa: E402
from deploy.run_prod import gunicorn_command  # noqa: E402

SECRET = "bench-secret-not-for-production"
#: What serves: gunicorn as `make run-prod` does, or (to compare) `python app.py`.
SERVER = os.environ.get("SCALE_SERVER", "gunicorn")


def emit(**fields) -> None:
    """One JSON line; with the machine's load average, since other work on a shared machine
    takes cores from the servers and the generator alike (its cores: machine_cpus)."""
    load = [round(x, 1) for x in os.getloadavg()]
    print(json.dumps({"bench": "scale", **fields, "machine_load_1_5_min": load[:2],
                      "machine_cpus": os.cpu_count()}), flush=True)


class PrivateRedis:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--dir", str(folder)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                             text=True).stdout.strip() != "PONG":
            if time.monotonic() > deadline:
                raise SystemExit("the private redis-server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class Cluster:
    """`procs` production processes on one database and Redis, each on its own port."""

    def __init__(self, procs: int, instance: Path, database_url: str, redis_url: str) -> None:
        self.masters, self.urls = [], []
        for n in range(procs):
            port = free_port()
            folder = instance / f"p{n}"
            folder.mkdir()
            env = {**os.environ, "PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url,
                   "REDIS_URL": redis_url, "SECRET_KEY": SECRET, "REFOUND_INSTANCE": str(folder),
                   "LOG_LEVEL": "warning", "DATABASE_POOL_SIZE": "10"}
            with open(folder / "server.log", "ab") as log:
                command = [sys.executable, "app.py"] if SERVER == "app.py" else gunicorn_command()
                self.masters.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=log,
                                                     stderr=subprocess.STDOUT))
            self.urls.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 90
        for url in self.urls:
            while True:
                try:
                    if requests.get(f"{url}/readyz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                if time.monotonic() > deadline:
                    raise SystemExit(f"{url} did not become ready; see {instance}")
                time.sleep(0.1)
        self.workers = [self._worker(m.pid) for m in self.masters]

    @staticmethod
    def _worker(master: int) -> int:
        if SERVER == "app.py":
            return master
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return int(children[0])

    def cpu(self) -> list[dict]:
        return [proc_stats(pid) for pid in self.workers]

    def stop(self) -> None:
        for m in self.masters:
            m.send_signal(signal.SIGTERM)
        for m in self.masters:
            try:
                m.wait(30)
            except subprocess.TimeoutExpired:
                m.kill()


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, all cores (/proc/stat)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def busy_pct(before: tuple[float, float], after: tuple[float, float]) -> float:
    """How busy the machine's cores were in between, in % of all of them (every process counted:
    the servers, PostgreSQL, Redis, the generator, and anyone else's work)."""
    return round(100 * (after[0] - before[0]) / max(1, after[1] - before[1]), 1)


def cpu_pcts(before: list[dict], after: list[dict]) -> list[float]:
    return [round(100 * (b["cpu"] - a["cpu"]) / (b["at"] - a["at"]), 1)
            for a, b in zip(before, after, strict=True)]


def seed_live(instance: Path, database_url: str, editors: int, viewers: int, rooms: int):
    """Members with tokens, one group, `rooms` proposals: ([(room, proposal id)], tokens)."""
    os.environ["DATABASE_URL"], os.environ["SECRET_KEY"] = database_url, SECRET
    return make_rooms(instance, editors, viewers, rooms)


def seed_votes(instance: Path, database_url: str, members: int) -> tuple[int, list[str]]:
    os.environ["DATABASE_URL"], os.environ["SECRET_KEY"] = database_url, SECRET
    from app import create_app
    from config import Config
    from deliberation.ballot.services import create_ballot, open_ballot
    from deliberation.demo.bulk import seed_voters
    from deliberation.models import Member
    from extensions import db
    app = create_app(Config(instance))
    with app.app_context():
        db.create_all()
        officer = Member(email="officer@example.org", name="Officer", is_admin=True)
        db.session.add(officer)
        db.session.commit()
        ballot = create_ballot(officer, None, "Bench", [{"text": "Adopt?", "kind": "yes_no_abstain"}])
        tokens = [token for _id, token in seed_voters(members)]
        open_ballot(officer, ballot)
        db.session.commit()
        ballot_id = ballot.id
        db.session.remove()
        db.engine.dispose()
    return ballot_id, tokens


def live_case(procs: int, editors: int, viewers: int, rooms: int, seconds: float, rate: float) -> None:
    with scratch_instance("refound-scale-") as (instance, database_url):
        redis = PrivateRedis(instance)
        cluster = None
        gens: list[LoadGen] = []
        try:
            placed, tokens = seed_live(instance, database_url, editors, viewers, rooms)
            cluster = Cluster(procs, instance, database_url, redis.url)
            peers = []
            for i, token in enumerate(tokens):
                editor = i < editors
                r = (i if editor else i - editors) % rooms
                peers.append({"token": token, "editor": editor, "observe": False, "room": placed[r][0],
                              "url": cluster.urls[i % procs]})
            # latency observers: 6 editors and 6 viewers in all, at least 1 a room
            per_room = max(1, 6 // rooms)
            for r in range(rooms):
                for kind in (True, False):
                    chosen = [p for p in peers
                              if p["room"] == placed[r][0] and p["editor"] is kind][:per_room]
                    for p in chosen:
                        p["observe"] = True
            n_gens = max(2, procs)
            start = (time.time() + 5 + len(peers) / 20) * 1000
            jobs = [{"kind": "refound", "url": cluster.urls[0], "room": placed[0][0],
                     "peers": peers[g::n_gens], "start": start, "seconds": seconds, "rate": rate,
                     "seed": g + 1, "awareness": True}
                    for g in range(n_gens) if peers[g::n_gens]]
            gens = [LoadGen(job, instance, f"load-{g}") for g, job in enumerate(jobs)]
            time.sleep(max(0.0, start / 1000 - time.time()))
            before, busy_before = cluster.cpu(), machine_busy()
            time.sleep(max(0.0, start / 1000 + seconds - time.time()))
            typed, busy_typed = cluster.cpu(), machine_busy()
            results = [g.result(seconds + 300) for g in gens]
            truth = {}
            for room, proposal_id in placed:
                reply = requests.get(f"{cluster.urls[-1]}/api/v1/proposals/{proposal_id}",
                                     headers={"Authorization": f"Bearer {tokens[0]}"}, timeout=60)
                truth[room] = hashlib.sha256(reply.json()["text"].encode()).hexdigest()
            rss = [s["rss_mb"] for s in cluster.cpu()]
        finally:
            for g in gens:
                g.kill()
            if cluster is not None:
                cluster.stop()
            redis.stop()
    divergent = sum(h != truth[p["room"]] for job, r in zip(jobs, results, strict=True)
                    for p, h in zip(job["peers"], r["hashes"], strict=True))
    lat = latencies([s for r in results for s in r["sends"]], [p for r in results for p in r["probes"]])
    acks = [a for r in results for a in r["ack_ms"]]
    late = max(r["ready_at"] for r in results) / 1000 - start / 1000
    server_cpu = cpu_pcts(before, typed)
    emit(case="live", processes=procs, editors=editors, viewers=viewers, rooms=rooms, seconds=seconds,
         keystrokes=sum(r["sent"] for r in results), samples=len(lat),
         ack_p50_ms=pct(acks, 50), ack_p99_ms=pct(acks, 99),
         peer_p50_ms=pct(lat, 50), peer_p95_ms=pct(lat, 95), peer_p99_ms=pct(lat, 99),
         divergent_peers=divergent, all_acked=not any(r["pending"] for r in results),
         error_acks=sum(r["errors"] for r in results),
         server_cpu_pct=server_cpu, server_cpu_total_pct=round(sum(server_cpu), 1), server_rss_mb=rss,
         machine_busy_pct=busy_pct(busy_before, busy_typed), loadgen_procs=len(gens),
         loadgen_cpu_pct=round(100 * sum(r["cpu_typing_s"] for r in results) / seconds, 1),
         loadgen_lag_p99_ms=round(max(r["lag_p99_ms"] for r in results), 1),
         peers_connected_late_s=round(max(0.0, late), 1))


def drive_wrk(urls: list[str], ballot_id: int, tokens: list[str], connections: int, workdir: Path) -> dict:
    """One wrk per server process, each with its share of the voters and of the connections."""
    if shutil.which("wrk") is None:
        raise SystemExit("bench/scale.py needs wrk (Debian package 'wrk'; `make bench-deps` installs it)")
    runs = []
    per = max(1, connections // len(urls))
    for n, url in enumerate(urls):
        share = tokens[n::len(urls)]
        (workdir / f"tokens-{n}.txt").write_text("\n".join(share) + "\n")
        marker = workdir / f"done-{n}.txt"
        marker.write_text("")
        env = {**os.environ, "TOKENS": str(workdir / f"tokens-{n}.txt"), "WRK_THREADS": str(per),
               "DONE_FILE": str(marker), "BALLOT_PATH": f"/api/v1/ballots/{ballot_id}/votes",
               "BODY": json.dumps({"answers": ["yes"]})}
        runs.append((marker, subprocess.Popen(
            ["wrk", "-t", str(per), "-c", str(per), "-d", "3600s", "--timeout", "60s",
             "-s", str(ROOT / "bench" / "votes.lua"), url], env=env, stdout=subprocess.PIPE, text=True)))
    started = time.perf_counter()
    while any(len(m.read_text().split()) < per and p.poll() is None for m, p in runs):
        time.sleep(0.02)
    wall = time.perf_counter() - started
    reports = []
    for _marker, proc in runs:
        proc.send_signal(signal.SIGINT)
        stdout, _ = proc.communicate(timeout=60)
        reports.append(json.loads(stdout.strip().splitlines()[-1]))
    return {"wall": wall, "created": sum(r["created"] for r in reports),
            "failed": sum(r["failed"] + r["other"] + r["refused"] + r["socket_errors"] for r in reports),
            "conflict": sum(r["conflict"] for r in reports),
            "p99_ms": max(r["p99_us"] for r in reports) / 1000,
            "p50_ms": max(r["p50_us"] for r in reports) / 1000}


def votes_case(procs: int, members: int, connections: int) -> dict:
    with scratch_instance("refound-scale-") as (instance, database_url):
        redis = PrivateRedis(instance)
        cluster = None
        try:
            ballot_id, tokens = seed_votes(instance, database_url, members)
            cluster = Cluster(procs, instance, database_url, redis.url)
            before, busy_before = cluster.cpu(), machine_busy()
            load = drive_wrk(cluster.urls, ballot_id, tokens, connections, instance)
            after, busy_after = cluster.cpu(), machine_busy()
        finally:
            if cluster is not None:
                cluster.stop()
            redis.stop()
    row = {"case": "votes", "processes": procs, "members": members, "connections": connections,
           "ok": load["created"], "conflict": load["conflict"], "failed": load["failed"],
           "seconds": round(load["wall"], 2), "votes_per_s": round(load["created"] / load["wall"], 1),
           "p50_ms": load["p50_ms"], "p99_ms": load["p99_ms"], "server_cpu_pct": cpu_pcts(before, after),
           "machine_busy_pct": busy_pct(busy_before, busy_after)}
    emit(**row)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, a few seconds each")
    parser.add_argument("--procs", help="comma-separated process counts (default 1,2,4)")
    parser.add_argument("--live", help="E:V, editors and viewers (default 150:600)")
    parser.add_argument("--rooms", help="comma-separated room counts (default 1,20)")
    parser.add_argument("--seconds", type=float, help="typing time per live run (default 20)")
    parser.add_argument("--rate", type=float, default=5.0, help="keystrokes per second per editor")
    parser.add_argument("--votes", type=int, help="members voting once each (default 6000)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent voters in all")
    parser.add_argument("--no-live", dest="live_runs", action="store_false")
    parser.add_argument("--no-votes", dest="vote_runs", action="store_false")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql")):
        raise SystemExit("bench/scale.py needs DATABASE_URL=postgresql://... (several processes share it)")
    for tool in ("redis-server", "node"):
        if shutil.which(tool) is None:
            raise SystemExit(f"bench/scale.py needs {tool}")
    procs = [int(p) for p in (args.procs or ("1,2" if args.quick else "1,2,4")).split(",")]
    editors, viewers = (int(x) for x in (args.live or ("10:20" if args.quick else "150:600")).split(":"))
    rooms = [int(r) for r in (args.rooms or ("1" if args.quick else "1,20")).split(",")]
    seconds = args.seconds or (5 if args.quick else 20)
    members = args.votes or (600 if args.quick else 6000)
    if args.live_runs:
        for n in procs:
            for r in rooms:
                live_case(n, editors, viewers, r, seconds, args.rate)
    if args.vote_runs:
        rates = {n: votes_case(n, members, args.connections)["votes_per_s"] for n in procs}
        if 1 in rates:
            emit(case="votes_speedup", **{f"x{n}": round(rates[n] / rates[1], 2) for n in procs if n != 1})


if __name__ == "__main__":
    tempfile.tempdir = None
    main()
