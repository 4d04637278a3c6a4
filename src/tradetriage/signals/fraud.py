"""Cues of fake buyers and advance-fee (419) scams, in English and Chinese.

Each signal is a fact a rule can weigh: the phrases that matched (as evidence), or a yes/no. The
wording lives in ``fraud_phrases``: *families* of phrases (inheritance, next of kin, consignment
box …), scanned by one ``Phrasebook`` (``phrases.py``: each pattern runs only near its trigger
words) over the subject and the first 3,000 characters of the body: scams state their story
early. Where the body quotes a mail of ours (its quote header names our address or a name we
sign with), only the sender's own text is scanned (``phrases.prepare``): a customer quoting our
own "urgent" or "bank details" is not a scammer. This module adds the cues wording alone does
not give: big orders, attachments, replies sent elsewhere, and the count of families fired.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import lru_cache

from tradetriage.mail.records import Attachment, ParsedMessage
from tradetriage.signals import request
from tradetriage.signals.base import (
    ADDRESS,
    Context,
    Finding,
    Findings,
    SignalSpec,
    clip,
    distinct,
    in_domains,
)
from tradetriage.signals.contact import CONTACT_LABEL
from tradetriage.signals.domain import (
    is_freemail,
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
    PAID_DIRECTLY,
    PAYEE_TO_COME,
    RECOGNISED_BODY_LABELS,
    REPORTED_SCAM,
    TO_A_RECOGNISED_BODY,
)
from tradetriage.signals.links import href_host, text_urls
from tradetriage.signals.money import (
    bank_details,
    label_of,
    names_currency,
    sum_near,
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
_LOCAL_PART = 64
_DOMAIN_PART = 100

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
# Archives: may be honest (a forwarder's zipped papers), and carry malware as often.
_ARCHIVE_EXT = frozenset(["zip", "rar", "7z", "gz", "tgz", "tar", "ace", "arj", "cab", "r00", "z"])
# Programs, scripts and disk images (which open as a drive of programs): what Gmail and
# Outlook refuse to deliver, so that no trade partner sends them.
_PROGRAM_EXT = frozenset(
    ["exe", "scr", "com", "bat", "cmd", "pif", "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta",
     "iso", "img", "vhd", "vhdx", "jar", "lnk", "msi", "ps1", "reg", "cpl"]
)  # fmt: skip
_PROGRAM_TYPES = ("application/x-msdownload", "application/x-dosexec")
# Besides: web pages (a login form runs from a local file), uuencoded files, OneNote
# notebooks (a button over an embedded script: the 2023 remittance lure), and Office files
# made to carry macros ("PO.docm": click "Enable Content"), which trade papers never need.
_DANGEROUS_EXT = (
    _ARCHIVE_EXT
    | _PROGRAM_EXT
    | frozenset(["html", "htm", "shtml", "xhtml", "svg", "uue", "one", "onepkg"])
    | frozenset(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "sldm"])
)
_OFFICE_EXT = frozenset(
    ["doc", "docx", "docm", "dot", "dotm", "xls", "xlsx", "xlsm", "xlsb", "xlt", "xltm", "xlam",
     "ppt", "pptx", "pptm", "pot", "potm", "pps", "ppsm", "sldm", "rtf"]
)  # fmt: skip
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
_DANGEROUS_TYPES = (*_PROGRAM_TYPES, "text/html")


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
    # a fee (``_no_payment_first``) and where a fee goes (``_fee_elsewhere``).
    strangers = _strangers(prepared.text, msg, ctx) if hits.get("payment_first") else None
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
    out["fraud.fee_elsewhere"] = _fee_elsewhere(prepared, msg, ctx, strangers or [], tuple(fees))
    out["fraud.fee_amount"] = _fee_amount(prepared, fees)
    out["fraud.sum_to_payee"] = _sum_to_payee(prepared, msg, ctx, strangers)
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


# The opening of a refund phrase of ``payment_first``, in each language it reads: a refund
# names its third party itself ("refund … to our forwarder").
_REFUND_WORDS = (
    "refund", "return", "devolv", "devuelv", "reembols", "rembours", "restitu", "revers",
)  # fmt: skip
# The one wording of ``payment_first`` that asks no money: a bare "register as our supplier"
# (供应商注册), as a buyer's sourcing portal asks too. Every other names a fee, a cost, a
# payment or a refund, in its own language: what is not this is money asked.
_REGISTRATION_ONLY = re.compile(r"register\b|供应商注册$")
# A chat account given for the fee, near it: the fake buyer's "agent" is reached there, where
# no invoice or company address ties the money to anyone ("contact him on WhatsApp: +90 …").
_CHAT_APPS = {
    "whatsapp": "WhatsApp", "telegram": "Telegram", "viber": "Viber", "wechat": "WeChat",
    "signal": "Signal", "微信": "WeChat",
}  # fmt: skip
_CHAT_PAYEE = re.compile(
    rf"(?:\b({'|'.join(a for a in _CHAT_APPS if a.isascii())})\b|(微信))"
    r"(?:[^.?!。]|\.\S){0,40}?(\+?\d[\d ()-]{6,}\d|@[a-z]\w{4,})"
)
_CHAT_REACH = 250
_CONTACT_LABEL_WORDS = 3  # "Mob/WeChat/WhatsApp:", "WhatsApp (24 h):"
# ... and only bank details said to be someone else's ("our freight forwarder: Beneficiary",
# "Consultant payment details:"): an inspection body's own invoice gives its own account.
_THIRD_PAYEE = re.compile(
    r"\b(?:consultant|agent|agency|forwarder|lab|laboratory|inspector|officer|his|her)"
    r"(?:'s)?\b"
)
_PAYEE_REACH = 100
# How far "paid directly to …" may be from its fee: the fee's sentence ("The testing fee
# (USD 320) is paid by the supplier directly to the lab"), or the sentence after it. And how
# much of the payee's name the evidence shows.
_DIRECT_BEFORE = 40
# A payee to come may be named first: "Sayın Tunalı sizinle doğrudan iletişime geçip … başvuru
# bedelini bildirecektir".
_TO_COME_BEFORE = 80
_DIRECT_AFTER = 200
_DIRECT_PAYEE_CHARS = 30
# How far a fee's sum may be from the fee: "Their charge is USD 690 and … this is the
# exporter's responsibility".
_FEE_SUM_REACH = 150
# How far a sum may be from where to pay it: a fee's paragraph ("The inspection booking fee
# is USD 420 …" after the account it goes to), not the whole mail.
_SUM_REACH = 400
# How far after a bank-detail label the payee is named: "Beneficiary: NINGBO EVERBRIGHT …".
_PAYEE_NAME_REACH = 80
# The payer's side of a transfer made, as a payment advice writes it: its "beneficiary bank"
# is ours, paid into.
_REMITTED = re.compile(
    r"\b(?:remitting bank|remitter|ordering customer|ordering institution|sender's bank)\s*[:：]"
    r"|(?:汇款行|汇款人|付款行)\s*[:：]"
)
# How ``fraud.sum_to_payee`` names a payment page at the sender's own domain (rules tell it
# from the other payees by this opening).
OWN_PAYMENT_PAGE = "the sender's own payment page"
# A QR code to scan and pay ("scan the QR code with WeChat or Alipay", 扫码支付): where a
# sum goes that no bank statement will name.
_QR_CODE = re.compile(r"\bqr(?:[- ]?codes?)?\b|二维码|扫码")
# A web address that takes payments: "/pay", "/payment", "checkout", "pay." hosts, 支付.
_PAYMENT_PAGE = re.compile(r"(?<![a-z])(?:pay(?:ment)?s?|checkout|billing)(?![a-z])|支付")
# A brand shorter than this ("abc" of abc.com.cn) would be found in other names too.
_BRAND_MIN = 4


def _fee_elsewhere(
    prepared: Prepared,
    msg: ParsedMessage,
    ctx: Context,
    strangers: list[str],
    asked: tuple[str, ...],
) -> Finding:
    """Where a fee or refund asked of us is to go, when that is a stranger: addresses at a
    third party's domain (the fake buyer's "compliance agent", "laboratory" or "inspection
    company"; not the sender's, ours, a known contact's, nor a recognised inspection body's),
    a chat account given for it (not the one the sender signs with), or bank details
    written out for us to pay to (the "overpaid" buyer's forwarder), or one the fee is said
    to be paid "directly" to. ``asked``: payment_first's phrases as matched (its finding
    clips them)."""
    if all(_REGISTRATION_ONLY.match(p) for p in asked):
        return _NONE
    if _sender_domain(msg).split(".", 1)[0] in RECOGNISED_BODY_LABELS:
        return _NONE  # an inspection body's own invoice, with its own account
    text = prepared.text
    found = list(strangers)
    found.extend(_chat_payees(text, asked, msg.body_text))
    labels = bank_details(text, prepared.words)
    payee = labels[0] if labels else None
    refund = any(p.startswith(_REFUND_WORDS) for p in asked)
    lo = max(0, payee.start() - _PAYEE_REACH) if payee else 0
    if payee and (refund or _THIRD_PAYEE.search(text, lo, payee.start())):
        found.append(f"bank details ({label_of(payee)})")
    # "Paid directly to" a payee the text gives no address for (a name and a phone number),
    # or one that is to reach us later ("they will contact you directly"): one with an
    # address is judged by it above (an inspection body's, a known contact's).
    if not found and not _third_party_addresses(text, msg, ctx):
        found.extend(_payee_near(text, asked, PAID_DIRECTLY, _DIRECT_BEFORE))
        if not found:
            found.extend(_payee_near(text, asked, PAYEE_TO_COME, _TO_COME_BEFORE))
    unique = distinct(found, _MAX_PHRASES)
    if not unique:
        return _NONE
    return Finding(unique, clip(f"a fee or refund, to {', '.join(unique)}"))


def _payee_near(
    text: str, asked: tuple[str, ...], payee: re.Pattern[str], before: int
) -> list[str]:
    """Someone a fee phrase of ``asked`` goes to, as ``payee`` finds it (from ``before``
    characters in front of the phrase to its next sentence): "paid by the manufacturer
    directly to the consultant", "I will share their details once you confirm"."""
    for phrase in asked:
        at = text.find(phrase)
        if at < 0:
            continue
        found = payee.search(text, max(0, at - before), at + len(phrase) + _DIRECT_AFTER)
        if found is not None:
            return [clip(f'"{text[found.start() : found.end() + _DIRECT_PAYEE_CHARS]}"')]
    return []


