"""Statements a load runs for every report, sent through the database driver itself.

SQLAlchemy's work around one execution (cache key, compiled parameters, result wrapping,
events) costs 0.05-0.2 ms, as much as SQLite's own work for a look-up by key. A load runs
about twenty small statements per report, so those go here: plain SQL text written with
SQLAlchemy's `:name` parameters, and `IN :name` with a list, converted once per statement
for sqlite3 (named parameters, the list spread) or psycopg (`%(name)s`, the list as one
array). Everything else keeps SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError


def for_psycopg(sql: str) -> str:
    """SQL with :name parameters as psycopg writes it: %(name)s, and a list as one array
    (one statement text whatever its length)."""
    sql = re.sub(r"\bIN :(\w+)", r"= ANY(:\1)", sql.replace("%", "%%"))
    return re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)


@cache
def _psycopg(sql: str) -> str:
    return for_psycopg(sql)


@cache
def _spread(sql: str, name: str, length: int) -> str:
    """`IN :name` as `IN (:name_0, ..., :name_{length-1})`, which sqlite3 binds."""
    marks = ", ".join(f":{name}_{i}" for i in range(length))
    return sql.replace(f"IN :{name}", f"IN ({marks})")


def _for_sqlite(sql: str, params: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    values: dict[str, Any] = {}
    for name, value in params.items():
        if isinstance(value, list | tuple):
            sql = _spread(sql, name, len(value))
            values.update((f"{name}_{i}", item) for i, item in enumerate(value))
        else:
            values[name] = value
    return sql, values


def dbapi(connection: Connection) -> Any:
    """The driver's connection under `connection`, inside the transaction SQLAlchemy knows
    of: a statement sent around SQLAlchemy must not open a transaction SQLAlchemy would then
    neither commit nor roll back."""
    if not connection.in_transaction():
        connection.begin()
    return connection.connection.driver_connection


def run(
    connection: Connection,
    sql: str,
    params: Mapping[str, Any] | None = None,
    *,
    prepare: bool | None = None,
) -> Any:
    """Execute one statement on the driver; the driver's cursor, to fetch from.

    prepare (psycopg): None lets psycopg prepare a statement run often, which suits a
    look-up by key; False plans it afresh each time, for statements whose best plan changes
    as the tables grow (see summaries._refresh_pipelined).
    """
    raw = dbapi(connection)
    params = params or {}
    with _as_sqlalchemy_error(connection, sql, params):
        if connection.dialect.name == "postgresql":
            return raw.execute(_psycopg(sql), params, prepare=prepare)
        sql, values = _for_sqlite(sql, params)
        return raw.execute(sql, values)


def run_many(connection: Connection, sql: str, rows: Sequence[Any]) -> None:
    """Execute one statement once per row of parameters (no lists; on SQLite, tuples for
    `?` parameters may be given)."""
    raw = dbapi(connection)
    with _as_sqlalchemy_error(connection, sql, rows):
        if connection.dialect.name == "postgresql":
            with raw.cursor() as cursor:
                cursor.executemany(_psycopg(sql), rows)
            return
        raw.executemany(sql, rows)


@contextmanager
def _as_sqlalchemy_error(connection: Connection, sql: str, params: Any) -> Iterator[None]:
    """The driver's errors raised as SQLAlchemy raises them (OperationalError,
    IntegrityError, ... with the driver's error as `orig`), so callers catch one family; and,
    as SQLAlchemy does, a connection interrupted mid-statement (Ctrl-C) is invalidated: its
    protocol state is unknown, so it is closed rather than rolled back or pooled."""
    base = connection.dialect.loaded_dbapi.Error
    try:
        yield
    except base as exc:
        raise DBAPIError.instance(sql, params, exc, base, dialect=connection.dialect) from exc
    except BaseException as exc:
        if not isinstance(exc, Exception) and not connection.invalidated:
            connection.invalidate()
        raise


def _interrupt_in(exc: BaseException) -> BaseException | None:
    """The interrupt (KeyboardInterrupt, SystemExit) behind an error, if any: psycopg, made to
    leave a pipeline or COPY that an interrupt broke, raises "cannot exit pipeline mode while
    busy" in its place."""
    seen: BaseException | None = exc
    visited: set[int] = set()
    while seen is not None and id(seen) not in visited:
        if not isinstance(seen, Exception):
            return seen
        visited.add(id(seen))
        seen = seen.__cause__ or seen.__context__
    return None


@contextmanager
def _interruptible(connection: Connection, what: str) -> Iterator[None]:
    with _as_sqlalchemy_error(connection, what, None):
        try:
            yield
        except Exception as exc:
            interrupt = _interrupt_in(exc)
            if interrupt is None:
                raise
            raise interrupt from None


@contextmanager
def pipeline(connection: Connection) -> Iterator[Any]:
    """psycopg's pipeline on the connection (PostgreSQL): the psycopg connection, on which
    cursors queue statements until the block ends. An interrupt is raised as itself."""
    raw = dbapi(connection)
    with _interruptible(connection, "pipeline"), raw.pipeline():
        yield raw


@contextmanager
def copy(connection: Connection, sql: str) -> Iterator[Any]:
    """psycopg's COPY ... FROM STDIN (PostgreSQL): the object to write rows to. An interrupt
    is raised as itself."""
    raw = dbapi(connection)
    with _interruptible(connection, sql), raw.cursor() as cursor, cursor.copy(sql) as rows:
        yield rows
