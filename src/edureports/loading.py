"""Loading many files: N processes each parse and store, one transaction per report.

With jobs > 1 each worker stores what it parsed through its own engine: no parsed report
crosses a process boundary, and no single writer caps the pace. PostgreSQL takes the
workers' transactions side by side (the unique sha256, row and advisory locks keep them
apart, as for separate loaders); SQLite allows one writer at a time, so the workers take
turns on a lock of their own, waking at once when it is free instead of polling on
busy_timeout. A database the workers cannot open (in-memory SQLite) falls back to parsing
in the workers and storing in this process.
"""

from __future__ import annotations

import ctypes
import fnmatch
import multiprocessing
import multiprocessing.pool
import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine

from edureports.loaders import LoadError
from edureports.loaders.base import (
    DEFAULT_MAX_SIZE,
    REPORT_SUFFIXES,
    content_format,
    display_name,
)
from edureports.parse import ParsedReport
from edureports.store import (
    AlreadyStored,
    LoadOutcome,
    parse_file,
    store_parsed,
    with_overrides,
)

_Task = tuple[str, str | None, int | None, int]
# A parsed file ready to store: the report, its hints and its text's sha256.
_Parsed = tuple[ParsedReport, dict[str, str], str]
# Files a SQLite worker takes at once, and the text it may hold parsed and not yet stored
# before it waits for the write lock (see _load_batch; a report is ~10,000-50,000).
BATCH = 8
HELD_CHARACTERS = 2_000_000
_T = TypeVar("_T")
_A = TypeVar("_A")
_PR_SET_PDEATHSIG = 1  # linux/prctl.h

# The database a worker looks stored texts up in and stores into (set by _start_worker),
# and, on SQLite, the lock the workers take turns on to write.
_WORKER_ENGINE: Engine | None = None
_WORKER_LOCK: Any = None


def _parse_one(args: _Task, stored_in: Engine | None = None) -> tuple[str, object]:
    path, bureau, year, max_size = args
    try:
        doc, parsed, sha = parse_file(
            path,
            bureau=bureau,
            year=year,
            max_size=max_size,
            stored_in=stored_in if stored_in is not None else _WORKER_ENGINE,
        )
    except LoadError as exc:
        return path, str(exc)
    if isinstance(parsed, AlreadyStored):
        return path, parsed
    return path, (parsed, with_overrides(doc.hints, bureau, year), sha)


def _load_one(args: _Task) -> LoadOutcome:
    """In a worker: parse one file and store it (jobs > 1, PostgreSQL)."""
    path, result = _parse_one(args)
    return _store_one(_WORKER_ENGINE, path, result, dry_run=False)


def _load_batch(batch: list[_Task]) -> list[LoadOutcome]:
    """In a worker on SQLite (jobs > 1): parse the files one after the other, and store what
    is parsed whenever the write lock is free; what is left waits for it at the end.

    A worker that found the lock taken parses its next file instead of waiting: one file a
    task spent ~8 % of the workers' time waiting (the lock is held ~6 ms of each report's
    ~17). Each report is still stored in a transaction of its own.
    """
    outcomes: dict[int, LoadOutcome] = {}
    parsed: list[tuple[int, str, _Parsed]] = []
    for n, task in enumerate(batch):
        path, result = _parse_one(task)
        if not isinstance(result, tuple):  # failed, or stored already: nothing to write
            outcomes[n] = _store_one(_WORKER_ENGINE, path, result, dry_run=False)
            continue
        parsed.append((n, path, result))
        # Waits for the lock when the reports held are large: memory stays that of a few.
        wait = sum(len(report.text) for _, _, (report, _, _) in parsed) > HELD_CHARACTERS
        if n + 1 < len(batch) and _WORKER_LOCK.acquire(block=wait):
            try:
                _store_parsed_batch(parsed, outcomes)
            finally:
                _WORKER_LOCK.release()
    if parsed:
        with _WORKER_LOCK:
            _store_parsed_batch(parsed, outcomes)
    return [outcomes[n] for n in range(len(batch))]


