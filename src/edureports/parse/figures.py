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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from edureports import catalog
from edureports.parse.numbers import Quantity, find_quantities
from edureports.parse.types import Figure, Period, ReportMeta, Role, Section
from edureports.parse.words import tokenizer, warm_up

__all__ = ["extract_figures", "tokenizer", "warm_up"]

Token = tuple[str, int, int]  # word, absolute start, absolute end

# ---------------------------------------------------------------- vocabulary

_RATE_CODES: dict[str, str] = {}
# longest first: the text ending at a rate noun is matched against whole wordings, so
# that a wording jieba cuts in two (公办园在园幼儿占比|率) still names its code
_RATE_WORDINGS: tuple[str, ...] = ()
# the catalog rule: per unit as written, (wording, indicator) longest wording first
_BY_UNIT: dict[str, tuple[tuple[str, catalog.Indicator], ...]] = {}
# per unit, a pattern that finds any of its wordings: most texts the catalog rule reads name
# none, and one search tells so faster than a find per wording
_ANY_WORDING: dict[str, re.Pattern[str]] = {}
# the wordings of coefficients: a bare number after none of them is none (no need to segment)
_ANY_COEFFICIENT: re.Pattern[str] = re.compile("(?!)")


def _build_tables() -> None:
    """The classifier's tables from the catalog in use (rebuilt when a user file is added)."""
    global _RATE_CODES, _RATE_WORDINGS, _BY_UNIT, _ANY_WORDING, _ANY_COEFFICIENT
    _RATE_CODES = {
        w: ind.code
        for ind in catalog.INDICATORS
        if ind.unit in {"percent", "coefficient"} and not ind.units
        for w in (ind.name_zh, *ind.wordings)
    }
    _RATE_WORDINGS = tuple(sorted(_RATE_CODES, key=len, reverse=True))
    coefficients = [
        w for w, code in _RATE_CODES.items() if catalog.BY_CODE[code].unit == "coefficient"
    ]
    _ANY_COEFFICIENT = re.compile("|".join(map(re.escape, coefficients)) or "(?!)")
    by_unit: dict[str, list[tuple[str, catalog.Indicator]]] = {}
    for ind in catalog.INDICATORS:
        for unit in ind.units:
            by_unit.setdefault(unit, []).extend((w, ind) for w in ind.wordings)
    _BY_UNIT = {
        u: tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))
        for u, pairs in by_unit.items()
    }
    _ANY_WORDING = {
        u: re.compile("|".join(re.escape(w) for w, _ in pairs)) for u, pairs in _BY_UNIT.items()
    }


_build_tables()
catalog.on_change(_build_tables)
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
_AID_NAMES = catalog.BY_CODE["students_aided"].wordings
_TEACHERS = catalog.TEACHER_NOUNS
_MONEY_LEAD = re.compile(
    r"\s*[\u4e00-\u9fff]{0,4}?(?:"
    + "|".join(sorted(catalog.MONEY_LEAD_WORDS, key=len, reverse=True))
    + ")"
)
_CONSOLIDATE = _cue_words("schools_consolidated")
_LEVEL_NOUNS = catalog.SCHOOL_LEVEL_WORDS
_LEVEL_AFTER = tuple(
    (re.compile(rf"[\u4e00-\u9fff]{{0,3}}?{noun}"), level) for noun, level in _LEVEL_NOUNS
)
_NOT_A_SCHOOL = re.compile(r"校长|园长|教师|学生|老师")
_PERSON_UNITS = frozenset({"名", "人", "人次", "位"})
_SCHOOL_UNITS = frozenset({"所", "个", "处"})

