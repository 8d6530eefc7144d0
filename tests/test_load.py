"""Loading the samples and bad inputs, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.corpus import write_corpus
from sqlalchemy import Engine, func, select, text

from edureports.loading import collect_files, load_paths
from edureports.models import Observation, Report, Section
from edureports.store import reparse_report, text_sha256
from tests.conftest import sample_paths

GOOD_REPORT = (
    "某某县教育局2022年工作总结\n"
    "一、2022年工作完成情况\n"
    "2022年，全县教育系统坚持立德树人根本任务，全面推进学校建设和教师队伍建设，"
    "学前三年毛入园率达到92.5%，九年义务教育巩固率达到99.1%，全年投入教育资金368万元，"
    "改善了农村学校办学条件，新建幼儿园两所，招聘教师30名，学生资助工作惠及1200人次。"
    "全县中小学校安全稳定，教育教学质量稳步提升，群众满意度进一步提高。\n"
    "二、2023年工作计划\n"
    "继续推进义务教育优质均衡发展，加强教师队伍建设，办好人民满意的教育。"
)


def _load(engine: Engine, *paths: Path | str) -> dict[str, list]:
    result: dict[str, list] = {"loaded": [], "skipped": [], "failed": []}
    for outcome in load_paths(engine, collect_files(paths)):
        result[outcome.status].append(outcome)
    return result


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(model)) or 0


def test_samples_load_once(engine: Engine) -> None:
    first = _load(engine, *sample_paths())
    assert len(first["loaded"]) == 5, first["failed"]
    counts = (_count(engine, Report), _count(engine, Section), _count(engine, Observation))
    again = _load(engine, *sample_paths())
    assert len(again["skipped"]) == 5 and not again["loaded"] and not again["failed"]
    assert (_count(engine, Report), _count(engine, Section), _count(engine, Observation)) == counts
    with engine.connect() as c:
        names = c.scalars(text("SELECT source_name FROM v_reports ORDER BY report_id")).all()
    assert names == [p.name for p in sample_paths()]


def test_stored_text_hash_is_the_key(engine: Engine) -> None:
    _load(engine, sample_paths()[0])
    with engine.connect() as c:
        body, sha = c.execute(select(Report.text, Report.sha256)).one()
    assert text_sha256(body) == sha


def test_same_text_other_encoding_is_the_same_report(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(GOOD_REPORT.encode("gb18030"))
    (tmp_path / "c.txt").write_bytes(b"\xef\xbb\xbf" + GOOD_REPORT.encode("utf-8"))
    result = _load(engine, tmp_path)
    assert len(result["loaded"]) == 1 and len(result["skipped"]) == 2
    with engine.connect() as c:
        assert c.scalar(select(Report.encoding)) == "utf-8"


def test_gbk_text_is_decoded(engine: Engine, tmp_path: Path) -> None:
    (tmp_path / "gbk.txt").write_bytes(GOOD_REPORT.encode("gbk"))
    result = _load(engine, tmp_path)
    assert len(result["loaded"]) == 1
    with engine.connect() as c:
        body, encoding = c.execute(select(Report.text, Report.encoding)).one()
    assert "毛入园率" in body and encoding == "gb18030"


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b" \n\n\t ", "empty file"),
    "binary.txt": (bytes(range(256)) * 20, "binary"),
    "undecodable.txt": (b"\xff\xfe\xfd" * 10 + "教育".encode() + b"\x81" * 50 + b"\xff", ""),
    "notareport.txt": ("今天天气很好。".encode(), "no report text"),
    "shopping.txt": (("苹果香蕉橘子葡萄西瓜，" * 40).encode(), "no report text"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_one_line_error_and_nothing_stored(
    engine: Engine, tmp_path: Path, name: str
) -> None:
    data, reason = BAD_INPUTS[name]
    path = tmp_path / name
    path.write_bytes(data)
    result = _load(engine, path)
    assert not result["loaded"] and len(result["failed"]) == 1
    message = result["failed"][0].message
    assert message.startswith(f"{name}: ") and "\n" not in message
    assert reason in message
    assert _count(engine, Report) == 0


def test_missing_path(engine: Engine, tmp_path: Path) -> None:
    result = _load(engine, tmp_path / "nowhere.txt")
    assert [o.message for o in result["failed"]] == ["nowhere.txt: no such file or folder"]


def test_folder_with_one_bad_file_loads_the_good_ones(engine: Engine, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    for p in sample_paths()[:3]:
        (folder / "sub" / p.name).write_bytes(p.read_bytes())
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 4)
    result = _load(engine, folder)
    assert len(result["loaded"]) == 3
    assert [o.message.split(":")[0] for o in result["failed"]] == ["broken.txt"]
    assert _count(engine, Report) == 3


def test_failure_while_storing_leaves_no_partial_report(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the report row is written rolls the whole report back."""
    from edureports import store

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert_structure", boom)
    result = _load(engine, sample_paths()[0])
    assert result["failed"] and "disk on fire" in result["failed"][0].message
    assert _count(engine, Report) == 0
    monkeypatch.undo()
    assert len(_load(engine, sample_paths()[0])["loaded"]) == 1


