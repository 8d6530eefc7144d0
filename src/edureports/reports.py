"""Listing stored reports and reading one back with its tree and figures (for `show`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, text

from edureports import filters


class ReportNotFound(LookupError):
    pass


LIST_SQL = """
SELECT report_id, source_name, bureau_name, county, doc_type, review_year, review_part,
       plan_year, plan_part, published_on, sections, figures,
       bureau_id, region_code, province, prefecture
FROM v_reports ORDER BY report_id
"""
# Shown by `reports`; the rest of LIST_SQL decides what a report lacks and its filters.
LIST_COLUMNS: tuple[str, ...] = (
    "report_id",
    "source_name",
    "bureau_name",
    "county",
    "doc_type",
    "review_year",
    "review_part",
    "plan_year",
    "plan_part",
    "published_on",
    "sections",
    "figures",
    "lacks",
)
# What a comparison groups by: a report lacking one of them drops out of some comparisons.
LACKS: tuple[str, ...] = ("bureau", "region", "year")


def lacks(row: dict[str, Any]) -> tuple[str, ...]:
    """What a v_reports row lacks of bureau, region and year (reviewed or planned)."""
    missing = {
        "bureau": row["bureau_id"] is None,
        "region": row["region_code"] is None,
        "year": row["review_year"] is None and row["plan_year"] is None,
    }
    return tuple(k for k in LACKS if missing[k])


def list_reports(
    engine: Engine,
    *,
    incomplete: bool = False,
    province: str | None = None,
    prefecture: str | None = None,
    bureau: str | None = None,
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The stored reports, each with what it lacks ("bureau, year"; "" when complete).

    incomplete: only reports lacking a bureau, a region or a year. Place and bureau filters
    take the names people type (filters.py) and raise filters.NoMatch naming stored ones.
    """
    with engine.connect() as connection:
        rows = [dict(r) for r in connection.execute(text(LIST_SQL)).mappings()]
    stored = [
        filters.Named(r["bureau_name"], r["province"], r["prefecture"], r["county"]) for r in rows
    ]
    matched = filters.match(stored, province=province, prefecture=prefecture, bureau=bureau)
    for column, level in (
        ("province", "province"),
        ("prefecture", "prefecture"),
        ("bureau_name", "bureau"),
    ):
        names = matched.names(level)
        if names is not None:
            rows = [r for r in rows if r[column] in names]
    out = []
    for r in rows:
        missing = lacks(r)
        if incomplete and not missing:
            continue
        r["lacks"] = ", ".join(missing)
        out.append(tuple(r[c] for c in LIST_COLUMNS))
    return list(LIST_COLUMNS), out


@dataclass
class ReportDetail:
    report: dict[str, Any]
    sections: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    text: str


def find_report_id(engine: Engine, ref: str) -> int:
    """A report by id, or by source file name (exact, then unique prefix). Reads v_reports,
    so the read-only role can use it."""
    with engine.connect() as connection:
        if ref.isdigit() and connection.scalar(
            text("SELECT report_id FROM v_reports WHERE report_id = :id"), {"id": int(ref)}
        ):
            return int(ref)
        ids = connection.scalars(
            text("SELECT report_id FROM v_reports WHERE source_name = :name"), {"name": ref}
        ).all()
        if not ids:
            escaped = ref.replace("!", "!!").replace("%", "!%").replace("_", "!_")
            ids = connection.scalars(
                text(
                    "SELECT report_id FROM v_reports WHERE source_name LIKE :prefix ESCAPE '!' "
                    "ORDER BY report_id"
                ),
                {"prefix": escaped + "%"},
            ).all()
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise ReportNotFound(f"no report {ref!r} (give an id or a source file name)")
    raise ReportNotFound(f"{ref!r} matches {len(ids)} reports; give the id")


def report_detail(engine: Engine, ref: str) -> ReportDetail:
    report_id = find_report_id(engine, ref)
    with engine.connect() as connection:
        report = dict(
            connection.execute(
                text("SELECT * FROM v_reports WHERE report_id = :id"), {"id": report_id}
            )
            .mappings()
            .one()
        )
        sections = [
            dict(r)
            for r in connection.execute(
                text(
                    "SELECT section_id AS id, parent_id, depth, marker, heading, role, "
                    "period_year AS year, period_part AS part, char_start, char_end "
                    "FROM v_sections WHERE report_id = :id ORDER BY ordinal"
                ),
                {"id": report_id},
            ).mappings()
        ]
        figures = [
            dict(r)
            for r in connection.execute(
                text(
                    "SELECT observation_id, indicator_code, value, value_high, unit, qualifier, "
                    "status, measure, school_level, funding_category, period_year, period_part, "
                    "period_role, flag, repeat_of_id, total_id, raw_text, source_text, "
                    "char_start, char_end FROM v_observations WHERE report_id = :id "
                    "ORDER BY char_start, observation_id"
                ),
                {"id": report_id},
            ).mappings()
        ]
        body = (
            connection.scalar(
                text("SELECT report_text FROM v_report_texts WHERE report_id = :id"),
                {"id": report_id},
            )
            or ""
        )
    return ReportDetail(report, sections, figures, body)
