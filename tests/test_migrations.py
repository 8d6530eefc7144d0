"""Alembic on both backends: upgrade, downgrade to base, upgrade again."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import IntegrityError

from edureports import catalog, db, regions, views

TABLES = {
    "region",
    "bureau",
    "bureau_alias",
    "report",
    "period",
    "section",
    "indicator",
    "observation",
}


def _view_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_view_names())


def test_round_trip(empty_engine: Engine) -> None:
    db.upgrade(empty_engine)
    assert set(inspect(empty_engine).get_table_names()) >= TABLES
    assert set(views.available()) <= _view_names(empty_engine)
    assert db.current(empty_engine).at_head

    db.downgrade(empty_engine, "base")
    assert not (TABLES & set(inspect(empty_engine).get_table_names()))
    assert not (set(views.VIEWS) & _view_names(empty_engine))
    assert db.current(empty_engine).current == ()

    db.upgrade(empty_engine)
    assert db.current(empty_engine).at_head
    with empty_engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM indicator")) == len(catalog.INDICATORS)


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    db.upgrade(engine)
    with engine.connect() as c:
        assert c.scalar(text("SELECT COUNT(*) FROM region")) == len(regions.all_regions())
        assert c.scalar(text("SELECT COUNT(*) FROM schema_object WHERE kind = 'view'")) == len(
            views.available()
        )


def test_seeds(engine: Engine) -> None:
    with engine.connect() as c:
        codes = set(c.scalars(text("SELECT code FROM indicator")))
        assert codes == set(catalog.BY_CODE)
        county = c.execute(
            text("SELECT name, level, parent_code FROM region WHERE code = '140426'")
        ).one()
        assert tuple(county) == ("黎城县", "county", "140400")
        assert c.scalar(text("SELECT name FROM region WHERE code = '140400'")) == "长治市"
        assert c.scalar(text("SELECT COUNT(*) FROM region WHERE level = 'county'")) > 2800


def test_every_sql_file_is_a_registered_view() -> None:
    from importlib import resources

    files = {
        p.name[:-4] for p in resources.files("edureports.sql").iterdir() if p.name.endswith(".sql")
    }
    assert files == set(views.available()) == set(views.VIEWS) & files
    assert files <= set(views.VIEWS)


def test_revision_0003_drops_the_redundant_section_index(engine: Engine) -> None:
    def section_indexes() -> set[str]:
        return {ix["name"] for ix in inspect(engine).get_indexes("section")}

    assert "ix_section_report_id" not in section_indexes()
    db.downgrade(engine, "0002")
    assert "ix_section_report_id" in section_indexes()
    db.upgrade(engine)
    assert "ix_section_report_id" not in section_indexes()
    assert set(views.available()) <= _view_names(engine)


@pytest.mark.parametrize(
    ("role", "accepted"), [("review", True), ("plan", True), (None, True), ("later", False)]
)
def test_list_checks_accept_what_they_did(engine: Engine, role: str | None, accepted: bool) -> None:
    """Revision 0013 writes SQLite's list checks with OR instead of IN (speed): the same values
    pass, NULL included, and no other gets in, on both engines."""
    with engine.connect() as c:
        report = c.execute(
            text(
                "INSERT INTO report (source_name, sha256, text, format, hints, loaded_at, doc_type,"
                " parser_version) VALUES ('x.txt', 'x', 'x', 'txt', '{}', CURRENT_TIMESTAMP,"
                " 'other', 'x') RETURNING id"
            )
        ).scalar()
        insert = text(
            "INSERT INTO section (report_id, ordinal, depth, heading, char_start, char_end, role)"
            " VALUES (:r, 0, 1, 'h', 0, 1, :role)"
        )
        if accepted:
            c.execute(insert, {"r": report, "role": role})
        else:
            with pytest.raises(IntegrityError):
                c.execute(insert, {"r": report, "role": role})
        c.rollback()
    if engine.dialect.name == "sqlite":
        with engine.connect() as c:
            ddl = c.scalar(text("SELECT sql FROM sqlite_master WHERE name = 'observation'"))
        assert " IN (" not in ddl and "role = 'review' OR role = 'plan'" in ddl
