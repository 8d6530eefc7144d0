"""Debris removal and normalisation. The cleaned text is what is stored; spans refer to it.

What goes: things that are about the web page rather than the document — navigation bars,
breadcrumbs (当前位置), font-size controls (字体大小 / 【大】【中】【小】), print/close/save
buttons, share and QR-code prompts (扫一扫在手机打开当前页), previous/next/recommended links
(上一篇 / 下一篇 / 推荐访问 / 关联导读), the 信息类别/公开方式 block of open-government pages and
the "小编为大家整理" boilerplate of repost sites.

What stays: header lines that state facts about the document — 索引号, 信息索取号, 发文时间,
发布日期, 发文日期, 生成日期, 标题, 发文机关/发布机构 and the 时间/来源 stamp of the page
(font-size controls are cut out of it). read_metadata judges them (a template date that
contradicts the report, a repost site's upload time), and `reparse` only has the cleaned text,
so they must survive cleaning.

Normalisation: NFC; full-width ASCII forms (（）：，；０-９ …) to half-width; ideographic and
no-break spaces to plain spaces; zero-width characters dropped; one paragraph per line, no blank
lines; spaces removed inside Chinese text (``2023 年`` -> ``2023年``) and collapsed to one
elsewhere; a tab, the loaders' table-cell separator, stays (one per cell boundary). ``①``,
``…`` and Chinese quotes are left alone (NFKC would turn ① into 1 and … into ...).

clean_text is idempotent: clean_text(clean_text(x)) == clean_text(x).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from edureports.parse.script import is_traditional, simplified_line

# Full-width ASCII variants U+FF01..U+FF5E -> U+0021..U+007E; odd spaces -> " "; invisible -> "".
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ", 0x202F: " "})
_WIDTH.update({0x200B: None, 0x200C: None, 0x200D: None, 0x2060: None, 0xFEFF: None})
_WIDE = "".join(re.escape(chr(code)) for code in sorted(_WIDTH))
_TO_NARROW = re.compile(f"[{_WIDE}][{_WIDE}]*")

# Header labels a space before which is kept ("2017-08-20 来源:长治日报").
HEADER_LABELS = (
    "索引号",
    "信息索取号",
    "发文字号",
    "文号",
    "发文时间",
    "发文日期",
    "成文日期",
    "发布日期",
    "发布时间",
    "生成日期",
    "发文机关",
    "发布机构",
    "主题词",
    "主题分类",
    "标题",
    "时间",
    "来源",
    "作者",
)
_LABEL_AHEAD = "|".join(sorted(HEADER_LABELS, key=len, reverse=True))
_HEADER_LINE = re.compile(rf"(?:{_LABEL_AHEAD})\s*:")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A run of spaces between two characters that are not ASCII letters/digits, or after a digit
# and before a Chinese character, is removed unless a header label follows.
_SPACE_RUN = re.compile(r"[ \f\v]+")
# Table rows come from the loaders with cells joined by tabs: a tab stays a cell boundary.
_TAB_RUN = re.compile(r" *\t[ \t]*")
_DROP_SPACE = re.compile(
    rf"(?<=[^\sA-Za-z0-9])[ ]+(?=[^\sA-Za-z0-9])(?!(?:{_LABEL_AHEAD})[:]?)"
    rf"|(?<=[0-9%])[ ]+(?=[{_CJK}])(?!(?:{_LABEL_AHEAD})[:]?)"
)

# Font-size controls inside a line: "大 中 小", "【大】 【中】 【小】", "〖大 小〗".
_FONT_CONTROLS = re.compile(
    r"(?:(?<=\s)|^)(?:字体大小|字号|字体)?[:]?\s*[【〖\[]?\s*大\s*[】〗\]]?\s*"
    r"(?:[【〖\[]?\s*中\s*[】〗\]]?\s*)?[【〖\[]?\s*小\s*[】〗\]]?(?=\s|$)"
)

# Whole lines that are page debris. Matched against the normalised, stripped line: a line
# is debris when _DEBRIS_START matches at its start or _DEBRIS_ANYWHERE anywhere in it. (Two
# patterns, because one alternation mixing both gives the regex engine no first characters to
# skip ahead to; every alternative of _DEBRIS_ANYWHERE opens with a literal, so it does.)
_DEBRIS_START = re.compile(
    r"当前位置|您的位置|你的位置|您现在的位置|所在位置|热点查询|热门搜索|推荐访问|相关推荐|相关阅读"
    r"|关联导读|相关链接|上一篇|下一篇|上一条|下一条|扫一扫|分享到|分享至|信息类别|公开方式|公开时限"
    r"|公开范围|责任编辑|浏览次数|阅读次数|点击数|访问量|字体大小|字号|【打印】|【关闭】|网站地图"
    r"|主办单位|承办单位|版权所有|网站标识码|ICP备|技术支持|联系我们"
    r"|.{0,3}ICP备|Copyright|©"
    r"|首页\s*[>›»]"
)
_DEBRIS_ANYWHERE = re.compile(
    r"蜘蛛池"
    r"|扫一扫在手机打开当前页|在手机打开当前页|打印本页|关闭窗口|返回顶部"
    r"|下面是小编|以下是小编|小编为大家|供大家参考|欢迎阅读|仅供参考。?$"
    r"|今天是\s*$"
    r"|公网安备"
    r"|>\s*首页|›\s*首页|»\s*首页"
)
# Lines made only of page-control words.
_CONTROL_WORDS = {
    "打印",
    "关闭",
    "保存",
    "保存为word",
    "保存为WORD",
    "收藏",
    "分享",
    "分享到",
    "返回",
    "返回顶部",
    "大",
    "中",
    "小",
    "字号",
    "字体",
    "|",
    "打印本页",
    "关闭窗口",
    "【大】",
    "【中】",
    "【小】",
    "〖大",
    "小〗",
    "【打印】",
    "【关闭】",
    "[打印]",
    "[关闭]",
    "微信",
    "微博",
    "QQ空间",
}
_TABLE_CELL = re.compile(rf"\d.*[{_CJK}]|[{_CJK}].*\d|[。;]")
_CONTENT_CHAR = re.compile(rf"[{_CJK}A-Za-z0-9]")
_LEADING_BULLET = re.compile(r"^[•●▪■◆◇·\s]+")


# Converter debris inside words: a pinyin gloss after each character of a 繁體 mirror
# (重點(diǎn), 學(xué)生; 日?qǐng)?bào)網 where mojibake ate the "(") and the "?/p>" a broken HTML
# conversion leaves at line ends. A gloss has a tone-marked vowel, so (ab) or (cd) stay.
_PINYIN = "a-zü"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_GLOSS = re.compile(rf"(?<=[{_CJK}?)])[(?][{_PINYIN}]*[{_TONED}][{_PINYIN}{_TONED}]*\)")
# "?/p>" stands for a lost character and a paragraph end: the "?" stays (a sentence end for
# the parser, so that 1286 / ?/p> / 元 does not become 1286元), the tag goes.
_HTML_DEBRIS = re.compile(r"(?<=\?)/p>|</?(?:p|br|div|span)\s*/?>", re.IGNORECASE)
_LOST_CHARACTER = "?"
# An OCR full stop inside a number before a unit: 2。2亿元 is 2.2亿元.
_OCR_POINT = re.compile(r"(?<=\d)。(?=\d+(?:[万萬]|[亿億])?(?:元|%))")


def _normalise_chars(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    # translate() looks every character up (slow on Chinese text): only the runs to change
    return _TO_NARROW.sub(lambda m: m.group().translate(_WIDTH), text)


def _is_navigation(line: str) -> bool:
    """A bar of links: several '|' separators, or a breadcrumb of '>' steps.

    A flattened table row (``增加学位3675个 | 已完成。 | 100 |``, ``全市|26333 |33480 |``) has
    '|' separators too, but a cell with a number beside Chinese text, a full sentence, or a
    label followed by number cells, which link labels lack.
    """
    if line.count("|") >= 2 and len(_CONTENT_CHAR.findall(line)) < 60:
        cells = [cell.strip() for cell in line.split("|")]
        if any(_TABLE_CELL.search(cell) for cell in cells):
            return False
        label, *values = [cell for cell in cells if cell]
        return not (
            values and _LABEL_END.search(label) and all(map(_NUMBER_CELL.fullmatch, values))
        )
    return line.count(">") >= 2 and "。" not in line and len(line) < 80


def _same(line: str) -> str:
    return line


def _is_debris(line: str) -> bool:
    if not _CONTENT_CHAR.search(line):
        return True  # only punctuation or bullets ("• |")
    if _DEBRIS_START.match(line) or _DEBRIS_ANYWHERE.search(line):
        return True
    if _is_navigation(line):
        return True
    words = line.replace(":", " ").split()
    return all(word in _CONTROL_WORDS for word in words)


# Page counters inside a header line: "发布时间:2024-02-20 浏览次数:123".
_COUNTER = re.compile(
    r"(?:浏览次数|阅读次数|访问次数|点击次数|点击数|点击量|浏览量|阅读量|访问量)\s*[:]?\s*\d*"
)


# Spam injected into hacked pages: casino names in place of the bureau's name
# (澳门皇冠体育_中国竞彩网$【官网娱乐平台】:教育体育局) and lines of porn keywords. A run of
# characters holding two of these words goes; a line holding three and no word about
# education goes whole. One word alone (体育彩票, 澳门) is ordinary prose.
_SPAM = re.compile(
    "皇冠|竞彩|博彩|彩票网|娱乐平台|娱乐城|真人娱乐|赌场|棋牌|投注|百家乐|老虎机|时时彩|六合彩"
    "|澳门|威尼斯人|葡京|太阳城|官网|在线观看|自拍|色欲|超碰|无码|一区二区"
)
_SPAM_RUN = re.compile(r"[^\s:,。;|]+")
_EDUCATION = re.compile("教育|学校|教师|学生|幼儿园|小学|中学")


def _without_spam(line: str) -> str:
    if len(_SPAM.findall(line)) >= 3 and not _EDUCATION.search(line):
        return ""
    return _SPAM_RUN.sub(lambda m: "" if len(_SPAM.findall(m.group())) >= 2 else m.group(), line)


def _spaced_line(line: str) -> str:
    """The line with collapsed spaces, no leading bullet, font-size controls or counters."""
    if _SPAM.search(line):
        line = _without_spam(line)
    if "/p>" in line or "<" in line:
        line = _HTML_DEBRIS.sub("", line)
    if "(" in line or "?" in line:
        line = _GLOSS.sub("", line)
    if "。" in line:
        line = _OCR_POINT.sub(".", line)
    line = _LEADING_BULLET.sub("", _collapse_spaces(line)).strip()
    if "大" in line and "小" in line:  # both are in every font-size control
        line = _FONT_CONTROLS.sub(" ", line)
    if "。" not in line and _HEADER_LINE.search(line):
        line = _COUNTER.sub(" ", line)  # only in page headers: prose may report 阅读量10万
    return _collapse_spaces(line).strip()


def _collapse_spaces(line: str) -> str:
    """Runs of spaces to one, a tab with spaces around it to one tab. Most lines of prose
    hold neither, and these patterns would be tried at every character of them."""
    if " " in line or "\f" in line or "\v" in line:
        line = _SPACE_RUN.sub(" ", line)
    if "\t" in line:
        line = _TAB_RUN.sub("\t", line)
    return line


def clean_line(line: str, reading: Callable[[str], str] = _same) -> str | None:
    """One cleaned line, or None when it is page debris.

    Debris is judged before and after the spaces are removed ("保存为word 打印 关闭" is a row
    of buttons only while its spaces are there), which also keeps clean_text idempotent.
    """
    spaced = _spaced_line(line)
    if not spaced or _is_debris(reading(spaced)):
        return None
    # NFC again: removing a space can bring combining marks together out of canonical order
    tight = unicodedata.normalize("NFC", _DROP_SPACE.sub("", spaced) if " " in spaced else spaced)
    return None if _is_debris(reading(tight)) else tight


# Numbers split from their label or unit by a line break (PDF text, one table cell per line):
# ``公用经费`` / ``8059.35`` / ``万元,实现…`` and ``学前三年毛入园率`` / ``92.5%`` / ``95%``.
_NUMBER = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[xX]{2,}|×{2,})"
# simplified and 繁體 forms: cleaning runs on the stored text, before any script conversion
_JOIN_UNIT = (
    r"(?:[个個]百分[点點]|平方米|人次|[万萬]元|[亿億]元|千元|元|[万萬]|[亿億]|%|名|人|所|[个個]|套"
    r"|[项項]|台|[间間]|[册冊]|[处處]|批|[场場]|件|次|年|月|日)"
)
_ENDS_WITH_NUMBER = re.compile(rf"(?<![A-Za-z]){_NUMBER}$")
_STARTS_WITH_UNIT = re.compile(_JOIN_UNIT)
_BARE_NUMBER = re.compile(rf"{_NUMBER}|[xX]{{2,}}\.[xX]+")  # a number, or blanked: xxx.xx
_FIGURE_CELL = re.compile(rf"(?:约|近|超过)?\d+(?:,\d{{3}})*(?:\.\d+)?{_JOIN_UNIT}(?:以上|左右)?")
_ENDS_WITH_FIGURE = re.compile(rf"\d(?:\.\d+)?{_JOIN_UNIT}(?:以上|左右)?$")
_ENDS_OPEN = re.compile(rf"[{_CJK}0-9%xX×]$")  # no full stop, comma or bracket at the end
_LABEL_END = re.compile(rf"[{_CJK}]$")
_MAX_ROW = 40
_NUMBER_CELL = re.compile(rf"{_NUMBER}\s*(?:{_JOIN_UNIT})?")
_PIPE_CELL = re.compile(rf"{_NUMBER}\s*(?:{_JOIN_UNIT})?\s*\|")  # 26333 | in 全市| / 26333 |


def _join(prev: str, line: str) -> str | None:
    """`prev` continued by `line` when a line break split a figure from its unit or label
    (nothing between them inside a phrase, a tab between table cells), else None.

    A "?" that stands for the lost last character of a label (``支付专项资?`` / ``1304``)
    gives way to the number, so that the label and its figure share a clause."""
    if prev.endswith(_LOST_CHARACTER) and (
        _BARE_NUMBER.fullmatch(line) or _FIGURE_CELL.fullmatch(line)
    ):
        label = prev[:-1]
        if _LABEL_END.search(label) and not _ENDS_WITH_FIGURE.search(label):
            return label + line
    if not _ENDS_OPEN.search(prev):
        return None
    if _STARTS_WITH_UNIT.match(line) and _ENDS_WITH_NUMBER.search(prev):
        return prev + line  # 8059.35 / 万元
    if _BARE_NUMBER.fullmatch(line) and not _ENDS_WITH_NUMBER.search(prev):
        return prev + ("\t" if _ENDS_WITH_FIGURE.search(prev) else "") + line  # 公用经费 / 8059.35
    if _FIGURE_CELL.fullmatch(line) and (len(prev) <= _MAX_ROW or "\t" in prev):
        return prev + "\t" + line  # 毛入园率 / 92.5% / 95%
    return None


def _join_cell(prev: str, line: str) -> str | None:
    """A table flattened to one ``cell|`` per line: number cells join the row of their label."""
    if prev.endswith("|") and _PIPE_CELL.fullmatch(line) and len(prev) <= _MAX_ROW:
        return prev + line  # 全市| / 26333 | / 33480 |
    return None


def clean_text(text: str) -> str:
    """Return the report text without web-page debris, with normalised characters."""
    kept: list[str] = []
    text = _normalise_chars(text)
    # the debris of a 繁體 page (責任編輯, 版權所有) is judged in simplified characters
    reading = simplified_line if is_traditional(text) else _same
    for raw in text.split("\n"):
        line = clean_line(raw, reading)
        if not line:
            if kept and _HTML_DEBRIS.sub("", raw).strip() == _LOST_CHARACTER:
                kept[-1] += _LOST_CHARACTER  # the lost last character of the line before
            continue
        joined = (_join(kept[-1], line) or _join_cell(kept[-1], line)) if kept else None
        if joined is not None and clean_line(joined, reading) != joined:
            joined = None  # the joined line would read as debris (a link bar): keep both apart
        if joined is None:
            kept.append(line)
        else:
            kept[-1] = joined
    return "\n".join(kept)
