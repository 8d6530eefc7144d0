"""Build the same report in every format the loaders read, plus broken files.

A helper module, not a test file: end-to-end tests import it to check that one
report gives the same figures whatever its container. Everything is built at
test time from a text, so no binary fixture is stored in the repository.

PDFs use reportlab's built-in CID font STSong-Light (Adobe-GB1, no font file
needed); pdfminer.six maps it back to Unicode through its bundled CMaps.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from pathlib import Path
from typing import Any

#: Template debris that must never survive HTML extraction (navigation, sidebar, footer).
HTML_DEBRIS = (
    "网站首页",
    "机构概况",
    "当前位置",
    "热点专题",
    "相关链接",
    "主办单位",
    "网站标识码",
    "ICP备",
    "扫一扫在手机打开当前页",
    "关于我们",
)

#: Metadata written into every HTML page (the hints the loader must read back).
HTML_META = {
    "site_name": "示例县人民政府",
    "source": "示例县教育体育局",
    "published_on": "2023-02-01",
}


def _paragraphs(text: str) -> list[str]:
    """Non-empty lines of the text: one paragraph (or heading) each, as the section parser sees them."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _title(text: str) -> str:
    """A plausible title: the first line that looks like one, else the first line."""
    lines = _paragraphs(text)
    for line in lines[:15]:
        if any(key in line for key in ("总结", "计划", "讲话")) and len(line) <= 60:
            if any(mark in line for mark in (">", ":", "\uff1a")):  # breadcrumbs, labels
                continue
            return line
    return lines[0][:60] if lines else "工作总结"


def html_page(text: str, *, charset: str = "utf-8", title: str | None = None) -> str:
    """A county government article page around the text: nav, breadcrumbs, sidebar, footer.

    The structure copies what Chinese government CMS pages (TRS, Hanweb) look like,
    including their meta tags, so extraction is tested against real debris.
    """
    title = title or _title(text)
    esc = html.escape
    body = "\n".join(f"<p>{esc(p)}</p>" for p in _paragraphs(text))
    nav = "".join(
        f'<li><a href="/{i}/">{name}</a></li>'
        for i, name in enumerate(
            ["网站首页", "机构概况", "政务公开", "政务服务", "互动交流", "走进示例县"]
        )
    )
    side = "".join(
        f'<li><a href="/zt/{i}.html">{name}</a></li>'
        for i, name in enumerate(
            [
                "学习贯彻党的二十大精神",
                "优化营商环境专栏",
                "乡村振兴在行动",
                "全国文明城市创建",
                "政府信息公开年报",
            ]
        )
    )
    meta_charset = (
        f'<meta charset="{charset}">'
        if charset.lower() == "utf-8"
        else f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta_charset}
<title>{esc(title)}_{esc(HTML_META["site_name"])}</title>
<meta name="SiteName" content="{esc(HTML_META["site_name"])}">
<meta name="SiteDomain" content="www.example.gov.cn">
<meta name="SiteIDCode" content="1404260001">
<meta name="ColumnName" content="总结计划">
<meta name="ColumnType" content="政务公开">
<meta name="ArticleTitle" content="{esc(title)}">
<meta name="PubDate" content="{HTML_META["published_on"]} 09:30">
<meta name="ContentSource" content="{esc(HTML_META["source"])}">
<meta name="Keywords" content="教育,工作总结">
<link rel="stylesheet" href="/css/style.css">
<script>var _hmt = _hmt || []; function setFontSize(s) {{ return s; }}</script>
</head>
<body>
<div class="top-bar">中国政府网 | 省政府 | 市政府 今天是 <span id="today"></span>
<a href="/wza/">无障碍浏览</a> <a href="/old/">长者模式</a></div>
<div class="header"><div class="logo"><img src="/images/logo.png" alt="示例县人民政府"></div>
<form class="search"><input type="text" name="q" placeholder="请输入关键词">
<button>搜索</button></form>
<div class="hot">热点查询:<a href="/s?q=1">旅游</a> <a href="/s?q=2">招聘</a></div></div>
<div class="nav"><ul>{nav}</ul></div>
<div class="main">
<div class="breadcrumb">当前位置:<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt;
<a href="/zwgk/zjjh/">总结计划</a></div>
<div class="sidebar"><h3>热点专题</h3><ul>{side}</ul>
<h3>相关链接</h3><ul><li><a href="/link1">省教育厅</a></li><li><a href="/link2">市教育局</a></li>
</ul></div>
<div class="article">
<h1 class="article-title">{esc(title)}</h1>
<div class="article-info">发布时间:{HTML_META["published_on"]} 来源:{esc(HTML_META["source"])}
 字体:<a href="javascript:setFontSize(16)">大</a> <a href="javascript:setFontSize(14)">中</a>
 <a href="javascript:setFontSize(12)">小</a> <a href="javascript:window.print()">打印</a>
 <a href="javascript:window.close()">关闭</a></div>
