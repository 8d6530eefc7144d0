"""views at scale: a region's place stored, figures counted per report, the preferred value

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 06:00:00

Issue #14 point 3: every canned view answers the filters a BI tool sends (one bureau, one
indicator x year, one province) in < 100 ms and a full SELECT * in < 1 s at scale.

- region.province / prefecture / county: the names of the province, prefecture and county a
  division lies in. The views computed them with a CASE over three joins of region, so a
  filter on province could not use an index; ix_region_province now finds a province's
  divisions, and their bureaus through ix_bureau_region_code. The step at head
  (schema_sync.sync_regions) fills them from the table's own hierarchy.
- report_count: v_reports' per-report counts (sections, figures by family, redacted,
  unclassified, flagged), which it computed over every observation at query time. A summary
  kept by edureports.summaries (sql/summaries/report_count.sql), one upsert per load,
  reparse or delete; the foreign key's ON DELETE CASCADE removes a deleted report's row.
- picked_value.preferred: 1 on the row v_district_comparison and v_indicator_trend take as
  the value of a year (the review if there is one, else the plan), so that the ranking
  reads one narrow index instead of grouping v_indicator_values.

This revision only makes the columns and tables: the step at head fills them (the summary
definitions changed, so summaries.sync rebuilds every summary table).
Plain ALTER TABLE ADD/DROP COLUMN on both engines, never batch mode (see 0006).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PLACE = ("province", "prefecture", "county")
COUNTS = (
    "sections",
    "figures",
    "enrolment_figures",
    "consolidation_figures",
    "funding_figures",
    "teachers_figures",
    "outcomes_figures",
    "other_figures",
    "redacted_figures",
    "unclassified_figures",
    "flagged_figures",
)


def upgrade() -> None:
    for column in PLACE:
        op.add_column("region", sa.Column(column, sa.Text(), nullable=True))
    op.create_index("ix_region_province", "region", ["province"])
    op.create_table(
        "report_count",
        sa.Column("report_id", sa.Integer(), autoincrement=False, nullable=False),
        *(sa.Column(c, sa.Integer(), nullable=False) for c in COUNTS),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_report_count_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_count")),
    )
    op.add_column(
        "picked_value",
        sa.Column("preferred", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.create_index(
        "ix_picked_value_preferred",
        "picked_value",
        ["indicator_code", "year", sa.text("value DESC"), "bureau_id", "role", "part", "unit"],
        sqlite_where=sa.text("preferred = 1"),
        postgresql_where=sa.text("preferred = 1"),
    )


def downgrade() -> None:
    op.drop_index("ix_picked_value_preferred", table_name="picked_value")
    op.drop_column("picked_value", "preferred")
    op.drop_table("report_count")
    op.drop_index("ix_region_province", table_name="region")
    for column in reversed(PLACE):
        op.drop_column("region", column)
    # The next upgrade through 0012 refills the tables at head.
    op.execute("DELETE FROM schema_object WHERE kind = 'summary'")
