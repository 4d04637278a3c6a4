"""Domain look-alike detection: does a domain imitate one we know without being it?

Impostors register domains a clerk reads as the real one: a swapped letter (rheinarrnatur.de),
a Cyrillic "а" in an IDN (xn--…), another TLD (rheinarmatur.com for rheinarmatur.de), or an added
word or hyphen (rheinarmatur-gmbh.de). Every check here works on the *registered* domain's label,
reduced to a "skeleton" in which characters that look alike are made equal, so one comparison
covers homoglyphs, "rn"/"m", "vv"/"w", "1"/"l" and "0"/"o" at once.

Pure functions, cached: the same sender domains and the same known-domain sets recur across a
mailbox, so each distinct (domain, known set) pair is compared once per process.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import idna
from confusable_homoglyphs import categories, confusables

from tradetriage.signals import domain
from tradetriage.signals.base import ascii_host
from tradetriage.signals.domain import is_freemail, split_suffix
from tradetriage.signals.geo import normalize_ip

# Multi-character look-alikes a reader confuses at a glance, applied after lower-casing.
_SEQUENCES = (("rn", "m"), ("vv", "w"))
_SINGLE = str.maketrans({"1": "l", "|": "l", "0": "o"})

# Edit-distance tolerance by label length: short labels differ legitimately in one letter
# (abb/abc), so distance 2 is only a look-alike once the label is long enough to be recognised.
_MIN_LABEL_FOR_DISTANCE = 5
_MIN_LABEL_FOR_DISTANCE_2 = 8
# A known label must be this long before "known label + another word" counts as imitation.
_MIN_LABEL_FOR_CONTAINMENT = 6
# Known names that are also what any host is called: "secure.example.net" imitates no
# contact at secure.de, though "rheinarmatur.example.net" imitates rheinarmatur.de.
_GENERIC_HOST_NAMES = frozenset(
    {
        # (Names under _MIN_LABEL_FOR_CONTAINMENT letters never match: not listed.)
        "online", "office", "secure", "server", "service", "services", "support", "global",
        "mailer", "webmail", "portal", "account", "accounts", "payment", "payments",
        "invoice", "system", "mobile", "static", "images", "public", "shared",
        "remote", "backup", "customer", "signin", "update", "verify",
    }
)  # fmt: skip


# Platforms that give each customer a sub-domain of its own (purchasing portals, help desks,
# shops, mailing services), besides those the Public Suffix List names: a customer's name
# there is its tenant (or anyone's), not a domain made to look like the customer's.
_TENANT_PLATFORMS = frozenset(
    {
        "coupahost.com", "zendesk.com", "salesforce.com", "force.com", "site.com",
        "sharepoint.com", "mailchimpapp.com", "freshdesk.com", "atlassian.net",
        "service-now.com", "ariba.com", "hubspot.com", "hs-sites.com",
        "okta.com", "onmicrosoft.com", "workday.com", "zohodesk.com", "egnyte.com",
        "sharefile.com", "box.com",
    }
)  # fmt: skip


def _is_tenant(host: str, reg: str) -> bool:
    """Whether ``host`` (registered domain ``reg``) is a customer's own sub-domain on a
    platform that gives each customer one (acme.zendesk.com, acme-my.sharepoint.com), or under
    any private suffix of the Public Suffix List (acme.web.app)."""
    return on_tenant_platform(reg) or domain.under_private_suffix(host)


def on_tenant_platform(reg: str) -> bool:
    """Whether ``reg`` is one of the business platforms that give each customer a sub-domain
    (SharePoint, Zendesk, Coupa …); not the free hosts anyone can take a name on."""
    return reg in _TENANT_PLATFORMS


@dataclass(frozen=True, slots=True)
class Lookalike:
    """A domain that imitates a known one: which, and how (for the clerk's explanation)."""

    domain: str  # the registered domain seen in the message
    imitates: str  # the known or own domain it looks like
    how: str  # "homoglyph", "swapped TLD", "added word", "hyphen", "edit distance 1", …

    @property
    def evidence(self) -> str:
        """One line a clerk reads: ``rheinarrnatur.de looks like rheinarmatur.de (homoglyph)``."""
        return f"{self.domain} looks like {self.imitates} ({self.how})"


# Called for every sender and link host: the same hosts recur across a mailbox.
@lru_cache(maxsize=16384)
def domain_or_host(host: str) -> str:
    """The registrable part of a host name (``mail.everbright-valve.com.cn`` →
    ``everbright-valve.com.cn``), lower-cased and in its ASCII (``xn--``) form; IP literals and
    bare names are returned as given, so that links and senders without a registrable domain
    can still be compared (where ``domain.registered_domain`` gives "")."""
    host = ascii_host(host)  # stripped and lower-cased too
    return domain.registered_domain(host) or host


def decode_idna(label: str) -> str:
    """The Unicode form of a punycode (``xn--``) label; the label itself when it is not one or
    does not decode (a broken label is still compared in its ASCII form)."""
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)  # IDNA 2008, as ``ascii_host`` encodes
    except (idna.IDNAError, UnicodeError):
        return label


@lru_cache(maxsize=4096)
def _ascii_lookalike(char: str) -> str:
    """The ASCII character a non-ASCII one is confusable with, or the character itself."""
    found = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True)
    if found:
        for glyph in found[0]["homoglyphs"]:
            target = str(glyph["c"])
            if target.isascii():
                return target.lower()
    return char


