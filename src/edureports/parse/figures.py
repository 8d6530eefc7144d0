"""Classification of each figure into the indicator catalog, with level and category.

numbers.find_quantities() finds every figure; this module reads the clause around each
one and decides what it measures. Rules read jieba words of the clause (a user
dictionary generated from catalog.jieba_words()), and only clauses holding a figure
that could match an indicator are segmented, so that classification stays cheaper
than segmenting the whole report.

Precision over recall: a figure in doubt stays `unclassified` with its unit as written.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from edureports import catalog
from edureports.parse.numbers import Quantity, find_quantities
from edureports.parse.types import Figure, Period, ReportMeta, Role, Section

__all__ = ["extract_figures", "tokenizer", "warm_up"]

# ---------------------------------------------------------------- jieba, once per process

_TOKENIZER = None
_TOKENIZER_LOCK = threading.Lock()


def tokenizer():  # -> jieba.Tokenizer (untyped library)
    """jieba's process-wide tokenizer with the catalog dictionary added, built on first use.

    The default tokenizer is reused (not a second jieba.Tokenizer) so that a process loads
    jieba's dictionary once, ~0.5 s and tens of MB; call warm_up() before forking workers.
    """
    global _TOKENIZER
    if _TOKENIZER is None:
        with _TOKENIZER_LOCK:
            if _TOKENIZER is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.dt
                tk.initialize()
                for word in catalog.jieba_words():
                    tk.add_word(word, freq=200_000)
                _TOKENIZER = tk
    return _TOKENIZER


def warm_up() -> None:
    """Initialise jieba and the catalog dictionary now (before forking workers)."""
    tokenizer()


Token = tuple[str, int, int]  # word, absolute start, absolute end

# ---------------------------------------------------------------- vocabulary

_RATE_CODES: dict[str, str] = {
    w: ind.code
    for ind in catalog.INDICATORS
    if ind.unit in {"percent", "coefficient"}
    for w in (ind.name_zh, *ind.wordings)
}
_RATE_NOUN_END = ("率", "占比", "比例", "系数", "覆盖面", "比重")
_EXPENDITURE_WORDS = catalog.BY_CODE["education_expenditure"].wordings


def _cue_words(code: str) -> tuple[str, ...]:
    ind = catalog.BY_CODE[code]
    return (*ind.wordings, *ind.cues)


_FUNDING_WORDS = catalog.FUNDING_VERBS
_NOT_FUNDING = catalog.NOT_FUNDING_WORDS
_SPORTS_WORDS = catalog.FUNDING_CATEGORY_WORDS["sports"]
_CATEGORY_WORDS = tuple(
    (cat, words) for cat, words in catalog.FUNDING_CATEGORY_WORDS.items() if cat != "sports"
)
_LOTTERY = _cue_words("sports_lottery_sales")
_RECRUIT = _cue_words("teachers_recruited")
_ROTATE = _cue_words("teachers_rotated")
_AID_WORDS = catalog.BY_CODE["students_aided"].cues  # money words, not 惠及 alone
_CONSOLIDATE = _cue_words("schools_consolidated")
_LEVEL_NOUNS = catalog.SCHOOL_LEVEL_WORDS
_LEVEL_AFTER = tuple(
    (re.compile(rf"[\u4e00-\u9fff]{{0,3}}?{noun}"), level) for noun, level in _LEVEL_NOUNS
)
_NOT_A_SCHOOL = re.compile(r"校长|园长|教师|学生|老师")
_PERSON_UNITS = frozenset({"名", "人", "人次", "位"})
_SCHOOL_UNITS = frozenset({"所", "个", "处"})

_CLAUSE_DELIMS = re.compile(r"[，,。；;：:！!？?\n]")
_SENTENCE_DELIMS = re.compile(r"[。；;！!？?\n]")
_CHANGE_BEFORE = re.compile(
    r"(?<!新)(?:增加|增长|提高|提升|上升|下降|降低|减少|增幅|增速|多出|缩小|扩大)(?:了|为|达)?$"
)
_EARLIER_BEFORE = re.compile(r"(?:由|从)$")
_TARGET_BEFORE = re.compile(
    r"(?<![按照国培师训强])计划(?![生单内])|预计|(?<![模虚])拟(?![定写])|力争|预期|目标(?:任务)?为"
)
_TOTAL_BEFORE = re.compile(r"共|合计|总计|累计|全年|总")


@dataclass
class _Context:
    """Clause and sentence around one figure, with lazily segmented words."""

    text: str
    q: Quantity
    cs: int
    ce: int
    ss: int
    se: int
    clauses: list[tuple[int, int]]  # clause spans of the sentence
    _tokens: dict[tuple[int, int], list[Token]] = field(default_factory=dict)

    @property
    def clause(self) -> str:
        return self.text[self.cs : self.ce]

    @property
    def before(self) -> str:
        return self.text[self.cs : self.q.start]

    @property
    def sentence_before(self) -> str:
        return self.text[self.ss : self.q.start]

    def tokens(self, span: tuple[int, int] | None = None) -> list[Token]:
        span = span or (self.cs, self.ce)
        if span not in self._tokens:
            self._tokens[span] = _segment(self.text, *span)
        return self._tokens[span]

    def words_before(self) -> list[str]:
        return [w for w, s, e in self.tokens() if e <= self.q.start]

    def words(self) -> list[str]:
        return [w for w, s, e in self.tokens() if not (s >= self.q.start and e <= self.q.end)]

    def clause_index(self) -> int:
        for i, (s, e) in enumerate(self.clauses):
            if s <= self.q.start < e or s <= self.q.start <= e:
                return i
        return 0


_SEGMENT_CACHE: dict[str, list[tuple[str, int, int]]] = {}


def _segment(text: str, start: int, end: int) -> list[Token]:
    chunk = text[start:end]
    toks = _SEGMENT_CACHE.get(chunk)
    if toks is None:
        toks = list(tokenizer().tokenize(chunk, HMM=False))
        if len(_SEGMENT_CACHE) > 20_000:
            _SEGMENT_CACHE.clear()
        _SEGMENT_CACHE[chunk] = toks
    return [(w, start + s, start + e) for w, s, e in toks]


def _any_word(words: Sequence[str], keys: Sequence[str]) -> bool:
    return any(k in w for w in words for k in keys)


# ---------------------------------------------------------------- the classifier


@dataclass
class _Class:
    indicator: str = "unclassified"
    school_level: str | None = None
    funding_category: str | None = None


# A bare 入学率 is named by the stage written before it in the clause.
_GENERIC_RATES: dict[str, tuple[tuple[str, str], ...]] = {
    "入学率": (
        ("残疾", "disabled_children_enrolment_rate"),
        ("义务教育", "compulsory_enrolment_rate"),
        ("小学", "primary_enrolment_rate"),
    ),
    "净入学率": (("小学", "primary_enrolment_rate"),),
    "毛入学率": (
        ("高中阶段", "senior_secondary_gross_enrolment_rate"),
        ("初中", "junior_gross_enrolment_rate"),
    ),
}


def _rate_in(words: list[str], before: str) -> _Class | None:
    """The nearest rate noun names the figure: a catalog wording gives its code, another
    rate noun (接种率, 覆盖率 of safe campuses) leaves it unclassified; None: no rate noun."""
    for word in reversed(words):
        code = _RATE_CODES.get(word)
        if code is not None:
            return _Class(code)
        if word in _GENERIC_RATES:
            head = re.split(r"[、和及与率]", before[: before.rfind(word)])[-1][-12:]
            for stage, generic_code in _GENERIC_RATES[word]:
                if stage in head:
                    return _Class(generic_code)
            return _Class()
        if word.endswith(_RATE_NOUN_END):
            return _Class()
    return None


def _rate(ctx: _Context) -> _Class:
    found = _rate_in(ctx.words_before(), ctx.before)
    if found is not None:
        return found
    # 毛入园率达到92.5%,比上年提高2.3个百分点: a change names no rate, the clause before does
    idx = ctx.clause_index()
    changed = _CHANGE_BEFORE.search(ctx.before.rstrip()) or ctx.q.unit == "percentage_points"
    if changed and idx > 0:
        s, e = ctx.clauses[idx - 1]
        found = _rate_in([w for w, _, _ in ctx.tokens((s, e))], ctx.text[s:e])
        if found is not None:
            return found
    return _Class()


def _coefficient(ctx: _Context) -> _Class:
    for word in reversed(ctx.words_before()):
        code = _RATE_CODES.get(word)
        if code is not None and catalog.BY_CODE[code].unit == "coefficient":
            return _Class(code)
        if word.endswith(_RATE_NOUN_END):
            return _Class()
    return _Class()


def _level_after(text: str, pos: int) -> tuple[bool, str | None]:
    """Whether a school noun follows pos (4所小学, 3所寄宿制学校), and its level."""
    tail = text[pos : pos + 8]
    if not tail or not "\u4e00" <= tail[0] <= "\u9fff":
        return False, None
    for pattern, level in _LEVEL_AFTER:
        m = pattern.match(tail)
        if m and not _NOT_A_SCHOOL.match(tail, m.end()):
            return True, level
    return False, None


def _level_in(text: str) -> str | None:
    for noun, level in _LEVEL_NOUNS:
        if noun in text and level is not None:
            return level
    return None


_PER_STUDENT = re.compile(r"生均|补助标准|标准为|每生|每人|每名(?:学生|幼儿)|人均")


def _money(ctx: _Context) -> _Class:
    words_before = ctx.words_before()
    clause = ctx.clause
    if _any_word(words_before, _LOTTERY) and re.search(r"销售|销量", ctx.before):
        return _Class("sports_lottery_sales")
    if any(w in ctx.before for w in _EXPENDITURE_WORDS):
        return _Class("education_expenditure", funding_category=None)
    if ctx.q.unit == "yuan_per_student" or _PER_STUDENT.search(ctx.before):
        return _Class("per_student_funding", school_level=_level_in(clause))
    if any(w in clause for w in _NOT_FUNDING):
        return _Class()
    words = ctx.words()
    idx = ctx.clause_index()
    if not _any_word(words, _FUNDING_WORDS):
        # 为各校补充图书12839册,共计28万元: the verb sits in the clause before
        if idx > 0 and re.match(r"\s*(?:共计|合计|共|总计|累计)", ctx.before):
            prev = ctx.tokens(ctx.clauses[idx - 1])
            if not _any_word([w for w, _, _ in prev], _FUNDING_WORDS):
                return _Class()
        else:
            return _Class()
    return _Class("funding_amount", funding_category=_category(ctx, idx))


def _category(ctx: _Context, idx: int) -> str:
    """The purpose of money: sports first (sentence-wide), then own clause, the clause
    after (用于…), the clause before, the rest of the sentence."""
    text = ctx.text
    # the sentence before counts too: 实施了…体育健身器材补短板工程。整个工程共投资40余万元
    prev_start = max(text.rfind(c, 0, max(ctx.ss - 1, 0)) for c in "。；;！!？?\n") + 1
    if any(w in text[prev_start : ctx.se] for w in _SPORTS_WORDS):
        return "sports"
    order = [idx, idx + 1, idx - 1, *range(idx + 2, len(ctx.clauses)), *range(idx - 2, -1, -1)]
    for i in order:
        if not 0 <= i < len(ctx.clauses):
            continue
        s, e = ctx.clauses[i]
        chunk = text[s:e]
        for category, keys in _CATEGORY_WORDS:
            if any(k in chunk for k in keys):
                return category
    return "other"


_PERSON_HINTS = re.compile(r"教师|老师|资助|助学|补助|免除|学费|贷款|补贴|受助|奖学金|惠及")


def _persons(ctx: _Context) -> _Class:
    if not _PERSON_HINTS.search(ctx.text, ctx.ss, ctx.se):
        return _Class()  # nothing to read: spare the segmentation
    words = ctx.words()
    has_teacher = any(("教师" in w or "老师" in w) and "教师资格" not in w for w in words)
    recruit = _any_word(words, _RECRUIT)
    tail = ctx.text[ctx.q.end : ctx.q.end + 10]
    if has_teacher and not re.match(r"[\u4e00-\u9fff]{0,4}(?:家长|校长|园长)", tail):
        if recruit and not re.search(r"退休|离职|调出", ctx.clause):
            return _Class("teachers_recruited")
        exchanged = re.search(
            r"交流[\u4e00-\u9fff]{0,6}教师|教师[\u4e00-\u9fff]{0,2}交流", ctx.clause
        )
        if _any_word(words, _ROTATE) or (exchanged and not recruit):
            return _Class("teachers_rotated")
        return _Class()
    sentence = ctx.text[ctx.ss : ctx.se]
    if any(w in sentence for w in _AID_WORDS):
        student_after = re.match(r"[\u4e00-\u9fff]{0,8}?(?:学生|幼儿|儿童)(?!家长)", tail)
        student_before = re.search(r"(?:学生|幼儿|儿童|人数)[\u4e00-\u9fff]{0,4}$", ctx.before)
        aid_in_clause = _any_word(words, ("资助", "惠及", "受助", "免除", "助学"))
        if "家长" in tail[:8]:
            return _Class()
        if student_after or student_before or aid_in_clause:
            return _Class("students_aided")
    return _Class()


def _schools(ctx: _Context) -> _Class:
    """One observation per school level of a consolidation list: the consolidation word
    sits in the figure's clause or in a clause joined to it by other list items."""
    found, level = _level_after(ctx.text, ctx.q.end)
    if not found:  # 撤并小学3所,初中2所: the noun may also come first
        for noun, lvl in _LEVEL_NOUNS:
            if re.search(rf"{noun}(?:共|合计)?$", ctx.before):
                found, level = True, lvl
                break
    if not found:
        return _Class()
    idx = ctx.clause_index()

    def is_item(i: int) -> bool:
        s, e = ctx.clauses[i]
        return bool(re.search(r"(?:\d+|[一二两三四五六七八九十xX]+)(?:所|个|处)", ctx.text[s:e]))

    def has_word(i: int) -> bool:
        s, e = ctx.clauses[i]
        return any(w in ctx.text[s:e] for w in _CONSOLIDATE)

    hit = has_word(idx)
    j = idx + 1
    while not hit and j < len(ctx.clauses) and j <= idx + 4:
        if has_word(j):
            hit = True
            break
        if not is_item(j):
            break
        j += 1
    j = idx - 1
    while not hit and j >= 0 and j >= idx - 4:
        if has_word(j):
            hit = True
            break
        if not is_item(j):
            break
        j -= 1
    if hit:
        return _Class("schools_consolidated", school_level=level)
    return _Class()


