"""Summary tables: the counted figures and the picked values, stored, kept equal to their one
definition by refreshing only the bureaus and years a change touched.

The comparison views computed the counting rules (SPEC §5) from `observation` at query time:
a window over every counted figure, then a pick or sum per bureau x indicator x year x role.
At 10,000 reports two SQLite views took a second. Now the rules are run into two tables and
the views read them (v_counted_figures, v_indicator_values and everything above them):

- `counted_figure` = sql/summaries/counted_figure.sql (the ranking of reports per series and
  the part/total flags), one row per counted observation, without names;
- `picked_value` = sql/summaries/picked_value.sql over counted_figure, one row per
  bureau x indicator x year x role (v_indicator_values);
- `catalog_value` = sql/summaries/catalog_value.sql over counted_figure, one row per
  bureau x indicator x year x role x school level (v_catalog_values, the views by topic,
  v_standards);
- `report_count` = sql/summaries/report_count.sql, one row per report: what v_reports
  counts in it (sections, figures by family and kind). Keyed by report, not by bureau x
  year: `keys_of` remembers the reports it was asked about (`Keys.reports`), and `refresh`
  recomputes their rows with one upsert (a deleted report's row goes with it, ON DELETE
  CASCADE). Revision 0012.

**One definition.** Those two files are the only statement of the rules. `rebuild` runs
them whole; `refresh` runs the same text with a key filter (`{keys}`) pushed into the
indexed scan of the base tables. `sync` (called at head by schema_sync) rebuilds when the
files' hash differs from the one recorded in schema_object: an upgrade from revision 0009
fills the tables there, and a change of the rules re-derives every row. A versioned revision
never reads these files (ARCHITECTURE.md, "Views under Alembic").

**Why a bureau and some of its years are enough (correctness).**

1. A series (bureau x indicator x year x role x level x category) lies within one
   bureau x year, and so does a group of picked_value and of catalog_value. Recomputing every series of a
   bureau x year from the base tables gives that key's rows exactly, whatever other keys hold.
2. One cross-key dependency: a part's total_counted and total_in_series depend on whether its
   total counts. A total is in the part's report, so in the same bureau, but possibly in
   another year. `refresh` therefore closes each bureau's years under the part-total links
   of that bureau's countable figures (both ways: a part in a refreshed year needs its
   total's year, a total in a refreshed year makes its parts' years stale). Restricted to a
   closed set of years, the definition sees every total of every part it returns, and no
   row outside the set can change.
3. A change's keys are those of the reports it touched before AND after it (`keys_of`
   before the change, again after, `merge`): a reparse may move a report to another bureau
   or year (`reparse --bureau/--year`), a delete leaves only the before. Reports that did
   not change keep their keys, so their rows outside the refreshed keys stay valid.
4. Everything runs inside the caller's transaction: the change and its refresh commit or
   roll back together.

**Concurrency (PostgreSQL).** Two loaders of the same bureau x year would each recompute
the key from a snapshot without the other's uncommitted report, and the later commit would
lose the earlier one's figures. So `refresh` first takes a transaction-scoped advisory lock
per bureau, all of them in ascending bureau id order (no deadlock between refreshers), and
only then reads: under READ COMMITTED each later statement sees what the previous lock
holder committed. The lock is taken at the end of the change's transaction, after all its
other writes, and while holding it a refresh only touches summary rows of its own bureaus,
which nobody else touches without the lock: no cycle with the loaders' row locks.
`keys_of(..., lock=True)` locks the report row first, so two reparses or deletes of one
report cannot both read its old keys. `rebuild` takes an EXCLUSIVE lock on both tables.
SQLite serialises writers: a refresh runs after the transaction's first write, holding the
write lock.

**Cost.** Per bureau: the link query and four statements (delete, fill, for each table),
each an index range over that bureau's reports (ix_observation_counted leads with
report_id, the summaries with bureau_id): linear in the bureaus and years touched.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import Connection, TextClause, delete, insert, select, text, update

from edureports import driver
from edureports.models import CatalogValue, CountedFigure, PickedValue, ReportCount, SchemaObject

# The summaries of bureau x years, in fill order: the others read counted_figure.
SUMMARIES: tuple[str, ...] = ("counted_figure", "picked_value", "catalog_value")
# The summaries of single reports (refreshed for Keys.reports).
PER_REPORT: tuple[str, ...] = ("report_count",)
EVERY: tuple[str, ...] = SUMMARIES + PER_REPORT
# The record of the definitions' hash in schema_object (kind 'summary').
RECORD = "summaries"
# First key of the two-key advisory lock: "edrs" (the bureau id is the second).
LOCK_CLASS = 0x65647273

# The key filter of each definition for one bureau and some of its years.
_KEY_FILTER = {
    "counted_figure": "AND r.bureau_id = :bureau_id AND p.year IN :years",
    "picked_value": "AND f.bureau_id = :bureau_id AND f.year IN :years",
    "catalog_value": "AND f.bureau_id = :bureau_id AND f.year IN :years",
    "report_count": "AND r.id IN :reports",
}
_TABLES = {
    "counted_figure": CountedFigure.__table__,
    "picked_value": PickedValue.__table__,
    "catalog_value": CatalogValue.__table__,
    "report_count": ReportCount.__table__,
}
_COLUMNS = {name: [c.name for c in table.columns] for name, table in _TABLES.items()}

# The terms of ix_observation_counted (models.COUNTED_WHERE) on alias o, word for word, so
# that SQLite reads the figures of a few reports from that partial index.
_COUNTABLE = (
    "o.measure = 'level' AND o.status <> 'redacted' AND o.value IS NOT NULL"
    " AND o.repeat_of_id IS NULL AND o.role IS NOT NULL AND o.indicator_code <> 'unclassified'"
)


class Keys(dict[int, set[int]]):
    """Bureau id -> years, and the ids of the reports they were read from (`reports`: the
    rows of the per-report summaries to recompute)."""

    def __init__(self, *args: object, reports: Iterable[int] = ()) -> None:
        super().__init__(*args)
        self.reports: set[int] = set(reports)


# The bureau x years of the countable figures of some reports (parameter ids).
_KEYS = (
    "SELECT DISTINCT r.bureau_id, p.year FROM observation o "
    "JOIN report r ON r.id = o.report_id JOIN period p ON p.id = o.period_id "
    f"WHERE o.report_id IN :ids AND {_COUNTABLE} AND r.bureau_id IS NOT NULL"
)
# The (part year, total year) pairs of a bureau's countable figures whose total is in
# another year (parameter bureau_id).
_LINKS = (
    "SELECT DISTINCT p.year, tp.year FROM report r "
    "JOIN observation o ON o.report_id = r.id "
    "JOIN period p ON p.id = o.period_id "
    "JOIN observation t ON t.id = o.total_id "
    "JOIN period tp ON tp.id = t.period_id "
    f"WHERE r.bureau_id = :bureau_id AND o.total_id IS NOT NULL AND {_COUNTABLE} "
    "AND p.year <> tp.year"
)


@cache
def definition(name: str) -> str:
    """The SQL of one summary (a SELECT with a `{keys}` placeholder in its base WHERE)."""
    return resources.files("edureports.sql").joinpath("summaries", f"{name}.sql").read_text("utf-8")


def definition_hash() -> str:
    digest = hashlib.sha256()
    for name in EVERY:
        digest.update(definition(name).encode("utf-8"))
    return digest.hexdigest()


def _uncommented(sql: str) -> str:
    return "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))


@cache
def query(name: str, *, restricted: bool) -> str:
    """The definition as a SELECT over everything, or over one bureau's years
    (parameters bureau_id and years)."""
    sql = _uncommented(definition(name))  # comments may name the placeholder
    return sql.replace("{keys}", _KEY_FILTER[name] if restricted else "")


def _insert_sql(name: str, *, restricted: bool) -> str:
    """The INSERT filling the table `name` from its definition; a per-report summary's
    restricted form is an upsert (one statement whether the report's row exists or not)."""
    columns = _COLUMNS[name]
    sql = f"INSERT INTO {name} ({', '.join(columns)})\n{query(name, restricted=restricted)}"
    if restricted and name in PER_REPORT:
        key = _TABLES[name].primary_key.columns.keys()[0]
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c != key)
        sql += f"\nON CONFLICT ({key}) DO UPDATE SET {updates}"
    return sql


