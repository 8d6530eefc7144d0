"""The comparison views read with pandas, filtered, and written out in several formats."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sqlalchemy import Connection, Engine, bindparam, text

from edureports import dictionary, filters
from edureports.tables import width

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
    """Rows of v_<topic>, filtered; the view defines the columns. Place and bureau filters
    take the names people type (山西, 黎城县; see filters.py); NoMatch when one fits no
    stored name. run() gives the same rows with what the comparison left out."""
    return run(
        engine, topic, year=year, province=province, prefecture=prefecture, bureau=bureau
    ).frame


@dataclass(frozen=True)
class LeftOut:
    """Figures of a comparison's indicators that no row of it counts because their report
    lacks what the view groups by: a bureau, a year (or, under a place filter, a region).

    Counted within the filters where they can be told (a figure of another known year is
    not left out of --year 2022); a report lacking several things counts under each.
    """

    topic: str
    figures: int = 0
    report_ids: tuple[int, ...] = ()
    without_bureau: int = 0
    without_year: int = 0
    without_region: int = 0
    without_role: int = 0

    def message(self) -> str | None:
        """One line for the terminal, or None when nothing was left out."""
        if not self.figures:
            return None
        reasons = [
            f"{n} without {what}"
            for n, what in (
                (self.without_bureau, "a bureau"),
                (self.without_year, "a year"),
                (self.without_region, "a region"),
                (self.without_role, "a review or plan section"),
            )
            if n
        ]
        reports = len(self.report_ids)
        return (
            f"left out of compare {self.topic}: {_plural(self.figures, 'figure')} of "
            f"{_plural(reports, 'report')} ({', '.join(reasons)}); see edureports reports "
            "--incomplete; fix with edureports reparse REPORT --bureau NAME --year YEAR"
        )

    def as_dict(self) -> dict[str, object]:
        """For export metadata: plain JSON-able values."""
        return {
            "topic": self.topic,
            "figures": self.figures,
            "report_ids": list(self.report_ids),
            "reports_without_bureau": self.without_bureau,
            "reports_without_year": self.without_year,
            "reports_without_region": self.without_region,
            "reports_without_role": self.without_role,
        }


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass(frozen=True)
class Comparison:
    """A comparison's rows, the stored names its filters matched, and what it left out."""

    frame: pd.DataFrame
    matched: filters.Match
    left_out: LeftOut


# The figures each comparison view counts, as a condition on v_observations o
# (v_funding sums funding_amount only; the others take their family).
_COUNTS: dict[str, str] = {
    "enrolment": "o.family = 'enrolment'",
    "consolidation": "o.family = 'consolidation'",
    "funding": "o.indicator_code = 'funding_amount'",
}
# The figures v_counted_figures considers (its WHERE), whatever their report lacks. Views
# only, so that the read-only role of `db grant-readonly` can run a comparison.
_CANDIDATE = """
FROM v_observations o
LEFT JOIN v_bureaus vb ON vb.bureau_id = o.bureau_id
WHERE o.measure = 'level'
  AND o.status <> 'redacted'
  AND o.value IS NOT NULL
  AND o.repeat_of_id IS NULL
  AND o.indicator_code <> 'unclassified'
"""


