"""ParsedReport -> rows, one transaction per report, idempotent by the text's sha256."""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from edureports import driver, summaries
from edureports.loaders import LoadError, RawDocument, read_document
from edureports.loaders.base import DEFAULT_MAX_SIZE
from edureports.models import Observation, Report, Section
from edureports.parse import PARSER_VERSION, ParsedReport, parse, parse_text
from edureports.parse import Period as ParsedPeriod
from edureports.parse.clean import clean_text
from edureports.parse.metadata import bureau_from_name
from edureports.parse.report import NotAReportError, with_file_name

# Decimal points and per cent signs stay: 1.5万元 and 15万元 are different reports.
_NOT_CONTENT = re.compile(r"[^\w.%]+|_+")


def text_sha256(text: str) -> str:
    """The identity of a report: sha256 of its normalised text reduced to its words.

    Whitespace, punctuation and symbols are left out, so that the same report saved as
    txt, HTML, Word or PDF (whose extractors differ in spacing and drop a · or •) is
    recognised as the same report and stored once.
    """
    return hashlib.sha256(_NOT_CONTENT.sub("", text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class LoadOutcome:
    """What happened to one file: loaded, skipped (already present) or failed."""

    path: str
    status: str  # loaded | skipped | failed
    report_id: int | None = None
    message: str = ""
    parsed: ParsedReport | None = None


def with_overrides(hints: dict[str, str], bureau: str | None, year: int | None) -> dict[str, str]:
    """The hints stored with a report: the file's own plus the user's --bureau/--year."""
    stored = dict(hints)
    if bureau:
        stored["override_bureau"] = bureau
    if year is not None:
        stored["override_year"] = str(year)
    return stored


def split_overrides(stored: dict[str, str]) -> tuple[dict[str, str], str | None, int | None]:
    """Stored hints back into (file hints, bureau override, year override), for reparse."""
    hints = {k: v for k, v in stored.items() if not k.startswith("override_")}
    year = stored.get("override_year")
    return hints, stored.get("override_bureau"), int(year) if year else None


@dataclass(frozen=True)
class AlreadyStored:
    """A file whose text is already stored: found before parsing it (a resumed load)."""

    report_id: int


def stored_report_id(engine: Engine, sha: str) -> int | None:
    """The id of the report stored with this text_sha256, if any (one index look-up).

    On PostgreSQL outside a transaction: one round trip instead of three (BEGIN, the
    look-up, ROLLBACK), for every file a load reads, against a server that may be remote."""
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.execution_options(isolation_level="AUTOCOMMIT")
        found = driver.run(connection, "SELECT id FROM report WHERE sha256 = :sha", {"sha": sha})
        row = found.fetchone()
    return None if row is None else row[0]


def parse_file(
    path: str | Path,
    *,
    bureau: str | None = None,
    year: int | None = None,
    max_size: int = DEFAULT_MAX_SIZE,
    stored_in: Engine | None = None,
) -> tuple[RawDocument, ParsedReport | AlreadyStored, str]:
    """Read and parse one file: (document, parsed report, text_sha256 of its stored text).
    Every failure is a LoadError with a one-line reason.

    With stored_in, a file whose cleaned text that database already holds is not parsed:
    a load killed half-way and run again reads each stored file once more (to know its
    text) but parses only the rest. A look-up that fails is not an error of the file: it
    is then parsed, and storing it says what is wrong with the database.
    """
    doc = read_document(path, max_size=max_size)
    try:
        cleaned = clean_text(doc.text)
        sha = text_sha256(cleaned)
        if stored_in is not None:
            try:
                found = stored_report_id(stored_in, sha)
            except SQLAlchemyError:
                found = None
            if found is not None:
                return doc, AlreadyStored(found), sha
        return doc, parse(doc, bureau=bureau, year=year, cleaned=cleaned), sha
    except NotAReportError as exc:
        raise LoadError(path, str(exc)) from exc
    except Exception as exc:  # a parser bug must not stop the other files
        raise LoadError(path, f"could not parse ({type(exc).__name__}: {exc})") from exc


# The look-ups and inserts a load runs for every report (edureports.driver). An insert
# that finds its row there does nothing: a concurrent loader committed it meanwhile. Looking
# up first keeps PostgreSQL sequences dense (an ON CONFLICT that does nothing still uses a
# number).
_PERIODS = "SELECT id, year, part FROM period WHERE year IN :years"
_NEW_PERIOD = "INSERT INTO period (year, part) VALUES (:year, :part) ON CONFLICT DO NOTHING"
_BUREAU = "SELECT id, region_code FROM bureau WHERE name = :name"
_NEW_BUREAU = (
    "INSERT INTO bureau (name, region_code) VALUES (:name, :region_code) ON CONFLICT DO NOTHING"
)
_BUREAU_REGION = (
    "UPDATE bureau SET region_code = :region_code WHERE id = :id AND region_code IS NULL"
)
_NEW_ALIAS = (
    "INSERT INTO bureau_alias (bureau_id, alias) VALUES (:bureau_id, :alias) ON CONFLICT DO NOTHING"
)


def _period_id(period: ParsedPeriod | None, cache: dict) -> int | None:
    """The id of a period _ensure_periods made sure of."""
    return None if period is None else cache[(period.year, period.part)]


def _bureau_id(connection: Connection, parsed: ParsedReport) -> int | None:
    meta = parsed.meta
    if not meta.bureau_name:
        return None
    found = driver.run(connection, _BUREAU, {"name": meta.bureau_name}).fetchone()
    if found is None:
        values = {"name": meta.bureau_name, "region_code": meta.region_code}
        driver.run(connection, _NEW_BUREAU, values)
        found = driver.run(connection, _BUREAU, {"name": meta.bureau_name}).fetchone()
    bureau_id, region_code = found
    if meta.region_code and region_code is None:
        driver.run(connection, _BUREAU_REGION, {"id": bureau_id, "region_code": meta.region_code})
    if meta.bureau_written and meta.bureau_written != meta.bureau_name:
        driver.run(connection, _NEW_ALIAS, {"bureau_id": bureau_id, "alias": meta.bureau_written})
    return bureau_id


def _ensure_periods(connection: Connection, parsed: ParsedReport, cache: dict) -> None:
    """Know the id of every period the report needs before its first row is written.

    The periods of the report's years are read in one query and only the missing ones are
    created, in one global order: concurrent loaders then take row
    locks in the same order (periods, bureau, report) and cannot deadlock."""
    needed = {parsed.meta.review, parsed.meta.plan}
    needed.update(s.period for s in parsed.sections)
    needed.update(f.period for f in parsed.figures)
    wanted = sorted((p.year, p.part) for p in needed if p is not None)
    missing = [key for key in wanted if key not in cache]
    if not missing:
        return
    years = sorted({year for year, _ in missing})

    def read() -> None:
        rows = driver.run(connection, _PERIODS, {"years": years}).fetchall()
        cache.update(((year, part), period_id) for period_id, year, part in rows)

    read()
    created = [key for key in missing if key not in cache]
    for year, part in created:
        driver.run(connection, _NEW_PERIOD, {"year": year, "part": part})
    if created:
        read()


def _sources(parsed: ParsedReport, stored_hints: dict[str, str]) -> dict[str, str | None]:
    """Where bureau, region and periods were decided: the parser's word, or 'override' for
    what the user's --bureau/--year (kept with the hints) set."""
    meta = parsed.meta
    _, bureau, year = split_overrides(stored_hints)
    region_overridden = bool(bureau) and bureau_from_name(bureau)[1] is not None
    return {
        "bureau_source": ("override" if bureau else meta.bureau_source)
        if meta.bureau_name
        else None,
        "region_source": ("override" if region_overridden else meta.region_source)
        if meta.region_code
        else None,
        "review_source": ("override" if year is not None else meta.review_source)
        if meta.review
        else None,
        "plan_source": ("override" if year is not None else meta.plan_source)
        if meta.plan
        else None,
    }


def _report_values(
    connection: Connection, parsed: ParsedReport, cache: dict, stored_hints: dict[str, str]
) -> dict:
    _ensure_periods(connection, parsed, cache)
    meta = parsed.meta
    return {
        **_sources(parsed, stored_hints),
        "bureau_id": _bureau_id(connection, parsed),
        "region_code": meta.region_code,
        "bureau_written": meta.bureau_written,
        "title": meta.title[:500] if meta.title else None,
        "doc_type": meta.doc_type,
        "published_on": meta.published_on,
        "index_number": meta.index_number,
        "review_period_id": _period_id(meta.review, cache),
        "plan_period_id": _period_id(meta.plan, cache),
        "parser_version": PARSER_VERSION,
    }


def _ids_by_ordinal(connection: Connection, model: type, report_id: int) -> dict[int, int]:
    return dict(
        connection.execute(
            select(model.ordinal, model.id).where(model.report_id == report_id)
        ).all()
    )


def _set_links(connection: Connection, column: str, pairs: list[tuple[int, int]]) -> None:
    """UPDATE model SET column = target WHERE id = source, for many pairs in one executemany."""
    if pairs:
        table = (Section if column == "parent_id" else Observation).__table__
        connection.execute(
            update(table)
            .where(table.c.id == bindparam("source"))
            .values({column: bindparam("target")}),
            [{"source": source, "target": target} for source, target in pairs],
        )


def _bulk_insert(connection: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    """Insert many rows in one executemany.

    On SQLite the driver's executemany is called directly (SQLAlchemy's per-row parameter
    processing costs more than SQLite's insert); PostgreSQL goes through SQLAlchemy, whose
    insertmanyvalues batching sends multi-row INSERTs to psycopg.
    """
    if connection.dialect.name != "sqlite":
        connection.execute(insert(model), rows)
        return
    columns = list(rows[0])
    sql = (
        f"INSERT INTO {model.__tablename__} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    driver.run_many(connection, sql, list(map(itemgetter(*columns), rows)))


def _section_rows(report_id: int, parsed: ParsedReport, cache: dict) -> list[dict[str, Any]]:
    """One row per parsed section, in document order; parent links are set afterwards."""
    return [
        {
            "report_id": report_id,
            "parent_id": None,
            "ordinal": s.index,
            "depth": s.depth,
            "marker": s.marker,
            "heading": s.heading,
            "char_start": s.start,
            "char_end": s.end,
            "period_id": _period_id(s.period, cache),
            "role": s.role,
        }
        for s in parsed.sections
    ]


def _observation_rows(
    report_id: int,
    parsed: ParsedReport,
    section_ids: dict[int, int],
    cache: dict,
) -> list[dict[str, Any]]:
    """One row per parsed figure, in document order; repeat and total links come after."""
    return [
        {
            "report_id": report_id,
            "ordinal": n,
            "section_id": section_ids.get(f.section) if f.section is not None else None,
            "indicator_code": f.indicator,
            "period_id": _period_id(f.period, cache),
            "role": f.role,
            "value": f.value,
            "value_high": f.value_high,
            "unit": f.unit,
            "qualifier": f.qualifier,
            "status": f.status,
            "measure": f.measure,
            "school_level": f.school_level,
            "funding_category": f.funding_category,
            "aid_programme": f.aid_programme,
            "flag": f.flag,
            "raw_text": f.raw[:200],
            "source_text": f.clause,
            "char_start": f.start,
            "char_end": f.end,
        }
        for n, f in enumerate(parsed.figures)
    ]


def _link_sections(connection: Connection, report_id: int, parsed: ParsedReport) -> dict[int, int]:
    """Section ids by ordinal, after setting every section's parent."""
    section_ids = _ids_by_ordinal(connection, Section, report_id)
    _set_links(
        connection,
        "parent_id",
        [
            (section_ids[s.index], section_ids[s.parent])
            for s in parsed.sections
            if s.parent is not None
        ],
    )
    return section_ids


def _link_figures(connection: Connection, report_id: int, parsed: ParsedReport) -> None:
    """Set repeat_of_id and total_id between the report's observations (ids read by ordinal)."""
    figures = parsed.figures
    if not any(f.repeat_of is not None or f.total_of for f in figures):
        return
    ids = _ids_by_ordinal(connection, Observation, report_id)
    _set_links(
        connection,
        "repeat_of_id",
        [(ids[n], ids[f.repeat_of]) for n, f in enumerate(figures) if f.repeat_of is not None],
    )
    _set_links(
        connection,
        "total_id",
        [(ids[part], ids[n]) for n, f in enumerate(figures) for part in f.total_of],
    )


def _allocate_ids(connection: Connection, counts: dict[type, int]) -> dict[type, list[int]]:
    """Ids for rows about to be inserted, so that the links between them (a section's parent,
    a figure's section, repeat and total) go in with the rows: no read-back, no UPDATE.

    PostgreSQL hands them out from each table's sequence, as a default would, also when
    another loader draws at the same time: every table's in one round trip. SQLite takes the
    next rowids itself: the transaction already holds the database's write lock (the report
    row is written), so no other writer can take them before the commit.
    """
    models = [m for m, n in counts.items() if n > 0]
    ids: dict[type, list[int]] = {m: [] for m in counts}
    if not models:
        return ids
    if connection.dialect.name == "postgresql":
        sequences = _sequences(connection)
        arrays = ", ".join(
            f"ARRAY(SELECT nextval('{sequences[m.__tablename__]}') "
            f"FROM generate_series(1, {int(counts[m])}))"
            for m in models
        )
        row = connection.exec_driver_sql(f"SELECT {arrays}").one()
        ids.update((m, sorted(drawn)) for m, drawn in zip(models, row, strict=True))
        return ids
    for m in models:
        last = driver.run(connection, f"SELECT COALESCE(MAX(id), 0) FROM {m.__tablename__}")
        first = last.fetchone()[0] + 1
        ids[m] = list(range(first, first + counts[m]))
    return ids


def _sequences(connection: Connection) -> dict[str, str]:
    """The sequence of each id column, by table, as PostgreSQL names it; read once per
    connection (a constant name lets nextval skip a catalog look-up per row: 0.4 ms
    instead of 2 ms for a report's ids)."""
    info = connection.connection.info
    if "edureports_sequences" not in info:
        tables = [Section.__tablename__, Observation.__tablename__]
        info["edureports_sequences"] = dict(
            connection.execute(
                text(
                    "SELECT t, pg_get_serial_sequence(t, 'id') FROM unnest(CAST(:tables AS text[])) t"
                ),
                {"tables": tables},
            ).all()
        )
    return info["edureports_sequences"]


def _write_rows(connection: Connection, model: type, rows: list[dict[str, Any]]) -> None:
    """Write new rows (ids included) in one bulk statement: COPY on PostgreSQL, one
    executemany on SQLite. Links to rows later in the same batch are allowed: PostgreSQL
    checks a COPY's foreign keys when the statement ends, SQLite at commit (deferred)."""
    if not rows:
        return
    if connection.dialect.name != "postgresql":
        _bulk_insert(connection, model, rows)
        return
    columns = list(rows[0])
    with driver.copy(
        connection, f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN"
    ) as copy:
        for row in map(itemgetter(*columns), rows):
            copy.write_row(row)


def _insert_structure(
    connection: Connection, report_id: int, parsed: ParsedReport, cache: dict
) -> None:
    """Sections, then observations, each in one bulk write with ids drawn beforehand and
    every link between rows (parent, section, repeat, total) already set: three or four
    statements per report whatever its size."""
    if connection.dialect.name == "sqlite":
        # Reset by SQLite at commit or rollback: a total may come after its parts.
        driver.run(connection, "PRAGMA defer_foreign_keys = ON")
    drawn = _allocate_ids(
        connection, {Section: len(parsed.sections), Observation: len(parsed.figures)}
    )
    section_ids = dict(zip((s.index for s in parsed.sections), drawn[Section], strict=True))
    sections = _section_rows(report_id, parsed, cache)
    for row, s in zip(sections, parsed.sections, strict=True):
        row["id"] = section_ids[s.index]
        row["parent_id"] = section_ids[s.parent] if s.parent is not None else None
    _write_rows(connection, Section, sections)
    if not parsed.figures:
        return
    figure_ids = drawn[Observation]
    totals: dict[int, int] = {
        part: figure_ids[n] for n, f in enumerate(parsed.figures) for part in f.total_of
    }
    rows = _observation_rows(report_id, parsed, section_ids, cache)
    for n, (row, f) in enumerate(zip(rows, parsed.figures, strict=True)):
        row["id"] = figure_ids[n]
        row["repeat_of_id"] = figure_ids[f.repeat_of] if f.repeat_of is not None else None
        row["total_id"] = totals.get(n)
    _write_rows(connection, Observation, rows)


def _match(old: list[tuple[int, tuple]], new: list[tuple]) -> tuple[dict[int, int], list[int]]:
    """Pair stored rows with parsed ones by key: ({new index: old id}, ids of vanished rows).

    Rows with equal keys (two sections with the same start and heading) pair in order.
    """
    pool: dict[tuple, list[int]] = {}
    for row_id, key in old:
        pool.setdefault(key, []).append(row_id)
    kept: dict[int, int] = {}
    for index, key in enumerate(new):
        ids = pool.get(key)
        if ids:
            kept[index] = ids.pop(0)
    return kept, [row_id for ids in pool.values() for row_id in ids]


def _sync_rows(
    connection: Connection,
    model: type,
    rows: list[dict[str, Any]],
    kept: dict[int, int],
    vanished: list[int],
) -> None:
    """Insert the new rows, update the kept ones in place, delete the vanished ones.

    Inserting before deleting keeps a vanished id from being handed to a new row: SQLite
    reuses the highest rowid once it is deleted.
    """
    table = model.__table__
    fresh = [row for n, row in enumerate(rows) if n not in kept]
    if fresh:
        _bulk_insert(connection, model, fresh)
    updates = [
        {"row_id": kept[n], **{k: v for k, v in row.items() if k != "report_id"}}
        for n, row in enumerate(rows)
        if n in kept
    ]
    if updates:
        connection.execute(update(table).where(table.c.id == bindparam("row_id")), updates)
    if vanished:
        connection.execute(delete(table).where(table.c.id.in_(vanished)))


def _sync_structure(
    connection: Connection, report_id: int, parsed: ParsedReport, cache: dict
) -> None:
    """Bring a stored report's sections and observations in line with a new parse, keeping
    the id of every row the parser still finds (an analyst's saved reference to a figure
    must survive `reparse`).

    A figure is the same figure when its span and raw text are; a section when its start
    and heading are. Matched rows are updated in place, vanished ones deleted, new ones
    inserted; the links between rows are then set afresh. All inside the caller's
    transaction: a failure leaves the report as it was.
    """
    old_sections = connection.execute(
        select(Section.id, Section.char_start, Section.heading)
        .where(Section.report_id == report_id)
        .order_by(Section.ordinal)
    ).all()
    old_figures = connection.execute(
        select(Observation.id, Observation.char_start, Observation.char_end, Observation.raw_text)
        .where(Observation.report_id == report_id)
        .order_by(Observation.ordinal)
    ).all()
    kept_sections, vanished_sections = _match(
        [(r.id, (r.char_start, r.heading)) for r in old_sections],
        [(s.start, s.heading) for s in parsed.sections],
    )
    kept_figures, vanished_figures = _match(
        [(r.id, (r.char_start, r.char_end, r.raw_text)) for r in old_figures],
        [(f.start, f.end, f.raw[:200]) for f in parsed.figures],
    )
    # Unlink every row and move the ordinals out of the way (negative, still unique), so
    # that deleting cascades to nothing kept and renumbering never collides.
    obs, sec = Observation.__table__, Section.__table__
    connection.execute(
        update(obs)
        .where(obs.c.report_id == report_id)
        .values(section_id=None, repeat_of_id=None, total_id=None, ordinal=-1 - obs.c.ordinal)
    )
    connection.execute(
        update(sec)
        .where(sec.c.report_id == report_id)
        .values(parent_id=None, ordinal=-1 - sec.c.ordinal)
    )
    _sync_rows(
        connection,
        Section,
        _section_rows(report_id, parsed, cache),
        kept_sections,
        vanished_sections,
    )
    section_ids = _link_sections(connection, report_id, parsed) if parsed.sections else {}
    _sync_rows(
        connection,
        Observation,
        _observation_rows(report_id, parsed, section_ids, cache),
        kept_figures,
        vanished_figures,
    )
    _link_figures(connection, report_id, parsed)


@functools.cache
def _report_insert(dialect: str) -> Any:
    """INSERT … ON CONFLICT (sha256) DO NOTHING RETURNING id, built once per dialect (the
    values are parameters): a statement built per report costs more than SQLite's insert."""
    module = postgresql if dialect == "postgresql" else sqlite
    return (
        module.insert(Report).on_conflict_do_nothing(index_elements=["sha256"]).returning(Report.id)
    )


def store_parsed(
    engine: Engine,
    parsed: ParsedReport,
    *,
    hints: dict[str, str] | None = None,
    sha: str | None = None,
) -> tuple[str, int]:
    """Store one parsed report in its own transaction: ("loaded" | "skipped", report id).

    A report whose text is already stored is skipped, also when another process stored it
    a moment ago (the unique sha256 decides, not a prior look-up).
    """
    sha = sha or text_sha256(parsed.text)
    with engine.connect() as connection:
        cache: dict = {}
        values = _report_values(connection, parsed, cache, hints or {})
        # ON CONFLICT DO NOTHING: a concurrent loader of the same text waits for the other
        # transaction and then inserts nothing, instead of failing.
        report_id = connection.execute(
            _report_insert(connection.dialect.name),
            {
                **values,
                "source_name": parsed.source_name,
                "sha256": sha,
                "text": parsed.text,
                "encoding": parsed.encoding,
                "format": parsed.format,
                "hints": json.dumps(hints or {}, ensure_ascii=False, sort_keys=True),
                "loaded_at": datetime.now(UTC).replace(tzinfo=None, microsecond=0),
            },
        ).scalar()
        if report_id is None:
            connection.rollback()
            existing = connection.scalar(select(Report.id).where(Report.sha256 == sha))
            return "skipped", existing
        try:
            _insert_structure(connection, report_id, parsed, cache)
            summaries.refresh_report(connection, report_id, values["bureau_id"])
        except BaseException:
            _abandon(connection)
            raise
        connection.commit()
    return "loaded", report_id


@contextmanager
def _transaction(engine: Engine) -> Iterator[Connection]:
    """engine.begin(), except that a failed rollback (see _abandon) never hides the error."""
    with engine.connect() as connection:
        try:
            yield connection
        except BaseException:
            _abandon(connection)
            raise
        connection.commit()


def _abandon(connection: Connection) -> None:
    """Roll back after a failure, keeping the original error: a connection interrupted mid
    pipeline or COPY (Ctrl-C) cannot send ROLLBACK, so it is closed instead, which aborts its
    transaction on the server just the same."""
    try:
        connection.rollback()
    except Exception:
        connection.invalidate()


def reparse_report(
    engine: Engine, report_id: int, *, bureau: str | None = None, year: int | None = None
) -> ParsedReport:
    """Re-derive metadata, sections and observations of one stored report from its text.

    One transaction; figures and sections the parser still finds keep their ids. bureau
    and year override detection from now on (stored with the report, as load's options
    are): the way to complete a stored report that lacks them, since loading its file again
    is skipped.
    """
    with _transaction(engine) as connection:
        old_keys = summaries.keys_of(connection, [report_id], lock=True)
        row = connection.execute(
            select(
                Report.text, Report.hints, Report.source_name, Report.format, Report.encoding
            ).where(Report.id == report_id)
        ).one()
        stored_hints = json.loads(row.hints or "{}")
        hints, old_bureau, old_year = split_overrides(stored_hints)
        bureau = bureau or old_bureau
        year = year if year is not None else old_year
        stored_hints = with_overrides(hints, bureau, year)
        parsed = parse_text(
            row.text, with_file_name(hints, row.source_name), bureau=bureau, year=year
        )
        parsed.source_name, parsed.format, parsed.encoding = (
            row.source_name,
            row.format,
            row.encoding,
        )
        cache: dict = {}
        connection.execute(
            update(Report)
            .where(Report.id == report_id)
            .values(
                **_report_values(connection, parsed, cache, stored_hints),
                hints=json.dumps(stored_hints, ensure_ascii=False, sort_keys=True),
            )
        )
        _sync_structure(connection, report_id, parsed, cache)
        summaries.refresh(
            connection, summaries.merge(old_keys, summaries.keys_of(connection, [report_id]))
        )
    return parsed


def report_ids(engine: Engine) -> list[int]:
    with engine.connect() as connection:
        return list(connection.scalars(select(Report.id).order_by(Report.id)))


def delete_report(engine: Engine, report_id: int) -> str:
    """Delete one stored report, its sections and observations, in one transaction that
    also refreshes the summaries of the bureaus and years it counted in; returns its source
    name. LookupError if there is no such report. The bureau and periods stay (other
    reports may share them; a bureau left without reports shows 0 in v_bureaus)."""
    with _transaction(engine) as connection:
        keys = summaries.keys_of(connection, [report_id], lock=True)
        name = connection.scalar(select(Report.source_name).where(Report.id == report_id))
        if name is None:
            raise LookupError(f"no report {report_id}")
        # Children first, each in one statement (their self-references go with them).
        for model in (Observation, Section):
            table = model.__table__
            connection.execute(delete(table).where(table.c.report_id == report_id))
        connection.execute(delete(Report.__table__).where(Report.__table__.c.id == report_id))
        summaries.refresh(connection, keys)
    return name