@cache
def _fill(name: str) -> TextClause:
    """The unrestricted _insert_sql as a statement (built once per process), for rebuild."""
    return text(_insert_sql(name, restricted=False))


def keys_of(connection: Connection, report_ids: Iterable[int], *, lock: bool = False) -> Keys:
    """The bureau x years the countable figures of these reports fall in, as stored now.

    lock=True first locks the reports' rows (PostgreSQL), for a change that reads the keys
    before it changes the reports (reparse, delete).
    """
    ids = sorted(set(report_ids))
    if not ids:
        return Keys()
    if lock and connection.dialect.name == "postgresql":
        locking = "SELECT id FROM report WHERE id IN :ids ORDER BY id FOR UPDATE"
        driver.run(connection, locking, {"ids": ids}).fetchall()
    keys = Keys(reports=ids)
    for bureau_id, year in driver.run(connection, _KEYS, {"ids": ids}).fetchall():
        keys.setdefault(bureau_id, set()).add(year)
    return keys


def merge(*many: Mapping[int, Iterable[int]]) -> Keys:
    """The union of several key sets (before and after a change), and of their reports."""
    keys = Keys()
    for one in many:
        keys.reports.update(getattr(one, "reports", ()))
        for bureau_id, years in one.items():
            keys.setdefault(bureau_id, set()).update(years)
    return keys


