"""Concurrent loaders on PostgreSQL and interrupted loads (SIGINT, SIGKILL) on both backends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.corpus import synthetic_report, write_corpus
from sqlalchemy import Engine, func, select, text

from edureports import summaries
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


@pytest.mark.parametrize("jobs", ["1", "2"], ids=["1job", "2jobs"])
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
def test_interrupted_load_leaves_no_partial_report(
    engine: Engine, db_url: str, tmp_path: Path, sig: signal.Signals, jobs: str
) -> None:
    folder = tmp_path / "corpus"
    count = len(list(write_corpus(folder, 40, seed=11)))
    proc = _loader(db_url, folder, "--jobs", jobs)
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


def test_concurrent_loaders_of_one_bureau_keep_its_summaries_whole(
    engine: Engine, db_url: str, backend: str, tmp_path: Path
) -> None:
    """Two loaders, two workers each, all storing reports of one bureau and two years: every
    transaction refreshes the same summary rows (PostgreSQL: under the bureau's advisory
    lock), and the tables end equal to their definitions run from scratch."""
    if backend != "postgresql":
        pytest.skip("concurrent writers are a PostgreSQL use case; SQLite serialises writers")
    folder = tmp_path / "one_bureau"
    folder.mkdir()
    for n in range(16):
        name, body = synthetic_report(n, seed=23, paragraphs=12)
        title = body.split("\n", 1)[0]
        year = 2020 + n % 2
        own = f"黎城县教育局{year}年工作总结和{year + 1}年工作计划"
        (folder / name).write_text(
            body.replace(title, own).replace(title[: title.index("教育局")], "黎城县"), "utf-8"
        )
    first = _loader(db_url, folder, "--jobs", "2")
    second = _loader(db_url, folder, "--jobs", "2")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, outs
    assert _reports(engine) == 16
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(DISTINCT bureau_id) FROM report")) == 1
        assert c.scalar(text("SELECT COUNT(*) FROM counted_figure")) > 0
        assert summaries.differences(c) == {}
    _assert_no_partial_report(engine)
