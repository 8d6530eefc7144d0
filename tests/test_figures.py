"""Table-driven tests of parse.figures: positives and negatives for every catalog code,
school levels, funding categories, measures, statuses, repeats, totals and provenance."""

from __future__ import annotations

import pytest

from edureports import catalog
from edureports.accuracy import FIRST_CODES
from edureports.parse.figures import extract_figures
from edureports.parse.types import Figure, Period, ReportMeta, Section

META = ReportMeta(review=Period(2022), plan=Period(2023))


def figures(text: str, sections: list[Section] | None = None) -> list[Figure]:
    return extract_figures(text, sections or [], META)


def the(text: str, raw: str) -> Figure:
    found = [f for f in figures(text) if f.raw == raw]
    assert found, f"{raw!r} not found in {[f.raw for f in figures(text)]}"
    return found[0]


# (snippet, figure as written, indicator, extra expectations)
CLASSIFIED: list[tuple[str, str, str, dict[str, object]]] = [
    # --- enrolment
    ("学前教育阶段三年毛入园率98%", "98%", "preschool_gross_enrolment_rate", {"value": 98.0}),
    ("学前三年毛入园率达到92.5%", "92.5%", "preschool_gross_enrolment_rate", {}),
    ("学前教育毛入园率为90%", "90%", "preschool_gross_enrolment_rate", {}),
    ("普惠性幼儿园覆盖率100%", "100%", "inclusive_kindergarten_coverage", {}),
    ("普惠率达到85.6%", "85.6%", "inclusive_kindergarten_coverage", {}),
    ("公办幼儿园在园幼儿占比73%", "73%", "public_kindergarten_share", {}),
    ("公办园在园幼儿占比55.2%", "55.2%", "public_kindergarten_share", {}),
    ("全县小学适龄儿童入学率达100%", "100%", "primary_enrolment_rate", {}),
    ("小学学龄儿童净入学率99.9%", "99.9%", "primary_enrolment_rate", {}),
    ("义务教育阶段入学率100%", "100%", "compulsory_enrolment_rate", {}),
    ("适龄儿童少年入学率达100%", "100%", "compulsory_enrolment_rate", {}),
    ("初中阶段毛入学率102.5%", "102.5%", "junior_gross_enrolment_rate", {"flag": "rate above 100"}),
    ("高中阶段毛入学率达到93.6%", "93.6%", "senior_secondary_gross_enrolment_rate", {}),
    ("残疾儿童少年入学率达95%", "95%", "disabled_children_enrolment_rate", {}),
    ("适龄残疾儿童少年入学率96.5%", "96.5%", "disabled_children_enrolment_rate", {}),
    (
        "提供1.73万个优质学位",
        "1.73万个",
        "school_places_added",
        {"value": 17300.0, "unit": "places"},
    ),
    ("新增1890个优质学位", "1890个", "school_places_added", {"value": 1890.0}),
    ("建成后新增学位50个", "50个", "school_places_added", {}),
    # --- consolidation
    ("九年义务教育巩固率99.3%", "99.3%", "compulsory_consolidation_rate", {}),
    ("义务教育巩固率达100%", "100%", "compulsory_consolidation_rate", {}),
    ("撤并3所小学", "3所", "schools_consolidated", {"school_level": "primary", "unit": "schools"}),
    (
        "将两所初中分别撤并至三中、五中",
        "两所",
        "schools_consolidated",
        {"school_level": "junior", "value": 2.0},
    ),
    ("撤销5个教学点", "5个", "schools_consolidated", {"school_level": "teaching_point"}),
    ("合并2所幼儿园", "2所", "schools_consolidated", {"school_level": "preschool"}),
    (
        "我县小学综合差异系数为0.2740",
        "0.2740",
        "balance_coefficient_primary",
        {"unit": "coefficient"},
    ),
    ("初中综合差异系数为0.2101", "0.2101", "balance_coefficient_junior", {}),
    (
        "小学综合差异系数为1.2",
        "1.2",
        "balance_coefficient_primary",
        {"flag": "coefficient above 1"},
    ),
    # --- funding
    (
        "投入128万元对5所幼儿园进行了标准化改造",
        "128万元",
        "funding_amount",
        {"funding_category": "construction", "value": 1_280_000.0, "unit": "yuan"},
    ),
    (
        "投入专项资金368万元,用于全县中小学校教室照明设施设备改造",
        "368万元",
        "funding_amount",
        {"funding_category": "equipment"},
    ),
    (
        "投入11.76万元采购70台信号屏蔽仪",
        "11.76万元",
        "funding_amount",
        {"funding_category": "equipment"},
    ),
    (
        "投资200万元,完成实训基地建设",
        "200万元",
        "funding_amount",
        {"funding_category": "construction"},
    ),
    (
        "累计发放各类补助近2800万元",
        "2800万元",
        "funding_amount",
        {"funding_category": "student_aid", "qualifier": "approx"},
    ),
    (
        "为2191名学生免除学费685.510万元",
        "685.510万元",
        "funding_amount",
        {"funding_category": "student_aid", "value": 6_855_100.0},
    ),
    (
        "发放国家助学金220.6203万元",
        "220.6203万元",
        "funding_amount",
        {"funding_category": "student_aid"},
    ),
    (
        "整个工程共投资40余万元,为全区民众体育健身创造了条件",
        "40余万元",
        "funding_amount",
        {"funding_category": "sports"},
    ),
    ("投入15万元开展教师培训", "15万元", "funding_amount", {"funding_category": "training"}),
    ("拨付教师绩效工资3000万元", "3000万元", "funding_amount", {"funding_category": "teachers"}),
    ("拨付中小学公用经费500万元", "500万元", "funding_amount", {"funding_category": "operations"}),
    (
        "为各校补充图书12839册,共计28万元",
        "28万元",
        "funding_amount",
        {"funding_category": "equipment"},
    ),
    (
        "投资18亿元的9所中小学建设稳步推进",
        "18亿元",
        "funding_amount",
        {"value": 1_800_000_000.0, "funding_category": "construction"},
    ),
    ("全年教育一般公共预算支出12.5亿元", "12.5亿元", "education_expenditure", {}),
    ("财政性教育经费3.2亿元", "3.2亿元", "education_expenditure", {}),
    (
        "小学生均公用经费650元",
        "650元",
        "per_student_funding",
        {"school_level": "primary", "unit": "yuan_per_student"},
    ),
    ("补助标准为1000元/人", "1000元/人", "per_student_funding", {}),
    (
        "累计发放各类补助近2800万元,惠及学生2.8万人次",
        "2.8万人次",
        "students_aided",
        {"value": 28000.0},
    ),
    ("为2191名学生免除学费685.510万元", "2191名", "students_aided", {"unit": "persons"}),
    ("2023年共资助8620人次", "8620人次", "students_aided", {}),
    ("资助家庭经济困难学生总人数4282 人次", "4282 人次", "students_aided", {}),
    # --- teachers
    ("通过招聘教师等方式为一中补充教师30名", "30名", "teachers_recruited", {"unit": "persons"}),
    ("2022年共招录14名教师", "14名", "teachers_recruited", {}),
    ("完成了共计421名教师的招聘工作", "421名", "teachers_recruited", {}),
    ("招聘30名幼儿教师", "30名", "teachers_recruited", {}),
    ("211名教师参与轮岗交流", "211名", "teachers_rotated", {}),
    ("累计交流中小学教师197人", "197人", "teachers_rotated", {}),
    ("达到师生比1:12.5的要求", "1:12.5", "pupil_teacher_ratio", {"value": 12.5}),
    ("生师比为13.5:1", "13.5:1", "pupil_teacher_ratio", {"value": 13.5}),
    # --- outcomes and other
    ("本科升学率52%", "52%", "progression_rate", {}),
    ("二中重点高中录取率首次突破45.6%", "45.6%", "progression_rate", {}),
    ("一本上线率30%", "30%", "progression_rate", {}),
    (
        "全区体育彩票销售3.7亿元",
        "3.7亿元",
        "sports_lottery_sales",
        {"funding_category": None, "unit": "yuan"},
    ),
    ("柴桑区体育彩票销量达到4200万元", "4200万元", "sports_lottery_sales", {}),
    ("体彩销售额1.2亿元", "1.2亿元", "sports_lottery_sales", {}),
]


