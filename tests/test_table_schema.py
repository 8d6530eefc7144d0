"""Revision 0007: PostgreSQL keeps the base tables in their own schema, so that the read-only
role (and a BI tool listing relations as it) sees the views only; SQLite is unchanged."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from edureports import db, views
from edureports.cli import main
from tests import view_fixtures

TABLES = {
    "alembic_version",
    "schema_object",
    "indicator",
    "period",
    "region",
    "bureau",
    "bureau_alias",
    "report",
    "section",
    "observation",
    "national_reference",
    "indicator_standard",
    # the summary tables (revision 0010)
    "counted_figure",
    "picked_value",
    "catalog_value",
    # per report (revision 0012)
    "report_count",
}


def _relations(engine: Engine) -> dict[str, tuple[str, str]]:
    """Every relation of the database outside the system schemas: name -> (schema, kind)."""
    with engine.connect() as c:
        rows = c.execute(
            text(
                "SELECT c.relname, n.nspname, c.relkind FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f', 'S') "
                "AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
                "AND n.nspname NOT LIKE 'pg_toast%'"
            )
        )
        return {name: (schema, kind) for name, schema, kind in rows}


def _pg_only(backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("schemas and roles are PostgreSQL's")


def test_tables_live_in_their_schema_and_views_in_public(engine: Engine, backend: str) -> None:
    _pg_only(backend)
    relations = _relations(engine)
    tables = {n for n, (_, kind) in relations.items() if kind == "r"}
    assert tables == TABLES
    assert {relations[t][0] for t in TABLES} == {db.TABLE_SCHEMA}
    assert {relations[v] for v in views.available()} == {(db.VIEW_SCHEMA, "v")}
    # Sequences went with their tables.
    assert {s for s, k in relations.values() if k == "S"} <= {db.TABLE_SCHEMA}
    # The owner's engine still finds both through its search_path, unqualified.
    assert set(inspect(engine).get_table_names()) == TABLES
    assert set(views.available()) <= set(inspect(engine).get_view_names())


def test_sqlite_keeps_one_schema(engine: Engine, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite")
    assert set(inspect(engine).get_table_names()) == TABLES
    assert db.current(engine).at_head


def test_downgrade_moves_the_tables_back_and_upgrade_again(engine: Engine, backend: str) -> None:
    """Data and views survive the move both ways; on SQLite the revision does nothing."""
    view_fixtures.load(engine)
    with engine.connect() as c:
        before = c.scalar(text("SELECT COUNT(*) FROM v_funding"))
        reports = c.scalar(text("SELECT COUNT(*) FROM report"))
    db.downgrade(engine, "0006")
    if backend == "postgresql":
        relations = _relations(engine)
        # indicator_standard is made by revision 0008, the summary tables by 0010 and 0012
        later = {"indicator_standard", "counted_figure", "picked_value", "catalog_value"}
        at_0006 = TABLES - later - {"report_count"}
        assert {relations[t][0] for t in at_0006} == {db.VIEW_SCHEMA}
        with engine.connect() as c:
            assert c.scalar(text("SELECT to_regnamespace(:s)"), {"s": db.TABLE_SCHEMA}) is None
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM report")) == reports
    db.upgrade(engine)
    assert db.current(engine).at_head
    if backend == "postgresql":
        assert {_relations(engine)[t][0] for t in TABLES} == {db.TABLE_SCHEMA}
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM v_funding")) == before


def test_a_fresh_database_is_created_the_same_way(empty_engine: Engine, backend: str) -> None:
    _pg_only(backend)
    db.upgrade(empty_engine)
    relations = _relations(empty_engine)
    assert {n for n, (s, k) in relations.items() if k == "r"} == TABLES
    assert {s for s, k in relations.values() if k == "r"} == {db.TABLE_SCHEMA}
    assert {s for s, k in relations.values() if k == "v"} == {db.VIEW_SCHEMA}


# --- as the read-only role -----------------------------------------------------------------


@pytest.fixture
def role_engine(engine: Engine, backend: str) -> Iterator[Engine]:
    _pg_only(backend)
    role = f"bi_{uuid.uuid4().hex[:10]}"
    view_fixtures.load(engine)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main, ["--db", url, "db", "grant-readonly", role, "--password", "pw"]
    )
    assert result.exit_code == 0, result.output
    assert "revoked TEMPORARY" in result.output
    # A BI tool connects plainly: no search_path of ours.
    as_role = create_engine(make_url(url).set(username=role, password="pw"))
    yield as_role
    as_role.dispose()
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    engine.dispose()
    with admin.connect() as c:
        c.execute(text(f'DROP OWNED BY "{role}"'))
        c.execute(text(f'REVOKE ALL ON DATABASE "{make_url(url).database}" FROM "{role}"'))
        c.execute(text(f'DROP ROLE "{role}"'))
    admin.dispose()


def test_role_lists_views_only(role_engine: Engine) -> None:
    """What Superset, Metabase and DBeaver ask for: information_schema, the visible relations
    in pg_catalog, SQLAlchemy's inspector. Views only, every one of them readable."""
    with role_engine.connect() as c:
        listed = set(
            c.execute(
                text(
                    "SELECT table_schema, table_name, table_type FROM information_schema.tables "
                    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                )
            )
        )
        visible = set(
            c.execute(
                text(
                    "SELECT c.relname, c.relkind FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE pg_table_is_visible(c.oid) "
                    "AND n.nspname NOT IN ('pg_catalog', 'information_schema')"
                )
            )
        )
        usable = c.scalar(text("SELECT has_schema_privilege(:s, 'USAGE')"), {"s": db.TABLE_SCHEMA})
    assert {(db.VIEW_SCHEMA, v, "VIEW") for v in views.available()} == listed
    assert {(v, "v") for v in views.available()} == visible
    assert usable is False
    inspector = inspect(role_engine)
    assert inspector.get_table_names() == []
    assert set(inspector.get_view_names()) == set(views.available())
    with role_engine.connect() as c:
        for name in inspector.get_view_names():
            c.execute(text(f"SELECT * FROM {name} LIMIT 1")).fetchall()


