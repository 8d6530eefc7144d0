"""Fuzzing read_document: whatever bytes a file holds, only LoadError may escape.

The CLI loads folders of files from the web; one damaged file must give one
clear line, never a traceback that stops the run.
"""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

from edureports.loaders import LoadError, RawDocument, read_document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures_formats import html_page, write_docx, write_pdf

SUFFIXES = ["", ".txt", ".html", ".htm", ".pdf", ".docx", ".doc", ".png", ".TXT"]
TEXT = "县教育局2023年工作总结\n一、基本情况\n全县学前三年毛入园率达到93.5%,投入资金1280万元。\n"
MAGIC = [
    b"%PDF-1.4\n",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"<!DOCTYPE html><html><head><meta charset=gb2312></head><body>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\x89PNG\r\n\x1a\n",
    b"{\\rtf1",
    b"",
]
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def valid_files() -> dict[str, bytes]:
    """One small valid file per format, built once, as seeds for mutation."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        body = TEXT * 8
        return {
            ".txt": body.encode("utf-8"),
            ".gbk.txt": body.encode("gb18030"),
            ".html": html_page(body).encode("utf-8"),
            ".docx": write_docx(body, folder / "a.docx").read_bytes(),
            ".pdf": write_pdf(body, folder / "a.pdf").read_bytes(),
        }


def check(data: bytes, suffix: str) -> None:
    """Write the bytes to a file and read it: a RawDocument or a one-line LoadError."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(data)
        try:
            doc = read_document(path)
        except LoadError as exc:
            message = str(exc)
            assert message.startswith(f"{path.name}: "), message
            assert "\n" not in message
            return
        assert isinstance(doc, RawDocument)
        assert isinstance(doc.text, str)
        assert doc.text.strip()


@FUZZ
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(data: bytes, suffix: str) -> None:
    check(data, suffix)


@FUZZ
@given(
    magic=st.sampled_from(MAGIC),
    rest=st.binary(max_size=2048),
    suffix=st.sampled_from(SUFFIXES),
)
def test_magic_prefix_then_junk(magic: bytes, rest: bytes, suffix: str) -> None:
    check(magic + rest, suffix)


@st.composite
def mutated(draw: st.DrawFn) -> tuple[bytes, str]:
    """A valid file with bytes flipped, cut out, inserted, or the tail cut off."""
    kind = draw(st.sampled_from(sorted(valid_files())))
    data = bytearray(valid_files()[kind])
    for _ in range(draw(st.integers(1, 8))):
        if not data:
            break
        op = draw(st.sampled_from(["flip", "delete", "insert", "truncate", "duplicate"]))
        pos = draw(st.integers(0, len(data) - 1))
        if op == "flip":
            data[pos] = draw(st.integers(0, 255))
        elif op == "delete":
            del data[pos : pos + draw(st.integers(1, 64))]
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=32))
        elif op == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 256))]
    suffix = kind.rsplit(".", 1)[-1]
    return bytes(data), "." + suffix


@FUZZ
@given(case=mutated())
def test_mutated_valid_files(case: tuple[bytes, str]) -> None:
    data, suffix = case
    check(data, suffix)


@FUZZ
@given(text=st.text(max_size=500), codec=st.sampled_from(["utf-8", "gb18030", "utf-16-le"]))
def test_any_text_in_any_codec(text: str, codec: str) -> None:
    try:
        data = text.encode(codec)
    except UnicodeEncodeError:
        return
    check(data, ".txt")