def _places(ctx: _Context) -> _Class:
    tail = ctx.text[ctx.q.end : ctx.q.end + 8]
    named = re.match(r"[\u4e00-\u9fff]{0,4}?学位", tail) or re.search(
        r"学位[^，,。；;]{0,2}$", ctx.before
    )
    if named and (ctx.q.unit in {"个", "位"} or (ctx.q.unit == "" and "学位" in ctx.before)):
        return _Class("school_places_added")
    return _Class()


def _classify(ctx: _Context) -> _Class:
    q = ctx.q
    if q.unit in {"percent", "percentage_points"}:
        return _rate(ctx)
    if q.unit == "":
        if "学位" in ctx.before:
            return _places(ctx)
        return _coefficient(ctx)
    if q.unit == "ratio":
        if re.search(r"师生比|生师比", ctx.before):
            return _Class("pupil_teacher_ratio")
        return _Class()
    if q.unit in {"yuan", "yuan_per_student"}:
        return _money(ctx)
    if q.unit in _PERSON_UNITS:
        return _persons(ctx)
    if q.unit in _SCHOOL_UNITS:
        cls = _schools(ctx)
        if cls.indicator == "unclassified" and q.unit == "个":
            cls = _places(ctx)
        return cls
    return _Class()


# ---------------------------------------------------------------- spans and sections