<div class="article-content" id="zoom">
{body}
</div>
<div class="share">分享到:<a href="#">微信</a> <a href="#">微博</a>
<div class="qrcode"><img src="/qr.png" alt="">扫一扫在手机打开当前页</div></div>
<div class="prev-next"><a href="/prev.html">上一篇:关于开展2023年春季学期开学工作检查的通知</a>
<a href="/next.html">下一篇:县教育局召开2023年安全工作会议</a></div>
</div>
</div>
<div class="footer"><p><a href="/about">关于我们</a> | <a href="/map">网站地图</a> |
<a href="/contact">联系我们</a></p>
<p>主办单位:示例县人民政府办公室 承办单位:示例县大数据中心</p>
<p>网站标识码:1404260001 晋ICP备05001234号 晋公网安备 14042602000123号</p></div>
</body>
</html>
"""


def empty_html_page() -> str:
    """A page with the whole template but no article (a listing page that lost its content)."""
    page = html_page("占位", charset="utf-8", title="")
    start = page.index('<div class="article">')
    end = page.index('<div class="footer">')
    return page[:start] + "</div>\n" + page[end:]


def write_docx(
    text: str,
    path: Path,
    *,
    title: str | None = None,
    auto_numbering: bool = False,
    table: bool = True,
) -> Path:
    """A .docx with one paragraph per line and (with table) a small figures table in the middle.

    The table sits after the first third of the paragraphs so document order is tested.
    Its rows are also returned by :func:`docx_table_rows` for assertions. It adds
    figures of its own, so leave it out when comparing figures across formats.

    With auto_numbering, headings written "一、…" and "(一)…" become Word list
    paragraphs whose number comes from numbering.xml (as in documents typed in
    Word), wherever the written number is the one Word would show; the rest
    stay literal text. The loader must render the numbers back.
    """
    import datetime as dt

    from docx import Document

    doc = Document()
    paragraphs = _paragraphs(text)
    cut = max(1, len(paragraphs) // 3)
    numberer = _AutoNumberer(doc) if auto_numbering else None

    def add(para: str) -> None:
        if numberer is None or not numberer.add(para):
            doc.add_paragraph(para)

    for para in paragraphs[:cut]:
        add(para)
    if table:
        rows = docx_table_rows()
        grid = doc.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for para in paragraphs[cut:]:
        add(para)
    props = doc.core_properties
    props.title = title or _title(text)
    props.author = "示例县教育体育局"
    props.created = dt.datetime(2023, 1, 30, 8, 0, 0)
    props.modified = dt.datetime(2023, 2, 1, 9, 30, 0)
    doc.save(str(path))
    return path


_CN_NUMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
_CN_NUMS += [f"十{n}" for n in _CN_NUMS[:9]] + ["二十"]
_LEVEL_PATTERNS = (
    re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})、(?P<rest>.+)$"),
    re.compile(r"^\((?P<n>[一二三四五六七八九十]{1,3})\)(?P<rest>.+)$"),
)


class _AutoNumberer:
    """Adds heading paragraphs as Word list items, mirroring Word's counters to stay exact."""

    ABSTRACT_ID = "90"

    def __init__(self, doc: Any) -> None:
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        self.doc = doc
        self.parse_xml = parse_xml
        self.nsdecls = nsdecls("w")
        self.numbering = doc.part.numbering_part.element
        abstract = parse_xml(
            f'<w:abstractNum {self.nsdecls} w:abstractNumId="{self.ABSTRACT_ID}">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="(%2)"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"
        )
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)  # schema order: abstractNum before num
        else:
            self.numbering.append(abstract)
        self.num_id = 0
        self.counters = [0, 0]
        self._new_list()

    def _new_list(self) -> None:
        self.num_id = self.num_id + 1 if self.num_id else 90
        self.numbering.append(
            self.parse_xml(
                f'<w:num {self.nsdecls} w:numId="{self.num_id}">'
                f'<w:abstractNumId w:val="{self.ABSTRACT_ID}"/></w:num>'
            )
        )
        self.counters = [0, 0]

    def add(self, para: str) -> bool:
        """Add para as a numbered paragraph if Word would print its number; else False."""
        for level, pattern in enumerate(_LEVEL_PATTERNS):
            match = pattern.match(para)
            if not match or match["n"] not in _CN_NUMS:
                continue
            n = _CN_NUMS.index(match["n"]) + 1
            if n != self.counters[level] + 1:
                if level == 0 and n == 1:
                    self._new_list()  # the plan part restarts at 一、
                else:
                    return False
            self.counters[level] = n
            if level == 0:
                self.counters[1] = 0
            p = self.doc.add_paragraph(match["rest"])
            p._p.get_or_add_pPr().append(
                self.parse_xml(
                    f'<w:numPr {self.nsdecls}><w:ilvl w:val="{level}"/>'
                    f'<w:numId w:val="{self.num_id}"/></w:numPr>'
                )
            )
            return True
        return False


