"""`edureports serve`: the database in a browser (Datasette), knowing the data dictionary.

Datasette shows a SQLite file as web pages and answers read-only SQL. Bare, it knows nothing
of this database: the base tables come first, the views are bare names, money is
`1956100000.0`. Here its metadata is generated from dictionary.py (the one source of every
view's and column's description, unit and Chinese label): the views are listed first with
their grain and description, the base tables are hidden, each column is described, facets and
sort are set, and the analyst tour's queries are canned queries with parameters. A small
plugin (the `Plugin` class, registered only by `make_datasette`) shows money in 万元/亿元,
links a figure's report id to the report, shows the sentence beside the figure as written,
and serves the charts of charts.py at /-/charts.

Datasette reads SQLite only. A PostgreSQL database is served from a snapshot: `snapshot`
copies every table into a fresh SQLite file at the same schema revision, whose views then
give the same rows (tests/test_serve.py checks that on both backends).
"""

from __future__ import annotations

import asyncio
import html
import re
import sqlite3
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, delete, insert, select

from edureports import catalog, charts, db, dictionary, query, views

DB_NAME = "edureports"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
TITLE = "edureports"
DESCRIPTION = (
    "Figures from Chinese county education bureaus' work reports (工作总结, 工作计划), one "
    "row per figure with the sentence it came from, and views that compare enrolment, "
    "consolidation and funding across bureaus and years. Start with a view; every column is "
    "described (meaning, unit, 中文). The base tables are hidden: the views are the contract."
)
# Columns whose value is in the row's own `unit` column (money when that unit is yuan).
_ROW_UNIT_VALUES = frozenset(
    {
        "value",
        "value_high",
        "previous_value",
        "change",
        "national_value",
        "gap_to_national",
        "planned_value",
        "actual_value",
        "difference",
    }
)
_REPORT_COLUMNS = frozenset({"report_id", "plan_report_id", "actual_report_id"})
# Default facets: where, when, which kind of indicator, review or plan.
_FACETS = ("province", "year", "family", "role")
_FACET_ALIASES = {"period_year": "year", "period_role": "role"}
_SORT: dict[str, tuple[str, str]] = {
    "v_reports": ("sort_desc", "published_on"),
    "v_observations": ("sort", "observation_id"),
    "v_bureaus": ("sort", "bureau_id"),
    "v_counted_figures": ("sort", "observation_id"),
    "v_district_comparison": ("sort", "value_rank"),
}
_CHART_VIEWS = {
    "v_indicator_trend": "trend",
    "v_district_comparison": "ranking",
    "v_funding": "funding",
    "v_plan_vs_actual": "plan",
}

_OPTIONAL = "(:{p} = '' OR {col} = :{p})"
_OPTIONAL_YEAR = "(:year = '' OR {col} = CAST(:year AS INTEGER))"

