"""Terminal tables whose columns line up with Chinese text (wide characters count double)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from wcwidth import wcswidth


def cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.4f}".rstrip("0").rstrip(".") if value != int(value) else f"{value:,.0f}"
    return str(value).replace("\n", " ")


def width(text: str) -> int:
    w = wcswidth(text)
    return w if w >= 0 else len(text)


def truncate(text: str, limit: int) -> str:
    if width(text) <= limit:
        return text
    out, used = [], 0
    for ch in text:
        w = max(width(ch), 0)
        if used + w > limit - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


def _pad(text: str, size: int, right: bool) -> str:
    gap = " " * (size - width(text))
    return gap + text if right else text + gap


def render(columns: Sequence[str], rows: Sequence[Sequence[Any]], *, max_width: int = 40) -> str:
    """An aligned plain-text table; numbers right-aligned, long cells truncated."""
    texts = [[truncate(cell(v), max_width) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows) and bool(rows)
        for i in range(len(columns))
    ]
    sizes = [max([width(str(c))] + [width(r[i]) for r in texts]) for i, c in enumerate(columns)]
    lines = [
        "  ".join(_pad(str(c), sizes[i], numeric[i]) for i, c in enumerate(columns)).rstrip(),
        "  ".join("-" * s for s in sizes),
    ]
    for r in texts:
        lines.append("  ".join(_pad(v, sizes[i], numeric[i]) for i, v in enumerate(r)).rstrip())
    return "\n".join(lines)
