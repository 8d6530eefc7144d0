"""lighter writes: drop ix_observation_report_id; report.text compressed with lz4 (PostgreSQL)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 05:40:00

Every load writes ~80 figures and ~7,000 characters of text; issue #14 asks a load to keep
pace with word segmentation. Two costs of each write that buy nothing:

- ix_observation_report_id indexes report_id alone, yet two other indexes lead with it
  (uq_observation_report_id_ordinal and, since 0010, ix_observation_counted). 0003 kept it
  because v_counted_figures then read observation; since 0010 that view reads counted_figure
  and the summary refresh reads ix_observation_counted (EXPLAIN on both engines).
- PostgreSQL compresses report.text with pglz by default; lz4 (PostgreSQL 14+, when the
  server is built with it, as Debian's is) compresses the same text several times faster
  for a few per cent more bytes. Rows written before keep their pglz data, which stays
  readable. Skipped on a server without lz4.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _has_lz4() -> bool:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return False
    return bool(
        bind.scalar(
            sa.text(
                "SELECT 'lz4' = ANY(enumvals) FROM pg_settings"
                " WHERE name = 'default_toast_compression'"
            )
        )
    )


def upgrade() -> None:
    op.drop_index("ix_observation_report_id", table_name="observation")
    if _has_lz4():
        op.execute("ALTER TABLE report ALTER COLUMN text SET COMPRESSION lz4")


def downgrade() -> None:
    if _has_lz4():
        op.execute("ALTER TABLE report ALTER COLUMN text SET COMPRESSION default")
    op.create_index("ix_observation_report_id", "observation", ["report_id"])