# The analyst tour's queries (docs/analyst-tour.md §4) with a bureau, a year, an indicator
# as parameters; an empty parameter means "all".
CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "indicator_against_national": {
        "title": "An indicator, bureau by bureau, against the national value",
        "description": "Each bureau's value of an indicator (e.g. "
        "preschool_gross_enrolment_rate) by year, its rank and its gap to the national value "
        "of the year. Leave bureau or year empty for all.",
        "sql": "SELECT indicator_name_zh, bureau_name, province, year, role, value, unit, "
        "value_rank, bureaus_reporting, national_value, gap_to_national\n"
        "FROM v_district_comparison\nWHERE indicator_code = :indicator\n  AND "
        + _OPTIONAL.format(p="bureau", col="bureau_name")
        + "\n  AND "
        + _OPTIONAL_YEAR.format(col="year")
        + "\nORDER BY year, value_rank, bureau_id",
        "params": ["indicator", "bureau", "year"],
    },
    "where_the_money_went": {
        "title": "Where the money went",
        "description": "Reviewed funding by bureau, year and category, flagging sums that "
        "include approximate figures.",
        "sql": "SELECT bureau_name, year, funding_category, total_yuan, figures, "
        "any_approximate\nFROM v_funding\nWHERE role = 'review'\n  AND "
        + _OPTIONAL.format(p="bureau", col="bureau_name")
        + "\n  AND "
        + _OPTIONAL_YEAR.format(col="year")
        + "\nORDER BY bureau_id, year, funding_category",
        "params": ["bureau", "year"],
    },
    "targets_missed": {
        "title": "Targets missed",
        "description": "What a bureau planned for a year against what it then reported, where "
        "the actual value fell short.",
        "sql": "SELECT bureau_name, indicator_name_zh, year, planned_value, actual_value, "
        "difference, unit, plan_report_id, actual_report_id\nFROM v_plan_vs_actual\n"
        "WHERE actual_value < planned_value\n  AND "
        + _OPTIONAL.format(p="bureau", col="bureau_name")
        + "\n  AND "
        + _OPTIONAL.format(p="indicator", col="indicator_code")
        + "\nORDER BY bureau_id, indicator_code, year",
        "params": ["bureau", "indicator"],
    },
    "sentence_behind": {
        "title": "The sentence behind each counted number",
        "description": "The figures the comparison views count, each with the clause of the "
        "report it came from.",
        "sql": "SELECT o.bureau_name, o.period_year AS year, o.indicator_name_zh, o.value, "
        "o.unit, o.raw_text, o.source_text, o.report_id\n"
        "FROM v_counted_figures f JOIN v_observations o ON o.observation_id = f.observation_id\n"
        "WHERE f.indicator_code = :indicator\n  AND "
        + _OPTIONAL.format(p="bureau", col="o.bureau_name")
        + "\n  AND "
        + _OPTIONAL_YEAR.format(col="o.period_year")
        + "\nORDER BY o.observation_id",
        "params": ["indicator", "bureau", "year"],
    },
    "report": {
        "title": "One report: its figures and their sentences",
        "description": "Every classified figure of a report (report_id, as in v_reports) in "
        "text order, with the clause it sits in.",
        "sql": "SELECT observation_id, report_title, period_year, period_role, "
        "indicator_name_zh, value, unit, qualifier, status, measure, raw_text, source_text, "
        "section_path\nFROM v_observations\nWHERE report_id = CAST(:report_id AS INTEGER)\n"
        "  AND indicator_code <> 'unclassified'\nORDER BY char_start",
        "params": ["report_id"],
    },
}


# --- metadata ----------------------------------------------------------------------------


def column_description(column: dictionary.Column) -> str:
    """Meaning, unit and Chinese label of a column in one line."""
    parts = [column.meaning]
    if column.unit:
        parts.append(f"Unit: {column.unit}.")
    if column.label_zh:
        parts.append(f"中文: {column.label_zh}.")
    return " ".join(parts)


def _facets(view: dictionary.View) -> list[str]:
    names = [c.name for c in view.columns]
    wanted = [n for n in names if n in _FACETS or n in _FACET_ALIASES]
    return sorted(wanted, key=lambda n: _FACETS.index(_FACET_ALIASES.get(n, n)))


def _view_facets(view: dictionary.View) -> list[str]:
    facets = _facets(view)
    return [*facets, "funding_category"] if view.name == "v_funding" else facets


def _sort(view: dictionary.View) -> dict[str, str]:
    if view.name in _SORT:
        key, column = _SORT[view.name]
        return {key: column}
    names = {c.name for c in view.columns}
    return {"sort_desc": "year"} if "year" in names else {}


def view_description_html(view: dictionary.View) -> str:
    """Grain and description of a view (and its chart, if it has one), as HTML."""
    out = f"<p><em>Grain: {html.escape(view.grain)}.</em> {html.escape(view.description)}</p>"
    if view.name in _CHART_VIEWS:
        out += (
            f'<p>Charts of this view: <a href="/-/charts#{_CHART_VIEWS[view.name]}">'
            "/-/charts</a>.</p>"
        )
    if view.name == "v_observations":
        out += (
            "<p>The figure as written is shown inside its sentence (column raw_text); "
            "a report id opens the report's figures. The compact view: canned query <a href=\""
            f'/{DB_NAME}/report">report</a>.</p>'
        )
    return out


