"""The data dictionary describes every view column, on both backends, and docs/ is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from edureports import dictionary, views
from edureports.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "dictionary.md"


def test_every_view_is_documented() -> None:
    assert [v.name for v in dictionary.VIEW_DOCS] == list(views.VIEWS)


@pytest.mark.parametrize("name", views.VIEWS)
def test_columns_match_the_views(engine: Engine, name: str) -> None:
    with engine.connect() as c:
        columns = list(c.execute(text(f"SELECT * FROM {name} WHERE 1 = 0")).keys())
    assert [col.name for col in dictionary.columns_of(name)] == columns


def test_every_column_has_a_meaning_and_a_type() -> None:
    for view in dictionary.VIEW_DOCS:
        for col in view.columns:
            assert col.meaning, (view.name, col.name)
            assert col.type in {"integer", "double", "text", "date", "timestamp", "flag"}


def test_docs_dictionary_is_current() -> None:
    """Fails when docs/dictionary.md is stale: run `edureports dictionary -o docs/dictionary.md`."""
    assert DOC.read_text(encoding="utf-8") == dictionary.markdown()


def test_cli_prints_the_dictionary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["dictionary"])
    assert result.exit_code == 0
    assert result.output == dictionary.markdown()
    out = tmp_path / "d.md"
    assert CliRunner().invoke(main, ["dictionary", "-o", str(out)]).exit_code == 0
    assert out.read_text(encoding="utf-8") == dictionary.markdown()


def test_indicator_columns_come_from_the_catalog() -> None:
    col = {c.name: c for c in dictionary.columns_of("v_enrolment")}
    assert col["preschool_gross_enrolment_rate"].unit == "percent"
    assert col["preschool_gross_enrolment_rate"].label_zh == "学前三年毛入园率"
    assert col["school_places_added"].unit == "places"


def test_postgresql_comments(engine: Engine, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("COMMENT ON is PostgreSQL-only")
    with engine.connect() as c:
        view_comment = c.scalar(text("SELECT obj_description('v_funding'::regclass, 'pg_class')"))
        column_comments = dict(
            c.execute(
                text(
                    "SELECT a.attname, col_description(a.attrelid, a.attnum) "
                    "FROM pg_attribute a WHERE a.attrelid = 'v_enrolment'::regclass "
                    "AND a.attnum > 0"
                )
            ).all()
        )
    assert view_comment and view_comment.startswith("one row per bureau")
    assert all(column_comments.values())
    assert "percent" in column_comments["preschool_gross_enrolment_rate"]
