"""Government article pages: the article text without the site template, plus meta-tag hints.

trafilatura finds the main text, but on county CMS pages it keeps navigation
lists (class="nav" is not in its blacklist), drops small data tables (which
carry figures) and flattens layout tables into one run-on row. So the page is
prepared first: template blocks removed by tag and class/id name, layout
tables unwrapped, data tables turned into one line per row. Then trafilatura
runs in its balanced mode, and in favor_recall mode only if that finds nothing.
"""

from __future__ import annotations

import codecs
import copy
import datetime as dt
import logging
import re
from pathlib import Path

import lxml.etree
import lxml.html
from charset_normalizer import from_bytes
from edureports.loaders.base import LoadError, RawDocument
from edureports.loaders.txt import decode_with_few_errors, plain_share

# trafilatura warns about every short or empty page; LoadError already says it once.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

_GB_ALIASES = {"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "ms936"}
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_XML_DECL_RE = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)

# Tags that are never article text.
_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "iframe",
    "select",
    "button",
    "input",
    "textarea",
    "template",
    "svg",
)
# class/id tokens (split on space, - and _) that mark template blocks on Chinese government
# sites, including their pinyin names (dh 导航, dqwz 当前位置, bq 版权, fx 分享, ewm 二维码).
_BOILERPLATE_TOKENS = frozenset(
    """
    nav navbar navigation menu submenu breadcrumb breadcrumbs crumb crumbs bread position
    location dqwz weizhi daohang dh footer foot bottom copyright banquan bq sidebar side aside
    share fenxiang fx qrcode ewm erweima print dayin prev next prevnext pager pagination
    search sousuo topbar toolbar header logo banner related xgxx xglj links friendlink
    yqlj comment comments hot rdzt ad ads advert wza
    """.split()  # noqa: SIM905 - a word list reads better than 60 quoted strings
)
_TOKEN_SPLIT = re.compile(r"[\s\-_]+")
_WS = re.compile(r"[ \t\u00a0\u3000]+")
# Control characters browsers ignore but lxml refuses in text nodes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SENTENCE_END = re.compile(r"[。！？；!?;]")


def decode(data: bytes, path: Path) -> tuple[str, str, bool]:
    """Return (text, encoding, low_confidence): BOM, declared charset, UTF-8, GB18030, guess.

    A page declaring gb2312/gbk is decoded as gb18030 (its superset): CMS pages
    declare gb2312 and still contain GBK-only characters.
    """
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(name), name, False
            except UnicodeDecodeError as exc:
                raise LoadError(path, f"undecodable bytes after a {name} byte-order mark") from exc
    declared = declared_charset(data[:8192])
    if declared and declared.startswith(("utf-16", "utf-32")):
        declared = None  # without a BOM browsers ignore it too: the page is 8-bit
    if declared and declared != "utf-8" and _is_utf8_with_non_ascii(data):
        # A page re-encoded to UTF-8 that kept its old gb2312 or latin-1 meta tag: UTF-8
        # Chinese can also pass a strict GB18030 decode (as mojibake), so the bytes win.
        return data.decode("utf-8"), "utf-8", False
    if declared:
        try:
            return data.decode(declared), declared, False
        except (UnicodeDecodeError, LookupError):
            pass  # a wrong or unknown declaration: fall back to the bytes themselves
    for name in ("utf-8", "gb18030"):
        try:
            return data.decode(name), name, False
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding is not None:
        encoding = _normalise_charset(best.encoding)
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if plain_share(text) >= 0.5:  # markup is ASCII, so a low bar
                return text, encoding, True
    tries = tuple(dict.fromkeys(e for e in (declared, "utf-8", "gb18030") if e))
    lenient = decode_with_few_errors(data, tries)
    if lenient is not None:
        return lenient[0], lenient[1], True
    raise LoadError(path, "undecodable bytes: neither UTF-8 nor GB18030, and no encoding fits")