def _fee_amount(prepared: Prepared, asked: list[str]) -> Finding:
    """The sum written beside a fee asked of us (``asked``: payment_first's phrases as
    matched), within the fee's own sentence or the next."""
    text = prepared.text
    if not asked or not names_currency(text, prepared.words):
        return _NONE_STR
    for phrase in asked:
        start = text.find(phrase)
        if start < 0:
            continue
        amount = sum_near(text, start - _FEE_SUM_REACH, start + len(phrase) + _FEE_SUM_REACH)
        if amount is not None:
            return Finding(amount, clip(f"'{' '.join(phrase.split()[:8])}', {amount}"))
    return _NONE_STR


def _sum_to_payee(
    prepared: Prepared, msg: ParsedMessage, ctx: Context, strangers: list[str] | None
) -> Finding:
    """Where a sum written in the text is to be paid, when that is not us and the sender is
    no one we wrote to: bank details written out, another person's free-mail address (the
    fake buyer's "agent", "consolidator", "coordinator"), a payment page or a QR code.
    ``strangers``: the text's third-party addresses, when already read (None: read here if
    need be)."""
    text = prepared.text
    if not names_currency(text, prepared.words):
        return _NONE
    domain = _sender_domain(msg)
    if not domain or domain in ctx.our_domains or domain in ctx.known_domains:
        return _NONE
    ours = _our_marks(ctx.our_names, ctx.our_domains)
    labels = [
        label
        for label in bank_details(text, prepared.words)
        if not any(m in text[label.end() : label.end() + _PAYEE_NAME_REACH] for m in ours)
        and not (label_of(label) == "beneficiary bank" and _REMITTED.search(text))
    ]
    # One payee however many lines its details take ("Account name:", "SWIFT:" …).
    payees: list[tuple[list[int], str]] = []
    if labels:
        names = distinct((label_of(label) for label in labels), _MAX_PHRASES)
        payees.append(([label.start() for label in labels], f"bank details ({', '.join(names)})"))
    if "@" in text:
        if strangers is None:
            strangers = _strangers(text, msg, ctx)
        payees.extend(
            ([text.find(address.lower())], address)
            for address in strangers
            if is_freemail(registered_domain(address))
        )
    payees.extend(_payment_pages(msg, text, domain))
    qr = _QR_CODE.search(text) if "qr" in prepared.words or not prepared.ascii else None
    if qr is not None:
        payees.append(([qr.start()], "a QR code"))
    found: dict[str, str] = {}
    for places, payee in payees:
        # One window over all the places of a payee: its details' lines are close together.
        amount = sum_near(text, min(places) - _SUM_REACH, max(places) + _SUM_REACH)
        if amount is not None:
            found.setdefault(payee, amount)
    if not found:
        return _NONE
    unique = distinct(found, _MAX_PHRASES, width=80)
    amount = next(iter(found.values()))
    return Finding(unique, clip(f"a sum to pay ({amount}), to {', '.join(unique)}"))


