"""What a message's links show: the domain a link's text names against where it goes, bare IP
targets, user@ parts, odd ports and disguised hosts, brand or sender names worn by a stranger's
host, the domains a brand's mail links to instead of its own, HTML anchors that arrived as plain
text, the addresses a plain-text mail writes out, and messages that are little more than a link
or a picture.

A helper of ``phishing``, not a registered signal module: it produces no signals of its own.
Functions return plain findings (unclipped strings); ``phishing`` turns them into signals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import SplitResult, parse_qs, unquote, urlsplit

from tradetriage.mail.records import Link, ParsedMessage
from tradetriage.signals.brands import BrandHit, brand_of_host_token, is_brand_label, owns_domain
from tradetriage.signals.domain import is_freemail, split_suffix, under_private_suffix
from tradetriage.signals.geo import is_public_ip, normalize_ip
from tradetriage.signals.lookalike import domain_or_host, on_tenant_platform

_HOST_SPLIT = re.compile(r"[.-]")
_MIN_SENDER_TOKEN = 5
# Fewer words than this beside links or a picture: the message is its picture or its button.
_BARE_WORDS = 20
_BARE_WORDS_LINKS_ONLY = 8
_BARE_SCAN = 600
# Phishers send HTML as text/plain; its anchors then only exist as text.
_RAW_SCAN = 8_000
_RAW_ANCHOR = re.compile(
    r"<a\s[^>]{0,300}?href\s*=\s*[\"']?\s*([^\"'\s>]{1,500})[^>]{0,300}>(.{0,300}?)</a",
    re.IGNORECASE | re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")
_NORMAL_PORTS = frozenset({80, 443})
# An IP address written as one number or in hex or octal parts (0xd1.0x55.0x8c.0x5a).
_NUMERIC_HOST = re.compile(
    r"\d{7,10}|(?:(?:0x[0-9a-f]+|\d+)\.){0,3}0x[0-9a-f]+(?:\.(?:0x[0-9a-f]+|\d+)){0,3}"
)
# A web address written out in plain text runs on to where prose or markup resumes.
_URL_REST = re.compile(r"[^\s<>\"'()\[\]]{1,300}")
_MAX_WRITTEN = 50
_URL_TEXT = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?",
)
# File extensions that are top-level domains too: "catalogue.zip" shown is a file's name.
_FILE_EXTENSION_TLDS = frozenset({"zip", "mov", "py", "sh"})
_PROOFPOINT_ESCAPE = re.compile(r"-([0-9A-Fa-f]{2})")
# A brand's short-link domains and the domains they open: wa.me opens api.whatsapp.com.
_SHORT_LINK_TARGETS: dict[str, frozenset[str]] = {
    "wa.me": frozenset({"whatsapp.com"}),
    "1drv.ms": frozenset({"live.com", "onedrive.com", "sharepoint.com"}),
    "aka.ms": frozenset({"microsoft.com"}),
    "goo.gl": frozenset({"google.com"}),
    "g.co": frozenset({"google.com"}),
    "youtu.be": frozenset({"youtube.com"}),
    "fb.me": frozenset({"facebook.com", "messenger.com"}),
    "m.me": frozenset({"facebook.com", "messenger.com"}),
    "amzn.to": frozenset({"amazon.com"}),
}


@dataclass(frozen=True, slots=True)
class LinkHosts:
    """Where links really go: bare IPs, link tricks, and hosts wearing a borrowed name."""

    ips: list[str]
    tricks: list[str]
    borrowed: list[str]
    # Of ``borrowed``, those whose registered domain itself wears a brand (we-transfer-files.net;
    # not wetransfer.zendesk.com, the brand's help desk), with the brand: (entry, brand).
    registered_brands: list[tuple[str, str]]
    # Hosts that spell a brand's or a mail provider's whole domain in front of their own.
    fronted: list[str]
    # Hosts anyone can publish on, serving a file (a PO, an invoice, "evidence").
    files: list[str]


def raw_html_links(body: str) -> tuple[Link, ...]:
    """Anchors of HTML that arrived as plain text (a text/plain part full of ``<a href>``),
    which the parser leaves in the body text instead of the links."""
    chunk = body[:_RAW_SCAN]
    # Substring tests, not a case-blind regex: this runs over every long body.
    if "<a" not in chunk and "<A" not in chunk:
        return ()
    found: list[Link] = []
    for match in _RAW_ANCHOR.finditer(chunk):
        found.append(Link(" ".join(_TAG.sub(" ", match.group(2)).split()), match.group(1)))
        if len(found) >= 50:
            break
    return tuple(found)


def mismatched_links(links: tuple[Link, ...], limit: int) -> list[str]:
    """Up to ``limit`` links that show one domain and go to another, or go to a bare IP."""
    bad: list[str] = []
    for link in links:
        problem = _link_problem(link)
        if problem:
            bad.append(problem)
            if len(bad) >= limit:
                break
    return bad


def link_hosts(
    links: tuple[Link, ...],
    text_links: tuple[Link, ...],
    sender_domain: str,
    limit: int,
    ours: tuple[frozenset[str], ...] = (),
) -> LinkHosts:
    """Where links really go: bare IPs (also up to ``limit`` public ones among ``text_links``,
    the addresses ``text_urls`` found written in the text), user@ parts and odd ports, and
    hosts wearing a brand's or the sender's name under someone else's domain, or spelling a
    well-known domain or one in ``ours`` (sets of our own and known contacts' domains) in
    front. A mail without
    links (plain text) is read by its written addresses instead: there only public IPs count,
    and an odd port is an address quoted (http://localhost:8080/), not a trick."""
    written = not links
    if written:
        links = text_links
    sender_label = split_suffix(sender_domain)[0] if sender_domain else ""
    if len(sender_label) < _MIN_SENDER_TOKEN or is_freemail(sender_domain):
        sender_label = ""
    # The sender's own domain in front of another is its name borrowed too (the fake
    # cloud-fax notice's efax-cloud-jp.com.docview-secure.click).
    senders = frozenset({sender_domain}) if sender_domain else frozenset()
    ips: list[str] = []
    tricks: list[str] = []
    borrowed: list[str] = []
    registered_brands: list[tuple[str, str]] = []
    fronted: list[str] = []
    files: list[str] = []
    for link in links[:100]:
        href = unwrapped(link.href)
        parts = _url_parts(href)
        if parts is None:
            continue
        host, trick = parts
        if trick and not (written and trick.startswith("port ")):
            tricks.append(trick)
        if normalize_ip(host) is not None:
            if not written or is_public_ip(host):
                ips.append(host)
            continue
        name = borrowed_name(host, sender_label)
        if name:
            borrowed.append(f"{host} ({name})")
            if borrowed_name(domain_or_host(host)) == name:
                registered_brands.append((borrowed[-1], name))
        # ... and so is the domain the link's own text shows ("https://www.singlewindow.cn"
        # over swapp-singlewindow.cn.check-gov.top).
        shown = shown_domain_of(link.text) if link.text and not written else ""
        front = domain_in_front(host, ours, senders | {shown} if shown else senders)
        if front:
            fronted.append(f"{host} ({front} in front)")
        if _file_on_free_host(href, host):
            files.append(host)
    if not written:
        ips.extend(_text_ip_urls(text_links, limit))
    return LinkHosts(ips, tricks, borrowed, registered_brands, fronted, files)


# What names a file in a link's path: a document's or an archive's extension, or the sharing
# service a phishing kit's file viewer pretends to be ("/onedrive/PC-25-0419").
_FILE_ENDINGS = (
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".rar", ".7z", ".svg", ".shtml", ".iso",
    ".img", ".exe", ".lnk",
)  # fmt: skip
_SHARE_WORDS = ("onedrive", "sharepoint", "dropbox", "wetransfer", "docusign", "office365")


def _file_on_free_host(href: str, host: str) -> bool:
    """Whether ``href`` serves a file from a host anyone can publish on (web.app, pages.dev,
    r2.dev, IPFS): no company shares its papers from there, a phishing kit's viewer does."""
    parts = _split_web(href)
    if parts is None:
        return False
    path = parts.path.lower()
    if not path.endswith(_FILE_ENDINGS) and not any(word in path for word in _SHARE_WORDS):
        return False
    return is_free_host(host)


@lru_cache(maxsize=16384)
def is_free_host(host: str) -> bool:
    """Whether anyone can publish on ``host``: an IPFS gateway, or a name under a private
    suffix of the Public Suffix List (acme-invoice.web.app, pub-4e8a.r2.dev)."""
    return domain_or_host(host) in _ANYONES_HOSTS or under_private_suffix(host)


def domain_in_front(
    host: str, ours: tuple[frozenset[str], ...] = (), named: frozenset[str] = frozenset()
) -> str:
    """The well-known domain (a brand's, a mail provider's, one in ``ours``: sets of our own
    and our contacts' domains, or one in ``named``: the sender's, the link text's) that
    ``host`` spells as its first labels while registered elsewhere:
    login.alibaba.com.msg-center.cn-notify.top gives alibaba.com,
    everbright-valve.cn.mailbox-upgrade.cn everbright-valve.cn; "" when none. A reader sees
    the host's start; only its end says whose it is. (A CDN or translation proxy writes the
    name with hyphens, www-paypal-com.translate.goog, not as a domain.)"""
    domain = domain_or_host(host)
    if not host.endswith("." + domain) or any(domain in domains for domains in ours):
        return ""
    spelled = (*ours, named)
    labels = host[: -len(domain) - 1].split(".")
    for i in range(len(labels) - 1):
        for end in range(i + 2, min(i + 4, len(labels) + 1)):
            candidate = ".".join(labels[i:end])
            label, suffix = split_suffix(candidate)
            if not suffix:
                continue
            if label == labels[i] and (
                is_brand_label(label)
                or is_freemail(candidate)
                or any(candidate in domains for domains in spelled)
            ):
                return candidate
            # One of ``ours`` or ``named`` after a hyphened prefix:
            # swapp-singlewindow.cn.check-gov.top.
            tail = candidate
            while "-" in tail.split(".", 1)[0]:
                tail = tail.split("-", 1)[1]
                if any(tail in domains for domains in spelled):
                    return tail
    return ""


# Gateways that serve anyone's pages by path (IPFS); the Public Suffix List's private suffixes
# (web.app, netlify.app, pages.dev …) name the hosts where anyone takes a sub-domain.
_ANYONES_HOSTS = frozenset({"ipfs.io", "pinata.cloud", "w3s.link", "nftstorage.link"})


def recipient_links(
    links: tuple[Link, ...],
    recipients: frozenset[str],
    skip_domains: frozenset[str],
    limit: int,
) -> list[str]:
    """Hosts of links whose address carries one of ``recipients`` (lower-cased addresses),
    marked "(free host)" where anyone can publish: a phishing kit fills in its victim's
    address. Links to ``skip_domains`` (the sender's, ours) are not read, nor a wrapper's own
    parameters (Safe Links names the recipient in every link it wraps), only what it wraps."""
    found: list[str] = []
    for link in links[:100]:
        if not may_carry_address(link.href):
            continue
        href = unwrapped(link.href)
        if not may_carry_address(href):
            continue
        text = unquote(unquote(href)).lower()
        if not any(_names_address(text, address) for address in recipients):
            continue
        host = href_host(href)
        if host is None:
            continue
        if domain_or_host(host) in skip_domains:
            continue
        entry = f"{host} (free host)" if is_free_host(host) else host
        if entry not in found:
            found.append(entry)
            if len(found) >= limit:
                break
    return found


def may_carry_address(href: str) -> bool:
    """Whether a link may hold an e-mail address (plain, or percent-encoded once or twice)."""
    return "@" in href or "%40" in href or "%2540" in href


def _names_address(text: str, address: str) -> bool:
    """Whether ``address`` stands in ``text`` as a whole address (not the end of xlily@…)."""
    at = text.find(address)
    while at >= 0:
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] in "._%+-"):
            return True
        at = text.find(address, at + 1)
    return False


