"""Sums of money in a message's text, and the bank details written out for them.

A buyer pays us: it has no reason to write out an account for us to pay into, next to a sum.
The scams that make a seller pay first (a "registration" or "inspection" fee, a "refund" of
an overpayment, a hotel deposit, a directory's invoice) tell their story in every language
and wording, but all of them end the same way: a sum, and where to send it. These helpers
find that ending; ``fraud.sum_to_payee`` decides whose it is.

All functions read the scan text of ``phrases.prepare`` (lower case, single spaces).
"""

from __future__ import annotations

import re
from functools import lru_cache

# ISO codes of the currencies trade mail names sums in. A code must stand alone ("usd 420",
# "420 usd"), not end a word ("thousand" holds no "sand").
_CODES = (
    "usd|eur|gbp|cny|rmb|jpy|hkd|sgd|aud|cad|chf|aed|sar|qar|kwd|omr|try|inr|pkr|idr|myr|thb|"
    "vnd|php|krw|brl|mxn|clp|cop|pen|ars|zar|ngn|ghs|kes|tzs|ugx|egp|mad|xof|xaf|rub|kzt|pln|"
    "czk|huf|ron"
)
# Thousands grouped by ",", ".", "'" or a space, and cents: "1,150.00", "1.247,00", "4 120".
_AMOUNT = r"\d{1,3}(?:[,.' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
# Sums are found from their numbers (a pattern that opens with a digit, which the regex engine
# skips ahead to), then the currency is looked for right before ("USD 420", "US$ 1,150.00",
# "€1.247,00", "RMB 4,120") or right after ("420 USD", "3,750 dollars", "4120元").
_NUMBER = re.compile(_AMOUNT)
_CODE_SET = frozenset(_CODES.split("|"))
# Longest first: "us$" is read whole, not as "$" after "us".
_SIGN_LIST = ("u.s.$", "us$", "r$", "$", "€", "£", "¥", "₦", "₹", "₩", "₺", "₽")
# Written after the sum only, as fee scams' home countries write them: "95 000 FCFA",
# "9.800 TL", "14.500.000 VNĐ", "650 دولار".
_LOCAL_AFTER = "fcfa|cfa|tl"
_ARABIC_WORDS = ("دولار", "يورو", "درهم", "ريال", "دينار")  # each holds "ر"
_LOCAL_WORDS = ("vnđ", *_ARABIC_WORDS)
# Not a code that opens the next sum: "1 EUR 1,147.00" is a quantity, then the sum.
_AFTER = re.compile(
    rf" ?(?:(?:{_CODES}|{_LOCAL_AFTER})(?![a-z])(?! ?\d)|dollars?\b|euros?\b|元|美元|人民币"
    rf"|₫|{'|'.join(_LOCAL_WORDS)})"
)
_CURRENCY_WORDS = (
    _CODE_SET | set(_LOCAL_AFTER.split("|")) | {"rp", "dollar", "dollars", "euro", "euros"}
)
# Every sign ends in one of these characters ("us$" in "$"); "元" and "₫" are written after
# the sum. One character class: an alternation with the local words made the search of every
# Chinese mail four times slower, so those are looked for apart.
_CURRENCY_SIGN = re.compile(f"[{re.escape(''.join({sign[-1] for sign in _SIGN_LIST}))}元₫]")
# A price is no sum asked: "USD 12.50/pc", "EUR 3 per piece", "$8 each", "usd 4.2 a set".
_UNIT_PRICE = re.compile(r" ?(?:/|per\b|each\b|a (?:piece|pc|set|unit|meter|metre|kg|ton)\b)")

