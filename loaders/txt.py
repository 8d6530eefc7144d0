"""Plain text in UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from edureports.loaders.base import LoadError, RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, path: Path) -> tuple[str, str, bool]:
    """Return (text, encoding, low_confidence): BOM, strict UTF-8, strict GB18030, then a guess."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, False
            except UnicodeDecodeError as exc:
                raise LoadError(path, f"undecodable bytes after a {name} byte-order mark") from exc
    if b"\x00" in data[:4096]:
        raise LoadError(path, "binary file, not text")
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name, False
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise LoadError(path, "undecodable bytes: neither UTF-8 nor GB18030, and no encoding fits")
    encoding = best.encoding
    if encoding.replace("_", "").lower() in {"gbk", "gb2312", "cp936"}:
        encoding = "gb18030"
    try:
        return data.decode(encoding), encoding, True
    except (UnicodeDecodeError, LookupError) as exc:
        raise LoadError(path, f"undecodable bytes (best guess {encoding} fails)") from exc


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\r\n\f\v")
    return controls > max(8, len(text[:4096]) // 50)


def load(path: Path, data: bytes) -> RawDocument:
    text, encoding, low = decode(data, path)
    if _looks_binary(text):
        raise LoadError(path, "binary file, not text")
    return RawDocument(
        text=text, source_name=path.name, format="txt", encoding=encoding, low_confidence=low
    )