def text_urls(body: str) -> tuple[Link, ...]:
    """Web addresses written out in the start of the text (a plain-text mail's links), as
    links whose text is the address itself."""
    chunk = body[:_RAW_SCAN]
    found: list[Link] = []
    # "://" by substring and the pattern only there: a regex scan of every long body would
    # cost more than the rest of the phishing checks.
    pos = chunk.find("://")
    while pos >= 0 and len(found) < _MAX_WRITTEN:
        scheme = chunk[max(0, pos - 5) : pos].lower()
        if scheme.endswith(("http", "https")):
            start = pos - (5 if scheme == "https" else 4)
            rest = _URL_REST.match(chunk, pos + 3)
            if rest is not None:
                url = chunk[start : rest.end()]
                found.append(Link(url, url))
        pos = chunk.find("://", pos + 3)
    return tuple(found)


def offsite_domains(
    links: tuple[Link, ...], text_links: tuple[Link, ...], claim: BrandHit, limit: int
) -> list[str]:
    """Where the links of mail claiming a brand go instead of the brand's own domains: for a
    listed brand every domain it does not own, for another claim all of them when none
    carries the claim's name; [] when the links stay with the brand. A plain-text mail's
    written-out addresses count as its links, except under a claim that rests only on the
    From domain (staff of a brand write plain text and link to anything)."""
    if not links and not claim.by_domain:
        links = text_links
    hrefs = (unwrapped(link.href) for link in links[:100])
    hosts = {host for host in map(href_host, hrefs) if host}
    domains = sorted({domain_or_host(host) for host in hosts})
    owned = [owns_domain(claim, domain) for domain in domains]
    if not domains or None in owned or (not claim.labels and any(owned)):
        return []
    return [domain for domain, own in zip(domains, owned, strict=True) if not own][:limit]