@pytest.mark.parametrize(("text", "raw", "indicator", "extra"), CLASSIFIED)
def test_classified(text: str, raw: str, indicator: str, extra: dict[str, object]) -> None:
    f = the(text, raw)
    assert f.indicator == indicator
    for key, value in extra.items():
        assert getattr(f, key) == value, key
    if "unit" not in extra:
        assert f.unit == catalog.BY_CODE[indicator].unit


# (snippet, figure as written, its unit as written normalised): never forced into a code
UNCLASSIFIED: list[tuple[str, str, str]] = [
    ("宏远中学在校生占比1.4%", "1.4%", "percent"),
    ("平安校园覆盖率达到93%", "93%", "percent"),
    ("教育系统接种率达99.87%", "99.87%", "percent"),
    ("3-17岁学生接种率达98.87%", "98.87%", "percent"),
    ("课桌椅配备率、采光达标率、照明达标率均实现100%", "100%", "percent"),
    ("全年培训覆盖率达80%以上", "80%", "percent"),
    ("完成2所幼儿园改扩建工程", "2所", "所"),
    ("完成省市下达的1所幼儿园提档升级任务", "1所", "所"),
    ("撤销3名教师资格", "3名", "名"),
    ("调整2所学校校长", "2所", "所"),
    ("招商引资到位资金2.5亿元", "2.5亿元", "yuan"),
    ("预计能够超额完成全年预定的目标任务4600万元", "4600万元", "yuan"),
    ("柴桑区体育彩票销售网点43个", "43个", "个"),
    ("2023年全县各中小学共有15名教师退休", "15名", "名"),
    ("23名教师参加国培计划", "23名", "名"),
    ("2名教师在创新课堂教学实践交流展示活动中获得全国二等奖", "2名", "名"),
    ("全面开展小学生课后服务工作,惠及2万余名小学生", "2万余名", "名"),
    ("开展家庭教育公益巡讲10余次、惠及5000余名学生家长", "5000余名", "名"),
    ("设置招聘岗位150余个", "150余个", "个"),
    ("组织学习40余次", "40余次", "次"),
    ("对口升学考试达线率80%", "80%", "percent"),
    ("2022年中考成绩全盟排位19名", "19名", "名"),
    ("全县各校现有门卫和安保人员193人", "193人", "人"),
    ("14:13之后", "", ""),
    ("比例为1:3", "1:3", "ratio"),
    ("共有全民健身路径380条", "380条", "条"),
]


