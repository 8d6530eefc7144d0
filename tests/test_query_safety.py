"""`query` and the reading commands: the database's own guarantees, limits, cancel, no writes.

Each probe from issue 13 is a test here, on both engines where it applies. On PostgreSQL the
statements run as a non-superuser role that owns the data (what a typical deployment's URL
carries); the test server's superuser is only used to show that `query` refuses it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from edureports import db, query
from edureports.cli import main
from tests import view_fixtures

EXE = Path(sys.executable).with_name("edureports")
# Never ends and never yields a row: only a time limit, Ctrl-C or a kill stops it.
ENDLESS_COUNT = "with recursive t(n) as (select 1 union all select n from t) select count(*) from t"
# Never ends and yields rows all the time: a row limit (or a time limit) stops it.
ENDLESS_ROWS = "with recursive t(n) as (select 1 union all select n + 1 from t) select n from t"
DELETE_ALL = (
    "select E'\\'' ; commit; delete from observation; delete from section; "
    "delete from report; select 'x'"
)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    view_fixtures.load(engine)
    return engine


@pytest.fixture
def owner_url(loaded: Engine, backend: str) -> Iterator[str]:
    """A URL that may write the data: the file on SQLite, a non-superuser owner on PostgreSQL."""
    url = loaded.url.render_as_string(hide_password=False)
    if backend == "sqlite":
        yield url
        return
    role = f"owner_{uuid.uuid4().hex[:10]}"
    database = make_url(url).database
    with loaded.begin() as c:
        c.execute(text(f"CREATE ROLE {role} LOGIN NOSUPERUSER"))
        c.execute(text(f'ALTER DATABASE "{database}" OWNER TO {role}'))
        for schema in ("public", db.TABLE_SCHEMA):  # views, and the tables (revision 0007)
            c.execute(text(f"GRANT ALL ON SCHEMA {schema} TO {role}"))
            c.execute(text(f"GRANT ALL ON ALL TABLES IN SCHEMA {schema} TO {role}"))
            c.execute(text(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA {schema} TO {role}"))
    yield make_url(url).set(username=role).render_as_string(hide_password=False)
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(
            text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}'")
        )
        c.execute(text(f'ALTER DATABASE "{database}" OWNER TO CURRENT_USER'))
        c.execute(text(f"DROP OWNED BY {role}"))
        c.execute(text(f'REVOKE ALL ON DATABASE "{database}" FROM {role}'))
        c.execute(text(f"DROP ROLE {role}"))
    admin.dispose()


def _counts(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as c:
        return tuple(  # type: ignore[return-value]
            c.scalar(text(f"SELECT COUNT(*) FROM {t}"))
            for t in ("report", "section", "observation")
        )


def _query(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--db", url, "query", *args])
    return result.exit_code, result.output


def _spawn(url: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(EXE), "--db", url, "query", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _running(engine: Engine, url: str) -> int:
    """How many server backends of the URL's role are running the user's statement (a FETCH
    from its cursor: pg_stat_activity shows that rather than the query itself)."""
    with engine.connect() as c:
        return int(
            c.scalar(
                text(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE state = 'active' "
                    "AND usename = :u AND query LIKE 'FETCH%'"
                ),
                {"u": make_url(url).username},
            )
        )


def _has_open(pid: int, path: str) -> bool:
    """Whether process pid has path open (Linux /proc): the subprocess reached the query."""
    fds = Path(f"/proc/{pid}/fd")
    try:
        return any(os.path.realpath(fd) == path for fd in fds.iterdir())
    except OSError:
        return False


# --- 1. one read-only statement, by the database's own guarantees ------------------------


def test_several_statements_delete_nothing(loaded: Engine, owner_url: str) -> None:
    """E'\\'' fooled the old quote-stripping check; COMMIT ended the read-only transaction."""
    before = _counts(loaded)
    code, output = _query(owner_url, DELETE_ALL)
    assert code == 1, output
    assert _counts(loaded) == before and before[0] > 0


