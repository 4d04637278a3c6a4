"""Phishing cues: impostor domains, failed authentication, bank-detail changes, credential
requests, links that lie about where they go, and brands named by strangers.

Authentication results are only believed when *our* side wrote them: the top-most
Authentication-Results header (added by the last server, ours) or any whose authserv-id is one of
our hosts. A sender can write any "spf=pass" lower down, so those are ignored.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from tradetriage.mail.records import Address, Link, ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec
from tradetriage.signals.domain import is_freemail
from tradetriage.signals.lookalike import (
    Lookalike,
    domain_index,
    is_ip,
    registered_domain,
    split_registered,
)
from tradetriage.signals.phrases import Phrasebook, prepare, prepare_text

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "phishing.lookalike",
        "str",
        "the known or own domain that the From or Reply-To domain imitates without being it",
    ),
    SignalSpec(
        "phishing.reply_to_lookalike",
        "bool",
        "the Reply-To domain imitates the From domain (asda.co.uk → asdaa-stores.co.uk)",
    ),
    SignalSpec(
        "phishing.display_name_addr",
        "bool",
        "the From display name shows an e-mail address other than the real sender's",
    ),
    SignalSpec(
        "phishing.auth_fail",
        "list",
        "failed checks our servers recorded: spf=fail, spf=softfail, dkim=fail, dmarc=fail …",
    ),
    SignalSpec("phishing.dmarc_fail", "bool", "our servers recorded dmarc=fail"),
    SignalSpec(
        "phishing.bank_change",
        "list",
        "says bank details changed: 'new bank account', 'pay to the new account', 变更银行账户 …",
    ),
    SignalSpec(
        "phishing.credential_request",
        "list",
        "asks to verify an account, confirm a password, or log in to avoid suspension",
    ),
    SignalSpec(
        "phishing.link_mismatch",
        "list",
        "HTML links whose visible URL names another domain than the target, or that go to an IP",
    ),
    SignalSpec(
        "phishing.brand_impersonation",
        "str",
        "a bank, payment, courier or software brand named by a sender outside that brand's domains",
    ),
)

_MAX_ITEMS = 5
_EVIDENCE_CHARS = 120

# (trigger words, pattern) per family, as in fraud.py: a pattern runs only near its triggers.
_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    "bank_change": (
        (
            "bank banking beneficiary receiving remittance payment",
            r"\b(?:our|the|my) (?:bank(?:ing)?|beneficiary|receiving|remittance|payment) "
            r"(?:account |details |information |info |instructions )?(?:has|have) "
            r"(?:been |just )?(?:changed|updated|modified)\b",
        ),
        (
            "bank banking beneficiary receiving remittance",
            r"\bnew (?:bank(?:ing)?|beneficiary|receiving|remittance) (?:account|details|"
            r"information|instructions)\b",
        ),
        (
            "bank banking beneficiary receiving remittance",
            r"\b(?:change|changes|update|updated|modified) (?:of |in |to )?(?:our|the|my) "
            r"(?:bank(?:ing)?|beneficiary|payment|remittance|receiving) (?:account|details|"
            r"information|instructions)\b",
        ),
        (
            "account",
            r"\b(?:pay|remit|transfer|send|wire)(?:ing)? (?:the |all )?(?:payments? |balance |"
            r"funds? |money |invoices? |amount )?(?:to|into|via) (?:our|the|this) (?:new|other|"
            r"alternative|alternate|different|second|offshore) (?:bank )?account\b",
        ),
        (
            "bank banking remittance wire",
            r"\bupdated (?:bank(?:ing)?|remittance|payment|wire) (?:details|instructions|"
            r"information)\b",
        ),
        (
            "account",
            r"\b(?:old|previous|former|usual|existing) (?:bank )?account (?:is|has been|was) "
            r"(?:closed|frozen|suspended|blocked|under (?:audit|review|investigation))\b",
        ),
        (
            "account",
            r"\bdo not (?:pay|remit|send|transfer) (?:to|into) (?:the|our) (?:old|previous|"
            r"former|usual) (?:bank )?account\b",
        ),
        (
            "账户 帐户",
            r"变更银行账户|银行账户变更|账户变更|更改(?:了)?(?:银行)?账户|新账户|新的(?:银行)?账户|"
            r"新(?:的)?收款账户|收款账户(?:已)?变更|(?:旧|原)账户(?:已)?(?:冻结|停用|关闭)|"
            r"汇(?:到|至|入)(?:新|另一个|以下)账户",
        ),
    ),
    "credential_request": (
        (
            "verify",
            r"\bverify (?:your|the) (?:account|identity|information|details|e-?mail|mailbox|"
            r"password|login)\b",
        ),
        (
            "confirm",
            r"\bconfirm (?:your|the) (?:account|password|identity|information|details|billing|"
            r"login|credentials)\b",
        ),
        (
            "update",
            r"\bupdate (?:your|the) (?:account|billing|payment|personal) (?:information|details|"
            r"records)\b",
        ),
        (
            "full exceeded reached",
            r"\b(?:your|the) (?:mailbox|mail box|inbox|e-?mail account|e-?mail box) (?:is|has) "
            r"(?:full|almost full|exceeded|reached)\b",
        ),
        ("quota", r"\b(?:mailbox|e-?mail|account|storage) quota\b"),
        (
            "suspension closure deactivation termination suspended closed locked",
            r"\bavoid (?:account |your account )?(?:suspension|closure|deactivation|termination|"
            r"being (?:suspended|closed|locked))\b",
        ),
        (
            "suspended locked limited restricted closed deactivated terminated disabled",
            r"\b(?:account|access) (?:will be|has been|is|may be) (?:temporarily )?(?:suspended|"
            r"locked|limited|restricted|closed|deactivated|terminated|disabled)\b",
        ),
        (
            "reenter enter validate revalidate reactivate activate reconfirm",
            r"\b(?:re-?enter|re-?validate|re-?activate|revalidate|reconfirm|re-?confirm) (?:your )?"
            r"(?:account|password|information|details|login|mailbox)\b",
        ),
        ("unusual", r"\bunusual (?:sign-?in|log-?in|activity)\b"),
        (
            "unauthorized unauthorised",
            r"\bunauthori[sz]ed (?:access|log-?in|activity|transactions?)\b",
        ),
        (
            "click",
            r"\bclick (?:here|the link|the button|below) to (?:verify|confirm|update|validate|"
            r"log ?in|sign ?in|restore|unlock|reactivate)\b",
        ),
        ("enter", r"\benter your (?:password|pin|login|credentials|user ?name)\b"),
        ("expire expires expired", r"\bpassword (?:will )?expire[sd]?\b"),
        ("upgrade validate", r"\b(?:upgrade|validate) your (?:mailbox|e-?mail|account)\b"),
        (
            "验证 密码 邮箱 账户 帐户 激活",
            r"验证(?:您的)?(?:账户|帐户|邮箱)|确认(?:您的)?密码|邮箱(?:已满|容量已满|空间不足)|"
            r"(?:账户|帐户)(?:将被|已被)(?:冻结|停用|暂停|关闭)|输入(?:您的)?密码|密码(?:即将)?过期|"
            r"重新(?:验证|激活)",
        ),
    ),
}
_CUES = Phrasebook(_PHRASES)


@dataclass(frozen=True, slots=True)
class _Brand:
    name: str
    triggers: str  # words (or CJK strings) that must occur before the pattern is tried
    pattern: str  # matched against lower-cased display names and subjects
    labels: frozenset[str]  # registered-domain labels the brand really sends from
    topics: str = r"account|security|verif|suspend|confirm|password|log ?in|sign ?in|alert|unusual"


_SHIPPING = r"shipment|parcel|package|delivery|tracking|awb|waybill|consignment"
_BRANDS: tuple[_Brand, ...] = (
    _Brand("PayPal", "paypal pay", r"\bpay ?pal\b", frozenset({"paypal", "paypal-communication"})),
    _Brand("eBay", "ebay", r"\bebay\b", frozenset({"ebay", "ebay-kleinanzeigen"})),
    _Brand("Amazon", "amazon", r"\bamazon\b", frozenset({"amazon", "amazonses", "amazonaws"})),
    _Brand(
        "Apple",
        "apple icloud itunes",
        r"\bapple ?id\b|\bicloud\b|\bitunes\b",
        frozenset({"apple", "icloud"}),
    ),
    _Brand(
        "Microsoft",
        "microsoft office outlook onedrive sharepoint",
        r"\bmicrosoft\b|\boffice ?365\b|\boutlook\b|\bonedrive\b|\bsharepoint\b",
        frozenset({"microsoft", "office", "office365", "outlook", "live", "hotmail", "msn"}),
    ),
    _Brand(
        "Google", "google gmail", r"\bgoogle\b|\bgmail\b", frozenset({"google", "gmail", "youtube"})
    ),
    _Brand("Adobe", "adobe", r"\badobe\b", frozenset({"adobe"})),
    _Brand("DocuSign", "docusign docu", r"\bdocu ?sign\b", frozenset({"docusign"})),
    _Brand("Dropbox", "dropbox", r"\bdropbox\b", frozenset({"dropbox", "dropboxmail"})),
    _Brand("WeTransfer", "wetransfer transfer", r"\bwe ?transfer\b", frozenset({"wetransfer"})),
    _Brand("DHL", "dhl", r"\bdhl\b", frozenset({"dhl", "dpdhl", "dhl-news"}), _SHIPPING),
    _Brand("FedEx", "fedex fed", r"\bfed ?ex\b", frozenset({"fedex"}), _SHIPPING),
    _Brand("UPS", "ups", r"(?<![\w-])ups\b", frozenset({"ups"}), _SHIPPING),
    _Brand("Maersk", "maersk", r"\bmaersk\b", frozenset({"maersk"}), _SHIPPING),
    _Brand(
        "Alibaba",
        "alibaba 阿里巴巴",
        r"\balibaba\b|阿里巴巴",
        frozenset({"alibaba", "alibaba-inc", "aliyun"}),
    ),
    _Brand("Made-in-China", "china", r"\bmade-in-china\b", frozenset({"made-in-china"})),
    _Brand("Visa", "visa", r"\bvisa card\b|\bverified by visa\b", frozenset({"visa"})),
    _Brand("Mastercard", "mastercard master", r"\bmaster ?card\b", frozenset({"mastercard"})),
    _Brand(
        "American Express",
        "american amex",
        r"\bamerican express\b|\bamex\b",
        frozenset({"americanexpress"}),
    ),
    _Brand(
        "Bank of America", "america", r"\bbank of america\b", frozenset({"bankofamerica", "bofa"})
    ),
    _Brand(
        "Citibank",
        "citibank citi citigroup",
        r"\bciti ?bank\b|\bcitigroup\b",
        frozenset({"citi", "citibank"}),
    ),
    _Brand(
        "Chase", "chase", r"\bchase (?:bank|online|manhattan)\b", frozenset({"chase", "jpmorgan"})
    ),
    _Brand("Wells Fargo", "wells wellsfargo", r"\bwells ?fargo\b", frozenset({"wellsfargo", "wf"})),
    _Brand("HSBC", "hsbc", r"\bhsbc\b", frozenset({"hsbc"})),
    _Brand("Barclays", "barclays", r"\bbarclays\b", frozenset({"barclays", "barclaycard"})),
    _Brand("Lloyds", "lloyds", r"\blloyds (?:bank|tsb)\b", frozenset({"lloydsbank", "lloyds"})),
    _Brand("NatWest", "natwest", r"\bnatwest\b", frozenset({"natwest"})),
    _Brand(
        "Bank of China",
        "china 中国银行",
        r"\bbank of china\b|中国银行",
        frozenset({"boc", "bankofchina"}),
    ),
    _Brand("ICBC", "icbc 工商银行", r"\bicbc\b|工商银行", frozenset({"icbc", "icbc-ltd"})),
    _Brand(
        "CCB", "construction 建设银行", r"\bchina construction bank\b|建设银行", frozenset({"ccb"})
    ),
    _Brand(
        "China Merchants Bank",
        "merchants 招商银行",
        r"招商银行|\bchina merchants bank\b",
        frozenset({"cmbchina"}),
    ),
    _Brand("Agricultural Bank of China", "农业银行", r"农业银行", frozenset({"abchina"})),
    _Brand("Bank of Communications", "交通银行", r"交通银行", frozenset({"bankcomm"})),
)
# Brands are found like cue phrases: family "b3" is _BRANDS[3].
_BRAND_BOOK = Phrasebook({f"b{i}": ((b.triggers, b.pattern),) for i, b in enumerate(_BRANDS)})
_BRAND_TOPICS = tuple(re.compile(brand.topics) for brand in _BRANDS)
# A display name that calls itself a bank, written from free mail, is a bank impostor too.
_GENERIC_BANK = re.compile(r"(?:\b[a-z]+ )?\b[a-z]*bank\b(?: [a-z]+){0,2}|\S{0,8}银行")

_ADDRESS_IN_NAME = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TEXT = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?",
)
_AUTH_PAIR = re.compile(r"([a-z][a-z0-9-]*)(?:/\d+)?\s*=\s*([a-z]+)")
_COMMENT = re.compile(r"\([^()]*\)")
_FAILING = frozenset({"fail", "softfail"})
_CHECKED_METHODS = frozenset({"spf", "dkim", "dmarc", "arc", "compauth"})


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Phishing cues in one message (pure; found is not needed but kept for the common API)."""
    hits = _CUES.scan(prepare(msg))
    fails = auth_failures(msg.extra_headers, ctx)
    out: Findings = {
        "phishing.lookalike": _lookalike(msg, ctx),
        "phishing.reply_to_lookalike": _reply_to_lookalike(msg),
        "phishing.display_name_addr": _display_name_addr(msg.from_),
        "phishing.auth_fail": Finding(
            fails, _clip("our servers: " + ", ".join(fails)) if fails else ""
        ),
        "phishing.dmarc_fail": Finding(
            "dmarc=fail" in fails,
            "our servers recorded dmarc=fail" if "dmarc=fail" in fails else "",
        ),
        "phishing.link_mismatch": _link_mismatch(msg.links),
        "phishing.brand_impersonation": _brand_impersonation(msg, ctx),
    }
    for family in _PHRASES:
        phrases = _distinct(hits.get(family, []))
        evidence = ", ".join(f"'{p}'" for p in phrases)
        out[f"phishing.{family}"] = Finding(phrases, _clip(evidence) if phrases else "")
    return out


