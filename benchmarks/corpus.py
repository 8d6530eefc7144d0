"""A synthetic corpus for benchmarks and load tests: shuffled paragraphs of the samples
under varied bureau names and years, written to disk one file at a time (streamed)."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

from edureports import regions

# Paragraphs naming the samples' own places would place every synthetic bureau there.
_SAMPLE_PLACES = re.compile(
    "黎城|长治|山西|张店|淄博|山东|柴桑|九江|江西|锡盟|锡林|全盟|盟委|内蒙古|自治区|旗"
)


@cache
def _paragraphs() -> tuple[str, ...]:
    folder = resources.files("edureports").joinpath("samples")
    paragraphs: list[str] = []
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            text = item.read_text("utf-8")
            paragraphs.extend(
                p.strip()
                for p in text.split("\n")
                if len(p.strip()) > 30 and not _SAMPLE_PLACES.search(p)
            )
    return tuple(paragraphs)


@cache
def _counties() -> tuple[str, ...]:
    return tuple(
        r.name for r in regions.all_regions() if r.level == "county" and r.name.endswith("县")
    )


def synthetic_report(n: int, seed: int = 0, paragraphs: int = 34) -> tuple[str, str]:
    """The n-th synthetic report: (file name, text), about 20 KB by default."""
    rng = random.Random(seed * 1_000_003 + n)
    county = rng.choice(_counties())
    year = rng.randint(2016, 2024)
    chosen = rng.sample(_paragraphs(), k=min(paragraphs, len(_paragraphs())))
    title = f"{county}教育局{year}年工作总结和{year + 1}年工作计划"
    body = [
        title,
        f"一、{year}年工作完成情况",
        *chosen[: len(chosen) // 2],
        f"二、{year + 1}年工作计划",
        *chosen[len(chosen) // 2 :],
    ]
    return f"synthetic_{seed}_{n:06d}.txt", "\n".join(body) + "\n"


def write_corpus(folder: Path, count: int, seed: int = 0) -> Iterator[Path]:
    """Write `count` reports into `folder`, yielding each path as it is written."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        name, text = synthetic_report(n, seed)
        path = folder / name
        path.write_text(text, encoding="utf-8")
        yield path