def stored_bureaus(engine: Engine) -> list[filters.Named]:
    """Every stored bureau with its place (v_bureaus), for matching filters."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT bureau_name, province, prefecture, county, region_code FROM v_bureaus")
        )
        return [filters.Named(*row) for row in rows]


def _in(column: str, key: str, values: tuple[str, ...], params: dict) -> str:
    params[key] = list(values)
    return f"{column} IN :{key}"


def run(
    engine: Engine,
    topic: str,
    *,
    year: int | None = None,
    province: str | None = None,
    prefecture: str | None = None,
    bureau: str | None = None,
) -> Comparison:
    """A comparison (rows of v_<topic>, filtered) with the names its filters matched and
    the figures it could not count for want of a bureau, a year or a region."""
    if topic not in TOPICS:
        raise ValueError(f"unknown comparison {topic!r}; choose from {', '.join(TOPICS)}")
    matched = filters.match(
        stored_bureaus(engine), province=province, prefecture=prefecture, bureau=bureau
    )
    clauses: list[str] = []
    params: dict = {}
    expanding: list[str] = []
    if year is not None:
        clauses.append("year = :year")
        params["year"] = year
    for column, level in (
        ("province", "province"),
        ("prefecture", "prefecture"),
        ("bureau_name", "bureau"),
    ):
        names = matched.names(level)
        if names is not None:
            clauses.append(_in(column, column, names, params))
            expanding.append(column)
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    statement = text(f"SELECT * FROM v_{topic}{where} ORDER BY {ORDER[topic]}").bindparams(
        *(bindparam(k, expanding=True) for k in expanding)
    )
    with engine.connect() as connection:
        frame = pd.read_sql_query(statement, connection, params=params)
        left_out = _left_out(connection, topic, year, matched)
    return Comparison(frame, matched, left_out)


def _left_out(
    connection: Connection, topic: str, year: int | None, matched: filters.Match
) -> LeftOut:
    """The figures run() could not count, within the filters where a figure can be told
    apart (a figure without a bureau may be any bureau's, one without a year any year's)."""
    params: dict = {}
    expanding: list[str] = []
    scope = [f"({_COUNTS[topic]})"]
    if year is not None:
        scope.append("(o.period_year IS NULL OR o.period_year = :year)")
        params["year"] = year
    place_filter = False
    for column, level in (
        ("province", "province"),
        ("prefecture", "prefecture"),
        ("bureau_name", "bureau"),
    ):
        names = matched.names(level)
        if names is not None:
            # placed as the view places it: by the bureau's region; a report without a
            # bureau by its own (a figure that may be any bureau's is in scope)
            placed = f"CASE WHEN o.bureau_id IS NULL THEN o.{column} ELSE vb.{column} END"
            scope.append(f"({placed} IS NULL OR {_in(placed, column, names, params)})")
            expanding.append(column)
            place_filter = place_filter or level != "bureau"
    no_region = "(o.bureau_id IS NOT NULL AND vb.region_code IS NULL)" if place_filter else "1 = 0"
    lacking = (
        f"(o.bureau_id IS NULL OR o.period_year IS NULL OR o.period_role IS NULL OR {no_region})"
    )
    statement = text(
        "SELECT o.report_id, "
        "CASE WHEN o.bureau_id IS NULL THEN 1 ELSE 0 END AS no_bureau, "
        "CASE WHEN o.period_year IS NULL THEN 1 ELSE 0 END AS no_year, "
        "CASE WHEN o.period_year IS NOT NULL AND o.period_role IS NULL THEN 1 ELSE 0 END "
        "AS no_role, "
        f"CASE WHEN {no_region} THEN 1 ELSE 0 END AS no_region "
        f"{_CANDIDATE} AND {' AND '.join(scope)} AND {lacking}"
    ).bindparams(*(bindparam(k, expanding=True) for k in expanding))
    rows = connection.execute(statement, params).all()
    by_report: dict[int, set[str]] = {}
    for report_id, *flags in rows:
        reasons = by_report.setdefault(report_id, set())
        for reason, flag in zip(("bureau", "year", "role", "region"), flags, strict=True):
            if flag:
                reasons.add(reason)
    return LeftOut(
        topic,
        figures=len(rows),
        report_ids=tuple(sorted(by_report)),
        without_bureau=sum("bureau" in r for r in by_report.values()),
        without_year=sum("year" in r for r in by_report.values()),
        without_region=sum("region" in r for r in by_report.values()),
        without_role=sum("role" in r for r in by_report.values()),
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


LABELS: tuple[str, ...] = ("en", "zh")
# A unit as a header shows it: (Chinese, English). Units that only say "see the unit
# column" or that have none (a coefficient) add nothing to a header.
_UNIT_HEADER: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "percentage points": ("百分点", "percentage points"),
    "yuan": ("元", "yuan"),
    "yuan_per_student": ("元/生", "yuan per student"),
    "places": ("个", "places"),
    "schools": ("所", "schools"),
    "persons": ("人", "persons"),
    "figures": ("个", "figures"),
    "bureaus": ("个", "bureaus"),
}
_SHEETS_ZH = {"enrolment": "入学", "consolidation": "巩固与撤并", "funding": "经费投入"}
# The pandas dtype and the Parquet type of each logical type of dictionary.py: nullable
# integers stay integers (a NULL would otherwise turn a column into 2022.0 floats).
_PANDAS_TYPES = {
    "integer": "Int64",
    "flag": "Int64",
    "double": "float64",
    "text": "string",
}


def _arrow_type(kind: str) -> object:
    import pyarrow as pa

    return {
        "integer": pa.int64(),
        "flag": pa.int64(),
        "double": pa.float64(),
        "text": pa.string(),
        "date": pa.date32(),
        "timestamp": pa.timestamp("us"),
    }[kind]


def headers(view: str, columns: list[str], labels: str = "en", *, units: bool = False) -> list[str]:
    """Column headers of an export: the view's column names (en) or the Chinese headers of
    the data dictionary (zh), with the unit in brackets when asked (zh always, and XLSX)."""
    if labels not in LABELS:
        raise ValueError(f"unknown labels {labels!r}; choose from {', '.join(LABELS)}")
    documented = {c.name: c for c in dictionary.columns_of(view)}
    out: list[str] = []
    for name in columns:
        col = documented.get(name)
        head = (col.label_zh or name) if (col and labels == "zh") else name
        unit = _UNIT_HEADER.get(col.unit) if col else None
        if unit and (units or labels == "zh"):
            head = f"{head}({unit[0]})" if labels == "zh" else f"{head} ({unit[1]})"
        out.append(head)
    if len(set(out)) < len(out):  # never two columns under one header
        return list(columns)
    return out


def typed(frame: pd.DataFrame, view: str) -> pd.DataFrame:
    """The frame with the dtypes the data dictionary gives its columns, so an export is
    typed the same way whether the query returned rows or none (pandas reads an empty
    result as untyped object columns)."""
    kinds = {c.name: c.type for c in dictionary.columns_of(view)}
    out = frame.copy()
    for name in out.columns:
        dtype = _PANDAS_TYPES.get(kinds.get(name, ""))
        if dtype:  # dates stay as the driver gives them (no comparison view has one)
            out[name] = out[name].astype(dtype)
    return out


def arrow_schema(view: str, columns: list[str], names: list[str] | None = None) -> object:
    """The Parquet schema of an export of a view: one typed field per column (under its
    header), with the dictionary's meaning and unit as field metadata."""
    import pyarrow as pa

    documented = {c.name: c for c in dictionary.columns_of(view)}
    fields = []
    for name, header in zip(columns, names or columns, strict=True):
        col = documented.get(name)
        kind = col.type if col else "text"
        meta = {"column": name, "meaning": col.meaning, "unit": col.unit} if col else None
        fields.append(pa.field(header, _arrow_type(kind), metadata=meta))
    return pa.schema(fields)