def _addr_host(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].strip("<>[] .").lower() if "@" in addr else ""


def _lookalike(msg: ParsedMessage, ctx: Context) -> Finding:
    """From's or Reply-To's domain imitating one of ours or a known contact's."""
    index = domain_index(ctx.our_domains | ctx.known_domains)
    if not len(index):
        return Finding(None)
    for role, addrs in (("From", msg.from_), ("Reply-To", msg.reply_to)):
        for address in addrs:
            host = _addr_host(address.addr)
            hit: Lookalike | None = index.match(host) if host else None
            if hit is not None:
                return Finding(hit.imitates, _clip(f"{role}: {hit.evidence}"))
    return Finding(None)


def _reply_to_lookalike(msg: ParsedMessage) -> Finding:
    """Reply-To at a domain made to look like the From domain: replies go to the impostor."""
    if not msg.from_ or not msg.reply_to:
        return Finding(False)
    from_host = _addr_host(msg.from_[0].addr)
    if not from_host or is_freemail(from_host):
        return Finding(False)
    index = domain_index(frozenset({registered_domain(from_host)}))
    for address in msg.reply_to:
        host = _addr_host(address.addr)
        hit = index.match(host) if host else None
        if hit is not None:
            return Finding(True, _clip(f"Reply-To: {hit.evidence}"))
    return Finding(False)


