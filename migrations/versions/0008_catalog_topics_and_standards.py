"""catalog as data: indicator topic, additivity and citation; the national standards table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 21:40:00

The catalog moved to data (src/edureports/data/catalog.toml) and grew to the national
evaluation frameworks. The indicator table gains what the new views read: the topic (the
view that shows an indicator), whether its figures add up over a year, and the framework
and article that define it. indicator_standard holds the national standards (优质均衡 floor
areas, difference coefficients, 普及普惠 rates ...) with their citation; like the indicator
rows, its rows are catalog data that schema_sync upserts at head, so this revision only
makes the table (a versioned revision never reads today's package data).

Plain ALTER TABLE ADD/DROP COLUMN on both engines (see 0006 for why not batch mode).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "indicator",
        sa.Column("topic", sa.String(length=32), nullable=False, server_default="other"),
    )
    op.add_column(
        "indicator",
        sa.Column("additive", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("indicator", sa.Column("framework", sa.String(length=200), nullable=True))
    op.add_column("indicator", sa.Column("citation", sa.Text(), nullable=True))
    op.create_table(
        "indicator_standard",
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("school_level", sa.String(length=32), nullable=False),
        sa.Column("op", sa.String(length=2), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("framework", sa.String(length=200), nullable=False),
        sa.Column("document", sa.String(length=200), nullable=False),
        sa.Column("citation", sa.Text(), nullable=False),
        sa.CheckConstraint("op IN ('>=', '>', '<=', '<')", name=op.f("ck_indicator_standard_op")),
        sa.PrimaryKeyConstraint(
            "indicator_code", "school_level", name=op.f("pk_indicator_standard")
        ),
    )


def downgrade() -> None:
    op.drop_table("indicator_standard")
    for column in ("citation", "framework", "additive", "topic"):
        op.drop_column("indicator", column)
