"""Engines and Alembic driven programmatically (the read path is in query.py)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from edureports.config import resolve_url


def make_engine(url: str | None = None) -> Engine:
    url = resolve_url(url)
    engine = create_engine(url)
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
            cursor.close()

    return engine


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("edureports.migrations")))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    with engine.begin() as connection:
        cfg = alembic_config(engine)
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)


@dataclass(frozen=True)
class Revision:
    current: tuple[str, ...]
    head: tuple[str, ...]

    @property
    def at_head(self) -> bool:
        return set(self.current) == set(self.head)


def current(engine: Engine) -> Revision:
    script = ScriptDirectory.from_config(alembic_config(engine))
    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return Revision(tuple(heads), tuple(script.get_heads()))


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head when the database is behind (a new SQLite file, typically)."""
    if not current(engine).at_head:
        upgrade(engine)


def describe(engine: Engine) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(str(engine.url)).render_as_string(hide_password=True)