_CLAUSE_DELIMS = re.compile(r"[，,。；;：:！!？?\n]")
_SENTENCE_ENDS = "。；;！!？?\n"
_SENTENCE_DELIMS = re.compile(f"[{_SENTENCE_ENDS}]")
_CHANGE_BEFORE = re.compile(
    r"(?<!新)(?:增加|增长|提高|提升|上升|下降|降低|减少|增幅|增速|多出|缩小|扩大)(?:了|为|达)?$"
)
# 由58%上升到, 比上年的73991万元增长, 与上年的73991万元同口径相比: an earlier level
_EARLIER_BEFORE = re.compile(
    r"(?:(?:由|从)(?:(?:19|20)\d{2}年(?:底|末)?的)?"
    r"|(?:比|较|与|同)(?:上年|去年|上一年|上年度|(?:19|20)\d{2}年)(?:同期|底|末)?的?)$"
)
# 高出要求51.5万元: by how much a figure passed another, a change
_EXCESS_BEFORE = re.compile(r"(?:高出|超出|超过|多出)[\u4e00-\u9fff]{1,4}$")
_LAST_YEAR = re.compile(r"上年|去年|上一年")
_DONE_BY = re.compile(r"截至|截止|已经|已")
_EARLIER_YEAR = re.compile(r"((?:19|20)\d{2})年(?:底|末)?的?$")
# 计划 as a programme's name (营养改善计划, 年度投资计划的32%, 特岗教师计划以及引才计划等) is no
# target, nor 共计/累计 before 划拨 (共计划拨资金3亿元). Only searched
# for: the lookbehinds follow the word they guard, so that every alternative opens with a
# literal and the regex engine skips ahead to those (a sentence is read once per figure).
_TARGET_BEFORE = re.compile(
    r"计划(?<![按照国培师训强]计划)"
    r"(?<!(?:改善|改造|提升|行动|培养|发展|振兴|工作|教学|招生|投资|建设)计划)(?![生单内的等、及]|以及|(?<=[共累合总]计划)拨)"
    r"|预计|拟(?<![模虚]拟)(?![定写])|力争|预期|目标(?:任务)?(?:数|值)?(?:为|是)|建成(?:投用|投入使用)?后"
    r"|未来[一二两三四五六七八九十几\d]+年|今后[一二两三四五六七八九十几\d]+年|将于"
    r"|规划(?:投资|投入|新建|建设|新增|改扩建)"
)
# 计划投资6.92亿元,实际完成投资8.07亿元: what was done, written after what was planned in
# the same sentence, is no target.
_DONE_AFTER_TARGET = re.compile(
    r"实际|已经?[^，,。；;、]{0,8}?(?:完成|建成|竣工|投入|到位|拨付|落实)"  # 已于8月底全部竣工
)
# 今年我市将新增学位11.45万个: will, in the figure's own clause (a sentence may go on from
# 即将完成主体建设 to what was finished: 全面竣工,新增学位1620个)
_WILL_IN_CLAUSE = re.compile(r"将(?:新增|增加|新建|建成|完成|达到|实现|开工|竣工|提供)")
# 项目总投资6.9亿元, 规划总投资约4.4亿元, 总投资概算约1626.15万元: the total a project is
# budgeted at, a target whichever year it is written in, unless the clause says it is what
# was spent (完成总投资, 累计总投资, 全年教育总投资). A bare 总投资 is either: in a review
# (2017年,总投资7亿多元,实施28个项目) it is what the year's projects took.
_BUDGET_BEFORE = re.compile(
    r"(?:(?:规划|项目)总投资(?:概算|估算|预算)?|总投资(?:概算|估算|预算))"
    r"(?:约|达|为|近|超过?|共计?)?$"
)
_SPENT_IN_CLAUSE = re.compile(r"完成|实际|累计|已|全年|年度")
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
    # the rules read these many times per figure: sliced once
    clause: str = field(init=False)
    before: str = field(init=False)  # the clause up to the figure
    sentence_before: str = field(init=False)

    def __post_init__(self) -> None:
        self.clause = self.text[self.cs : self.ce]
        self.before = self.text[self.cs : self.q.start]
        self.sentence_before = self.text[self.ss : self.q.start]

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


_GENERIC_RATES = catalog.GENERIC_RATE_STAGES


# bare wordings of a rate over a whole stage of schooling (巩固率: the nine compulsory
# years), which a stage written right before makes another stage's rate
_WHOLE_STAGE_ONLY = frozenset({"巩固率"})
_ONE_STAGE_END = re.compile(r"(?:小学|初中|高中)(?:阶段)?(?:学生|在校生)?$")
_STAGE_JOINS = re.compile(r"[、和及与]")
_STAGE_JOINS_OR_RATE = re.compile(r"[、和及与率]")


def _rate_in(tokens: list[Token], text: str, start: int) -> _Class | None:
    """The nearest rate noun names the figure: a catalog wording gives its code, another
    rate noun (接种率, 覆盖率 of safe campuses) leaves it unclassified; None: no rate noun.
    tokens are the words of text[start:...] before the figure."""
    for word, _, end in reversed(tokens):
        code = _RATE_CODES.get(word)
        if code is not None:
            if word in _WHOLE_STAGE_ONLY and _ONE_STAGE_END.search(text, start, end - len(word)):
                return _Class()  # 初中巩固率: one stage's rate, not the nine years'
            return _Class(code)
        is_rate = word in _GENERIC_RATES or word.endswith(_RATE_NOUN_END)
        if is_rate:
            head = text[start:end]
            for wording in _RATE_WORDINGS:
                if head.endswith(wording):
                    return _Class(_RATE_CODES[wording])
        if word in _GENERIC_RATES:
            stages = _GENERIC_RATES[word]
            before = text[start : end - len(word)]
            pieces = _STAGE_JOINS.split(before)
            # 小学入学率、初中入学率均达到100% or 小学、初中入学率: stages share one figure
            if len(pieces) > 1 and any(stage in pieces[-2] for stage, _ in stages):
                return _Class()
            head = _STAGE_JOINS_OR_RATE.split(before)[-1][-12:]
            for stage, generic_code in stages:
                if stage in head:
                    return _Class(generic_code)
            return _Class()
        if is_rate:
            return _Class()
    return None


# a clause that only says when and how much (2020年底达到50%) speaks of the rate before it
_ELLIPTIC = re.compile(
    r"(?:(?:19|20)\d{2}年(?:底|末|初|前)?|到|至|力争|将|要|计划|预计|达到|达|为|是"
    r"|提高到|提升到|上升到|增加到|保持在|稳定在|保持|以上|\s"
    r"|实际|已经?|完成了?)*"  # 目标数是78.9%,实际已完成95.31%: the rate's actual value
)


def _rate(ctx: _Context) -> _Class:
    found = _rate_in([t for t in ctx.tokens() if t[2] <= ctx.q.start], ctx.text, ctx.cs)
    if found is not None:
        return found
    # 毛入园率达到92.5%,比上年提高2.3个百分点: a change names no rate, the clause before does
    idx = ctx.clause_index()
    changed = _CHANGE_BEFORE.search(ctx.before.rstrip()) or ctx.q.unit == "percentage_points"
    if not changed and ctx.before and _ELLIPTIC.fullmatch(ctx.before):
        changed = True
    if changed and idx > 0:
        s, e = ctx.clauses[idx - 1]
        found = _rate_in(ctx.tokens((s, e)), ctx.text, s)
        if found is not None:
            return found
    return _Class()


