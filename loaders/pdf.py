"""PDF text layer in reading order, with wrapped lines joined back into paragraphs.

pdfminer.six gives one line per printed line. The section parser needs one
paragraph or heading per line, so a printed line is joined to the next when
it runs to the right margin and the next one starts flush left without a
heading marker (Chinese body paragraphs open with a two-character indent,
headings are short). Page folios ("— 3 —", "第3页") at the top or bottom of a
page are dropped because they would otherwise split paragraphs across pages.
Scanned PDFs have no text layer: they need OCR, which is out of scope here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from edureports.loaders.base import LoadError, RawDocument, clean_title

if TYPE_CHECKING:
    from pdfminer.layout import LTItem, LTPage
    from pdfminer.pdfdocument import PDFDocument

# pdfminer logs a warning per odd font or object; on a folder of web PDFs that buries the
# one-line results the CLI prints. Real failures still come out as LoadError.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_FOLIO = re.compile(
    r"^[\s\-—–_·.]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4}|\s*共\s*\d{1,4}\s*页)?[\s\-—–_·.]*$"
)
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.．、](?!\d)"
    r"|[①②③④⑤⑥⑦⑧⑨⑩]|第[一二三四五六七八九十]+[章节部分条])"
)
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    text: str
    x0: float
    x1: float
    y0: float
    y1: float

    @property
    def size(self) -> float:
        return max(self.y1 - self.y0, 1.0)


def _page_lines(layout: LTPage) -> list[_Line]:
    """Text lines of one page in pdfminer's reading order (boxes in flow order, lines in box)."""
    from pdfminer.layout import LTTextBox, LTTextLine

    lines: list[_Line] = []

    def visit(item: LTItem) -> None:
        if isinstance(item, LTTextLine):
            text = item.get_text().rstrip("\r\n")
            if text.strip():
                lines.append(_Line(text, item.x0, item.x1, item.y0, item.y1))
        elif isinstance(item, LTTextBox) or hasattr(item, "__iter__"):
            for child in item:
                visit(child)

    for item in layout:
        visit(item)
    return lines


def _drop_folios(lines: list[_Line]) -> list[_Line]:
    """Remove page numbers printed as the top-most or bottom-most line of a page."""
    if not lines:
        return lines
    top = max(lines, key=lambda ln: ln.y1)
    bottom = min(lines, key=lambda ln: ln.y0)
    return [ln for ln in lines if not ((ln is top or ln is bottom) and _FOLIO.match(ln.text))]


_LEAD_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,:/%-][A-Za-z0-9]+)*%?")


def _lead_width(text: str, size: float) -> float:
    """Estimated width of the unbreakable start of a line: a Latin word/number, else one glyph."""
    text = text.lstrip()
    match = _LEAD_WORD.match(text)
    if match:
        return 0.6 * size * len(match.group())
    return size


def _join(a: str, b: str) -> str:
    """Join a wrapped line: no space in Chinese, one space between Latin words."""
    a = a.rstrip()
    b = b.lstrip()
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return f"{a} {b}"
    return a + b


def paragraphs(pages: list[list[_Line]]) -> list[str]:
    """Join printed lines into paragraphs using the text margins of the whole document.

    Margins are taken over all pages so that a last page with one short
    indented line is not mistaken for a page whose margin is that indent.
    """
    all_lines = [ln for lines in pages for ln in lines]
    if not all_lines:
        return []
    left = min(ln.x0 for ln in all_lines)
    right = max(ln.x1 for ln in all_lines)
    out: list[str] = []
    prev: _Line | None = None
    for line in all_lines:
        if prev is not None:
            # Wrapped lines end where the next line's first word no longer fitted.
            full = right - prev.x1 < _lead_width(line.text, prev.size) + 0.5 * prev.size
            flush = line.x0 <= left + 0.5 * line.size
            if full and flush and not _HEADING.match(line.text.lstrip()):
                out[-1] = _join(out[-1], line.text)
                prev = line
                continue
        out.append(line.text.strip())
        prev = line
    return out