def test_role_cannot_create_temporary_tables(role_engine: Engine) -> None:
    """Even in a read-write transaction it opens itself (read-only is only its default)."""
    with role_engine.connect() as c:
        c.exec_driver_sql("SET TRANSACTION READ WRITE")
        with pytest.raises(DBAPIError, match="permission denied to create temporary tables"):
            c.exec_driver_sql("CREATE TEMPORARY TABLE scratch (id integer)")


def test_role_reads_the_revision_without_the_table(role_engine: Engine) -> None:
    url = role_engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "db", "current"])
    assert result.exit_code == 0, result.output
    assert "(at head)" in result.output
    with role_engine.connect() as c, pytest.raises(DBAPIError, match="permission denied"):
        c.execute(text(f"SELECT * FROM {db.TABLE_SCHEMA}.alembic_version"))


def test_role_granted_before_0007_loses_alembic_version(engine: Engine, backend: str) -> None:
    """A role granted at 0006 had SELECT on alembic_version; after the move it must not keep
    it (information_schema would list the table for it)."""
    _pg_only(backend)
    role = f"bi_{uuid.uuid4().hex[:10]}"
    db.downgrade(engine, "0006")
    url = engine.url.render_as_string(hide_password=False)
    with engine.begin() as c:
        c.execute(text(f'CREATE ROLE "{role}" LOGIN'))
        c.execute(text(f'GRANT SELECT ON alembic_version TO "{role}"'))
        c.execute(
            text("INSERT INTO schema_object (name, kind, sha256) VALUES (:r, 'readonly_role', '')"),
            {"r": role},
        )
    db.upgrade(engine)
    try:
        with engine.connect() as c:
            granted = c.scalar(
                text("SELECT has_table_privilege(:r, :t, 'SELECT')"),
                {"r": role, "t": f"{db.TABLE_SCHEMA}.alembic_version"},
            )
        assert granted is False
    finally:
        engine.dispose()
        admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'DROP OWNED BY "{role}"'))
            c.execute(text(f'DROP ROLE "{role}"'))
        admin.dispose()