def _store_parsed_batch(
    parsed: list[tuple[int, str, _Parsed]], outcomes: dict[int, LoadOutcome]
) -> None:
    """Store the parsed reports of a batch in order, each in its own transaction (the
    caller holds the write lock), and empty the list."""
    for n, path, result in parsed:
        outcomes[n] = _store_one(_WORKER_ENGINE, path, result, dry_run=False)
    parsed.clear()


def _batches(tasks: Iterable[_Task], size: int) -> Iterator[list[_Task]]:
    batch: list[_Task] = []
    for task in tasks:
        batch.append(task)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _start_worker(url: str | None, lock: Any = None) -> None:
    """In a worker: an engine of its own (the parent's pooled connections must not be
    shared across fork), and death with the parent, so that a killed load stops writing."""
    global _WORKER_ENGINE, _WORKER_LOCK
    _die_with_parent()
    _WORKER_LOCK = lock
    if url is not None:
        from edureports import db

        _WORKER_ENGINE = db.make_engine(url)


def _die_with_parent() -> None:
    """Linux: have the kernel kill this worker when the loading process dies (kill -9 too),
    as the load's own transaction would be. Elsewhere a worker ends at its next task."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _worker_url(engine: Engine | None) -> str | None:
    """The URL parse workers look stored texts up in, or None when they cannot see the same
    database (an in-memory SQLite database is private to its connection)."""
    if engine is None:
        return None
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        return None
    return engine.url.render_as_string(hide_password=False)


def _warm_up() -> None:
    """Load jieba's dictionary before forking so workers share it instead of each loading it."""
    from edureports.parse.words import warm_up

    warm_up()


@dataclass(frozen=True)
class LoadProgress:
    """Where a load stands, for whoever draws it (the library never prints)."""

    done: int  # files finished: loaded, already present or failed
    total: int
    current: str | None  # the file being read now; None once all are done
    elapsed: float  # seconds since the load started

    @property
    def remaining(self) -> float | None:
        """Seconds left at the pace so far; None before the first file is done."""
        if self.done == 0:
            return None
        return self.elapsed / self.done * max(self.total - self.done, 0)


ProgressCallback = Callable[[LoadProgress], None]


def load_paths(
    engine: Engine | None,
    files: Iterable[Path],
    *,
    bureau: str | None = None,
    year: int | None = None,
    jobs: int = 1,
    dry_run: bool = False,
    max_size: int = DEFAULT_MAX_SIZE,
    on_progress: ProgressCallback | None = None,
) -> Iterator[LoadOutcome]:
    """Yield one outcome per file, in order. Failures are outcomes, never exceptions.

    A file (or its text) larger than max_size bytes fails without being parsed.
    on_progress is called before each file's outcome is awaited (naming that file) and
    once at the end (current None), so a display shows what is slow while it is slow.
    """
    paths = [str(p) for p in files]
    tasks = ((p, bureau, year, max_size) for p in paths)
    lookup = None if dry_run else engine
    if jobs > 1:
        _warm_up()
        context = multiprocessing.get_context("fork")
        url = _worker_url(lookup)
        lock = context.Lock() if url is not None and url.startswith("sqlite") else None
        with context.Pool(jobs, initializer=_start_worker, initargs=(url, lock)) as pool:
            if lock is not None:  # the workers store, taking turns on SQLite's one writer
                batches = _bounded_map(pool, _load_batch, _batches(tasks, BATCH), window=2 * jobs)
                yield from _reporting(chain.from_iterable(batches), paths, on_progress)
            elif url is not None:  # the workers store
                outcomes = _bounded_map(pool, _load_one, tasks, window=4 * jobs)
                yield from _reporting(outcomes, paths, on_progress)
            else:
                results = _bounded_map(pool, _parse_one, tasks, window=4 * jobs)
                yield from _store_all(engine, _reporting(results, paths, on_progress), dry_run)
    else:
        results = (_parse_one(task, lookup) for task in tasks)
        yield from _store_all(engine, _reporting(results, paths, on_progress), dry_run)


