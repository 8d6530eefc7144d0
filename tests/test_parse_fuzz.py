"""Fuzzing the parser with random and mutated report text: nothing escapes but the
documented NotAReportError, and every span stays inside the text it refers to."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from edureports.parse import ParsedReport, parse_text
from edureports.parse.clean import clean_text
from edureports.parse.report import NotAReportError
from tests.conftest import sample_paths

REPORT_ALPHABET = (
    "一二三四五六七八九十百千万亿两〇零年月日元万元亿元%％:：,，。、；;（）()【】…xX*"
    "0123456789０１２３４５.．—-~～ \n\t教育局学校幼儿园小学初中高中教师学生投入资金撤并"
    "毛入园率巩固率入学率工作总结计划上半年下半年存在的问题下一步是余近约左右以上超过不少于以内"
)


# A valid report opening, so that random text behind it reaches every stage of the parser.
PREFIX = (
    "某县教育局2023年工作总结\n一、工作完成情况\n"
    + "全县教育系统扎实推进学校建设和教师队伍建设，取得了明显的成效。" * 6
    + "\n"
)


@cache
def _samples() -> list[str]:
    return [p.read_text("utf-8") for p in sample_paths()]


def _check(report: ParsedReport) -> None:
    n = len(report.text)
    for s in report.sections:
        assert 0 <= s.start <= s.heading_end <= s.end <= n
        assert s.parent is None or s.parent < s.index
    for f in report.figures:
        assert 0 <= f.start < f.end <= n
        assert report.text[f.start : f.end] == f.raw
        assert (f.value is None) == (f.status == "redacted")


def _parse_or_refuse(text: str) -> ParsedReport | None:
    try:
        report = parse_text(text)
    except NotAReportError:
        return None
    _check(report)
    return report


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=REPORT_ALPHABET, min_size=0, max_size=600))
def test_random_report_like_text(text: str) -> None:
    report = _parse_or_refuse(PREFIX + text)
    assert report is not None  # the prefix alone passes the gate: the parser really ran


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode(text: str) -> None:
    _parse_or_refuse(text)
    assert clean_text(clean_text(text)) == clean_text(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 4),
    st.lists(
        st.tuples(st.integers(0, 10**6), st.integers(0, 40), st.text(REPORT_ALPHABET, max_size=8)),
        max_size=12,
    ),
)
def test_mutated_samples(which: int, edits: list[tuple[int, int, str]]) -> None:
    """Cut, splice and insert fragments at random places of a real report."""
    text = _samples()[which][:6000]
    for position, length, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + length :]
    _parse_or_refuse(text)


def test_cleaning_is_idempotent_on_samples() -> None:
    for text in _samples():
        once = clean_text(text)
        assert clean_text(once) == once


def test_reparse_of_stored_text_is_deterministic() -> None:
    for text in _samples():
        first = parse_text(text)
        second = parse_text(first.text)
        assert first.text == second.text
        assert [(s.marker, s.heading, s.start, s.role, s.period) for s in first.sections] == [
            (s.marker, s.heading, s.start, s.role, s.period) for s in second.sections
        ]
        assert [(f.start, f.end, f.indicator, f.value) for f in first.figures] == [
            (f.start, f.end, f.indicator, f.value) for f in second.figures
        ]


def test_paths_helper_finds_five_samples() -> None:
    assert [Path(p).suffix for p in sample_paths()] == [".txt"] * 5
