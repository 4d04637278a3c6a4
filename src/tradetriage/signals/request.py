"""Request signals: how specific the sender's request is.

A real buyer names our products and model numbers, a quantity, sizes and materials, an
incoterm and a port, certificates they need and when they need the goods. A fake buyer asks for
"your catalogue and price list" and nothing more. Only the sender's own text counts (and the
subject unless it is a reply's): a buyer answering our quote must not inherit our specs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

from tradetriage.mail.records import Attachment, ParsedMessage
from tradetriage.signals.base import CatalogueItem, Context, Finding, Findings, SignalSpec, clip
from tradetriage.signals.phrases import word_literal as _w
from tradetriage.signals.signature import quoted_ours, regions

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec("request.products", "list", "our products named in the request (catalogue names)"),
    SignalSpec("request.models", "list", "our model numbers named (with or without hyphens)"),
    SignalSpec("request.quantities", "list", "quantities with a unit or label (500 pcs, qty: 100)"),
    SignalSpec("request.specs", "list", "technical details: DN/PN, sizes, materials, pressure, …"),
    SignalSpec("request.incoterms", "list", "incoterms named (FOB, CIF, EXW, …)"),
    SignalSpec("request.target_price", "bool", "a price, currency amount or budget is given"),
    SignalSpec("request.delivery", "str", "delivery time asked or given (within 30 days, 交期)"),
    SignalSpec("request.port", "str", "destination port or place (port of Hamburg, CIF Lagos)"),
    SignalSpec("request.certifications", "list", "certificates required (CE, ISO 9001, API 6D)"),
    SignalSpec("request.hs_code", "str", "customs HS code given"),
    SignalSpec("request.drawings", "bool", "a drawing or datasheet is attached"),
    SignalSpec(
        "request.generic",
        "bool",
        "only a generic ask (send catalogue / price list / best price), no specific detail",
    ),
    SignalSpec("request.specificity", "int", "how many kinds of specific detail are given (0-11)"),
    SignalSpec(
        "request.order_intent",
        "bool",
        "the buyer moves to an order: asks for a PI or contract, will pay the deposit, confirms "
        "the order (发PI, 付定金, 下单)",
    ),
    SignalSpec("request.language", "str", "language of the sender's text: en, zh or other"),
)

# Detail is near the top (real inquiries rarely run past 1.5 KB); a pasted document or a
# long newsletter should not cost more. Fraud and phishing cues read as far (phrases.SCAN_CHARS).
_MAX_CHARS = 3_000
# A subject's first word before a colon, after tags a mail gateway puts in front ("[EXTERNAL]
# RE:") and with a counter ("Re[2]:"): a reply or forward prefix when it is one of
# _REPLY_WORDS, in the languages our buyers write ("RES:", "YNT:", "Odp:", "回覆：").
_SUBJECT_PREFIX = re.compile(
    r"\s*(?:\[[^\]\n]{0,40}\]\s*)*([^\W\d_]{1,6})\s*(?:\[\d+\]|\(\d+\))?\s*[:：]"
)
_REPLIES = (
    "re res rv r aw sv vs ynt odp antw rif fw fwd tr wg enc doorst vb"
    " 回复 回覆 答复 答覆 转发 轉寄 轉發"
)
_REPLY_WORDS = frozenset(_REPLIES.split())

_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_LANGUAGE_WORDS = 400  # words read to tell the language

# How many matches of one pattern are read: signals are facts (is there a quantity, which
# certificates), not inventories, and a table of fifty line items must not cost fifty times more.
_CAP = 5


@dataclass(frozen=True, slots=True)
class _Pat:
    """A regex opening with a literal (or a digit), run over the whole capped text only when
    one of its trigger words or substrings occurs in it. Which patterns may run is worked out
    once per message from an index of all triggers (``_Text.open``): one set intersection and
    a few substring tests instead of a test per pattern."""

    pattern: re.Pattern[str]
    index: int  # position in the trigger index, -1 for a catalogue's own patterns
    subs: tuple[str, ...]  # a catalogue pattern's triggers (substrings of the lower-cased text)
    raw: bool  # match the text as written (case matters), else the lower-cased text

    def open(self, text: _Text) -> bool:
        """Whether any trigger occurs in the text."""
        if self.index >= 0:
            return self.index in text.open
        if len(self.subs) == 1:
            return self.subs[0] in text.lower
        return any(s in text.lower for s in self.subs)

    def finditer(self, text: _Text) -> Iterator[re.Match[str]]:
        """The first ``_CAP`` matches, in text order (none when no trigger occurs)."""
        if not self.open(text):
            return iter(())
        return islice(self.pattern.finditer(text.raw if self.raw else text.lower), _CAP)

    def search(self, text: _Text) -> re.Match[str] | None:
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


def _p(triggers: str, pattern: str, raw: bool = False) -> _Pat:
    """A pattern with its triggers: ASCII letter words are looked up in the word set, anything
    else (Chinese, symbols, digits) is a substring of the lower-cased text.

    Compiled ASCII-only: to Unicode ``\\w`` and ``\\b`` a Han character is part of a word, so
    "需要500件" or "球阀DN50" would hold no number and no code. A word here is an ASCII word;
    the text's other spaces, dashes and full-width letters are made ASCII first (``_fold``)."""
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
    return _Pat(re.compile(pattern, re.ASCII), index, (), raw)


