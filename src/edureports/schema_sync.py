"""The repeatable part of every upgrade to head: catalog, regions and views.

Versioned revisions never read today's catalog, data set or sql/ files (a fresh upgrade
from base would run new SQL against an old schema). Instead, whenever the database reaches
head, this step brings the reference rows and the views in line with the installed package,
and records what it applied in the schema_object registry.

Views analysts build on ours (a `my_funding` on v_funding) are not ours to lose. A view whose
SQL hash is unchanged is left alone at head, so an upgrade at head touches none of them. When
ours must go (revisions to run, or a changed .sql), the analysts' views that use them are set
aside first (their definitions saved: on PostgreSQL with owner, comments and grants) and
re-created after ours; one that no longer works with the new views stops the upgrade with a
one-line message naming it, and the transaction leaves the database as it was. SQLite drops a
used view without a word and breaks the user later (and a batch table rebuild fails on any
broken view), so there every analyst view is checked by reading it after re-creation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, delete, insert, inspect, select, text, update
from sqlalchemy.exc import DBAPIError

from edureports import catalog, db, dictionary, readonly, regions, summaries, views
from edureports.models import Indicator, IndicatorStandard, Region, SchemaObject


class DependentViewsError(db.MigrationError):
    """Views we do not own use views a migration must change, and would not survive it."""


@dataclass(frozen=True)
class SavedView:
    """A view someone else made on ours: how to make it again, exactly as it was."""

    name: str  # as SQL names it (PostgreSQL: schema-qualified, quoted where needed)
    statements: tuple[str, ...]  # CREATE, then owner, comments and grants (PostgreSQL)


@dataclass
class Prepared:
    """What the step before the revisions did: our views it dropped, others' it set aside."""

    dropped: set[str] = field(default_factory=set)
    saved: list[SavedView] = field(default_factory=list)
    grants: list[str] = field(default_factory=list)  # others' grants on our dropped views


def view_names() -> set[str]:
    return set(views.VIEWS)


def _recorded(connection: Connection) -> dict[str, str]:
    if not inspect(connection).has_table(SchemaObject.__tablename__):
        return {}
    rows = connection.execute(
        select(SchemaObject.name, SchemaObject.sha256).where(SchemaObject.kind == "view")
    )
    return {name: sha for name, sha in rows}


