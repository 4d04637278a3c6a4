"""Finding families of phrases in a message fast: the scanner fraud and phishing cues share.

Python's regex engine has no multi-pattern search, so one big alternation of hundreds of
phrases costs milliseconds per message. A ``Phrasebook`` instead runs each phrase only near its
trigger words, so that almost all legitimate mail costs one set intersection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from tradetriage.mail.records import ParsedMessage

# Scams tell their story in the first screens; a long quoted thread below adds only noise.
SCAN_CHARS = 3_000
# How far around a trigger word a phrase may reach (phrases are short; windows keep it fast).
_WINDOW = 90
_MAX_OCCURRENCES = 8

_WORD = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class Prepared:
    """The text cue patterns run on: subject and body start, lower-cased, whitespace runs made
    single spaces (phrases wrap across lines), and its set of ASCII words for trigger tests."""

    text: str
    words: frozenset[str]
    cjk: bool  # whether CJK triggers can occur at all


def prepare(msg: ParsedMessage) -> Prepared:
    """The scan text of a message: subject and the start of the body."""
    return _prepare_cached(msg.subject, msg.body_text[:SCAN_CHARS])


# fraud and phishing read the same message one after the other: prepare it once.
@lru_cache(maxsize=4)
def _prepare_cached(subject: str, body_start: str) -> Prepared:
    return prepare_text(f"{subject}\n{body_start}")


def prepare_text(text: str) -> Prepared:
    """Any short text (a subject, a display name) made ready for ``Phrasebook.scan``."""
    text = " ".join(text.lower().split())
    return Prepared(text, frozenset(_WORD.findall(text)), _CJK.search(text) is not None)


class Phrasebook:
    """Families of phrase patterns, each guarded by trigger words.

    Python's regex engine has no multi-pattern search, so one big alternation costs
    milliseconds per message. Instead a phrase runs only when one of its trigger words occurs
    (a set test against the message's words; CJK or symbol triggers by substring), and only in
    a window around each occurrence: almost all legitimate mail then costs a set intersection.
    """

    def __init__(self, families: Mapping[str, tuple[tuple[str, str], ...]]) -> None:
        self.families = tuple(families)
        self._by_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self._by_substring: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        for family, cues in families.items():
            for triggers, pattern in cues:
                compiled = re.compile(pattern)
                for trigger in triggers.split():
                    table = self._by_word if _WORD.fullmatch(trigger) else self._by_substring
                    table.setdefault(trigger, []).append((family, compiled))
        self._words = frozenset(self._by_word)
        self._ascii_substrings = tuple(t for t in self._by_substring if t.isascii())
        self._other_substrings = tuple(t for t in self._by_substring if not t.isascii())

    def scan(self, prepared: Prepared) -> dict[str, list[str]]:
        """Matched phrases per family, in the order they occur in the text."""
        text = prepared.text
        found: dict[str, list[tuple[int, str]]] = {}
        seen: set[tuple[int, int]] = set()
        triggers: list[tuple[str, bool, list[tuple[str, re.Pattern[str]]]]] = [
            (word, True, self._by_word[word]) for word in prepared.words.intersection(self._words)
        ]
        triggers.extend(
            (sub, False, self._by_substring[sub]) for sub in self._ascii_substrings if sub in text
        )
        if prepared.cjk:
            chars = set(text)
            triggers.extend(
                (sub, False, self._by_substring[sub])
                for sub in self._other_substrings
                if sub[0] in chars and sub in text
            )
        # A pattern guarded by several triggers that all occur runs once per merged window,
        # not once per trigger.
        spans: dict[tuple[str, re.Pattern[str]], list[tuple[int, int]]] = {}
        for trigger, whole_word, cues in triggers:
            windows = _windows(text, trigger, whole_word)
            if windows:
                for cue in cues:
                    spans.setdefault(cue, []).extend(windows)
        for (family, pattern), windows in spans.items():
            for lo, hi in _merged(windows):
                for match in pattern.finditer(text, lo, hi):
                    if match.end() > match.start() and match.span() not in seen:
                        seen.add(match.span())
                        found.setdefault(family, []).append((match.start(), match.group()))
        return {family: _without_overlaps(hits) for family, hits in found.items()}


def _without_overlaps(hits: list[tuple[int, str]]) -> list[str]:
    """Phrases in text order, dropping any that overlaps the one before ("us$ 10.5 million"
    and "10.5 million united states dollars" are one cue)."""
    kept: list[str] = []
    end = -1
    for start, phrase in sorted(hits):
        if start >= end:
            kept.append(phrase)
            end = start + len(phrase)
    return kept


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, in text order."""
    if len(spans) < 2:
        return spans
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def _windows(text: str, trigger: str, whole_word: bool) -> list[tuple[int, int]]:
    """Spans of text around the first occurrences of a trigger (as a whole word when asked),
    merged where they overlap."""
    spans: list[tuple[int, int]] = []
    end = len(text)
    pos = text.find(trigger)
    # Bounded by occurrences looked at, not windows kept: a common trigger ("you") merges into
    # a few wide windows and would otherwise be searched for to the end of the text.
    looked = 0
    while pos >= 0 and looked < _MAX_OCCURRENCES:
        looked += 1
        after = pos + len(trigger)
        if not whole_word or (
            (pos == 0 or not text[pos - 1].isalpha())
            and (after == end or not text[after].isalpha())
        ):
            lo, hi = max(0, pos - _WINDOW), min(end, after + _WINDOW)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        pos = text.find(trigger, after)
    return spans
