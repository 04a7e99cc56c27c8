"""A throwaway instance folder and database for one benchmark run, removed afterwards."""
from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def fresh_postgres(url: str) -> tuple[str, callable]:
    """Create a new database on DATABASE_URL's server; return its URL and a function that drops it."""
    import psycopg
    from sqlalchemy.engine import make_url
    base = make_url(url.replace("postgres://", "postgresql://", 1))
    name = f"refound_bench_{os.getpid()}"
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return base.set(drivername="postgresql", database=name).render_as_string(hide_password=False), drop


@contextmanager
def scratch_instance(prefix: str, parent: Path | None = None) -> Iterator[tuple[Path, str]]:
    """(instance folder, database URL): with DATABASE_URL set, a fresh PostgreSQL database beside
    the one named there; otherwise "" (SQLite in the instance folder). Both are gone afterwards."""
    instance = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    url, drop = os.environ.get("DATABASE_URL", "").strip(), None
    try:
        if url:
            url, drop = fresh_postgres(url)
        yield instance, url
    finally:
        if drop:
            drop()
        shutil.rmtree(instance, ignore_errors=True)