def _bounds(delims: list[int], n: int, pos: int, end: int) -> tuple[int, int]:
    i = bisect.bisect_left(delims, pos)
    start = delims[i - 1] + 1 if i > 0 else 0
    j = bisect.bisect_left(delims, end)
    stop = delims[j] if j < len(delims) else n
    return start, stop


def _innermost(sections: list[Section], pos: int) -> Section | None:
    best: Section | None = None
    for sec in sections:
        if sec.start <= pos < sec.end and (best is None or sec.depth >= best.depth):
            best = sec
    return best


def _period_role(
    sections: list[Section], sec: Section | None, meta: ReportMeta
) -> tuple[Period | None, Role | None]:
    period: Period | None = None
    role: Role | None = None
    node = sec
    seen = 0
    while node is not None and seen < 64:
        period = period or node.period
        role = role or node.role
        if period and role:
            break
        node = (
            sections[node.parent]
            if node.parent is not None and node.parent < len(sections)
            else None
        )
        seen += 1
    if role is None:
        role = "review"  # 存在的问题 and unmarked prose speak of the reviewed period
    if period is None:
        period = meta.plan if role == "plan" and meta.plan else meta.review
    return period, role


# ---------------------------------------------------------------- entry point


def extract_figures(text: str, sections: list[Section], meta: ReportMeta) -> list[Figure]:
    """Every figure in the text, classified where the wording is unambiguous."""
    quantities = find_quantities(text)
    n = len(text)
    clause_delims = [m.start() for m in _CLAUSE_DELIMS.finditer(text)]
    sentence_delims = [m.start() for m in _SENTENCE_DELIMS.finditer(text)]
    figures: list[Figure] = []
    for q in quantities:
        cs, ce = _bounds(clause_delims, n, q.start, q.end)
        ss, se = _bounds(sentence_delims, n, q.start, q.end)
        lo = bisect.bisect_right(clause_delims, ss - 1)
        hi = bisect.bisect_left(clause_delims, se)
        cuts = [ss - 1, *clause_delims[lo:hi], se]
        clauses = [(a + 1, b) for a, b in itertools.pairwise(cuts) if b > a + 1 or b == se]
        ctx = _Context(text, q, cs, ce, ss, se, clauses)
        cls = _classify(ctx)
        sec = _innermost(sections, q.start)
        period, role = _period_role(sections, sec, meta)
        measure = "level"
        pre = ctx.before.rstrip()
        if q.unit == "percentage_points" or _CHANGE_BEFORE.search(pre):
            measure = "change"
        elif _EARLIER_BEFORE.search(pre):
            measure = "earlier"
        if q.redacted:
            status = "redacted"
        elif role == "plan" or _TARGET_BEFORE.search(ctx.sentence_before):
            status = "target"
        else:
            status = "reported"
        if cls.indicator == "unclassified":
            unit = q.unit
        elif q.unit == "percentage_points":
            unit = "percentage_points"
        else:
            unit = catalog.BY_CODE[cls.indicator].unit
        fig = Figure(
            start=q.start,
            end=q.end,
            raw=q.raw,
            value=q.value,
            unit=unit,
            qualifier=q.qualifier,
            status=status,  # type: ignore[arg-type]
            measure=measure,  # type: ignore[arg-type]
            value_high=q.value_high,
            indicator=cls.indicator,
            school_level=cls.school_level,
            funding_category=cls.funding_category,
            clause=ctx.clause,
            section=None if sec is None else sec.index,
            period=period,
            role=role,
        )
        fig.flag = _flag(fig)
        figures.append(fig)
    _link_repeats(text, figures)
    _link_totals(text, figures, sentence_delims)
    return figures


