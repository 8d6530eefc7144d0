"""Property tests of parse.numbers: what is formatted is read back; nothing but the
documented error escapes; spans always lie inside the text."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import cn2an
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from edureports.parse.figures import extract_figures
from edureports.parse.numbers import (
    NumberParseError,
    find_quantities,
    parse_number,
    parse_quantity,
)
from edureports.parse.types import Period, ReportMeta

# decimals with at most 4 places, as reports write them
amounts = st.decimals(
    min_value=Decimal("0.0001"), max_value=Decimal("99999999"), places=4, allow_nan=False
).map(lambda d: d.normalize())
counts = st.integers(min_value=0, max_value=10**9)


def _fmt(d: Decimal) -> str:
    s = format(d, "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


@given(counts)
@example(0)
@example(1234567)
def test_arabic_integer_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n


@given(counts.filter(lambda n: n >= 1000))
def test_thousands_separators_round_trip(n: int) -> None:
    assert parse_number(f"{n:,}") == n


@given(amounts)
def test_arabic_decimal_round_trip(d: Decimal) -> None:
    assert parse_number(_fmt(d)) == pytest.approx(float(d))


@given(amounts, st.sampled_from([("万", 10_000), ("亿", 100_000_000)]))
def test_multiplier_round_trip(d: Decimal, mult: tuple[str, int]) -> None:
    word, factor = mult
    assert parse_number(_fmt(d) + word) == pytest.approx(float(d * factor))


@given(amounts, st.sampled_from([("元", 1), ("万元", 10_000), ("亿元", 100_000_000)]))
def test_money_round_trip(d: Decimal, unit: tuple[str, int]) -> None:
    word, factor = unit
    q = parse_quantity(f"{_fmt(d)}{word}")
    assert q.unit == "yuan"
    assert q.value == pytest.approx(float(d * factor))


@given(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False))
def test_percent_round_trip(d: Decimal) -> None:
    q = parse_quantity(f"{_fmt(d)}%")
    assert (q.unit, q.value) == ("percent", pytest.approx(float(d)))


@given(st.integers(min_value=1, max_value=99_999_999))
@example(2)
@example(200)
@example(10)
@example(14)
def test_chinese_numeral_round_trip(n: int) -> None:
    assert parse_number(cn2an.an2cn(n)) == n


@given(st.integers(min_value=1, max_value=99_999), st.sampled_from(["所", "名", "个", "人次"]))
def test_chinese_count_with_unit(n: int, unit: str) -> None:
    q = parse_quantity(cn2an.an2cn(n) + unit)
    assert (q.value, q.unit) == (n, unit)


@given(st.integers(min_value=1, max_value=100))
def test_percent_in_words_round_trip(n: int) -> None:
    assert parse_quantity("百分之" + cn2an.an2cn(n)).value == n


@given(counts.filter(lambda n: n >= 1), st.sampled_from(["所", "名", "个", "万元", "%"]))
def test_figure_inside_prose_is_found_with_its_span(n: int, unit: str) -> None:
    text = f"全县共投入和完成{n}{unit},取得成效。"
    found = find_quantities(text)
    assert len(found) == 1
    q = found[0]
    assert text[q.start : q.end] == q.raw == f"{n}{unit}"


@given(st.text())
@settings(max_examples=300)
def test_parse_number_raises_only_the_documented_error(s: str) -> None:
    with contextlib.suppress(NumberParseError):
        parse_number(s)


@given(st.text())
@settings(max_examples=300)
def test_parse_quantity_raises_only_the_documented_error(s: str) -> None:
    with contextlib.suppress(NumberParseError):
        parse_quantity(s)


report_chars = st.sampled_from(
    [
        *"0123456789.,%:：—-~至余多近约万亿元所个名人次xX*…第年月日共计投入资助撤并学位率比",
        *[
            "以上",
            "左右",
            "个百分点",
            "百分之",
            "三",
            "两",
            "十",
            "百",
            "毛入园率",
            "，",
            "。",
            "\n",
        ],
    ]
)


@given(st.one_of(st.text(), st.lists(report_chars, max_size=60).map("".join)))
@settings(max_examples=400)
def test_spans_always_inside_the_text(text: str) -> None:
    last_end = 0
    for q in find_quantities(text):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start >= last_end  # in order, never overlapping
        assert text[q.start : q.end] == q.raw
        assert (q.value is None) == q.redacted
        last_end = q.end


@given(st.one_of(st.text(), st.lists(report_chars, max_size=60).map("".join)))
@settings(max_examples=200, deadline=None)  # the first call initialises jieba
def test_extract_figures_never_raises_and_keeps_provenance(text: str) -> None:
    meta = ReportMeta(review=Period(2022))
    for f in extract_figures(text, [], meta):
        assert text[f.start : f.end] == f.raw
        assert f.clause in text
        assert f.repeat_of is None or f.repeat_of >= 0
