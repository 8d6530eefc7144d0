"""SQLite: CHECK constraints on a list of values written as OR instead of IN

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 09:00:00

Issue #14: a load stores ~80 figures a report. SQLite evaluates `role IN ('review',
'plan')` in a CHECK by building a temporary index of the list, once per row it inserts:
observation's six list checks cost ~14 us a row, two thirds of an insert (measured with
executemany on a copy of the table: 21 us a row as declared, 7 us with the same checks
written `role = 'review' OR role = 'plan'`). The two forms accept the same values, NULL
included (NULL IN (...) and NULL = ... OR ... are both NULL, which a CHECK lets through).

SQLite cannot alter a constraint; its documented way to change CHECK constraints without
copying a table is to rewrite the table's CREATE statement in sqlite_schema under
`PRAGMA writable_schema` and bump the schema version (sqlite.org/lang_altertable.html,
"Making Other Kinds Of Table Schema Changes"). The rows already satisfy the new checks,
which accept exactly what the old ones did. Each rewritten statement is first run on an
empty in-memory database, so a statement SQLite would not read is never written. A build
of SQLite that refuses writable_schema (SQLITE_DBCONFIG_DEFENSIVE) keeps the IN form: only
speed is lost.

PostgreSQL evaluates an IN list as `= ANY` of a constant array at no such cost: unchanged.
"""

import re
import sqlite3
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_LITERAL = r"'[^']*'"
_IN_LIST = re.compile(rf"CHECK \((\w+) IN \(({_LITERAL}(?:, {_LITERAL})+)\)\)")
_OR_LIST = re.compile(rf"CHECK \(((\w+) = {_LITERAL}(?: OR \2 = {_LITERAL})+)\)")


def _as_or(match: re.Match[str]) -> str:
    column, values = match.group(1), re.findall(_LITERAL, match.group(2))
    return "CHECK (" + " OR ".join(f"{column} = {v}" for v in values) + ")"


def _as_in(match: re.Match[str]) -> str:
    column, values = match.group(2), re.findall(_LITERAL, match.group(1))
    return f"CHECK ({column} IN ({', '.join(values)}))"


def _rewrite(pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str]) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    tables = bind.execute(
        sa.text("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'")
    ).all()
    changed = {name: pattern.sub(replace, sql) for name, sql in tables}
    changed = {name: sql for name, sql in changed.items() if sql != dict(tables)[name]}
    if not changed:
        return
    scratch = sqlite3.connect(":memory:")  # each new statement must be one SQLite reads
    try:
        for sql in changed.values():
            scratch.execute(sql)
    finally:
        scratch.close()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    update = sa.text("UPDATE sqlite_master SET sql = :sql WHERE type = 'table' AND name = :n")
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for n, (name, sql) in enumerate(changed.items()):
            try:
                bind.execute(update, {"sql": sql, "n": name})
            except sa.exc.OperationalError:
                if n == 0:  # writable_schema refused (defensive build): keep the IN form
                    return
                raise  # the migration's transaction rolls back every rewrite
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    if bind.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
        raise RuntimeError("SQLite schema rewrite failed its quick_check")


def upgrade() -> None:
    _rewrite(_IN_LIST, _as_or)


def downgrade() -> None:
    _rewrite(_OR_LIST, _as_in)
