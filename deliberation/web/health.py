"""What a load balancer asks: `/healthz` (this process answers) and `/readyz` (it can reach the
database and, when several processes share one, Redis). A balancer takes a process whose
readiness fails out of rotation until it passes again; its liveness failing means restart it.

Both are plain JSON, need no sign-in, and touch no session, so they cost a probe every second
nothing that a member's request would notice.
"""
from __future__ import annotations

import redis
from flask import current_app, jsonify
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import text

from deliberation.web.blueprint import bp
from extensions import db

_REDIS_KEY = "refound.health_redis"
#: A probe must answer within the balancer's timeout (usually 1-5 s): each check gives up sooner.
CHECK_TIMEOUT = 1.0


def _redis() -> redis.Redis | None:
    """One client per app, with short timeouts; None when the app runs without Redis."""
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    client = current_app.extensions.get(_REDIS_KEY)
    if client is None:
        client = redis.Redis.from_url(url, socket_connect_timeout=CHECK_TIMEOUT, socket_timeout=CHECK_TIMEOUT,
                                      retry=Retry(NoBackoff(), 0))
        current_app.extensions[_REDIS_KEY] = client
    return client


def _database_ok() -> str | None:
    """None if a query runs, else why not. The connection goes back to the pool either way."""
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 -- any failure means "not ready", and says which
        return type(exc).__name__
    return None


def _redis_ok() -> str | None:
    client = _redis()
    if client is None:
        return None
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__
    return None


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})


@bp.get("/readyz")
def readyz():
    checks = {"database": _database_ok()}
    if current_app.config.get("REDIS_URL"):
        checks["redis"] = _redis_ok()
    ready = all(v is None for v in checks.values())
    body = {"status": "ready" if ready else "unavailable",
            "checks": {name: ("ok" if why is None else f"failed: {why}") for name, why in checks.items()}}
    reply = jsonify(body)
    reply.status_code = 200 if ready else 503
    reply.headers["Cache-Control"] = "no-store"
    return reply