def _coefficient(ctx: _Context) -> _Class:
    if not _ANY_COEFFICIENT.search(ctx.before):
        return _Class()  # no word before can name a coefficient
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


# aid words that name the figure's own clause as aid (学费减免988人), beside the wordings
_AID_IN_CLAUSE = (*_AID_NAMES, "资助", "受助", "免除", "助学", "减免", "救助")

_PER_STUDENT = re.compile(r"生均|补助标准|标准为|每生|每人|每名(?:学生|幼儿)|人均")


_SALES = re.compile(r"销售|销量")


def _money(ctx: _Context) -> _Class:
    clause = ctx.clause
    if _SALES.search(ctx.before) and _any_word(ctx.words_before(), _LOTTERY):
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
        # 为各校补充图书12839册,共计28万元 / 享受国家助学金647人,金额64.7万元: the verb
        # sits in the clause before
        if idx > 0 and _MONEY_LEAD.match(ctx.before):
            prev = ctx.tokens(ctx.clauses[idx - 1])
            if not _any_word([w for w, _, _ in prev], _FUNDING_WORDS):
                return _Class()
        else:
            lead = _list_lead(ctx)  # 各校投入资金如下：实验小学200万元；…
            if lead is None or not any(w in lead for w in _FUNDING_WORDS):
                return _Class()
            if _PER_STUDENT.search(lead):  # 生均…经费增长情况是：普通小学…本年10359.52元
                return _Class("per_student_funding", school_level=_level_in(clause))
            category = next(
                (c for c, keys in _CATEGORY_WORDS if any(k in lead for k in keys)), None
            )
            return _Class("funding_amount", funding_category=category or _category(ctx, idx))
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


_PERSON_HINTS = re.compile(
    "|".join(sorted({*_TEACHERS, *_AID_WORDS, *_AID_NAMES}, key=len, reverse=True))
)
# 资助寒门学子60名, 直接减免3402名幼儿: who is aided, written after the figure or before it
_AIDED_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:学生|幼儿|儿童|学子)(?!家长)")
_AIDED_BEFORE = re.compile(r"(?:学生|幼儿|儿童|学子|人数)[\u4e00-\u9fff]{0,4}$")


_HEAD_AFTER = re.compile(r"[\u4e00-\u9fff]{0,4}(?:家长|校长|园长)")
_LEAVING = re.compile(r"退休|离职|调出")
_EXCHANGED = re.compile(r"交流[\u4e00-\u9fff]{0,6}教师|教师[\u4e00-\u9fff]{0,2}交流")


def _persons(ctx: _Context) -> _Class:
    if not _PERSON_HINTS.search(ctx.text, ctx.ss, ctx.se):
        return _Class()  # nothing to read: spare the segmentation
    words = ctx.words()
    has_teacher = any(
        any(t in w for t in _TEACHERS) and "教师资格" not in w and "人才培养" not in w
        for w in words
    )
    recruit = _any_word(words, _RECRUIT)
    tail = ctx.text[ctx.q.end : ctx.q.end + 10]
    if has_teacher and not _HEAD_AFTER.match(tail):
        if recruit and not _LEAVING.search(ctx.clause):
            return _Class("teachers_recruited")
        exchanged = _EXCHANGED.search(ctx.clause)
        if _any_word(words, _ROTATE) or (exchanged and not recruit):
            return _Class("teachers_rotated")
        return _Class()
    sentence = ctx.text[ctx.ss : ctx.se]
    if any(w in sentence for w in _AID_WORDS):
        student_after = _AIDED_AFTER.match(tail)
        student_before = _AIDED_BEFORE.search(ctx.before)
        aid_in_clause = _any_word(words, _AID_IN_CLAUSE)
        if "家长" in tail[:8]:
            return _Class()
        if student_after or student_before or aid_in_clause:
            return _Class("students_aided")
    return _Class()


_LEVEL_NOUN_AT_END = tuple(
    (re.compile(rf"{noun}(?:共|合计)?$"), level) for noun, level in _LEVEL_NOUNS
)
_SCHOOL_COUNT = re.compile(r"(?:\d+|[一二两三四五六七八九十xX]+)(?:所|个|处)")


def _schools(ctx: _Context) -> _Class:
    """One observation per school level of a consolidation list: the consolidation word
    sits in the figure's clause or in a clause joined to it by other list items."""
    found, level = _level_after(ctx.text, ctx.q.end)
    if not found:  # 撤并小学3所,初中2所: the noun may also come first
        for noun_at_end, lvl in _LEVEL_NOUN_AT_END:
            if noun_at_end.search(ctx.before):
                found, level = True, lvl
                break
    if not found:
        return _Class()
    idx = ctx.clause_index()

    def is_item(i: int) -> bool:
        s, e = ctx.clauses[i]
        return bool(_SCHOOL_COUNT.search(ctx.text, s, e))

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


_PLACES_AFTER = re.compile(r"[\u4e00-\u9fff]{0,7}?学位")
_PLACES_BEFORE = re.compile(r"学位[^，,。；;]{0,2}$")


def _places(ctx: _Context) -> _Class:
    tail = ctx.text[ctx.q.end : ctx.q.end + 10]
    named = _PLACES_AFTER.match(tail) or _PLACES_BEFORE.search(ctx.before)
    if named and (ctx.q.unit in {"个", "位"} or (ctx.q.unit == "" and "学位" in ctx.before)):
        return _Class("school_places_added")
    lead = _list_lead(ctx)
    if ctx.q.unit == "个" and lead is not None and any(w in lead for w in _PLACES_WORDS):
        return _Class("school_places_added")
    return _Class()