@pytest.mark.parametrize(("text", "raw", "unit"), UNCLASSIFIED)
def test_unclassified(text: str, raw: str, unit: str) -> None:
    found = figures(text)
    if not raw:
        assert found == []
        return
    f = the(text, raw)
    assert f.indicator == "unclassified"
    assert f.unit == unit
    assert f.school_level is None and f.funding_category is None


def test_every_catalog_code_has_a_positive_case() -> None:
    # the codes the catalog rule reads from data have theirs in tests/test_catalog.py
    covered = {indicator for _, _, indicator, _ in CLASSIFIED}
    assert covered == set(FIRST_CODES) - {"unclassified"}


# ------------------------------------------------------------------ consolidation lists


def test_consolidation_list_gives_one_observation_per_level() -> None:
    text = (
        "完成路堡、黄崖洞、东阳关3所初中,看后、下赤峪、清泉、小寨等4所小学,"
        "东洼、北桑鲁等14个教学点的撤并工作。"
    )
    got = [(f.raw, f.indicator, f.school_level, f.value) for f in figures(text)]
    assert got == [
        ("3所", "schools_consolidated", "junior", 3.0),
        ("4所", "schools_consolidated", "primary", 4.0),
        ("14个", "schools_consolidated", "teaching_point", 14.0),
    ]


