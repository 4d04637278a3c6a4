"""Cues of fake buyers and advance-fee (419) scams, in English and Chinese.

Each signal is a fact a rule can weigh: the phrases that matched (as evidence), or a yes/no. The
wording lives in ``fraud_phrases``: *families* of phrases (inheritance, next of kin, consignment
box …), scanned by one ``Phrasebook`` (``phrases.py``: each pattern runs only near its trigger
words) over the subject and the first 3,000 characters of the body: scams state their story
early. Where the body quotes a mail of ours (its quote header names our address or a name we
sign with), only the sender's own text is scanned (``phrases.prepare``): a customer quoting our
own "urgent" or "bank details" is not a scammer. This module adds the cues wording alone does
not give: big orders, attachments, replies sent elsewhere, and the count of families fired;
where a fee or a sum is to be paid is ``payees``' business, attachment kinds ``attachments``'.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals import request
from tradetriage.signals.attachments import is_archive_attachment, is_risky_attachment
from tradetriage.signals.base import (
    Context,
    Finding,
    Findings,
    SignalSpec,
    clip,
    distinct,
    in_domains,
)
from tradetriage.signals.domain import (
    registered_domain,
    reply_to_findings,
    split_suffix,
)
from tradetriage.signals.fraud_phrases import (
    BY_THE_BUYER,
    CRYPTO_REFUSED,
    CRYPTO_REFUSED_AFTER,
    FAMILIES,
    IN_OUR_PRICE,
    PAID_BY_THE_BUYER,
    REPORTED_SCAM,
    TO_A_RECOGNISED_BODY,
)
from tradetriage.signals.payees import (
    addresses,
    fee_amount,
    fee_elsewhere,
    our_labels,
    sender_address,
    sender_domain,
    strangers_in,
    sum_to_payee,
)
from tradetriage.signals.phrases import (
    Phrasebook,
    Prepared,
    followed_everywhere,
    preceded_everywhere,
    prepare,
)

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "fraud.advance_fee",
        "list",
        "advance-fee story phrases: inheritance, next of kin, consignment box, lottery, "
        "Western Union, millions of dollars, 'risk free' …",
    ),
    SignalSpec("fraud.urgency", "list", "pressure phrases: urgent, ASAP, within 24 hours, 紧急 …"),
    SignalSpec(
        "fraud.huge_order",
        "list",
        "very large quantities or sums (or 'bulk order') without a named product in detail",
    ),
    SignalSpec(
        "fraud.samples_express",
        "list",
        "insists on samples by DHL/FedEx, at our cost, or names a courier account",
    ),
    SignalSpec(
        "fraud.meet_elsewhere",
        "list",
        "asks to meet an agent, visit an office or sign a contract in another city",
    ),
    SignalSpec(
        "fraud.odd_units", "list", "odd units for valves: tons of valves, containers of 'products'"
    ),
    SignalSpec(
        "fraud.payment_first",
        "list",
        "asks us to pay first: registration, contract, notarisation or licence fees",
    ),
    SignalSpec(
        "fraud.crypto_payment",
        "list",
        "offers to pay in crypto-currency: 'pay in USDT', 'your Bitcoin wallet address', "
        "USDT付款 …",
    ),
    SignalSpec(
        "fraud.gift_cards",
        "list",
        "asks us to buy gift cards and send their codes, as CEO fraud ends: 'buy 10 Apple gift "
        "cards', 'scratch the back', 买礼品卡, 卡密 …",
    ),
    SignalSpec(
        "fraud.fee_elsewhere",
        "list",
        "where a fee or refund asked of us goes, when that is a stranger: a third party's "
        "address (the fake buyer's 'laboratory'; not a recognised inspection body), or bank "
        "details written out for us to pay to, someone it is said to be paid 'directly' "
        "to, or one left to reach us later ('I will share their details once you confirm')",
    ),
    SignalSpec(
        "fraud.fee_amount",
        "str",
        "the sum a fee asked of us (payment_first) comes with, written beside it ('' when "
        "none): 'their charge is USD 690' (the fake buyer's fee is exact; a fee only asked "
        "about has none)",
    ),
    SignalSpec(
        "fraud.sum_to_payee",
        "list",
        "a sum of money written next to where to pay it, by a sender we never wrote to: bank "
        "details written out (not ours), another person's free-mail address, a payment page "
        "at another domain or a QR code to scan (the payees are the value; not a unit "
        "price, not our own mail)",
    ),
    SignalSpec(
        "fraud.secrecy", "list", "asks for secrecy: strictly confidential, private email, 保密 …"
    ),
    SignalSpec(
        "fraud.off_channel",
        "list",
        "cannot be called and moves the talk to a new chat account, as CEO fraud opens: 'I'm "
        "in a meeting and can't take calls', 'my new WhatsApp', 不方便接电话, 加我新微信 … (not "
        "counted in cue_count: a busy buyer writes so too)",
    ),
    SignalSpec(
        "fraud.government",
        "list",
        "invokes governments or big institutions: ministry, petroleum corporation, UN, World Bank",
    ),
    SignalSpec(
        "fraud.domain_registration",
        "list",
        "the domain-registration scam: another company wants our name as 'internet keyword and "
        "CN domain names', 'conflicts with your trademark' …",
    ),
    SignalSpec(
        "fraud.directory_listing",
        "list",
        "the directory scam: 'the update of your data is free of charge', a company entry 'for "
        "three years', 'by signing and returning the form' (FAIR Guide, business registers)",
    ),
    SignalSpec(
        "fraud.reply_to_freemail",
        "bool",
        "Reply-To sends answers to another mailbox at a free-mail provider (a header fact, "
        "not counted in cue_count: rules pair it with the cues of the text)",
    ),
    SignalSpec(
        "fraud.our_name_domains",
        "list",
        "domains made of our own domain's name under other suffixes (everbright-valve.asia, "
        "everbright-valve.hk), written by someone outside our domains: the domain-registration "
        "scam's list of what 'another company' is about to register",
    ),
    SignalSpec(
        "fraud.fake_po",
        "list",
        "attachments named like an order/PO/RFQ/invoice, a shipping document (B/L, AWB, "
        "packing list), a fax or a voice message but executable, HTML, archive or "
        "double-extension (shipping papers, faxes and voice messages: not an archive)",
    ),
    SignalSpec(
        "fraud.vague_order",
        "list",
        "fake-buyer wording: 'your products', 'desired items', 'most recent catalog', 'we would "
        "like to make a purchase' (a weak cue, not counted in cue_count)",
    ),
    SignalSpec(
        "fraud.reply_in_text",
        "list",
        "the text asks to send the quotation or reply to an address at another domain than From",
    ),
    SignalSpec(
        "fraud.cue_count",
        "int",
        "how many of the fraud cue families above fired (vague_order, reply_to_freemail, "
        "fee_elsewhere and off_channel not counted)",
    ),
)

# Evidence lists stay short; rules count phrases, a clerk reads a few.
_MAX_PHRASES = 16

_CUES = Phrasebook(FAMILIES)
# Findings a rule reads but the cue count leaves out: vague_order is too common in genuine
# inquiries; reply_to_freemail is a header fact that rules such as FRAUD_CUES_REPLY_ELSEWHERE
# pair with the count, which would otherwise fire on the header alone; fee_elsewhere only
# says more of a payment_first already counted; off_channel is a busy buyer's "on a flight,
# can't take calls, my new WhatsApp" as often as the fake boss's.
_UNCOUNTED = frozenset(
    {
        "vague_order",
        "reply_to_freemail",
        "fee_elsewhere",
        "fee_amount",
        "off_channel",
        "our_name_domains",  # the domain-registration story's list, counted as that story
    }
)

# "send your quotation to: purchase@other.nl": what is asked for, and "to" right before it.
_SEND_TO = re.compile(
    r"\b(?:send|email|e-mail|mail|forward|submit|direct|address|reply|respond|revert)(?:ed|ing)?"
    r"\b[^@]{0,50}?\b(?:quotations?|quotes?|offers?|prices?|catalog(?:ue)?s?|proforma|replies|"
    r"reply|response|correspondence|pi)\b[^@]{0,25}?\bto\b\W{0,3}$"
)
_SEND_TO_REACH = 90

# Big orders: a number, an optional multiplier and a unit; sums of money before or after.
# The first digit stands outside the alternation (same matches, same order) so that the regex
# engine can skip ahead to a digit instead of trying the alternation at every position.
_AMOUNT = r"([0-9](?:[0-9]{0,2}(?:[,. ][0-9]{3})+|[0-9]*(?:\.[0-9]+)?))"
_QTY = re.compile(
    _AMOUNT + r"\s*(k\b|thousand|million|万)?\s*"
    r"(pcs|pieces|pc|units|sets|nos|件|个|套|台|只|tons?|tonnes?|吨|mt\b|containers?|货柜|集装箱)"
)
_MONEY_BEFORE = re.compile(
    r"(?:usd|us\$|\$|eur|€|£|gbp|美元)\s?" + _AMOUNT + r"\s*(k\b|m\b|million|thousand|万)?"
)
_MONEY_AFTER = re.compile(
    _AMOUNT + r"\s*(k\b|m\b|million|thousand|万)?\s*(?:usd|us dollars|dollars|euros?|万美元|美元)"
)
_ORDER_CUES = Phrasebook(
    {
        "quantity": (
            (
                "pcs pieces pc units sets nos tons ton tonnes tonne mt containers container "
                "件 个 套 台 只 吨 货柜 集装箱",
                _QTY.pattern,
            ),
        ),
        "money_before": (("usd $ eur € £ gbp 美元", _MONEY_BEFORE.pattern),),
        "money_after": (("usd dollars euro euros 美元", _MONEY_AFTER.pattern),),
        "words": (
            (
                "large huge massive big bulk",
                r"\b(?:large|huge|massive|big|bulk) (?:quantity|quantities|volume|order|"
                r"purchase)s?\b",
            ),
            ("大量 大批量 大订单", r"大量(?:采购|订购|订单)|大批量|大订单"),
        ),
    }
)
_MULTIPLIER = {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6, "万": 1e4}
_PIECE_LIMIT = 10_000
_TON_LIMIT = 100
_CONTAINER_LIMIT = 5
_MONEY_LIMIT = 1_000_000

# Attachment names that pose as trade documents, and types such a document never has.
_TRADE_DOC = re.compile(
    r"order|(?<![a-z])po(?![a-z])|p\.o|purchase|rfq|quot|inquiry|enquiry|invoice|proforma|"
    r"(?<![a-z])pi(?![a-z])|payment|"
    r"remittance|swift|mt[ _-]?103|(?<![a-z])tt(?![a-z])|receipt|slip|"
    r"contract|订单|询价|采购|合同|发票|报价|水单|"
    # A transfer's receipt as the buyers' banks name it.
    r"comprobante|comprovante|transferencia|transferência|virement|überweisung|dekont|bonifico|"
    r"bukti.?transfer|"
    # The same papers in Spanish, Portuguese, French, German, Turkish, Russian and Arabic.
    r"(?<![a-z])(?:pedido|orden de compra|cotizaci|cotação|factura|fatura|commande|devis|"
    r"facture|bestellung|angebot|rechnung|sipariş|teklif)|"
    r"сч[её]т|заказ|договор|накладн|акт[ _]сверки|плат[её]ж|أمر شراء|أمر_شراء|فاتورة|عرض سعر",
)
_DOC_EXT = frozenset(
    ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "csv", "rtf"]
)
# Shipping papers, the other lure ("DHL AWB.iso", "B/L copy.html"), and technical papers. Not
# in an archive: a buyer's nominated forwarder zips real ones, and writes to us first.
_SHIPPING_DOC = re.compile(
    r"(?<![a-z])b[/_ .-]?l(?![a-z])|lading|waybill|(?<![a-z])awb(?![a-z])|packing.?list|"
    r"shipping|shipment|arrival.?notice|booking|(?<![a-z])bkg(?![a-z])|delivery.?order|"
    r"提单|装箱单|运单|到货通知|订舱"
    # Drawings and specifications, too: an EPC contractor zips its set of 23 drawings.
    r"|specification|drawing|图纸|技术规格"
    # A voice message or a fax, which come as sound files and PDFs ("VM_+86577…_0m47s.htm",
    # "eFax_FX2025….svg": the notice's "player" or "viewer" runs a script).
    r"|voice.?mail|voice.?message|(?<![a-z])vm[_ -]|(?<![a-z])e?fax(?![a-z])|传真|语音"
)


# Most mail has most cues empty: one shared empty finding, and each family's key made once.
_NONE = Finding(())
_NONE_STR = Finding("")
_FAMILY_KEYS = tuple((family, f"fraud.{family}") for family in FAMILIES)


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Fraud and fake-buyer cues in one message (pure; reads earlier domain/request findings)."""
    prepared = prepare(msg, ctx)
    hits = _CUES.scan(prepared)
    out: Findings = {}
    # Third parties' addresses, read once: they decide whether a recognised body named clears
    # a fee (``_no_payment_first``) and where a fee goes (``fee_elsewhere``).
    strangers = strangers_in(prepared.text, msg, ctx) if hits.get("payment_first") else None
    fees: list[str] = []  # payment_first's phrases as matched (evidence clips them)
    for family, key in _FAMILY_KEYS:
        matched = hits.get(family)
        if matched and family == "payment_first":
            matched = [
                p
                for p in matched
                if not _no_payment_first(prepared.text, p, strangers=bool(strangers))
            ]
            fees = matched
        elif matched and family == "crypto_payment":
            matched = [p for p in matched if not _refused(prepared.text, p)]
        out[key] = _phrases(family, matched) if matched else _NONE
    out["fraud.fee_elsewhere"] = fee_elsewhere(prepared, msg, ctx, strangers or [], tuple(fees))
    out["fraud.fee_amount"] = fee_amount(prepared, fees)
    out["fraud.sum_to_payee"] = sum_to_payee(prepared, msg, ctx, strangers)
    out["fraud.huge_order"] = _huge_order(msg, prepared, ctx, found)
    out["fraud.reply_to_freemail"] = _reply_to_freemail(msg, found)
    out["fraud.fake_po"] = _fake_po(msg)
    out["fraud.our_name_domains"] = _our_name_domains(prepared.text, msg, ctx)
    out["fraud.reply_in_text"] = _reply_in_text(prepared.text, msg)
    fired = sorted(
        family
        for name, f in out.items()
        if f.value and (family := name.removeprefix("fraud.")) not in _UNCOUNTED
    )
    out["fraud.cue_count"] = Finding(len(fired), ", ".join(fired))
    return out


