"""Wordings of real reports (dev corpus, issue 9) and the year a figure's own clause names:
table-driven cases on small snippets, positives beside the negatives that keep precision."""

from __future__ import annotations

import pytest

from edureports import catalog
from edureports.parse.figures import extract_figures
from edureports.parse.types import Figure, Period, ReportMeta

META = ReportMeta(review=Period(2019), plan=Period(2020))


def the(text: str, raw: str, meta: ReportMeta = META) -> Figure:
    found = [f for f in extract_figures(text, [], meta) if f.raw == raw]
    assert found, f"{raw!r} not found"
    return found[0]


# (snippet, figure as written, indicator, extra expectations)
REAL_WORDINGS: list[tuple[str, str, str, dict[str, object]]] = [
    # --- a 民生实事 self-check: the year's task, then what was actually done
    (
        "普惠性幼儿园覆盖率全年任务目标数是78.9%,实际已完成95.31%,完成率为120.80%",
        "78.9%",
        "inclusive_kindergarten_coverage",
        {"status": "target"},
    ),
    (
        "普惠性幼儿园覆盖率全年任务目标数是78.9%,实际已完成95.31%,完成率为120.80%",
        "95.31%",
        "inclusive_kindergarten_coverage",
        {"status": "reported"},
    ),
    # --- aid: who benefits, what is waived
    (
        "发放免费教科书123086册,免费金额82.09965万元,受益学生13723人",
        "13723人",
        "students_aided",
        {},
    ),
    (
        "发放免费教科书123086册,免费金额82.09965万元,受益学生13723人",
        "82.09965万元",
        "funding_amount",
        {"value": 820_996.5},
    ),
    ("直接减免3402名幼儿保教费105.595万元", "3402名", "students_aided", {}),
    (
        "直接减免3402名幼儿保教费105.595万元",
        "105.595万元",
        "funding_amount",
        {"funding_category": "student_aid"},
    ),
    ("普通高中家庭困难学生享受学费减免988人,减免金额33.592万元", "988人", "students_aided", {}),
    (
        "享受国家助学金647人,金额64.7万元",
        "64.7万元",
        "funding_amount",
        {"funding_category": "student_aid"},
    ),
    ("发放教育救助基金77.43万元,惠及贫困学生873人", "77.43万元", "funding_amount", {}),
    ("发放教育救助基金77.43万元,惠及贫困学生873人", "873人", "students_aided", {}),
    ("实施营养改善计划的学校达1365所,受益学生超29.79万名", "29.79万名", "students_aided", {}),
    ("设立助学基金,资助寒门学子60名", "60名", "students_aided", {}),
    ("在专项资金中列支151.5万元", "151.5万元", "funding_amount", {}),
    ("现场募集扶贫资金30万元", "30万元", "funding_amount", {}),
    # --- money written without 元, read only right after a money word
    (
        "投入4.8亿在城区新建7所学校",
        "4.8亿",
        "funding_amount",
        {"value": 480_000_000.0, "unit": "yuan", "funding_category": "construction"},
    ),
    # --- recruitment: 人才 of a bureau are teachers; 名 left out
    ("公招直招优秀人才133名,引进高层次人才12名", "133名", "teachers_recruited", {}),
    ("公招直招优秀人才133名,引进高层次人才12名", "12名", "teachers_recruited", {}),
    ("全年招聘教师81,其中特岗教师30名", "81", "teachers_recruited", {"unit": "persons"}),
    # --- preschool shares under their many names, cut in two by jieba or not
    ("公办园在园幼儿占比率达到40.75%", "40.75%", "public_kindergarten_share", {}),
    ("公办幼儿园在园幼儿比率达到83.12%", "83.12%", "public_kindergarten_share", {}),
    ("公办幼儿园在园儿童占比达到30%", "30%", "public_kindergarten_share", {}),
    ("在公办园和普惠性民办幼儿园就读率93.43%", "93.43%", "inclusive_kindergarten_coverage", {}),
    ("普惠性幼儿园在园儿童占比达到80%", "80%", "inclusive_kindergarten_coverage", {}),
    ("初中适龄人口入学率达到95%以上", "95%", "junior_gross_enrolment_rate", {}),
    # --- a clause that says only when and how much continues the rate before it
    (
        "公办幼儿园在园儿童占比2019年底达到30%,2020年底达到50%",
        "50%",
        "public_kindergarten_share",
        {"period": Period(2020)},
    ),
    # --- budget totals
    ("一般公共预算教育经费64469万元", "64469万元", "education_expenditure", {}),
    ("公共财政教育支出2.09亿元", "2.09亿元", "education_expenditure", {}),
    ("教育费附加346万元", "346万元", "education_expenditure", {}),
    # --- a breakdown after 其中 measures what its lead measures
    ("建成后将新增3.2万个学位,其中赤坎区3505个、霞山区3705个", "3505个", "school_places_added", {}),
    ("建成后将新增3.2万个学位,其中赤坎区3505个、霞山区3705个", "3705个", "school_places_added", {}),
    (
        "专项资金1710万元(含一生一师12万)建设情况",  # 万 without 元 inside a money breakdown
        "12万",
        "funding_amount",
        {"value": 120_000.0, "funding_category": "construction"},
    ),
]