def test_consolidation_word_before_the_list() -> None:
    got = [(f.indicator, f.school_level, f.value) for f in figures("撤并小学3所,初中2所。")]
    assert got == [
        ("schools_consolidated", "primary", 3.0),
        ("schools_consolidated", "junior", 2.0),
    ]


def test_consolidation_word_in_another_sentence_does_not_count() -> None:
    fs = figures("完成3所初中改造。撤并工作稳步推进。")
    assert fs[0].indicator == "schools_renovated"  # 改造 of its own sentence, not 撤并


# ------------------------------------------------------------------ measures

MEASURES = [
    ("毛入园率由58%上升到79.6%", "58%", "earlier", "preschool_gross_enrolment_rate"),
    ("毛入园率由58%上升到79.6%", "79.6%", "level", "preschool_gross_enrolment_rate"),
    ("义务教育巩固率从97%提高到98.5%", "97%", "earlier", "compulsory_consolidation_rate"),
    ("教育投入比上年增加0.9亿元", "0.9亿元", "change", "funding_amount"),
    ("体育彩票销售同比增长16.53%", "16.53%", "change", "unclassified"),
    ("毛入园率提高2.3个百分点", "2.3个百分点", "change", "preschool_gross_enrolment_rate"),
    ("毛入园率达到90%", "90%", "level", "preschool_gross_enrolment_rate"),
    ("新增1890个优质学位", "1890个", "level", "school_places_added"),
]


@pytest.mark.parametrize(("text", "raw", "measure", "indicator"), MEASURES)
def test_measure(text: str, raw: str, measure: str, indicator: str) -> None:
    f = the(text, raw)
    assert (f.measure, f.indicator) == (measure, indicator)


def test_percentage_points_are_never_a_percentage_level() -> None:
    f = the("毛入园率提高2.3个百分点", "2.3个百分点")
    assert f.unit == "percentage_points" and f.measure == "change"


def test_change_is_not_flagged_as_implausible() -> None:
    f = the("普惠率增长120%", "120%")
    assert f.measure == "change" and f.flag is None


# ------------------------------------------------------------------ statuses, sections


def _sections(text: str) -> list[Section]:
    cut = text.index("二、")
    return [
        Section(0, None, 1, "一、", "工作总结", 0, cut, 6, Period(2022), "review"),
        Section(1, None, 1, "二、", "工作计划", cut, len(text), cut + 6, Period(2023), "plan"),
        Section(2, 1, 2, "(一)", "抓基础", cut + 7, len(text), cut + 12, None, None),
    ]


def test_plan_sections_make_targets_and_give_period() -> None:
    text = (
        "一、工作总结\n投入128万元改造校舍。\n二、工作计划\n(一)抓基础\n计划投入200万元改造校舍。"
    )
    secs = _sections(text)
    fs = extract_figures(text, secs, META)
    first, second = fs
    assert (first.status, first.role, first.period, first.section) == (
        "reported",
        "review",
        Period(2022),
        0,
    )
    assert (second.status, second.role, second.period, second.section) == (
        "target",
        "plan",
        Period(2023),
        2,
    )


def test_outside_sections_takes_meta_review() -> None:
    f = figures("投入128万元改造校舍。")[0]
    assert (f.period, f.role, f.section) == (Period(2022), "review", None)


def test_planned_amount_in_a_review_section_is_a_target() -> None:
    f = the("全区计划投资1.3亿元新建7所幼儿园", "1.3亿元")
    assert (f.status, f.role, f.period) == ("target", "plan", Period(2022))  # this year's plan
    assert the("按计划完成了30名教师的招聘工作", "30名").status == "reported"