def _flag(fig: Figure) -> str | None:
    """Why a value of a catalog rate, coefficient or ratio is implausible (kept anyway);
    unclassified percentages (完成年度计划的105%) are not rates and are not flagged."""
    if fig.value is None or fig.measure != "level" or fig.indicator == "unclassified":
        return None
    if fig.unit == "percent" and fig.value > 100:
        return "rate above 100"
    if fig.unit == "percent" and fig.value < 0:
        return "negative rate"
    if fig.unit == "coefficient" and fig.value > 1:
        return "coefficient above 1"
    if fig.unit == "ratio" and not 1 <= fig.value <= 100:
        return "ratio outside 1..100"
    return None


def _key(f: Figure) -> tuple[object, ...]:
    return (
        f.indicator,
        f.value,
        f.value_high,
        f.funding_category,
        f.school_level,
        f.period,
        f.measure,
        f.unit,
    )


def _link_repeats(text: str, figures: list[Figure]) -> None:
    """The same figure stated twice points to its first statement. Unclassified figures
    also need the same words just before them (在校生占比1.4% twice), else 100% of one
    thing would repeat 100% of another."""
    first: dict[tuple[object, ...], int] = {}
    for i, f in enumerate(figures):
        if f.value is None:
            continue
        k = _key(f)
        if f.indicator == "unclassified":
            lead = text[max(0, f.start - 6) : f.start]
            if len(lead) < 6 or _CLAUSE_DELIMS.search(lead):
                continue
            k = (*k, lead)
        if k in first:
            f.repeat_of = first[k]
        else:
            first[k] = i


def _link_totals(text: str, figures: list[Figure], sentence_delims: list[int]) -> None:
    """A figure introduced by 共/合计/全年… that equals the sum of the figures of the same
    indicator just before it (same section) is their total."""
    n = len(text)
    for i, f in enumerate(figures):
        if f.indicator == "unclassified" or f.value is None or f.repeat_of is not None:
            continue
        ss, _ = _bounds(sentence_delims, n, f.start, f.end)
        if not _TOTAL_BEFORE.search(text[ss : f.start]):
            continue
        parts: list[int] = []
        total = 0.0
        for j in range(i - 1, -1, -1):
            g = figures[j]
            if g.indicator != f.indicator or g.unit != f.unit:
                continue
            if g.section != f.section or g.value is None or g.total_of or g.repeat_of is not None:
                break
            if f.start - g.end > 800:
                break
            parts.append(j)
            total += g.value
            if len(parts) >= 2 and abs(total - f.value) <= 1e-6 * max(1.0, abs(f.value)):
                f.total_of = tuple(sorted(parts))
                break
            if total > f.value * (1 + 1e-9) or len(parts) >= 12:
                break
