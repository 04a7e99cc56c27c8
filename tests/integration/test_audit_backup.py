"""Backups restore: the README's commands (SQLite's online `.backup`; `pg_dump`/`pg_restore` when
DATABASE_URL names a PostgreSQL server) copy a populated database into a fresh one, where `flask
audit verify` is clean with the same head, the same ballot results, and the chain carries on."""
import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy import select

from app import create_app
from deliberation.audit.verify import verify
from deliberation.auth.passwords import hash_password
from deliberation.models import ApiToken, Member
from deliberation.models.audit import current_head, record
from deliberation.unit_of_work import UnitOfWork
from extensions import db
from tests.support.databases import config_for, libpq_url, new_postgres_database, postgres_url


def populate(app) -> int:
    """A whole round through the API: an assembly, an amendment merged, undone and merged again,
    another rejected with a reason, a group role,
    a certified ballot with ranked and yes/no answers. Returns the ballot's id."""
    tokens = {}
    for name, flags in (("admin", {"is_admin": True, "is_returning_officer": True}), ("chair", {}),
                        ("ann", {}), ("bob", {}), ("cat", {})):
        member = Member(name=name.title(), email=f"{name}@example.org",
                        password_hash=hash_password("pw-pw-pw-pw"), **flags)
        db.session.add(member)
        db.session.flush()
        tokens[name] = {"Authorization": f"Bearer {ApiToken.issue(member, 'test')[1]}"}
    db.session.commit()
    client = app.test_client()

    def post(who, path, body=None):
        reply = client.post("/api/v1" + path, json=body, headers=tokens[who])
        assert reply.status_code < 400, (path, reply.json)
        return reply.json

    group = post("admin", "/groups", {"name": "Leeds", "region": "North"})["id"]
    post("admin", f"/groups/{group}/members", {"email": "ann@example.org", "role": "organiser"})
    assembly = post("admin", "/assemblies", {"title": "Refounding", "base_text": "We meet once a year.\n",
                                            "chairs": ["chair@example.org"]})
    post("chair", f"/assemblies/{assembly['id']}/phase", {"phase": "amendments"})
    amendment = post("ann", f"/assemblies/{assembly['id']}/amendments", {
        "base_version_id": assembly["current_version_id"], "text": "We meet twice a year.\n",
        "title": "Twice"})
    other = post("bob", f"/assemblies/{assembly['id']}/amendments", {
        "base_version_id": assembly["current_version_id"], "text": "We never meet.\n", "title": "Never"})
    post("chair", f"/amendments/{other['id']}/status", {"status": "rejected", "reason": "Against the aims."})
    post("chair", f"/assemblies/{assembly['id']}/merge", {"amendment_ids": [amendment["id"]]})
    post("chair", f"/assemblies/{assembly['id']}/merge/undo", {})
    post("chair", f"/assemblies/{assembly['id']}/merge", {"amendment_ids": [amendment["id"]]})
    ballot = post("admin", f"/assemblies/{assembly['id']}/ballots", {"title": "Adopt", "questions": [
        {"text": "Adopt?", "kind": "yes_no_abstain", "threshold": "two_thirds"},
        {"text": "Name?", "kind": "ranked", "options": ["Movement", "Party", "Union"]}]})["id"]
    post("admin", f"/ballots/{ballot}/open")
    for who, answers in (("ann", ["yes", ["Party"]]), ("bob", ["no", [["Union", "Movement"]]]),
                         ("cat", ["yes", ["Movement", "Party"]])):
        post(who, f"/ballots/{ballot}/votes", {"answers": answers})
    post("admin", f"/ballots/{ballot}/close")
    post("admin", f"/ballots/{ballot}/certify")
    return ballot


def observe(app, ballot: int) -> dict:
    """What a restored copy must reproduce: a clean verification, its head, the published results."""
    report = verify()
    assert report.clean, report.findings
    admin = db.session.scalar(select(Member).where(Member.email == "admin@example.org"))
    _row, token = ApiToken.issue(admin, "observer")
    db.session.commit()
    reply = app.test_client().get(f"/api/v1/ballots/{ballot}/results",
                                  headers={"Authorization": f"Bearer {token}"})
    results = reply.json
    results.pop("audit_head")  # the head as of each answer: compared below, on its own
    return {"head": current_head(), "entries": report.entries, "versions": report.versions,
            "results": results}


def carries_on(before: dict) -> None:
    with UnitOfWork():
        record("backup.restored", "roll", None)
    assert current_head().position == before["head"].position + 1
    assert verify().clean


def sqlite_backup(source, target) -> None:
    """The README's command; Python's sqlite3 module has the same online backup where the tool is missing."""
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(source), f".backup '{target}'"], check=True, capture_output=True,
                       timeout=120)
    else:
        with sqlite3.connect(source) as live, sqlite3.connect(target) as copy:
            live.backup(copy)


def test_a_sqlite_backup_restores_into_a_fresh_database(tmp_path):
    live = create_app(config_for(tmp_path / "live"))
    with live.app_context():
        db.create_all()
        ballot = populate(live)
        before = observe(live, ballot)
        # taken while the app holds its connections open, as on a running server
        (tmp_path / "restored").mkdir()
        sqlite_backup(tmp_path / "live" / "refound.sqlite", tmp_path / "restored" / "refound.sqlite")
        db.session.remove()
        db.engine.dispose()
    restored = create_app(config_for(tmp_path / "restored"))
    with restored.app_context():
        after = observe(restored, ballot)
        assert after == before
        assert after["entries"] >= 17 and after["versions"] == 4  # base, merge, undo, merge again
        carries_on(before)
        db.session.remove()
        db.engine.dispose()


@pytest.mark.skipif(not postgres_url(), reason="PostgreSQL only: DATABASE_URL is not set")
def test_a_pg_dump_restores_into_a_fresh_database(app, tmp_path):
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.fail("pg_dump and pg_restore are needed to test PostgreSQL backups "
                    "(Debian: postgresql-client)")
    ballot = populate(app)
    before = observe(app, ballot)
    dump = tmp_path / "refound.dump"
    subprocess.run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", libpq_url(postgres_url())],
                   check=True, capture_output=True, timeout=300)
    with new_postgres_database("restore") as url:
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={libpq_url(url)}",
                        str(dump)],
                       check=True, capture_output=True, timeout=300)
        restored = create_app(config_for(tmp_path / "restored", url))
        with restored.app_context():
            after = observe(restored, ballot)
            assert after == before
            carries_on(before)
            db.session.remove()
            db.engine.dispose()
