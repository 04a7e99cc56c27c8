"""Shared fixtures: an app on a fresh database per test, and factories for people and texts.

SQLite: the schema is built once into a template file that each test copies.
PostgreSQL (DATABASE_URL set): one schema per run, emptied after each test.
"""
import os
import shutil
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient

from config import TestConfig

POSTGRES = bool(os.environ.get("DATABASE_URL"))


@pytest.fixture(scope="session")
def _template(tmp_path_factory) -> Path:
    from app import create_app
    from extensions import db
    path = tmp_path_factory.mktemp("template")
    app = create_app(TestConfig(path))
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return path


class FreshClient(FlaskClient):
    """Tests hold an app context open, and Flask reuses it for requests, so `g` would
    carry one request's signed-in member and CSRF token into the next, even another
    client's; a server never does."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        g.pop("csrf_token", None)  # Flask-WTF's per-request copy of the session's token
        g.pop("_flask_babel", None)  # Flask-Babel's per-request locale (Accept-Language)
        return super().open(*args, **kwargs)


@pytest.fixture
def app(_template, tmp_path):
    from app import create_app
    from extensions import db
    if not POSTGRES:
        shutil.copy(_template / "refound.sqlite", tmp_path / "refound.sqlite")
    application = create_app(TestConfig(tmp_path))
    application.test_client_class = FreshClient
    with application.app_context():
        yield application
        db.session.remove()
        if POSTGRES:
            _empty(application, db)
        db.engine.dispose()


def _empty(application, db) -> None:
    """Empty every table once the live hub's background writes are done, and restart the ids.

    DELETE with the foreign-key triggers off (the run's user owns the database) rather than
    TRUNCATE: ~7 ms against ~85 ms a test, and row locks cannot deadlock with a writer the wait
    missed, as TRUNCATE's table locks did."""
    from deliberation.live.hub import settle
    settle(application)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for table in reversed(db.metadata.sorted_tables):
            conn.exec_driver_sql(f'DELETE FROM "{table.name}"')
        conn.exec_driver_sql("SELECT setval(c.oid, 1, false) FROM pg_class c"
                             " JOIN pg_namespace n ON n.oid = c.relnamespace"
                             " WHERE c.relkind = 'S' AND n.nspname = current_schema()")


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_member(app):
    """make_member(name=..., admin=..., password=...) -> Member with a hashed password."""
    from deliberation.auth.passwords import hash_password
    from deliberation.models import Member
    from extensions import db
    count = {"n": 0}

    def make(name: str | None = None, email: str | None = None, admin: bool = False,
             returning_officer: bool = False, password: str = "correct horse", eligible: bool = True):
        count["n"] += 1
        name = name or f"Member {count['n']}"
        member = Member(name=name, email=email or f"member{count['n']}@example.org", is_admin=admin,
                        is_returning_officer=returning_officer, eligible=eligible,
                        password_hash=hash_password(password))
        db.session.add(member)
        db.session.commit()
        return member
    return make


@pytest.fixture
def token_for(app):
    """token_for(member) -> a bearer token string."""
    from deliberation.models import ApiToken
    from extensions import db

    def issue(member) -> str:
        _row, plain = ApiToken.issue(member, "test")
        db.session.commit()
        return plain
    return issue


@pytest.fixture
def api(client, token_for):
    """api(member) -> a small client whose get/post/put send that member's bearer token."""
    class Api:
        def __init__(self, member):
            self.headers = {"Authorization": f"Bearer {token_for(member)}"} if member else {}

        def get(self, path, **kw):
            return client.get("/api/v1" + path, headers=self.headers, **kw)

        def post(self, path, json=None, **kw):
            return client.post("/api/v1" + path, json=json, headers=self.headers, **kw)

        def put(self, path, json=None, **kw):
            return client.put("/api/v1" + path, json=json, headers=self.headers, **kw)
    return Api


@pytest.fixture
def make_group(app):
    from deliberation.people.services import add_to_group, create_group
    from deliberation.unit_of_work import UnitOfWork
    count = {"n": 0}

    def make(name: str | None = None, region: str = "North", organisers=(), members=()):
        count["n"] += 1
        with UnitOfWork():  # services only flush: the fixture, their caller, commits
            group = create_group(None, name or f"Group {count['n']}", region)
            for m in organisers:
                add_to_group(None, group.id, m.email, "organiser")
            for m in members:
                add_to_group(None, group.id, m.email, "member")
        return group
    return make


CONSTITUTION = """# Constitution

## 1. Name

1.1 The organisation is called the Example Movement.

1.2 Its members are the people who have joined it and pay their dues.

## 2. Assembly

2.1 The assembly meets once a year and decides the policy of the organisation.

2.2 A quorum of the assembly is one hundred delegates.

2.3 The chair of the assembly is elected by the delegates at the start of each session.

## 3. Amendments

3.1 This constitution may be amended by a two-thirds majority in an all-member ballot.
"""


@pytest.fixture
def constitution() -> str:
    return CONSTITUTION


@pytest.fixture
def make_assembly(app, make_member):
    """make_assembly(text=..., chairs=[...]) -> Assembly, created by a fresh admin."""
    from deliberation.assemblies.services import create_assembly
    from deliberation.unit_of_work import UnitOfWork

    def make(text: str = CONSTITUTION, chairs=(), title: str = "Assembly", admin=None, **kw):
        admin = admin or make_member(admin=True)
        with UnitOfWork():
            return create_assembly(admin, title, text, [c.email for c in chairs], **kw)
    return make


@pytest.fixture
def shared_data() -> Path:
    """The shared real-world data folder; tests that need it skip when it is absent."""
    path = Path(__file__).resolve().parents[2] / "shared" / "data"
    if not path.exists():
        path = Path(os.environ.get("REFOUND_SHARED_DATA", "/work/shared/data"))
    if not path.exists():
        pytest.skip("../shared/data is not beside this checkout")
    return path
