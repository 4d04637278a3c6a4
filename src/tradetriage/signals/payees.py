"""Where money asked of us is to go: the third parties a fee goes to, the sum written beside a
fee, and a sum written next to where to pay it (bank details, a stranger's free-mail address,
a payment page, a QR code). Pure functions of one message's scan text; ``fraud`` reads them
into its findings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import ADDRESS, Context, Finding, clip, distinct
from tradetriage.signals.contact import CONTACT_LABEL
from tradetriage.signals.domain import is_freemail, registered_domain, split_suffix
from tradetriage.signals.fraud_phrases import (
    PAID_DIRECTLY,
    PAYEE_TO_COME,
    RECOGNISED_BODY_LABELS,
)
from tradetriage.signals.links import href_host, text_urls
from tradetriage.signals.money import bank_details, label_of, names_currency, sum_near
from tradetriage.signals.phrases import Prepared

# Evidence lists stay short: a clerk reads a few payees.
_MAX_PHRASES = 16
_NONE = Finding(())
_NONE_STR = Finding("")
# How far an address may reach around its "@".
_LOCAL_PART = 64
_DOMAIN_PART = 100

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
    "signal": "Signal", "微信": "WeChat", "واتساپ": "WhatsApp", "واتساب": "WhatsApp",
}  # fmt: skip
_CHAT_PAYEE = re.compile(
    rf"(?:\b({'|'.join(a for a in _CHAT_APPS if a.isascii())})\b"
    rf"|({'|'.join(a for a in _CHAT_APPS if not a.isascii())}))"
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
_PAYMENT_PAGE = re.compile(
    r"(?<![a-z])(?:pay(?:ment)?s?|prepa(?:y|id)|checkout|billing)(?![a-z])|支付"
)
# A brand shorter than this ("abc" of abc.com.cn) would be found in other names too.
_BRAND_MIN = 4


def fee_elsewhere(
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
    written out for us to pay to (the "overpaid" buyer's forwarder), one the fee is said to
    be paid "directly" to, or one left to reach us later ("I will share their details").
    ``asked``: payment_first's phrases as matched (its finding clips them)."""
    if all(_REGISTRATION_ONLY.match(p) for p in asked):
        return _NONE
    if sender_domain(msg).split(".", 1)[0] in RECOGNISED_BODY_LABELS:
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


def fee_amount(prepared: Prepared, asked: list[str]) -> Finding:
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


def sum_to_payee(
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
    domain = sender_domain(msg)
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
            strangers = strangers_in(text, msg, ctx)
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
    brands = (max(label.split("-"), key=len) for label in our_labels(domains))
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


def sender_address(msg: ParsedMessage) -> str:
    """The sender's address, lower-cased ("" when From has none)."""
    return msg.from_[0].addr.lower() if msg.from_ else ""


def sender_domain(msg: ParsedMessage) -> str:
    """The sender's registered domain ("" when From has no address)."""
    sender = sender_address(msg)
    return registered_domain(sender) if "@" in sender else ""


def strangers_in(text: str, msg: ParsedMessage, ctx: Context) -> list[str]:
    """Addresses in ``text`` at a third party's domain: not the sender's, ours, a known
    contact's, nor a recognised inspection body's. A free-mail domain is everyone's: there
    any mailbox but the sender's is a third party (the fake buyer on mail.ru and its "expert"
    on mail.ru), whoever else we wrote to there."""
    if "@" not in text:
        return []
    own = sender_domain(msg)
    sender = sender_address(msg)
    found = []
    for match in addresses(text):
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
    sender = sender_address(msg)
    for match in addresses(text):
        address = match.group().strip(".").lower()
        if address != sender and registered_domain(address) not in ctx.our_domains:
            return True
    return False


@lru_cache(maxsize=16)
def our_labels(domains: frozenset[str]) -> tuple[str, ...]:
    """The names of our domains without their suffixes, long enough to be ours alone."""
    labels = {split_suffix(domain)[0] for domain in domains}
    return tuple(sorted(label for label in labels if len(label) >= _BRAND_MIN))


def addresses(text: str) -> Iterator[re.Match[str]]:
    """The e-mail addresses written in ``text``. Each "@" is looked at in a small window: a
    regex hunt for addresses over the whole text would cost more than every phrase family
    together."""
    at = text.find("@")
    while at >= 0:
        match = address_at(text, at)
        if match is not None:
            yield match
        at = text.find("@", at + 1)


def address_at(text: str, at: int) -> re.Match[str] | None:
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
