"""The PostgreSQL refresh sends the summary statements through psycopg directly (pipelined,
prepared): their text is derived from the same definitions, parameters rewritten."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from edureports import driver, summaries
from edureports.loading import load_paths
from tests.conftest import sample_paths


@pytest.mark.parametrize(
    ("portable", "psycopg"),
    [
        ("r.bureau_id = :bureau_id", "r.bureau_id = %(bureau_id)s"),
        ("p.year IN :years", "p.year = ANY(%(years)s)"),
        ("o.report_id IN :ids AND x = :b", "o.report_id = ANY(%(ids)s) AND x = %(b)s"),
        ("CAST(v AS NUMERIC)::text", "CAST(v AS NUMERIC)::text"),  # a cast is no parameter
        ("'a:b' || '50%'", "'a:b' || '50%%'"),  # psycopg reads % as a placeholder
    ],
)
def test_parameters_rewritten_for_psycopg(portable: str, psycopg: str) -> None:
    assert driver.for_psycopg(portable) == psycopg


def test_statements_derive_from_the_definitions() -> None:
    keys, links, statements, per_report = summaries._statements("postgresql")
    assert [u.split()[2] for u in per_report] == list(summaries.PER_REPORT)
    assert all("ANY(%(reports)s)" in u and "ON CONFLICT" in u for u in per_report)
    assert ":" not in keys.replace("%(ids)s", "") and "ANY(%(ids)s)" in keys
    assert "%(bureau_id)s" in links
    deletes, fills = statements[: len(summaries.SUMMARIES)], statements[len(summaries.SUMMARIES) :]
    assert [d.split()[2] for d in deletes] == list(reversed(summaries.SUMMARIES))
    for name, fill in zip(summaries.SUMMARIES, fills, strict=True):
        assert fill.startswith(f"INSERT INTO {name} (")
        assert "{keys}" not in fill and "%(bureau_id)s" in fill and "ANY(%(years)s)" in fill


def test_refresh_of_every_bureau_equals_the_definitions(engine: Engine) -> None:
    """refresh with every bureau and year (pipelined on PostgreSQL, portable on SQLite)
    after emptying the tables gives what the definitions give."""
    assert all(o.status == "loaded" for o in load_paths(engine, sample_paths()))
    with engine.begin() as c:
        keys = summaries.keys_of(c, c.scalars(text("SELECT id FROM report")).all())
        assert keys
        for name in reversed(summaries.EVERY):
            c.execute(text(f"DELETE FROM {name}"))
        summaries.refresh(c, keys)
    with engine.connect() as c:
        assert summaries.differences(c) == {}
        assert c.scalar(text("SELECT COUNT(*) FROM counted_figure")) > 0
