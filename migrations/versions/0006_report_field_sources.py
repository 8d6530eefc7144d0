"""record where a report's bureau, region and periods were decided

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 19:15:00

The parser now weighs evidence from the whole document (title, opening, headings, the years
figures are stated for, the page date …) and says which source won; analysts filter on it to
keep only what a report states outright. Four nullable text columns on report; reports
loaded before this revision keep NULL until `edureports reparse`.

Plain ALTER TABLE ADD/DROP COLUMN on both engines (SQLite has both since 3.35), never batch
mode: a batch rebuild drops the old report table, and with foreign keys on (they are, and a
migration's transaction cannot turn them off) that DROP deletes every section and
observation through their ON DELETE CASCADE.
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
    for column in COLUMNS:
        op.add_column("report", sa.Column(column, sa.String(16), nullable=True))


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("report", column)
