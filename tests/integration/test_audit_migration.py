"""Entries written before the chain existed are chained by the migration, in the order they were
written, their ids closed up where rolled-back transactions had left gaps; the app goes on from
there, and downgrading and upgrading again chains them afresh. On SQLite, and on PostgreSQL (a
database of its own) when DATABASE_URL is set."""
from datetime import datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from app import create_app
from deliberation.audit.verify import verify
from deliberation.models import AuditEvent
from deliberation.models.audit import current_head, record
from deliberation.unit_of_work import UnitOfWork
from extensions import db
from tests.support.databases import config_for, new_postgres_database, postgres_url

BEFORE_CHAIN = "54b0e2b56636"
OLD_ROWS = [  # (id, action, subject, detail): ids with gaps, as PostgreSQL's sequence leaves them
    (1, "member.create", "member:1", '{"admin": true}'),
    (2, "assembly.create", "assembly:1", '{"title": "Cynulliad \\u0175", "chairs": []}'),
    (5, "assembly.phase", "assembly:1", '{"before": "proposals", "after": "amendments"}'),
    (9, "ballot.close", "ballot:1", '{"turnout": 3}'),
]


def old_log() -> None:
    db.session.execute(text("INSERT INTO members (id, email, name, eligible, is_admin, is_returning_officer, "
                            "created_at) VALUES (1, 'ann@example.org', 'Ann', true, true, false, :at)"),
                       {"at": datetime(2026, 1, 1)})
    for ident, action, subject, detail in OLD_ROWS:
        db.session.execute(text("INSERT INTO audit_events (id, at, actor_id, action, subject, detail) "
                                "VALUES (:id, :at, 1, :action, :subject, :detail)"),
                           {"id": ident, "at": datetime(2026, 1, 1, 12, 0, ident, 250), "action": action,
                            "subject": subject, "detail": detail})
    db.session.commit()


def chained_as_written() -> None:
    rows = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    assert [(r.id, r.action, r.at.second) for r in rows] == [
        (n + 1, action, ident) for n, (ident, action, _s, _d) in enumerate(OLD_ROWS)]
    assert rows[1].detail["title"] == "Cynulliad ŵ"
    report = verify()
    assert report.clean, report.findings
    assert current_head().position == len(OLD_ROWS) and current_head().hash == rows[-1].hash


def migrate_existing_log(config) -> None:
    app = create_app(config)
    with app.app_context():
        upgrade(revision=BEFORE_CHAIN)
        old_log()
        db.session.remove()
        upgrade()
        chained_as_written()
        with UnitOfWork():
            record("assembly.phase", "assembly:1", 1, before="amendments", after="compositing")
        assert current_head().position == len(OLD_ROWS) + 1 and verify().clean
        db.session.remove()  # Alembic alters the tables from a connection of its own
        downgrade(revision=BEFORE_CHAIN)
        db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": len(OLD_ROWS) + 1})
        db.session.commit()
        db.session.remove()
        upgrade()
        chained_as_written()
        db.session.remove()
        db.engine.dispose()


def test_the_migration_chains_an_existing_sqlite_log(tmp_path):
    migrate_existing_log(config_for(tmp_path))


@pytest.mark.skipif(not postgres_url(), reason="PostgreSQL only: DATABASE_URL is not set")
def test_the_migration_chains_an_existing_postgresql_log(tmp_path):
    with new_postgres_database("migrate") as url:
        migrate_existing_log(config_for(tmp_path, url))