def docx_table_rows() -> list[list[str]]:
    """The table every fixture .docx carries (header row plus two figures rows)."""
    return [
        ["指标", "2021年", "2022年"],
        ["学前三年毛入园率", "91.2%", "93.5%"],
        ["义务教育巩固率", "98.6%", "99.1%"],
    ]


# ---------------------------------------------------------------- PDF

_PDF_FONT = "STSong-Light"
_PAGE_W, _PAGE_H = 595.27, 841.89  # A4 in points
_MARGIN = 72.0
_SIZE = 12.0
_LEADING = 20.0
_PARA_GAP = 8.0


def _register_cjk_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if _PDF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(_PDF_FONT))


_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,:/%-][A-Za-z0-9]+)*%?|.", re.S)


def _wrap(paragraph: str, width: float, first_indent: float) -> list[str]:
    """Wrap as a word processor sets Chinese: between any two characters, never inside a number."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    avail = width - first_indent
    for token in _TOKEN.findall(paragraph):
        if current and stringWidth(current + token, _PDF_FONT, _SIZE) > avail:
            lines.append(current)
            current = ""
            avail = width
        current += token
    if current:
        lines.append(current)
    return lines


def _is_heading(line: str) -> bool:
    """Short lines are set flush left like headings; body paragraphs get a two-character indent."""
    return len(line) <= 40


def write_pdf(
    text: str, path: Path, *, title: str | None = None, encrypt_password: str | None = None
) -> Path:
    """A text PDF as a word processor exports it: wrapped lines, indents, page numbers.

    Paragraphs wrap across lines and pages, and each page carries a centred
    "— n —" folio, so the loader's line joining and folio removal are exercised.
    """
    from reportlab.pdfgen import canvas

    _register_cjk_font()
    encrypt = None
    if encrypt_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(encrypt_password, ownerPassword=encrypt_password + "-owner")
    c = canvas.Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H), encrypt=encrypt)
    c.setTitle(title or _title(text))
    c.setAuthor("示例县教育体育局")
    width = _PAGE_W - 2 * _MARGIN
    page = 1
    y = _PAGE_H - _MARGIN

    def finish_page() -> None:
        nonlocal page, y
        c.setFont(_PDF_FONT, 10)
        c.drawCentredString(_PAGE_W / 2, 40, f"— {page} —")
        c.showPage()
        page += 1
        y = _PAGE_H - _MARGIN

    for para in _paragraphs(text):
        indent = 0.0 if _is_heading(para) else 2 * _SIZE
        for i, line in enumerate(_wrap(para, width, indent)):
            if y < _MARGIN:
                finish_page()
            c.setFont(_PDF_FONT, _SIZE)
            c.drawString(_MARGIN + (indent if i == 0 else 0.0), y, line)
            y -= _LEADING
        y -= _PARA_GAP
    finish_page()
    c.save()
    return path


def write_image_only_pdf(path: Path) -> Path:
    """A scanned-looking PDF: one page holding a raster image and no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(img)
    for y in range(40, 520, 18):
        draw.rectangle([40, y, 360, y + 8], fill=0)
    c = canvas.Canvas(str(path), pagesize=(_PAGE_W, _PAGE_H))
    c.drawImage(ImageReader(img), 60, 100, width=470, height=650)
    c.showPage()
    c.save()
    return path


