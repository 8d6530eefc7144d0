"""Loading many files: parse in N processes, store from one writer, one transaction each."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlalchemy import Engine

from edureports.loaders import LoadError
from edureports.parse import ParsedReport
from edureports.store import LoadOutcome, iter_files, parse_file, store_parsed, with_overrides


def _parse_one(args: tuple[str, str | None, int | None]) -> tuple[str, object]:
    path, bureau, year = args
    try:
        doc, parsed = parse_file(path, bureau=bureau, year=year)
    except LoadError as exc:
        return path, str(exc)
    return path, (parsed, with_overrides(doc.hints, bureau, year))


def _warm_up() -> None:
    """Load jieba's dictionary before forking so workers share it instead of each loading it."""
    from edureports.parse import figures

    warm = getattr(figures, "warm_up", None)
    if warm is not None:
        warm()


def load_paths(
    engine: Engine | None,
    files: Iterable[Path],
    *,
    bureau: str | None = None,
    year: int | None = None,
    jobs: int = 1,
    dry_run: bool = False,
) -> Iterator[LoadOutcome]:
    """Yield one outcome per file, in order. Failures are outcomes, never exceptions."""
    tasks = ((str(p), bureau, year) for p in files)
    if jobs > 1:
        _warm_up()
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs) as pool:
            yield from _store_all(engine, _bounded_map(pool, tasks, window=4 * jobs), dry_run)
    else:
        yield from _store_all(engine, map(_parse_one, tasks), dry_run)


def _bounded_map(
    pool: multiprocessing.pool.Pool, tasks: Iterable[tuple], window: int
) -> Iterator[tuple[str, object]]:
    """Results in task order with at most `window` parsed reports waiting for the writer.

    Pool.imap would read every task at once and queue every result while a slower writer
    (PostgreSQL) catches up: memory would grow with the size of the folder.
    """
    pending: deque[multiprocessing.pool.AsyncResult] = deque()
    for task in tasks:
        pending.append(pool.apply_async(_parse_one, (task,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _store_all(
    engine: Engine | None, results: Iterable[tuple[str, object]], dry_run: bool
) -> Iterator[LoadOutcome]:
    for path, result in results:
        if isinstance(result, str):
            yield LoadOutcome(path, "failed", message=result)
            continue
        parsed, hints = result
        assert isinstance(parsed, ParsedReport)
        if dry_run or engine is None:
            yield LoadOutcome(path, "parsed", parsed=parsed)
            continue
        try:
            status, report_id = store_parsed(engine, parsed, hints=hints)
        except Exception as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            yield LoadOutcome(
                path, "failed", message=f"{Path(path).name}: could not store ({first})"
            )
            continue
        yield LoadOutcome(path, status, report_id=report_id, parsed=parsed)


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    return list(iter_files(paths))