def declared_charset(head: bytes) -> str | None:
    """The charset a page declares in <meta charset>, http-equiv, or its XML declaration."""
    match = _CHARSET_RE.search(head) or _XML_DECL_RE.search(head)
    if not match:
        return None
    return _normalise_charset(match.group(1).decode("ascii", "replace"))


def _normalise_charset(name: str) -> str:
    lowered = name.strip().lower()
    if lowered in _GB_ALIASES or lowered.replace("_", "") in _GB_ALIASES:
        return "gb18030"
    try:
        return codecs.lookup(lowered).name
    except LookupError:
        return lowered


def _is_utf8_with_non_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# ---------------------------------------------------------------- metadata


def _meta(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """Meta tags by lower-cased name (or property), first non-empty value wins."""
    found: dict[str, str] = {}
    for el in doc.iter("meta"):
        name = (el.get("name") or el.get("property") or "").strip().lower()
        content = _WS.sub(" ", el.get("content") or "").strip()
        if name and content and name not in found:
            found[name] = content
    return found


def parse_date(value: str) -> str | None:
    """YYYY-MM-DD from the date forms government pages use (2023-02-01 09:30, 2023年2月1日)."""
    match = re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", value)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def hints_from(doc: lxml.html.HtmlElement) -> dict[str, str]:
    """Title, publication date, source and site name as the page declares them."""
    meta = _meta(doc)
    hints: dict[str, str] = {}
    site = meta.get("sitename") or meta.get("og:site_name")
    if site:
        hints["site_name"] = site
    title = meta.get("articletitle") or meta.get("og:title")
    if not title:
        title_el = doc.find(".//title")
        if title_el is not None:
            title = _WS.sub(" ", title_el.text_content()).strip()
            title = _strip_site_suffix(title, site)
    if title:
        hints["title"] = title
    for key in ("pubdate", "firstpublishedtime", "publishdate", "article:published_time"):
        if key in meta and (day := parse_date(meta[key])):
            hints["published_on"] = day
            break
    source = meta.get("contentsource")
    if source:
        hints["source"] = source
    return hints


def _strip_site_suffix(title: str, site: str | None) -> str:
    """'Report title_Site name' -> 'Report title' when the tail is the site's name."""
    parts = re.split(r"\s*(?:_|\||-{1,2}|—)\s*", title)
    if len(parts) > 1:
        tail = parts[-1]
        if (site and tail == site) or re.search(r"(政府|网|门户|官网)$", tail):
            return title[: title.rfind(tail)].rstrip(" _|-—")
    return title


# ---------------------------------------------------------------- page preparation


def _is_boilerplate(el: lxml.html.HtmlElement) -> bool:
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return any(tok in _BOILERPLATE_TOKENS for tok in _TOKEN_SPLIT.split(names) if tok)


def _holds_article(el: lxml.html.HtmlElement) -> bool:
    """A block named like a template part (class="content_print") that holds the long text."""
    text = _WS.sub("", el.text_content())
    if len(text) < 500:
        return False
    links = sum(len(_WS.sub("", a.text_content())) for a in el.iter("a"))
    return links < len(text) / 2


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    return _WS.sub(" ", " ".join(cell.itertext())).strip()


def _is_layout_table(table: lxml.html.HtmlElement) -> bool:
    """Old CMS pages lay out the whole page with tables; a data table holds short cells."""
    if table.find(".//table") is not None:
        return True
    for cell in table.iter("td", "th"):
        if len(_cell_text(cell)) > 200:
            return True
        blocks = sum(
            1 for el in cell.iter("p", "div", "h1", "h2", "h3", "h4", "ul") if el is not cell
        )
        if blocks >= 3:  # a cell holding several paragraphs is a page column, not a figure
            return True
    return False


def prepare(doc: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """Remove template blocks, unwrap layout tables, flatten data tables to one line per row."""
    for el in list(doc.iter(*_DROP_TAGS)):
        if el.getparent() is not None:
            el.drop_tree()
    body = doc.find(".//body")
    root = body if body is not None else doc
    # Top down, not descending into what is dropped: pages nest hundreds of divs deep.
    stack = list(root)
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            continue
        if el.tag not in ("main", "article") and _is_boilerplate(el) and not _holds_article(el):
            el.drop_tree()
            continue
        stack.extend(el)
    # Innermost tables first, so a layout table's data tables are flattened before it unwraps.
    for table in reversed(list(root.iter("table"))):
        if table.getparent() is None:
            continue
        if _is_layout_table(table):
            for el in table.iter("table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"):
                el.tag = "div"
            continue
        rows: list[lxml.html.HtmlElement] = []
        for row in table.iter("tr"):
            cells = [_cell_text(c) for c in row if isinstance(c.tag, str) and c.tag in ("td", "th")]
            cells = [c for c in cells if c]
            if cells:
                p = lxml.html.Element("p")
                p.text = "\t".join(cells)
                rows.append(p)
        # Rows replace the table as sibling paragraphs: wrapped in a div, trafilatura drops them.
        parent = table.getparent()
        index = parent.index(table)
        if rows:
            rows[-1].tail = table.tail
        elif table.tail:
            _append_text(parent, index, table.tail)
        parent.remove(table)
        for offset, p in enumerate(rows):
            parent.insert(index + offset, p)
    return doc


def _append_text(parent: lxml.html.HtmlElement, index: int, text: str) -> None:
    """Keep the text that followed a removed element at index."""
    if index > 0:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _looks_like_article(text: str) -> bool:
    """Navigation leftovers are short labels; a report has sentences or long paragraphs."""
    return any(len(line.strip()) >= 30 or _SENTENCE_END.search(line) for line in text.splitlines())


_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd"),
        *("tr", "table", "tbody", "thead", "tfoot", "section", "article", "main", "blockquote"),
        *("pre", "center", "address", "figure", "figcaption", "caption"),
    }
)
# Below this many characters trafilatura falls back to a baseline that puts every
# inline element (<span>93.5%</span>) on a line of its own, or joins all blocks.
_SHORT_PAGE = 250


