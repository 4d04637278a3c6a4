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

from tradetriage.mail.records import Attachment, ParsedMessage
from tradetriage.signals.base import CatalogueItem, Context, Finding, Findings, SignalSpec
from tradetriage.signals.signature import regions

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
    SignalSpec("request.language", "str", "language of the sender's text: en, zh or other"),
)

# Detail is near the top (real inquiries rarely run past 1.5 KB); a pasted document or a
# long newsletter should not cost more. Fraud and phishing cues read as far (phrases.SCAN_CHARS).
_MAX_CHARS = 3_000
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv|antw|wg|fw|fwd|回复|答复|转发)\s*[:：]", re.I)


# A pattern may start this far before a trigger word and end this far after it (unless its
# gate says otherwise): each runs only in windows around the first occurrences of its
# triggers, never over the whole text.
_BACK = 25
_FORWARD = 35
_MAX_OCCURRENCES = 5


@dataclass(frozen=True, slots=True)
class _Gated:
    """A regex that can only match near one of its trigger words (or, for symbols and
    Chinese, trigger substrings). Set look-ups and ``str.find`` cost a fraction of a regex
    scan, most mail holds none of the triggers, and where it does the regex reads only a
    window around each, so grading stays fast on long and on trigger-dense mail alike."""

    words: frozenset[str]
    substrings: tuple[str, ...]
    ascii_substrings: tuple[str, ...]
    pattern: re.Pattern[str]
    back: int = _BACK
    forward: int = _FORWARD
    left_only: bool = False  # triggers need a word boundary on their left side only

    def open(self, text: _Text) -> bool:
        """Whether any trigger occurs in the text at all."""
        if not self.words.isdisjoint(text.words):
            return True
        # Most triggers that are not ASCII words are Chinese: an ASCII text cannot hold them.
        subs = self.ascii_substrings if text.is_ascii else self.substrings
        return any(s in text.lower for s in subs)

    def spans(self, text: _Text) -> list[tuple[int, int]]:
        """The merged windows of ``text`` the pattern may match in, in text order."""
        if not text.aligned:  # lower-casing moved offsets: fall back to a full scan
            return [(0, len(text.raw))] if self.open(text) else []
        hits: list[tuple[int, int]] = []
        for word in self.words.intersection(text.words):
            hits.extend(text.occurrences(word, "left" if self.left_only else "word"))
        for sub in self.ascii_substrings if text.is_ascii else self.substrings:
            if sub in text.lower:
                # Only a Latin edge has a boundary: "316球阀" is still a ball valve.
                latin = self.left_only and sub[0].isascii() and sub[0].isalnum()
                hits.extend(text.occurrences(sub, "left" if latin else "any"))
        if not hits:
            return []
        hits.sort()
        spans: list[list[int]] = []
        back, forward = self.back, self.forward
        for start, end in hits:
            lo, hi = start - back, end + forward
            if spans and lo <= spans[-1][1]:
                spans[-1][1] = max(hi, spans[-1][1])
            else:
                spans.append([lo, hi])
        return [text.snap(lo, hi) for lo, hi in spans]

    def finditer(self, text: _Text) -> Iterator[re.Match[str]]:
        """Every match, in text order, each once."""
        for lo, hi in self.spans(text):
            yield from self.pattern.finditer(text.raw, lo, hi)

    def search(self, text: _Text) -> re.Match[str] | None:
        """The first match in text order."""
        for lo, hi in self.spans(text):
            match = self.pattern.search(text.raw, lo, hi)
            if match:
                return match
        return None


# Every byte that is not a lower-case ASCII letter becomes a space: split() then yields the
# letter runs at C speed (a regex findall costs several times more).
_LETTER_RUNS = bytes.maketrans(
    bytes(range(256)), bytes(c if 97 <= c <= 122 else 32 for c in range(256))
)
_SNAP = 20  # how far a window edge moves to reach the edge of a word or number


