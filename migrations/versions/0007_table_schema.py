"""PostgreSQL: base tables in their own schema, the views alone where every role looks

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 10:00:00

A BI tool connected as the `db grant-readonly` role listed all eleven base tables beside the
views (PostgreSQL lists every table of a schema the role may use, whether or not it may read
them) and then failed to open them. The tables, alembic_version included, move to schema
edureports_data, which only the owner uses; the views stay in public (the owner's connections
put both on the search_path, db.SEARCH_PATH). ALTER TABLE … SET SCHEMA moves a table's
indexes, constraints and owned sequences with it and keeps every foreign key and the data.

The role can no longer see alembic_version, so a SECURITY DEFINER function in public returns
its rows (`edureports db current` and the read path ask it). The SELECT on alembic_version
that grant-readonly gave earlier roles is revoked: it would list the table in
information_schema for them.

SQLite has no schemas: nothing to do there. The names are written out here (not imported
from db or models) so that the revision stays as it was.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE_SCHEMA = "edureports_data"
VIEW_SCHEMA = "public"
FUNCTION = f"{VIEW_SCHEMA}.edureports_revision"
# Every table at revision 0006, parents before children (the order does not matter to SET
# SCHEMA; it keeps the list easy to check against 0001 and 0002).
TABLES = (
    "alembic_version",
    "schema_object",
    "indicator",
    "period",
    "region",
    "bureau",
    "bureau_alias",
    "report",
    "section",
    "observation",
    "national_reference",
)


def _readonly_roles() -> list[str]:
    bind = op.get_bind()
    return list(
        bind.scalars(
            sa.text(
                "SELECT s.name FROM schema_object s JOIN pg_roles r ON r.rolname = s.name "
                "WHERE s.kind = 'readonly_role' ORDER BY s.name"
            )
        )
    )


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"CREATE SCHEMA IF NOT EXISTS {TABLE_SCHEMA}")
    for table in TABLES:
        # Unqualified: found through the search_path wherever the database keeps it.
        op.execute(f"ALTER TABLE {table} SET SCHEMA {TABLE_SCHEMA}")
    for role in _readonly_roles():
        op.execute(f'REVOKE ALL ON {TABLE_SCHEMA}.alembic_version FROM "{role}"')
    op.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS SETOF text LANGUAGE sql STABLE "
        "SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS "
        f"'SELECT CAST(version_num AS text) FROM {TABLE_SCHEMA}.alembic_version'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    for table in reversed(TABLES):
        op.execute(f"ALTER TABLE {TABLE_SCHEMA}.{table} SET SCHEMA {VIEW_SCHEMA}")
    for role in _readonly_roles():
        op.execute(f'GRANT SELECT ON {VIEW_SCHEMA}.alembic_version TO "{role}"')
    # RESTRICT: anything else someone put in the schema stops the downgrade rather than go.
    op.execute(f"DROP SCHEMA {TABLE_SCHEMA} RESTRICT")
