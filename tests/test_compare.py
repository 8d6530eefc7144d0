"""compare: filters, the terminal table, and exports that read back equal to the view."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from edureports import compare
from edureports.cli import main
from tests import view_fixtures


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    view_fixtures.load(engine)
    return engine


def _view(engine: Engine, topic: str) -> pd.DataFrame:
    with engine.connect() as c:
        return pd.read_sql_query(f"SELECT * FROM v_{topic} ORDER BY {compare.ORDER[topic]}", c)


def test_filters(loaded: Engine) -> None:
    frame = compare.comparison(loaded, "enrolment", province="江西省")
    assert set(frame["bureau_name"]) == {"柴桑区教育体育局"}
    frame = compare.comparison(loaded, "enrolment", prefecture="长治市", year=2023)
    assert sorted(zip(frame["bureau_name"], frame["role"], strict=True)) == [
        ("壶关县教育局", "plan"),
        ("黎城县教育局", "plan"),
        ("黎城县教育局", "review"),
    ]
    frame = compare.comparison(loaded, "funding", bureau="黎城县教育局", year=2022)
    assert list(frame["funding_category"]) == ["construction", "student_aid"]
    with pytest.raises(ValueError):
        compare.comparison(loaded, "teachers")


def test_display_is_chinese_and_in_wan_yuan(loaded: Engine) -> None:
    shown = compare.for_display(compare.comparison(loaded, "funding"), "funding")
    assert {"教育局", "年份", "口径", "经费类别", "金额(万元)"} <= set(shown.columns)
    first = shown.iloc[0]
    assert first["金额(万元)"] == 600.0 and first["口径"] == "回顾" and first["经费类别"] == "建设"


def test_terminal_table_lines_up(loaded: Engine, db_url: str) -> None:
    result = CliRunner().invoke(main, ["--db", db_url, "compare", "enrolment"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "学前三年毛入园率" in lines[0] and "全国毛入园率" in lines[0]
    assert "柴桑区教育体育局" in result.output
    from edureports.tables import width

    assert len({width(line) for line in lines[1:3]}) == 1  # rule and first row align


@pytest.mark.parametrize("topic", compare.TOPICS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "json"])
def test_exports_read_back_equal_to_the_view(
    loaded: Engine, db_url: str, tmp_path: Path, topic: str, fmt: str
) -> None:
    out = tmp_path / f"{topic}.{fmt}"
    result = CliRunner().invoke(
        main, ["--db", db_url, "compare", topic, "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected = _view(loaded, topic)
    if fmt == "csv":
        back = pd.read_csv(out, dtype={"region_code": str})
    elif fmt == "xlsx":  # headers carry units there: total_yuan (yuan)
        back = pd.read_excel(out, dtype={"region_code": str})
        view_columns = list(expected.columns)
        assert list(back.columns) == compare.headers(f"v_{topic}", view_columns, units=True)
        back.columns = view_columns
    elif fmt == "parquet":
        back = pd.read_parquet(out)
    else:
        back = pd.read_json(out, orient="records", dtype={"region_code": str})
    assert list(back.columns) == list(expected.columns)
    assert len(back) == len(expected)
    for column in expected.columns:
        want, got = expected[column], back[column]
        if pd.api.types.is_numeric_dtype(want) or want.isna().all():
            pd.testing.assert_series_equal(
                pd.to_numeric(got, errors="coerce").astype(float),
                pd.to_numeric(want, errors="coerce").astype(float),
                check_names=False,
            )
        else:
            assert list(got.astype(str)) == list(want.astype(str)), column
    if topic == "funding":
        assert back["total_yuan"].max() == 130_000_000  # exports stay in yuan
