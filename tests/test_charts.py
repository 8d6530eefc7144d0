"""Charts of the comparisons: the numbers drawn are the views' numbers, titles say what,
where and when, axes carry units, sources are listed, and every output format is written.

The data are the hand-made reports of tests/view_fixtures.py (three bureaus, 2021–2023),
whose view rows tests/test_views.py pins down; here each chart is checked against the view
it draws, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from edureports import charts
from edureports.cli import main
from tests import view_fixtures

PRE = "preschool_gross_enrolment_rate"


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    view_fixtures.load(engine)
    return engine


def _rows(chart: charts.Chart) -> list[dict[str, Any]]:
    return [row for rows in chart.spec["datasets"].values() for row in rows]


def _read(engine: Engine, sql: str, **params: Any) -> pd.DataFrame:
    with engine.connect() as c:
        return pd.read_sql_query(text(sql), c, params=params)


def _report_titles(engine: Engine) -> dict[int, str]:
    frame = _read(engine, "SELECT report_id, report_title, source_name FROM v_reports")
    return {int(r.report_id): r.report_title or r.source_name for r in frame.itertuples()}


def test_trend_draws_each_bureau_and_the_national_line(loaded: Engine) -> None:
    chart = charts.trend(loaded, PRE)
    view = _read(
        loaded,
        "SELECT bureau_name, year, value FROM v_indicator_trend WHERE indicator_code = :i",
        i=PRE,
    )
    drawn = {(r["series"], r["year"]): r["value"] for r in _rows(chart) if r["series"] != "全国"}
    assert drawn == {(r.bureau_name, r.year): r.value for r in view.itertuples()}
    national = _read(
        loaded,
        "SELECT year, value FROM v_national_reference WHERE indicator_code = :i "
        "AND year BETWEEN 2021 AND 2023",
        i=PRE,
    )
    assert {(r["year"], r["value"]) for r in _rows(chart) if r["series"] == "全国"} == {
        (r.year, r.value) for r in national.itertuples()
    }
    assert chart.title.startswith("学前三年毛入园率历年变化:")
    assert "黎城县" in chart.title and "与全国" in chart.title and "2021–2023年" in chart.title
    assert chart.y_title == "学前三年毛入园率(%)"
    assert chart.spec["encoding"]["y"]["title"] == chart.y_title
    titles = _report_titles(loaded)
    assert chart.sources and all(
        any(line == f"#{rid} {t}" or line.startswith(f"#{rid} {t}(") for rid, t in titles.items())
        for line in chart.sources
    )
    assert chart.spec["title"]["subtitle"][0] == "来源:" + chart.sources[0]


def test_trend_for_chosen_bureaus_only(loaded: Engine) -> None:
    chart = charts.trend(loaded, PRE, bureaus=["柴桑区教育体育局"])
    assert {r["series"] for r in _rows(chart)} == {"柴桑区教育体育局", "全国"}
    assert "柴桑区" in chart.title and "黎城县" not in chart.title


def test_ranking_follows_the_view_rank_with_the_national_rule(loaded: Engine) -> None:
    chart = charts.ranking(loaded, PRE, 2022)
    view = _read(
        loaded,
        "SELECT bureau_name, value, value_rank, national_value FROM v_district_comparison "
        "WHERE indicator_code = :i AND year = 2022",
        i=PRE,
    )
    bars = [r for r in _rows(chart) if "bureau_name" in r]
    assert {(r["bureau_name"], r["value"], r["value_rank"]) for r in bars} == {
        (r.bureau_name, r.value, r.value_rank) for r in view.itertuples()
    }
    assert [r["national"] for r in _rows(chart) if "national" in r] == [
        view["national_value"].iloc[0]
    ]
    assert "2022年" in chart.title and "各局排名" in chart.title


def test_funding_is_in_wan_yuan_per_category(loaded: Engine) -> None:
    chart = charts.funding(loaded)
    view = _read(loaded, "SELECT total_yuan FROM v_funding WHERE role = 'review'")
    assert sum(r["wan_yuan"] for r in _rows(chart)) == pytest.approx(
        view["total_yuan"].sum() / 10_000
    )
    assert chart.y_title == "经费(万元)"
    assert chart.spec["encoding"]["color"]["title"] == "经费类别"


def test_plan_against_actual_pairs_the_view(loaded: Engine) -> None:
    chart = charts.plan_vs_actual(loaded, PRE)
    view = _read(
        loaded,
        "SELECT bureau_name, year, planned_value, actual_value FROM v_plan_vs_actual "
        "WHERE indicator_code = :i",
        i=PRE,
    )
    drawn = {(r["bureau_name"], r["year"], r["what"]): r["value"] for r in _rows(chart)}
    expected = {(r.bureau_name, r.year, "计划"): r.planned_value for r in view.itertuples()}
    expected |= {
        (r.bureau_name, r.year, "实际"): r.actual_value
        for r in view.itertuples()
        if pd.notna(r.actual_value)
    }
    assert drawn == expected
    assert "计划与实际" in chart.title


def test_available_offers_only_charts_with_data(loaded: Engine) -> None:
    offered = charts.available(loaded)
    for offer in offered:
        drawn = charts.build(loaded, offer.kind, **offer.options)
        assert drawn.rows > 0
    assert {"trend", "ranking", "funding", "plan"} == {o.kind for o in offered}


def test_every_format_is_written_with_chinese_text(
    loaded: Engine, backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("output formats do not depend on the backend (drawn once, on SQLite)")
    chart = charts.trend(loaded, PRE)
    page = chart.save(tmp_path / "t.html").read_text("utf-8")
    assert f"<title>{chart.title}</title>" in page
    assert "<script src=" not in page  # self-contained: Vega is inlined, nothing fetched
    svg = chart.save(tmp_path / "t.svg").read_text("utf-8")
    assert "学前三年毛入园率" in svg and "年份" in svg
    assert chart.save(tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    spec = json.loads(chart.save(tmp_path / "t.json").read_text("utf-8"))
    assert spec["title"]["text"] == chart.title


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("trend", {}, "needs an indicator"),
        ("trend", {"indicator": "no_such_code"}, "unknown indicator 'no_such_code'"),
        ("ranking", {"indicator": PRE}, "needs an indicator and a year"),
        ("ranking", {"indicator": PRE, "year": 1990}, "no values of " + PRE),
        ("trend", {"indicator": PRE, "bureaus": ["无此局"]}, "bureau 无此局"),
        ("funding", {"role": "wish"}, "unknown role 'wish'"),
        ("funding", {"year": 1990}, "year 1990"),
        ("plan", {"indicator": "no_such_code"}, "unknown indicator"),
        ("pie", {}, "unknown chart 'pie'"),
    ],
)
def test_bad_choices_say_why(loaded: Engine, kind: str, options: dict, message: str) -> None:
    with pytest.raises(charts.ChartError, match=message):
        charts.build(loaded, kind, **options)


def test_unknown_suffix_is_refused(loaded: Engine, tmp_path: Path) -> None:
    chart = charts.funding(loaded)
    with pytest.raises(charts.ChartError, match=r"chart\.pdf: cannot tell the chart format"):
        chart.save(tmp_path / "chart.pdf")
    assert not (tmp_path / "chart.pdf").exists()


def test_cli_writes_a_chart_and_says_what(loaded: Engine, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "rank.svg"
    result = CliRunner().invoke(
        main,
        ["--db", db_url, "chart", "ranking", "--indicator", PRE, "--year", "2022", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert "学前三年毛入园率各局排名" in result.output
    assert "学前三年毛入园率" in out.read_text("utf-8")
    bad = CliRunner().invoke(
        main, ["--db", db_url, "chart", "trend", "--indicator", "nope", "-o", str(out)]
    )
    assert bad.exit_code == 1
    assert bad.output.strip() == (
        "Error: unknown indicator 'nope'; `edureports indicators` lists the codes"
    )
