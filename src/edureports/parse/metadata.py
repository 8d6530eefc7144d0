"""Bureau, region, document type, reporting periods, dates and index number.

read_metadata only sees the cleaned text (plus the loader's hints), because `reparse` has
nothing else: the header lines it needs (索引号, 发布日期, 时间/来源 …) survive cleaning.
Unknowns stay None: a redacted (…………), placeholder (xx区) or place-less (县教育局) bureau is
never filled in from elsewhere.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from edureports import regions
from edureports.parse.numbers import cn2an_smart
from edureports.parse.types import DocType, Part, Period, ReportMeta, Source
from edureports.parse.words import tokenizer

# Bureau names, longest first; the value is the canonical suffix (教体局 = 教育体育局).
BUREAU_SUFFIXES: dict[str, str] = {
    "教育科学技术体育局": "教育科学技术体育局",
    "教育科技体育局": "教育科技体育局",
    "教育文化体育局": "教育文化体育局",
    "教育和体育局": "教育和体育局",
    "教育体育局": "教育体育局",
    "教育科技局": "教育科技局",
    "教育委员会": "教育委员会",
    "教体局": "教育体育局",
    "教育局": "教育局",
}
_BUREAU = re.compile("|".join(BUREAU_SUFFIXES))
_PLACE_BREAK = re.compile(r"[^\u4e00-\u9fffA-Za-z*…○×]")

# A year in digits (2023) or Chinese numerals (二〇二三), 1900-2099 either way.
CN_YEAR = r"(?:一九|二[〇零])[〇零一二三四五六七八九]{2}"
_YEAR = r"((?:19|20)\d{2}|" + CN_YEAR + r")"
# The first half of a year: 上半年, 1-6月, 1至6月, 1—6月.
_HALF_1 = r"上半年|1\s*[-—~至到]\s*6\s*月"
_HALF = r"\s*年度?\s*(" + _HALF_1 + r"|下半年)?"
# A few words between a year and its role word, not running into another period or role.
_FILLER = r"(?:(?!总结|计划|打算|上半年|下半年|(?:19|20)\d{2})[^,。]){0,10}?"
# A line that is nothing but a role heading: 2023年工作总结, 存在的主要问题, 下一步工作打算.
ROLE_HEADING = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年度?)?(?:上半年|下半年)?(?:全[县区市旗])?(?:教育|教体)?(?:工作)?"
    r"(?:总结|计划|打算|思路|要点|重点工作|工作要点|工作完成情况|完成情况|工作回顾|主要工作"
    r"|存在的(?:主要)?问题|问题(?:和|与)不足|主要问题|下一步工作(?:打算|计划|思路|安排)?"
    r"|下一步打算|今后工作(?:打算|思路|计划)?|重点做好以下(?:几个方面|几项)?(?:工作)?)[:]?$"
)
_HEADER_LABEL = re.compile(
    r"^(?:索引号|信息索取号|索取号|发文字号|文号|发文时间|发文日期|成文日期|发布日期|发布时间"
    r"|生成日期|发文机关|发布机构|主题词|主题分类|标题|时间|来源|作者)"
)
_MARKER_LINE = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十]{1,3}\)|\d{1,2}[.、](?!\d)"
    r"|\(\d{1,2}\)|[①-⑳]|第[一二三四五六七八九十]{1,3}(?:部分|篇|章))"
)
_TITLE_WORDS = re.compile(r"总结|计划|讲话|发言|报告|要点|打算|思路|安排|致辞")
_SITE_TITLE = re.compile(r"范文|精选|大全|合集|模板|\d+篇|篇】|【")

# Dates: label, then y-m-d as 2023-02-01, 2023/2/1, 2023.2.1 or 2023年2月1日.
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"
_DATE_LINE = re.compile(
    r"(发文时间|发文日期|成文日期|发布日期|发布时间|生成日期|时间|日期)\s*:?\s*" + _DATE
)
# Priority of a dated header: the document's own date first, the page's generic stamp last.
_DATE_PRIORITY = {
    "发文时间": 0,
    "发文日期": 0,
    "成文日期": 0,
    "发布日期": 1,
    "发布时间": 1,
    "生成日期": 2,
    "hint": 3,
    "signature": 4,
    "日期": 5,
    "时间": 5,
}
_SIGNATURE = re.compile(
    r"^(?:\S{0,20}?)"
    + _YEAR
    + r"年(\d{1,2}|[一二三四五六七八九十]{1,3})月(\d{1,2}|[一二三四五六七八九十]{1,3})日\)?$"
)
_REPOST = re.compile(r"来源:\s*网友投稿|网友投稿|小编|范文|文库|第一范文|公文易")

_INDEX = re.compile(
    r"(?:索引号|信息索取号|索取号)\s*:?\s*([0-9A-Za-z][0-9A-Za-z/\-_.]*[0-9A-Za-z])"
)


@dataclass
class _Bureau:
    written: str
    canonical: str | None
    code: str | None
    start: int = 0  # where the name is written, in the string it was found in
    source: Source | None = None
    base: str | None = None  # canonical name without a prefecture before it


def year_of(token: str) -> int:
    """A year written in digits (2023) or Chinese numerals (二〇二三)."""
    if token.isdigit():
        return int(token)
    return int(cn2an_smart(token.replace("零", "〇")))


def _small_int(token: str) -> int:
    """A month or day in digits or Chinese numerals; 0 (no valid date) when malformed (十十)."""
    if token.isdigit():
        return int(token)
    try:
        return int(cn2an_smart(token))
    except ValueError:
        return 0


# ---------------------------------------------------------------- header and title


_MAX_HEADER_LINES = 15


def body_start(text: str) -> int:
    """Offset of the first line of the report body (after title and page header lines).

    The header is the run of leading lines that are metadata (索引号, 发布日期, 时间 …) or
    short title-like lines; the body starts at the first prose line, numbered heading or
    salutation (同志们). Sections and figures belong to the body.
    """
    offset = 0
    # maxsplit: only the first lines are read (metadata asks for this a dozen times)
    for line in text.split("\n", _MAX_HEADER_LINES)[:_MAX_HEADER_LINES]:
        if _is_header_line(line):
            offset += len(line) + 1
            continue
        break
    return min(offset, len(text))


def _is_header_line(line: str) -> bool:
    if _HEADER_LABEL.match(line):
        return True
    if _MARKER_LINE.match(line) or line.startswith("同志们"):
        return False
    if "。" in line or "," in line or ";" in line:
        return False
    if ROLE_HEADING.match(line):
        return False  # an unnumbered role heading such as 2023年工作总结
    return len(line) <= 60


def _header_lines(text: str) -> list[str]:
    return text[: body_start(text)].split("\n")


def read_title(text: str, hints: dict[str, str]) -> str | None:
    """The document's own title line; site captions (…范文, 【精选8篇】) are passed over."""
    return _title_and_source(text, hints)[0]