def view_metadata(view: dictionary.View) -> dict[str, Any]:
    return {
        "description_html": view_description_html(view),
        "source": f"sql/{view.name}.sql",
        "source_url": f"/-/edureports/sql/{view.name}.sql",
        "columns": {c.name: column_description(c) for c in view.columns},
        "facets": _view_facets(view),
        **_sort(view),
    }


def metadata(base_tables: Iterable[str] = ()) -> dict[str, Any]:
    """Datasette metadata from the data dictionary: views described, base tables hidden."""
    tables: dict[str, Any] = {name: {"hidden": True} for name in base_tables}
    for view in dictionary.VIEW_DOCS:
        tables[view.name] = view_metadata(view)
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {
            DB_NAME: {
                "description": DESCRIPTION,
                "tables": tables,
                "queries": {
                    name: {k: v for k, v in q.items() if k != "params"}
                    for name, q in CANNED_QUERIES.items()
                },
            }
        },
    }


def base_tables(path: str | Path) -> list[str]:
    """The tables (not views) of a SQLite file, read through a read-only connection."""
    uri = f"file:{Path(path).resolve()}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        rows = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        ).fetchall()
    connection.close()
    return [r[0] for r in rows]


# --- cells -------------------------------------------------------------------------------


def money(yuan: float) -> str:
    """Yuan the way reports write them: 亿元 from a hundred million, 万元 from ten thousand."""
    for size, unit in ((100_000_000, "亿元"), (10_000, "万元"), (1, "元")):
        if abs(yuan) >= size or size == 1:
            number = f"{yuan / size:,.4f}".rstrip("0").rstrip(".")
            return f"{number}{unit}"
    raise AssertionError("unreachable")


def _money_columns() -> frozenset[str]:
    """View columns whose unit is yuan, from the dictionary."""
    return frozenset(c.name for v in dictionary.VIEW_DOCS for c in v.columns if c.unit == "yuan")


def _get(row: Any, key: str) -> Any:
    try:
        return row[key]
    except (KeyError, IndexError):
        return None


def render_cell_html(row: Any, value: Any, column: str, table: str | None) -> str | None:
    """The HTML of one cell, or None to let Datasette render it."""
    if value is None:
        return None
    if column in _REPORT_COLUMNS and isinstance(value, int):
        url = f"/{DB_NAME}/report?" + urlencode({"report_id": value})
        return f'<a href="{url}" title="the report\'s figures">#{value}</a>'
    is_money = column in _money_columns() or (
        column in _ROW_UNIT_VALUES and _get(row, "unit") == "yuan"
    )
    if is_money and isinstance(value, int | float):
        return f'<span title="{value:,.2f} yuan">{html.escape(money(value))}</span>'
    if column == "raw_text" and isinstance(value, str):
        sentence = _get(row, "source_text")
        if isinstance(sentence, str) and value in sentence:
            start = sentence.index(value)
            return (
                f"{html.escape(sentence[:start])}<mark>{html.escape(value)}</mark>"
                f"{html.escape(sentence[start + len(value) :])}"
            )
    return None


# --- the plugin ----------------------------------------------------------------------------


def _chart_options(args: Any) -> dict[str, Any]:
    """Chart options from a query string (bureau may repeat)."""
    year = args.get("year") or None
    try:
        year_value = int(year) if year is not None else None
    except ValueError:
        raise charts.ChartError(f"year must be a number, not {year!r}") from None
    return {
        "indicator": args.get("indicator") or None,
        "bureaus": tuple(b for b in args.getlist("bureau") if b),
        "year": year_value,
        "province": args.get("province") or None,
        "role": args.get("role") or "review",
    }


