"""Student aid by programme: the parser names each aid figure's programme from the catalog,
and v_aid_programmes sums them as v_funding counts, on both backends."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from edureports.parse import parse_text
from edureports.parse.figures import extract_figures
from edureports.parse.types import Period, ReportMeta
from edureports.store import store_parsed

META = ReportMeta(review=Period(2022))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # each amount its nearest programme; the count after both names neither
        (
            "发放国家助学金120万元、免学费资金80万元,惠及学生3000人次。",
            [("120万元", "national_grant"), ("80万元", "tuition_waiver"), ("3000人次", None)],
        ),
        ("营养改善计划惠及学生9.38万名。", [("9.38万名", "nutrition")]),
        # named after the figure in its clause; the amount of the next clause keeps it
        (
            "为1464名大学生办理了生源地助学贷款,贷款总额982.3万元。",
            [("1464名", "student_loan"), ("982.3万元", "student_loan")],
        ),
        ("投入资金500万元用于营养餐。", [("500万元", "nutrition")]),
        # not aid: no programme
        ("新建校舍投入300万元。", [("300万元", None)]),
    ],
)
def test_each_aid_figure_takes_its_programme(text: str, expected: list) -> None:
    got = [(f.raw, f.aid_programme) for f in extract_figures(text, [], META)]
    assert got == expected


REPORT = (
    "黎城县教育体育局2022年工作总结\n"
    "一、学生资助\n"
    "全年发放国家助学金120万元、免学费资金80万元,惠及学生3000人次。"
    "营养改善计划惠及学生9500名,投入资金500万元用于营养餐。"
    "为146名大学生办理了生源地助学贷款,贷款总额98.3万元。\n"
    "二、办学条件\n新建校舍投入300万元,全县教育系统认真落实各项工作,教育质量稳步提升。\n"
)


def test_v_aid_programmes_sums_by_programme_and_adds_up_to_v_funding(engine: Engine) -> None:
    store_parsed(engine, parse_text(REPORT))
    with engine.connect() as c:
        got = {
            (r.programme, r.indicator_code): (r.value, r.figures)
            for r in c.execute(
                text("SELECT * FROM v_aid_programmes WHERE year = 2022 AND role = 'review'")
            )
        }
        aid_total = c.scalar(
            text(
                "SELECT total_yuan FROM v_funding WHERE year = 2022 AND role = 'review' "
                "AND funding_category = 'student_aid'"
            )
        )
    assert got == {
        ("national_grant", "funding_amount"): (1_200_000, 1),
        ("tuition_waiver", "funding_amount"): (800_000, 1),
        ("nutrition", "funding_amount"): (5_000_000, 1),
        ("student_loan", "funding_amount"): (983_000, 1),
        ("unspecified", "students_aided"): (3000, 1),
        ("nutrition", "students_aided"): (9500, 1),
        ("student_loan", "students_aided"): (146, 1),
    }
    money = sum(v for (_, code), (v, _) in got.items() if code == "funding_amount")
    assert money == pytest.approx(aid_total)
