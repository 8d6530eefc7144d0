"""Engines and Alembic driven programmatically (the read path is in query.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from edureports import catalog
from edureports.config import resolve_url

# PostgreSQL: the base tables live in their own schema (revision 0007), which the read-only
# role cannot use, so a BI tool listing relations as that role sees the views only; the views
# live in the schema every role sees. The owner's connections put both on the search_path
# (tables first: a table a new revision creates lands beside the others), and views are
# created qualified with VIEW_SCHEMA (views.create). SQLite has no schemas: neither applies.
TABLE_SCHEMA = "edureports_data"
VIEW_SCHEMA = "public"
SEARCH_PATH = f"{TABLE_SCHEMA}, {VIEW_SCHEMA}"
# In VIEW_SCHEMA: returns alembic_version's rows to a role that cannot read the table itself.
REVISION_FUNCTION = "edureports_revision"
# SQLite: pages of write-ahead log after which a commit copies them into the database file
# (SQLite's default is 1,000).
WAL_CHECKPOINT_PAGES = 10_000


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    engine = create_engine(url)
    if engine.dialect.name == "postgresql":
        # insert=True: before the dialect's first-connect initialisation reads current_schema.
        event.listen(engine, "connect", set_search_path, insert=True)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA busy_timeout = 30000")
            # WAL lets BI tools read while a load writes; NORMAL sync in WAL mode keeps every
            # commit atomic (a killed load loses no committed report) without an fsync each.
            if engine.url.database not in (None, "", ":memory:"):
                cursor.execute("PRAGMA journal_mode = WAL")
                cursor.execute("PRAGMA synchronous = NORMAL")
                # Copy the log into the database every ~40 MB instead of ~4 MB: a load commits
                # a report every few ms and each checkpoint rewrites the pages the reports
                # share (summaries, indexes) and syncs the file; a quarter of a commit's cost.
                cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            cursor.close()

    return engine


def set_search_path(dbapi_conn: Any, _record: Any = None) -> None:
    """Put the table schema and the view schema on a new PostgreSQL connection's path.

    A schema that does not exist yet (a database before revision 0007) is skipped by the
    server, and so is one the role may not use (the read-only role and edureports_data)."""
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True
    try:
        with dbapi_conn.cursor() as cursor:
            cursor.execute(f"SET search_path = {SEARCH_PATH}")
    finally:
        dbapi_conn.autocommit = autocommit


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("edureports.migrations")))
    # ConfigParser interpolates '%': a URL-encoded password or a file:...?mode=ro URL would
    # otherwise fail with "invalid interpolation syntax".
    url = engine.url.render_as_string(hide_password=False)
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


class MigrationError(Exception):
    """A migration left the database inconsistent (it was rolled back)."""


# Key of the PostgreSQL advisory lock that serialises upgrades of one database
# (advisory locks are per database, so other databases on the server are not held up).
MIGRATION_LOCK_KEY = 0x6564755F6D696772  # "edu_migr"


@contextmanager
def migration_transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction for a whole migration: view drop, revisions and the step at head.

    It is taken before Alembic reads the version, so a second upgrader waits and then sees
    the first one's result; a failure or a killed process leaves the previous revision with
    its views; a reader sees the old state or the new one, never the views missing.
    """
    if engine.dialect.name == "sqlite":
        with _sqlite_migration_transaction(engine) as connection:
            yield connection
        return
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY}
            )
        yield connection


@contextmanager
def _sqlite_migration_transaction(engine: Engine) -> Iterator[Connection]:
    """BEGIN IMMEDIATE around DDL and all, on a connection whose driver emits no BEGIN/COMMIT.

    pysqlite (Python < 3.12, and 3.12+ in its default legacy mode) begins a transaction only
    before INSERT/UPDATE/DELETE, so DDL before the first such statement commits at once
    (SQLAlchemy docs, pysqlite "Serializable isolation / Savepoints / Transactional DDL").
    With its isolation_level None we emit BEGIN ourselves; IMMEDIATE takes the write lock
    before anything is read, so two upgraders queue on busy_timeout. Foreign keys are off for
    the migration (the PRAGMA is ignored inside a transaction): batch mode drops and renames
    tables, and a DROP of a parent with foreign keys on would cascade to its children. They
    are checked before COMMIT instead (SQLite's documented ALTER TABLE procedure).
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        legacy = raw.isolation_level
        raw.isolation_level = None
        try:
            raw.execute("PRAGMA foreign_keys = OFF")
            raw.execute("BEGIN IMMEDIATE")
            with connection.begin():
                yield connection
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise MigrationError(f"foreign keys broken by the migration: {broken[:5]}")
        except BaseException:
            if raw.in_transaction:
                raw.rollback()
            raise
        finally:
            raw.isolation_level = legacy
            raw.execute("PRAGMA foreign_keys = ON")


def _run_command(connection: Connection, engine: Engine, fn: Any, revision: str) -> None:
    cfg = alembic_config(engine)
    cfg.attributes["connection"] = connection
    fn(cfg, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Upgrade to `revision` (and re-apply views and seeds at head) in one transaction."""
    with migration_transaction(engine) as connection:
        _run_command(connection, engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with migration_transaction(engine) as connection:
        _run_command(connection, engine, command.downgrade, revision)


@dataclass(frozen=True)
class Revision:
    current: tuple[str, ...]
    head: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        return set(self.current) == set(self.head)


def _revision(engine: Engine, connection: Connection) -> Revision:
    script = ScriptDirectory.from_config(alembic_config(engine))
    heads = MigrationContext.configure(connection).get_current_heads()
    return Revision(tuple(heads), tuple(script.get_heads()))


def current(engine: Engine) -> Revision:
    with engine.connect() as connection:
        return _revision(engine, connection)


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head when the database is behind (a new SQLite file, typically).

    Checked again inside the migration transaction: another process (a second `load` on the
    same new file) may have upgraded while this one waited, and then nothing is redone.
    """
    if current(engine).at_head:
        if catalog.USER_FILE:  # rows of a user catalog (--catalog): the table needs them
            from edureports import schema_sync  # it imports this module

            with migration_transaction(engine) as connection:
                schema_sync.sync_indicators(connection)
                schema_sync.sync_standards(connection)
        return
    with migration_transaction(engine) as connection:
        if not _revision(engine, connection).at_head:
            _run_command(connection, engine, command.upgrade, "head")


def describe(engine: Engine) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(str(engine.url)).render_as_string(hide_password=True)
