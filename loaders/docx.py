"""Word .docx files: body paragraphs and tables in document order, core properties as hints.

python-docx's document.paragraphs skips tables and content controls, so the body
XML is walked directly: a paragraph is one line, a table row is one line with
its cells joined by a tab (merged cells counted once). Headers and footers are
left out: they hold page numbers and letterheads, not report text. Automatic
list numbers (Word's numbering.xml) are rendered in front of their paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from edureports.loaders.base import LoadError, RawDocument, clean_title, megabytes

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Zip-based formats people mistake for .docx, by a member that identifies them.
_OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint file (.pptx)"),
    ("OFD.xml", "an OFD document (export it as PDF or .docx)"),
    ("content.xml", "an OpenDocument file (save it as .docx)"),
)


@dataclass(frozen=True)
class ZipLimits:
    """Zip bomb guards, checked on the central directory and again while inflating.

    Only XML parts (.xml, .rels) are ever inflated; media, fonts and embedded files are
    handed to python-docx as empty parts, whatever their size. Real reports unpack to a
    few MB of XML; deflate cannot shrink real XML or images much more than 100 times,
    but shrinks zeros about 1000 times.
    """

    max_total: int = 1024 * 1024 * 1024  # all parts, as the central directory declares them
    max_xml: int = 200 * 1024 * 1024  # the XML parts that are inflated and parsed
    max_ratio: float | None = 200.0  # unpacked / packed size of any part above min_ratio_size
    min_ratio_size: int = 1024 * 1024


DEFAULT_LIMITS = ZipLimits()
_CHUNK = 64 * 1024


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _open_zip(path: Path, data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise LoadError(path, "not a valid .docx file: damaged or truncated zip archive") from exc
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise LoadError(path, "not a valid .docx file: unreadable zip archive") from exc


def _check_directory(path: Path, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> None:
    """Refuse a zip bomb from what the central directory declares, before inflating anything."""
    total = sum(i.file_size for i in infos)
    if total > limits.max_total:
        raise LoadError(
            path,
            f"not a valid .docx file: its parts unpack to {megabytes(total)}, over the"
            f" {megabytes(limits.max_total)} limit (zip bomb?)",
        )
    xml = sum(i.file_size for i in infos if _is_xml(i.filename))
    if xml > limits.max_xml:
        raise LoadError(
            path,
            f"not a valid .docx file: XML parts unpack to {megabytes(xml)}, over the"
            f" {megabytes(limits.max_xml)} limit",
        )
    if limits.max_ratio is None:
        return
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.min_ratio_size and ratio > limits.max_ratio:
            raise LoadError(
                path,
                f"not a valid .docx file: part {info.filename} unpacks {ratio:.0f} times its"
                f" packed size to {megabytes(info.file_size)} (zip bomb?)",
            )


def _read_xml_parts(
    path: Path, zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], limits: ZipLimits
) -> dict[str, bytes]:
    """Inflate the XML parts in chunks, counting: a lying header is caught while streaming.

    CRC and inflate errors become one clear line, not zlib's.
    """
    parts: dict[str, bytes] = {}
    total = 0
    try:
        for info in infos:
            if not _is_xml(info.filename):
                continue
            chunks: list[bytes] = []
            size = 0
            with zf.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > info.file_size or total > limits.max_xml:
                        raise LoadError(
                            path,
                            f"not a valid .docx file: part {info.filename} unpacks to more"
                            " than its header declares (zip bomb?)"
                            if size > info.file_size
                            else f"not a valid .docx file: XML parts unpack to more than"
                            f" {megabytes(limits.max_xml)}",
                        )
                    chunks.append(chunk)
            parts[info.filename] = b"".join(chunks)
    except LoadError:
        raise
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, ValueError, ...
        raise LoadError(path, "not a valid .docx file: damaged zip archive (bad part)") from exc
    return parts


def _check_zip(path: Path, data: bytes, limits: ZipLimits) -> tuple[set[str], bytes]:
    """Refuse non-zip data, damaged zips, zip bombs and other zip formats; return the part
    names and a copy of the package holding only its XML (every other part empty).

    python-docx reads every part of a package into memory, images included: given the
    original file, a 4 GB image of zeros packed into 4 MB would be inflated. The copy
    keeps the package structure python-docx expects without any media bytes.
    """
    with _open_zip(path, data) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        _check_directory(path, infos, limits)
        if "word/document.xml" not in names:
            for member, what in _OTHER_ZIPS:
                if member in names:
                    raise LoadError(path, f"not a valid .docx file: it is {what}")
            raise LoadError(path, "not a valid .docx file: a zip archive without word/document.xml")
        parts = _read_xml_parts(path, zf, infos, limits)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in infos:
            if info.is_dir() or info.filename in out.NameToInfo:
                continue
            out.writestr(info.filename, parts.get(info.filename, b""))
    return names, buffer.getvalue()


_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Not part of the paragraph's own text: text boxes (read as lines of their own), moved-away
# and deleted revisions, and the legacy copy of a drawing that mc:Fallback repeats.
_SKIP = frozenset({f"{_W}txbxContent", f"{_W}moveFrom", f"{_W}del", f"{_W}pPr", _MC_FALLBACK})


def _text_of(p: _Element) -> str:
    """Text of a paragraph as Word shows it: runs, hyperlinks, fields' results, tabs, breaks."""
    parts: list[str] = []

    def walk(node: _Element) -> None:
        for child in node:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
            elif tag == f"{_W}noBreakHyphen":
                parts.append("-")
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _in_fallback(el: _Element) -> bool:
    return any(a.tag == _MC_FALLBACK for a in el.iterancestors())


