"""The five bundled samples, as a careful reader sees them.

Expectations come from reading the texts:
- 000 黎城县教育体育局 (山西 长治): 2022 summary with a 2023 plan; the page stamps
  时间:2017-08-20 (a template date) while 发文时间 says 2023-02-01; the plan's (二) and (四)
  lost their numerals (`)抓基础`, `)抓安全`).
- 001 a speech at a county's 2023 education work meeting, copied onto a repost site
  (时间:2023-11-29 来源:网友投稿); the county is redacted (…………) but 全盟/锡盟/锡林郭勒盟
  place it in 锡林郭勒盟; reviews 2022, plans 2023 (二、面向未来…).
- 002 a template (县教育局, xx区): half-year report, H1 2024 reviewed, H2 planned; no place.
- 003 张店区教育和体育局 (淄博): 2019 summary, opening with `2019,全区…`, published 2020-12-15.
- 004 柴桑区教体局 (九江): 2023 summary + 2024 plan, published 2024-01-09.
"""

from __future__ import annotations

from datetime import date
from functools import cache

import pytest
from edureports.loaders import read_document

from edureports import regions
from edureports.parse import ParsedReport, Period, parse, parse_text
from edureports.parse.report import NotAReportError
from tests.conftest import SAMPLES


@cache
def parsed(prefix: str) -> ParsedReport:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return parse(read_document(path))


