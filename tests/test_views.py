"""Every view on both backends: expected rows on hand-made reports, SQLite == PostgreSQL.

The fixture reports (tests/view_fixtures.py) are stored with store_parsed, so the expected
rows below depend on the counting rules of the views only, never on the parser.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from edureports import db, views
from edureports.loading import load_paths
from tests import view_fixtures
from tests.conftest import sample_paths

# Bureaus by name: ids are surrogate keys (PostgreSQL sequences may skip numbers).
A, B, C = view_fixtures.LICHENG[0], view_fixtures.HUGUAN[0], view_fixtures.CHAISANG[0]
# Columns that differ between two loads by nature (load time), left out of comparisons.
VOLATILE = {"loaded_at"}


def norm(value: Any) -> Any:
    """One comparable form for both drivers: floats rounded, dates as ISO text, bools as 0/1."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, decimal.Decimal):
        value = float(value)
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(norm(v) for v in r) for r in c.execute(text(sql))]


def view_rows(engine: Engine, name: str) -> tuple[list[str], list[tuple]]:
    """All rows of a view, volatile columns dropped, bureau ids replaced by bureau names
    (surrogate keys: a PostgreSQL sequence skips numbers where SQLite does not), sorted in
    Python (collation-free)."""
    with engine.connect() as c:
        bureau_names = dict(c.execute(text("SELECT id, name FROM bureau")).all())
        result = c.execute(text(f"SELECT * FROM {name}"))
        columns = list(result.keys())
        keep = [i for i, col in enumerate(columns) if col not in VOLATILE]
        data = [
            tuple(bureau_names.get(r[i]) if columns[i] == "bureau_id" else norm(r[i]) for i in keep)
            for r in result
        ]
    return [columns[i] for i in keep], sorted(data, key=repr)


@pytest.fixture
def loaded(engine: Engine) -> Engine:
    assert view_fixtures.load(engine) == [1, 2, 3, 4, 5, 6, 7]
    return engine


# --- expected rows ----------------------------------------------------------------------

BUREAUS = [
    (A, "山西省", "长治市", "黎城县", "140426", 3),
    (B, "山西省", "长治市", "壶关县", "140427", 2),
    (C, "江西省", "九江市", "柴桑区", "360404", 2),
]


def test_v_bureaus(loaded: Engine) -> None:
    assert (
        rows(
            loaded,
            "SELECT bureau_name, province, prefecture, county, region_code, reports "
            "FROM v_bureaus ORDER BY bureau_id",
        )
        == BUREAUS
    )


# (report_id, ordinal, total_counted, total_in_series) of every counted figure: R1's 90.5%
# and 500余万元 lose to the later R3; repeats, the redacted figure, the earlier level and
# the change are absent.
COUNTED = [
    (1, 2, 0, 0),
    (1, 3, 0, 0),
    (1, 6, 1, 1),
    (1, 7, 1, 1),
    (1, 8, 0, 0),
    (1, 11, 0, 0),
    (1, 12, 1, 0),
    (1, 13, 1, 0),
    (1, 14, 0, 0),
    (1, 15, 0, 0),
    (1, 16, 0, 0),
    (1, 17, 0, 0),
    (2, 0, 0, 0),
    (2, 1, 0, 0),
    (2, 2, 0, 0),
    (2, 3, 0, 0),
    (3, 0, 0, 0),
    (3, 1, 0, 0),
    (4, 0, 0, 0),
    (4, 1, 0, 0),
    (4, 2, 0, 0),
    (5, 0, 0, 0),
    (5, 1, 0, 0),
    (5, 2, 0, 0),
    (6, 0, 0, 0),
    (6, 1, 0, 0),
    (6, 2, 0, 0),
    (6, 3, 0, 0),
    (7, 0, 0, 0),
]


def test_v_counted_figures(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT o.report_id, o.ordinal, f.total_counted, f.total_in_series "
        "FROM v_counted_figures f JOIN observation o ON o.id = f.observation_id "
        "ORDER BY o.report_id, o.ordinal",
    )
    assert got == COUNTED