def _closed(years: Iterable[int], links: Iterable[tuple[int, int]]) -> set[int]:
    """`years` closed under the (part year, total year) links."""
    links = list(links)
    closed = set(years)
    grown = True
    while grown:
        grown = False
        for part_year, total_year in links:
            if (part_year in closed) != (total_year in closed):
                closed.update((part_year, total_year))
                grown = True
    return closed


def refresh(
    connection: Connection, keys: Mapping[int, Iterable[int]], reports: Iterable[int] = ()
) -> None:
    """Recompute the summary rows of these bureaus and years (and the years part-total links
    tie to them) and of the reports (`reports`, and those `keys_of` read the keys from),
    inside the caller's transaction. Call it after the change, with the keys of the changed
    reports before and after it (`keys_of`, `merge`)."""
    ids = sorted(set(reports) | set(getattr(keys, "reports", ())))
    wanted = {b: set(y) for b, y in keys.items() if y}
    if connection.dialect.name == "postgresql":
        _refresh_pipelined(connection, wanted, reports=ids)
        return
    _refresh_sqlite(connection, wanted, ids)


def _refresh_sqlite(
    connection: Connection, wanted: dict[int, set[int]], reports: list[int]
) -> None:
    """refresh on SQLite, through the driver (edureports.driver: SQLAlchemy's per-execution
    work was ~40 % of the refresh of one loaded report). The caller's transaction has
    written, so it holds the database's one write lock: no other refresher can interleave
    (PostgreSQL takes advisory locks)."""
    _, links_sql, statements, per_report = _statements("sqlite")
    for sql in per_report if reports else ():
        driver.run(connection, sql, {"reports": reports})
    for bureau_id in sorted(wanted):
        links = driver.run(connection, links_sql, {"bureau_id": bureau_id}).fetchall()
        values = {"bureau_id": bureau_id, "years": sorted(_closed(wanted[bureau_id], links))}
        for sql in statements:
            driver.run(connection, sql, values)


