"""Pure parsing of report text: no database imports anywhere below this package."""

from edureports.parse.report import PARSER_VERSION, parse, parse_text
from edureports.parse.types import Figure, ParsedReport, Period, ReportMeta, Section

__all__ = [
    "PARSER_VERSION",
    "Figure",
    "ParsedReport",
    "Period",
    "ReportMeta",
    "Section",
    "parse",
    "parse_text",
]
