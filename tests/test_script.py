"""script: 繁體 text is detected cheaply and read from a simplified copy of the same length."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports.parse.script import is_traditional, simplified_copy

DETECT = [
    ("traditional bureau notice", "臨湘市教育體育局2020年重點民生實事項目任務完成情況公示", True),
    ("traditional money", "投入4434萬元,改薄學校17所,新建5所公辦幼兒園", True),
    ("simplified report", "临湘市教育体育局2020年重点民生实事项目,投入4434万元", False),
    ("one traditional name in simplified prose", "参观了台湾學校,全县新建幼儿园3所", False),
    ("empty", "", False),
]


@pytest.mark.parametrize(("name", "text", "expected"), DETECT, ids=[d[0] for d in DETECT])
def test_is_traditional(name: str, text: str, expected: bool) -> None:
    assert is_traditional(text) is expected


CONVERT = [
    ("bureau", "臨湘市教育體育局公辦幼兒園學位", "临湘市教育体育局公办幼儿园学位"),
    ("money", "爭取資金1.2億元,固定資產投資3.9億元", "争取资金1.2亿元,固定资产投资3.9亿元"),
    ("two lines", "衡陽縣教育局\n發放獎金258.4萬元", "衡阳县教育局\n发放奖金258.4万元"),
]


@pytest.mark.parametrize(("name", "text", "expected"), CONVERT, ids=[c[0] for c in CONVERT])
def test_simplified_copy(name: str, text: str, expected: str) -> None:
    assert simplified_copy(text) == expected


def test_simplified_text_is_returned_as_is() -> None:
    text = "全县教育系统扎实推进学校建设,投入资金368万元。"
    assert simplified_copy(text) is text


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet="臨湘市教育體育局學實縣辦設萬億元乾著後裡於發髮麵面雲云\n 0123456789。",
        max_size=60,
    )
)
def test_copy_keeps_length_and_lines(text: str) -> None:
    copy = simplified_copy(text)
    assert len(copy) == len(text)
    assert [i for i, c in enumerate(copy) if c == "\n"] == [
        i for i, c in enumerate(text) if c == "\n"
    ]