def _reporting(
    results: Iterator[_T],
    paths: Sequence[str],
    on_progress: ProgressCallback | None,
) -> Iterator[_T]:
    """The results, with on_progress told which file is awaited before each is pulled.

    Results come in task order, so the i-th result is the i-th path's.
    """
    if on_progress is None:
        yield from results
        return
    started = time.monotonic()
    total = len(paths)
    for done, path in enumerate(paths):
        on_progress(LoadProgress(done, total, path, time.monotonic() - started))
        yield next(results)
    on_progress(LoadProgress(total, total, None, time.monotonic() - started))


def _bounded_map(
    pool: multiprocessing.pool.Pool,
    function: Callable[[_A], _T],
    tasks: Iterable[_A],
    window: int,
) -> Iterator[_T]:
    """Results in task order with at most `window` tasks handed out and not yet taken back.

    Pool.imap would read every task at once and queue every result while a slower consumer
    catches up: memory would grow with the size of the folder.
    """
    pending: deque[multiprocessing.pool.AsyncResult] = deque()
    for task in tasks:
        pending.append(pool.apply_async(function, (task,)))
        if len(pending) >= window:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _store_all(
    engine: Engine | None, results: Iterable[tuple[str, object]], dry_run: bool
) -> Iterator[LoadOutcome]:
    for path, result in results:
        yield _store_one(engine, path, result, dry_run)


def _store_one(engine: Engine | None, path: str, result: object, dry_run: bool) -> LoadOutcome:
    """The outcome of one parse result: stored, or why not. On SQLite a worker calls it
    holding the write lock (_load_batch).

    In a worker the parsed report is not sent back: only the caller of a one-process load or
    a dry run gets it in the outcome.
    """
    if isinstance(result, str):
        return LoadOutcome(path, "failed", message=result)
    if isinstance(result, AlreadyStored):
        return LoadOutcome(path, "skipped", report_id=result.report_id)
    assert isinstance(result, tuple)
    parsed, hints, sha = result
    assert isinstance(parsed, ParsedReport)
    if dry_run or engine is None:
        return LoadOutcome(path, "parsed", parsed=parsed)
    try:
        status, report_id = store_parsed(engine, parsed, hints=hints, sha=sha)
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return LoadOutcome(
            path, "failed", message=f"{display_name(path)}: could not store ({first})"
        )
    in_worker = _WORKER_ENGINE is not None and engine is _WORKER_ENGINE
    return LoadOutcome(path, status, report_id=report_id, parsed=None if in_worker else parsed)


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@dataclass
class FileWalk:
    """The files found under the given paths, and what the walk left out."""

    files: list[Path] = field(default_factory=list)
    skipped: list[FolderSkip] = field(default_factory=list)
    # files in folders in no format edureports reads (nor matched by an include glob)
    other_formats: list[Path] = field(default_factory=list)

    def other_format_counts(self) -> dict[str, int]:
        """{".json": 1, ".tsv": 2}: the files left out by kind, for the user's summary."""
        counts = Counter(p.suffix.lower() or "(no suffix)" for p in self.other_formats)
        return dict(sorted(counts.items()))

    def other_formats_text(self) -> str:
        """What the walk left out, in a line: "2 files of other formats (.json 1, .tsv 1)"."""
        kinds = ", ".join(f"{kind} {n}" for kind, n in self.other_format_counts().items())
        return f"{_plural(len(self.other_formats), 'file')} of other formats ({kinds})"


def _matches(path: Path, root: Path, include: Sequence[str]) -> bool:
    """Whether an include glob names the file, ignoring case as the suffix check does.

    A glob with a slash is matched against the path below the folder given, one without
    against the file name (so "*.tsv" finds them at any depth).
    """
    name = path.name.lower()
    below = path.relative_to(root).as_posix().lower()
    return any(
        fnmatch.fnmatchcase(below if "/" in glob else name, glob.lower()) for glob in include
    )


def _takes(path: Path, root: Path, include: Sequence[str]) -> bool:
    """A file of a folder is loaded when its name or its content says it is a report format.

    Corpora keep lists, gold files and spreadsheets beside the reports; their cells quote
    report text, so parsed as text they pass for reports with hundreds of junk figures.
    """
    if path.suffix.lower() in REPORT_SUFFIXES or _matches(path, root, include):
        return True
    return content_format(path) is not None