def _title_and_source(text: str, hints: dict[str, str]) -> tuple[str | None, Source]:
    """The title and where it was read: 'title' (the text) or 'hint' (the file container)."""
    title = _title_in_text(text)
    if title is not None:
        return title, "title"
    hint = (hints.get("title") or "").strip()
    if hint:
        parts = [p.strip() for p in re.split(r"\s*[_|]\s*|\s+[-–—]\s+", hint) if p.strip()]
        with_words = [p for p in parts if _TITLE_WORDS.search(p)]
        return (with_words or parts)[0], "hint"
    # a file named for its report (黎城县教育体育局2022年工作总结.docx), not a number or a hash
    name = re.sub(r"[_\s]+", " ", (hints.get("file_name") or "")).strip()
    if _TITLE_WORDS.search(name) and not _SITE_TITLE.search(name):
        return name, "file_name"
    others = [line for line in _header_lines(text) if line and not _HEADER_LABEL.match(line)]
    return (others[0] if others else None), "title"


def _title_in_text(text: str) -> str | None:
    lines = [line for line in _header_lines(text) if line]
    own = [
        line
        for line in lines
        if not _HEADER_LABEL.match(line)
        and _TITLE_WORDS.search(line)
        and not _SITE_TITLE.search(line)
    ]
    if own:
        return own[0]
    for line in lines:
        m = re.match(r"^标题\s*:?\s*(.+)$", line)
        if m:
            return m.group(1).strip()
    return None


# ---------------------------------------------------------------- bureau and region


def _bureaus_in(s: str, within: str | None) -> list[_Bureau]:
    """Every place+bureau name in `s`; a prefecture written before a county (怀化市鹤城区教育局)
    is kept in the written and the canonical name."""
    found = []
    for m in _BUREAU.finditer(s):
        # the words just before the suffix (a place name is at most 12 characters; a
        # prefecture before it makes 20): never the whole prefix, which made this quadratic
        run = _PLACE_BREAK.split(s[max(0, m.start() - 20) : m.start()])[-1]
        place = regions.place_at_end(run, within)
        if place is None:
            continue
        written_place, code = place
        prefix = ""
        canonical = base = None
        if code is not None:
            region = regions.by_code()[code]
            parent = regions.by_code().get(region.parent) if region.parent else None
            before = run[: len(run) - len(written_place)]
            if region.level == "county" and parent is not None and before.endswith(parent.name):
                prefix = parent.name
            base = region.name + BUREAU_SUFFIXES[m.group(0)]
            canonical = prefix + base
        written = prefix + written_place + m.group(0)
        found.append(_Bureau(written, canonical, code, m.end() - len(written), None, base))
    return found


def bureau_from_name(name: str) -> tuple[str, str | None]:
    """Canonical name and region code of a bureau a user names (`load --bureau`).

    A name that resolves (黎城县教体局) becomes canonical (黎城县教育体育局) with its county;
    anything else is kept as given, with no region.
    """
    found = _bureaus_in(name.strip(), None)
    if found and found[0].canonical:
        return found[0].canonical, found[0].code
    return name.strip(), None


# The first characters of the body: a news lead (本报讯…余庆县教育局) or the opening sentence.
_OPENING = 160
# Words a county-level report uses for itself (全县, 我区, 本旗); a prefecture-level bureau
# named in such a report is a superior, not the author.
_SELF_LEVEL = re.compile(r"[我全本该]([县区市旗])")


