"""Interrupted, failing and concurrent migrations, on SQLite and PostgreSQL.

Each probe stops a real upgrade at a known point: a subprocess wraps one function that a
migration calls (an Alembic DDL method, or views.create of the step at head) so that after
its first call it is killed with SIGKILL or pauses until the test lets it go; in-process
probes make a DDL method or a revision raise. No
probe depends on how long anything takes: the tests wait for markers and lock waits.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory
from benchmarks.corpus import write_corpus
from sqlalchemy import Engine, create_engine, func, inspect, select, text

from edureports import db, views
from edureports.loading import collect_files, load_paths
from edureports.models import Report
from tests.conftest import sample_paths

# Run by `python -c`: wrap TARGET ("module:Attr.path") so that after its first call the
# process is killed (kill) or waits for MARKER.go (pause); MARKER is
# touched first. Then run the edureports command line with the remaining arguments.
INTERRUPT = """
import importlib, os, signal, sys, time
from pathlib import Path

target, action, marker, *args = sys.argv[1:]
module_name, _, path = target.partition(":")
owner = importlib.import_module(module_name)
*parents, name = path.split(".")
for parent in parents:
    owner = getattr(owner, parent)
original = getattr(owner, name)
fired = []

def interrupted(*a, **k):
    result = original(*a, **k)
    if not fired:
        fired.append(True)
        Path(marker).touch()
        if action == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        go, deadline = Path(marker + ".go"), time.monotonic() + 300
        while not go.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
    return result

setattr(owner, name, interrupted)
from edureports.cli import main
main(args, prog_name="edureports")
"""

DROP_INDEX = "alembic.ddl.impl:DefaultImpl.drop_index"
CREATE_TABLE = "alembic.ddl.impl:DefaultImpl.create_table"
CREATE_VIEW = "edureports.views:create"
EXE = str(Path(sys.executable).with_name("edureports"))


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _interrupted(
    engine: Engine, target: str, action: str, marker: Path, *args: str
) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", INTERRUPT, target, action, str(marker), "--db", _url(engine), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for(condition: Callable[[], bool], what: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"process ended before {what}: rc={proc.returncode}\n{out}\n{err}")
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


def _snapshot(engine: Engine) -> dict[str, Any]:
    """Everything a migration may change: version, tables, columns, indexes, views, rows."""
    inspector = inspect(engine)
    tables = sorted(inspector.get_table_names())
    with engine.connect() as c:
        rows = {t: c.scalar(text(f"SELECT COUNT(*) FROM {t}")) for t in tables}
    return {
        "version": db.current(engine).current,
        "columns": {
            t: [
                (col["name"], str(col["type"]), col["nullable"]) for col in inspector.get_columns(t)
            ]
            for t in tables
        },
        "indexes": {
            t: sorted((ix["name"], tuple(ix["column_names"])) for ix in inspector.get_indexes(t))
            for t in tables
        },
        "foreign_keys": {
            t: sorted(str(sorted(fk.items())) for fk in inspector.get_foreign_keys(t))
            for t in tables
        },
        "views": {v: inspector.get_view_definition(v) for v in sorted(inspector.get_view_names())},
        "rows": rows,
    }


def _view_rows(engine: Engine) -> dict[str, int]:
    with engine.connect() as c:
        return {v: c.scalar(text(f"SELECT COUNT(*) FROM {v}")) for v in views.available()}


def _load_samples(engine: Engine) -> None:
    outcomes = list(load_paths(engine, collect_files(sample_paths()[:3])))
    assert [o.status for o in outcomes] == ["loaded"] * len(outcomes)


# --- (a) a migration that fails or is killed midway ------------------------------------


def _index_names(engine: Engine, table: str) -> set[str]:
    return {ix["name"] for ix in inspect(engine).get_indexes(table)}


@pytest.mark.parametrize("error", [RuntimeError, KeyboardInterrupt])
def test_failure_inside_a_revision_leaves_the_previous_revision(
    engine: Engine, monkeypatch: pytest.MonkeyPatch, error: type[BaseException]
) -> None:
    """Ctrl-C (or any error) during revision 0003, after its DROP INDEX, changes nothing."""
    from alembic.ddl.impl import DefaultImpl

    _load_samples(engine)
    db.downgrade(engine, "0002")
    before = _snapshot(engine)
    assert "ix_section_report_id" in _index_names(engine, "section")
    original = DefaultImpl.drop_index

    def failing(self: DefaultImpl, *args: Any, **kw: Any) -> None:
        original(self, *args, **kw)
        raise error("interrupted inside a revision")

    monkeypatch.setattr(DefaultImpl, "drop_index", failing)
    with pytest.raises(error):
        db.upgrade(engine)
    monkeypatch.undo()
    assert _snapshot(engine) == before
    db.upgrade(engine)
    assert db.current(engine).at_head
    assert "ix_section_report_id" not in _index_names(engine, "section")


def test_kill_inside_a_revision_leaves_the_previous_revision(
    engine: Engine, tmp_path: Path
) -> None:
    """SIGKILL during 0002 -> head, right after 0003 dropped an index: still 0002, usable."""
    _load_samples(engine)
    db.downgrade(engine, "0002")
    before = _snapshot(engine)
    marker = tmp_path / "killed"
    proc = _interrupted(engine, DROP_INDEX, "kill", marker, "db", "upgrade")
    out, err = proc.communicate(timeout=300)
    assert marker.exists() and proc.returncode == -signal.SIGKILL, (out, err)
    engine.dispose()
    assert _snapshot(engine) == before
    assert "ix_section_report_id" in _index_names(engine, "section")
    db.upgrade(engine)
    assert db.current(engine).at_head
    assert set(views.available()) <= set(inspect(engine).get_view_names())


# A revision after today's head, written into a copy of the migrations folder: it rebuilds
# `report` by copy-and-rename on SQLite (batch mode), drops an index, then fails if told to.
PROBE_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "probe"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    recreate = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    with op.batch_alter_table("report", recreate=recreate) as batch_op:
        batch_op.add_column(sa.Column("probe", sa.Integer(), nullable=True))
    op.drop_index("ix_observation_section_id", table_name="observation")
    if {fail}:
        raise RuntimeError("probe revision fails midway")


def downgrade() -> None:
    raise NotImplementedError
"""


