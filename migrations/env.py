"""Alembic environment: versioned revisions, then the repeatable step at head.

Views are dropped before any revision runs (SQLite batch mode cannot copy a table a view
uses; PostgreSQL cannot drop a column a view uses) and re-created from sql/ whenever the
database reaches head, together with the catalog and region seeds.
"""

from __future__ import annotations

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from edureports import schema_sync
from edureports.config import resolve_url
from edureports.models import Base

config = context.config


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # Views look like tables to autogenerate; they are managed by schema_sync, not here.
    return not (type_ == "table" and name in schema_sync.view_names())


def _at_head(connection) -> bool:
    heads = set(ScriptDirectory.from_config(config).get_heads())
    return bool(heads) and set(context.get_context().get_current_heads()) == heads


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url") or resolve_url(None),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url") or resolve_url(None))
        with engine.connect() as conn:
            _run(conn)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
    )
    with context.begin_transaction():
        schema_sync.drop_views(connection)
        context.run_migrations()
        if _at_head(connection):
            schema_sync.apply(connection)
    if connection.in_transaction():
        connection.commit()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
