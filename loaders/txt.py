"""Plain text: UTF-8 (with or without BOM), UTF-16 (BOM, or none when evident), GB18030/GBK.

Order matters. After a BOM, strict UTF-8 (unless NUL bytes point to UTF-16).
UTF-16 without a BOM is accepted only when the decoded text is almost all
ordinary Chinese/ASCII characters: GBK bytes read as UTF-16 give code points
scattered over the whole BMP and never pass. Then strict GB18030 (a superset
of GBK and GB2312: never decode with plain gbk, which lacks characters), then
a charset-normalizer guess kept only if it reads as text, and last a decode
that replaces a handful of damaged bytes; both flagged low confidence.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes
from edureports.loaders.base import LoadError, RawDocument

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_NAMES = {"gbk", "gb2312", "cp936", "gb18030"}
_SAMPLE = 4096
# C0 controls but tab, line feed, vertical tab, form feed and carriage return; DEL and C1.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def _is_plain_char(ch: str) -> bool:
    """Characters Chinese report text is made of (ASCII, CJK, CJK and general punctuation)."""
    cp = ord(ch)
    return (
        ch in "\t\n\r\f"
        or 0x20 <= cp < 0x7F
        or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
        or 0x3000 <= cp <= 0x303F  # CJK punctuation
        or 0xFF00 <= cp <= 0xFFEF  # full-width forms
        or 0x2000 <= cp <= 0x206F  # general punctuation: “ ” — …
        or 0x2460 <= cp <= 0x24FF  # circled numbers ①
        or 0x2160 <= cp <= 0x217F  # Roman numerals
        or 0x25A0 <= cp <= 0x25FF  # ■ ● ○
        or cp in (0xA0, 0xB7, 0xD7, 0xF7, 0xB0, 0x2122, 0x2103)
    )


def plain_share(text: str) -> float:
    """Share of ordinary report characters in the first few thousand characters."""
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return sum(map(_is_plain_char, sample)) / len(sample)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """UTF-16 text saved without a BOM (Windows 'Unicode' exports), when unmistakable."""
    if len(data) < 4 or len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for name in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        share = plain_share(text)
        if best is None or share > best[0]:
            best = (share, text, name)
    if best is None or best[0] < 0.97:
        return None
    return best[1], best[2]


def decode(data: bytes, path: Path) -> tuple[str, str, bool]:
    """Return (text, encoding, low_confidence); LoadError when the bytes are not text."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name, False
            except UnicodeDecodeError as exc:
                raise LoadError(path, f"undecodable bytes after a {name} byte-order mark") from exc
    has_nul = b"\x00" in data[:_SAMPLE]
    if not has_nul:
        try:
            return data.decode("utf-8"), "utf-8", False
        except UnicodeDecodeError:
            pass
    # ASCII read as UTF-16 can look like CJK, so UTF-16 comes after UTF-8 unless NULs show it.
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16[0], utf16[1], False
    if has_nul:
        raise LoadError(path, "binary file, not text")
    try:
        return data.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        pass
    guess = _guess(data)
    if guess is not None:
        return guess[0], guess[1], True
    lenient = decode_with_few_errors(data, ("utf-8", "gb18030"))
    if lenient is not None:
        return lenient[0], lenient[1], True
    raise LoadError(path, "undecodable bytes: neither UTF-8 nor GB18030, and no encoding fits")


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best guess, kept only if the result reads as report text."""
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    encoding = best.encoding
    if encoding.replace("_", "").lower() in _GB_NAMES:
        encoding = "gb18030"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    if plain_share(text) < 0.8:
        return None
    return text, encoding


def decode_with_few_errors(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """A file with a handful of damaged bytes (a cut multi-byte character, a bad sector).

    Refusing a whole report for one bad byte loses more than it protects: decode
    with U+FFFD for the damaged bytes if they are at most 1 in 1000, and let the
    caller flag the result low confidence.
    """
    for encoding in encodings:
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if bad <= max(1, len(text) // 1000) and plain_share(text) >= 0.9:
            return text, encoding
    return None


def looks_binary(text: str) -> bool:
    """Control characters other than line and tab breaks mean a binary file, not text."""
    sample = text[:_SAMPLE]
    return len(_CONTROL.findall(sample)) > max(8, len(sample) // 50)


def load(path: Path, data: bytes) -> RawDocument:
    """Decode a text file; refuse binary junk with a clear reason."""
    text, encoding, low = decode(data, path)
    if looks_binary(text):
        raise LoadError(path, "binary file, not text")
    if not text.strip():
        raise LoadError(path, "empty file")
    return RawDocument(
        text=text, source_name=path.name, format="txt", encoding=encoding, low_confidence=low
    )
