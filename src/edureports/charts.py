"""The comparisons people ask for, drawn: an indicator across years, bureaus ranked in one
year, funding by category, plan against actual.

Each chart is a Vega-Lite spec built with Altair from the canned views (the same numbers
`compare` and the web view show) and written by vl-convert: one self-contained HTML file (the
Vega JavaScript inlined, no network), SVG or PNG, without a browser. Chinese text needs a CJK
font where the chart is drawn: PNG takes the system's fonts (Debian's fonts-noto-cjk), HTML and
SVG name the font and fall back to the viewer's. Titles say what, where and when; the y axis
carries the unit; the reports the numbers come from are listed under the title.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine, text

from edureports import catalog, compare

KINDS: tuple[str, ...] = ("trend", "ranking", "funding", "plan")
FORMATS: tuple[str, ...] = ("html", "svg", "png", "json")

KIND_ZH = {
    "trend": "历年变化",
    "ranking": "各局排名",
    "funding": "经费投入(按类别)",
    "plan": "计划与实际",
}
# The font the charts name (Debian's fonts-noto-cjk); the viewer falls back to its own.
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif"
# Where a page that embeds the chart may add to it (the Vega bundle holds other "<body>"s).
CHART_DIV = '<div id="vega-chart"></div>'
# Short Chinese axis units; money is drawn in 万元.
UNIT_ZH = {
    "percent": "%",
    "places": "个学位",
    "schools": "所",
    "coefficient": "系数",
    "yuan": "万元",
    "yuan_per_student": "元/生",
    "persons": "人",
    "ratio": "学生数/教师",
    "as_written": "原文单位",
    "percentage_points": "百分点",
}
ROLE_ZH = {"review": "回顾", "plan": "计划"}
_MAX_SOURCES = 8


class ChartError(ValueError):
    """A chart that cannot be drawn: an unknown option or no data for the choice."""


@dataclass
class Chart:
    """A drawn comparison: its Vega-Lite spec and what it says, for a caption or a test."""

    kind: str
    title: str
    y_title: str
    sources: list[str]
    spec: dict[str, Any] = field(repr=False)
    rows: int = 0

    def html(self) -> str:
        """A self-contained HTML document (Vega inlined, SVG renderer: text stays text)."""
        import vl_convert

        page = vl_convert.vegalite_to_html(self.spec, bundle=True, renderer="svg")
        return page.replace("<title>Chart</title>", f"<title>{_escape(self.title)}</title>", 1)

    def svg(self) -> str:
        import vl_convert

        return vl_convert.vegalite_to_svg(self.spec)

    def png(self, scale: float = 2.0) -> bytes:
        import vl_convert

        return bytes(vl_convert.vegalite_to_png(self.spec, scale=scale))

    def save(self, path: str | Path, fmt: str | None = None) -> Path:
        """Write the chart; the format is fmt, else the file's suffix (.html, .svg, .png, .json)."""
        target = Path(path)
        fmt = (fmt or target.suffix.lstrip(".")).lower()
        if fmt not in FORMATS:
            raise ChartError(
                f"{target}: cannot tell the chart format from the suffix; "
                f"use one of {', '.join('.' + f for f in FORMATS)}"
            )
        if fmt == "png":
            target.write_bytes(self.png())
        else:
            import json

            out = {
                "html": self.html,
                "svg": self.svg,
                "json": lambda: json.dumps(self.spec, ensure_ascii=False, indent=2),
            }[fmt]()
            target.write_text(out, encoding="utf-8")
        return target


def _escape(value: str) -> str:
    import html

    return html.escape(value, quote=True)


def _read(engine: Engine, sql: str, **params: Any) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql_query(text(sql), connection, params=params)


def _in(column: str, values: Sequence[Any], prefix: str) -> tuple[str, dict[str, Any]]:
    """An `IN (:p0, :p1 …)` clause (both engines) for a list of values."""
    names = {f"{prefix}{i}": v for i, v in enumerate(values)}
    return f"{column} IN ({', '.join(':' + n for n in names)})", names


def _indicator(code: str) -> catalog.Indicator:
    try:
        return catalog.get(code)
    except KeyError:
        raise ChartError(
            f"unknown indicator {code!r}; `edureports indicators` lists the codes"
        ) from None


