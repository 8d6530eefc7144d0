"""Metadata decided from all the evidence of real-looking pages, with its source recorded."""

from __future__ import annotations

from datetime import date

import pytest

from edureports.parse.clean import clean_text
from edureports.parse.metadata import read_metadata
from edureports.parse.types import SOURCES, Period

PROSE = "全县教育系统认真落实各项工作,取得了明显成效,办学条件不断改善,教育质量稳步提升。"

CASES = [
    # (name, text, field, value, source field, source)
    (
        "news lead names the bureau",
        "本报讯 3月30日,记者从开阳县教育局获悉,开阳县将建成教育项目30个。" + PROSE,
        "bureau_name",
        "开阳县教育局",
        "bureau_source",
        "opening",
    ),
    (
        "fullest written name of the bureau",
        "关于对鹤城区教育局2025年度重点民生实事项目完成情况的公示\n"
        + PROSE
        + "\n怀化市鹤城区教育局",
        "bureau_name",
        "怀化市鹤城区教育局",
        "bureau_source",
        "title",
    ),
    (
        "a prefecture's bureau named in the body",
        "2022年,我局承办项目两项。" + PROSE + "全市新增学位。邵阳市教育局将继续推进。邵阳市教育局",
        "region_code",
        "430500",
        "region_source",
        "body",
    ),
    (
        "county named in the opening with 全县",
        "回眸2021\n2021年,桃江县新增学位8935个,新招聘教师315名。" + PROSE,
        "region_code",
        "430922",
        "region_source",
        "opening",
    ),
    (
        "short name inside school names with 我县",
        "我县改建黎川一中考场,新建黎川二中考场。我县" + PROSE,
        "region_code",
        "361022",
        "region_source",
        "opening",
    ),
    (
        "opening year of a half year",
        "2017年上半年,余庆县教育局认真落实主体责任。" + PROSE,
        "review",
        Period(2017, "H1"),
        "review_source",
        "opening",
    ),
    (
        "five-year-plan year",
        "教育工作会议讲话\n今年是“十二五”规划的收官之年。这一年," + PROSE,
        "review",
        Period(2015),
        "review_source",
        "body",
    ),
    (
        "今年 against the page date",
        "利通区加快教育项目建设\n时间:2020-07-01\n今年,利通区新建幼儿园1所。" + PROSE,
        "review",
        Period(2020),
        "review_source",
        "page_date",
    ),
    (
        "a plan-only news item plans its year",
        "1月7日,区长作政府工作报告。2023年东昌府区将新增学位3150个。" + PROSE,
        "plan",
        Period(2023),
        "plan_source",
        "opening",
    ),
    (
        "a dated event in the body",
        "16.推进义务教育课后服务|教育体育局|2022年9月23日对全市学校课后服务进行调度。" + PROSE,
        "review",
        Period(2022),
        "review_source",
        "body",
    ),
    (
        "a page dated after the year makes its plan words a review",
        "2017年我市教育项目建设投入19亿元\n时间:2018-01-25 17:56\n"
        "2017年,全市列入基本建设投资计划的教育项目共计108个。2017年计划投资21.42亿元,"
        "实际完成投资19.09亿元。全市教育系统认真落实各项工作,取得了明显成效。",
        "review",
        Period(2017),
        "review_source",
        "title",
    ),
    (
        "a news page names its city",
        "梧州零距离网-西江都市报讯 记者从市教育局获悉,全市已实施营养改善计划的学校达1365所。"
        "我市把营养改善计划作为惠民工程,各学校认真落实各项工作,取得了明显成效。",
        "region_code",
        "450400",
        "region_source",
        "body",
    ),
    (
        "a progress report is published during its year",
        "2020年泉州市教育局公办幼儿园建设项目1-4月进展情况\n时间:2020-05-12 15:07\n"
        "1-4月,已推动开工建设7所,开工率35%。" + PROSE,
        "published_on",
        date(2020, 5, 12),
        "review_source",
        "title",
    ),
    (
        "a review and the plan of a meeting",
        "3月14日,眉县召开2023年全县教育工作动员会。会上回顾总结了2022年全县教育工作,"
        "安排部署了2023年教育工作。2022年,全县争取资金1.2亿元。" + PROSE,
        "review",
        Period(2022),
        "review_source",
        "opening",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "field", "value", "source_field", "source"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_field_and_its_source(name, text, field, value, source_field, source) -> None:
    m = read_metadata(clean_text(text), {})
    assert getattr(m, field) == value
    assert getattr(m, source_field) == source
    assert source in SOURCES


NOT_KNOWN = [
    # (name, text, field): the evidence does not settle the field, so it stays None
    (
        "spam names Macau",
        "澳门皇冠体育_中国竞彩网$【官网娱乐平台】:教育体育局2020年项目建设进展顺利\n" + PROSE,
        "region_code",
    ),
    ("placeholder bureau", "xx县教育局2020年工作总结\n" + PROSE, "bureau_name"),
    (
        "a city's report writes about a district's bureau",
        "2022年,我市新增学位3万个。莲都区教育局新建学校3所,莲都区教育局被评为先进单位。"
        "全市教育系统认真落实各项工作,取得了明显成效。",
        "bureau_name",
    ),
    (
        "a district named in a city's report",
        "2017年,我市教育项目建设投入19亿元。莲都区城西小学项目即将完工,莲都区东港小学开工。",
        "region_code",
    ),
    (
        "和县 in 分校和县第八小学 is no county",
        "2023年,蕲春加快推进实验小学河西分校和县第八实验小学建设。" + PROSE,
        "region_code",
    ),
    (
        "a placeholder year is not guessed from the page date",
        "教育局季度工作总结\n时间:2016-07-01\n20**年上半年,区教育局在区委领导下。" + PROSE,
        "review",
    ),
    (
        "成县 in 建成县域 is no county",
        "项目名称 | 工作任务 |\n建成县域普通高中1所。| 已完成。|\n建设品质县中10所,建成县域"
        "示范性幼儿园。| 已完成。|\n" + PROSE,
        "region_code",
    ),
    (
        "会同 in 将会同县综合投资公司",
        "我县" + PROSE * 5 + "下一步我们将会同县综合投资公司督导。",
        "region_code",
    ),
]


@pytest.mark.parametrize(("name", "text", "field"), NOT_KNOWN, ids=[c[0] for c in NOT_KNOWN])
def test_unsettled_stays_none(name, text, field) -> None:
    m = read_metadata(clean_text(text), {})
    assert getattr(m, field) is None
    assert getattr(m, field.removesuffix("_name").removesuffix("_code") + "_source") is None


def test_an_opening_line_that_plans_is_not_the_reviewed_year() -> None:
    # 2023年,蕲春将… opens a line of a government work report dated 2022-12-31: it plans 2023
    text = "荆楚网讯 2022年12月31日,县长作《政府工作报告》\n2023年,蕲春将加快推进学校建设。"
    m = read_metadata(clean_text(text), {})
    assert m.review == Period(2022, "year")
    assert m.plan == Period(2023, "year")


BODY = (
    "一、主要工作\n全县教育系统认真落实各项工作,新建幼儿园2所,新增学位800个。"
    "办学条件不断改善,教育质量稳步提升,教师队伍建设得到加强。\n"
    "二、存在问题\n城乡教育发展还不均衡,学前教育资源仍然不足,教师结构性缺编。\n"
) * 2


@pytest.mark.parametrize(
    ("source_name", "bureau", "year", "source"),
    [
        ("黎城县教育体育局2022年工作总结.txt", "黎城县教育体育局", 2022, "file_name"),
        ("docs/2021年_桃江县教育局_工作总结.docx", "桃江县教育局", 2021, "file_name"),
        ("000_218d663a6238544c.txt", None, None, None),  # a number or a hash names nothing
        ("黎城县教育体育局简介.txt", None, None, None),  # no title words: not a report's name
    ],
)
def test_a_file_named_for_its_report_gives_bureau_and_year(source_name, bureau, year, source):
    from edureports.loaders.base import RawDocument

    from edureports.parse import parse

    report = parse(RawDocument(text=BODY, source_name=source_name, format="txt"))
    m = report.meta
    assert m.bureau_name == bureau
    assert (m.review.year if m.review else None) == year
    assert m.bureau_source == source and m.review_source == source


def test_a_title_in_the_text_wins_over_the_file_name() -> None:
    from edureports.loaders.base import RawDocument

    from edureports.parse import parse

    text = "黎城县教育体育局2022年工作总结\n" + BODY
    doc = RawDocument(text=text, source_name="桃江县教育局2019年工作总结.txt", format="txt")
    m = parse(doc).meta
    assert (m.bureau_name, m.review, m.bureau_source) == ("黎城县教育体育局", Period(2022), "title")