def _walk_folder(folder: Path, walk: FileWalk, root: Path, include: Sequence[str]) -> None:
    """Files of a folder and its sub-folders in name order; hidden files left out.

    Symbolic links to folders are not followed (they loop, or load a tree twice); a folder
    that cannot be listed or entered is skipped. Both are recorded, never silent, and never
    stop the walk. Links to files are followed; a dangling link is listed so that loading
    it says "no such file". Files in no format edureports reads are counted, not listed.
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
                    _add_file(path, walk, root, include)  # a file, or dangling: loading says
            elif entry.is_dir():
                if os.access(path, os.R_OK | os.X_OK):
                    _walk_folder(path, walk, root, include)
                else:
                    walk.skipped.append(
                        FolderSkip(path, "folder not read (permission denied)", error=True)
                    )
            elif entry.is_file() and not entry.name.startswith("."):
                _add_file(path, walk, root, include)
        except OSError as exc:
            walk.skipped.append(FolderSkip(path, f"not read ({exc.strerror or exc})", error=True))


def _add_file(path: Path, walk: FileWalk, root: Path, include: Sequence[str]) -> None:
    if _takes(path, root, include):
        walk.files.append(path)
    else:
        walk.other_formats.append(path)


def walk_paths(paths: Iterable[str | Path], *, include: Sequence[str] = ()) -> FileWalk:
    """Files under the given paths (folders walked recursively in name order).

    In folders, only the formats edureports reads are taken (txt, html, docx, pdf, by name
    or content) plus the files an include glob names; the others are counted in
    other_formats. A file named in paths is taken whatever it is, so that loading it
    says what it is. A path that does not exist is kept as is, so that loading reports it
    as failed. A folder named on the command line is entered even if it is a link.
    """
    walk = FileWalk()
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _walk_folder(path, walk, path, include)
        else:
            walk.files.append(path)
    return walk


def collect_files(paths: Iterable[str | Path], *, include: Sequence[str] = ()) -> list[Path]:
    """The files walk_paths takes (what it left out is not reported: see walk_paths)."""
    return walk_paths(paths, include=include).files


def format_elapsed(seconds: float) -> str:
    """4.2 -> "4.2 s", 125 -> "2 min 05 s", 3720 -> "1 h 02 min": durations in summaries."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(seconds), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


@dataclass
class LoadSummary:
    """The counts of one load, and the line that ends it (loaded, present, failed, skipped).

    The clock starts when the summary is made, before the walk, so the time reported is
    what the user waited.
    """

    dry_run: bool = False
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    other_formats: int = 0
    folders_skipped: int = 0
    started: float = field(default_factory=time.monotonic)

    def walked(self, walk: FileWalk) -> None:
        """Count what the walk left out."""
        self.other_formats = len(walk.other_formats)
        self.folders_skipped = len(walk.skipped)

    def add(self, outcome: LoadOutcome) -> None:
        self.statuses[outcome.status] += 1
        if outcome.status == "failed":
            self.errors.append(outcome.message)

    def counts(self) -> str:
        """The counts: "loaded 3, already present 1, failed 0" (dry run: "parsed 4, failed 0")."""
        c = self.statuses
        if self.dry_run:
            return f"parsed {c['parsed']}, failed {c['failed']}"
        return f"loaded {c['loaded']}, already present {c['skipped']}, failed {c['failed']}"

    def line(self) -> str:
        """The one line a load ends with: counts, what was left out, time taken."""
        parts = [self.counts()]
        if self.folders_skipped:
            parts.append(f"folders skipped {self.folders_skipped}")
        if self.other_formats:
            parts.append(f"skipped {_plural(self.other_formats, 'file')} of other formats")
        line = ", ".join(parts)
        if self.dry_run:
            line += " (dry run: nothing stored)"
        return f"{line}; took {format_elapsed(time.monotonic() - self.started)}"