_PLACES_WORDS = catalog.BY_CODE["school_places_added"].wordings
# a list item names only where or what (赤坎区3505个; 实验小学200万元): no verb, no number
_ITEM_NAME = re.compile(r"[^\d，,。；;：:、]{0,12}")
_ITEM_VERBS = re.compile(
    r"新建|新增|建设|改造|改扩建|完成|开工|投入|投资|招聘|撤并|共有|现有|达到|达"
)
_LIST_COLON = re.compile(r"[：:]")


def _list_lead(ctx: _Context) -> str | None:
    """The lead of a list the figure is an item of (新增学位如下：赤坎区3505个；霞山区…):
    the clause before the nearest colon above, within 160 characters and no full stop."""
    before = ctx.before.lstrip()
    if not _ITEM_NAME.fullmatch(before) or _ITEM_VERBS.search(before):
        return None
    lo = max(0, ctx.cs - 160)
    window = ctx.text[lo : ctx.cs]
    colon = max(window.rfind("："), window.rfind(":"))
    if colon < 0 or "。" in window[colon:]:
        return None
    head = window[:colon]
    start = max(head.rfind(c) for c in "。；;\n") + 1
    return head[start:] or None


# a count written without its unit, read only right after the words that name it
_BARE_MONEY = re.compile(r"(?:投入|投资|资金|经费|拨付|拨款|筹措|筹集)(?:了|共计|共|约|近|达)?$")
_BARE_RECRUITS = re.compile(
    "(?:" + "|".join(_RECRUIT) + r")[\u4e00-\u9fff]{0,4}(?:教师|老师)(?:共|约|近)?$"
)


_MULTIPLIER_END = re.compile(r"[万亿]\s*$")
_PUPIL_TEACHER = re.compile(r"师生比|生师比")


def _classify(ctx: _Context) -> _Class:
    q = ctx.q
    if q.unit in {"percent", "percentage_points"}:
        return _rate(ctx)
    if q.unit == "":
        if "学位" in ctx.before:
            return _places(ctx)
        if _BARE_MONEY.search(ctx.before) and _MULTIPLIER_END.search(q.raw):
            return _money(ctx)  # 投入4.8亿在城区新建7所学校: 元 left out
        if _BARE_RECRUITS.search(ctx.before) and q.value is not None and q.value.is_integer():
            return _persons(ctx)  # 招聘教师81, 名 left out
        return _coefficient(ctx)
    if q.unit == "ratio":
        if _PUPIL_TEACHER.search(ctx.before):
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


# ---------------------------------------------------------------- the catalog rule

# school nouns the catalog rule reads for a level, beside _LEVEL_NOUNS
_MORE_LEVELS: tuple[tuple[str, str], ...] = (
    ("义务教育", "compulsory"),
    ("高中阶段", "senior"),
    ("学前", "preschool"),
    ("在园", "preschool"),
)
_DIGIT = re.compile(r"\d")
_WORDING_REACH = 40  # characters between a wording and the figure it names
# a list item after a classified figure names only what (学生宿舍2390平方米)
_ITEM_ONLY = re.compile(r"\s*(?:其中)?[^\d，,。；;：:()（）]{0,12}")
# what a count is of, written right after it (28个教育建设项目, 1628名学生配备教师)
_TAIL_PHRASE = re.compile(r"[\u4e00-\u9fff“”\"]{1,10}")
_PERSONS_NOUN = re.compile(r"学生|幼儿|儿童|教师|老师|家长")
# measure words of things: a noun after them names what is counted (28个学校视频监控), so a
# wording before them does not (but 新建5所公办幼儿园, 突破3660人大关 read the wording)
_THING_UNITS = frozenset({"个", "项", "间", "台", "套", "件", "块"})
# 前100名, 第3名: a rank; a dash numbers.py did not read as a sign (3—5 ranges, 2-1班)
_RANK_OR_SIGN = re.compile(r"(?:前|第|-|−|—)\s*$")


@dataclass
class _Previous:
    """The last figure the catalog rule named, for the list items after it."""

    code: str
    unit: str
    sentence: int
    clause: int
    level: str | None = None


def _named_after(
    ctx: _Context, pairs: tuple[tuple[str, catalog.Indicator], ...]
) -> tuple[catalog.Indicator | None, str]:
    """The indicator whose wording names the thing counted right after the figure (the last
    such wording of that phrase: its head noun), and the phrase."""
    m = _TAIL_PHRASE.match(ctx.text, ctx.q.end, ctx.ce)
    phrase = m.group() if m else ""
    if not _ANY_WORDING[ctx.q.unit].search(phrase):
        return None, phrase
    best: tuple[int, catalog.Indicator] | None = None
    for wording, ind in pairs:
        pos = phrase.rfind(wording)
        if pos < 0 or any(x in ctx.clause for x in ind.excludes):
            continue
        lead = _PERSONS_NOUN.match(phrase)
        if lead and pos > 0:  # 1628名学生配备教师: the count is of students
            continue
        if best is None or pos + len(wording) > best[0]:
            best = (pos + len(wording), ind)
    return (best[1] if best else None), phrase


_THREE_CJK = re.compile(r"[\u4e00-\u9fff]{3}")


def _same_item(ctx: _Context, prev: _Previous, code: str, idx: int) -> bool:
    """The figure continues the item of the one before (本年 after 普通小学上年…元)."""
    return (
        prev.code == code
        and prev.sentence == ctx.ss
        and prev.clause == idx - 1
        and not _THREE_CJK.search(ctx.before)
    )


