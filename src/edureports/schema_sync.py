"""The repeatable part of every upgrade to head: catalog, regions and views.

Versioned revisions never read today's catalog, data set or sql/ files (a fresh upgrade
from base would run new SQL against an old schema). Instead, whenever the database reaches
head, this step brings the reference rows and the views in line with the installed package,
and records what it applied in the schema_object registry.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, inspect, select, update

from edureports import catalog, dictionary, readonly, regions, views
from edureports.models import Indicator, IndicatorStandard, Region, SchemaObject


def view_names() -> set[str]:
    return set(views.VIEWS)


def drop_views(connection: Connection) -> None:
    """Drop every view this package knows or once created, dependants first."""
    names = list(views.VIEWS)
    if inspect(connection).has_table(SchemaObject.__tablename__):
        recorded = connection.scalars(
            select(SchemaObject.name).where(SchemaObject.kind == "view")
        ).all()
        names = [n for n in recorded if n not in names] + names
    views.drop(connection, names)


def apply(connection: Connection) -> None:
    sync_indicators(connection)
    sync_standards(connection)
    sync_regions(connection)
    create_views(connection)


def sync_indicators(connection: Connection) -> None:
    existing = set(connection.scalars(select(Indicator.code)))
    for row in catalog.seed_rows():
        if row["code"] in existing:
            connection.execute(update(Indicator).where(Indicator.code == row["code"]).values(**row))
        else:
            connection.execute(insert(Indicator).values(**row))


def sync_standards(connection: Connection) -> None:
    """The national standards of the catalog in use: the table is catalog data, replaced."""
    connection.execute(delete(IndicatorStandard))
    rows = catalog.standard_rows()
    if rows:
        connection.execute(insert(IndicatorStandard), rows)


def sync_regions(connection: Connection) -> None:
    """Insert divisions the installed data set has and the table lacks (never delete: bureaus
    and reports may point to abolished ones)."""
    existing = set(connection.scalars(select(Region.code)))
    missing = [r for r in regions.all_regions() if r.code not in existing]
    if missing:
        # Parents sort before children (codes are hierarchical), so FKs hold row by row.
        connection.execute(
            insert(Region),
            [
                {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent}
                for r in missing
            ],
        )


def create_views(connection: Connection) -> None:
    names = views.available()
    views.drop(connection, names)
    connection.execute(delete(SchemaObject).where(SchemaObject.kind == "view"))
    for name in names:
        views.create(connection, name)
        connection.execute(
            insert(SchemaObject).values(name=name, kind="view", sha256=views.sql_hash(name))
        )
    # Descriptions for BI tools (Metabase, Superset read them); PostgreSQL only.
    dictionary.apply_comments(connection, names)
    # Re-created views lost their grants: give them back to the recorded read-only roles.
    readonly.grant_views(connection, names)
