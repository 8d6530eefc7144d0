"""Table-driven tests of parse.numbers: every number form, qualifier, placeholder and non-figure."""

from __future__ import annotations

import pytest

from edureports.parse.numbers import (
    NumberParseError,
    find_quantities,
    normalise_digits,
    parse_number,
    parse_quantity,
)

# ------------------------------------------------------------------ parse_number

NUMBERS = [
    ("3", 3),
    ("12.5", 12.5),
    ("1,234", 1234),
    ("12,839", 12839),
    ("1,234,567.5", 1234567.5),
    ("１２３", 123),  # full-width digits
    ("１２．５", 12.5),
    ("1.73万", 17300),
    ("18亿", 1_800_000_000),
    ("685.510万", 6_855_100),
    ("220.6203万", 2_206_203),
    ("3千万", 30_000_000),
    ("三", 3),
    ("两", 2),
    ("十四", 14),
    ("一百二十", 120),
    ("两百", 200),
    ("二〇二三", 2023),
    ("三万五千", 35000),
    ("一点五", 1.5),
    ("零点五", 0.5),
    ("十", 10),
    ("百分之三十", 30),
    ("百分之九十五点五", 95.5),
    ("百分之12.5", 12.5),
    (".5", 0.5),
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_parse_number(text: str, expected: float) -> None:
    assert parse_number(text) == pytest.approx(expected)


BAD_NUMBERS = [
    "",
    "   ",
    "abc",
    "万",
    "亿",
    "百",
    "十四五规划",
    "1.2.3",
    "1万2",
    "xx",
    "三所",
    None,
    12,
]


@pytest.mark.parametrize("text", BAD_NUMBERS)
def test_parse_number_rejects(text: object) -> None:
    with pytest.raises(NumberParseError):
        parse_number(text)  # type: ignore[arg-type]


def test_number_parse_error_is_a_value_error() -> None:
    assert issubclass(NumberParseError, ValueError)


def test_normalise_digits_keeps_length() -> None:
    s = "投入１２８万元，占比９８％"
    assert normalise_digits(s) == "投入128万元，占比98%"
    assert len(normalise_digits(s)) == len(s)


# ------------------------------------------------------------------ find_quantities
# (snippet, [(raw, value, value_high, unit, qualifier, redacted), ...])

Q = tuple[str, float | None, float | None, str, str, bool]

FIGURES: list[tuple[str, list[Q]]] = [
    # Arabic numerals, decimals, thousands separators, full width
    ("投入128万元", [("128万元", 1_280_000, None, "yuan", "exact", False)]),
    ("投入专项资金368万元,用于", [("368万元", 3_680_000, None, "yuan", "exact", False)]),
    ("毛入园率98%", [("98%", 98, None, "percent", "exact", False)]),
    ("毛入园率９８％", [("９８％", 98, None, "percent", "exact", False)]),
    ("巩固率99.3%", [("99.3%", 99.3, None, "percent", "exact", False)]),
    ("补充图书12,839册", [("12,839册", 12839, None, "册", "exact", False)]),
    ("补充图书12839册", [("12839册", 12839, None, "册", "exact", False)]),
    ("共2417人", [("2417人", 2417, None, "人", "exact", False)]),
    # a minus sign after words is a sign; a dash between numbers is a range
    (
        "同比增长-10.42个百分点",
        [("-10.42个百分点", -10.42, None, "percentage_points", "exact", False)],
    ),
    ("增幅为-3.5%", [("-3.5%", -3.5, None, "percent", "exact", False)]),
    # square metres however written read as 平方米
    ("新建校舍3.2万平米", [("3.2万平米", 32_000, None, "平方米", "exact", False)]),
    ("生均面积5.6㎡", [("5.6㎡", 5.6, None, "平方米", "exact", False)]),
    ("总人数4282 人次", [("4282 人次", 4282, None, "人次", "exact", False)]),
    ("系数为0.2740,", [("0.2740", 0.274, None, "", "exact", False)]),
    ("笼式足球场0个", [("0个", 0, None, "个", "exact", False)]),
    ("补充教师30名", [("30名", 30, None, "名", "exact", False)]),
    ("建筑面积24.3万平方米", [("24.3万平方米", 243000, None, "平方米", "exact", False)]),
    ("夺得245.5枚金牌", [("245.5枚", 245.5, None, "枚", "exact", False)]),
    ("获得4640分,", [("4640分", 4640, None, "分", "exact", False)]),
    # 万/亿 multipliers
    ("提供1.73万个优质学位", [("1.73万个", 17300, None, "个", "exact", False)]),
    ("投资18亿元", [("18亿元", 1_800_000_000, None, "yuan", "exact", False)]),
    ("免除学费685.510万元", [("685.510万元", 6_855_100, None, "yuan", "exact", False)]),
    ("计划投资1.3亿元", [("1.3亿元", 130_000_000, None, "yuan", "exact", False)]),
    ("惠及学生2.8万人次", [("2.8万人次", 28000, None, "人次", "exact", False)]),
    ("预算3千元", [("3千元", 3000, None, "yuan", "exact", False)]),
    ("补助标准为1000元/人", [("1000元/人", 1000, None, "yuan_per_student", "exact", False)]),
    ("增加0.9亿元", [("0.9亿元", 90_000_000, None, "yuan", "exact", False)]),
    # Chinese numerals
    ("三所学校", [("三所", 3, None, "所", "exact", False)]),
    ("两所中学", [("两所", 2, None, "所", "exact", False)]),
    ("十四个教学点", [("十四个", 14, None, "个", "exact", False)]),
    ("一百二十名教师", [("一百二十名", 120, None, "名", "exact", False)]),
    ("两百名学生", [("两百名", 200, None, "名", "exact", False)]),
    ("三万人次", [("三万人次", 30000, None, "人次", "exact", False)]),
    ("五个第一名", [("五个", 5, None, "个", "exact", False)]),
    ("两轮培训", [("两轮", 2, None, "轮", "exact", False)]),
    ("百分之三十的学生", [("百分之三十", 30, None, "percent", "exact", False)]),
    ("百分之九十五点五", [("百分之九十五点五", 95.5, None, "percent", "exact", False)]),
    ("提高2.3个百分点", [("2.3个百分点", 2.3, None, "percentage_points", "exact", False)]),
    ("提高三个百分点", [("三个百分点", 3, None, "percentage_points", "exact", False)]),
    # ratios
    ("达到师生比1:12.5的要求", [("1:12.5", 12.5, None, "ratio", "exact", False)]),
    ("生师比为13.5:1", [("13.5:1", 13.5, None, "ratio", "exact", False)]),
    ("师生比1：13", [("1：13", 13, None, "ratio", "exact", False)]),
    # ranges: value is the low end, value_high the high end
    ("年内培训达到300—500人次", [("300—500人次", 300, 500, "人次", "exact", False)]),
    ("选派3—5名校长", [("3—5名", 3, 5, "名", "exact", False)]),
    ("掌握1至2项运动技能", [("1至2项", 1, 2, "项", "exact", False)]),
    ("投入3-5万元", [("3-5万元", 30000, 50000, "yuan", "exact", False)]),
    ("三至五所", [("三至五所", 3, 5, "所", "exact", False)]),
    ("投入5万至10万元", [("5万至10万元", 50000, 100000, "yuan", "exact", False)]),
    ("惠及1万-2万人次", [("1万-2万人次", 10000, 20000, "人次", "exact", False)]),
    # qualifiers
    ("累计发放各类补助近2800万元", [("2800万元", 28_000_000, None, "yuan", "approx", False)]),
    ("共投资40余万元", [("40余万元", 400_000, None, "yuan", "approx", False)]),
    ("惠及2万余名小学生", [("2万余名", 20000, None, "名", "approx", False)]),
    ("选定议题40余个", [("40余个", 40, None, "个", "approx", False)]),
    ("一百多所学校", [("一百多所", 100, None, "所", "approx", False)]),
    ("约300人", [("300人", 300, None, "人", "approx", False)]),
    ("200人左右", [("200人", 200, None, "人", "approx", False)]),
    ("覆盖率达80%以上", [("80%", 80, None, "percent", "at_least", False)]),
    ("超过500名", [("500名", 500, None, "名", "at_least", False)]),
    ("不少于4次", [("4次", 4, None, "次", "at_least", False)]),
    ("不超过3次", [("3次", 3, None, "次", "at_most", False)]),
    ("控制在5%以内", [("5%", 5, None, "percent", "at_most", False)]),
    ("28岁以下", [("28岁", 28, None, "岁", "at_most", False)]),
    # placeholders: redacted, value None
    ("组织专题学习xx场次", [("xx场次", None, None, "场次", "exact", True)]),
    ("专题研讨x次", [("x次", None, None, "次", "exact", True)]),
    ("计划投资x.x亿元", [("x.x亿元", None, None, "yuan", "exact", True)]),
    ("落实奖补资金xxx.xx万元", [("xxx.xx万元", None, None, "yuan", "exact", True)]),
    ("资助资xxxx.xxx万元", [("xxxx.xxx万元", None, None, "yuan", "exact", True)]),
    ("补贴……万元", [("……万元", None, None, "yuan", "exact", True)]),
    ("惠及大学生……人", [("……人", None, None, "人", "exact", True)]),
    ("资助学生**人", [("**人", None, None, "人", "exact", True)]),
    ("占年度任务xx.x%", [("xx.x%", None, None, "percent", "exact", True)]),
    ("近xx起", [("xx起", None, None, "起", "approx", True)]),
    ("xx余家", [("xx余家", None, None, "家", "approx", True)]),
    # damaged text: a decimal in Chinese digits (spun text), a doubled 万 for 万元
    ("总投资92.六亿元,", [("92.六亿元", 9_260_000_000, None, "yuan", "exact", False)]),
    ("共投入资金1091万万。", [("1091万万", 10_910_000, None, "yuan", "exact", False)]),
    ("投入1091万万人", [("1091万", 10_910_000, None, "", "exact", False)]),
    ("总投资42.88亿人民币,", [("42.88亿人民币", 4_288_000_000, None, "yuan", "exact", False)]),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_find_quantities(text: str, expected: list[Q]) -> None:
    got = [
        (q.raw, q.value, q.value_high, q.unit, q.qualifier, q.redacted)
        for q in find_quantities(text)
    ]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected, strict=True):
        assert g[0] == e[0]
        assert g[1] == (None if e[1] is None else pytest.approx(e[1]))
        assert g[2] == (None if e[2] is None else pytest.approx(e[2]))
        assert g[3:] == e[3:]


def test_list_of_figures_keeps_order_and_spans() -> None:
    text = "完成路堡、黄崖洞、东阳关3所初中,看后、下赤峪、清泉、小寨等4所小学,东洼、北桑鲁等14个教学点的撤并工作"
    qs = find_quantities(text)
    assert [q.raw for q in qs] == ["3所", "4所", "14个"]
    assert all(text[q.start : q.end] == q.raw for q in qs)


# ------------------------------------------------------------------ not figures

NOT_FIGURES = [
    "2022年工作完成情况",
    "2023 年是贯彻落实党的二十大精神的开局之年",
    "10月10日至14日",
    "9月份开办招生",
    "截止到2023年10月底",
    "2021—2022学年全县",
    "2022-2023学年校园足球联赛",
    "2019,全区教育和体育系统",
    "2020、2021年度截留资金",
    "二〇二三年",
    "信息报送篇数排名全县第三",
    "党的二十大精神",
    "党的十九大及历次全会精神",
    "实施“十四五”规划",
    "荣获第一名",
    "第七期教育部中小学党组织书记网络培训",
    "第二十七届文化艺术节",
    "第xx届中小学生运动会",
    "夺得全省第一、二、三名",
    "认真落实“三会一课”",
    "持续深化“5+2+1”课后服务模式",
    "积极考取1+X证书",
    "科学规划“3+2”衔接",
    "x+x课后延时服务",
    "深入开展3.23警示教育系列活动",
    "12345热线工单",
    "共办理12345民生热线投诉件",
    "索引号000014349/2023-05955",
    "索引号: 11370303MB28657889/2020-5060776",
    "发文时间2023-02-01",
    "时间:2023-11-29 14:13:01",
    "发布日期: 2024-01-09 15:23",
    "学习《教育部公开曝光第九批违反教师职业行为十项准则典型案例》",
    "1.政治理论学习进一步扎实",
    "(1)加强管理",
    "全球TOP300海外大学",
    "江西省青少年女子U10足球比赛",
    "U8-U18男、女组",
    "建党102周年系列庆祝活动",
    "新中国成立70周年",
    "组织开展1—7年级期末教育教学质量检测",
    "三位一体的法治教育网络",
    "形成了四位一体的工作大格局",
    "万师访万家",
    "十分重要",
    "部分学校",
    "一流学科",
    "学前三年毛入园率",
    "九年义务教育巩固率",
    "xx区教育局",
    "x月初开工建设",
    "xx小学建设项目",
    "利用“……”……等平台",
    "…………教育事业",
    "每一所学校",
    "中央八项规定精神",
    "建立一批思政课实践教学基地",
    "力争第二幼儿园二期扩建工程如期开工",
    "510日,我区举办",
    "不断加深“两个确立”认识",
    "完成门房“四个一”建设",
    "联系电话0355-6222333",
    # 一 with its measure word doubled: every one of them
    "一所所设施一流的学校,一个个躬耕不辍的园丁,一批批成就卓著的人才",
    # list markers run into the text after a sentence or a colon
    "全县基础教育事业持续健康发展。2.学前教育基本普及",
    "附件:1.邵阳市增加公办义务教育学位完成情况统计",
    # a year with its last digits blanked out
    "20xx年以来,全县教育事业稳步发展",
    "20**年中考进入全市前列",
    "现就20xx—20xx年的工作述职如下",
]


def test_digits_before_a_blank_are_part_of_it() -> None:
    """1**人: a number blanked out in part is one redacted figure, not 1 and a blank."""
    qs = find_quantities("全县共有专任教师1**人")
    assert [(q.raw, q.redacted) for q in qs] == [("**人", True)]


@pytest.mark.parametrize("text", NOT_FIGURES)
def test_not_figures(text: str) -> None:
    assert [q.raw for q in find_quantities(text)] == []


def test_years_beside_figures() -> None:
    qs = find_quantities("2022年共招录14名教师,2023年计划招聘8名")
    assert [q.raw for q in qs] == ["14名", "8名"]


def test_date_range_is_not_a_figure_but_the_rate_is() -> None:
    qs = find_quantities("2021—2022学年全县小学适龄儿童入学率达100%")
    assert [q.raw for q in qs] == ["100%"]


def test_hotline_number_is_not_but_its_count_is() -> None:
    assert [q.raw for q in find_quantities("12345热线工单95件")] == ["95件"]


# ------------------------------------------------------------------ parse_quantity

QUANTITIES = [
    ("近2800万元", 28_000_000, "yuan", "approx"),
    ("80%以上", 80, "percent", "at_least"),
    ("1.73万个", 17300, "个", "exact"),
    ("三所", 3, "所", "exact"),
    ("百分之三十", 30, "percent", "exact"),
    ("不超过3次", 3, "次", "at_most"),
]


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), QUANTITIES)
def test_parse_quantity(text: str, value: float, unit: str, qualifier: str) -> None:
    q = parse_quantity(text)
    assert q.value == pytest.approx(value)
    assert (q.unit, q.qualifier) == (unit, qualifier)


def test_parse_quantity_placeholder() -> None:
    q = parse_quantity("xx名")
    assert q.redacted and q.value is None and q.unit == "名"


@pytest.mark.parametrize("text", ["", "2022年", "3所和4所", "投入128万元", "第三", "abc", None])
def test_parse_quantity_rejects(text: object) -> None:
    with pytest.raises(NumberParseError):
        parse_quantity(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "raw"),
    [("小学综合差异系数为xx,初中为x.xx。", "xx"), ("共计xx。", "xx"), ("比例达x.x%", "x.x%")],
)
def test_bare_placeholder_after_a_verb(text: str, raw: str) -> None:
    q = find_quantities(text)[0]
    assert (q.raw, q.value, q.redacted) == (raw, None, True)


def test_ratio_sign_is_read() -> None:
    (q,) = find_quantities("师生比为1∶13.5")
    assert (q.raw, q.value, q.unit) == ("1∶13.5", 13.5, "ratio")


def test_small_decimal_before_a_word_is_a_figure() -> None:
    assert [q.raw for q in find_quantities("系数为0.27的水平")] == ["0.27"]
    assert [q.raw for q in find_quantities("开展3.15宣传")] == []