ENROLMENT = [
    # bureau, year, role, preschool rate, national, gap, senior rate, national, gap, places
    (A, 2022, "review", 91.2, 89.7, 1.5, None, 91.6, None, 1200.0),
    (A, 2023, "plan", 92.0, 91.1, 0.9, None, 91.8, None, None),
    (A, 2023, "review", 91.0, 91.1, -0.1, 92.5, 91.8, 0.7, None),
    (B, 2021, "review", 88.0, 88.1, -0.1, None, 91.4, None, None),
    (B, 2022, "review", 89.0, 89.7, -0.7, 93.0, 91.6, 1.4, None),
    (B, 2023, "plan", 90.0, 91.1, -1.1, None, 91.8, None, None),
    (C, 2022, "review", 93.5, 89.7, 3.8, None, 91.6, None, None),
    (C, 2023, "review", 94.0, 91.1, 2.9, None, 91.8, None, None),
]


def test_v_enrolment(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT bureau_name, year, role, preschool_gross_enrolment_rate, "
        "preschool_gross_enrolment_rate_national, preschool_gross_enrolment_rate_gap, "
        "senior_secondary_gross_enrolment_rate, "
        "senior_secondary_gross_enrolment_rate_national, "
        "senior_secondary_gross_enrolment_rate_gap, school_places_added "
        "FROM v_enrolment ORDER BY bureau_id, year, role",
    )
    assert got == ENROLMENT
    names = rows(loaded, "SELECT DISTINCT bureau_name, province, county FROM v_enrolment")
    assert sorted(names) == sorted((b[0], b[1], b[3]) for b in BUREAUS)


CONSOLIDATION = [
    # bureau, year, role, rate, national, gap, coefficient primary, schools total,
    # primary, teaching points
    (A, 2022, "review", 96.0, 95.5, 0.5, 0.35, 5.0, 3.0, 2.0),
    (A, 2023, "plan", 96.5, 95.7, 0.8, None, None, None, None),
    (A, 2023, "review", 96.2, 95.7, 0.5, None, None, None, None),
    (B, 2021, "review", 95.0, 95.4, -0.4, None, None, None, None),
    (C, 2022, "review", 97.0, 95.5, 1.5, None, 2.0, 2.0, None),
]


def test_v_consolidation(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT bureau_name, year, role, compulsory_consolidation_rate, "
        "compulsory_consolidation_rate_national, compulsory_consolidation_rate_gap, "
        "balance_coefficient_primary, schools_consolidated, schools_consolidated_primary, "
        "schools_consolidated_teaching_point FROM v_consolidation ORDER BY bureau_id, year, role",
    )
    assert got == CONSOLIDATION


FUNDING = [
    # bureau, year, role, category, total yuan, figures, any approximate, any target
    (A, 2022, "review", "construction", 6_000_000.0, 1, 0, 0),  # R3 (later) over R1; repeat once
    (A, 2022, "review", "student_aid", 4_804_991.0, 1, 0, 0),  # the total, not its two parts
    (A, 2023, "plan", "construction", 8_000_000.0, 1, 0, 1),
    (A, 2023, "review", "construction", 7_500_000.0, 1, 0, 0),
    (B, 2021, "review", "construction", 3_000_000.0, 1, 0, 0),
    (C, 2022, "review", "teachers", 130_000_000.0, 1, 1, 0),
]


def test_v_funding(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT bureau_name, year, role, funding_category, total_yuan, figures, "
        "any_approximate, any_target FROM v_funding "
        "ORDER BY bureau_id, year, role, funding_category",
    )
    assert got == FUNDING


