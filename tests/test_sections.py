"""build_sections on small cleaned snippets: markers, depth, spans, roles and periods."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports.parse.clean import clean_text
from edureports.parse.sections import build_sections
from edureports.parse.types import Period, ReportMeta, Section

SUMMARY_2022 = ReportMeta(doc_type="summary_and_plan", review=Period(2022), plan=Period(2023))
HALF_2024 = ReportMeta(
    doc_type="half_year_summary", review=Period(2024, "H1"), plan=Period(2024, "H2")
)
PLAN_2024 = ReportMeta(doc_type="plan", plan=Period(2024))


def sections(raw: str, meta: ReportMeta = SUMMARY_2022) -> tuple[str, list[Section]]:
    text = clean_text(raw)
    return text, build_sections(text, meta)


def outline(secs: list[Section]) -> list[tuple[int, str | None, str]]:
    return [(s.depth, s.marker, s.heading) for s in secs]


def check_tree(text: str, secs: list[Section]) -> None:
    for i, s in enumerate(secs):
        assert s.index == i
        assert 0 <= s.start < s.heading_end <= s.end <= len(text)
        assert text[s.start : s.heading_end].endswith(s.heading)
        if s.parent is not None:
            p = secs[s.parent]
            assert s.parent < i
            assert p.start <= s.start and s.end <= p.end
            assert s.depth == p.depth + 1
        else:
            assert s.depth == 1


# ------------------------------------------------------------------ numbering styles

STYLES = [
    (
        "five levels in the usual order",
        "一、总体情况\n(一)党建工作\n1.学习教育。内容。\n(1)专题学习。内容。\n①集中学习。内容。",
        [
            (1, "一、", "总体情况"),
            (2, "(一)", "党建工作"),
            (3, "1.", "学习教育"),
            (4, "(1)", "专题学习"),
            (5, "①", "集中学习"),
        ],
    ),
    (
        "第一部分 above 一、, and 1) read as (1)",
        "黎城县教育局2023年工作总结\n第一部分 工作总结\n一、党建\n1.学习。内容。\n1)专题学习。内容。\n(2)集中研讨。内容。",
        [
            (1, "第一部分", "工作总结"),
            (2, "一、", "党建"),
            (3, "1.", "学习"),
            (4, "1)", "专题学习"),
            (4, "(2)", "集中研讨"),
        ],
    ),
    (
        "full-width parentheses and 1、",
        "一、总体情况\n（一）党建工作\n1、学习教育。内容。\n2、组织建设。内容。",
        [
            (1, "一、", "总体情况"),
            (2, "(一)", "党建工作"),
            (3, "1、", "学习教育"),
            (3, "2、", "组织建设"),
        ],
    ),
    (
        "depth by first appearance: (一) on top",
        "(一)党建工作\n1.学习教育。内容。\n(二)教学工作\n1.课堂改革。内容。",
        [
            (1, "(一)", "党建工作"),
            (2, "1.", "学习教育"),
            (1, "(二)", "教学工作"),
            (2, "1.", "课堂改革"),
        ],
    ),
    (
        "broken marker )抓基础 stands for (二)",
        "(一)抓党建,履行职责。内容。\n)抓基础,提升质量。内容。\n(三)抓改革,建设队伍。内容。",
        [
            (1, "(一)", "抓党建,履行职责"),
            (1, ")", "抓基础,提升质量"),
            (1, "(三)", "抓改革,建设队伍"),
        ],
    ),
    (
        "broken marker 一) stands for (一)",
        "五、队伍建设\n一)加强师德师风建设\n内容。\n(二)保障教职工待遇\n内容。",
        [(1, "五、", "队伍建设"), (2, "一)", "加强师德师风建设"), (2, "(二)", "保障教职工待遇")],
    ),
    (
        "heading runs on into its paragraph",
        "(二)教学质量\n1.优质均衡有进展。继续巩固提高基础教育发展水平。",
        [(1, "(二)", "教学质量"), (2, "1.", "优质均衡有进展")],
    ),
    (
        "heading ends at a colon",
        "五、各级各类教育\n(一)学前教育:科学认定57所普惠性幼儿园。",
        [(1, "五、", "各级各类教育"), (2, "(一)", "学前教育")],
    ),
    (
        "a ratio's colon does not end the heading",
        "一、队伍\n1.补充教师30名,达到师生比1:12.5的要求。",
        [(1, "一、", "队伍"), (2, "1.", "补充教师30名,达到师生比1:12.5的要求")],
    ),
    (
        "numbers and years at line start are not headings",
        "一、经费\n1.5亿元用于建设。\n2022年,全县投入增加。\n10月10日至14日开展督导。",
        [(1, "一、", "经费")],
    ),
]


@pytest.mark.parametrize(("name", "raw", "expected"), STYLES, ids=[s[0] for s in STYLES])
def test_numbering_styles(name: str, raw: str, expected) -> None:
    text, secs = sections(raw)
    check_tree(text, secs)
    assert outline(secs) == expected


def test_run_on_heading_span_covers_the_paragraph() -> None:
    text, secs = sections("1.优质均衡有进展。继续巩固提高。\n2.教学成绩有突破。高考升学率52%。")
    first, second = secs
    assert text[first.start : first.heading_end] == "1.优质均衡有进展"
    assert text[first.start : first.end] == "1.优质均衡有进展。继续巩固提高。"
    assert second.start == first.end + 1 and second.end == len(text)


def test_parent_span_covers_children_until_next_sibling() -> None:
    text, secs = sections("一、回顾\n(一)党建\n内容一。\n(二)教学\n内容二。\n二、展望\n内容三。")
    assert [s.parent for s in secs] == [None, 0, 0, None]
    assert text[secs[0].start : secs[0].end] == "一、回顾\n(一)党建\n内容一。\n(二)教学\n内容二。"
    assert text[secs[3].start : secs[3].end] == "二、展望\n内容三。"


def test_header_lines_are_not_sections() -> None:
    _, secs = sections(
        "索引号000014349/2023-05955\n黎城县教育体育局2022年工作总结\n一、2022年工作完成情况\n内容。"
    )
    assert outline(secs) == [(1, "一、", "2022年工作完成情况")]


# ------------------------------------------------------------------ 一是 items

ITEMS = [
    (
        "items after full stops",
        "3.意识形态阵地进一步牢固。一是坚持严细深实。二是坚持问题导向。",
        [
            (1, "3.", "意识形态阵地进一步牢固"),
            (2, "一是", "坚持严细深实"),
            (2, "二是", "坚持问题导向"),
        ],
    ),
    (
        "items glued to the heading",
        "(一)抓党建,全面履行职责一是严格落实制度。二是加强工委建设。",
        [
            (1, "(一)", "抓党建,全面履行职责"),
            (2, "一是", "严格落实制度"),
            (2, "二是", "加强工委建设"),
        ],
    ),
    (
        "a series continues without a full stop",
        "4.深入推进产教融合。一是坚持升学与就业并重,让更多学生继续深造二是坚持教学与实训并重。",
        [
            (1, "4.", "深入推进产教融合"),
            (2, "一是", "坚持升学与就业并重,让更多学生继续深造"),
            (2, "二是", "坚持教学与实训并重"),
        ],
    ),
    ("统一是 is no item", "一、管理\n全县统一是必要的,统一是基础。", [(1, "一、", "管理")]),
    ("是否 is no item", "一、管理\n一是否落实到位需要检查。", [(1, "一、", "管理")]),
]


@pytest.mark.parametrize(("name", "raw", "expected"), ITEMS, ids=[i[0] for i in ITEMS])
def test_items(name: str, raw: str, expected) -> None:
    text, secs = sections(raw)
    check_tree(text, secs)
    assert outline(secs) == expected


def test_item_span_ends_at_next_item_or_line_end() -> None:
    text, secs = sections("1.标题。一是甲项工作。二是乙项工作。\n下一段不属于二是。")
    one, two = secs[1], secs[2]
    assert text[one.start : one.end] == "一是甲项工作。"
    assert text[two.start : two.end] == "二是乙项工作。"
    assert secs[0].end == len(text)


# ------------------------------------------------------------------ roles and periods

ROLES = [
    (
        "unnumbered plan heading after a review part",
        "一、2022年工作完成情况\n(一)党建\n内容。\n2023年工作计划\n(一)抓党建\n内容。",
        SUMMARY_2022,
        [
            ("review", Period(2022)),
            ("review", Period(2022)),
            ("plan", Period(2023)),
            ("plan", Period(2023)),
        ],
    ),
    (
        "unnumbered summary heading wraps 一、",
        "2023年工作总结\n一、党建引领\n内容。\n2024年工作计划\n1.提升质量\n内容。",
        ReportMeta(doc_type="summary_and_plan", review=Period(2023), plan=Period(2024)),
        [
            ("review", Period(2023)),
            ("review", Period(2023)),
            ("plan", Period(2024)),
            ("plan", Period(2024)),
        ],
    ),
    (
        "problems are review, 下一步 of a half year is H2",
        "一、上半年工作完成情况\n内容。\n二、存在的主要问题\n1.经费缺口大。\n三、下一步工作打算\n1.加快建设。",
        HALF_2024,
        [
            ("review", Period(2024, "H1")),
            ("review", Period(2024, "H1")),
            ("review", Period(2024, "H1")),
            ("plan", Period(2024, "H2")),
            ("plan", Period(2024, "H2")),
        ],
    ),
    (
        "speech: 面向未来 plans the meeting year",
        "一、回顾2022年工作\n(一)党建\n内容。\n二、面向未来,把握发展大势\n(一)聚焦党建\n内容。",
        ReportMeta(doc_type="speech", review=Period(2022), plan=Period(2023)),
        [
            ("review", Period(2022)),
            ("review", Period(2022)),
            ("plan", Period(2023)),
            ("plan", Period(2023)),
        ],
    ),
    (
        "sections before any role heading take the review period",
        "一、坚持从严治党\n(一)主题教育\n内容。\n二、坚持改革创新\n内容。",
        ReportMeta(doc_type="summary", review=Period(2019)),
        [("review", Period(2019))] * 3,
    ),
    (
        "a plan document's sections are plan",
        "一、提升质量\n内容。\n二、加强队伍\n内容。",
        PLAN_2024,
        [("plan", Period(2024))] * 2,
    ),
    (
        "2024年工作思路 and 2023年重点工作 name their year",
        "一、2023年工作回顾\n内容。\n二、2024年工作思路\n内容。\n三、2025年重点工作\n内容。",
        ReportMeta(doc_type="summary_and_plan", review=Period(2023), plan=Period(2024)),
        [("review", Period(2023)), ("plan", Period(2024)), ("plan", Period(2025))],
    ),
    (
        "a line 2023年重点做好以下工作: heads the plan",
        "一、2022年工作完成情况\n内容。\n2023年重点做好以下工作:\n1.抓党建。内容。",
        SUMMARY_2022,
        [("review", Period(2022)), ("plan", Period(2023)), ("plan", Period(2023))],
    ),
    (
        "重点工作 without a year is no plan",
        "一、2022年工作完成情况\n(三)坚持齐抓共管,重点工作稳中有进\n内容。",
        SUMMARY_2022,
        [("review", Period(2022)), ("review", Period(2022))],
    ),
    (
        "a nested 计划 does not switch the role",
        "一、回顾2022年工作\n(一)落实强师计划\n内容。",
        SUMMARY_2022,
        [("review", Period(2022)), ("review", Period(2022))],
    ),
    (
        "a nested 下一步工作打算 switches to plan",
        "一、2022年工作总结\n(一)党建\n内容。\n(二)下一步工作打算\n内容。",
        SUMMARY_2022,
        [("review", Period(2022)), ("review", Period(2022)), ("plan", Period(2023))],
    ),
    (
        "下半年 heading plans H2 of the year",
        "一、上半年工作完成情况\n内容。\n二、下半年工作计划\n内容。",
        HALF_2024,
        [("review", Period(2024, "H1")), ("plan", Period(2024, "H2"))],
    ),
    (
        "items inherit their parent's role",
        "2023年工作计划\n(一)抓党建一是落实制度。二是加强建设。",
        SUMMARY_2022,
        [("plan", Period(2023))] * 4,
    ),
]


@pytest.mark.parametrize(("name", "raw", "meta", "expected"), ROLES, ids=[r[0] for r in ROLES])
def test_roles_and_periods(name: str, raw: str, meta: ReportMeta, expected) -> None:
    text, secs = sections(raw, meta)
    check_tree(text, secs)
    assert [(s.role, s.period) for s in secs] == expected


def test_no_headings_no_sections() -> None:
    _, secs = sections("全县教育系统认真落实各项工作,取得了明显成效。")
    assert secs == []


_FUZZ_ALPHABET = (
    "一二三四五六七八九十是的()、.:。,;\n0123456789①②第部分年工作总结计划打算存在的问题下一步"
    "上半年下半年教育局县区xx…统"
)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_FUZZ_ALPHABET, max_size=300))
def test_tree_invariants_on_random_text(raw: str) -> None:
    text = clean_text(raw)
    check_tree(text, build_sections(text, SUMMARY_2022))