def _unit_title(ind: catalog.Indicator) -> str:
    return f"{ind.name_zh}({UNIT_ZH.get(ind.unit, ind.unit)})"


def _scale(ind: catalog.Indicator) -> float:
    return compare.YUAN_PER_WAN if ind.unit == "yuan" else 1.0


def _where(frame: pd.DataFrame) -> str:
    names = sorted(frame["bureau_name"].dropna().unique())
    if not names:
        return ""
    if len(names) <= 3:
        return "、".join(_short(n) for n in names)
    provinces = sorted(frame["province"].dropna().unique())
    place = "、".join(provinces) if 0 < len(provinces) <= 2 else "各地"
    return f"{place}{len(names)}个教育局"


def _short(bureau: str) -> str:
    """黎城县教育体育局 -> 黎城县: the place is what a title needs."""
    for end in ("县", "区", "市", "旗"):
        pos = bureau.find(end)
        if 0 < pos <= 6:
            return bureau[: pos + 1]
    return bureau


def _when(years: Sequence[int]) -> str:
    ys = sorted({int(y) for y in years})
    if not ys:
        return ""
    return f"{ys[0]}年" if len(ys) == 1 else f"{ys[0]}–{ys[-1]}年"


def _sources(engine: Engine, report_ids: Sequence[Any]) -> list[str]:
    ids = sorted({int(r) for r in report_ids if pd.notna(r)})
    if not ids:
        return []
    clause, params = _in("report_id", ids, "r")
    frame = _read(
        engine,
        f"SELECT report_id, report_title, source_name, published_on FROM v_reports "
        f"WHERE {clause} ORDER BY report_id",
        **params,
    )
    lines = [
        f"#{r.report_id} {r.report_title or r.source_name}"
        + (f"({str(r.published_on)[:10]})" if r.published_on else "")
        for r in frame.itertuples()
    ]
    if len(lines) > _MAX_SOURCES:
        lines = [*lines[:_MAX_SOURCES], f"……及另{len(lines) - _MAX_SOURCES}份报告"]
    return lines


def _chart(
    kind: str,
    layers: Any,
    title: str,
    y_title: str,
    sources: list[str],
    rows: int,
) -> Chart:
    import altair as alt

    subtitle = ["来源:" + (sources[0] if sources else "无"), *sources[1:]]
    chart = (
        layers.properties(
            title=alt.Title(title, subtitle=subtitle, anchor="start"),
            width=520,
            height=320,
        )
        .configure(font=FONT)
        .configure_axisX(labelAngle=0)
    )
    spec = chart.to_dict()
    return Chart(kind, title, y_title, sources, spec, rows)


def trend(
    engine: Engine,
    indicator: str,
    bureaus: Sequence[str] = (),
    province: str | None = None,
) -> Chart:
    """An indicator across the years for chosen bureaus (default: all reporting it), with
    the national value of each year as a line where the Ministry publishes one."""
    import altair as alt

    ind = _indicator(indicator)
    sql = (
        "SELECT t.bureau_name, t.province, t.year, t.role, t.value, v.report_id "
        "FROM v_indicator_trend t LEFT JOIN v_indicator_values v ON v.bureau_id = t.bureau_id "
        "AND v.indicator_code = t.indicator_code AND v.year = t.year AND v.role = t.role "
        "WHERE t.indicator_code = :indicator"
    )
    params: dict[str, Any] = {"indicator": indicator}
    if bureaus:
        clause, names = _in("t.bureau_name", list(bureaus), "b")
        sql += f" AND {clause}"
        params.update(names)
    if province:
        sql += " AND t.province = :province"
        params["province"] = province
    frame = _read(engine, sql + " ORDER BY t.bureau_id, t.year", **params)
    if frame.empty:
        raise ChartError(_nothing(ind, bureaus, province))
    frame["value"] = frame["value"] / _scale(ind)
    frame["series"] = frame["bureau_name"]
    frame["role_zh"] = frame["role"].map(lambda r: ROLE_ZH.get(r, r))
    years = [int(y) for y in frame["year"]]
    national = _read(
        engine,
        "SELECT year, value FROM v_national_reference WHERE indicator_code = :indicator "
        "AND year BETWEEN :low AND :high ORDER BY year",
        indicator=indicator,
        low=min(years),
        high=max(years),
    )
    y_title = _unit_title(ind)
    x = alt.X("year:O", title="年份")
    y = alt.Y("value:Q", title=y_title, scale=alt.Scale(zero=ind.unit != "percent"))
    tooltip = [
        alt.Tooltip("series:N", title="教育局"),
        alt.Tooltip("year:O", title="年份"),
        alt.Tooltip("value:Q", title=y_title),
    ]
    data = frame[["series", "year", "value", "role_zh"]]
    if not national.empty:
        nat = national.assign(series="全国", role_zh="全国", value=national["value"] / _scale(ind))
        data = pd.concat([data, nat[["series", "year", "value", "role_zh"]]], ignore_index=True)
    color = alt.Color("series:N", title="教育局")
    dash = alt.StrokeDash("is_national:N", legend=None)
    data = data.assign(is_national=data["series"] == "全国")
    base = alt.Chart(data).encode(x=x, y=y, color=color, tooltip=tooltip)
    layers = base.mark_line(point=True).encode(strokeDash=dash)
    where = _where(frame) + ("与全国" if not national.empty else "")
    title = f"{ind.name_zh}{KIND_ZH['trend']}:{where},{_when(years)}"
    return _chart(
        "trend",
        layers,
        title,
        y_title,
        _sources(engine, frame["report_id"]),
        len(frame),
    )


