"""When the database cannot take a request: a 503 with Retry-After that says why, never a 500.

A restarted PostgreSQL breaks the connections the pool holds: the pool's pre-ping replaces them
for the next request, but a request whose statement was in flight fails. So does every write
while the database is read-only (a standby, `default_transaction_read_only`, a SQLite file
without write permission) or out of disk. The request's transaction is rolled back whole
(web/transaction.py rolls back every answer of 400 or more), so nothing is half stored, and the
client is told to try again later.
"""
from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, InternalError, OperationalError, PendingRollbackError

#: SQLSTATE codes (PostgreSQL): 25006 read_only_sql_transaction; class 53, insufficient resources
#: (53100 disk_full, 53200 out_of_memory, 53300 too_many_connections); class 57P, an operator or
#: crash shut the server down; class 08, the connection failed.
_READ_ONLY = {"25006"}
_FULL = {"53100"}
_SQLITE_READ_ONLY = ("readonly database", "read-only database")
_SQLITE_FULL = ("database or disk is full",)
#: SQLite reports bad SQL as OperationalError too ("no such table"): only these mean the file.
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open database", "disk i/o error")
#: Seconds a client should wait before trying again, by reason.
RETRY_AFTER = {"read_only": 60, "full": 60, "unavailable": 5}


def _sqlstate(exc: DBAPIError) -> str:
    return str(getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None) or "")


def reason(exc: BaseException | None) -> str | None:
    """'read_only', 'full' or 'unavailable' when the database, not the request, is at fault; else None."""
    if isinstance(exc, PendingRollbackError):
        # A connection lost inside a transaction that this session has not rolled back yet (the
        # error handler rolls it back): the database went away, not the request.
        return "unavailable"
    if not isinstance(exc, DBAPIError):
        return None
    state, text = _sqlstate(exc), str(exc.orig).lower()
    if state in _READ_ONLY or any(s in text for s in _SQLITE_READ_ONLY):
        return "read_only"
    if state in _FULL or any(s in text for s in _SQLITE_FULL):
        return "full"
    if type(exc.orig).__module__.startswith("sqlite3"):
        return "unavailable" if any(s in text for s in _SQLITE_UNAVAILABLE) else None
    if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
        return "unavailable"
    if isinstance(exc, InternalError) and state[:2] in ("08", "53", "57"):
        return "unavailable"
    return None