# Bank details written out for a payment: "Beneficiary: …", "Account No.: …", "IBAN: …",
# and the Chinese labels of a transfer slip (户名, 账号, 开户行, 收款人).
BANK_DETAILS = re.compile(
    r"\b(?:beneficiary(?: name| bank)?|account (?:no\.?|number|name|holder)|a/c(?: no\.?)?|iban|"
    r"sort code|swift(?: code)?|bic|routing (?:no\.?|number)|aba)\s*[:：]"
    r"|(?:户名|账号|账户|开户行|收款人|收款账户|收款单位)\s*[:：]"
)
# Bank details written without a colon, known by their own shape: an IBAN ("IBAN PL61 1090
# …"), an account number followed by its bank ("account 801-274193-838, Hang Seng Bank").
# Not a SWIFT code so: "swift delivery" has the shape of one.
_BANK_CODES = re.compile(
    r"\b(?:(?P<iban>iban) [a-z]{2}\d{2} ?[a-z0-9]{4}"
    r"|(?P<account>account(?: no\.?| number)?|a/c(?: no\.?)?) \d[\d -]{5,}\d"
    r"(?=[^.]{0,60}\bbank\b))"
)
# The words a label opens with: ``bank_details`` tries the pattern only where one stands
# (a search of the whole text, an alternation the engine cannot skip ahead in, costs more).
_BANK_WORDS = frozenset(
    {"beneficiary", "account", "iban", "sort", "swift", "bic", "routing", "aba"}
)
_BANK_OPENINGS = ("a/c", "户名", "账号", "账户", "开户行", "收款")
# An account number masked ("收款账号：****6618", "a/c xxxx1234", 尾号 8826): a bank's notice of
# money paid in, or a warning naming the one account. No one can pay to it: no bank details.
_MASKED = re.compile(r"\s*(?:[*x×•]{3,}|尾号)")


# Cached: ``fraud.fee_elsewhere`` and ``fraud.sum_to_payee`` read the same scan text.
@lru_cache(maxsize=4)
def bank_details(text: str, words: frozenset[str]) -> tuple[re.Match[str], ...]:
    """The bank-detail labels in ``text``, in text order (``words``: its ASCII words); not
    one whose account number is masked."""
    openings = [*_BANK_WORDS.intersection(words), *(o for o in _BANK_OPENINGS if o in text)]
    found: dict[int, re.Match[str]] = {}
    for opening in openings:
        at = text.find(opening)
        while at >= 0:
            match = BANK_DETAILS.match(text, at) or _BANK_CODES.match(text, at)
            if match is not None and not _MASKED.match(text, match.end()):
                found[at] = match
            at = text.find(opening, at + 1)
    return tuple(found[at] for at in sorted(found))


def label_of(match: re.Match[str]) -> str:
    """The label of bank details ``bank_details`` found ("account no.", "swift", "户名")."""
    if match.re is _BANK_CODES:
        return match.group("iban") or match.group("account")
    return match.group().rstrip(":： ")


def names_currency(text: str, words: frozenset[str]) -> bool:
    """Whether ``text`` (``words``: its ASCII words) names a currency at all: without one
    it holds no sum, and most mail is done with at this set test."""
    if not _CURRENCY_WORDS.isdisjoint(words):
        return True
    if text.isascii():
        return "$" in text
    if _CURRENCY_SIGN.search(text) is not None or "vnđ" in text:
        return True
    return "ر" in text and any(word in text for word in _ARABIC_WORDS)


def sum_near(text: str, lo: int, hi: int) -> str | None:
    """The first sum of money in ``text[lo:hi]`` (bounds clipped to the text) that is not a
    unit price, as written; None when there is none."""
    lo, hi = max(0, lo), min(len(text), hi)
    for number in _NUMBER.finditer(text, lo, hi):
        start, end = number.span()
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in ".,"):
            continue  # the tail of a longer number
        opens = _currency_before(text, start)
        if opens < 0:
            after = _AFTER.match(text, end)
            if after is None:
                continue
            opens, end = start, after.end()
        if not _UNIT_PRICE.match(text, end):
            return text[opens:end]
    return None


def _currency_before(text: str, start: int) -> int:
    """Where the currency written right before the number at ``start`` opens ("usd 420",
    "us$1,150"), or -1 when there is none. Read by hand: a pattern tried at each of the few
    characters before every number of a text costs more than the rest of this module."""
    end = start - 1 if start > 0 and text[start - 1] == " " else start
    for sign in _SIGN_LIST:
        if text.endswith(sign, 0, end):
            return end - len(sign)
    code = end - 3
    if (
        code >= 0
        and text[code:end] in _CODE_SET
        and (code == 0 or not _ascii_alnum(text[code - 1]))
    ):
        return code  # "费用usd 420" too: a CJK character before the code ends no word of it
    rupiah = end - 2  # Indonesia writes its own "Rp 12.500.000", not "IDR"
    if text.startswith("rp", rupiah) and (rupiah == 0 or not _ascii_alnum(text[rupiah - 1])):
        return rupiah
    return -1


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()
