"""counted_figure.pick_order: the order in which a level takes one figure, stored once

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 10:45:00

Issue #14: the order "school level unspecified or 'all' first, then the full year before H2
before H1, then the latest published, then the highest report, then the first figure
stated" was written again in sql/summaries/picked_value.sql, catalog_value.sql and
v_consolidation.sql, each a window over the counted figures. The counting definition
(sql/summaries/counted_figure.sql) now numbers the figures of each bureau x indicator x
year x role in that order, and the three read the number.

This revision only makes the column: the summary definitions changed, so the step at head
(summaries.sync) rebuilds every summary table and fills it. Plain ADD/DROP COLUMN on both
engines (see 0006).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "counted_figure",
        sa.Column("pick_order", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    op.drop_column("counted_figure", "pick_order")
    # The next upgrade through 0014 refills the tables at head.
    op.execute("DELETE FROM schema_object WHERE kind = 'summary'")
