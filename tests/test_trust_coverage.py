"""Issue #11.1: nothing silently left out. Comparisons say which figures they could not
count (a report without a bureau, a year or a region), `reports` says what each report
lacks, and filters take the names people type or say which names exist."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from edureports import compare, filters, readonly, reports
from edureports.cli import main
from edureports.loading import load_paths
from edureports.store import reparse_report
from tests.conftest import sample_paths

# A report that names its bureau (the one of sample 000) but no year anywhere: its figures
# have no period, so no comparison can place them.
NO_YEAR = (
    "黎城县教育体育局工作总结\n\n"
    "一、主要工作成效\n"
    "全县学前三年毛入园率达到98%，九年义务教育巩固率达到99.1%，新增学位500个。"
    "投入资金300万元新建校舍，改善了全县中小学办学条件，教育教学质量稳步提升，"
    "群众满意度持续提高。\n"
    "全面落实学生资助政策，资助家庭经济困难学生1200人次，发放资助资金180万元，"
    "确保不让一个学生因家庭经济困难而失学。\n"
    "二、存在的问题\n"
    "城乡教育发展还不够均衡，部分农村学校师资力量薄弱，教师队伍结构需要进一步优化。\n"
    "三、下一步工作打算\n"
    "继续推进学前教育普及普惠发展，巩固义务教育基本均衡成果，加强教师队伍建设。\n"
)


@pytest.fixture
def stored(engine: Engine, tmp_path: Path) -> dict[str, int]:
    """The five samples plus NO_YEAR; returns report ids by file stem."""
    path = tmp_path / "no_year.txt"
    path.write_text(NO_YEAR, encoding="utf-8")
    outcomes = list(load_paths(engine, [*sample_paths(), path]))
    assert [o.status for o in outcomes] == ["loaded"] * 6, [o.message for o in outcomes]
    with engine.connect() as c:
        rows = c.execute(text("SELECT report_id, source_name FROM v_reports")).all()
    return {Path(name).stem[:3]: rid for rid, name in rows}


def _ids(stored: dict[str, int], *keys: str) -> set[int]:
    return {stored[k] for k in keys}


# --- filters on strings --------------------------------------------------------------------

STORED = [
    filters.Named("黎城县教育体育局", "山西省", "长治市", "黎城县", "140426"),
    filters.Named("壶关县教育局", "山西省", "长治市", "壶关县", "140427"),
    filters.Named("张店区教育和体育局", "山东省", "淄博市", "张店区", "370303"),
    filters.Named("柴桑区教育体育局", "江西省", "九江市", "柴桑区", "360404"),
    filters.Named("达拉特旗教育体育局", "内蒙古自治区", "鄂尔多斯市", "达拉特旗", "150621"),
    filters.Named(None, "山西省", None, None, "140000"),
]

MATCHES = [
    # (case, level, typed, stored names it matches)
    ("a stored name matches itself", "province", "山西省", ("山西省",)),
    ("a province without 省", "province", "山西", ("山西省",)),
    ("a province by its short form", "province", "内蒙古", ("内蒙古自治区",)),
    ("a province by its abbreviation", "province", "内蒙", ("内蒙古自治区",)),
    ("spaces are no part of a name", "province", " 山 西 ", ("山西省",)),
    ("a prefecture without 市", "prefecture", "长治", ("长治市",)),
    ("a bureau by its county", "bureau", "黎城县", ("黎城县教育体育局",)),
    ("a bureau by its county's short form", "bureau", "黎城", ("黎城县教育体育局",)),
    ("a bureau by a banner's short form", "bureau", "达拉特", ("达拉特旗教育体育局",)),
    ("a bureau by its former name", "bureau", "黎城县教育局", ("黎城县教育体育局",)),
    ("a bureau by its county's former name", "bureau", "九江县", ("柴桑区教育体育局",)),
    ("a bureau by the start of its name", "bureau", "张店区教育", ("张店区教育和体育局",)),
]


@pytest.mark.parametrize(
    ("case", "level", "typed", "expected"), MATCHES, ids=[m[0] for m in MATCHES]
)
def test_filter_matches_typed_names(case: str, level: str, typed: str, expected) -> None:
    assert filters.match_one(level, typed, STORED) == expected


NO_MATCHES = [
    # (case, level, typed, words the message must hold, the closest name it must put first)
    ("a real province with no report", "province", "河北", ["河北省 has no stored report"], None),
    ("a misspelt county", "bureau", "黎成县", ["no bureau matches '黎成县'"], "黎城县教育体育局"),
    ("a name of nothing", "prefecture", "长冶", ["stored prefecture names"], "长治市"),
    ("a bureau word alone", "bureau", "教育局", ["no bureau matches"], None),
    ("a prefecture is no bureau", "bureau", "长治", ["no bureau matches"], None),
    ("a county is no province", "province", "黎城县", ["no province matches"], None),
]


@pytest.mark.parametrize(
    ("case", "level", "typed", "words", "closest"), NO_MATCHES, ids=[m[0] for m in NO_MATCHES]
)
def test_filter_without_match_names_the_stored_ones(
    case: str, level: str, typed: str, words: list[str], closest: str | None
) -> None:
    with pytest.raises(filters.NoMatch) as info:
        filters.match_one(level, typed, STORED)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message
    stored_part = message.split("closest first: ")[1]
    if closest:
        assert stored_part.startswith(closest)
    assert set(stored_part.split(", ")) <= {
        n for r in STORED for n in (r.bureau_name, r.province, r.prefecture) if n
    }


def test_filter_on_an_empty_database_says_so() -> None:
    with pytest.raises(filters.NoMatch, match="no report stored has a bureau"):
        filters.match_one("bureau", "黎城县", [])


def test_unknown_filter_level() -> None:
    with pytest.raises(ValueError, match="unknown filter"):
        filters.match_one("county", "黎城县", STORED)


# --- compare: what was left out --------------------------------------------------------------


def test_compare_names_the_reports_it_left_out(engine: Engine, stored: dict[str, int]) -> None:
    left = compare.run(engine, "enrolment").left_out
    # sample 001 (a speech) names no bureau; NO_YEAR names no year
    assert stored["no_"] in left.report_ids
    assert set(left.report_ids) <= _ids(stored, "001", "002", "no_")
    assert left.without_year == 1 and left.without_bureau == len(left.report_ids) - 1 >= 1
    assert left.figures >= 3  # 98% and 500 places of NO_YEAR, one of a bureau-less report
    message = left.message()
    assert message is not None and "\n" not in message
    assert "1 without a year" in message and "reports --incomplete" in message
    assert "reparse REPORT --bureau NAME --year YEAR" in message
    assert left.as_dict()["reports_without_year"] == 1


def test_left_out_is_counted_within_the_filters(engine: Engine, stored: dict[str, int]) -> None:
    # sample 002 (no bureau) is of 2024: it is not missing from a comparison of 2019
    assert stored["002"] not in compare.run(engine, "consolidation", year=2019).left_out.report_ids
    assert stored["002"] in compare.run(engine, "consolidation").left_out.report_ids
    # NO_YEAR is 黎城县's: missing from 黎城县's comparison, not from 张店区's
    assert stored["no_"] in compare.run(engine, "funding", bureau="黎城县").left_out.report_ids
    assert stored["no_"] not in compare.run(engine, "funding", bureau="张店区").left_out.report_ids
    # a report of unknown year may be of any year
    assert stored["no_"] in compare.run(engine, "enrolment", year=2022).left_out.report_ids


def test_a_bureau_without_region_is_left_out_of_place_filters(
    engine: Engine, stored: dict[str, int]
) -> None:
    with engine.begin() as c:
        c.execute(text("UPDATE bureau SET region_code = NULL WHERE name = '柴桑区教育体育局'"))
    left = compare.run(engine, "funding", province="山西").left_out
    assert stored["004"] in left.report_ids and left.without_region == 1
    assert "1 without a region" in (left.message() or "")
    assert stored["004"] not in compare.run(engine, "funding").left_out.report_ids


def test_nothing_left_out_says_nothing(engine: Engine, stored: dict[str, int]) -> None:
    left = compare.run(engine, "enrolment", bureau="张店区", year=2019).left_out
    # only reports that may be 张店区's or of 2019 can be missing from it
    assert stored["no_"] not in left.report_ids
    assert stored["002"] not in left.report_ids
    empty = compare.LeftOut("enrolment")
    assert empty.message() is None


def test_completing_a_report_brings_its_figures_in(engine: Engine, stored: dict[str, int]) -> None:
    reparse_report(engine, stored["no_"], year=2021)
    result = compare.run(engine, "enrolment", bureau="黎城县", year=2021)
    assert stored["no_"] not in result.left_out.report_ids
    assert list(result.frame["preschool_gross_enrolment_rate"]) == [98.0]
    # the override is kept: a later plain reparse keeps the year
    reparse_report(engine, stored["no_"])
    assert len(compare.run(engine, "enrolment", bureau="黎城县", year=2021).frame) == 1


def test_filters_take_typed_names(engine: Engine, stored: dict[str, int]) -> None:
    result = compare.run(engine, "enrolment", province="山西")
    assert set(result.frame["province"]) == {"山西省"} and len(result.frame) >= 1
    assert result.matched.widened() == ["--province 山西: 山西省"]
    frame = compare.comparison(engine, "funding", bureau="黎城县")
    assert set(frame["bureau_name"]) == {"黎城县教育体育局"}
    with pytest.raises(filters.NoMatch, match="山西省"):
        compare.comparison(engine, "funding", province="河北")


# --- reports: what each lacks --------------------------------------------------------------------


def test_reports_say_what_each_lacks(engine: Engine, stored: dict[str, int]) -> None:
    columns, rows = reports.list_reports(engine)
    lacks = {r[0]: r[columns.index("lacks")] for r in rows}
    assert lacks[stored["000"]] == ""
    assert lacks[stored["001"]].startswith("bureau")
    assert lacks[stored["no_"]] == "year"
    _, incomplete = reports.list_reports(engine, incomplete=True)
    assert {r[0] for r in incomplete} == {rid for rid, lack in lacks.items() if lack}
    assert _ids(stored, "001", "002", "no_") <= {r[0] for r in incomplete}
    _, licheng = reports.list_reports(engine, bureau="黎城县")
    assert {r[0] for r in licheng} == _ids(stored, "000", "no_")
    _, shandong = reports.list_reports(engine, province="山东")
    assert {r[0] for r in shandong} == _ids(stored, "003")
    with pytest.raises(filters.NoMatch, match="closest first"):
        reports.list_reports(engine, prefecture="长冶")


# --- the command line --------------------------------------------------------------------------


def test_cli_compare_reports_matches_and_omissions(stored: dict[str, int], db_url: str) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["--db", db_url, "compare", "enrolment", "--province", "山西"])
    assert result.exit_code == 0, result.output
    assert "黎城县教育体育局" in result.stdout
    assert "matched --province 山西: 山西省" in result.stderr
    assert "left out of compare enrolment" in result.stderr
    assert "left out" not in result.stdout
    as_csv = runner.invoke(main, ["--db", db_url, "compare", "funding", "--format", "csv"])
    assert as_csv.exit_code == 0 and "left out of compare funding" in as_csv.stderr
    assert as_csv.stdout.startswith("bureau_id,")  # stdout stays clean CSV
    missing = runner.invoke(main, ["--db", db_url, "compare", "enrolment", "--bureau", "黎成县"])
    assert missing.exit_code == 1
    assert "no bureau matches '黎成县'" in missing.output and "黎城县教育体育局" in missing.output


def test_cli_reports_incomplete_and_reparse_fix(stored: dict[str, int], db_url: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", db_url, "reports", "--incomplete"])
    assert listed.exit_code == 0, listed.output
    assert "lacks" in listed.stdout and "no_year.txt" in listed.stdout
    assert "sample" not in listed.stdout and "000_" not in listed.stdout
    assert "reparse REPORT --bureau NAME --year YEAR" in listed.stderr
    fixed = runner.invoke(main, ["--db", db_url, "reparse", "no_year.txt", "--year", "2021"])
    assert fixed.exit_code == 0, fixed.output
    after = runner.invoke(main, ["--db", db_url, "reports", "--incomplete"])
    assert "no_year.txt" not in after.stdout
    refused = runner.invoke(main, ["--db", db_url, "reparse", "--year", "2021"])
    assert refused.exit_code == 2 and "give REPORT" in refused.output


def test_read_only_role_sees_what_was_left_out(
    engine: Engine, stored: dict[str, int], backend: str
) -> None:
    """The left-out count reads views only: the role of `db grant-readonly` can run it."""
    if backend != "postgresql":
        pytest.skip("roles are PostgreSQL-only")
    role, password = f"bi_{uuid.uuid4().hex[:10]}", "trust-a-1"
    readonly.grant_readonly(engine, role, password)
    url = make_url(engine.url.render_as_string(hide_password=False))
    as_role = create_engine(url.set(username=role, password=password))
    try:
        result = compare.run(as_role, "enrolment", province="山西")
        assert stored["no_"] in result.left_out.report_ids and len(result.frame) >= 1
        _, incomplete = reports.list_reports(as_role, incomplete=True)
        assert stored["no_"] in {r[0] for r in incomplete}
    finally:
        as_role.dispose()
        with engine.connect() as c:
            c.execute(text(f'DROP OWNED BY "{role}"'))
            c.commit()
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f'REVOKE ALL ON DATABASE "{url.database}" FROM "{role}"'))
            c.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        admin.dispose()
