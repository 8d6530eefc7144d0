"""The command line: each command parses options, calls one library function, formats."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import click
from sqlalchemy import Engine

from edureports import (
    accuracy,
    catalog,
    charts,
    compare,
    db,
    filters,
    query,
    readonly,
    reports,
    tables,
)
from edureports.config import ENV_VAR
from edureports.loaders.base import DEFAULT_MAX_SIZE, display_name
from edureports.loading import LoadProgress, LoadSummary, load_paths, walk_paths
from edureports.store import delete_report, reparse_report, report_ids


class Context:
    def __init__(self, url: str | None) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._reader: Engine | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = db.make_engine(self.url)
        return self._engine

    def ready_engine(self) -> Engine:
        """The engine, with the schema brought to head first (a new SQLite file).

        Only the commands that write (load, reparse, grant-readonly) call this."""
        db.ensure_schema(self.engine)
        return self.engine

    def read_engine(self) -> Engine:
        """An existing database at head, opened read-only: reading never creates or migrates."""
        if self._reader is None:
            try:
                self._reader = query.open_for_reading(self.url)
            except query.NotReadable as exc:
                raise click.ClickException(str(exc)) from exc
        return self._reader


pass_ctx = click.make_pass_decorator(Context)


@click.group()
@click.option(
    "--db",
    "url",
    metavar="URL",
    help=f"Database URL (default: ${ENV_VAR}, else sqlite:///edureports.db here).",
)
@click.option(
    "--catalog",
    "catalog_file",
    metavar="FILE",
    envvar=catalog.ENV_VAR,
    type=click.Path(dir_okay=False),
    help=f"Indicators of your own, in a file shaped like the packaged catalog "
    f"(default: ${catalog.ENV_VAR}); then `reparse` reclassifies stored reports.",
)
@click.version_option(package_name="edureports")
@click.pass_context
def main(ctx: click.Context, url: str | None, catalog_file: str | None) -> None:
    """Turn Chinese education bureau work reports into a comparable database."""
    try:
        catalog.use(catalog_file)
    except catalog.CatalogError as exc:
        raise click.ClickException(str(exc)) from exc
    ctx.obj = Context(url)


# --- db ---------------------------------------------------------------------------------


@main.group("db")
def db_group() -> None:
    """Schema migrations (Alembic, no alembic.ini needed) and database roles."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
@pass_ctx
def db_upgrade(obj: Context, revision: str) -> None:
    """Upgrade the schema to REVISION (default: head) and refresh views and seeds."""
    try:
        db.upgrade(obj.engine, revision)
    except db.MigrationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"at revision {', '.join(db.current(obj.engine).current) or 'base'}")


@db_group.command("downgrade")
@click.argument("revision")
@pass_ctx
def db_downgrade(obj: Context, revision: str) -> None:
    """Downgrade the schema to REVISION ('base' removes everything)."""
    try:
        db.downgrade(obj.engine, revision)
    except db.MigrationError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"at revision {', '.join(db.current(obj.engine).current) or 'base'}")


@db_group.command("current")
@pass_ctx
def db_current(obj: Context) -> None:
    """Show the schema revision of the database and the head of this package."""
    try:
        engine = query.open_existing(obj.url)
    except query.NotReadable as exc:
        raise click.ClickException(str(exc)) from exc
    rev = query.current_revision(engine)
    state = "at head" if rev.at_head else "behind: run 'edureports db upgrade'"
    click.echo(f"{db.describe(obj.engine)}: {', '.join(rev.current) or 'base'} ({state})")


