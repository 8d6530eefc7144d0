"""One database fixture over SQLite and a real PostgreSQL server.

PostgreSQL comes from $EDUREPORTS_TEST_POSTGRES_URL (scripts/test-postgres.sh prints one).
Unset locally, the PostgreSQL cases are skipped with the reason shown; with CI=true a
missing server fails them instead. Each test gets its own database, cloned from a
template upgraded once per session, so tests (and concurrent test runs) never share state.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from edureports import db

# No per-example deadline (a loaded CI machine is slow, not wrong); in CI the examples are
# derived from the test names, so a run is reproducible and a red CI is a real failure.
settings.register_profile(
    "edureports",
    deadline=None,
    derandomize=os.environ.get("CI", "").lower() in {"1", "true", "yes"},
)
settings.load_profile("edureports")

PG_ENV = "EDUREPORTS_TEST_POSTGRES_URL"
SAMPLES = Path(__file__).resolve().parents[1] / "src" / "edureports" / "samples"
BACKENDS = ("sqlite", "postgresql")


def sample_paths() -> list[Path]:
    return sorted(SAMPLES.glob("*.txt"))


def _pg_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if url:
        return url
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"CI=true but ${PG_ENV} is not set: PostgreSQL tests must run in CI")
    pytest.skip(f"PostgreSQL tests skipped: set ${PG_ENV} (scripts/test-postgres.sh starts one)")
    return None


class PostgresServer:
    """Creates throwaway databases on the test server."""

    def __init__(self, url: str) -> None:
        self.url = make_url(db.make_engine(url).url)
        self.admin = create_engine(self.url, isolation_level="AUTOCOMMIT")
        self.template: str | None = None

    def create(self, template: str | None = None) -> str:
        name = f"edureports_test_{uuid.uuid4().hex[:12]}"
        clause = f" TEMPLATE {template}" if template else ""
        with self.admin.connect() as c:
            c.execute(text(f"CREATE DATABASE {name}{clause}"))
        return name

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def drop(self, name: str) -> None:
        with self.admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    url = _pg_url()
    assert url
    server = PostgresServer(url)
    try:
        with server.admin.connect() as c:
            c.execute(text("SELECT 1"))
    except Exception as exc:  # a configured but dead server is a failure, not a skip
        pytest.fail(f"cannot reach PostgreSQL at ${PG_ENV}: {exc}")
    yield server
    if server.template:
        with server.admin.connect() as c:
            c.execute(text(f"ALTER DATABASE {server.template} IS_TEMPLATE false"))
        server.drop(server.template)
    server.admin.dispose()


@pytest.fixture(scope="session")
def pg_template(pg_server: PostgresServer) -> str:
    name = pg_server.create()
    engine = db.make_engine(pg_server.url_for(name))
    db.upgrade(engine)
    engine.dispose()
    with pg_server.admin.connect() as c:
        c.execute(text(f"ALTER DATABASE {name} IS_TEMPLATE true"))
    pg_server.template = name
    return name


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "head.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def empty_engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A database with no schema at all, on each backend."""
    if backend == "sqlite":
        engine = db.make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
        yield engine
        engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create()
    engine = db.make_engine(server.url_for(name))
    yield engine
    engine.dispose()
    server.drop(name)


@pytest.fixture
def engine(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A database at head (tables, seeds, views), private to the test, on each backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        path = tmp_path / "test.db"
        shutil.copyfile(template, path)
        engine = db.make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
        return
    server: PostgresServer = request.getfixturevalue("pg_server")
    name = server.create(template=request.getfixturevalue("pg_template"))
    engine = db.make_engine(server.url_for(name))
    yield engine
    engine.dispose()
    server.drop(name)


@pytest.fixture
def db_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many database tests ran on each backend, so a log shows PostgreSQL ran."""
    counts = {b: {"passed": 0, "skipped": 0, "failed": 0} for b in BACKENDS}
    for outcome in ("passed", "skipped", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") not in ("call", "setup"):
                continue
            for b in BACKENDS:
                if (
                    f"[{b}" in report.nodeid
                    or f"-{b}]" in report.nodeid
                    or f"-{b}-" in report.nodeid
                ):
                    if outcome == "passed" and report.when != "call":
                        continue
                    counts[b][outcome] += 1
    line = "; ".join(
        f"{b}: {c['passed']} passed, {c['skipped']} skipped, {c['failed']} failed"
        for b, c in counts.items()
    )
    terminalreporter.write_line(f"database tests by backend — {line}")