def _payment_pages(
    msg: ParsedMessage, text: str, sender_domain: str
) -> list[tuple[list[int], str]]:
    """Payment pages, where they stand in ``text``: an address written out ("complete the
    payment on https://saber-sa-portal.com/…/pay"), or a link's text ("Pay the deposit").
    One at the sender's own domain is named so (``OWN_PAYMENT_PAGE``): a vendor's invoice
    links its own, a brand's impostor too (rules pair it with the impersonation)."""
    pages: list[tuple[list[int], str]] = []
    written = [(link, text.find(link.href.lower())) for link in text_urls(text)]
    linked = [
        (link, text.find(" ".join(link.text.lower().split())))
        for link in msg.links
        if link.text.strip() and "://" not in link.text
    ]
    for link, at in (*written, *linked):
        host = href_host(link.href)
        domain = registered_domain(host) if host else ""
        if at >= 0 and host and domain and _PAYMENT_PAGE.search(link.href.lower()):
            whose = OWN_PAYMENT_PAGE if domain == sender_domain else "a payment page"
            pages.append(([at], f"{whose} at {host.lower()}"))
    return pages


@lru_cache(maxsize=8)
def _our_marks(names: frozenset[str], domains: frozenset[str]) -> tuple[str, ...]:
    """What names us as a payee: the names we sign with, and the brand our domains carry
    ("everbright" of everbright-valve.cn), lower-cased as the scan text is. Made once per
    context, not per message."""
    brands = (max(label.split("-"), key=len) for label in _our_labels(domains))
    return (*names, *(b for b in brands if len(b) >= _BRAND_MIN))