def _chart_page(chart: charts.Chart) -> str:
    """The chart's self-contained HTML with a line linking back and to its reports."""
    page = chart.html()
    links = " · ".join(
        f'<a href="/{DB_NAME}/report?report_id={m.group(1)}">{html.escape(line)}</a>'
        for line in chart.sources
        if (m := re.match(r"#(\d+) ", line))
    )
    nav = (
        '<nav style="font-family: sans-serif; margin: 0.5em 0">'
        '<a href="/-/charts">← all charts</a> · <a href="/">edureports</a>'
        f"{' · 来源: ' + links if links else ''}</nav>"
    )
    return page.replace(charts.CHART_DIV, nav + charts.CHART_DIV, 1)


class Plugin:
    """Datasette hooks for one served database (registered by make_datasette only)."""

    __name__ = "edureports-serve"  # Datasette lists plugins by module name

    def __init__(self, path: Path) -> None:
        self.path = path

    def _engine(self) -> Engine:
        return query.open_for_reading(f"sqlite:///{self.path}")

    def _with_engine(self, fn: Any) -> Any:
        engine = self._engine()
        try:
            return fn(engine)
        finally:
            engine.dispose()

    def render_cell(
        self, row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
    ) -> Any:
        if database != DB_NAME:
            return None
        out = render_cell_html(row, value, column, table)
        if out is None:
            return None
        from markupsafe import Markup

        return Markup(out)

    def extra_template_vars(self, template: str, datasette: Any) -> dict[str, Any]:
        return {
            "edureports_views": [
                {
                    "name": v.name,
                    "grain": v.grain,
                    "description": v.description,
                    "chart": _CHART_VIEWS.get(v.name),
                }
                for v in dictionary.VIEW_DOCS
            ],
            "edureports_queries": [
                {"name": n, "title": q["title"], "description": q["description"]}
                for n, q in CANNED_QUERIES.items()
            ],
            "edureports_db": DB_NAME,
        }

    def register_routes(self, datasette: Any) -> list[tuple[str, Any]]:
        from datasette.utils.asgi import Response

        async def chart_index(request: Any) -> Any:
            offered = await asyncio.to_thread(self._with_engine, charts.available)
            indicators = [(i.code, i.name_zh) for i in catalog.INDICATORS]
            page = await datasette.render_template(
                "edureports_charts.html",
                {"charts": [_offer(a) for a in offered], "indicators": indicators},
                request=request,
            )
            return Response.html(page)

        async def chart(request: Any) -> Any:
            kind = request.url_vars["kind"]
            fmt = request.args.get("format") or "html"
            try:
                options = _chart_options(request.args)
                drawn = await asyncio.to_thread(
                    self._with_engine, lambda e: charts.build(e, kind, **options)
                )
            except charts.ChartError as exc:
                return Response.text(f"no chart: {exc}", status=404)
            if fmt == "svg":
                return Response(drawn.svg(), content_type="image/svg+xml; charset=utf-8")
            if fmt == "png":
                return Response(drawn.png(), content_type="image/png")
            return Response.html(_chart_page(drawn))

        async def view_sql(request: Any) -> Any:
            name = request.url_vars["view"]
            if name not in views.available():
                return Response.text(f"no view {name}", status=404)
            return Response.text(views.read_sql(name))

        kinds = "|".join(charts.KINDS)
        return [
            (r"^/-/charts$", chart_index),
            (rf"^/-/charts/(?P<kind>{kinds})$", chart),
            (r"^/-/edureports/sql/(?P<view>v_[a-z_]+)\.sql$", view_sql),
        ]

    def extra_body_script(self, template: str) -> str:
        """On a view page: the column descriptions fold away under a summary, and each
        column heading shows its description on hover."""
        if not template.startswith("table"):
            return ""
        return _TABLE_SCRIPT

    def menu_links(self, datasette: Any) -> list[dict[str, str]]:
        return [{"href": "/-/charts", "label": "Charts"}]