def read_bureau(
    text: str, title: str | None, within: str | None, title_source: Source = "title"
) -> _Bureau | None:
    """The bureau the report is from: named in the title, a header line, or the body.

    A placeholder or redacted name in the title wins over a real name in the body: the body
    may name another bureau (市教育局, a partner county), so it is read only when neither the
    title nor the header names one. In the body the bureau named most often wins, by a
    margin; named once, it must be in the opening (本报讯…记者从开阳县教育局获悉). A prefecture's
    bureau does not count in a report that speaks of 全县/我区, nor a county's in a report that
    speaks of itself at another level only. Of the names of the winner, the fullest written
    one is kept (怀化市鹤城区教育局 over 鹤城区教育局).
    """
    text = regions.without_spam(text)
    start = body_start(text)
    body = text[start:]
    every = _bureaus_in(text, within)

    def fullest(b: _Bureau, source: Source) -> _Bureau:
        same = [o for o in every if o.code == b.code and o.base == b.base]
        best = max([b, *same], key=lambda o: len(o.canonical or ""))
        return _Bureau(best.written, best.canonical, b.code, b.start, source, best.base)

    for source, part in [(title_source, title or ""), ("header", text[:start])]:
        bureaus = _bureaus_in(part, within)
        if bureaus:
            return fullest(bureaus[0], source) if bureaus[0].code else None
    levels = set(_SELF_LEVEL.findall(body))
    county_level = bool(levels & set("县区旗"))

    def may_be_author(code: str) -> bool:
        region = regions.by_code()[code]
        if region.level == "province":
            return False
        if region.level == "prefecture":
            return not county_level
        # a county's bureau in a report that speaks of itself at another level (我市 and
        # XX县教育局) is a bureau it writes about
        return not levels or _level_word(region.name) in levels

    named = [b for b in _bureaus_in(body, within) if b.code and may_be_author(b.code)]
    counts = Counter(b.code for b in named)
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[0][1] <= ranked[1][1]):
        return None
    first = next(b for b in named if b.code == ranked[0][0])
    in_opening = first.start < _OPENING
    if ranked[0][1] < 2 and not in_opening:
        return None
    return fullest(first, "opening" if in_opening else "body")


def read_region(
    text: str,
    title: str | None,
    bureau: _Bureau | None,
    title_source: Source = "title",
) -> tuple[str | None, Source | None]:
    """The most specific region that is certain (county, else prefecture, else province) and
    where it was read.

    In order: the bureau's place; a county in the title; a county the body settles (below);
    a prefecture or province in the title; the prefecture or province the wording places the
    report in. Ambiguity gives None, never a guess; spam lines are never read.
    """
    if bureau and bureau.code:
        return bureau.code, bureau.source
    text = regions.without_spam(text)
    prefecture, province = regions.context_region(text)
    within = prefecture or province
    in_title = _places_in_title(title or "", within)
    counties = {c for c in in_title if regions.by_code()[c].level == "county"}
    if len(counties) == 1:
        return counties.pop(), title_source
    county = _county_in_text(text, within)
    if county:
        return county
    for level in ("prefecture", "province"):
        codes = {c for c in in_title if regions.by_code()[c].level == level}
        if len(codes) == 1:
            code = codes.pop()
            # a prefecture or province in the title; the wording may place it more precisely
            if prefecture and prefecture.startswith(regions.prefix_of(code)):
                return prefecture, title_source
            return code, title_source
    if prefecture:
        return prefecture, "body"
    lone = _lone_prefecture(text, province)
    if lone:
        return lone, "body"
    return (province, "body") if province else (None, None)


# A two-character county name starting with a function character is often no name at all
# (…分校和县第八小学, 旅游富县): it weighs like a short name.
_WEAK_FIRST = set("和与及在的是为对从向各我本该全其每此致富")


def _doubtful_pair(text: str, start: int, written: str) -> bool:
    """A two-character name (成县, 和县) read across words: its first character ends a word
    before it (建成县域) or its 县 starts one after it (县域, 县城, 县级), by jieba's
    dictionary. Such a name weighs like a short one."""
    if len(written) != 2:
        return False
    if written[0] in _WEAK_FIRST:
        return True
    freq = tokenizer().FREQ
    before = text[start - 1 : start + 1] if start > 0 else ""
    end = start + 2
    after = text[end - 1 : end + 1] if end < len(text) else ""
    return bool(freq.get(before)) or bool(freq.get(after))


# What follows a two-character short name when it is one (黎川一中, 桃江新闻, 凤台籍).
_SHORT_NAME_USE = re.compile(
    r"[一二三四五六七八九十]中|中学|小学|实验|职校|职中|幼儿园|一小|二小|籍|新闻|要闻|县城|城区"
)


def _level_word(county_name: str) -> str:
    """The word a county-level division calls itself by (全县, 我区, 我市, 全旗)."""
    return county_name[-1] if county_name[-1] in "县区市旗" else "县"