# (snippet of a review, figure as written, status): what was planned, what was done, budgets
STATUSES = [
    # what was done, written after what was planned in the same sentence
    ("2017年计划投资21.42亿元,实际完成投资19.09亿元。", "21.42亿元", "target"),
    ("2017年计划投资21.42亿元,实际完成投资19.09亿元。", "19.09亿元", "reported"),
    ("计划新建学校5所,已建成3所。", "5所", "target"),
    ("计划新建学校5所,已建成3所。", "3所", "reported"),
    ("计划新建学校5所,已完成前期工作,预计投资2000万元。", "2000万元", "target"),
    ("计划实施的5个项目已于8月底全部竣工,竣工面积2.25万平方米。", "2.25万平方米", "reported"),
    # a project's budgeted total, whichever year it is written in
    ("“新增学位3.2万个”项目总投资6.9亿元。", "6.9亿元", "target"),
    ("规划建设面积约6万平方米,规划总投资约4.4亿元。", "4.4亿元", "target"),
    ("可满足360名适龄幼儿入园。项目总投资概算约1626.15万元。", "1626.15万元", "target"),
    # ... but not what the year's projects took, nor a total said to be spent
    ("2017年,总投资7亿多元,实施28个教育建设项目。", "7亿多元", "reported"),
    ("全年完成项目总投资3亿元。", "3亿元", "reported"),
    # the years ahead
    ("为缓解就学压力,未来三年全区将新增6660个小学学位。", "6660个", "target"),
    ("今后五年新建学校12所。", "12所", "target"),
    ("多所公办幼儿园将于2020年开办,能够新增优质学位1770个。", "1770个", "target"),
    ("今年我市将新增学位11.45万个。", "11.45万个", "target"),
    ("新建中小学156所,建成投用后将增加学位11.45万个。", "11.45万个", "target"),
    ("2023年我市规划投资58.7亿元,新建、改扩建中小学156所。", "58.7亿元", "target"),
    ("2023年我市规划投资58.7亿元,新建、改扩建中小学156所。", "156所", "target"),
    # will, in another clause of a sentence that goes on to what was done
    ("城西小学项目即将完成主体建设,江南路中学项目全面竣工,新增小学学位1620个。", "1620个", "reported"),
    # 计划 as the name of programmes listed, not a plan
    ("通过实施特岗教师计划以及引才计划等共计补充教师385名。", "385名", "reported"),
    ("落实营养改善计划、资助计划等惠及学生2万人。", "2万人", "reported"),
    # 共计 and 累计 before 划拨 (allocated), not 计划
    ("县财政共计划拨各类教育经费3亿元。", "3亿元", "reported"),
    ("累计划拨资金500万元。", "500万元", "reported"),
    ("计划拨付资金500万元。", "500万元", "target"),
]


@pytest.mark.parametrize(("text", "raw", "status"), STATUSES)
def test_status_in_a_review(text: str, raw: str, status: str) -> None:
    f = the(text, raw)
    assert (f.status, f.role) == (status, "plan" if status == "target" else "review")


def test_placeholders_are_redacted_and_classified() -> None:
    f = the("共落实普惠性奖补资金xxx.xx万元", "xxx.xx万元")
    assert (f.status, f.value, f.indicator) == ("redacted", None, "funding_amount")
    f = the("资助学生xxxxx人", "xxxxx人")
    assert (f.status, f.value, f.indicator) == ("redacted", None, "students_aided")


def test_qualifier_is_kept() -> None:
    assert the("投资500余万元购置平板3000余部", "500余万元").qualifier == "approx"


# ------------------------------------------------------------------ repeats and totals


def test_repeat_points_to_first_statement() -> None:
    text = "加大教育投入,投资18亿元的9所中小学建设稳步推进。……我区计划投资18亿元开工建设9所中小学。"
    fs = figures(text)
    money = [i for i, f in enumerate(fs) if f.indicator == "funding_amount"]
    assert len(money) == 2
    assert fs[money[0]].repeat_of is None
    assert fs[money[1]].repeat_of == money[0]


def test_different_amounts_are_not_repeats() -> None:
    fs = figures("投入128万元改造校舍。投入368万元改造校舍。")
    assert [f.repeat_of for f in fs] == [None, None]