TREND = [
    # bureau, indicator, year, role, value, previous value, change
    (A, "balance_coefficient_primary", 2022, "review", 0.35, None, None),
    (A, "compulsory_consolidation_rate", 2022, "review", 96.0, None, None),
    (A, "compulsory_consolidation_rate", 2023, "review", 96.2, 96.0, 0.2),
    (A, "funding_amount", 2022, "review", 10_804_991.0, None, None),
    (A, "funding_amount", 2023, "review", 7_500_000.0, 10_804_991.0, -3_304_991.0),
    (A, "preschool_gross_enrolment_rate", 2022, "review", 91.2, None, None),
    (A, "preschool_gross_enrolment_rate", 2023, "review", 91.0, 91.2, -0.2),
    (A, "school_places_added", 2022, "review", 1200.0, None, None),
    (A, "schools_consolidated", 2022, "review", 5.0, None, None),
    (A, "senior_secondary_gross_enrolment_rate", 2023, "review", 92.5, None, None),
    (B, "compulsory_consolidation_rate", 2021, "review", 95.0, None, None),
    (B, "funding_amount", 2021, "review", 3_000_000.0, None, None),
    (B, "preschool_gross_enrolment_rate", 2021, "review", 88.0, None, None),
    (B, "preschool_gross_enrolment_rate", 2022, "review", 89.0, 88.0, 1.0),
    (B, "preschool_gross_enrolment_rate", 2023, "plan", 90.0, 89.0, 1.0),
    (B, "senior_secondary_gross_enrolment_rate", 2022, "review", 93.0, None, None),
    (C, "compulsory_consolidation_rate", 2022, "review", 97.0, None, None),
    (C, "funding_amount", 2022, "review", 130_000_000.0, None, None),
    (C, "preschool_gross_enrolment_rate", 2022, "review", 93.5, None, None),
    (C, "preschool_gross_enrolment_rate", 2023, "review", 94.0, 93.5, 0.5),
    (C, "schools_consolidated", 2022, "review", 2.0, None, None),
]


def test_v_indicator_trend(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT bureau_name, indicator_code, year, role, value, previous_value, change "
        "FROM v_indicator_trend",
    )
    assert sorted(got, key=repr) == sorted(TREND, key=repr)
    # Only 柴桑区's 2023 value comes from a half-year report, and it says so.
    half = rows(
        loaded,
        "SELECT bureau_name, indicator_code, year, part FROM v_indicator_trend "
        "WHERE part <> 'year'",
    )
    assert half == [(C, "preschool_gross_enrolment_rate", 2023, "H1")]
    assert rows(loaded, "SELECT DISTINCT part FROM v_funding") == [("year",)]


COMPARISON = [
    # indicator, year, bureau, value, rank, bureaus reporting, national value
    ("balance_coefficient_primary", 2022, A, 0.35, 1, 1, None),
    ("compulsory_consolidation_rate", 2021, B, 95.0, 1, 1, 95.4),
    ("compulsory_consolidation_rate", 2022, A, 96.0, 2, 2, 95.5),
    ("compulsory_consolidation_rate", 2022, C, 97.0, 1, 2, 95.5),
    ("compulsory_consolidation_rate", 2023, A, 96.2, 1, 1, 95.7),
    ("funding_amount", 2021, B, 3_000_000.0, 1, 1, None),
    ("funding_amount", 2022, A, 10_804_991.0, 2, 2, None),
    ("funding_amount", 2022, C, 130_000_000.0, 1, 2, None),
    ("funding_amount", 2023, A, 7_500_000.0, 1, 1, None),
    ("preschool_gross_enrolment_rate", 2021, B, 88.0, 1, 1, 88.1),
    ("preschool_gross_enrolment_rate", 2022, A, 91.2, 2, 3, 89.7),
    ("preschool_gross_enrolment_rate", 2022, B, 89.0, 3, 3, 89.7),
    ("preschool_gross_enrolment_rate", 2022, C, 93.5, 1, 3, 89.7),
    ("preschool_gross_enrolment_rate", 2023, A, 91.0, 2, 3, 91.1),
    ("preschool_gross_enrolment_rate", 2023, B, 90.0, 3, 3, 91.1),
    ("preschool_gross_enrolment_rate", 2023, C, 94.0, 1, 3, 91.1),
    ("school_places_added", 2022, A, 1200.0, 1, 1, None),
    ("schools_consolidated", 2022, A, 5.0, 1, 2, None),
    ("schools_consolidated", 2022, C, 2.0, 2, 2, None),
    ("senior_secondary_gross_enrolment_rate", 2022, B, 93.0, 1, 1, 91.6),
    ("senior_secondary_gross_enrolment_rate", 2023, A, 92.5, 1, 1, 91.8),
]


def test_v_district_comparison(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT indicator_code, year, bureau_name, value, value_rank, bureaus_reporting, "
        "national_value FROM v_district_comparison",
    )
    assert sorted(got, key=repr) == sorted(COMPARISON, key=repr)


