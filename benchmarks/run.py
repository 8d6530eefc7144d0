"""Throughput, memory and view-latency benchmark (run by hand; results go in the README).

    python benchmarks/run.py --reports 300 [--repeat 3] [--pg URL] [--scale 10000 --scale-engines sqlite]

Builds a synthetic corpus (benchmarks/corpus.py) and measures every step against a
yardstick, plain jieba.lcut(text, HMM=False) over the same texts, timed again before and
after each step so that a ratio (to the mean of the two) compares runs under the same load
of the machine: parse only, and `load` into SQLite and PostgreSQL with 1 and 2 jobs (each
also as a ratio to one job, both in yardstick units), and the yardstick itself split over
2 processes: the most `--jobs 2` could gain for work that is all CPU on this machine at
that moment; then, per engine, one job and two jobs back to back (1, 2, 2, 1 jobs), whose
ratio of raw times needs no yardstick. --scale N then loads N files with `edureports load`
per engine, kills that load half way and runs it again (resumption, peak memory of the
largest process), and times every view over the N reports. The machine is printed first.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import write_corpus  # noqa: E402
from edureports import db, views  # noqa: E402
from edureports.loading import load_paths  # noqa: E402
from edureports.parse import parse_text  # noqa: E402


def _rate(label: str, seconds: float, count: int, megabytes: float, **ratios: float) -> dict:
    row = {
        "step": label,
        "seconds": round(seconds, 2),
        "reports_per_s": round(count / seconds, 1),
        "MB_per_s": round(megabytes / seconds, 2),
        **{k: round(v, 2) for k, v in ratios.items()},
    }
    extra = "  ".join(f"{v:5.2f}x {k.replace('_', ' ')}" for k, v in ratios.items())
    print(
        f"{label:<34} {row['seconds']:>8.2f} s {row['reports_per_s']:>8.1f} rep/s "
        f"{row['MB_per_s']:>6.2f} MB/s  {extra}",
        flush=True,
    )
    return row


def _machine(pg: str | None) -> str:
    """The machine, so that numbers are read with it: CPU, cores, memory, versions."""
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kib = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    import sqlite3

    parts = [
        f"{platform.machine()} {cpu}",
        f"{len(os.sched_getaffinity(0))} cores",
        memory,
        f"Python {platform.python_version()}",
        f"SQLite {sqlite3.sqlite_version}",
    ]
    if pg:
        engine = db.make_engine(pg)
        with engine.connect() as c:
            version = c.execute(text("SHOW server_version")).scalar()
            fsync = c.execute(text("SHOW fsync")).scalar()
        engine.dispose()
        parts.append(f"PostgreSQL {version} (fsync {fsync})")
    return ", ".join(parts)


class Yardstick:
    """jieba.lcut(text, HMM=False) over the corpus, the unit every step is measured in."""

    def __init__(self, texts: list[str]) -> None:
        import jieba

        jieba.initialize()
        self.texts = texts

    def seconds(self) -> float:
        import jieba

        gc.collect()
        start = time.perf_counter()
        for t in self.texts:
            jieba.lcut(t, HMM=False)
        return time.perf_counter() - start


# The texts a forked pool segments (set before the fork, so nothing is pickled).
_SHARED_TEXTS: list[str] = []


def _segment(part: tuple[int, int]) -> None:
    import jieba

    start, step = part
    for t in _SHARED_TEXTS[start::step]:
        jieba.lcut(t, HMM=False)


def _yardstick_in_processes(texts: list[str], processes: int) -> float:
    """The yardstick's work split over forked processes: what `--jobs N` could gain for
    work that is all CPU, on this machine at this moment (shared cores, a busy host and
    memory bandwidth all show here), against which to read a load's "x one job"."""
    import jieba

    jieba.initialize()  # before the fork, as load --jobs warms up
    _SHARED_TEXTS[:] = texts
    context = multiprocessing.get_context("fork")
    start = time.perf_counter()
    with context.Pool(processes) as pool:
        pool.map(_segment, [(i, processes) for i in range(processes)])
    seconds = time.perf_counter() - start
    _SHARED_TEXTS.clear()
    return seconds