# ---------------------------------------------------------------- all formats


def write_all_formats(
    text: str, folder: Path, stem: str, *, docx_table: bool = False
) -> dict[str, Path]:
    """Write the text as every supported container; keys name format and encoding.

    By default every file holds exactly the text's lines, so each must give the
    same figures; docx_table=True adds :func:`docx_table_rows` to the .docx files
    (a table in document order, with figures of its own).

    Keys: txt (UTF-8), txt_gbk, txt_utf16 (no BOM), html (UTF-8), html_gbk
    (declares gb2312, as old CMS pages do), docx, docx_numbered (headings numbered by
    Word's automatic numbering, not typed), pdf.
    """
    folder.mkdir(parents=True, exist_ok=True)
    out: dict[str, Path] = {}
    out["txt"] = folder / f"{stem}.txt"
    out["txt"].write_bytes(text.encode("utf-8"))
    out["txt_gbk"] = folder / f"{stem}.gbk.txt"
    out["txt_gbk"].write_bytes(text.encode("gb18030"))
    out["txt_utf16"] = folder / f"{stem}.utf16.txt"
    out["txt_utf16"].write_bytes(text.encode("utf-16-le"))
    out["html"] = folder / f"{stem}.html"
    out["html"].write_bytes(html_page(text, charset="utf-8").encode("utf-8"))
    out["html_gbk"] = folder / f"{stem}.gbk.html"
    out["html_gbk"].write_bytes(
        html_page(text, charset="gb2312").encode("gb18030", errors="xmlcharrefreplace")
    )
    out["docx"] = write_docx(text, folder / f"{stem}.docx", table=docx_table)
    out["docx_numbered"] = write_docx(
        text, folder / f"{stem}.numbered.docx", auto_numbering=True, table=docx_table
    )
    out["pdf"] = write_pdf(text, folder / f"{stem}.pdf")
    return out


#: Expected reason (a substring of the LoadError message) for each broken file.
BROKEN_REASONS = {
    "pdf_truncated": "truncated",
    "pdf_image_only": "no text layer; OCR it first",
    "pdf_encrypted": "encrypted",
    "pdf_garbage": "not a valid PDF",
    "zip_not_docx": "not a valid .docx file",
    "docx_truncated": "not a valid .docx file",
    "doc_legacy": "legacy .doc not supported; save as .docx",
    "html_no_text": "no article text in the HTML page",
    "txt_binary": "binary file, not text",
    "txt_undecodable": "undecodable",
    "image_png": "image file; OCR it first",
    "empty": "empty file",
}