def test_parallel_parsing_gives_the_same_rows(engine: Engine) -> None:
    outcomes = list(load_paths(engine, sample_paths(), jobs=2))
    assert [o.status for o in outcomes] == ["loaded"] * 5
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Report)) == 5


def _by_source(engine: Engine) -> list[tuple]:
    """_structure with each report id replaced by its source name (ids follow the order in
    which workers finish)."""
    with engine.connect() as c:
        names = dict(c.execute(text("SELECT id, source_name FROM report")).all())
    return sorted(((names[row[0]], *row[1:]) for row in _structure(engine)), key=repr)


def test_workers_store_what_one_process_stores(engine: Engine) -> None:
    """With --jobs 2 the workers store in their own transactions (on SQLite taking turns):
    the rows, and the summaries kept in those transactions, are those of a one-process load."""
    from edureports import store, summaries

    outcomes = list(load_paths(engine, sample_paths(), jobs=2))
    assert [o.status for o in outcomes] == ["loaded"] * 5
    assert all(o.report_id is not None and o.parsed is None for o in outcomes)
    parallel = _by_source(engine)
    with engine.connect() as c:
        assert summaries.differences(c) == {}
    for o in outcomes:
        assert o.report_id is not None
        store.delete_report(engine, o.report_id)
    assert [o.status for o in load_paths(engine, sample_paths())] == ["loaded"] * 5
    assert _by_source(engine) == parallel


def test_workers_give_outcomes_in_file_order_whatever_their_batch_holds(
    engine: Engine, tmp_path: Path
) -> None:
    """--jobs 2 (on SQLite the workers take files in batches and store whenever the write
    lock is free): one outcome per file, in file order, a broken file and a copy of a
    stored text among the reports of a batch, each report whole in its own transaction."""
    from edureports import loading, summaries

    folder = tmp_path / "corpus"
    folder.mkdir()
    samples = sample_paths()
    for n, path in enumerate(samples):
        (folder / f"{n}_{path.name}").write_bytes(path.read_bytes())
    (folder / "2a_broken.docx").write_bytes(b"PK\x03\x04 not a real archive")
    (folder / "3a_copy.txt").write_bytes(samples[0].read_bytes())
    synthetic = len(list(write_corpus(folder / "synthetic", loading.BATCH, seed=4)))
    files = collect_files([folder])
    assert len(files) > loading.BATCH  # more than one batch
    outcomes = list(load_paths(engine, files, jobs=2))
    assert [o.path for o in outcomes] == [str(f) for f in files]
    by_name = {Path(o.path).name: o for o in outcomes}
    assert by_name["2a_broken.docx"].status == "failed"
    assert "2a_broken.docx" in (by_name["2a_broken.docx"].message or "")
    copies = [by_name[f"0_{samples[0].name}"], by_name["3a_copy.txt"]]
    assert sorted(o.status for o in copies) == ["loaded", "skipped"]
    assert copies[0].report_id == copies[1].report_id
    assert sum(o.status == "loaded" for o in outcomes) == len(samples) + synthetic
    assert _count(engine, Report) == len(samples) + synthetic
    with engine.connect() as c:
        assert summaries.differences(c) == {}


