"""Request signals: how specific the sender's request is.

A real buyer names our products and model numbers, a quantity, sizes and materials, an
incoterm and a port, certificates they need and when they need the goods. A fake buyer asks for
"your catalogue and price list" and nothing more. Only the sender's own text counts (and the
subject unless it is a reply's): a buyer answering our quote must not inherit our specs.

This module is the analysis: ``analyze`` reads the flow top to bottom, its helpers follow. The
words and patterns it looks for are in ``request_terms`` (edit wording there); the machinery
that runs them fast (trigger-gated patterns, text folding) is in ``request_scan``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from tradetriage.mail.records import Attachment, ParsedMessage
from tradetriage.signals.base import CatalogueItem, Context, Finding, Findings, SignalSpec, clip
from tradetriage.signals.request_scan import GatedPattern, PatternGroup, ScanText, fold
from tradetriage.signals.request_terms import (
    CERT_GROUPS,
    DELIVERY,
    DRAWING_FILE,
    DRAWING_TEXT,
    GENERIC,
    HS,
    INCOTERM,
    INCOTERM_ALIASES,
    MONEY,
    NEGATION,
    ORDER,
    PIECE_BODY,
    PORT_GROUPS,
    PORT_STOP,
    QTY_CONTAINER,
    QTY_LABEL,
    QTY_UNIT,
    ROMANCE_PIECES,
    SPEC_GROUPS,
    TIGHT_PC,
)
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


@dataclass(frozen=True, slots=True)
class _Catalogue:
    # One per first run of the model numbers ("eb" of "EB-BV316-DN25").
    models: tuple[GatedPattern, ...]
    model_of: dict[str, tuple[str, str]]  # normalised model -> (product, model as written)
    terms: tuple[tuple[GatedPattern, str], ...]  # each product name and keyword, with its product


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """What the sender asks for, how precisely, and in which language."""
    sender = msg.from_[0].addr if msg.from_ else ""
    own = regions(msg.body_text, quoted_ours(sender, ctx.our_domains)).own[:_MAX_CHARS]
    subject = "" if _is_reply(msg) else msg.subject
    whole = ScanText(fold(f"{subject}\n{own}" if subject else own))

    products, models, blanks = _match_catalogue(_compile_catalogue(ctx.catalogue), whole)
    body = whole.blanked(blanks) if blanks else whole
    quantities, qty_specs = _quantities(body)
    specs = _dedupe(qty_specs + [_norm(body.span(m)) for m in _all_matches(SPEC_GROUPS, body)])
    incoterms = _dedupe(INCOTERM_ALIASES.get(t, t) for t in _incoterms(body))
    price = _first(MONEY, body)
    delivery = _delivery(body)
    port = _port(body)
    certs = _dedupe(_norm(body.span(m)) for m in _all_matches(CERT_GROUPS, body))
    hs = HS.first(body)
    hs_code = hs.group("c") if hs else None
    drawing = _drawing(msg.attachments, body)
    generic = _first(GENERIC, body)
    order = next((m for m in _all_matches(ORDER, body) if not _negated(body, m)), None)

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
        GatedPattern(
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
    terms: list[tuple[GatedPattern, str]] = []
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
            terms.append((GatedPattern(re.compile(pattern), -1, (words[0],), False), item.name))
    return _Catalogue(models, model_of, tuple(terms))


_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def _match_catalogue(
    catalogue: _Catalogue, text: ScanText
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


def _quantities(text: ScanText) -> tuple[tuple[str, ...], list[str]]:
    found: list[str] = []
    body_types: list[str] = []
    for match in QTY_UNIT.finditer(text):
        number = match.group("n")
        if number in ("1", "2", "3") and _is_body(match, text):
            body_types.append(f"{number}PC")
            continue
        found.append(_squeeze(text.span(match)))
    found.extend(_squeeze(text.span(m)) for m in QTY_LABEL.matches(text))
    found.extend(_squeeze(text.span(m)) for m in QTY_CONTAINER.finditer(text))
    return _dedupe(found), body_types


def _is_body(match: re.Match[str], text: ScanText) -> bool:
    """Whether a small count of pieces names the valve's body construction ("2 pc ball valve")."""
    unit = match.group("u")
    if unit in ROMANCE_PIECES:
        return True
    if unit not in ("pc", "pcs", "pieces", "piece"):
        return False
    if PIECE_BODY.match(text.raw, match.end()):
        return True
    if not TIGHT_PC.match(text.raw, match.start("n") + len(match.group("n")) - 1):
        return False
    line_start = text.raw.rfind("\n", 0, match.start()) + 1
    line_end = text.raw.find("\n", match.end())
    line = text.raw[line_start : line_end if line_end >= 0 else len(text.raw)]
    return "ball valve" in " ".join(line.lower().split())