@db_group.command("grant-readonly")
@click.argument("role")
@click.option(
    "--password",
    help="Login password for ROLE (else set one yourself, or rely on the server's auth).",
)
@click.option(
    "--statement-timeout",
    default=readonly.DEFAULT_STATEMENT_TIMEOUT,
    show_default=True,
    metavar="DURATION",
    help="The role's statement_timeout on the server (e.g. 5min; 0 for none).",
)
@pass_ctx
def db_grant_readonly(
    obj: Context, role: str, password: str | None, statement_timeout: str
) -> None:
    """Create ROLE on PostgreSQL that can SELECT the views and nothing else (for BI tools)."""
    if obj.engine.dialect.name != "postgresql":  # before creating any SQLite file
        raise click.ClickException(readonly.sqlite_message(obj.engine))
    engine = obj.ready_engine()
    try:
        notes = readonly.grant_readonly(engine, role, password, statement_timeout)
    except readonly.ReadOnlyRoleError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in notes:
        click.echo(note)


# --- load -------------------------------------------------------------------------------


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--bureau", help="Bureau name to use instead of the detected one.")
@click.option("--year", type=int, help="Reviewed year to use instead of the detected one.")
@click.option(
    "--dry-run", is_flag=True, help="Parse and print what would be stored; write nothing."
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Parse and store in N processes, each report in its own transaction.",
)
@click.option(
    "--max-size",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_SIZE / 1024 / 1024,
    show_default=True,
    metavar="MB",
    help="Refuse a file, or a file's text, larger than this many megabytes.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="In folders, also load files matching GLOB (e.g. '*.md'; repeatable).",
)
@pass_ctx
def load(
    obj: Context,
    paths: tuple[str, ...],
    bureau: str | None,
    year: int | None,
    dry_run: bool,
    jobs: int,
    max_size: float,
    include: tuple[str, ...],
) -> None:
    """Load report files or folders (recursively): txt, html, docx, pdf.

    In folders, only those formats are loaded (by name or content) and the other files
    counted; --include widens that, and files named here are always tried. One
    transaction per report; a report already stored (same normalised text) is skipped.
    Links to folders are not followed. Exit status 1 if any file failed or a folder could
    not be read; the others stay loaded.
    """
    summary = LoadSummary(dry_run=dry_run)
    engine = None if dry_run else obj.ready_engine()
    walk = walk_paths(paths, include=include)
    summary.walked(walk)
    try:
        with LoadBar(len(walk.files), sys.stderr) as bar:
            for outcome in load_paths(
                engine,
                walk.files,
                bureau=bureau,
                year=year,
                jobs=jobs,
                dry_run=dry_run,
                max_size=int(max_size * 1024 * 1024),
                on_progress=bar,
            ):
                summary.add(outcome)
                if dry_run and outcome.parsed is not None:
                    bar.echo(_dry_run_line(outcome.path, outcome.parsed))
    except KeyboardInterrupt:
        # The report being stored was rolled back with its transaction; the rest is kept.
        # Workers hand their outcomes back a batch at a time: what they stored last may not
        # have been counted yet (the next run finds it already present).
        more = " (the workers may have stored a few more)" if jobs > 1 and not dry_run else ""
        click.echo(
            f"interrupted: {summary.counts()}{more}; run the same command again to load the rest",
            err=True,
        )
        sys.exit(130)
    for skip in walk.skipped:
        click.echo(f"{'error' if skip.error else 'skipped'}: {skip.message}", err=True)
    if walk.other_formats:
        click.echo(
            f"skipped: {walk.other_formats_text()}; name them, or add --include GLOB", err=True
        )
    for message in summary.errors:
        click.echo(f"error: {message}", err=True)
    click.echo(summary.line())
    if summary.errors or any(skip.error for skip in walk.skipped):
        sys.exit(1)


