"""Numbers as written in Chinese prose: numerals, units, multipliers, qualifiers, placeholders.

Two public entry points:

* `find_quantities(text)` scans free text and returns every figure in it (a number with
  its unit, range, multiplier and qualifier, or a redaction placeholder such as `xx名`),
  leaving out what only looks like a number: years and dates, ordinals and names
  (第三, 二十大, 十四五, 三会一课, 5+2+1), phone and document numbers (12345热线, 索引号).
  It never raises on a string.
* `parse_number(s)` / `parse_quantity(s)` read one numeral / one figure and raise
  `NumberParseError` when the string is not exactly that.

Chinese numerals are read by cn2an (smart mode: strict mode rejects 两百, 二〇二三, 1万);
百分之X is handled around it because cn2an rejects it in every mode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import cn2an

from edureports.parse.types import Qualifier

__all__ = [
    "NumberParseError",
    "Quantity",
    "cn2an_smart",
    "find_quantities",
    "normalise_digits",
    "parse_number",
    "parse_quantity",
]


class NumberParseError(ValueError):
    """The string given to parse_number/parse_quantity is not exactly one number/figure.

    The only exception the public functions of this module raise.
    """


@dataclass(frozen=True)
class Quantity:
    """One figure found in text; start/end index the text given to find_quantities."""

    start: int  # span of the figure as written: number (range, multiplier) plus unit
    end: int
    raw: str
    value: float | None  # in base unit (yuan, percent, count); None when redacted
    unit: str  # normalised: yuan, percent, percentage_points, ratio, yuan_per_student,
    # the measure word as written (所, 个, 名, 人次 ...) or "" for a bare number
    written_unit: str = ""  # unit exactly as written, with multiplier: 万元, %, 个
    value_high: float | None = None  # upper end of a range; value is the low end
    qualifier: Qualifier = "exact"
    redacted: bool = False
    numeral: str = "arabic"  # arabic | chinese | placeholder | ratio

    @property
    def is_bare(self) -> bool:
        return self.unit == ""


# ---------------------------------------------------------------- normalisation

_FULLWIDTH = {
    ord(c): ord(a)
    for c, a in zip("０１２３４５６７８９．％：∶ｘＸ＊～", "0123456789.%::xX*~", strict=True)
}


_HAS_FULLWIDTH = re.compile("[" + "".join(chr(c) for c in _FULLWIDTH) + "]")


def normalise_digits(text: str) -> str:
    """Full-width digits and signs to ASCII, one character for one (offsets stay valid)."""
    if not _HAS_FULLWIDTH.search(text):
        return text  # the common case: translate() is slow on long texts
    return text.translate(_FULLWIDTH)


# ---------------------------------------------------------------- single numbers

_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_CHARS = _CN_DIGITS + "十百千万亿"
_MULTIPLIERS = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}
_MULT_WORDS = {
    "万": Decimal(10_000),
    "亿": Decimal(100_000_000),
    "千万": Decimal(10_000_000),
    "百万": Decimal(1_000_000),
    "万亿": Decimal(10**12),
}
_ARABIC_RE = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+")


def _arabic(s: str) -> Decimal:
    if not _ARABIC_RE.fullmatch(s):
        raise NumberParseError(f"not an Arabic number: {s!r}")
    return Decimal(s.replace(",", ""))


@lru_cache(maxsize=4096)
def cn2an_smart(s: str) -> int | float:
    """cn2an's smart reading of a Chinese numeral, cached: reports repeat the same few
    numerals (三, 两, 十二) and cn2an validates and normalises its input on every call.
    Raises what cn2an raises (failures are not cached)."""
    return cn2an.cn2an(s, "smart")


def _chinese(s: str) -> Decimal:
    if not s or any(c not in _CN_CHARS + "点" for c in s):
        raise NumberParseError(f"not a Chinese numeral: {s!r}")
    if not any(c in _CN_DIGITS + "十" for c in s.replace("点", "")):
        raise NumberParseError(f"no digit in Chinese numeral: {s!r}")
    try:
        value = cn2an_smart(s)
    except Exception as exc:  # cn2an raises ValueError and others on odd input
        raise NumberParseError(f"not a Chinese numeral: {s!r}") from exc
    return Decimal(str(value))


def _to_float(d: Decimal) -> float:
    return float(d)


def parse_number(s: str) -> float:
    """One numeral: 1,234.5 / １２ / 1.73万 / 18亿 / 三 / 两百 / 一百二十 / 二〇二三 / 百分之三十.

    百分之X returns X (the percent scale the catalog uses). Raises NumberParseError.
    """
    if not isinstance(s, str):
        raise NumberParseError(f"not a string: {s!r}")
    t = normalise_digits(s).strip()
    if not t:
        raise NumberParseError("empty string")
    if t.startswith("百分之"):
        return _to_float(_number_core(t[3:]))
    return _to_float(_number_core(t))


# Arabic digits with an optional Chinese multiplier (1.73万, 18亿, 1万2千 is not supported)
_ARABIC_WITH_MULT = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?|\d*\.\d+)(千万|百万|万亿|万|亿)?")


def _number_core(t: str) -> Decimal:
    m = _ARABIC_WITH_MULT.fullmatch(t)
    if m:
        base = _arabic(m.group(1))
        return base * _MULT_WORDS[m.group(2)] if m.group(2) else base
    return _chinese(t)


# ---------------------------------------------------------------- units

_MONEY = {
    "元": Decimal(1),
    "人民币": Decimal(1),
    "千元": Decimal(1000),
    "万元": Decimal(10_000),
    "亿元": Decimal(10**8),
}
# Measure words after Arabic numbers; longest first. (?!…) guards keep words like 部分, 四位一体.
_UNIT_WORDS = (
    "人民币",  # 42.88亿人民币: money without 元
    "个百分点",
    "元/人",
    "元/生",
    "元/年",
    "人次",
    "场次",
    "项次",
    "科次",
    "个月",
    "平方米",
    "平米",  # colloquial square metres
    "㎡",
    "小时",
    "分钟",
    "课时",
    "学时",
    "万元",
    "亿元",
    "千元",
    "元",
    "%",
    "个",
    "所",
    "名",
    "人",
    "位",
    "项",
    "次",
    "场",
    "期",
    "节",
    "篇",
    "件",
    "条",
    "台",
    "套",
    "副",
    "张",
    "处",
    "家",
    "批",
    "轮",
    "册",
    "部",
    "门",
    "种",
    "份",
    "起",
    "枚",
    "分",
    "亩",
    "天",
    "周",
    "年",
    "岁",
    "支",
    "类",
    "组",
    "块",
    "辆",
    "间",
    "座",
    "栋",
    "本",
    "斤",
    "吨",
    "公里",
    "米",
    "倍",
    "户",
    "届",
    "级",
    "声",
)
# Units a Chinese numeral may take (三所, 两个, 十四名): a short list, because Chinese
# numerals are also words (一流, 十分, 三年毛入园率, 七位一体).
_CN_UNITS = frozenset(
    {
        "个百分点",
        "人次",
        "场次",
        "个月",
        "万元",
        "亿元",
        "元",
        "个",
        "所",
        "名",
        "人",
        "位",
        "项",
        "次",
        "场",
        "节",
        "篇",
        "件",
        "条",
        "台",
        "套",
        "副",
        "张",
        "处",
        "家",
        "批",
        "轮",
        "册",
        "部",
        "门",
        "种",
        "份",
        "起",
        "天",
        "周",
        "支",
        "类",
        "组",
        "间",
        "座",
        "栋",
        "户",
        "倍",
    }
)
# Not figures: dates, times, anniversaries, grades, ordinal-like words.
_NOT_FIGURE_UNITS = frozenset({"年", "届", "级", "声"})
_UNIT_GUARDS: dict[str, re.Pattern[str]] = {
    "部": re.compile(r"[分门署队位]"),
    "门": re.compile(r"[户口卫诊]"),
    "位": re.compile(r"一体|置|于"),
    "分": re.compile(r"[\u4e00-\u9fff]"),  # 47分, but not 十分/分别/分类
    "周": re.compile(r"年|边|围|末|岁"),
    "期": re.compile(r"间|末|中|待|望|限|盼"),
    "天": re.compile(r"[津然地下]"),
    "本": re.compile(r"[\u4e00-\u9fff]"),
    "类": re.compile(r"[\u4e00-\u9fff]"),
    "组": re.compile(r"[织成建长别合]"),
    "次": re.compile(r"[党会要序]"),
    "起": re.compile(r"[来到步点始码]"),
    "条": re.compile(r"[件例款]"),
    "处": re.compile(r"[理置罚分室长]"),
    "家": re.compile(r"[长庭乡访门]"),
    "批": re.compile(r"[准示复评次]"),
    "轮": re.compile(r"[岗流训换]"),
    "间": re.compile(r"[隔断]"),
    "件": re.compile(r"[事]"),
    "年": re.compile(r"[级度]"),
    "级": re.compile(r"[别]"),
    "人": re.compile(r"[民员才士物工口]"),
    "名": re.compile(r"[单义称额字师]|校(?!长)"),
    "个": re.compile(r"[人体性别案]"),
    "种": re.compile(r"[类子植]"),
    "场": re.compile(r"[所地馆景合]"),
    "项": re.compile(r"[目]|规定|准则|原则"),
}
_NORMALISED = {
    "元": "yuan",
    "人民币": "yuan",
    "千元": "yuan",
    "万元": "yuan",
    "亿元": "yuan",
    "%": "percent",
    "个百分点": "percentage_points",
    "元/人": "yuan_per_student",
    "元/生": "yuan_per_student",
    "元/年": "yuan_per_student",
    # square metres however written: the catalog's units name them 平方米
    "平米": "平方米",
    "㎡": "平方米",
}
_QUAL_BEFORE = (
    ("不少于", "at_least"),
    ("不低于", "at_least"),
    ("超过", "at_least"),
    ("至少", "at_least"),
    ("不超过", "at_most"),
    ("不高于", "at_most"),
    ("不足", "at_most"),
    ("不到", "at_most"),
    ("低于", "at_most"),
    ("高于", "at_least"),
    ("近", "approx"),
    ("约", "approx"),
    ("大约", "approx"),
    ("将近", "approx"),
)
_QUAL_BEFORE_LONGEST_FIRST = tuple(sorted(_QUAL_BEFORE, key=lambda wq: -len(wq[0])))
_QUAL_BEFORE_LAST = frozenset(w[-1] for w, _ in _QUAL_BEFORE)  # most numbers follow none
_QUAL_AFTER = (
    ("左右", "approx"),
    ("上下", "approx"),
    ("以上", "at_least"),
    ("及以上", "at_least"),
    ("多", "approx"),
    ("以内", "at_most"),
    ("以下", "at_most"),
    ("之内", "at_most"),
)
_APPROX_INFIX = ("余", "多")
_DATE_AFTER = re.compile(r"(?:月|日|号|时|点|年级|周年|学年|年度|世纪|岁以下)")


_UNITS_BY_FIRST: dict[str, tuple[str, ...]] = {}
for _w in _UNIT_WORDS:  # longest first within each initial, as in _UNIT_WORDS
    _UNITS_BY_FIRST[_w[0]] = (*_UNITS_BY_FIRST.get(_w[0], ()), _w)
_CN_TAIL = re.compile(r"(?:(?:至|—|-|~)[零〇一二两三四五六七八九十百千万亿]+)?[余多]?")
_PER_PERIOD = re.compile(r"(?:[·/]?[年学期月])?")


def _read_unit(t: str, pos: int, chinese: bool) -> tuple[str, int]:
    """The measure word starting at pos (or "" when none), and where it ends."""
    if t.startswith("元/", pos):
        for w in ("元/人", "元/生", "元/年"):
            if t.startswith(w, pos):
                end = pos + len(w)
                # 元/生·年, 元/人/年: swallow a trailing period qualifier
                m = _PER_PERIOD.match(t, end)  # always matches (all optional)
                return w, m.end() if m else end
    for w in _UNITS_BY_FIRST.get(t[pos : pos + 1], ()):
        if not t.startswith(w, pos):
            continue
        if chinese and w not in _CN_UNITS:
            continue
        guard = _UNIT_GUARDS.get(w)
        after = t[pos + len(w) : pos + len(w) + 2]
        if guard is not None and guard.match(after):
            continue
        return w, pos + len(w)
    return "", pos


# ---------------------------------------------------------------- masks


# A pattern that opens with one character class or literal lets the regex engine skip
# ahead to the characters that can start a match; one that opens with a repeat or a
# lookbehind is tried at every position of the text. So \d{4} is written \d\d{3}, \d+ is
# \d\d*, and (?<!\d)0 is 0(?<!\d0): the same matches, found several times faster.
_TIME = re.compile(r"\d(?<![\d.]\d)\d?:\d{2}(?::\d{2})?(?![\d.])")  # (?<![\d.])\d{1,2}:…
_RATIO_BEFORE = re.compile(r"比[^，,。；;\n]{0,4}$")
# (pattern, characters one of which must occur in the text for the pattern to be tried)
_MASK_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d\d{3}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?"), "-/.月"),  # dates
    (_TIME, ":"),
    (re.compile(r"[0-9A-Za-z][0-9A-Za-z]*/\d{4}-\d+"), "/"),  # index numbers 000014349/2023-05955
    (re.compile(r"(?:索引号|索取号|文号|发文字号|编号)[:\s]*[0-9A-Za-z/\-]+"), "号"),
    (re.compile(r"\d\d*(?=\s*(?:民生|政务|服务|举报|投诉|便民)?(?:热线|电话|专线))"), "线话"),
    (re.compile(r"0(?<!\d0)\d{2,3}-\d{7,8}(?!\d)"), "-"),  # phone numbers
    (re.compile(r"1(?<!\d1)[3-9]\d{9}(?!\d)"), ""),  # mobile numbers
    (re.compile(r"《[^《》\n]{0,80}》"), "《"),  # titles of documents
    (re.compile(r"“[^“”\n]{0,12}”|\"[^\"\n]{0,12}\"|「[^「」\n]{0,12}」"), '“"「'),  # short names
    # U10, TOP300: [A-Za-z]+\d+(?:-[A-Za-z]*\d+)?|\d+[A-WYZa-wyz]+ opening with one class
    (
        re.compile(
            r"[A-Za-z\d](?:(?<=[A-Za-z])[A-Za-z]*\d+(?:-[A-Za-z]*\d+)?|(?<=\d)\d*[A-WYZa-wyz]+)"
        ),
        "ascii",
    ),
    (re.compile(r"[\dxX][\dxX]*(?:\s*\+\s*[\dxX]+)+"), "+"),  # 5+2+1, 3+2, x+x
    # 1+X: \d+\s*\+\s*[A-Za-z]|[A-Za-z]\s*\+\s*\d+ opening with one class
    (re.compile(r"[\dA-Za-z](?:(?<=\d)\d*\s*\+\s*[A-Za-z]|(?<=[A-Za-z])\s*\+\s*\d+)"), "+"),
)
_ASCII_LETTER = re.compile(r"[A-Za-wyzA-WYZ]")
_LONG_DIGITS = re.compile(r"\d\d{10}")  # \d{11}, opening with one class


def _mask(t: str) -> bytearray:
    """Spans that hold no figure: dates, times, codes, phone numbers, titles, names."""
    masked = bytearray(len(t))
    for pat, needs in _MASK_PATTERNS:
        if needs == "ascii":
            if not _ASCII_LETTER.search(t):
                continue
        elif needs == "":
            if not _LONG_DIGITS.search(t):
                continue
        elif not any(c in t for c in needs):
            continue
        for m in pat.finditer(t):
            if pat is _TIME and _RATIO_BEFORE.search(t, max(0, m.start() - 8), m.start()):
                continue  # 师生比1:13 is a ratio, not a time
            masked[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return masked


# ---------------------------------------------------------------- scanning

_CN_UNIT_FIRST = re.escape("".join(sorted({w[0] for w in _CN_UNITS} | {"元"})))
_NUM_ALT = (
    r"(?P<pct>百分之(?:[零〇一二两三四五六七八九十百点]+|\d+(?:\.\d+)?))"
    r"|(?P<ratio>\d+(?:\.\d+)?\s*[:：]\s*\d+(?:\.\d+)?)"
    r"|(?P<ar>\d+(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+\.[〇零一二三四五六七八九]+(?=[万亿元%])|\d+(?:\.\d+)?)"
    r"|(?P<ph>[xX]+(?:\.[xX]+)?(?![A-Za-z])|\*{2,}|…+|\.{3,}|＊{2,})"
    r"|(?P<cn>[零〇一二两三四五六七八九十百千万亿]++(?:点[零〇一二三四五六七八九]++)?+)"
    # Most Chinese numerals are words (一是, 统一, 二十大): a Chinese numeral is only a match
    # when the first character of a unit it may take follows (the filter _quantity_at applies
    # in full), so the scanner does not stop at every 一. Possessive runs keep the match whole.
    rf"(?=(?:(?:至|—|-|~)[零〇一二两三四五六七八九十百千万亿]+)?[余多]?[{_CN_UNIT_FIRST}])"
)
_NUM_RE = re.compile(_NUM_ALT)
# The characters every alternative of _NUM_RE starts with. The alternation gives the regex
# engine no first character to skip ahead to, so finditer would try it at every position;
# _number_matches tries it only where one of these stands.
_NUM_FIRST = re.compile(r"[\d百xX*….＊零〇一二两三四五六七八九十千万亿]")
_RANGE_SEP = re.compile(r"\s*(?:—{1,2}|–|-{1,2}|~|～|至|到)\s*")
_MONTH_DAY = re.compile(r"(\d{1,2})\.(\d{1,2})")
_RANGE_WITH_MULT = re.compile(r"(万|亿)\s*(?:—{1,2}|–|-{1,2}|~|～|至)\s*(\d+(?:\.\d+)?)(?=\1)")
_ORDINAL_LIST = re.compile(
    r"第[零〇一二两三四五六七八九十百\d]+(?:、[零〇一二两三四五六七八九十\d]+)*、$"
)
_BARE_PLACEHOLDER_BEFORE = re.compile(r"(?:为|达|达到|共|计|约|近|超过|至|到|是)$")
_BARE_PLACEHOLDER_AFTER = re.compile(r"[，,。；;、）)\n]|$")
_LATIN = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_BLANKS = frozenset("xX*")  # in normalised text (＊ is *)
_ONE_AS_WORD = "每同这那某任唯统逐单之哪"
# 一批, 一份, 一件大事: 一 with these measure words is an article, not a count
_ARTICLE_UNITS = frozenset({"批", "份", "件", "条", "支", "种", "类", "家", "轮", "部", "门", "组"})
_LIST_MARKER_BEFORE = re.compile(r"(?:^|[\n\s(（【\[。；;：:])$")
_LIST_MARKER_AFTER = re.compile(r"[.、)）\]】](?!\d)")


_NUMERALS = {"ar": "arabic", "cn": "chinese", "ph": "placeholder"}
_MULT_WRITTEN = {v: k for k, v in _MULT_WORDS.items()}
_CN_DECIMALS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_DOUBLED_WAN = re.compile(r"万(?![元亿\u4e00-\u9fff])")


def _years_like(d: Decimal, s: str) -> bool:
    return "." not in s and "," not in s and len(s) == 4 and 1900 <= d <= 2100


def _cn_value(s: str) -> Decimal | None:
    try:
        return _chinese(s)
    except NumberParseError:
        return None


def _number_matches(t: str, pos: int, stop: int) -> Iterator[re.Match[str]]:
    """The matches _NUM_RE.finditer(t, pos, stop) yields (leftmost, not overlapping)."""
    for c in _NUM_FIRST.finditer(t, pos, stop):
        if c.start() < pos:
            continue
        m = _NUM_RE.match(t, c.start(), stop)
        if m is not None:
            yield m
            pos = m.end()


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every figure in text[start:end], in order; spans index `text`. Never raises on a str."""
    if not isinstance(text, str):
        raise NumberParseError(f"not a string: {text!r}")
    t = normalise_digits(text)
    stop = len(t) if end is None else max(0, min(end, len(t)))
    masked = _mask(t)
    out: list[Quantity] = []
    pos = max(0, start)
    for m in _number_matches(t, pos, stop):  # one scan; matches inside a figure are skipped
        if m.start() < pos:
            continue
        try:
            q = _quantity_at(t, m, masked, stop)
        except (NumberParseError, InvalidOperation, ValueError, ArithmeticError):
            q = None
        if q is None:
            continue
        signed = _signed(t, q)
        if signed is not q or t is not text:  # else its raw is the text's already
            q = replace(signed, raw=text[signed.start : signed.end])
        out.append(q)
        pos = q.end
    return out