def _catalogued(ctx: _Context, prev: _Previous | None) -> _Class:
    """Indicators with `units` in the catalog: the figure is written in one of them and a
    wording names it: the thing counted right after it (2所中学社会足球场), else the nearest
    wording of its clause before it (新建校舍8.24万平方米), unless an exclude word is in the
    clause. A clause that only names a list item (学生宿舍2390平方米 after 新建教学楼4303平方米)
    measures what the one before measured."""
    pairs = _BY_UNIT.get(ctx.q.unit)
    if not pairs or _RANK_OR_SIGN.search(ctx.before):
        return _Class()
    before, clause = ctx.before, ctx.clause
    named, phrase = _named_after(ctx, pairs)
    if named is not None:
        return _Class(named.code, school_level=_level_near(ctx, ctx.q.end, named))
    if len(phrase) >= 2 and ctx.q.unit in _THING_UNITS:
        return _Class()  # 28个学校视频监控: the count is of something the catalog lacks
    best: tuple[int, catalog.Indicator, int] | None = None
    named_before = _ANY_WORDING[ctx.q.unit].search(before) is not None
    for wording, ind in pairs if named_before else ():
        pos = before.rfind(wording)
        if pos < 0:
            continue
        distance = len(before) - pos - len(wording)
        if distance > _WORDING_REACH or (best is not None and distance >= best[0]):
            continue
        if any(x in clause for x in ind.excludes):
            continue
        if ind.cues and not any(c in ctx.text[ctx.ss : ctx.se] for c in ind.cues):
            continue
        best = (distance, ind, ctx.cs + pos)
    if best is None:
        lead = _catalog_lead(ctx)
        found = _wording_in(lead, ctx) if lead else None
        idx = ctx.clause_index()
        if found is not None:
            level = _level_near(ctx, ctx.cs, found)
            if level is None and prev is not None and _same_item(ctx, prev, found.code, idx):
                level = prev.level  # 普通小学上年…元,本年…元: the same item
            return _Class(found.code, school_level=level)
        if prev is not None and prev.clause == idx and "、" in before:
            before = before.rsplit("、", 1)[1]  # 其中2所中学、2所小学: the item after 、
        if (
            prev is None
            or ctx.q.unit in _NOT_ITEMS  # a rate names its own
            or prev.sentence != ctx.ss
            or prev.clause not in (idx, idx - 1)
            or prev.unit != ctx.q.unit
            or not _ITEM_ONLY.fullmatch(before)
            or _ITEM_VERBS.search(before)
        ):
            return _Class()
        ind = catalog.BY_CODE[prev.code]
        if any(x in clause for x in ind.excludes):
            return _Class()
        level = _level_near(ctx, ctx.cs, ind)
        if level is None and _same_item(ctx, prev, ind.code, idx):
            level = prev.level  # 普通小学上年…元,本年…元: the same item
        return _Class(ind.code, school_level=level)
    else:
        _, ind, start = best
    return _Class(ind.code, school_level=_level_near(ctx, start, ind))


# what the catalog rule may name: unclassified figures, and per_student_funding more closely
_REFINABLE = frozenset({"unclassified", "per_student_funding"})
# (1) 普通小学上年10321.31元: an enumerated list item names only what
_ENUMERATOR = re.compile(r"\s*(?:[(（]\s*\d{1,2}\s*[)）]|\d{1,2}[.、]|[①-⑳])\s*")
_LEAD_REACH = 400


def _catalog_lead(ctx: _Context) -> str | None:
    """The lead of the list a figure is an item of (各级教育生均…经费增长情况是：(1)普通小学
    上年…元): the clause before the nearest colon above, when the figure's clause names
    only the item; None otherwise."""
    before = ctx.before
    m = _ENUMERATOR.match(before)
    if m:
        before = before[m.end() :]
    if not _ITEM_NAME.fullmatch(before) or _ITEM_VERBS.search(before):
        return None
    window = ctx.text[max(0, ctx.cs - _LEAD_REACH) : ctx.cs]
    colon = max(window.rfind("："), window.rfind(":"))
    # items of an enumerated list may be sentences of their own: (1)…。(2)…。
    enumerated = m is not None or _ENUMERATOR.match(ctx.text, ctx.ss) is not None
    if colon < 0 or ("。" in window[colon:] and not enumerated):
        return None
    head = window[:colon]
    start = max(head.rfind(c) for c in "。；;\n") + 1
    return head[start:] or None


def _wording_in(lead: str, ctx: _Context) -> catalog.Indicator | None:
    """The indicator whose wording (the last one) a list lead names."""
    if not _ANY_WORDING[ctx.q.unit].search(lead):
        return None
    best: tuple[int, catalog.Indicator] | None = None
    for wording, ind in _BY_UNIT[ctx.q.unit]:
        pos = lead.rfind(wording)
        if pos < 0 or any(x in lead or x in ctx.clause for x in ind.excludes):
            continue
        if best is None or pos + len(wording) > best[0]:
            best = (pos + len(wording), ind)
    return best[1] if best else None


_NEUTRAL_SCHOOL_NOUNS = frozenset({"学校", "寄宿制学校"})  # of any level: no ambiguity
_ALL_LEVEL_NOUNS = tuple(
    sorted((*_LEVEL_NOUNS, *_MORE_LEVELS), key=lambda p: len(p[0]), reverse=True)
)


