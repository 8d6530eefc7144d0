"""Debris removal and normalisation. The cleaned text is what is stored; spans refer to it."""

from __future__ import annotations

import unicodedata


def clean_text(text: str) -> str:
    """Return the report text without web-page debris, with normalised characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