PLAN_VS_ACTUAL = [
    # bureau, indicator, year, planned, plan report, actual, actual report, difference
    (A, "compulsory_consolidation_rate", 2023, 96.5, 1, 96.2, 2, -0.3),
    (A, "funding_amount", 2023, 8_000_000.0, 1, 7_500_000.0, 2, -500_000.0),
    (A, "preschool_gross_enrolment_rate", 2023, 92.0, 1, 91.0, 2, -1.0),
    (B, "preschool_gross_enrolment_rate", 2023, 90.0, 5, None, None, None),
]


def test_v_plan_vs_actual(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT bureau_name, indicator_code, year, planned_value, plan_report_id, actual_value, "
        "actual_report_id, difference FROM v_plan_vs_actual",
    )
    assert sorted(got, key=repr) == sorted(PLAN_VS_ACTUAL, key=repr)


def test_conflict_stays_visible_in_v_observations(loaded: Engine) -> None:
    got = rows(
        loaded,
        "SELECT report_id, value FROM v_observations WHERE bureau_name = '黎城县教育局' AND period_year = 2022 "
        "AND indicator_code = 'preschool_gross_enrolment_rate' AND measure = 'level' "
        "ORDER BY report_id",
    )
    assert got == [(1, 90.5), (3, 91.2)]
    assert rows(loaded, "SELECT redacted_figures FROM v_reports WHERE report_id = 1") == [(1,)]


def test_national_reference(engine: Engine) -> None:
    got = rows(
        engine,
        "SELECT year, indicator_code, value, source FROM national_reference "
        "WHERE year IN (2015, 2024) ORDER BY year, indicator_code",
    )
    assert got == [
        (2015, "compulsory_consolidation_rate", 93.0, "教育部《2015年全国教育事业发展统计公报》"),
        (2015, "preschool_gross_enrolment_rate", 75.0, "教育部《2015年全国教育事业发展统计公报》"),
        (
            2015,
            "senior_secondary_gross_enrolment_rate",
            87.0,
            "教育部《2015年全国教育事业发展统计公报》",
        ),
        (2024, "compulsory_consolidation_rate", 95.9, "教育部《2024年全国教育事业发展统计公报》"),
        (2024, "preschool_gross_enrolment_rate", 92.0, "教育部《2024年全国教育事业发展统计公报》"),
        (
            2024,
            "senior_secondary_gross_enrolment_rate",
            92.0,
            "教育部《2024年全国教育事业发展统计公报》",
        ),
    ]
    assert rows(engine, "SELECT COUNT(*) FROM national_reference") == [(30,)]


# The fixture reports hold no figure of these topics: tests/test_catalog_views.py runs them
# on reports of their own, with expected rows.
CATALOG_TOPIC_VIEWS = {"v_teachers", "v_facilities", "v_outcomes"}


@pytest.mark.parametrize("name", [v for v in views.VIEWS if v not in CATALOG_TOPIC_VIEWS])
def test_every_view_runs(loaded: Engine, name: str) -> None:
    columns, data = view_rows(loaded, name)
    assert columns and data


# --- SQLite == PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def both(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Engine, Engine]]:
    """A private SQLite and a private PostgreSQL database at head, side by side."""
    path = tmp_path / "pair.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    server = request.getfixturevalue("pg_server")
    name = server.create(template=request.getfixturevalue("pg_template"))
    lite, pg = db.make_engine(f"sqlite:///{path}"), db.make_engine(server.url_for(name))
    yield lite, pg
    lite.dispose()
    pg.dispose()
    server.drop(name)


def _assert_same_views(lite: Engine, pg: Engine) -> None:
    for name in views.VIEWS:
        lite_cols, lite_rows = view_rows(lite, name)
        pg_cols, pg_rows = view_rows(pg, name)
        assert lite_cols == pg_cols, name
        assert lite_rows == pg_rows, name


def test_fixture_views_equal_on_both_backends(both: tuple[Engine, Engine]) -> None:
    lite, pg = both
    view_fixtures.load(lite)
    view_fixtures.load(pg)
    _assert_same_views(lite, pg)


def test_samples_end_to_end_on_both_backends(both: tuple[Engine, Engine]) -> None:
    """The five bundled samples through the real parser: every view runs, and both agree."""
    lite, pg = both
    for engine in both:
        outcomes = list(load_paths(engine, sample_paths()))
        assert [o.status for o in outcomes] == ["loaded"] * len(sample_paths())
    for name in views.VIEWS:
        view_rows(lite, name)
    _assert_same_views(lite, pg)


