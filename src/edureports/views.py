"""The canned views: their names in dependency order and their SQL from sql/*.sql.

View SQL is portable: one hand-written file runs unchanged on SQLite and PostgreSQL (no
transpiler), kept to the subset both engines share (see ARCHITECTURE.md, "SQL that runs on
both engines"); tests/test_views.py runs every view on both and compares them row by row.
The comparison views read v_counted_figures, where the counting rules of SPEC §5 live once.
"""

from __future__ import annotations

import hashlib
from importlib import resources

from sqlalchemy import Connection, text

from edureports.db import VIEW_SCHEMA

# Creation order: a view may only use views listed before it.
VIEWS: tuple[str, ...] = (
    "v_reports",
    "v_observations",
    "v_bureaus",
    "v_national_reference",
    "v_counted_figures",
    "v_indicator_values",
    "v_enrolment",
    "v_consolidation",
    "v_funding",
    "v_indicator_trend",
    "v_district_comparison",
    "v_plan_vs_actual",
    "v_catalog_values",
    "v_teachers",
    "v_facilities",
    "v_student_aid",
    "v_outcomes",
    "v_standards",
    "v_aid_programmes",
    "v_sections",
    "v_report_texts",
)


def available() -> tuple[str, ...]:
    """Views in creation order whose .sql file ships with the package."""
    folder = resources.files("edureports.sql")
    return tuple(name for name in VIEWS if folder.joinpath(f"{name}.sql").is_file())


def read_sql(name: str) -> str:
    return resources.files("edureports.sql").joinpath(f"{name}.sql").read_text("utf-8")


def sql_hash(name: str) -> str:
    return hashlib.sha256(read_sql(name).encode("utf-8")).hexdigest()


def qualified(connection: Connection, name: str) -> str:
    """The view's name in the schema every role sees (PostgreSQL: db.VIEW_SCHEMA; the owner's
    search_path puts the table schema first, where an unqualified CREATE VIEW would go)."""
    if connection.dialect.name == "postgresql":
        return f"{VIEW_SCHEMA}.{name}"
    return name


def drop(connection: Connection, names: list[str] | tuple[str, ...]) -> None:
    for name in reversed(names):
        connection.execute(text(f"DROP VIEW IF EXISTS {qualified(connection, name)}"))


def create(connection: Connection, name: str) -> None:
    body = read_sql(name).strip().rstrip(";")
    connection.execute(text(f"CREATE VIEW {qualified(connection, name)} AS\n{body}"))