class _Text:
    """The text under analysis, lower-cased once and split into its ASCII letter words once;
    trigger positions are found on demand and remembered."""

    __slots__ = (
        "_found",
        "aligned",
        "is_ascii",
        "lower",
        "n_common",
        "n_letters",
        "n_words",
        "raw",
        "words",
    )  # fmt: skip

    def __init__(self, raw: str, lower: str) -> None:
        self.raw = raw
        self.lower = lower
        tokens = lower.encode("ascii", "replace").translate(_LETTER_RUNS).decode().split()
        self.words = frozenset(tokens)
        self.n_words = len(tokens)
        self.n_common = sum(map(_EN_WORDS.__contains__, tokens))  # common English words
        self.n_letters = sum(map(len, tokens))  # ASCII letters
        self.is_ascii = raw.isascii()
        self.aligned = len(lower) == len(raw)
        self._found: dict[tuple[str, str], list[tuple[int, int]]] = {}

    @classmethod
    def of(cls, raw: str) -> _Text:
        """The text, lower-cased and indexed."""
        return cls(raw, raw.lower())

    def blanked(self, raw: str) -> _Text:
        """The same text with some parts blanked out by spaces (offsets unchanged). The word
        set stays valid as a gate: blanking only removes words."""
        text = _Text.__new__(_Text)
        text.raw, text.lower = raw, raw.lower()
        text.words, text.n_words, text.n_common = self.words, self.n_words, self.n_common
        text.n_letters, text.is_ascii = self.n_letters, self.is_ascii
        text.aligned = self.aligned and len(raw) == len(self.raw)
        text._found = {}
        return text

    def occurrences(self, trigger: str, mode: str) -> list[tuple[int, int]]:
        """Spans of the first occurrences of ``trigger`` in the lower-cased text; ``mode``
        "word" wants no ASCII letter on either side, "left" no letter or digit before,
        "any" anything."""
        key = (trigger, mode)
        known = self._found.get(key)
        if known is not None:
            return known
        text, size, end = self.lower, len(trigger), len(self.lower)
        found: list[tuple[int, int]] = []
        pos = text.find(trigger)
        while pos >= 0 and len(found) < _MAX_OCCURRENCES:
            after = pos + size
            if mode == "any" or (
                (pos == 0 or not _joins(text[pos - 1], mode))
                and (mode == "left" or after == end or not "a" <= text[after] <= "z")
            ):
                found.append((pos, after))
            pos = text.find(trigger, after)
        self._found[key] = found
        return found

    def snap(self, lo: int, hi: int) -> tuple[int, int]:
        """A window widened to the spaces around it (at most ``_SNAP`` characters), so no
        match starts or ends in the middle of a word or number."""
        raw, size = self.raw, len(self.raw)
        lo, hi = max(0, lo), min(size, hi)
        if lo and not raw[lo - 1].isspace():
            lo = max(raw.rfind(" ", lo - _SNAP, lo), raw.rfind("\n", lo - _SNAP, lo), lo - _SNAP, 0)
        if hi < size and not raw[hi].isspace():
            ends = [
                e for e in (raw.find(" ", hi, hi + _SNAP), raw.find("\n", hi, hi + _SNAP)) if e >= 0
            ]
            hi = min(ends) if ends else min(size, hi + _SNAP)
        return lo, hi


def _joins(char: str, mode: str) -> bool:
    # A model number's first run ("EB" of "EB-BV316") must not continue a longer token.
    return "a" <= char <= "z" or (mode == "left" and char.isdigit())


def _gate(
    triggers: str,
    pattern: str,
    flags: int = re.IGNORECASE,
    back: int = _BACK,
    forward: int = _FORWARD,
) -> _Gated:
    parts = triggers.split()
    words = frozenset(t for t in parts if t.isascii() and t.isalpha())
    substrings = tuple(t for t in parts if t not in words)
    ascii_only = tuple(t for t in substrings if t.isascii())
    compiled = re.compile(pattern, flags)
    return _Gated(words, substrings, ascii_only, compiled, back, forward)