def test_revision_0002_adds_and_removes_national_reference(loaded: Engine) -> None:
    from sqlalchemy import inspect

    db.downgrade(loaded, "0001")
    assert "national_reference" not in inspect(loaded).get_table_names()
    assert not set(views.VIEWS) & set(inspect(loaded).get_view_names())
    db.upgrade(loaded)
    assert set(views.VIEWS) <= set(inspect(loaded).get_view_names())
    assert rows(loaded, "SELECT COUNT(*) FROM national_reference") == [(30,)]
    assert len(rows(loaded, "SELECT * FROM v_enrolment")) == len(ENROLMENT)


def test_undated_report_loses_to_a_dated_one(engine: Engine) -> None:
    """Among reports of the same series, an unknown publication date counts as oldest."""
    from datetime import date

    from edureports.parse.types import Period
    from edureports.store import store_parsed

    def doc(name: str, published: date | None, value: float) -> view_fixtures.Doc:
        fig = view_fixtures.Fig(
            "compulsory_consolidation_rate", f"{value:g}%", value, "percent", 2020
        )
        return view_fixtures.Doc(
            name, view_fixtures.HUGUAN, "summary", published, Period(2020), None, [fig]
        )

    store_parsed(engine, view_fixtures.build(doc("dated.txt", date(2021, 1, 5), 95.1)))
    store_parsed(engine, view_fixtures.build(doc("undated.txt", None, 94.0)))
    assert rows(engine, "SELECT compulsory_consolidation_rate FROM v_consolidation") == [(95.1,)]


# --- a total never adds a target to a reported amount (issue #11, point 5) -------------

ZHANGDIAN = ("张店区教育和体育局", "370303")


def _zhangdian_2019() -> view_fixtures.Doc:
    """张店区 2019 as a parser before targets became plans stored it: the planned 1.3亿 and
    the expected 2610万 (status target) sit in the review section beside the 18亿 spent, as
    do a target rate stated before the reported one and planned school places."""
    fig, yuan = view_fixtures.Fig, view_fixtures._yuan
    return view_fixtures.Doc(
        "zhangdian_2019.txt",
        ZHANGDIAN,
        "summary",
        dt.date(2020, 1, 10),
        view_fixtures.Period(2019),
        None,
        [
            yuan("18亿元", 1_800_000_000, 2019, "construction"),
            yuan("1.3亿元", 130_000_000, 2019, "construction", status="target"),
            yuan("2610万元", 26_100_000, 2019, "construction", status="target"),
            view_fixtures._pct(view_fixtures.PRE, 95.0, 2019, status="target"),
            view_fixtures._pct(view_fixtures.PRE, 91.7, 2019),
            fig("school_places_added", "1200个", 1200, "places", 2019),
            fig("school_places_added", "800个", 800, "places", 2019, status="target"),
        ],
    )


@pytest.fixture
def zhangdian(engine: Engine) -> Engine:
    from edureports.store import store_parsed

    store_parsed(engine, view_fixtures.build(_zhangdian_2019()))
    return engine


def test_funding_total_keeps_targets_apart(zhangdian: Engine) -> None:
    got = rows(
        zhangdian,
        "SELECT year, role, funding_category, total_yuan, figures, any_target FROM v_funding "
        "ORDER BY year, role, funding_category",
    )
    assert got == [
        (2019, "plan", "construction", 156_100_000.0, 2, 1),
        (2019, "review", "construction", 1_800_000_000.0, 1, 0),
    ]