_ALL_LEVEL_PATTERNS = tuple((n, level, re.compile(re.escape(n))) for n, level in _ALL_LEVEL_NOUNS)
_ANY_LEVEL_NOUN = re.compile("|".join(re.escape(n) for n, _ in _ALL_LEVEL_NOUNS))
_JOINED = re.compile(r"[校和及与、]?")


def _level_near(ctx: _Context, start: int, ind: catalog.Indicator) -> str | None:
    """The school level named nearest before the figure from its wording on (or right after
    it), else nearest before the wording in its clause; None when none is named, when the
    nearest is joined to another school noun (中小学校幼儿园, 学校和幼儿园), or when the
    indicator does not take that level."""
    tail = _TAIL_PHRASE.match(ctx.text, ctx.q.end, ctx.ce)
    wording_on = ctx.text[min(start, ctx.q.start) : ctx.q.start]
    for span in (wording_on + "|" + (tail.group() if tail else ""), ctx.text[ctx.cs : start]):
        found = _nearest_level(span)
        if found is not None:
            level = found[0]
            return level if level is not None and (not ind.levels or level in ind.levels) else None
    # an indicator of one level (县中: senior) has it unless the text names another
    return ind.levels[0] if len(ind.levels) == 1 else None


def _nearest_level(span: str) -> tuple[str | None] | None:
    """(level,) of the last school noun of span ((None,) when it is ambiguous), None if none."""
    hits: list[tuple[int, int, str | None, str]] = []  # start, end, level, noun
    masked = span.replace("其中", "||")  # 其中小学 holds no 中小学
    if not _ANY_LEVEL_NOUN.search(masked):
        return None
    for noun, level, pattern in _ALL_LEVEL_PATTERNS:  # longest first: 中小学 before 小学
        for m in pattern.finditer(masked):
            hits.append((m.start(), m.end(), level, noun))
        masked = masked.replace(noun, "|" * len(noun))
    if not hits:
        return None
    hits.sort()
    pick = next((h for h in reversed(hits) if h[3] not in _NEUTRAL_SCHOOL_NOUNS), None)
    if pick is None:
        return None
    for other in hits:
        if other is pick:
            continue
        gap = span[min(other[1], pick[1]) : max(other[0], pick[0])]
        if (other[1] <= pick[0] or pick[1] <= other[0]) and _JOINED.fullmatch(gap):
            return (None,)  # 中小学校幼儿园: schools of several levels
    return (pick[2],)


# ---------------------------------------------------------------- the figure's own year

_TITLE = re.compile(r"《[^》]{0,60}》")
# 2019年底, 2016—2020年 (the later year), 2020年度; not 2019年以来 (since, no one year)
_YEAR = re.compile(
    r"((?:19|20)\d{2})(?:年?\s*[-—–~～至到]\s*((?:19|20)\d{2}))?\s*年(?!代|以来|来|至今|以前)"
)
# a year compared with (比2019年, 较上年) is not the figure's; 到2025年 is a target's
_COMPARED = re.compile(r"(?:(?<!占)比|较|与|同|从|由)$")
_AHEAD = re.compile(r"(?:(?<![截止])到|(?<!截)至|力争|争取|计划|预计|将|拟)(?:在)?$")
# the opening of a sentence that dates all of it: 2020年,全县… / 2020年新改扩建…
_SENTENCE_YEAR = re.compile(r"\s*(?:在|于|截至|截止|截止到|截至到|到|至)?(?=(?:19|20)\d{2})")


_DATE_CLAUSE = re.compile(
    r"\s*(?:在|于|截至|截止|到|至)?\s*(?:19|20)\d{2}年(?:度|底|末|初|上半年|下半年|全年)?\s*"
)
# 今年/明年/去年 count from the reviewed year
_RELATIVE_YEAR = re.compile(r"(今年|本年|当年|明年|来年|去年|上年)")
_RELATIVE_OFFSET = {"今年": 0, "本年": 0, "当年": 0, "明年": 1, "来年": 1, "去年": -1, "上年": -1}


def _years_in(text: str) -> tuple[int | None, bool]:
    """The last year text names for its figure and whether it is looked ahead to."""
    text = _TITLE.sub(lambda m: "\u3000" * len(m.group()), text)
    found: tuple[int | None, bool] = (None, False)
    for m in _YEAR.finditer(text):
        lead = text[max(0, m.start() - 3) : m.start()]
        if _COMPARED.search(lead):
            continue
        year = int(m.group(2) or m.group(1))
        found = (year, bool(_AHEAD.search(lead)))
    return found


_ANY_YEAR = re.compile(r"(?:19|20)\d{2}")


def _clause_year(ctx: _Context, reviewed: int | None) -> tuple[int | None, bool]:
    """The year a figure's own clause (or the opening of its sentence) names, and whether
    that year is a target's (到2025年); (None, False) when the text names none.
    今年/明年/去年 count from the reviewed year."""
    relative: tuple[int | None, bool] = (None, False)
    rel = _RELATIVE_YEAR.search(ctx.before) if reviewed is not None else None
    if rel and reviewed is not None and not _COMPARED.search(ctx.before[: rel.start()]):
        relative = (reviewed + _RELATIVE_OFFSET[rel.group(1)], False)  # not 比去年
    if not _ANY_YEAR.search(ctx.sentence_before):
        if relative[0] is not None:
            return relative
        return _year_before_semicolons(ctx)  # usually (None, False): no year before the figure
    found = _years_in(ctx.before)
    if found[0] is not None or relative[0] is not None:
        return found if found[0] is not None else relative
    if ctx.cs > ctx.ss and _SENTENCE_YEAR.match(ctx.text, ctx.ss):
        first_end = ctx.clauses[0][1] if ctx.clauses else ctx.cs
        return _years_in(ctx.text[ctx.ss : min(first_end, ctx.cs)])
    # 通报,2022年,蕲春投入4434万元: a clause that is only a date dates the clauses after it
    for s, e in reversed(ctx.clauses[: ctx.clause_index()]):
        if _DATE_CLAUSE.fullmatch(ctx.text, s, e):
            return _years_in(ctx.text[s:e])
    return None, False