def _county_in_text(text: str, within: str | None) -> tuple[str, Source] | None:
    """The county a report is about, from the county names its text writes.

    A name in full (桃江县) weighs 2 (1 when named once, outside the header and opening: 将会同
    县综合投资公司 is no place); a short name weighs 2 from three characters (伊金霍洛), else 1
    and only as part of a name (黎川一中, 桃江新闻) or beside the full name. A report that
    speaks of itself at another level (我市 beside 莲都区) is not about that county. The
    winner weighs at least 2 and twice any other.
    """
    start = body_start(text)
    levels = set(_SELF_LEVEL.findall(text))
    prefix = regions.prefix_of(within) if within else ""
    mentions: list[tuple[str, int, bool, str]] = []
    for m, in_full in regions.county_mentions(text):
        codes = [c for c in m.codes if c.startswith(prefix)]
        if len(codes) == 1:
            mentions.append((codes[0], m.start, in_full, m.written))
    full = Counter(
        code
        for code, position, in_full, written in mentions
        if in_full and not _doubtful_pair(text, position, written)
    )
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    for code, position, in_full, written in mentions:
        name = regions.by_code()[code].name
        if levels and _level_word(name) not in levels:
            continue
        first.setdefault(code, position)
        if in_full and full[code]:
            once_deep = full[code] == 1 and position >= start + _OPENING
            scores[code] += 1 if once_deep else 2
        elif len(written) >= 3 and not in_full:
            scores[code] += 2
        elif full[code] or _SHORT_NAME_USE.match(text, position + len(written)):
            scores[code] += 1
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
        return None
    code = ranked[0][0]
    position = first[code]
    source: Source = (
        "header" if position < start else "opening" if position < start + _OPENING else "body"
    )
    return code, source


def _lone_prefecture(text: str, province: str | None) -> str | None:
    """A report that calls itself 我市/全市 and names one prefecture only, in its header or
    opening, where a news page names its city (梧州零距离网-西江都市报讯 … 我市)."""
    if not re.search(r"[我全本]市", text):
        return None
    mentions = regions.upper_mentions(text)
    found = {c for m in mentions for c in m.codes if not c.endswith("0000")}
    if len(found) != 1:
        return None
    code = found.pop()
    if province and not code.startswith(province[:2]):
        return None
    opening_end = body_start(text) + _OPENING
    if not any(m.start < opening_end for m in mentions if code in m.codes):
        return None
    return code


def _places_in_title(title: str, within: str | None) -> list[str]:
    """Regions named in full in a title ("黎城县2022年教育工作总结"), resolved in context."""
    codes = []
    i = 0
    while i < len(title):
        for k in range(min(12, len(title) - i), 1, -1):
            name = title[i : i + k]
            if regions.candidates(name):
                code = regions.resolve(name, within)
                if code:
                    codes.append(code)
                i += k - 1
                break
        i += 1
    return codes


# ---------------------------------------------------------------- type and periods


def read_doc_type(title: str | None, text: str) -> DocType:
    """summary, plan, summary_and_plan, half_year_summary, speech or other, from the title
    (or, without one, the opening lines)."""
    head = title or ""
    if not _TITLE_WORDS.search(head):
        head = text[: body_start(text) + 300]
    opening = text[body_start(text) : body_start(text) + 40]
    if re.search(r"讲话|发言|致辞|会议上的报告", head) or opening.startswith("同志们"):
        return "speech"
    review = re.search(r"总结|工作报告|情况的?报告|述职|工作回顾|完成情况", head)
    plan = re.search(r"计划|打算|思路|要点|安排", head)
    if review and re.search(_HALF_1 + r"|半年", head[: review.start() + 1]):
        return "half_year_summary"
    if review and plan:
        return "summary_and_plan"
    if review:
        return "summary"
    if plan:
        return "plan"
    return "other"


def _part(word: str | None) -> Part:
    if word and re.fullmatch(_HALF_1, word):
        return "H1"
    return "H2" if word == "下半年" else "year"


def read_periods(
    title: str | None, text: str, doc_type: DocType
) -> tuple[Period | None, Period | None]:
    """(review, plan); see _periods."""
    review, plan, _, _ = _periods(title, text, doc_type, "title", {})
    return review, plan