def _existing_views(connection: Connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        return set(inspect(connection).get_view_names(schema=db.VIEW_SCHEMA))
    return set(inspect(connection).get_view_names())


def _mentions(sql: str, name: str) -> bool:
    return re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", sql, re.IGNORECASE) is not None


def _with_dependents(names: set[str]) -> set[str]:
    """Our views that use any of `names`, directly or not (read from our own SQL)."""
    result = set(names)
    for name in views.available():  # creation order: a view uses only earlier ones
        if name not in result and any(_mentions(views.read_sql(name), n) for n in result):
            result.add(name)
    return result


def stale_views(connection: Connection) -> set[str]:
    """Our views to (re-)create at head: changed SQL, never recorded, missing, obsolete, and
    every one of ours that uses one of those."""
    recorded = _recorded(connection)
    existing = _existing_views(connection)
    available = views.available()
    stale = {n for n in available if recorded.get(n) != views.sql_hash(n) or n not in existing}
    obsolete = {n for n in recorded if n not in available and n in existing}
    return _with_dependents(stale) | obsolete


def prepare(connection: Connection, revisions: bool) -> Prepared:
    """Before the revisions: drop what must be re-made (everything of ours when revisions
    run), after setting aside the views of others that use it."""
    ours = list(views.VIEWS)
    recorded = _recorded(connection)
    doomed = set(ours) | set(recorded) if revisions else stale_views(connection)
    existing = _existing_views(connection)
    doomed &= existing | set(recorded)
    grants: list[str] = []
    if connection.dialect.name == "postgresql":
        saved, more = _pg_dependents(connection, doomed & existing)
        doomed |= more
        grants = _pg_own_grants(connection, doomed & existing)
    else:
        saved = _sqlite_dependents(connection, doomed, every=revisions)
    _drop_saved(connection, saved)
    order = [n for n in recorded if n not in ours] + ours
    try:
        views.drop(connection, [n for n in order if n in doomed])
    except DBAPIError as exc:
        raise DependentViewsError(
            f"migration stopped, nothing changed: cannot drop the edureports views: {_reason(exc)}"
        ) from exc
    return Prepared(dropped=doomed, saved=saved, grants=grants)


def apply(connection: Connection, prepared: Prepared | None = None) -> None:
    sync_indicators(connection)
    sync_standards(connection)
    sync_regions(connection)
    # The summary tables the views read: rebuilt when their definitions changed (or were
    # never run: an upgrade through revision 0010).
    summaries.sync(connection)
    if prepared is None:  # called on its own: replace what is stale first
        prepared = prepare(connection, revisions=False)
    create_views(connection)
    for grant in prepared.grants:
        connection.exec_driver_sql(grant)
    if prepared.saved:
        restore(connection, prepared, at_head=True)
    names = views.available()
    # Descriptions for BI tools (Metabase, Superset read them); PostgreSQL only.
    dictionary.apply_comments(connection, names)
    # Re-created views lost their grants: give them back to the recorded read-only roles.
    readonly.grant_views(connection, names)


def restore(connection: Connection, prepared: Prepared, at_head: bool) -> None:
    """Re-create the views set aside, each in a savepoint, in as many rounds as their own
    dependencies need; any that fails stops the migration (its transaction rolls back)."""
    pending = list(prepared.saved)
    reasons: dict[str, str] = {}
    progress = True
    while pending and progress:
        progress = False
        for saved in list(pending):
            try:
                with connection.begin_nested():
                    for statement in saved.statements:
                        connection.exec_driver_sql(statement)
                    # SQLite creates a view without checking its columns: reading does.
                    connection.exec_driver_sql(f"SELECT * FROM {saved.name} LIMIT 0").close()
            except DBAPIError as exc:
                reasons[saved.name] = _reason(exc)
                continue
            pending.remove(saved)
            reasons.pop(saved.name, None)
            progress = True
    if pending:
        named = "; ".join(f"{v.name} ({reasons[v.name]})" for v in pending)
        what = (
            "would not work with the new edureports views"
            if at_head
            else "use edureports views, which exist only at the head revision"
        )
        raise DependentViewsError(
            f"migration stopped, nothing changed: views not made by edureports {what}: "
            f"{named}. Drop or adapt them, then run it again."
        )


def _reason(exc: DBAPIError) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = [line.strip() for line in str(orig).strip().splitlines() if line.strip()]
    detail = getattr(getattr(orig, "diag", None), "message_detail", None)
    if detail and detail.splitlines()[0] not in lines[:1]:
        lines = [*lines[:1], detail.splitlines()[0]]
    return ": ".join(lines[:2]) if lines else type(orig).__name__


def _drop_saved(connection: Connection, saved: list[SavedView]) -> None:
    if not saved:
        return
    if connection.dialect.name == "postgresql":
        # One statement: PostgreSQL orders the drops among the views it names itself.
        kinds: dict[str, list[str]] = {"view": [], "materialized view": []}
        for v in saved:
            kinds[
                "materialized view" if v.statements[0].startswith("CREATE MATERIALIZED") else "view"
            ].append(v.name)
        try:
            for kind, names in kinds.items():
                if names:
                    connection.exec_driver_sql(f"DROP {kind.upper()} {', '.join(names)}")
        except DBAPIError as exc:
            raise DependentViewsError(
                "migration stopped, nothing changed: views not made by edureports use ours "
                f"and cannot be set aside: {_reason(exc)}"
            ) from exc
        return
    for v in reversed(saved):
        connection.exec_driver_sql(f"DROP VIEW {v.name}")


def _sqlite_dependents(connection: Connection, doomed: set[str], every: bool) -> list[SavedView]:
    """Others' views that use the doomed ones, by name (SQLite keeps no dependency record);
    all of them when revisions run, since a table rebuild fails on any broken view."""
    ours = set(views.VIEWS) | set(_recorded(connection))
    rows = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY rowid")
    ).all()
    others = [(name, sql) for name, sql in rows if name not in ours]
    used = set(doomed)
    chosen: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for name, sql in others:
            if name not in chosen and (every or any(_mentions(sql, u) for u in used)):
                chosen[name] = sql
                used.add(name)
                changed = True
    return [SavedView(_sqlite_quote(name), (sql,)) for name, sql in others if name in chosen]