def links_elsewhere(links: tuple[Link, ...], *home: str) -> bool:
    """Whether a link goes to a web host outside the ``home`` domains (the sender's), read
    through the rewriting of mail gateways as ``offsite_domains`` reads it."""
    for link in links[:100]:
        host = href_host(unwrapped(link.href))
        if host and domain_or_host(host) not in home:
            return True
    return False


def bare_links(msg: ParsedMessage, links: tuple[Link, ...]) -> str | None:
    """What shows the message is a picture or a button (links or an image with hardly any
    words), or None when it has words enough or nothing to click."""
    images = [a for a in msg.attachments if a.content_type.lower().startswith("image/")]
    web = [link for link in links if href_host(link.href)]
    if not web and not images:
        return None
    words = len(msg.body_text[:_BARE_SCAN].split())
    # A short note with a link is ordinary; beside a picture, a few lines say nothing.
    if words >= (_BARE_WORDS if images else _BARE_WORDS_LINKS_ONLY):
        return None
    what = f"{len(images)} image(s)" if images else f"{len(web)} link(s)"
    return f"{what} and only {words} words of text"


# Gateways whose rewritten links carry their target in a token: where such a link goes is
# unknown here, so it is no mismatch (nor vouched for).
_OPAQUE_GATEWAYS = ("mimecast.com",)


