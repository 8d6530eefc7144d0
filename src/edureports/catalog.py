"""THE indicator catalog (SPEC §4), read from data: the one source for the indicator
table, the jieba user dictionary, the classifier's wordings and the data dictionary.

The rows live in data/catalog.toml (one [[indicator]] per code, the frameworks that define
them, the national standards they are held to). A user adds rows in a file of the same
shape, named by `--catalog FILE` or $EDUREPORTS_CATALOG; `edureports reparse` then
reclassifies stored reports. Codes are a contract: a user file may add codes, never redefine
one. No migration is needed for catalog rows: schema_sync upserts seed_rows() and
standard_rows() whenever a database reaches head (and db.ensure_schema when a user file is
in use). The classifier's rule vocabulary (money verbs, school nouns ...) stays below.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

ENV_VAR = "EDUREPORTS_CATALOG"

# v_reports counts figures per family: the families are part of the schema of that view.
FAMILIES: tuple[str, ...] = (
    "enrolment",
    "consolidation",
    "funding",
    "teachers",
    "outcomes",
    "other",
)
# the canned view that shows an indicator (v_teachers, v_facilities, ...)
TOPICS: tuple[str, ...] = (
    "enrolment",
    "consolidation",
    "funding",
    "teachers",
    "facilities",
    "student_aid",
    "outcomes",
    "other",
)
OPERATORS: tuple[str, ...] = (">=", ">", "<=", "<")

SCHOOL_LEVELS: dict[str, str] = {
    "preschool": "学前/幼儿园",
    "primary": "小学",
    "junior": "初中",
    "compulsory": "义务教育",
    "senior": "普通高中",
    "vocational": "职业教育",
    "special": "特殊教育",
    "teaching_point": "教学点",
    "all": "全学段",
}

FUNDING_CATEGORIES: dict[str, str] = {
    "construction": "校舍建设、改扩建、维修",
    "equipment": "设施设备、信息化",
    "student_aid": "学生资助、营养餐、补助",
    "teachers": "教师工资、待遇、奖励",
    "training": "培训",
    "operations": "公用经费、运转",
    "sports": "体育",
    "other": "其他",
}


class CatalogError(ValueError):
    """A catalog file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    family: str
    unit: str
    wordings: tuple[str, ...] = ()
    description: str = ""
    # context words the classifier also accepts beside the wordings (not names of the
    # indicator, so not seeded): 特岗 for recruitment, 撤校 for consolidation ...
    cues: tuple[str, ...] = ()
    topic: str = "other"
    additive: bool = False
    levels: tuple[str, ...] = ()
    framework: str = ""
    citation: str = ""
    # the catalog rule (parse/figures.py) reads indicators with units: a figure written in
    # one of them, named by the nearest wording of its clause, unless an exclude is there
    units: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    source: str = "package"  # the file the row came from


@dataclass(frozen=True)
class Framework:
    key: str
    name: str
    document: str
    url: str = ""


@dataclass(frozen=True)
class Programme:
    """A student aid programme (营养改善计划, 国家助学金 …) and the words that name it."""

    key: str
    name: str
    wordings: tuple[str, ...]
    framework: str = ""


@dataclass(frozen=True)
class Standard:
    """A national standard an indicator is held to (value in the indicator's unit)."""

    code: str
    level: str | None
    op: str
    value: float
    framework: str
    citation: str


_FIELDS = frozenset(
    (
        *("code", "name_zh", "name_en", "family", "unit", "wordings", "description", "cues"),
        *("topic", "additive", "levels", "framework", "citation", "units", "excludes"),
    )
)
_REQUIRED = ("code", "name_zh", "name_en", "family", "unit")


