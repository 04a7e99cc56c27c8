"""Run bench/live_load.mjs (the Node load generator) from Python: write its job
spec, start it, read its JSON report. Also reads a room's text through a fresh
synced peer, the only way to ask the in-memory reference server."""
from __future__ import annotations

import json
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "live_load.mjs"


class LoadGen:
    """One Node process running a slice of the peers; stdout goes to a file, so a
    large report never blocks on a pipe while the other processes finish."""

    def __init__(self, job: dict, workdir: Path, name: str) -> None:
        self.spec = workdir / f"{name}.json"
        self.out = workdir / f"{name}.out.json"
        self.spec.write_text(json.dumps(job))
        # At a lower priority: on a shared machine the generator must not preempt the server it
        # measures (in use, clients run elsewhere). Any lag this costs the generator is reported
        # (loadgen_lag_p99_ms) and counts against the server, in the latencies it observes.
        with open(self.out, "wb") as out:
            self.proc = subprocess.Popen(["nice", "-n", "10", "node", str(SCRIPT), str(self.spec)], cwd=ROOT,
                                         stdout=out)

    def result(self, timeout: float) -> dict:
        if self.proc.wait(timeout) != 0:
            raise RuntimeError(f"{SCRIPT.name} exited with {self.proc.returncode} ({self.spec})")
        return json.loads(self.out.read_text())

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


def synced_text(kind: str, url: str, room: str, token: str) -> str:
    """The room's text as a newly joined read-only peer receives it."""
    job = {"kind": kind, "url": url, "room": room,
           "peers": [{"token": token, "editor": False, "observe": False}], "start": time.time() * 1000,
           "seconds": 0, "rate": 1, "seed": 0, "awareness": False, "settle": 0}
    with tempfile.TemporaryDirectory(prefix="refound-bench-") as tmp:
        return LoadGen(job, Path(tmp), "truth").result(120)["text"]