def _chat_payees(text: str, asked: tuple[str, ...], body: str) -> list[str]:
    """Chat numbers and handles written within reach after a fee phrase of ``asked``, unless
    the sender lists them as its own: "WhatsApp +90 532 614 88 17"."""
    found = []
    for phrase in asked:
        at = text.find(phrase)
        if at < 0:
            continue
        end = at + len(phrase)
        for match in _CHAT_PAYEE.finditer(text, end, end + _CHAT_REACH):
            account = match.group(3)
            if not _listed_as_own(account, body):
                found.append(f"{_CHAT_APPS[match.group(1) or match.group(2)]} {account}")
    return found


def _listed_as_own(account: str, body: str) -> bool:
    """Whether ``account`` heads a contact line of ``body`` ("Mob/WhatsApp: +90 …", "Telegram:
    @name"), as a signature lists the sender's own, not written into a sentence. Read from
    the body's lines, not its signature block: a short mail's whole text may pass for that."""
    if account.startswith("@"):
        written = re.compile(re.escape(account), re.IGNORECASE)
    else:  # as the number is spaced on that line: "+90 532 614 88 17", "+90-532-6148817"
        written = re.compile(r"[\s().-]*".join(_digits(account)))
    for line in body.splitlines():
        found = written.search(line)
        if found is None:
            continue
        # A label, not the end of a hard-wrapped sentence ("… WhatsApp üzerinden ulaşınız:").
        label = line[: found.start()]
        if len(label.split()) <= _CONTACT_LABEL_WORDS and (
            not label.strip() or CONTACT_LABEL.search(label)
        ):
            return True
    return False


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _sender(msg: ParsedMessage) -> str:
    return msg.from_[0].addr.lower() if msg.from_ else ""


def _sender_domain(msg: ParsedMessage) -> str:
    sender = _sender(msg)
    return registered_domain(sender) if "@" in sender else ""


def _strangers(text: str, msg: ParsedMessage, ctx: Context) -> list[str]:
    """Addresses in ``text`` at a third party's domain: not the sender's, ours, a known
    contact's, nor a recognised inspection body's. A free-mail domain is everyone's: there
    any mailbox but the sender's is a third party (the fake buyer on mail.ru and its "expert"
    on mail.ru), whoever else we wrote to there."""
    if "@" not in text:
        return []
    own = _sender_domain(msg)
    sender = _sender(msg)
    found = []
    for match in _addresses(text):
        address = match.group().strip(".")
        domain = registered_domain(address)
        if not domain:
            continue
        if is_freemail(domain):
            stranger = address.lower() != sender
        else:
            stranger = (
                domain != own
                and domain not in ctx.our_domains
                and domain not in ctx.known_domains
                and domain.split(".", 1)[0] not in RECOGNISED_BODY_LABELS
            )
        if stranger:
            found.append(address)
    return found