def write_broken_files(folder: Path) -> dict[str, Path]:
    """One damaged or unsupported file per failure the loaders must report cleanly.

    See BROKEN_REASONS for the message each one is expected to produce.
    """
    folder.mkdir(parents=True, exist_ok=True)
    sample = "一、工作完成情况\n全县学前三年毛入园率达到93.5%,义务教育巩固率99.1%。\n" * 30
    out: dict[str, Path] = {}

    good_pdf = write_pdf(sample, folder / "_whole.pdf")
    data = good_pdf.read_bytes()
    good_pdf.unlink()
    out["pdf_truncated"] = folder / "truncated.pdf"
    out["pdf_truncated"].write_bytes(data[: len(data) // 2])

    out["pdf_image_only"] = write_image_only_pdf(folder / "scanned.pdf")
    out["pdf_encrypted"] = write_pdf(sample, folder / "encrypted.pdf", encrypt_password="secret")
    out["pdf_garbage"] = folder / "garbage.pdf"
    out["pdf_garbage"].write_bytes(bytes(range(256)) * 8)

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "not a word document")
        zf.writestr("data/figures.csv", "a,b\n1,2\n")
    out["zip_not_docx"] = folder / "archive.docx"
    out["zip_not_docx"].write_bytes(buf.getvalue())

    good_docx = write_docx(sample, folder / "_whole.docx")
    data = good_docx.read_bytes()
    good_docx.unlink()
    out["docx_truncated"] = folder / "truncated.docx"
    out["docx_truncated"].write_bytes(data[: len(data) // 2])

    out["doc_legacy"] = folder / "report.doc"
    out["doc_legacy"].write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xff" * 512
    )

    out["html_no_text"] = folder / "empty.html"
    out["html_no_text"].write_text(empty_html_page(), encoding="utf-8")

    out["txt_binary"] = folder / "junk.txt"
    out["txt_binary"].write_bytes(bytes(range(256)) * 16)

    # Lone lead bytes and invalid trails: neither UTF-8, GB18030 nor UTF-16 text.
    out["txt_undecodable"] = folder / "mojibake.txt"
    out["txt_undecodable"].write_bytes(b"\x81\x20\xfe\x7f\xff\x30" * 50 + b"\x80\x0a" * 20)

    out["image_png"] = folder / "scan.png"
    img = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (20, 20), "white").save(img, format="PNG")
    out["image_png"].write_bytes(img.getvalue())

    out["empty"] = folder / "blank.txt"
    out["empty"].write_bytes(b"  \r\n\t\n")
    return out


def _png_bytes() -> bytes:
    from PIL import Image

    img = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(img, format="PNG")
    return img.getvalue()


def write_docx_with_picture(text: str, path: Path) -> Path:
    """A .docx whose body refers to one picture, word/media/image1.png (python-docx loads
    every part reachable from the relationships, so the picture part is really read)."""
    from docx import Document

    doc = Document()
    for para in _paragraphs(text):
        doc.add_paragraph(para)
    doc.add_picture(io.BytesIO(_png_bytes()))
    doc.save(str(path))
    return path


def _media_name(names: list[str]) -> str:
    [name] = [n for n in names if n.startswith("word/media/")]
    return name


def write_docx_bomb(text: str, path: Path, *, zeros: int) -> Path:
    """A .docx whose picture part is `zeros` zero bytes: a zip bomb of about zeros/1000
    bytes on disk. The zeros are streamed into the archive, never held in memory."""
    source = write_docx_with_picture(text, path.with_suffix(".src.docx"))
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        media = _media_name(zin.namelist())
        for info in zin.infolist():
            if info.filename != media:
                zout.writestr(info.filename, zin.read(info))
                continue
            with zout.open(media, "w", force_zip64=True) as stream:
                block = bytes(1024 * 1024)
                for _ in range(zeros // len(block)):
                    stream.write(block)
    source.unlink()
    return path


def write_lying_docx(text: str, path: Path, *, padding: int) -> Path:
    """A .docx whose word/document.xml unpacks to `padding` more bytes than its zip headers
    declare: the declared size looks harmless, the stream is not."""
    source = write_docx(text, path.with_suffix(".src.docx"), table=False)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * padding + b"</w:body>")
                declared = len(data) - padding
            zout.writestr(info.filename, data)
    source.unlink()
    raw = bytearray(path.read_bytes())
    name = b"word/document.xml"
    # Uncompressed size: offset 22 in the local header, 24 in the central directory entry.
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := raw.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if raw[name_at : name_at + len(name)] == name:
                raw[start + offset : start + offset + 4] = declared.to_bytes(4, "little")
            start += 4
    path.write_bytes(bytes(raw))
    return path