def test_no_view_mixes_targets_into_reported_values(zhangdian: Engine) -> None:
    assert rows(
        zhangdian,
        "SELECT year, role, preschool_gross_enrolment_rate, school_places_added "
        "FROM v_enrolment ORDER BY year, role",
    ) == [(2019, "plan", 95.0, 800.0), (2019, "review", 91.7, 1200.0)]
    assert rows(
        zhangdian,
        "SELECT indicator_code, role, value FROM v_indicator_values ORDER BY indicator_code, role",
    ) == [
        ("funding_amount", "plan", 156_100_000.0),
        ("funding_amount", "review", 1_800_000_000.0),
        ("preschool_gross_enrolment_rate", "plan", 95.0),
        ("preschool_gross_enrolment_rate", "review", 91.7),
        ("school_places_added", "plan", 800.0),
        ("school_places_added", "review", 1200.0),
    ]
    assert rows(
        zhangdian,
        "SELECT indicator_code, role, value FROM v_indicator_trend ORDER BY indicator_code",
    ) == [
        ("funding_amount", "review", 1_800_000_000.0),
        ("preschool_gross_enrolment_rate", "review", 91.7),
        ("school_places_added", "review", 1200.0),
    ]
    assert rows(
        zhangdian,
        "SELECT indicator_code, role, value FROM v_district_comparison ORDER BY indicator_code",
    ) == [
        ("funding_amount", "review", 1_800_000_000.0),
        ("preschool_gross_enrolment_rate", "review", 91.7),
        ("school_places_added", "review", 1200.0),
    ]
    assert rows(
        zhangdian,
        "SELECT indicator_code, planned_value, actual_value FROM v_plan_vs_actual "
        "ORDER BY indicator_code",
    ) == [
        ("funding_amount", 156_100_000.0, 1_800_000_000.0),
        ("preschool_gross_enrolment_rate", 95.0, 91.7),
        ("school_places_added", 800.0, 1200.0),
    ]
    # Every counted figure's role follows its status: targets are plans, reported are reviews.
    assert rows(zhangdian, "SELECT DISTINCT role, status FROM v_counted_figures ORDER BY role") == [
        ("plan", "target"),
        ("review", "reported"),
    ]


# --- no float noise in what the views compute (issue #11, point 6) ---------------------


def test_sums_and_differences_keep_the_written_precision(engine: Engine) -> None:
    """91.7 - 83.4 is 8.299999999999997 in binary floating point, 1.1 + 2.2 is
    3.3000000000000003: the views round what they compute to what the report wrote, so the
    raw values (not norm()) are exactly the decimal results, on both engines."""
    from edureports.store import store_parsed

    fig, yuan, pct = view_fixtures.Fig, view_fixtures._yuan, view_fixtures._pct
    docs = [
        view_fixtures.Doc(
            f"zhangdian_{year}.txt",
            ZHANGDIAN,
            "summary",
            dt.date(year + 1, 1, 10),
            view_fixtures.Period(year),
            None,
            [
                pct(view_fixtures.PRE, rate, year),
                yuan("1.1元", 1.1, year, "student_aid"),
                yuan("2.2元", 2.2, year, "student_aid"),
                fig("balance_coefficient_primary", str(coef), coef, "coefficient", year),
                pct(view_fixtures.PRE, 95.0, year, role="plan", status="target"),
            ],
        )
        for year, rate, coef in ((2018, 90.1, 0.3), (2019, 91.7, 0.1))
    ]
    for doc in docs:
        store_parsed(engine, view_fixtures.build(doc))
    with engine.connect() as c:

        def raw(sql: str) -> list[tuple]:
            return [tuple(r) for r in c.execute(text(sql))]

        assert raw(
            "SELECT preschool_gross_enrolment_rate_gap FROM v_enrolment WHERE year = 2019 "
            "AND role = 'review'"
        ) == [(8.3,)]
        assert raw("SELECT total_yuan FROM v_funding ORDER BY year") == [(3.3,), (3.3,)]
        assert raw(
            "SELECT gap_to_national FROM v_district_comparison "
            "WHERE indicator_code = 'preschool_gross_enrolment_rate' AND year = 2019"
        ) == [(8.3,)]
        assert raw(
            "SELECT indicator_code, change FROM v_indicator_trend WHERE year = 2019 "
            "ORDER BY indicator_code"
        ) == [
            ("balance_coefficient_primary", -0.2),
            ("funding_amount", 0.0),
            ("preschool_gross_enrolment_rate", 1.6),
        ]
        assert raw(
            "SELECT value FROM v_indicator_values WHERE indicator_code = 'funding_amount' "
            "ORDER BY year"
        ) == [(3.3,), (3.3,)]
        assert raw("SELECT difference FROM v_plan_vs_actual ORDER BY year") == [(-4.9,), (-3.3,)]
