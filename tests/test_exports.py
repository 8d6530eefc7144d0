"""Exports an analyst opens as they are: CSV that Excel reads with the Chinese intact, the
precision the report wrote (no 8.299999999999997), Parquet with a fixed schema even when
no row matches, and XLSX with a named sheet, Chinese headers on request and units in them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import math
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from edureports import compare, dictionary
from edureports.cli import main
from edureports.store import store_parsed
from tests import view_fixtures

ARROW = {
    "integer": pa.int64(),
    "flag": pa.int64(),
    "double": pa.float64(),
    "text": pa.string(),
}


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    view_fixtures.load(engine)
    return engine


@pytest.fixture
def noisy(engine: Engine) -> Engine:
    """张店区 2019: 91.7% against the national 83.4% (91.7 - 83.4 = 8.299999999999997 in
    floating point) and 1.1 + 2.2 yuan of aid (3.3000000000000003)."""
    doc = view_fixtures.Doc(
        "zhangdian_2019.txt",
        ("张店区教育和体育局", "370303"),
        "summary",
        dt.date(2020, 1, 10),
        view_fixtures.Period(2019),
        None,
        [
            view_fixtures._pct(view_fixtures.PRE, 91.7, 2019),
            view_fixtures._yuan("1.1元", 1.1, 2019, "student_aid"),
            view_fixtures._yuan("2.2元", 2.2, 2019, "student_aid"),
        ],
    )
    store_parsed(engine, view_fixtures.build(doc))
    return engine


def run(db_url: str, *args: str) -> Result:
    result = CliRunner().invoke(main, ["--db", db_url, "compare", *args])
    assert result.exit_code == 0, result.output
    return result


# --- CSV for Excel ----------------------------------------------------------------------


def test_csv_file_starts_with_a_bom_so_excel_reads_utf8(
    loaded: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "funding.csv"
    run(db_url, "funding", "--format", "csv", "-o", str(out))
    raw = out.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw[len(codecs.BOM_UTF8) :].decode("utf-8")  # strict: the rest is plain UTF-8
    assert text.startswith("bureau_id,bureau_name,")
    assert "黎城县教育局" in text and "山西省" in text


def test_csv_bom_can_be_turned_off_and_is_off_on_stdout(
    loaded: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "funding.csv"
    run(db_url, "funding", "--format", "csv", "--no-bom", "-o", str(out))
    assert out.read_bytes().startswith(b"bureau_id,")
    assert run(db_url, "funding", "--format", "csv").stdout.startswith("bureau_id,")
    assert run(db_url, "funding", "--format", "csv", "--bom").stdout.startswith("\ufeffbureau_id,")


def test_csv_with_chinese_headers_and_units(loaded: Engine, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "enrolment.csv"
    run(db_url, "enrolment", "--format", "csv", "--labels", "zh", "-o", str(out))
    back = pd.read_csv(out, encoding="utf-8-sig")
    assert list(back.columns[:4]) == ["局", "教育局", "省", "市"]
    assert {"学前三年毛入园率(%)", "毛入园率差距(百分点)", "新增学位(个)"} <= set(back.columns)
    assert set(back["教育局"]) == {"黎城县教育局", "壶关县教育局", "柴桑区教育体育局"}


# --- the precision the report wrote -----------------------------------------------------


def _floats(fmt: str, path: Path) -> list[float]:
    if fmt == "csv":
        frame = pd.read_csv(path, encoding="utf-8-sig")
    elif fmt == "json":
        frame = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    elif fmt == "parquet":
        frame = pd.read_parquet(path)
    else:
        sheet = openpyxl.load_workbook(path).active
        return [
            c.value for row in sheet.iter_rows(min_row=2) for c in row if type(c.value) is float
        ]
    return [
        v for col in frame.columns for v in frame[col] if type(v) is float and not math.isnan(v)
    ]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
def test_exports_keep_the_precision_the_report_wrote(
    noisy: Engine, db_url: str, tmp_path: Path, fmt: str
) -> None:
    gap = tmp_path / f"enrolment.{fmt}"
    run(db_url, "enrolment", "--format", fmt, "-o", str(gap))
    total = tmp_path / f"funding.{fmt}"
    run(db_url, "funding", "--format", fmt, "-o", str(total))
    assert 8.3 in _floats(fmt, gap) and 3.3 in _floats(fmt, total)
    for value in _floats(fmt, gap) + _floats(fmt, total):
        assert len(repr(value).split(".")[-1]) <= 6, value  # no 8.299999999999997
    if fmt in ("csv", "json"):
        written = gap.read_text(encoding="utf-8-sig") + total.read_text(encoding="utf-8-sig")
        assert "8.3" in written and "99999" not in written and "00000000" not in written


# --- Parquet with a fixed schema --------------------------------------------------------


@pytest.mark.parametrize("topic", compare.TOPICS)
def test_parquet_schema_is_typed_and_the_same_without_rows(
    loaded: Engine, db_url: str, tmp_path: Path, topic: str
) -> None:
    full, empty = tmp_path / "full.parquet", tmp_path / "empty.parquet"
    run(db_url, topic, "--format", "parquet", "-o", str(full))
    run(db_url, topic, "--format", "parquet", "--year", "1900", "-o", str(empty))
    assert pq.read_metadata(full).num_rows > 0 and pq.read_metadata(empty).num_rows == 0
    schema = pq.read_schema(full)
    assert pq.read_schema(empty).equals(schema, check_metadata=True)
    columns = dictionary.columns_of(f"v_{topic}")
    assert [(f.name, f.type) for f in schema] == [(c.name, ARROW[c.type]) for c in columns]
    unit = schema.field(columns[-1].name).metadata or {}
    assert unit.get(b"column") == columns[-1].name.encode()


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_has_a_named_sheet_and_units_in_the_headers(
    loaded: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "funding.xlsx"
    run(db_url, "funding", "--format", "xlsx", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["v_funding"]
    header = [c.value for c in next(book["v_funding"].iter_rows(max_row=1))]
    assert header[:2] == ["bureau_id", "bureau_name"] and "total_yuan (yuan)" in header
    assert book["v_funding"].freeze_panes == "A2"


def test_xlsx_with_chinese_headers(loaded: Engine, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "enrolment.xlsx"
    run(db_url, "enrolment", "--format", "xlsx", "--labels", "zh", "-o", str(out))
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["入学"]
    header = [c.value for c in next(book["入学"].iter_rows(max_row=1))]
    assert header[:3] == ["局", "教育局", "省"]
    assert {"学前三年毛入园率(%)", "全国毛入园率(%)", "毛入园率差距(百分点)"} <= set(header)
    out = tmp_path / "funding.xlsx"
    run(db_url, "funding", "--format", "xlsx", "--labels", "zh", "-o", str(out))
    header = [c.value for c in next(openpyxl.load_workbook(out)["经费投入"].iter_rows(max_row=1))]
    assert "金额(元)" in header and "经费类别" in header


# --- bad input --------------------------------------------------------------------------


def test_unknown_labels_are_refused(loaded: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        main, ["--db", db_url, "compare", "funding", "--format", "csv", "--labels", "fr"]
    )
    assert result.exit_code == 2 and "--labels" in result.output
    with pytest.raises(ValueError, match="unknown labels 'fr'"):
        compare.headers("v_funding", ["total_yuan"], "fr")