def _strings(where: str, row: dict, key: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CatalogError(f"{where}: {key} must be a list of non-empty strings")
    return tuple(value)


def _indicator(path: str, n: int, row: dict, units: dict[str, str]) -> Indicator:
    where = f"{path}: indicator {row.get('code') or f'#{n}'}"
    unknown = sorted(set(row) - _FIELDS)
    if unknown:
        raise CatalogError(f"{where}: unknown field {unknown[0]!r}")
    for key in _REQUIRED:
        if not isinstance(row.get(key), str) or not row[key].strip():
            raise CatalogError(f"{where}: {key} is required (a non-empty string)")
    if not row["code"].isascii() or not row["code"].replace("_", "").isalnum():
        raise CatalogError(f"{where}: code must be lower-case ASCII letters, digits and _")
    if row["code"] != row["code"].lower() or len(row["code"]) > 64:
        raise CatalogError(f"{where}: code must be lower case and at most 64 characters")
    if row["family"] not in FAMILIES:
        raise CatalogError(f"{where}: family {row['family']!r} is not one of {FAMILIES}")
    topic = row.get("topic", "other")
    if topic not in TOPICS:
        raise CatalogError(f"{where}: topic {topic!r} is not one of {TOPICS}")
    if row["unit"] not in units:
        raise CatalogError(f"{where}: unit {row['unit']!r} is not described in [units]")
    levels = _strings(where, row, "levels")
    bad = [lv for lv in levels if lv not in SCHOOL_LEVELS]
    if bad:
        raise CatalogError(f"{where}: school level {bad[0]!r} is not one of {tuple(SCHOOL_LEVELS)}")
    if not isinstance(row.get("additive", False), bool):
        raise CatalogError(f"{where}: additive must be true or false")
    for key in ("description", "framework", "citation", "topic"):
        if not isinstance(row.get(key, ""), str):
            raise CatalogError(f"{where}: {key} must be a string")
    wordings = _strings(where, row, "wordings")
    unit_list = _strings(where, row, "units")
    if unit_list and not wordings:
        raise CatalogError(f"{where}: units without wordings: nothing would name the figure")
    return Indicator(
        code=row["code"],
        name_zh=row["name_zh"],
        name_en=row["name_en"],
        family=row["family"],
        unit=row["unit"],
        wordings=wordings,
        description=row.get("description", ""),
        cues=_strings(where, row, "cues"),
        topic=topic,
        additive=row.get("additive", False),
        levels=levels,
        framework=row.get("framework", ""),
        citation=row.get("citation", ""),
        units=unit_list,
        excludes=_strings(where, row, "excludes"),
        source=path,
    )


def _standard(path: str, row: dict, codes: set[str], frameworks: set[str]) -> Standard:
    where = f"{path}: standard {row.get('code', '?')}/{row.get('level', '-')}"
    if row.get("code") not in codes:
        raise CatalogError(f"{where}: no indicator {row.get('code')!r} in the catalog")
    level = row.get("level")
    if level is not None and level not in SCHOOL_LEVELS:
        raise CatalogError(f"{where}: school level {level!r} is unknown")
    if row.get("op") not in OPERATORS:
        raise CatalogError(f"{where}: op must be one of {OPERATORS}")
    value = row.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CatalogError(f"{where}: value must be a number")
    if row.get("framework") not in frameworks:
        raise CatalogError(f"{where}: framework {row.get('framework')!r} is not defined")
    if not isinstance(row.get("citation"), str) or not row["citation"].strip():
        raise CatalogError(f"{where}: a standard needs its citation (document and article)")
    return Standard(row["code"], level, row["op"], float(value), row["framework"], row["citation"])


@dataclass(frozen=True)
class Catalog:
    indicators: tuple[Indicator, ...]
    frameworks: dict[str, Framework]
    standards: tuple[Standard, ...]
    units: dict[str, str]
    programmes: dict[str, Programme] = field(default_factory=dict)


def _read(path: str, text: str, base: Catalog | None) -> Catalog:
    """One catalog file added to base (None: the packaged file itself)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{path}: not valid TOML ({exc})") from exc
    extra = sorted(set(data) - {"indicator", "framework", "standard", "units", "programme"})
    if extra:
        raise CatalogError(f"{path}: unknown table {extra[0]!r}")
    units = dict(base.units) if base else {}
    for key, text_ in data.get("units", {}).items():
        if key in units and units[key] != text_:
            raise CatalogError(f"{path}: unit {key!r} is already defined differently")
        units[key] = str(text_)
    frameworks = dict(base.frameworks) if base else {}
    for key, fw in data.get("framework", {}).items():
        if key in frameworks:
            raise CatalogError(f"{path}: framework {key!r} is already in the catalog")
        if not isinstance(fw, dict) or not fw.get("name") or not fw.get("document"):
            raise CatalogError(f"{path}: framework {key!r} needs a name and a document")
        frameworks[key] = Framework(key, fw["name"], fw["document"], fw.get("url", ""))
    programmes = dict(base.programmes) if base else {}
    for key, pr in data.get("programme", {}).items():
        if key in programmes:
            raise CatalogError(f"{path}: programme {key!r} is already in the catalog")
        if not isinstance(pr, dict) or not pr.get("name") or not pr.get("wordings"):
            raise CatalogError(f"{path}: programme {key!r} needs a name and wordings")
        if pr.get("framework") and pr["framework"] not in frameworks:
            raise CatalogError(
                f"{path}: programme {key}: framework {pr['framework']!r} is not defined"
            )
        wordings = _strings(f"{path}: programme {key}", pr, "wordings")
        programmes[key] = Programme(key, pr["name"], wordings, pr.get("framework", ""))
    indicators = list(base.indicators) if base else []
    codes = {i.code for i in indicators}
    rows = data.get("indicator", [])
    if not isinstance(rows, list):
        raise CatalogError(f"{path}: indicator must be an array of tables ([[indicator]])")
    for n, row in enumerate(rows, 1):
        ind = _indicator(path, n, row, units)
        if ind.code in codes:
            raise CatalogError(
                f"{path}: indicator {ind.code} is already in the catalog (codes keep their "
                "meaning: choose a new code)"
            )
        if ind.framework and ind.framework not in frameworks:
            raise CatalogError(
                f"{path}: indicator {ind.code}: framework {ind.framework!r} is not defined"
            )
        codes.add(ind.code)
        indicators.append(ind)
    standards = list(base.standards) if base else []
    for row in data.get("standard", []):
        std = _standard(path, row, codes, set(frameworks))
        if any((s.code, s.level) == (std.code, std.level) for s in standards):
            raise CatalogError(f"{path}: standard {std.code}/{std.level} is already defined")
        standards.append(std)
    if base is None and "unclassified" not in codes:
        raise CatalogError(f"{path}: the catalog needs the unclassified indicator")
    return Catalog(tuple(indicators), frameworks, tuple(standards), units, programmes)


def packaged_text() -> str:
    return resources.files("edureports").joinpath("data/catalog.toml").read_text("utf-8")


def read_catalog(user_file: str | os.PathLike[str] | None = None) -> Catalog:
    """The packaged catalog, plus the rows of a user file of the same shape when given."""
    cat = _read("edureports/data/catalog.toml", packaged_text(), None)
    if user_file:
        path = Path(user_file)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CatalogError(f"{path}: cannot read the catalog file ({exc})") from exc
        cat = _read(str(path), text, cat)
    return cat


# The catalog in use (module state: the classifier builds its tables from it).
INDICATORS: tuple[Indicator, ...] = ()
BY_CODE: dict[str, Indicator] = {}
FRAMEWORKS: dict[str, Framework] = {}
STANDARDS: tuple[Standard, ...] = ()
UNITS: dict[str, str] = {}
PROGRAMMES: dict[str, Programme] = {}
USER_FILE: str | None = None
_listeners: list[Callable[[], None]] = []


def use(user_file: str | os.PathLike[str] | None) -> None:
    """Make the packaged catalog plus user_file (None: none) the catalog in use, here and in
    worker processes started later (through $EDUREPORTS_CATALOG). Raises CatalogError."""
    global INDICATORS, BY_CODE, FRAMEWORKS, STANDARDS, UNITS, PROGRAMMES, USER_FILE
    cat = read_catalog(user_file)
    INDICATORS = cat.indicators
    BY_CODE = {i.code: i for i in cat.indicators}
    FRAMEWORKS = cat.frameworks
    STANDARDS = cat.standards
    UNITS = cat.units
    PROGRAMMES = cat.programmes
    USER_FILE = str(user_file) if user_file else None
    if USER_FILE:
        os.environ[ENV_VAR] = USER_FILE
    else:
        os.environ.pop(ENV_VAR, None)
    for listener in _listeners:
        listener()


def on_change(listener: Callable[[], None]) -> None:
    """Call listener whenever use() changes the catalog (the classifier rebuilds its tables)."""
    _listeners.append(listener)


def get(code: str) -> Indicator:
    return BY_CODE[code]


def seed_rows() -> list[dict[str, str]]:
    """Rows for the indicator table, as schema_sync seeds them."""
    return [
        {
            "code": i.code,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "family": i.family,
            "unit": i.unit,
            "description": i.description,
            "topic": i.topic,
            "additive": i.additive,
            "framework": FRAMEWORKS[i.framework].name if i.framework else None,
            "citation": i.citation or None,
        }
        for i in INDICATORS
    ]


def standard_rows() -> list[dict[str, object]]:
    """Rows for the indicator_standard table, as schema_sync seeds them."""
    return [
        {
            "indicator_code": s.code,
            "school_level": s.level or "",
            "op": s.op,
            "value": s.value,
            "unit": BY_CODE[s.code].unit,
            "framework": FRAMEWORKS[s.framework].name,
            "document": FRAMEWORKS[s.framework].document,
            "citation": s.citation,
        }
        for s in STANDARDS
    ]


def _words(spaced: str) -> tuple[str, ...]:
    """A tuple of words from one space-separated string (long word lists stay readable)."""
    return tuple(spaced.split())


# Words the classifier (parse/figures.py) reads around a figure. They live here so that
# the catalog stays the one place where wordings are kept and reviewed.
FUNDING_VERBS: tuple[str, ...] = _words(
    "投入 投资 拨付 拨款 支付 发放 资助 补助 奖补 争取 下达 安排 落实 免除 减免 支出 用于 购置"
    " 采购 购买 筹措 筹集 配套 资金 经费 助学金 贷款 补贴 奖励 补充 花费 建设资金"
    " 列支 募集 救助 保教费 奖金"
)
# a clause that opens with one of these (共计28万元, 金额64.7万元) takes its money verb from
# the clause before: 享受国家助学金647人,金额64.7万元
MONEY_LEAD_WORDS: tuple[str, ...] = _words("共计 合计 共 总计 累计 金额 资金")
# who is recruited: 人才 of an education bureau are teachers (公招直招优秀人才133名)
TEACHER_NOUNS: tuple[str, ...] = _words("教师 老师 人才 师资")
# A bare rate noun (入学率) is named by the stage written before it in the clause.
GENERIC_RATE_STAGES: dict[str, tuple[tuple[str, str], ...]] = {
    "入学率": (
        ("残疾", "disabled_children_enrolment_rate"),
        ("义务教育", "compulsory_enrolment_rate"),
        ("小学", "primary_enrolment_rate"),
        ("初中", "junior_gross_enrolment_rate"),
    ),
    "净入学率": (("小学", "primary_enrolment_rate"),),
    "毛入学率": (
        ("高中阶段", "senior_secondary_gross_enrolment_rate"),
        ("初中", "junior_gross_enrolment_rate"),
    ),
}
# money that is not education funding (investment attracted, sales, revenue)
NOT_FUNDING_WORDS: tuple[str, ...] = _words("招商 引资 销售 销量 营业 收入 产值 GDP 税收")
# funding_category by purpose words, in order of precedence (sports is read sentence-wide)
FUNDING_CATEGORY_WORDS: dict[str, tuple[str, ...]] = {
    "sports": _words(
        "体育场 体育馆 健身 体育器材 体育设施 运动场 体育赛事 体育事业 体育产业 足球场 篮球场"
        " 体育公园"
    ),
    "training": _words("培训 研修 国培"),
    "teachers": _words("教师工资 绩效工资 教师待遇 教师奖励 乡村教师 表彰奖励 工资"),
    "student_aid": _words(
        "资助 助学 补助 学费 营养餐 贷款 寄宿生 困难学生 奖学金 生活费 补贴 免费教科书"
        " 减免 保教费 救助"
    ),
    "equipment": _words(
        "设备 设施 器材 仪 软件 平板 信息化 图书 照明 录播 电脑 计算机 护眼灯 课桌 多媒体 采购 购置"
    ),
    "construction": _words(
        "建设 新建 改扩建 扩建 改建 改造 维修 校舍 工程 项目 基地 食堂 厕所 学位 硬化 建筑"
    ),
    "operations": _words("公用经费 运转 运行经费 办公经费 保育 管理费"),
}
# school nouns after a count (3所初中) and the school_level they name; None: no one level
SCHOOL_LEVEL_WORDS: tuple[tuple[str, str | None], ...] = (
    ("教学点", "teaching_point"),
    ("幼儿园", "preschool"),
    ("公办园", "preschool"),
    ("民办园", "preschool"),
    ("初级中学", "junior"),
    ("初中", "junior"),
    ("中心小学", "primary"),
    ("完小", "primary"),
    ("村小", "primary"),
    ("小学", "primary"),
    ("普通高中", "senior"),
    ("高级中学", "senior"),
    ("高中", "senior"),
    ("职业", "vocational"),
    ("职中", "vocational"),
    ("中职", "vocational"),
    ("特殊教育学校", "special"),
    ("特教", "special"),
    ("九年一贯制", None),
    ("中小学", None),
    ("中学", None),
    ("学校", None),
    ("寄宿制学校", None),
)

# Education terms that keep jieba from splitting (or over-joining) the words the
# classifier reads around a figure: 投入使用 is not money invested, 教学点 is a school level.
EDUCATION_TERMS: tuple[str, ...] = (
    "投入使用",
    "教学点",
    "中心小学",
    "寄宿制学校",
    "幼儿园",
    "初中",
    "小学",
    "高中",
    "中小学",
    "撤点并校",
    "撤并",
    "国家助学金",
    "助学金",
    "助学贷款",
    "学生资助",
    "营养餐",
    "免除学费",
    "生均公用经费",
    "专项资金",
    "设施设备",
    "改扩建",
    "标准化改造",
    "体育彩票",
    "体彩",
    "全民健身",
    "健身器材",
    "交流轮岗",
    "轮岗交流",
    "招聘",
    "招录",
    "幼儿教师",
    "覆盖率",
    "接种率",
    "达标率",
    "配备率",
    "升学率",
    "录取率",
    "上线率",
    "入学率",
    "巩固率",
    "个百分点",
    "同比",
    "比上年",
    "差异系数",
    "平安校园",
    "学位",
    "新增学位",
)


def jieba_words() -> list[str]:
    """Every catalog wording and cue plus education terms, for the jieba user dictionary."""
    words = {w for i in INDICATORS for w in (i.name_zh, *i.wordings, *i.cues)}
    words.update(SCHOOL_LEVELS.values())
    words.update(EDUCATION_TERMS)
    return sorted(w for w in words if "/" not in w and "、" not in w)


try:
    use(os.environ.get(ENV_VAR) or None)
except CatalogError:
    if os.environ.get(ENV_VAR):
        # a bad user file must not make the package unimportable: the CLI reports it
        os.environ.pop(ENV_VAR, None)
        use(None)
    else:
        raise
