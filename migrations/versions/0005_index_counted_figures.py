"""index the figures v_counted_figures counts (a partial covering index)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 02:30:00

v_counted_figures, which every comparison view reads, starts from the figures that can count:
levels with a value, not repeats, with a role, classified. Most figures are unclassified
(about 12% pass at 10,000 synthetic reports), yet the view scanned the whole observation
table, source text included. This partial index holds exactly those figures with every
column the view reads of them, so SQLite answers from the index alone (a covering scan) and
PostgreSQL reads it by bitmap. Its WHERE is the view's word for word: SQLite only uses a
partial index whose terms all appear in the query. The definition is written out here (not
imported from models) so the revision stays as it was when models change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WHERE = (
    "measure = 'level' AND status <> 'redacted' AND value IS NOT NULL"
    " AND repeat_of_id IS NULL AND role IS NOT NULL AND indicator_code <> 'unclassified'"
)
COLUMNS = [
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


def upgrade() -> None:
    op.create_index(
        "ix_observation_counted",
        "observation",
        COLUMNS,
        sqlite_where=sa.text(WHERE),
        postgresql_where=sa.text(WHERE),
    )


def downgrade() -> None:
    op.drop_index("ix_observation_counted", table_name="observation")