def _sqlite_quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_PG_DEPENDENTS = """
WITH RECURSIVE dependent (oid) AS (
    SELECT r.ev_class
    FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
    WHERE d.classid = CAST('pg_rewrite' AS regclass)
      AND d.refclassid = CAST('pg_class' AS regclass)
      AND d.refobjid = ANY(CAST(:targets AS oid[])) AND r.ev_class <> d.refobjid
    UNION
    SELECT r.ev_class
    FROM dependent x
    JOIN pg_depend d ON d.refobjid = x.oid
    JOIN pg_rewrite r ON r.oid = d.objid
    WHERE d.classid = CAST('pg_rewrite' AS regclass)
      AND d.refclassid = CAST('pg_class' AS regclass) AND r.ev_class <> x.oid
)
SELECT c.oid, n.nspname, c.relname, c.relkind,
       format('%I.%I', n.nspname, c.relname) AS qualified,
       pg_get_viewdef(c.oid) AS body,
       pg_get_userbyid(c.relowner) AS owner,
       c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) AS mine,
       array_to_string(c.reloptions, ', ') AS options,
       obj_description(c.oid, 'pg_class') AS comment
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.oid IN (SELECT oid FROM dependent)
ORDER BY c.oid
"""


def _pg_dependents(connection: Connection, doomed: set[str]) -> tuple[list[SavedView], set[str]]:
    """Views using the doomed ones (pg_depend, transitively): others' to set aside, and any
    of ours the SQL reading missed (to drop and re-create with the rest)."""
    if not doomed:
        return [], set()
    targets = list(
        connection.scalars(
            text(
                "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = :schema AND c.relname = ANY(:names)"
            ),
            {"schema": db.VIEW_SCHEMA, "names": sorted(doomed)},
        )
    )
    rows = connection.execute(text(_PG_DEPENDENTS), {"targets": targets}).mappings().all()
    ours = set(views.VIEWS)
    more = {r["relname"] for r in rows if r["nspname"] == db.VIEW_SCHEMA and r["relname"] in ours}
    saved = [
        _pg_saved(connection, r)
        for r in rows
        if not (r["nspname"] == db.VIEW_SCHEMA and r["relname"] in ours)
    ]
    return saved, more


def _pg_saved(connection: Connection, row: dict) -> SavedView:
    name = row["qualified"]
    kind = "MATERIALIZED VIEW" if row["relkind"] == "m" else "VIEW"
    options = f" WITH ({row['options']})" if row["options"] else ""
    body = row["body"].strip().rstrip(";")
    statements = [f"CREATE {kind} {name}{options} AS {body}"]
    if not row["mine"]:
        statements.append(
            f"ALTER {kind} {name} OWNER TO "
            + connection.scalar(text("SELECT quote_ident(:o)"), {"o": row["owner"]})
        )
    if row["comment"] is not None:
        statements.append(f"COMMENT ON {kind} {name} IS {_literal(connection, row['comment'])}")
    statements.extend(
        connection.scalars(
            text(
                "SELECT format('COMMENT ON COLUMN %s.%I IS %L', CAST(:q AS text), a.attname, "
                "col_description(a.attrelid, a.attnum)) FROM pg_attribute a "
                "WHERE a.attrelid = :oid AND a.attnum > 0 AND NOT a.attisdropped "
                "AND col_description(a.attrelid, a.attnum) IS NOT NULL ORDER BY a.attnum"
            ),
            {"q": name, "oid": row["oid"]},
        )
    )
    statements.extend(_pg_grants(connection, name, row["oid"]))
    return SavedView(name, tuple(statements))


def _pg_grants(connection: Connection, name: str, oid: int) -> list[str]:
    """GRANT statements giving back what others than the owner hold on relation `oid`."""
    return list(
        connection.scalars(
            text(
                "SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, CAST(:q AS text), "
                "CASE WHEN a.grantee = 0 THEN 'PUBLIC' "
                "ELSE quote_ident(pg_get_userbyid(a.grantee)) END, "
                "CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) "
                "FROM pg_class c, aclexplode(c.relacl) a "
                "WHERE c.oid = :oid AND a.grantee <> c.relowner "
                "ORDER BY a.grantee, a.privilege_type"
            ),
            {"q": name, "oid": oid},
        )
    )


