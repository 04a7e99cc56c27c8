"""Live co-editing load: E editors typing ~5 characters a second plus V read-only
viewers on one proposal, over loopback, against Refound (`python app.py`) and
the reference Node Yjs server (bench/yws_server.mjs). One JSON line per run:
keystroke-to-peer latency percentiles, message rates, server and load-generator
CPU and memory, and divergence (peers whose final text differs).

    .venv/bin/python bench/live.py            # E = 10, 50, 100, 200; V up to 1,000
    .venv/bin/python bench/live.py --quick    # a few seconds, for `make bench`
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from bench.live_server import NodeServer, RefoundServer, make_world, proc_stats  # noqa: E402

TYPED = "abcdefghij klmnop ŵŷ ß 日本 🎉"


def worker(kind, url, room, jobs, start_at, seconds, rate, out) -> None:
    """One load-generator process: connect its peers, type until the end, report."""
    from bench.live_peers import Probe, SocketIOPeer, WebSocketPeer
    from deliberation.live.protocol import decode_state_vector
    cls = SocketIOPeer if kind == "refound" else WebSocketPeer
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    probes = [Probe() if job["observe"] else None for job in jobs]
    with ThreadPoolExecutor(16) as pool:
        peers = list(pool.map(lambda jp: cls(url, jp[0]["token"], room, jp[1]).connect(), zip(jobs, probes)))
    editors = [p for p, job in zip(peers, jobs) if job["editor"]]
    sends: list[tuple[int, int, float]] = []
    rng = random.Random(os.getpid())
    due = [start_at + rng.random() / rate for _ in editors]
    end = start_at + seconds
    while True:
        now = time.monotonic()
        if now >= end:
            break
        i = min(range(len(due)), key=due.__getitem__) if due else None
        if i is None or due[i] >= end:
            time.sleep(max(0.0, end - now))
            break
        time.sleep(max(0.0, due[i] - now))
        peer = editors[i]
        with peer.lock:
            clock = decode_state_vector(peer.doc.get_state()).get(peer.doc.client_id, 0)
            text = peer.text
            if text and rng.random() < 0.1:  # deletions make no new clock: not timed
                peer.delete(rng.randrange(len(text)), 1)
            else:
                sends.append((peer.doc.client_id, clock, time.monotonic()))
                peer.insert(rng.randint(0, len(text)), rng.choice(TYPED))
        due[i] += rng.expovariate(rate)
    acked = all(p.wait_acked(30) for p in editors)
    time.sleep(3)  # let the last broadcasts land
    texts = [p.text for p in peers]
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    out.put({"sends": sends, "probes": [p.events for p in probes if p], "texts": texts, "acked": acked,
             "errors": sum(len(p.errors) for p in peers), "sent": sum(p.sent for p in editors),
             "received": sum(p.received for p in peers),
             "cpu": cpu1.ru_utime + cpu1.ru_stime - cpu0.ru_utime - cpu0.ru_stime,
             "rss_mb": cpu1.ru_maxrss / 1024})
    with ThreadPoolExecutor(32) as pool:
        list(pool.map(lambda p: p.close(), peers))


def latencies(sends, probes) -> list[float]:
    """For every keystroke and every observer: first time the observer held it."""
    import bisect
    out = []
    for events in probes:
        by_client: dict[int, tuple[list[int], list[float]]] = {}
        for client, clock, t in events:  # clocks only grow, so arrival times are sorted per client
            clocks, times = by_client.setdefault(client, ([], []))
            clocks.append(clock)
            times.append(t)
        for client, clock, sent_at in sends:
            if client not in by_client:
                continue
            clocks, times = by_client[client]
            at = bisect.bisect_right(clocks, clock)
            if at < len(clocks):
                out.append(max(0.0, times[at] - sent_at))
    return out


def pct(values, p) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(1000 * values[min(len(values) - 1, int(p / 100 * len(values)))], 1)


def run(kind, editors, viewers, seconds, procs, rate) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="refound-bench-"))
    room, tokens, proposal_id = make_world(tmp, editors, viewers)
    server = RefoundServer(tmp) if kind == "refound" else NodeServer(tmp)
    try:
        jobs = [{"token": t, "editor": i < editors, "observe": False} for i, t in enumerate(tokens)]
        for i in list(range(min(editors, 6))) + list(range(editors, editors + min(viewers, 6))):
            jobs[i]["observe"] = True  # a sample of editors and viewers measure arrival times
        slices = [jobs[i::procs] for i in range(procs)]
        out = mp.get_context("spawn").Queue()
        start_at = time.monotonic() + 8 + (editors + viewers) / 40  # time to connect everyone
        workers = [mp.get_context("spawn").Process(
            target=worker, args=(kind, server.url, room, s, start_at, seconds, rate, out)) for s in slices if s]
        for w in workers:
            w.start()
        while time.monotonic() < start_at:
            time.sleep(0.05)
        before = proc_stats(server.pid)
        results = [out.get(timeout=seconds + 180) for _ in workers]
        after = proc_stats(server.pid)
        for w in workers:
            w.join(60)
        truth = server.text(room, tokens[0], proposal_id)
    finally:
        server.stop()
    sends = [s for r in results for s in r["sends"]]
    lat = latencies(sends, [p for r in results for p in r["probes"]])
    texts = [t for r in results for t in r["texts"]]
    elapsed = after["at"] - before["at"]
    return {"bench": "live", "server": kind, "editors": editors, "viewers": viewers, "seconds": seconds,
            "keystrokes": sum(r["sent"] for r in results), "timed_inserts": len(sends), "samples": len(lat),
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "p99_ms": pct(lat, 99), "max_ms": pct(lat, 100),
            "updates_in_per_s": round(sum(r["sent"] for r in results) / seconds, 1),
            "messages_out_per_s": round(sum(r["received"] for r in results) / elapsed, 1),
            "divergent_peers": sum(t != truth for t in texts), "all_acked": all(r["acked"] for r in results),
            "error_acks": sum(r["errors"] for r in results),
            "server_cpu_pct": round(100 * (after["cpu"] - before["cpu"]) / elapsed, 1),
            "server_rss_mb": after["rss_mb"], "server_threads": after["threads"],
            "loadgen_procs": len(workers), "loadgen_cpu_pct": round(100 * sum(r["cpu"] for r in results) / elapsed, 1),
            "loadgen_rss_mb": round(sum(r["rss_mb"] for r in results))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, a few seconds")
    parser.add_argument("--only", choices=["refound", "yjs-node"], help="one server only")
    parser.add_argument("--runs", help="E:V pairs, e.g. 100:400,200:1000")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--procs", type=int, default=4, help="load-generator processes")
    parser.add_argument("--rate", type=float, default=5.0, help="keystrokes per second per editor")
    args = parser.parse_args()
    if args.runs:
        runs = [tuple(int(x) for x in pair.split(":")) for pair in args.runs.split(",")]
    elif args.quick:
        runs = [(5, 10)]
    else:
        runs = [(10, 0), (50, 0), (100, 0), (100, 400), (200, 0), (200, 1000)]
    seconds = args.seconds or (5 if args.quick else 20)
    procs = 2 if args.quick else args.procs
    kinds = [args.only] if args.only else ["refound", "yjs-node"]
    for editors, viewers in runs:
        for kind in kinds:
            print(json.dumps(run(kind, editors, viewers, seconds, procs, args.rate)), flush=True)


if __name__ == "__main__":
    main()
