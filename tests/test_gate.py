"""The not-a-report gate and the parse entry point on real page shapes: outlines, one-paragraph
news items and 繁體 mirrors are reports; junk is not. Spans of a 繁體 report point at the
stored (traditional) text."""

from __future__ import annotations

import pytest

from edureports.parse import parse_text
from edureports.parse.report import NotAReportError

OUTLINE = "\n".join(
    [
        "县教育和体育局2023年工作总结及2024年工作计划",
        "一、2023年工作开展情况",
        "(一)全面加强队伍建设",
        "1.党建质量持续提升",
        "2.师德师能全面提振",
        "(二)各类教育蓬勃发展",
        "3.学前教育迅猛发展",
        "4.义务教育优质均衡发展",
        "二、2024年工作计划",
        "(一)全面加强党的领导",
        "1.坚持党建统领全局",
        "2.持续加强党风廉政建设",
    ]
)

NEWS = (
    "2017年,全市列入基本建设投资计划教育项目共计108个,总投资61.67亿元,实际完成投资19.09亿元,"
    "比上年增长23.56%。其中有12个项目被列为市级重点建设项目,计划投资6.92亿元,实际完成投资8.07亿元。"
    "目前,城西小学项目即将完成教学楼主体建设,市区新增小学学位1620个、初中学位2200个。(市教育局)"
)

AID = (
    "今年上半年,我县落实学生资助共计357703人次约6414万元,其中资助建卡贫困户学生19551人次约1303万元。"
    "今年1月至6月,我县共落实学前教育家庭经济困难儿童资助3272人次约170万元;"
    "落实义务教育阶段学生资助328158人次约4590万元;落实普通高中家庭经济困难学生资助10079人次约784万元;"
    "落实中职教育学生资助4003人次约309万元。"
)

TRADITIONAL = (
    "臨湘市教育體育局2020年重點(diǎn)民生實(shí)事項(xiàng)目任務(wù)完成情況公示\n"
    "根據(jù)有關(guān)要求,現(xiàn)將教育體育局2020年民生實(shí)事項(xiàng)目建設(shè)情況公示如下:\n"
    "1、省實(shí)事工程:擴(kuò)大公辦學(xué)前教育資源,增加公辦幼兒園學(xué)位 970個(gè)。\n"
    "2、年度爭(zhēng)取資金1.2億元,固定資產(chǎn)投資3.9億元,有效改善了全市學(xué)校的辦學(xué)條件。"
)

ACCEPTED = [("outline of headings", OUTLINE), ("one-paragraph news item", NEWS), ("aid news", AID)]


@pytest.mark.parametrize(("name", "text"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_real_page_shapes_are_reports(name: str, text: str) -> None:
    assert parse_text(text).text


REFUSED = [
    ("utf-8 read as gb18030", NEWS.encode("utf-8").decode("gb18030", "replace") * 2, "prose"),
    ("gbk read as big5", (NEWS * 2).encode("gbk").decode("big5", "replace"), "prose"),
    (
        "link titles without sentences",
        "\n".join(
            f"黎城县教育体育局关于开展第{i}批校园安全检查的通知 2023-05-01" for i in range(12)
        ),
        "no sentences",
    ),
    ("shopping list", "苹果香蕉橘子葡萄西瓜," * 40, "no report text"),
    (
        "prose about something else",
        "我们在公园里散步,看到了很多的花和树。" * 10,
        "nothing about education",
    ),
]


@pytest.mark.parametrize(("name", "text", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_junk_is_refused(name: str, text: str, reason: str) -> None:
    with pytest.raises(NotAReportError, match=reason):
        parse_text(text)


def test_outline_loads_with_sections_roles_and_years() -> None:
    report = parse_text(OUTLINE)
    tops = [s for s in report.sections if s.depth == 1]
    assert [s.heading for s in tops] == ["2023年工作开展情况", "2024年工作计划"]
    assert [(s.role, s.period.year if s.period else None) for s in tops] == [
        ("review", 2023),
        ("plan", 2024),
    ]
    assert len(report.sections) == 11


def test_traditional_report_is_read_in_simplified_and_stored_as_written() -> None:
    report = parse_text(TRADITIONAL)
    assert "(diǎn)" not in report.text and "重點民生實事" in report.text
    assert report.meta.bureau_name == "临湘市教育体育局"
    money = {f.raw: f for f in report.figures if f.unit == "yuan"}
    assert set(money) == {"1.2億元", "3.9億元"}
    assert money["1.2億元"].value == 120_000_000
    for fig in report.figures:
        assert report.text[fig.start : fig.end] == fig.raw
        assert fig.clause in report.text
    for sec in report.sections:
        assert report.text[sec.heading_end - len(sec.heading) : sec.heading_end] == sec.heading
    assert "970個" in {f.raw for f in report.figures}
