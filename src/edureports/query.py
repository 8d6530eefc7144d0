"""The read path: open an existing database for reading, and run one user statement safely.

Nothing here parses SQL to decide what is safe: that was fooled by E'\\'' and $$…$$. The
databases give the guarantees instead.

- PostgreSQL: the statement is sent as a server-side cursor (``DECLARE … CURSOR FOR``) over
  the extended query protocol, which accepts exactly one statement, and DECLARE accepts only
  a query (no COMMIT, COPY, DO, data-modifying WITH); the transaction is READ ONLY, with
  ``statement_timeout`` set inside it; a role that is or may become a superuser, or holds the
  server file/program roles, is refused (a superuser can undo SET ROLE and run COPY TO
  PROGRAM through query_to_xml even in a read-only transaction).
- SQLite: the file is opened with ``mode=ro`` and ``query_only``, and an authorizer allows
  reading only (no ATTACH, so no VACUUM INTO; no PRAGMA writes; no extension loader, no
  transaction control); the sqlite3 module itself refuses a second statement.

Rows are streamed in batches, a time limit and a row limit apply, and Ctrl-C cancels the
statement on the server (PostgreSQL) or in the engine (SQLite).
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import json
import re
import signal
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from edureports import db
from edureports.config import resolve_url

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_ROWS = 100_000
BATCH = 2000
FIX = "run edureports load FILES or edureports db upgrade"


class NotReadable(Exception):
    """The database cannot be read as it is (missing, empty, behind or ahead of this package);
    the message says what is wrong and which command fixes it, in one line."""


class QueryError(Exception):
    """The statement was refused or failed; one line for the user."""


class QueryTimeout(QueryError):
    """The time limit ended the statement."""


class QueryCancelled(QueryError):
    """Ctrl-C ended the statement."""


@dataclass(frozen=True)
class Limits:
    """None lifts a limit."""

    timeout: float | None = DEFAULT_TIMEOUT
    max_rows: int | None = DEFAULT_MAX_ROWS


_DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$")
_SCALE = {"ms": 0.001, "s": 1.0, None: 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


def parse_duration(value: str) -> float | None:
    """'60s', '90', '5m', '1h', '500ms' -> seconds; '0' or 'none' -> None (no limit)."""
    value = value.strip().lower()
    if value in ("none", "off"):
        return None
    match = _DURATION.match(value)
    if not match:
        raise ValueError(f"{value!r} is not a duration (e.g. 60s, 5m, 1h, 0 for none)")
    seconds = float(match.group(1)) * _SCALE[match.group(2)]
    return seconds or None


# --- opening for reading -----------------------------------------------------------------


def _sqlite_path(url: URL) -> str | None:
    """The file behind a SQLite URL (also a file: URI), or None for an in-memory database."""
    database = url.database or ""
    if database.startswith("file:"):
        database = database[5:].split("?", 1)[0]
    return None if database in ("", ":memory:") else database


# Read-only PRAGMAs that take an argument (any other PRAGMA with an argument sets something).
_READ_PRAGMAS = frozenset(
    {
        "table_info",
        "table_xinfo",
        "table_list",
        "index_info",
        "index_xinfo",
        "index_list",
        "foreign_key_list",
        "foreign_key_check",
        "integrity_check",
        "quick_check",
    }
)
_DENIED_FUNCTIONS = frozenset({"load_extension"})


def _read_only_authorizer(action: int, arg1: str | None, arg2: str | None, *_: Any) -> int:
    """Allow reading and nothing else. VACUUM INTO is seen as an ATTACH, so it is denied."""
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return (
            sqlite3.SQLITE_DENY if (arg2 or "").lower() in _DENIED_FUNCTIONS else sqlite3.SQLITE_OK
        )
    if action == sqlite3.SQLITE_PRAGMA and (arg2 is None or (arg1 or "").lower() in _READ_PRAGMAS):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def _sqlite_reader(path: str) -> Engine:
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        connection.execute("PRAGMA query_only = ON")
        connection.set_authorizer(_read_only_authorizer)
        return connection

    # The URL only names the file in messages: the creator opens it.
    return create_engine(URL.create("sqlite", database=path), creator=connect, poolclass=NullPool)


def open_existing(url: str | None) -> Engine:
    """An engine on a database that must already exist; opening it creates nothing."""
    resolved = make_url(resolve_url(url))
    if resolved.get_backend_name() == "sqlite":
        path = _sqlite_path(resolved)
        if path is None or not Path(path).is_file():
            raise NotReadable(f"no database at {path or ':memory:'}: {FIX}")
        return _sqlite_reader(path)
    engine = create_engine(
        resolved,
        poolclass=NullPool,
        connect_args={"options": "-c default_transaction_read_only=on"},
    )
    # The owner reads the tables (show, reports) from their own schema; a read-only role
    # without USAGE on it skips that schema and sees the views only.
    event.listen(engine, "connect", db.set_search_path, insert=True)
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        raise NotReadable(f"cannot open {describe(engine)}: {_first_line(exc)}") from exc
    return engine


def open_for_reading(url: str | None) -> Engine:
    """An engine on an existing database at this package's head revision, read-only.

    Reading commands never create, migrate or change a database: a missing, empty, older or
    newer database is a NotReadable error naming the command that fixes it.
    """
    engine = open_existing(url)
    try:
        revision = current_revision(engine)
    except DBAPIError as exc:
        if "permission denied" in _first_line(exc):
            return engine  # a role without SELECT on alembic_version: its views will tell
        engine.dispose()
        raise NotReadable(f"cannot read {describe(engine)}: {_first_line(exc)}") from exc
    if revision.at_head:
        return engine
    engine.dispose()
    at, head = ", ".join(revision.current), ", ".join(revision.head)
    if not revision.current:
        raise NotReadable(f"no edureports schema in {describe(engine)}: {FIX}")
    if set(revision.current) - _known_revisions():
        raise NotReadable(
            f"database is at revision {at}, newer than this edureports ({head}): "
            "install a newer edureports"
        )
    raise NotReadable(
        f"database is at revision {at}, this edureports needs {head}: run edureports db upgrade"
    )


def _scripts() -> ScriptDirectory:
    # Built without the URL: Alembic's ini-style Config would read a % in a password as
    # interpolation and fail.
    config = Config()
    config.set_main_option("script_location", str(resources.files("edureports.migrations")))
    return ScriptDirectory.from_config(config)


def current_revision(engine: Engine) -> db.Revision:
    """The database's revision and this package's head; reads only."""
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
        if not heads and connection.dialect.name == "postgresql":
            # The read-only role cannot see alembic_version (in the table schema since
            # revision 0007); a SECURITY DEFINER function of that revision tells it.
            function = f"{db.VIEW_SCHEMA}.{db.REVISION_FUNCTION}"
            if connection.scalar(text("SELECT to_regproc(:f)"), {"f": function}) is not None:
                heads = tuple(connection.scalars(text(f"SELECT {function}()")))
    return db.Revision(tuple(heads), tuple(_scripts().get_heads()))


def _known_revisions() -> set[str]:
    return {r.revision for r in _scripts().walk_revisions()}


def describe(engine: Engine) -> str:
    """Where an engine points, without a password, for messages."""
    return engine.url.render_as_string(hide_password=True)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


# --- running one statement ---------------------------------------------------------------


@dataclass
class QueryRun:
    """One running statement: its columns, then its rows in batches (see batches())."""

    columns: list[str]
    _fetch: Callable[[int], list[tuple[Any, ...]]]
    _check: Callable[[], None]
    limits: Limits
    rows: int = 0
    limited: bool = field(default=False)

    def limit_message(self) -> str:
        return (
            f"stopped at the row limit of {self.limits.max_rows} rows: raise it with "
            "--max-rows N or lift it with --max-rows 0"
        )

    def batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """Rows as they come; stops at the row limit (then `limited` is True)."""
        cap = self.limits.max_rows
        while True:
            self._check()
            size = BATCH if cap is None else min(BATCH, cap + 1 - self.rows)
            batch = self._fetch(size)
            if not batch:
                return
            if cap is not None and self.rows + len(batch) > cap:
                batch = batch[: cap - self.rows]
                self.limited = True
            self.rows += len(batch)
            if batch:
                yield batch
            if self.limited:
                return


class _Guard:
    """Deadline and Ctrl-C state shared by the SIGINT handler and the engine callbacks."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
        self.cancelled = threading.Event()
        self.cancel_engine: Callable[[], None] = lambda: None

    def expired(self) -> bool:
        return self.deadline is not None and time.monotonic() >= self.deadline

    def remaining_ms(self) -> int:
        """Milliseconds left (at least 1), or 0 for no limit (statement_timeout's 'none')."""
        if self.deadline is None:
            return 0
        return max(1, int((self.deadline - time.monotonic()) * 1000))

    def check(self, rows: int = 0) -> None:
        if self.cancelled.is_set():
            raise QueryCancelled(f"cancelled (Ctrl-C) after {rows} rows")
        if self.expired():
            raise QueryTimeout(self.timeout_message(rows))

    def timeout_message(self, rows: int) -> str:
        return (
            f"stopped at the time limit of {self.limits.timeout:g} s after {rows} rows: "
            "raise it with --timeout (e.g. --timeout 10m) or lift it with --timeout 0"
        )

    def on_sigint(self, _signum: int, _frame: Any) -> None:
        self.cancelled.set()
        # A failed cancel must not hide the cancellation itself.
        with contextlib.suppress(Exception):
            self.cancel_engine()