@contextmanager
def _probe_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, fail: bool
) -> Iterator[None]:
    folder = tmp_path / "migrations"
    shutil.copytree(
        Path(str(resources.files("edureports.migrations"))),
        folder,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    cfg = Config()
    cfg.set_main_option("script_location", str(folder))
    (head,) = ScriptDirectory.from_config(cfg).get_heads()
    (folder / "versions" / "9999_probe.py").write_text(
        PROBE_REVISION.format(head=head, fail=fail), "utf-8"
    )
    original = db.alembic_config

    def probe_config(engine: Engine) -> Config:
        config = original(engine)
        config.set_main_option("script_location", str(folder))
        return config

    with monkeypatch.context() as patch:
        patch.setattr(db, "alembic_config", probe_config)
        yield


def test_failing_revision_at_head_keeps_views_and_indexes(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views dropped before the revisions and a table rebuilt come back with the rollback."""
    _load_samples(engine)
    before, view_rows = _snapshot(engine), _view_rows(engine)
    with _probe_scripts(tmp_path, monkeypatch, fail=True), pytest.raises(RuntimeError):
        db.upgrade(engine)
    assert _snapshot(engine) == before
    assert _view_rows(engine) == view_rows
    db.upgrade(engine)
    assert _snapshot(engine) == before


def test_rebuilding_a_parent_table_keeps_its_children(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite batch mode drops and renames `report`: with foreign keys enforced that DROP
    would cascade to every section and figure, so migrations run with them off (then checked)."""
    _load_samples(engine)
    before = _snapshot(engine)["rows"]
    with _probe_scripts(tmp_path, monkeypatch, fail=False):
        db.upgrade(engine)
        assert db.current(engine).at_head
    after = _snapshot(engine)
    assert after["version"] == ("probe",)
    assert after["rows"] == before
    assert "probe" in {col[0] for col in after["columns"]["report"]}
    assert set(views.available()) <= set(after["views"])
    with engine.connect() as c:
        assert c.exec_driver_sql("SELECT 1").scalar() == 1
        if engine.dialect.name == "sqlite":
            assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


# --- (b) the first upgrade of a new database, killed midway -----------------------------


@pytest.mark.parametrize(
    "target", [CREATE_TABLE, CREATE_VIEW], ids=["first-table", "first-view-at-head"]
)
def test_killed_first_upgrade_is_completed_by_the_next(
    empty_engine: Engine, tmp_path: Path, target: str
) -> None:
    marker = tmp_path / "killed"
    proc = _interrupted(empty_engine, target, "kill", marker, "db", "upgrade")
    out, err = proc.communicate(timeout=300)
    assert marker.exists() and proc.returncode == -signal.SIGKILL, (out, err)
    empty_engine.dispose()
    assert db.current(empty_engine).current == ()
    assert inspect(empty_engine).get_table_names() == []
    db.upgrade(empty_engine)
    assert db.current(empty_engine).at_head
    assert set(views.available()) <= set(inspect(empty_engine).get_view_names())
    assert set(_view_rows(empty_engine)) == set(views.available())  # each one answers


# --- (c) two processes on a new database at once -----------------------------------------


def _lock_waits(engine: Engine) -> int:
    """Sessions of this PostgreSQL database waiting for a lock (the upgrade's, here)."""
    admin = create_engine(engine.url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as c:
            return c.scalar(
                text(
                    "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    " AND wait_event_type = 'Lock'"
                )
            )
    finally:
        admin.dispose()


def _has_open(pid: int, path: Path) -> bool:
    try:
        links = [os.readlink(f) for f in Path(f"/proc/{pid}/fd").iterdir()]
    except OSError:
        return False
    return str(path) in links


def _wait_until_blocked(engine: Engine, proc: subprocess.Popen, what: str) -> None:
    """Return once `proc` waits for the paused upgrade's lock (or has already finished).

    PostgreSQL shows lock waits in pg_stat_activity. SQLite shows nothing: once the process
    has opened the file, give it until a deadline to finish on its own (before the fix it
    failed at once with "table ... already exists"); then the paused upgrade goes on."""
    if engine.dialect.name == "postgresql":
        deadline = time.monotonic() + 120
        while _lock_waits(engine) == 0 and proc.poll() is None:
            assert time.monotonic() < deadline, f"{what} never waited for the upgrade"
            time.sleep(0.02)
        return
    path = Path(str(engine.url.database)).resolve()
    _wait_for(lambda: _has_open(proc.pid, path), f"{what} opening the database", proc)
    with suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=3)


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches /proc/<pid>/fd")
@pytest.mark.parametrize("command", ["upgrade", "load"])
def test_two_processes_on_a_new_database_take_turns(
    empty_engine: Engine, tmp_path: Path, command: str
) -> None:
    folder = tmp_path / "corpus"
    count = len(list(write_corpus(folder, 4, seed=3)))
    args = ["db", "upgrade"] if command == "upgrade" else ["load", str(folder)]
    marker = tmp_path / "paused"
    first = _interrupted(empty_engine, CREATE_TABLE, "pause", marker, *args)
    _wait_for(marker.exists, "the first process inside its migration", first)
    second = subprocess.Popen(
        [EXE, "--db", _url(empty_engine), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_blocked(empty_engine, second, "the second process")
    finally:
        Path(f"{marker}.go").touch()
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert (first.returncode, second.returncode) == (0, 0), outs
    assert db.current(empty_engine).at_head
    if command == "load":
        with empty_engine.connect() as c:
            assert c.scalar(select(func.count()).select_from(Report)) == count
            assert c.scalar(select(func.count(func.distinct(Report.sha256)))) == count


# --- (d) readers during an upgrade --------------------------------------------------------


def test_reader_never_sees_the_views_missing(engine: Engine, tmp_path: Path) -> None:
    """An upgrade paused with every view dropped and the first re-created: a reader of each
    view sees the old views (SQLite, WAL) or waits and reads the new ones (PostgreSQL)."""
    _load_samples(engine)
    expected = _view_rows(engine)
    with engine.begin() as c:  # as after a release that changed every view's SQL
        c.execute(text("UPDATE schema_object SET sha256 = 'old' WHERE kind = 'view'"))
    marker = tmp_path / "paused"
    upgrader = _interrupted(engine, CREATE_VIEW, "pause", marker, "db", "upgrade")
    _wait_for(marker.exists, "the upgrade between two views", upgrader)
    seen: dict[str, int] = {}
    errors: list[BaseException] = []

    def read() -> None:
        try:
            seen.update(_view_rows(engine))
        except BaseException as exc:  # reported by the test thread
            errors.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        deadline = time.monotonic() + 120
        while reader.is_alive() and time.monotonic() < deadline:
            if engine.dialect.name == "postgresql" and _lock_waits(engine):
                break  # waits behind the upgrade's DROP VIEW: let the upgrade commit
            time.sleep(0.02)
    finally:
        Path(f"{marker}.go").touch()
    reader.join(timeout=120)
    out, err = upgrader.communicate(timeout=300)
    assert upgrader.returncode == 0, (out, err)
    assert not errors, errors
    assert seen == expected
    assert _view_rows(engine) == expected