def ranking(engine: Engine, indicator: str, year: int, province: str | None = None) -> Chart:
    """Bureaus ranked on an indicator in one year, the national value as a rule."""
    import altair as alt

    ind = _indicator(indicator)
    sql = (
        "SELECT c.bureau_name, c.province, c.year, c.value, c.value_rank, c.national_value, "
        "v.report_id FROM v_district_comparison c LEFT JOIN v_indicator_values v "
        "ON v.bureau_id = c.bureau_id AND v.indicator_code = c.indicator_code "
        "AND v.year = c.year AND v.role = c.role "
        "WHERE c.indicator_code = :indicator AND c.year = :year"
    )
    params: dict[str, Any] = {"indicator": indicator, "year": year}
    if province:
        sql += " AND c.province = :province"
        params["province"] = province
    frame = _read(engine, sql + " ORDER BY c.value_rank, c.bureau_id", **params)
    if frame.empty:
        raise ChartError(_nothing(ind, (), province, year))
    frame["value"] = frame["value"] / _scale(ind)
    y_title = _unit_title(ind)
    bars = (
        alt.Chart(frame[["bureau_name", "value", "value_rank"]])
        .mark_bar()
        .encode(
            x=alt.X("bureau_name:N", title="教育局", sort=alt.EncodingSortField("value_rank")),
            y=alt.Y("value:Q", title=y_title),
            tooltip=[
                alt.Tooltip("bureau_name:N", title="教育局"),
                alt.Tooltip("value:Q", title=y_title),
                alt.Tooltip("value_rank:Q", title="排名"),
            ],
        )
    )
    layers: Any = bars
    national = frame["national_value"].dropna()
    if not national.empty:
        nat = pd.DataFrame({"national": [national.iloc[0] / _scale(ind)], "label": ["全国"]})
        rule = alt.Chart(nat).mark_rule(color="firebrick", strokeDash=[6, 4]).encode(y="national:Q")
        label = (
            alt.Chart(nat)
            .mark_text(align="left", dx=4, dy=-6, color="firebrick")
            .encode(y="national:Q", text=alt.Text("label:N"), x=alt.value(0))
        )
        layers = alt.layer(bars, rule, label)
    title = f"{ind.name_zh}{KIND_ZH['ranking']}:{_where(frame)},{year}年"
    return _chart(
        "ranking", layers, title, y_title, _sources(engine, frame["report_id"]), len(frame)
    )


