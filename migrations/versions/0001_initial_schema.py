"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 00:48:25.759934
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "indicator",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("family", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_indicator")),
    )
    op.create_table(
        "period",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("part", sa.String(length=4), nullable=False),
        sa.CheckConstraint("part IN ('year', 'H1', 'H2')", name=op.f("ck_period_part")),
        sa.CheckConstraint("year BETWEEN 1949 AND 2100", name=op.f("ck_period_year")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period")),
        sa.UniqueConstraint("year", "part", name=op.f("uq_period_year_part")),
    )
    op.create_table(
        "region",
        sa.Column("code", sa.String(length=6), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_code", sa.String(length=6), nullable=True),
        sa.CheckConstraint(
            "level IN ('province', 'prefecture', 'county')", name=op.f("ck_region_level")
        ),
        sa.ForeignKeyConstraint(
            ["parent_code"], ["region.code"], name=op.f("fk_region_parent_code_region")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_region")),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_parent_code"), ["parent_code"], unique=False)

    op.create_table(
        "schema_object",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_schema_object")),
    )
    op.create_table(
        "bureau",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_bureau_region_code_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bureau")),
        sa.UniqueConstraint("name", name=op.f("uq_bureau_name")),
    )
    with op.batch_alter_table("bureau", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bureau_region_code"), ["region_code"], unique=False)

    op.create_table(
        "bureau_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bureau_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["bureau_id"],
            ["bureau.id"],
            name=op.f("fk_bureau_alias_bureau_id_bureau"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bureau_alias")),
        sa.UniqueConstraint("bureau_id", "alias", name=op.f("uq_bureau_alias_bureau_id_alias")),
    )
    op.create_table(
        "report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bureau_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=6), nullable=True),
        sa.Column("bureau_written", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("doc_type", sa.String(length=32), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("index_number", sa.String(length=100), nullable=True),
        sa.Column("review_period_id", sa.Integer(), nullable=True),
        sa.Column("plan_period_id", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(length=500), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("encoding", sa.String(length=32), nullable=True),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("parser_version", sa.String(length=32), nullable=False),
        sa.Column("hints", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "doc_type IN ('summary', 'plan', 'summary_and_plan', 'half_year_summary', 'speech', 'other')",
            name=op.f("ck_report_doc_type"),
        ),
        sa.ForeignKeyConstraint(
            ["bureau_id"], ["bureau.id"], name=op.f("fk_report_bureau_id_bureau")
        ),
        sa.ForeignKeyConstraint(
            ["plan_period_id"], ["period.id"], name=op.f("fk_report_plan_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["region_code"], ["region.code"], name=op.f("fk_report_region_code_region")
        ),
        sa.ForeignKeyConstraint(
            ["review_period_id"], ["period.id"], name=op.f("fk_report_review_period_id_period")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report")),
        sa.UniqueConstraint("sha256", name=op.f("uq_report_sha256")),
    )
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_bureau_id"), ["bureau_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_plan_period_id"), ["plan_period_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_report_region_code"), ["region_code"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_report_review_period_id"), ["review_period_id"], unique=False
        )

    op.create_table(
        "section",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("marker", sa.String(length=32), nullable=True),
        sa.Column("heading", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=8), nullable=True),
        sa.CheckConstraint("role IN ('review', 'plan')", name=op.f("ck_section_role")),
        sa.CheckConstraint("char_start <= char_end", name=op.f("ck_section_span")),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["section.id"],
            name=op.f("fk_section_parent_id_section"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_section_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_section_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section")),
        sa.UniqueConstraint("report_id", "ordinal", name=op.f("uq_section_report_id_ordinal")),
    )
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_section_period_id"), ["period_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_section_report_id"), ["report_id"], unique=False)

    op.create_table(
        "observation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("period_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=8), nullable=True),
        sa.Column("value", sa.Float(), nullable=True),
        sa.Column("value_high", sa.Float(), nullable=True),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("qualifier", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=False),
        sa.Column("school_level", sa.String(length=32), nullable=True),
        sa.Column("funding_category", sa.String(length=32), nullable=True),
        sa.Column("flag", sa.String(length=200), nullable=True),
        sa.Column("repeat_of_id", sa.Integer(), nullable=True),
        sa.Column("total_id", sa.Integer(), nullable=True),
        sa.Column("raw_text", sa.String(length=200), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.Column("char_start", sa.Integer(), nullable=False),
        sa.Column("char_end", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(status = 'redacted') = (value IS NULL)", name=op.f("ck_observation_redacted_value")
        ),
        sa.CheckConstraint(
            "funding_category IN ('construction', 'equipment', 'student_aid', 'teachers', 'training', 'operations', 'sports', 'other')",
            name=op.f("ck_observation_funding_category"),
        ),
        sa.CheckConstraint(
            "measure IN ('level', 'change', 'earlier')", name=op.f("ck_observation_measure")
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approx', 'at_least', 'at_most')",
            name=op.f("ck_observation_qualifier"),
        ),
        sa.CheckConstraint("role IN ('review', 'plan')", name=op.f("ck_observation_role")),
        sa.CheckConstraint(
            "school_level IN ('preschool', 'primary', 'junior', 'compulsory', 'senior', 'vocational', 'special', 'teaching_point', 'all')",
            name=op.f("ck_observation_school_level"),
        ),
        sa.CheckConstraint(
            "status IN ('reported', 'target', 'redacted')", name=op.f("ck_observation_status")
        ),
        sa.CheckConstraint("char_start < char_end", name=op.f("ck_observation_span")),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicator.code"],
            name=op.f("fk_observation_indicator_code_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["period_id"], ["period.id"], name=op.f("fk_observation_period_id_period")
        ),
        sa.ForeignKeyConstraint(
            ["repeat_of_id"],
            ["observation.id"],
            name=op.f("fk_observation_repeat_of_id_observation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["report.id"],
            name=op.f("fk_observation_report_id_report"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["section.id"],
            name=op.f("fk_observation_section_id_section"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["total_id"],
            ["observation.id"],
            name=op.f("fk_observation_total_id_observation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation")),
        sa.UniqueConstraint("report_id", "ordinal", name=op.f("uq_observation_report_id_ordinal")),
    )
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.create_index(
            "ix_observation_indicator_period", ["indicator_code", "period_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_observation_report_id"), ["report_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_observation_section_id"), ["section_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("observation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_observation_section_id"))
        batch_op.drop_index(batch_op.f("ix_observation_report_id"))
        batch_op.drop_index("ix_observation_indicator_period")

    op.drop_table("observation")
    with op.batch_alter_table("section", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_section_report_id"))
        batch_op.drop_index(batch_op.f("ix_section_period_id"))

    op.drop_table("section")
    with op.batch_alter_table("report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_review_period_id"))
        batch_op.drop_index(batch_op.f("ix_report_region_code"))
        batch_op.drop_index(batch_op.f("ix_report_plan_period_id"))
        batch_op.drop_index(batch_op.f("ix_report_bureau_id"))

    op.drop_table("report")
    op.drop_table("bureau_alias")
    with op.batch_alter_table("bureau", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bureau_region_code"))

    op.drop_table("bureau")
    op.drop_table("schema_object")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_parent_code"))

    op.drop_table("region")
    op.drop_table("period")
    op.drop_table("indicator")
