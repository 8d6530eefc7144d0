"""Traditional script: a same-length simplified reading copy of a report written in 繁體.

Several real mirrors of county reports are converted to traditional characters
(臨湘市教育體育局, 萬元, 學位). The parser's vocabulary (bureau names, catalog wordings,
units) is simplified, so metadata, sections and figures are read from a simplified copy
made with OpenCC (t2s). The stored text stays as cleaned: the copy has the same length,
character for character, so every span read on the copy points at the same characters
of the stored text. A line whose phrase conversion would change its length is converted
character by character instead.

Conversion only runs when the text is detected as traditional (a cheap count of common
characters that exist only in traditional script), so simplified reports cost one regex scan.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

__all__ = ["is_traditional", "simplified_copy", "simplified_line"]

# Frequent characters of report prose that only traditional script uses (學 is 学 in
# simplified text); a simplified report holds almost none of them.
_TRADITIONAL_ONLY = re.compile(
    "[學實縣辦設園兒個進發資會體區優務質項關職動師長計續萬業驗劃義擴將總報開議陽為"
    "隊級國強點緩況時現認員記爭黨機繼場數鄉獎來視兩堅達標滿責導規獲組與東問樓團聯"
    "證離貧鎮號聞壓調還華據戰舉眾門條臺斷備該話貫徹緊億類線勢啟內輕題經雙屆絡這們對說過從當]"
)
_MIN_TRADITIONAL = 5

_CONVERTER = None
_LOCK = threading.Lock()


def _converter():  # -> opencc.OpenCC (untyped library)
    """OpenCC's t2s converter, built once per process (a few milliseconds)."""
    global _CONVERTER
    if _CONVERTER is None:
        with _LOCK:
            if _CONVERTER is None:
                import opencc

                _CONVERTER = opencc.OpenCC("t2s")
    return _CONVERTER


def is_traditional(text: str) -> bool:
    """True when the text uses traditional characters often enough to be 繁體 prose."""
    for count, _ in enumerate(_TRADITIONAL_ONLY.finditer(text), start=1):
        if count >= _MIN_TRADITIONAL:
            return True
    return False


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


def simplified_line(line: str) -> str:
    """One line in simplified characters, the same length (converted whatever its script)."""
    converted = _converter().convert(line)
    if len(converted) == len(line):
        return converted
    return "".join(_char(ch) for ch in line)


def simplified_copy(text: str) -> str:
    """The text in simplified characters, the same length as `text` (itself when not 繁體)."""
    if not is_traditional(text):
        return text
    return "\n".join(simplified_line(line) for line in text.split("\n"))