def _link_problem(link: Link) -> str | None:
    host = href_host(unwrapped(link.href))
    if host is None or host.endswith(_OPAQUE_GATEWAYS):
        return None
    if normalize_ip(host) is not None:
        return f"link to IP address {host}"
    # domain_or_host gives IDN domains in their ASCII (xn--) form, so a link shown in Unicode
    # and written in punycode compares equal.
    target = domain_or_host(host)
    shown_domain = shown_domain_of(link.text)
    if not shown_domain or shown_domain == target:
        return None
    if target in _SHORT_LINK_TARGETS.get(shown_domain, ()) or shown_domain in (
        _SHORT_LINK_TARGETS.get(target, ())
    ):
        return None
    return f"shows {shown_domain}, goes to {target}"


# Cached: ``mismatched_links`` and ``link_hosts`` read the same links of a message.
@lru_cache(maxsize=1024)
def shown_domain_of(text: str) -> str:
    """The domain a link's text shows when it is a web address ("https://www.singlewindow.cn"
    gives singlewindow.cn), else ""."""
    # Link text may be a rewritten address itself (pasted from a mail a gateway rewrote).
    shown = unwrapped(text.strip().strip("<>()[]'\".,;:")).lower()
    if not shown or len(shown) > 200 or not _URL_TEXT.fullmatch(shown) or _is_file_name(shown):
        return ""
    shown_host = href_host(shown if "://" in shown else "http://" + shown)
    if not shown_host or "@" in shown:
        return ""
    domain = domain_or_host(shown_host)
    return domain if split_suffix(domain)[1] else ""