_NUM = r"\d{1,3}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d+(?:\.\d+)?"
_QTY_UNIT = _gate(
    "pcs pc piece pieces set sets unit units nos pair pairs ton tons tonne tonnes mt meter meters"
    " metre metres kg kgs carton cartons pallet pallets container containers lot lots"
    " 个 台 套 件 只 吨 米 箱 支",
    rf"(?<![\w.,])(?P<n>{_NUM})\s*(?:x\s*)?"
    r"(?P<u>pcs|pc|pieces?|sets?|units?|nos|pairs?|tons?|tonnes?|mt|meters?|metres?|kgs?"
    r"|cartons?|pallets?|containers?|lots?|个|台|套|件|只|吨|米|箱|支)(?![A-Za-z])",
)
_QTY_LABEL = _gate(
    "qty quantity q 数量 订量 采购量",
    rf"(?:\bqty|\bquantity|\bq'ty|数量|订量|采购量)\s*(?:of\s*)?[:：.]?\s*(?:{_NUM})",
)
_QTY_CONTAINER = _gate("ft gp hq hc", r"\b\d+\s*[x×]\s*(?:20|40)\s*'?\s*(?:ft|gp|hq|hc)\b")
# "2 pc ball valve" is a body construction, not an order quantity.
_PIECE_BODY = re.compile(r"\s*(?:body|type|ball|valve|design|construction)", re.IGNORECASE)

