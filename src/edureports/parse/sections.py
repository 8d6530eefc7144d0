"""The heading tree of a report and the period/role each section speaks of."""

from __future__ import annotations

from edureports.parse.types import ReportMeta, Section


def build_sections(text: str, meta: ReportMeta) -> list[Section]:
    """Return sections in document order; parents precede their children."""
    return []
