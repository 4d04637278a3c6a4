"""The shared vocabulary of signals: what one analysis step finds in one message.

A signal is a named fact about a message ("origin.country" = "DE", "domain.freemail" = True) with
the text that shows it (the evidence a clerk reads in ``grade --explain``). Signal modules are
pure: they read a parsed message, the grading context and the findings of earlier modules, and
return new findings. No I/O, no clock: ``Context.now`` is passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple, Protocol

import idna

if TYPE_CHECKING:
    from tradetriage.signals.learned import TokenModel

# Evidence a clerk reads on one line: longer text is cut with an ellipsis.
EVIDENCE_CHARS = 120
# An e-mail address written in a text or a display name (word characters, so an IDN's too).
ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# What a signal's value may be; rules compare against these.
Value = bool | int | float | str | tuple[str, ...] | None


class Finding(NamedTuple):
    """One signal's value for one message, and the text or header that shows it. (A named
    tuple: some eighty are built per message, and a frozen dataclass costs three times more.)"""

    value: Value
    evidence: str = ""


Findings = dict[str, Finding]


class GeoLookup(Protocol):
    """Where an IP address is: ISO country code and, when the database knows, IANA time zone."""

    def country(self, ip: str) -> str | None: ...

    def timezone(self, ip: str) -> str | None: ...


class NoGeo:
    """A lookup that knows nothing; for tests that do not care about geography."""

    def country(self, ip: str) -> str | None:
        return None

    def timezone(self, ip: str) -> str | None:
        return None


@dataclass(frozen=True, slots=True)
class CatalogueItem:
    """One of our products: its name, model numbers and keywords (English and Chinese)."""

    name: str
    models: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Context:
    """Everything besides the message that signals may read. Built once per grading run."""

    now: datetime
    our_domains: frozenset[str] = frozenset()  # registered domains of our company
    known_domains: frozenset[str] = frozenset()  # registered domains of known contacts
    # How we sign our mail: display names (lower-cased) on mail From our domains, such as
    # "lily chen"; a quote attribution naming one quotes our mail.
    our_names: frozenset[str] = frozenset()
    # The people we have written to, by display name (lower-cased, as ``our_names``): the
    # registered domains we wrote to them at. A known name From elsewhere may be an impostor.
    known_people: Mapping[str, frozenset[str]] = field(default_factory=dict)
    catalogue: tuple[CatalogueItem, ...] = ()
    trusted_networks: tuple[str, ...] = ()  # CIDR ranges of relays we trust (our MX, …)
    trusted_hosts: tuple[str, ...] = ()  # host-name glob patterns of relays we trust
    geo: GeoLookup = field(default_factory=NoGeo)
    learned: TokenModel | None = None  # what the clerk taught with `tradetriage learn`


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """A signal's registered name, the type of its value and what it means (for docs and
    ``rules check``, which refuses a rule that reads an unknown signal)."""

    name: str
    kind: str  # "bool", "int", "float", "str", "list"
    description: str


def clip(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """Evidence cut to ``limit`` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def distinct(items: Iterable[str], limit: int, width: int = 40) -> tuple[str, ...]:
    """The first ``limit`` different items, whitespace collapsed and cut to ``width``
    characters with "…" (so one phrase matched twice, or with other spacing, is listed
    once, and a quoted phrase never ends mid-word as if the mail said so)."""
    seen: dict[str, None] = {}
    for item in items:
        norm = clip(" ".join(item.split()), width)
        if norm:
            seen.setdefault(norm, None)
        if len(seen) >= limit:
            break
    return tuple(seen)


def under(host: str, domain: str) -> bool:
    """Whether ``host`` is ``domain`` or a host under it (mx.example.com under example.com)."""
    return host == domain or host.endswith("." + domain)


# Words of a department or a role, not of a person's name: "Customer Service", "Accounts
# Payable", "Sales Team", "No Reply" name whoever answers, at any company.
_ROLES = (
    "service services support team department dept accounts account payable receivable"
    " finance billing info information office admin reply noreply no-reply customer customers"
    " purchasing procurement export import marketing desk help helpdesk notification"
    " notifications mailer system orders order shipping logistics hr"
)
_ROLE_WORDS = frozenset(_ROLES.split())
# Chinese roles end in these ("销售部", "客服中心"): as a substring 部 is in 阿部, 服部.
_ROLE_ENDINGS_ZH = ("部", "客服", "财务", "財務", "销售", "銷售", "采购", "採購", "中心", "团队")


def name_key(display_name: str) -> str:
    """A display name to compare, lower-cased and without quotes: of two words or more, or of
    two CJK characters or more ("陈丽"); "" for a single word ("Sales", which names too many)
    or an address shown as a name."""
    words = " ".join(display_name.strip().strip("'\"").lower().split())
    if "@" in words:
        return ""
    if " " in words or (len(words) >= 2 and not words.isascii() and words.isalpha()):
        return words
    return ""


def person_name(display_name: str) -> str:
    """``name_key`` of a person's name; "" for a role's ("Customer Service", "销售部")."""
    key = name_key(display_name)
    if any(word in _ROLE_WORDS for word in key.split()):
        return ""
    if not key.isascii() and key.endswith(_ROLE_ENDINGS_ZH):
        return ""
    return key


def ascii_host(host: str) -> str:
    """A host name in the ASCII form DNS uses: ``müller-armaturen.de`` →
    ``xn--mller-armaturen-zvb.de`` (one domain, written two ways, compares as one; punycode
    also shows a clerk what a look-alike's letters hide). Lower-cased, without the dots at
    either end; a name that does not encode is returned lower-cased as it is."""
    host = host.strip().strip(".").lower()
    if host.isascii():
        return host
    # IDNA 2008 (the idna package), as registries and browsers now read names: Python's own
    # "idna" codec is IDNA 2003, which makes straße-armaturen.de strasse-armaturen.de.
    try:
        return idna.encode(host, uts46=True, transitional=False).decode("ascii")
    except (idna.IDNAError, UnicodeError):
        return host


def in_domains(host: str, domains: frozenset[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a host under one."""
    return any(under(host, d) for d in domains)