_SPEC_PATTERNS = (
    _gate("dn", r"\bDN\s?\d{1,4}\b"),
    _gate("pn", r"\bPN\s?\d{1,3}\b"),
    _gate("nps", r"\bNPS\s?\d+(?:[./]\d+)?"),
    _gate("class", r"\bclass\s?(?:125|150|300|600|900|1500|2500)\b"),
    _gate("lb lbs #", r"\b(?:150|300|600|900|1500)\s?(?:lbs?|#)(?!\w)"),
    _gate(
        "\" '' inch inches 寸",
        r"(?<![\w/.\"'])(?:\d+\s?-\s?)?\d+(?:/\d+)?\s?(?:\"|''|inch(?:es)?\b|寸)",
    ),
    _gate("ss aisi sus", r"\b(?:SS|AISI|SUS)\s?-?\s?(?:304|316|201|410|321)L?\b"),
    _gate("304 316", r"\b(?:304|316)L?\s*(?:stainless|s\.s\.)"),
    _gate(
        "cf wcb wcc lcb lcc a105 a351 a216 f304 f316 f51 f53",
        r"\b(?:CF8M|CF8|CF3M|CF3|WCB|WCC|LCB|LCC|A105N?|A351|A216|F304L?|F316L?|F51|F53)\b",
    ),
    _gate(
        "brass bronze iron carbon duplex",
        r"\b(?:brass|bronze|cast iron|ductile iron|carbon steel|super duplex|duplex)\b",
    ),
    _gate("ptfe rptfe peek epdm nbr viton fkm", r"\b(?:R?PTFE|PEEK|EPDM|NBR|viton|FKM)\b"),
    _gate("不锈钢 碳钢 铸铁 黄铜", r"不锈钢\s?(?:304|316)?L?|碳钢|球墨铸铁|铸铁|黄铜"),
    _gate("bar psi mpa kpa kgf", r"\b\d+(?:\.\d+)?\s?(?:bar|psi|mpa|kpa|kgf/cm2?)\b"),
    _gate("wog", r"\b\d{3,4}\s?WOG\b"),
    _gate(
        "bsp bspp bspt npt flange flanged flanges thread threaded screwed weld welded wafer lug"
        " lugged clamp raised rtj",
        r"\b(?:BSPP|BSPT|BSP|NPT|flanged?|threaded|screwed|socket[\s-]weld(?:ed)?"
        r"|butt[\s-]weld(?:ed)?|wafer|lug(?:ged)?|tri[\s-]?clamp|raised face|RTJ)\b",
    ),
    _gate("法兰 螺纹 对夹 焊接", r"法兰|螺纹|对夹|焊接"),
    _gate("° ℃ deg degree degrees", r"-?\d+\s?(?:°\s?[CF]\b|℃|deg(?:rees?)?\s?[CF]\b)"),
    _gate("temperature 温度", r"\b(?:temperature|温度)\s*[:：]?\s*-?\d+"),
    _gate(
        "actuator actuators actuated actuation operated operation",
        r"\b(?:pneumatic|electric|manual|gear|lever|handwheel)[\s-](?:actuat\w+|operat\w+)"
        r"|\bactuators?\b",
    ),
    _gate("气动 电动 手动", r"气动|电动|手动"),
    _gate("b16", r"\b(?:ANSI|ASME)\s?B16\.\d+\b"),
    _gate("din en", r"\b(?:DIN|EN)\s?\d{3,5}\b"),
    _gate("gb", r"\bGB/?T\s?\d{3,5}\b"),
    _gate("jis", r"\bJIS\s?(?:B\s?\d{4}|\d{1,2}K)\b"),
    _gate("5211", r"\bISO\s?5211\b"),
    _gate("pc", r"\b[1-3]\s?-?\s?PC\b"),
    _gate(
        "bore port floating trunnion",
        r"\b(?:full|reduced|standard)\s+(?:bore|port)\b|\bfloating\s+ball\b|\btrunnion\b",
    ),
)
_INCOTERM = _gate(
    "exw fca fas fob cfr cnf c&f cif cpt cip dap dpu ddp works exworks",
    r"(?<![A-Za-z])(?:EXW|FCA|FAS|FOB|CFR|CNF|C&F|CIF|CPT|CIP|DAP|DPU|DDP|(?i:ex[\s-]?works|fob|cif))"
    r"(?![A-Za-z])",
    0,
)
_INCOTERM_ALIASES = {"CNF": "CFR", "C&F": "CFR"}
_PORT_STOP = frozenset(
    {"our", "the", "your", "any", "nearest", "which", "what", "main", "destination", "sea",
     "air", "home", "a", "discharge", "loading", "price", "prices", "term", "terms", "basis"}
)  # fmt: skip
_PORT_PATTERNS = (
    _gate(
        "port pod delivered",
        r"\b(?:port\s+of\s+(?:destination|discharge)?\s*[:：]?\s*|destination\s+port\s*(?:is|[:：])?"
        r"\s*|discharge\s+port\s*(?:is|[:：])?\s*|POD\s*[:：]\s*|delivered\s+to\s+)"
        r"(?P<p>[A-Z][A-Za-z-]+(?:\s[A-Z][A-Za-z-]+)?)",
        forward=70,
    ),
    _gate(
        "cif cfr cnf c&f dap ddp dpu cpt cip",
        r"\b(?:CIF|CFR|CNF|C&F|DAP|DDP|DPU|CPT|CIP)\s+(?P<p>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)",
        0,
    ),
    _gate(
        "port seaport", r"\b(?:to|at|via|into)\s+(?P<p>[A-Z][a-z]+)\s+(?:sea)?port\b", 0, back=40
    ),
    _gate("目的港", r"目的港\s*[:：为是]?\s*(?P<p>[\u4e00-\u9fffA-Za-z]{2,20})", 0),
    _gate("港", r"(?:到|至)(?P<p>[\u4e00-\u9fff]{2,4})港", 0),
)
# Each certificate, currency and delivery phrase is its own gated pattern: one big alternation
# would be scanned in full whenever any trigger word appears.
_CERTS = (
    _gate("iso", r"\bISO\s?(?:9001|14001|45001)(?::\s?\d{4})?", 0),
    _gate("api", r"\bAPI\s?(?:6D|6A|598|600|602|607|608|609)\b", 0),
    _gate("wras acs dvgw ktw atex ccc eac tsg", r"\b(?:WRAS|ACS|DVGW|KTW|ATEX|CCC|EAC|TSG)\b", 0),
    _gate("ped 2014/68", r"\bPED\b(?:\s?2014/68/EU)?|\b2014/68/EU\b", 0),
    _gate("nsf", r"\bNSF(?:/ANSI)?\s?61\b", 0),
    _gate("fm", r"\bFM\s+approv\w*", 0),
    _gate("ul", r"\bUL\s+(?:listed|certif\w*)", 0),
    _gate("sil", r"\bSIL\s?[1-3]\b", 0),
    _gate("10204", r"\bEN\s?10204(?:\s?3\.[12])?", 0),
    _gate("3.1", r"\b3\.1\s?(?:cert\w*|MTC)"),
    _gate("mtc", r"\bMTC\b", 0),
    _gate("mill material", r"\bmill test cert\w*|\bmaterial (?:test )?cert\w*"),
    _gate("luft", r"\bTA[\s-]Luft\b"),
    _gate("fire", r"\bfire[\s-]safe\b"),
    _gate("tüv tuv sgs", r"\bT[ÜU]V\b|\bSGS\b", 0),
    _gate("认证 检验报告 材质证明", r"认证|检验报告|材质证明", 0),
)
# No leading \b: a pattern that starts with a literal is searched for far faster; the
# character before is checked by hand.
_CE = re.compile(r"CE\b(?:\s?(?:mark(?:ing|ed)?|cert\w*|approv\w*))?")
_MONEY = (
    _gate("$ € £ ¥ ￥", r"[$€£¥￥]\s?\d[\d,]*(?:\.\d+)?", 0),
    _gate(
        "usd eur gbp rmb cny aud cad inr aed sar",
        r"\b(?:USD|US\$|EUR|GBP|RMB|CNY|AUD|CAD|INR|AED|SAR)\s?\d[\d,]*(?:\.\d+)?",
    ),
    _gate(
        "usd eur rmb cny dollar dollars euro euros",
        r"\b\d[\d,]*(?:\.\d+)?\s?(?:USD|EUR|RMB|CNY|dollars?|euros?)\b",
    ),
    _gate("元", r"\d[\d,]*(?:\.\d+)?\s?(?:元|美元|欧元)", 0),
    _gate("target budget", r"\btarget\s+price|\bour\s+budget|\bbudget\s+(?:is|of)"),
    _gate("目标价 预算", r"目标价|预算", 0),
)
_DELIVERY = (
    _gate("within", r"\bwithin\s+\d+\s*(?:working\s+|business\s+)?(?:days?|weeks?|months?)\b"),
    _gate("delivery lead", r"\b(?:delivery|lead)[\s-]?(?:time|date|schedule|period)\b"),
    _gate(
        "deliver delivered delivery ship shipment shipped",
        r"\b(?:deliver(?:ed|y)?|ship(?:ment|ped)?)\s+(?:by|before|in)\s+(?:the\s+)?(?:end\s+of\s+)?"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|next|this|week|month)\w*",
        forward=50,
    ),
    _gate("etd eta", r"\bET[DA]\b", 0),
    _gate("交期 交货 货期 发货 天内", r"交期|交货期|交货时间|货期|发货时间|\d+\s*天内", 0),
)
_HS = _gate(
    "hs hts h.s. 海关编码 商品编码",
    r"\b(?:HS|H\.S\.|HTS)\s*(?:code|no\.?|number)?\s*[:：#]?\s*(?P<c>\d{4}(?:[.\s]?\d{2}){1,3})\b"
    r"|(?:海关编码|HS编码|商品编码)\s*[:：]?\s*(?P<z>\d{4}[.\d]{0,8})",
    forward=45,
)
_DRAWING_FILE = re.compile(
    r"\.(?:dwg|dxf|step|stp|igs|iges|sldprt|x_t)$|drawing|datasheet|data[\s_-]sheet|图纸",
    re.IGNORECASE,
)
_DRAWING_TEXT = _gate(
    "attached 附件",
    r"\battached\b.{0,40}\b(?:drawings?|datasheets?|specifications?|technical)\b"
    r"|\b(?:drawings?|datasheets?)\b.{0,20}\battached\b|附件.{0,10}图纸|图纸.{0,10}附件",
    back=45,
    forward=70,
)
_GENERIC = (
    _gate(
        "catalog catalogs catalogue catalogues pricelist list lists brochure brochures profile",
        r"\b(?:send|provide|forward|share|email|mail|furnish|give)\b.{0,40}"
        r"\b(?:catalog(?:ue)?s?|price\s?lists?|product\s+lists?|company\s+profile|brochures?"
        r"|quotation\s+list)\b"
        r"|\b(?:latest|full|complete|your)\s+(?:catalog(?:ue)?|price\s?list|product\s+list)\b"
        r"|\bcatalog(?:ue)?s?\s+(?:or|and|&)\s+price\s?lists?",
        back=80,
    ),
    _gate(
        "interested best lowest cheapest competitive supply supplying hot wholesale trial",
        r"\binterested\s+in\s+(?:some\s+of\s+|all\s+)?(?:your|ur)\s+(?:hot[\s-]selling\s+)?products?\b"
        r"|\b(?:your|the)\s+(?:best|lowest|cheapest|competitive)\s+(?:price|offer|quote)"
        r"|\bsupply(?:ing)?\s+(?:of\s+)?(?:us\s+with\s+)?(?:your|ur)\s+(?:company(?:'s)?\s+)?products"
        r"|\bhot[\s-]selling\s+products?|\bwholesale\s+(?:quote|price)|\btrial\s+order",
        forward=70,
    ),
    _gate(
        "目录 报价单 价格表 价目表 感兴趣 最低价 最好的价格 最优惠的价格",
        r"(?:发|发送|提供)(?:一下|一份)?(?:你们的|贵司的|贵公司的)?(?:产品)?(?:目录|报价单|价格表|价目表)"
        r"|目录和价格表|对(?:贵司|贵公司|你们)的?产品(?:很|非常)?感兴趣|最低价|最好的价格|最优惠的价格",
        0,
    ),
)
_NOT_ALNUM = re.compile(r"[^a-z0-9]")
_CODE_SPACE = re.compile(r"\b(DN|PN|NPS|SS|SUS|AISI|class)\s(?=\d)", re.IGNORECASE)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# Words frequent in any English text; their share tells English from other Latin-script text.
_EN_WORDS = frozenset(
    {"the", "and", "to", "of", "we", "you", "your", "our", "please", "for", "is", "are", "in",
     "with", "this", "will", "can", "us", "be", "that", "it", "on", "as", "have", "would",
     "from", "an", "at", "by", "if", "not", "or", "my", "me", "i", "a"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Catalogue:
    models: _Gated | None  # gated by the first run of every model ("eb" of "EB-BV316-DN25")
    model_of: dict[str, tuple[str, str]]  # normalised model -> (product, model as written)
    terms: _Gated | None  # gated by the first word of every name and keyword
    term_product: tuple[str, ...]  # group index t<i> -> product name


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """What the sender asks for, how precisely, and in which language."""
    own = regions(msg.body_text).own[:_MAX_CHARS]
    subject = "" if _REPLY_SUBJECT.match(msg.subject) else msg.subject
    whole = _Text.of(f"{subject}\n{own}" if subject else own)

    products, models, rest = _match_catalogue(_compile_catalogue(ctx.catalogue), whole)
    body = whole.blanked(rest) if rest is not whole.raw else whole
    quantities, qty_specs = _quantities(body)
    specs = _dedupe(
        qty_specs + [_norm(m.group(0)) for p in _SPEC_PATTERNS for m in p.finditer(body)]
    )
    incoterms = _dedupe(_INCOTERM_ALIASES.get(t, t) for t in _incoterms(body))
    price = _first(_MONEY, body)
    delivery = _first(_DELIVERY, body)
    port = _port(body)
    certs = _dedupe(_norm(m.group(0)) for m in _certifications(body))
    hs = _HS.search(body)
    hs_code = (hs.group("c") or hs.group("z")) if hs else None
    drawing = _drawing(msg.attachments, body)
    generic = _first(_GENERIC, body)

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
    # Naming a product category is cheap (any scraper can read our website); "only generic"
    # means nothing beyond it.
    detail = [k for k in given if k != "products"]
    is_generic = generic is not None and not detail
    language = _language(whole)

    return {
        "request.products": Finding(products, _join("products", products)),
        "request.models": Finding(models, _join("models", models)),
        "request.quantities": Finding(quantities, _join("quantity", quantities)),
        "request.specs": Finding(specs, _join("specs", specs)),
        "request.incoterms": Finding(incoterms, _join("incoterms", incoterms)),
        "request.target_price": Finding(price is not None, _quote(price)),
        "request.delivery": Finding(_text(delivery), _quote(delivery)),
        "request.port": Finding(port, f"port: {port}" if port else ""),
        "request.certifications": Finding(certs, _join("certificates", certs)),
        "request.hs_code": Finding(hs_code, f"HS code {hs_code}" if hs_code else ""),
        "request.drawings": Finding(drawing is not None, _clip(drawing or "")),
        "request.generic": Finding(is_generic, _quote(generic) if is_generic else ""),
        "request.specificity": Finding(len(given), _clip(", ".join(given) or "no specific detail")),
        "request.language": Finding(language, ""),
    }


@lru_cache(maxsize=16)
def _compile_catalogue(items: tuple[CatalogueItem, ...]) -> _Catalogue:
    """One regex for all model numbers, one for all names and keywords (cached per catalogue)."""
    model_of: dict[str, tuple[str, str]] = {}
    model_alts: list[str] = []
    gate_words: list[str] = []
    for item in items:
        for model in item.models:
            runs = re.findall(r"[A-Za-z]+|\d+", model)
            if not runs:
                continue
            model_of["".join(runs).lower()] = (item.name, model)
            # Hyphens, spaces, dots or nothing between the parts: "EB-BV316-DN25" is also
            # written "EBBV316DN25", "EB BV316 DN25" and "eb-bv-316-dn-25".
            model_alts.append(r"[\s_./-]?".join(re.escape(r) for r in runs))
            gate_words.append(runs[0].lower())
    term_product: list[str] = []
    term_alts: list[str] = []
    term_words: list[str] = []
    for item in items:
        for term in (item.name, *item.keywords):
            if not term.strip():
                continue
            pattern = r"\s+".join(re.escape(w) for w in term.split())
            if term[-1].isascii() and term[-1].isalpha():
                pattern += r"(?:e?s)?"  # "ball valves"
            # Word boundaries only on a Latin edge: "316球阀" is still a ball valve.
            if term[0].isascii():
                pattern = r"(?<![A-Za-z0-9])" + pattern
            if term[-1].isascii():
                pattern += r"(?![A-Za-z0-9])"
            term_alts.append(f"(?P<t{len(term_product)}>{pattern})")
            term_words.append(term.split()[0].lower())
            term_product.append(item.name)
    models = _bounded(sorted(model_alts, key=len, reverse=True))
    terms = "|".join(term_alts)
    return _Catalogue(
        _anchored(gate_words, models) if models else None,
        model_of,
        _anchored(term_words, terms) if terms else None,
        tuple(term_product),
    )


def _anchored(starts: list[str], pattern: str) -> _Gated:
    # Triggers are substrings with a left word edge: "EBBV316DN25" starts with "eb" but holds
    # no word "eb", and "ball valves" starts with "ball" followed by more letters.
    subs = tuple(dict.fromkeys(starts))
    ascii_subs = tuple(t for t in subs if t.isascii())
    compiled = re.compile(pattern, re.IGNORECASE)
    return _Gated(frozenset(), subs, ascii_subs, compiled, 0, 40, left_only=True)


def _bounded(alternatives: list[str]) -> str:
    if not alternatives:
        return ""
    body = "|".join(alternatives)
    return rf"(?<![A-Za-z0-9])(?:{body})(?![A-Za-z0-9])"


def _match_catalogue(
    catalogue: _Catalogue, text: _Text
) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    products: list[str] = []
    models: list[str] = []
    rest = text.raw
    if catalogue.models is not None:
        blanks: list[tuple[int, int]] = []
        for match in catalogue.models.finditer(text):
            key = _NOT_ALNUM.sub("", match.group(0).lower())
            product, model = catalogue.model_of.get(key, ("", ""))
            if model and model not in models:
                models.append(model)
            if product and product not in products:
                products.append(product)
            blanks.append(match.span())
        # The model number already says its size and material; blank it so that "DN25" in
        # "EB-BV316-DN25" is not counted again as a separate specification. Blanks keep their
        # length: trigger offsets found in the text stay valid.
        for start, end in blanks:
            rest = rest[:start] + " " * (end - start) + rest[end:]
    if catalogue.terms is not None:
        for match in catalogue.terms.finditer(text):
            index = int((match.lastgroup or "t0")[1:])
            product = catalogue.term_product[index]
            if product not in products:
                products.append(product)
    return tuple(products), tuple(models), rest


def _quantities(text: _Text) -> tuple[tuple[str, ...], list[str]]:
    found: list[str] = []
    body_types: list[str] = []
    for match in _QTY_UNIT.finditer(text):
        unit = match.group("u").lower()
        if unit in ("pc", "pcs", "pieces", "piece") and _PIECE_BODY.match(text.raw, match.end()):
            number = match.group("n")
            if number in ("1", "2", "3"):
                body_types.append(f"{number}PC")
                continue
        found.append(_squeeze(match.group(0)))
    found.extend(_squeeze(m.group(0)) for m in _QTY_LABEL.finditer(text))
    found.extend(_squeeze(m.group(0)) for m in _QTY_CONTAINER.finditer(text))
    return _dedupe(found), body_types


def _incoterms(text: _Text) -> list[str]:
    out: list[str] = []
    for match in _INCOTERM.finditer(text):
        word = match.group(0).upper()
        out.append("EXW" if "WORKS" in word else word)
    return out


def _certifications(text: _Text) -> list[re.Match[str]]:
    found = [m for m in _CE.finditer(text.raw) if not _letter_before(text.raw, m.start())]
    for gate in _CERTS:
        found.extend(gate.finditer(text))
    return found


def _first(gates: tuple[_Gated, ...], text: _Text) -> re.Match[str] | None:
    return next((m for gate in gates if (m := gate.search(text))), None)


def _letter_before(text: str, index: int) -> bool:
    return index > 0 and text[index - 1].isalnum()


def _port(text: _Text) -> str | None:
    for pattern in _PORT_PATTERNS:
        for match in pattern.finditer(text):
            name = match.group("p").strip()
            if name.split()[0].lower() not in _PORT_STOP:
                return name
    return None


def _drawing(attachments: tuple[Attachment, ...], text: _Text) -> str | None:
    for attachment in attachments:
        if _DRAWING_FILE.search(attachment.filename):
            return f"attached: {attachment.filename}"
    if attachments:
        mention = _DRAWING_TEXT.search(text)
        if mention:
            return mention.group(0)
    return None


def _language(text: _Text) -> str:
    if text.n_words == 0 and text.is_ascii:
        return "other"
    han = 0 if text.is_ascii else len(_HAN.findall(text.raw, 0, 3000))
    if han >= 4 and han * 4 >= text.n_letters:
        return "zh"
    if text.n_letters < han or text.n_words == 0:
        return "other"
    # About one word in five of English prose is one of these; other languages hardly use them.
    return "en" if text.n_common * 10 >= text.n_words else "other"


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def _norm(text: str) -> str:
    collapsed = _squeeze(text)
    # "DN 50" and "DN50", "pn16" and "PN 16" are the same detail.
    return _CODE_SPACE.sub(r"\1", collapsed).upper()


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _text(match: re.Match[str] | None) -> str | None:
    return " ".join(match.group(0).split()) if match else None


def _quote(match: re.Match[str] | None) -> str:
    return _clip(f"“{' '.join(match.group(0).split())}”") if match else ""


def _join(label: str, values: tuple[str, ...]) -> str:
    return _clip(f"{label}: " + ", ".join(values)) if values else ""


def _clip(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