def _is_file_name(shown: str) -> bool:
    """Link text that names a file, not a site ("Drawings_PO4500123.zip", "drawings.mov"):
    no scheme, no www, no path, and a host no site has (an underscore) or a file extension
    that is also a top-level domain."""
    if "/" in shown or shown.startswith("www."):
        return False
    return "_" in shown or shown.rsplit(".", 1)[-1] in _FILE_EXTENSION_TLDS


# Longer links are no gateway's: reading their query would cost milliseconds each.
_MAX_WRAPPED = 4_096


@lru_cache(maxsize=16384)
def unwrapped(href: str) -> str:
    """The link a mail gateway's rewritten link leads to (Microsoft Safe Links, Proofpoint
    URL Defense, Barracuda, Google's redirect), or ``href`` itself. The gateway sends the
    reader on to the address it carries, so that address is where the link goes; one that
    names no web host of its own ("https:\\evil.com", which a browser still follows) leaves
    the gateway's address standing. (Mimecast's links follow a token, not the ``domain=``
    anyone can edit: they stay as they are.)"""
    if len(href) > _MAX_WRAPPED:
        return href
    for _ in range(3):  # a link may pass through more than one gateway
        parts = _split_web(href)
        host = parts.hostname if parts is not None else None
        if parts is None or not host:
            return href
        inner = _gateway_target(host, parts, href)
        if not inner or inner == href or not href_host(inner):
            return href
        href = inner
    return href


def _gateway_target(host: str, parts: SplitResult, href: str) -> str | None:
    """The address a gateway's link carries, or None when ``host`` is no gateway's."""
    if host.endswith(".safelinks.protection.outlook.com"):
        return _query_value(parts.query, "url")
    if host in ("urldefense.com", "urldefense.proofpoint.com"):
        start = href.find("/v3/__")
        if start >= 0:
            end = href.find("__;", start + 6)
            return href[start + 6 : end if end >= 0 else None]
        value = _query_value(parts.query, "u")
        if value and parts.path.startswith("/v2/"):
            # v2 writes "/" as "_" and escapes as "-3A" for "%3A".
            value = unquote(_PROOFPOINT_ESCAPE.sub(r"%\1", value.replace("_", "/")))
        return value
    if host == "linkprotect.cudasvc.com":
        return _query_value(parts.query, "a")
    if host in ("www.google.com", "google.com") and parts.path == "/url":
        return _query_value(parts.query, "q") or _query_value(parts.query, "url")
    return None


def _query_value(query: str, name: str) -> str | None:
    # Two different targets in one link: which the gateway follows is not ours to guess.
    values = set(parse_qs(query).get(name, ())) if query else set()
    return values.pop().strip() if len(values) == 1 else None


@lru_cache(maxsize=16384)
def _split_web(href: str) -> SplitResult | None:
    """The parts of a web link (``www.`` taken as http://); None for other schemes and for
    what does not split."""
    href = href.strip()
    lowered = href.lower()
    if lowered.startswith("www."):
        href = "http://" + href
    elif not lowered.startswith(("http://", "https://")):
        return None
    try:
        return urlsplit(href)
    except ValueError:
        return None