def _third_party_addresses(text: str, msg: ParsedMessage, ctx: Context) -> bool:
    """Whether ``text`` holds an address other than the sender's own and ours."""
    if "@" not in text:
        return False
    sender = _sender(msg)
    for match in _addresses(text):
        address = match.group().strip(".").lower()
        if address != sender and registered_domain(address) not in ctx.our_domains:
            return True
    return False


def _reply_in_text(text: str, msg: ParsedMessage) -> Finding:
    """Addresses at another domain than From that the text asks quotations or replies to be
    sent to ("NOTE: send your quotation to: purchase@unilevergroups.nl")."""
    if "@" not in text:
        return _NONE
    sender = _sender(msg)
    own = _sender_domain(msg)
    asked: list[str] = []
    for match in _addresses(text):
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


def _addresses(text: str) -> Iterator[re.Match[str]]:
    """The e-mail addresses written in ``text``. Each "@" is looked at in a small window: a
    regex hunt for addresses over the whole text would cost more than every phrase family
    together."""
    at = text.find("@")
    while at >= 0:
        match = _address_at(text, at)
        if match is not None:
            yield match
        at = text.find("@", at + 1)


def _address_at(text: str, at: int) -> re.Match[str] | None:
    """The address around the "@" at ``at``: the first match of ``ADDRESS`` in the window
    ``at - _LOCAL_PART`` to ``at + _DOMAIN_PART``, when it holds this "@" (None otherwise).

    A match is a run of local-part characters ending at an "@", so only the first position of
    each such run in the window can start one: found by stepping back from each "@", this
    costs a tenth of the regex search, which tries every position of the window."""
    lo, hi = max(0, at - _LOCAL_PART), at + _DOMAIN_PART
    sign = text.find("@", lo, at + 1)
    while sign >= 0:
        start = sign
        while start > lo and _is_local_char(text[start - 1]):
            start -= 1
        match = ADDRESS.match(text, start, hi) if start < sign else None
        if match is not None or sign == at:
            return match if sign == at else None
        sign = text.find("@", sign + 1, at + 1)
    return None


def _is_local_char(char: str) -> bool:
    # What ``ADDRESS``'s "[\w.+-]" takes: the regex engine's word characters for str patterns
    # are those ``isalnum`` accepts, and "_".
    return char.isalnum() or char in "_.+-"


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
    labels = _our_labels(ctx.our_domains)
    if not labels or not any(label in text for label in labels):
        return _NONE
    if in_domains(_sender_domain(msg), ctx.our_domains):
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


@lru_cache(maxsize=16)
def _our_labels(domains: frozenset[str]) -> tuple[str, ...]:
    """The names of our domains without their suffixes, long enough to be ours alone."""
    labels = {split_suffix(domain)[0] for domain in domains}
    return tuple(sorted(label for label in labels if len(label) >= _BRAND_MIN))


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


def is_risky_attachment(att: Attachment) -> bool:
    """A program, script, archive or web page: what malware and phishing attach (an archive
    may be honest, but a bank's or mail provider's notice never carries one)."""
    return _extension(att) in _DANGEROUS_EXT or att.content_type.lower() in _DANGEROUS_TYPES


def is_office(att: Attachment) -> bool:
    """A Word, Excel or PowerPoint file of any kind (the old binary formats carry macros too)."""
    return _extension(att) in _OFFICE_EXT


def is_program_attachment(att: Attachment) -> bool:
    """A program, script or disk image, or a zip holding one: what mail providers refuse, and
    only malware sends."""
    return (
        _extension(att) in _PROGRAM_EXT
        or att.content_type.lower() in _PROGRAM_TYPES
        or bool(zipped_programs(att))
    )


def zipped_programs(att: Attachment) -> list[str]:
    """The programs, scripts and disk images inside a zip attachment ("Anfrage.pdf.lnk")."""
    return [name for name in att.members if _name_extension(name) in _PROGRAM_EXT]


def is_archive_attachment(att: Attachment) -> bool:
    """A zip, rar, 7z or other archive (whose content no mail filter may have read)."""
    return _extension(att) in _ARCHIVE_EXT


def _extension(att: Attachment) -> str:
    return _name_extension(att.filename)


def _name_extension(filename: str) -> str:
    name = filename.strip().lower()
    return name.rsplit(".", 1)[-1] if "." in name else ""