def _incoterms(text: ScanText) -> list[str]:
    out: list[str] = []
    for match in INCOTERM.matches(text):
        word = text.span(match).upper()
        out.append("EXW" if "WORKS" in word else word)
    return out


def _first(groups: tuple[PatternGroup, ...], text: ScanText) -> re.Match[str] | None:
    return next((m for group in _opened(groups, text) if (m := group.first(text))), None)


def _all_matches(groups: tuple[PatternGroup, ...], text: ScanText) -> list[re.Match[str]]:
    """Every group's matches, group after group."""
    return [m for group in _opened(groups, text) for m in group.matches(text)]


def _opened(groups: tuple[PatternGroup, ...], text: ScanText) -> list[PatternGroup]:
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


def _delivery(text: ScanText) -> re.Match[str] | None:
    """The first delivery time asked for, passing over "within N days" of payment or reply."""
    lower = text.lower
    for match in _all_matches(DELIVERY, text):
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


def _asks_only(text: ScanText, delivery: re.Match[str]) -> bool:
    """Whether the delivery finding only names the term, asking for our delivery time."""
    if _DELIVERY_TERM.fullmatch(delivery.group()) is None:
        return False
    return _TERM_VALUE.match(text.lower, delivery.end()) is None


def _port(text: ScanText) -> str | None:
    for group in _opened(PORT_GROUPS, text):
        for match in group.matches(text):
            words = text.span(match, "p").split()
            if words[0].lower() in PORT_STOP:
                continue
            # "CIF LAGOS ASAP", "port of Hamburg please": the place is the first word then.
            return " ".join(words if words[-1].lower() not in PORT_STOP else words[:1])
    return None


def _drawing(attachments: tuple[Attachment, ...], text: ScanText) -> str | None:
    for attachment in attachments:
        if DRAWING_FILE.search(attachment.filename):
            return f"attached: {attachment.filename}"
    if attachments:
        mention = DRAWING_TEXT.first(text)
        if mention:
            return text.span(mention)
    return None


def _language(text: ScanText) -> str:
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


_CODE_SPACE = re.compile(r"\b(DN|PN|NPS|SS|SUS|AISI|class)\s(?=\d)", re.IGNORECASE)


@lru_cache(maxsize=1024)
def _norm(text: str) -> str:
    collapsed = _squeeze(text)
    # "DN 50" and "DN50", "pn16" and "PN 16" are the same detail.
    return _CODE_SPACE.sub(r"\1", collapsed).upper()


def _dedupe(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def _text(text: ScanText, match: re.Match[str] | None) -> str | None:
    return " ".join(text.span(match).split()) if match else None


def _negated(text: ScanText, match: re.Match[str]) -> bool:
    return NEGATION.search(text.lower, max(0, match.start() - 30), match.start()) is not None


def _quote(text: ScanText, match: re.Match[str] | None) -> str:
    return clip(f"“{' '.join(text.span(match).split())}”") if match else ""


def _join(label: str, values: tuple[str, ...]) -> str:
    return clip(f"{label}: " + ", ".join(values)) if values else ""