def _periods(
    title: str | None,
    text: str,
    doc_type: DocType,
    title_source: Source,
    hints: dict[str, str],
) -> tuple[Period | None, Period | None, Source | None, Source | None]:
    """(review, plan, review source, plan source). A half-year report reviews H1 and plans H2
    of the same year; a speech at the Y meeting reviews Y-1 and plans Y unless it says
    otherwise; a summary with a plan plans the next year unless it names one. What the
    title's role words, a speech's opening or the headings settle is taken as said; a document
    they leave without any period, or whose title is a repost site's caption, is weighed from
    all its years (_weighed_periods)."""
    head = title or ""
    body = text[body_start(text) :]
    review: Period | None = None
    plan: Period | None = None
    review_source: Source | None = None
    plan_source: Source | None = None
    site_title = bool(_SITE_TITLE.search(head) or _REPOST.search(head))

    m = re.search(
        _YEAR + _HALF + _FILLER + r"(?:工作)?(?:总结|完成情况|回顾|情况的?报告|工作报告|述职)", head
    )
    if m:
        review, review_source = Period(year_of(m.group(1)), _part(m.group(2))), title_source
    m = re.search(
        _YEAR + _HALF + _FILLER + r"(?:工作)?(?:计划|打算|思路|要点|安排)",
        head,
    )
    if m:
        plan, plan_source = Period(year_of(m.group(1)), _part(m.group(2))), title_source
    elif review and re.search(r"下半年[^,。]{0,8}(?:计划|打算|思路|安排)", head):
        plan, plan_source = Period(review.year, "H2"), title_source
    if review is not None and review == plan and review.part == "year":
        # 2023年工作总结和2023年工作计划: a repost site's title with this year on both parts;
        # the summary's own heading or opening (一、2022年工作成效, 2022年,全县…) says which
        # year it reviews
        found = _review_from_body(body, doc_type)
        if found is not None and found[0].year < review.year:
            review, review_source = found

    if doc_type == "speech":
        before = (review, plan)
        review, plan = _speech_periods(head, body, review, plan)
        if review is not None and before[0] is None:
            review_source = "opening"
        if plan is not None and before[1] is None:
            plan_source = "opening"
    if review is None and doc_type in ("summary", "summary_and_plan", "half_year_summary"):
        found = _review_from_body(body, doc_type)
        if found:
            review, review_source = found
    if plan is None and doc_type == "plan" and _PLAN_TITLE.search(head):
        m = re.search(_YEAR + r"\s*年", head)
        if m:
            plan, plan_source = Period(year_of(m.group(1))), title_source
        else:
            m = re.search(r"^" + _YEAR + r"\s*年度?\s*(?:工作)?(?:计划|要点|思路)", body, re.M)
            if m:
                plan, plan_source = Period(year_of(m.group(1))), "heading"
    if (review is None and plan is None) or (site_title and review_source == title_source):
        weighed = _weighed_periods(text, title, title_source, doc_type, hints)
        if weighed[0] is not None or weighed[1] is not None:
            review, plan, review_source, plan_source = weighed
    if plan is None and review is not None and _has_plan_heading(body):
        plan = Period(review.year, "H2") if review.part == "H1" else Period(review.year + 1)
        plan_source = "heading"
    if plan is None and review is not None and doc_type == "summary_and_plan":
        plan = Period(review.year, "H2") if review.part == "H1" else Period(review.year + 1)
        plan_source = review_source
    return review, plan, review_source, plan_source


def _speech_periods(
    head: str, body: str, review: Period | None, plan: Period | None
) -> tuple[Period | None, Period | None]:
    opening = body[:1500]
    if review is None:
        m = re.search(
            r"(?:回顾|总结)\s*"
            + _YEAR
            + r"\s*年|"
            + _YEAR
            + r"\s*年(?:工作)?(?:回顾|总结|完成情况)",
            opening,
        )
        if m:
            review = Period(year_of(m.group(1) or m.group(2)))
    if plan is None:
        m = re.search(
            r"(?:谋划|部署|安排)(?:部署)?\s*"
            + _YEAR
            + r"\s*年|"
            + _YEAR
            + r"\s*年[^,。]{0,6}(?:重点工作|工作计划|工作思路|重点做好|工作安排)",
            body,
        )
        if m:
            plan = Period(year_of(m.group(1) or m.group(2)))
    meeting = re.search(_YEAR + r"\s*年度?[^,。]{0,12}?(?:工作)?会议", head) or re.search(
        r"召开\s*" + _YEAR + r"\s*年[^,。]{0,10}会议", opening
    )
    if meeting:
        year = year_of(meeting.group(1))
        review = review or Period(year - 1)
        plan = plan or Period(year)
    return review, plan


def _review_from_body(body: str, doc_type: DocType) -> tuple[Period, Source] | None:
    """The reviewed year from a heading (2023年工作总结, 一、2022年工作完成情况) or from the
    opening words (2019,全区… / 2023年是… / 2022年以来)."""
    m = re.search(
        r"^(?:[一二三四五六七八九十]{1,3}、)?"
        + _YEAR
        + r"\s*年度?\s*(上半年)?\s*(?:工作)?(?:总结|完成情况|回顾)",
        body,
        re.M,
    )
    if m:
        return Period(year_of(m.group(1)), _part(m.group(2))), "heading"
    for line in body.split("\n")[:3]:
        m = re.match(r"^" + _YEAR + r"(?:\s*年度?\s*(上半年)?)?\s*(?:[,:]|是|以来|来|,)", line)
        if m and _role_at(line, m.start(), m.end()) != "plan":  # 2023年,蕲春将… plans
            part: Part = "H1" if m.group(2) or doc_type == "half_year_summary" else "year"
            return Period(year_of(m.group(1)), part), "opening"
    return None


def _has_plan_heading(body: str) -> bool:
    return bool(
        re.search(
            r"^(?:[一二三四五六七八九十]{1,3}、|\(?[一二三四五六七八九十]{1,3}\))?[^。,\n]{0,12}"
            r"(?:工作计划|工作打算|下一步|工作思路|今后工作|重点工作|工作要点)[^。,\n]{0,12}$",
            body,
            re.M,
        )
    )


# ---------------------------------------------------------------- periods from weighed evidence