def _open_patterns(text: _Text) -> frozenset[int]:
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
class _Group:
    """Patterns that together find one kind of detail (what one alternation used to): their
    matches merged in text order, an overlapping later one dropped as the alternation would.
    ``words``/``subs``, when given, must also occur for any pattern to run."""

    pats: tuple[_Pat, ...]
    indexes: frozenset[int]
    words: frozenset[str] = frozenset()
    subs: tuple[str, ...] = ()

    def open(self, text: _Text) -> bool:
        """Whether any pattern may match: one of them is open and the group's own triggers
        (if any) occur in the text."""
        if self.indexes.isdisjoint(text.open):
            return False
        if not self.words and not self.subs:
            return True
        if not self.words.isdisjoint(text.words):
            return True
        return any(s in text.lower for s in self.subs)

    def matches(self, text: _Text) -> list[re.Match[str]]:
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

    def first(self, text: _Text) -> re.Match[str] | None:
        """The match that starts first (the earlier pattern on a tie)."""
        if not self.open(text):
            return None
        best: re.Match[str] | None = None
        for pat in self.pats:
            match = pat.search(text)
            if match is not None and (best is None or match.start() < best.start()):
                best = match
        return best


def _g(*pats: _Pat, gate: str = "") -> _Group:
    parts = gate.split()
    words = frozenset(t for t in parts if t.isascii() and t.isalpha())
    indexes = frozenset(p.index for p in pats)
    return _Group(pats, indexes, words, tuple(t for t in parts if t not in words))


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


def _fold(text: str) -> str:
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


class _Text:
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
        letters = self.lower.encode("ascii", "replace").translate(_LETTER_RUNS)
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

    def blanked(self, spans: list[tuple[int, int]]) -> _Text:
        """The same text with ``spans`` replaced by spaces (offsets unchanged). The word set
        stays valid as a gate: blanking only removes words."""
        text = _Text.__new__(_Text)
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


# Every byte that is not a lower-case ASCII letter becomes a space: split() then yields the
# letter runs at C speed (a regex findall costs several times more).
_LETTER_RUNS = bytes.maketrans(
    bytes(range(256)), bytes(c if 97 <= c <= 122 else 32 for c in range(256))
)

# Number-first patterns open with a digit (found by the engine's fast character-set scan) and
# check the character before it with a look-behind placed after that digit.
_NUM_REST = r"(?:\d{0,2}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d*(?:\.\d+)?)"
_NUM = r"\d(?:\d{0,2}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d*(?:\.\d+)?)"
_UNITS = (
    r"pcs|pc|pieces?|sets?|units?|nos|pairs?|tons?|tonnes?|mt|meters?|metres?|kgs?"
    # "6个月", "30个工作日", "3个人" count months, days and people; "支付" is payment.
    r"|cartons?|pallets?|containers?|lots?|个(?!月|人|小时|星期|礼拜|工作日)|台|套|件|只|吨|米|箱"
    r"|支(?!付|持)"
    # German, Spanish, Portuguese, Italian, Russian, Turkish pieces
    r"|stk|stück|unidad(?:es)?|uds|piezas?|peças?|pezz[io]|шт|adet"
)
# In Spanish, Portuguese and Italian "3 piezas" is mostly the body ("válvula de bola de 3
# piezas", "valvola a sfera 3 pezzi"), whatever follows.
_ROMANCE_PIECES = frozenset({"pieza", "piezas", "peça", "peças", "pezzo", "pezzi"})
_QTY_UNIT = _p(
    "pcs pc piece pieces set sets unit units nos pair pairs ton tons tonne tonnes mt meter meters"
    " metre metres kg kgs carton cartons pallet pallets container containers lot lots"
    " 个 台 套 件 只 吨 米 箱 支 stk stück unidad unidades uds pieza piezas peça peças pezzi pezzo"
    " шт adet",
    rf"(?P<n>\d(?<![\w.,]\d){_NUM_REST})\s*(?:x\s*)?(?P<u>{_UNITS})(?![a-z])",
)
_QTY_LABEL = _g(
    *(
        # "q'ty" is split into the words "q" and "ty": "q" is its cheap trigger.
        _p(t.split("'")[0], rf"{_w(t) if t.isascii() else t}\s*(?:of\s*)?[:：.]?\s*(?:{_NUM})")
        for t in ("qty", "quantity", "q'ty", "数量", "订量", "采购量")
    ),
)
_QTY_CONTAINER = _p("ft gp hq hc", r"\d(?<!\w\d)\d*\s*[x×]\s*(?:20|40)\s*'?\s*(?:ft|gp|hq|hc)\b")
# "2 pc ball valve" is a body construction, not an order quantity.
_PIECE_BODY = re.compile(r"\s*(?:body|type|ball|valve|design|construction)", re.IGNORECASE)
# ... or after it: "3pc" written tight on a line about a ball valve ("SS316 ball valve 3pc,
# 1 inch - 120 nos"): one-, two- and three-piece are a ball valve's constructions. Not "gate
# valves 3 pcs", a count.
_TIGHT_PC = re.compile(r"\d(?:pc|PC|Pc)\b")

