"""The schema (SPEC §3) as SQLAlchemy 2.0 typed models. Alembic migrations create it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from edureports.catalog import FUNDING_CATEGORIES, SCHOOL_LEVELS
from edureports.parse.types import DOC_TYPES, MEASURES, PARTS, QUALIFIERS, ROLES, STATUSES

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

intpk = Annotated[int, mapped_column(Integer, primary_key=True)]
short = Annotated[str, mapped_column(String(200))]
code = Annotated[str, mapped_column(String(64))]
region_code = Annotated[str, mapped_column(String(6))]


def _in(
    column: str, values: tuple[str, ...] | list[str], name: str | None = None
) -> CheckConstraint:
    """The column holds one of `values` (or NULL). SQLite stores it as `col = 'a' OR col =
    'b'` since revision 0013: it builds a temporary index for an IN list on every row it
    checks, which made the list checks two thirds of the cost of inserting a figure."""
    quoted = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or column)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Region(Base):
    """A GB/T 2260 division: province, prefecture or county."""

    __tablename__ = "region"
    __table_args__ = (_in("level", ("province", "prefecture", "county")),)

    code: Mapped[region_code] = mapped_column(primary_key=True)
    name: Mapped[short]
    level: Mapped[str] = mapped_column(String(16))
    parent_code: Mapped[region_code | None] = mapped_column(ForeignKey("region.code"), index=True)
    # The names of the province, prefecture and county the division lies in (0012), as the
    # views show them: derived from the hierarchy at head (schema_sync.sync_regions), so a
    # filter on province finds its divisions by index. TEXT, so that views show them without
    # a CAST (SQLite uses no index under a CAST).
    province: Mapped[str | None] = mapped_column(Text, index=True)
    prefecture: Mapped[str | None] = mapped_column(Text)
    county: Mapped[str | None] = mapped_column(Text)


class Bureau(Base):
    """One education bureau under its canonical name."""

    __tablename__ = "bureau"

    id: Mapped[intpk]
    name: Mapped[short] = mapped_column(unique=True)
    region_code: Mapped[region_code | None] = mapped_column(ForeignKey("region.code"), index=True)

    aliases: Mapped[list[BureauAlias]] = relationship(
        back_populates="bureau", cascade="all, delete-orphan"
    )


class BureauAlias(Base):
    """A name a bureau was written under (柴桑区教体局 for 柴桑区教育体育局)."""

    __tablename__ = "bureau_alias"
    __table_args__ = (UniqueConstraint("bureau_id", "alias"),)

    id: Mapped[intpk]
    bureau_id: Mapped[int] = mapped_column(ForeignKey("bureau.id", ondelete="CASCADE"))
    alias: Mapped[short]

    bureau: Mapped[Bureau] = relationship(back_populates="aliases")


class Period(Base):
    """A reporting period: a year, or its first or second half."""

    __tablename__ = "period"
    __table_args__ = (
        UniqueConstraint("year", "part"),
        _in("part", PARTS),
        CheckConstraint("year BETWEEN 1949 AND 2100", name="year"),
    )

    id: Mapped[intpk]
    year: Mapped[int]
    part: Mapped[str] = mapped_column(String(4), default="year")


class Report(Base):
    """One source document and its normalised text (every span refers to it)."""

    __tablename__ = "report"
    __table_args__ = (_in("doc_type", DOC_TYPES),)

    id: Mapped[intpk]
    bureau_id: Mapped[int | None] = mapped_column(ForeignKey("bureau.id"), index=True)
    region_code: Mapped[region_code | None] = mapped_column(ForeignKey("region.code"), index=True)
    bureau_written: Mapped[str | None] = mapped_column(String(200))
    title: Mapped[str | None] = mapped_column(String(500))
    doc_type: Mapped[str] = mapped_column(String(32), default="other")
    published_on: Mapped[date | None] = mapped_column(Date)
    index_number: Mapped[str | None] = mapped_column(String(100))
    review_period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"), index=True)
    plan_period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"), index=True)
    # Where bureau, region and the periods were decided (parse.types.SOURCES: title, opening,
    # body, figures, page_date, override …), so that analysts can keep only stated values.
    bureau_source: Mapped[str | None] = mapped_column(String(16))
    region_source: Mapped[str | None] = mapped_column(String(16))
    review_source: Mapped[str | None] = mapped_column(String(16))
    plan_source: Mapped[str | None] = mapped_column(String(16))
    source_name: Mapped[str] = mapped_column(String(500))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    encoding: Mapped[str | None] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(16))
    parser_version: Mapped[str] = mapped_column(String(32))
    # What the file container declared (title, dates) and the user's --bureau/--year
    # overrides, as JSON, so that `reparse` can re-derive everything from the database.
    hints: Mapped[str] = mapped_column(Text, default="{}")
    loaded_at: Mapped[datetime] = mapped_column(DateTime)

    bureau: Mapped[Bureau | None] = relationship()
    review_period: Mapped[Period | None] = relationship(foreign_keys=[review_period_id])
    plan_period: Mapped[Period | None] = relationship(foreign_keys=[plan_period_id])
    sections: Mapped[list[Section]] = relationship(
        back_populates="report",
        cascade="all, delete-orphan",
        order_by="Section.ordinal",
        passive_deletes=True,
    )


class Section(Base):
    """A heading of a report and the text under it, with the period and role it speaks of."""

    __tablename__ = "section"
    __table_args__ = (
        UniqueConstraint("report_id", "ordinal"),
        _in("role", ROLES),
        CheckConstraint("char_start <= char_end", name="span"),
    )

    id: Mapped[intpk]
    # No index of its own: the unique (report_id, ordinal) index serves report_id (revision 0003).
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    ordinal: Mapped[int]
    depth: Mapped[int]
    marker: Mapped[str | None] = mapped_column(String(32))
    heading: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int]
    char_end: Mapped[int]
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(8))

    report: Mapped[Report] = relationship(back_populates="sections")
    period: Mapped[Period | None] = relationship()


class Indicator(Base):
    """The catalog (catalog.py is its source; a migration step keeps this table in step)."""

    __tablename__ = "indicator"

    code: Mapped[code] = mapped_column(primary_key=True)
    name_zh: Mapped[short]
    name_en: Mapped[short]
    family: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text, default="")
    # the view that shows it, whether its figures add up over a year, what defines it (0008)
    topic: Mapped[str] = mapped_column(String(32), server_default="other")
    additive: Mapped[bool] = mapped_column(Boolean, server_default=false())
    framework: Mapped[str | None] = mapped_column(String(200))
    citation: Mapped[str | None] = mapped_column(Text)


class IndicatorStandard(Base):
    """A national standard an indicator is held to, with its citation (catalog data, seeded at
    head like the indicator rows; v_standards sets each county's figures against it)."""

    __tablename__ = "indicator_standard"
    __table_args__ = (CheckConstraint("op IN ('>=', '>', '<=', '<')", name="op"),)

    # No foreign key to indicator, as national_reference: both are seeded at head.
    indicator_code: Mapped[code] = mapped_column(primary_key=True)
    school_level: Mapped[str] = mapped_column(String(32), primary_key=True)  # '' for none
    op: Mapped[str] = mapped_column(String(2))
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    framework: Mapped[str] = mapped_column(String(200))
    document: Mapped[str] = mapped_column(String(200))
    citation: Mapped[str] = mapped_column(Text)


# The figures the counting rules can count and the columns they read of them (see
# ix_observation_counted; revision 0005 created the index, 0010 leads it with report_id).
COUNTED_WHERE = (
    "measure = 'level' AND status <> 'redacted' AND value IS NOT NULL"
    " AND repeat_of_id IS NULL AND role IS NOT NULL AND indicator_code <> 'unclassified'"
)
COUNTED_COLUMNS = (
    # report_id first (revision 0010): the summaries are refreshed per bureau, reading the
    # counted figures of that bureau's reports; a full rebuild scans the whole index anyway.
    "report_id",
    "indicator_code",
    "period_id",
    "role",
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
)


class Observation(Base):
    """One figure as written in a report, normalised to its base unit."""

    __tablename__ = "observation"
    __table_args__ = (
        UniqueConstraint("report_id", "ordinal"),
        _in("role", ROLES),
        _in("qualifier", QUALIFIERS),
        _in("status", STATUSES),
        _in("measure", MEASURES),
        _in("school_level", tuple(SCHOOL_LEVELS)),
        _in("funding_category", tuple(FUNDING_CATEGORIES)),
        CheckConstraint("char_start < char_end", name="span"),
        CheckConstraint("(status = 'redacted') = (value IS NULL)", name="redacted_value"),
        Index("ix_observation_indicator_period", "indicator_code", "period_id"),
        # Deleting a report (reparse) cascades through these self-references: without an
        # index each deleted row scans the whole table. Partial: almost all are NULL.
        Index(
            "ix_observation_repeat_of_id",
            "repeat_of_id",
            sqlite_where=text("repeat_of_id IS NOT NULL"),
            postgresql_where=text("repeat_of_id IS NOT NULL"),
        ),
        Index(
            "ix_observation_total_id",
            "total_id",
            sqlite_where=text("total_id IS NOT NULL"),
            postgresql_where=text("total_id IS NOT NULL"),
        ),
        # v_counted_figures reads the figures that can count (revision 0005): this partial
        # index holds exactly those, with every column the view reads, so SQLite scans it
        # as a covering index instead of the whole table (most figures are unclassified).
        # The WHERE must stay word for word the view's: SQLite only uses a partial index
        # whose terms appear in the query.
        Index(
            "ix_observation_counted",
            *COUNTED_COLUMNS,
            sqlite_where=text(COUNTED_WHERE),
            postgresql_where=text(COUNTED_WHERE),
        ),
    )

    id: Mapped[intpk]
    # No index of its own: (report_id, ordinal) and ix_observation_counted lead with it (0011).
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id", ondelete="CASCADE"))
    ordinal: Mapped[int]
    section_id: Mapped[int | None] = mapped_column(
        ForeignKey("section.id", ondelete="CASCADE"), index=True
    )
    indicator_code: Mapped[code] = mapped_column(ForeignKey("indicator.code"))
    period_id: Mapped[int | None] = mapped_column(ForeignKey("period.id"))
    role: Mapped[str | None] = mapped_column(String(8))
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    qualifier: Mapped[str] = mapped_column(String(16), default="exact")
    status: Mapped[str] = mapped_column(String(16), default="reported")
    measure: Mapped[str] = mapped_column(String(16), default="level")
    school_level: Mapped[str | None] = mapped_column(String(32))
    funding_category: Mapped[str | None] = mapped_column(String(32))
    # the student aid programme (catalog [programme.*]) of an aid figure, else NULL (0009)
    aid_programme: Mapped[str | None] = mapped_column(String(32))
    flag: Mapped[str | None] = mapped_column(String(200))
    repeat_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("observation.id", ondelete="CASCADE")
    )
    total_id: Mapped[int | None] = mapped_column(ForeignKey("observation.id", ondelete="CASCADE"))
    raw_text: Mapped[str] = mapped_column(String(200))
    source_text: Mapped[str] = mapped_column(Text)
    char_start: Mapped[int]
    char_end: Mapped[int]