@contextmanager
def _sigint(guard: _Guard) -> Iterator[None]:
    """Route Ctrl-C to the guard (main thread only; elsewhere KeyboardInterrupt stays)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, guard.on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def run(engine: Engine, sql: str, limits: Limits | None = None) -> Iterator[QueryRun]:
    """Run one read-only statement; iterate `.batches()` inside the block.

    Raises QueryError (refused or failed), QueryTimeout, QueryCancelled. The transaction is
    rolled back and the connection closed at the end, whatever happened.
    """
    limits = limits or Limits()
    if not sql.strip():
        raise QueryError("empty query")
    guard = _Guard(limits)
    runner = _run_sqlite if engine.dialect.name == "sqlite" else _run_postgresql
    raw = engine.raw_connection()
    try:
        with _sigint(guard):
            yield from runner(raw.driver_connection, sql, guard)
    finally:
        try:
            raw.rollback()
        finally:
            raw.close()


def _run_sqlite(connection: sqlite3.Connection, sql: str, guard: _Guard) -> Iterator[QueryRun]:
    guard.cancel_engine = connection.interrupt
    connection.set_progress_handler(lambda: int(guard.cancelled.is_set() or guard.expired()), 1000)
    current = QueryRun([], lambda n: [], lambda: None, guard.limits)

    def fail(exc: sqlite3.Error) -> QueryError:
        guard.check(current.rows)  # a timeout or Ctrl-C shows as 'interrupted'
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if "not authorized" in message or "authorization denied" in message:
            return QueryError(
                "refused: query only reads (writes, ATTACH, VACUUM, PRAGMA changes, "
                "transactions and extensions are not allowed)"
            )
        if "one statement at a time" in message:
            return QueryError("one statement at a time")
        return QueryError(message)

    try:
        cursor = connection.execute(sql)
    except sqlite3.Warning as exc:  # several statements
        raise fail(sqlite3.Error(str(exc))) from exc
    except sqlite3.Error as exc:
        raise fail(exc) from exc
    if cursor.description is None:
        raise QueryError("not a query: the statement returns no rows")

    def fetch(n: int) -> list[tuple[Any, ...]]:
        try:
            return cursor.fetchmany(n)
        except sqlite3.Error as exc:
            raise fail(exc) from exc

    current.columns = [d[0] for d in cursor.description]
    current._fetch = fetch
    current._check = lambda: guard.check(current.rows)
    try:
        yield current
    finally:
        cursor.close()
        connection.set_progress_handler(None, 0)


# Roles whose statements reach the server's files or programs, or any role that could become
# one (a member of a superuser role may SET ROLE to it, even from inside a query).
_DANGEROUS_ROLE = """
SELECT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user),
       string_agg(r.rolname, ', ' ORDER BY r.rolname)
