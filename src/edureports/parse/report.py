"""parse(RawDocument) -> ParsedReport: the one entry point of the parser."""

from __future__ import annotations

import re

from edureports.loaders.base import RawDocument
from edureports.parse.clean import clean_text
from edureports.parse.figures import extract_figures
from edureports.parse.metadata import bureau_from_name, read_metadata
from edureports.parse.sections import build_sections
from edureports.parse.types import ParsedReport, Period

# Bump when parsing changes what is stored; `edureports reparse` records it per report.
PARSER_VERSION = "0.2.0"

_CJK = re.compile(r"[\u4e00-\u9fff]")
_MIN_CJK = 100
_REPORT_WORDS = ("教育", "学校", "教师", "学生", "幼儿园", "小学", "中学", "体育")
# Function characters make up ~4-5% of report prose and ~0.1% of random CJK text (a
# mis-decoded file, a random GB18030 string); navigation link lists have no sentences.
_FUNCTION_CHARS = re.compile("[的了和在是为对与及等]")
_MIN_FUNCTION_SHARE = 0.01
_MIN_SENTENCES = 3
_SENTENCE_END = re.compile(r"[。;!?]")


class NotAReportError(ValueError):
    """The text holds no education report (too short, or about something else)."""


def check_report_text(cleaned: str) -> None:
    """Raise NotAReportError unless the cleaned text reads like a report about education."""
    # counted by what a substitution removes: no list of one-character strings is built
    cjk = len(cleaned) - len(_CJK.sub("", cleaned))
    if cjk < _MIN_CJK:
        raise NotAReportError("no report text: fewer than 100 Chinese characters")
    if len(cleaned) - len(_FUNCTION_CHARS.sub("", cleaned)) < _MIN_FUNCTION_SHARE * cjk:
        raise NotAReportError("no report text: the characters do not read as Chinese prose")
    if len(_SENTENCE_END.findall(cleaned)) < _MIN_SENTENCES:
        raise NotAReportError("no report text: no sentences, only headings or links")
    if not any(word in cleaned for word in _REPORT_WORDS):
        raise NotAReportError("no report text: nothing about education")


def parse_text(
    text: str,
    hints: dict[str, str] | None = None,
    *,
    bureau: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Parse raw report text; `bureau` and `year` override detection."""
    cleaned = clean_text(text)
    check_report_text(cleaned)
    meta = read_metadata(cleaned, hints or {})
    if bureau:
        meta.bureau_name, code = bureau_from_name(bureau)
        meta.bureau_written = bureau
        meta.region_code = code or meta.region_code
    if year is not None:
        meta.review = Period(year, meta.review.part if meta.review else "year")
        if meta.plan is not None:
            meta.plan = Period(year + 1 if meta.plan.part == "year" else year, meta.plan.part)
    sections = build_sections(cleaned, meta)
    figures = extract_figures(cleaned, sections, meta)
    return ParsedReport(text=cleaned, meta=meta, sections=sections, figures=figures)


def parse(doc: RawDocument, *, bureau: str | None = None, year: int | None = None) -> ParsedReport:
    report = parse_text(doc.text, doc.hints, bureau=bureau, year=year)
    report.source_name = doc.source_name
    report.format = doc.format
    report.encoding = doc.encoding
    return report
