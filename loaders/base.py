"""What every loader returns, the one error they raise, and format dispatch."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class LoadError(Exception):
    """A file that cannot become a report; str() is the one-line message for the user."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{Path(self.path).name}: {reason}")


@dataclass(frozen=True)
class RawDocument:
    """Text of one file plus what the container said about it (never guessed)."""

    text: str
    source_name: str
    format: str  # txt | html | docx | pdf
    encoding: str | None = None
    # title, published_on (YYYY-MM-DD), site_name, source: only what the file declares
    hints: dict[str, str] = field(default_factory=dict)
    # True when the encoding came from a statistical guess rather than a strict decode
    low_confidence: bool = False


def sniff_format(path: Path, head: bytes) -> str:
    """Choose a loader by content first, then by suffix."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    lowered = head[:2048].lower()
    stripped = lowered.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return "html"
    suffix = path.suffix.lower()
    if suffix in {".htm", ".html", ".shtml", ".xhtml"}:
        return "html"
    if suffix == ".docx":
        return "docx"
    if suffix == ".pdf":
        return "pdf"
    return "txt"


def read_document(path: str | Path) -> RawDocument:
    """Read one file into a RawDocument, raising LoadError with a one-line reason."""
    p = Path(path)
    if not p.exists():
        raise LoadError(p, "no such file or folder")
    if not p.is_file():
        raise LoadError(p, "not a regular file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise LoadError(p, f"cannot read: {exc.strerror or exc}") from exc
    if not data.strip():
        raise LoadError(p, "empty file")
    fmt = sniff_format(p, data[:4096])
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