def _refused(text: str, phrase: str) -> bool:
    """Whether a crypto payment ``phrase`` is refused or warned against, not offered."""
    return preceded_everywhere(text, phrase, CRYPTO_REFUSED) or followed_everywhere(
        text, phrase, CRYPTO_REFUSED_AFTER
    )


def _no_payment_first(text: str, phrase: str, *, strangers: bool = False) -> bool:
    """Whether a fee ``phrase`` names is none we are asked to pay up front: the buyer pays it
    ("we will *pay for the inspection*", "the *testing fee* is paid by us"), wants it in our
    price ("quote including the *verification fee*"), it goes to a recognised inspection
    body ("*pay for the inspection* by the accredited agent, Intertek or SGS"), or a warning
    tells it of impostors ("they asked the supplier to pay a *vendor registration fee*").
    With ``strangers`` (addresses at a third party's domain in the text) a recognised body
    named clears nothing: the fake buyer's "SGS approved agent" takes the money."""
    return (
        preceded_everywhere(text, phrase, BY_THE_BUYER)
        or preceded_everywhere(text, phrase, IN_OUR_PRICE)
        or followed_everywhere(text, phrase, PAID_BY_THE_BUYER)
        or (not strangers and followed_everywhere(text, phrase, TO_A_RECOGNISED_BODY))
        or preceded_everywhere(text, phrase, REPORTED_SCAM)
    )


