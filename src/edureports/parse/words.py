"""jieba, once per process, with the catalog's words: the classifier segments clauses with
it and metadata asks its dictionary whether two characters make a word (建成县域)."""

from __future__ import annotations

import logging
import threading

from edureports import catalog

__all__ = ["tokenizer", "warm_up"]

_TOKENIZER = None
_TOKENIZER_LOCK = threading.Lock()


def tokenizer():  # -> jieba.Tokenizer (untyped library)
    """jieba's process-wide tokenizer with the catalog dictionary added, built on first use.

    The default tokenizer is reused (not a second jieba.Tokenizer) so that a process loads
    jieba's dictionary once, ~0.5 s and tens of MB; call warm_up() before forking workers.
    """
    global _TOKENIZER
    if _TOKENIZER is None:
        with _TOKENIZER_LOCK:
            if _TOKENIZER is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.dt
                tk.initialize()
                _add_words(tk)
                _TOKENIZER = tk
    return _TOKENIZER


def warm_up() -> None:
    """Initialise jieba and the catalog dictionary now (before forking workers)."""
    tokenizer()


def _add_words(tk) -> None:
    for word in catalog.jieba_words():
        tk.add_word(word, freq=200_000)


def _on_catalog_change() -> None:
    """A user catalog (--catalog) adds words to a tokenizer already built."""
    if _TOKENIZER is not None:
        _add_words(_TOKENIZER)


catalog.on_change(_on_catalog_change)
