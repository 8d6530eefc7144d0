"""Format loaders: the same report comes back as the same lines from txt, html, docx and pdf.

Files are built at test time by tests/fixtures_formats.py from the bundled samples.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from edureports.loaders import LoadError, RawDocument, read_document
from edureports.loaders.base import clean_title, sniff_format
from edureports.loaders.docx import format_number
from edureports.loaders.html import declared_charset, parse_date

from tests.conftest import sample_paths
from tests.fixtures_formats import (
    BROKEN_REASONS,
    HTML_DEBRIS,
    HTML_META,
    docx_table_rows,
    html_page,
    write_all_formats,
    write_broken_files,
    write_docx,
    write_pdf,
)

SAMPLES = sample_paths()
# Characters the fixture's PDF font (reportlab's built-in STSong-Light) cannot draw.
PDF_FONT_GAPS = "•·"
# Key sentences (and figures) of each sample that every format must carry intact.
KEY_SENTENCES = {
    "000": ["一、2022年工作完成情况", "全年选定议题40余个,组织学习40余次,结集学习资料100余篇。"],
    "001": ["一、回顾2022年工作", "新增发展党员3名,培养入党积极分子19名。"],
    "002": ["一、上半年工作完成情况", "组织专题学习xx场次,专题研讨x次"],
    "003": ["一、坚持全面从严治党,党的建设得到新提升", "2019,全区教育和体育系统"],
    "004": ["一、党建引领开创新局面", "共表彰85名先进个人,12个先进党组织"],
}


def norm_lines(text: str, drop: str = "") -> list[str]:
    """Non-empty lines with all whitespace removed (extractors differ in spaces, not words)."""
    out = []
    for line in text.splitlines():
        line = re.sub(r"\s+", "", line)
        if drop:
            line = line.translate({ord(c): None for c in drop})
        if line:
            out.append(line)
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every sample in every format, built once for the module."""
    folder = tmp_path_factory.mktemp("formats")
    return {
        p.stem[:3]: write_all_formats(p.read_text("utf-8"), folder, p.stem, docx_table=True)
        for p in SAMPLES
    }


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_broken_files(tmp_path_factory.mktemp("broken"))


def sample_text(key: str) -> str:
    return next(p for p in SAMPLES if p.stem.startswith(key)).read_text("utf-8")


def test_default_files_hold_exactly_the_text(tmp_path: Path) -> None:
    # What end-to-end tests use: no extra table, so every format has the same figures.
    text = sample_text("004")
    files = write_all_formats(text, tmp_path, "s")
    assert set(files) == {
        "txt", "txt_gbk", "txt_utf16", "html", "html_gbk", "docx", "docx_numbered", "pdf"
    }  # fmt: skip
    for fmt, path in files.items():
        drop = PDF_FONT_GAPS if fmt == "pdf" else ""
        assert norm_lines(read_document(path).text) == norm_lines(text, drop=drop), fmt


def test_samples_present() -> None:
    assert len(SAMPLES) == 5
    assert {p.stem[:3] for p in SAMPLES} == set(KEY_SENTENCES)


# ---------------------------------------------------------------- same lines in every format


@pytest.mark.parametrize("key", sorted(KEY_SENTENCES))
@pytest.mark.parametrize("fmt", ["txt", "txt_gbk", "txt_utf16", "html", "html_gbk"])
def test_text_formats_give_the_sample_lines_exactly(
    built: dict[str, dict[str, Path]], key: str, fmt: str
) -> None:
    doc = read_document(built[key][fmt])
    assert norm_lines(doc.text) == norm_lines(sample_text(key))


@pytest.mark.parametrize("key", sorted(KEY_SENTENCES))
@pytest.mark.parametrize("fmt", ["docx", "docx_numbered"])
def test_docx_gives_the_sample_lines_plus_its_table(
    built: dict[str, dict[str, Path]], key: str, fmt: str
) -> None:
    doc = read_document(built[key][fmt])
    lines = norm_lines(doc.text)
    rows = ["".join(row) for row in docx_table_rows()]
    start = lines.index(rows[0])
    assert lines[start : start + len(rows)] == rows  # the table, row by row, in place
    assert lines[:start] + lines[start + len(rows) :] == norm_lines(sample_text(key))


