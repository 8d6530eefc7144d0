"""drop ix_section_report_id (the unique index on (report_id, ordinal) serves it)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 02:05:00

uq_section_report_id_ordinal starts with report_id, so it answers every lookup of a
report's sections: EXPLAIN shows it used for v_reports (SQLite: a covering scan) and for the
ON DELETE CASCADE from report (PostgreSQL). The single-column index only cost writes.
ix_observation_report_id stays: PostgreSQL prefers it to the wider unique index when
v_counted_figures reads the figures of the reports that have a bureau.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_report_id"))


def downgrade() -> None:
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_report_id"), ["report_id"], unique=False)
