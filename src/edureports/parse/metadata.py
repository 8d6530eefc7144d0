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

import cn2an

from edureports import regions
from edureports.parse.types import DocType, Part, Period, ReportMeta

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


def year_of(token: str) -> int:
    """A year written in digits (2023) or Chinese numerals (二〇二三)."""
    if token.isdigit():
        return int(token)
    return int(cn2an.cn2an(token.replace("零", "〇"), "smart"))


def _small_int(token: str) -> int:
    """A month or day in digits or Chinese numerals; 0 (no valid date) when malformed (十十)."""
    if token.isdigit():
        return int(token)
    try:
        return int(cn2an.cn2an(token, "smart"))
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
    for line in text.split("\n")[:_MAX_HEADER_LINES]:
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
    hint = (hints.get("title") or "").strip()
    if hint:
        parts = [p.strip() for p in re.split(r"\s*[_|]\s*|\s+[-–—]\s+", hint) if p.strip()]
        with_words = [p for p in parts if _TITLE_WORDS.search(p)]
        return (with_words or parts)[0]
    others = [line for line in lines if not _HEADER_LABEL.match(line)]
    return others[0] if others else None


# ---------------------------------------------------------------- bureau and region


def _bureaus_in(s: str, within: str | None) -> list[_Bureau]:
    found = []
    for m in _BUREAU.finditer(s):
        run = re.split(r"[^\u4e00-\u9fffA-Za-z*…○×]", s[: m.start()])[-1]
        place = regions.place_at_end(run, within)
        if place is None:
            continue
        written_place, code = place
        written = written_place + m.group(0)
        canonical = None
        if code is not None:
            canonical = regions.by_code()[code].name + BUREAU_SUFFIXES[m.group(0)]
        found.append(_Bureau(written, canonical, code))
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


def read_bureau(text: str, title: str | None, within: str | None) -> _Bureau | None:
    """The bureau the report is from: named in the title, the header, or (a county) the body.

    A placeholder or redacted name in the title wins over a real name in the body: the body
    may name another bureau (市教育局, a partner county), so it is read only when neither the
    title nor the header names one, and then only a county bureau named at least twice.
    """
    for source in [title or "", *_header_lines(text)]:
        bureaus = _bureaus_in(source, within)
        if bureaus:
            return bureaus[0] if bureaus[0].code else None
    body = text[body_start(text) :]
    counts = Counter(
        (b.written, b.canonical, b.code)
        for b in _bureaus_in(body, within)
        if b.code and regions.by_code()[b.code].level == "county"
    )
    ranked = counts.most_common(2)
    if ranked and ranked[0][1] >= 2 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
        return _Bureau(*ranked[0][0])
    return None


def read_region(text: str, title: str | None, bureau: _Bureau | None) -> str | None:
    """The most specific region that is certain: county, else prefecture, else province."""
    prefecture, province = regions.context_region(text)
    if bureau and bureau.code:
        return bureau.code
    within = prefecture or province
    in_title = _places_in_title(title or "", within)
    for level in ("county", "prefecture", "province"):
        codes = {c for c in in_title if regions.by_code()[c].level == level}
        if len(codes) == 1:
            code = codes.pop()
            if level == "county":
                return code
            # a prefecture or province in the title; the wording may place it more precisely
            if prefecture and prefecture.startswith(regions.prefix_of(code)):
                return prefecture
            return code
    return prefecture or province


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
    """(review, plan). A half-year report reviews H1 and plans H2 of the same year; a speech
    at the Y meeting reviews Y-1 and plans Y unless it says otherwise; a summary with a plan
    plans the next year unless it names one."""
    head = title or ""
    body = text[body_start(text) :]
    review: Period | None = None
    plan: Period | None = None

    m = re.search(
        _YEAR + _HALF + _FILLER + r"(?:工作)?(?:总结|完成情况|回顾|情况的?报告|工作报告|述职)", head
    )
    if m:
        review = Period(year_of(m.group(1)), _part(m.group(2)))
    m = re.search(
        _YEAR + _HALF + _FILLER + r"(?:工作)?(?:计划|打算|思路|要点|安排)",
        head,
    )
    if m:
        plan = Period(year_of(m.group(1)), _part(m.group(2)))
    elif review and re.search(r"下半年[^,。]{0,8}(?:计划|打算|思路|安排)", head):
        plan = Period(review.year, "H2")

    if doc_type == "speech":
        review, plan = _speech_periods(head, body, review, plan)
    if review is None and doc_type in ("summary", "summary_and_plan", "half_year_summary"):
        review = _review_from_body(body, doc_type)
    if plan is None and doc_type == "plan":
        m = re.search(_YEAR + r"\s*年", head) or re.search(
            r"^" + _YEAR + r"\s*年度?\s*(?:工作)?(?:计划|要点|思路)", body, re.M
        )
        if m:
            plan = Period(year_of(m.group(1)))
    if plan is None and review is not None and _has_plan_heading(body):
        plan = Period(review.year, "H2") if review.part == "H1" else Period(review.year + 1)
    if plan is None and review is not None and doc_type == "summary_and_plan":
        plan = Period(review.year, "H2") if review.part == "H1" else Period(review.year + 1)
    return review, plan


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


def _review_from_body(body: str, doc_type: DocType) -> Period | None:
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
        return Period(year_of(m.group(1)), _part(m.group(2)))
    for line in body.split("\n")[:3]:
        m = re.match(r"^" + _YEAR + r"(?:\s*年度?\s*(上半年)?)?\s*(?:[,:]|是|以来|来|,)", line)
        if m:
            part: Part = "H1" if m.group(2) or doc_type == "half_year_summary" else "year"
            return Period(year_of(m.group(1)), part)
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


# ---------------------------------------------------------------- dates and index number


def _reviewed_until(review: Period | None, plan: Period | None) -> date | None:
    """The earliest date a report about these periods can honestly be published on."""
    if review is not None:
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
    text: str, hints: dict[str, str], review: Period | None, plan: Period | None
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
    earliest = _reviewed_until(review, plan)
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
    """Read what the report says about itself; leave unknowns as None, never guess."""
    hints = hints or {}
    title = read_title(text, hints)
    prefecture, province = regions.context_region(text)
    bureau = read_bureau(text, title, prefecture or province)
    doc_type = read_doc_type(title, text)
    review, plan = read_periods(title, text, doc_type)
    return ReportMeta(
        title=title,
        doc_type=doc_type,
        bureau_name=bureau.canonical if bureau else None,
        bureau_written=bureau.written if bureau and bureau.canonical else None,
        region_code=read_region(text, title, bureau),
        published_on=read_published_on(text, hints, review, plan),
        index_number=read_index_number(text),
        review=review,
        plan=plan,
    )