def _text_boxes(p: _Element) -> list[_Element]:
    """Text boxes anchored in a paragraph, once each (not their mc:Fallback copies)."""
    boxes = []
    for box in p.iter(f"{_W}txbxContent"):
        outer = [a for a in box.iterancestors() if a is p or a.tag in (_MC_FALLBACK, box.tag)]
        if outer and outer[0] is p:  # neither a fallback copy nor nested in another box
            boxes.append(box)
    return boxes


def _table_lines(tbl: _Element) -> Iterator[str]:
    """One line per row, cells joined by a tab; a merged cell appears once."""
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells: list[str] = []
        for tc in tr.iterchildren(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            vmerge = props.find(f"{_W}vMerge") if props is not None else None
            if vmerge is not None and vmerge.get(f"{_W}val") in (None, "continue"):
                continue  # continuation of a vertically merged cell
            text = " ".join(
                " ".join(_text_of(p).split())
                for p in tc.iter(f"{_W}p")
                if _text_of(p).strip() and not _in_fallback(p)
            )
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


_CN_DIGITS = "零一二三四五六七八九"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _chinese_count(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return str(n)
    if n >= 1000:
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = f"{_CN_DIGITS[hundreds]}百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else _CN_DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += "零"
    if ones:
        out += _CN_DIGITS[ones]
    return out


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, sym in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += sym
            n -= value
    return out


def _letters(n: int) -> str:
    """Word repeats the letter: 27 -> aa."""
    if n <= 0:
        return str(n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """A list counter in one of Word's number formats (the ones Chinese reports use)."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "chineseLegalSimplified",
    ):
        return _chinese_count(n)
    if fmt == "ideographTraditional":
        return _TIANGAN[(n - 1) % 10] if n > 0 else str(n)
    if fmt == "ideographZodiac":
        return _DIZHI[(n - 1) % 12] if n > 0 else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalFullWidth":
        return "".join(chr(0xFF10 + int(d)) for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    suffix: str = "tab"
    legal: bool = False


class Numbering:
    """Word's automatic list numbers (一、 (一) 1.), which python-docx leaves out of paragraph text.

    Headings of Chinese reports are often numbered this way; without the labels
    the section parser would see "强化党建引领" instead of "一、强化党建引领".
    Counters are kept per list instance (numId) and deeper levels restart when
    a higher level advances, as Word does by default.
    """

    def __init__(self, numbering: _Element | None, styles: _Element | None) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_num: dict[str, tuple[str, int]] = {}
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: _Element) -> None:
        abstract: dict[str, dict[int, _Level]] = {}
        for an in root.iterchildren(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in an.iterchildren(f"{_W}lvl"):
                levels[_int(lvl.get(f"{_W}ilvl"), 0)] = _level(lvl)
            abstract[an.get(f"{_W}abstractNumId") or ""] = levels
        for num in root.iterchildren(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") or "", {})) if ref is not None else {}
            for override in num.iterchildren(f"{_W}lvlOverride"):
                ilvl = _int(override.get(f"{_W}ilvl"), 0)
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(f"{_W}startOverride")
                if start is not None and ilvl in levels:
                    base = levels[ilvl]
                    levels[ilvl] = _Level(
                        _int(start.get(f"{_W}val"), 1), base.fmt, base.text, base.suffix, base.legal
                    )
            self._levels[num.get(f"{_W}numId") or ""] = levels

    def _read_styles(self, root: _Element) -> None:
        based: dict[str, str] = {}
        own: dict[str, tuple[str, int]] = {}
        for style in root.iterchildren(f"{_W}style"):
            sid = style.get(f"{_W}styleId") or ""
            parent = style.find(f"{_W}basedOn")
            if parent is not None:
                based[sid] = parent.get(f"{_W}val") or ""
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                num_id = num_pr.find(f"{_W}numId")
                ilvl = num_pr.find(f"{_W}ilvl")
                if num_id is not None:
                    own[sid] = (num_id.get(f"{_W}val") or "", _int(_val(ilvl), 0))
        for sid in list(based) + list(own):
            seen, cur = set(), sid
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur, "")
            if cur in own:
                self._style_num[sid] = own[cur]

    def label(self, p: _Element) -> str:
        """The number Word shows before this paragraph, advancing the counters; "" if none."""
        ppr = p.find(f"{_W}pPr")
        num_id, ilvl = "", 0
        if ppr is not None:
            style = ppr.find(f"{_W}pStyle")
            if style is not None and _val(style) in self._style_num:
                num_id, ilvl = self._style_num[_val(style) or ""]
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                nid = num_pr.find(f"{_W}numId")
                lvl = num_pr.find(f"{_W}ilvl")
                if nid is not None:
                    num_id = _val(nid) or ""
                if lvl is not None:
                    ilvl = _int(_val(lvl), 0)
        levels = self._levels.get(num_id)
        if not num_id or num_id == "0" or not levels or ilvl not in levels:
            return ""
        counters = self._counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        level = levels[ilvl]
        if level.fmt == "bullet":
            return ""

        def place(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            lv = levels.get(k, _Level())
            n = counters.get(k, lv.start)
            return str(n) if level.legal else format_number(n, lv.fmt)

        text = re.sub(r"%([1-9])", place, level.text)
        return text + (" " if level.suffix == "space" else "")


def _val(el: _Element | None) -> str | None:
    return None if el is None else el.get(f"{_W}val")


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _level(lvl: _Element) -> _Level:
    return _Level(
        start=_int(_val(lvl.find(f"{_W}start")), 1),
        fmt=_val(lvl.find(f"{_W}numFmt")) or "decimal",
        text=_val(lvl.find(f"{_W}lvlText")) or "",
        suffix=_val(lvl.find(f"{_W}suff")) or "tab",
        legal=lvl.find(f"{_W}isLgl") is not None,
    )


def _numbering_of(doc: DocxDocument) -> Numbering:
    """The document's list definitions, or an empty Numbering when it has none."""
    try:
        numbering = doc.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        numbering = None
    try:
        styles = doc.part.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        styles = None
    return Numbering(numbering, styles)


def _body_lines(body: _Element, numbering: Numbering) -> Iterator[str]:
    """Paragraphs (with their list numbers) and tables in document order, into content controls."""
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            for box in _text_boxes(child):
                yield from _body_lines(box, numbering)
            yield numbering.label(child) + _text_of(child)
        elif tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
            inner = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _body_lines(inner, numbering)


def _hints(doc: DocxDocument, has_core: bool) -> dict[str, str]:
    """Title and the created/modified dates the file declares (dates are not publication dates).

    Without docProps/core.xml python-docx invents defaults (title "Word Document",
    modified now), so nothing is read then.
    """
    hints: dict[str, str] = {}
    if not has_core:
        return hints
    props = doc.core_properties
    title = clean_title(props.title)
    if title:
        hints["title"] = title
    if props.created is not None:
        hints["created_on"] = props.created.date().isoformat()
    if props.modified is not None:
        hints["modified_on"] = props.modified.date().isoformat()
    return hints


def load(path: Path, data: bytes, *, limits: ZipLimits = DEFAULT_LIMITS) -> RawDocument:
    """Read a .docx; LoadError for anything that is not one, zip bombs included."""
    names, package = _check_zip(path, data, limits)
    import docx

    try:
        doc = docx.Document(io.BytesIO(package))
        lines = list(_body_lines(doc.element.body, _numbering_of(doc)))
        hints = _hints(doc, "docProps/core.xml" in names)
    except LoadError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError...
        raise LoadError(path, "not a valid .docx file: damaged document content") from exc
    text = "\n".join(line.rstrip() for line in lines)
    if not text.strip():
        raise LoadError(path, "no text in the .docx file (scanned pages? OCR it first)")
    return RawDocument(text=text + "\n", source_name=path.name, format="docx", hints=hints)