@pytest.mark.parametrize("key", sorted(KEY_SENTENCES))
def test_pdf_gives_the_sample_lines_with_wrapped_lines_joined(
    built: dict[str, dict[str, Path]], key: str
) -> None:
    doc = read_document(built[key]["pdf"])
    assert norm_lines(doc.text) == norm_lines(sample_text(key), drop=PDF_FONT_GAPS)
    assert doc.hints["title"]  # from the Info dictionary
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc.hints["created_on"])
    assert not re.search(r"^\W*\d+\W*$", doc.text, re.M), "page folios must be dropped"


@pytest.mark.parametrize("key", sorted(KEY_SENTENCES))
@pytest.mark.parametrize(
    "fmt", ["txt", "txt_gbk", "txt_utf16", "html", "html_gbk", "docx", "docx_numbered", "pdf"]
)
def test_key_sentences_and_headings_on_their_own_lines(
    built: dict[str, dict[str, Path]], key: str, fmt: str
) -> None:
    doc = read_document(built[key][fmt])
    assert isinstance(doc, RawDocument)
    heading, sentence = KEY_SENTENCES[key]
    lines = [line.strip() for line in doc.text.splitlines()]
    assert heading in lines, f"{heading!r} must be a line of its own"
    assert sentence in doc.text
    assert doc.source_name == built[key][fmt].name
    assert doc.format == fmt.split("_")[0]


# ---------------------------------------------------------------- per format


def test_txt_encodings_detected(built: dict[str, dict[str, Path]]) -> None:
    files = built["000"]
    assert read_document(files["txt"]).encoding == "utf-8"
    assert read_document(files["txt_gbk"]).encoding == "gb18030"
    utf16 = read_document(files["txt_utf16"])
    assert utf16.encoding == "utf-16-le"
    assert not utf16.low_confidence


def test_txt_gbk_only_characters_decode(tmp_path: Path) -> None:
    # 镕 and 喆 are in GBK but not GB2312: a gb2312 decode would fail on them.
    text = "一、工作情况\n朱镕基同志视察学校,张喆老师获奖,投入资金128万元。\n"
    path = tmp_path / "gbk.txt"
    path.write_bytes(text.encode("gbk"))
    doc = read_document(path)
    assert doc.text == text
    assert doc.encoding == "gb18030"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-16", "utf-8-sig"])
def test_txt_unicode_variants(tmp_path: Path, codec: str) -> None:
    text = "县教育局2023年工作总结\n一、基本情况\n全县学前三年毛入园率达到93.5%。\n"
    path = tmp_path / "u.txt"
    path.write_bytes(text.encode(codec))
    assert read_document(path).text.lstrip("\ufeff") == text


def test_txt_pure_ascii_stays_utf8(tmp_path: Path) -> None:
    # Even-length ASCII can decode as UTF-16 "CJK": it must not be taken for it.
    path = tmp_path / "a.txt"
    path.write_bytes(b"School enrolment rose to 98.5 percent in 2023.\n")
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert doc.text.startswith("School")


def test_html_hints(built: dict[str, dict[str, Path]]) -> None:
    for fmt in ("html", "html_gbk"):
        doc = read_document(built["001"][fmt])
        assert doc.hints == {
            "title": "2023年度教育局教育局工作会议上讲话",
            "published_on": HTML_META["published_on"],
            "source": HTML_META["source"],
            "site_name": HTML_META["site_name"],
        }
    assert read_document(built["001"]["html_gbk"]).encoding == "gb18030"


@pytest.mark.parametrize("key", sorted(KEY_SENTENCES))
def test_html_template_debris_removed(built: dict[str, dict[str, Path]], key: str) -> None:
    text = read_document(built[key]["html"]).text
    original = sample_text(key)
    template = (*HTML_DEBRIS, "优化营商环境专栏", "上一篇", "下一篇", "无障碍浏览", "承办单位")
    for debris in template:
        if debris not in original:  # some samples carry their own copied page debris
            assert debris not in text, debris


