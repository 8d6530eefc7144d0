"""`edureports serve`: the Datasette metadata comes from the data dictionary, cells read well,
the canned queries run, the app is read-only, and a PostgreSQL database is served from a
snapshot whose views give the same rows. Pages are requested in-process here; the rendered
pages in a real browser are tests/test_browser.py.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from edureports import dictionary, serve, views
from edureports.cli import main
from edureports.loading import load_paths
from tests.conftest import sample_paths


@pytest.fixture
def demo(engine: Engine) -> Engine:
    """The demo database: the five bundled samples, loaded as `edureports demo` loads them."""
    outcomes = list(load_paths(engine, sample_paths()))
    assert [o.status for o in outcomes] == ["loaded"] * len(outcomes)
    return engine


@pytest.fixture
def demo_file(demo: Engine, tmp_path: Path) -> Path:
    """The demo database as a SQLite file: a snapshot of either backend."""
    return serve.snapshot(demo, tmp_path / "served.db")


def _get(ds: Any, path: str) -> Any:
    async def go() -> Any:
        await ds.invoke_startup()
        return await ds.client.get(path)

    return asyncio.run(go())


# --- metadata ---------------------------------------------------------------------------


def test_every_view_and_column_is_described_from_the_dictionary() -> None:
    meta = serve.metadata(["report", "observation"])
    tables = meta["databases"][serve.DB_NAME]["tables"]
    assert tables["report"] == {"hidden": True} and tables["observation"] == {"hidden": True}
    for view in dictionary.VIEW_DOCS:
        entry = tables[view.name]
        assert view.grain in entry["description_html"]
        assert entry["source"] == f"sql/{view.name}.sql"
        assert list(entry["columns"]) == [c.name for c in view.columns]
        for column in view.columns:
            described = entry["columns"][column.name]
            assert described.startswith(column.meaning)
            if column.unit:
                assert f"Unit: {column.unit}." in described
            if column.label_zh:
                assert f"中文: {column.label_zh}." in described
        names = {c.name for c in view.columns}
        assert set(entry["facets"]) <= names
        for key in ("sort", "sort_desc"):
            if key in entry:
                assert entry[key] in names
    assert set(tables) >= set(views.VIEWS)


def test_comparison_views_facet_on_place_time_family_and_role() -> None:
    tables = serve.metadata()["databases"][serve.DB_NAME]["tables"]
    assert tables["v_enrolment"]["facets"] == ["province", "year", "role"]
    assert tables["v_indicator_values"]["facets"] == ["province", "year", "family", "role"]
    assert tables["v_observations"]["facets"] == [
        "province",
        "period_year",
        "family",
        "period_role",
    ]
    assert tables["v_funding"]["facets"][-1] == "funding_category"
    assert tables["v_enrolment"]["sort_desc"] == "year"


@pytest.mark.parametrize(
    ("yuan", "shown"),
    [
        (1_956_100_000.0, "19.561亿元"),
        (100_000_000.0, "1亿元"),
        (3_680_000.0, "368万元"),
        (4_804_991.0, "480.4991万元"),
        (12_345_678_900.0, "123.4568亿元"),
        (10_000.0, "1万元"),
        (9_999.5, "9,999.5元"),
        (0.0, "0元"),
        (-2_500_000.0, "-250万元"),
    ],
)
def test_money_reads_as_reports_write_it(yuan: float, shown: str) -> None:
    assert serve.money(yuan) == shown


@pytest.mark.parametrize(
    ("row", "value", "column", "html"),
    [
        ({}, 3, "report_id", '<a href="/edureports/report?report_id=3"'),
        ({}, 4, "plan_report_id", '<a href="/edureports/report?report_id=4"'),
        ({}, 3_680_000.0, "total_yuan", ">368万元</span>"),
        ({"unit": "yuan"}, 156_100_000.0, "value", ">1.561亿元</span>"),
        ({"unit": "yuan"}, 1_000_000.0, "planned_value", ">100万元</span>"),
        (
            {"source_text": "投入368万元<新建>"},
            "368万元",
            "raw_text",
            "投入<mark>368万元</mark>&lt;新建&gt;",
        ),
    ],
)
def test_cells_link_reports_show_money_and_the_sentence(
    row: dict, value: Any, column: str, html: str
) -> None:
    out = serve.render_cell_html(row, value, column, "v_observations")
    assert out is not None and html in out


@pytest.mark.parametrize(
    ("row", "value", "column"),
    [
        ({"unit": "percent"}, 98.0, "value"),  # a rate is no money
        ({}, None, "total_yuan"),  # NULL stays NULL
        ({"source_text": "其他句子"}, "368万元", "raw_text"),  # not in the sentence: as is
        ({}, "12", "report_id"),  # text, not an id
        ({}, 7, "bureau_id"),
    ],
)
def test_other_cells_are_left_to_datasette(row: dict, value: Any, column: str) -> None:
    assert serve.render_cell_html(row, value, column, "v_observations") is None


# --- snapshot and canned queries --------------------------------------------------------


def test_snapshot_views_give_the_same_rows(demo: Engine, demo_file: Path) -> None:
    copy = sqlite3.connect(demo_file)
    try:
        for name in views.VIEWS:
            columns = [c.name for c in dictionary.columns_of(name)]
            select = f"SELECT {', '.join(columns)} FROM {name}"
            with demo.connect() as c:
                source = sorted((_norm(r) for r in c.execute(text(select))), key=repr)
            copied = sorted((_norm(r) for r in copy.execute(select)), key=repr)
            assert copied == source, name
    finally:
        copy.close()


def _norm(row: tuple) -> tuple:
    """Dates, timestamps and floats alike on both backends (SQLite returns text for dates)."""
    return tuple(_norm_value(v) for v in row)


def _norm_value(v: Any) -> Any:
    if isinstance(v, datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, str):
        return re.sub(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\.\d+$", r"\1", v)
    if isinstance(v, float):
        return round(v, 6)
    return v


CANNED_PARAMS: dict[str, dict[str, str]] = {
    "indicator_against_national": {
        "indicator": "preschool_gross_enrolment_rate",
        "bureau": "",
        "year": "",
    },
    "where_the_money_went": {"bureau": "", "year": "2022"},
    "targets_missed": {"bureau": "", "indicator": ""},
    "sentence_behind": {"indicator": "funding_amount", "bureau": "", "year": ""},
    "report": {"report_id": "1"},
}


def test_every_canned_query_runs_on_the_demo(demo_file: Path) -> None:
    assert set(CANNED_PARAMS) == set(serve.CANNED_QUERIES)
    copy = sqlite3.connect(f"file:{demo_file}?mode=ro", uri=True)
    try:
        for name, query in serve.CANNED_QUERIES.items():
            params = CANNED_PARAMS[name]
            assert set(query["params"]) == set(params)
            rows = copy.execute(query["sql"], params).fetchall()
            if name != "targets_missed":
                assert rows, name
        # a bureau narrows, "" means all
        sql = serve.CANNED_QUERIES["where_the_money_went"]["sql"]
        everyone = copy.execute(sql, {"bureau": "", "year": ""}).fetchall()
        one = copy.execute(sql, {"bureau": "黎城县教育体育局", "year": ""}).fetchall()
        assert 0 < len(one) < len(everyone) and {r[0] for r in one} == {"黎城县教育体育局"}
    finally:
        copy.close()


# --- the app, in-process ----------------------------------------------------------------


def test_front_page_lists_views_queries_and_charts(demo_file: Path, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the app reads the SQLite snapshot; its pages do not depend on the source")
    ds = serve.make_datasette(demo_file)
    page = _get(ds, "/").text
    for view in dictionary.VIEW_DOCS:
        assert f'href="/edureports/{view.name}"' in page
    assert "Where the money went" in page and 'href="/-/charts"' in page
    db_page = _get(ds, "/edureports").text
    assert db_page.index('id="views"') < db_page.index('id="queries"')
    assert 'href="/edureports/report_' not in db_page  # base tables hidden
    funding = _get(ds, "/edureports/v_funding").text
    assert "万元" in funding and "Unit: yuan." in funding
    chart_list = _get(ds, "/-/charts").text
    assert "/-/charts/trend?indicator=preschool_gross_enrolment_rate" in chart_list
    chart = _get(ds, "/-/charts/trend?indicator=preschool_gross_enrolment_rate")
    assert chart.status_code == 200 and "<title>学前三年毛入园率历年变化" in chart.text
    assert 'href="/edureports/report?report_id=1"' in chart.text
    missing = _get(ds, "/-/charts/ranking?indicator=preschool_gross_enrolment_rate&year=x")
    assert missing.status_code == 404 and "year must be a number" in missing.text
    sql = _get(ds, "/-/edureports/sql/v_enrolment.sql").text
    assert sql == views.read_sql("v_enrolment")


def test_the_app_cannot_write(demo_file: Path, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the app reads the SQLite snapshot; its pages do not depend on the source")
    ds = serve.make_datasette(demo_file)
    before = demo_file.read_bytes()
    for sql in ("DELETE FROM report", "CREATE TABLE x (a)", "UPDATE bureau SET name = 'x'"):
        answer = _get(ds, "/edureports.json?" + f"sql={sql}")
        assert answer.status_code >= 400 or answer.json().get("ok") is False, sql
    with sqlite3.connect(demo_file) as check:
        assert check.execute("SELECT count(*) FROM report").fetchone()[0] == 5
    check.close()
    assert demo_file.read_bytes() == before


def test_serve_refuses_a_missing_database_and_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "nope.db"
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{target}", "serve"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: no database at {target}")
    assert not target.exists()
