"""Progress of a load: files done of all, the file being read, time left, one summary line.

Issue 11, point 8: the bar showed a percentage only. The library reports progress through a
callback (it never prints); the CLI draws it on a terminal and is quiet elsewhere but for
the summary.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from wcwidth import wcswidth

from edureports import cli
from edureports.loading import LoadProgress, format_elapsed, load_paths
from tests.test_load import GOOD_REPORT


def _reports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i}.txt"
        path.write_text(GOOD_REPORT.replace("368万元", f"{400 + i}万元"), encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.parametrize("jobs", [1, 2])
def test_progress_names_each_file_before_it_is_read(
    engine: Engine, tmp_path: Path, jobs: int
) -> None:
    files = _reports(tmp_path, 3)
    files.insert(1, tmp_path / "gone.txt")  # a failure is a file done too
    log: list[tuple] = []
    events: list[LoadProgress] = []

    def on_progress(progress: LoadProgress) -> None:
        events.append(progress)
        log.append(("reading", progress.done, progress.current))

    for outcome in load_paths(engine, files, jobs=jobs, on_progress=on_progress):
        log.append(("done", outcome.path, outcome.status))
    names = [str(p) for p in files]
    assert log == [
        ("reading", 0, names[0]),
        ("done", names[0], "loaded"),
        ("reading", 1, names[1]),
        ("done", names[1], "failed"),
        ("reading", 2, names[2]),
        ("done", names[2], "loaded"),
        ("reading", 3, names[3]),
        ("done", names[3], "loaded"),
        ("reading", 4, None),
    ]
    assert {e.total for e in events} == {4}
    elapsed = [e.elapsed for e in events]
    assert elapsed == sorted(elapsed) and elapsed[0] >= 0


def test_progress_of_a_dry_run(tmp_path: Path) -> None:
    files = _reports(tmp_path, 2)
    events: list[LoadProgress] = []
    outcomes = list(load_paths(None, files, dry_run=True, on_progress=events.append))
    assert [o.status for o in outcomes] == ["parsed", "parsed"]
    assert [(e.done, e.total, e.current) for e in events] == [
        (0, 2, str(files[0])),
        (1, 2, str(files[1])),
        (2, 2, None),
    ]


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "remaining"),
    [
        (0, 10, 5.0, None),  # no pace yet
        (2, 6, 4.0, 8.0),
        (1, 3, 2.5, 5.0),
        (6, 6, 9.0, 0.0),
    ],
)
def test_time_left_at_the_pace_so_far(
    done: int, total: int, elapsed: float, remaining: float | None
) -> None:
    assert LoadProgress(done, total, None, elapsed).remaining == remaining


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.04, "0.0 s"), (4.25, "4.2 s"), (59.9, "59.9 s"), (125, "2 min 05 s"), (3720, "1 h 02 min")],
)
def test_time_taken_reads_at_a_glance(seconds: float, text: str) -> None:
    assert format_elapsed(seconds) == text


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def _frames(stream: io.StringIO) -> list[str]:
    """What the terminal showed, redraw by redraw (tqdm redraws after a carriage return)."""
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", stream.getvalue())
    return [frame.strip() for frame in re.split(r"[\r\n]", text) if frame.strip()]


def test_terminal_bar_shows_done_total_file_and_time_left() -> None:
    stream = Terminal()
    with cli.LoadBar(3, stream, columns=100, mininterval=0) as bar:
        bar(LoadProgress(0, 3, "/data/a.txt", 0.0))
        bar(LoadProgress(1, 3, "/data/黎城县2021年工作总结.docx", 2.0))
    frames = _frames(stream)
    assert any(f.startswith("loading 0/3 |") and f.endswith("a.txt") for f in frames), frames
    [second] = [f for f in frames if "黎城县" in f]
    assert re.fullmatch(
        r"loading 1/3 \|#+ *\|\s+33%\s+00:04 left\s+黎城县2021年工作总结\.docx", second
    )


def test_terminal_bar_fits_the_terminal_with_chinese_names() -> None:
    stream = Terminal()
    name = (
        "/data/" + "黎城县教育体育局关于二〇二一年工作总结和二〇二二年工作计划的报告" * 2 + ".pdf"
    )
    with cli.LoadBar(120, stream, columns=60, mininterval=0) as bar:
        for done in range(3):
            bar(LoadProgress(done, 120, name, 1.0 + done))
    frames = _frames(stream)
    assert any("黎城县" in f for f in frames)
    assert all(wcswidth(f) <= 60 for f in frames), [wcswidth(f) for f in frames]


def test_no_bar_when_not_a_terminal() -> None:
    stream = io.StringIO()
    with cli.LoadBar(3, stream, mininterval=0) as bar:
        bar(LoadProgress(0, 3, "/data/a.txt", 0.0))
        bar(LoadProgress(3, 3, None, 1.0))
    assert stream.getvalue() == ""


def test_cli_away_from_a_terminal_prints_the_summary_only(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    _reports(folder, 2)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["--db", db_url, "load", str(folder)])
    assert result.exit_code == 1
    assert re.fullmatch(
        r"loaded 2, already present 0, failed 1; took \d+(\.\d)? s\n", result.stdout
    ), result.stdout
    assert result.stderr == "error: empty.txt: empty file\n"
    again = CliRunner().invoke(cli.main, ["--db", db_url, "load", str(folder)])
    assert again.stdout.startswith("loaded 0, already present 2, failed 1; took ")


def test_cli_dry_run_summary(tmp_path: Path) -> None:
    files = _reports(tmp_path / "in", 2)
    result = CliRunner().invoke(cli.main, ["load", "--dry-run", *map(str, files)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and all(line.startswith(("0.txt:", "1.txt:")) for line in lines[:2])
    assert re.fullmatch(r"parsed 2, failed 0 \(dry run: nothing stored\); took \S+ s", lines[2])
    assert result.stderr == ""
