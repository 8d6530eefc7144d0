"""The parser's output: small dataclasses shared by clean/metadata/sections/figures/store.

Every span (start, end) is a half-open character range into ParsedReport.text, the
cleaned text that is stored with the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

Role = Literal["review", "plan"]
Part = Literal["year", "H1", "H2"]
DocType = Literal["summary", "plan", "summary_and_plan", "half_year_summary", "speech", "other"]
Qualifier = Literal["exact", "approx", "at_least", "at_most"]
Status = Literal["reported", "target", "redacted"]
# level: the figure is the value of its indicator; change: a difference (比上年增加, 提高2.3个百分点);
# earlier: an earlier level quoted for comparison (由58%上升到79.6% -> 58 is earlier)
Measure = Literal["level", "change", "earlier"]

DOC_TYPES: tuple[str, ...] = (
    "summary",
    "plan",
    "summary_and_plan",
    "half_year_summary",
    "speech",
    "other",
)
ROLES: tuple[str, ...] = ("review", "plan")
PARTS: tuple[str, ...] = ("year", "H1", "H2")
QUALIFIERS: tuple[str, ...] = ("exact", "approx", "at_least", "at_most")
STATUSES: tuple[str, ...] = ("reported", "target", "redacted")
MEASURES: tuple[str, ...] = ("level", "change", "earlier")
# Where a metadata field (bureau, region, review or plan period) was decided, so an analyst
# can keep only what a report states outright:
#   title         the document's own title line
#   header        a page header line (发文机关, 发布机构, 来源, 作者 …)
#   heading       a heading of the body (一、2022年工作完成情况)
#   opening       the first sentences of the body (本报讯…, 2021年,桃江县…)
#   body          the wording of the whole body (names counted, five-year-plan years …)
#   figures       the year most figures of the body are stated for
#   page_date     a date stamped on the page (发布日期, a news date) with 今年/去年/明年
#   index_number  the year in an open-government 索引号
#   hint          what the file container declared (an HTML <title>, docx properties)
#   file_name     the file's own name (黎城县教育体育局2022年工作总结.docx), for a text without a title
#   override      the user's `load --bureau/--year`
Source = Literal[
    "title",
    "header",
    "heading",
    "opening",
    "body",
    "figures",
    "page_date",
    "index_number",
    "hint",
    "file_name",
    "override",
]
SOURCES: tuple[str, ...] = (
    "title",
    "header",
    "heading",
    "opening",
    "body",
    "figures",
    "page_date",
    "index_number",
    "hint",
    "file_name",
    "override",
)


@dataclass(frozen=True, order=True)
class Period:
    year: int
    part: Part = "year"


@dataclass
class ReportMeta:
    title: str | None = None
    doc_type: DocType = "other"
    bureau_name: str | None = None  # canonical, e.g. 黎城县教育体育局; None when redacted/unknown
    bureau_written: str | None = None  # as written in the text, e.g. 柴桑区教体局
    region_code: str | None = None  # 6-digit GB/T 2260 code; None when ambiguous or absent
    published_on: date | None = None
    index_number: str | None = None
    review: Period | None = None  # the period the report reviews
    plan: Period | None = None  # the period the report plans
    # where each was decided (one of SOURCES); None when the field is None
    bureau_source: Source | None = None
    region_source: Source | None = None
    review_source: Source | None = None
    plan_source: Source | None = None


@dataclass
class Section:
    index: int  # position in ParsedReport.sections (document order)
    parent: int | None  # index of the parent section
    depth: int  # 1 for top level
    marker: str | None  # as written: 一、 (一) 1. （1） ① 一是 ; None for unnumbered headings
    heading: str
    start: int  # span of the whole section (heading through the end of its body)
    end: int
    heading_end: int  # end of the heading text
    period: Period | None = None
    role: Role | None = None


@dataclass
class Figure:
    start: int  # span of the figure as written, e.g. "368万元" or "98%" or "xx"
    end: int
    raw: str  # == text[start:end]
    value: float | None  # in base unit; None when redacted
    unit: str  # base unit: percent, yuan, places, schools, persons, coefficient, ratio, ...
    qualifier: Qualifier = "exact"
    status: Status = "reported"
    measure: Measure = "level"
    value_high: float | None = None  # upper end of a range (300—500人次); value is the low end
    indicator: str = "unclassified"
    school_level: str | None = None
    funding_category: str | None = None
    # student aid programme (catalog [programme.*]) of an aid amount or students aided
    aid_programme: str | None = None
    clause: str = ""  # the source clause the figure sits in
    section: int | None = None  # index into ParsedReport.sections
    period: Period | None = None
    role: Role | None = None
    flag: str | None = None  # why the value is implausible (a rate above 100 ...), else None
    repeat_of: int | None = None  # index of the earlier figure this one restates
    total_of: tuple[int, ...] = ()  # indices of the figures this one is the total of


@dataclass
class ParsedReport:
    text: str
    meta: ReportMeta
    sections: list[Section] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    source_name: str = ""
    format: str = "txt"
    encoding: str | None = None
