"""The database restarted, read-only, or full: the app answers 503 with Retry-After and a clear
code, stores nothing of the refused request, and recovers by itself (the pool's pre-ping).

PostgreSQL drills run against a throwaway cluster of their own (never the shared server);
the full-disk drill uses SQLite's page limit, which fails writes exactly as a full disk does."""
import os
import re
import subprocess
import sys
import threading

import psycopg
import pytest
import requests
from drills import ThrowawayPostgres
from live_servers import ROOT, Server
from sqlalchemy import event

from extensions import db

pytestmark = pytest.mark.timeout(300)
BASE = "# Rules\n\n1.1 The assembly meets once a year.\n"


def flask(url: str, *args: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "drill-secret-not-for-production"}
    env.pop("REDIS_URL", None)
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app:create_app", *args], cwd=ROOT,
                          env=env, capture_output=True, text=True, check=True, timeout=120).stdout


@pytest.fixture
def cluster(tmp_path):
    pg = ThrowawayPostgres()
    try:
        flask(pg.url, "db", "upgrade")
        flask(pg.url, "users", "create", "admin@example.org", "--name", "Admin", "--admin")
        token = flask(pg.url, "users", "token", "admin@example.org").split()[1]
        server = Server(tmp_path, extra_env={"DATABASE_URL": pg.url})
        yield pg, server, {"Authorization": f"Bearer {token}"}
        server.stop()
    finally:
        pg.remove()


def assemblies(pg) -> int:
    with psycopg.connect(pg.url) as conn:
        return conn.execute("SELECT count(*) FROM assemblies").fetchone()[0]


def create(server, auth, title="Drill"):
    return requests.post(f"{server.url}/api/v1/assemblies", headers=auth, timeout=30,
                         json={"title": title, "base_text": BASE})


def test_postgresql_restarted_requests_fail_with_503_and_the_app_reconnects_by_itself(cluster):
    pg, server, auth = cluster
    assert create(server, auth).status_code == 201
    pg.stop("fast")  # an operator's restart: every connection in the pool is cut
    refused = create(server, auth)
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "database_unavailable"
    assert int(refused.headers["Retry-After"]) > 0
    assert requests.get(f"{server.url}/readyz", timeout=10).status_code == 503
    assert requests.get(f"{server.url}/healthz", timeout=10).status_code == 200  # the process itself is fine
    pg.start()
    assert create(server, auth).status_code == 201  # no restart of the app: stale connections were replaced
    assert requests.get(f"{server.url}/readyz", timeout=10).status_code == 200

    # A restart under load: every request either succeeds or fails cleanly; none half-stored.
    statuses, stop = [], threading.Event()

    def hammer() -> None:
        with requests.Session() as http:
            n = 0
            while not stop.is_set() and n < 2000:
                n += 1
                reply = http.post(f"{server.url}/api/v1/assemblies", headers=auth, timeout=30,
                                  json={"title": f"Load {n}", "base_text": BASE})
                statuses.append((reply.status_code, reply.json().get("error", {}).get("code")))

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for t in threads:
        t.start()
    pg.stop("fast")
    pg.start()
    stop.set()
    for t in threads:
        t.join(60)
    assert statuses and {s for s, _ in statuses} <= {201, 503}
    assert {code for s, code in statuses if s == 503} <= {"database_unavailable"}
    assert assemblies(pg) == 2 + sum(1 for s, _ in statuses if s == 201)  # each 201 stored once, nothing else


def test_a_read_only_database_refuses_writes_clearly_and_keeps_serving_reads(cluster):
    pg, server, auth = cluster
    assert create(server, auth).status_code == 201
    pg.sql("ALTER SYSTEM SET default_transaction_read_only = on")
    pg.sql("SELECT pg_reload_conf()")
    try:
        refused = create(server, auth, "Refused")
        assert refused.status_code == 503
        assert refused.json()["error"]["code"] == "database_read_only"
        assert "read-only" in refused.json()["error"]["message"]
        assert requests.get(f"{server.url}/api/v1/assemblies/1", headers=auth, timeout=30).status_code == 200
        page = requests.get(f"{server.url}/", timeout=30)
        assert page.status_code == 200
    finally:
        pg.sql("ALTER SYSTEM RESET default_transaction_read_only")
        pg.sql("SELECT pg_reload_conf()")
    assert assemblies(pg) == 1  # the refused assembly left no row (nor its version, chairs, audit)
    assert create(server, auth, "Again").status_code == 201


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")),
                    reason="SQLite's page limit stands in for a full disk")
def test_a_full_database_refuses_writes_clearly_and_stores_nothing(app, api, make_member):
    admin = make_member(admin=True)
    client = api(admin)
    assert client.post("/assemblies", {"title": "Fits", "base_text": BASE}).status_code == 201
    count = db.session.scalar(db.text("SELECT count(*) FROM assemblies"))

    def no_room(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
        cursor.close()

    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", no_room)
    try:
        refused = client.post("/assemblies", {"title": "Too much", "base_text": BASE + "x " * 200_000})
        assert refused.status_code == 503
        assert refused.json["error"]["code"] == "database_full"
        assert refused.headers["Retry-After"]
    finally:
        db.session.remove()
        event.remove(db.engine, "connect", no_room)
        db.engine.dispose()
    assert db.session.scalar(db.text("SELECT count(*) FROM assemblies")) == count
    assert client.post("/assemblies", {"title": "Room again", "base_text": BASE}).status_code == 201


def test_a_page_whose_database_is_away_says_so_with_503(cluster):
    pg, server, _auth = cluster
    with requests.Session() as browser:
        form = browser.get(f"{server.url}/login", timeout=30).text
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        pg.stop("fast")
        page = browser.post(f"{server.url}/login", timeout=30, data={
            "csrf_token": token, "email": "admin@example.org", "password": "whatever it is"})
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "The database cannot be reached just now" in page.text
    assert page.headers["Content-Type"].startswith("text/html")