def _fresh_pg(url: str) -> tuple[str, callable]:
    admin = create_engine(db.make_engine(url).url, isolation_level="AUTOCOMMIT")
    name = f"edureports_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as c:
        c.execute(text(f"CREATE DATABASE {name}"))

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()

    return db.make_engine(url).url.set(database=name).render_as_string(hide_password=False), drop


def _named_pg(url: str, name: str) -> str:
    """The URL of database `name` on the server of `url`, created if it does not exist."""
    admin = create_engine(db.make_engine(url).url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first():
            c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return db.make_engine(url).url.set(database=name).render_as_string(hide_password=False)


def _load(url: str, files: list[Path], jobs: int) -> tuple[float, str]:
    """Seconds to load the files, and for one job where a report's time went: the CPU of
    this process (reading, parsing, the client's share of storing) and of the database
    server's processes, per report. Without overlap, one process's time a report is at
    least their sum."""
    engine = db.make_engine(url)
    db.upgrade(engine)
    server = _server_cpu(engine)
    waits = resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw
    cpu, start = time.process_time(), time.perf_counter()
    failed = [o.message for o in load_paths(engine, files, jobs=jobs) if o.status == "failed"]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    waits = resource.getrusage(resource.RUSAGE_SELF).ru_nvcsw - waits
    if failed:
        print(f"  {len(failed)} failed, e.g. {failed[0]}")
    split = ""
    if jobs == 1:
        per = 1000 / len(files)
        split = f"a report: {seconds * per:.1f} ms, CPU {cpu * per:.1f} ms in this process"
        after = _server_cpu(engine)
        if server is not None and after is not None:
            spent = sum(t - server.get(pid, 0.0) for pid, t in after.items())
            split += f" + {spent * per:.1f} ms in the database server"
        if engine.dialect.name == "postgresql":
            # A wait for the server's answer puts the process to sleep: a round trip to a
            # server on another machine would cost the network's latency each time.
            split += f"; {waits / len(files):.1f} waits for the server"
    engine.dispose()
    return seconds, split


def _server_cpu(engine) -> dict[int, float] | None:
    """CPU seconds so far of each PostgreSQL process serving this database, read from /proc:
    None for SQLite or a server on another machine."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as c:
        pids = c.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        ).scalars()
        spent = {}
        for pid in pids:
            proc = Path(f"/proc/{pid}")
            try:
                if b"postgres" not in (proc / "cmdline").read_bytes():
                    return None
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return None
            spent[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return spent


def _time_views(url: str) -> None:
    """Time every view as a full `SELECT *` with all rows fetched into Python (the cost a
    BI export pays; on PostgreSQL also the server's own share, as a COPY of the same rows),
    then the queries BI tools send to v_observations, which has one row per
    figure: COUNT(*), one bureau's figures, one indicator in one year, the first 1000 rows."""
    engine = db.make_engine(url)

    def timed(c, sql: str, params: dict | None = None) -> tuple[float, list]:
        gc.collect()  # free the previous result outside the timer
        start = time.perf_counter()
        rows = c.execute(text(sql), params or {}).fetchall()
        return time.perf_counter() - start, rows

    def streamed(c, sql: str) -> tuple[float, int]:
        """Every row fetched, in batches (a server-side cursor on PostgreSQL): the time of a
        full export without holding millions of rows at once."""
        gc.collect()
        start = time.perf_counter()
        count = 0
        driver = c.connection.driver_connection
        if c.dialect.name == "postgresql":
            # A full export: plan for every row, not for the first tenth (a cursor's default).
            c.exec_driver_sql("SET cursor_tuple_fraction = 1.0")
            cursor = driver.cursor(name="bench_stream")  # server-side
        else:
            cursor = driver.cursor()
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(5_000):
                count += len(batch)
        finally:
            cursor.close()
        c.rollback()
        return time.perf_counter() - start, count

    def copied(c, sql: str) -> tuple[float, int]:
        """PostgreSQL: the rows as COPY text, read and dropped: what the server spends to
        produce and send them, without the client building a Python object per value."""
        gc.collect()
        start = time.perf_counter()
        size = 0
        with (
            c.connection.driver_connection.cursor() as cursor,
            cursor.copy(f"COPY ({sql}) TO STDOUT") as copy,
        ):
            for block in copy:
                size += len(block)
        c.rollback()
        return time.perf_counter() - start, size

    with engine.connect() as c:
        available = views.available()
        for name in available:
            seconds, count = streamed(c, f"SELECT * FROM {name}")
            line = f"  view {name:<24} {seconds:>7.3f} s  {count:>8} rows  SELECT *, all fetched"
            if c.dialect.name == "postgresql":
                seconds, size = copied(c, f"SELECT * FROM {name}")
                line += f"; COPY TO STDOUT {seconds:.3f} s ({size / 1e6:.0f} MB)"
            print(line, flush=True)
        if "v_observations" not in available:
            engine.dispose()
            return
        # Parameters picked outside the timer: the bureau with the most figures and the most
        # frequent indicator x year (the largest answers of their kind).
        bureau = c.execute(
            text(
                "SELECT r.bureau_id FROM observation o JOIN report r ON r.id = o.report_id "
                "WHERE r.bureau_id IS NOT NULL GROUP BY r.bureau_id "
                "ORDER BY COUNT(*) DESC, r.bureau_id LIMIT 1"
            )
        ).scalar()
        pair = c.execute(
            text(
                "SELECT o.indicator_code, p.year FROM observation o "
                "JOIN period p ON p.id = o.period_id WHERE o.indicator_code <> 'unclassified' "
                "GROUP BY o.indicator_code, p.year "
                "ORDER BY COUNT(*) DESC, o.indicator_code, p.year LIMIT 1"
            )
        ).first()
        queries: list[tuple[str, str, dict]] = [
            ("COUNT(*)", "SELECT COUNT(*) FROM v_observations", {}),
            ("LIMIT 1000", "SELECT * FROM v_observations LIMIT 1000", {}),
        ]
        if bureau is not None:
            queries.append(
                (
                    f"WHERE bureau_id = {bureau} (busiest)",
                    "SELECT * FROM v_observations WHERE bureau_id = :b",
                    {"b": bureau},
                )
            )
        if pair is not None:
            queries.append(
                (
                    f"WHERE indicator_code = '{pair[0]}' AND period_year = {pair[1]}",
                    "SELECT * FROM v_observations WHERE indicator_code = :i AND period_year = :y",
                    {"i": pair[0], "y": pair[1]},
                )
            )
        for label, sql, params in queries:
            seconds, rows = timed(c, sql, params)
            count = rows[0][0] if label == "COUNT(*)" else len(rows)
            print(f"  v_observations {label:<64} {seconds:>7.3f} s  {count:>8} rows")
        # The filters a BI tool sends to the other views: one bureau, one indicator x year,
        # one province (that of the busiest bureau), where the view has those columns.
        province = c.execute(
            text("SELECT province FROM v_bureaus WHERE bureau_id = :b"), {"b": bureau}
        ).scalar()
        filters = {
            "bureau": ("bureau_id = :b", {"b": bureau}, {"bureau_id"}),
            "indicator x year": (
                "indicator_code = :i AND year = :y",
                {"i": pair[0] if pair else None, "y": pair[1] if pair else None},
                {"indicator_code", "year"},
            ),
            "province": ("province = :p", {"p": province}, {"province"}),
        }
        for name in available:
            if name in ("v_observations", "v_bureaus", "v_national_reference"):
                continue
            columns = set(c.execute(text(f"SELECT * FROM {name} LIMIT 0")).keys())
            for label, (where, params, needs) in filters.items():
                if needs <= columns and None not in params.values():
                    seconds, rows = timed(c, f"SELECT * FROM {name} WHERE {where}", params)
                    print(f"  {name:<24} one {label:<18} {seconds:>7.3f} s  {len(rows):>8} rows")
    engine.dispose()


# Runs the loader from a small intermediary process: Linux keeps a process's peak RSS across
# fork and exec, so a loader started straight from this (large) benchmark process would
# report this process's size instead of its own. It prints the loader's pid first (so that
# it can be killed), then exit status, the peak RSS of the largest process and the last line.
_PEAK = (
    "import resource, subprocess, sys; p = subprocess.Popen(sys.argv[1:], "
    "stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True); print(p.pid, flush=True); "
    "out = p.communicate()[0].strip().splitlines(); print(p.returncode, "
    "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, out[-1] if out else '')"
)


def _reports_stored(url: str) -> int:
    engine = db.make_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text("SELECT COUNT(*) FROM report")).scalar() or 0
    except Exception:  # not created yet
        return 0
    finally:
        engine.dispose()


def _cli_load(url: str, folder: Path, jobs: int, kill_at: int | None = None) -> dict:
    """Run `edureports load --jobs J folder` in its own process; with kill_at, SIGKILL it once
    that many reports are stored. Returns seconds, exit status, peak RSS (MB), summary."""
    exe = Path(sys.executable).with_name("edureports")
    command = [sys.executable, "-c", _PEAK, str(exe), "--db", url, "load"]
    command += ["--jobs", str(jobs), str(folder)]
    start = time.perf_counter()
    wrapper = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert wrapper.stdout is not None
    pid = int(wrapper.stdout.readline())
    if kill_at is not None:
        while wrapper.poll() is None and _reports_stored(url) < kill_at:
            time.sleep(0.5)
        if wrapper.poll() is None:
            os.kill(pid, signal.SIGKILL)
    status, peak, *last = wrapper.communicate()[0].split(maxsplit=2)
    return {
        "seconds": time.perf_counter() - start,
        "status": int(status),
        "peak_mb": int(peak) / 1024,
        "summary": last[0].strip() if last else "",
    }


def _scale(url: str, folder: Path, count: int, jobs: int) -> None:
    """Load `count` files with the CLI, killed half way and run again; then time the views."""
    engine = db.make_engine(url)
    db.upgrade(engine)
    engine.dispose()
    first = _cli_load(url, folder, jobs, kill_at=count // 2)
    stored = _reports_stored(url)
    print(
        f"edureports load --jobs {jobs} of {count} files ({url.split(':')[0]}): killed after "
        f"{first['seconds']:.0f} s with {stored} reports stored; peak RSS {first['peak_mb']:.0f} MB"
    )
    again = _cli_load(url, folder, jobs)
    print(
        f"  run again: exit {again['status']}, {again['seconds']:.0f} s, peak RSS of its "
        f"largest process {again['peak_mb']:.0f} MB; {again['summary']}"
    )
    rate = (count - stored) / again["seconds"] if again["seconds"] else 0
    print(f"  {_reports_stored(url)} reports stored; {rate:.1f} new reports/s in the rerun")
    _time_views(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        metavar="N",
        help="rounds of the throughput steps; with N > 1 the ratios are summarised",
    )
    parser.add_argument("--pg", help="PostgreSQL URL (a scratch database is created there)")
    parser.add_argument(
        "--scale",
        type=int,
        default=0,
        metavar="N",
        help="also load N reports with `edureports load` per engine (killed half way and "
        "run again), measure its peak memory and time every view over them",
    )
    parser.add_argument(
        "--scale-engines", default="sqlite,pg", help="engines of --scale (default both)"
    )
    parser.add_argument("--scale-jobs", type=int, default=2, help="--jobs of --scale loads")
    parser.add_argument(
        "--scale-corpus",
        type=Path,
        help="folder of the --scale corpus, kept between runs (written if it does not hold N)",
    )
    parser.add_argument("--skip-throughput", action="store_true", help="only the --scale part")
    parser.add_argument(
        "--scale-pg-db",
        metavar="NAME",
        help="database of the PostgreSQL --scale load on the --pg server, kept afterwards "
        "(default: a scratch database, dropped)",
    )
    parser.add_argument(
        "--views-only",
        metavar="URL",
        help="only upgrade the database at URL to head and time its views (e.g. one kept "
        "by --scale-pg-db)",
    )
    args = parser.parse_args()

    print(f"machine: {_machine(args.pg)}")
    if args.views_only:
        engine = db.make_engine(args.views_only)
        start = time.perf_counter()
        db.upgrade(engine)
        engine.dispose()
        print(f"upgraded to head in {time.perf_counter() - start:.1f} s")
        print(f"{_reports_stored(args.views_only)} reports stored")
        _time_views(args.views_only)
        return
    with tempfile.TemporaryDirectory() as tmp:
        if not args.skip_throughput:
            _throughput(Path(tmp), args.reports, args.pg, args.repeat)
        if args.scale:
            big = args.scale_corpus or Path(tmp) / "big"
            held = len(list(big.glob("*.txt"))) if big.exists() else 0
            if held != args.scale:
                for _ in write_corpus(big, args.scale, seed=2):
                    pass
            engines = args.scale_engines.split(",")
            if "sqlite" in engines:
                _scale(f"sqlite:///{Path(tmp) / 'scale.db'}", big, args.scale, args.scale_jobs)
            if "pg" in engines and args.pg and args.scale_pg_db:
                _scale(_named_pg(args.pg, args.scale_pg_db), big, args.scale, args.scale_jobs)
            elif "pg" in engines and args.pg:
                url, drop = _fresh_pg(args.pg)
                try:
                    _scale(url, big, args.scale, args.scale_jobs)
                finally:
                    drop()


def _throughput(tmp: Path, reports: int, pg: str | None, repeat: int = 1) -> None:
    """Every step timed between two runs of the yardstick over the same texts: the ratio to
    their mean is what to compare between machines and days. With repeat > 1 every step
    runs that many rounds and the ratios are summarised (median, lowest, highest): on a
    shared machine one round can land in a busy moment."""
    files = list(write_corpus(tmp / "corpus", reports, seed=1))
    texts = [p.read_text("utf-8") for p in files]
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(files)} reports, {megabytes:.1f} MB")
    yardstick = Yardstick(texts)
    yardstick.seconds()  # warm
    first = yardstick.seconds()
    _rate("jieba.lcut(HMM=False) (yardstick)", first, len(texts), megabytes)
    rounds: dict[str, list[dict]] = {}

    last: float | None = None  # the yardstick timed after the last step (before the next)

    def step(label: str, run: callable, one_job: float | None = None) -> float:
        """Time `run` between two yardsticks and print it as a ratio to their mean (the
        speed of a shared host drifts within a step); `one_job` is the ratio of the 1-job
        step it is compared with, so both sides of "x one job" are in yardstick units."""
        nonlocal last
        before = last if last is not None else yardstick.seconds()
        result = run()
        seconds, split = result if isinstance(result, tuple) else (result, "")
        last = yardstick.seconds()
        ratios = {"yardstick": (before + last) / 2 / seconds}
        if one_job is not None:
            ratios["one_job"] = ratios["yardstick"] / one_job
        rounds.setdefault(label, []).append(_rate(label, seconds, len(texts), megabytes, **ratios))
        if split:
            print(f"  {split}; the yardstick {(before + last) / 2 / len(texts) * 1000:.1f} ms")
        return ratios["yardstick"]

    def pairs(label: str, run: callable) -> None:
        """Print and keep the ratio of one job's time to two jobs' from `run`
        (_back_to_back): raw times, no yardstick."""
        nonlocal last
        ratio, seconds = run()
        last = None  # the yardstick last timed is now minutes old
        rounds.setdefault(label, []).append({"back_to_back": ratio})
        times = ", ".join(f"{s:.2f}" for s in seconds)
        print(f"{label:<34} {ratio:5.2f}x back to back (1, 2, 2, 1 jobs: {times} s)", flush=True)

    for n in range(repeat):
        if repeat > 1:
            print(f"round {n + 1} of {repeat}", flush=True)
        _steps(tmp, files, texts, pg, step, pairs)
    if repeat > 1:
        print(f"over {repeat} rounds: median (lowest-highest)")
        for label, rows in rounds.items():
            summary = "  ".join(
                f"{statistics.median(r[k] for r in rows):5.2f}x {k.replace('_', ' ')} "
                f"({min(r[k] for r in rows):.2f}-{max(r[k] for r in rows):.2f})"
                for k in ("yardstick", "one_job", "back_to_back")
                if k in rows[0]
            )
            print(f"{label:<34} {summary}", flush=True)


def _steps(
    tmp: Path,
    files: list[Path],
    texts: list[str],
    pg: str | None,
    step: callable,
    pairs: callable,
) -> None:
    """One round of the throughput steps, each through `step`; then, per engine, one job
    and two jobs back to back through `pairs`."""

    def parse_only() -> float:
        start = time.perf_counter()
        for t in texts:
            parse_text(t)
        return time.perf_counter() - start

    def fresh_sqlite() -> str:
        return f"sqlite:///{tmp / f'bench_{uuid.uuid4().hex[:8]}.db'}"

    def sqlite_and_no_drop() -> tuple[str, callable]:
        return fresh_sqlite(), lambda: None

    step("parse only", parse_only)
    step("yardstick in 2 processes", lambda: _yardstick_in_processes(texts, 2))
    one = step("load SQLite, 1 job", lambda: _load(fresh_sqlite(), files, 1))
    step("load SQLite, 2 jobs", lambda: _load(fresh_sqlite(), files, 2), one)
    if pg:
        ratios: dict[int, float] = {}  # yardstick ratio by jobs
        for jobs in (1, 2):
            url, drop = _fresh_pg(pg)
            try:
                ratios[jobs] = step(
                    f"load PostgreSQL, {jobs} job{'s' if jobs > 1 else ''}",
                    lambda url=url, jobs=jobs: _load(url, files, jobs),
                    ratios.get(1),
                )
            finally:
                drop()
    pairs("SQLite, 2 jobs / 1 job", lambda: _back_to_back(sqlite_and_no_drop, files))
    if pg:
        pairs("PostgreSQL, 2 jobs / 1 job", lambda: _back_to_back(lambda: _fresh_pg(pg), files))


def _back_to_back(fresh: callable, files: list[Path]) -> tuple[float, list[float]]:
    """How much faster two jobs load the files than one, from four loads right after each
    other in the order 1, 2, 2, 1 jobs (each into a fresh database from `fresh`, which gives
    its URL and how to drop it): a drift of the host's speed that is steady over the four
    weighs on both sides alike. The ratio of the step "2 jobs" to "1 job" above divides two
    ratios to the yardstick, and with them the yardstick's own noise (within one run, one
    job ranged over 1.16-1.75x the yardstick). Returns one job's time over two jobs' time,
    and the four times in order."""
    seconds = []
    for jobs in (1, 2, 2, 1):
        url, drop = fresh()
        try:
            seconds.append(_load(url, files, jobs)[0])
        finally:
            drop()
    return (seconds[0] + seconds[3]) / (seconds[1] + seconds[2]), seconds


if __name__ == "__main__":
    main()
