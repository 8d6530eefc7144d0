"""A folder load takes the formats edureports reads, by name or by content, and counts the rest.

Issue 11, point 2: `load dir/` stored a corpus's SOURCES.tsv and gold.json as reports (their
cells quote report text, so they passed the not-a-report gate with hundreds of figures).
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, func, select

from edureports.cli import main
from edureports.loading import load_paths, walk_paths
from edureports.models import Report
from tests.fixtures_formats import html_page, write_docx, write_pdf
from tests.test_load import GOOD_REPORT


def _report(n: int) -> str:
    """GOOD_REPORT with other figures: a different report for each n."""
    return GOOD_REPORT.replace("368万元", f"{368 + n}万元").replace("30名", f"{30 + n}名")


def _count(engine: Engine) -> int:
    with engine.connect() as c:
        return c.scalar(select(func.count()).select_from(Report)) or 0


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Two reports beside the two files an accuracy corpus keeps with them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "01_a.txt").write_text(_report(1), encoding="utf-8")
    (folder / "02_b.txt").write_text(_report(2), encoding="utf-8")
    rows = [f"0{i}.txt\thttp://example.org/{i}\t{_report(i)[:200]}" for i in (1, 2)]
    (folder / "SOURCES.tsv").write_text(
        "file\turl\ttitle\n" + "\n".join(r.replace("\n", " ") for r in rows), encoding="utf-8"
    )
    (folder / "gold.json").write_text(
        json.dumps({"text": _report(3), "figures": [{"value": 92.5}]}, ensure_ascii=False),
        encoding="utf-8",
    )
    return folder


def test_folder_load_stores_only_the_reports(engine: Engine, corpus: Path) -> None:
    walk = walk_paths([corpus])
    assert [p.name for p in walk.files] == ["01_a.txt", "02_b.txt"]
    assert [p.name for p in walk.other_formats] == ["SOURCES.tsv", "gold.json"]
    assert walk.other_format_counts() == {".json": 1, ".tsv": 1}
    outcomes = list(load_paths(engine, walk.files))
    assert [o.status for o in outcomes] == ["loaded", "loaded"]
    assert _count(engine) == 2


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _docx_bytes(tmp_path: Path) -> bytes:
    return write_docx(_report(4), tmp_path / "_made.docx").read_bytes()


def _pdf_bytes(tmp_path: Path) -> bytes:
    return write_pdf(_report(5), tmp_path / "_made.pdf").read_bytes()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


# (file name, content maker, taken by a folder walk?)
CASES = [
    ("report.txt", lambda t: _report(0).encode("utf-8"), True),
    ("REPORT.TXT", lambda t: _report(0).encode("gb18030"), True),
    ("page.html", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("PAGE.HTM", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("page.shtml", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("report.docx", _docx_bytes, True),
    ("report.pdf", _pdf_bytes, True),
    # by content: a saved web page, a .doc that is really .docx or HTML, a PDF without suffix
    ("art_123.jsp", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("content", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("report.doc", _docx_bytes, True),
    ("word-html.doc", lambda t: html_page(_report(0)).encode("utf-8"), True),
    ("download", _pdf_bytes, True),
    # other formats: data, notes, legacy Office, other zips, images, text without a suffix
    ("SOURCES.tsv", lambda t: b"file\turl\n1.txt\thttp://x\n", False),
    ("gold.json", lambda t: json.dumps({"text": _report(0)}).encode("utf-8"), False),
    ("figures.csv", lambda t: b"a,b\n1,2\n", False),
    ("notes.md", lambda t: _report(0).encode("utf-8"), False),
    ("README", lambda t: _report(0).encode("utf-8"), False),
    ("legacy.doc", lambda t: OLE2, False),
    ("book.xlsx", lambda t: _zip({"xl/workbook.xml": "<workbook/>"}), False),
    ("bundle.zip", lambda t: _zip({"a.txt": "x"}), False),
    ("scan.png", lambda t: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, False),
    ("empty.dat", lambda t: b"", False),
]


@pytest.mark.parametrize(("name", "make", "taken"), CASES, ids=[c[0] for c in CASES])
def test_a_folder_takes_a_file_by_suffix_or_content(
    tmp_path: Path, name: str, make, taken: bool
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(make(tmp_path))
    walk = walk_paths([folder])
    assert [p.name for p in walk.files] == ([name] if taken else [])
    assert [p.name for p in walk.other_formats] == ([] if taken else [name])


@pytest.mark.parametrize(
    ("patterns", "taken"),
    [
        (("*.tsv",), ["SOURCES.tsv"]),
        (("*.TSV",), ["SOURCES.tsv"]),  # globs ignore case, as suffixes do
        (("*.tsv", "*.json"), ["SOURCES.tsv", "gold.json"]),
        (("sub/*.md",), ["sub/notes.md"]),  # a glob with a slash matches the path below the folder
        (("*.md",), ["sub/notes.md"]),  # one without matches the name at any depth
        (("*",), ["SOURCES.tsv", "gold.json", "sub/notes.md"]),
        (("*.xlsx",), []),
    ],
)
def test_include_widens_the_walk(corpus: Path, patterns: tuple[str, ...], taken: list[str]) -> None:
    (corpus / "sub").mkdir()
    (corpus / "sub" / "notes.md").write_text(_report(6), encoding="utf-8")
    walk = walk_paths([corpus], include=patterns)
    reports = ["01_a.txt", "02_b.txt"]
    assert sorted(p.relative_to(corpus).as_posix() for p in walk.files) == sorted(reports + taken)
    assert len(walk.other_formats) == 3 - len(taken)


def test_cli_counts_the_files_of_other_formats(db_url: str, engine: Engine, corpus: Path) -> None:
    result = CliRunner().invoke(main, ["--db", db_url, "load", str(corpus)])
    assert result.exit_code == 0, result.output
    assert re.match(
        r"loaded 2, already present 0, failed 0, skipped 2 files of other formats; took ",
        result.stdout,
    ), result.stdout
    assert (
        "skipped: 2 files of other formats (.json 1, .tsv 1); name them, or add --include GLOB"
        in result.stderr
    )
    assert _count(engine) == 2


def test_cli_include_loads_what_it_names(db_url: str, engine: Engine, corpus: Path) -> None:
    result = CliRunner().invoke(main, ["--db", db_url, "load", str(corpus), "--include", "*.json"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "loaded 3, already present 0, failed 0, skipped 1 file of other formats;"
    ), result.stdout
    assert _count(engine) == 3


def test_named_files_are_tried_whatever_their_suffix(
    db_url: str, engine: Engine, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text(_report(7), encoding="utf-8")
    scan = tmp_path / "scan.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    result = CliRunner().invoke(main, ["--db", db_url, "load", str(notes), str(scan)])
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("loaded 1, already present 0, failed 1; took "), result.stdout
    assert "error: scan.png: image file; OCR it first\n" in result.stderr
    assert "other formats" not in result.output
    assert _count(engine) == 1


def test_links_to_no_regular_file_are_not_opened(tmp_path: Path) -> None:
    """A link to a named pipe would block the walk in open(); a dangling link has no content.

    Both are counted as other formats unless their name says report (then loading names
    the problem, as for any file).
    """
    folder = tmp_path / "in"
    folder.mkdir()
    os.mkfifo(tmp_path / "pipe")
    (folder / "feed").symlink_to(tmp_path / "pipe")
    (folder / "gone.dat").symlink_to(tmp_path / "missing.dat")
    (folder / "gone.txt").symlink_to(tmp_path / "missing.txt")
    walk = walk_paths([folder])
    assert [p.name for p in walk.files] == ["gone.txt"]
    assert [p.name for p in walk.other_formats] == ["feed", "gone.dat"]