@pytest.mark.parametrize(
    "sql",
    [
        "delete from observation",
        "update report set source_name = 'x'",
        "with gone as (delete from observation returning 1) select count(*) from gone",
        "select 1; delete from observation",
        "commit",
        "drop table observation",
        "create table sneaky (id integer)",
    ],
)
def test_writes_are_refused(loaded: Engine, owner_url: str, sql: str) -> None:
    before = _counts(loaded)
    code, output = _query(owner_url, sql)
    assert code == 1 and output.startswith("Error:"), output
    assert len(output.strip().splitlines()) == 1, output
    assert _counts(loaded) == before


def test_a_plain_select_works(loaded: Engine, owner_url: str) -> None:
    code, output = _query(
        owner_url,
        "select count(*) as n from v_reports -- a comment; with a semicolon",
        "--format",
        "csv",
    )
    assert code == 0, output
    assert output.splitlines()[:2] == ["n", str(_counts(loaded)[0])]


def test_superuser_is_refused_and_copy_to_program_never_runs(loaded: Engine, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("roles are PostgreSQL-only")
    marker = Path(f"/tmp/edureports_probe_{uuid.uuid4().hex}")
    url = loaded.url.render_as_string(hide_password=False)  # the test server's superuser
    for sql in (
        f"copy (select 1) to program 'touch {marker}'",
        f"select query_to_xml('copy (select 1) to program ''touch {marker}''', true, false, '')",
    ):
        code, output = _query(url, sql)
        assert code == 1 and "superuser" in output, output
        time.sleep(0.2)
        assert not marker.exists(), sql
    code, output = _query(url, "select 1 as one")
    assert code == 1 and "grant-readonly" in output, output


@pytest.mark.parametrize(
    "sql",
    [
        "select pg_read_file('/etc/hostname')",
        "select lo_export(0, '/tmp/edureports_probe_lo')",
        "select query_to_xml('copy (select 1) to program ''touch /tmp/edureports_probe_qx''', "
        "true, false, '')",
        "copy (select 1) to program 'touch /tmp/edureports_probe_copy'",
        "select set_config('transaction_read_only', 'off', true), count(*) from report",
        "select query_to_xml('delete from observation', true, false, '')",
    ],
)
def test_owner_cannot_reach_server_files_or_programs(
    loaded: Engine, owner_url: str, backend: str, sql: str
) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL server-side functions")
    before = _counts(loaded)
    code, output = _query(owner_url, sql)
    assert code == 1, output
    assert _counts(loaded) == before
    for name in ("lo", "qx", "copy"):
        assert not Path(f"/tmp/edureports_probe_{name}").exists()


def test_dblink_cannot_write(loaded: Engine, owner_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("PostgreSQL extension")
    try:
        with loaded.begin() as c:
            c.execute(text("CREATE EXTENSION IF NOT EXISTS dblink"))
    except Exception as exc:  # contrib not installed on this server
        pytest.skip(f"dblink not available: {exc}")
    database = make_url(owner_url).database
    code, output = _query(
        owner_url,
        f"select dblink_exec('dbname={database}', 'delete from observation')",
    )
    assert code == 1, output
    assert _counts(loaded)[2] > 0


@pytest.mark.parametrize(
    "sql, leftover",
    [
        ("attach database '{dir}/attached.db' as a", "attached.db"),
        ("vacuum into '{dir}/copy.db'", "copy.db"),
    ],
)
def test_sqlite_files_are_never_created(
    loaded: Engine, backend: str, tmp_path: Path, sql: str, leftover: str
) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite files")
    code, output = _query(str(loaded.url), sql.format(dir=tmp_path))
    assert code == 1, output
    assert not (tmp_path / leftover).exists()


@pytest.mark.parametrize(
    "sql",
    [
        "pragma journal_mode = delete",
        "pragma user_version = 7",
        "select load_extension('/tmp/nothing')",
        "create temp table t (x integer)",
        "begin",
    ],
)
def test_sqlite_pragmas_and_extensions_are_refused(loaded: Engine, backend: str, sql: str) -> None:
    if backend != "sqlite":
        pytest.skip("SQLite pragmas")
    path = str(loaded.url.database)
    loaded.dispose()
    code, output = _query(str(loaded.url), sql)
    assert code == 1, output
    plain = sqlite3.connect(path)
    try:
        assert plain.execute("pragma journal_mode").fetchone()[0] == "wal"
        assert plain.execute("pragma user_version").fetchone()[0] == 0
    finally:
        plain.close()


def test_sqlite_read_path_is_read_only_below_the_authorizer(loaded: Engine, backend: str) -> None:
    """Opened with mode=ro: even with the authorizer removed, SQLite itself refuses a write."""
    if backend != "sqlite":
        pytest.skip("SQLite open mode")
    reader = query.open_for_reading(str(loaded.url))
    raw = reader.raw_connection()
    try:
        connection = raw.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        connection.set_authorizer(None)
        connection.execute("pragma query_only = off")
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            connection.execute("delete from observation")
    finally:
        raw.close()
        reader.dispose()


# --- 4. limits, streaming, cancel --------------------------------------------------------


def test_time_limit_stops_an_endless_query(loaded: Engine, owner_url: str, backend: str) -> None:
    started = time.monotonic()
    code, output = _query(owner_url, ENDLESS_COUNT, "--timeout", "2s")
    assert time.monotonic() - started < 30
    assert code == 1 and "time limit" in output and "--timeout" in output, output
    if backend == "postgresql":
        assert _running(loaded, owner_url) == 0


def test_row_limit_stops_and_says_so(owner_url: str) -> None:
    code, output = _query(owner_url, ENDLESS_ROWS, "--format", "csv", "--max-rows", "1000")
    assert code == 1, output[-300:]
    lines = output.splitlines()
    assert lines[0] == "n"
    assert lines[1:1001] == [str(n) for n in range(1, 1001)]
    assert "row limit" in lines[-1] and "--max-rows" in lines[-1]
    assert len(lines) == 1002


def test_limits_can_be_lifted(owner_url: str) -> None:
    sql = "with recursive t(n) as (select 1 union all select n + 1 from t where n < 2500) select n from t"
    code, output = _query(owner_url, sql, "--format", "csv", "--max-rows", "0", "--timeout", "none")
    assert code == 0, output[-300:]
    assert len(output.splitlines()) == 2501


def test_rows_are_streamed_as_they_come(owner_url: str, tmp_path: Path) -> None:
    """An endless stream of rows reaches the file before the time limit ends it."""
    target = tmp_path / "out.csv"
    process = _spawn(
        owner_url,
        ENDLESS_ROWS,
        "--format",
        "csv",
        "--max-rows",
        "0",
        "--timeout",
        "3s",
        "-o",
        str(target),
    )
    _, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "time limit" in err, err
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == "n" and len(lines) > 5000
    assert lines[1:4] == ["1", "2", "3"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGINT, /proc")
def test_ctrl_c_cancels_on_client_and_server(loaded: Engine, owner_url: str, backend: str) -> None:
    process = _spawn(owner_url, ENDLESS_COUNT, "--timeout", "0")
    deadline = time.monotonic() + 90  # a loaded machine takes seconds to import pandas
    if backend == "postgresql":
        while _running(loaded, owner_url) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _running(loaded, owner_url) == 1
    else:
        database = os.path.realpath(str(loaded.url.database))
        while not _has_open(process.pid, database) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _has_open(process.pid, database)
    time.sleep(0.5)  # the statement is under way
    assert process.poll() is None, process.communicate()
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, err = process.communicate(timeout=30)
    assert time.monotonic() - sent < 10
    assert process.returncode == 130 and "cancelled" in err, err
    if backend == "postgresql":
        assert _running(loaded, owner_url) == 0


def test_client_killed_server_stops_at_the_time_limit(
    loaded: Engine, owner_url: str, backend: str
) -> None:
    """statement_timeout is set in the transaction: a dead client leaves no endless query."""
    if backend != "postgresql":
        pytest.skip("a server-side statement")
    process = _spawn(owner_url, ENDLESS_COUNT, "--timeout", "3s")
    deadline = time.monotonic() + 90
    while _running(loaded, owner_url) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _running(loaded, owner_url) == 1
    process.kill()
    process.communicate()
    killed = time.monotonic()
    while _running(loaded, owner_url) and time.monotonic() < killed + 30:
        time.sleep(0.2)
    assert _running(loaded, owner_url) == 0
    assert time.monotonic() - killed < 10


@pytest.mark.parametrize(
    "text_in, seconds",
    [
        ("60s", 60.0),
        ("90", 90.0),
        ("5m", 300.0),
        ("1h", 3600.0),
        ("1.5s", 1.5),
        ("0", None),
        ("none", None),
        ("500ms", 0.5),
    ],
)
def test_durations(text_in: str, seconds: float | None) -> None:
    assert query.parse_duration(text_in) == seconds


@pytest.mark.parametrize("text_in", ["", "-1s", "soon", "5 parsecs"])
def test_bad_durations(text_in: str) -> None:
    with pytest.raises(ValueError):
        query.parse_duration(text_in)


# --- 5. reading commands never create or migrate -------------------------------------------


READING = [
    ["query", "select 1 as one"],
    ["reports"],
    ["show", "1"],
    ["compare", "enrolment"],
    ["db", "current"],
]


@pytest.mark.parametrize("args", [a for a in READING if a[0] != "query"], ids=" ".join)
def test_reading_commands_read_and_change_nothing(
    loaded: Engine, backend: str, args: list[str]
) -> None:
    url = loaded.url.render_as_string(hide_password=False)
    before = Path(str(loaded.url.database)).read_bytes() if backend == "sqlite" else b""
    with loaded.connect() as c:
        report_id = c.scalar(text("SELECT MIN(id) FROM report"))
    args = [str(report_id) if a == "1" else a for a in args]
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    if args[0] == "db":
        assert "at head" in result.output
    else:
        assert len(result.output.splitlines()) > 2
    if backend == "sqlite":
        assert Path(str(loaded.url.database)).read_bytes() == before


@pytest.mark.parametrize("args", READING, ids=" ".join)
def test_reading_a_mistyped_path_creates_nothing(tmp_path: Path, args: list[str]) -> None:
    path = tmp_path / "typo.db"
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{path}", *args])
    assert result.exit_code == 1, result.output
    assert f"no database at {path}" in result.output
    assert "edureports load" in result.output and "edureports db upgrade" in result.output
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [a for a in READING if a[0] != "db"], ids=" ".join)
def test_reading_an_old_database_does_not_upgrade_it(engine: Engine, args: list[str]) -> None:
    db.downgrade(engine, "0003")
    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()
    result = CliRunner().invoke(main, ["--db", url, *args])
    assert result.exit_code == 1, result.output
    head = db.current(engine).head[0]
    assert f"database is at revision 0003, this edureports needs {head}" in result.output
    assert "edureports db upgrade" in result.output
    assert db.current(engine).current == ("0003",)


def test_reading_an_empty_database_says_so(empty_engine: Engine) -> None:
    url = empty_engine.url.render_as_string(hide_password=False)
    if empty_engine.dialect.name == "sqlite":
        sqlite3.connect(str(empty_engine.url.database)).close()  # an empty file
    result = CliRunner().invoke(main, ["--db", url, "reports"])
    assert result.exit_code == 1, result.output
    assert "no edureports schema" in result.output and "db upgrade" in result.output
    assert db.current(empty_engine).current == ()


def test_db_current_reports_without_creating(tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", f"sqlite:///{path}", "db", "upgrade"]).exit_code == 0
    result = runner.invoke(main, ["--db", f"sqlite:///{path}", "db", "current"])
    assert result.exit_code == 0 and "at head" in result.output, result.output
