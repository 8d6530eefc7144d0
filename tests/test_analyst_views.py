"""Views analysts build on ours survive `db upgrade`, or the upgrade refuses in one line
naming them and changes nothing (issue 11, point 4)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, create_engine, inspect, text
from sqlalchemy.engine import make_url

from edureports import db, views
from edureports.cli import main
from tests import view_fixtures
from tests.test_summaries import inline

MY_FUNDING = (
    "CREATE VIEW {schema}my_funding AS "
    "SELECT bureau_name, COUNT(*) AS years FROM v_funding GROUP BY bureau_name"
)
# An analyst's view on an analyst's view: it comes back after the one it uses.
MY_BUREAUS = "CREATE VIEW {schema}my_bureaus AS SELECT bureau_name FROM my_funding"
ANALYST_VIEWS = ("my_funding", "my_bureaus")


def _schema(engine: Engine) -> str:
    """Where an analyst's session puts a view: public on PostgreSQL (their search_path)."""
    return f"{db.VIEW_SCHEMA}." if engine.dialect.name == "postgresql" else ""


def _create(engine: Engine, *statements: str) -> None:
    with engine.begin() as c:
        for statement in statements:
            c.execute(text(statement.format(schema=_schema(engine))))


def _rows(engine: Engine, name: str) -> list[tuple]:
    with engine.connect() as c:
        return [tuple(r) for r in c.execute(text(f"SELECT * FROM {name} ORDER BY 1"))]


def _definitions(engine: Engine) -> dict[str, str | None]:
    inspector = inspect(engine)
    names = inspector.get_view_names(schema=db.VIEW_SCHEMA if _schema(engine) else None)
    schema = db.VIEW_SCHEMA if _schema(engine) else None
    return {n: inspector.get_view_definition(n, schema=schema) for n in sorted(names)}


def _hashes(engine: Engine) -> dict[str, str]:
    with engine.connect() as c:
        return dict(
            c.execute(text("SELECT name, sha256 FROM schema_object WHERE kind = 'view'")).all()
        )


def _upgrade(engine: Engine, *args: str) -> tuple[int, str]:
    url = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["--db", url, "db", *(args or ("upgrade",))])
    # A refusal is a one-line ClickException (exit 1), never a traceback.
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    engine.dispose()
    return result.exit_code, result.output


@pytest.fixture
def analysed(engine: Engine) -> Engine:
    """A database at head with data and two analyst views on v_funding."""
    view_fixtures.load(engine)
    _create(engine, MY_FUNDING, MY_BUREAUS)
    return engine


def test_upgrade_at_head_leaves_analyst_views_alone(analysed: Engine) -> None:
    """Before: DependentObjectsStillExist on PostgreSQL, even with nothing to upgrade."""
    before = _rows(analysed, "my_funding")
    assert before
    definitions = _definitions(analysed)
    code, output = _upgrade(analysed)
    assert code == 0, output
    assert _rows(analysed, "my_funding") == before
    assert _rows(analysed, "my_bureaus") == [(name,) for name, _ in before]
    assert _definitions(analysed) == definitions  # nothing was even re-created


def test_a_changed_view_is_replaced_and_analyst_views_come_back(analysed: Engine) -> None:
    """v_funding's SQL changed (its recorded hash is stale): it is re-created, and the
    analyst views on it are set aside and re-created after it, reading the same rows."""
    before = _rows(analysed, "my_funding")
    with analysed.begin() as c:
        c.execute(text("UPDATE schema_object SET sha256 = 'old' WHERE name = 'v_funding'"))
    code, output = _upgrade(analysed)
    assert code == 0, output
    assert _rows(analysed, "my_funding") == before
    assert _rows(analysed, "my_bureaus") == [(name,) for name, _ in before]
    assert _hashes(analysed)["v_funding"] == views.sql_hash("v_funding")