def _signed(t: str, q: Quantity) -> Quantity:
    """A rate or a change in points written with a minus sign after words (增长-10.42个百分点,
    增幅为-3.5%) is negative; a dash between numbers (3-5%) is a range, not a sign."""
    if (
        q.value is None
        or q.value_high is not None
        or q.unit not in ("percent", "percentage_points")
        or q.start < 2
        or t[q.start - 1] not in "-−"
        or not ("\u4e00" <= t[q.start - 2] <= "\u9fff" or t[q.start - 2] in ":：")
    ):
        return q
    return replace(q, start=q.start - 1, value=-q.value)


def _quantity_at(t: str, m: re.Match[str], masked: bytearray, stop: int) -> Quantity | None:
    """Read the figure whose number starts at match m, or None when it is not a figure."""
    s, e = m.start(), m.end()
    kind = m.lastgroup
    if kind == "cn":
        # most Chinese numerals are words (一是, 统一, 二十大): reject them cheaply first
        tail = _CN_TAIL.match(t, e, stop)
        if not _read_unit(t, tail.end() if tail else e, True)[0]:
            return None
    if any(masked[s:e]):
        return None
    if kind == "ar" and t[e : e + 1] in _BLANKS:
        return None  # 20xx年, 20**年, 1**万元: digits of a number blanked out, not a figure
    before = t[max(0, s - 12) : s]
    if kind == "ph" and before[-1:] in _LATIN:
        return None  # QQ, TOP: letters, not a placeholder
    if before.endswith("第") or _ORDINAL_LIST.search(before):
        return None
    if before[-1:].isascii() and before[-1:].isalpha() and kind in {"ar", "ratio"}:
        return None
    qualifier: Qualifier = "exact"
    if before[-1:] in _QUAL_BEFORE_LAST:
        for word, qual in _QUAL_BEFORE_LONGEST_FIRST:
            if before.endswith(word):
                qualifier = qual  # type: ignore[assignment]
                break

    if kind == "ratio":
        return _ratio(t, m, before)
    if kind == "pct":
        body = m.group("pct")[3:]
        value = _number_core(body) if body[0].isdigit() else _chinese(body)
        return _finish(t, s, e, value, None, "%", qualifier, stop, "chinese", False, "")

    numeral = _NUMERALS[kind or "ar"]
    token = m.group(0)
    chinese = kind == "cn"
    redacted = kind == "ph"
    low: Decimal | None = None
    if kind == "ar":
        # 92.六亿元: a spun or OCR-damaged decimal written with Chinese digits
        low = _arabic(token.translate(_CN_DECIMALS) if "." in token else token)
    elif chinese:
        if token[-1] in "万亿千百" and len(token) == 1:
            return None
        if token == "一" and before and before[-1] in _ONE_AS_WORD:
            return None
        low = _cn_value(token)
        if low is None:
            # 十四五, 二〇二三 read fine; a failure means a word such as 万一
            return None
    high: Decimal | None = None
    pos = e
    # a range: 300—500人次, 3-5名, 1至2项
    rm = _RANGE_SEP.match(t, pos, stop)
    if rm and kind in {"ar", "cn"}:
        m2 = _NUM_RE.match(t, rm.end(), stop)
        if m2 and m2.lastgroup == kind and not any(masked[m2.start() : m2.end()]):
            v2 = _arabic(m2.group(0)) if kind == "ar" else _cn_value(m2.group(0))
            sep = rm.group(0).strip()
            if v2 is not None and low is not None and v2 > low and sep not in {"到"}:
                if kind == "ar" and (_years_like(low, token) and _years_like(v2, m2.group(0))):
                    return None  # 2021—2022学年
                high, pos = v2, m2.end()
            elif kind == "ar" and _years_like(low, token):
                return None
    # 5万至10万元: the multiplier written on both ends of the range
    if kind == "ar" and high is None and low is not None:
        rm3 = _RANGE_WITH_MULT.match(t, pos, stop)
        if rm3 and _arabic(rm3.group(2)) > low:
            high, pos = _arabic(rm3.group(2)), rm3.end()
    # approx infix, multiplier, approx infix: 40余万元, 2万余名, 三百余名
    infix_approx = False
    if t.startswith(_APPROX_INFIX, pos) and pos < stop:
        infix_approx, pos = True, pos + 1
    mult = Decimal(1)
    unit_typo = ""
    if not chinese:
        for w in ("千万", "百万", "万亿", "万", "亿"):
            if t.startswith(w, pos) and not (w == "万" and t.startswith("万元", pos)):
                mult, pos = _MULT_WORDS[w], pos + len(w)
                break
        if mult == _MULT_WORDS["万"] and _DOUBLED_WAN.match(t, pos):
            pos += 1  # 1091万万: a typo of 万元, read as money (万万 as 亿 is literary)
            unit_typo = "元"
        if t.startswith(_APPROX_INFIX, pos) and pos < stop:
            infix_approx, pos = True, pos + 1
    # one space may sit between a number and its unit (4282 人次)
    upos = pos + 1 if t[pos : pos + 1] in {" ", "\u3000"} and kind == "ar" else pos
    unit, uend = _read_unit(t, upos, chinese)
    if unit_typo:
        unit = unit_typo
    elif unit:
        pos = uend
    # years and dates are not figures
    if (
        kind == "ar"
        and high is None
        and low is not None
        and _years_like(low, token)
        and (unit in {"", "年"} or unit in _NOT_FIGURE_UNITS or mult != 1)
    ):
        return None
    if not unit and _DATE_AFTER.match(t, pos):
        return None
    duration = kind == "ar" and unit == "年"  # 满10年 (years like 2022年 are gone above)
    if unit in _NOT_FIGURE_UNITS and not duration:
        return None
    if chinese and not unit:
        return None
    if chinese and token == "一" and unit in _ARTICLE_UNITS:
        return None
    if chinese and token == "一" and len(unit) == 1 and t.startswith(unit, pos):
        return None  # 一所所学校, 一个个园丁: every one of them, not one
    if (
        redacted
        and not unit
        and not (_BARE_PLACEHOLDER_BEFORE.search(before) and _BARE_PLACEHOLDER_AFTER.match(t, pos))
    ):
        return None  # xx区, “xx”规划: a name left blank, not a figure (but 系数为xx, is)
    if kind == "ar" and not unit and mult == 1:
        nxt = t[pos : pos + 1]
        # 1.政治理论学习 / (2) / 3、: list markers, not figures
        if (
            high is None
            and _LIST_MARKER_BEFORE.search(t[max(0, s - 1) : s])
            and (_LIST_MARKER_AFTER.match(t, pos))
        ):
            return None
        # 3.23警示教育 (a month.day name), 0355 and other long codes
        md = _MONTH_DAY.fullmatch(token)
        if md and "\u4e00" <= nxt <= "\u9fff" and 1 <= int(md[1]) <= 12 and 1 <= int(md[2]) <= 31:
            return None
        if "." not in token and len(token.replace(",", "")) >= 7:
            return None
        if nxt in {"-", "/", "—"} or t[pos : pos + 2] in {"万元", "亿元"}:
            return None
    if infix_approx:
        qualifier = "approx"
    value = None if redacted or low is None else low * mult
    vhigh = None if high is None else high * mult
    written = ("" if mult == 1 else _MULT_WRITTEN[mult]) + unit
    return _finish(t, s, pos, value, vhigh, unit, qualifier, stop, numeral, redacted, written)


