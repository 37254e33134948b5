"""Writing complete new rows in as few round trips as the database allows.

A unit of work writes a handful of new rows into several tables (a case: its two documents,
its events, the request id; then its audit entries). Each statement costs a round trip and,
in Python, more time in the driver than the rows themselves. On PostgreSQL every row goes in
one statement: all but the last row as data-modifying CTEs, which PostgreSQL runs whether or
not the statement refers to them, checking foreign keys between them at the end of the
statement. Elsewhere (SQLite) one statement per table.

The rows bypass the ORM: they are complete as given and nobody reads them back as objects in
the same transaction.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import Connection, Insert, Table, bindparam, insert
from sqlalchemy.orm import DeclarativeBase

__all__ = ["insert_rows"]

Row = dict[str, Any]
# Rows per statement: a unit of work writes a handful; a long batch goes in several statements,
# far below PostgreSQL's limit of 65,535 parameters, and the shapes to cache stay few.
ROWS_PER_STATEMENT = 32


def insert_rows(
    connection: Connection, writes: Iterable[tuple[type[DeclarativeBase], Row]]
) -> None:
    """INSERT each ``(mapped class, row)`` into its table in order, in the connection's
    transaction."""
    rows = [(cast("Table", mapped.__table__), row) for mapped, row in writes]
    if len(rows) > 1 and connection.dialect.name == "postgresql":
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            statement = _one_statement(tuple((table, tuple(row)) for table, row in chunk))
            parameters = {
                f"r{n}_{key}": value
                for n, (_, row) in enumerate(chunk)
                for key, value in row.items()
            }
            connection.execute(statement, parameters)
        return
    for table, same_table in itertools.groupby(rows, key=lambda item: item[0]):
        values = [row for _, row in same_table]
        connection.execute(insert(table), values if len(values) > 1 else values[0])


@functools.lru_cache(maxsize=64)
def _one_statement(shape: tuple[tuple[Table, tuple[str, ...]], ...]) -> Insert:
    """One INSERT of a row into each table of ``shape``, in order (PostgreSQL).

    Row ``n``'s value of ``column`` is the parameter ``r{n}_{column}``. Built once per shape
    and reused, so that SQLAlchemy's compiled cache serves it (a multi-row ``VALUES`` would
    be compiled again on every call).
    """

    def single(n: int, table: Table, columns: tuple[str, ...]) -> Insert:
        return insert(table).values(
            {name: bindparam(f"r{n}_{name}", type_=table.c[name].type) for name in columns}
        )

    *first, (last_table, last_columns) = shape
    ctes = [single(n, table, cols).cte(f"written_{n}") for n, (table, cols) in enumerate(first)]
    return single(len(first), last_table, last_columns).add_cte(*ctes)
