"""The command line: help everywhere, runs from any folder, writes refused, demo works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from edureports.cli import main
from tests.conftest import SAMPLES


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(_commands(command, path))
    return found


ALL_COMMANDS = _commands(main)


def test_the_spec_commands_exist() -> None:
    names = {" ".join(c) for c in ALL_COMMANDS}
    assert {
        "db",
        "db upgrade",
        "db downgrade",
        "db current",
        "load",
        "reparse",
        "reports",
        "show",
        "compare",
        "query",
        "indicators",
        "demo",
    } <= names


@pytest.mark.parametrize("command", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help_text(command: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0, result.output
    obj: click.Command = main
    for name in command:
        assert isinstance(obj, click.Group)
        obj = obj.commands[name]
    assert obj.help and len(obj.help.strip()) > 10
    assert obj.help.strip().splitlines()[0] in " ".join(result.output.split())


def _run(
    args: list[str], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("edureports")
    return subprocess.run(
        [str(exe), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_installed_cli_from_another_folder(tmp_path: Path) -> None:
    """Migrations, views and samples are found from any working directory."""
    env = {"EDUREPORTS_DATABASE_URL": ""}
    up = _run(["db", "upgrade"], tmp_path, env)
    assert up.returncode == 0, up.stderr
    assert (tmp_path / "edureports.db").exists()
    loaded = _run(["load", str(SAMPLES)], tmp_path, env)
    assert loaded.returncode == 0, loaded.stderr
    assert "loaded 5, already present 0, failed 0" in loaded.stdout
    out = _run(["query", "select source_name, review_year from v_reports"], tmp_path, env)
    assert out.returncode == 0 and out.stdout.count(".txt") == 5
    current = _run(["db", "current"], tmp_path, env)
    assert "at head" in current.stdout


def test_load_exit_status_and_one_line_errors(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes((SAMPLES / "003_095e9da9a0d42760.txt").read_bytes())
    db = f"sqlite:///{tmp_path / 'x.db'}"
    result = CliRunner().invoke(
        main,
        [
            "--db",
            db,
            "load",
            str(tmp_path / "bad.txt"),
            str(tmp_path / "good.txt"),
            str(tmp_path / "gone.txt"),
        ],
    )
    assert result.exit_code == 1
    assert "loaded 1, already present 0, failed 2" in result.output
    assert "error: bad.txt: empty file" in result.output
    assert "error: gone.txt: no such file or folder" in result.output


def test_query_refuses_writes(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "db", "upgrade"]).exit_code == 0
    for sql in (
        "delete from region",
        "drop table region",
        "select 1; delete from region",
        "update indicator set unit = 'x'",
    ):
        result = runner.invoke(main, ["--db", db, "query", sql])
        assert result.exit_code == 1 and "Error:" in result.output, sql
    result = runner.invoke(main, ["--db", db, "query", "select count(*) as n from region"])
    assert result.exit_code == 0 and "n" in result.output
    assert int(result.output.split()[2]) > 3000


def test_query_csv_and_json(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "db", "upgrade"]).exit_code == 0
    sql = "select code, unit from indicator order by code"
    out = runner.invoke(main, ["--db", db, "query", sql, "--format", "csv"])
    assert out.exit_code == 0 and out.output.startswith("code,unit\n")
    target = tmp_path / "q.json"
    out = runner.invoke(main, ["--db", db, "query", sql, "--format", "json", "-o", str(target)])
    assert out.exit_code == 0 and '"funding_amount"' in target.read_text("utf-8")


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{db}", "load", "--dry-run", str(SAMPLES)]
    )
    assert result.exit_code == 0, result.output
    assert "parsed 5, failed 0" in result.output
    assert not db.exists()


def test_show_and_reports(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'x.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", db, "load", str(SAMPLES)]).exit_code == 0
    listing = runner.invoke(main, ["--db", db, "reports"])
    assert listing.exit_code == 0 and listing.output.count(".txt") == 5
    shown = runner.invoke(main, ["--db", db, "show", "003_095e9da9a0d42760.txt"])
    assert shown.exit_code == 0, shown.output
    assert "003_095e9da9a0d42760.txt" in shown.output
    missing = runner.invoke(main, ["--db", db, "show", "999"])
    assert missing.exit_code == 1 and "no report" in missing.output


def test_demo(tmp_path: Path) -> None:
    result = _run(["demo"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "loaded 5 sample reports" in result.stdout
    for topic in ("enrolment", "consolidation", "funding"):
        assert f"== compare {topic} ==" in result.stdout
    assert (tmp_path / "edureports-demo.db").exists()
