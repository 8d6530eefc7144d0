"""national reference values (MoE statistical bulletins 2015-2024)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 01:15:00

The rows are literal: they are fixed published facts, and a versioned revision must never
read today's package data (a fresh upgrade from base would replay whatever it says then).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SOURCE_URL = "http://www.moe.gov.cn/jyb_sjzl/sjzl_fztjgb/"

# year: (学前三年毛入园率, 九年义务教育巩固率, 高中阶段毛入学率), percent, as published in
# 教育部《YYYY年全国教育事业发展统计公报》.
VALUES: dict[int, tuple[float, float, float]] = {
    2015: (75.0, 93.0, 87.0),
    2016: (77.4, 93.4, 87.5),
    2017: (79.6, 93.8, 88.3),
    2018: (81.7, 94.2, 88.8),
    2019: (83.4, 94.8, 89.5),
    2020: (85.2, 95.2, 91.2),
    2021: (88.1, 95.4, 91.4),
    2022: (89.7, 95.5, 91.6),
    2023: (91.1, 95.7, 91.8),
    2024: (92.0, 95.9, 92.0),
}
CODES = (
    "preschool_gross_enrolment_rate",
    "compulsory_consolidation_rate",
    "senior_secondary_gross_enrolment_rate",
)


def upgrade() -> None:
    table = op.create_table(
        "national_reference",
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=False),
        sa.CheckConstraint("year BETWEEN 1949 AND 2100", name=op.f("ck_national_reference_year")),
        sa.PrimaryKeyConstraint("indicator_code", "year", name=op.f("pk_national_reference")),
    )
    op.bulk_insert(
        table,
        [
            {
                "indicator_code": code,
                "year": year,
                "value": value,
                "unit": "percent",
                "source": f"教育部《{year}年全国教育事业发展统计公报》",
                "source_url": SOURCE_URL,
            }
            for year, values in VALUES.items()
            for code, value in zip(CODES, values, strict=True)
        ],
    )


def downgrade() -> None:
    op.drop_table("national_reference")