@pytest.fixture
def analyst_role(analysed: Engine, backend: str) -> Iterator[str]:
    if backend != "postgresql":
        pytest.skip("owners and grants are PostgreSQL's")
    role = f"analyst_{uuid.uuid4().hex[:8]}"
    reader = f"reader_{uuid.uuid4().hex[:8]}"
    url = analysed.url.render_as_string(hide_password=False)
    with analysed.begin() as c:
        for r in (role, reader):
            c.execute(text(f"CREATE ROLE {r}"))
        c.execute(text(f"GRANT CREATE, USAGE ON SCHEMA {db.VIEW_SCHEMA} TO {role}"))
        c.execute(text(f"GRANT SELECT ON v_funding TO {role}"))
        c.execute(text(f"SET LOCAL ROLE {role}"))
        c.execute(text(MY_FUNDING.format(schema="public.").replace("my_funding", "their_funding")))
        c.execute(text(f"GRANT SELECT ON public.their_funding TO {reader}"))
        c.execute(text("COMMENT ON VIEW public.their_funding IS 'years per bureau, 张三'"))
        c.execute(text("COMMENT ON COLUMN public.their_funding.years IS 'funding years'"))
    yield role
    admin = create_engine(make_url(url), isolation_level="AUTOCOMMIT")
    analysed.dispose()
    with admin.connect() as c:
        for r in (role, reader):
            c.execute(text(f"DROP OWNED BY {r}"))
            c.execute(text(f"DROP ROLE {r}"))
    admin.dispose()


def test_owner_comments_and_grants_come_back(analysed: Engine, analyst_role: str) -> None:
    def state() -> tuple:
        with analysed.connect() as c:
            return tuple(
                c.execute(
                    text(
                        "SELECT pg_get_userbyid(c.relowner), obj_description(c.oid, 'pg_class'), "
                        "col_description(c.oid, 2), "
                        "CAST(c.relacl AS text) FROM pg_class c WHERE c.oid = "
                        "to_regclass('public.their_funding')"
                    )
                ).one()
            )

    before = state()
    assert before[0] == analyst_role and before[1] == "years per bureau, 张三"
    with analysed.begin() as c:
        c.execute(text("UPDATE schema_object SET sha256 = 'old' WHERE name = 'v_funding'"))
    code, output = _upgrade(analysed)
    assert code == 0, output
    assert state() == before


def _without_column(name: str, column: str, engine: Engine):
    """read_sql as a release would ship it: `name` without `column` (same other columns)."""
    original = views.read_sql
    kept = [
        c["name"] for c in inspect(engine).get_columns(name, schema=None) if c["name"] != column
    ]

    def read_sql(view: str) -> str:
        body = original(view).strip().rstrip(";")
        if view != name:
            return body
        return f"SELECT {', '.join(kept)} FROM (\n{body}\n) AS previous"

    return read_sql