def block_text(doc: lxml.html.HtmlElement) -> str:
    """Text with a line break at every block boundary and <br>, inline elements kept inline."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(el: lxml.html.HtmlElement) -> None:
        if not isinstance(el.tag, str):  # comments, processing instructions
            if el.tail:
                buf.append(el.tail)
            return
        block = el.tag in _BLOCK_TAGS
        if block:
            flush()
        if el.tag == "br":
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if block or el.tag in ("td", "th"):
            if el.tag in ("td", "th"):
                buf.append("\t")
            else:
                flush()
        if el.tail:
            buf.append(el.tail)

    body = doc.find(".//body")
    walk(body if body is not None else doc)
    flush()
    return "\n".join(lines)


def extract_text(doc: lxml.html.HtmlElement) -> str | None:
    """Article text with one paragraph or heading per line, or None when there is none."""
    import trafilatura

    prepared = prepare(copy.deepcopy(doc))
    blocks = block_text(prepared)
    for recall in (False, True):
        out = trafilatura.extract(
            copy.deepcopy(prepared),
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            favor_recall=recall,
        )
        if out and _looks_like_article(out):
            lines = [_WS.sub(" ", line).strip() for line in out.splitlines()]
            lines = [line for line in lines if line]
            short = sum(map(len, lines)) < _SHORT_PAGE
            collapsed = len(lines) == 1 and blocks.count("\n") >= 2
            if (short or collapsed) and _looks_like_article(blocks):
                return blocks  # the page is small: the cleaned page itself is the article
            return "\n".join(lines)
    return None


def load(path: Path, data: bytes) -> RawDocument:
    """Decode, read the meta hints, extract the article; LoadError if there is no article."""
    text, encoding, low = decode(data, path)
    text = _CONTROL.sub(" ", text)
    try:
        doc = lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise LoadError(path, "no article text in the HTML page") from exc
    hints = hints_from(doc)
    article = extract_text(doc)
    if not article:
        raise LoadError(path, "no article text in the HTML page")
    return RawDocument(
        text=article,
        source_name=path.name,
        format="html",
        encoding=encoding,
        hints=hints,
        low_confidence=low,
    )
