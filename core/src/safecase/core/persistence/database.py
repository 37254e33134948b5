"""Opening a database: SQLite for the embedded default, PostgreSQL in production.

SQLite gets foreign keys, ``secure_delete`` (freed pages are zeroed, so a destroyed data key
leaves no trace in the file) and a busy timeout; a file that is not a database is reported
with the fix instead of a driver traceback. Its transactions begin ``IMMEDIATE``: the writer's
lock is taken at the start, not at the first write, so two transactions of the embedded stack
(a gRPC call and a hand-over consumer) never both read the audit chain's head and then collide
on it; the second waits for the first (PostgreSQL serialises the same step with an advisory
lock).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import ArgumentError, DatabaseError, OperationalError

from safecase.core.errors import DatabaseProblem

__all__ = ["open_engine"]


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    dbapi_connection.isolation_level = None  # the driver's own BEGIN off: ours below


def _sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(url: str, **options: Any) -> Engine:
    """An engine for ``url`` that has answered one query; errors name the fix."""
    try:
        engine = create_engine(url, **options)
    except (ArgumentError, ImportError) as exc:
        raise DatabaseProblem(f"cannot use database URL {_safe(url)}: {exc}") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            if engine.dialect.name == "sqlite":
                connection.execute(text("SELECT count(*) FROM sqlite_master"))
    except OperationalError as exc:
        raise DatabaseProblem(
            f"cannot reach the database {_safe(url)} ({exc.orig}); "
            "start it or correct SAFECASE_DATABASE_URL"
        ) from None
    except DatabaseError:
        raise DatabaseProblem(
            f"{_safe(url)} is not a database safecase can read "
            "(corrupted or another kind of file); restore it from a backup"
        ) from None
    return engine


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"
