"""Running the request signal's patterns over a text: trigger-gated patterns, the text they read.

Python's regex engine has no multi-pattern search, and two hundred patterns run one by one cost
far too much per message. Each ``GatedPattern`` therefore names trigger words; which patterns may
run is worked out once per text from an index of all triggers (``ScanText.open``), so most of
them are never tried. ``fold`` first makes the odd spaces, dashes and full-width characters of a
text ASCII, as the ASCII-only patterns expect; ``ScanText`` also counts what tells the text's
language. The patterns themselves (what a specific request says) are in ``request_terms``;
``request`` runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from tradetriage.signals.phrases import LETTER_RUNS

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LANGUAGE_WORDS = 400  # words read to tell the language
# Words frequent in any English text; their share tells English from other Latin-script text.
_EN_WORDS = frozenset(
    {"the", "and", "to", "of", "we", "you", "your", "our", "please", "for", "is", "are", "in",
     "with", "this", "will", "can", "us", "be", "that", "it", "on", "as", "have", "would",
     "from", "an", "at", "by", "if", "not", "or", "my", "me", "i", "a"}
)  # fmt: skip

# How many matches of one pattern are read: signals are facts (is there a quantity, which
# certificates), not inventories, and a table of fifty line items must not cost fifty times more.
_CAP = 5


@dataclass(frozen=True, slots=True)
class GatedPattern:
    """A regex opening with a literal (or a digit), run over the whole capped text only when
    one of its trigger words or substrings occurs in it. Which patterns may run is worked out
    once per message from an index of all triggers (``ScanText.open``): one set intersection and
    a few substring tests instead of a test per pattern."""

    pattern: re.Pattern[str]
    index: int  # position in the trigger index, -1 for a catalogue's own patterns
    subs: tuple[str, ...]  # a catalogue pattern's triggers (substrings of the lower-cased text)
    raw: bool  # match the text as written (case matters), else the lower-cased text

    def open(self, text: ScanText) -> bool:
        """Whether any trigger occurs in the text."""
        if self.index >= 0:
            return self.index in text.open
        if len(self.subs) == 1:
            return self.subs[0] in text.lower
        return any(s in text.lower for s in self.subs)

    def finditer(self, text: ScanText) -> Iterator[re.Match[str]]:
        """The first ``_CAP`` matches, in text order (none when no trigger occurs)."""
        if not self.open(text):
            return iter(())
        return islice(self.pattern.finditer(text.raw if self.raw else text.lower), _CAP)

    def search(self, text: ScanText) -> re.Match[str] | None:
        """The first match in text order."""
        if not self.open(text):
            return None
        return self.pattern.search(text.raw if self.raw else text.lower)


# Trigger → indexes of the patterns it opens: ASCII letter words (looked up in the text's word
# set), other ASCII substrings, and substrings that are not ASCII (Chinese, "€", "°").
_WORD_INDEX: dict[str, list[int]] = {}
_ASCII_INDEX: dict[str, list[int]] = {}
_HAN_INDEX: dict[str, list[int]] = {}  # holding a Chinese character
_OTHER_INDEX: dict[str, list[int]] = {}
_PAT_COUNT = [0]


def gated_pattern(triggers: str, pattern: str, raw: bool = False) -> GatedPattern:
    """A pattern with its triggers: ASCII letter words are looked up in the word set, anything
    else (Chinese, symbols, digits) is a substring of the lower-cased text.

    Compiled ASCII-only: to Unicode ``\\w`` and ``\\b`` a Han character is part of a word, so
    "需要500件" or "球阀DN50" would hold no number and no code. A word here is an ASCII word;
    the text's other spaces, dashes and full-width letters are made ASCII first (``fold``)."""
    index = _PAT_COUNT[0]
    _PAT_COUNT[0] += 1
    for trigger in triggers.split():
        if trigger.isascii() and trigger.isalpha():
            table = _WORD_INDEX
        elif trigger.isascii():
            table = _ASCII_INDEX
        else:
            table = _HAN_INDEX if _HAN.search(trigger) else _OTHER_INDEX
        table.setdefault(trigger, []).append(index)
    return GatedPattern(re.compile(pattern, re.ASCII), index, (), raw)


def _open_patterns(text: ScanText) -> frozenset[int]:
    opened: list[int] = []
    for word in text.words.intersection(_WORD_INDEX):
        opened.extend(_WORD_INDEX[word])
    lower = text.lower
    for sub, indexes in _ASCII_INDEX.items():
        if sub in lower:
            opened.extend(indexes)
    if not text.is_ascii:
        for sub, indexes in _OTHER_INDEX.items():
            if sub in lower:
                opened.extend(indexes)
    if text.han:
        for sub, indexes in _HAN_INDEX.items():
            if sub in lower:
                opened.extend(indexes)
    return frozenset(opened)


