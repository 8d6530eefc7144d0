"""Concurrent loaders on PostgreSQL and interrupted loads (SIGINT, SIGKILL) on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.corpus import write_corpus
from sqlalchemy import Engine, func, select

from edureports.models import Observation, Report, Section
from edureports.parse import parse_text

EXE = str(Path(sys.executable).with_name("edureports"))


def _loader(url: str, folder: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [EXE, "--db", url, "load", *extra, str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _reports(engine: Engine) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(Report)) or 0


def _assert_no_partial_report(engine: Engine) -> None:
    """Every stored report has exactly the sections and figures its text parses into."""
    with engine.connect() as c:
        for report_id, body in c.execute(select(Report.id, Report.text)):
            parsed = parse_text(body)
            sections = c.scalar(select(func.count()).where(Section.report_id == report_id))
            figures = c.scalar(select(func.count()).where(Observation.report_id == report_id))
            assert (sections, figures) == (len(parsed.sections), len(parsed.figures)), report_id


def test_two_concurrent_loaders_store_each_report_once(
    engine: Engine, db_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL use case; SQLite serialises writers")
    folder = tmp_path / "corpus"
    count = len(list(write_corpus(folder, 30, seed=7)))
    first, second = _loader(db_url, folder), _loader(db_url, folder)
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    for _, err in outs:
        assert "error" not in err.lower(), err
    loaded = sum(int(out.split("loaded ")[1].split(",")[0]) for out, _ in outs)
    assert loaded == count
    assert _reports(engine) == count
    _assert_no_partial_report(engine)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_load_leaves_no_partial_report(
    engine: Engine, db_url: str, tmp_path: Path, sig: signal.Signals
) -> None:
    folder = tmp_path / "corpus"
    count = len(list(write_corpus(folder, 40, seed=11)))
    proc = _loader(db_url, folder)
    deadline = time.monotonic() + 120
    while _reports(engine) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGINT and proc.returncode not in (0,):
        assert proc.returncode == 130 and "interrupted" in err
    stored = _reports(engine)
    assert 0 < stored <= count
    _assert_no_partial_report(engine)
    rerun = _loader(db_url, folder)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    assert _reports(engine) == count
    assert f"already present {stored}" in out
    _assert_no_partial_report(engine)