def test_total_of_parts() -> None:
    text = (
        "2023年春季全区资助家庭经济困难学生总人数4282人次,发放国家助学金220.6203万元;"
        "2023年秋季全区资助家庭经济困难学生总人数4338人次,发放国家助学金259.8788万元;"
        "2023年共资助8620人次,发放国家助学金480.499万元。"
    )
    fs = figures(text)
    by_raw = {f.raw: i for i, f in enumerate(fs)}
    assert fs[by_raw["480.499万元"]].total_of == (by_raw["220.6203万元"], by_raw["259.8788万元"])
    assert fs[by_raw["8620人次"]].total_of == (by_raw["4282人次"], by_raw["4338人次"])
    assert fs[by_raw["220.6203万元"]].total_of == ()


def test_sum_without_total_word_is_not_a_total() -> None:
    fs = figures("投入3万元购置设备。投入4万元购置设备。投入7万元购置设备。")
    assert all(f.total_of == () for f in fs)


# ------------------------------------------------------------------ provenance


PROVENANCE = [
    ("投入专项资金368万元,用于改造", "368万元", "投入专项资金368万元"),
    ("学前教育阶段三年毛入园率98%,公办幼儿园在园幼儿占比73%", "98%", "学前教育阶段三年毛入园率98%"),
    ("完成东阳关3所初中,看后等4所小学的撤并工作", "3所", "完成东阳关3所初中"),
    ("组织专题学习xx场次;专题研讨x次", "xx场次", "组织专题学习xx场次"),
    ("组织专题学习xx场次;专题研讨x次", "x次", "专题研讨x次"),
    ("达到师生比1:12.5的要求。", "1:12.5", "达到师生比1:12.5的要求"),
]


@pytest.mark.parametrize(("text", "raw", "clause"), PROVENANCE)
def test_provenance(text: str, raw: str, clause: str) -> None:
    f = the(text, raw)
    assert text[f.start : f.end] == f.raw == raw
    assert f.clause == clause


def test_every_number_is_kept() -> None:
    fs = figures("清廉学校34所,报送材料27篇,笼式足球场0个")
    assert [(f.raw, f.indicator, f.unit) for f in fs] == [
        ("34所", "unclassified", "所"),
        ("27篇", "unclassified", "篇"),
        ("0个", "sports_grounds_built", "个"),  # a count of the catalog keeps its unit
    ]


def test_tokenizer_is_shared() -> None:
    from edureports.parse.figures import tokenizer

    assert tokenizer() is tokenizer()
    words = [w for w, _, _ in tokenizer().tokenize("义务教育阶段入学率100%", HMM=False)]
    assert "义务教育阶段入学率" in words


# ------------------------------------------------------------------ catalog as the one source


def test_classifier_words_name_known_levels_and_categories() -> None:
    assert set(catalog.FUNDING_CATEGORY_WORDS) <= set(catalog.FUNDING_CATEGORIES)
    assert {lvl for _, lvl in catalog.SCHOOL_LEVEL_WORDS if lvl} <= set(catalog.SCHOOL_LEVELS)


def test_jieba_dictionary_holds_every_wording() -> None:
    words = set(catalog.jieba_words())
    for ind in catalog.INDICATORS:
        # the catalog rule matches wordings as written; the jieba rules need them as words
        assert ind.units or set(ind.wordings) <= words, ind.code
    assert "投入使用" in words  # keeps 投入 of 投入使用 from reading as money invested


def test_seed_rows_unchanged_by_classifier_fields() -> None:
    rows = catalog.seed_rows()
    assert [r["code"] for r in rows] == [i.code for i in catalog.INDICATORS]
    assert set(rows[0]) == {
        *("code", "name_zh", "name_en", "family", "unit", "description"),
        *("topic", "additive", "framework", "citation"),
    }


def test_put_into_use_is_not_funding() -> None:
    fs = figures("满都拉小学投入使用后,新增3个班级")
    assert [f.indicator for f in fs] == ["classes"]


def test_unclassified_repeat_needs_the_same_words() -> None:
    text = "宏远中学在校生占比1.4%,严格控制。今年宏远中学在校生占比1.4%,严格控制。配备率达100%。达标率达100%。"
    fs = figures(text)
    assert [f.repeat_of for f in fs] == [None, 0, None, None]