def funding(
    engine: Engine,
    bureaus: Sequence[str] = (),
    year: int | None = None,
    role: str = "review",
    province: str | None = None,
) -> Chart:
    """Funding by category per bureau and year (stacked bars, 万元)."""
    import altair as alt

    if role not in ROLE_ZH:
        raise ChartError(f"unknown role {role!r}; choose review or plan")
    sql = (
        "SELECT bureau_id, bureau_name, province, year, funding_category, total_yuan "
        "FROM v_funding WHERE role = :role"
    )
    params: dict[str, Any] = {"role": role}
    if bureaus:
        clause, names = _in("bureau_name", list(bureaus), "b")
        sql += f" AND {clause}"
        params.update(names)
    if year is not None:
        sql += " AND year = :year"
        params["year"] = year
    if province:
        sql += " AND province = :province"
        params["province"] = province
    frame = _read(engine, sql + " ORDER BY bureau_id, year, funding_category", **params)
    if frame.empty:
        raise ChartError(_nothing(catalog.get("funding_amount"), bureaus, province, year))
    frame["wan_yuan"] = frame["total_yuan"] / compare.YUAN_PER_WAN
    frame["category"] = frame["funding_category"].map(
        lambda c: catalog.FUNDING_CATEGORIES.get(c, c) if c else "未分类"
    )
    frame["bureau_year"] = frame["bureau_name"].map(_short) + " " + frame["year"].astype(str)
    y_title = "经费(万元)"
    bars = (
        alt.Chart(frame[["bureau_year", "category", "wan_yuan", "bureau_name", "year"]])
        .mark_bar()
        .encode(
            x=alt.X("bureau_year:N", title="教育局 年份"),
            y=alt.Y("sum(wan_yuan):Q", title=y_title),
            color=alt.Color("category:N", title="经费类别"),
            tooltip=[
                alt.Tooltip("bureau_name:N", title="教育局"),
                alt.Tooltip("year:O", title="年份"),
                alt.Tooltip("category:N", title="经费类别"),
                alt.Tooltip("wan_yuan:Q", title=y_title, format=",.2f"),
            ],
        )
    )
    ids = _read(
        engine,
        "SELECT DISTINCT report_id, bureau_id, year FROM v_counted_figures "
        "WHERE indicator_code = 'funding_amount' AND role = :role",
        role=role,
    )
    shown = set(zip(frame["bureau_id"], frame["year"], strict=True))
    ids = ids[[(b, y) in shown for b, y in zip(ids["bureau_id"], ids["year"], strict=True)]]
    title = f"{ROLE_ZH[role]}经费投入(按类别):{_where(frame)},{_when(frame['year'].tolist())}"
    return _chart("funding", bars, title, y_title, _sources(engine, ids["report_id"]), len(frame))


def plan_vs_actual(
    engine: Engine,
    indicator: str | None = None,
    bureaus: Sequence[str] = (),
    province: str | None = None,
) -> Chart:
    """What bureaus planned for a year beside what they then reported (one indicator; by
    default the one with the most plan/actual pairs)."""
    import altair as alt

    sql = (
        "SELECT bureau_id, bureau_name, province, indicator_code, year, planned_value, "
        "actual_value, plan_report_id, actual_report_id FROM v_plan_vs_actual WHERE 1 = 1"
    )
    params: dict[str, Any] = {}
    if indicator:
        _indicator(indicator)
        sql += " AND indicator_code = :indicator"
        params["indicator"] = indicator
    if bureaus:
        clause, names = _in("bureau_name", list(bureaus), "b")
        sql += f" AND {clause}"
        params.update(names)
    if province:
        sql += " AND province = :province"
        params["province"] = province
    frame = _read(engine, sql + " ORDER BY bureau_id, indicator_code, year", **params)
    if frame.empty:
        raise ChartError(
            _nothing(_indicator(indicator) if indicator else None, bureaus, province).replace(
                "values", "planned values"
            )
        )
    if not indicator:
        paired = frame.dropna(subset=["actual_value"])
        counts = (paired if not paired.empty else frame)["indicator_code"].value_counts()
        indicator = str(sorted(counts.index, key=lambda c: (-counts[c], c))[0])
        frame = frame[frame["indicator_code"] == indicator]
    ind = _indicator(indicator)
    scale = _scale(ind)
    long = pd.concat(
        [
            frame.assign(what="计划", value=frame["planned_value"] / scale),
            frame.assign(what="实际", value=frame["actual_value"] / scale),
        ],
        ignore_index=True,
    ).dropna(subset=["value"])
    long["bureau_year"] = long["bureau_name"].map(_short) + " " + long["year"].astype(str)
    y_title = _unit_title(ind)
    bars = (
        alt.Chart(long[["bureau_year", "what", "value", "bureau_name", "year"]])
        .mark_bar()
        .encode(
            x=alt.X("bureau_year:N", title="教育局 计划年份"),
            xOffset=alt.XOffset("what:N", sort=["计划", "实际"]),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color("what:N", title="", sort=["计划", "实际"]),
            tooltip=[
                alt.Tooltip("bureau_name:N", title="教育局"),
                alt.Tooltip("year:O", title="年份"),
                alt.Tooltip("what:N", title="口径"),
                alt.Tooltip("value:Q", title=y_title, format=",.2f"),
            ],
        )
    )
    title = f"{ind.name_zh}{KIND_ZH['plan']}:{_where(frame)},{_when(frame['year'].tolist())}"
    ids = [*frame["plan_report_id"], *frame["actual_report_id"]]
    return _chart("plan", bars, title, y_title, _sources(engine, ids), len(frame))


