"""Coverage-guided fuzzing of the whole parser with atheris (run by hand, not in CI):

    pip install atheris && python fuzz/atheris_parse.py -runs=200000 -max_len=4096

The contract checked is the same as tests/test_parse_fuzz.py: only NotAReportError may
escape parse_text, and every span lies inside the cleaned text.
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from edureports.parse import parse_text
    from edureports.parse.report import NotAReportError


# A valid report opening, so that the fuzzed text behind it reaches every stage.
PREFIX = (
    "某县教育局2023年工作总结\n一、工作完成情况\n"
    + "全县教育系统扎实推进学校建设和教师队伍建设，取得了明显的成效。" * 6
    + "\n"
)


def one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    try:
        report = parse_text(PREFIX + text)
    except NotAReportError:
        return
    n = len(report.text)
    for f in report.figures:
        assert 0 <= f.start < f.end <= n and report.text[f.start : f.end] == f.raw
    for s in report.sections:
        assert 0 <= s.start <= s.end <= n


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