# Words before a year that give its role (回顾总结了2022年, 安排部署了2023年, 预估2021年) …
_PLAN_BEFORE = re.compile(r"(?:部署|谋划|安排|布局|预估|预计|计划|规划|展望|力争)了?\s*$")
_REVIEW_BEFORE = re.compile(r"(?:回顾|总结|回眸|完成|实现)了?\s*$")
# … and words after it, within its clause (2023年,蕲春将… / 2022年,蕲春投入…).
_PLAN_AFTER = re.compile(
    r"将(?![“\"《])|计划|预计|预估|力争|拟|目标(?!任务考核)|工作规划|打算|要点|思路|安排|工作会|动员会"
)
_REVIEW_AFTER = re.compile(
    r"已|完成|总结|回顾|累计|实现|取得|投入|进展|情况|汇报|考核|成效|以来|执行|决算"
)
# A year as written in prose: 2022年, 2022年度, 二〇二二年; not a date (2022年12月31日) nor one
# end of a range (2014年至2016年 counts neither).
_STATED_YEAR = re.compile(
    r"(?<![\d—\-~至到])" + _YEAR + r"\s*年(?:度)?(?!\s*\d{1,2}\s*月)(?!\s*[—\-~至到])"
)
_HALF_AFTER = re.compile(r"\s*(?:度)?\s*(?:" + _HALF_1 + r")")
_PLACEHOLDER_YEAR = re.compile(r"(?:19|20)?[*xX×Ｘ]{2}\s*年")
# 十二五 (2011-2015) …: its first year (开局之年) and its last (收官之年).
_FIVE_YEAR = re.compile(
    r"[“\"]?十([一二三四五六七八九])五[”\"]?[^,。;]{0,8}?(开局|起步|开篇|第一|收官|最后一)(?:之)?年"
)
_RELATIVE = re.compile(r"今年|去年|明年")
_BODY_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
_PAGE_DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*\d{1,2}")
_INDEX_YEAR = re.compile(r"[/\-]((?:19|20)\d{2})")

# How much one appearance weighs, by where it is.
_WEIGHT: dict[str, float] = {
    "title": 2.0,
    "hint": 1.0,
    "heading": 1.5,
    "opening": 1.5,
    "body": 1.0,
    "figures": 1.0,
    "page_date": 0.5,
    "index_number": 0.5,
}
_SITE_TITLE_WEIGHT = 0.5


@dataclass
class _Votes:
    """Weighed evidence for each (year, role): role-neutral appearances count half for each."""

    review: Counter[int]
    plan: Counter[int]
    explicit_review: Counter[int]
    explicit_plan: Counter[int]
    half: Counter[int]
    sources: dict[tuple[int, str], Counter[str]]

    def add(self, year: int, role: str | None, source: str, weight: float) -> None:
        roles = (role,) if role else ("review", "plan")
        for r in roles:
            w = weight if role else weight / 2
            (self.review if r == "review" else self.plan)[year] += w
            self.sources.setdefault((year, r), Counter())[source] += w
        if role == "review":
            self.explicit_review[year] += weight
        elif role == "plan":
            self.explicit_plan[year] += weight


_PLAN_TITLE = re.compile(r"计划|打算|思路|要点|安排")
_REVIEW_TITLE = re.compile(r"总结|完成情况|执行情况|进展|回顾|回眸|公示|公告|述职|成效|投入")


def _title_role(title: str) -> str | None:
    plan, review = bool(_PLAN_TITLE.search(title)), bool(_REVIEW_TITLE.search(title))
    if plan != review:
        return "plan" if plan else "review"
    return None


_CLAUSE_END = re.compile(r"[,。;!?\n]")


def _role_at(text: str, start: int, end: int) -> str | None:
    """The role a year plays where it is written: from the words just before it, else from
    its clause (plan words alone: plan; review words alone: review; neither or both: None)."""
    before = text[max(0, start - 8) : start]
    if _PLAN_BEFORE.search(before):
        return "plan"
    if _REVIEW_BEFORE.search(before):
        return "review"
    # its clause: up to the next punctuation (a comma right after the year is skipped:
    # 2023年,蕲春将…), so that the next year's words (…工作,安排部署了2023年) stay its own
    clause = _CLAUSE_END.split(text[end : end + 24].lstrip(",:"))[0]
    plan, review = bool(_PLAN_AFTER.search(clause)), bool(_REVIEW_AFTER.search(clause))
    if plan != review:
        return "plan" if plan else "review"
    if not plan and _HALF_AFTER.match(clause):
        return "review"  # 2017年上半年,… tells what the half year brought
    return None


def _page_date(text: str, hints: dict[str, str]) -> tuple[int, int] | None:
    """(year, month) the page is dated: a dated header, the loader's hint, else a date in the
    first or last lines (a news stamp 2019/3/7 10:08, CMS debris 2020-07-01)."""
    header = text[: body_start(text)]
    dated = sorted(_DATE_LINE.finditer(header), key=lambda m: _DATE_PRIORITY[m.group(1)])
    if dated:  # the document's own date (发文时间) before a page template's 时间
        return int(dated[0].group(2)), int(dated[0].group(3))
    hint = (hints.get("published_on") or "").strip()
    m = re.match(_DATE, hint)
    if m:
        return int(m.group(1)), int(m.group(2))
    for part in (text[: body_start(text) + 200], text[-200:]):
        m = _PAGE_DATE.search(part)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(1)), int(m.group(2))
    return None