def _reply_in_text(text: str, msg: ParsedMessage) -> Finding:
    """Addresses at another domain than From that the text asks quotations or replies to be
    sent to ("NOTE: send your quotation to: purchase@unilevergroups.nl")."""
    if "@" not in text:
        return _NONE
    sender = sender_address(msg)
    own = sender_domain(msg)
    asked: list[str] = []
    for match in addresses(text):
        address = match.group().strip(".").lower()
        domain = registered_domain(address)
        start = match.start()
        reach = max(0, start - _SEND_TO_REACH)
        if domain and domain != own and _SEND_TO.search(text, reach, start):
            asked.append(address)
            if len(asked) == _MAX_PHRASES:
                break
    unique = distinct(asked, _MAX_PHRASES)
    if not unique:
        return Finding(())
    return Finding(unique, clip(f"asks to send replies to {', '.join(unique)}, From {sender}"))


def _phrases(family: str, matches: list[str]) -> Finding:
    unique = distinct(matches, _MAX_PHRASES)
    if not unique:
        return Finding(())
    label = family.replace("_", " ")
    return Finding(unique, clip(f"{label}: " + ", ".join(f"'{p}'" for p in unique)))


def _huge_order(
    msg: ParsedMessage, prepared: Prepared, ctx: Context, found: Mapping[str, Finding]
) -> Finding:
    """Big quantities or sums, or 'bulk order' talk, when no product is named in detail."""
    hits = _ORDER_CUES.scan(prepared)
    big = [q for q in hits.get("quantity", []) if _big_quantity(q)]
    big += [m for m in hits.get("money_before", []) if _big_sum(_MONEY_BEFORE, m)]
    big += [m for m in hits.get("money_after", []) if _big_sum(_MONEY_AFTER, m)]
    big += hits.get("words", [])
    if not big or _detailed_request(msg, ctx, found):
        return Finding(())
    unique = distinct(big, _MAX_PHRASES)
    return Finding(unique, clip("no product detail, but: " + ", ".join(unique)))


