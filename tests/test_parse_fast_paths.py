"""The parser's fast paths give what the plain forms they replace give.

Parsing was made faster by rewriting patterns so that the regex engine can skip ahead to
their first characters, by scanning numbers only where they can start, by reading place
names only in stretches of their characters, and by caching. Each rewrite is checked here
against the plain form it replaces (kept in this file as the reference), on tables of
strings and on random text. benchmarks/parse_snapshot.py checks the whole parser.
"""

from __future__ import annotations

import re

import ahocorasick
import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports import catalog, regions
from edureports.parse import clean, figures, numbers, report

# characters the patterns below care about, and some they do not
ALPHABET = (
    "0123456789.:：-/+ \n\tAaBbXxyz*…＊年月日号线话热电专比百分之零〇一二两三四五六七八九十千万亿"
    "元名所个%计划拟模虚定写预力争期目标任务为建成后改善按照投资教育学校当前位置首页>›»小编"
    "下面以是今天仅供参考。公网安备蜘蛛池彩票网竞金沙娱乐赌bet皇冠体育索引号１２（），"
)
TEXTS = st.text(alphabet=ALPHABET, max_size=120)


def spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


# (the pattern as it was, the pattern that replaced it): the same matches everywhere
SAME_MATCHES = [
    (r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?", numbers._MASK_PATTERNS[0][0]),
    (r"(?<![\d.])\d{1,2}:\d{2}(?::\d{2})?(?![\d.])", numbers._TIME),
    (r"[0-9A-Za-z]+/\d{4}-\d+", numbers._MASK_PATTERNS[2][0]),
    (
        r"\d+(?=\s*(?:民生|政务|服务|举报|投诉|便民)?(?:热线|电话|专线))",
        numbers._MASK_PATTERNS[4][0],
    ),
    (r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)", numbers._MASK_PATTERNS[5][0]),
    (r"(?<!\d)1[3-9]\d{9}(?!\d)", numbers._MASK_PATTERNS[6][0]),
    (r"[A-Za-z]+\d+(?:-[A-Za-z]*\d+)?|\d+[A-WYZa-wyz]+", numbers._MASK_PATTERNS[9][0]),
    (r"[\dxX]+(?:\s*\+\s*[\dxX]+)+", numbers._MASK_PATTERNS[10][0]),
    (r"\d+\s*\+\s*[A-Za-z]|[A-Za-z]\s*\+\s*\d+", numbers._MASK_PATTERNS[11][0]),
    (r"\d{11}", numbers._LONG_DIGITS),
]

CASES = [
    "2023年5月12日 14:30 师生比1:13",
    "索引号000014349/2023-05955,12345热线,0355-1234567,13912345678",
    "U10 TOP300 3D 5+2+1 1+X x+x A + 12",
    "12345678901 1234567890 a1-b2 7a",
    "",
]


@pytest.mark.parametrize(("plain", "fast"), SAME_MATCHES, ids=[p for p, _ in SAME_MATCHES])
@pytest.mark.parametrize("text", CASES)
def test_rewritten_pattern_matches_as_before(plain: str, fast: re.Pattern[str], text: str) -> None:
    assert spans(fast, text) == spans(re.compile(plain), text)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_rewritten_patterns_match_as_before_on_random_text(text: str) -> None:
    for plain, fast in SAME_MATCHES:
        assert spans(fast, text) == spans(re.compile(plain), text), plain


# (the pattern as it was, whether the text holds a match now): these are only searched for
SAME_ANSWER = [
    (
        r"(?<![按照国培师训强])(?<!改善|改造|提升|行动|培养|发展|振兴|工作|教学|招生|投资|建设)"
        r"计划(?![生单内的])|预计|(?<![模虚])拟(?![定写])|力争|预期|目标(?:任务)?为|建成后",
        lambda t: bool(figures._TARGET_BEFORE.search(t)),
    ),
    (
        r"^(?:"
        r"当前位置|您的位置|你的位置|您现在的位置|所在位置|热点查询|热门搜索|推荐访问|相关推荐|相关阅读"
        r"|关联导读|相关链接|上一篇|下一篇|上一条|下一条|扫一扫|分享到|分享至|信息类别|公开方式|公开时限"
        r"|公开范围|责任编辑|浏览次数|阅读次数|点击数|访问量|字体大小|字号|【打印】|【关闭】|网站地图"
        r"|主办单位|承办单位|版权所有|网站标识码|ICP备|技术支持|联系我们"
        r")"
        r"|蜘蛛池"
        r"|扫一扫在手机打开当前页|在手机打开当前页|打印本页|关闭窗口|返回顶部"
        r"|(?:下面|以下)是小编|小编为大家|供大家参考|欢迎阅读|仅供参考[。]?$"
        r"|今天是\s*$"
        r"|^.{0,3}ICP备|公网安备|^Copyright|^©"
        r"|^首页\s*[>›»]"
        r"|[>›»]\s*首页",
        lambda t: bool(clean._DEBRIS_START.match(t) or clean._DEBRIS_ANYWHERE.search(t)),
    ),
    (
        r"皇冠体育|竞彩|娱乐平台|娱乐城|博彩|百家乐|赌场|赌博|彩票网|\d{3}彩票|六合彩|时时彩|老虎机"
        r"|棋牌|真人视讯|蜘蛛池|站群|在线观看|国产自拍|色欲|无码|威尼斯人|葡京|金沙(?:娱乐|赌)"
        r"|太阳城|bet\d+|開獎|开奖",
        lambda t: bool(regions.SPAM.search(t)),
    ),
]

ANSWER_CASES = [
    "计划投资5000万元",
    "按计划完成",
    "营养改善计划",
    "年度投资计划的32%",
    "拟新建学校",
    "模拟考试",
    "拟定方案",
    "当前位置:首页>教育",
    "首页 > 新闻",
    "新闻 » 首页",
    "以下是小编整理",
    "仅供参考。",
    "今天是 ",
    "abcICP备123",
    "Copyright 2023",
    "500彩票",
    "12彩票",
    "体育彩票",
    "bet365",
    "",
]


@pytest.mark.parametrize("text", ANSWER_CASES)
@pytest.mark.parametrize("index", range(len(SAME_ANSWER)))
def test_rewritten_search_answers_as_before(index: int, text: str) -> None:
    plain, fast = SAME_ANSWER[index]
    assert fast(text) == bool(re.search(plain, text))


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_rewritten_searches_answer_as_before_on_random_text(text: str) -> None:
    for plain, fast in SAME_ANSWER:
        assert fast(text) == bool(re.search(plain, text)), plain


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.integers(0, 20), st.integers(0, 140))
def test_numbers_are_scanned_as_finditer_would(text: str, pos: int, stop: int) -> None:
    fast = [m.span() for m in numbers._number_matches(text, pos, stop)]
    assert fast == [m.span() for m in numbers._NUM_RE.finditer(text, pos, stop)]


