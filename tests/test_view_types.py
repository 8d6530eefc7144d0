"""Every view column has a declared type that BI tools read, equal in kind to dictionary.py.

BI tools (Superset and pandas through SQLAlchemy's inspector, Datasette) take a view column's
type from PRAGMA table_info on SQLite and from the catalog on PostgreSQL. SQLite derives the
declared type of a view column from its expression when the view is read: a column read
straight from a table keeps that column's declared type on any version, and since SQLite
3.41 a CAST gives its type too (INT, REAL, TEXT); 3.40 and older show no type for any
computed column whatever the SQL says. So the SQLite half reads the declared types through
apsw, whose wheels carry a current SQLite, and through the project's own sqlite3 driver too
when that is 3.41 or newer (ARCHITECTURE.md, "Types of view columns").
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from edureports import db, dictionary, views
from tests import view_fixtures

# The kinds dictionary.py states; a flag is an integer 0/1.
KIND = {
    "integer": "integer",
    "flag": "integer",
    "double": "double",
    "text": "text",
    "date": "date",
    "timestamp": "timestamp",
}
# Storage classes SQLite may hold in a column of each kind (dates and times are ISO text).
SQLITE_VALUES = {
    "integer": {"integer"},
    "double": {"real"},
    "text": {"text"},
    "date": {"text"},
    "timestamp": {"text"},
}
CAST_TYPES_SINCE = (3, 41, 0)


def sqlite_kind(declared: str) -> str | None:
    """The kind of a declared SQLite type, by SQLite's affinity rules (datatype3.html §3.1)
    plus the date and time names SQLAlchemy gives DATE and DATETIME columns."""
    name = declared.upper()
    if not name:
        return None
    if "INT" in name:
        return "integer"
    if any(part in name for part in ("CHAR", "CLOB", "TEXT")):
        return "text"
    if any(part in name for part in ("REAL", "FLOA", "DOUB")):
        return "double"
    if name == "DATE":
        return "date"
    if name in {"DATETIME", "TIMESTAMP"}:
        return "timestamp"
    return f"no kind ({declared})"  # NUM, BLOB: a BI tool has to guess


def postgresql_kind(data_type: str) -> str:
    if data_type in {"integer", "bigint", "smallint"}:
        return "integer"
    if data_type == "double precision":
        return "double"
    if data_type in {"text", "character varying", "character"}:
        return "text"
    if data_type == "date":
        return "date"
    if data_type.startswith("timestamp"):
        return "timestamp"
    return f"no kind ({data_type})"


def declared_sqlite(path: Path, view: str, *, driver: bool) -> dict[str, str | None]:
    """Kinds of the declared types of a view's columns as read by the project's sqlite3
    driver (driver=True) or by apsw's current SQLite."""
    if driver:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    else:
        import apsw

        con = apsw.Connection(str(path), flags=apsw.SQLITE_OPEN_READONLY)
    try:
        return {r[1]: sqlite_kind(r[2]) for r in con.execute(f"PRAGMA table_info({view})")}
    finally:
        con.close()


def declared_postgresql(engine: Engine, view: str) -> dict[str, str | None]:
    with engine.connect() as c:
        result = c.execute(
            text(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = :view AND table_schema = :schema "
                "ORDER BY ordinal_position"
            ),
            {"view": view, "schema": db.VIEW_SCHEMA},
        )
        return {name: postgresql_kind(data_type) for name, data_type in result}


def expected(view: str) -> dict[str, str | None]:
    return {col.name: KIND[col.type] for col in dictionary.columns_of(view)}


@pytest.mark.parametrize("view", views.VIEWS)
def test_every_view_column_has_its_declared_type(engine: Engine, view: str) -> None:
    if engine.dialect.name == "postgresql":
        assert declared_postgresql(engine, view) == expected(view)
        return
    path = Path(str(engine.url.database))
    assert declared_sqlite(path, view, driver=False) == expected(view)
    if sqlite3.sqlite_version_info >= CAST_TYPES_SINCE:
        assert declared_sqlite(path, view, driver=True) == expected(view)


def test_columns_read_from_tables_are_typed_on_any_sqlite(engine: Engine) -> None:
    """On the driver's SQLite, whatever its version, v_observations (nearly all plain table
    columns) and the keys of the comparison views carry their declared types."""
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite's declared types of view columns")
    path = Path(str(engine.url.database))
    got = declared_sqlite(path, "v_observations", driver=True)
    plain = {"observation_id", "report_id", "value", "unit", "published_on", "char_start"}
    assert {c: got[c] for c in plain} == {c: expected("v_observations")[c] for c in plain}
    for view in ("v_enrolment", "v_consolidation"):
        got = declared_sqlite(path, view, driver=True)
        assert (got["bureau_id"], got["year"]) == ("integer", "integer")


@pytest.mark.parametrize("view", views.VIEWS)
def test_sqlite_values_are_stored_as_their_kind(engine: Engine, view: str) -> None:
    """The values agree with the declared type (a BI tool trusting REAL gets no integers
    or text), on the fixture reports."""
    if engine.dialect.name != "sqlite":
        pytest.skip("storage classes are SQLite's; PostgreSQL values always have the type")
    view_fixtures.load(engine)
    with engine.connect() as c:
        for col in dictionary.columns_of(view):
            found = {
                r[0] for r in c.execute(text(f"SELECT DISTINCT typeof({col.name}) FROM {view}"))
            }
            assert found - {"null"} <= SQLITE_VALUES[KIND[col.type]], (view, col.name, found)
