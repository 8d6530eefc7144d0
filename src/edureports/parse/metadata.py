"""Bureau, region, document type, reporting periods, dates and index number."""

from __future__ import annotations

from edureports.parse.types import ReportMeta


def read_metadata(text: str, hints: dict[str, str] | None = None) -> ReportMeta:
    """Read what the report says about itself; leave unknowns as None, never guess."""
    return ReportMeta(title=(hints or {}).get("title"))
