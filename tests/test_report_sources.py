"""v_reports says where bureau, region and years came from, on both backends, also after
`--bureau/--year` overrides and a reparse."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from edureports.loading import load_paths
from edureports.store import reparse_report

NEWS = (
    "本报讯(通讯员 赵仕锐)2017年上半年,余庆县教育局认真落实主体责任,采取领导挂包、任务分解等"
    "方式推进教育民生项目建设。半年来,共投入资金3200万元,新建校舍12000平方米。"
    "全县新增学位1200个,学校的办学条件得到改善。教师培训1500人次,学生资助800人。"
    "下一步,我们将继续加强学校建设,提高教育教学质量,办好人民满意的教育。\n"
)
COLUMNS = "bureau_name, bureau_source, county, region_source, review_year, review_year_source"


def _row(engine: Engine) -> tuple:
    with engine.connect() as c:
        return tuple(c.execute(text(f"SELECT {COLUMNS} FROM v_reports")).one())


def test_sources_from_the_text(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    [outcome] = list(load_paths(engine, [path]))
    assert outcome.status == "loaded"
    assert _row(engine) == ("余庆县教育局", "opening", "余庆县", "opening", 2017, "opening")


def test_overrides_are_sourced_as_override_and_survive_reparse(
    engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    [outcome] = list(load_paths(engine, [path], bureau="黎城县教体局", year=2021))
    expected = ("黎城县教育体育局", "override", "黎城县", "override", 2021, "override")
    assert _row(engine) == expected
    reparse_report(engine, outcome.report_id)
    assert _row(engine) == expected


def test_revision_0006_round_trip_keeps_every_row(engine: Engine, tmp_path: Path) -> None:
    """Down to 0005 and back: the columns go and come back empty, and no section or
    observation is lost (a batch rebuild of report would cascade-delete them on SQLite)."""
    from sqlalchemy import inspect

    from edureports import db

    path = tmp_path / "news.txt"
    path.write_text(NEWS, encoding="utf-8")
    list(load_paths(engine, [path]))
    count = "SELECT (SELECT COUNT(*) FROM section), (SELECT COUNT(*) FROM observation)"
    with engine.connect() as c:
        before = tuple(c.execute(text(count)).one())
    assert before[1] > 0
    db.downgrade(engine, "0005")
    assert "bureau_source" not in {col["name"] for col in inspect(engine).get_columns("report")}
    db.upgrade(engine)
    with engine.connect() as c:
        assert tuple(c.execute(text(count)).one()) == before
    assert _row(engine) == ("余庆县教育局", None, "余庆县", None, 2017, None)
