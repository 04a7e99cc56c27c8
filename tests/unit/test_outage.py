"""Which database failures are the database's (503, try again) and which are the code's (500)."""
import sqlite3

import psycopg
import pytest
from sqlalchemy.exc import DataError, IntegrityError, InternalError, OperationalError, ProgrammingError

from deliberation.web.outage import reason


class PgError(Exception):
    """Stands for a psycopg error: only its SQLSTATE is read."""

    def __init__(self, sqlstate: str):
        super().__init__(f"sqlstate {sqlstate}")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("error", "expected"), [
    (InternalError("INSERT", {}, PgError("25006")), "read_only"),
    (OperationalError("INSERT", {}, PgError("53100")), "full"),
    (OperationalError("SELECT 1", {}, psycopg.OperationalError("connection refused")), "unavailable"),
    (OperationalError("SELECT 1", {}, PgError("57P01")), "unavailable"),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database")),
     "read_only"),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full")), "full"),
    (OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked")), "unavailable"),
    (OperationalError("SELECT", {}, sqlite3.OperationalError("no such table: members")), None),
    (IntegrityError("INSERT", {}, PgError("23505")), None),
    (DataError("INSERT", {}, PgError("22003")), None),
    (ProgrammingError("SELECT", {}, PgError("42601")), None),
    (ValueError("not a database error"), None),
    (None, None),
])
def test_reason(error, expected):
    assert reason(error) == expected
