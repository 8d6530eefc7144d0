"""THE indicator catalog (SPEC §4): the one source for the migration seed, the jieba
user dictionary, the classifier's wordings and the data dictionary.

Codes are a contract. Add an indicator here (plus its tests); never rename a code. No
migration is needed for catalog rows: schema_sync.sync_indicators() upserts seed_rows()
whenever a database reaches head. Wordings and cues are read by the classifier only.
"""

from __future__ import annotations

from dataclasses import dataclass

FAMILIES: tuple[str, ...] = (
    "enrolment",
    "consolidation",
    "funding",
    "teachers",
    "outcomes",
    "other",
)

UNITS: dict[str, str] = {
    "percent": "percentage points on a 0–100 scale (98% is stored as 98.0)",
    "places": "school places (学位), a count",
    "schools": "schools, a count",
    "coefficient": "a dimensionless coefficient between 0 and 1",
    "yuan": "Chinese yuan (128万元 is stored as 1280000)",
    "yuan_per_student": "yuan per student per year",
    "persons": "persons or person-times, a count",
    "ratio": "students per teacher (师生比 1:12.5 is stored as 12.5)",
    "as_written": "the unit the text gives, normalised to a count where possible",
}

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


INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "preschool_gross_enrolment_rate",
        "学前三年毛入园率",
        "Preschool gross enrolment rate",
        "enrolment",
        "percent",
        ("学前三年毛入园率", "学前教育毛入园率", "毛入园率"),
        "Children enrolled in kindergarten as a share of the 3–5 age group.",
    ),
    Indicator(
        "inclusive_kindergarten_coverage",
        "普惠性幼儿园覆盖率",
        "Inclusive kindergarten coverage",
        "enrolment",
        "percent",
        (
            "普惠性幼儿园覆盖率",
            "普惠性幼儿园覆盖面",
            "普惠率",
            "普惠性幼儿园在园幼儿占比",
            "普惠性幼儿园在园儿童占比",
            "普惠性幼儿园在园幼儿比例",
            "普惠性民办幼儿园就读率",
            "普惠性幼儿园就读率",
            "普惠性民办幼儿园就读幼儿占比",
        ),
        "Share of kindergarten children in public or inclusive (普惠性) kindergartens.",
    ),
    Indicator(
        "public_kindergarten_share",
        "公办幼儿园在园幼儿占比",
        "Public kindergarten enrolment share",
        "enrolment",
        "percent",
        (
            "公办幼儿园在园幼儿占比",
            "公办园在园幼儿占比",
            "公办园在园幼儿占比率",
            "公办幼儿园在园幼儿占比率",
            "公办幼儿园在园幼儿比率",
            "公办幼儿园在园幼儿比例",
            "公办幼儿园在园儿童占比",
            "公办园在园儿童占比",
        ),
        "Share of kindergarten children enrolled in public kindergartens.",
    ),
    Indicator(
        "primary_enrolment_rate",
        "小学适龄儿童入学率",
        "Primary enrolment rate",
        "enrolment",
        "percent",
        ("小学适龄儿童入学率", "小学学龄儿童净入学率", "小学入学率"),
        "Primary-age children enrolled in primary school.",
    ),
    Indicator(
        "compulsory_enrolment_rate",
        "义务教育入学率",
        "Compulsory education enrolment rate",
        "enrolment",
        "percent",
        ("义务教育入学率", "义务教育阶段入学率", "适龄儿童少年入学率"),
        "Children of compulsory-education age enrolled in school.",
    ),
    Indicator(
        "junior_gross_enrolment_rate",
        "初中毛入学率",
        "Junior secondary gross enrolment rate",
        "enrolment",
        "percent",
        ("初中毛入学率", "初中阶段毛入学率"),
        "Junior secondary enrolment as a share of the 12–14 age group.",
    ),
    Indicator(
        "senior_secondary_gross_enrolment_rate",
        "高中阶段毛入学率",
        "Senior secondary gross enrolment rate",
        "enrolment",
        "percent",
        ("高中阶段毛入学率", "高中阶段教育毛入学率"),
        "Senior secondary (general and vocational) enrolment as a share of the 15–17 age group.",
    ),
    Indicator(
        "disabled_children_enrolment_rate",
        "残疾儿童少年入学率",
        "Enrolment rate of children with disabilities",
        "enrolment",
        "percent",
        ("残疾儿童少年入学率", "残疾儿童少年义务教育入学率", "适龄残疾儿童少年入学率"),
        "Children with disabilities of compulsory age enrolled in school.",
    ),
    Indicator(
        "school_places_added",
        "新增学位",
        "School places added",
        "enrolment",
        "places",
        ("新增学位", "学位", "新增优质学位", "新增公办学位"),
        "School places added by building or extending schools.",
    ),
    Indicator(
        "compulsory_consolidation_rate",
        "九年义务教育巩固率",
        "Compulsory education consolidation (retention) rate",
        "consolidation",
        "percent",
        ("九年义务教育巩固率", "义务教育巩固率", "巩固率"),
        "Share of a primary-entry cohort that completes nine-year compulsory education.",
    ),
    Indicator(
        "schools_consolidated",
        "撤并学校数",
        "Schools merged or closed",
        "consolidation",
        "schools",
        ("撤并", "撤销", "合并", "撤点并校"),
        "Schools merged or closed, one observation per school level.",
        cues=("撤校", "并入"),
    ),
    Indicator(
        "balance_coefficient_primary",
        "小学综合差异系数",
        "Primary school balance (difference) coefficient",
        "consolidation",
        "coefficient",
        ("小学综合差异系数",),
        "Composite difference coefficient between primary schools of the county (lower is more even).",
    ),
    Indicator(
        "balance_coefficient_junior",
        "初中综合差异系数",
        "Junior secondary balance (difference) coefficient",
        "consolidation",
        "coefficient",
        ("初中综合差异系数",),
        "Composite difference coefficient between junior secondary schools of the county.",
    ),
    Indicator(
        "funding_amount",
        "教育投入金额",
        "Funding invested or granted",
        "funding",
        "yuan",
        ("投入", "投资", "拨付", "发放", "资助", "补助", "奖补", "争取", "下达"),
        "Money spent, invested, allocated or granted for a purpose, with funding_category.",
    ),
    Indicator(
        "education_expenditure",
        "教育经费总支出",
        "Education expenditure (budget total)",
        "funding",
        "yuan",
        (
            "教育一般公共预算支出",
            "财政对教育拨款",
            "财政性教育经费",
            "教育投入累计",
            "教育经费总投入",
            "教育经费总支出",
            "教育经费支出",
            "教育支出",
            "财政教育支出",
            "教育总投入",
            "一般公共预算教育经费",
            "公共财政教育支出",
            "教育事业费",
            "教育费附加",
        ),
        "A budget total; never added to project amounts.",
    ),
    Indicator(
        "per_student_funding",
        "生均公用经费",
        "Per-student funding",
        "funding",
        "yuan_per_student",
        ("生均公用经费", "补助标准", "生均经费"),
        "Yuan per student per year (with school_level).",
    ),
    Indicator(
        "students_aided",
        "资助学生人次",
        "Students aided",
        "funding",
        "persons",
        ("资助学生", "惠及", "受助学生", "受益学生", "受惠学生"),
        "Students or person-times receiving aid.",
        # aid words of the sentence: without one, 惠及5000人 may be any public service
        cues=(
            "资助",
            "受助",
            "助学",
            "补助",
            "免除",
            "学费",
            "贷款",
            "补贴",
            "奖学金",
            "减免",
            "免费",
            "保教费",
            "救助",
            "营养改善",
            "营养餐",
            "扶贫",
        ),
    ),
    Indicator(
        "teachers_recruited",
        "招聘教师数",
        "Teachers recruited",
        "teachers",
        "persons",
        ("招聘", "招录", "补充", "引进", "公开招聘"),
        "Teachers recruited, hired or brought in.",
        cues=("招考", "特岗", "新进", "招收", "公招", "直招", "新招"),
    ),
    Indicator(
        "teachers_rotated",
        "交流轮岗教师数",
        "Teachers rotated between schools",
        "teachers",
        "persons",
        ("交流轮岗", "轮岗交流"),
        "Teachers exchanged or rotated between schools.",
        cues=("轮岗",),
    ),
    Indicator(
        "pupil_teacher_ratio",
        "生师比",
        "Pupil–teacher ratio",
        "teachers",
        "ratio",
        ("师生比", "生师比"),
        "Students per teacher (1:12.5 is stored as 12.5).",
    ),
    Indicator(
        "progression_rate",
        "升学率",
        "Progression or admission rate",
        "outcomes",
        "percent",
        ("升学率", "录取率", "上线率"),
        "Share of graduates progressing to the next level or passing the admission line.",
    ),
    Indicator(
        "sports_lottery_sales",
        "体育彩票销售额",
        "Sports lottery sales",
        "other",
        "yuan",
        ("体育彩票销售", "体彩销售", "体育彩票销量"),
        "Sports lottery sales: not education funding.",
        cues=("彩票", "体彩"),
    ),
    Indicator(
        "unclassified",
        "未分类数字",
        "Unclassified figure",
        "other",
        "as_written",
        (),
        "Any other figure, kept with its unit so that nothing is thrown away.",
    ),
)

BY_CODE: dict[str, Indicator] = {ind.code: ind for ind in INDICATORS}


def get(code: str) -> Indicator:
    return BY_CODE[code]


def seed_rows() -> list[dict[str, str]]:
    """Rows for the indicator table, as the migration seeds them."""
    return [
        {
            "code": i.code,
            "name_zh": i.name_zh,
            "name_en": i.name_en,
            "family": i.family,
            "unit": i.unit,
            "description": i.description,
        }
        for i in INDICATORS
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