class LoadBar:
    """A load's progress on a terminal: a bar, files done/total, time left, the file read.

    Drawn with tqdm, which fits the line to the terminal counting Chinese as double width
    and draws nothing when the stream is not a terminal (logs and pipes get the summary).
    """

    FORMAT = "{desc} {n_fmt}/{total_fmt} |{bar:20}| {percentage:3.0f}%  {left}  {file}"

    def __init__(
        self, total: int, stream: TextIO, *, columns: int | None = None, mininterval: float = 0.1
    ) -> None:
        from tqdm import tqdm

        progress: dict[str, LoadProgress] = {}

        class Bar(tqdm):  # tqdm's documented way to add fields: extend format_dict
            monitor_interval = 0  # no monitor thread: the load may fork worker processes

            @property
            def format_dict(self) -> dict[str, Any]:
                fields = super().format_dict
                now = progress.get("now")
                left = now.remaining if now else None
                fields["left"] = f"{self.format_interval(left)} left" if left is not None else ""
                fields["file"] = display_name(now.current) if now and now.current else ""
                return fields

        self._progress = progress
        self._bar = Bar(
            total=total,
            desc="loading",
            file=stream,
            disable=None if total else True,  # None: off when the stream is not a terminal
            leave=False,
            ncols=columns,
            dynamic_ncols=columns is None,
            mininterval=mininterval,
            bar_format=self.FORMAT,
            ascii=" #",
        )

    def __enter__(self) -> LoadBar:
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.close()

    def __call__(self, progress: LoadProgress) -> None:
        self._progress["now"] = progress
        step = progress.done - self._bar.n
        if step > 0:
            self._bar.update(step)  # redrawn at most every mininterval seconds
        elif not self._bar.disable:
            self._bar.refresh()  # the first file: show its name while it is read

    def echo(self, line: str) -> None:
        """A line of output above the bar (to stdout), the bar redrawn below it."""
        if self._bar.disable:
            click.echo(line)
        else:
            self._bar.write(line, file=sys.stdout)


def _dry_run_line(path: str, parsed: Any) -> str:
    meta = parsed.meta
    return (
        f"{display_name(path)}: {meta.bureau_name or '?'} | {meta.doc_type} | "
        f"review {_period(meta.review)} | plan {_period(meta.plan)} | "
        f"{len(parsed.sections)} sections, {len(parsed.figures)} figures"
    )


def _period(period: Any) -> str:
    if period is None:
        return "-"
    return str(period.year) if period.part == "year" else f"{period.year} {period.part}"


@main.command()
@click.argument("report_refs", nargs=-1)
@click.option("--bureau", help="Bureau name to use from now on (needs REPORT).")
@click.option("--year", type=int, help="Reviewed year to use from now on (needs REPORT).")
@pass_ctx
def reparse(
    obj: Context, report_refs: tuple[str, ...], bureau: str | None, year: int | None
) -> None:
    """Re-derive metadata, sections and figures of stored reports with the current parser.

    --bureau/--year complete a stored report that lacks them (see reports --incomplete).
    """
    if (bureau or year is not None) and not report_refs:
        raise click.UsageError("--bureau/--year apply to the reports you name: give REPORT")
    engine = obj.ready_engine()
    ids = [reports.find_report_id(engine, r) for r in report_refs] or report_ids(engine)
    for report_id in ids:
        parsed = reparse_report(engine, report_id, bureau=bureau, year=year)
        click.echo(
            f"report {report_id}: {len(parsed.sections)} sections, {len(parsed.figures)} figures"
        )
    click.echo(f"reparsed {len(ids)} reports")


