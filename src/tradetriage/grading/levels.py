"""Customer levels 1–4 for a contact, from its whole history, as export clerks grade buyers.

1  has ordered or visited (the clerk marks it)            → supervisor review, full attention
2  detailed product knowledge, 6+ mails both ways,
   complete contact details                       → a touch at least weekly (3 days if active)
3  names our products, clear product or price needs       → templated reply within 24 h
4  no specific product, no requirements, no details       → after the rest, ask for details

``suspect-fraud`` and ``phishing`` flags are kept apart from the level: a flagged contact keeps
its level (so a hijacked customer thread is still recognisably a customer) but is shown apart.
Pure functions: the history is read from the store elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

# Thresholds, named so that a change is one edit and reads as policy.
LEVEL2_MIN_EXCHANGES = 6
LEVEL2_MIN_COMPLETENESS = 4  # of 6: company, website, phone, fax, address, IM
LEVEL2_MIN_SPECIFICITY = 3  # distinct kinds of product detail in one mail
LEVEL3_MIN_SPECIFICITY = 2

# How soon each level expects our next touch (DEVELOPERS.md's service rules).
REPLY_WITHIN = {
    1: timedelta(hours=4),
    2: timedelta(days=1),
    3: timedelta(hours=24),
    4: timedelta(days=3),
}
LEVEL2_TOUCH_ACTIVE = timedelta(days=3)
LEVEL2_TOUCH_QUIET = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class MailFacts:
    """What grading kept of one message of a contact's history."""

    inbound: bool  # from the contact (True) or from us to the contact (False)
    when: datetime | None
    specificity: int = 0
    completeness: int = 0
    named_products: bool = False
    generic: bool = False
    flags: tuple[str, ...] = ()
    order_intent: bool = False  # asks for a PI or contract, will pay the deposit


@dataclass(frozen=True, slots=True)
class Marks:
    """What the clerk told us about a contact."""

    ordered: bool = False
    visited: bool = False
    pinned_level: int | None = None


# Why a contact has its level: code → text per language, ``{n}`` the reason's number. The
# store keeps the code and number (contacts.reasons), so a clerk reads them in any language.
# (No spaces around a number in Chinese: a table would wrap "往来邮件 7" / "封".)
REASON_TEXTS: dict[str, dict[str, str]] = {
    "ordered": {"en": "has ordered", "zh": "已下单"},
    "visited": {"en": "has visited", "zh": "已来访"},
    "pinned": {"en": "level pinned by you", "zh": "等级由您固定"},
    "exchanged": {"en": "{n} mails exchanged", "zh": "往来邮件{n}封"},
    "details": {"en": "contact details {n}/6", "zh": "联系方式{n}/6"},
    "specificity": {"en": "product detail {n}", "zh": "产品细节{n}项"},
    "names-products": {"en": "names our products", "zh": "提到我们的产品"},
    "unspecific": {"en": "no specific product or requirement", "zh": "无具体产品或要求"},
    "no-details": {"en": "no contact details", "zh": "无联系方式"},
    "order-intent": {
        "en": "asks for a PI or to order (mark it ordered once paid)",
        "zh": "要求开形式发票或下单（付款后请标为已下单）",
    },
}


@dataclass(frozen=True, slots=True)
class LevelReason:
    """One reason for a level: a code of ``REASON_TEXTS`` and, for some, a number."""

    code: str
    n: int | None = None

    def text(self, language: str) -> str:
        """The reason in ``language`` (English where there is no translation)."""
        texts = REASON_TEXTS[self.code]
        return texts.get(language, texts["en"]).replace("{n}", str(self.n))


@dataclass(frozen=True, slots=True)
class LevelResult:
    level: int
    pinned: bool
    flags: tuple[str, ...]
    codes: tuple[LevelReason, ...] = field(default=())

    @property
    def reasons(self) -> tuple[str, ...]:
        """The reasons in English."""
        return tuple(r.text("en") for r in self.codes)


