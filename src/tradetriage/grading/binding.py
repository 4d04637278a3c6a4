"""Which contact a sender's address belongs to: contacts, not mailboxes.

One buyer writes from the company address and from Gmail on the road; a company has several
buyers whom the clerk handles as one customer. A new address joins an existing contact when
  - it is on the same company domain (not a free-mail domain), or
  - it is a free-mail address whose signature carries a phone number or a company website
    already known for a contact (the Gmail address with the same signature as the company
    address). Company addresses never bind by signature: a phisher's look-alike domain copies
    the customer's signature.
Otherwise it starts a new contact. Addresses once bound stay where they are, so contact identity
is stable; only the clerk moves or merges them (``tradetriage contact link``).
Pure: the index is filled from the store by the caller.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Why an address belongs to its contact: stored in English (``contact show --json`` gives it
# as stored), shown in the clerk's language. "{}" is the domain, phone or website that matched.
WHY = {
    "new": ("new contact", "新联系人"),
    "domain": ("same company domain {}", "公司域名相同：{}"),
    "phone": ("same phone {} in the signature", "签名中的电话相同：{}"),
    "website": ("same website {} in the signature", "签名中的网站相同：{}"),
    "site": ("signature names the company site {}", "签名写有公司网站：{}"),
    "user": ("linked by you", "由你关联"),
}
_STORED = tuple(
    (re.compile(re.escape(en).replace(r"\{\}", "(.+)") + r"\Z"), zh) for en, zh in WHY.values()
)


def why_text(why: str, language: str) -> str:
    """A stored reason (see ``WHY``) in ``language``; one it does not know, as stored."""
    if language != "zh":
        return why
    for stored, shown in _STORED:
        found = stored.match(why)
        if found:
            return shown.format(*found.groups())
    return why


@dataclass(frozen=True, slots=True)
class AddressInfo:
    """What binding knows of one external address, gathered from its messages."""

    addr: str
    domain: str  # registered domain
    freemail: bool
    phones: frozenset[str] = frozenset()  # E.164 numbers from its signatures
    websites: frozenset[str] = frozenset()  # registered domains of websites in its signatures
    # At our own domain: only mail that spoofed it makes such an address a contact, and it
    # identifies nobody else (our domain, phones and website are not the spoofer's).
    ours: bool = False


@dataclass
class ContactIndex:
    """Known contacts by company domain, phone number and website, for binding new addresses."""

    by_domain: dict[str, int] = field(default_factory=dict)
    by_phone: dict[str, int] = field(default_factory=dict)
    by_website: dict[str, int] = field(default_factory=dict)

    def add(self, info: AddressInfo, contact: int) -> None:
        """Remember what identifies ``contact``; the first contact to claim a key keeps it."""
        if info.ours:
            return
        if not info.freemail and info.domain:
            self.by_domain.setdefault(info.domain, contact)
        for phone in info.phones:
            self.by_phone.setdefault(phone, contact)
        for site in info.websites:
            self.by_website.setdefault(site, contact)

    def match(self, info: AddressInfo) -> tuple[int, str] | None:
        """The contact this address belongs to and why, or None for a new contact."""
        if info.ours:
            return None
        if not info.freemail:
            # A company address binds by its domain only: a look-alike domain that copied a
            # customer's signature (phishing) must stay a contact of its own.
            if info.domain in self.by_domain:
                return self.by_domain[info.domain], WHY["domain"][0].format(info.domain)
            return None
        for phone in sorted(info.phones):
            if phone in self.by_phone:
                return self.by_phone[phone], WHY["phone"][0].format(phone)
        for site in sorted(info.websites):
            if site in self.by_website:
                return self.by_website[site], WHY["website"][0].format(site)
            if site in self.by_domain:
                return self.by_domain[site], WHY["site"][0].format(site)
        return None


def bind(
    new: Iterable[AddressInfo], index: ContactIndex, next_id: int
) -> list[tuple[AddressInfo, int, str]]:
    """Assign each new address a contact: (info, contact id, why). New contacts get ids from
    ``next_id`` up. The index is updated as addresses bind, so a batch binds consistently."""
    assigned: list[tuple[AddressInfo, int, str]] = []
    for info in sorted(new, key=lambda i: (i.freemail, i.addr)):
        found = index.match(info)
        if found is None:
            contact, why = next_id, WHY["new"][0]
            next_id += 1
        else:
            contact, why = found
        index.add(info, contact)
        assigned.append((info, contact, why))
    return assigned