@lru_cache(maxsize=65536)
def skeleton(label: str) -> str:
    """The label as a reader perceives it: IDNA-decoded, homoglyphs mapped to ASCII,
    and look-alike sequences ("rn", "vv", "1", "0") folded, so impostors compare equal."""
    text = unicodedata.normalize("NFKC", decode_idna(label.lower())).lower()
    if not text.isascii():
        text = "".join(c if c.isascii() else _ascii_lookalike(c) for c in text)
    text = text.translate(_SINGLE)
    for seq, repl in _SEQUENCES:
        text = text.replace(seq, repl)
    return text


@lru_cache(maxsize=65536)
def mixed_script(label: str) -> bool:
    """Whether a (possibly punycode) label mixes writing systems, e.g. Latin with Cyrillic."""
    text = decode_idna(label.lower())
    if text.isascii():
        return False
    letters = "".join(c for c in text if c.isalpha())
    scripts = categories.unique_aliases(letters) - {"COMMON"}
    return len(scripts) > 1


def osa_distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance of two strings, or ``limit + 1``
    as soon as it is certain to exceed ``limit`` (callers only ask "within 1 or 2?")."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            best = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                best = min(best, prev2[j - 2] + 1)
            cur[j] = best
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return min(prev[len(b)], limit + 1)


@dataclass(frozen=True, slots=True)
class _Known:
    domain: str
    label: str
    skel: str
    flat: str  # skeleton without hyphens


class DomainIndex:
    """Known and own registered domains prepared once for fast look-alike checks."""

    def __init__(self, domains: frozenset[str]) -> None:
        self.domains = frozenset(domain_or_host(d) for d in domains if d.strip())
        self._entries: list[_Known] = []
        # Free-mail domains (a contact writing from gmail.com) are only matched by homoglyphs:
        # edit distance among short provider names (email.cn, gmail.com) flags honest mail.
        self._fuzzy: list[_Known] = []
        for dom in sorted(self.domains):
            label, _ = split_suffix(dom)
            skel = skeleton(label)
            entry = _Known(dom, label, skel, skel.replace("-", ""))
            self._entries.append(entry)
            if not is_freemail(dom):
                self._fuzzy.append(entry)
        self._by_flat: dict[str, list[_Known]] = {}
        for entry in self._entries:
            self._by_flat.setdefault(entry.flat, []).append(entry)
        # Names that, worn as a label of someone else's host, imitate a contact
        # (rheinarmatur.de-payments.com): long enough to be one company's, not a common
        # host name, not a free-mail provider's (matched only by homoglyph).
        self._names = {
            entry.flat: entry
            for entry in self._fuzzy
            if len(entry.flat) >= _MIN_LABEL_FOR_CONTAINMENT
            and entry.flat not in _GENERIC_HOST_NAMES
        }

    def __len__(self) -> int:
        return len(self.domains)

    def match(self, host: str) -> Lookalike | None:
        """The known domain ``host`` imitates without being it, or None."""
        return _match(ascii_host(host), self)

    def named_in(self, labels: str) -> str | None:
        """The known domain whose name is one of the dot-separated ``labels`` (as a reader
        sees it: skeletons compared, hyphens ignored), or None."""
        if not self._names:
            return None
        for label in labels.split("."):
            entry = self._names.get(skeleton(label).replace("-", "")) if label else None
            if entry is not None:
                return entry.domain
        return None


@lru_cache(maxsize=16)
def domain_index(domains: frozenset[str]) -> DomainIndex:
    """The index for one set of domains, built once per set (frozensets cache their hash)."""
    return DomainIndex(domains)


@lru_cache(maxsize=16384)
def _match(host: str, index: DomainIndex) -> Lookalike | None:
    if not host or normalize_ip(host) is not None or not index.domains:
        return None
    reg = domain_or_host(host)
    if reg in index.domains or is_freemail(reg):
        return None
    # "everbright-valve.cn.example.net": the known domain put in front of a foreign one;
    # "rheinarmatur.de-payments.com", "rheinarmatur.mail-secure.net": its name.
    if host != reg:
        for known in index.domains:
            if host.startswith(known + "."):
                return Lookalike(host, known, "known domain as sub-domain")
        if host.endswith("." + reg) and not _is_tenant(host, reg):
            named = index.named_in(host[: -len(reg) - 1])
            if named is not None:
                return Lookalike(host, named, "known name as sub-domain")
    label, _ = split_suffix(reg)
    skel = skeleton(label)
    flat = skel.replace("-", "")
    for entry in index._by_flat.get(flat, ()):
        how = _how_equal(label, skel, entry)
        if how in ("homoglyph", "mixed scripts") or not is_freemail(entry.domain):
            return Lookalike(reg, entry.domain, how)
    best: tuple[int, _Known] | None = None
    for entry in index._fuzzy:
        if len(entry.flat) >= _MIN_LABEL_FOR_CONTAINMENT and entry.flat in flat:
            return Lookalike(reg, entry.domain, "added word")
        if len(entry.skel) < _MIN_LABEL_FOR_DISTANCE:
            continue
        limit = 2 if len(entry.skel) >= _MIN_LABEL_FOR_DISTANCE_2 else 1
        dist = osa_distance(skel, entry.skel, limit)
        if dist <= limit and (best is None or dist < best[0]):
            best = (dist, entry)
    if best is not None:
        return Lookalike(reg, best[1].domain, f"edit distance {best[0]}")
    return None


def _how_equal(label: str, skel: str, entry: _Known) -> str:
    """Names the trick when the skeletons (without hyphens) are equal."""
    if label == entry.label:
        return "swapped TLD"
    if skel == entry.skel:
        return "mixed scripts" if mixed_script(label) else "homoglyph"
    return "hyphen"
