"""Full-text search that works for Chinese as well as English.

FTS5's unicode61 tokenizer keeps a run of CJK characters as one token, so 报价 would never match
inside 请报价FOB. We index every CJK character as its own token and turn a CJK query word into a
phrase of single characters: a phrase of adjacent characters matches exactly that substring.
Latin words index and match as usual (case- and accent-insensitive).
"""

from __future__ import annotations

import re

# Runs of CJK Unified Ideographs (+ extension A), compatibility ideographs, kana and hangul.
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def index_text(text: str) -> str:
    """Text prepared for the FTS index: CJK characters separated by spaces."""
    if text.isascii():  # most mail: nothing to do, and the test runs in C
        return text
    # One replacement per run, not per character: Chinese mail has thousands of characters.
    return _CJK_RUN.sub(_spaced, text)


def _spaced(match: re.Match[str]) -> str:
    return " " + " ".join(match.group()) + " "


def match_query(query: str) -> str:
    """An FTS5 MATCH expression that finds every whitespace-separated word of ``query``.

    Each word becomes a quoted phrase (so FTS syntax characters in user input are harmless);
    words are ANDed.
    """
    phrases = []
    for word in query.split():
        tokens = [t for t in re.split(r"[\W_]+", index_text(word)) if t]
        if tokens:
            phrases.append('"' + " ".join(tokens) + '"')
    return " AND ".join(phrases)
