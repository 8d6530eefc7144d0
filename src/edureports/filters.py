"""Place and bureau filters matched to the names people type (山西 → 山西省, 黎城县 →
黎城县教育体育局), so that a filter never quietly matches nothing.

Matching is against the names stored in the database: a typed name becomes the stored
names it stands for, or NoMatch says which stored names come closest. Pure: the caller
reads the stored names (compare from v_bureaus, reports from v_reports).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from edureports import regions

LEVELS: tuple[str, ...] = ("province", "prefecture", "bureau")
_LEVELS_ZH = {"province": "省份", "prefecture": "地市", "bureau": "教育局"}
# Where a bureau's name stops naming its place: 黎城县|教育体育局, 张店区|教育和体育局.
_BUREAU_WORD = re.compile(r"(?:人民政府)?(?:教育|教体|教科|文教|社会事业).*$")
_CLOSEST = 5


class NoMatch(ValueError):
    """A filter that matches no stored name; the message names the closest stored ones."""


@dataclass(frozen=True)
class Named:
    """One stored bureau (or report) with its place, as a view gives them."""

    bureau_name: str | None
    province: str | None = None
    prefecture: str | None = None
    county: str | None = None
    region_code: str | None = None


@dataclass(frozen=True)
class Match:
    """What each typed filter matched: level -> (typed, stored names)."""

    matched: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def names(self, level: str) -> tuple[str, ...] | None:
        """The stored names to filter on, or None when that filter was not given."""
        return self.matched[level][1] if level in self.matched else None

    def widened(self) -> list[str]:
        """One line per filter whose typed name is not itself a stored name, for stderr."""
        return [
            f"--{level} {typed}: {', '.join(names)}"
            for level, (typed, names) in self.matched.items()
            if names != (typed,)
        ]


def normalise(typed: str) -> str:
    """The name without spaces (full-width too), as names are stored."""
    return re.sub(r"\s+", "", typed.replace("\u3000", " "))


def region_forms(name: str) -> set[str]:
    """The ways people write a province, prefecture or county: 山西省, 山西; 黎城县, 黎城;
    内蒙古自治区, 内蒙古, 内蒙; 柴桑区 and its former name 九江县."""
    forms = {name}
    short = regions.short_name(name)
    if short:
        forms.add(short)
    if len(name) >= 3 and name[-1] in "县区市旗":
        forms.add(name[:-1])
    codes = {r.code for r in regions.candidates(name)}
    forms.update(a for a, code in regions.ABBREVIATIONS.items() if code in codes)
    forms.update(f for f, code in regions.FORMER_NAMES.items() if code in codes)
    return forms


def bureau_place(name: str) -> str:
    """The place a bureau's name starts with (黎城县教育局 -> 黎城县); the name if none."""
    place = _BUREAU_WORD.sub("", name)
    return place if len(place) >= 2 else name


def _bureau_hits(typed: str, stored: Sequence[Named]) -> list[str]:
    place = bureau_place(typed)
    hits = []
    for row in stored:
        name = row.bureau_name
        if not name:
            continue
        forms = {name, bureau_place(name)}
        if row.county:
            forms |= region_forms(row.county)
        forms |= region_forms(bureau_place(name))
        if typed in forms or place in forms or (len(typed) >= 2 and name.startswith(typed)):
            hits.append(name)
    return hits


def _stored_names(level: str, stored: Iterable[Named]) -> list[str]:
    column = "bureau_name" if level == "bureau" else level
    return sorted({getattr(r, column) for r in stored if getattr(r, column)})


def match_one(level: str, typed: str, stored: Sequence[Named]) -> tuple[str, ...]:
    """The stored names a typed province, prefecture or bureau stands for.

    An exact stored name matches itself only; otherwise every stored name the typed one is
    a form of (short name, abbreviation, former name; for a bureau its place or the start
    of its name). Raises NoMatch naming the closest stored names when none fits.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown filter {level!r}; choose from {', '.join(LEVELS)}")
    wanted = normalise(typed)
    names = _stored_names(level, stored)
    if wanted in names:
        return (wanted,)
    if level == "bureau":
        hits = _bureau_hits(wanted, stored)
    else:
        hits = [n for n in names if wanted in region_forms(n)]
    if hits:
        return tuple(sorted(set(hits)))
    raise NoMatch(_no_match_message(level, wanted, names))


def _no_match_message(level: str, wanted: str, names: list[str]) -> str:
    label = _LEVELS_ZH[level]
    if not names:
        return f"no {level} matches {wanted!r}: no report stored has a {level} ({label}) yet"
    closest = difflib.get_close_matches(wanted, names, n=_CLOSEST, cutoff=0.0)
    rest = len(names) - len(closest)
    more = f" and {rest} more" if rest > 0 else ""
    known = ""
    if level != "bureau":
        real = sorted(
            r.name
            for r in regions.all_regions()
            if r.level == level and wanted in region_forms(r.name)
        )
        if real:
            known = f" ({', '.join(real)} has no stored report)"
    return (
        f"no {level} matches {wanted!r}{known}; stored {level} names, closest first: "
        f"{', '.join(closest)}{more}"
    )


def match(
    stored: Sequence[Named],
    *,
    province: str | None = None,
    prefecture: str | None = None,
    bureau: str | None = None,
) -> Match:
    """Every given filter matched against the stored names (NoMatch for the first that fails)."""
    matched: dict[str, tuple[str, tuple[str, ...]]] = {}
    for level, typed in (("province", province), ("prefecture", prefecture), ("bureau", bureau)):
        if typed is not None:
            matched[level] = (typed, match_one(level, typed, stored))
    return Match(matched)