def _display_name_addr(from_: tuple[Address, ...]) -> Finding:
    """A display name like "service@paypal.com" over a different real address."""
    for address in from_:
        for shown in _ADDRESS_IN_NAME.findall(address.name):
            if shown.lower() != address.addr.lower():
                return Finding(True, _clip(f"name shows {shown}, real address {address.addr}"))
    return Finding(False)


def auth_failures(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> tuple[str, ...]:
    """Failed checks ("spf=fail", "dmarc=fail" …) from the Authentication-Results our side
    wrote, plus the top-most Received-SPF. A method that also passed there is not a failure
    (one broken DKIM signature next to a good one is common on forwarded mail)."""
    results: list[tuple[str, str]] = []
    for header in _trusted_results(headers, ctx):
        results.extend(_parse_results(header))
    spf = headers.get("received-spf", ())
    if spf:
        word = spf[0].strip().split(None, 1)
        if word:
            results.append(("spf", word[0].lower()))
    passed = {method for method, result in results if result == "pass"}
    fails: dict[str, None] = {}
    for method, result in results:
        if result in _FAILING and method in _CHECKED_METHODS and method not in passed:
            fails.setdefault(f"{method}={result}", None)
    return tuple(fails)


def _trusted_results(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> list[str]:
    """The Authentication-Results (and ARC copies) written by our hosts; failing that, the
    top-most Authentication-Results header only."""
    plain = headers.get("authentication-results", ())
    arc = [_strip_instance(h) for h in headers.get("arc-authentication-results", ())]
    ours = [h for h in (*plain, *arc) if _is_ours(_authserv_id(h), ctx)]
    if ours:
        return ours
    return list(plain[:1])


def _strip_instance(header: str) -> str:
    # ARC copies start with "i=1;" before the authserv-id.
    head, sep, rest = header.partition(";")
    return rest if sep and head.strip().lower().startswith("i=") else header


def _authserv_id(header: str) -> str:
    first = _COMMENT.sub(" ", header.split(";", 1)[0]).strip().lower()
    return "" if "=" in first else (first.split() or [""])[0]


@lru_cache(maxsize=4096)
def _is_ours_cached(host: str, our_domains: frozenset[str], trusted_hosts: tuple[str, ...]) -> bool:
    if not host:
        return False
    if any(host == d or host.endswith("." + d) for d in our_domains):
        return True
    return any(fnmatch.fnmatchcase(host, pattern.lower()) for pattern in trusted_hosts)


def _is_ours(host: str, ctx: Context) -> bool:
    return _is_ours_cached(host, ctx.our_domains, ctx.trusted_hosts)


def _parse_results(header: str) -> Iterable[tuple[str, str]]:
    """(method, result) pairs of one Authentication-Results value, comments removed."""
    text = _COMMENT.sub(" ", _COMMENT.sub(" ", header.lower()))
    pieces = text.split(";")
    for piece in pieces[1:] if "=" not in pieces[0] else pieces:
        match = _AUTH_PAIR.match(piece.strip())
        if match:
            yield match.group(1), match.group(2)


def _link_mismatch(links: tuple[Link, ...]) -> Finding:
    """Links that show one domain and go to another, or go to a bare IP address."""
    bad: list[str] = []
    for link in links:
        problem = _link_problem(link)
        if problem:
            bad.append(problem)
            if len(bad) >= _MAX_ITEMS:
                break
    distinct = _distinct(bad, width=80)
    return Finding(distinct, _clip("; ".join(distinct)) if distinct else "")


def _link_problem(link: Link) -> str | None:
    host = _href_host(link.href)
    if host is None:
        return None
    if is_ip(host):
        return f"link to IP address {host}"
    target = registered_domain(host)
    shown = link.text.strip().strip("<>()[]'\".,;:").lower()
    if not shown or len(shown) > 200 or not _URL_TEXT.fullmatch(shown):
        return None
    shown_host = _href_host(shown if "://" in shown else "http://" + shown)
    if not shown_host or "@" in shown:
        return None
    shown_domain = registered_domain(shown_host)
    if not split_registered(shown_domain)[1] or shown_domain == target:
        return None
    return f"shows {shown_domain}, goes to {target}"


@lru_cache(maxsize=16384)
def _href_host(href: str) -> str | None:
    """The host a web link really goes to (after any user@ part); None for other schemes."""
    href = href.strip()
    lowered = href.lower()
    if lowered.startswith("www."):
        href = "http://" + href
    elif not lowered.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(href).hostname
    except ValueError:
        return None
    return host.strip(".") if host else None


def _brand_impersonation(msg: ParsedMessage, ctx: Context) -> Finding:
    """A brand named in the display name (or, with an account topic, the subject) by a sender
    whose domain is not that brand's."""
    if not msg.from_:
        return Finding(None)
    sender = msg.from_[0]
    host = _addr_host(sender.addr)
    domain = registered_domain(host) if host else ""
    freemail = bool(host) and is_freemail(host)
    # A known contact's company domain vouches for the sender; a known free-mail domain does not.
    if domain in ctx.our_domains or (domain in ctx.known_domains and not freemail):
        return Finding(None)
    label = split_registered(domain)[0] if domain else ""
    name = sender.name.lower()
    subject = msg.subject.lower()
    for text, where in ((name, "display name"), (subject, "subject")):
        for family in sorted(_BRAND_BOOK.scan(prepare_text(text)), key=lambda f: int(f[1:])):
            index = int(family[1:])
            brand = _BRANDS[index]
            if label in brand.labels:
                continue
            if where == "display name":
                return Finding(brand.name, _clip(f'display name "{sender.name}" from {domain}'))
            if _BRAND_TOPICS[index].search(subject):
                return Finding(brand.name, _clip(f'subject "{msg.subject}" from {domain}'))
    if freemail:
        bank = _GENERIC_BANK.search(name)
        if bank:
            return Finding(
                bank.group().strip(), _clip(f'"{sender.name}" writes from free mail {domain}')
            )
    return Finding(None)


def _distinct(items: list[str], width: int = 40) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for item in items:
        norm = " ".join(item.split())[:width]
        if norm:
            seen.setdefault(norm, None)
        if len(seen) >= _MAX_ITEMS:
            break
    return tuple(seen)


def _clip(text: str) -> str:
    return text if len(text) <= _EVIDENCE_CHARS else text[: _EVIDENCE_CHARS - 1] + "…"
