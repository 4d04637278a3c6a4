"""Finding families of phrases in a message fast: the scanner fraud and phishing cues share.

Python's regex engine has no multi-pattern search, so one big alternation of hundreds of
phrases costs milliseconds per message. A ``Phrasebook`` instead runs each phrase only near its
trigger words, so that almost all legitimate mail costs one set intersection.

A book is built from families: ``{family: ((triggers, pattern), …)}``. It scans the subject and
the start of the body, lower-cased, whitespace runs made single spaces, ">" quote marks gone.

How triggers gate a pattern: ``triggers`` is a space-separated list. A lower-case ASCII word
must occur in the text as a whole word (a run of ASCII letters: "e-mail" holds "e" and "mail");
anything else (CJK, "$", "€", a word with "ä") is looked for as a substring. A pattern runs only
when one of its triggers occurs, and only within about 90 characters either side of each of
its first few occurrences. So give every way a pattern can match a trigger that such a match
itself holds: a phrase with none of its triggers in it is found only by chance. An ASCII word
between CJK characters ("用USDT付款") is no whole word: trigger such a pattern by its CJK.

Adding a phrase safely:

- Write it as the scan text reads: lower case, one space between words. Open an English
  pattern with "\\b" (the book checks that boundary itself, at speed); CJK patterns cannot
  use "\\b", every CJK character being a word character to the regex engine.
- Trigger it by the rarer words its matches hold: a common one ("order", "account") is no less
  correct, but runs the pattern on most mail, and the scan is fast because that is rare.
- Say in a comment what the pattern must not match, add that sentence to the tests that keep
  genuine mail quiet (those named "…is_not_…", "…is_no_…", "…is_quiet", and the False rows of
  ``test_cues_read_in_their_context`` in tests/test_fraud.py and tests/test_phishing.py), and
  the scam itself to its family's test.
- Then run ``benchmarks/grading_eval.py``: genuine inquiries flagged must stay at none, and
  ham flagged within its target.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, in_domains
from tradetriage.signals.signature import quote_headers, quoted_ours, regions

if TYPE_CHECKING:
    import opencc

# Scams tell their story in the first screens; a long quoted thread below adds only noise.
SCAN_CHARS = 3_000
# How far around a trigger word a phrase may reach (phrases are short; windows keep it fast).
_WINDOW = 90
_MAX_OCCURRENCES = 8
_MAX_SKIPPED = 64

# A customer's reply quoting our own "bank details", "urgent" or "payment in advance" is no cue
# against the customer (see ``prepare``).
_HOST = re.compile(r"[a-z0-9.-]+[a-z0-9]")
# Quote marks at the start of a line. Matched after the line's "\n" (the text gets one in
# front) rather than at a multi-line "^": the regex engine skips ahead to each "\n" but tries a
# "^" at every position, four times slower.
_QUOTE_MARKS = re.compile(r"\n[ \t]*(?:>[ \t]?)+")
_WORD = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Every byte that is not a lower-case ASCII letter becomes a space: split() then yields the
# letter runs (what ``_WORD`` finds) at C speed, several times faster than a regex findall.
LETTER_RUNS = bytes.maketrans(
    bytes(range(256)), bytes(c if 97 <= c <= 122 else 32 for c in range(256))
)


def word_literal(literal: str) -> str:
    """``literal`` as a regex that must not continue a word on its left.

    The check is a look-behind *after* the literal, not ``\\b`` before it: a pattern that opens
    with a literal is found by the regex engine's fast literal search, one that opens with
    ``\\b`` or a look-behind is tried at every position (ten times slower on a 3 KB text)."""
    escaped = re.escape(literal)
    return rf"{escaped}(?<!\w{escaped})"


@dataclass(frozen=True, slots=True)
class Prepared:
    """The text cue patterns run on: subject and body start, lower-cased, whitespace runs made
    single spaces (phrases wrap across lines), and its set of ASCII words for trigger tests."""

    text: str
    words: frozenset[str]
    # The text's characters when it holds CJK (empty otherwise): a cheap first test for CJK
    # triggers, made once for the several books that scan one text.
    chars: frozenset[str] = frozenset()
    # Whether the text is all ASCII: then no other trigger ("€", "lomé") can occur in it.
    ascii: bool = True
    # Windows around each trigger, found once per text: fraud's and phishing's books share
    # triggers ("account", "bank", "payment").
    windows: dict[tuple[str, bool], list[tuple[int, int]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @property
    def cjk(self) -> bool:
        """Whether CJK triggers can occur at all."""
        return bool(self.chars)


def prepare(msg: ParsedMessage, ctx: Context) -> Prepared:
    """The scan text of a message: subject and the first ``SCAN_CHARS`` of the body, up to the
    first quote of our own mail. A quote header names us with an address at one of our domains,
    or a name we sign with. When the first quote is ours, only the sender's own text is
    scanned; other quotes (the sender's own earlier mail, a colleague's forward, a thread a
    scammer made up) are scanned, down to a quote of ours nested in them."""
    sender = msg.from_[0].addr if msg.from_ else ""
    parts = regions(msg.body_text, quoted_ours(sender, ctx.our_domains))
    if not parts.quote_header:
        return _prepare_cached(msg.subject, msg.body_text[:SCAN_CHARS])
    if names_us(parts.quote_header, ctx.our_domains, ctx.our_names):
        return _prepare_cached(msg.subject, parts.own[:SCAN_CHARS])
    body_start = msg.body_text[:SCAN_CHARS]
    for start, author in quote_headers(body_start):
        if author and names_us(author, ctx.our_domains, ctx.our_names):
            body_start = body_start[:start]
            break
    return _prepare_cached(msg.subject, body_start)


# fraud and phishing prepare the same message one after the other: judge its quote header once.
@lru_cache(maxsize=4)
def names_us(header: str, our_domains: frozenset[str], our_names: frozenset[str]) -> bool:
    """Whether a quote header holds an address at one of our domains (or their subdomains),
    or one of the names we sign with as a whole phrase."""
    at = header.find("@")
    while at >= 0:
        host = _HOST.match(header, at + 1)
        if host and in_domains(host.group(), our_domains):
            return True
        at = header.find("@", at + 1)
    flat = " ".join(header.split())
    # Latin names as whole words ("li na" is not in "emilia nash"); Chinese ones run into the
    # words around them ("陈丽写道"), so a substring is all there is to test.
    return any(
        name in flat and (not name.isascii() or re.search(rf"(?<!\w){re.escape(name)}(?!\w)", flat))
        for name in our_names
    )


# fraud and phishing read the same message one after the other: prepare it once.
@lru_cache(maxsize=4)
def _prepare_cached(subject: str, body_start: str) -> Prepared:
    if ">" in body_start:
        # Without the ">" marks: a phrase wraps across quoted lines as across any others (the
        # sender's own text, cut at a quote of ours, has none left).
        body_start = _QUOTE_MARKS.sub("\n", "\n" + body_start)[1:]
    return prepare_text(f"{subject}\n{body_start}")


# Characters written only in Traditional Chinese (Taiwan, Hong Kong), common in trade mail: one
# of them is enough to tell the text is to be read in Simplified, as the phrases are written.
_TRADITIONAL = re.compile(
    "[這們個為會說請與來對時過後還裡從報價貨號碼務關開電話發應該經實際產業辦樣門閥數麼讓給見現問題"
    "將專單據帳戶匯銀聯繫謝確認訂購買賣運輸費錢準備雖質檢驗證書萬處錯線網頁內幫聽寫讀體總點當歡聲"
    "氣變換決鐘別緊儘筆]"
)
# Persian's own yeh and kaf (ی, ک) read as the Arabic letters (ي, ك) that windows-1256 and
# many keyboards write for them: the phrases are written with the Arabic ones.
_PERSIAN_LETTERS = str.maketrans({"\u06cc": "\u064a", "\u06a9": "\u0643"})
# Japanese writes many of those characters too (電話, 確認, 銀行), with kana beside them: its
# text is left as written.
_KANA = re.compile("[\u3040-\u30ff]")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    # Imported and built on first use (15 ms): most mailboxes hold no Traditional Chinese.
    import opencc

    return opencc.OpenCC("t2s")


def _simplified(text: str) -> str:
    """``text`` in Simplified characters, phrase by phrase as OpenCC converts (帳戶 gives 帐户,
    which the phrases read as they read 账户)."""
    return str(_converter().convert(text))


def prepare_text(text: str) -> Prepared:
    """Any short text (a subject, a display name) made ready for ``Phrasebook.scan``."""
    text = " ".join(text.lower().split())
    if "\u2019" in text:  # Outlook's "we’ll", "don’t": the patterns are written with "'"
        text = text.replace("\u2019", "'")
    if "\u0307" in text:  # Turkish "İçeriği" lower-cases to "i" and a combining dot
        text = text.replace("i\u0307", "i")
    ascii = text.isascii()
    cjk = not ascii and _CJK.search(text) is not None
    if cjk and _TRADITIONAL.search(text) and not _KANA.search(text):
        text = _simplified(text)
    if not ascii and ("\u06cc" in text or "\u06a9" in text):
        text = text.translate(_PERSIAN_LETTERS)
    letters = text.encode("ascii", "replace").translate(LETTER_RUNS)
    return Prepared(
        text,
        frozenset(letters.decode("ascii").split()),
        frozenset(text) if cjk else frozenset(),
        ascii,
    )


class Phrasebook:
    """Families of phrase patterns, each guarded by trigger words.

    Python's regex engine has no multi-pattern search, so one big alternation costs
    milliseconds per message. Instead a phrase runs only when one of its trigger words occurs
    (a set test against the message's words; CJK or symbol triggers by substring), and only in
    a window around each occurrence: almost all legitimate mail then costs a set intersection.
    """

    def __init__(
        self,
        families: Mapping[str, tuple[tuple[str, str], ...]],
        *,
        overlapping: frozenset[str] = frozenset(),
    ) -> None:
        self.families = tuple(families)
        # A phrase counts for one family only ("account has been locked" is a credential
        # request, not also an account alert), except for the families named here: a narrower
        # signal read from the same words as a broader one (``qr_claim`` within ``qr_lure``).
        self._overlapping = overlapping
        # Each distinct (family, pattern) is a cue, known by its number in ``_cues``: hashing
        # a compiled pattern hashes its whole compiled code, so ``scan`` keys its tables by the
        # number instead (several microseconds a message).
        self._cues: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = []
        numbers: dict[tuple[str, re.Pattern[str]], int] = {}
        self._by_word: dict[str, list[int]] = {}
        self._by_substring: dict[str, list[int]] = {}
        for family, cues in families.items():
            for triggers, pattern in cues:
                compiled = re.compile(pattern)
                number = numbers.get((family, compiled))
                if number is None:
                    number = numbers[(family, compiled)] = len(self._cues)
                    # Patterns opening with "\b" run without it, the boundary checked on each
                    # match (see ``_bounded``): a leading "\b" hides the pattern's first
                    # characters from the regex engine, which then tries every position of a
                    # window instead of skipping ahead.
                    inner = _without_leading_boundary(pattern)
                    unbounded = re.compile(inner) if inner is not None else None
                    self._cues.append((family, compiled, unbounded))
                for trigger in triggers.split():
                    table = self._by_word if _WORD.fullmatch(trigger) else self._by_substring
                    table.setdefault(trigger, []).append(number)
        self._words = frozenset(self._by_word)
        self._ascii_substrings = tuple(t for t in self._by_substring if t.isascii())
        self._cjk_substrings = tuple(t for t in self._by_substring if _CJK.match(t))
        # Neither ASCII nor CJK: "€", "£", a word with an accent ("lomé", "bestätigen").
        self._other_substrings = tuple(
            t for t in self._by_substring if not t.isascii() and not _CJK.match(t)
        )

    def scan(self, prepared: Prepared) -> dict[str, list[str]]:
        """Matched phrases per family, in the order they occur in the text."""
        text = prepared.text
        found: dict[str, list[tuple[int, str]]] = {}
        seen: set[tuple[str, int, int]] = set()
        triggers: list[tuple[str, bool, list[int]]] = [
            (word, True, self._by_word[word]) for word in self._words.intersection(prepared.words)
        ]
        triggers.extend(
            (sub, False, self._by_substring[sub]) for sub in self._ascii_substrings if sub in text
        )
        if not prepared.ascii:
            triggers.extend(
                (sub, False, self._by_substring[sub])
                for sub in self._other_substrings
                if sub in text
            )
        if prepared.cjk:
            chars = prepared.chars
            triggers.extend(
                (sub, False, self._by_substring[sub])
                for sub in self._cjk_substrings
                if sub[0] in chars and sub in text
            )
        # A pattern guarded by several triggers that all occur runs once per merged window,
        # not once per trigger.
        spans: dict[int, list[tuple[int, int]]] = {}
        memo = prepared.windows
        for trigger, whole_word, cues in triggers:
            key = (trigger, whole_word)
            windows = memo.get(key)
            if windows is None:
                windows = memo[key] = _windows(text, trigger, whole_word)
            if windows:
                for cue in cues:
                    spans.setdefault(cue, []).extend(windows)
        for number, windows in spans.items():
            family, pattern, inner = self._cues[number]
            owner = family if family in self._overlapping else ""
            for lo, hi in _merged(windows):
                matches = (
                    pattern.finditer(text, lo, hi)
                    if inner is None
                    else _bounded(inner, text, lo, hi)
                )
                for match in matches:
                    span = (owner, match.start(), match.end())
                    if match.end() > match.start() and span not in seen:
                        seen.add(span)
                        found.setdefault(family, []).append((match.start(), match.group()))
        return {family: _without_overlaps(hits) for family, hits in found.items()}


# How far before a phrase ``preceded_everywhere`` reads: a clause or two ("if you ever need to
# pay us (refunds) or you receive any message about …"), not a paragraph. The patterns it
# reads with are anchored at the phrase and bound their own reach.
PRECEDING_CHARS = 100


# How far after a phrase ``preceded_everywhere`` reads what must follow it.
FOLLOWING_CHARS = 40


def preceded_everywhere(
    text: str, phrase: str, before: re.Pattern[str] | None, after: re.Pattern[str] | None = None
) -> bool:
    """Whether every occurrence of ``phrase`` in ``text`` comes right after words ``before``
    matches (a pattern anchored at its end, read in the ``PRECEDING_CHARS`` in front): "we will
    *pay for the inspection*", "we will never *change our bank details*"; and, with ``after``,
    is followed by words it matches (from the phrase's end, in ``FOLLOWING_CHARS``). No
    ``before``: only what follows is read (see ``followed_everywhere``)."""
    return framed_everywhere(text, phrase, ((before, after),))


def framed_everywhere(
    text: str,
    phrase: str,
    frames: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...],
) -> bool:
    """Whether every occurrence of ``phrase`` in ``text`` is framed by one of ``frames``: a
    (before, after) pair read as ``preceded_everywhere`` reads its own. A warning may deny
    one occurrence one way and the next another ("我司不会…变更收款账户" … "如收到任何涉及账户
    变更的通知，请务必先拨打我司座机")."""
    start = text.find(phrase)
    while start >= 0:
        end = start + len(phrase)
        if not any(_framed(text, start, end, before, after) for before, after in frames):
            return False
        start = text.find(phrase, start + 1)
    return True


def _framed(
    text: str, start: int, end: int, before: re.Pattern[str] | None, after: re.Pattern[str] | None
) -> bool:
    if before is not None and before.search(text, max(0, start - PRECEDING_CHARS), start) is None:
        return False
    return after is None or after.match(text, end, end + FOLLOWING_CHARS) is not None


def followed_everywhere(text: str, phrase: str, after: re.Pattern[str]) -> bool:
    """Whether every occurrence of ``phrase`` in ``text`` is followed by words ``after``
    matches: "the *testing fee* is paid by us"."""
    return preceded_everywhere(text, phrase, None, after)


def _without_leading_boundary(pattern: str) -> str | None:
    """``pattern`` without the "\\b" that opens it (or opens each of its top-level
    alternatives), or None when it has none or could match the empty string."""
    alternatives = _top_level_alternatives(pattern)
    if not all(alt.startswith(r"\b") for alt in alternatives):
        return None
    inner = "|".join(alt[2:] for alt in alternatives)
    inner = f"(?:{inner})" if len(alternatives) > 1 else inner
    # A pattern that can match the empty string steps on differently in ``_bounded``.
    return inner if _min_width(inner) > 0 else None


def _min_width(pattern: str) -> int:
    """The fewest characters a match of ``pattern`` covers, from the regex parser (0 when
    the parser is not available, which keeps a pattern as written)."""
    try:
        parser = importlib.import_module("re._parser")
        return int(parser.parse(pattern).getwidth()[0])
    except (ImportError, AttributeError):
        return 0


def _top_level_alternatives(pattern: str) -> list[str]:
    """``pattern`` split at the "|" that are outside groups and character classes."""
    pieces: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("]", i + 1) or pattern.startswith("^]", i + 1):
                i += 2 if pattern[i + 1] == "]" else 3  # a "]" first in a class is literal
                continue
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    return pieces


def is_word_char(char: str) -> bool:
    """Whether ``char`` is what the regex engine counts as a word character for "\\b" in str
    patterns ("" is none)."""
    return char.isalnum() or char == "_"


def _bounded(inner: re.Pattern[str], text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
    """The matches ``"\b" + inner`` would find in ``text[lo:hi]`` (as ``finditer`` with pos
    and endpos: the character before ``lo`` is seen, the text ends at ``hi``), found with
    ``inner`` alone, which the engine searches far faster, and the boundary checked here."""
    pos = lo
    while True:
        match = inner.search(text, pos, hi)
        if match is None:
            return
        start = match.start()
        if (start > 0 and is_word_char(text[start - 1])) != (
            start < hi and is_word_char(text[start])
        ):
            yield match
            pos = match.end()
        else:
            pos = start + 1


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
    # Bounded by occurrences kept, not windows: a common trigger ("you") merges into a few
    # wide windows and would otherwise be searched for to the end of the text. Occurrences
    # inside longer words ("accounts", "accounting" for "account") do not count: a statement
    # full of them would use up the bound before the phrase that matters. They have a bound
    # of their own, for a text that is one long run of them.
    kept = skipped = 0
    while pos >= 0 and kept < _MAX_OCCURRENCES and skipped < _MAX_SKIPPED:
        after = pos + len(trigger)
        if not whole_word or (
            (pos == 0 or not text[pos - 1].isalpha())
            and (after == end or not text[after].isalpha())
        ):
            kept += 1
            lo, hi = max(0, pos - _WINDOW), min(end, after + _WINDOW)
            if spans and lo <= spans[-1][1]:
                spans[-1] = (spans[-1][0], hi)
            else:
                spans.append((lo, hi))
        else:
            skipped += 1
        pos = text.find(trigger, after)
    return spans
