"""The comparison views read with pandas, filtered, and written out in several formats."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sqlalchemy import Engine, text

from edureports import dictionary

TOPICS: tuple[str, ...] = ("enrolment", "consolidation", "funding")
FORMATS: tuple[str, ...] = ("table", "csv", "json", "xlsx", "parquet")

# Row order of each comparison: ids and codes, never Chinese text (collations differ).
ORDER: dict[str, str] = {
    "enrolment": "bureau_id, year, role",
    "consolidation": "bureau_id, year, role",
    "funding": "bureau_id, year, role, funding_category",
}
# Columns the terminal table leaves out (the bureau name already says the county).
_HIDDEN = ("bureau_id", "county", "region_code")
_ROLES_ZH = {"review": "回顾", "plan": "计划"}
_PARTS_ZH = {"year": "全年", "H1": "上半年", "H2": "下半年"}
_CATEGORIES_ZH = {
    "construction": "建设",
    "equipment": "装备",
    "student_aid": "资助",
    "teachers": "教师",
    "training": "培训",
    "operations": "运转",
    "sports": "体育",
    "other": "其他",
}
YUAN_PER_WAN = 10_000


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
        return pd.read_sql_query(
            text(f"SELECT * FROM v_{topic}{where} ORDER BY {ORDER[topic]}"),
            connection,
            params=params,
        )


def for_display(frame: pd.DataFrame, topic: str) -> pd.DataFrame:
    """The terminal form of a comparison: Chinese headers (from the data dictionary), roles
    and categories in Chinese, funding in 万元, and indicator columns nobody reported left
    out so the table fits a terminal. Exports keep the view's columns and yuan."""
    view = f"v_{topic}"
    shown = frame.drop(columns=[c for c in _HIDDEN if c in frame.columns])
    keys = {"bureau_name", "province", "prefecture", "year", "role", "funding_category"}
    empty = [c for c in shown.columns if c not in keys and shown[c].isna().all()]
    # A national value or gap means nothing beside an indicator column nobody reported.
    empty += [
        c
        for c in shown.columns
        for suffix in ("_national", "_gap")
        if c.endswith(suffix) and c.removesuffix(suffix) in empty and c not in empty
    ]
    shown = shown.drop(columns=empty)
    if "role" in shown:
        shown["role"] = shown["role"].map(lambda r: _ROLES_ZH.get(r, r))
    if "part" in shown:
        shown["part"] = shown["part"].map(lambda p: _PARTS_ZH.get(p, p))
    if "funding_category" in shown:
        shown["funding_category"] = shown["funding_category"].map(
            lambda c: _CATEGORIES_ZH.get(c, c)
        )
    if "total_yuan" in shown:
        shown["total_yuan"] = shown["total_yuan"] / YUAN_PER_WAN
    for flag in ("any_approximate", "any_target"):
        if flag in shown:
            shown[flag] = shown[flag].map(lambda v: "是" if v == 1 else "")
    labels = {c: dictionary.label_zh(view, c) for c in shown.columns}
    if "total_yuan" in labels:
        labels["total_yuan"] = "金额(万元)"
    # Plain Python values (None for missing): tables.render right-aligns numbers.
    shown = shown.astype(object).where(shown.notna(), None)
    return shown.rename(columns=labels)


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
