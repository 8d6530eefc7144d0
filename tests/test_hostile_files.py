"""Hostile and odd inputs: zip bombs, huge files, NUL bytes, GBK file names, folders that
cannot be entered or are links. Each gives one line naming the file and the reason, the
other files still load, and nothing partial is stored (on SQLite and PostgreSQL).

Files are made at test time and stay small: a bomb of 64 MB of zeros is about 70 KB.
"""

from __future__ import annotations

import os
import re
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from edureports.loaders import LoadError, read_document
from edureports.loaders import docx as docx_loader
from edureports.loaders.docx import ZipLimits
from sqlalchemy import Engine, func, select

from edureports.cli import main
from edureports.loading import load_paths, walk_paths
from edureports.models import Observation, Report
from tests.fixtures_formats import write_docx, write_docx_bomb, write_lying_docx
from tests.test_load import GOOD_REPORT

MB = 1024 * 1024
OTHER_REPORT = GOOD_REPORT.replace("368万元", "412万元").replace("30名", "45名")


def _count(engine: Engine) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(Report)) or 0


def _outcomes(engine: Engine | None, *paths: Path, **kwargs: object) -> dict[str, list]:
    result: dict[str, list] = {"loaded": [], "skipped": [], "failed": [], "parsed": []}
    for outcome in load_paths(engine, walk_paths(paths).files, **kwargs):  # type: ignore[arg-type]
        result[outcome.status].append(outcome)
    return result


def _one_line(message: str, name: str) -> None:
    assert message.startswith(f"{name}: ") and "\n" not in message, message