FROM pg_roles r
WHERE (r.rolsuper OR r.rolname IN
       ('pg_execute_server_program', 'pg_write_server_files', 'pg_read_server_files'))
  AND r.rolname <> session_user
  AND pg_has_role(session_user, r.oid, 'MEMBER')
"""


def _run_postgresql(connection: Any, sql: str, guard: _Guard) -> Iterator[QueryRun]:
    import psycopg

    if connection.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
        connection.rollback()
    connection.read_only = True  # BEGIN READ ONLY; a DECLARE cannot end it
    user = connection.info.parameter_status("session_authorization") or "?"
    with connection.cursor() as c:
        c.execute(_DANGEROUS_ROLE)
        superuser, roles = c.fetchone()
        if superuser or roles:
            what = "a superuser" if superuser else f"a member of {roles}"
            raise QueryError(
                f"query refuses to run as {user}, {what}: such a role can run programs and "
                "read files on the server even in a read-only transaction. Connect as a "
                "read-only role: edureports db grant-readonly NAME, then --db "
                "postgresql://NAME@HOST/DATABASE"
            )
        c.execute("SELECT set_config('statement_timeout', %s, true)", [f"{guard.remaining_ms()}ms"])

    def cancel() -> None:
        if hasattr(connection, "cancel_safe"):
            connection.cancel_safe(timeout=5.0)
        else:
            connection.cancel()

    guard.cancel_engine = cancel
    current = QueryRun([], lambda n: [], lambda: None, guard.limits)

    def fail(exc: psycopg.Error) -> QueryError:
        if guard.cancelled.is_set() or isinstance(exc, psycopg.errors.QueryCanceled):
            guard.check(current.rows)
            if "statement timeout" in str(exc):
                return QueryTimeout(guard.timeout_message(current.rows))
        return QueryError(_pg_message(exc, sql))

    cursor = connection.cursor(name="edureports_query")
    try:
        try:
            cursor.execute(sql)
        except psycopg.Error as exc:
            raise fail(exc) from exc
        if not cursor.description:
            raise QueryError("not a query: the statement returns no rows")

        def fetch(n: int) -> list[tuple[Any, ...]]:
            try:
                if guard.deadline is not None:
                    with connection.cursor() as c:
                        c.execute(
                            "SELECT set_config('statement_timeout', %s, true)",
                            [f"{guard.remaining_ms()}ms"],
                        )
                return cursor.fetchmany(n)
            except psycopg.Error as exc:
                raise fail(exc) from exc

        current.columns = [d.name for d in cursor.description]
        current._fetch = fetch
        current._check = lambda: guard.check(current.rows)
        yield current
    finally:
        # In an aborted transaction closing fails; the rollback in run() ends it anyway.
        with contextlib.suppress(psycopg.Error):
            cursor.close()


def _pg_message(exc: Any, sql: str) -> str:
    import psycopg

    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "multiple commands" in message:
        return "one statement at a time"
    if isinstance(exc, psycopg.errors.SyntaxError):
        position = getattr(exc.diag, "statement_position", None)
        prefix = len('DECLARE "edureports_query" CURSOR FOR ')
        start = prefix + len(sql) - len(sql.lstrip()) + 1
        if position is not None and int(position) <= start + _leading_comment_length(sql):
            return (
                "not a query: query runs one SELECT, VALUES, TABLE or WITH … SELECT "
                "(statements that change or manage the database are refused)"
            )
    if "read-only transaction" in message or "data-modifying" in message:
        return f"refused (read-only): {message}"
    return message


_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*\n?|/\*.*?\*/)*", re.S)


def _leading_comment_length(sql: str) -> int:
    """Length of the comments and spaces before the first keyword (for error positions)."""
    stripped = sql.lstrip()
    return len(_LEADING_COMMENTS.match(stripped).group(0))  # type: ignore[union-attr]


# --- writing rows as they come -------------------------------------------------------------

FORMATS = ("table", "csv", "json")


def write(current: QueryRun, fmt: str, out: TextIO) -> int:
    """Write the rows of a running statement to out as they come; returns the row count.

    A table is rendered in blocks of at most BATCH rows (each block aligned on its own), so
    memory stays bounded whatever the row limit.
    """
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        for number, batch in enumerate(current.batches()):
            if number == 0:  # the header waits for the first rows: a failed FETCH writes nothing
                writer.writerow(current.columns)
            writer.writerows(batch)
            out.flush()
        if current.rows == 0:
            writer.writerow(current.columns)
    elif fmt == "json":
        separator = "[\n  "  # the bracket waits for the first rows too
        for batch in current.batches():
            for row in batch:
                record = dict(zip(current.columns, row, strict=True))
                out.write(separator + json.dumps(record, ensure_ascii=False, default=_json_value))
                separator = ",\n  "
            out.flush()
        out.write("\n]\n" if current.rows else "[]\n")
    elif fmt == "table":
        from edureports import tables

        blocks = 0
        for batch in current.batches():
            out.write(
                ("\n" if blocks else "")
                + tables.render(current.columns, batch, max_width=60)
                + "\n"
            )
            out.flush()
            blocks += 1
        if not blocks:
            out.write(tables.render(current.columns, [], max_width=60) + "\n")
        out.write(f"({current.rows} rows)\n")
        out.flush()
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return current.rows


def _json_value(value: Any) -> Any:
    """Decimals as numbers, dates as ISO text, bytes as hex (what a JSON reader expects)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    return str(value)
