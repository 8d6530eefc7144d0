"""parse(RawDocument) -> ParsedReport: the one entry point of the parser."""

from __future__ import annotations

import re
from pathlib import PurePath

from edureports.loaders.base import RawDocument
from edureports.parse.clean import clean_text
from edureports.parse.figures import extract_figures
from edureports.parse.metadata import bureau_from_name, read_metadata
from edureports.parse.script import simplified_copy
from edureports.parse.sections import build_sections
from edureports.parse.types import Figure, ParsedReport, Period, Section

# Bump when parsing changes what is stored; `edureports reparse` records it per report.
PARSER_VERSION = "0.3.1"

_MIN_CJK = 100
_REPORT_WORDS = ("教育", "学校", "教师", "学生", "幼儿园", "小学", "中学", "体育")
# The 600 most frequent characters of Chinese (by the word frequencies of jieba's dictionary)
# make up 50-90% of the characters of real reports, 繁體 mirrors included, and ~3% of random
# or mis-decoded CJK text (UTF-8 read as GB18030, GBK read as Big5), whose characters spread
# over the whole 20,000-character block.
_COMMON_CHARS = (
    "一是人了不在有大中国和为这上他个地年来我会以到时要出的生学说道民家子也成行下们于后就发自之对得主长可过天作分方用多你着部"
    "能市等业全里工公经本都而高政法面门动日进区事代那去心小同北定开产前其军还然起种所如现理机体表力好外与文当两实重新三么只山"
    "水关明从化平建又制南内西没此将员名手最东头者月间无安看见各城十相但已些正口通想度加第她合院物性战由位常点海意场武使次二向"
    "治因立数样身情入原问把路被并利石老教万知级量任江及应省资委务元美特期世湖回系比气汉总展电科金先声提品设或义王社很统处四首"
    "共马形己儿司太目基领队直计别女权话少流命至报米给打变果书清活几州华解议更称程今决张导术府才保交放管结师便走达族反再题色五"
    "京河接条规式县白它改风光运信受什组听布百济党指论强做取技黄神选记斯真却职号界件花类何眼兵传带空干农边据集联古广完质阳难增"
    "历史专官每住商即步认车台林必死游举线言皇土团收考求德叫近备研争非具李众连调感转笑革该持始英克士尔让拉思根格造较际亲单朝红"
    "型价校约器字段周亚深候则功属积快图火千准究往极育装许参半令吃观鱼精办像帝八复影告远群包整构料随划算象容示投势热值夫网望源"
    "息语股铁断派速怎需片爱律纪支早况病境证编越局推满且列觉服双未居除乐企引标确织初青志率项飞球节察龙响药站施均消客失轻存低甚"
    "般击曾防请离落显罗营足素视护副食创余照兴占巴虽洲村费易试星木黑左宝置跟央识维采六底宫房音环案批切斗富乡另倒若按查故突责严"
)
_MIN_COMMON_SHARE = 0.2
_MIN_SENTENCES = 3
_SENTENCE_END = re.compile(r"[。;!?]")
# A line of clauses (two commas) counts as a sentence too: news items cut mid-paragraph
# have few full stops, link titles have no commas.
_CLAUSES_LINE = re.compile(r"^[^\n,]*,[^\n,]*,[^\n]*$", re.MULTILINE)
# An outline (a table of contents of a 工作总结) has no sentences but numbered headings:
# 一、… (一)… 1.… ; a page of links has titles without them.
_OUTLINE_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|\([一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d)|\(\d{1,2}\))"
    r"[^\n]{2,40}$",
    re.MULTILINE,
)
_MIN_OUTLINE_HEADINGS = 5


class NotAReportError(ValueError):
    """The text holds no education report (too short, or about something else)."""


# runs of a class, opening with one class (not a repeat) so that the regex engine skips
# ahead to them
_CJK_RUN = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff]*")
_COMMON_RUN = re.compile(f"[{_COMMON_CHARS}][{_COMMON_CHARS}]*")


def _count(run: re.Pattern[str], text: str) -> int:
    """How many characters of the text are of a class: the lengths of its runs summed
    (a match per character, or a substitution, costs several times more)."""
    return sum(map(len, run.findall(text)))