class SchemaObject(Base):
    """Registry of views (and seeds) applied at head, with the hash of their source."""

    __tablename__ = "schema_object"

    name: Mapped[code] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    sha256: Mapped[str] = mapped_column(String(64))


class NationalReference(Base):
    """A national value of an indicator for a year, as published by the Ministry of Education.

    Fixed facts (全国教育事业发展统计公报), seeded by a versioned migration, so the comparison
    views can show each district's gap to the national level of the same year.
    """

    __tablename__ = "national_reference"
    __table_args__ = (CheckConstraint("year BETWEEN 1949 AND 2100", name="year"),)

    # No foreign key to indicator: the catalog is seeded at head, after the versioned revisions.
    indicator_code: Mapped[code] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(200))
    source_url: Mapped[str] = mapped_column(String(500))


# --- summaries (revision 0010): derived rows, kept by edureports.summaries -----------------
# Each is what a definition in sql/summaries/ computes from the tables above, refreshed for
# the bureaus and years a load, reparse or delete touches, in the same transaction. No
# foreign keys: the rows are recomputed, never edited, and checks would slow every load.
# Columns in the order their definition returns them: it fills the table positionally.


class CountedFigure(Base):
    """A figure that counts (SPEC §5; sql/summaries/counted_figure.sql): v_counted_figures
    without the names, which the view joins from bureau, region and indicator."""

    __tablename__ = "counted_figure"
    __table_args__ = (
        Index("ix_counted_figure_bureau_year", "bureau_id", "year"),
        Index("ix_counted_figure_indicator_year", "indicator_code", "year"),
    )

    observation_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    report_id: Mapped[int]
    bureau_id: Mapped[int]
    indicator_code: Mapped[code]
    unit: Mapped[str] = mapped_column(String(32))
    year: Mapped[int]
    part: Mapped[str] = mapped_column(String(4))
    role: Mapped[str] = mapped_column(String(8))
    school_level: Mapped[str | None] = mapped_column(String(32))
    funding_category: Mapped[str | None] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)
    qualifier: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    flag: Mapped[str | None] = mapped_column(String(200))
    published_on: Mapped[date | None] = mapped_column(Date)
    total_id: Mapped[int | None]
    total_counted: Mapped[int]
    total_in_series: Mapped[int]
    # 1 = the figure a level takes in its bureau x indicator x year x role (revision 0014).
    pick_order: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class PickedValue(Base):
    """One value per bureau x indicator x year x role (sql/summaries/picked_value.sql):
    v_indicator_values before names and rounding."""

    __tablename__ = "picked_value"
    __table_args__ = (
        Index("ix_picked_value_indicator_year", "indicator_code", "year"),
        Index(
            "ix_picked_value_preferred",
            "indicator_code",
            "year",
            text("value DESC"),
            "bureau_id",
            "role",
            "part",
            "unit",
            sqlite_where=text("preferred = 1"),
            postgresql_where=text("preferred = 1"),
        ),
    )

    bureau_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    indicator_code: Mapped[code] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(8), primary_key=True)
    unit: Mapped[str | None] = mapped_column(String(32))
    part: Mapped[str | None] = mapped_column(String(4))
    value: Mapped[float | None] = mapped_column(Float)
    figures: Mapped[int]
    any_approximate: Mapped[int]
    report_id: Mapped[int | None]
    additive: Mapped[int]
    # 1 on the value of the year (the review if the bureau has one, else the plan): the rows
    # v_district_comparison ranks, by the partial index below (0012).
    preferred: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class CatalogValue(Base):
    """One row per bureau x indicator x year x role x school level
    (sql/summaries/catalog_value.sql): v_catalog_values before names, with both the sum and
    the first figure (the catalog's additive flag, applied by the view, picks one)."""

    __tablename__ = "catalog_value"
    __table_args__ = (Index("ix_catalog_value_indicator_year", "indicator_code", "year"),)

    bureau_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    indicator_code: Mapped[code] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    role: Mapped[str] = mapped_column(String(8), primary_key=True)
    level_key: Mapped[str] = mapped_column(String(32), primary_key=True)
    school_level: Mapped[str | None] = mapped_column(String(32))
    unit: Mapped[str | None] = mapped_column(String(32))
    summed: Mapped[float | None] = mapped_column(Float)
    summed_figures: Mapped[int]
    first_value: Mapped[float | None] = mapped_column(Float)
    report_id: Mapped[int | None]


class ReportCount(Base):
    """What v_reports counts in one report (sql/summaries/report_count.sql): its sections and
    its figures by family and kind, refreshed by each load, reparse and delete of it."""

    __tablename__ = "report_count"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("report.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    sections: Mapped[int]
    figures: Mapped[int]
    enrolment_figures: Mapped[int]
    consolidation_figures: Mapped[int]
    funding_figures: Mapped[int]
    teachers_figures: Mapped[int]
    outcomes_figures: Mapped[int]
    other_figures: Mapped[int]
    redacted_figures: Mapped[int]
    unclassified_figures: Mapped[int]
    flagged_figures: Mapped[int]
