"""Classification of each figure into the indicator catalog, with level and category."""

from __future__ import annotations

from edureports.parse.types import Figure, ReportMeta, Section


def extract_figures(text: str, sections: list[Section], meta: ReportMeta) -> list[Figure]:
    """Every figure in the text, classified where the wording is unambiguous."""
    return []