def check_report_text(cleaned: str) -> None:
    """Raise NotAReportError unless the cleaned (simplified) text reads like a report about
    education: prose, a short news item or an outline of headings all pass; binary junk,
    mis-decoded text, pages of links and text about something else do not."""
    cjk = _count(_CJK_RUN, cleaned)
    if cjk < _MIN_CJK:
        raise NotAReportError("no report text: fewer than 100 Chinese characters")
    if _count(_COMMON_RUN, cleaned) < _MIN_COMMON_SHARE * cjk:
        raise NotAReportError("no report text: the characters do not read as Chinese prose")
    sentences = len(_SENTENCE_END.findall(cleaned)) + len(_CLAUSES_LINE.findall(cleaned))
    if (
        sentences < _MIN_SENTENCES
        and len(_OUTLINE_HEADING.findall(cleaned)) < _MIN_OUTLINE_HEADINGS
    ):
        raise NotAReportError("no report text: no sentences, only headings or links")
    if not any(word in cleaned for word in _REPORT_WORDS):
        raise NotAReportError("no report text: nothing about education")


def parse_text(
    text: str,
    hints: dict[str, str] | None = None,
    *,
    bureau: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Parse raw report text; `bureau` and `year` override detection."""
    return parse_cleaned(clean_text(text), hints, bureau=bureau, year=year)


def parse_cleaned(
    cleaned: str,
    hints: dict[str, str] | None = None,
    *,
    bureau: str | None = None,
    year: int | None = None,
) -> ParsedReport:
    """Parse text already through clean_text (the text a report stores): a loader that
    looks up the cleaned text before parsing it does not clean it twice."""
    # 繁體 text is read from a simplified copy of the same length: spans are shared
    reading = simplified_copy(cleaned)
    check_report_text(reading)
    meta = read_metadata(reading, hints or {})
    if bureau:
        meta.bureau_name, code = bureau_from_name(bureau)
        meta.bureau_written = bureau
        meta.region_code = code or meta.region_code
    if year is not None:
        meta.review = Period(year, meta.review.part if meta.review else "year")
        if meta.plan is not None:
            meta.plan = Period(year + 1 if meta.plan.part == "year" else year, meta.plan.part)
    sections = build_sections(reading, meta)
    figures = extract_figures(reading, sections, meta)
    if reading is not cleaned:
        _point_at_stored_text(cleaned, reading, sections, figures)
    return ParsedReport(text=cleaned, meta=meta, sections=sections, figures=figures)


def _point_at_stored_text(
    stored: str, reading: str, sections: list[Section], figures: list[Figure]
) -> None:
    """Replace the simplified strings of headings, figures and clauses by the characters of
    the stored text at the same spans (the reading copy is aligned character by character)."""
    for sec in sections:
        start = sec.heading_end - len(sec.heading)
        sec.heading = stored[start : sec.heading_end]
    for fig in figures:
        fig.raw = stored[fig.start : fig.end]
        if fig.clause:
            size = len(fig.clause)
            at = reading.find(fig.clause, max(0, fig.end - size), fig.start + size)
            if at >= 0:
                fig.clause = stored[at : at + size]


def with_file_name(hints: dict[str, str], source_name: str) -> dict[str, str]:
    """The hints with the file's own name (its stem), which may name the report when its
    text has no title."""
    stem = PurePath(source_name.replace("\\", "/")).stem if source_name else ""
    return {**hints, "file_name": stem} if stem and "file_name" not in hints else hints


def parse(
    doc: RawDocument,
    *,
    bureau: str | None = None,
    year: int | None = None,
    cleaned: str | None = None,
) -> ParsedReport:
    """Parse a document read by a loader; `cleaned` is clean_text(doc.text) if known."""
    hints = with_file_name(doc.hints or {}, doc.source_name)
    if cleaned is None:
        cleaned = clean_text(doc.text)
    report = parse_cleaned(cleaned, hints, bureau=bureau, year=year)
    report.source_name = doc.source_name
    report.format = doc.format
    report.encoding = doc.encoding
    return report
