"""What every loader returns, the one error they raise, and format dispatch."""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The largest report accepted, as a file and as extracted text (UTF-8). Real reports are a
# few hundred KB; parsing is linear but slow (about 100,000 characters a second), so a
# 200 MB log file mistaken for a report would parse for half an hour.
DEFAULT_MAX_SIZE = 20 * 1024 * 1024


def display_name(path: str | Path) -> str:
    """A file's name as people read it, also when the bytes of the name are not UTF-8.

    Linux hands Python undecodable names as lone surrogates, which no database accepts and
    no terminal prints. Names from Chinese Windows machines (zip archives, old shares) are
    GBK: decode them as GB18030, else keep what UTF-8 can read and mark the rest with U+FFFD.
    """
    raw = os.fsencode(Path(path).name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")  # pragma: no cover - gb18030 decodes nearly all


def megabytes(size: int) -> str:
    """20971520 -> "20 MB", 1572864 -> "1.5 MB": sizes in messages."""
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


class LoadError(Exception):
    """A file that cannot become a report; str() is the one-line message for the user."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = " ".join(str(reason).split())  # one line, whatever the cause said
        super().__init__(f"{display_name(self.path)}: {self.reason}")


@dataclass(frozen=True)
class RawDocument:
    """Text of one file plus what the container said about it (never guessed)."""

    text: str
    source_name: str
    format: str  # txt | html | docx | pdf
    encoding: str | None = None
    # title, published_on (YYYY-MM-DD), site_name, source: only what the file declares;
    # docx adds created_on / modified_on (file dates, not publication dates)
    hints: dict[str, str] = field(default_factory=dict)
    # True when the encoding came from a statistical guess rather than a strict decode
    low_confidence: bool = False


_TITLE_JUNK = re.compile(
    r"^(?:untitled|word document|document\d*|文档\d*|无标题|新建.*文档)$", re.I
)


def clean_title(value: str | None) -> str | None:
    """A title property as people meant it: no "Microsoft Word - " prefix or file extension.

    Word and PDF printers fill the title with the file name or a placeholder;
    those are dropped rather than passed on as the report's title.
    """
    title = " ".join((value or "").split())
    title = re.sub(r"^Microsoft (?:Word|PowerPoint) - ", "", title, flags=re.I)
    title = re.sub(r"\.(?:docx?|wps|pdf|txt|html?)$", "", title, flags=re.I).strip()
    if not title or _TITLE_JUNK.match(title):
        return None
    return title


# Signatures of files that are not reports in a supported format: (magic, reason).
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
)
_UNSUPPORTED_MAGIC = (
    (b"{\\rtf", "RTF not supported; save as .docx"),
    (b"\x1f\x8b", "compressed (gzip) file; unpack it first"),
    (b"Rar!\x1a\x07", "RAR archive; unpack it first"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive; unpack it first"),
    (b"BZh", "compressed (bzip2) file; unpack it first"),
    (b"\xfd7zXZ\x00", "compressed (xz) file; unpack it first"),
)
_HTML_START = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table)[\s>/]",
    re.I | re.S,
)
_HTML_SUFFIXES = {".htm", ".html", ".shtml", ".xhtml", ".jsp", ".asp", ".aspx", ".php"}
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".tif", ".tiff", ".bmp", ".webp"}


def _text_head(head: bytes) -> bytes:
    """The head as ASCII-compatible bytes, so UTF-16 HTML is recognised too."""
    for bom, name in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            body = head[2 : 2 + (len(head) - 2) // 2 * 2]
            return body.decode(name, "replace").encode("ascii", "replace")
    return head.removeprefix(codecs.BOM_UTF8)


_XML_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*>")


#: File name suffixes of the formats the loaders read (lower case). A folder walk takes
#: these by name and any other file only when content_format recognises it.
REPORT_SUFFIXES = frozenset({".txt", ".htm", ".html", ".shtml", ".xhtml", ".docx", ".pdf"})


def content_format(path: Path) -> str | None:
    """pdf | docx | html when the file's content shows one of them, whatever its name.

    For files in a folder whose names do not say: saved pages (.jsp, no suffix), a .doc
    that is really .docx or Word's HTML. Stricter than sniff_format: HTML must open with a
    tag (not merely quote one, as JSON or CSV may), and plain text has no signature, so a
    text file counts only by its .txt name. Unreadable files and other zips give None.
    """
    try:
        if not path.is_file():  # a dangling link, or a link to a pipe that open would wait on
            return None
        with path.open("rb") as handle:
            head = handle.read(8192)
        if b"%PDF-" in head[:1024]:
            return "pdf"
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            with zipfile.ZipFile(path) as archive:  # reads the directory only, inflates nothing
                return "docx" if "word/document.xml" in archive.namelist() else None
    except (OSError, ValueError, zipfile.BadZipFile):
        return None
    return "html" if _HTML_START.match(_XML_DECLARATION.sub(b"", _text_head(head))) else None


def sniff_format(path: Path, head: bytes) -> str:
    """Choose a loader by content first, then by suffix.

    Returns txt | html | docx | pdf. Raises LoadError for content no loader
    reads (legacy .doc, images, archives), so the user learns what to do.
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return "docx"  # the docx loader names other zip formats (xlsx, OFD...) in its error
    if head.startswith(_OLE2):
        if path.suffix.lower() in {".xls", ".ppt"}:
            raise LoadError(path, "legacy Office file not supported; save as .docx")
        raise LoadError(path, "legacy .doc not supported; save as .docx")
    if (
        head.startswith(_IMAGE_MAGIC)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head.startswith(b"BM") and path.suffix.lower() == ".bmp")
    ):
        raise LoadError(path, "image file; OCR it first")
    for magic, reason in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            raise LoadError(path, reason)
    text_head = _text_head(head)
    lowered = text_head[:4096].lower()
    if _HTML_START.match(text_head) or b"<html" in lowered or b"<body" in lowered:
        return "html"
    suffix = path.suffix.lower()
    if suffix in _HTML_SUFFIXES:
        return "html"
    if suffix in _IMAGE_SUFFIXES:
        raise LoadError(path, "image file; OCR it first")
    # A .pdf or .docx without its signature: maybe a mis-named text file, else damaged.
    return "txt"


