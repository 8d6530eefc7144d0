"""summary tables counted_figure, picked_value, catalog_value; ix_observation_counted by report

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 01:00:00

The comparison views computed the counting rules from observation at query time (a window
over every counted figure, then a pick or sum per bureau x indicator x year x role): a
second per view at 10,000 reports on SQLite. These tables hold what the rules give
(edureports.summaries keeps them, refreshing the bureaus and years each load, reparse and
delete touches), and the views read them: counted_figure for v_counted_figures,
picked_value for v_indicator_values, catalog_value for v_catalog_values.

This revision only makes the tables: their rows come from the definitions in
sql/summaries/, which a versioned revision must not read (today's SQL may not fit this
revision's schema). The step at head (schema_sync -> summaries.sync) fills them, as it
re-creates the views: an upgrade from 0009 with data present ends with full tables, and
no hash is recorded here, so that step always rebuilds after this revision runs.

ix_observation_counted is re-created with report_id first: a refresh reads the countable
figures of one bureau's reports; the full rebuild scans the whole index either way. Same
WHERE as 0005 (SQLite uses a partial index only when the query holds all its terms).
Names and definitions are written out here, not imported from models.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = (
    "measure = 'level' AND status <> 'redacted' AND value IS NOT NULL"
    " AND repeat_of_id IS NULL AND role IS NOT NULL AND indicator_code <> 'unclassified'"
)
COLUMNS_0005 = [
    "indicator_code",
    "period_id",
    "role",
    "report_id",
    "school_level",
    "funding_category",
    "value",
    "unit",
    "qualifier",
    "status",
    "flag",
    "total_id",
    "measure",
    "repeat_of_id",
]
COLUMNS = ["report_id", *[c for c in COLUMNS_0005 if c != "report_id"]]


def _counted_index(columns: list[str]) -> None:
    op.create_index(
        "ix_observation_counted",
        "observation",
        columns,
        sqlite_where=sa.text(WHERE),
        postgresql_where=sa.text(WHERE),
    )


def upgrade() -> None:
    op.drop_index("ix_observation_counted", table_name="observation")
    _counted_index(COLUMNS)
    op.create_table(
        "counted_figure",
        sa.Column("observation_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("bureau_id", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=4), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("school_level", sa.String(length=32), nullable=True),
        sa.Column("funding_category", sa.String(length=32), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("flag", sa.String(length=200), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("total_id", sa.Integer(), nullable=True),
        sa.Column("total_counted", sa.Integer(), nullable=False),
        sa.Column("total_in_series", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("observation_id", name=op.f("pk_counted_figure")),
    )
    op.create_index("ix_counted_figure_bureau_year", "counted_figure", ["bureau_id", "year"])
    op.create_index(
        "ix_counted_figure_indicator_year", "counted_figure", ["indicator_code", "year"]
    )
    op.create_table(
        "picked_value",
        sa.Column("bureau_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("part", sa.String(length=4), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("figures", sa.Integer(), nullable=False),
        sa.Column("any_approximate", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.Column("additive", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "bureau_id", "indicator_code", "year", "role", name=op.f("pk_picked_value")
        ),
    )
    op.create_index("ix_picked_value_indicator_year", "picked_value", ["indicator_code", "year"])
    op.create_table(
        "catalog_value",
        sa.Column("bureau_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("level_key", sa.String(length=32), nullable=False),
        sa.Column("school_level", sa.String(length=32), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=True),
        sa.Column("summed", sa.Float(), nullable=True),
        sa.Column("summed_figures", sa.Integer(), nullable=False),
        sa.Column("first_value", sa.Float(), nullable=True),
        sa.Column("report_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint(
            "bureau_id",
            "indicator_code",
            "year",
            "role",
            "level_key",
            name=op.f("pk_catalog_value"),
        ),
    )
    op.create_index("ix_catalog_value_indicator_year", "catalog_value", ["indicator_code", "year"])


def downgrade() -> None:
    op.drop_table("catalog_value")
    op.drop_table("picked_value")
    op.drop_table("counted_figure")
    # The next upgrade through 0010 refills the tables at head.
    op.execute("DELETE FROM schema_object WHERE kind = 'summary'")
    op.drop_index("ix_observation_counted", table_name="observation")
    _counted_index(COLUMNS_0005)
