"""Statements sent through the driver (edureports.driver) behave as SQLAlchemy's would: the
same parameters, lists in IN, errors of SQLAlchemy's family, the transaction SQLAlchemy
commits or rolls back, and an interrupt that closes the connection and goes through."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from edureports import driver


@pytest.mark.parametrize(
    ("params", "rows"),
    [
        ({"years": [2019, 2021]}, [(2019,), (2021,)]),
        ({"years": [2020]}, [(2020,)]),
        ({"years": []}, []),
    ],
)
def test_a_list_goes_into_in(engine: Engine, params: dict, rows: list) -> None:
    with engine.connect() as connection:
        for year in (2019, 2020, 2021):
            driver.run(
                connection, "INSERT INTO period (year, part) VALUES (:y, 'year')", {"y": year}
            )
        found = driver.run(
            connection, "SELECT year FROM period WHERE year IN :years ORDER BY year", params
        ).fetchall()
        connection.rollback()
    assert [tuple(r) for r in found] == rows


def test_a_percent_sign_in_the_text_is_no_parameter(engine: Engine) -> None:
    with engine.connect() as connection:
        found = driver.run(connection, "SELECT '50%' || :x", {"x": "!"}).fetchone()
    assert found[0] == "50%!"


def test_statements_join_the_transaction_sqlalchemy_commits(engine: Engine) -> None:
    with engine.connect() as connection:
        driver.run(connection, "INSERT INTO period (year, part) VALUES (:y, 'year')", {"y": 2031})
        connection.rollback()
        driver.run(connection, "INSERT INTO period (year, part) VALUES (:y, 'year')", {"y": 2032})
        connection.commit()
    with engine.connect() as connection:
        years = driver.run(connection, "SELECT year FROM period WHERE year > 2030").fetchall()
    assert [y for (y,) in years] == [2032]


def test_errors_are_sqlalchemy_errors(engine: Engine) -> None:
    sql = "INSERT INTO period (year, part) VALUES (:y, 'year')"
    with engine.connect() as connection:
        driver.run(connection, sql, {"y": 2040})
        with pytest.raises(IntegrityError) as caught:
            driver.run(connection, sql, {"y": 2040})
        assert isinstance(caught.value.orig, engine.dialect.loaded_dbapi.Error)
        connection.rollback()


def test_an_interrupt_closes_the_connection_and_goes_through(engine: Engine) -> None:
    """Ctrl-C in a statement or a pipeline: the interrupt, not an error of the driver about
    its state, reaches the caller, and the connection is not used again."""
    with engine.connect() as connection:
        driver.run(connection, "SELECT 1")
        with pytest.raises(KeyboardInterrupt):
            if engine.dialect.name == "postgresql":
                with driver.pipeline(connection) as raw:
                    raw.cursor().execute("SELECT pg_sleep(0.2)")
                    raise KeyboardInterrupt
            else:
                with driver._interruptible(connection, "test"):
                    raise KeyboardInterrupt
        assert connection.invalidated


def test_an_ordinary_error_keeps_the_connection(engine: Engine) -> None:
    """Only an interrupt closes the connection; a mistake in the caller's parameters is an
    error like any other, and the transaction goes on being SQLAlchemy's to end."""
    with engine.connect() as connection:
        with pytest.raises(TypeError), driver._as_sqlalchemy_error(connection, "test", None):
            raise TypeError("not a parameter")
        assert not connection.invalidated
        assert driver.run(connection, "SELECT 1").fetchone()[0] == 1


@pytest.mark.parametrize(
    ("error", "found"),
    [
        (ValueError("x"), None),
        (KeyboardInterrupt(), "KeyboardInterrupt"),
    ],
)
def test_the_interrupt_behind_an_error_is_found(error: BaseException, found: str | None) -> None:
    try:
        try:
            raise error
        except BaseException as inner:
            raise RuntimeError("cannot exit pipeline mode while busy") from inner
    except RuntimeError as outer:
        interrupt = driver._interrupt_in(outer)
    assert (type(interrupt).__name__ if interrupt else None) == found