class _TakenInPassing:
    """A write lock that another worker always holds when asked in passing (acquire without
    blocking fails) and that is free when waited for; counts the waits."""

    def __init__(self) -> None:
        self.waits = 0

    def acquire(self, block: bool = True) -> bool:
        self.waits += block
        return block

    def release(self) -> None:
        pass

    def __enter__(self) -> None:
        self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


@pytest.mark.parametrize("held", [None, 0], ids=["small", "large"])
def test_a_batch_that_never_finds_the_lock_free_stores_at_its_end_in_file_order(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int | None
) -> None:
    """A worker's batch parsed while the other worker writes: the reports wait, then are
    stored in file order, each whole; the outcomes come back in file order, the broken file's
    where it stood. Reports larger than the worker may hold wait for the lock at once."""
    from edureports.loaders.base import DEFAULT_MAX_SIZE

    from edureports import loading

    samples = sample_paths()[:3]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not a real archive")
    files = [str(samples[0]), str(broken), *map(str, samples[1:])]
    monkeypatch.setattr(loading, "_WORKER_ENGINE", engine)
    lock = _TakenInPassing()
    monkeypatch.setattr(loading, "_WORKER_LOCK", lock)
    if held is not None:
        monkeypatch.setattr(loading, "HELD_CHARACTERS", held)
    outcomes = loading._load_batch([(f, None, None, DEFAULT_MAX_SIZE) for f in files])
    # held back to the end of the batch, or stored one by one (the last after the loop)
    assert lock.waits == (1 if held is None else len(samples))
    assert [o.path for o in outcomes] == files
    assert [o.status for o in outcomes] == ["loaded", "failed", "loaded", "loaded"]
    with engine.connect() as c:
        stored = c.execute(text("SELECT source_name FROM report ORDER BY id")).scalars().all()
    assert stored == [p.name for p in samples]  # stored in file order, after the batch
    assert all(o.parsed is None for o in outcomes)  # a worker sends no parsed report back


def _structure(engine: Engine) -> list[tuple]:
    with engine.connect() as c:
        sections = c.execute(
            text(
                "SELECT s.report_id, s.ordinal, s.depth, s.marker, s.heading, s.char_start, "
                "s.char_end, s.role, p.year, p.part, parent.ordinal FROM section s "
                "LEFT JOIN period p ON p.id = s.period_id "
                "LEFT JOIN section parent ON parent.id = s.parent_id "
                "ORDER BY s.report_id, s.ordinal"
            )
        ).all()
        figures = c.execute(
            text(
                "SELECT report_id, indicator_code, value, unit, status, period_year, period_role, "
                "char_start, char_end, source_text FROM v_observations "
                "ORDER BY report_id, char_start, observation_id"
            )
        ).all()
        reports = c.execute(
            text(
                "SELECT report_id, bureau_name, region_code, doc_type, review_year, review_part, "
                "plan_year, plan_part, published_on, report_title FROM v_reports ORDER BY report_id"
            )
        ).all()
    return [tuple(r) for r in [*reports, *sections, *figures]]


def test_reparse_gives_the_same_rows(engine: Engine) -> None:
    """Reparsing stored text reproduces what loading stored (the parser is deterministic and
    needs nothing but the stored text and hints)."""
    from edureports.store import reparse_report, report_ids

    assert len(_load(engine, *sample_paths())["loaded"]) == 5
    before = _structure(engine)
    for report_id in report_ids(engine):
        reparse_report(engine, report_id)
    assert _structure(engine) == before


def test_overrides_survive_reparse(engine: Engine, tmp_path: Path) -> None:
    from edureports.store import reparse_report

    path = tmp_path / "r.txt"
    path.write_text(GOOD_REPORT, encoding="utf-8")
    [outcome] = list(load_paths(engine, [path], bureau="黎城县教体局", year=2021))
    assert outcome.status == "loaded"
    reparse_report(engine, outcome.report_id)
    with engine.connect() as c:
        row = c.execute(text("SELECT bureau_name, county, review_year FROM v_reports")).one()
    assert tuple(row) == ("黎城县教育体育局", "黎城县", 2021)


