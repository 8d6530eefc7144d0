"""The catalog's views (v_catalog_values, v_teachers, v_facilities, v_student_aid, v_outcomes,
v_standards) on a hand-made report, on both backends: expected rows, independent of the parser.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from edureports.parse.types import Period
from edureports.store import store_parsed
from tests.test_views import both, rows, view_rows  # noqa: F401 (both: a fixture)
from tests.view_fixtures import Doc, Fig, build

PINGSHUN = ("平顺县教育局", "140425")

DOC = Doc(
    "catalog_2023.txt",
    PINGSHUN,
    "summary",
    date(2024, 1, 10),
    Period(2023),
    Period(2024),
    [
        Fig("full_time_teachers", "2994人", 2994, "persons", 2023),
        Fig("teachers_trained", "5000人次", 5000, "persons", 2023),
        Fig("teachers_trained", "300人次", 300, "persons", 2023),
        Fig("schools_built", "3所", 3, "schools", 2023, school_level="preschool"),
        Fig("schools_built", "2所", 2, "schools", 2023, school_level="preschool"),
        Fig("schools_built", "1所", 1, "schools", 2023, school_level="preschool", total_of=()),
        Fig(
            "teaching_area_per_student",
            "4.8平方米",
            4.8,
            "square_metres_per_student",
            2023,
            school_level="primary",
        ),
        Fig(
            "teaching_area_per_student",
            "5.2平方米",
            5.2,
            "square_metres_per_student",
            2023,
            school_level="junior",
        ),
        Fig(
            "resource_difference_coefficient",
            "0.38",
            0.38,
            "coefficient",
            2023,
            school_level="primary",
        ),
        Fig("nutrition_schools", "316所", 316, "schools", 2023),
        Fig("funding_amount", "225万元", 2250000, "yuan", 2023, funding_category="student_aid"),
        Fig("myopia_rate", "52.3%", 52.3, "percent", 2023),
        Fig("public_kindergarten_share", "45%", 45, "percent", 2023),
        Fig("schools_built", "4所", 4, "schools", 2024, role="plan", status="target"),
    ],
)
# 3 + 2 schools built, and 1 stated as a part of the 3 (its total is counted, so it is not)
DOC.figures[5].total_of = ()
DOC.figures[3].total_of = (5,)


@pytest.fixture
def stored(engine: Engine) -> Engine:
    store_parsed(engine, build(DOC))
    return engine


def _select(engine: Engine, view: str, columns: str, where: str = "") -> list[tuple]:
    sql = f"SELECT {columns} FROM {view} {where}"
    return sorted(rows(engine, sql), key=repr)


def test_v_catalog_values_sums_additive_and_picks_levels(stored: Engine) -> None:
    got = _select(
        stored,
        "v_catalog_values",
        "topic, indicator_code, school_level, year, role, value, figures, additive",
        "WHERE indicator_code IN ('teachers_trained', 'schools_built', 'myopia_rate')",
    )
    assert got == sorted(
        [
            ("facilities", "schools_built", "preschool", 2023, "review", 5.0, 2, 1),
            ("facilities", "schools_built", None, 2024, "plan", 4.0, 1, 1),
            ("outcomes", "myopia_rate", None, 2023, "review", 52.3, 1, 0),
            ("teachers", "teachers_trained", None, 2023, "review", 5300.0, 2, 1),
        ],
        key=repr,
    )


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        (
            "v_teachers",
            [
                (2023, "review", "full_time_teachers", None, 2994.0),
                (2023, "review", "teachers_trained", None, 5300.0),
            ],
        ),
        (
            "v_facilities",
            [
                (2023, "review", "resource_difference_coefficient", "primary", 0.38),
                (2023, "review", "schools_built", "preschool", 5.0),
                (2023, "review", "teaching_area_per_student", "junior", 5.2),
                (2023, "review", "teaching_area_per_student", "primary", 4.8),
                (2024, "plan", "schools_built", None, 4.0),
            ],
        ),
        (
            "v_student_aid",
            [
                (2023, "review", "funding_amount", None, 2250000.0),
                (2023, "review", "nutrition_schools", None, 316.0),
            ],
        ),
        ("v_outcomes", [(2023, "review", "myopia_rate", None, 52.3)]),
    ],
)
def test_topic_views(stored: Engine, view: str, expected: list[tuple]) -> None:
    got = _select(stored, view, "year, role, indicator_code, school_level, value")
    assert got == sorted(expected, key=repr)
    assert {r[0] for r in rows(stored, f"SELECT bureau_name FROM {view}")} == {PINGSHUN[0]}


def test_v_standards_sets_each_value_against_the_national_standard(stored: Engine) -> None:
    got = _select(
        stored,
        "v_standards",
        "year, indicator_code, school_level, op, standard, value, verdict",
        "WHERE indicator_code IN ('teaching_area_per_student', "
        "'resource_difference_coefficient', 'public_kindergarten_share', "
        "'preschool_gross_enrolment_rate')",
    )
    assert got == sorted(
        [
            (2023, "preschool_gross_enrolment_rate", None, ">=", 85.0, None, "not reported"),
            (2023, "public_kindergarten_share", None, ">=", 50.0, 45.0, "does not meet"),
            (2023, "resource_difference_coefficient", "junior", "<=", 0.45, None, "not reported"),
            (2023, "resource_difference_coefficient", "primary", "<=", 0.5, 0.38, "meets"),
            (2023, "teaching_area_per_student", "junior", ">=", 5.8, 5.2, "does not meet"),
            (2023, "teaching_area_per_student", "primary", ">=", 4.5, 4.8, "meets"),
        ],
        key=repr,
    )
    cited = rows(stored, "SELECT DISTINCT document, citation FROM v_standards")
    assert all(doc and cite for doc, cite in cited)
    # one row per reviewed year and standard: the plan year 2024 is not reviewed
    assert rows(stored, "SELECT DISTINCT year FROM v_standards") == [(2023,)]


def test_every_standard_is_stored_with_its_citation(stored: Engine) -> None:
    from edureports import catalog

    got = rows(stored, "SELECT indicator_code, school_level, op, value FROM indicator_standard")
    want = [(s.code, s.level or "", s.op, s.value) for s in catalog.STANDARDS]
    assert sorted(got, key=repr) == sorted(want, key=repr)


@pytest.mark.parametrize(
    "view",
    [
        "v_catalog_values",
        "v_teachers",
        "v_facilities",
        "v_student_aid",
        "v_outcomes",
        "v_standards",
    ],
)
def test_catalog_views_have_rows(stored: Engine, view: str) -> None:
    columns, data = view_rows(stored, view)
    assert columns and data


def test_catalog_views_equal_on_both_backends(both: tuple[Engine, Engine]) -> None:  # noqa: F811
    lite, pg = both
    for engine in both:
        store_parsed(engine, build(DOC))
    for view in CATALOG_VIEWS:
        assert view_rows(lite, view) == view_rows(pg, view), view


CATALOG_VIEWS = (
    "v_catalog_values",
    "v_teachers",
    "v_facilities",
    "v_student_aid",
    "v_outcomes",
    "v_standards",
)


REPORT = (
    "平顺县教育局2023年工作总结\n一、工作回顾\n2023年,我县持续改善办学条件,建成智慧课堂教室12间,"
    "新建幼儿园2所,全面推进义务教育优质均衡发展,教育教学质量稳步提升,群众满意度不断提高。"
    "全县教师队伍建设扎实推进,师德师风建设成效明显,课堂教学改革不断深化,学生综合素质稳步提升。"
)


def test_user_catalog_then_reparse_reclassifies(engine: Engine, tmp_path: Path) -> None:
    from edureports import catalog, db
    from edureports.parse.report import parse_text
    from edureports.store import reparse_report
    from tests.test_catalog import USER_FILE

    report_id = store_parsed(engine, parse_text(REPORT))[1]
    sql = "SELECT indicator_code FROM observation WHERE raw_text = '12间'"
    assert rows(engine, sql) == [("unclassified",)]
    path = tmp_path / "mine.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    catalog.use(path)
    try:
        db.ensure_schema(engine)  # the user's rows reach the indicator and standard tables
        reparse_report(engine, report_id)
        assert rows(engine, sql) == [("smart_classrooms",)]
        got = rows(engine, "SELECT indicator_code, value FROM v_facilities ORDER BY value")
        assert got == [("schools_built", 2.0), ("smart_classrooms", 12.0)]
        got = rows(
            engine,
            "SELECT standard, value, verdict FROM v_standards "
            "WHERE indicator_code = 'smart_classrooms'",
        )
        assert got == [(10.0, 12.0, "meets")]
    finally:
        catalog.use(None)
