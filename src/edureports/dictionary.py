"""The data dictionary of every view and column: one source for docs/dictionary.md, the
PostgreSQL `COMMENT ON VIEW/COLUMN` that BI tools show as descriptions, and the Chinese
column headers of `edureports compare`.

Indicator columns take their names, units and descriptions from catalog.py, so a catalog
change shows up here without a second edit. tests/test_dictionary.py checks that every view
column is described here (on both backends) and that docs/dictionary.md is up to date.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection

from edureports import catalog, views


@dataclass(frozen=True)
class Column:
    """One view column: its logical type, meaning, unit, and a short Chinese header."""

    name: str
    type: str  # integer | double | text | date | timestamp | flag (0/1 integer)
    meaning: str
    unit: str = ""
    label_zh: str = ""


@dataclass(frozen=True)
class View:
    name: str
    grain: str
    description: str
    columns: tuple[Column, ...]


def _c(name: str, type_: str, meaning: str, unit: str = "", label_zh: str = "") -> Column:
    return Column(name, type_, meaning, unit, label_zh)


# Columns shared by several views, described once.
_SHARED: dict[str, Column] = {
    c.name: c
    for c in (
        _c("report_id", "integer", "Report id (report.id).", label_zh="报告"),
        _c("source_name", "text", "File name the report was loaded from.", label_zh="文件"),
        _c("report_title", "text", "Title of the report.", label_zh="标题"),
        _c(
            "doc_type",
            "text",
            "summary, plan, summary_and_plan, half_year_summary, speech or other.",
            label_zh="类型",
        ),
        _c("published_on", "date", "Publication date of the report.", label_zh="发布日期"),
        _c("bureau_id", "integer", "Bureau id (bureau.id), a surrogate key.", label_zh="局"),
        _c("bureau_name", "text", "Canonical name of the education bureau.", label_zh="教育局"),
        _c("province", "text", "Province (GB/T 2260) of the bureau.", label_zh="省"),
        _c("prefecture", "text", "Prefecture-level city of the bureau.", label_zh="市"),
        _c("county", "text", "County or district of the bureau.", label_zh="县区"),
        _c(
            "region_code",
            "text",
            "Six-digit GB/T 2260 code of the bureau's region.",
            label_zh="区划代码",
        ),
        _c("year", "integer", "Calendar year the figures speak of.", label_zh="年份"),
        _c(
            "role",
            "text",
            "review (what was done in the year: reported figures) or plan (what was planned "
            "for it: targets). In the comparison views a figure's status decides: a target is "
            "a plan wherever the report writes it, so no value adds a target to a reported one.",
            label_zh="口径",
        ),
        _c("indicator_code", "text", "Indicator code (catalog, SPEC §4).", label_zh="指标"),
        _c("indicator_name_zh", "text", "Chinese name of the indicator.", label_zh="指标名称"),
        _c("indicator_name_en", "text", "English name of the indicator.", label_zh="英文名称"),
        _c(
            "family",
            "text",
            "Indicator family: enrolment, consolidation, funding, teachers, outcomes, other.",
            label_zh="类别",
        ),
        _c("unit", "text", "Base unit of the value (see Units below).", label_zh="单位"),
        _c(
            "figures",
            "integer",
            "Number of figures behind the value (repeats once, totals instead of parts).",
            label_zh="数字个数",
        ),
        _c(
            "any_approximate",
            "flag",
            "1 when any figure behind the value is approximate (余/近/约, 以上, 以内).",
            label_zh="约数",
        ),
        _c(
            "qualifier",
            "text",
            "exact, approx (余/近/约/左右), at_least (以上/超过), at_most (以内/不超过).",
            label_zh="限定",
        ),
        _c(
            "status",
            "text",
            "reported, target (a planned value) or redacted (value withheld).",
            label_zh="状态",
        ),
        _c(
            "school_level",
            "text",
            "School level the figure refers to: " + ", ".join(catalog.SCHOOL_LEVELS) + ".",
            label_zh="学段",
        ),
        _c(
            "funding_category",
            "text",
            "Funding category: " + ", ".join(catalog.FUNDING_CATEGORIES) + ".",
            label_zh="经费类别",
        ),
        _c("flag", "text", "Why the value looks implausible, else NULL.", label_zh="疑点"),
        _c(
            "total_id",
            "integer",
            "Observation this figure is a part of (the stated total), else NULL.",
        ),
    )
}


def _shared(*names: str) -> tuple[Column, ...]:
    return tuple(_SHARED[n] for n in names)


_BUREAU = _shared("bureau_id", "bureau_name", "province", "prefecture", "county", "region_code")
_FIGURE_COUNTS = tuple(
    _c(
        f"{family}_figures",
        "integer",
        f"Figures of the {family} family.",
        "figures",
    )
    for family in catalog.FAMILIES
)

# The enrolment indicators v_enrolment has a column for (later enrolment indicators of the
# catalog, counts of students, are rows of v_catalog_values).
ENROLMENT_COLUMNS = (
    "preschool_gross_enrolment_rate",
    "inclusive_kindergarten_coverage",
    "public_kindergarten_share",
    "primary_enrolment_rate",
    "compulsory_enrolment_rate",
    "junior_gross_enrolment_rate",
    "senior_secondary_gross_enrolment_rate",
    "disabled_children_enrolment_rate",
    "school_places_added",
)

# The three indicators with a national reference value (table national_reference).
NATIONAL = (
    "preschool_gross_enrolment_rate",
    "compulsory_consolidation_rate",
    "senior_secondary_gross_enrolment_rate",
)


_SHORT_ZH = {
    "preschool_gross_enrolment_rate": "毛入园率",
    "compulsory_consolidation_rate": "巩固率",
    "senior_secondary_gross_enrolment_rate": "高中毛入学率",
}


_ADDITIVE = _c(
    "additive",
    "flag",
    "1 when the indicator adds up over the year (things done), 0 for a level.",
    label_zh="累加",
)

# the columns of the topic views (v_teachers, v_facilities, v_student_aid, v_outcomes)
_TOPIC_COLUMNS = (
    *_BUREAU,
    *_shared("year", "role", "indicator_code", "indicator_name_zh", "school_level", "unit"),
    _c("value", "double", "The value of the series (a sum or one level).", "unit", "数值"),
    *_shared("figures"),
    _ADDITIVE,
)


def _indicator(code: str) -> tuple[Column, ...]:
    """A column per indicator from the catalog, plus national value and gap where published."""
    ind = catalog.get(code)
    cols = [
        _c(
            code,
            "double",
            f"{ind.name_zh} ({ind.name_en}). {ind.description}",
            ind.unit,
            ind.name_zh,
        )
    ]
    if code in NATIONAL:
        cols += [
            _c(
                f"{code}_national",
                "double",
                f"National {ind.name_en.lower()} of the year "
                "(教育部《全国教育事业发展统计公报》, table national_reference).",
                ind.unit,
                f"全国{_SHORT_ZH[code]}",
            ),
            _c(
                f"{code}_gap",
                "double",
                "Bureau value minus national value (percentage points; positive = above).",
                "percentage points",
                f"{_SHORT_ZH[code]}差距",
            ),
        ]
    return tuple(cols)


_LEVEL_COLUMNS = tuple(
    _c(
        f"schools_consolidated_{level}",
        "double",
        f"Schools merged or closed at school level {level} ({zh}).",
        "schools",
        f"撤并{zh}",
    )
    for level, zh in (
        ("preschool", "幼儿园"),
        ("primary", "小学"),
        ("junior", "初中"),
        ("senior", "高中"),
        ("teaching_point", "教学点"),
        ("other_levels", "其他学段"),
    )
)

_PART = _c(
    "part",
    "text",
    "Part of the year the value's figure covers: year, H1 or H2 (a half-year report when no "
    "full-year figure exists).",
    label_zh="时段",
)

_TREND_VALUE = _c(
    "value",
    "double",
    "Value of the year: the review of the year before a plan for it (role says which).",
    "the indicator's unit",
    "数值",
)

# Where a metadata field was decided (parse.types.SOURCES), for the *_source columns.
_SOURCES = (
    ": title (the document's title), header (a page header line), heading, opening (the "
    "first sentences), body (names or years counted over the text), figures (the year most "
    "figures are stated for), page_date (the page's date with 今年/去年/明年), index_number "
    "(索引号), hint (the title or date the file declares: HTML <title>, docx properties), "
    "file_name (the file's own name), override (load --bureau/--year); NULL when the field is."
)

VIEW_DOCS: tuple[View, ...] = (
    View(
        "v_reports",
        "one row per report",
        "Who published each report, where, which periods it reviews and plans, and how many "
        "figures of each kind it holds.",
        (
            *_shared("report_id", "source_name", "report_title", "doc_type", "published_on"),
            _c("index_number", "text", "Index number (索引号) of the government page."),
            *_shared("bureau_id", "bureau_name"),
            _c("bureau_written", "text", "Bureau name as written in the report."),
            _c("bureau_source", "text", "Where the bureau was read" + _SOURCES),
            *_shared("province", "prefecture", "county", "region_code"),
            _c("region_source", "text", "Where the region was read" + _SOURCES),
            _c("review_year", "integer", "Year the report reviews."),
            _c("review_part", "text", "Part of that year: year, H1 or H2."),
            _c("review_year_source", "text", "Where the reviewed year was read" + _SOURCES),
            _c("plan_year", "integer", "Year the report plans."),
            _c("plan_part", "text", "Part of that year: year, H1 or H2."),
            _c("plan_year_source", "text", "Where the planned year was read" + _SOURCES),
            _c("sections", "integer", "Number of sections (headings).", "sections"),
            _c("figures", "integer", "Number of figures (observations).", "figures"),
            *_FIGURE_COUNTS,
            _c("redacted_figures", "integer", "Figures withheld (……, xx).", "figures"),
            _c("unclassified_figures", "integer", "Figures of no catalog indicator.", "figures"),
            _c("flagged_figures", "integer", "Figures flagged as implausible.", "figures"),
            _c("format", "text", "File format: txt, html, docx or pdf."),
            _c("encoding", "text", "Text encoding detected in the file."),
            _c("parser_version", "text", "Version of the parser that read the report."),
            _c("loaded_at", "timestamp", "When the report was loaded (UTC)."),
        ),
    ),
    View(
        "v_observations",
        "one row per observation (figure)",
        "Every figure with its report, bureau, period, section path, indicator and the exact "
        "span of the report text it came from; conflicts between reports stay visible here.",
        (
            _c("observation_id", "integer", "Observation id (observation.id)."),
            *_shared("report_id", "source_name", "report_title", "doc_type", "published_on"),
            *_BUREAU,
            _c("period_year", "integer", "Year the figure speaks of."),
            _c("period_part", "text", "Part of that year: year, H1 or H2."),
            _c("period_role", "text", "review or plan: the role of the figure's section."),
            _c("section_path", "text", "Headings from the top section down, joined by ' > '."),
            *_shared("indicator_code", "indicator_name_zh", "indicator_name_en", "family"),
            _c("unit", "text", "Base unit of value."),
            _c("value", "double", "The figure in its base unit; NULL when redacted.", "unit"),
            _c("value_high", "double", "Upper end of a range (300—500人次), else NULL.", "unit"),
            *_shared("qualifier", "status"),
            _c(
                "measure",
                "text",
                "level (a value of the indicator), change (比上年增加, 提高…个百分点) or "
                "earlier (an earlier level quoted for comparison).",
            ),
            *_shared("school_level", "funding_category", "flag"),
            _c("repeat_of_id", "integer", "Earlier observation this figure restates, else NULL."),
            _SHARED["total_id"],
            _c("raw_text", "text", "The figure as written."),
            _c("source_text", "text", "The clause the figure sits in."),
            _c("char_start", "integer", "Start of the figure in the report text.", "characters"),
            _c("char_end", "integer", "End (exclusive) of the figure in the report text."),
        ),
    ),
    View(
        "v_bureaus",
        "one row per bureau",
        "Each bureau with its province, prefecture and county.",
        (*_BUREAU, _c("reports", "integer", "Reports stored for the bureau.", "reports")),
    ),
    View(
        "v_national_reference",
        "one row per indicator × year",
        "National values from the Ministry of Education's statistical bulletins "
        "(教育部《全国教育事业发展统计公报》), 2015–2024, that v_enrolment, v_consolidation "
        "and v_district_comparison compare bureaus with.",
        (
            *_shared("indicator_code", "indicator_name_zh", "year"),
            _c("value", "double", "National value as published.", "unit", "全国"),
            _SHARED["unit"],
            _c("source", "text", "The bulletin the value is taken from."),
            _c("source_url", "text", "Where the Ministry publishes its bulletins."),
        ),
    ),
    View(
        "v_counted_figures",
        "one row per counted observation",
        "The figures the comparison views count (SPEC §5): levels only (not earlier values or "
        "changes), not redacted, repeats left out; for each series (bureau × indicator × year "
        "× role × school level × funding category) only one report counts — the full year "
        "before H2 before H1, then the latest published, then the highest SHA-256 of the "
        "report's text (the same whatever order the files were loaded in). Parts "
        "of a counted total are kept but flagged, and sums skip them. role follows status "
        "(a target counts as plan, a reported figure as review), so reported amounts and "
        "targets never meet in one sum.",
        (
            _c("observation_id", "integer", "Observation id (observation.id)."),
            _SHARED["report_id"],
            *_BUREAU,
            *_shared("indicator_code", "family", "unit", "year"),
            _c("part", "text", "Part of the year: year, H1 or H2."),
            *_shared("role", "school_level", "funding_category"),
            _c("value", "double", "The figure in its base unit.", "unit"),
            *_shared("qualifier", "status", "flag", "published_on", "total_id"),
            _c(
                "total_counted",
                "flag",
                "1 when this figure is a part of a total that is counted too: whole-indicator "
                "sums skip it.",
            ),
            _c(
                "total_in_series",
                "flag",
                "1 when that counted total is in the same series (same school level and "
                "funding category): per-level and per-category sums skip it.",
            ),
            _c(
                "pick_order",
                "integer",
                "The figure's place in the order a level takes one figure of its bureau × "
                "indicator × year × role: school level unspecified or 'all' first, then the "
                "report order above, then the first figure stated. 1 is the figure "
                "v_indicator_values shows for an indicator that is not additive.",
            ),
        ),
    ),
    View(
        "v_indicator_values",
        "one row per bureau × indicator × year × role",
        "One value per bureau, indicator, year and role. Additive indicators (the catalog's "
        "additive flag, shown in v_catalog and `edureports indicators`: things done, built or "
        "spent in the year) are the sum of their counted figures; every other indicator takes "
        "one figure (school level unspecified or 'all' first, the full year, the latest "
        "published report, the first figure stated). A sum is rounded to what reports write "
        "(yuan to the fen, other units to 6 decimals), so no floating-point noise "
        "(3.3000000000000003) shows.",
        (
            *_BUREAU,
            *_shared("indicator_code", "family", "unit", "year", "role"),
            _PART,
            _c("value", "double", "The value in the indicator's unit.", "unit", "数值"),
            *_shared("figures", "any_approximate"),
            _c("report_id", "integer", "Report of the chosen (or first summed) figure."),
            _c("additive", "flag", "1 when the value is a sum of figures, 0 for one figure."),
        ),
    ),
    View(
        "v_enrolment",
        "one row per bureau × year × role",
        "A column per enrolment indicator, with the national value of the year and the gap "
        "to it where the Ministry of Education publishes one.",
        (
            *_BUREAU,
            *_shared("year", "role"),
            *(col for code in ENROLMENT_COLUMNS for col in _indicator(code)),
        ),
    ),
    View(
        "v_consolidation",
        "one row per bureau × year × role",
        "Compulsory education consolidation rate with the national value and the gap, the "
        "balance coefficients, and schools merged or closed in total and per school level "
        "(the total counts a stated total instead of its parts, and figures without a "
        "specific level, so it can exceed the sum of the level columns).",
        (
            *_BUREAU,
            *_shared("year", "role"),
            *_indicator("compulsory_consolidation_rate"),
            *_indicator("balance_coefficient_primary"),
            *_indicator("balance_coefficient_junior"),
            *_indicator("schools_consolidated"),
            *_LEVEL_COLUMNS,
        ),
    ),
    View(
        "v_funding",
        "one row per bureau × year × role × funding category",
        "Yuan of funding_amount figures (education_expenditure, a budget total, is never "
        "added). A figure repeated in a report counts once; a total stated beside its parts "
        "counts instead of them. A total never adds a target to a reported amount: review "
        "rows sum reported figures only (what was spent), plan rows targets only (what is "
        "planned or expected, 计划/预计), wherever the report wrote them.",
        (
            *_BUREAU,
            *_shared("year", "role", "funding_category"),
            _PART,
            _c(
                "total_yuan",
                "double",
                "Sum of the counted figures, rounded to the fen: reported amounts on a review "
                "row, targets on a plan row, never both.",
                "yuan",
                "金额",
            ),
            *_shared("figures", "any_approximate"),
            _c(
                "any_target",
                "flag",
                "1 when the row's figures are targets (planned): exactly the plan rows.",
                "",
                "目标",
            ),
        ),
    ),
    View(
        "v_indicator_trend",
        "one row per bureau × indicator × year",
        "The value of each year beside the value of the year before and the change.",
        (
            *_BUREAU,
            *_shared("indicator_code", "indicator_name_zh", "family", "unit", "year", "role"),
            _PART,
            _TREND_VALUE,
            _c(
                "previous_value",
                "double",
                "Value of the year before (NULL when that year has none).",
                "the indicator's unit",
                "上年",
            ),
            _c(
                "change",
                "double",
                "value minus previous_value (percentage points for rates), rounded to the "
                "fen for yuan and to 6 decimals otherwise.",
                "the indicator's unit",
                "变化",
            ),
            *_shared("figures", "any_approximate"),
        ),
    ),
    View(
        "v_district_comparison",
        "one row per indicator × year × bureau",
        "Each bureau's value of the year (as in v_indicator_trend) and its rank among the "
        "bureaus reporting the indicator that year (1 = highest; ties share a rank; for "
        "difference coefficients lower is more even).",
        (
            *_shared("indicator_code", "indicator_name_zh", "family", "unit", "year"),
            *_BUREAU,
            _SHARED["role"],
            _PART,
            _TREND_VALUE,
            _c(
                "value_rank", "integer", "Rank of value among the bureaus, 1 = highest.", "", "排名"
            ),
            _c("bureaus_reporting", "integer", "Bureaus with a value that year.", "bureaus"),
            _c(
                "national_value",
                "double",
                "National value of the year (table national_reference), else NULL.",
                "the indicator's unit",
                "全国",
            ),
            _c(
                "gap_to_national",
                "double",
                "value minus national_value.",
                "the indicator's unit",
                "差距",
            ),
        ),
    ),
    View(
        "v_plan_vs_actual",
        "one row per bureau × indicator × planned year",
        "What a bureau planned for year Y (plan sections for Y, typically in its report of "
        "Y-1; the latest published plan counts) beside what it reported for Y.",
        (
            *_BUREAU,
            *_shared("indicator_code", "indicator_name_zh", "family", "unit", "year"),
            _c("planned_value", "double", "Planned (target) value for the year.", "unit", "计划"),
            _c("plan_report_id", "integer", "Report the plan comes from."),
            _c(
                "actual_value",
                "double",
                "Value reported in review sections for the year; NULL when not reported.",
                "unit",
                "实际",
            ),
            _c("actual_report_id", "integer", "Report the actual value comes from."),
            _c(
                "difference",
                "double",
                "actual_value minus planned_value (rounded like change in v_indicator_trend).",
                "unit",
                "差额",
            ),
        ),
    ),
    View(
        "v_catalog_values",
        "one row per bureau × indicator × year × role × school level",
        "Every indicator of the catalog, one value per series, with the topic that says "
        "which view shows it: an additive indicator (things done in the year) sums its "
        "counted figures, skipping parts of a total in the same series; any other is a level "
        "and takes one figure (full year first, then the latest published report).",
        (
            *_BUREAU,
            _c(
                "topic",
                "text",
                "The view that shows the indicator: " + ", ".join(catalog.TOPICS) + ".",
                label_zh="主题",
            ),
            *_shared("indicator_code", "indicator_name_zh", "school_level", "unit", "year", "role"),
            _c("value", "double", "The value of the series (a sum or one level).", "unit", "数值"),
            *_shared("figures"),
            _ADDITIVE,
            _c(
                "report_id",
                "integer",
                "Report of the figure a level is taken from (the first summed one otherwise).",
            ),
        ),
    ),
    *(
        View(
            f"v_{topic}",
            "one row per bureau × year × role × indicator × school level",
            f"The {what} indicators: the rows of v_catalog_values with topic '{topic}'.",
            _TOPIC_COLUMNS,
        )
        for topic, what in (
            (
                "teachers",
                "teacher (staff, recruitment, training, rotation, 特岗, key teachers, 优质均衡 teachers per 100 students, degree and title shares)",
            ),
            (
                "facilities",
                "facility (schools built, expanded, renovated; floor areas; sports grounds; laboratories; computers; projects and progress; 优质均衡 resources per student)",
            ),
        )
    ),
    View(
        "v_student_aid",
        "one row per bureau × year × role × indicator × school level",
        "Student aid: the rows of v_catalog_values with topic 'student_aid' (students aided, "
        "the nutrition programme's schools and pupils, free textbooks, student-origin loans) "
        "and the money spent on aid as funding_amount (category student_aid, summed as "
        "v_funding sums it).",
        _TOPIC_COLUMNS,
    ),
    View(
        "v_outcomes",
        "one row per bureau × year × role × indicator × school level",
        "The outcome and health indicators (progression, 高考 and 中考 passes, awards, "
        "dropout, physical fitness, myopia, after-school services): the rows of "
        "v_catalog_values with topic 'outcomes'.",
        _TOPIC_COLUMNS,
    ),
    View(
        "v_standards",
        "one row per bureau × reviewed year × national standard",
        "Each bureau's value (review role) set against the national standards of the catalog "
        "(优质均衡 resources per student and difference coefficients, 普及普惠 rates ...), "
        "with the document and article that set each: meets, does not meet, or not reported.",
        (
            *_BUREAU,
            *_shared("year", "indicator_code", "indicator_name_zh"),
            _c(
                "school_level",
                "text",
                "School level the standard is for; NULL: none (the indicator names its level or has none).",
                label_zh="学段",
            ),
            _c(
                "op",
                "text",
                "How the value must compare with the standard: >=, >, <= or <.",
                label_zh="要求",
            ),
            _c("standard", "double", "The national standard.", "unit", "标准"),
            *_shared("unit"),
            _c(
                "value",
                "double",
                "The bureau's value for the year; NULL when not reported.",
                "unit",
                "数值",
            ),
            _c("verdict", "text", "meets, does not meet, or not reported.", label_zh="达标情况"),
            _c("framework", "text", "The framework that sets the standard.", label_zh="依据"),
            _c("document", "text", "Its document number and date.", label_zh="文号"),
            _c("citation", "text", "The article or section and what it says.", label_zh="条款"),
        ),
    ),
    View(
        "v_aid_programmes",
        "one row per bureau × year × role × aid programme × indicator",
        "Students aided (students_aided) and the yuan of student aid (funding_amount of "
        "category student_aid) by the programme each figure names, counted as v_funding "
        "counts: the yuan of a bureau, year and role add up to v_funding's student_aid "
        "total_yuan.",
        (
            *_BUREAU,
            *_shared("year", "role"),
            _c(
                "programme",
                "text",
                "The aid programme the report names for the figure: "
                + ", ".join(f"{p.key} ({p.name})" for p in catalog.PROGRAMMES.values())
                + "; unspecified when it names none.",
                label_zh="资助项目",
            ),
            *_shared("indicator_code", "unit"),
            _c("value", "double", "Sum of the counted figures.", "unit", "数值"),
            *_shared("figures", "any_approximate"),
        ),
    ),
    View(
        "v_sections",
        "one row per section of a report",
        "The heading tree of each report, with the review/plan role and period of every "
        "section and its span of the report text (v_report_texts): what `edureports show` "
        "reads, open to the read-only role.",
        (
            _c("section_id", "integer", "Section id (section.id).", label_zh="章节"),
            _SHARED["report_id"],
            _c(
                "parent_id",
                "integer",
                "The section this one is under; NULL at the top.",
                label_zh="上级章节",
            ),
            _c(
                "ordinal",
                "integer",
                "Position of the section in its report (0, 1, …).",
                label_zh="序号",
            ),
            _c("depth", "integer", "Level in the tree; 0 at the top.", label_zh="层级"),
            _c(
                "marker",
                "text",
                "The numbering as written (一、 (二) 3. ① 一是), else NULL.",
                label_zh="编号",
            ),
            _c("heading", "text", "The heading as written.", label_zh="标题"),
            _c(
                "role",
                "text",
                "review or plan: whether the section reviews a period or plans one.",
                label_zh="口径",
            ),
            _c("period_year", "integer", "Year the section speaks of.", label_zh="年份"),
            _c("period_part", "text", "Part of that year: year, H1 or H2.", label_zh="时段"),
            _c(
                "char_start",
                "integer",
                "Start of the section in the report text.",
                "characters",
                "起点",
            ),
            _c(
                "char_end",
                "integer",
                "End of the section in the report text (exclusive).",
                "characters",
                "终点",
            ),
        ),
    ),
    View(
        "v_report_texts",
        "one row per report",
        "The stored (cleaned) text of each report, which every char_start/char_end of "
        "v_observations and v_sections points into: each figure can be checked against the "
        "words it came from.",
        (
            *_shared("report_id", "source_name"),
            _c(
                "report_text",
                "text",
                "The report text as stored (after cleaning).",
                label_zh="正文",
            ),
        ),
    ),
)

BY_VIEW: dict[str, View] = {v.name: v for v in VIEW_DOCS}


def columns_of(view: str) -> tuple[Column, ...]:
    return BY_VIEW[view].columns


def label_zh(view: str, column: str) -> str:
    """The Chinese header of a column (its name when none is defined)."""
    for col in BY_VIEW[view].columns:
        if col.name == column:
            return col.label_zh or column
    return column


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    """docs/dictionary.md: every view in creation order, every column, then the units."""
    lines = [
        "# Data dictionary",
        "",
        "<!-- Generated by `edureports dictionary` from src/edureports/dictionary.py and",
        "     src/edureports/catalog.py; do not edit by hand. -->",
        "",
        "Views over the edureports database, identical on SQLite and PostgreSQL. Types: "
        "`integer`, `double` (double precision), `text`, `date`, `timestamp`, and `flag` "
        "(an integer, 1 for yes and 0 for no). On PostgreSQL the same descriptions are set "
        "as `COMMENT ON VIEW/COLUMN`, which BI tools show. Every column declares its type "
        "(a CAST in the view): PostgreSQL always reports it; SQLite reports it in "
        "`PRAGMA table_info` from version 3.41 (2023) on, and older SQLite only for columns "
        "read straight from a table. What a view computes (sums, differences, gaps) is "
        "rounded to what reports write: yuan to the fen, other units to 6 decimals.",
        "",
        "National reference values (table `national_reference`) are those of the Ministry "
        "of Education's statistical bulletins (教育部《全国教育事业发展统计公报》, "
        "http://www.moe.gov.cn/jyb_sjzl/sjzl_fztjgb/), 2015–2024.",
        "",
    ]
    for view in VIEW_DOCS:
        lines += [
            f"## {view.name}",
            "",
            f"*Grain: {view.grain}.* {view.description}",
            "",
            "| column | type | unit | meaning |",
            "|---|---|---|---|",
        ]
        for col in view.columns:
            lines.append(
                f"| `{col.name}` | {col.type} | {_cell(col.unit)} | {_cell(col.meaning)} |"
            )
        lines.append("")
    lines += [
        "## Indicators",
        "",
        "The catalog (src/edureports/data/catalog.toml): code, names, topic, unit and the "
        "framework that defines each indicator.",
        "",
        "| code | name | topic | unit | framework |",
        "|---|---|---|---|---|",
    ]
    for ind in catalog.INDICATORS:
        fw = catalog.FRAMEWORKS[ind.framework].name if ind.framework else ""
        where = f"{fw}: {ind.citation}" if ind.citation else fw
        lines.append(
            f"| `{ind.code}` | {_cell(ind.name_zh)} ({_cell(ind.name_en)}) | {ind.topic} "
            f"| `{ind.unit}` | {_cell(where)} |"
        )
    lines += [
        "",
        "## National standards",
        "",
        "Table `indicator_standard`, read by v_standards.",
        "",
        "| indicator | level | standard | source |",
        "|---|---|---|---|",
    ]
    for std in catalog.STANDARDS:
        doc = catalog.FRAMEWORKS[std.framework]
        lines.append(
            f"| `{std.code}` | {std.level or ''} | {std.op} {std.value:g} "
            f"| {_cell(doc.name)} ({_cell(doc.document)}); {_cell(std.citation)} |"
        )
    lines += ["", "## Units", "", "| unit | meaning |", "|---|---|"]
    lines += [f"| `{unit}` | {_cell(text)} |" for unit, text in catalog.UNITS.items()]
    lines.append("")
    return "\n".join(lines)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def comment_statements(names: tuple[str, ...] | list[str] | None = None) -> list[str]:
    """COMMENT ON VIEW/COLUMN statements for the given (default: all documented) views."""
    out: list[str] = []
    for name in names if names is not None else views.VIEWS:
        view = BY_VIEW.get(name)
        if view is None:
            continue
        out.append(f"COMMENT ON VIEW {name} IS {_literal(f'{view.grain}. {view.description}')}")
        for col in view.columns:
            unit = f" Unit: {col.unit}." if col.unit else ""
            out.append(f"COMMENT ON COLUMN {name}.{col.name} IS {_literal(col.meaning + unit)}")
    return out


def apply_comments(connection: Connection, names: tuple[str, ...] | list[str]) -> None:
    """Set the descriptions on PostgreSQL (SQLite has no comments; nothing to do there)."""
    if connection.dialect.name != "postgresql":
        return
    # The DBAPI cursor without parameters: no bind-parameter or %-format parsing of the
    # descriptions (they contain colons and percent signs).
    cursor = connection.connection.cursor()
    try:
        for statement in comment_statements(names):
            cursor.execute(statement)
    finally:
        cursor.close()