EXPECTED = {
    "000": dict(
        title="黎城县教育体育局2022年工作总结暨2023年工作计划",
        bureau_name="黎城县教育体育局",
        bureau_written="黎城县教育体育局",
        region=("140426", "黎城县"),
        doc_type="summary_and_plan",
        review=Period(2022),
        plan=Period(2023),
        published_on=date(2023, 2, 1),
        index_number="000014349/2023-05955",
        top=[
            ("一、", "2022年工作完成情况", "review", Period(2022)),
            (None, "2023年工作计划", "plan", Period(2023)),
        ],
    ),
    "001": dict(
        title="2023年度教育局教育局工作会议上讲话",
        bureau_name=None,
        bureau_written=None,
        region=("152500", "锡林郭勒盟"),
        doc_type="speech",
        review=Period(2022),
        plan=Period(2023),
        published_on=None,
        index_number=None,
        top=[
            ("一、", "回顾2022年工作", "review", Period(2022)),
            ("二、", "面向未来,把握教育“发展大势”乘势而为", "plan", Period(2023)),
        ],
    ),
    "002": dict(
        title="县教育局2024年上半年工作总结和下半年工作计划",
        bureau_name=None,
        bureau_written=None,
        region=(None, None),
        doc_type="half_year_summary",
        review=Period(2024, "H1"),
        plan=Period(2024, "H2"),
        published_on=None,
        index_number=None,
        top=[
            ("一、", "上半年工作完成情况", "review", Period(2024, "H1")),
            ("二、", "存在的主要问题", "review", Period(2024, "H1")),
            ("三、", "下一步工作打算", "plan", Period(2024, "H2")),
        ],
    ),
    "003": dict(
        title="张店区教育和体育局2019年工作总结",
        bureau_name="张店区教育和体育局",
        bureau_written="张店区教育和体育局",
        region=("370303", "张店区"),
        doc_type="summary",
        review=Period(2019),
        plan=None,
        published_on=date(2020, 12, 15),
        index_number="11370303MB28657889/2020-5060776",
        top=[
            ("一、", "坚持全面从严治党,党的建设得到新提升", "review", Period(2019)),
            ("二、", "坚持改革创新,教育质量取得新提升", "review", Period(2019)),
            ("三、", "坚持引培并举,教师素质迈上新台阶", "review", Period(2019)),
            ("四、", "坚持供给侧改革,教育一体化实现新进展", "review", Period(2019)),
            ("五、", "坚持统筹协调,各级各类教育展现新面貌", "review", Period(2019)),
            ("六、", "坚持产业化发展,全民健身迈出新步伐", "review", Period(2019)),
            ("七、", "坚持固本强基,各项工作取得新成效", "review", Period(2019)),
        ],
    ),
    "004": dict(
        title="柴桑区教体局2023年工作总结 2024年工作计划",
        bureau_name="柴桑区教育体育局",
        bureau_written="柴桑区教体局",
        region=("360404", "柴桑区"),
        doc_type="summary_and_plan",
        review=Period(2023),
        plan=Period(2024),
        published_on=date(2024, 1, 9),
        index_number="000014349/2023-12979",
        top=[
            (None, "2023年工作总结", "review", Period(2023)),
            (None, "2024年工作计划", "plan", Period(2024)),
        ],
    ),
}
FIELDS = [
    "title",
    "bureau_name",
    "bureau_written",
    "doc_type",
    "review",
    "plan",
    "published_on",
    "index_number",
]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
@pytest.mark.parametrize("field", FIELDS)
def test_metadata(prefix: str, field: str) -> None:
    assert getattr(parsed(prefix).meta, field) == EXPECTED[prefix][field]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_region(prefix: str) -> None:
    code = parsed(prefix).meta.region_code
    name = regions.by_code()[code].name if code else None
    assert (code, name) == EXPECTED[prefix]["region"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_top_level_sections(prefix: str) -> None:
    top = [
        (s.marker, s.heading, s.role, s.period) for s in parsed(prefix).sections if s.parent is None
    ]
    assert top == EXPECTED[prefix]["top"]


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_tree_is_well_formed(prefix: str) -> None:
    report = parsed(prefix)
    text, secs = report.text, report.sections
    assert secs
    for i, s in enumerate(secs):
        assert s.index == i
        assert s.start < s.heading_end <= s.end <= len(text)
        assert text[s.start : s.heading_end].endswith(s.heading)
        assert s.role in ("review", "plan") and s.period is not None
        if s.parent is not None:
            assert s.parent < i and secs[s.parent].start <= s.start and s.end <= secs[s.parent].end
            assert (s.role, s.period) == (secs[s.parent].role, secs[s.parent].period)


def test_000_broken_markers_are_siblings_in_the_plan() -> None:
    secs = parsed("000").sections
    plan = next(s for s in secs if s.heading == "2023年工作计划")
    children = [(s.marker, s.heading) for s in secs if s.parent == plan.index]
    assert children == [
        ("(一)", "抓党建,全面履行教育工委职责"),
        (")", "抓基础,全面提升教育教学质量"),
        ("(三)", "抓改革,加强教育体育队伍建设"),
        (")", "抓安全,创建全域平安校园"),
        ("(五)", "抓服务,促进全民体育事业发展"),
    ]


def test_000_template_date_is_kept_in_text_but_not_used() -> None:
    report = parsed("000")
    assert "时间:2017-08-20" in report.text
    assert report.meta.published_on == date(2023, 2, 1)


def test_001_run_on_heading_and_its_paragraph() -> None:
    report = parsed("001")
    sec = next(s for s in report.sections if s.heading == "优质均衡有进展")
    assert sec.marker == "1."
    assert report.text[sec.start : sec.end].startswith(
        "1.优质均衡有进展。继续巩固提高基础教育发展水平。"
    )
    assert "小学综合差异系数为0.2740" in report.text[sec.start : sec.end]


def test_002_problem_items_are_review() -> None:
    secs = parsed("002").sections
    problems = next(s for s in secs if s.heading == "存在的主要问题")
    kids = [s for s in secs if s.parent == problems.index]
    assert [s.heading for s in kids] == [
        "教育经费缺口大,项目建设资金严重不足",
        "安全工作有待加强",
        "城市优质教育资源不充分不平衡",
    ]
    assert {(s.role, s.period) for s in kids} == {("review", Period(2024, "H1"))}


def test_004_plan_numbering_restarts_under_the_plan_heading() -> None:
    secs = parsed("004").sections
    plan = next(s for s in secs if s.heading == "2024年工作计划")
    kids = [(s.depth, s.marker, s.heading) for s in secs if s.parent == plan.index]
    assert kids == [
        (2, "1.", "以提升教育教学质量为中心,推进素质教育"),
        (2, "2.", "进一步加强教师队伍建设"),
        (2, "3.", "体育事业良性发展"),
        (2, "4.", "加强校园建设"),
    ]


# ------------------------------------------------------------------ the gate

_NAVIGATION_PAGE = "\n".join(
    [
        "中国政府网 | 山西省政府 | 长治市政府 今天是",
        "当前位置:首页 > 政务公开 > 总结计划",
        *[
            f"黎城县教育体育局关于开展第{i}批校园安全检查工作的通知 2023-0{i % 9 + 1}-01"
            for i in range(12)
        ],
        "上一篇:黎城县教育体育局2022年工作总结",
        "下一篇:黎城县教育体育局2023年工作要点",
    ]
)


def _random_gb18030_text() -> str:
    import random

    rng = random.Random(2260)
    chars = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(3000))
    return chars.encode("gb18030").decode("gb18030")


GATE = [
    ("random GB18030 text", _random_gb18030_text(), "do not read as Chinese prose"),
    ("navigation and links only", _NAVIGATION_PAGE, "no sentences"),
    ("too short", "黎城县教育体育局2022年工作总结", "fewer than 100"),
    (
        "not about education",
        "我们在公园里散步,看到了很多的花和树。" * 10,
        "nothing about education",
    ),
]


@pytest.mark.parametrize(("name", "text", "reason"), GATE, ids=[g[0] for g in GATE])
def test_gate_refuses_non_reports(name: str, text: str, reason: str) -> None:
    with pytest.raises(NotAReportError, match=reason):
        parse_text(text)


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_gate_accepts_samples(prefix: str) -> None:
    assert parsed(prefix).sections
