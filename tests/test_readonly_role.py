"""db grant-readonly: connected as the role, the views read and nothing else works."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from edureports import db, readonly, views
from edureports.cli import main
from tests import view_fixtures

PASSWORD = "bi-Secret'1"


@pytest.fixture
def pg_role(engine: Engine, backend: str) -> Iterator[tuple[str, Engine]]:
    """A fresh role granted read-only access, and an engine connected as that role."""
    if backend != "postgresql":
        pytest.skip("roles are PostgreSQL-only (see test_sqlite_refuses_clearly)")
    role = f"bi_{uuid.uuid4().hex[:10]}"
    view_fixtures.load(engine)
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main, ["--db", url, "db", "grant-readonly", role, "--password", PASSWORD]
    )
    assert result.exit_code == 0, result.output
    as_role = create_engine(make_url(url).set(username=role, password=PASSWORD))
    yield role, as_role
    as_role.dispose()
    with engine.connect() as c:
        c.execute(text(f'DROP OWNED BY "{role}"'))
        c.commit()
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    engine.dispose()
    with admin.connect() as c:
        # The test database still holds the CONNECT grant; revoke it before dropping the role.
        database = make_url(url).database
        c.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM "{role}"'))
        c.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
    admin.dispose()


def _fails(engine: Engine, sql: str) -> bool:
    with engine.connect() as c:
        try:
            c.execute(text(sql))
        except DBAPIError:
            return True
        finally:
            c.rollback()
    return False


def test_role_reads_views_and_nothing_else(pg_role: tuple[str, Engine]) -> None:
    _, as_role = pg_role
    with as_role.connect() as c:
        for name in views.VIEWS:
            c.execute(text(f"SELECT * FROM {name}")).fetchall()
        assert c.scalar(text("SELECT COUNT(*) FROM v_funding")) == 6
    for table in ("report", "observation", "bureau", "indicator", "national_reference"):
        assert _fails(as_role, f"SELECT * FROM {table}"), table
    assert _fails(as_role, "INSERT INTO period (year, part) VALUES (2030, 'year')")
    assert _fails(as_role, "UPDATE bureau SET name = 'x'")
    assert _fails(as_role, "DELETE FROM observation")
    assert _fails(as_role, "CREATE TABLE sneaky (id integer)")
    assert _fails(as_role, "CREATE VIEW v_sneaky AS SELECT 1 AS one")


def test_grants_survive_an_upgrade(pg_role: tuple[str, Engine], engine: Engine) -> None:
    """Views are re-created at head; the recorded role gets SELECT on them again."""
    role, as_role = pg_role
    with engine.begin() as c:
        c.execute(text("DELETE FROM schema_object WHERE kind = 'view'"))
    db.upgrade(engine)  # already at head: the repeatable step re-creates the views
    with as_role.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM v_enrolment")) == 8
    with engine.connect() as c:
        assert role in readonly.recorded_roles(c)


def test_sqlite_refuses_clearly(engine: Engine, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the SQLite message")
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "db", "grant-readonly", "bi"])
    assert result.exit_code != 0
    assert "PostgreSQL-only" in result.output
    assert str(engine.url.database) in result.output


def test_bad_role_name_is_refused(engine: Engine, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(readonly.ReadOnlyRoleError):
        readonly.grant_readonly(engine, 'x"; DROP TABLE report; --')


def test_role_has_a_statement_timeout(pg_role: tuple[str, Engine]) -> None:
    """A BI tool's runaway query stops on the server, even if the tool has gone."""
    _, as_role = pg_role
    with as_role.connect() as c:
        assert c.scalar(text("SHOW statement_timeout")) == "1min"
        with pytest.raises(DBAPIError, match="statement timeout"):
            c.execute(text("SET statement_timeout = '200ms'"))
            c.execute(text("SELECT pg_sleep(5)"))


def test_edureports_query_runs_as_the_role(pg_role: tuple[str, Engine]) -> None:
    """The role `query` recommends instead of a superuser can run it."""
    _, as_role = pg_role
    url = as_role.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(
        main, ["--db", url, "query", "select count(*) as n from v_funding", "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:2] == ["n", "6"]
    # The tables are out of the role's sight (their schema is not its), and out of reach.
    refused = CliRunner().invoke(main, ["--db", url, "query", "select * from report"])
    assert refused.exit_code == 1 and 'relation "report" does not exist' in refused.output
    qualified = CliRunner().invoke(
        main, ["--db", url, "query", f"select * from {db.TABLE_SCHEMA}.report"]
    )
    assert qualified.exit_code == 1 and "permission denied for schema" in qualified.output


def test_statement_timeout_option(engine: Engine, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    with pytest.raises(readonly.ReadOnlyRoleError, match="statement timeout"):
        readonly.grant_readonly(engine, "bi_never", statement_timeout="1'; DROP ROLE x; --")


# --- every reading command as the role (issue 11, point 3) -------------------------------

READING_COMMANDS = [
    pytest.param(["compare", "enrolment"], "黎城县", id="compare-enrolment"),
    pytest.param(["compare", "consolidation"], "黎城县", id="compare-consolidation"),
    pytest.param(["compare", "funding", "--format", "csv"], "黎城县", id="compare-funding-csv"),
    pytest.param(["query", "select count(*) as n from v_reports"], "(1 rows)", id="query"),
    pytest.param(["reports"], "r1_licheng_2022.txt", id="reports"),
    pytest.param(["show", "1"], "黎城县", id="show"),
    pytest.param(["dictionary"], "v_funding", id="dictionary"),
    pytest.param(["db", "current"], "(at head)", id="db-current"),
]
ROLE_COMMANDS = READING_COMMANDS


@pytest.mark.parametrize(("args", "expected"), ROLE_COMMANDS)
def test_every_reading_command_works_as_the_role(
    pg_role: tuple[str, Engine], args: list[str], expected: str
) -> None:
    """Each reading command, connected as the grant-readonly role, ends well and shows data."""
    _, as_role = pg_role
    url = as_role.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.exception
    assert expected in result.output, result.output


def _sqlite_ro_url(path: str) -> str:
    """The read-only URL README and docs/analyst-tour.md print for BI tools."""
    return f"sqlite:///file:{path}?mode=ro&uri=true"


@pytest.mark.parametrize(("args", "expected"), READING_COMMANDS)
@pytest.mark.parametrize("folder", ["plain", "with space 和 %"], ids=["plain", "space-cjk-pct"])
def test_every_reading_command_works_on_the_sqlite_read_only_url(
    engine: Engine, backend: str, tmp_path, folder: str, args: list[str], expected: str
) -> None:
    if backend != "sqlite":
        pytest.skip("the mode=ro URL is SQLite's")
    view_fixtures.load(engine)
    engine.dispose()
    target = tmp_path / folder
    target.mkdir()
    path = target / "edureports.db"
    source = str(engine.url.database)
    with sqlite3.connect(source) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    from urllib.parse import quote

    before = path.read_bytes()
    url = _sqlite_ro_url(quote(str(path)))
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    assert result.exception is None, result.exception
    assert expected in result.output, result.output
    assert path.read_bytes() == before  # read-only: not a byte changed