# a list under a lead that ends with a colon: the items name only where or what
LIST_ITEMS: list[tuple[str, str, str]] = [
    ("各县区新增学位情况如下：\n赤坎区3505个；\n霞山区3705个。", "3705个", "school_places_added"),
    ("新增学位：3505个", "3505个", "school_places_added"),
    ("各校投入资金如下：实验小学200万元；城关中学300万元。", "300万元", "funding_amount"),
    ("生均教育经费增长情况是:\n普通小学本年10359.52元", "10359.52元", "per_student_funding"),
    ("主要工作如下：\n新建学校3个；\n功能室20个。", "3个", "unclassified"),  # a verb
    ("主要工作如下：\n新建学校3个；\n功能室20个。", "20个", "labs_built"),  # not 学位
    ("新增学位如下。赤坎区3505个", "3505个", "unclassified"),  # a full stop ends the list
]


@pytest.mark.parametrize(("text", "raw", "indicator"), LIST_ITEMS)
def test_list_item_takes_the_indicator_of_its_lead(text: str, raw: str, indicator: str) -> None:
    assert the(text, raw).indicator == indicator


def test_breakdown_items_are_parts_of_their_lead() -> None:
    """Sums count the lead of a 其中 breakdown once, never with its items."""
    fs = extract_figures("新增3.2万个学位,其中赤坎区3505个、霞山区3705个。", [], META)
    assert fs[0].total_of == (1, 2) and fs[1].total_of == fs[2].total_of == ()
    fs = extract_figures("全年招聘教师120名,其中特岗教师50名。", [], META)
    assert fs[0].total_of == (1,)
    fs = extract_figures("招聘教师50名。其中特岗教师20名", [], META)  # another sentence
    assert fs[0].total_of == ()


@pytest.mark.parametrize(("text", "raw", "indicator", "extra"), REAL_WORDINGS)
def test_real_wording(text: str, raw: str, indicator: str, extra: dict[str, object]) -> None:
    f = the(text, raw)
    assert f.indicator == indicator
    for key, value in extra.items():
        assert getattr(f, key) == value, key
    if "unit" not in extra:
        assert f.unit == catalog.BY_CODE[indicator].unit


# (snippet, figure as written, why it must stay unclassified)
STAY_UNCLASSIFIED: list[tuple[str, str]] = [
    ("小学、初中入学率分别为100%、99%", "100%"),  # two stages share the figures
    ("小学入学率、初中入学率均达到100%", "100%"),
    ("专项资金中列支151.5万元(高出要求51.5万元)", "51.5万元"),  # a margin, not an amount
    ("全县有学生3.1万(含寄宿生1.2万)", "1.2万"),  # 万 of no money: no lead to continue
    ("完成招商引资任务3200万元", "3200万元"),  # investment attracted, not spent
    ("开展家庭教育公益巡讲10余次、惠及5000余名学生家长", "5000余名"),
    ("组织人才培养培训200名", "200名"),
    ("全县有教师2300,学生3.1万", "2300"),  # a count without 名 needs a recruit word
    ("毛入园率达到90%,其中公办园比例为40%", "40%"),  # a rate noun of its own
    ("初中巩固率为98%,毕业率为90%", "98%"),  # one stage's, not the nine years' rate
    ("小学巩固率100%,初中阶段巩固率98.5%", "98.5%"),
]