def test_folders_are_walked_in_path_order(tmp_path: Path) -> None:
    """The walk lists what sorting the recursive listing did, hidden files left out."""
    from edureports.loading import walk_paths

    for name in ("b.txt", "a/z.txt", "a-c.txt", "a/b/c.txt", ".hidden.txt", "a/.x.txt", "c.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    expected = sorted(p for p in tmp_path.rglob("*") if p.is_file() and not p.name.startswith("."))
    walk = walk_paths([tmp_path])
    assert walk.files == expected and not walk.skipped


@pytest.mark.parametrize("jobs", [1, 2])
def test_load_run_again_parses_only_what_is_not_stored(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """A killed load run again looks each file's text up and parses only the new ones."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sample_paths()[:3]:
        (folder / path.name).write_bytes(path.read_bytes())
    assert [o.status for o in load_paths(engine, collect_files([folder]))] == ["loaded"] * 3
    new = sample_paths()[3]
    (folder / new.name).write_bytes(new.read_bytes())

    import edureports.store

    parsed_names: list[str] = []
    real_parse = edureports.store.parse

    def counting_parse(doc, **kwargs):  # type: ignore[no-untyped-def]
        parsed_names.append(doc.source_name)
        return real_parse(doc, **kwargs)

    monkeypatch.setattr(edureports.store, "parse", counting_parse)
    outcomes = list(load_paths(engine, collect_files([folder]), jobs=jobs))
    assert [o.status for o in outcomes] == ["skipped"] * 3 + ["loaded"]
    if jobs == 1:  # a forked worker's calls are not seen here, nor its parsed reports
        # the skipped ones were found before parsing: no parsed report comes with them
        assert [o.parsed is None for o in outcomes] == [True, True, True, False]
        assert parsed_names == [new.name]
    with engine.connect() as c:
        ids = [o.report_id for o in outcomes[:3]]
        assert sorted(ids) == sorted(c.scalars(select(Report.id).where(Report.id.in_(ids))))


def _links(engine: Engine) -> list[tuple]:
    """Every link between rows, as ordinals within the report (ids differ between runs)."""
    with engine.connect() as c:
        return [
            tuple(r)
            for r in c.execute(
                text(
                    "SELECT o.report_id, o.ordinal, s.ordinal, rep.ordinal, tot.ordinal "
                    "FROM observation o "
                    "LEFT JOIN section s ON s.id = o.section_id "
                    "LEFT JOIN observation rep ON rep.id = o.repeat_of_id "
                    "LEFT JOIN observation tot ON tot.id = o.total_id "
                    "ORDER BY o.report_id, o.ordinal"
                )
            )
        ]


def test_bulk_written_links_match_the_parse(engine: Engine) -> None:
    """Sections, repeats and totals are written with the rows (ids drawn beforehand); they
    must point where the parser said, as reparse (which updates rows in place) has them."""
    outcomes = list(load_paths(engine, sample_paths()))
    links = _links(engine)
    assert any(r[3] is not None for r in links) and any(r[4] is not None for r in links)
    for outcome in outcomes:
        parsed = outcome.parsed
        assert parsed is not None
        expected = parsed
        stored = [r for r in links if r[0] == outcome.report_id]
        totals = {part: n for n, f in enumerate(expected.figures) for part in f.total_of}
        assert [(r[1], r[3], r[4]) for r in stored] == [
            (n, f.repeat_of, totals.get(n)) for n, f in enumerate(expected.figures)
        ]
    for report_id in [o.report_id for o in outcomes]:
        assert report_id is not None
        reparse_report(engine, report_id)
    assert _links(engine) == links


def test_sqlite_log_is_copied_in_when_the_load_ends(tmp_path: Path) -> None:
    """SQLite checkpoints a loading connection's write-ahead log every WAL_CHECKPOINT_PAGES
    pages (fewer rewrites of shared pages than the default 1,000), and nothing stays in the
    log once the load's connections close: the database file alone holds every report."""
    import sqlite3

    from edureports import db

    path = tmp_path / "wal.db"
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine)
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == db.WAL_CHECKPOINT_PAGES
    assert all(o.status == "loaded" for o in load_paths(engine, sample_paths()))
    engine.dispose()
    log = path.with_name(path.name + "-wal")
    assert not log.exists() or log.stat().st_size == 0
    plain = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)  # ignores any log
    try:
        assert plain.execute("SELECT COUNT(*) FROM report").fetchone()[0] == len(sample_paths())
    finally:
        plain.close()