def _finish(
    t: str,
    s: int,
    pos: int,
    value: Decimal | None,
    high: Decimal | None,
    unit: str,
    qualifier: Qualifier,
    stop: int,
    numeral: str,
    redacted: bool,
    written: str,
) -> Quantity:
    if unit in _MONEY and value is not None:
        value = value * _MONEY[unit]
        high = None if high is None else high * _MONEY[unit]
    for word, qual in _QUAL_AFTER:
        if t.startswith(word, pos) and word != "多":
            qualifier = qual  # type: ignore[assignment]
            break
    norm = _NORMALISED.get(unit, unit)
    return Quantity(
        start=s,
        end=pos,
        raw=t[s:pos],
        value=None if value is None else _to_float(value),
        unit=norm,
        written_unit=written or unit,
        value_high=None if high is None else _to_float(high),
        qualifier=qualifier,
        redacted=redacted,
        numeral=numeral,
    )


def _ratio(t: str, m: re.Match[str], before: str) -> Quantity | None:
    """1:12.5 after 师生比/生师比 (or any 比 in the clause): students per teacher."""
    raw = m.group("ratio")
    a_s, b_s = re.split(r"\s*[:：]\s*", raw)
    clause = re.split(r"[，,。；;\n]", before)[-1]
    if "比" not in clause and "." not in b_s:
        return None  # a time such as 14:13
    a, b = Decimal(a_s), Decimal(b_s)
    if a == 0 or b == 0:
        return None
    value = max(a, b) / min(a, b)
    return Quantity(
        start=m.start(),
        end=m.end(),
        raw=raw,
        value=_to_float(value),
        unit="ratio",
        written_unit=":",
        numeral="ratio",
    )


def parse_quantity(s: str) -> Quantity:
    """Exactly one figure, optionally with qualifiers around it: 近2800万元, 80%以上, xx名.

    Raises NumberParseError when s holds no figure, more than one, or anything else.
    """
    if not isinstance(s, str):
        raise NumberParseError(f"not a string: {s!r}")
    text = s.strip()
    found = find_quantities(text)
    if len(found) != 1:
        raise NumberParseError(f"expected one figure, found {len(found)}: {s!r}")
    q = found[0]
    head, tail = text[: q.start], text[q.end :]
    if head and not any(head == w for w, _ in _QUAL_BEFORE) and head not in {"共", "达", "约"}:
        raise NumberParseError(f"unexpected text before the figure: {s!r}")
    if tail and not any(tail == w for w, _ in _QUAL_AFTER):
        raise NumberParseError(f"unexpected text after the figure: {s!r}")
    return q
