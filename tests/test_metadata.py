"""read_metadata on small cleaned snippets: bureau, region, type, periods, dates, index, title."""

from __future__ import annotations

from datetime import date

import pytest

from edureports.parse.clean import clean_text
from edureports.parse.metadata import body_start, read_metadata
from edureports.parse.types import Period

PROSE = "全县教育系统认真落实各项工作,取得了明显成效。"


def meta(text: str, **hints: str):
    return read_metadata(clean_text(text), hints)


# ------------------------------------------------------------------ bureau and region

BUREAUS = [
    # (name, text, canonical, written, region_code)
    (
        "full name",
        "黎城县教育体育局2022年工作总结\n" + PROSE,
        "黎城县教育体育局",
        "黎城县教育体育局",
        "140426",
    ),
    (
        "教体局 is 教育体育局",
        "柴桑区教体局2023年工作总结\n" + PROSE,
        "柴桑区教育体育局",
        "柴桑区教体局",
        "360404",
    ),
    (
        "教育和体育局 stays",
        "张店区教育和体育局2019年工作总结\n" + PROSE,
        "张店区教育和体育局",
        "张店区教育和体育局",
        "370303",
    ),
    (
        "short place name",
        "黎城教育局2022年工作总结\n" + PROSE,
        "黎城县教育局",
        "黎城教育局",
        "140426",
    ),
    (
        "former name",
        "九江县教育局2016年工作总结\n" + PROSE,
        "柴桑区教育局",
        "九江县教育局",
        "360404",
    ),
    ("redacted", "…………教育局2023年工作总结\n" + PROSE, None, None, None),
    ("placeholder xx区", "xx区教育局2024年上半年工作总结\n" + PROSE, None, None, None),
    ("placeholder **县", "**县教育局2022年工作总结\n" + PROSE, None, None, None),
    ("bare 县教育局", "县教育局2022年工作总结\n" + PROSE, None, None, None),
    ("ambiguous without context", "朝阳区教育局2022年工作总结\n" + PROSE, None, None, None),
    (
        "ambiguous resolved by context",
        "朝阳区教育局2022年工作总结\n2022年,在北京市委领导下,北京市教育系统" + PROSE,
        "朝阳区教育局",
        "朝阳区教育局",
        "110105",
    ),
    (
        "header 发文机关",
        "发文机关黎城县教育体育局\n2022年工作总结\n" + PROSE,
        "黎城县教育体育局",
        "黎城县教育体育局",
        "140426",
    ),
]


@pytest.mark.parametrize(
    ("name", "text", "canonical", "written", "code"), BUREAUS, ids=[b[0] for b in BUREAUS]
)
def test_bureau_and_region(name: str, text: str, canonical, written, code) -> None:
    m = meta(text)
    assert m.bureau_name == canonical
    assert m.bureau_written == written
    assert m.region_code == code


REGIONS = [
    (
        "league named in the text",
        "2023年度教育局工作会议上讲话\n同志们:\n落实全盟教育工作会议要求,锡盟重点中学录取。"
        + PROSE,
        "152500",
    ),
    (
        "league in full",
        "县教育局工作总结\n2022年,落实《锡林郭勒盟普通高中三年规划》,全盟排位19名。" + PROSE,
        "152500",
    ),
    (
        "only 全盟 and 自治区",
        "县教育局工作总结\n2022年,落实自治区和全盟教育工作会议精神。" + PROSE,
        "150000",
    ),
    (
        "a banner is in Inner Mongolia",
        "旗教育局工作总结\n2022年,全旗教育系统在旗委领导下。" + PROSE,
        "150000",
    ),
    ("county in the title", "黎城县2022年教育工作总结\n" + PROSE, "140426"),
    ("prefecture in the title", "长治市2022年教育工作总结\n" + PROSE, "140400"),
    ("nothing certain", "县教育局2024年上半年工作总结\n在区委、区政府的领导下," + PROSE, None),
    (
        "one passing mention is not enough",
        "县教育局工作总结\n2022年,与呼和浩特市兴安路小学结对。" + PROSE,
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "code"), REGIONS, ids=[r[0] for r in REGIONS])
def test_region_from_context(name: str, text: str, code) -> None:
    assert meta(text).region_code == code


# ------------------------------------------------------------------ document type