@pytest.mark.parametrize("numeral", ["三", "两百", "二〇二三", "一百二十", "十四", "三点五"])
def test_cached_cn2an_reads_as_cn2an(numeral: str) -> None:
    assert numbers.cn2an_smart(numeral) == cn2an.cn2an(numeral, "smart")
    assert numbers.cn2an_smart(numeral) == cn2an.cn2an(numeral, "smart")  # from the cache


def test_cached_cn2an_still_raises_on_a_word() -> None:
    with pytest.raises(ValueError):
        numbers.cn2an_smart("万一")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="教育局一二三abc,。 \t（），：；０１\u3000\u00a0\u200b\ufeff", max_size=80))
def test_width_is_normalised_as_translate_would(text: str) -> None:
    assert clean._normalise_chars(text) == text.translate(clean._WIDTH)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="教育局的是人了abc1，。\u4e00\u9fff\u3400", max_size=80))
def test_characters_are_counted_as_one_by_one(text: str) -> None:
    assert report._count(report._CJK_RUN, text) == sum("\u4e00" <= c <= "\u9fff" for c in text)
    common = sum(c in report._COMMON_CHARS for c in text)
    assert report._count(report._COMMON_RUN, text) == common


def _all_matches_leftmost_longest(
    automaton: ahocorasick.Automaton, text: str
) -> list[tuple[int, int, str]]:
    """The reference: every match of the whole text, longest at each start, left to right."""
    found: dict[int, tuple[int, str]] = {}
    for last, (form, _) in automaton.iter(text):
        start = last - len(form) + 1
        if start not in found or found[start][0] < last + 1:
            found[start] = (last + 1, form)
    out, reached = [], 0
    for start in sorted(found):
        end, form = found[start]
        if start >= reached:
            out.append((start, end, form))
            reached = end
    return out


PLACE_TEXTS = [
    "2021年,桃江县新增学位,长治市黎城县教育局,湖南省益阳市",
    "泰宁县公办幼儿园;衡阳新闻网讯;双江自治县优先保障教育投入",
    "山西省长治市黎城县黎城县城区九江县柴桑区,内蒙古锡盟",
    "",
    "教育",
]


@pytest.mark.parametrize("text", PLACE_TEXTS)
def test_place_names_are_read_in_stretches_as_in_the_whole_text(text: str) -> None:
    for automaton, runs in (
        (regions._upper_automaton(), regions._upper_runs()),
        (regions._county_automaton(), regions._county_runs()),
    ):
        found = [
            (m.start, m.end, m.written) for m in regions._leftmost_longest(automaton, runs, text)
        ]
        assert found == _all_matches_leftmost_longest(automaton, text)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "桃江县",
                "黎城",
                "长治市",
                "山西",
                "泰宁县",
                "宁县",
                "衡阳",
                "阳新",
                "教育局",
                "新增",
                "城区",
                "江",
                "县",
                "市",
                ",",
                "2021年",
                "的",
            ]
        ),
        max_size=30,
    )
)
def test_place_names_in_random_text_are_read_as_in_the_whole_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    automaton, runs = regions._county_automaton(), regions._county_runs()
    found = [(m.start, m.end, m.written) for m in regions._leftmost_longest(automaton, runs, text)]
    assert found == _all_matches_leftmost_longest(automaton, text)


def test_every_catalog_wording_is_found_by_its_units_search() -> None:
    for unit, pairs in figures._BY_UNIT.items():
        for wording, _ in pairs:
            assert figures._ANY_WORDING[unit].search(f"新建{wording}"), (unit, wording)


def test_every_coefficient_wording_is_found_before_segmenting() -> None:
    coefficients = [
        w for w, code in figures._RATE_CODES.items() if catalog.BY_CODE[code].unit == "coefficient"
    ]
    assert coefficients
    for wording in coefficients:
        assert figures._ANY_COEFFICIENT.search(f"全县{wording}为"), wording
