"""The catalog as data: the packaged file, user files of the same shape, and the catalog
rule that reads the indicators it describes (parse/figures.py). Parsers are tested on strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from edureports import catalog
from edureports.accuracy import FIRST_CODES
from edureports.parse.figures import extract_figures
from edureports.parse.types import Figure, Period, ReportMeta

META = ReportMeta(review=Period(2023))


def the(text: str, raw: str) -> Figure:
    found = [f for f in extract_figures(text, [], META) if f.raw == raw]
    assert len(found) == 1, [f.raw for f in extract_figures(text, [], META)]
    return found[0]


# (snippet, figure as written, code, school level or None): a positive for every code the
# catalog added to its first 22
CATALOG_CASES: list[tuple[str, str, str, str | None]] = [
    (
        "辖区内在校中小学生68428人(小学40979人,初中17112人)",
        "40979人",
        "students_enrolled",
        "primary",
    ),
    ("全县在校学生8.6万人", "8.6万人", "students_enrolled", None),
    ("普通高中招生1396人", "1396人", "students_admitted", "senior"),
    ("义务教育段随迁子女24409人", "24409人", "migrant_children_enrolled", "compulsory"),
    ("中职招生占高中阶段招生比例为39.44%", "39.44%", "vocational_admission_share", None),
    ("中职在校生占高中阶段在校生比例为38.37%", "38.37%", "vocational_student_share", None),
    ("实际参与课后服务的学生32402人", "32402人", "after_school_participants", "compulsory"),
    ("课后服务参与率达到100%", "100%", "after_school_participation_rate", None),
    ("普通高中大班额控制在4%以内", "4%", "large_class_share", "senior"),
    ("初中生年辍学率2.53%", "2.53%", "dropout_rate", None),
    ("小学每百名学生拥有高于规定学历教师数4.6人", "4.6人", "qualified_teachers_per_100", "primary"),
    ("初中每百名学生拥有县级以上骨干教师1.2人", "1.2人", "key_teachers_per_100", "junior"),
    ("小学每百名学生拥有体育、艺术专任教师0.95人", "0.95人", "pe_art_teachers_per_100", "primary"),
    ("初中生均教学及辅助用房面积6.1平方米", "6.1平方米", "teaching_area_per_student", "junior"),
    ("小学生均体育运动场馆面积8.2平方米", "8.2平方米", "sports_area_per_student", "primary"),
    ("初中生均教学仪器设备值2650元", "2650元", "equipment_value_per_student", "junior"),
    ("小学每百名学生拥有网络多媒体教室2.5间", "2.5间", "multimedia_rooms_per_100", "primary"),
    ("小学校际差异系数为0.35", "0.35", "resource_difference_coefficient", None),
    ("校际差异系数为0.35", "0.35", "resource_difference_coefficient", None),
    ("中小学专任教师2994人", "2994人", "full_time_teachers", None),
    ("区属中小学教职工3211人", "3211人", "school_staff", None),
    ("培训教师5000人次", "5000人次", "teachers_trained", None),
    ("新增5名市级特级教师", "5名", "key_teachers", None),
    ("全县小学教师学历达标率100%", "100%", "teacher_degree_share", None),
    ("高级职称教师占比18.5%", "18.5%", "senior_title_share", None),
    ("教师平均工资收入8.6万元", "8.6万元", "teacher_pay", None),
    ("新建幼儿园4所", "4所", "schools_built", "preschool"),
    ("新建、改扩建幼儿园12所", "12所", "schools_expanded", "preschool"),
    ("改薄学校17所", "17所", "schools_renovated", None),
    ("全县共有各级各类学校156所", "156所", "schools_total", None),
    ("全县共有学校156所,其中小学100所", "100所", "schools_total", "primary"),
    ("建设品质县中10所", "10所", "county_high_schools_upgraded", "senior"),
    ("实施28个教育建设项目", "28个", "education_projects", None),
    ("截至4月底,11个项目已完工", "11个", "education_projects_completed", None),
    ("新建校舍8.24万平方米", "8.24万平方米", "floor_area_built", None),
    ("新增学位3200个,其中今年建成2.1万平方米校舍", "2.1万平方米", "floor_area_built", None),
    ("完成加固校舍3.03万平方米", "3.03万平方米", "floor_area_reinforced", None),
    ("全县校舍建筑面积达26.53万平方米", "26.53万平方米", "floor_area_total", None),
    ("学生平均校舍建筑面积小学达7.6平方米", "7.6平方米", "floor_area_per_student", "primary"),
    ("改扩建运动场3.2万平方米", "3.2万平方米", "sports_ground_area_built", None),
    ("建成社会足球场7个", "7个", "sports_grounds_built", None),
    ("建成2所中学社会足球场", "2所", "sports_grounds_built", None),
    ("新建标准化实验室26间", "26间", "labs_built", None),
    ("新增3个功能室", "3个", "labs_built", None),
    ("补充配置电脑6914台", "6914台", "computers_added", None),
    ("建设教师周转房90套", "90套", "teacher_housing_built", None),
    ("金湾一中主体建设完成形象进度约85%", "85%", "construction_progress", None),
    ("完成投资3212万元,占年度投资计划的32.12%", "32.12%", "investment_completion_rate", None),
    ("设置12个保教班", "12个", "classes", None),
    ("组建31个名师工作室", "31个", "teacher_studios", None),
    ("完成泉山学校一期2座教学楼建设", "2座", "buildings_built", None),
    ("新建幼儿园占地约14亩", "14亩", "school_land_area", "preschool"),
    ("营养改善计划项目覆盖三县五区共702所学校", "702所", "nutrition_schools", None),
    ("发放免费教科书123086册", "123086册", "free_textbooks", None),
    ("学生体质健康达标率92.5%", "92.5%", "physical_fitness_pass_rate", None),
    ("全县儿童青少年总体近视率52.3%", "52.3%", "myopia_rate", None),
    ("一本上线2445人", "2445人", "gaokao_undergraduate_passes", "senior"),
    ("市一中正取上线19人", "19人", "zhongkao_passes", "junior"),
    ("全县师生共获得国家级奖2人次", "2人次", "competition_awards", None),
    (
        "生均一般公共预算教育经费增长情况是:\n(1)普通小学上年10321.31元,本年10359.52元",
        "10359.52元",
        "per_student_budget_funding",
        "primary",
    ),
    (
        "生均一般公共预算教育事业费增长情况是:\n(2)普通初中上年9897.32元",
        "9897.32元",
        "per_student_operating_expenditure",
        "junior",
    ),
    ("全县财政经常性收入139857万元", "139857万元", "recurrent_fiscal_revenue", None),
    (
        "财政教育拨款的增长率高于财政经常性收入增长的6个百分点",
        "6个百分点",
        "funding_growth_over_revenue",
        None,
    ),
]


@pytest.mark.parametrize(("text", "raw", "code", "level"), CATALOG_CASES)
def test_catalog_rule(text: str, raw: str, code: str, level: str | None) -> None:
    f = the(text, raw)
    assert (f.indicator, f.school_level) == (code, level)
    ind = catalog.get(code)
    if ind.unit != "as_written" and f.unit != "percentage_points":
        assert f.unit == ind.unit


def test_every_added_code_has_a_positive_case() -> None:
    added = {i.code for i in catalog.INDICATORS} - FIRST_CODES
    assert {code for _, _, code, _ in CATALOG_CASES} == added


# (code that must NOT be given, snippet, figure as written): a negative for every added code
CATALOG_NEGATIVES: list[tuple[str, str, str]] = [
    ("students_enrolled", "义务教育段少数民族学生占比12%", "12%"),
    ("students_admitted", "全县普通高中报考人数1686人", "1686人"),
    ("migrant_children_enrolled", "随迁子女入学率100%", "100%"),
    ("vocational_admission_share", "普通高中招生1396人", "1396人"),
    ("vocational_student_share", "中职在校生1628人", "1628人"),
    ("after_school_participants", "对全市34所义务教育学校实行课后服务", "34所"),
    ("after_school_participation_rate", "课后服务计划拨付700万元,占年度计划投资总额的75%", "75%"),
    ("large_class_share", "班额控制在45人以内", "45人"),
    ("dropout_rate", "九年义务教育巩固率为96.5%", "96.5%"),
    ("qualified_teachers_per_100", "新招聘教师315名", "315名"),
    ("key_teachers_per_100", "组建31个名师工作室", "31个"),
    ("pe_art_teachers_per_100", "招聘音体美教师20名", "20名"),
    ("teaching_area_per_student", "学生平均校舍建筑面积小学达7.6平方米", "7.6平方米"),
    ("sports_area_per_student", "改扩建运动场3.2万平方米", "3.2万平方米"),
    ("equipment_value_per_student", "采购教学仪器设备价值600万元", "600万元"),
    ("multimedia_rooms_per_100", "新建标准化实验室26间", "26间"),
    ("resource_difference_coefficient", "比例为1:3", "1:3"),
    ("full_time_teachers", "八个专业1628名学生配备教师82人", "1628名"),
    ("school_staff", "评选优秀教职工10人", "10人"),
    ("teachers_trained", "组织人才培养培训200名", "200名"),
    ("key_teachers", "组建31个名师工作室", "31个"),
    ("teacher_degree_share", "全县小学入学率99.8%", "99.8%"),
    ("senior_title_share", "公办幼儿园在园幼儿占比52.4%", "52.4%"),
    ("teacher_pay", "发放教师绩效工资300万元", "300万元"),
    ("schools_built", "新建的2所学校已完成立项", "2所"),
    ("schools_expanded", "新建幼儿园4所", "4所"),
    ("schools_renovated", "新建幼儿园4所", "4所"),
    ("schools_total", "全区现有全国级文明校园1所、篮球特色学校10所", "10所"),
    ("county_high_schools_upgraded", "建设“爱晚”老年学校2所", "2所"),
    ("education_projects", "信息化建设项目安排了28个学校视频监控", "28个"),
    ("education_projects_completed", "1个项目主体完工", "1个"),
    ("floor_area_built", "完成加固校舍3.03万平方米", "3.03万平方米"),
    ("floor_area_reinforced", "新建校舍5959平方米", "5959平方米"),
    ("floor_area_total", "新建校舍8.24万平方米", "8.24万平方米"),
    ("floor_area_per_student", "全县校舍建筑面积达26.53万平方米", "26.53万平方米"),
    ("sports_ground_area_built", "新建校舍8.24万平方米", "8.24万平方米"),
    ("sports_grounds_built", "足球特色学校3所", "3所"),
    ("labs_built", "创成书香校园、创客基地、智慧教室等15个", "15个"),
    ("computers_added", "共覆盖城乡义务教育学校45所", "45所"),
    ("teacher_housing_built", "建设教师周转房资金438万元", "438万元"),
    ("construction_progress", "共增加公办义务教育学位33480个,完成率127.14%", "127.14%"),
    ("investment_completion_rate", "实际完成投资19.09亿元,比上年增长23.56%", "23.56%"),
    ("classes", "召开领导班子会议5次", "5次"),
    ("teacher_studios", "成立名师工作室3个,吸纳成员120人", "120人"),
    ("buildings_built", "五栋单体完成外墙贴砖", "五栋"),
    ("school_land_area", "新建校舍5959平方米", "5959平方米"),
    ("nutrition_schools", "共覆盖城乡义务教育学校45所", "45所"),
    ("education_projects", "营养改善计划是一项惠民工程", "一项"),
    ("free_textbooks", "编发《工作简报》8期", "8期"),
    ("physical_fitness_pass_rate", "教育系统接种率达99.87%", "99.87%"),
    ("myopia_rate", "平安校园覆盖率达到93%", "93%"),
    ("gaokao_undergraduate_passes", "考生数比去年减少17101人", "17101人"),
    ("zhongkao_passes", "中考进入全市前100名有4人", "100名"),
    ("competition_awards", "3项发明获国家专利", "3项"),
    ("per_student_budget_funding", "生均公用经费小学650元", "650元"),
    ("per_student_operating_expenditure", "生均公用经费小学650元", "650元"),
    ("recurrent_fiscal_revenue", "招商引资到位资金2.5亿元", "2.5亿元"),
    (
        "funding_growth_over_revenue",
        "教育支出占财政支出比例提高1.2个百分点",
        "1.2个百分点",
    ),
]


@pytest.mark.parametrize(("code", "text", "raw"), CATALOG_NEGATIVES)
def test_catalog_negative(code: str, text: str, raw: str) -> None:
    assert the(text, raw).indicator != code


def test_every_added_code_has_a_negative_case() -> None:
    added = {i.code for i in catalog.INDICATORS} - FIRST_CODES
    assert {code for code, _, _ in CATALOG_NEGATIVES} == added


# ------------------------------------------------------------------ the data file


def test_packaged_catalog_keeps_the_first_codes() -> None:
    assert set(catalog.BY_CODE) >= FIRST_CODES
    assert catalog.get("funding_amount").additive and catalog.get("funding_amount").unit == "yuan"


def test_every_indicator_is_described() -> None:
    for ind in catalog.INDICATORS:
        assert ind.family in catalog.FAMILIES and ind.topic in catalog.TOPICS, ind.code
        assert ind.unit in catalog.UNITS and ind.description, ind.code
        assert not ind.framework or ind.framework in catalog.FRAMEWORKS, ind.code
        assert set(ind.levels) <= set(catalog.SCHOOL_LEVELS), ind.code


def test_standards_name_their_document() -> None:
    assert catalog.STANDARDS
    for std in catalog.STANDARDS:
        assert std.code in catalog.BY_CODE and std.framework in catalog.FRAMEWORKS
        assert catalog.FRAMEWORKS[std.framework].document and std.citation
    by_key = {(s.code, s.level): (s.op, s.value) for s in catalog.STANDARDS}
    assert by_key[("teaching_area_per_student", "primary")] == (">=", 4.5)
    assert by_key[("teaching_area_per_student", "junior")] == (">=", 5.8)
    assert by_key[("resource_difference_coefficient", "primary")] == ("<=", 0.5)
    assert by_key[("resource_difference_coefficient", "junior")] == ("<=", 0.45)


def test_standard_rows_for_the_table() -> None:
    rows = catalog.standard_rows()
    assert len(rows) == len(catalog.STANDARDS)
    assert all(r["school_level"] is not None and r["citation"] for r in rows)


# ------------------------------------------------------------------ user files

USER_FILE = """
[framework.county_plan]
name = "某县教育发展规划"
document = "某政发〔2021〕1号"