@pytest.fixture
def opened_parts(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Names of the non-empty zip members any reader opens (python-docx's reader included).

    The loader hands python-docx a copy whose media parts are empty: opening those is fine.
    """
    names: list[str] = []
    real_open = zipfile.ZipFile.open

    def spy(self: zipfile.ZipFile, name: object, mode: str = "r", *args: object) -> object:
        stream = real_open(self, name, mode, *args)  # type: ignore[arg-type]
        info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(str(name))
        if mode == "r" and info.file_size:
            names.append(info.filename)
        return stream

    monkeypatch.setattr(zipfile.ZipFile, "open", spy)
    yield names


# --- zip bombs --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    write_docx_bomb(GOOD_REPORT, path, zeros=64 * MB)
    assert path.stat().st_size < 1 * MB
    return path


def test_media_bomb_refused_by_its_ratio(bomb: Path, opened_parts: list[str]) -> None:
    with pytest.raises(LoadError) as caught:
        read_document(bomb)
    _one_line(str(caught.value), "bomb.docx")
    assert "word/media/image1.png" in str(caught.value) and "zip bomb" in str(caught.value)
    assert not [n for n in opened_parts if n.startswith("word/media/")]


def test_media_bomb_refused_by_total_size(bomb: Path, opened_parts: list[str]) -> None:
    limits = ZipLimits(max_total=32 * MB, max_ratio=None)
    with pytest.raises(LoadError) as caught:
        docx_loader.load(bomb, bomb.read_bytes(), limits=limits)
    assert re.search(r"unpack to 64\.\d MB, over the 32 MB limit", str(caught.value))
    assert opened_parts == []  # refused from the central directory alone


def test_media_is_never_inflated(bomb: Path, opened_parts: list[str]) -> None:
    """With the bomb guards relaxed, the text still loads and the 64 MB are never inflated."""
    data = bomb.read_bytes()
    tracemalloc.start()
    try:
        doc = docx_loader.load(bomb, data, limits=ZipLimits(max_ratio=None))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "毛入园率达到92.5%" in doc.text
    assert peak < 16 * MB, peak
    assert not [n for n in opened_parts if n.startswith("word/media/")]


def test_lying_zip_header_is_caught_while_inflating(tmp_path: Path) -> None:
    path = write_lying_docx(GOOD_REPORT, tmp_path / "liar.docx", padding=32 * MB)
    assert path.stat().st_size < 1 * MB
    with zipfile.ZipFile(path) as zf:  # the header declares a harmless size
        assert zf.getinfo("word/document.xml").file_size < 1 * MB
    tracemalloc.start()
    try:
        with pytest.raises(LoadError) as caught:
            read_document(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    _one_line(str(caught.value), "liar.docx")
    assert peak < 16 * MB, peak


def test_xml_parts_bounded_while_inflating(tmp_path: Path) -> None:
    path = write_docx(GOOD_REPORT * 20, tmp_path / "long.docx", table=False)
    with pytest.raises(LoadError, match="XML parts unpack to"):
        docx_loader.load(path, path.read_bytes(), limits=ZipLimits(max_xml=20_000))


def test_bomb_fails_alone_in_a_folder(engine: Engine, bomb: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.docx").write_bytes(bomb.read_bytes())
    (folder / "good.txt").write_text(GOOD_REPORT, encoding="utf-8")
    result = _outcomes(engine, folder)
    assert len(result["loaded"]) == 1 and len(result["failed"]) == 1
    _one_line(result["failed"][0].message, "bomb.docx")
    assert _count(engine) == 1


# --- size limit -------------------------------------------------------------------------


def test_file_over_the_size_limit_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_text(GOOD_REPORT * 200, encoding="utf-8")
    size = path.stat().st_size

    def no_full_read(self: Path) -> bytes:
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", no_full_read)
    with pytest.raises(LoadError) as caught:
        read_document(path, max_size=size // 2)
    _one_line(str(caught.value), "huge.txt")
    assert "too large" in str(caught.value) and "--max-size" in str(caught.value)
    assert read_document(path, max_size=size).text.startswith("某某县")


def test_text_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A .docx packs its text: the limit also holds for the text it unpacks to."""
    path = write_docx(GOOD_REPORT * 100, tmp_path / "long.docx", table=False)
    assert path.stat().st_size < 50_000
    with pytest.raises(LoadError, match="too large: its text is"):
        read_document(path, max_size=50_000)


def test_cli_max_size_refuses_one_file_and_loads_the_rest(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (folder / "big.txt").write_text(OTHER_REPORT + "。" * (2 * MB // 3), encoding="utf-8")
    result = CliRunner().invoke(main, ["--db", db_url, "load", "--max-size", "1", str(folder)])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: big.txt: too large"), errors
    assert "loaded 1, already present 0, failed 1" in result.stdout
    assert _count(engine) == 1


# --- NUL bytes --------------------------------------------------------------------------


def test_nul_bytes_load_alike_on_both_engines(engine: Engine, tmp_path: Path) -> None:
    """NULs after the first 4 KB used to load on SQLite and fail on PostgreSQL."""
    padding = "全县教育系统认真学习贯彻党的教育方针。\n" * 200  # over 4 KB before the NULs
    body = GOOD_REPORT.replace("\n", "\n" + padding, 1)
    at = body.index("全年投入")
    raw = (body[:at] + "\x00\x00" + body[at:]).encode("utf-8") + b"\x00" * 64
    assert b"\x00" not in raw[:4096]
    path = tmp_path / "nul.txt"
    path.write_bytes(raw)
    result = _outcomes(engine, path)
    assert len(result["loaded"]) == 1, result["failed"]
    with engine.connect() as c:
        stored = c.scalar(select(Report.text))
        spans = c.execute(
            select(Observation.raw_text, Observation.char_start, Observation.char_end)
        ).all()
    assert "\x00" not in stored and "全年投入教育资金368万元" in stored
    assert spans and all(stored[start:end] == raw_text for raw_text, start, end in spans)


# --- file names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw_name", "shown"),
    [(b"\xb9\xa4\xd7\xf7.txt", "工作.txt"), (b"r\xff\xfe.txt", "r\ufffd\ufffd.txt")],
    ids=["gbk", "undecodable"],
)
def test_non_utf8_file_name_loads_with_a_readable_name(
    engine: Engine, tmp_path: Path, raw_name: bytes, shown: str
) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    try:
        fd = os.open(os.path.join(os.fsencode(folder), raw_name), os.O_WRONLY | os.O_CREAT)
    except OSError as exc:  # pragma: no cover - a file system that only takes UTF-8 names
        pytest.skip(f"this file system refuses non-UTF-8 names: {exc}")
    with os.fdopen(fd, "wb") as handle:
        handle.write(GOOD_REPORT.encode("utf-8"))
    result = _outcomes(engine, folder)
    assert len(result["loaded"]) == 1, result["failed"]
    with engine.connect() as c:
        assert c.scalar(select(Report.source_name)) == shown


def test_undecodable_name_in_an_error_line(tmp_path: Path) -> None:
    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"\xb9\xa4\xd7\xf7.txt")))
    path.write_bytes(b"")
    with pytest.raises(LoadError) as caught:
        read_document(path)
    assert str(caught.value) == "工作.txt: empty file"


# --- folders ----------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """root/a.txt, root/locked/b.txt, root/z.txt: two reports outside the locked folder."""
    root = tmp_path / "root"
    (root / "locked").mkdir(parents=True)
    (root / "a.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (root / "locked" / "b.txt").write_text(GOOD_REPORT + "\n补充。", encoding="utf-8")
    (root / "z.txt").write_text(OTHER_REPORT, encoding="utf-8")
    return root


def _deny(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Listing `folder` fails as it does for a folder without read permission, also as root
    (root ignores permission bits, and CI runs as root)."""
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(os.fsdecode(path)) == folder:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_unreadable_folder_is_named_and_the_rest_loads(
    engine: Engine, db_url: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _deny(monkeypatch, tree / "locked")
    walk = walk_paths([tree])
    assert [p.name for p in walk.files] == ["a.txt", "z.txt"]
    [skip] = walk.skipped
    assert skip.error and skip.message == f"{tree / 'locked'}: folder not read (permission denied)"
    result = CliRunner().invoke(main, ["--db", db_url, "load", str(tree)])
    assert result.exit_code == 1, result.output
    assert f"error: {tree / 'locked'}: folder not read (permission denied)" in result.stderr
    assert "loaded 2, already present 0, failed 0, folders skipped 1" in result.stdout
    assert _count(engine) == 2


def test_unenterable_folder_is_named(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder that can be listed but not entered (r without x) is not walked into."""
    locked = tree / "locked"
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if Path(os.fsdecode(path)) == locked and mode & os.X_OK:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    walk = walk_paths([tree])
    assert [p.name for p in walk.files] == ["a.txt", "z.txt"]
    assert [s.message for s in walk.skipped] == [f"{locked}: folder not read (permission denied)"]


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="root ignores permission bits; the monkeypatched tests above cover root",
)
@pytest.mark.parametrize("mode", [0o000, 0o600], ids=["unreadable", "not-enterable"])
def test_real_permission_bits(tree: Path, mode: int) -> None:
    locked = tree / "locked"
    locked.chmod(mode)
    try:
        walk = walk_paths([tree])
    finally:
        locked.chmod(0o755)
    assert [p.name for p in walk.files] == ["a.txt", "z.txt"]
    assert [s.message for s in walk.skipped] == [f"{locked}: folder not read (permission denied)"]


def test_linked_folder_is_named_not_followed(engine: Engine, db_url: str, tree: Path) -> None:
    elsewhere = tree.parent / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.txt").write_text(OTHER_REPORT + "\n另附。", encoding="utf-8")
    (tree / "link").symlink_to(elsewhere, target_is_directory=True)
    (tree / "loop").symlink_to(tree, target_is_directory=True)
    result = CliRunner().invoke(main, ["--db", db_url, "load", str(tree)])
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if line.startswith("skipped:")]
    assert skipped == [
        f"skipped: {tree / name}: link to a folder, not followed (name its target to load it)"
        for name in ("link", "loop")
    ]
    assert "loaded 3, already present 0, failed 0, folders skipped 2" in result.stdout
    assert _count(engine) == 3


def test_linked_file_and_dangling_link(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text(GOOD_REPORT, encoding="utf-8")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    walk = walk_paths([tmp_path])
    assert [p.name for p in walk.files] == ["alias.txt", "gone.txt", "real.txt"]
    result = _outcomes(None, tmp_path, dry_run=True)
    assert [o.message for o in result["failed"]] == ["gone.txt: no such file or folder"]