@dataclass(frozen=True, slots=True)
class PatternGroup:
    """Patterns that together find one kind of detail (what one alternation used to): their
    matches merged in text order, an overlapping later one dropped as the alternation would.
    ``words``/``subs``, when given, must also occur for any pattern to run."""

    pats: tuple[GatedPattern, ...]
    indexes: frozenset[int]
    words: frozenset[str] = frozenset()
    subs: tuple[str, ...] = ()

    def open(self, text: ScanText) -> bool:
        """Whether any pattern may match: one of them is open and the group's own triggers
        (if any) occur in the text."""
        if self.indexes.isdisjoint(text.open):
            return False
        if not self.words and not self.subs:
            return True
        if not self.words.isdisjoint(text.words):
            return True
        return any(s in text.lower for s in self.subs)

    def matches(self, text: ScanText) -> list[re.Match[str]]:
        """Every match of every pattern (at most ``_CAP`` each), in text order, no overlaps."""
        if not self.open(text):
            return []
        found = [m for pat in self.pats for m in pat.finditer(text)]
        if len(found) < 2:
            return found
        found.sort(key=lambda m: m.start())  # stable: at one offset the earlier pattern wins
        kept = [found[0]]
        for match in found[1:]:
            if match.start() >= kept[-1].end():
                kept.append(match)
        return kept

    def first(self, text: ScanText) -> re.Match[str] | None:
        """The match that starts first (the earlier pattern on a tie)."""
        if not self.open(text):
            return None
        best: re.Match[str] | None = None
        for pat in self.pats:
            match = pat.search(text)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        return best


def pattern_group(*pats: GatedPattern, gate: str = "") -> PatternGroup:
    """Patterns that find one kind of detail, with the words or substrings (``gate``) that
    must also occur for any of them to run."""
    parts = gate.split()
    words = frozenset(t for t in parts if t.isascii() and t.isalpha())
    indexes = frozenset(p.index for p in pats)
    return PatternGroup(pats, indexes, words, tuple(t for t in parts if t not in words))


# Characters the ASCII-only patterns would not take for what they are: spaces that are not
# ASCII (no-break, ideographic), dashes ("EB–BV316–DN25") and full-width letters and digits
# ("ＤＮ５０"). Each becomes one ASCII character, so offsets stay valid. Not NFKC: that costs
# ~230 µs on 3 KB of Chinese (its full-width "，" and "：" are everywhere) and would rewrite
# the punctuation evidence quotes; a test per character costs well under 0.1 µs.
_FOLD_PAIRS = tuple((c, " ") for c in "\u00a0\u2002\u2003\u2007\u2009\u202f\u3000") + tuple(
    (c, "-") for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d"
)
_FULL_WIDTH_DIGITS = "０１２３４５６７８９"
_FULL_WIDTH = re.compile(r"[\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_FULL_WIDTH_TO_ASCII = {c: c - 0xFEE0 for c in range(0xFF0E, 0xFF5B)}


def fold(text: str) -> str:
    """The text with the characters above made ASCII (the same length)."""
    if text.isascii():
        return text
    for char, plain in _FOLD_PAIRS:
        if char in text:
            text = text.replace(char, plain)
    # Full-width letters matter in codes, and codes hold digits: the digits are the cheap test.
    if any(digit in text for digit in _FULL_WIDTH_DIGITS):
        text = _FULL_WIDTH.sub(lambda m: m.group().translate(_FULL_WIDTH_TO_ASCII), text)
    return text


class ScanText:
    """The text under analysis, lower-cased once (offsets kept: matches on the lower-cased text
    are read back from the original) and split into its ASCII letter words once."""

    __slots__ = (
        "han",
        "is_ascii",
        "lower",
        "n_common",
        "n_letters",
        "n_sample",
        "n_words",
        "open",
        "raw",
        "words",
    )  # fmt: skip

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.lower = _lower_aligned(raw)
        letters = self.lower.encode("ascii", "replace").translate(LETTER_RUNS)
        tokens = letters.decode().split()
        self.words = frozenset(tokens)
        self.n_words = len(tokens)
        self.n_letters = len(letters) - letters.count(b" ")  # ASCII letters
        # The share of common English words is read off the first words: it is as telling
        # there as over a whole pasted document.
        sample = tokens[:_LANGUAGE_WORDS]
        self.n_sample = len(sample)
        self.n_common = sum(map(_EN_WORDS.__contains__, sample))
        self.is_ascii = raw.isascii()
        # Chinese characters, counted by runs: a list of every character costs ten times more.
        self.han = 0 if self.is_ascii else sum(map(len, _HAN_RUN.findall(raw)))
        self.open = _open_patterns(self)  # the patterns whose triggers occur

    def blanked(self, spans: list[tuple[int, int]]) -> ScanText:
        """The same text with ``spans`` replaced by spaces (offsets unchanged). The word set
        stays valid as a gate: blanking only removes words."""
        text = ScanText.__new__(ScanText)
        text.raw, text.lower = _blank(self.raw, spans), _blank(self.lower, spans)
        text.words, text.n_words, text.n_common = self.words, self.n_words, self.n_common
        text.n_letters, text.is_ascii, text.open = self.n_letters, self.is_ascii, self.open
        text.n_sample, text.han = self.n_sample, self.han
        return text

    def span(self, match: re.Match[str], group: int | str = 0) -> str:
        """What a match (or one of its groups) covers in the original text."""
        start, end = match.span(group)
        return self.raw[start:end]


def _lower_aligned(raw: str) -> str:
    lower = raw.lower()
    if len(lower) == len(raw):
        return lower
    # A few characters grow when lower-cased ("İ" → "i̇"): keep those as written.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in raw)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    pieces: list[str] = []
    at = 0
    for start, end in spans:
        pieces.append(text[at:start])
        pieces.append(" " * (end - start))
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
