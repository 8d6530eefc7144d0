"""A PostgreSQL role for BI tools that can SELECT the views and nothing else.

Views are dropped and re-created by every upgrade to head (schema_sync), which drops their
grants too; so each such role is recorded in the schema_object registry (kind 'readonly_role')
and schema_sync re-grants it SELECT on the views it creates.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, delete, insert, select, text

from edureports import views
from edureports.db import TABLE_SCHEMA, VIEW_SCHEMA
from edureports.models import SchemaObject

ROLE_KIND = "readonly_role"
# A BI tool's runaway query stops on the server even when the tool (or its user) has gone.
DEFAULT_STATEMENT_TIMEOUT = "60s"
_TIMEOUT = re.compile(r"^\d+(ms|s|min|h)?$")
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class ReadOnlyRoleError(Exception):
    """The role cannot be set up here (SQLite, a bad role name)."""


def sqlite_message(engine: Engine) -> str:
    path = engine.url.database or "edureports.db"
    return (
        "grant-readonly is PostgreSQL-only: SQLite has no roles. A BI tool opens the "
        f"database file itself ({path}); give it read-only file access, or open it with "
        "mode=ro (sqlite:///file:PATH?mode=ro&uri=true)."
    )


def _quote(role: str) -> str:
    if not _ROLE_NAME.match(role):
        raise ReadOnlyRoleError(
            f"role name {role!r}: use lower-case letters, digits and _ (at most 63), "
            "starting with a letter or _"
        )
    return f'"{role}"'


def grant_readonly(
    engine: Engine,
    role: str,
    password: str | None = None,
    statement_timeout: str = DEFAULT_STATEMENT_TIMEOUT,
) -> list[str]:
    """Create (or update) ROLE with LOGIN and SELECT on every view; returns notes to show.

    statement_timeout is PostgreSQL's setting for the role ('60s', '5min', '0' for none)."""
    if engine.dialect.name != "postgresql":
        raise ReadOnlyRoleError(sqlite_message(engine))
    quoted = _quote(role)
    if not _TIMEOUT.match(statement_timeout):
        raise ReadOnlyRoleError(
            f"statement timeout {statement_timeout!r}: use e.g. 60s, 5min, 1h or 0 for none"
        )
    notes: list[str] = []
    with engine.begin() as c:
        exists = c.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
        # Passwords go in as a literal (utility statements take no bind parameters).
        pw = " PASSWORD '" + password.replace("'", "''") + "'" if password is not None else ""
        if exists:
            c.exec_driver_sql(f"ALTER ROLE {quoted} WITH LOGIN{pw}")
            notes.append(f"role {role} exists: privileges reset to the views only")
        else:
            c.exec_driver_sql(
                f"CREATE ROLE {quoted} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE{pw}"
            )
            notes.append(f"created role {role}")
        database = c.scalar(text("SELECT current_database()"))
        c.exec_driver_sql(f'GRANT CONNECT ON DATABASE "{database}" TO {quoted}')
        # No temporary tables: every role has TEMP through PUBLIC, so revoking it from the
        # role alone changes nothing (the owner keeps it as owner; grant it to others).
        c.exec_driver_sql(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC, {quoted}')
        notes.append(f"revoked TEMPORARY on database {database} from PUBLIC and {role}")
        c.exec_driver_sql(f"GRANT USAGE ON SCHEMA {VIEW_SCHEMA} TO {quoted}")
        c.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {VIEW_SCHEMA} FROM {quoted}")
        c.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {VIEW_SCHEMA} FROM {quoted}")
        c.exec_driver_sql(f"REVOKE CREATE ON SCHEMA {VIEW_SCHEMA} FROM {quoted}")
        # The tables' schema stays out of reach (no USAGE), so a BI tool listing relations as
        # the role sees the views only; the revision comes from db.REVISION_FUNCTION.
        if c.scalar(text("SELECT to_regnamespace(:s)"), {"s": TABLE_SCHEMA}) is not None:
            c.exec_driver_sql(f"REVOKE ALL ON SCHEMA {TABLE_SCHEMA} FROM {quoted}")
            c.exec_driver_sql(f"REVOKE ALL ON ALL TABLES IN SCHEMA {TABLE_SCHEMA} FROM {quoted}")
            c.exec_driver_sql(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {TABLE_SCHEMA} FROM {quoted}")
        c.exec_driver_sql(f"ALTER ROLE {quoted} SET default_transaction_read_only = on")
        c.exec_driver_sql(f"ALTER ROLE {quoted} SET statement_timeout = '{statement_timeout}'")
        if int(c.scalar(text("SHOW server_version_num"))) < 150000:
            # Before PostgreSQL 15 every role may create tables in schema public.
            c.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            notes.append("revoked CREATE on schema public from PUBLIC (PostgreSQL < 15)")
        c.execute(
            delete(SchemaObject).where(SchemaObject.kind == ROLE_KIND, SchemaObject.name == role)
        )
        c.execute(insert(SchemaObject).values(name=role, kind=ROLE_KIND, sha256=""))
        granted = grant_views(c, views.available(), [role])
    notes.append(f"granted SELECT on {granted} views to {role}")
    notes.append(f"statement_timeout for {role}: {statement_timeout}")
    return notes


def recorded_roles(connection: Connection) -> list[str]:
    return list(
        connection.scalars(
            select(SchemaObject.name)
            .where(SchemaObject.kind == ROLE_KIND)
            .order_by(SchemaObject.name)
        )
    )


def grant_views(
    connection: Connection,
    names: tuple[str, ...] | list[str],
    roles: list[str] | None = None,
) -> int:
    """GRANT SELECT on the views to the read-only roles (default: every recorded one that
    still exists). PostgreSQL only; returns the number of views granted."""
    if connection.dialect.name != "postgresql":
        return 0
    roles = recorded_roles(connection) if roles is None else roles
    existing = set(connection.scalars(text("SELECT rolname FROM pg_roles")))
    targets = [_quote(r) for r in roles if r in existing]
    if not targets or not names:
        return 0
    for name in names:
        connection.exec_driver_sql(f"GRANT SELECT ON {name} TO {', '.join(targets)}")
    return len(names)