def export(
    frame: pd.DataFrame,
    fmt: str,
    path: str | Path | None,
    *,
    topic: str | None = None,
    labels: str = "en",
    bom: bool | None = None,
) -> str | None:
    """Write csv/json/xlsx/parquet to path (csv and json may go to the returned string).

    With a topic, columns take the dictionary's types (Parquet has a fixed schema even for
    no rows) and headers follow labels (en: the view's column names; zh: Chinese headers
    with units). A CSV file is UTF-8 with a byte-order mark unless bom is False, so Excel
    opens the Chinese intact; CSV on stdout has none unless bom is True. An XLSX has one
    sheet named after the comparison, units in its headers and the header row frozen.
    """
    view = f"v_{topic}" if topic else None
    columns = [str(c) for c in frame.columns]
    if view:
        frame = typed(frame, view)
        names = headers(view, columns, labels, units=fmt == "xlsx")
    else:
        names = columns
    out_frame = frame.set_axis(names, axis="columns")
    if fmt == "csv":
        with_bom = bool(path) if bom is None else bom
        if path:
            out_frame.to_csv(path, index=False, encoding="utf-8-sig" if with_bom else "utf-8")
            return None
        return ("\ufeff" if with_bom else "") + out_frame.to_csv(index=False)
    if fmt == "json":
        out = out_frame.to_json(orient="records", force_ascii=False, date_format="iso", indent=2)
        if path:
            Path(path).write_text(out, encoding="utf-8")
            return None
        return out
    if path is None:
        raise ValueError(f"--format {fmt} needs -o FILE")
    if fmt == "xlsx":
        sheet = (_SHEETS_ZH.get(topic or "", view) if labels == "zh" else view) or "Sheet1"
        with pd.ExcelWriter(path, engine="openpyxl") as writer:
            out_frame.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))
            worksheet = writer.sheets[sheet]
            for index, header in enumerate(names, start=1):
                letter = worksheet.cell(row=1, column=index).column_letter
                worksheet.column_dimensions[letter].width = max(10, width(header) + 2)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        if view:
            schema = arrow_schema(view, columns, names)
            table = pa.Table.from_pandas(out_frame, schema=schema, preserve_index=False)
            pq.write_table(table, path)
        else:
            out_frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"unknown format {fmt!r}")
    return None