DOC_TYPES = [
    ("summary and plan", "黎城县教育体育局2022年工作总结暨2023年工作计划", "summary_and_plan"),
    (
        "summary and plan with a space",
        "柴桑区教体局2023年工作总结 2024年工作计划",
        "summary_and_plan",
    ),
    ("summary", "张店区教育和体育局2019年工作总结", "summary"),
    ("half year", "县教育局2024年上半年工作总结和下半年工作计划", "half_year_summary"),
    ("speech", "2023年度教育局教育局工作会议上讲话", "speech"),
    ("speech 在…上的讲话", "在2021年全县教育工作会议上的讲话", "speech"),
    ("plan", "黎城县教育体育局2024年工作要点", "plan"),
    ("situation report", "黎城县教育局关于2023年教育工作情况的报告", "summary"),
    ("half year as 1-6月", "黎城县教育局2024年1-6月工作总结", "half_year_summary"),
    ("other", "黎城县教育体育局关于开展校园安全检查的通知", "other"),
]


@pytest.mark.parametrize(("name", "title", "doc_type"), DOC_TYPES, ids=[d[0] for d in DOC_TYPES])
def test_doc_type(name: str, title: str, doc_type: str) -> None:
    m = meta(title + "\n" + PROSE)
    assert m.title == title
    assert m.doc_type == doc_type


# ------------------------------------------------------------------ periods

PERIODS = [
    (
        "summary and plan",
        "黎城县教育体育局2022年工作总结暨2023年工作计划\n" + PROSE,
        Period(2022),
        Period(2023),
    ),
    ("plain summary has no plan", "张店区教育和体育局2019年工作总结\n" + PROSE, Period(2019), None),
    (
        "half year: H1 reviewed, 下半年 planned",
        "县教育局2024年上半年工作总结和下半年工作计划\n" + PROSE,
        Period(2024, "H1"),
        Period(2024, "H2"),
    ),
    (
        "half year with 下一步 heading",
        "县教育局2024年上半年工作总结\n" + PROSE + "\n三、下一步工作打算\n1.加快建设。",
        Period(2024, "H1"),
        Period(2024, "H2"),
    ),
    (
        "speech says what it reviews and plans",
        "2023年度教育局工作会议上讲话\n同志们:\n总结2022年工作所得成绩,谋划部署2023年全县教育重点工作。",
        Period(2022),
        Period(2023),
    ),
    (
        "speech year only",
        "在2021年全县教育工作会议上的讲话\n同志们:\n" + PROSE,
        Period(2020),
        Period(2021),
    ),
    (
        "year without 年",
        "张店区教育和体育局工作总结\n2019,全区教育和体育系统在区委区政府的正确领导下。",
        Period(2019),
        None,
    ),
    (
        "year from a heading",
        "县教育局工作总结\n一、2022年工作完成情况\n" + PROSE,
        Period(2022),
        None,
    ),
    ("chinese numeral year", "黎城县教育局二〇二三年工作总结\n" + PROSE, Period(2023), None),
    ("plan only", "黎城县教育体育局2024年工作要点\n" + PROSE, None, Period(2024)),
    ("1-6月 is H1", "黎城县教育局2024年1-6月工作总结\n" + PROSE, Period(2024, "H1"), None),
    ("述职报告", "黎城县教育局2023年述职报告\n" + PROSE, Period(2023), None),
    (
        "summary with a plan heading plans the next year",
        "黎城县教育局2022年工作总结\n" + PROSE + "\n三、下一步工作打算\n1.加快建设。",
        Period(2022),
        Period(2023),
    ),
    (
        "a repost title with one year on both parts: the opening says what is reviewed",
        "县教育局2023年工作总结和2023年工作计划\n2022年,**县教育局在县委的领导下。" + PROSE,
        Period(2022),
        Period(2023),
    ),
    (
        "a repost title with one year on both parts: the heading says what is reviewed",
        "县教育局2023年工作总结和2023年工作计划\n一、2022年工作完成情况\n" + PROSE,
        Period(2022),
        Period(2023),
    ),
    (
        "one year on both parts, and nothing in the text says otherwise",
        "县教育局2023年工作总结和2023年工作计划\n" + PROSE,
        Period(2023),
        Period(2023),
    ),
]


@pytest.mark.parametrize(("name", "text", "review", "plan"), PERIODS, ids=[p[0] for p in PERIODS])
def test_periods(name: str, text: str, review, plan) -> None:
    m = meta(text)
    assert (m.review, m.plan) == (review, plan)


# ------------------------------------------------------------------ published date