# PostgreSQL only: the bureau's figures read by report id from the index that leads with
# it, whatever the statistics say. Before a fresh database's first VACUUM the planner can
# take the partial index ix_observation_counted for empty and scan all of it for one
# bureau (5.5 ms instead of 0.6 at 300 reports). Same rows: r.id = o.report_id.
_PG_DRIVE = " AND o.report_id = ANY(ARRAY(SELECT id FROM report WHERE bureau_id = :bureau_id))"


@cache
def _statements(dialect: str) -> tuple[str, str, list[str], list[str]]:
    """The key query, the link query, the deletes then fills of one bureau's years, and the
    upserts of the per-report summaries; for PostgreSQL with _PG_DRIVE, in psycopg's
    parameters (the pipeline sends them to the driver's cursors directly)."""
    postgresql = dialect == "postgresql"
    drive = _PG_DRIVE if postgresql else ""
    statements = [
        f"DELETE FROM {name} WHERE bureau_id = :bureau_id AND year IN :years"
        for name in reversed(SUMMARIES)
    ]
    for name in SUMMARIES:
        sql = _insert_sql(name, restricted=True)
        if name == "counted_figure":
            sql = sql.replace(_KEY_FILTER[name], _KEY_FILTER[name] + drive)
        statements.append(sql)
    per_report = [_insert_sql(name, restricted=True) for name in PER_REPORT]
    keys, links = _KEYS, _LINKS + drive
    if not postgresql:
        return keys, links, statements, per_report
    psycopg = driver.for_psycopg
    return psycopg(keys), psycopg(links), [*map(psycopg, statements)], [*map(psycopg, per_report)]


def refresh_report(connection: Connection, report_id: int, bureau_id: int | None) -> None:
    """refresh after a report was stored (load): the keys are its bureau and the years of its
    countable figures, and the report itself. On PostgreSQL the key query joins the first
    pipeline (a report without a bureau has no keys: keys_of leaves such figures out)."""
    if connection.dialect.name != "postgresql":
        refresh(connection, keys_of(connection, [report_id]))
    elif bureau_id is None:
        _refresh_pipelined(connection, {}, reports=[report_id])
    else:
        _refresh_pipelined(connection, {bureau_id: set()}, reports=[report_id], load=True)


def _refresh_pipelined(
    connection: Connection, wanted: dict[int, set[int]], reports: list[int], load: bool = False
) -> None:
    """refresh on PostgreSQL in two round trips instead of ten or more per bureau: the locks
    and link queries (and for a load the key query of its report) in one pipeline, then
    every delete, fill and upsert in another. Same statements, same order, same transaction
    as the portable path.

    Never prepared (prepare=False; psycopg would prepare them after five runs): a prepared
    statement keeps the generic plan made when it was prepared, and a load into a fresh
    database prepares them while the tables are empty, then scans whole tables with those
    plans (1.5-2 ms a statement at 300 reports, growing with the data). Planned each time,
    they cost ~0.2-0.4 ms of planning each and fit the data as it grows."""
    keys_sql, links_sql, statements, per_report = _statements("postgresql")
    raw = driver.dbapi(connection)
    bureaus = sorted(wanted)
    report_id = reports[0] if load else None
    writer = raw.cursor()
    readers = [raw.cursor() for _ in range(len(bureaus) + 1)]  # one per result read back
    try:
        if bureaus:
            _pipeline_locks_and_links(
                connection, writer, readers, bureaus, links_sql, keys_sql, report_id
            )
        if report_id is not None:
            for bureau_id, year in readers[-1].fetchall():
                wanted.setdefault(bureau_id, set()).add(year)
        params = [
            {"bureau_id": b, "years": sorted(_closed(wanted[b], reader.fetchall()))}
            for b, reader in zip(bureaus, readers, strict=False)
            if wanted[b]
        ]
        if not params and not reports:
            return
        with driver.pipeline(connection):
            for sql in per_report if reports else ():
                writer.execute(sql, {"reports": reports}, prepare=False)
            for values in params:
                for sql in statements:
                    writer.execute(sql, values, prepare=False)
    finally:
        for cursor in (writer, *readers):
            cursor.close()