def _weighed_periods(
    text: str,
    title: str | None,
    title_source: Source,
    doc_type: DocType,
    hints: dict[str, str],
) -> tuple[Period | None, Period | None, Source | None, Source | None]:
    """(review, plan, review source, plan source) from every year the document states.

    Each appearance of a year votes for the year in its role (see _role_at), weighed by
    where it is (_WEIGHT): the title, headings and the opening weigh most; a repost site's
    caption (范文, 精选) little; each year stated in the body once. Five-year-plan years
    (“十四五”开局之年 = 2021), 今年/去年/明年 against the page date (or the one year the text
    states), dates of events in the body and the page date itself (a report dated in the
    first half of Y reviews Y-1 or plans Y) add their votes. A placeholder year (20**年, XX年) in the title or opening
    makes the page's dates say nothing. A year wins a role with at least 0.75 votes and 1.5
    times any other year's; a year that wins both roles is reviewed when the page is dated
    after it, else keeps the role its explicit words favour (review on a tie, unless the title
    makes the document a plan).
    """
    votes = _Votes(Counter(), Counter(), Counter(), Counter(), Counter(), {})
    start = body_start(text)
    opening_end = start + _OPENING
    head = (title or "") + "\n" + text[:opening_end]
    placeholder = bool(_PLACEHOLDER_YEAR.search(head))
    stated: set[int] = set()
    if title:
        site = bool(_SITE_TITLE.search(title) or _REPOST.search(title))
        weight = _SITE_TITLE_WEIGHT if site else _WEIGHT[title_source]
        # the title's role words speak for each of its years (…1-4月进展情况, …执行情况的公告)
        title_role = _role_at(title, 0, 0) or _title_role(title)
        for m in _STATED_YEAR.finditer(title):
            year = year_of(m.group(1))
            role = _role_at(title, m.start(), m.end()) or title_role
            votes.add(year, role, title_source, weight)
            if _HALF_AFTER.match(title[m.end() :]):
                votes.half[year] += 1
    for m in _STATED_YEAR.finditer(text, start):
        year = year_of(m.group(1))
        stated.add(year)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.start())
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if m.start() < opening_end:
            source = "opening"
        elif len(line) <= 30 and (ROLE_HEADING.match(line) or _MARKER_LINE.match(line)):
            source = "heading"
        else:
            clause = re.split(r"[。;!?\n]", text[m.end() : m.end() + 40])[0]
            source = "figures" if re.search(r"\d", clause) else "body"
        votes.add(year, _role_at(text, m.start(), m.end()), source, _WEIGHT[source])
        if _HALF_AFTER.match(text[m.end() : m.end() + 12]):
            votes.half[year] += 1
    for m in _BODY_DATE.finditer(text, start):
        # a dated event (2022年9月23日对全市…进行调度) happened in the period reported on,
        # unless it is a deadline (…前建成, 将于…)
        role = _role_at(text, m.start(), m.end())
        deadline = role == "plan" or re.match(r"\s*(?:前|之前|以前|底前)", text[m.end() :])
        votes.add(int(m.group(1)), "plan" if deadline else "review", "body", 0.75)
    for m in _FIVE_YEAR.finditer(text):
        plan_number = 10 + _small_int(m.group(1))  # 十二五 is the 12th
        first_year = 2006 + 5 * (plan_number - 11)
        year = first_year + 4 if m.group(2) in ("收官", "最后一") else first_year
        votes.add(year, None, "body", 2.0)
        stated.add(year)
    page = None if placeholder else _page_date(text, hints)
    for m in _RELATIVE.finditer(text, start):
        if page is not None:
            now, source = page[0], "page_date"
        elif len(stated) == 1:
            now, source = next(iter(stated)), "body"
        else:
            continue
        word = m.group(0)
        year = now + {"今年": 0, "去年": -1, "明年": 1}[word]
        role = {"去年": "review", "明年": "plan"}.get(word) or _role_at(text, m.start(), m.end())
        votes.add(year, role, source, 1.0)
    if page is not None:
        year, month = page
        if month <= 6:
            votes.add(year - 1, "review", "page_date", _WEIGHT["page_date"] / 2)
            votes.add(year, None, "page_date", _WEIGHT["page_date"])
        else:
            votes.add(year, "review", "page_date", _WEIGHT["page_date"])
    elif not placeholder:
        index = read_index_number(text)
        m = _INDEX_YEAR.search(index or "")
        if m:
            votes.add(int(m.group(1)), None, "index_number", _WEIGHT["index_number"])

    review_year = _winner(votes.review)
    plan_year = _winner(votes.plan)
    # only a title that says so makes the document a plan (not 计划 somewhere in its opening)
    planned = doc_type == "plan" and bool(_PLAN_TITLE.search(title or ""))
    if review_year is not None and review_year == plan_year:
        # a page dated after the year cannot plan it; else the explicit words decide
        keep_plan = (page is None or page[0] <= plan_year) and (
            votes.explicit_plan[plan_year] > votes.explicit_review[review_year]
            or (planned and votes.explicit_plan[plan_year] == votes.explicit_review[review_year])
        )
        if keep_plan:
            review_year = None
        else:
            plan_year = None
    if planned and plan_year is None and review_year is not None:
        plan_year, review_year = review_year, None
    if plan_year is not None and review_year is not None and plan_year < review_year:
        plan_year = None  # a plan for a year before the reviewed one is a quotation
    review = plan = None
    review_source = plan_source = None
    if review_year is not None:
        half = votes.half[review_year] > 0 or doc_type == "half_year_summary"
        review = Period(review_year, "H1" if half else "year")
        review_source = _best_source(votes, review_year, "review")
    if plan_year is not None:
        same_half_year = review is not None and review.part == "H1" and review.year == plan_year
        plan = Period(plan_year, "H2" if same_half_year else "year")
        plan_source = _best_source(votes, plan_year, "plan")
    return review, plan, review_source, plan_source


