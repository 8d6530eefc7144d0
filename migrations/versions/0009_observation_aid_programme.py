"""observation.aid_programme: the student aid programme of an aid figure

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 23:10:00

Students aided and aid amounts are read with the programme that names them (营养改善计划,
国家助学金, 免学费, 生源地信用助学贷款 … from the catalog's [programme.*] tables), for
v_aid_programmes. Reports loaded before this revision keep NULL until `edureports reparse`.
Plain ADD/DROP COLUMN on both engines (see 0006 for why not batch mode).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("observation", sa.Column("aid_programme", sa.String(32), nullable=True))


def downgrade() -> None:
    op.drop_column("observation", "aid_programme")