@lru_cache(maxsize=16384)
def href_host(href: str) -> str | None:
    """The host a web link really goes to (after any user@ part); None for other schemes."""
    parts = _split_web(href)  # _split_web has caught urlsplit's ValueError; hostname raises none
    host = parts.hostname if parts is not None else None
    return host.strip(".") if host else None


def _text_ip_urls(text_links: tuple[Link, ...], limit: int) -> list[str]:
    """Public IP addresses among the web addresses written in the text
    (http://203.0.113.9/login)."""
    found: list[str] = []
    for link in text_links:
        # Only where a digit follows the scheme: most written addresses are names.
        if link.href[link.href.find("://") + 3 :][:1].isdigit():
            host = href_host(link.href)
            if host is not None and is_public_ip(host):
                found.append(host)
                if len(found) >= limit:
                    break
    return found


@lru_cache(maxsize=16384)
def _url_parts(href: str) -> tuple[str, str] | None:
    """(host, trick) of a web link; trick names a user@ part or an unusual port, else ""."""
    host = href_host(href)
    parts = _split_web(href)
    if host is None or parts is None:
        return None
    try:
        port = parts.port
    except ValueError:
        return host, ""
    if parts.username is not None:
        return host, f"user@ part before {host}"
    if "%" in host or _NUMERIC_HOST.fullmatch(host):
        # http://%77%77%77.example.com/, http://3512041827/: written so no reader sees the host.
        return host, f"disguised host {host[:40]}"
    if port is not None and port not in _NORMAL_PORTS:
        return host, f"port {port} on {host}"
    return host, ""


def _hyphened_runs(head: str) -> list[str]:
    """The runs of two or more hyphen-joined words in a host's labels, longest first: a brand
    whose own label holds a hyphen (made-in-china, in made-in-china-mail.com) is none of the
    words a hyphen splits."""
    runs: list[str] = []
    for label in head.split("."):
        if "-" not in label:
            continue
        words = label.split("-")
        for size in range(len(words), 1, -1):
            runs.extend("-".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return runs


@lru_cache(maxsize=16384)
def borrowed_name(host: str, sender_label: str = "") -> str:
    """The brand label or sender label a host carries as a whole word (paypal.server4566.com,
    online-banking-southtrust.com) while registered elsewhere; "" when it carries none."""
    domain = domain_or_host(host)
    label, suffix = split_suffix(domain)
    if not suffix or is_brand_label(label) or (sender_label and label == sender_label):
        return ""
    head = host[: -len(suffix) - 1] if host.endswith("." + suffix) else host
    # Runs of hyphened words name brands only (made-in-china): a company's own other domains
    # (kessler-pumpen-group.com for kessler-pumpen.de) are no borrowed sender's name.
    for run in _hyphened_runs(head):
        # The brand's own label split by a hyphen (we-transfer, docu-sign) is the brand too.
        brand = brand_of_host_token(run) or brand_of_host_token(run.replace("-", ""))
        if brand is not None:
            return brand
    # The sender's own name on a business platform that gives each customer a sub-domain is
    # its own share (acme-my.sharepoint.com, every OneDrive for Business link), not a borrowed
    # one. A free host (acme-invoice.web.app) is anyone's: the name there still counts.
    own_tenant = bool(sender_label) and on_tenant_platform(domain)
    # A hyphened sender's name whole, as one label: "harwellstrand-ip.sharefile-docs.net" for
    # harwellstrand-ip.com (its words alone are split apart below).
    if "-" in sender_label and not own_tenant and sender_label in head.split("."):
        return f"sender's name {sender_label}"
    for token in _HOST_SPLIT.split(head):
        brand = brand_of_host_token(token)
        if brand is not None:
            return brand
        if sender_label and token == sender_label and not own_tenant:
            return f"sender's name {sender_label}"
    return ""