def _pipeline_locks_and_links(
    connection: Connection,
    writer: Any,
    readers: list[Any],
    bureaus: list[int],
    links_sql: str,
    keys_sql: str,
    report_id: int | None,
) -> None:
    """The first pipeline: each bureau's advisory lock, then (for a load) its report's keys
    and each bureau's part-total links, read after the locks are held."""
    with driver.pipeline(connection):
        for bureau_id in bureaus:  # ascending: no deadlock between refreshers
            writer.execute(
                "SELECT pg_advisory_xact_lock(%(c)s, %(b)s)", {"c": LOCK_CLASS, "b": bureau_id}
            )
        if report_id is not None:
            readers[-1].execute(keys_sql, {"ids": [report_id]}, prepare=False)
        for bureau_id, reader in zip(bureaus, readers, strict=False):
            reader.execute(links_sql, {"bureau_id": bureau_id}, prepare=False)


def rebuild(connection: Connection, names: tuple[str, ...] = EVERY) -> None:
    """Recompute every row of these summaries (all by default) from scratch, inside the
    caller's transaction."""
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE"))
    for name in reversed(names):
        connection.execute(delete(_TABLES[name]))
    for name in names:
        connection.execute(_fill(name))


def sync(connection: Connection) -> bool:
    """Rebuild when the definitions changed since the last rebuild (or none was recorded:
    an upgrade from before revision 0010); True if it rebuilt. Called at head."""
    digest = definition_hash()
    recorded = connection.scalar(
        select(SchemaObject.sha256).where(
            SchemaObject.name == RECORD, SchemaObject.kind == "summary"
        )
    )
    if recorded == digest:
        return False
    rebuild(connection)
    if recorded is None:
        connection.execute(insert(SchemaObject).values(name=RECORD, kind="summary", sha256=digest))
    else:
        connection.execute(
            update(SchemaObject)
            .where(SchemaObject.name == RECORD, SchemaObject.kind == "summary")
            .values(sha256=digest)
        )
    return True


def from_scratch(name: str) -> str:
    """A SELECT of what the summary `name` must hold, computed from the base tables alone
    (the others over counted_figure's definition, not over the stored table)."""
    sql = query(name, restricted=False)
    if name != "counted_figure":
        counted = query("counted_figure", restricted=False)
        sql = sql.replace(
            "WITH picked AS (", f"WITH counted_figure AS ({counted}),\npicked AS (", 1
        )
    return sql


def differences(connection: Connection) -> dict[str, tuple[int, int]]:
    """Rows in which each summary table differs from its definition run from scratch:
    {name: (rows only in the table, rows only from scratch)}; empty when all agree. Values
    are compared to 6 decimals (a sum's last bit depends on the order of addition)."""
    found: dict[str, tuple[int, int]] = {}
    for name in EVERY:
        columns = ", ".join(
            f"ROUND(CAST({c} AS NUMERIC), 6)" if c in ("value", "summed") else c
            for c in _COLUMNS[name]
        )
        fresh = from_scratch(name)
        counts = []
        for first, second in ((name, f"({fresh}) f"), (f"({fresh}) f", name)):
            counts.append(
                connection.scalar(
                    text(
                        f"SELECT COUNT(*) FROM (SELECT {columns} FROM {first} "
                        f"EXCEPT SELECT {columns} FROM {second}) d"
                    )
                )
            )
        if any(counts):
            found[name] = (int(counts[0] or 0), int(counts[1] or 0))
    return found
