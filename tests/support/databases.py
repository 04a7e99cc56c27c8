"""Databases of their own for tests that need an empty one beside the suite's: a new SQLite file,
or a new PostgreSQL database next to DATABASE_URL's, dropped afterwards."""
import os
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url

from config import TestConfig


def postgres_url() -> str | None:
    """DATABASE_URL as SQLAlchemy names it (psycopg 3), or None when the suite runs on SQLite."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return None
    return "postgresql+psycopg://" + url.split("://", 1)[1]


def libpq_url(url: str) -> str:
    """The same database as pg_dump and pg_restore take it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@contextmanager
def new_postgres_database(label: str):
    """A new, empty database on DATABASE_URL's server; its SQLAlchemy URL. Dropped on exit."""
    server = postgres_url()
    name = f"refound_{label}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def config_for(instance: Path, database_url: str | None = None) -> TestConfig:
    """A test configuration on its own instance folder: SQLite there, or the given database."""
    config = TestConfig(instance)
    config.SQLALCHEMY_DATABASE_URI = database_url or f"sqlite:///{instance / 'refound.sqlite'}"
    if database_url is None:
        config.SQLALCHEMY_ENGINE_OPTIONS = {"pool_size": 5, "max_overflow": 5}
    return config