[[indicator]]
code = "smart_classrooms"
name_zh = "智慧教室数"
name_en = "Smart classrooms"
family = "other"
topic = "facilities"
unit = "rooms"
additive = true
framework = "county_plan"
citation = "第三章"
units = ["间", "个"]
wordings = ["智慧课堂教室", "智慧教室"]
description = "Smart classrooms built."

[[standard]]
code = "smart_classrooms"
op = ">="
value = 10
framework = "county_plan"
citation = "第三章: 每县不少于10间"
"""


@pytest.fixture
def user_catalog(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "mine.toml"
    path.write_text(USER_FILE, encoding="utf-8")
    catalog.use(path)
    try:
        yield path
    finally:
        catalog.use(None)


def test_user_file_adds_an_indicator_the_classifier_reads(user_catalog: Path) -> None:
    assert str(user_catalog) == catalog.USER_FILE
    assert catalog.get("smart_classrooms").source == str(user_catalog)
    assert the("建成智慧课堂教室12间", "12间").indicator == "smart_classrooms"
    assert any(s.code == "smart_classrooms" for s in catalog.STANDARDS)
    assert "smart_classrooms" in {r["code"] for r in catalog.seed_rows()}


def test_without_the_user_file_the_indicator_is_gone(user_catalog: Path) -> None:
    catalog.use(None)
    assert "smart_classrooms" not in catalog.BY_CODE
    assert the("建成智慧课堂教室12间", "12间").indicator != "smart_classrooms"


def _indicator_row(**changes: object) -> str:
    row = {
        "code": '"my_code"',
        "name_zh": '"我的"',
        "name_en": '"Mine"',
        "family": '"other"',
        "unit": '"rooms"',
        **{k: v for k, v in changes.items() if v is not None},
    }
    for key in [k for k, v in changes.items() if v is None]:
        row.pop(key)
    return "[[indicator]]\n" + "".join(f"{k} = {v}\n" for k, v in row.items())


BAD_FILES: list[tuple[str, str]] = [
    ("[[indicator]\ncode = 1", "not valid TOML"),
    ("[whatever]\nx = 1", "unknown table 'whatever'"),
    (_indicator_row(colour='"red"'), "unknown field 'colour'"),
    (_indicator_row(name_en=None), "name_en is required"),
    (_indicator_row(code='"funding_amount"'), "already in the catalog"),
    (_indicator_row(code='"My Code"'), "code must be"),
    (_indicator_row(family='"facilities"'), "family 'facilities' is not one of"),
    (_indicator_row(topic='"sports"'), "topic 'sports' is not one of"),
    (_indicator_row(unit='"furlongs"'), "unit 'furlongs' is not described"),
    (_indicator_row(levels='["college"]'), "school level 'college'"),
    (_indicator_row(additive='"yes"'), "additive must be true or false"),
    (_indicator_row(units='["个"]'), "units without wordings"),
    (_indicator_row(wordings='["", "x"]'), "wordings must be a list of non-empty strings"),
    (_indicator_row(framework='"nowhere"'), "framework 'nowhere' is not defined"),
    (
        _indicator_row() + '[[standard]]\ncode = "my_code"\nop = ">="\nvalue = 1\n'
        'framework = "qb2017"\ncitation = ""\n',
        "needs its citation",
    ),
    (
        '[[standard]]\ncode = "no_such"\nop = ">="\nvalue = 1\nframework = "qb2017"\n'
        'citation = "x"\n',
        "no indicator 'no_such'",
    ),
    (
        _indicator_row() + '[[standard]]\ncode = "my_code"\nop = "="\nvalue = 1\n'
        'framework = "qb2017"\ncitation = "x"\n',
        "op must be one of",
    ),
    (
        '[[standard]]\ncode = "teaching_area_per_student"\nlevel = "primary"\nop = ">="\n'
        'value = 5\nframework = "qb2017"\ncitation = "x"\n',
        "already defined",
    ),
    ('[framework.qb2017]\nname = "x"\ndocument = "y"\n', "framework 'qb2017' is already"),
    ('[units]\npercent = "something else"\n', "unit 'percent' is already defined"),
    ('[programme.nutrition]\nname = "x"\nwordings = ["y"]\n', "programme 'nutrition' is already"),
    ('[programme.mine]\nname = "x"\n', "programme 'mine' needs a name and wordings"),
    (
        '[programme.mine]\nname = "x"\nwordings = ["y"]\nframework = "nowhere"\n',
        "framework 'nowhere' is not defined",
    ),
]


def test_a_user_programme_is_read() -> None:
    cat = catalog._read(
        "mine.toml",
        '[programme.school_bus]\nname = "校车补助"\nwordings = ["校车补助"]\n',
        catalog.read_catalog(),
    )
    assert cat.programmes["school_bus"].wordings == ("校车补助",)
    assert "nutrition" in cat.programmes


@pytest.mark.parametrize(("content", "reason"), BAD_FILES)
def test_bad_user_file_is_refused_with_file_and_reason(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(catalog.CatalogError) as err:
        catalog.read_catalog(path)
    message = str(err.value)
    assert message.startswith(str(path)) and reason in message
    assert "\n" not in message


def test_missing_or_undecodable_user_file(tmp_path: Path) -> None:
    with pytest.raises(catalog.CatalogError, match="cannot read the catalog file"):
        catalog.read_catalog(tmp_path / "absent.toml")
    path = tmp_path / "latin.toml"
    path.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(catalog.CatalogError, match="cannot read the catalog file"):
        catalog.read_catalog(path)


def test_a_refused_user_file_leaves_the_catalog_in_use(tmp_path: Path) -> None:
    before = catalog.INDICATORS
    path = tmp_path / "bad.toml"
    path.write_text(_indicator_row(code='"funding_amount"'), encoding="utf-8")
    with pytest.raises(catalog.CatalogError):
        catalog.use(path)
    assert before == catalog.INDICATORS and catalog.USER_FILE is None


def test_cli_catalog_option(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from edureports.cli import main

    good = tmp_path / "mine.toml"
    good.write_text(USER_FILE, encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(_indicator_row(code='"funding_amount"'), encoding="utf-8")
    try:
        result = CliRunner().invoke(main, ["--catalog", str(good), "indicators"])
        assert result.exit_code == 0 and "smart_classrooms" in result.output
        result = CliRunner().invoke(main, ["--catalog", str(bad), "indicators"])
        assert result.exit_code == 1
        assert result.output.strip().splitlines() == [
            f"Error: {bad}: indicator funding_amount is already in the catalog (codes keep "
            "their meaning: choose a new code)"
        ]
    finally:
        catalog.use(None)


def test_a_negative_margin_keeps_its_sign() -> None:
    # numbers.py reads the minus sign of a rate or a change in points written after words
    f = the("教育经费增长高于财政经常性收入增长-10.42个百分点", "-10.42个百分点")
    assert (f.indicator, f.value, f.measure) == ("funding_growth_over_revenue", -10.42, "change")


def test_revenue_growth_alone_is_not_education_over_revenue() -> None:
    # 财政经常性收入增长 names the revenue only; the indicator is education's growth above it
    assert the("财政经常性收入增长3.5个百分点", "3.5个百分点").indicator == "unclassified"
