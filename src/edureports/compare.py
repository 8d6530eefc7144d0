"""The comparison views read with pandas, filtered, and written out in several formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, text

TOPICS: tuple[str, ...] = ("enrolment", "consolidation", "funding")
FORMATS: tuple[str, ...] = ("table", "csv", "json", "xlsx", "parquet")


def comparison(
    engine: Engine,
    topic: str,
    *,
    year: int | None = None,
    province: str | None = None,
    prefecture: str | None = None,
    bureau: str | None = None,
) -> pd.DataFrame:
    """Rows of v_<topic>, filtered; the view defines the columns."""
    if topic not in TOPICS:
        raise ValueError(f"unknown comparison {topic!r}; choose from {', '.join(TOPICS)}")
    clauses, params = [], {}
    for column, value in (
        ("year", year),
        ("province", province),
        ("prefecture", prefecture),
        ("bureau_name", bureau),
    ):
        if value is not None:
            clauses.append(f"{column} = :{column}")
            params[column] = value
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    with engine.connect() as connection:
        return pd.read_sql_query(text(f"SELECT * FROM v_{topic}{where}"), connection, params=params)


def export(frame: pd.DataFrame, fmt: str, path: str | Path | None) -> str | None:
    """Write csv/json/xlsx/parquet to path (csv and json may go to the returned string)."""
    if fmt == "csv":
        return frame.to_csv(path, index=False) if path else frame.to_csv(index=False)
    if fmt == "json":
        out = frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=2)
        if path:
            Path(path).write_text(out, encoding="utf-8")
            return None
        return out
    if path is None:
        raise ValueError(f"--format {fmt} needs -o FILE")
    if fmt == "xlsx":
        frame.to_excel(path, index=False)
    elif fmt == "parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return None