def _number(digits: str, multiplier: str | None) -> float:
    """A matched amount as a number: "10,000" and "10.000" group thousands, "2.5" is decimal."""
    if _GROUPED.fullmatch(digits):
        value = float(_SEPARATORS.sub("", digits))
    else:
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            return 0.0
    return value * _MULTIPLIER.get(multiplier or "", 1.0)


_GROUPED = re.compile(r"\d{1,3}(?:[,. ]\d{3})+")
_SEPARATORS = re.compile(r"[,. ]")


def _big_quantity(phrase: str) -> bool:
    match = _QTY.fullmatch(phrase)
    if match is None:
        return False
    unit = match.group(3)
    if unit.startswith(("ton", "mt", "吨")):
        limit: float = _TON_LIMIT
    elif unit.startswith("container") or unit in ("货柜", "集装箱"):
        limit = _CONTAINER_LIMIT
    else:
        limit = _PIECE_LIMIT
    return _number(match.group(1), match.group(2)) >= limit


def _big_sum(pattern: re.Pattern[str], phrase: str) -> bool:
    match = pattern.fullmatch(phrase)
    return match is not None and _number(match.group(1), match.group(2)) >= _MONEY_LIMIT


def _detailed_request(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> bool:
    """Whether the sender names a product of ours in detail: request.products is not empty and
    request.specificity (kinds of specific detail) is above 1. The request module runs first;
    its findings are worked out here only when it did not (in tests)."""
    if "request.products" not in found:
        found = request.analyze(msg, ctx, found)
    specificity = found["request.specificity"].value
    low = isinstance(specificity, int) and specificity <= 1
    return bool(found["request.products"].value) and not low


def _reply_to_freemail(msg: ParsedMessage, found: Mapping[str, Finding]) -> Finding:
    """Answers go to another mailbox at a free-mail provider: the domain module's finding under
    fraud's name, for fraud rules; not one of the cues ``fraud.cue_count`` counts (see
    ``_UNCOUNTED``). Worked out here only when that module did not run."""
    earlier = found.get("domain.reply_to_freemail")
    if earlier is None:
        sender = msg.from_[0] if msg.from_ else None
        own = registered_domain(sender.addr) if sender and "@" in sender.addr else ""
        earlier = reply_to_findings(msg.reply_to, sender, own)["domain.reply_to_freemail"]
    return Finding(bool(earlier.value), earlier.evidence if earlier.value else "")


def _our_name_domains(text: str, msg: ParsedMessage, ctx: Context) -> Finding:
    """Our own domain's name written under suffixes not ours, from outside our domains."""
    labels = our_labels(ctx.our_domains)
    if not labels or not any(label in text for label in labels):
        return _NONE
    if in_domains(sender_domain(msg), ctx.our_domains):
        return _NONE
    found = [
        name
        for label in labels
        for name in re.findall(
            rf"(?<![\w.-]){re.escape(label)}\.[a-z]{{2,}}(?:\.[a-z]{{2,}})?", text
        )
        # Not ours, and our name under a real suffix: not the start of a longer host
        # ("everbright-valve.cn.mailbox-upgrade.cn", a domain_in_front's business).
        if name not in ctx.our_domains and split_suffix(name)[0] == label
    ]
    unique = distinct(found, _MAX_PHRASES)
    if not unique:
        return _NONE
    return Finding(unique, clip("our name as other domains: " + ", ".join(unique)))


def _fake_po(msg: ParsedMessage) -> Finding:
    """Attachments dressed as trade or shipping documents but of a type a document never is
    (shipping papers: not an archive)."""
    bad: list[str] = []
    for att in msg.attachments:
        name = att.filename.strip().lower()
        trade, shipping = bool(_TRADE_DOC.search(name)), bool(_SHIPPING_DOC.search(name))
        if not name or not (trade or shipping):
            continue
        parts = name.rsplit(".", 2)
        double = len(parts) == 3 and parts[1] in _DOC_EXT and parts[2] not in _DOC_EXT
        archive_ok = not trade and is_archive_attachment(att)
        if double or (is_risky_attachment(att) and not archive_ok):
            bad.append(att.filename.strip())
    unique = distinct(bad, _MAX_PHRASES)
    return Finding(unique, clip("attachment: " + ", ".join(unique)) if unique else "")
