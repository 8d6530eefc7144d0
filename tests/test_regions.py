"""regions: county names as reports write them, spam lines, context from several levels."""

from __future__ import annotations

import pytest

from edureports import regions

MENTIONS = [
    # (name, text, [(written, code, in full)])
    ("full name", "2021年,桃江县新增学位", [("桃江县", "430922", True)]),
    ("short name", "黎川一中考场", [("黎川", "361022", False)]),
    (
        "autonomous county by its place name",
        "双江自治县优先保障教育投入",
        [("双江自治县", "530925", True)],
    ),
    ("former name", "九江县教育局", [("九江县", "360404", True)]),
    ("longest first: 泰宁县 is not 宁县", "泰宁县公办幼儿园", [("泰宁县", "350429", True)]),
    ("a prefecture's form is no county short name", "衡阳新闻网讯", []),
]


@pytest.mark.parametrize(("name", "text", "expected"), MENTIONS, ids=[m[0] for m in MENTIONS])
def test_county_mentions(name: str, text: str, expected) -> None:
    found = [(m.written, m.codes[0], full) for m, full in regions.county_mentions(text)]
    assert found == expected


SPAM = [
    ("casino line", "澳门皇冠体育_中国竞彩网:教育体育局\n全县新增学位", True),
    ("link farm", "全县新增学位\n主站蜘蛛池模板: 紫阳县| 新泰市| 哈尔滨市", True),
    ("sports lottery is no spam", "体育彩票销售1.2亿元\n全县新增学位", False),
]


@pytest.mark.parametrize(("name", "text", "spam"), SPAM, ids=[s[0] for s in SPAM])
def test_without_spam_blanks_spam_lines_and_keeps_offsets(name: str, text: str, spam) -> None:
    cleaned = regions.without_spam(text)
    assert len(cleaned) == len(text)
    assert (cleaned != text) == spam
    assert "全县新增学位" in cleaned or "体育彩票" in cleaned


CONTEXT = [
    (
        "a prefecture named in full with its province, beside an uploader's province",
        "发布于黑龙江\n荣获浙江省教育业绩考核优秀单位,连续蝉联温州市教育业绩考核一等奖。",
        ("330300", "330000"),
    ),
    (
        "counties named in full speak for their prefecture",
        "赤坎区新增学位1350个,霞山区新增学位1200个,坡头区新增学位800个,麻章区新增学位600个。",
        ("440800", "440000"),
    ),
    ("spam names no place", "澳门皇冠体育 澳门特别行政区 澳门\n全县新增学位", (None, None)),
    ("one passing prefecture is not enough", "与呼和浩特市兴安路小学结对。", (None, None)),
]


@pytest.mark.parametrize(("name", "text", "expected"), CONTEXT, ids=[c[0] for c in CONTEXT])
def test_context_region(name: str, text: str, expected) -> None:
    assert regions.context_region(text) == expected


# A small hierarchy: code -> (name, level, parent code).
TREE = {
    "140000": ("山西省", "province", None),
    "140400": ("长治市", "prefecture", "140000"),
    "140426": ("黎城县", "county", "140400"),
    "419001": ("济源市", "county", "410000"),  # a county directly under its province
    "410000": ("河南省", "province", None),
    "990100": ("某市", "prefecture", "990000"),  # its province is not in the tree
    "990101": ("某区", "county", "990100"),
    "880001": ("孤县", "county", None),  # no parent at all
}
PLACES = [
    ("province", "140000", ("山西省", None, None)),
    ("prefecture", "140400", ("山西省", "长治市", None)),
    ("county under a prefecture", "140426", ("山西省", "长治市", "黎城县")),
    ("county under its province", "419001", ("河南省", None, "济源市")),
    ("prefecture whose province is missing", "990100", (None, "某市", None)),
    ("county whose province is missing", "990101", ("某市", "某市", "某区")),
    ("county without a parent", "880001", (None, None, "孤县")),
]


@pytest.mark.parametrize(("name", "code", "expected"), PLACES, ids=[p[0] for p in PLACES])
def test_places(name: str, code: str, expected: tuple) -> None:
    assert tuple(regions.places(TREE)[code]) == expected


def test_the_region_table_holds_every_place(engine) -> None:
    """schema_sync fills region.province / prefecture / county (0012) from the table's own
    hierarchy: the columns the views show and a province filter finds by index."""
    from sqlalchemy import text as sql

    with engine.connect() as c:
        rows = c.execute(
            sql("SELECT code, name, level, parent_code, province, prefecture, county FROM region")
        ).all()
    tree = {r[0]: (r[1], r[2], r[3]) for r in rows}
    places = regions.places(tree)
    assert all(tuple(places[r[0]]) == tuple(r[4:]) for r in rows)
    stored = {r[0]: tuple(r[4:]) for r in rows}
    assert stored["140426"] == ("山西省", "长治市", "黎城县")
    assert stored["140000"] == ("山西省", None, None)