@main.command()
@click.argument("report_refs", metavar="REPORT...", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_ctx
def delete(obj: Context, report_refs: tuple[str, ...], yes: bool) -> None:
    """Delete stored reports (id or file name) with their sections and figures.

    Each report goes in its own transaction, which also updates the comparison views'
    summaries. Loading the file again stores it anew.
    """
    engine = obj.ready_engine()
    try:
        ids = list(dict.fromkeys(reports.find_report_id(engine, r) for r in report_refs))
    except reports.ReportNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    if not yes:
        click.confirm(f"delete {len(ids)} report(s): {', '.join(map(str, ids))}?", abort=True)
    for report_id in ids:
        click.echo(f"deleted report {report_id} ({delete_report(engine, report_id)})")


# --- reading ----------------------------------------------------------------------------


@main.command("reports")
@click.option(
    "--incomplete", is_flag=True, help="Only reports lacking a bureau, a region or a year."
)
@click.option("--province", help="Only reports from this province (山西 or 山西省).")
@click.option("--prefecture", help="Only reports from this prefecture (长治 or 长治市).")
@click.option("--bureau", help="Only this bureau (黎城县 or 黎城县教育体育局).")
@pass_ctx
def list_reports(
    obj: Context,
    incomplete: bool,
    province: str | None,
    prefecture: str | None,
    bureau: str | None,
) -> None:
    """List the stored reports, with what each lacks (bureau, region, year)."""
    try:
        columns, rows = reports.list_reports(
            obj.read_engine(),
            incomplete=incomplete,
            province=province,
            prefecture=prefecture,
            bureau=bureau,
        )
    except filters.NoMatch as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(tables.render(columns, rows))
    lacking = sum(bool(r[columns.index("lacks")]) for r in rows)
    if incomplete:
        click.echo(
            f"{lacking} reports lack a bureau, a region or a year; complete one with "
            "edureports reparse REPORT --bureau NAME --year YEAR",
            err=True,
        )
    elif lacking:
        click.echo(
            f"{lacking} of {len(rows)} reports lack a bureau, a region or a year and drop "
            "out of some comparisons: edureports reports --incomplete",
            err=True,
        )


@main.command()
@click.argument("report_ref", metavar="REPORT")
@click.option("--figures/--no-figures", default=True, help="List the figures too.")
@click.option("--all-figures", is_flag=True, help="Include unclassified figures.")
@pass_ctx
def show(obj: Context, report_ref: str, figures: bool, all_figures: bool) -> None:
    """Show one report (id or file name): metadata, section tree, figures."""
    try:
        detail = reports.report_detail(obj.read_engine(), report_ref)
    except reports.ReportNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    r = detail.report
    click.echo(f"#{r['report_id']} {r['report_title'] or r['source_name']}")
    click.echo(
        f"  bureau: {r['bureau_name'] or '-'} ({r['bureau_written'] or '-'})   region: "
        f"{' / '.join(x for x in (r['province'], r['prefecture'], r['county']) if x) or '-'} "
        f"{r['region_code'] or ''}"
    )
    click.echo(
        f"  type: {r['doc_type']}   published: {r['published_on'] or '-'}   index: "
        f"{r['index_number'] or '-'}   review: {_fmt_year(r['review_year'], r['review_part'])}   "
        f"plan: {_fmt_year(r['plan_year'], r['plan_part'])}"
    )
    click.echo(f"  file: {r['source_name']} ({r['format']}, {r['encoding'] or '-'})\n")
    for s in detail.sections:
        indent = "  " * (s["depth"] - 1)
        tag = f"[{s['role'] or '?'} {_fmt_year(s['year'], s['part'])}]"
        heading = tables.truncate(s["heading"], 50)
        click.echo(f"{indent}{s['marker'] or ''}{heading}  {click.style(tag, fg='cyan')}")
    if not figures:
        return
    shown = [f for f in detail.figures if all_figures or f["indicator_code"] != "unclassified"]
    click.echo(f"\nfigures: {len(detail.figures)} ({len(shown)} shown)")
    rows = []
    for f in shown:
        context = detail.text[max(0, f["char_start"] - 12) : f["char_end"] + 6].replace("\n", " ")
        rows.append(
            (
                f["observation_id"],
                f["indicator_code"],
                f["value"],
                f["unit"],
                f["qualifier"],
                f["status"],
                f["measure"],
                f["school_level"] or f["funding_category"] or "",
                _fmt_year(f["period_year"], f["period_part"]),
                f["raw_text"],
                context,
            )
        )
    click.echo(
        tables.render(
            (
                "id",
                "indicator",
                "value",
                "unit",
                "qualifier",
                "status",
                "measure",
                "level/category",
                "year",
                "as written",
                "context",
            ),
            rows,
            max_width=36,
        )
    )


def _fmt_year(year: Any, part: Any) -> str:
    if year is None:
        return "-"
    return str(year) if part in (None, "year") else f"{year} {part}"


@contextmanager
def _output(path: str | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


def _duration(value: str) -> float | None:
    try:
        return query.parse_duration(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


@main.command("query")
@click.argument("sql")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(query.FORMATS),
    default="table",
    show_default=True,
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--timeout",
    default=f"{query.DEFAULT_TIMEOUT:g}s",
    show_default=True,
    metavar="DURATION",
    help="Stop the statement after this long (90, 60s, 5m, 1h; 0 for no limit).",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=0),
    default=query.DEFAULT_MAX_ROWS,
    show_default=True,
    help="Stop after this many rows (0 for no limit).",
)
@pass_ctx
def query_cmd(
    obj: Context, sql: str, fmt: str, output: str | None, timeout: str, max_rows: int
) -> None:
    """Run one read-only SQL statement (a query; writes are refused on both backends).

    Rows are written as they come. Exit status 1 when the statement is refused or fails or
    a limit stops it (the output is then incomplete), 130 on Ctrl-C.
    """
    limits = query.Limits(timeout=_duration(timeout), max_rows=max_rows or None)
    engine: Engine | None = None
    try:
        engine = obj.read_engine()
        with query.run(engine, sql, limits) as running:
            # The file is opened once the statement is accepted: a refused one leaves none.
            with _output(output) as out:
                rows = query.write(running, fmt, out)
            if running.limited:
                raise click.ClickException(running.limit_message())
    except query.QueryCancelled as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(130)
    except KeyboardInterrupt:  # before the statement started (connecting, checking)
        click.echo("Error: cancelled (Ctrl-C)", err=True)
        sys.exit(130)
    except query.QueryError as exc:
        raise click.ClickException(str(exc)) from exc
    except BrokenPipeError:  # `| head` has read enough: the statement was closed above
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    finally:
        if engine is not None:
            engine.dispose()
    if output:
        click.echo(f"wrote {rows} rows to {output}", err=True)


@main.command()
def indicators() -> None:
    """List the indicator catalog: codes, names, family, unit."""
    rows = [(i.code, i.name_zh, i.name_en, i.family, i.unit) for i in catalog.INDICATORS]
    click.echo(tables.render(("code", "name_zh", "name_en", "family", "unit"), rows, max_width=50))


@main.command("dictionary")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
def dictionary_cmd(output: str | None) -> None:
    """Print the data dictionary of every view and column (Markdown)."""
    from edureports import dictionary

    out = dictionary.markdown()
    if output:
        Path(output).write_text(out, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(out, nl=False)


# --- comparisons ------------------------------------------------------------------------


@main.command("compare")
@click.argument("topic", type=click.Choice(compare.TOPICS))
@click.option("--year", type=int, help="Only this year.")
@click.option("--province", help="Only bureaus in this province (山西 or 山西省).")
@click.option("--prefecture", help="Only bureaus in this prefecture (长治 or 长治市).")
@click.option("--bureau", help="Only this bureau (黎城县 or 黎城县教育体育局).")
@click.option(
    "--format", "fmt", type=click.Choice(compare.FORMATS), default="table", show_default=True
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--labels",
    type=click.Choice(compare.LABELS),
    default="en",
    show_default=True,
    help="Export headers: the view's column names (en) or Chinese headers with units (zh).",
)
@click.option(
    "--bom/--no-bom",
    default=None,
    help="UTF-8 byte-order mark in CSV, for Excel [default: on for -o FILE, off on stdout].",
)
@pass_ctx
def compare_cmd(
    obj: Context,
    topic: str,
    year: int | None,
    province: str | None,
    prefecture: str | None,
    bureau: str | None,
    fmt: str,
    output: str | None,
    labels: str,
    bom: bool | None,
) -> None:
    """Compare enrolment, consolidation or funding across bureaus and years.

    Says on stderr which stored names a filter matched and which figures the comparison
    left out because their report lacks a bureau, a year or a region.
    """
    try:
        result = compare.run(
            obj.read_engine(),
            topic,
            year=year,
            province=province,
            prefecture=prefecture,
            bureau=bureau,
        )
    except filters.NoMatch as exc:
        raise click.ClickException(str(exc)) from exc
    for line in result.matched.widened():
        click.echo(f"matched {line}", err=True)
    _emit_comparison(topic, result.frame, fmt, output, labels=labels, bom=bom)
    _echo_left_out(result.left_out)


def _echo_left_out(left_out: Any) -> None:
    message = left_out.message()
    if message:
        click.echo(message, err=True)


def _emit_comparison(
    topic: str,
    frame: Any,
    fmt: str,
    output: str | None,
    *,
    labels: str = "en",
    bom: bool | None = None,
) -> None:
    if fmt == "table":
        shown = compare.for_display(frame, topic)
        out = tables.render(list(shown.columns), list(shown.itertuples(index=False, name=None)))
        if output:
            Path(output).write_text(out + "\n", encoding="utf-8")
        else:
            click.echo(out)
        return
    try:
        text_out = compare.export(frame, fmt, output, topic=topic, labels=labels, bom=bom)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if text_out is not None:
        click.echo(text_out)
    else:
        click.echo(f"wrote {len(frame)} rows to {output}", err=True)


@main.command()
@click.option(
    "--file",
    "path",
    default="edureports-demo.db",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The SQLite file to (re)create.",
)
def demo(path: str) -> None:
    """Load the bundled sample reports into a fresh SQLite file and compare them."""
    target = Path(path)
    if target.exists():
        target.unlink()
    engine = db.make_engine(f"sqlite:///{target}")
    db.upgrade(engine)
    folder = resources.files("edureports").joinpath("samples")
    files = sorted(Path(str(p)) for p in folder.iterdir() if str(p).endswith(".txt"))
    outcomes = list(load_paths(engine, files))
    for o in outcomes:
        if o.status == "failed":
            click.echo(f"error: {o.message}", err=True)
    loaded = sum(o.status == "loaded" for o in outcomes)
    click.echo(f"loaded {loaded} sample reports into {target}\n")
    columns, rows = reports.list_reports(engine)
    click.echo(tables.render(columns, rows))
    for topic in compare.TOPICS:
        click.echo(f"\n== compare {topic} ==")
        result = compare.run(engine, topic)
        _emit_comparison(topic, result.frame, "table", None)
        _echo_left_out(result.left_out)
    click.echo(f"\nexplore: edureports --db sqlite:///{target} show 1")
    if any(o.status == "failed" for o in outcomes):
        sys.exit(1)


@main.command("accuracy")
@click.option(
    "--corpus",
    default="accuracy/corpus/dev",
    show_default=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of the texts.",
)
@click.option(
    "--gold",
    default="accuracy/gold/dev",
    show_default=True,
    type=click.Path(exists=True, file_okay=False),
    help="Folder of the gold files.",
)
@click.option(
    "--baseline",
    default="accuracy/baseline.toml",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The recorded values to compare with.",
)
@click.option("--record", is_flag=True, help="Write the values of this run to --baseline.")
@click.option(
    "--docs",
    type=click.Path(exists=True, dir_okay=False),
    help="With --record: also rewrite the table of this Markdown file (docs/accuracy.md).",
)
@click.option("--details", is_flag=True, help="Also list every miss, wrong figure and field.")
@click.option("--check", is_flag=True, help="Exit 1 when a metric fell below its record.")
def accuracy_cmd(
    corpus: str,
    gold: str,
    baseline: str,
    record: bool,
    docs: str | None,
    details: bool,
    check: bool,
) -> None:
    """Score the parser against the gold annotations of a corpus (no database needed)."""
    result = accuracy.run(Path(corpus), Path(gold))
    recorded = accuracy.read_baseline(Path(baseline)) if Path(baseline).exists() else {}
    if details:
        for f in result.findings:
            click.echo(f"{f.kind.upper():12} {f.doc}  {f.detail}")
        click.echo()
    rows = [
        [
            name,
            round(r.value, 4),
            f"{r.hits}/{r.total}",
            recorded.get(name),
            round(r.value - recorded[name], 4) if name in recorded else None,
        ]
        for name, r in result.metrics.items()
    ]
    click.echo(tables.render(["metric", "value", "hits/total", "recorded", "change"], rows))
    if record:
        accuracy.record(result, Path(baseline), Path(docs) if docs else None)
        click.echo(f"\nrecorded in {baseline}" + (f" and {docs}" if docs else ""))
        return
    falls = accuracy.regressions(result, recorded) if recorded else []
    for line in falls:
        click.echo(f"below record: {line}", err=True)
    if check and (falls or not recorded):
        sys.exit(1)


# --- web view and charts ------------------------------------------------------------------


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--snapshot",
    "snapshot_path",
    type=click.Path(dir_okay=False),
    help="PostgreSQL: copy the database into this SQLite file first and serve the copy "
    "(default: edureports-snapshot.db here).",
)
@pass_ctx
def serve_cmd(obj: Context, host: str, port: int, snapshot_path: str | None) -> None:
    """Browse the database in a web browser (Datasette, read-only), described from the
    data dictionary, with canned queries and charts."""
    try:
        from edureports import serve
    except ImportError as exc:  # the web extra is not installed
        raise click.ClickException(
            f"serve needs the web extra ({exc.name} is missing): pip install 'edureports[web]'"
        ) from exc
    engine = obj.read_engine()
    if engine.dialect.name == "postgresql":
        target = Path(snapshot_path or "edureports-snapshot.db")
        click.echo(
            f"copying {db.describe(engine)} into {target} (Datasette reads SQLite) ...", err=True
        )
        path = serve.snapshot(engine, target)
    else:
        try:
            path = serve.sqlite_path(obj.url)
        except serve.NotServable as exc:
            raise click.ClickException(str(exc)) from exc
    engine.dispose()
    click.echo(f"serving {path} read-only at http://{host}:{port}/ (Ctrl-C stops)", err=True)
    serve.run(path, host, port)


@main.command("chart")
@click.argument("kind", type=click.Choice(charts.KINDS))
@click.option("--indicator", metavar="CODE", help="Indicator code (edureports indicators).")
@click.option("--bureau", "bureaus", multiple=True, help="A bureau (canonical name); repeat.")
@click.option("--year", type=int, help="The year (ranking; funding: only this year).")
@click.option("--province", help="Only bureaus in this province.")
@click.option(
    "--role",
    type=click.Choice(("review", "plan")),
    default="review",
    show_default=True,
    help="funding: reviewed or planned amounts.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False),
    help="FILE.html (self-contained), .svg, .png or .json (the Vega-Lite spec).",
)
@pass_ctx
def chart_cmd(
    obj: Context,
    kind: str,
    indicator: str | None,
    bureaus: tuple[str, ...],
    year: int | None,
    province: str | None,
    role: str,
    output: str,
) -> None:
    """Draw a comparison: trend (an indicator across years, with the national value),
    ranking (bureaus in one year), funding (by category), plan (plan against actual)."""
    try:
        drawn = charts.build(
            obj.read_engine(),
            kind,
            indicator=indicator,
            bureaus=bureaus,
            year=year,
            province=province,
            role=role,
        )
        drawn.save(output)
    except charts.ChartError as exc:
        raise click.ClickException(str(exc)) from exc
    except ImportError as exc:  # the web extra is not installed
        raise click.ClickException(
            f"chart needs the web extra ({exc.name} is missing): pip install 'edureports[web]'"
        ) from exc
    click.echo(f"wrote {output}: {drawn.title}", err=True)


if __name__ == "__main__":
    main()
