"""Alembic environment: versioned revisions, then the repeatable step at head.

Views are dropped before any revision runs (SQLite batch mode cannot copy a table a view
uses; PostgreSQL cannot drop a column a view uses) and re-created from sql/ whenever the
database reaches head, together with the catalog and region seeds; when no revision runs,
only the views whose SQL changed are replaced. Views analysts built on ours are set aside
and re-created after them (schema_sync). All of it runs in one
transaction that db.migration_transaction opened (and locked) before the version is read.
"""

from __future__ import annotations

from alembic import context
from alembic.script import ScriptDirectory

from edureports import db, schema_sync
from edureports.config import resolve_url
from edureports.models import Base

config = context.config


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    # Views look like tables to autogenerate; they are managed by schema_sync, not here.
    return not (type_ == "table" and name in schema_sync.view_names())


def _at_head(connection) -> bool:
    heads = set(ScriptDirectory.from_config(config).get_heads())
    return bool(heads) and set(context.get_context().get_current_heads()) == heads


def _revisions_to_run() -> bool:
    """Whether this command runs a revision (then every view of ours goes first). At head,
    `upgrade head` runs none: only views whose SQL changed are replaced (schema_sync)."""
    heads = set(ScriptDirectory.from_config(config).get_heads())
    if set(context.get_context().get_current_heads()) != heads:
        return True
    destination = context.get_revision_argument()
    targets = set(destination) if isinstance(destination, tuple | list) else {destination}
    return not (targets <= {"head", "heads"} or targets == heads)


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
    if connection is not None:  # `edureports db ...`: db.py opened the migration transaction
        _run(connection)
        return
    # `alembic` run by hand from a checkout: the same transaction and lock as db.py.
    engine = db.make_engine(config.get_main_option("sqlalchemy.url") or resolve_url(None))
    try:
        with db.migration_transaction(engine) as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection) -> None:
    """Drop the views, run the revisions, re-apply the step at head: all in the caller's one
    transaction (db.migration_transaction), so a failure anywhere leaves the old state whole."""
    if not connection.in_transaction():
        raise RuntimeError("migrations run inside db.migration_transaction()")
    if connection.dialect.name == "postgresql":
        # Whatever engine opened the connection: tables resolve in their schema (0007).
        connection.exec_driver_sql(f"SET LOCAL search_path = {db.SEARCH_PATH}")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        include_object=include_object,
        # DDL is transactional on both engines here (on SQLite because db.py emits BEGIN
        # itself); the caller's transaction covers every revision, so Alembic opens none.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        prepared = schema_sync.prepare(connection, revisions=_revisions_to_run())
        context.run_migrations()
        if _at_head(connection):
            schema_sync.apply(connection, prepared)
        elif prepared.saved:  # below head our views are gone: theirs cannot come back
            schema_sync.restore(connection, prepared, at_head=False)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
