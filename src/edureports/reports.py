"""Listing stored reports and reading one back with its tree and figures (for `show`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select, text

from edureports.models import Report


class ReportNotFound(LookupError):
    pass


LIST_SQL = """
SELECT report_id, source_name, bureau_name, county, doc_type, review_year, review_part,
       plan_year, plan_part, published_on, sections, figures
FROM v_reports ORDER BY report_id
"""


def list_reports(engine: Engine) -> tuple[list[str], list[tuple[Any, ...]]]:
    with engine.connect() as connection:
        result = connection.execute(text(LIST_SQL))
        return list(result.keys()), [tuple(r) for r in result]


@dataclass
class ReportDetail:
    report: dict[str, Any]
    sections: list[dict[str, Any]]
    figures: list[dict[str, Any]]
    text: str


def find_report_id(engine: Engine, ref: str) -> int:
    """A report by id, or by source file name (exact, then unique prefix)."""
    with engine.connect() as connection:
        if ref.isdigit() and connection.scalar(select(Report.id).where(Report.id == int(ref))):
            return int(ref)
        ids = connection.scalars(select(Report.id).where(Report.source_name == ref)).all()
        if not ids:
            ids = connection.scalars(
                select(Report.id).where(Report.source_name.startswith(ref, autoescape=True))
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
                    "SELECT s.id, s.parent_id, s.depth, s.marker, s.heading, s.role, p.year, "
                    "p.part, s.char_start, s.char_end FROM section s "
                    "LEFT JOIN period p ON p.id = s.period_id "
                    "WHERE s.report_id = :id ORDER BY s.ordinal"
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
        body = connection.scalar(select(Report.text).where(Report.id == report_id)) or ""
    return ReportDetail(report, sections, figures, body)