TITLE_2022 = "黎城县教育体育局2022年工作总结暨2023年工作计划\n"
DATES = [
    (
        "发文时间 beats a template 时间",
        TITLE_2022 + "发文时间2023-02-01\n时间:2017-08-20 来源:长治日报\n" + PROSE,
        {},
        date(2023, 2, 1),
    ),
    (
        "template date contradicting the text",
        TITLE_2022 + "时间:2017-08-20 来源:长治日报\n" + PROSE,
        {},
        None,
    ),
    (
        "plausible 时间 stamp",
        TITLE_2022 + "时间:2023-02-10 来源:黎城县教育体育局\n" + PROSE,
        {},
        date(2023, 2, 10),
    ),
    (
        "repost site stamp",
        TITLE_2022 + "时间:2023-11-29 14:13:01 来源:网友投稿\n" + PROSE,
        {},
        None,
    ),
    ("发布日期", TITLE_2022 + "发布日期: 2023-01-09 15:23 来源:\n" + PROSE, {}, date(2023, 1, 9)),
    (
        "发布日期 before 生成日期",
        TITLE_2022 + "生成日期:2023-01-05\n发布日期:2023-01-09\n" + PROSE,
        {},
        date(2023, 1, 9),
    ),
    (
        "hint when the text has none",
        TITLE_2022 + PROSE,
        {"published_on": "2023-03-01"},
        date(2023, 3, 1),
    ),
    ("contradicting hint", TITLE_2022 + PROSE, {"published_on": "2017-08-20"}, None),
    (
        "speech dated under its title",
        "在全县2024年教育工作会议上的讲话\n(2024年2月20日)\n同志们:\n" + PROSE,
        {},
        date(2024, 2, 20),
    ),
    (
        "hint from a repost source",
        TITLE_2022 + PROSE,
        {"published_on": "2023-11-29", "source": "网友投稿"},
        None,
    ),
    (
        "signature date",
        TITLE_2022 + PROSE + "\n黎城县教育体育局\n2023年2月1日",
        {},
        date(2023, 2, 1),
    ),
    (
        "half year published in July",
        "县教育局2024年上半年工作总结\n发布日期:2024-07-15\n" + PROSE,
        {},
        date(2024, 7, 15),
    ),
    (
        "half year stamped in March",
        "县教育局2024年上半年工作总结\n发布日期:2024-03-15\n" + PROSE,
        {},
        None,
    ),
]


@pytest.mark.parametrize(("name", "text", "hints", "published"), DATES, ids=[d[0] for d in DATES])
def test_published_on(name: str, text: str, hints: dict[str, str], published) -> None:
    assert meta(text, **hints).published_on == published


# ------------------------------------------------------------------ index number and title

INDEXES = [
    (
        "索引号 with spaces",
        "索引号: 11370303MB28657889/2020-5060776 文号:\n",
        "11370303MB28657889/2020-5060776",
    ),
    ("索引号 glued", "索引号000014349/2023-05955\n", "000014349/2023-05955"),
    ("信息索取号", "  • 信息索取号:000014349/2023-12979\n", "000014349/2023-12979"),
    ("none", "", None),
]


@pytest.mark.parametrize(("name", "header", "index"), INDEXES, ids=[i[0] for i in INDEXES])
def test_index_number(name: str, header: str, index) -> None:
    assert meta(header + TITLE_2022 + PROSE).index_number == index


TITLES = [
    (
        "site caption with 范文 skipped",
        "县教育局2024年上半年工作总结范文和下半年工作计划\n县教育局2024年上半年工作总结和下半年工作计划\n"
        + PROSE,
        {},
        "县教育局2024年上半年工作总结和下半年工作计划",
    ),
    (
        "标题 label",
        "标题:张店区教育和体育局2019年工作总结\n" + PROSE,
        {},
        "张店区教育和体育局2019年工作总结",
    ),
    (
        "site name before the title is not the title",
        "张店区教育和体育局\n张店区教育和体育局2019年工作总结\n" + PROSE,
        {},
        "张店区教育和体育局2019年工作总结",
    ),
    (
        "hint title without site suffix",
        PROSE,
        {"title": "黎城县教育体育局2022年工作总结_黎城县人民政府"},
        "黎城县教育体育局2022年工作总结",
    ),
]


@pytest.mark.parametrize(("name", "text", "hints", "title"), TITLES, ids=[t[0] for t in TITLES])
def test_title(name: str, text: str, hints: dict[str, str], title: str) -> None:
    assert meta(text, **hints).title == title


def test_body_starts_after_header() -> None:
    text = clean_text(
        "索引号000014349/2023-05955\n黎城县教育体育局2022年工作总结\n一、2022年工作完成情况\n"
        + PROSE
    )
    assert text[body_start(text) :].startswith("一、2022年工作完成情况")


def test_metadata_survives_reparse() -> None:
    raw = (
        "索引号000014349/2023-05955\n发文时间2023-02-01\n"
        + TITLE_2022
        + " 时间:2017-08-20  大 中 小 来源:长治日报\n"
        + PROSE
    )
    once = clean_text(raw)
    assert read_metadata(once, {}) == read_metadata(clean_text(once), {})


def test_former_names_point_at_current_divisions() -> None:
    from edureports import regions

    for name, code in regions.FORMER_NAMES.items():
        assert code in regions.by_code(), name
        assert regions.resolve(name) == code