def _read(path: Path, data: bytes) -> tuple[list[list[_Line]], dict[str, str]]:
    """Lines of every page and the document's Info hints, parsing the file once."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import (
        PDFDocument,
        PDFEncryptionError,
        PDFPasswordIncorrect,
        PDFTextExtractionNotAllowed,
    )
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        hints = _info_hints(document)
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams(all_texts=True))
        interpreter = PDFPageInterpreter(manager, device)
        pages: list[list[_Line]] = []
        for page in PDFPage.create_pages(document):
            interpreter.process_page(page)
            pages.append(_drop_folios(_page_lines(device.get_result())))
        return pages, hints
    except PDFPasswordIncorrect as exc:
        raise LoadError(
            path, "encrypted PDF: it needs a password; save an unprotected copy"
        ) from exc
    except PDFEncryptionError as exc:
        raise LoadError(path, "encrypted PDF with an unsupported protection scheme") from exc
    except PDFTextExtractionNotAllowed as exc:
        raise LoadError(path, "encrypted PDF: text extraction not allowed") from exc
    except (PDFException, PSException) as exc:
        raise LoadError(path, f"not a valid PDF: damaged file ({type(exc).__name__})") from exc
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, AssertionError) as exc:
        # pdfminer lets these escape on malformed objects and streams.
        raise LoadError(path, f"not a valid PDF: damaged file ({type(exc).__name__})") from exc
    except (RecursionError, MemoryError, OverflowError, ZeroDivisionError) as exc:
        raise LoadError(path, f"not a valid PDF: damaged file ({type(exc).__name__})") from exc


def _info_hints(document: PDFDocument) -> dict[str, str]:
    """Title and creation/modification dates from the Info dictionary, when readable.

    Dates are file dates (created_on / modified_on), not publication dates.
    Damaged Info entries are ignored: they must not cost the text.
    """
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    hints: dict[str, str] = {}
    try:
        info = resolve1(document.info[0]) if document.info else {}
    except Exception:  # a broken Info reference is no reason to refuse the text
        return hints
    if not isinstance(info, dict):
        return hints

    def text(key: str) -> str | None:
        try:
            value = resolve1(info.get(key))
        except Exception:
            return None
        if isinstance(value, bytes):
            value = decode_text(value)
        if not isinstance(value, str):
            return None
        value = " ".join(value.replace("\x00", "").split())
        return value or None

    title = clean_title(text("Title"))
    if title:
        hints["title"] = title
    for key, hint in (("CreationDate", "created_on"), ("ModDate", "modified_on")):
        raw = text(key)
        match = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", raw or "")
        if match:
            with contextlib.suppress(ValueError):  # 20230231: a broken date, not a broken file
                hints[hint] = dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    return hints


def load(path: Path, data: bytes) -> RawDocument:
    """Read the text layer; LoadError for truncated, encrypted, damaged or image-only PDFs."""
    start = data.find(b"%PDF-", 0, 1024)
    if start < 0:
        raise LoadError(path, "not a valid PDF: no %PDF header")
    if b"%%EOF" not in data:
        raise LoadError(path, "truncated PDF: no end-of-file marker (incomplete download?)")
    pages, hints = _read(path, data[start:])
    if not pages:
        raise LoadError(path, "not a valid PDF: no pages")
    text = "\n".join(paragraphs(pages))
    if not text.strip():
        raise LoadError(path, "no text layer; OCR it first")
    visible = len(re.sub(r"\s", "", text))
    cids = sum(len(m) for m in _CID.findall(text))
    if cids > visible / 2:
        raise LoadError(path, "text layer without Unicode mapping (cid codes); OCR it first")
    return RawDocument(text=text + "\n", source_name=path.name, format="pdf", hints=hints)