def _nothing(
    ind: catalog.Indicator | None,
    bureaus: Sequence[str],
    province: str | None,
    year: int | None = None,
) -> str:
    what = f"{ind.code} ({ind.name_zh})" if ind else "any indicator"
    where = []
    if bureaus:
        where.append("bureau " + ", ".join(bureaus))
    if province:
        where.append(f"province {province}")
    if year is not None:
        where.append(f"year {year}")
    scope = f" for {'; '.join(where)}" if where else ""
    return f"no values of {what}{scope} in the database"


def build(
    engine: Engine,
    kind: str,
    *,
    indicator: str | None = None,
    bureaus: Sequence[str] = (),
    year: int | None = None,
    province: str | None = None,
    role: str = "review",
) -> Chart:
    """One chart by kind, with the options that kind takes (the CLI and the web view)."""
    if kind == "trend":
        if not indicator:
            raise ChartError("a trend chart needs an indicator (--indicator CODE)")
        return trend(engine, indicator, bureaus, province)
    if kind == "ranking":
        if not indicator or year is None:
            raise ChartError("a ranking chart needs an indicator and a year (--indicator, --year)")
        return ranking(engine, indicator, year, province)
    if kind == "funding":
        return funding(engine, bureaus, year, role, province)
    if kind == "plan":
        return plan_vs_actual(engine, indicator, bureaus, province)
    raise ChartError(f"unknown chart {kind!r}; choose from {', '.join(KINDS)}")


@dataclass(frozen=True)
class Available:
    """A chart the database has data for, with the options that draw it."""

    kind: str
    label: str
    options: dict[str, Any]


def available(engine: Engine) -> list[Available]:
    """The charts worth offering for this database: a trend per indicator with values, a
    ranking for its latest year, funding, and plan against actual where plans exist."""
    out: list[Available] = []
    trends = _read(
        engine,
        "SELECT indicator_code, MAX(year) AS latest, COUNT(DISTINCT bureau_id) AS bureaus "
        "FROM v_indicator_trend GROUP BY indicator_code ORDER BY indicator_code",
    )
    order = {ind.code: i for i, ind in enumerate(catalog.INDICATORS)}
    rows = sorted(trends.itertuples(), key=lambda r: order.get(r.indicator_code, len(order)))
    for r in rows:
        if r.indicator_code not in order:
            continue
        ind = catalog.get(r.indicator_code)
        out.append(Available("trend", f"{ind.name_zh} 历年变化", {"indicator": ind.code}))
        out.append(
            Available(
                "ranking",
                f"{ind.name_zh} {int(r.latest)}年各局排名",
                {"indicator": ind.code, "year": int(r.latest)},
            )
        )
    if not _read(engine, "SELECT 1 AS one FROM v_funding WHERE role = 'review' LIMIT 1").empty:
        out.append(Available("funding", "经费投入(按类别)", {}))
    if not _read(engine, "SELECT 1 AS one FROM v_plan_vs_actual LIMIT 1").empty:
        out.append(Available("plan", "计划与实际", {}))
    return out
