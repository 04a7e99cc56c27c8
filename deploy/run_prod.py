"""`make run-prod`: WORKERS Refound processes (default 2), each a gunicorn with one gevent
worker, on ports PORT, PORT+1, ... sharing PostgreSQL (DATABASE_URL) and Redis (REDIS_URL, the
Socket.IO message queue and the live rooms' relay). Put nginx in front of them
(deploy/nginx.conf.example): it keeps each client on one process, which long-polling needs.

It migrates the database once, starts the processes, restarts one whose gunicorn exits
(gunicorn itself restarts a worker that dies), and stops them all on SIGTERM or Ctrl-C.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


def gunicorn_command() -> list[str]:
    """One process's command line; its PORT (and HOST) come from the environment."""
    return [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), "wsgi:app"]


def problems(env: dict[str, str], workers: int) -> list[str]:
    """What stops a production start: several processes need a shared database, Redis and key."""
    found = []
    if not env.get("SECRET_KEY", "").strip():
        found.append("SECRET_KEY is not set: every process would sign sessions with a different random key.")
    if workers > 1:
        if not env.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
            found.append("Several processes need PostgreSQL: set DATABASE_URL=postgresql://...")
        if not env.get("REDIS_URL", "").strip():
            found.append("Several processes need Redis to relay live edits: set REDIS_URL=redis://...")
    return found


def main() -> int:
    env = dict(os.environ)
    workers = int(env.get("WORKERS", "2"))
    first = int(env.get("PORT", "5000"))
    host = env.get("HOST", "127.0.0.1")
    found = problems(env, workers)
    if found:
        print("\n".join(found), file=sys.stderr)
        return 2
    subprocess.run([sys.executable, "-m", "flask", "--app", "app:create_app", "db", "upgrade"],
                   cwd=ROOT, env=env, check=True)
    ports = [first + i for i in range(workers)]
    procs: dict[int, subprocess.Popen] = {}

    def start(port: int) -> None:
        procs[port] = subprocess.Popen(gunicorn_command(), cwd=ROOT,
                                       env={**env, "PORT": str(port), "HOST": host})

    stopping = False

    def stop(_signum=None, _frame=None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for port in ports:
        start(port)
    print(f"Refound: {workers} processes on {', '.join(f'http://{host}:{p}/' for p in ports)}; "
          "put nginx in front (deploy/nginx.conf.example).", flush=True)
    while not stopping:
        time.sleep(0.5)
        for port, proc in list(procs.items()):
            if proc.poll() is not None and not stopping:
                print(f"Refound: the process on port {port} exited ({proc.returncode}); restarting it.",
                      file=sys.stderr, flush=True)
                time.sleep(1)
                start(port)
    for proc in procs.values():
        if proc.poll() is None:
            proc.terminate()
    for proc in procs.values():
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