def _year_before_semicolons(ctx: _Context) -> tuple[int | None, bool]:
    """The year that opens the parts of a sentence before its semicolons, when none of them
    names another (2022年,我市新建中小学100所;投入资金27.29亿元: 2022). (None, False) else."""
    text, start = ctx.text, ctx.ss
    while start > 0 and text[start - 1] in ";；":
        part = max(text.rfind(c, 0, start - 1) for c in _SENTENCE_ENDS) + 1
        if _SENTENCE_YEAR.match(text, part):
            first = _CLAUSE_DELIMS.search(text, part, start - 1)
            return _years_in(text[part : first.start() if first else start - 1])
        if _ANY_YEAR.search(text, part, start - 1):
            break  # a year inside that part: what it dates is not plain
        start = part
    return None, False


def _targeted(ctx: _Context, before: str) -> bool:
    """Whether the words before a figure make it a target: a target word earlier in its
    sentence that no word of what was done follows, will in its clause, or a project's
    total budget. `before` is the clause up to the figure, stripped."""
    last = None
    for last in _TARGET_BEFORE.finditer(ctx.sentence_before):  # noqa: B007 (the last one)
        pass
    if last is not None and not _DONE_AFTER_TARGET.search(ctx.sentence_before, last.end()):
        return True
    if _WILL_IN_CLAUSE.search(before):
        return True
    return bool(_BUDGET_BEFORE.search(before)) and not _SPENT_IN_CLAUSE.search(before)


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
        # 存在的问题 and unmarked prose speak of the reviewed period; a report that states
        # only a planned period (a plan excerpt) speaks of that
        role = "plan" if meta.review is None and meta.plan is not None else "review"
    if period is None:
        period = _report_period(meta, role)
    return period, role


def _report_period(meta: ReportMeta, role: Role) -> Period | None:
    """The report's own period for a figure no section or clause dates: its plan period
    for what is to be done (a plan-only report has no review period), else its review."""
    if role == "plan" and meta.plan:
        return meta.plan
    return meta.review or (meta.plan if role == "plan" else None)


_MONEY_FIGURE = re.compile(r"\d[\d.,]*\s*(?:[万亿])?元")
_PERSONS_FIGURE = re.compile(r"\d[\d.,]*\s*(?:万)?(?:人次|人|名)")


def _programme(ctx: _Context) -> str | None:
    """The aid programme named nearest before the figure in its sentence (发放国家助学金120万元、
    免学费80万元: each its own), else first after it in its clause (…120万元用于营养餐);
    None when the figure is not one programme's.

    A figure between the name and this one takes the name from it when it is of the same
    kind (money, persons); one of the other kind leaves it shared (享受国家助学金647人,金额
    64.7万元), unless the name ends a list of programmes with figures, whose total this is
    (发放国家助学金120万元、免学费80万元,惠及学生3000人次)."""
    before = ctx.sentence_before
    money = ctx.q.unit == "yuan"
    same_kind = _MONEY_FIGURE if money else _PERSONS_FIGURE
    found: list[tuple[int, int, str]] = []  # (start, end, key) of every name before
    for key, programme in catalog.PROGRAMMES.items():
        for word in programme.wordings:
            at = before.find(word)
            while at >= 0:
                found.append((at, at + len(word), key))
                at = before.find(word, at + 1)
    if found:
        start, end, key = max(found, key=lambda f: (f[1], f[1] - f[0]))
        between = before[end:]
        listed = any(
            k != key and _DIGIT.search(before, e, start) for s_, e, k in found if e <= start
        )
        if not _DIGIT.search(between) or not (same_kind.search(between) or listed):
            return key
        return None
    after = ctx.text[ctx.q.end : ctx.ce]
    firsts = [
        (after.find(word), -len(word), key)
        for key, programme in catalog.PROGRAMMES.items()
        for word in programme.wordings
        if word in after
    ]
    return min(firsts)[2] if firsts else None


# ---------------------------------------------------------------- entry point