def _winner(scores: Counter[int]) -> int | None:
    ranked = scores.most_common(2)
    if not ranked or ranked[0][1] < 0.75:  # one role-neutral year in the opening is enough
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]


def _best_source(votes: _Votes, year: int, role: str) -> Source:
    found = votes.sources.get((year, role))
    return found.most_common(1)[0][0] if found else "body"  # type: ignore[return-value]


# ---------------------------------------------------------------- dates and index number


def _reviewed_until(
    review: Period | None, plan: Period | None, doc_type: DocType | None = None
) -> date | None:
    """The earliest date a report about these periods can honestly be published on. A
    summary comes after its period; a progress report or news item (1-4月进展, 截至目前)
    may come during its year."""
    if review is not None:
        if doc_type not in (None, "summary", "summary_and_plan", "half_year_summary"):
            return date(review.year, 1, 1)
        return date(review.year, 6, 30) if review.part == "H1" else date(review.year, 12, 31)
    if plan is not None:
        return date(plan.year - 1, 1, 1) if plan.part == "year" else date(plan.year, 1, 1)
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def read_published_on(
    text: str,
    hints: dict[str, str],
    review: Period | None,
    plan: Period | None,
    doc_type: DocType | None = None,
) -> date | None:
    """The publication date, from the most specific dated header that does not contradict
    the text.

    Order: 发文时间/发文日期/成文日期, then 发布日期, 生成日期, the loader's
    hints["published_on"], the document's own date (closing the text, or in parentheses under
    a speech's title), then a bare 时间/日期 stamp.

    Ignored:
    - a date before the end of the reviewed period (a 2022 summary stamped 2017-08-20: the
      page template's date, not the report's);
    - on a repost site (来源:网友投稿, 小编/范文 pages) the bare 时间 stamp and the hint: they
      say when someone uploaded a copy, not when the bureau published it, and keeping them
      would make views prefer a repost as the "latest published" report. Such a report gets
      no published date (None) unless it carries a 发文/发布 header of its own.
    """
    header = text[: body_start(text)]
    repost = bool(_REPOST.search(header) or _REPOST.search(hints.get("source", "")))
    found: list[tuple[int, date]] = []
    for m in _DATE_LINE.finditer(header):
        d = _safe_date(int(m.group(2)), int(m.group(3)), int(m.group(4)))
        if d:
            found.append((_DATE_PRIORITY[m.group(1)], d))
    hint = hints.get("published_on")
    if hint:
        m = re.match(_DATE, hint.strip())
        d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
        if d:
            found.append((_DATE_PRIORITY["hint"], d))
    # the date closing the text, or a speech's "(2024年2月20日)" under its title
    for line in [*text.rstrip().split("\n")[-3:], *header.split("\n")]:
        m = _SIGNATURE.match(line.strip())
        if m:
            d = _safe_date(year_of(m.group(1)), _small_int(m.group(2)), _small_int(m.group(3)))
            if d:
                found.append((_DATE_PRIORITY["signature"], d))
    earliest = _reviewed_until(review, plan, doc_type)
    for priority, d in sorted(found, key=lambda pd: pd[0]):
        if repost and priority in (_DATE_PRIORITY["hint"], _DATE_PRIORITY["时间"]):
            continue
        if earliest is not None and d < earliest:
            continue
        return d
    return None


def read_index_number(text: str) -> str | None:
    """索引号 / 信息索取号 of an open-government page."""
    m = _INDEX.search(text[: body_start(text) + 200])
    return m.group(1) if m else None


# ---------------------------------------------------------------- entry point


def read_metadata(text: str, hints: dict[str, str] | None = None) -> ReportMeta:
    """Read what the report says about itself; leave unknowns as None, never guess. Each
    field says where it was decided (ReportMeta.*_source, vocabulary in types.SOURCES)."""
    hints = hints or {}
    title, title_source = _title_and_source(text, hints)
    prefecture, province = regions.context_region(text)
    bureau = read_bureau(text, title, prefecture or province, title_source)
    region_code, region_source = read_region(text, title, bureau, title_source)
    doc_type = read_doc_type(title, text)
    review, plan, review_source, plan_source = _periods(title, text, doc_type, title_source, hints)
    named = bureau is not None and bureau.canonical is not None
    return ReportMeta(
        title=title,
        doc_type=doc_type,
        bureau_name=bureau.canonical if named else None,
        bureau_written=bureau.written if named else None,
        region_code=region_code,
        published_on=read_published_on(text, hints, review, plan, doc_type),
        index_number=read_index_number(text),
        review=review,
        plan=plan,
        bureau_source=bureau.source if named else None,
        region_source=region_source if region_code else None,
        review_source=review_source if review else None,
        plan_source=plan_source if plan else None,
    )
