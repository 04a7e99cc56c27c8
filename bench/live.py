"""Live co-editing load: E editors typing ~5 characters a second plus V read-only
viewers on one proposal, over loopback, against Refound (`python app.py`) and
the reference Node Yjs server (bench/yws_server.mjs). The peers run in Node
processes (bench/live_load.mjs). One JSON line per run: keystroke-to-peer
latency percentiles, message rates, server and load-generator CPU and memory,
and divergence (peers whose final text differs from the server's).

    .venv/bin/python bench/live.py            # E = 10, 50, 100, 200; V up to 1,000
    .venv/bin/python bench/live.py --quick    # a few seconds, for `make bench`
"""
from __future__ import annotations

import argparse
import bisect
import hashlib
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "integration"))

from bench.live_loadgen import LoadGen  # noqa: E402
from bench.live_server import NodeServer, RefoundServer, make_world, proc_stats  # noqa: E402

#: Editors and viewers that log arrivals: enough samples, little extra work.
OBSERVERS = 6


def latencies(sends, probes, timeline: list | None = None) -> list[float]:
    """For every insert and every observer: ms until the observer first held it
    (with ``timeline``, also (sent at, ms, observer) rows, for --dump)."""
    out = []
    for observer, events in enumerate(probes):
        by_client: dict[int, tuple[list[int], list[float]]] = {}
        for client, clock, t in events:  # clocks only grow, so arrival times are sorted per client
            clocks, times = by_client.setdefault(client, ([], []))
            clocks.append(clock)
            times.append(t)
        for client, clock, sent_at in sends:
            if client not in by_client:
                continue  # the observer's own insert
            clocks, times = by_client[client]
            at = bisect.bisect_right(clocks, clock)
            if at < len(clocks):
                out.append(max(0.0, times[at] - sent_at))
                if timeline is not None:
                    timeline.append((sent_at, out[-1], observer))
    return out


def pct(values, p) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p / 100 * len(values)))], 1)


def jobs_for(kind, url, room, tokens, editors, procs, seconds, rate, awareness) -> list[dict]:
    """The peers dealt round-robin over `procs` jobs, observers spread among them."""
    peers = [{"token": t, "editor": i < editors, "observe": False} for i, t in enumerate(tokens)]
    for i in (list(range(min(editors, OBSERVERS)))
              + list(range(editors, min(len(peers), editors + OBSERVERS)))):
        peers[i]["observe"] = True
    # Refound took ~40 ms a connection at 500 peers on a busy 2-core machine (Node far
    # less): start typing once all are in; live.py warns when some were late.
    start = (time.time() + 5 + len(peers) / 20) * 1000
    return [{"kind": kind, "url": url, "room": room, "peers": peers[i::procs], "start": start,
             "seconds": seconds, "rate": rate, "seed": i + 1, "awareness": awareness}
            for i in range(procs) if peers[i::procs]]


def run(kind, editors, viewers, seconds, procs, rate, awareness, dump=None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="refound-bench-"))
    room, tokens, proposal_id = make_world(tmp, editors, viewers)
    server = RefoundServer(tmp) if kind == "refound" else NodeServer(tmp)
    gens: list[LoadGen] = []
    try:
        jobs = jobs_for(kind, server.url, room, tokens, editors, procs, seconds, rate, awareness)
        gens = [LoadGen(job, tmp, f"load-{i}") for i, job in enumerate(jobs)]
        start = jobs[0]["start"] / 1000
        time.sleep(max(0.0, start - time.time()))
        before = proc_stats(server.pid)
        time.sleep(max(0.0, start + seconds - time.time()))
        typed = proc_stats(server.pid)  # CPU while people type, not while the last messages drain
        results = [g.result(seconds + 300) for g in gens]
        after = proc_stats(server.pid)
        truth = server.text(room, tokens[0], proposal_id)
    finally:
        for g in gens:
            g.kill()
        server.stop()
    late = max(r["ready_at"] for r in results) / 1000 - start
    if late > 0:
        print(f"live.py: {kind} peers connected {late:.1f} s after the start", file=sys.stderr)
    sends = [s for r in results for s in r["sends"]]
    timeline = [] if dump else None
    lat = latencies(sends, [p for r in results for p in r["probes"]], timeline)
    if dump:  # one line per sample: seconds into the run, latency ms, observer
        with open(dump, "a") as out:
            out.writelines(f"{kind} {editors}:{viewers} {(t - start * 1000) / 1000:.3f} {ms:.1f} {o}\n"
                           for t, ms, o in sorted(timeline))
    acks = [a for r in results for a in r["ack_ms"]]  # Refound only: sent until stored
    digest = hashlib.sha256(truth.encode()).hexdigest()
    elapsed = after["at"] - before["at"]
    keystrokes = sum(r["sent"] for r in results)
    row = {"bench": "live", "server": kind, "editors": editors, "viewers": viewers, "seconds": seconds,
            "awareness": awareness, "keystrokes": keystrokes, "timed_inserts": len(sends),
            "samples": len(lat),
            "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95), "p99_ms": pct(lat, 99), "max_ms": pct(lat, 100),
            "ack_p50_ms": pct(acks, 50), "ack_p99_ms": pct(acks, 99),
            "updates_in_per_s": round(keystrokes / seconds, 1),
            "messages_out_per_s": round(sum(r["received"] for r in results) / elapsed, 1),
            "divergent_peers": sum(h != digest for r in results for h in r["hashes"]),
            "all_acked": not any(r["pending"] for r in results),
            "error_acks": sum(r["errors"] for r in results),
            "server_cpu_pct": round(100 * (typed["cpu"] - before["cpu"]) / (typed["at"] - before["at"]), 1),
            "server_rss_mb": after["rss_mb"], "server_threads": after["threads"],
            "loadgen_procs": len(gens),
            "loadgen_cpu_pct": round(100 * sum(r["cpu_typing_s"] for r in results) / seconds, 1),
            "loadgen_rss_mb": round(sum(r["rss_mb"] for r in results)),
            "loadgen_lag_p99_ms": round(max(r["lag_p99_ms"] for r in results), 1)}
    if row["divergent_peers"] or not row["all_acked"]:
        print(f"live.py: server log and generator reports kept in {tmp}", file=sys.stderr)
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small numbers, a few seconds")
    parser.add_argument("--only", choices=["refound", "yjs-node"], help="one server only")
    parser.add_argument("--runs", help="E:V pairs, e.g. 100:400,200:1000")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--procs", type=int, default=2, help="load-generator (Node) processes")
    parser.add_argument("--rate", type=float, default=5.0, help="keystrokes per second per editor")
    parser.add_argument("--dump",
                        help="append every latency sample (run, seconds in, ms, observer) to this file")
    parser.add_argument("--no-awareness", dest="awareness", action="store_false",
                        help="no cursor presence with each keystroke (a browser sends one)")
    args = parser.parse_args()
    if args.runs:
        runs = [tuple(int(x) for x in pair.split(":")) for pair in args.runs.split(",")]
    elif args.quick:
        runs = [(5, 10)]
    else:
        runs = [(10, 0), (50, 0), (100, 0), (100, 400), (200, 0), (200, 1000)]
    seconds = args.seconds or (5 if args.quick else 20)
    kinds = [args.only] if args.only else ["refound", "yjs-node"]
    for editors, viewers in runs:
        for kind in kinds:
            print(json.dumps(run(kind, editors, viewers, seconds, args.procs, args.rate, args.awareness,
                                 args.dump)), flush=True)


if __name__ == "__main__":
    main()