def _refuse_misnamed(path: Path, fmt: str, exc: LoadError) -> LoadError:
    """A .pdf/.docx/.doc that is neither its format nor text: say what the name promised."""
    suffix = path.suffix.lower()
    if fmt == "txt" and ("binary" in exc.reason or "undecodable" in exc.reason):
        if suffix == ".pdf":
            return LoadError(path, "not a valid PDF: no %PDF header (damaged or not a PDF)")
        if suffix in {".docx", ".docm"}:
            return LoadError(path, "not a valid .docx file: not a zip archive")
        if suffix == ".doc":
            return LoadError(path, "not a valid .doc file (and legacy .doc is not supported)")
    return exc


def _load(p: Path, data: bytes, fmt: str) -> RawDocument:
    """Import only the loader needed: trafilatura and pdfminer are slow to import."""
    if fmt == "txt":
        from edureports.loaders import txt

        return txt.load(p, data)
    if fmt == "html":
        from edureports.loaders import html

        return html.load(p, data)
    if fmt == "docx":
        from edureports.loaders import docx

        return docx.load(p, data)
    from edureports.loaders import pdf

    return pdf.load(p, data)


def _too_large(path: Path, what: str, size: int, max_size: int) -> LoadError:
    return LoadError(
        path,
        f"too large: {what} is {megabytes(size)}, over the {megabytes(max_size)} limit"
        " for one report (--max-size raises it)",
    )


def _read_bounded(path: Path, max_size: int) -> bytes:
    """The file's bytes, never more than max_size of them (a file may grow while read)."""
    try:
        size = path.stat().st_size
        if size > max_size:
            raise _too_large(path, "the file", size, max_size)
        with path.open("rb") as handle:
            # read(n) reserves n bytes first: ask for the size stat gave, then for the rest
            # only if the file grew meanwhile, never for more than the limit.
            data = handle.read(size + 1)
            if len(data) > size:
                data += handle.read(max(max_size + 1 - len(data), 0))
    except OSError as exc:
        raise LoadError(path, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_size:
        raise _too_large(path, "the file", len(data), max_size)
    return data


def _finish(path: Path, doc: RawDocument, max_size: int) -> RawDocument:
    """Checks every format shares: NUL characters out, text within the size limit.

    NUL is never report text (it comes from zero-padded downloads and broken exports);
    PostgreSQL refuses it in text while SQLite stores it, so it is removed here, before
    any span is computed, and both engines store the same text.
    """
    text = doc.text.replace("\x00", "")
    if not text.strip():
        raise LoadError(path, "empty file")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_size:
        raise _too_large(path, "its text", size, max_size)
    return dataclasses.replace(doc, text=text, source_name=display_name(path))


def read_document(path: str | Path, *, max_size: int = DEFAULT_MAX_SIZE) -> RawDocument:
    """Read one file into a RawDocument, raising LoadError with a one-line reason.

    Any other exception from a loader or library on a bad file is turned into a
    LoadError too: the CLI reports one line per failed file and goes on. Files and
    texts larger than max_size bytes are refused before they are parsed.
    """
    p = Path(path)
    if not p.exists():
        raise LoadError(p, "no such file or folder")
    if not p.is_file():
        raise LoadError(p, "not a regular file")
    data = _read_bounded(p, max_size)
    if not data.strip():
        raise LoadError(p, "empty file")
    fmt = sniff_format(p, data[:8192])
    try:
        doc = _load(p, data, fmt)
    except LoadError as exc:
        better = _refuse_misnamed(p, fmt, exc)
        if better is exc:
            raise
        raise better from exc
    except Exception as exc:  # a library failing on a malformed file: still one clear line
        raise LoadError(p, f"cannot read this {fmt} file ({type(exc).__name__})") from exc
    return _finish(p, doc, max_size)
