"""The summary tables always equal their definitions run from scratch, after every kind of
change (load, a report that takes precedence, reparse to another bureau and year, delete,
a part whose total is in another year), and the views read from them give the rows the
from-scratch computation gives. Both backends."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from edureports import db, schema_sync, summaries, views
from edureports.cli import main
from edureports.loading import load_paths
from edureports.parse.types import Period
from edureports.store import delete_report, reparse_report, store_parsed
from tests import view_fixtures
from tests.conftest import sample_paths
from tests.test_views import norm
from tests.view_fixtures import CONS, LICHENG, Doc, Fig

# The views whose SQL reads a summary table directly.
SUMMARY_VIEWS = (
    "v_counted_figures",
    "v_indicator_values",
    "v_catalog_values",
    "v_reports",
    "v_district_comparison",
    "v_standards",
)


def _summary(name: str, published: date, review: Period, figures: list[Fig]) -> Doc:
    """A work summary of 黎城县 reviewing one period (the reports these tests add)."""
    return Doc(name, LICHENG, "summary", published, review, None, figures)


def assert_fresh(engine: Engine) -> None:
    """Every summary table holds exactly what its definition computes from the base tables."""
    with engine.connect() as c:
        assert summaries.differences(c) == {}
        # Not vacuous: the definitions return rows wherever figures count.
        counted = c.scalar(
            text(f"SELECT COUNT(*) FROM ({summaries.from_scratch('counted_figure')}) f")
        )
        assert c.scalar(text("SELECT COUNT(*) FROM counted_figure")) == counted
        # One count row per report, no more, no fewer.
        assert c.scalar(text("SELECT COUNT(*) FROM report_count")) == c.scalar(
            text("SELECT COUNT(*) FROM report")
        )


def _sorted_rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as c:
        return sorted(
            (tuple(norm(v) for v in r) for r in c.execute(text(sql))),
            key=lambda r: tuple((v is None, str(v)) for v in r),
        )


def inline(name: str) -> str:
    """The view's SQL with its summary tables computed inline from their definitions: what
    the view gave before the tables existed."""
    body = views.read_sql(name).strip().rstrip(";")
    for table in summaries.EVERY:
        # "FROM picked_value t" keeps its alias; "FROM picked_value WHERE" gets the table's.
        body = re.sub(
            rf"\b(FROM|JOIN) {table}(\s+(?!(?:WHERE|ON|GROUP|ORDER|LEFT|JOIN)\b)\w+)?",
            lambda m, t=table: (
                f"{m.group(1)} ({summaries.from_scratch(t)}) {(m.group(2) or t).strip()}"
            ),
            body,
        )
    return body


def assert_views_as_from_scratch(engine: Engine) -> None:
    for name in SUMMARY_VIEWS:
        stored = _sorted_rows(engine, f"SELECT * FROM {name}")
        assert stored == _sorted_rows(engine, f"SELECT * FROM ({inline(name)}) v"), name


def _report_id(engine: Engine, source_name: str) -> int:
    with engine.connect() as c:
        return c.scalar(text("SELECT id FROM report WHERE source_name = :n"), {"n": source_name})


def _value(engine: Engine, bureau: str, indicator: str, year: int) -> float | None:
    with engine.connect() as c:
        return c.scalar(
            text(
                "SELECT value FROM v_indicator_values WHERE bureau_name = :b "
                "AND indicator_code = :i AND year = :y AND role = 'review'"
            ),
            {"b": bureau, "i": indicator, "y": year},
        )


def test_summaries_equal_definitions_after_loading_samples(engine: Engine) -> None:
    outcomes = list(load_paths(engine, sample_paths()))
    assert all(o.status == "loaded" for o in outcomes)
    assert_fresh(engine)
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM counted_figure")) > 0
    assert_views_as_from_scratch(engine)


def test_every_definition_returns_its_table_columns(engine: Engine) -> None:
    """The tables are filled positionally: the definition's columns, in the table's order."""
    with engine.connect() as c:
        for name in summaries.SUMMARIES:
            result = c.execute(text(f"SELECT * FROM ({summaries.from_scratch(name)}) f LIMIT 0"))
            columns = list(result.keys())
            table = c.execute(text(f"SELECT * FROM {name} LIMIT 0")).keys()
            assert columns == list(table), name


def test_each_load_keeps_them_fresh_and_a_later_report_takes_precedence(engine: Engine) -> None:
    for doc in view_fixtures.DOCS:
        store_parsed(engine, view_fixtures.build(doc))
        assert_fresh(engine)
    # R3 (published after R1) restates 黎城县's 2022 enrolment rate: its figure counts.
    assert _value(engine, LICHENG[0], view_fixtures.PRE, 2022) == 91.2
    assert_views_as_from_scratch(engine)


def test_delete_brings_back_what_the_deleted_report_outranked(engine: Engine) -> None:
    view_fixtures.load(engine)
    r3 = _report_id(engine, "r3_licheng_speech.txt")
    with engine.connect() as c:
        others = c.execute(
            text("SELECT id, sha256 FROM report WHERE id <> :r ORDER BY id"), {"r": r3}
        ).all()
        other_figures = c.scalar(
            text("SELECT COUNT(*) FROM observation WHERE report_id <> :r"), {"r": r3}
        )
    assert delete_report(engine, r3) == "r3_licheng_speech.txt"
    assert _value(engine, LICHENG[0], view_fixtures.PRE, 2022) == 90.5  # R1's again
    assert_fresh(engine)
    assert_views_as_from_scratch(engine)
    with engine.connect() as c:
        for table in (
            "report",
            "section",
            "observation",
            "counted_figure",
            "picked_value",
            "catalog_value",
            "report_count",
        ):
            column = "id" if table == "report" else "report_id"
            left = c.scalar(text(f"SELECT COUNT(*) FROM {table} WHERE {column} = :r"), {"r": r3})
            assert left == 0, table
        assert (
            c.execute(
                text("SELECT id, sha256 FROM report WHERE id <> :r ORDER BY id"), {"r": r3}
            ).all()
            == others
        )
        assert c.scalar(text("SELECT COUNT(*) FROM observation")) == other_figures


def test_delete_of_an_unknown_report_changes_nothing(engine: Engine) -> None:
    view_fixtures.load(engine)
    with pytest.raises(LookupError, match="no report 9999"):
        delete_report(engine, 9999)
    assert_fresh(engine)


def test_reparse_to_another_bureau_and_year_refreshes_old_and_new(engine: Engine) -> None:
    list(load_paths(engine, sample_paths()))
    with engine.connect() as c:
        report_id, old_bureau = c.execute(
            text(
                "SELECT report_id, bureau_id FROM counted_figure "
                "GROUP BY report_id, bureau_id ORDER BY COUNT(*) DESC, report_id LIMIT 1"
            )
        ).one()
    reparse_report(engine, report_id, bureau="壶关县教育局", year=2019)
    assert_fresh(engine)
    assert_views_as_from_scratch(engine)
    with engine.connect() as c:
        huguan = c.scalar(text("SELECT id FROM bureau WHERE name = '壶关县教育局'"))
        moved = (
            c.execute(
                text("SELECT DISTINCT bureau_id FROM counted_figure WHERE report_id = :r"),
                {"r": report_id},
            )
            .scalars()
            .all()
        )
        years = (
            c.execute(
                text("SELECT DISTINCT year FROM counted_figure WHERE report_id = :r"),
                {"r": report_id},
            )
            .scalars()
            .all()
        )
    assert huguan != old_bureau and moved == [huguan]
    assert 2019 in years
    # Again without options: the overrides are kept with the report; nothing changes.
    reparse_report(engine, report_id)
    assert_fresh(engine)


def test_a_part_whose_total_is_in_another_year(engine: Engine) -> None:
    """A part counted in 2021 whose total is stated for 2022 (same report): when a later
    report outranks that total, the part counts again in 2021's sum, though the later report
    touched 2022 only."""
    early = _summary(
        "x_early.txt",
        date(2022, 1, 5),
        Period(2021),
        [
            Fig(
                "funding_amount", "100万元", 1_000_000, "yuan", 2021, funding_category="student_aid"
            ),
            Fig(
                "funding_amount",
                "300万元",
                3_000_000,
                "yuan",
                2022,
                funding_category="student_aid",
                total_of=(0,),
            ),
        ],
    )
    later = _summary(
        "x_later.txt",
        date(2023, 1, 5),
        Period(2022),
        [Fig("funding_amount", "320万元", 3_200_000, "yuan", 2022, funding_category="student_aid")],
    )
    store_parsed(engine, view_fixtures.build(early))
    assert_fresh(engine)
    assert _value(engine, LICHENG[0], "funding_amount", 2021) is None  # its total counts
    store_parsed(engine, view_fixtures.build(later))
    assert_fresh(engine)
    assert _value(engine, LICHENG[0], "funding_amount", 2021) == 1_000_000
    delete_report(engine, _report_id(engine, "x_later.txt"))
    assert_fresh(engine)
    assert _value(engine, LICHENG[0], "funding_amount", 2021) is None


def test_rebuild_and_sync(engine: Engine) -> None:
    view_fixtures.load(engine)
    with engine.begin() as c:
        c.execute(text("DELETE FROM picked_value"))
        c.execute(text("UPDATE counted_figure SET value = value + 1"))
        assert summaries.differences(c)
        assert not summaries.sync(c)  # the definitions did not change: nothing to do
        summaries.rebuild(c)
    assert_fresh(engine)
    with engine.begin() as c:
        c.execute(text("UPDATE schema_object SET sha256 = 'old' WHERE kind = 'summary'"))
        c.execute(text("DELETE FROM catalog_value"))
    db.upgrade(engine)  # at head: a changed definition rebuilds
    assert_fresh(engine)


def test_upgrade_from_0009_with_data_fills_the_summaries(engine: Engine) -> None:
    view_fixtures.load(engine)
    before = {name: _sorted_rows(engine, f"SELECT * FROM {name}") for name in views.available()}
    db.downgrade(engine, "0009")
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM schema_object WHERE kind = 'summary'")) == 0
    db.upgrade(engine)
    assert_fresh(engine)
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM counted_figure")) > 0
    for name, rows in before.items():
        if name != "v_reports":  # loaded_at and the like do not change, but keep it simple
            assert _sorted_rows(engine, f"SELECT * FROM {name}") == rows, name


def test_cli_delete(engine: Engine, db_url: str) -> None:
    view_fixtures.load(engine)
    runner = CliRunner()
    r3 = _report_id(engine, "r3_licheng_speech.txt")
    refused = runner.invoke(main, ["--db", db_url, "delete", "r3_licheng_speech.txt"], input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert _report_id(engine, "r3_licheng_speech.txt") == r3
    unknown = runner.invoke(main, ["--db", db_url, "delete", "--yes", "no_such_report.txt"])
    assert unknown.exit_code == 1
    assert "no report 'no_such_report.txt'" in unknown.output
    assert len(unknown.output.strip().splitlines()) == 1
    done = runner.invoke(main, ["--db", db_url, "delete", "r3_licheng_speech.txt", "--yes"])
    assert done.exit_code == 0, done.output
    assert f"deleted report {r3} (r3_licheng_speech.txt)" in done.output
    assert _report_id(engine, "r3_licheng_speech.txt") is None
    assert_fresh(engine)
    confirmed = runner.invoke(main, ["--db", db_url, "delete", "r1_licheng_2022.txt"], input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert _report_id(engine, "r1_licheng_2022.txt") is None
    assert_fresh(engine)


def test_cli_delete_help() -> None:
    result = CliRunner().invoke(main, ["delete", "--help"])
    assert result.exit_code == 0
    assert "REPORT" in result.output and "--yes" in result.output


@pytest.mark.parametrize("missing", [[], ["--yes"]])
def test_cli_delete_needs_a_report(missing: list[str]) -> None:
    result = CliRunner().invoke(main, ["delete", *missing])
    assert result.exit_code == 2 and "REPORT" in result.output


def test_keys_of_reports_without_countable_figures_are_empty(engine: Engine) -> None:
    doc = replace(
        view_fixtures.DOCS[0], name="only_earlier.txt", figures=[view_fixtures.DOCS[0].figures[1]]
    )
    _, report_id = store_parsed(engine, view_fixtures.build(doc))
    with engine.connect() as c:
        assert summaries.keys_of(c, [report_id]) == {}
    assert_fresh(engine)


def test_keys_remember_their_reports_and_merge_joins_them(engine: Engine) -> None:
    view_fixtures.load(engine)
    with engine.connect() as c:
        ids = list(c.scalars(text("SELECT id FROM report ORDER BY id")))
        first, second = summaries.keys_of(c, ids[:1]), summaries.keys_of(c, ids[1:2])
    assert first.reports == {ids[0]} and second.reports == {ids[1]}
    merged = summaries.merge(first, second)
    assert merged.reports == {ids[0], ids[1]}
    assert dict(merged) == summaries.merge(dict(first), dict(second))


def test_refresh_of_reports_alone_recounts_them(engine: Engine) -> None:
    """A report without countable figures has no bureau x year keys, but its counts are
    still refreshed (v_reports counts every figure, unclassified and redacted too)."""
    view_fixtures.load(engine)
    with engine.begin() as c:
        c.execute(text("UPDATE report_count SET figures = figures + 7, sections = 0"))
        assert "report_count" in summaries.differences(c)
        ids = list(c.scalars(text("SELECT id FROM report")))
        summaries.refresh(c, {}, reports=ids)
    assert_fresh(engine)


def test_a_catalog_that_moves_an_indicator_to_another_family_recounts(engine: Engine) -> None:
    view_fixtures.load(engine)
    with engine.begin() as c:
        code = c.scalar(
            text("SELECT indicator_code FROM observation WHERE indicator_code <> 'unclassified'")
        )
        # The table says another family than the catalog: the counts follow the table...
        c.execute(text("UPDATE indicator SET family = 'other' WHERE code = :c"), {"c": code})
        assert "report_count" in summaries.differences(c)
        # ...and syncing the catalog (at head, or a load with --catalog) counts again.
        schema_sync.sync_indicators(c)
    assert_fresh(engine)


def test_every_additive_indicator_of_the_catalog_is_summed(engine: Engine) -> None:
    """v_indicator_values sums what the catalog marks additive, as v_catalog_values does:
    two schools built in one year are 5, not the first figure's 3 (it summed six hard-coded
    indicators, and schools_built was not one of them)."""
    doc = _summary(
        "x_built.txt",
        date(2023, 1, 5),
        Period(2022),
        [
            Fig("schools_built", "3所", 3, "schools", 2022),
            Fig("schools_built", "2所", 2, "schools", 2022),
        ],
    )
    store_parsed(engine, view_fixtures.build(doc))
    assert_fresh(engine)
    assert _value(engine, LICHENG[0], "schools_built", 2022) == 5
    with engine.connect() as c:
        summed = c.scalar(
            text(
                "SELECT value FROM v_catalog_values WHERE indicator_code = 'schools_built' "
                "AND year = 2022 AND role = 'review'"
            )
        )
        flags = c.execute(
            text(
                "SELECT DISTINCT v.indicator_code, v.additive, i.additive FROM v_indicator_values v"
                " JOIN indicator i ON i.code = v.indicator_code"
            )
        ).all()
    assert summed == 5
    assert flags and all(bool(shown) == bool(catalogued) for _, shown, catalogued in flags)


def test_a_catalog_that_makes_an_indicator_additive_or_not_repicks(engine: Engine) -> None:
    view_fixtures.load(engine)
    with engine.begin() as c:
        # The table says the opposite of the catalog: the picked values follow the table...
        c.execute(text("UPDATE indicator SET additive = NOT additive"))
        assert "picked_value" in summaries.differences(c)
        # ...and syncing the catalog (at head, or a load with --catalog) picks again.
        schema_sync.sync_indicators(c)
    assert_fresh(engine)


def test_the_preferred_value_is_the_review_else_the_plan(engine: Engine) -> None:
    view_fixtures.load(engine)
    with engine.connect() as c:
        groups = c.execute(
            text(
                "SELECT bureau_id, indicator_code, year, "
                "SUM(preferred), MAX(CASE WHEN role = 'review' THEN 1 ELSE 0 END), "
                "MAX(CASE WHEN preferred = 1 THEN role END) "
                "FROM picked_value GROUP BY bureau_id, indicator_code, year"
            )
        ).all()
    assert groups
    roles = set()
    for *_, preferred, has_review, role in groups:
        assert preferred == 1
        assert role == ("review" if has_review else "plan")
        roles.add(role)
    assert roles == {"review", "plan"}  # both cases occur in the fixtures


def test_pick_order_numbers_each_group_and_its_first_is_the_level_shown(engine: Engine) -> None:
    """counted_figure.pick_order is the one statement of the order a level takes a figure
    (revision 0014): 1..n in each bureau x indicator x year x role; a figure without a school
    level before one with a level, the full year before H1; and the figure numbered 1 is
    what v_indicator_values shows."""
    view_fixtures.load(engine)
    full_year = _summary(
        "x_order_year.txt",
        date(2023, 1, 5),
        Period(2021),
        [
            Fig(CONS, "99.1%", 99.1, "percent", 2021, school_level="primary"),
            Fig(CONS, "98.4%", 98.4, "percent", 2021),
        ],
    )
    half_year = _summary(
        "x_order_h1.txt",
        date(2023, 3, 1),  # published later, but of a half year
        Period(2021, "H1"),
        [Fig(CONS, "97.7%", 97.7, "percent", 2021, part="H1", school_level="junior")],
    )
    for doc in (full_year, half_year):
        store_parsed(engine, view_fixtures.build(doc))
    assert_fresh(engine)
    with engine.connect() as c:
        groups = c.execute(
            text(
                "SELECT COUNT(*), MIN(pick_order), MAX(pick_order), COUNT(DISTINCT pick_order) "
                "FROM counted_figure GROUP BY bureau_id, indicator_code, year, role"
            )
        ).all()
        ordered = (
            c.execute(
                text(
                    "SELECT value FROM v_counted_figures WHERE bureau_name = :b "
                    "AND indicator_code = :i AND year = 2021 AND role = 'review' ORDER BY pick_order"
                ),
                {"b": LICHENG[0], "i": CONS},
            )
            .scalars()
            .all()
        )
    assert groups and all(n == top == distinct and low == 1 for n, low, top, distinct in groups)
    assert ordered == [98.4, 99.1, 97.7]
    assert _value(engine, LICHENG[0], CONS, 2021) == 98.4


def test_which_of_two_equal_reports_counts_does_not_depend_on_load_order(
    engine: Engine,
) -> None:
    """Two reports of one bureau and year, the same part and the same publication date: one
    counts, and the same one whichever was loaded first (ids follow the load order, which
    with --jobs varies from run to run; the tie goes to the higher SHA-256 of the text)."""
    docs = [
        _summary(
            f"x_tie_{n}.txt",
            date(2021, 1, 8),
            Period(2020),
            [Fig(CONS, f"{value}%", value, "percent", 2020)],
        )
        for n, value in enumerate((97.1, 96.3))
    ]
    chosen = []
    for order in (docs, docs[::-1]):
        ids = [store_parsed(engine, view_fixtures.build(doc))[1] for doc in order]
        assert_fresh(engine)
        with engine.connect() as c:
            counted = c.execute(
                text(
                    "SELECT r.source_name, f.value FROM v_counted_figures f "
                    "JOIN report r ON r.id = f.report_id WHERE f.indicator_code = :i "
                    "AND f.year = 2020"
                ),
                {"i": CONS},
            ).all()
        assert len(counted) == 1  # one report counts
        chosen.append((tuple(counted[0]), _value(engine, LICHENG[0], CONS, 2020)))
        for report_id in ids:
            delete_report(engine, report_id)
    assert chosen[0] == chosen[1]