MORE: list[tuple[str, str, str, dict[str, object]]] = [
    ("义务教育阶段适龄儿童入学率100%", "100%", "compulsory_enrolment_rate", {}),
    ("全县小学入学率99.8%", "99.8%", "primary_enrolment_rate", {}),
    ("适龄残疾儿童入学率达到95%", "95%", "disabled_children_enrolment_rate", {}),
    ("高中阶段教育毛入学率92%", "92%", "senior_secondary_gross_enrolment_rate", {}),
    (
        "学前三年毛入园率达到92.5%,比上年提高2.3个百分点",
        "2.3个百分点",
        "preschool_gross_enrolment_rate",
        {"measure": "change", "unit": "percentage_points"},
    ),
    ("每生每年补助1000元", "1000元", "per_student_funding", {}),
    ("全年共争取上级资金8000万元", "8000万元", "funding_amount", {"funding_category": "other"}),
    (
        "发放营养餐补助300万元,惠及学生5000人",
        "300万元",
        "funding_amount",
        {"funding_category": "student_aid"},
    ),
    ("发放营养餐补助300万元,惠及学生5000人", "5000人", "students_aided", {}),
    ("撤并村小5所", "5所", "schools_consolidated", {"school_level": "primary"}),
    (
        "义务教育巩固率达到96%以上",
        "96%",
        "compulsory_consolidation_rate",
        {"qualifier": "at_least"},
    ),
]


@pytest.mark.parametrize(("text", "raw", "indicator", "extra"), MORE)
def test_more_wordings(text: str, raw: str, indicator: str, extra: dict[str, object]) -> None:
    test_classified(text, raw, indicator, extra)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("小学入学率、初中入学率均达到100%", "100%"),  # 初中入学率 is not in the catalog
        ("完成投资3.2亿元,占年度计划的105%", "105%"),
        ("疫苗接种率提高2个百分点", "2个百分点"),
    ],
)
def test_more_unclassified(text: str, raw: str) -> None:
    f = the(text, raw)
    assert f.indicator == "unclassified" and f.flag is None


REALISTIC: list[tuple[str, str, str, dict[str, object]]] = [
    ("全年教育支出12.3亿元,占一般公共预算支出的18.5%", "12.3亿元", "education_expenditure", {}),
    ("教育投入累计达到25亿元", "25亿元", "education_expenditure", {}),
    (
        "县财政投入1500万元用于教师培训",
        "1500万元",
        "funding_amount",
        {"funding_category": "training"},
    ),
    ("落实教师绩效工资1.2亿元", "1.2亿元", "funding_amount", {"funding_category": "teachers"}),
    ("发放乡村教师生活补助800万元", "800万元", "funding_amount", {"funding_category": "teachers"}),
    (
        "营养改善计划补助资金2000万元",
        "2000万元",
        "funding_amount",
        {"funding_category": "student_aid"},
    ),
    (
        "完成校舍维修改造投资800万元",
        "800万元",
        "funding_amount",
        {"funding_category": "construction"},
    ),
    ("采购教学仪器设备价值600万元", "600万元", "funding_amount", {"funding_category": "equipment"}),
    ("新建、改扩建幼儿园12所,新增学位3600个", "3600个", "school_places_added", {}),
    ("全年招聘教师120名,其中特岗教师50名", "120名", "teachers_recruited", {}),
    ("全年招聘教师120名,其中特岗教师50名", "50名", "teachers_recruited", {}),
    ("招聘幼儿园教师30人", "30人", "teachers_recruited", {}),
    ("交流轮岗校长和教师85人", "85人", "teachers_rotated", {}),
    ("撤并小规模学校8所", "8所", "schools_consolidated", {"school_level": None}),
    ("高考本科上线率达65%", "65%", "progression_rate", {}),
]


@pytest.mark.parametrize(("text", "raw", "indicator", "extra"), REALISTIC)
def test_realistic_wordings(text: str, raw: str, indicator: str, extra: dict[str, object]) -> None:
    test_classified(text, raw, indicator, extra)