def extract_figures(text: str, sections: list[Section], meta: ReportMeta) -> list[Figure]:
    """Every figure in the text, classified where the wording is unambiguous."""
    quantities = find_quantities(text)
    n = len(text)
    clause_delims = [m.start() for m in _CLAUSE_DELIMS.finditer(text)]
    sentence_delims = [m.start() for m in _SENTENCE_DELIMS.finditer(text)]
    figures: list[Figure] = []
    written_units: list[str] = []
    prev: _Previous | None = None
    sentence_clauses: dict[tuple[int, int], list[tuple[int, int]]] = {}  # figures share them
    for q in quantities:
        cs, ce = _bounds(clause_delims, n, q.start, q.end)
        ss, se = _bounds(sentence_delims, n, q.start, q.end)
        clauses = sentence_clauses.get((ss, se))
        if clauses is None:
            lo = bisect.bisect_right(clause_delims, ss - 1)
            hi = bisect.bisect_left(clause_delims, se)
            cuts = [ss - 1, *clause_delims[lo:hi], se]
            clauses = [(a + 1, b) for a, b in itertools.pairwise(cuts) if b > a + 1 or b == se]
            sentence_clauses[ss, se] = clauses
        ctx = _Context(text, q, cs, ce, ss, se, clauses)
        cls = _classify(ctx)
        if cls.indicator in _REFINABLE and q.unit in _BY_UNIT:
            # per_student_funding of a list led by 生均一般公共预算教育经费 is that indicator
            found = _catalogued(ctx, prev)
            if cls.indicator == "unclassified":
                cls = found
            elif catalog.BY_CODE[found.indicator].unit == "yuan_per_student":
                cls = _Class(found.indicator, school_level=found.school_level or cls.school_level)
            if cls.indicator != "unclassified":
                prev = _Previous(cls.indicator, q.unit, ss, ctx.clause_index(), cls.school_level)
        if _EXCESS_BEFORE.search(ctx.before.rstrip()):
            cls = _Class()  # 高出要求51.5万元: a margin over a requirement, not an amount
        sec = _innermost(sections, q.start)
        period, role = _period_role(sections, sec, meta)
        measure = "level"
        pre = ctx.before.rstrip()
        if (
            q.unit == "percentage_points"
            or _CHANGE_BEFORE.search(pre)
            or _EXCESS_BEFORE.search(pre)
        ):
            measure = "change"
        elif _EARLIER_BEFORE.search(pre):
            measure = "earlier"
        reviewed = meta.review.year if meta.review else None
        named, ahead = _clause_year(ctx, reviewed)
        then = _EARLIER_YEAR.search(pre) if measure == "earlier" else None
        if then:
            named, ahead = int(then.group(1)), False  # 由2015年的156所: that year's level
        if named is not None:
            same = period is not None and period.year == named
            period = period if same else Period(named)
        # 比上年的73991万元: last year's level, also under a year that opens the sentence
        # (2022年,全县…21.27亿元,比上年18.39亿元: 2021)
        last_year = measure == "earlier" and _LAST_YEAR.search(pre[-8:])
        if then is None and last_year and period is not None:
            period = Period(period.year - 1)
        if q.redacted:
            status = "redacted"
        elif role == "plan" or ahead or _targeted(ctx, pre):
            status = "target"
        elif (
            named is not None
            and reviewed is not None
            and named > reviewed
            and role == "review"
            and not _DONE_BY.search(ctx.sentence_before)
        ):
            status = "target"  # 2020年底达到50% in a report on 2019, not 截至2020年3月
        else:
            status = "reported"
        if status == "target":
            if period is None and named is None:
                period = _report_period(meta, "plan")  # 当年计划投资 in a plan-only excerpt
            role = "plan"  # what is to be done, in whichever section it is written
        if cls.indicator == "unclassified" or catalog.BY_CODE[cls.indicator].unit == "as_written":
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
        if cls.indicator == "students_aided" or cls.funding_category == "student_aid":
            fig.aid_programme = _programme(ctx)
        fig.flag = _flag(fig)
        figures.append(fig)
        written_units.append(q.unit)
    _continue_lists(text, figures, written_units)
    _link_repeats(text, figures)
    _link_totals(text, figures, sentence_delims)
    return figures


# 新增3.2万个学位,其中赤坎区3505个、霞山区3705个: the items of a breakdown name only
# where or what, and measure what their lead figure measures
_BREAKDOWN = re.compile(r"其中|[(（]含")
_NOT_ITEMS = frozenset({"percent", "percentage_points", "ratio"})  # rates name their own


def _same_unit(lead: str, item: str, raw: str) -> bool:
    """Units as written match; 12万 without 元 is money inside a breakdown of money."""
    return lead == item or (lead == "yuan" and item == "" and raw.rstrip()[-1:] in ("万", "亿"))


_ITEM_BEFORE = re.compile(r"(?:^|[、，,；;:：(（])\s*(?:其中|含)?[^\d、，,；;:：。()（）]{1,16}$")


def _continue_lists(text: str, figures: list[Figure], units: list[str]) -> None:
    """Items of a 其中 breakdown measure what the classified figure they follow in the same
    sentence measures (same unit as written, not larger): unclassified items take its
    indicator, and every item is linked as a part of it, so that sums count the lead once."""
    lead: int | None = None
    for i, f in enumerate(figures):
        if lead is not None and _is_item(text, figures[lead], f, units[lead], units[i]):
            g = figures[lead]
            if f.indicator == "unclassified":
                f.indicator, f.unit = g.indicator, g.unit
                f.school_level, f.funding_category = g.school_level, g.funding_category
                f.status, f.period, f.role = g.status, g.period, g.role
            if f.indicator == g.indicator and not f.total_of and i not in g.total_of:
                g.total_of = (*g.total_of, i)
            continue
        if f.indicator != "unclassified" and f.measure == "level":
            lead = i


def _is_item(text: str, g: Figure, f: Figure, lead_unit: str, unit: str) -> bool:
    if f.value is None or g.value is None or f.measure != "level" or unit in _NOT_ITEMS:
        return False
    if f.indicator not in ("unclassified", g.indicator) or f.value > g.value:
        return False
    between = text[g.end : f.start]
    return (
        _same_unit(lead_unit, unit, f.raw)
        and not _SENTENCE_DELIMS.search(between)
        and bool(_BREAKDOWN.search(between))
        and bool(_ITEM_BEFORE.search(text, max(0, f.start - 24), f.start))
    )


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
