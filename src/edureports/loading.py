"""Loading many files: parse in N processes, store from one writer, one transaction each."""

from __future__ import annotations

import multiprocessing
import multiprocessing.pool
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from edureports.loaders import LoadError
from edureports.loaders.base import DEFAULT_MAX_SIZE, display_name
from edureports.parse import ParsedReport
from edureports.store import LoadOutcome, parse_file, store_parsed, with_overrides

_Task = tuple[str, str | None, int | None, int]


def _parse_one(args: _Task) -> tuple[str, object]:
    path, bureau, year, max_size = args
    try:
        doc, parsed = parse_file(path, bureau=bureau, year=year, max_size=max_size)
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
    max_size: int = DEFAULT_MAX_SIZE,
) -> Iterator[LoadOutcome]:
    """Yield one outcome per file, in order. Failures are outcomes, never exceptions.

    A file (or its text) larger than max_size bytes fails without being parsed.
    """
    tasks = ((str(p), bureau, year, max_size) for p in files)
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
                path, "failed", message=f"{display_name(path)}: could not store ({first})"
            )
            continue
        yield LoadOutcome(path, status, report_id=report_id, parsed=parsed)


def _readable(path: Path) -> str:
    """A path for a message, readable also when its bytes are GBK rather than UTF-8."""
    return str(Path(*Path(path).parts[:-1], display_name(path))) if path.name else str(path)


@dataclass(frozen=True)
class FolderSkip:
    """A folder the walk did not enter, and why (one line for the user)."""

    path: Path
    reason: str
    error: bool  # True: could not be read, its files may be lost; False: not followed on purpose

    @property
    def message(self) -> str:
        return f"{_readable(self.path)}: {self.reason}"


@dataclass
class FileWalk:
    """The files found under the given paths and the folders that were not entered."""

    files: list[Path] = field(default_factory=list)
    skipped: list[FolderSkip] = field(default_factory=list)


def _walk_folder(folder: Path, walk: FileWalk) -> None:
    """Files of a folder and its sub-folders in name order; hidden files left out.

    Symbolic links to folders are not followed (they loop, or load a tree twice); a folder
    that cannot be listed or entered is skipped. Both are recorded, never silent, and never
    stop the walk. Links to files are followed; a dangling link is listed so that loading
    it says "no such file".
    """
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
        walk.skipped.append(FolderSkip(folder, f"folder not read ({reason or exc})", error=True))
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            if entry.is_symlink():
                if entry.is_dir():
                    walk.skipped.append(
                        FolderSkip(
                            path,
                            "link to a folder, not followed (name its target to load it)",
                            error=False,
                        )
                    )
                elif not entry.name.startswith("."):
                    walk.files.append(path)  # a file, or dangling: loading says which
            elif entry.is_dir():
                if os.access(path, os.R_OK | os.X_OK):
                    _walk_folder(path, walk)
                else:
                    walk.skipped.append(
                        FolderSkip(path, "folder not read (permission denied)", error=True)
                    )
            elif entry.is_file() and not entry.name.startswith("."):
                walk.files.append(path)
        except OSError as exc:
            walk.skipped.append(FolderSkip(path, f"not read ({exc.strerror or exc})", error=True))


def walk_paths(paths: Iterable[str | Path]) -> FileWalk:
    """Files under the given paths (folders walked recursively in name order).

    A path that does not exist is kept as is, so that loading reports it as failed.
    A folder named on the command line is entered even if it is a link.
    """
    walk = FileWalk()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk_folder(path, walk)
        else:
            walk.files.append(path)
    return walk


def collect_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files walk_paths finds (the skipped folders are left out: see walk_paths)."""
    return walk_paths(paths).files
