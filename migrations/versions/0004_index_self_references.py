"""index the self-references that deletes cascade through

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 02:10:00

Deleting a report (as `reparse` does) cascades to its sections and observations, and each
deleted row then looks for rows pointing at it through section.parent_id,
observation.repeat_of_id and observation.total_id. Unindexed, every such look-up scanned the
table: about 10 s per report on PostgreSQL at 10,000 reports. The two observation columns are
almost always NULL, so their indexes are partial.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_section_parent_id", "section", ["parent_id"])
    for column in ("repeat_of_id", "total_id"):
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            f"ix_observation_{column}",
            "observation",
            [column],
            sqlite_where=where,
            postgresql_where=where,
        )


def downgrade() -> None:
    op.drop_index("ix_observation_total_id", table_name="observation")
    op.drop_index("ix_observation_repeat_of_id", table_name="observation")
    op.drop_index("ix_section_parent_id", table_name="section")
