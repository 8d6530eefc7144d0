"""The heading tree of a report and the period/role each section speaks of.

Headings are found at the start of a line (the cleaned text has one paragraph per line):
一、 (一) 1. 1、 (1) ① and broken forms (``)抓基础`` for ``(二)抓基础``, ``一)加强…`` for
``(一)加强…``), plus unnumbered role headings (``2023年工作计划``, ``2023年工作总结``,
``存在的主要问题``). Inline enumerations 一是/二是… become the deepest sections: they carry
much of the detail (and figures) of a paragraph. An item starts after a sentence boundary
(。;:,、), right where a heading stops (``…职责一是严格…``) or as the next number of a series
on the same line (``…继续深造二是坚持…``); it spans to the next item on its line or to the end
of its line (the paragraph), never into the next paragraph. 统一是/是否 are no items.

Ranks follow the order in which marker styles first appear, as is usual in Chinese official
documents (一、 > (一) > 1. > (1) > ①); unnumbered role headings rank above every numbered
style (they wrap a part: 2023年工作总结 / 一、… / 2024年工作计划 / 1.…). A section's parent is
the nearest open section of a higher rank, and its depth is its parent's depth + 1, so a
"1." directly under 2024年工作计划 is depth 2 even when "1." was depth 4 in the review part.

A heading that runs on into its paragraph (``1.优质均衡有进展。继续…``) ends at the first
。/:/;/!/? or at an inline 一是 series; the section still spans the paragraph and everything up
to the next heading of the same or a higher rank.

Roles: a heading that says review (总结, 回顾, 完成情况, 存在的问题 …) or plan (计划, 打算,
思路, 下一步, 重点做好, 面向未来 …) sets the role of its subtree, with the year it names (or
the report's review/plan period). Only top-level headings, unnumbered role headings and
headings naming a year with a role word can switch the role, so a review item called
"落实强师计划" stays a review. Sections before any role-bearing heading take the report's
review period (its plan period for a plan).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from edureports.parse.metadata import CN_YEAR, ROLE_HEADING, body_start, year_of
from edureports.parse.numbers import cn2an_smart
from edureports.parse.types import Part, Period, ReportMeta, Role, Section

_CN = "一二三四五六七八九十"
_CJK_START = r"(?=[\u4e00-\u9fff“\"《「])"
_TEXT_START = r"(?=[\u4e00-\u9fff“\"《「0-9])"

# (style, regex at line start); group "n" is the ordinal as written.
_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("part", re.compile(rf"^第(?P<n>[{_CN}]{{1,3}})(?:部分|篇|章)\s*[:、,]?\s*" + _TEXT_START)),
    ("cn_dun", re.compile(rf"^(?P<n>[{_CN}]{{1,3}})[、.]\s*" + _TEXT_START)),
    ("cn_paren", re.compile(rf"^\((?P<n>[{_CN}]{{1,3}})\)\s*" + _TEXT_START)),
    ("arabic", re.compile(r"^(?P<n>\d{1,2})(?:\.(?!\d)|、)\s*" + _CJK_START)),
    ("arabic_paren", re.compile(r"^\((?P<n>\d{1,2})\)\s*" + _TEXT_START)),
    ("arabic_paren", re.compile(r"^(?P<n>\d{1,2})\)\s*" + _CJK_START)),  # 1) is read as (1)
    ("circled", re.compile(r"^(?P<n>[①-⑳])\s*" + _TEXT_START)),
)
# Broken parenthesised markers: ")抓基础" (numeral and "(" lost), "一)加强" ("(" lost).
_BROKEN_CN_PAREN = re.compile(rf"^(?P<n>[{_CN}]{{1,3}})\)\s*" + _TEXT_START)
_BROKEN_PAREN = re.compile(r"^\)\s*" + _CJK_START)

_ITEM = re.compile(rf"(?P<n>[{_CN}])是(?![否非])" + _CJK_START)
_ITEM_BOUNDARY = set("。;:!?,、)”\n")
_HEADING_STOP = re.compile(r"[。;!?]|:(?!\d)")  # not the colon of 师生比1:12.5
_MAX_HEADING = 50


_PROBLEM = r"存在的(?:主要)?问题|问题(?:和|与)不足|不足之处|困难和问题|主要问题|存在问题"
_REVIEW = r"总结|回顾|完成情况|工作成效|主要成绩|取得的成绩|开展情况|工作成绩|进展情况"
# 重点工作/目标任务 announce a plan only with a year (2023年重点工作): "重点工作稳中有进" is a
# review heading.
_PLAN = (
    r"计划|打算|思路|下一步|今后|重点做好|工作要点|工作安排|展望|面向未来|谋划|部署"
    r"|(?:19|20)\d{2}\s*年度?[^,。]{0,4}?(?:重点工作|目标任务)"
)
_ROLE_WORD = re.compile(rf"(?P<review>{_PROBLEM}|{_REVIEW})|(?P<plan>{_PLAN})")
_YEAR_PART = re.compile(
    r"((?:19|20)\d{2}|" + CN_YEAR + r")\s*年度?\s*(上半年|下半年)?|(上半年|下半年)"
)


@dataclass
class _Heading:
    start: int  # line start (marker included)
    heading_start: int
    heading_end: int
    marker: str | None
    style: str  # a key of _STYLES, "unnumbered" or "item"
    line_end: int
    rank: int = 0


def _ordinal(n: str) -> int:
    if n.isdigit():
        return int(n)
    if "①" <= n <= "⑳":
        return ord(n) - ord("①") + 1
    return int(cn2an_smart(n))


def _heading_end(text: str, start: int, line_end: int) -> int:
    """End of a heading that may run on into its paragraph."""
    line = text[start:line_end]
    stop = _HEADING_STOP.search(line)
    end = stop.start() if stop else len(line)
    series = re.search(r"一是" + _CJK_START, line[:end])
    if series and series.start() >= 2:
        end = series.start()  # "(一)抓党建,全面履行教育工委职责一是严格落实…"
    if end > _MAX_HEADING:
        comma = line.find(",", 0, end)
        if comma >= 4:
            end = comma
    while end > 0 and line[end - 1] in ",、 ":
        end -= 1
    return start + end


def _find_headings(text: str, offset: int) -> list[_Heading]:
    headings: list[_Heading] = []
    seen_styles: list[str] = []
    last_paren: str | None = None
    pos = offset
    for line in text[offset:].split("\n"):
        line_start, line_end = pos, pos + len(line)
        pos = line_end + 1
        if not line:
            continue
        style = marker = None
        for name, pattern in _STYLES:
            m = pattern.match(line)
            if m:
                style, marker = name, line[: m.end()].rstrip()
                break
        if style is None:
            m = _BROKEN_CN_PAREN.match(line)
            if m:
                style, marker = "cn_paren", line[: m.end()].rstrip()
        if style is None:
            m = _BROKEN_PAREN.match(line)
            if m and last_paren is not None:
                style, marker = last_paren, line[: m.end()].rstrip()
        if style is not None and marker is not None:
            if style not in seen_styles:
                seen_styles.append(style)
            if style in ("cn_paren", "arabic_paren"):
                last_paren = style
            h_start = line_start + len(marker)
            headings.append(
                _Heading(
                    line_start,
                    h_start,
                    _heading_end(text, h_start, line_end),
                    marker,
                    style,
                    line_end,
                    seen_styles.index(style),
                )
            )
        elif len(line) <= 24 and ROLE_HEADING.match(line):
            end = line_end - 1 if line.endswith(":") else line_end
            headings.append(_Heading(line_start, line_start, end, None, "unnumbered", line_end, -1))
    return headings


def _find_items(text: str, offset: int, headings: list[_Heading]) -> list[_Heading]:
    """Inline 一是/二是… items: at a sentence boundary, or right where a heading stops."""
    heading_ends = {h.heading_end for h in headings}
    heading_spans = [(h.start, h.heading_end) for h in headings]
    items: list[_Heading] = []
    for m in _ITEM.finditer(text, offset):
        s = m.start()
        before = text[s - 1] if s > 0 else "\n"
        line_end = text.find("\n", s)
        line_end = len(text) if line_end < 0 else line_end
        # "…继续深造二是坚持…": a missing full stop, but the next number of a series on this line
        continues = bool(
            items
            and items[-1].line_end == line_end
            and _ordinal(items[-1].marker[0]) + 1 == _ordinal(m.group("n"))
        )
        if before not in _ITEM_BOUNDARY and s not in heading_ends and not continues:
            continue
        if any(a <= s < b for a, b in heading_spans):
            continue
        h_start = m.start() + 2
        items.append(
            _Heading(
                s,
                h_start,
                _heading_end(text, h_start, line_end),
                m.group(0)[:2],
                "item",
                line_end,
                99,
            )
        )
    return items


def _role_of(heading: str) -> tuple[Role, int | None, Part | None] | None:
    """The role a heading announces, with the year and half-year it names, if any."""
    m = _ROLE_WORD.search(heading)
    if not m:
        return None
    role: Role = "review" if m.group("review") else "plan"
    year: int | None = None
    part: Part | None = None
    for y in _YEAR_PART.finditer(heading):
        if y.group(1):
            year = year_of(y.group(1))
        half = y.group(2) or y.group(3)
        if half:
            part = "H1" if half == "上半年" else "H2"
        if year is not None:
            break
    return role, year, part


def _period_for(role: Role, year: int | None, part: Part | None, meta: ReportMeta) -> Period | None:
    base = meta.review if role == "review" else meta.plan
    if role == "plan" and base is None and meta.review is not None:
        r = meta.review
        base = Period(r.year, "H2") if r.part == "H1" else Period(r.year + 1)
    if year is None and part is None:
        return base
    if year is None:
        anchor = meta.review or meta.plan
        if anchor is None:
            return None
        return Period(anchor.year, part or "year")
    if part is None:
        part = base.part if base is not None and base.year == year else "year"
    return Period(year, part)


def _default_role(meta: ReportMeta) -> tuple[Role | None, Period | None]:
    if meta.doc_type == "plan":
        return ("plan", meta.plan) if meta.plan else (None, None)
    if meta.review is not None:
        return "review", meta.review
    if meta.plan is not None:
        return "plan", meta.plan
    return None, None


def build_sections(text: str, meta: ReportMeta) -> list[Section]:
    """Return sections in document order; parents precede their children."""
    offset = body_start(text)
    headings = _find_headings(text, offset)
    items = _find_items(text, offset, headings)

    # Numbered and unnumbered headings: parents by rank, spans to the next heading that
    # ranks the same or higher.
    sections: list[Section] = []
    stack: list[tuple[int, int]] = []  # (rank, section index)
    state_role, state_period = _default_role(meta)
    for h in headings:
        while stack and stack[-1][0] >= h.rank:
            stack.pop()
        parent = stack[-1][1] if stack else None
        depth = sections[parent].depth + 1 if parent is not None else 1
        heading = text[h.heading_start : h.heading_end]
        role, period = (
            (sections[parent].role, sections[parent].period)
            if parent is not None
            else (
                state_role,
                state_period,
            )
        )
        announced = _role_of(heading)
        if announced is not None:
            a_role, a_year, a_part = announced
            # a heading that is nothing but a role phrase ((四)下一步工作打算) switches at any depth
            may_switch = (
                parent is None
                or h.style == "unnumbered"
                or a_year is not None
                or ROLE_HEADING.match(heading) is not None
            )
            if may_switch:
                role, period = a_role, _period_for(a_role, a_year, a_part, meta)
                if parent is None:
                    state_role, state_period = role, period
        sections.append(
            Section(
                index=len(sections),
                parent=parent,
                depth=depth,
                marker=h.marker,
                heading=heading,
                start=h.start,
                end=len(text),
                heading_end=h.heading_end,
                period=period,
                role=role,
            )
        )
        stack.append((h.rank, len(sections) - 1))
    _close_spans(text, sections, [h.rank for h in headings])

    if items:
        sections = _add_items(text, sections, items)
    return sections


def _close_spans(text: str, sections: list[Section], ranks: list[int]) -> None:
    for i, sec in enumerate(sections):
        end = len(text)
        for j in range(i + 1, len(sections)):
            if ranks[j] <= ranks[i] or sections[j].depth <= sec.depth:
                end = sections[j].start
                break
        while end > sec.start and text[end - 1] in "\n ":
            end -= 1
        sec.end = end


def _add_items(text: str, sections: list[Section], items: list[_Heading]) -> list[Section]:
    """Merge 一是 items into the tree as the deepest sections, then renumber in document order."""
    merged: list[tuple[int, int, Section]] = [(s.start, 0, s) for s in sections]
    for k, item in enumerate(items):
        container = None
        for sec in sections:
            if sec.heading_end <= item.start < sec.end and (
                container is None or sec.depth > container.depth
            ):
                container = sec
        nxt = items[k + 1].start if k + 1 < len(items) else len(text)
        end = min(item.line_end, nxt if nxt <= item.line_end else item.line_end)
        if container is not None:
            end = min(end, container.end)
        while end > item.start and text[end - 1] in " ":
            end -= 1
        role, period = (container.role, container.period) if container else (None, None)
        merged.append(
            (
                item.start,
                1,
                Section(
                    index=-1,
                    parent=container.index if container else None,
                    depth=container.depth + 1 if container else 1,
                    marker=item.marker,
                    heading=text[item.heading_start : min(item.heading_end, end)],
                    start=item.start,
                    end=end,
                    heading_end=min(item.heading_end, end),
                    period=period,
                    role=role,
                ),
            )
        )
    merged.sort(key=lambda t: (t[0], t[1]))
    new_index = {}
    for i, (_, kind, sec) in enumerate(merged):
        if kind == 0:
            new_index[sec.index] = i
    out = []
    for i, (_, _, sec) in enumerate(merged):
        sec.index = i
        if sec.parent is not None:
            sec.parent = new_index[sec.parent]
        out.append(sec)
    return out