_TABLE_SCRIPT = """
(function () {
  var dl = document.querySelector("dl.column-descriptions");
  if (dl) {
    var details = document.createElement("details");
    details.className = "column-descriptions-details";
    var summary = document.createElement("summary");
    summary.textContent = "Columns: meaning, unit, 中文 (" +
      dl.querySelectorAll("dt").length + ")";
    dl.parentNode.insertBefore(details, dl);
    details.appendChild(summary);
    details.appendChild(dl);
  }
  document.querySelectorAll("th[data-column-description]").forEach(function (th) {
    th.title = th.getAttribute("data-column-description");
  });
})();
"""


def _offer(a: charts.Available) -> dict[str, str]:
    return {
        "kind": a.kind,
        "label": a.label,
        "url": f"/-/charts/{a.kind}" + (f"?{urlencode(a.options)}" if a.options else ""),
    }


def _hookimpls(plugin: Plugin) -> Plugin:
    """Mark the plugin's methods as Datasette hook implementations."""
    from datasette import hookimpl

    for name in (
        "render_cell",
        "extra_template_vars",
        "register_routes",
        "extra_body_script",
        "menu_links",
    ):
        hookimpl(getattr(type(plugin), name))
    return plugin


# --- the app -----------------------------------------------------------------------------


class NotServable(Exception):
    """The database cannot be served (missing, behind head, not SQLite)."""


def sqlite_path(url: str | None) -> Path:
    """The file behind a SQLite URL at head, checked the way reading commands check it."""
    try:
        engine = query.open_for_reading(url)
    except query.NotReadable as exc:
        raise NotServable(str(exc)) from exc
    try:
        if engine.dialect.name != "sqlite":
            raise NotServable(
                f"{query.describe(engine)}: Datasette serves SQLite files; "
                "copy the database first (edureports serve --snapshot FILE does)"
            )
        return Path(str(engine.url.database)).resolve()
    finally:
        engine.dispose()


def make_datasette(path: str | Path, *, settings: dict[str, Any] | None = None) -> Any:
    """A Datasette app over one SQLite file, read-only (mode=ro), with generated metadata."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    target = Path(path).resolve()
    templates = resources.files("edureports").joinpath("templates")
    # Registered before the app is built: Datasette collects the routes when it starts.
    name = "edureports-serve"
    if pm.get_plugin(name) is not None:
        pm.unregister(name=name)
    pm.register(_hookimpls(Plugin(target)), name=name)
    ds = Datasette(
        metadata=metadata(base_tables(target)),
        template_dir=str(templates),
        settings={
            "default_page_size": 50,
            "sql_time_limit_ms": 3000,
            "suggest_facets": False,
            **(settings or {}),
        },
    )
    ds.add_database(Database(ds, path=str(target), is_mutable=True), name=DB_NAME)
    return ds


def run(path: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve until interrupted (uvicorn, as `datasette serve` does)."""
    import uvicorn

    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")


# --- PostgreSQL: a snapshot --------------------------------------------------------------


def snapshot(source: Engine, target: str | Path) -> Path:
    """Copy every table of `source` (at head) into a new SQLite file at head; returns it.

    The target is replaced. Reference tables the upgrade seeds are replaced by the source's
    rows, so ids and every view row match the source."""
    from edureports.models import Base

    out_path = Path(target)
    if out_path.exists():
        out_path.unlink()
    dest = db.make_engine(f"sqlite:///{out_path}")
    try:
        db.upgrade(dest)
        skip = {"schema_object", "alembic_version"}
        tables = [t for t in Base.metadata.sorted_tables if t.name not in skip]
        with source.connect() as src, dest.begin() as out:
            # Parts point to their total, which may come later: check keys at commit.
            out.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
            for table in reversed(tables):
                out.execute(delete(table))
            for table in tables:
                order = list(table.primary_key.columns) or list(table.columns)
                result = src.execution_options(yield_per=5000).execute(
                    select(table).order_by(*order)
                )
                for part in result.mappings().partitions():
                    out.execute(insert(table), [dict(r) for r in part])
    finally:
        dest.dispose()
    return out_path
