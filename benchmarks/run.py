"""Throughput, memory and view-latency benchmark (run by hand; results go in the README).

    python benchmarks/run.py --reports 1000 [--pg URL] [--memory-reports 10000]

Builds a synthetic corpus (benchmarks/corpus.py), then measures, side by side:
plain jieba.lcut(text, HMM=False) over the same texts (the throughput yardstick), parse
only, parse+load into SQLite and PostgreSQL with 1 and 2 jobs, the time of every view over
the loaded data, and the peak memory of `edureports load` over --memory-reports files.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
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


def _rate(label: str, seconds: float, count: int, megabytes: float) -> dict:
    row = {
        "step": label,
        "seconds": round(seconds, 2),
        "reports_per_s": round(count / seconds, 1),
        "MB_per_s": round(megabytes / seconds, 2),
    }
    print(
        f"{label:<34} {row['seconds']:>8.2f} s {row['reports_per_s']:>8.1f} rep/s "
        f"{row['MB_per_s']:>6.2f} MB/s",
        flush=True,
    )
    return row


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


def _load(url: str, files: list[Path], jobs: int) -> float:
    engine = db.make_engine(url)
    db.upgrade(engine)
    start = time.perf_counter()
    failed = [o.message for o in load_paths(engine, files, jobs=jobs) if o.status == "failed"]
    seconds = time.perf_counter() - start
    if failed:
        print(f"  {len(failed)} failed, e.g. {failed[0]}")
    engine.dispose()
    return seconds


def _time_views(url: str) -> None:
    """Time every view as a full `SELECT *` with all rows fetched into Python (the cost a
    BI export pays), then the queries BI tools send to v_observations, which has one row per
    figure: COUNT(*), one bureau's figures, one indicator in one year, the first 1000 rows."""
    engine = db.make_engine(url)

    def timed(c, sql: str, params: dict | None = None) -> tuple[float, list]:
        gc.collect()  # free the previous result outside the timer
        start = time.perf_counter()
        rows = c.execute(text(sql), params or {}).fetchall()
        return time.perf_counter() - start, rows

    with engine.connect() as c:
        available = views.available()
        for name in available:
            seconds, rows = timed(c, f"SELECT * FROM {name}")
            print(
                f"  view {name:<24} {seconds:>7.3f} s  {len(rows):>8} rows  SELECT *, all fetched"
            )
            del rows
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
# report this process's size instead of its own.
_PEAK = (
    "import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, "
    "text=True); print(p.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
    "p.stdout.strip().splitlines()[-1] if p.stdout.strip() else '')"
)


def _memory(url: str, folder: Path, jobs: int = 1) -> None:
    """Peak RSS of the largest process of one `edureports load` (its writer, or a worker)."""
    exe = Path(sys.executable).with_name("edureports")
    start = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _PEAK,
            str(exe),
            "--db",
            url,
            "load",
            "--jobs",
            str(jobs),
            str(folder),
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(maxsplit=2)
    seconds = time.perf_counter() - start
    print(
        f"edureports load --jobs {jobs} ({url.split(':')[0]}): exit {out[0]}, {seconds:.1f} s, "
        f"peak RSS of its largest process {int(out[1]) / 1024:.0f} MB; {out[2] if len(out) > 2 else ''}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=500)
    parser.add_argument(
        "--memory-reports",
        type=int,
        default=0,
        help="also load this many reports with `edureports load` for peak memory "
        "and time every view over them",
    )
    parser.add_argument("--pg", help="PostgreSQL URL (a scratch database is created there)")
    args = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {platform.processor() or '?'}, "
        f"Python {platform.python_version()}, {len(os.sched_getaffinity(0))} cores"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "corpus"
        files = list(write_corpus(folder, args.reports, seed=1))
        texts = [p.read_text("utf-8") for p in files]
        megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
        print(f"corpus: {len(files)} reports, {megabytes:.1f} MB")

        import jieba

        jieba.initialize()
        start = time.perf_counter()
        for t in texts:
            jieba.lcut(t, HMM=False)
        _rate(
            "jieba.lcut(HMM=False) (yardstick)", time.perf_counter() - start, len(texts), megabytes
        )

        start = time.perf_counter()
        for t in texts:
            parse_text(t)
        _rate("parse only", time.perf_counter() - start, len(texts), megabytes)

        for jobs in (1, 2):
            url = f"sqlite:///{Path(tmp) / f'bench{jobs}.db'}"
            _rate(
                f"parse+load SQLite, {jobs} job(s)", _load(url, files, jobs), len(files), megabytes
            )
        if args.pg:
            for jobs in (1, 2):
                url, drop = _fresh_pg(args.pg)
                try:
                    _rate(
                        f"parse+load PostgreSQL, {jobs} job(s)",
                        _load(url, files, jobs),
                        len(files),
                        megabytes,
                    )
                finally:
                    drop()

        if args.memory_reports:
            big = Path(tmp) / "big"
            for _ in write_corpus(big, args.memory_reports, seed=2):
                pass
            url = f"sqlite:///{Path(tmp) / 'memory.db'}"
            _memory(url, big)
            _memory(f"sqlite:///{Path(tmp) / 'memory2.db'}", big, jobs=2)
            _time_views(url)
            if args.pg:
                url, drop = _fresh_pg(args.pg)
                try:
                    engine = db.make_engine(url)
                    db.upgrade(engine)
                    engine.dispose()
                    _memory(url, big)
                    _time_views(url)
                finally:
                    drop()


if __name__ == "__main__":
    main()