def test_html_title_without_article_title_meta(tmp_path: Path) -> None:
    page = html_page(sample_text("003")).replace('<meta name="ArticleTitle"', '<meta name="x"')
    path = tmp_path / "p.html"
    path.write_text(page, encoding="utf-8")
    # <title> is "标题_站名": the site name suffix is cut off.
    assert read_document(path).hints["title"] == "张店区教育和体育局2019年工作总结"


def test_html_declared_charset_beats_guessing(tmp_path: Path) -> None:
    page = html_page(sample_text("000"), charset="gbk")
    path = tmp_path / "p.htm"
    path.write_bytes(page.encode("gb18030"))
    doc = read_document(path)
    assert doc.encoding == "gb18030"
    assert "黎城县教育体育局" in doc.text


def test_html_wrong_declaration_falls_back_to_bytes(tmp_path: Path) -> None:
    page = html_page(sample_text("000"), charset="gb2312")
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("utf-8"))  # declares gb2312, is UTF-8 (invalid GB18030 here)
    doc = read_document(path)
    assert "黎城县教育体育局" in doc.text
    assert doc.encoding == "utf-8"


def test_html_short_utf8_page_with_gb2312_meta(tmp_path: Path) -> None:
    # Short UTF-8 Chinese often passes a strict GB18030 decode as mojibake.
    long_line = "建立教师绩效工资增量机制严格控制在省规定比例之内管好用好张店教育微信公众"
    text = f"两门课程被确定为市级精品\n{long_line}\n"
    assert text.encode("utf-8").decode("gb18030") != text  # the trap is real: no error
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "</head><body><div id=zoom><p>两门课程被确定为市级精品</p>"
        f"<p>{long_line}</p></div></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_bytes(page.encode("utf-8"))
    doc = read_document(path)
    assert doc.encoding == "utf-8"
    assert norm_lines(doc.text) == norm_lines(text)


def test_html_in_a_txt_file_and_data_tables(tmp_path: Path) -> None:
    para = "<p>全县学前三年毛入园率达到93.5%,义务教育巩固率99.1%,全年投入资金1280万元。</p>"
    table = (
        "<table><tr><td><p>指标</p></td><td><p>2022年</p></td></tr>"
        "<tr><td><p>毛入园率</p></td><td><p>93.5%</p></td></tr></table>"
    )
    page = f"<html><body><div id=zoom>{para * 6}{table}{para * 6}</div></body></html>"
    path = tmp_path / "saved-page.txt"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "html"
    lines = norm_lines(doc.text)
    assert "指标2022年" in lines
    assert "毛入园率93.5%" in lines


def test_html_layout_table_not_duplicated(tmp_path: Path) -> None:
    inner = "".join(
        f"<div>({n})第{n}项工作</div><div>全县投入资金{n}28万元新建校舍,改善办学条件,提升质量。</div>"
        for n in range(1, 9)
    )
    page = (
        "<html><body><table><tr><td class=left><a href=/>首页</a><a href=/a>政务公开</a></td>"
        f"<td><div class=content>{inner}</div></td></tr></table></body></html>"
    )
    path = tmp_path / "old.html"
    path.write_text(page, encoding="utf-8")
    text = read_document(path).text
    assert text.count("全县投入资金128万元") == 1
    assert "(1)第1项工作" in text.splitlines()
    assert "首页" not in text


