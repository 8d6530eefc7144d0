"""clean_text: page debris goes, header facts stay, characters are normalised, and cleaning
is idempotent (reparse re-cleans the stored text)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edureports.parse.clean import clean_text
from tests.conftest import sample_paths

BODY = "一、工作完成情况\n全县教育系统认真落实各项工作。"

# (name, raw line(s) placed before BODY, what must be gone)
DEBRIS = [
    ("navigation bar", "中国政府网  |   山西省政府  |   长治市政府 今天是", "政府网"),
    ("today is", "今天是", "今天是"),
    ("hot searches", "热点查询:长治黎城旅游", "热点查询"),
    ("breadcrumb", "当前位置:首页 > 政务公开 > 总结计划", "当前位置"),
    ("bare breadcrumb", "首页 > 政务公开 > 总结计划", "政务公开"),
    ("font size brackets", "字体大小:【大】 【中】 【小】", "字体大小"),
    ("font size angle", "字号: 〖大 小〗", "字号"),
    ("print close save", "保存为word 打印 关闭", "打印"),
    ("qr code", "扫一扫在手机打开当前页", "扫一扫"),
    ("share", "分享到: 微信 微博", "分享"),
    ("next article", "下一篇:后勤集团工作计划【精彩8篇】", "下一篇"),
    ("previous article", "上一篇:关于开展校园安全检查的通知", "上一篇"),
    ("recommended", "推荐访问:教育局 讲话 工作 教育局教育局工作会议上讲话", "推荐访问"),
    ("related reading", "关联导读:", "关联导读"),
    ("open-gov category", "  • 信息类别: 工作报告", "信息类别"),
    (
        "open-gov manner",
        "  • 公开方式: 主动公开\n  • 公开时限: 常年公开\n  • 公开范围: 面向全社会",
        "公开",
    ),
    ("bullet and bar", "  • |\n  • 打印", "打印"),
    ("print and close windows", "【打印本页】 【关闭窗口】", "打印"),
    ("site footer", "版权所有:沁县人民政府 网站标识码:1404310001\n晋ICP备12345678号", "版权"),
    (
        "repost boilerplate",
        "下面是小编为大家整理的2023年度教育局工作会议上讲话,供大家参考。",
        "小编",
    ),
]


@pytest.mark.parametrize(("name", "debris", "gone"), DEBRIS, ids=[d[0] for d in DEBRIS])
def test_debris_is_removed(name: str, debris: str, gone: str) -> None:
    cleaned = clean_text(debris + "\n" + BODY)
    assert gone not in cleaned
    assert cleaned == BODY


# (name, raw, cleaned): what stays, and how it is normalised
KEPT = [
    (
        "template time line loses font controls",
        " 时间:2017-08-20       大    中    小      来源:长治日报",
        "时间:2017-08-20 来源:长治日报",
    ),
    ("index number", "索引号000014349/2023-05955", "索引号000014349/2023-05955"),
    ("generated date loses bullet", "  • 生成日期:2024-01-09", "生成日期:2024-01-09"),
    (
        "published with source",
        "发布日期: 2024-01-09 15:23 来源:",
        "发布日期: 2024-01-09 15:23 来源:",
    ),
    ("issuing time", "发文字号 发文时间2023-02-01", "发文字号 发文时间2023-02-01"),
    (
        "full-width punctuation",
        "（一）全面加强党建，投入１２８万元；完成率９８％。",
        "(一)全面加强党建,投入128万元;完成率98%。",
    ),
    ("full-width colon and dot", "１．德育为先：加强管理", "1.德育为先:加强管理"),
    ("ideographic space", "一、\u3000总体情况", "一、总体情况"),
    ("space before 年", "2023 年是开局之年", "2023年是开局之年"),
    ("space before unit", "资助学生4282 人次", "资助学生4282人次"),
    ("space between hanzi", "《博爱 大爱》", "《博爱大爱》"),
    (
        "space before a year is kept",
        "柴桑区教体局2023年工作总结 2024年工作计划",
        "柴桑区教体局2023年工作总结 2024年工作计划",
    ),
    ("latin words keep spaces", "接入Power BI 报表", "接入Power BI 报表"),
    ("circled digits and ellipses stay", "①出台《…………方案》", "①出台《…………方案》"),
    ("middle dot stays", "重走红军路·奋进新征程", "重走红军路·奋进新征程"),
    ("大中小 inside prose stays", "全县大中小学全部达标。", "全县大中小学全部达标。"),
    ("table cells keep their tab", "学校\t 投入(万元) \t\t128", "学校\t投入(万元)\t128"),
    ("crlf and blank lines", "第一段。\r\n\r\n\r\n第二段。", "第一段。\n第二段。"),
    (
        "page counter in a header",
        "来源:沁县教育局 发布时间:2024-02-20 浏览次数:123",
        "来源:沁县教育局 发布时间:2024-02-20",
    ),
    ("counter words in prose stay", "公众号阅读量10万次。", "公众号阅读量10万次。"),
    ("zero-width and bom", "\ufeff教育\u200b局", "教育局"),
]


@pytest.mark.parametrize(("name", "raw", "cleaned"), KEPT, ids=[k[0] for k in KEPT])
def test_kept_and_normalised(name: str, raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


@pytest.mark.parametrize(
    ("name", "raw"), [(d[0], d[1] + "\n" + BODY) for d in DEBRIS] + [(k[0], k[1]) for k in KEPT]
)
def test_idempotent(name: str, raw: str) -> None:
    once = clean_text(raw)
    assert clean_text(once) == once


@pytest.mark.parametrize("path", sample_paths(), ids=lambda p: p.name[:3])
def test_samples_clean_once(path) -> None:
    raw = path.read_text("utf-8")
    once = clean_text(raw)
    assert clean_text(once) == once
    for debris in (
        "字体大小",
        "扫一扫",
        "推荐访问",
        "下一篇",
        "信息类别",
        "当前位置",
        "保存为word",
    ):
        assert debris not in once
    assert "\n\n" not in once


def test_sample_header_facts_survive() -> None:
    by_prefix = {p.name[:3]: clean_text(p.read_text("utf-8")) for p in sample_paths()}
    assert "索引号000014349/2023-05955" in by_prefix["000"]
    assert "发文时间2023-02-01" in by_prefix["000"]
    assert "时间:2017-08-20 来源:长治日报" in by_prefix["000"]
    assert "来源:网友投稿" in by_prefix["001"]
    assert "信息索取号:000014349/2023-12979" in by_prefix["004"]
    assert "发文日期: 2020-12-15" in by_prefix["003"]


# Characters that interact in cleaning: spaces of all widths, full-width forms, combining
# marks, header labels, control words and bullets.
_FUZZ_ALPHABET = (
    " \u3000\u00a0\t\n\r•·|>:：,，。（）()0１2３aZ大中小【】〖〗年人教育局\u0334\u0339\u200b"
    "打印关闭时间来源发布日期浏览次数下一篇首页扫一扫"
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_FUZZ_ALPHABET, max_size=80))
def test_idempotent_on_tricky_text(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\n\n" not in once and once == once.strip()


# (name, raw, cleaned): converter debris inside words and numbers damaged by a line break or OCR
REPAIRED = [
    ("pinyin gloss after each character", "重點(diǎn)民生實(shí)事", "重點民生實事"),
    ("pinyin gloss with u-umlaut", "綠(lǜ)色學(xué)校", "綠色學校"),
    ("gloss whose bracket mojibake ate", "湖北日?qǐng)?bào)網(wǎng)訊", "湖北日網訊"),
    ("a bracket without tone marks stays", "完成(ab)项目和(一)类", "完成(ab)项目和(一)类"),
    ("html paragraph tags", "全县学校<p>共计<br/>30所</p>", "全县学校共计30所"),
    ("?/p> keeps the lost character's mark", "工作会议讲话?/p>", "工作会议讲话?"),
    ("OCR full stop inside an amount", "财政性教育经费2。2亿元", "财政性教育经费2.2亿元"),
    ("a full stop before a year stays", "增长了2。2020年", "增长了2。2020年"),
    ("OCR full stop in a 繁體 amount", "財政性教育經費2。2億元", "財政性教育經費2.2億元"),
    (
        "繁體 label, number, unit on three lines",
        "公用經費\n8059.35\n萬元,實現共享",
        "公用經費8059.35萬元,實現共享",
    ),
    (
        "label, number, unit on three lines",
        "公用经费\n8059.35\n万元,实现共享",
        "公用经费8059.35万元,实现共享",
    ),
    (
        "number on the line of its unit",
        "职业教育专项资金\n912\n万元、民族小学",
        "职业教育专项资金912万元、民族小学",
    ),
    (
        "unit on the next line",
        "建设教师周转房90\n套;安排学前教育",
        "建设教师周转房90套;安排学前教育",
    ),
    ("placeholder year split", "XX\n年春季学期开学", "XX年春季学期开学"),
    (
        "label, blanked number, unit on three lines",
        "补助公用经费\nxxxx\n万元,完成对",
        "补助公用经费xxxx万元,完成对",
    ),
    ("a month split from its number", "到\n9\n月份,已完成", "到9月份,已完成"),
    ("number after a lost last character", "支付专项资?/p>\n1304\n万元", "支付专项资1304万元"),
    (
        "a lost character blocks the unit",
        "免学费1286\n?/p>\n元,受益学生",
        "免学费1286?\n元,受益学生",
    ),
    (
        "indicator table one cell per line",
        "学前三年毛入园率\n92.5%\n95%\n九年义务教育巩固率\n98%\n99%以上",
        "学前三年毛入园率\t92.5%\t95%\n九年义务教育巩固率\t98%\t99%以上",
    ),
    (
        "a sentence end is a paragraph end",
        "新建幼儿园3所。\n2023\n年工作计划",
        "新建幼儿园3所。\n2023年工作计划",
    ),
    (
        "a heading is not joined to prose",
        "一、基本情况\n2023年,全县投入1万元。",
        "一、基本情况\n2023年,全县投入1万元。",
    ),
    (
        "pipe table row with figures is kept",
        "增加学位(略)个。 | 增加基础教育学位3675个 | 已完成。 | 100 | ||",
        "增加学位(略)个。|增加基础教育学位3675个|已完成。| 100 |||",
    ),
    ("pipe link bar is dropped", "首页 | 政务公开 | 教育动态\n" + BODY, BODY),
    (
        "pipe table one cell per line",
        "类别|\n计划任务数|\n全市|\n26333 |\n33480 |\n新邵县|\n0 |\n151 |",
        "类别|\n计划任务数|\n全市|26333 |33480 |\n新邵县|0 |151 |",
    ),
    ("pager is dropped", "1 | 2 | 3 | 下一页\n首页 | 1 | 2 | 尾页\n" + BODY, BODY),
    (
        "casino name injected in place of a place name",
        "发布机构: 澳门皇冠体育_中国竞彩网$【官网娱乐平台】:教育体育局",
        "发布机构::教育体育局",
    ),
    ("line of spam keywords", "国产自拍在线观看,超碰入口,亚洲色欲一区二区在线观看\n" + BODY, BODY),
    ("spider-pool list of places", "主站蜘蛛池模板: 紫阳县| 道真| 新泰市| 湖南省|\n" + BODY, BODY),
    (
        "debris of a traditional page",
        "版權所有:深圳新聞網\n責任編輯:潘寶儀\n鹽田區將新增6660個小學學位,總共新增10860個學位。",
        "鹽田區將新增6660個小學學位,總共新增10860個學位。",
    ),
    (
        "one lottery word is prose",
        "全县体育彩票销售3000万元,澳门回归。",
        "全县体育彩票销售3000万元,澳门回归。",
    ),
]


@pytest.mark.parametrize(("name", "raw", "cleaned"), REPAIRED, ids=[r[0] for r in REPAIRED])
def test_repaired(name: str, raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned
    assert clean_text(cleaned) == cleaned


_BROKEN_ALPHABET = " \n\t0123456789.XX?/p>万元亿%所人次年。,公用经费资金学校(ǎ)a一、|>首页打印大"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_BROKEN_ALPHABET, max_size=80))
def test_idempotent_on_broken_lines(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