@pytest.mark.parametrize(
    ("text", "raw"),
    [
        ("初中升入高中比例为92%", "92%"),
        ("全县学校由2015年的156所调减为98所", "98所"),
        ("全年教育支出12.3亿元,占一般公共预算支出的18.5%", "18.5%"),
    ],
)
def test_realistic_unclassified(text: str, raw: str) -> None:
    assert the(text, raw).indicator == "unclassified"


# (code that must NOT be given, snippet, figure as written): a negative for every code
NEGATIVES: list[tuple[str, str, str]] = [
    ("preschool_gross_enrolment_rate", "幼儿园疫苗接种率98%", "98%"),
    ("inclusive_kindergarten_coverage", "平安校园覆盖率达到93%", "93%"),
    ("public_kindergarten_share", "宏远中学在校生占比1.4%", "1.4%"),
    ("primary_enrolment_rate", "小学生近视率35%", "35%"),
    ("compulsory_enrolment_rate", "义务教育阶段课后服务参与率95%", "95%"),
    ("junior_gross_enrolment_rate", "初中学生体质健康合格率92%", "92%"),
    ("senior_secondary_gross_enrolment_rate", "高中阶段学生体质健康合格率95%", "95%"),
    ("disabled_children_enrolment_rate", "残疾儿童送教上门服务覆盖率100%", "100%"),
    ("school_places_added", "新增3个功能室", "3个"),
    ("compulsory_consolidation_rate", "义务教育巩固率提高0.5个百分点", "0.5个百分点"),
    ("schools_consolidated", "完成2所幼儿园改扩建工程", "2所"),
    ("balance_coefficient_primary", "校际差异系数为0.35", "0.35"),
    ("balance_coefficient_junior", "初中校际差异系数为0.35", "0.35"),
    ("funding_amount", "全区体育彩票销售3.7亿元", "3.7亿元"),
    ("education_expenditure", "投入专项资金368万元", "368万元"),
    ("per_student_funding", "发放营养餐补助300万元", "300万元"),
    ("students_aided", "惠及5000余名学生家长", "5000余名"),
    ("teachers_recruited", "2023年全县各中小学共有15名教师退休", "15名"),
    ("teachers_rotated", "2名教师在创新课堂教学实践交流展示活动中获奖", "2名"),
    ("pupil_teacher_ratio", "男女比例为1:1.2", "1:1.2"),
    ("progression_rate", "对口升学考试达线率80%", "80%"),
    ("sports_lottery_sales", "柴桑区体育彩票销售网点43个", "43个"),
    ("unclassified", "普惠性幼儿园覆盖率100%", "100%"),
]


@pytest.mark.parametrize(("code", "text", "raw"), NEGATIVES)
def test_negative(code: str, text: str, raw: str) -> None:
    f = the(text, raw)
    # never a level of that indicator (a change in percentage points is not a rate level)
    assert not (f.indicator == code and f.measure == "level")


def test_every_catalog_code_has_a_negative_case() -> None:
    assert {code for code, _, _ in NEGATIVES} == set(FIRST_CODES)


PLAN_ONLY = ReportMeta(review=None, plan=Period(2023))


@pytest.mark.parametrize(
    ("text", "raw", "indicator", "status"),
    [
        ("新增义务教育阶段学位3150个", "3150个", "school_places_added", "target"),
        ("当年计划投资4065万元", "4065万元", "funding_amount", "target"),
    ],
)
def test_a_plan_only_report_dates_its_figures_by_its_plan(text, raw, indicator, status) -> None:
    # an excerpt that states only the year it plans: its undated figures belong to that year
    (f,) = [f for f in extract_figures(text, [], PLAN_ONLY) if f.raw == raw]
    assert (f.indicator, f.status, f.role, f.period) == (indicator, status, "plan", Period(2023))


def test_paying_is_funding() -> None:
    assert the("支付专项资金1304万元", "1304万元").indicator == "funding_amount"
