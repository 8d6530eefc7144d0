"""The same reports as txt, GBK txt, UTF-16 txt, HTML, .docx and PDF, with a broken file of
each format, loaded into the database: one clear error per broken file, each report stored
once, and the same figures whatever the format."""

from __future__ import annotations

from pathlib import Path

import pytest
from edureports.loaders import read_document
from sqlalchemy import Engine, func, select

from edureports.loading import collect_files, load_paths, walk_paths
from edureports.models import Observation, Report
from edureports.parse import parse
from edureports.store import text_sha256
from tests.conftest import sample_paths
from tests.fixtures_formats import BROKEN_REASONS, write_all_formats, write_broken_files


@pytest.fixture(scope="module")
def mixed_folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict]:
    folder = tmp_path_factory.mktemp("mixed")
    formats = {
        p.stem: write_all_formats(p.read_text("utf-8"), folder / p.stem, p.stem)
        for p in sample_paths()
    }
    broken = write_broken_files(folder / "broken")
    return folder, formats, broken


def _figures(path: Path) -> list[tuple]:
    report = parse(read_document(path))
    return [
        (
            f.indicator,
            f.value,
            f.value_high,
            f.unit,
            f.qualifier,
            f.status,
            f.measure,
            f.school_level,
            f.funding_category,
            f.period,
            f.role,
        )
        for f in report.figures
    ]


@pytest.mark.parametrize("stem", [p.stem for p in sample_paths()])
def test_every_format_gives_the_same_figures(mixed_folder: tuple, stem: str) -> None:
    _, formats, _ = mixed_folder
    expected = _figures(formats[stem]["txt"])
    assert expected
    for fmt, path in formats[stem].items():
        assert _figures(path) == expected, fmt


@pytest.mark.parametrize("stem", [p.stem for p in sample_paths()])
def test_every_format_is_the_same_report(mixed_folder: tuple, stem: str) -> None:
    _, formats, _ = mixed_folder
    keys = {fmt: text_sha256(parse(read_document(p)).text) for fmt, p in formats[stem].items()}
    assert len(set(keys.values())) == 1, keys


def test_mixed_folder_loads_once_with_one_error_per_broken_file(
    engine: Engine, mixed_folder: tuple
) -> None:
    folder, formats, broken = mixed_folder
    # legacy .doc and images are no format edureports reads: a folder walk counts them
    # unread; --include (or naming them) tries them, and each gets its one-line reason
    assert sorted(p.name for p in walk_paths([folder]).other_formats) == ["report.doc", "scan.png"]
    outcomes = list(load_paths(engine, collect_files([folder], include=["*.doc", "*.png"])))
    failed = {o.path: o.message for o in outcomes if o.status == "failed"}
    assert set(failed) == {str(p) for p in broken.values()}
    for name, path in broken.items():
        message = failed[str(path)]
        assert message.startswith(f"{path.name}: ") and "\n" not in message
        assert BROKEN_REASONS[name] in message, (name, message)
    loaded = [o for o in outcomes if o.status == "loaded"]
    skipped = [o for o in outcomes if o.status == "skipped"]
    assert len(loaded) == len(formats)
    assert len(skipped) == sum(len(f) for f in formats.values()) - len(formats)
    with engine.connect() as c:
        assert c.scalar(select(func.count()).select_from(Report)) == len(formats)
        per_report = dict(
            c.execute(
                select(Observation.report_id, func.count()).group_by(Observation.report_id)
            ).all()
        )
    assert all(n > 0 for n in per_report.values())


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("投入368万元改造幼儿园", "投入386万元改造幼儿园", False),
        ("投入368万元，改造幼儿园", "投入368万元 改造\n幼儿园", True),
        ("重走红军路·奋进新征程", "重走红军路奋进新征程", True),
        ("• 字号: 大 中 小", "字号大中小", True),
        ("投入1.5万元", "投入15万元", False),
        ("入园率98%", "入园率98", False),
    ],
)
def test_report_identity_ignores_spacing_and_symbols_only(a: str, b: str, same: bool) -> None:
    assert (text_sha256(a) == text_sha256(b)) is same