_SPEC_GROUPS = (
    _g(_p("dn", rf"{_w('dn')}\s?\d{{1,4}}\b")),
    _g(_p("pn", rf"{_w('pn')}\s?\d{{1,3}}\b")),
    _g(_p("nps", rf"{_w('nps')}\s?\d+(?:[./]\d+)?")),
    _g(_p("class", rf"{_w('class')}\s?(?:125|150|300|600|900|1500|2500)\b")),
    _g(
        _p(
            "lb lbs #",
            r"(?:150(?<!\w150)|300(?<!\w300)|600(?<!\w600)|900(?<!\w900)|1500(?<!\w1500))"
            r"\s?(?:lbs?|#)(?!\w)",
        )
    ),
    _g(
        _p(
            "\" '' inch inches 寸",
            # At most three digits, not after a hyphen: "1-1/2\"" and "10\"", never the
            # "8859-1\"" of a charset or a year before a quote.
            r"\d(?<![\w/.\"'-]\d)(?:\d{0,2}\s?-\s?\d)?\d{0,2}(?![\d])(?:/\d+)?\s?"
            r"(?:\"|''|inch(?:es)?\b|寸)",
        )
    ),
    _g(*(_p(t, rf"{_w(t)}\s?-?\s?(?:304|316|201|410|321)l?\b") for t in ("ss", "aisi", "sus"))),
    _g(_p("stainless s", r"3(?<!\w3)(?:04|16)l?\s*(?:stainless|s\.s\.)")),
    _g(
        _p("cf", rf"{_w('cf')}(?:8m|8|3m|3)\b"),
        _p("wcb wcc", rf"{_w('wc')}[bc]\b"),
        _p("lcb lcc", rf"{_w('lc')}[bc]\b"),
        _p("a", rf"{_w('a')}(?:105n?|351|216)\b"),
        _p("f", rf"{_w('f')}(?:304l?|316l?|51|53)\b"),
    ),
    _g(
        *(
            _p(t.split()[0], rf"{_w(t)}\b")
            for t in ("brass", "bronze", "cast iron", "ductile iron", "carbon steel")
        ),
        _p("duplex", rf"{_w('super duplex')}\b"),
        _p("duplex", rf"{_w('duplex')}\b"),
    ),
    _g(*(_p(t, rf"{_w(t)}\b") for t in ("rptfe", "ptfe", "peek", "epdm", "nbr", "viton", "fkm"))),
    _g(
        _p("不锈钢", r"不锈钢\s?(?:304|316)?l?"),
        *(_p(t, t) for t in ("碳钢", "球墨铸铁", "铸铁", "黄铜")),
    ),
    _g(
        _p(
            "bar psi mpa kpa kgf",
            # Not from the middle of a decimal: "1.6MPa" is no "6MPa"; "1,6 bar" is European.
            r"\d(?<!\w\d)(?<!\d[.,]\d)\d*(?:[.,]\d+)?\s?(?:bar|psi|mpa|kpa|kgf/cm2?)\b",
        )
    ),
    _g(_p("wog", r"\d(?<!\w\d)\d{2,3}\s?wog\b")),
    _g(
        _p(
            "bsp bspp bspt npt",
            rf"{_w('bsp')}(?:p|t)?\b|{_w('npt')}\b",
        ),
        _p("flange flanged flanges", rf"{_w('flange')}d?\b"),
        *(_p(t, rf"{_w(t)}\b") for t in ("threaded", "screwed", "wafer", "rtj")),
        _p("weld welded", rf"(?:{_w('socket')}|{_w('butt')})[\s-]weld(?:ed)?\b"),
        _p("lug lugged", rf"{_w('lug')}(?:ged)?\b"),
        _p("clamp", rf"{_w('tri')}[\s-]?clamp\b"),
        _p("raised", rf"{_w('raised face')}\b"),
    ),
    _g(*(_p(t, t) for t in ("法兰", "螺纹", "对夹", "焊接"))),
    _g(_p("° ℃ deg degree degrees", r"\d(?<!\d\d)\d*\s?(?:°\s?[cf]\b|℃|deg(?:rees?)?\s?[cf]\b)")),
    _g(
        _p("temperature", rf"{_w('temperature')}\s*[:：]?\s*-?\d+"),
        _p("温度", r"温度\s*[:：]?\s*-?\d+"),
    ),
    _g(
        *(
            _p(t, rf"{_w(t)}[\s-](?:actuat\w+|operat\w+)")
            for t in ("pneumatic", "electric", "manual", "gear", "lever", "handwheel")
        ),
        _p("actuator actuators", rf"{_w('actuator')}s?\b"),
        gate="actuator actuators actuated actuation operated operation",
    ),
    _g(*(_p(t, t) for t in ("气动", "电动", "手动"))),
    _g(*(_p(t, rf"{_w(t)}\s?b16\.\d+\b") for t in ("ansi", "asme"))),
    # In capitals only: "en 2025" and "din 2010" are Spanish, French and Romanian words.
    _g(*(_p(t.lower(), rf"{_w(t)}\s?\d{{3,5}}\b", raw=True) for t in ("DIN", "EN"))),
    _g(_p("gb", rf"{_w('gb')}/?t\s?\d{{3,5}}\b")),
    _g(_p("jis", rf"{_w('jis')}\s?(?:b\s?\d{{4}}|\d{{1,2}}k)\b")),
    _g(_p("iso", rf"{_w('iso')}\s?5211\b")),
    _g(_p("pc", r"[1-3](?<!\w[1-3])\s?-?\s?pc\b")),
    _g(
        *(_p(t, rf"{_w(t)}\s+(?:bore|port)\b") for t in ("full", "reduced", "standard")),
        _p("floating", rf"{_w('floating')}\s+ball\b"),
        _p("trunnion", rf"{_w('trunnion')}\b"),
        gate="bore port floating trunnion",
    ),
)
# The codes count only in capitals (an English "fas" or "cip" is no incoterm); FOB, CIF and
# EX WORKS in any case.
_INCOTERM = _g(
    _p(
        "exw fca fas fob cfr cnf c cif cpt cip dap dpu ddp",
        r"(?:EXW|FCA|FAS|FOB|CFR|CNF|C&F|CIF|CPT|CIP|DAP|DPU|DDP)(?<![A-Za-z]...)(?![A-Za-z])",
        raw=True,
    ),
    _p("fob", r"fob(?<![a-z]fob)(?![a-z])"),
    _p("cif", r"cif(?<![a-z]cif)(?![a-z])"),
    _p("works exworks", r"ex(?<![a-z]ex)[\s-]?works(?![a-z])"),
)
_INCOTERM_ALIASES = {"CNF": "CFR", "C&F": "CFR"}
# Words that follow an incoterm or a port phrase but name no place: "CIF price", "CIF Best
# regards", "DDP Please", "CIF Incoterms 2020", "delivered to us".
_PORT_STOP = frozenset(
    {"our", "the", "your", "any", "nearest", "which", "what", "main", "destination", "sea",
     "air", "home", "a", "discharge", "loading", "price", "prices", "pricing", "term", "terms",
     "basis", "us", "you", "me", "it", "them", "and", "or", "to", "for", "from", "in", "on",
     "at", "by", "via", "with", "of", "is", "are", "as", "if", "also", "only", "please", "pls",
     "kindly", "thanks", "thank", "regards", "best", "kind", "warm", "sincerely", "cheers",
     "dear", "hi", "hello", "mr", "mrs", "ms", "incoterms", "incoterm", "quote", "quotation",
     "offer", "rate", "rates", "cost", "costs", "freight", "shipping", "delivery", "value",
     "total", "condition", "conditions", "asap", "usd", "eur", "rmb", "cny", "fob", "exw",
     "cfr", "cif", "dap", "ddp", "site", "warehouse", "door", "customer", "incl",
     "including", "included", "excluding", "not", "too", "this", "that", "there", "here"}
)  # fmt: skip
# A port name stays on its line: the word after an incoterm at a line's end is a sign-off's.
_PORT_NAME = r"(?P<p>[a-z][a-z-]+(?:[ \t][a-z][a-z-]+)?)"
_PORT_LABEL_GAP = r"(?:[ \t]*[:：]\s*|[ \t]+)"  # "port of Lagos", "Destination port:\nLagos"
# "Hamburg", "Port Harcourt" or in capitals "LAGOS".
_PORT_WORD = r"[A-Z](?:[a-z]+|[A-Z]{2,})(?![A-Za-z])"
# In the order they are believed: a labelled port first, then "CIF Hamburg", "to Hamburg port".
_PORT_GROUPS = (
    _g(
        _p(
            "port",
            rf"{_w('port')}[ \t]+of(?:[ \t]+(?:destination|discharge))?(?:[ \t]+is)?"
            rf"{_PORT_LABEL_GAP}{_PORT_NAME}",
        ),
        _p(
            "destination",
            rf"{_w('destination')}[ \t]+port(?:[ \t]+is)?{_PORT_LABEL_GAP}{_PORT_NAME}",
        ),
        _p("discharge", rf"{_w('discharge')}[ \t]+port(?:[ \t]+is)?{_PORT_LABEL_GAP}{_PORT_NAME}"),
        _p("pod", rf"{_w('pod')}[ \t]*[:：]\s*{_PORT_NAME}"),
        _p("delivered", rf"{_w('delivered')}[ \t]+to[ \t]+{_PORT_NAME}"),
    ),
    _g(
        _p(
            "cif cfr cnf c dap ddp dpu cpt cip",
            r"(?:CIF|CFR|CNF|C&F|DAP|DDP|DPU|CPT|CIP)(?<!\w...)[ \t]+"
            rf"(?P<p>{_PORT_WORD}(?:[ \t]{_PORT_WORD})?)",
            raw=True,
        )
    ),
    _g(
        *(
            _p(t, rf"{_w(t)}[ \t]+(?P<p>{_PORT_WORD})[ \t]+(?:sea)?port\b", raw=True)
            for t in ("to", "at", "via", "into")
        ),
        gate="port seaport",
    ),
    _g(_p("目的港", r"目的港\s*[:：为是]?\s*(?P<p>[\u4e00-\u9fffA-Za-z]{2,20})", raw=True)),
    _g(*(_p(t, rf"{t}(?P<p>[\u4e00-\u9fff]{{2,4}})港", raw=True) for t in ("到", "至")), gate="港"),
)
# Certificates are written in capitals; a lower-case "ce" or "api" is an ordinary word. Each
# group is read on its own, in this order ("EN 10204 3.1" and "3.1 certificate" both count).
_CERT_GROUPS = (
    # "CE", but not the end of "PRICE"; "CE-marked", "CE certificate".
    _g(_p("ce", r"CE(?<![^\W_]CE)\b(?:\s?(?:mark(?:ing|ed)?|cert\w*|approv\w*))?", raw=True)),
    _g(_p("iso", rf"{_w('ISO')}\s?(?:9001|14001|45001)(?::\s?\d{{4}})?", raw=True)),
    _g(_p("api", rf"{_w('API')}\s?(?:6D|6A|598|600|602|607|608|609)\b", raw=True)),
    _g(
        *(
            _p(t.lower(), rf"{_w(t)}\b", raw=True)
            for t in ("WRAS", "ACS", "DVGW", "KTW", "ATEX", "CCC", "EAC", "TSG")
        )
    ),
    _g(
        _p("ped", rf"{_w('PED')}\b(?:\s?2014/68/EU)?", raw=True),
        _p("eu", rf"{_w('2014/68/EU')}", raw=True),
    ),
    _g(_p("nsf", rf"{_w('NSF')}(?:/ANSI)?\s?61\b", raw=True)),
    _g(_p("fm", rf"{_w('FM')}\s+approv\w*", raw=True)),
    _g(_p("ul", rf"{_w('UL')}\s+(?:listed|certif\w*)", raw=True)),
    _g(_p("sil", rf"{_w('SIL')}\s?[1-3]\b", raw=True)),
    _g(_p("en", rf"{_w('EN')}\s?10204(?:\s?3\.[12])?", raw=True)),
    _g(
        _p(
            "cert certs certificate certificates certification certified mtc",
            rf"{_w('3.1')}\s?(?:cert\w*|mtc)",
        )
    ),
    _g(_p("mtc", rf"{_w('MTC')}\b", raw=True)),
    _g(
        _p("mill", rf"{_w('mill test cert')}\w*"),
        _p("material", rf"{_w('material')} (?:test )?cert\w*"),
    ),
    _g(_p("luft", rf"{_w('ta')}[\s-]luft\b")),
    _g(_p("fire", rf"{_w('fire')}[\s-]safe\b")),
    _g(_p("tüv tuv", r"T(?<!\wT)[ÜU]V\b", raw=True), _p("sgs", rf"{_w('SGS')}\b", raw=True)),
    _g(*(_p(t, t) for t in ("认证", "检验报告", "材质证明"))),
)
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
# Tried in this order; the first that finds anything is the evidence.
_MONEY = (
    _g(_p("$ € £ ¥ ￥", rf"[$€£¥￥]\s?{_AMOUNT}", raw=True)),
    _g(
        _p("usd $", rf"{_w('us')}(?:d|\$)\s?{_AMOUNT}"),
        *(
            _p(t, rf"{_w(t)}\s?{_AMOUNT}")
            for t in ("eur", "gbp", "rmb", "cny", "aud", "cad", "inr", "aed", "sar")
        ),
    ),
    _g(
        _p(
            "usd eur rmb cny dollar dollars euro euros",
            r"\d(?<!\w\d)[\d,]*(?:\.\d+)?\s?(?:usd|eur|rmb|cny|dollars?|euros?)\b",
        )
    ),
    _g(_p("元", rf"{_AMOUNT}\s?(?:元|美元|欧元)")),
    _g(
        _p("target", rf"{_w('target')}\s+price"),
        _p("budget", rf"{_w('our')}\s+budget"),
        _p("budget", rf"{_w('budget')}\s+(?:is|of)"),
    ),
    _g(_p("目标价", "目标价"), _p("预算", "预算")),
)
_DELIVERY = (
    _g(
        _p(
            "within",
            rf"{_w('within')}\s+\d+\s*(?:working\s+|business\s+)?(?:days?|weeks?|months?)\b",
        )
    ),
    _g(*(_p(t, rf"{_w(t)}[\s-]?(?:time|date|schedule|period)\b") for t in ("delivery", "lead"))),
    _g(
        *(
            _p(
                words,
                rf"{_w(stem)}{tail}\s+(?:by|before|in)\s+(?:the\s+)?(?:end\s+of\s+)?"
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|next|this|week|month)\w*",
            )
            for words, stem, tail in (
                ("deliver delivered delivery", "deliver", "(?:ed|y)?"),
                ("ship shipment shipped", "ship", "(?:ment|ped)?"),
            )
        )
    ),
    _g(_p("etd eta", rf"{_w('ET')}[DA]\b", raw=True)),
    _g(
        *(_p(t, t) for t in ("交期", "交货期", "交货时间", "货期", "发货时间")),
        _p("天内", r"\d+\s*天内"),
    ),
)
# "HS-Code: 848180", "HS code no. 8481 80 90", "HSN code 8481": after a label a four-digit
# heading is a code too; after a bare "HS" it takes six digits or more ("HS 2020" is no code).
_HS_LABEL = r"[ \t]*-?[ \t]*(?:code|no\.?|number|nr\.?)(?:[ \t]*(?:no\.?|number|nr\.?))?"
_HS_NUMBER = (
    # After a label the code may stand on the next line (a table's next cell), then with six
    # digits at least: "HS code\n2000 pcs" is a quantity.
    rf"{_HS_LABEL}[ \t]*[:：#]?[ \t]*(?:\n[ \t]*(?=\d{{4}}[. ]?\d{{2}}))?"
    rf"(?P<c>\d{{4}}(?:[. ]?\d{{2}}){{0,3}})\b",
    r"[ \t]*[:：#]?[ \t]*(?P<c>\d{4}(?:[. ]?\d{2}){1,3})\b",
)
_HS = _g(
    *(
        _p(trigger, rf"{_w(word)}{number}")
        for trigger, word in (("hs", "hs"), ("h", "h.s."), ("hts", "hts"), ("hsn", "hsn"))
        for number in _HS_NUMBER
    ),
    *(
        _p(t, rf"{t}\s*[:：]?\s*(?P<c>\d{{4}}[.\d]{{0,8}})")
        for t in ("海关编码", "hs编码", "商品编码")
    ),
)
_DRAWING_FILE = re.compile(
    r"\.(?:dwg|dxf|step|stp|igs|iges|sldprt|x_t)$|drawing|datasheet|data[\s_-]sheet|图纸",
    re.IGNORECASE,
)
_DRAWING_TEXT = _g(
    _p(
        "attached",
        rf"{_w('attached')}\b.{{0,40}}\b(?:drawings?|datasheets?|specifications?|technical)\b",
    ),
    *(_p(f"{t} {t}s", rf"{_w(t)}s?\b.{{0,20}}\battached\b") for t in ("drawing", "datasheet")),
    _p("附件", r"附件.{0,10}图纸"),
    _p("图纸", r"图纸.{0,10}附件"),
)
_SEND_WHAT = (
    r"\b(?:catalog(?:ue)?s?|price\s?lists?|product\s+lists?|company\s+profile|brochures?"
    r"|quotation\s+list)\b"
)
_ZH_LIST = r"(?:一下|一份)?(?:你们的|贵司的|贵公司的)?(?:产品)?(?:目录|报价单|价格表|价目表)"
_GENERIC = (
    _g(
        *(
            _p(t, rf"{_w(t)}\b.{{0,40}}{_SEND_WHAT}")
            for t in ("send", "provide", "forward", "share", "email", "mail", "furnish", "give")
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:catalog(?:ue)?|price\s?list|product\s+list)\b")
            for t in ("latest", "full", "complete", "your")
        ),
        _p(
            "catalog catalogs catalogue catalogues",
            rf"{_w('catalog')}(?:ue)?s?\s+(?:or|and|&)"
            r"\s+price\s?lists?",
        ),
        gate="catalog catalogs catalogue catalogues pricelist list lists brochure brochures"
        " profile",
    ),
    _g(
        _p(
            "interested",
            rf"{_w('interested')}\s+in\s+(?:some\s+of\s+|all\s+)?(?:your|ur)\s+"
            r"(?:hot[\s-]selling\s+)?products?\b",
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:best|lowest|cheapest|competitive)\s+(?:price|offer|quote)")
            for t in ("your", "the")
        ),
        _p(
            "supply supplying",
            rf"{_w('supply')}(?:ing)?\s+(?:of\s+)?(?:us\s+with\s+)?(?:your|ur)\s+"
            r"(?:company(?:'s)?\s+)?products",
        ),
        _p("hot", rf"{_w('hot')}[\s-]selling\s+products?"),
        _p("wholesale", rf"{_w('wholesale')}\s+(?:quote|price)"),
        _p("trial", rf"{_w('trial')}\s+order"),
    ),
    _g(
        _p("目录 报价单 价格表 价目表", rf"发(?:送)?{_ZH_LIST}"),
        _p("目录 报价单 价格表 价目表", rf"提供{_ZH_LIST}"),
        _p("目录和价格表", "目录和价格表"),
        _p("感兴趣", r"对(?:贵司|贵公司|你们)的?产品(?:很|非常)?感兴趣"),
        *(_p(t, t) for t in ("最低价", "最好的价格", "最优惠的价格")),
    ),
)
# The buyer moving to an order: "please send PI", "we will pay the 30% deposit", "confirm the
# order", "arrange production". A reply this short names no product, yet says more than any.
_PROFORMA = r"(?:pi|p/i|proforma|pro-forma)(?:\s+invoice)?\b|sales\s+contract\b|contract\b"
_ORDER = (
    _g(
        *(
            _p(t, rf"{_w(t)}\s+(?:us\s+|me\s+)?(?:the\s+|your\s+|a\s+|an\s+)?{_PROFORMA}")
            for t in ("send", "issue", "prepare", "make")
        ),
        *(
            _p(
                t,
                rf"{_w(t)}\s+(?:the\s+|a\s+|our\s+)?(?:\d{{1,2}}\s?%\s+)?"
                r"(?:deposit|down\s?payment|advance\s+payment)\b",
            )
            for t in ("pay", "remit", "transfer", "wire")
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:the\s+|our\s+|this\s+|an\s+|a\s+)?(?:trial\s+)?order\b")
            for t in ("confirm", "place", "proceed")
        ),
        _p("arrange start", r"\b(?:arrange|start)\s+(?:the\s+)?(?:mass\s+)?production\b"),
        gate="pi proforma contract deposit downpayment down advance order production",
    ),
    _g(
        _p(
            "下单 定金 订金 形式发票 安排生产 合同 pi",
            r"(?:我们|我司|准备|可以|马上|现在)下单|付(?:定金|订金)|(?:发|开)(?:一下)?(?:形式发票|pi)|"
            r"安排生产|签(?:订)?合同",
        ),
    ),
)
# "We will not place an order", "cannot confirm the order until", "do not send PI yet".
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|don't|won't|unable to)\b[^.,;]{0,25}$")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_CODE_SPACE = re.compile(r"\b(DN|PN|NPS|SS|SUS|AISI|class)\s(?=\d)", re.IGNORECASE)
# Words frequent in any English text; their share tells English from other Latin-script text.
_EN_WORDS = frozenset(
    {"the", "and", "to", "of", "we", "you", "your", "our", "please", "for", "is", "are", "in",
     "with", "this", "will", "can", "us", "be", "that", "it", "on", "as", "have", "would",
     "from", "an", "at", "by", "if", "not", "or", "my", "me", "i", "a"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Catalogue:
    models: tuple[_Pat, ...]  # one per first run of the model numbers ("eb" of "EB-BV316-DN25")
    model_of: dict[str, tuple[str, str]]  # normalised model -> (product, model as written)
    terms: tuple[tuple[_Pat, str], ...]  # each product name and keyword, with its product


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """What the sender asks for, how precisely, and in which language."""
    sender = msg.from_[0].addr if msg.from_ else ""
    own = regions(msg.body_text, quoted_ours(sender, ctx.our_domains)).own[:_MAX_CHARS]
    subject = "" if _is_reply(msg) else msg.subject
    whole = _Text(_fold(f"{subject}\n{own}" if subject else own))

    products, models, blanks = _match_catalogue(_compile_catalogue(ctx.catalogue), whole)
    body = whole.blanked(blanks) if blanks else whole
    quantities, qty_specs = _quantities(body)
    specs = _dedupe(qty_specs + [_norm(body.span(m)) for m in _all_matches(_SPEC_GROUPS, body)])
    incoterms = _dedupe(_INCOTERM_ALIASES.get(t, t) for t in _incoterms(body))
    price = _first(_MONEY, body)
    delivery = _delivery(body)
    port = _port(body)
    certs = _dedupe(_norm(body.span(m)) for m in _all_matches(_CERT_GROUPS, body))
    hs = _HS.first(body)
    hs_code = hs.group("c") if hs else None
    drawing = _drawing(msg.attachments, body)
    generic = _first(_GENERIC, body)
    order = next((m for m in _all_matches(_ORDER, body) if not _negated(body, m)), None)

    kinds = {
        "products": bool(products),
        "models": bool(models),
        "quantities": bool(quantities),
        "specs": bool(specs),
        "incoterms": bool(incoterms),
        "price": price is not None,
        "delivery": delivery is not None,
        "port": port is not None,
        "certifications": bool(certs),
        "HS code": hs_code is not None,
        "drawing": drawing is not None,
    }
    given = [k for k, ok in kinds.items() if ok]
    # Naming a product category is cheap (any scraper can read our website), and so is asking
    # for our delivery time along with the price list: "only generic" means nothing beyond them.
    asked = {"products", "delivery"} if delivery and _asks_only(body, delivery) else {"products"}
    detail = [k for k in given if k not in asked]
    is_generic = generic is not None and not detail
    language = _language(whole)

    return {
        "request.products": Finding(products, _join("products", products)),
        "request.models": Finding(models, _join("models", models)),
        "request.quantities": Finding(quantities, _join("quantity", quantities)),
        "request.specs": Finding(specs, _join("specs", specs)),
        "request.incoterms": Finding(incoterms, _join("incoterms", incoterms)),
        "request.target_price": Finding(price is not None, _quote(body, price)),
        "request.delivery": Finding(_text(body, delivery), _quote(body, delivery)),
        "request.port": Finding(port, f"port: {port}" if port else ""),
        "request.certifications": Finding(certs, _join("certificates", certs)),
        "request.hs_code": Finding(hs_code, f"HS code {hs_code}" if hs_code else ""),
        "request.drawings": Finding(drawing is not None, clip(drawing or "")),
        "request.generic": Finding(is_generic, _quote(body, generic) if is_generic else ""),
        "request.specificity": Finding(len(given), clip(", ".join(given) or "no specific detail")),
        "request.order_intent": Finding(order is not None, _quote(body, order)),
        "request.language": Finding(language, ""),
    }


# A buyer's own subject may open with a word and a colon too ("RFQ: 500 pcs …").
_OWN_SUBJECTS = (
    "rfq rfqs po pi order orders quote quotes inquiry enquiry offer price prices sample samples"
    " urgent new request req attn info invoice"
)
_OWN_SUBJECT_WORDS = frozenset(_OWN_SUBJECTS.split())


def _is_reply(msg: ParsedMessage) -> bool:
    """Whether the subject is most likely another's (ours, answered or forwarded): it carries a
    reply or forward prefix, or, on mail that answers another (In-Reply-To), any short word
    with a colon first ("Odg:", "Vá:": a prefix of a language not listed) but a buyer's own
    ("RFQ:", "PO:"). In-Reply-To alone does not tell: a buyer answering our newsletter with
    "RFQ 500 pcs EB-BV316-DN25 CIF Lagos" writes their own subject."""
    prefix = _SUBJECT_PREFIX.match(msg.subject)
    if prefix is None:
        return False
    word = prefix.group(1).lower()
    return word in _REPLY_WORDS or (bool(msg.in_reply_to) and word not in _OWN_SUBJECT_WORDS)


@lru_cache(maxsize=16)
def _compile_catalogue(items: tuple[CatalogueItem, ...]) -> _Catalogue:
    """The model-number and product-name patterns of a catalogue (cached per catalogue)."""
    model_of: dict[str, tuple[str, str]] = {}
    rests: dict[str, list[str]] = {}  # first run -> patterns of the rest of each model
    for item in items:
        for model in item.models:
            runs = re.findall(r"[A-Za-z]+|\d+", model.lower())
            if not runs:
                continue
            model_of["".join(runs)] = (item.name, model)
            # Hyphens, spaces, dots or nothing between the parts: "EB-BV316-DN25" is also
            # written "EBBV316DN25", "EB BV316 DN25" and "eb-bv-316-dn-25".
            rests.setdefault(runs[0], []).append(
                "".join(r"[\s_./-]?" + re.escape(r) for r in runs[1:])
            )
    models = tuple(
        _Pat(
            re.compile(
                rf"{re.escape(first)}(?<![a-z0-9]{re.escape(first)})"
                rf"(?:{'|'.join(sorted(alts, key=len, reverse=True))})(?![a-z0-9])"
            ),
            -1,
            (first,),
            False,
        )
        for first, alts in rests.items()
    )
    terms: list[tuple[_Pat, str]] = []
    for item in items:
        for term in (item.name, *item.keywords):
            words = term.lower().split()
            if not words:
                continue
            # Word boundaries only on a Latin edge: "316球阀" is still a ball valve.
            first = re.escape(words[0])
            if words[0][0].isascii():
                first += rf"(?<![a-z0-9]{re.escape(words[0])})"
            pattern = r"\s+".join([first, *(re.escape(w) for w in words[1:])])
            if term[-1].isascii() and term[-1].isalpha():
                pattern += r"(?:e?s)?"  # "ball valves"
            if term[-1].isascii():
                pattern += r"(?![a-z0-9])"
            terms.append((_Pat(re.compile(pattern), -1, (words[0],), False), item.name))
    return _Catalogue(models, model_of, tuple(terms))


def _match_catalogue(
    catalogue: _Catalogue, text: _Text
) -> tuple[tuple[str, ...], tuple[str, ...], list[tuple[int, int]]]:
    products: list[str] = []
    models: list[str] = []
    blanks: list[tuple[int, int]] = []
    for pat in catalogue.models:
        if not pat.open(text):
            continue
        # Every occurrence, not the first few: each is blanked below.
        for match in pat.pattern.finditer(text.lower):
            key = _NOT_ALNUM.sub("", match.group(0))
            product, model = catalogue.model_of.get(key, ("", ""))
            if model and model not in models:
                models.append(model)
            if product and product not in products:
                products.append(product)
            blanks.append(match.span())
    # The model number already says its size and material; it is blanked so that "DN25" in
    # "EB-BV316-DN25" is not counted again as a separate specification.
    blanks.sort()
    named: list[tuple[int, str]] = []
    for pat, product in catalogue.terms:
        if product in products:
            continue
        first = pat.search(text)
        if first is not None:
            named.append((first.start(), product))
    for _, product in sorted(named):
        if product not in products:
            products.append(product)
    return tuple(products), tuple(models), blanks


def _quantities(text: _Text) -> tuple[tuple[str, ...], list[str]]:
    found: list[str] = []
    body_types: list[str] = []
    for match in _QTY_UNIT.finditer(text):
        number = match.group("n")
        if number in ("1", "2", "3") and _is_body(match, text):
            body_types.append(f"{number}PC")
            continue
        found.append(_squeeze(text.span(match)))
    found.extend(_squeeze(text.span(m)) for m in _QTY_LABEL.matches(text))
    found.extend(_squeeze(text.span(m)) for m in _QTY_CONTAINER.finditer(text))
    return _dedupe(found), body_types


def _is_body(match: re.Match[str], text: _Text) -> bool:
    """Whether a small count of pieces names the valve's body construction ("2 pc ball valve")."""
    unit = match.group("u")
    if unit in _ROMANCE_PIECES:
        return True
    if unit not in ("pc", "pcs", "pieces", "piece"):
        return False
    if _PIECE_BODY.match(text.raw, match.end()):
        return True
    if not _TIGHT_PC.match(text.raw, match.start("n") + len(match.group("n")) - 1):
        return False
    line_start = text.raw.rfind("\n", 0, match.start()) + 1
    line_end = text.raw.find("\n", match.end())
    line = text.raw[line_start : line_end if line_end >= 0 else len(text.raw)]
    return "ball valve" in " ".join(line.lower().split())


def _incoterms(text: _Text) -> list[str]:
    out: list[str] = []
    for match in _INCOTERM.matches(text):
        word = text.span(match).upper()
        out.append("EXW" if "WORKS" in word else word)
    return out


def _first(groups: tuple[_Group, ...], text: _Text) -> re.Match[str] | None:
    return next((m for group in _opened(groups, text) if (m := group.first(text))), None)


def _all_matches(groups: tuple[_Group, ...], text: _Text) -> list[re.Match[str]]:
    """Every group's matches, group after group."""
    return [m for group in _opened(groups, text) for m in group.matches(text)]


def _opened(groups: tuple[_Group, ...], text: _Text) -> list[_Group]:
    """The groups any of whose patterns' triggers occur, in order: most groups are closed for
    any one text, and a set test here costs less than a call to each group."""
    opened = text.open
    return [group for group in groups if not group.indexes.isdisjoint(opened)]


# "within 30 days" is a lead time only when it is about the goods: "payment within 30 days
# net", "balance within 30 days", "L/C to be opened within 15 days" and "please reply within 3
# days" are terms of payment and deadlines. The nearest of these words before it in its clause
# decides; with none, "net" or "after receipt of invoice" after it does.
_WITHIN_CONTEXT = re.compile(
    r"\b(?:(?P<other>pay\w*|paid|net|credit|invoice\w*|balance|deposit|l/c|lc|t/t|tt|pi"
    r"|proforma|documents|repl\w*|respond\w*|answer\w*|revert|confirm\w*|quot\w*|offer\w*"
    r"|valid\w*)|deliver\w*|ship\w*|dispatch\w*|lead|ready|production|arriv\w*|goods)\b"
)
_PAYMENT_AFTER = re.compile(
    r"\s*(?:net\b|(?:after|of|from)\s+(?:the\s+)?(?:date\s+of\s+|receipt\s+of\s+(?:the\s+)?)?"
    r"invoice)"
)
_CLAUSE_REACH = 60


def _delivery(text: _Text) -> re.Match[str] | None:
    """The first delivery time asked for, passing over "within N days" of payment or reply."""
    lower = text.lower
    for match in _all_matches(_DELIVERY, text):
        if not lower.startswith("within", match.start()):
            return match
        start = match.start()
        before = lower[max(0, start - _CLAUSE_REACH) : start]
        clause = re.split(r"[.,;!?\n]", before)[-1]
        words = _WITHIN_CONTEXT.findall(clause)
        if words:
            if not words[-1]:  # the nearest word is about the goods
                return match
            continue
        if _PAYMENT_AFTER.match(lower, match.end()) is None:
            return match
    return None


# A delivery term named without a value after it is a question about ours: "and delivery
# time.", "lead time?", "交期多久？"; "Delivery time: 30 days", "交期30天" give one.
_DELIVERY_TERM = re.compile(
    r"(?:delivery|lead)[\s-]?(?:time|date|schedule|period)|交期|交货期|交货时间|货期|发货时间"
)
_TERM_VALUE = re.compile(r"[ \t]*(?:[:：=]|(?:is|of|about|approx\.?|around|within)?[ \t]*\d)")


def _asks_only(text: _Text, delivery: re.Match[str]) -> bool:
    """Whether the delivery finding only names the term, asking for our delivery time."""
    if _DELIVERY_TERM.fullmatch(delivery.group()) is None:
        return False
    return _TERM_VALUE.match(text.lower, delivery.end()) is None


def _port(text: _Text) -> str | None:
    for group in _opened(_PORT_GROUPS, text):
        for match in group.matches(text):
            words = text.span(match, "p").split()
            if words[0].lower() in _PORT_STOP:
                continue
            # "CIF LAGOS ASAP", "port of Hamburg please": the place is the first word then.
            return " ".join(words if words[-1].lower() not in _PORT_STOP else words[:1])
    return None


def _drawing(attachments: tuple[Attachment, ...], text: _Text) -> str | None:
    for attachment in attachments:
        if _DRAWING_FILE.search(attachment.filename):
            return f"attached: {attachment.filename}"
    if attachments:
        mention = _DRAWING_TEXT.first(text)
        if mention:
            return text.span(mention)
    return None


def _language(text: _Text) -> str:
    if text.n_words == 0 and text.is_ascii:
        return "other"
    han = text.han
    if han >= 4 and han * 4 >= text.n_letters:
        return "zh"
    if text.n_letters < han or text.n_words == 0:
        return "other"
    # About one word in five of English prose is one of these; other languages hardly use them.
    return "en" if text.n_common * 10 >= text.n_sample else "other"


def _squeeze(text: str) -> str:
    return " ".join(text.split())


@lru_cache(maxsize=1024)
def _norm(text: str) -> str:
    collapsed = _squeeze(text)
    # "DN 50" and "DN50", "pn16" and "PN 16" are the same detail.
    return _CODE_SPACE.sub(r"\1", collapsed).upper()


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _text(text: _Text, match: re.Match[str] | None) -> str | None:
    return " ".join(text.span(match).split()) if match else None


def _negated(text: _Text, match: re.Match[str]) -> bool:
    return _NEGATION.search(text.lower, max(0, match.start() - 30), match.start()) is not None


def _quote(text: _Text, match: re.Match[str] | None) -> str:
    return clip(f"“{' '.join(text.span(match).split())}”") if match else ""


def _join(label: str, values: tuple[str, ...]) -> str:
    return clip(f"{label}: " + ", ".join(values)) if values else ""