def contact_level(history: Sequence[MailFacts], marks: Marks) -> LevelResult:
    """The contact's level and flags, with the reasons a clerk reads in ``grade --show``."""
    flags = tuple(sorted({f for mail in history for f in mail.flags if mail.inbound}))
    if marks.pinned_level is not None:
        return LevelResult(marks.pinned_level, True, flags, (LevelReason("pinned"),))
    if marks.ordered or marks.visited:
        what = LevelReason("ordered" if marks.ordered else "visited")
        return LevelResult(1, False, flags, (what,))
    inbound = [m for m in history if m.inbound]
    outbound = [m for m in history if not m.inbound]
    exchanges = len(inbound) + len(outbound)
    completeness = max((m.completeness for m in inbound), default=0)
    specificity = max((m.specificity for m in inbound), default=0)
    names_products = any(m.named_products for m in inbound)
    ordering = any(m.order_intent for m in inbound)
    if (
        inbound
        and outbound
        and exchanges >= LEVEL2_MIN_EXCHANGES
        and completeness >= LEVEL2_MIN_COMPLETENESS
        and specificity >= LEVEL2_MIN_SPECIFICITY
    ):
        return LevelResult(
            2,
            False,
            flags,
            (
                LevelReason("exchanged", exchanges),
                LevelReason("details", completeness),
                LevelReason("specificity", specificity),
            ),
        )
    # A buyer asking for the PI has requirements clear enough to order on, however short the
    # mail ("Ok, send PI, we pay deposit"): never "after the rest".
    if names_products or specificity >= LEVEL3_MIN_SPECIFICITY or ordering:
        reasons = [LevelReason("order-intent")] if ordering else []
        reasons += [LevelReason("names-products")] if names_products else []
        reasons.append(LevelReason("specificity", specificity))
        return LevelResult(3, False, flags, tuple(reasons))
    reasons = [LevelReason("unspecific")]
    if completeness <= 1:
        reasons.append(LevelReason("no-details"))
    return LevelResult(4, False, flags, tuple(reasons))


def waiting_since(history: Sequence[MailFacts]) -> datetime | None:
    """When the oldest inbound mail that we have not answered yet arrived, else None."""
    last_out = max((m.when for m in history if not m.inbound and m.when), default=None)
    unanswered = [
        m.when for m in history if m.inbound and m.when and (last_out is None or m.when > last_out)
    ]
    return min(unanswered) if unanswered else None


def due_at(level: int, history: Sequence[MailFacts]) -> datetime | None:
    """When the service rules want our next mail to this contact; None when nothing is due."""
    waiting = waiting_since(history)
    if waiting is not None:
        return waiting + REPLY_WITHIN[level]
    if level != 2:
        return None
    # Level 2 gets a touch even when they are quiet: every 3 days while the thread is active
    # (they wrote within the last week), else weekly.
    last_in = max((m.when for m in history if m.inbound and m.when), default=None)
    last_out = max((m.when for m in history if not m.inbound and m.when), default=None)
    if last_out is None:
        return None
    active = last_in is not None and last_out - last_in <= LEVEL2_TOUCH_QUIET
    return last_out + (LEVEL2_TOUCH_ACTIVE if active else LEVEL2_TOUCH_QUIET)


# The stored signal values ``facts_from_findings`` reads: all a contact's level needs of a
# message's findings (the store hands over only these).
FACT_SIGNALS = (
    "request.specificity",
    "contact.completeness",
    "request.products",
    "request.models",
    "request.generic",
    "request.order_intent",
)


def facts_from_findings(
    inbound: bool, when: datetime | None, findings: Mapping[str, object], flags: Sequence[str]
) -> MailFacts:
    """A history entry from one message's stored signal values (see grading/messages.py); it
    reads only ``FACT_SIGNALS``."""

    def number(name: str) -> int:
        value = findings.get(name)
        return int(value) if isinstance(value, (int, float)) else 0

    return MailFacts(
        inbound=inbound,
        when=when,
        specificity=number("request.specificity"),
        completeness=number("contact.completeness"),
        named_products=bool(findings.get("request.products") or findings.get("request.models")),
        generic=bool(findings.get("request.generic")),
        flags=tuple(flags),
        order_intent=findings.get("request.order_intent") is True,
    )