def _pg_own_grants(connection: Connection, doomed: set[str]) -> list[str]:
    """What others were granted on our views about to be dropped (an analyst's role with
    SELECT on v_funding keeps it, and with it the views it made on v_funding)."""
    rows = connection.execute(
        text(
            "SELECT c.oid, c.relname FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :schema AND c.relname = ANY(:names) ORDER BY c.relname"
        ),
        {"schema": db.VIEW_SCHEMA, "names": sorted(doomed)},
    ).all()
    return [
        grant
        for oid, relname in rows
        for grant in _pg_grants(connection, f"{db.VIEW_SCHEMA}.{relname}", oid)
    ]


def _literal(connection: Connection, value: str) -> str:
    return str(connection.scalar(text("SELECT quote_literal(:v)"), {"v": value}))


def sync_indicators(connection: Connection) -> None:
    """The catalog in use into `indicator`, and the summaries that stored what changed: a
    catalog that moves an indicator to another family recounts report_count; one that makes
    an indicator additive or not re-picks picked_value (it sums additive indicators)."""
    existing = {
        code: (family, bool(additive))
        for code, family, additive in connection.execute(
            select(Indicator.code, Indicator.family, Indicator.additive)
        )
    }
    rows = catalog.seed_rows()
    for row in rows:
        if row["code"] in existing:
            connection.execute(update(Indicator).where(Indicator.code == row["code"]).values(**row))
        else:
            connection.execute(insert(Indicator).values(**row))
    kept = [(existing[r["code"]], r) for r in rows if r["code"] in existing]
    moved = any(family != r["family"] for (family, _), r in kept)
    summed = any(additive != r["additive"] for (_, additive), r in kept)
    tables = inspect(connection)
    if moved and tables.has_table("report_count"):
        summaries.rebuild(connection, summaries.PER_REPORT)
    if summed and tables.has_table("picked_value"):
        summaries.rebuild(connection, ("picked_value",))


def sync_standards(connection: Connection) -> None:
    """The national standards of the catalog in use: the table is catalog data, replaced."""
    connection.execute(delete(IndicatorStandard))
    rows = catalog.standard_rows()
    if rows:
        connection.execute(insert(IndicatorStandard), rows)


def sync_regions(connection: Connection) -> None:
    """Insert divisions the installed data set has and the table lacks (never delete: bureaus
    and reports may point to abolished ones), each with the names of its province, prefecture
    and county (regions.place, over the table's hierarchy with the new rows); rows whose
    names differ from that (all of them after revision 0012 added the columns) are updated."""
    existing = {
        r.code: r
        for r in connection.execute(
            select(
                Region.code,
                Region.name,
                Region.level,
                Region.parent_code,
                Region.province,
                Region.prefecture,
                Region.county,
            )
        )
    }
    missing = [r for r in regions.all_regions() if r.code not in existing]
    tree = {code: (r.name, r.level, r.parent_code) for code, r in existing.items()}
    tree.update((r.code, (r.name, r.level, r.parent)) for r in missing)
    places = regions.places(tree)
    if missing:
        # Parents sort before children (codes are hierarchical), so FKs hold row by row.
        connection.execute(
            insert(Region),
            [
                {
                    "code": r.code,
                    "name": r.name,
                    "level": r.level,
                    "parent_code": r.parent,
                    **places[r.code]._asdict(),
                }
                for r in missing
            ],
        )
    changed = [
        {"key": code, **places[code]._asdict()}
        for code, r in existing.items()
        if (r.province, r.prefecture, r.county) != tuple(places[code])
    ]
    if changed:
        table = Region.__table__
        connection.execute(
            update(table)
            .where(table.c.code == bindparam("key"))
            .values(
                province=bindparam("province"),
                prefecture=bindparam("prefecture"),
                county=bindparam("county"),
            ),
            changed,
        )


def create_views(connection: Connection) -> None:
    """Create those of our views that are missing (prepare() dropped the stale ones) and
    record the hash of every one (apply() then sets COMMENTs and grants on all)."""
    names = views.available()
    existing = _existing_views(connection)
    for name in names:
        if name not in existing:
            views.create(connection, name)
    connection.execute(delete(SchemaObject).where(SchemaObject.kind == "view"))
    for name in names:
        connection.execute(
            insert(SchemaObject).values(name=name, kind="view", sha256=views.sql_hash(name))
        )