@pytest.mark.parametrize(("text", "raw"), STAY_UNCLASSIFIED)
def test_stays_unclassified(text: str, raw: str) -> None:
    assert the(text, raw).indicator == "unclassified"


# (snippet, figure as written, year of its period, status)
YEARS: list[tuple[str, str, int, str]] = [
    ("2019年招聘新教师130名。", "130名", 2019, "reported"),
    ("全区共招聘教师200名。", "200名", 2019, "reported"),  # no year: the report's
    ("2013年至2020年投入4.8亿在城区新建7所学校", "4.8亿", 2020, "target"),  # later of a range
    ("2016—2018年累计投入资金3000万元", "3000万元", 2018, "reported"),
    ("公办幼儿园在园儿童占比2018年底达到30%", "30%", 2018, "reported"),
    ("普惠性幼儿园在园儿童占比2020年底达到80%", "80%", 2020, "target"),  # after the review
    ("到2025年,学前三年毛入园率达到95%", "95%", 2025, "target"),  # 到: a target year
    ("2018年,全县投入资金3000万元,新建学校5所", "3000万元", 2018, "reported"),  # sentence
    ("投入资金3000万元,比2018年增加500万元", "3000万元", 2019, "reported"),  # compared with
    ("落实《2017-2020年学前教育行动计划》,投入300万元", "300万元", 2019, "reported"),  # title
    ("2015年以来累计投入资金3亿元", "3亿元", 2019, "reported"),  # since: no one year
    ("新改扩建幼儿园20所,2018年投入资金3000万元;全年投入5000万元", "5000万元", 2019, "reported"),
    # the level compared with: last year's, also when a year opens the sentence
    ("2018年,全县教育经费总投入73728万元,比上年的81381万元减少", "81381万元", 2017, "reported"),
    ("全县教育经费总投入73728万元,比上年的81381万元减少", "81381万元", 2018, "reported"),
    # a year that opens a sentence dates the parts after its semicolons
    ("2018年,全市新建中小学100所;投入资金27.29亿元,新增学位7.9万个", "7.9万个", 2018, "reported"),
    ("局长在大会上通报,2018年,全县投入4434万元", "4434万元", 2018, "reported"),  # date clause
    ("盐田明年新增1770个公办幼儿园学位", "1770个", 2020, "target"),  # 明年: review + 1
    ("截至2020年3月,已投入资金500万元", "500万元", 2020, "reported"),  # done by a later date
    ("去年投入资金300万元", "300万元", 2018, "reported"),
    ("投入资金比去年增加300万元", "300万元", 2019, "reported"),  # 比去年: compared with
]


@pytest.mark.parametrize(("text", "raw", "year", "status"), YEARS)
def test_clause_year(text: str, raw: str, year: int, status: str) -> None:
    f = the(text, raw)
    assert (f.period, f.status) == (Period(year), status)


def test_clause_year_keeps_the_part_of_the_same_year() -> None:
    meta = ReportMeta(review=Period(2019, "H1"))
    assert the("2019年投入资金300万元", "300万元", meta).period == Period(2019, "H1")


def test_earlier_level_of_last_year() -> None:
    text = "一般公共预算教育经费64469万元比上年的73991万元增长-12.9%"
    f = the(text, "73991万元")
    assert (f.indicator, f.measure, f.period) == ("education_expenditure", "earlier", Period(2018))
    assert the(text, "64469万元").measure == "level"
    f = the("全县学校由2015年的156所调减为98所", "156所")
    assert (f.measure, f.period) == ("earlier", Period(2015))


def test_programme_named_plan_is_no_target() -> None:
    assert the("实施营养改善计划,受益学生29.79万名", "29.79万名").status == "reported"
    assert the("完成投资3212万元,占年度投资计划的32.12%", "3212万元").status == "reported"
    assert the("计划投资6143.61万元", "6143.61万元").status == "target"
