"""docs/analyst-tour.md runs as written (issue #11): on the demo data (the five samples, as
`edureports demo` loads them), on both engines, every SQL query of the tour executes and
returns rows, every reading command of it succeeds with output, and its Python works."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from edureports.cli import main
from edureports.loading import load_paths
from tests.conftest import sample_paths

TOUR = Path(__file__).resolve().parents[1] / "docs" / "analyst-tour.md"
_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
# Commands of the tour that only read (demo, load and db commands change databases and
# are tested where they live).
_READING = {"compare", "reports", "show", "query"}


def blocks(language: str) -> list[str]:
    return [body for lang, body in _BLOCK.findall(TOUR.read_text("utf-8")) if lang == language]


def tour_queries() -> list[str]:
    return [q.strip().rstrip(";") for q in blocks("sql")]


def tour_commands() -> list[list[str]]:
    """The reading `edureports …` lines of the shell blocks, as argument lists."""
    commands = []
    for body in blocks("sh"):
        for line in body.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if len(words) > 1 and words[0] == "edureports" and words[1] in _READING:
                commands.append(words[1:])
    return commands


def test_the_tour_has_what_this_test_runs() -> None:
    assert len(tour_queries()) >= 4
    assert {c[0] for c in tour_commands()} >= {"compare", "reports", "show"}
    assert blocks("python")


@pytest.fixture
def demo(engine: Engine) -> Engine:
    """The demo data: the bundled samples, loaded as `edureports demo` loads them."""
    outcomes = list(load_paths(engine, sample_paths()))
    assert [o.status for o in outcomes] == ["loaded"] * len(outcomes) == ["loaded"] * 5
    return engine


@pytest.mark.parametrize("number", range(len(tour_queries())))
def test_tour_query_returns_rows(demo: Engine, number: int) -> None:
    query = tour_queries()[number]
    with demo.connect() as connection:
        rows = connection.execute(text(query)).all()
    assert rows, f"query {number + 1} of the tour returns no rows on the demo data:\n{query}"


@pytest.mark.parametrize("args", tour_commands(), ids=lambda args: " ".join(args).replace("/", "_"))
def test_tour_command_works(
    demo: Engine, db_url: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # -o files land here
    result = CliRunner().invoke(main, ["--db", db_url, *args])
    assert result.exit_code == 0, result.output
    if "-o" in args:
        written = tmp_path / args[args.index("-o") + 1]
        assert written.stat().st_size > 0
        assert re.search(r"wrote [1-9]\d* rows", result.stderr), result.stderr
    else:
        # a header, a rule and at least one row (or a report's heading and sections)
        assert len(result.stdout.strip().splitlines()) >= 3, result.output


def test_tour_python_runs(demo: Engine, db_url: str) -> None:
    for body in blocks("python"):
        code = body.replace("sqlite:///edureports.db", db_url)
        namespace: dict = {}
        exec(compile(code, str(TOUR), "exec"), namespace)  # the tour's own snippet
        frame = namespace["frame"]
        assert len(frame) >= 1 and set(frame["year"]) == {2022}
        assert len(namespace["result"].frame) >= 1