def test_html_short_page_keeps_figures_inline_and_blocks_apart(tmp_path: Path) -> None:
    # Short pages make trafilatura fall back to a baseline that splits <span>93.5%</span>
    # onto its own line; the loader reads such pages block by block instead.
    page = (
        "<html><body><div class=nav><a href=/>首页</a></div><div id=zoom>"
        "<p>一、工作完成情况</p>"
        "<p>全县学前三年毛入园率达到<span>93.5%</span>,义务教育巩固率99.1%。</p>"
        "<p><span>投入资金1280万元</span>新建校舍,<b>改善</b>办学条件。</p>"
        "<div>(一)抓基础<br>全县新增学位<span>1200</span>个。</div>"
        "</div><div class=footer>版权所有</div></body></html>"
    )
    path = tmp_path / "short.html"
    path.write_text(page, encoding="utf-8")
    assert read_document(path).text.splitlines() == [
        "一、工作完成情况",
        "全县学前三年毛入园率达到93.5%,义务教育巩固率99.1%。",
        "投入资金1280万元新建校舍,改善办学条件。",
        "(一)抓基础",
        "全县新增学位1200个。",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-02-01 09:30", "2023-02-01"),
        ("2023/2/1", "2023-02-01"),
        ("2023年2月1日", "2023-02-01"),
        ("2023-02-30", None),
        ("昨天", None),
    ],
)
def test_parse_date(value: str, expected: str | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<meta charset="gb2312">', "gb18030"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gb18030"),
        (b"<meta charset=utf-8>", "utf-8"),
        (b'<?xml version="1.0" encoding="GB2312"?><html>', "gb18030"),
        (b"<html><head></head>", None),
    ],
)
def test_declared_charset(head: bytes, expected: str | None) -> None:
    assert declared_charset(head) == expected


def test_docx_hints_and_table_order(tmp_path: Path) -> None:
    text = "一、基本情况\n全县投入资金128万元。\n二、下一步计划\n"
    path = write_docx(text, tmp_path / "r.docx", title="一、基本情况")
    doc = read_document(path)
    assert doc.format == "docx"
    assert doc.hints == {
        "title": "一、基本情况",
        "created_on": "2023-01-30",
        "modified_on": "2023-02-01",
    }
    lines = doc.text.splitlines()
    assert lines[0] == "一、基本情况"
    assert lines[1] == "指标\t2021年\t2022年"  # table cells joined by a tab
    assert lines[-1] == "二、下一步计划"


def test_docx_numbered_fixture_really_uses_word_numbering(
    built: dict[str, dict[str, Path]],
) -> None:
    with zipfile.ZipFile(built["003"]["docx_numbered"]) as zf:
        assert zf.read("word/document.xml").decode("utf-8").count("<w:numPr>") >= 20
    with zipfile.ZipFile(built["000"]["docx_numbered"]) as zf:
        body = zf.read("word/document.xml").decode("utf-8")
    assert "一、2022年工作完成情况" not in body  # the number is not typed...
    assert "2022年工作完成情况" in body
    lines = read_document(built["000"]["docx_numbered"]).text.splitlines()
    assert "一、2022年工作完成情况" in lines  # ...but rendered by the loader


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCounting", "二十"),
        (105, "chineseCountingThousand", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (2, "decimalEnclosedCircle", "②"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimal", "7"),
    ],
)
def test_word_number_formats(n: int, fmt: str, expected: str) -> None:
    assert format_number(n, fmt) == expected


MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def test_docx_text_boxes_once_and_revisions(tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    doc = Document()
    para = doc.add_paragraph("正文第一段。")
    box = "<w:txbxContent><w:p><w:r><w:t>县教育局2023年工作总结</w:t></w:r></w:p></w:txbxContent>"
    run = parse_xml(
        f'<w:r {nsdecls("w")} xmlns:mc="{MC}"><mc:AlternateContent>'
        f'<mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f"<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    para._p.append(run)
    para._p.append(
        parse_xml(f"<w:del {nsdecls('w')}><w:r><w:delText>删掉的字</w:delText></w:r></w:del>")
    )
    para._p.append(parse_xml(f"<w:ins {nsdecls('w')}><w:r><w:t>新加的字</w:t></w:r></w:ins>"))
    path = tmp_path / "box.docx"
    doc.save(str(path))
    assert read_document(path).text.splitlines() == [
        "县教育局2023年工作总结",
        "正文第一段。新加的字",
    ]


def test_docx_merged_cells_once(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("学校建设情况")
    table = doc.add_table(rows=2, cols=3)
    a = table.cell(0, 0).merge(table.cell(0, 1))
    a.text = "新建校舍"
    table.cell(0, 2).text = "1280万元"
    table.cell(1, 0).text = "改扩建"
    table.cell(1, 1).text = "3所"
    table.cell(1, 2).text = "560万元"
    path = tmp_path / "m.docx"
    doc.save(str(path))
    lines = read_document(path).text.splitlines()
    assert lines[1] == "新建校舍\t1280万元"
    assert lines[2] == "改扩建\t3所\t560万元"


def test_pdf_lines_joined_but_headings_kept(tmp_path: Path) -> None:
    body = "全县教育系统坚持立德树人根本任务,全面推进学校建设和教师队伍建设" * 4
    text = f"一、工作完成情况\n{body}投入资金1280万元。\n(一)抓基础\n{body}\n二、下一步计划\n"
    doc = read_document(write_pdf(text, tmp_path / "r.pdf"))
    assert norm_lines(doc.text) == norm_lines(text)
    assert "1280万元" in doc.text


# ---------------------------------------------------------------- broken files


@pytest.mark.parametrize("name", sorted(BROKEN_REASONS))
def test_broken_file_gives_one_clear_line(broken: dict[str, Path], name: str) -> None:
    path = broken[name]
    with pytest.raises(LoadError) as info:
        read_document(path)
    message = str(info.value)
    assert message.startswith(f"{path.name}: ")
    assert BROKEN_REASONS[name] in message
    assert "\n" not in message
    assert "Traceback" not in message
    assert len(message) < 200


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Microsoft Word - 2022年工作总结.docx", "2022年工作总结"),
        ("  县教育局\n工作计划 ", "县教育局 工作计划"),
        ("Word Document", None),
        ("无标题", None),
        ("", None),
        (None, None),
    ],
)
def test_clean_title(value: str | None, expected: str | None) -> None:
    assert clean_title(value) == expected


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(LoadError, match="not a regular file"):
        read_document(tmp_path)


def test_pdf_named_file_that_is_text_loads_as_text(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_text("一、工作情况\n投入资金128万元。\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.format == "txt"
    assert "128万元" in doc.text


def test_pdf_damaged_after_header(tmp_path: Path) -> None:
    path = tmp_path / "d.pdf"
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n%%EOF\n")
    with pytest.raises(LoadError, match="not a valid PDF"):
        read_document(path)


@pytest.mark.parametrize(
    ("member", "what"),
    [("xl/workbook.xml", "Excel"), ("OFD.xml", "OFD"), ("ppt/presentation.xml", "PowerPoint")],
)
def test_other_zip_formats_named(tmp_path: Path, member: str, what: str) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(member, "<x/>")
    path = tmp_path / "f.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match=f"not a valid .docx file: it is an? {what}"):
        read_document(path)


def test_docx_with_broken_xml(tmp_path: Path) -> None:
    good = write_docx("一、基本情况\n", tmp_path / "g.docx")
    buf = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(buf, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                data = data[: len(data) // 2]
            dst.writestr(item, data)
    path = tmp_path / "b.docx"
    path.write_bytes(buf.getvalue())
    with pytest.raises(LoadError, match=r"not a valid \.docx file"):
        read_document(path)


@pytest.mark.parametrize(
    ("head", "name", "expected"),
    [
        (b"%PDF-1.7\n", "a.txt", "pdf"),
        (b"PK\x03\x04", "a.bin", "docx"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "a.txt", "html"),
        (b"<!-- saved from url --><html>", "a", "html"),
        ("<html><body>".encode("utf-16"), "a.txt", "html"),
        ("一、工作".encode(), "a.html", "html"),
        ("一、工作".encode(), "a.pdf", "txt"),
        ("一、工作".encode(), "a", "txt"),
    ],
)
def test_sniff_format(head: bytes, name: str, expected: str) -> None:
    assert sniff_format(Path(name), head) == expected


@pytest.mark.parametrize(
    ("head", "name", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a.doc", "legacy .doc not supported"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "a.wps", "legacy .doc not supported"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.jpg", "image file; OCR it first"),
        (b"GIF89a", "a.txt", "image file; OCR it first"),
        (b"II*\x00", "a.tif", "image file; OCR it first"),
        (b"{\\rtf1\\ansi", "a.doc", "RTF not supported"),
        (b"Rar!\x1a\x07\x00", "a.rar", "unpack it first"),
    ],
)
def test_sniff_refuses_unsupported(head: bytes, name: str, reason: str) -> None:
    with pytest.raises(LoadError, match=re.escape(reason)):
        sniff_format(Path(name), head)
