"""Hand-made reports for the view tests, independent of the parser.

Three bureaus in two provinces (黎城县 and 壶关县 in 山西省长治市, 柴桑区 in 江西省九江市),
years 2021–2023, a review and a plan of the same year (2023 for 黎城县), a conflict
between two reports of the same year (黎城县 2022: R1 says 90.5%, the later R3 says 91.2%),
repeated figures, a total stated beside its parts, a redacted figure, an earlier level and a
change that are not levels, and a half-year report. The expected rows of every comparison
view are written out in tests/test_views.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine

from edureports.parse.types import Figure, ParsedReport, Period, ReportMeta, Section
from edureports.store import store_parsed

LICHENG = ("黎城县教育局", "140426")
HUGUAN = ("壶关县教育局", "140427")
CHAISANG = ("柴桑区教育体育局", "360404")

INDICATOR_LABELS = {
    "preschool_gross_enrolment_rate": "学前三年毛入园率",
    "compulsory_consolidation_rate": "九年义务教育巩固率",
    "senior_secondary_gross_enrolment_rate": "高中阶段毛入学率",
    "balance_coefficient_primary": "小学综合差异系数",
    "funding_amount": "投入资金",
    "schools_consolidated": "撤并学校",
    "school_places_added": "新增学位",
}


@dataclass
class Fig:
    """One figure to write into a report: the text is generated around `raw`."""

    indicator: str
    raw: str
    value: float | None
    unit: str
    year: int
    role: str = "review"
    part: str = "year"
    measure: str = "level"
    status: str = "reported"
    qualifier: str = "exact"
    school_level: str | None = None
    funding_category: str | None = None
    repeat_of: int | None = None
    total_of: tuple[int, ...] = ()


@dataclass
class Doc:
    """One report to store: bureau, type, periods, publication date and figures."""

    name: str
    bureau: tuple[str, str]
    doc_type: str
    published_on: date | None
    review: Period | None
    plan: Period | None
    figures: list[Fig] = field(default_factory=list)


def _pct(indicator: str, value: float, year: int, **kw: object) -> Fig:
    raw = f"{value:g}%"
    return Fig(indicator, raw, value, "percent", year, **kw)  # type: ignore[arg-type]


def _yuan(raw: str, value: float | None, year: int, category: str | None, **kw: object) -> Fig:
    return Fig("funding_amount", raw, value, "yuan", year, funding_category=category, **kw)  # type: ignore[arg-type]


PRE = "preschool_gross_enrolment_rate"
CONS = "compulsory_consolidation_rate"
SENIOR = "senior_secondary_gross_enrolment_rate"

DOCS: tuple[Doc, ...] = (
    # R1: 黎城县, reviews 2022 and plans 2023.
    Doc(
        "r1_licheng_2022.txt",
        LICHENG,
        "summary_and_plan",
        date(2023, 1, 15),
        Period(2022),
        Period(2023),
        [
            _pct(PRE, 90.5, 2022),  # 0: loses to R3 (published later)
            _pct(PRE, 85.0, 2022, measure="earlier"),  # 1: an earlier level, not a value
            _pct(CONS, 96.0, 2022),  # 2
            Fig("balance_coefficient_primary", "0.35", 0.35, "coefficient", 2022),  # 3
            _yuan("500余万元", 5_000_000, 2022, "construction", qualifier="approx"),  # 4: R3 wins
            _yuan("500万元", 5_000_000, 2022, "construction", repeat_of=4),  # 5: a repeat
            _yuan("220.6203万元", 2_206_203, 2022, "student_aid"),  # 6: part of 8
            _yuan("259.8788万元", 2_598_788, 2022, "student_aid"),  # 7: part of 8
            _yuan("480.4991万元", 4_804_991, 2022, "student_aid", total_of=(6, 7)),  # 8
            _yuan("……万元", None, 2022, "equipment", status="redacted"),  # 9: redacted
            Fig("funding_amount", "16.53%", 16.53, "percent", 2022, measure="change"),  # 10
            Fig(
                "schools_consolidated",
                "5所",
                5,
                "schools",
                2022,
                school_level="all",
                total_of=(12, 13),
            ),  # 11
            Fig("schools_consolidated", "3所", 3, "schools", 2022, school_level="primary"),  # 12
            Fig(
                "schools_consolidated", "2个", 2, "schools", 2022, school_level="teaching_point"
            ),  # 13
            Fig("school_places_added", "1200个", 1200, "places", 2022),  # 14
            _pct(PRE, 92.0, 2023, role="plan", status="target"),  # 15
            _pct(CONS, 96.5, 2023, role="plan", status="target"),  # 16
            _yuan("800万元", 8_000_000, 2023, "construction", role="plan", status="target"),  # 17
        ],
    ),
    # R2: 黎城县, reviews 2023 (the year R1 planned).
    Doc(
        "r2_licheng_2023.txt",
        LICHENG,
        "summary",
        date(2024, 2, 1),
        Period(2023),
        None,
        [
            _pct(PRE, 91.0, 2023),
            _pct(CONS, 96.2, 2023),
            _yuan("750万元", 7_500_000, 2023, "construction"),
            _pct(SENIOR, 92.5, 2023),
        ],
    ),
    # R3: 黎城县, a speech published after R1 that restates 2022 differently.
    Doc(
        "r3_licheng_speech.txt",
        LICHENG,
        "speech",
        date(2023, 3, 10),
        Period(2022),
        None,
        [
            _pct(PRE, 91.2, 2022),
            _yuan("600万元", 6_000_000, 2022, "construction"),
            _yuan("600万元", 6_000_000, 2022, "construction", repeat_of=1),
        ],
    ),
    # R4: 壶关县 2021.
    Doc(
        "r4_huguan_2021.txt",
        HUGUAN,
        "summary",
        date(2022, 1, 20),
        Period(2021),
        None,
        [
            _pct(PRE, 88.0, 2021),
            _pct(CONS, 95.0, 2021),
            _yuan("300万元", 3_000_000, 2021, "construction"),
        ],
    ),
    # R5: 壶关县, reviews 2022 and plans 2023 (no review of 2023 follows).
    Doc(
        "r5_huguan_2022.txt",
        HUGUAN,
        "summary_and_plan",
        date(2023, 1, 10),
        Period(2022),
        Period(2023),
        [
            _pct(PRE, 89.0, 2022),
            _pct(SENIOR, 93.0, 2022),
            _pct(PRE, 90.0, 2023, role="plan", status="target"),
        ],
    ),
    # R6: 柴桑区 (江西省) 2022.
    Doc(
        "r6_chaisang_2022.txt",
        CHAISANG,
        "summary",
        date(2023, 2, 1),
        Period(2022),
        None,
        [
            _pct(PRE, 93.5, 2022),
            _pct(CONS, 97.0, 2022),
            _yuan("1.3亿余元", 130_000_000, 2022, "teachers", qualifier="approx"),
            Fig("schools_consolidated", "2所", 2, "schools", 2022, school_level="primary"),
        ],
    ),
    # R7: 柴桑区, a half-year summary of 2023.
    Doc(
        "r7_chaisang_2023h1.txt",
        CHAISANG,
        "half_year_summary",
        date(2023, 7, 15),
        Period(2023, "H1"),
        None,
        [_pct(PRE, 94.0, 2023, part="H1")],
    ),
)


def build(doc: Doc) -> ParsedReport:
    """Write a small report text around the figures, with exact spans and two sections."""
    title = f"{doc.bureau[0]}{doc.name}"
    text = title + "\n"
    sections: list[Section] = []
    figures: list[Figure] = []
    for role in ("review", "plan"):
        chosen = [(n, f) for n, f in enumerate(doc.figures) if f.role == role]
        if not chosen:
            continue
        heading = "一、工作回顾" if role == "review" else "二、工作计划"
        start = len(text)
        text += heading + "\n"
        heading_end = start + len(heading)
        period = doc.review if role == "review" else doc.plan
        section_index = len(sections)
        for n, f in chosen:
            clause = f"{f.year}年{INDICATOR_LABELS.get(f.indicator, f.indicator)}第{n}项为"
            fig_start = len(text) + len(clause)
            clause += f.raw + "。"
            text += clause
            figures.append(
                Figure(
                    start=fig_start,
                    end=fig_start + len(f.raw),
                    raw=f.raw,
                    value=f.value,
                    unit=f.unit,
                    qualifier=f.qualifier,  # type: ignore[arg-type]
                    status=f.status,  # type: ignore[arg-type]
                    measure=f.measure,  # type: ignore[arg-type]
                    indicator=f.indicator,
                    school_level=f.school_level,
                    funding_category=f.funding_category,
                    clause=clause,
                    section=section_index,
                    period=Period(f.year, f.part),  # type: ignore[arg-type]
                    role=f.role,  # type: ignore[arg-type]
                    repeat_of=f.repeat_of,
                    total_of=f.total_of,
                )
            )
        text += "\n"
        sections.append(
            Section(
                index=section_index,
                parent=None,
                depth=1,
                marker=heading[:2],
                heading=heading[2:],
                start=start,
                end=len(text),
                heading_end=heading_end,
                period=period,
                role=role,  # type: ignore[arg-type]
            )
        )
    # Figures are listed per section above; restore the document order of the spec so that
    # repeat_of / total_of indices (positions in doc.figures) stay valid.
    order = [n for role in ("review", "plan") for n, f in enumerate(doc.figures) if f.role == role]
    by_spec = dict(zip(order, figures, strict=True))
    ordered = [by_spec[n] for n in range(len(doc.figures))]
    meta = ReportMeta(
        title=title,
        doc_type=doc.doc_type,  # type: ignore[arg-type]
        bureau_name=doc.bureau[0],
        bureau_written=doc.bureau[0],
        region_code=doc.bureau[1],
        published_on=doc.published_on,
        review=doc.review,
        plan=doc.plan,
    )
    return ParsedReport(
        text=text, meta=meta, sections=sections, figures=ordered, source_name=doc.name
    )


def load(engine: Engine) -> list[int]:
    """Store every fixture report in order; report ids come back as 1..7 on a fresh DB."""
    return [store_parsed(engine, build(doc))[1] for doc in DOCS]
