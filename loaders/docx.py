"""Word .docx files: body paragraphs and tables in document order, core properties as hints.

python-docx's document.paragraphs skips tables and content controls, so the body
XML is walked directly: a paragraph is one line, a table row is one line with
its cells joined by a tab (merged cells counted once). Headers and footers are
left out: they hold page numbers and letterheads, not report text.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from edureports.loaders.base import LoadError, RawDocument

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from lxml.etree import _Element

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MAX_XML_BYTES = 200 * 1024 * 1024  # a zip bomb guard: real reports are a few MB at most

# Zip-based formats people mistake for .docx, by a member that identifies them.
_OTHER_ZIPS = (
    ("xl/workbook.xml", "an Excel workbook (.xlsx)"),
    ("ppt/presentation.xml", "a PowerPoint file (.pptx)"),
    ("OFD.xml", "an OFD document (export it as PDF or .docx)"),
    ("content.xml", "an OpenDocument file (save it as .docx)"),
)


def _check_zip(path: Path, data: bytes) -> set[str]:
    """Refuse non-zip data, damaged zips and zips of other formats before python-docx sees them."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise LoadError(path, "not a valid .docx file: damaged or truncated zip archive") from exc
    except (OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise LoadError(path, "not a valid .docx file: unreadable zip archive") from exc
    _check_members(path, data, infos)
    if "word/document.xml" not in names:
        for member, what in _OTHER_ZIPS:
            if member in names:
                raise LoadError(path, f"not a valid .docx file: it is {what}")
        raise LoadError(path, "not a valid .docx file: a zip archive without word/document.xml")
    return names


def _check_members(path: Path, data: bytes, infos: list[zipfile.ZipInfo]) -> None:
    """Read every XML part once: CRC and inflate errors get one clear line, not zlib's."""
    if sum(i.file_size for i in infos if i.filename.endswith(".xml")) > _MAX_XML_BYTES:
        raise LoadError(path, "not a valid .docx file: XML parts too large")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    zf.read(info)
    except Exception as exc:  # BadZipFile (CRC), zlib.error, EOFError, ValueError, ...
        raise LoadError(path, "not a valid .docx file: damaged zip archive (bad part)") from exc


def _text_of(el: _Element) -> str:
    """Text of a paragraph element: runs, tabs and line breaks, including hyperlinks."""
    parts: list[str] = []
    for node in el.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"):
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append("\t")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        else:
            parts.append("\n")
    return "".join(parts)


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
                " ".join(_text_of(p).split()) for p in tc.iter(f"{_W}p") if _text_of(p).strip()
            )
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


def _body_lines(body: _Element) -> Iterator[str]:
    """Paragraphs and tables in document order, descending into content controls."""
    for child in body.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield _text_of(child)
        elif tag == f"{_W}tbl":
            yield from _table_lines(child)
        elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
            inner = child.find(f"{_W}sdtContent") if tag == f"{_W}sdt" else child
            if inner is not None:
                yield from _body_lines(inner)


def _hints(doc: DocxDocument, has_core: bool) -> dict[str, str]:
    """Title and the created/modified dates the file declares (dates are not publication dates).

    Without docProps/core.xml python-docx invents defaults (title "Word Document",
    modified now), so nothing is read then.
    """
    hints: dict[str, str] = {}
    if not has_core:
        return hints
    props = doc.core_properties
    title = " ".join((props.title or "").split())
    if title:
        hints["title"] = title
    if props.created is not None:
        hints["created_on"] = props.created.date().isoformat()
    if props.modified is not None:
        hints["modified_on"] = props.modified.date().isoformat()
    return hints


def load(path: Path, data: bytes) -> RawDocument:
    """Read a .docx; LoadError for anything that is not one."""
    names = _check_zip(path, data)
    import docx

    try:
        doc = docx.Document(io.BytesIO(data))
        lines = list(_body_lines(doc.element.body))
        hints = _hints(doc, "docProps/core.xml" in names)
    except LoadError:
        raise
    except Exception as exc:  # python-docx raises KeyError, ValueError, XMLSyntaxError...
        raise LoadError(path, "not a valid .docx file: damaged document content") from exc
    text = "\n".join(line.rstrip() for line in lines)
    if not text.strip():
        raise LoadError(path, "no text in the .docx file (scanned pages? OCR it first)")
    return RawDocument(text=text + "\n", source_name=path.name, format="docx", hints=hints)
