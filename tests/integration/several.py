"""Production-like app processes for the multi-process tests and drills: gunicorn with one
gevent worker each (deploy/gunicorn.conf.py, as `make run-prod` starts them), on loopback,
sharing the test run's PostgreSQL and Redis."""
import os
from pathlib import Path

import pytest
import redis
from live_servers import Server

from deploy.run_prod import gunicorn_command

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def shared_services() -> str:
    """The Redis URL, when DATABASE_URL names PostgreSQL and REDIS_URL is set and answers; else the
    test skips (a SQLite run, a laptop without them), except in CI where an unreachable one fails."""
    database, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database.startswith(("postgres://", "postgresql")) or not redis_url:
        pytest.skip("several processes need DATABASE_URL (PostgreSQL) and REDIS_URL")
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        if IN_CI:
            pytest.fail(f"Redis is unreachable at {redis_url} in CI: {exc}")
        pytest.skip(f"Redis is unreachable at {redis_url}")
    return redis_url


def gunicorn(instance: Path, redis_url: str, **kw) -> Server:
    return Server(instance, redis_url=redis_url, command=gunicorn_command(), **kw)


def worker_of(server: Server) -> int:
    """The pid of the gunicorn worker (the process that serves) under this server's master."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == server.proc.pid and "gunicorn" in (entry / "cmdline").read_bytes().decode(
                    "utf-8", "replace"):
                return int(entry.name)
    raise LookupError(f"no worker under gunicorn {server.proc.pid}")