def test_an_analyst_view_that_cannot_survive_is_named_and_nothing_changes(
    analysed: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new v_funding without bureau_name: my_funding cannot be made again. The upgrade
    says so in one line naming both analyst views, and the database stays as it was. (SQLite
    would otherwise drop v_funding without a word and my_funding would fail later.)"""
    before = {n: _rows(analysed, n) for n in ("my_funding", "my_bureaus", "v_funding")}
    definitions, hashes = _definitions(analysed), _hashes(analysed)
    monkeypatch.setattr(views, "read_sql", _without_column("v_funding", "bureau_name", analysed))
    code, output = _upgrade(analysed)
    assert code == 1, output
    lines = output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: migration stopped, nothing changed")
    assert "my_funding" in lines[0] and "my_bureaus" in lines[0]
    monkeypatch.undo()
    assert _definitions(analysed) == definitions
    assert _hashes(analysed) == hashes
    assert {n: _rows(analysed, n) for n in before} == before


def test_a_downgrade_below_head_refuses_while_analyst_views_use_ours(analysed: Engine) -> None:
    """Below head our views do not exist: the analyst's on them cannot stay; say so."""
    definitions = _definitions(analysed)
    code, output = _upgrade(analysed, "downgrade", "0006")
    assert code == 1, output
    assert "my_funding" in output and len(output.strip().splitlines()) == 1
    assert db.current(analysed).at_head
    assert _definitions(analysed) == definitions


def test_an_analyst_view_on_a_table_survives_revisions(engine: Engine) -> None:
    """Revisions run (down to 0005 and back): SQLite sets every analyst view aside around
    them (a table rebuild fails on a view it breaks); PostgreSQL keeps it in place."""
    view_fixtures.load(engine)
    _create(engine, "CREATE VIEW {schema}my_sources AS SELECT id, source_name FROM report")
    before = _rows(engine, "my_sources")
    for args in (("downgrade", "0005"), ("upgrade",)):
        code, output = _upgrade(engine, *args)
        assert code == 0, output
        assert _rows(engine, "my_sources") == before
    assert db.current(engine).at_head


def test_a_function_on_a_view_stops_the_upgrade_in_one_line(analysed: Engine, backend: str) -> None:
    """Not a view, so it cannot be set aside: the upgrade names it and changes nothing."""
    if backend != "postgresql":
        pytest.skip("SQLite has no such dependencies")
    with analysed.begin() as c:
        c.execute(
            text(
                "CREATE FUNCTION public.funding_rows() RETURNS SETOF public.v_funding "
                "LANGUAGE sql AS 'SELECT * FROM public.v_funding'"
            )
        )
        c.execute(text("UPDATE schema_object SET sha256 = 'old' WHERE name = 'v_funding'"))
    hashes = _hashes(analysed)
    code, output = _upgrade(analysed)
    assert code == 1, output
    assert len(output.strip().splitlines()) == 1 and "funding_rows" in output, output
    assert _hashes(analysed) == hashes


# region with the columns revision 0012 stores, computed as the views did before it.
# picked_value's definition reads the catalog's additive flag; the 0006 release named six.
PICKED_ADDITIVE = "CASE WHEN i.additive THEN 1 ELSE 0 END"
PICKED_JOIN = "JOIN indicator i ON i.code = f.indicator_code"
SIX_ADDITIVE = (
    "CASE WHEN f.indicator_code IN ('funding_amount', 'schools_consolidated', "
    "'school_places_added', 'students_aided', 'teachers_recruited', 'teachers_rotated') "
    "THEN 1 ELSE 0 END"
)
PLACED_REGION = """SELECT
    rg.*,
    CASE rg.level
        WHEN 'province' THEN rg.name
        WHEN 'prefecture' THEN p1.name
        ELSE COALESCE(p2.name, p1.name)
    END AS province,
    CASE
        WHEN rg.level = 'prefecture' THEN rg.name
        WHEN rg.level = 'county' AND p1.level = 'prefecture' THEN p1.name
    END AS prefecture,
    CASE WHEN rg.level = 'county' THEN rg.name END AS county
FROM region rg
LEFT JOIN region p1 ON p1.code = rg.parent_code
LEFT JOIN region p2 ON p2.code = p1.parent_code"""


def test_analyst_views_come_back_after_the_revisions_of_a_new_release(engine: Engine) -> None:
    """The real case of this release: a database at 0006 with its views (as the previous
    release left it) and an analyst view on v_funding; `db upgrade` runs revision 0007 (on
    PostgreSQL the tables move schema), re-creates our views and then the analyst's."""
    from sqlalchemy import delete, insert

    from edureports.models import SchemaObject

    view_fixtures.load(engine)
    db.downgrade(engine, "0006")
    with engine.begin() as c:  # what the 0006 release did at its head: its twelve views
        c.execute(delete(SchemaObject).where(SchemaObject.kind == "view"))
        for name in views.VIEWS[:12]:  # (those of the catalog's topics came with 0008)
            # That release counted from observation at query time: today's SQL with the
            # summary tables (revision 0010) computed inline from their definitions.
            # And the names of a region's places (revision 0012) from its parents, as then.
            body = re.sub(r"\bJOIN region (\w+)", rf"JOIN ({PLACED_REGION}) \1", inline(name))
            # And its sums of six indicators named in the SQL (indicator.additive: 0008).
            body = body.replace(PICKED_ADDITIVE, SIX_ADDITIVE).replace(PICKED_JOIN, "")
            c.execute(text(f"CREATE VIEW {views.qualified(c, name)} AS\n{body}"))
            c.execute(
                insert(SchemaObject).values(name=name, kind="view", sha256=views.sql_hash(name))
            )
    _create(engine, MY_FUNDING, MY_BUREAUS)
    before = _rows(engine, "my_funding")
    assert before
    code, output = _upgrade(engine)
    assert code == 0, output
    assert db.current(engine).at_head
    assert _rows(engine, "my_funding") == before
    assert _rows(engine, "my_bureaus") == [(name,) for name, _ in before]
