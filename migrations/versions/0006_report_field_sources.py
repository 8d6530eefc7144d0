"""record where a report's bureau, region and periods were decided

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 19:15:00

The parser now weighs evidence from the whole document (title, opening, headings, the years
figures are stated for, the page date …) and says which source won; analysts filter on it to
keep only what a report states outright. Four nullable text columns on report; reports
loaded before this revision keep NULL until `edureports reparse`. Batch mode, so SQLite
rebuilds the table (env.py has dropped the views that read it).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("bureau_source", "region_source", "review_source", "plan_source")


def upgrade() -> None:
    with op.batch_alter_table("report") as batch:
        for column in COLUMNS:
            batch.add_column(sa.Column(column, sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("report") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column)
