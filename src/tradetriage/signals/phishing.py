"""Phishing cues: impostor domains, failed authentication, bank-detail changes, credential
requests, links that lie about where they go, and brands named by strangers.

This module owns the ``phishing.*`` signals; the wording they look for is in ``phishing_phrases``,
and the facts behind the other signals come from its helpers: ``authresults`` (which verdicts our
servers wrote, and what vouches for a sender), ``links`` (where links really go) and ``brands``
(brands and banks named or claimed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping

from tradetriage.mail.records import Address, Attachment, Link, ParsedMessage
from tradetriage.signals.attachments import (
    is_archive_attachment,
    is_office,
    is_program_attachment,
    is_risky_attachment,
    zipped_programs,
)
from tradetriage.signals.authresults import auth_failures, vouched_for
from tradetriage.signals.base import (
    ADDRESS,
    Context,
    Finding,
    Findings,
    SignalSpec,
    clip,
    distinct,
    in_domains,
    person_name,
)
from tradetriage.signals.brands import (
    BRAND_WORDS,
    BrandHit,
    claimed_brand,
    impersonated_brand,
    is_brand_label,
    named_brands,
)
from tradetriage.signals.domain import is_freemail, registered_domain, split_suffix
from tradetriage.signals.geo import normalize_ip
from tradetriage.signals.links import (
    bare_links,
    borrowed_name,
    link_hosts,
    links_elsewhere,
    may_carry_address,
    mismatched_links,
    offsite_domains,
    raw_html_links,
    recipient_links,
    text_urls,
)
from tradetriage.signals.lookalike import DomainIndex, Lookalike, domain_index, domain_or_host
from tradetriage.signals.phishing_phrases import (
    ASKING_MAILS,
    CHANGE_FIRST,
    DISCLAIMED,
    NEVER_ASKS,
    NEVER_BEFORE,
    NOT_ASKED,
    PHRASES,
    WARNED_OF,
    WARNING_AFTER,
)
from tradetriage.signals.phrases import (
    SCAN_CHARS,
    Phrasebook,
    Prepared,
    framed_everywhere,
    is_word_char,
    prepare,
)
from tradetriage.signals.thread import our_recipients

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
        "phishing.known_name_elsewhere",
        "str",
        "the From name is a person we wrote to at other domains (those domains): a known name "
        "from a new address, as an impostor writes",
    ),
    SignalSpec(
        "phishing.our_name_elsewhere",
        "str",
        "the name one of us signs with (a colleague, the boss), or an address at our domains "
        "shown as the display name, on mail From outside our domains: CEO fraud's '周伟明 "
        "<zhouweiming_gm@163.com>', '周海峰 zhouhf@everbright-valve.cn <zhf@vip-mailcn.net>' (a "
        "colleague's private mail shows it too: rules weigh it with what the mail asks)",
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
    SignalSpec(
        "phishing.recipient_in_link",
        "list",
        "hosts of links off the sender's domain that carry the recipient's own address, as a "
        "phishing kit fills it in ('… (free host)' where anyone can publish: web.app, IPFS)",
    ),
    SignalSpec(
        "phishing.brand_in_sender_domain",
        "str",
        "the brand or bank whose name the From domain wears beside a service word, not being "
        "the brand's own nor a domain we know (maersk-docs.com, dhl-express-delivery.com)",
    ),
    SignalSpec(
        "phishing.government_impersonation",
        "bool",
        "the brand impersonated is a customs or tax authority (中国海关, 国家税务总局, HMRC, IRS), "
        "which writes only from its government's domain",
    ),
    SignalSpec(
        "phishing.brand_claim",
        "str",
        "a brand or bank the sender claims to be: in the display name, the From domain or "
        "subject, or in the text ('Dear Riverside Trust member', a US bank's 'Member FDIC')",
    ),
    SignalSpec(
        "phishing.sender_unvouched",
        "bool",
        "nothing in the headers vouches for the From domain: no passing check of it our servers "
        "recorded (failing those, no DKIM d= of it), no relay of it above the outside hop",
    ),
    SignalSpec(
        "phishing.ip_links",
        "list",
        "links (HTML, or raw HTML in the text) that go to a bare IP address instead of a name, "
        "and public IP addresses written out in the text (http://203.0.113.9/login)",
    ),
    SignalSpec(
        "phishing.link_tricks",
        "list",
        "links with a user@ part before the host or an unusual port (:81, :8081)",
    ),
    SignalSpec(
        "phishing.brand_in_link_host",
        "list",
        "link hosts that carry a brand's or the sender's name but belong to another domain "
        "(paypal.server4566.com)",
    ),
    SignalSpec(
        "phishing.named_brand_in_link_host",
        "list",
        "link hosts that wear the name of a brand the text itself names, under another domain "
        "('I sent it by WeTransfer' linking to we-transfer-files.net)",
    ),
    SignalSpec(
        "phishing.card_request",
        "list",
        "asks for card or identity data: card number, CVV, PIN, social security number, 卡号 …",
    ),
    SignalSpec(
        "phishing.account_alert",
        "list",
        "account-threat wording: fraudulent activity, security alert, will be deactivated, "
        "账户异常 …",
    ),
    SignalSpec(
        "phishing.lure",
        "list",
        "offer and prize lures: 'you have been approved', 'instant approval', 'free $500', "
        "'claim your prize', 恭喜您获得 …",
    ),
    SignalSpec(
        "phishing.document_share",
        "list",
        "'shared a file with you' wording, as file-sharing services and their imitators write "
        "it: 'has been shared with you', 'documento compartido', 与您共享 …",
    ),
    SignalSpec(
        "phishing.payment_copy",
        "list",
        "offers proof of a payment: 'SWIFT copy', 'MT103', 'TT copy', 'payment advice', 水单 …",
    ),
    SignalSpec(
        "phishing.qr_lure",
        "list",
        "asks to scan a QR code to open a document, sign in or claim money: 'scan the QR code "
        "to view the secured document', 扫描二维码领取补贴 …",
    ),
    SignalSpec(
        "phishing.qr_claim",
        "list",
        "a QR code to claim money or to keep a mailbox or MFA, which no one honest puts behind "
        "a picture: 'scan the QR code to claim your tax refund', '… to re-register MFA', "
        "扫码领取补贴 … (not 扫码登录, a Chinese service's sign-in)",
    ),
    SignalSpec(
        "phishing.domain_in_front",
        "list",
        "link hosts that spell a brand's, a mail provider's, our own or a known contact's "
        "whole domain in front of their own (login.alibaba.com.msg-center.cn-notify.top, "
        "everbright-valve.cn.mailbox-upgrade.cn), the sender's own or the one the link's "
        "text shows (efax-cloud-jp.com.docview-secure.click), also at the sender's own domain",
    ),
    SignalSpec(
        "phishing.enable_content",
        "list",
        "an Office document attached and the text asks to enable its content or macros "
        "('click Enable Content to see the photos', 启用内容, 'Włącz zawartość'): the macro "
        "document's lure",
    ),
    SignalSpec(
        "phishing.file_on_free_host",
        "list",
        "a link to a file (a document's or archive's name, or a sharing service's in its path) "
        "on a host anyone can publish on: hidrotec-pedidos.web.app/onedrive/PC-25-0419, "
        "….pages.dev/d/evidence.zip (the hosts are the value)",
    ),
    SignalSpec(
        "phishing.mailbox_password",
        "list",
        "asks for the password of our own mailbox: 'sign in with your normal e-mail password', "
        "'your corporate email credentials', 请使用您的企业邮箱密码登录 … (not a portal's own "
        "password, not a warning that none will ask for it)",
    ),
    SignalSpec(
        "phishing.legal_threat",
        "list",
        "a legal threat addressed to us in mail that links away from the sender's domain: a "
        "'copyright infringement notice', images 'used on your website without my "
        "permission', a DMCA takedown, an Abmahnung, 侵犯著作权 (the 'evidence' waits behind "
        "the link)",
    ),
    SignalSpec(
        "phishing.bare_links",
        "bool",
        "links or an image but almost no text (the message is a picture or a button)",
    ),
    SignalSpec(
        "phishing.brand_offsite_links",
        "list",
        "domains the links of mail claiming a brand go to instead of the brand's own "
        "(PayPal mail linking to interbusiness.it)",
    ),
    SignalSpec(
        "phishing.impersonation_third_links",
        "list",
        "domains the links of mail sent in a brand's name from another domain go to, when they "
        "are neither the brand's nor the sender's (DHL Express from a shop in Argentina "
        "linking to parcel-release-cn.com)",
    ),
    SignalSpec(
        "phishing.high_priority",
        "bool",
        "sent marked most urgent: X-Priority 1 or 2, or Importance: high",
    ),
    SignalSpec(
        "phishing.risky_attachment",
        "list",
        "attached programs, scripts, archives, web pages or OneNote notebooks (email-doc.zip, "
        "login.htm, Remittance.one)",
    ),
    SignalSpec(
        "phishing.program_attachment",
        "list",
        "attached programs, scripts or disk images (invoice.exe, ArrivalNotice.img, "
        "scan.lnk), or a zip holding one (list.pdf.lnk in RFQ.zip): what Gmail and Outlook "
        "refuse to deliver",
    ),
    SignalSpec(
        "phishing.archive_password",
        "list",
        "an archive attached and its password given in the same mail ('password for the "
        "attachment: 2025', 解压密码：8899): encrypted so that no mail filter reads what is "
        "inside",
    ),
    SignalSpec(
        "phishing.sourcing_platform",
        "str",
        "the buyer's purchasing platform the mail comes from (SAP Ariba, Coupa, Jaggaer …), "
        "vouched for by our servers' checks and linking only home: its supplier invitations "
        "ask us to log in with a user name and password",
    ),
    SignalSpec(
        "phishing.obfuscated_words",
        "list",
        "brand or account words spelled with digits or a capital I for letters, as filters do "
        "not read them: 0fficiaI, BiIIing, Micros0ft, PayPaI (SpamAssassin's FUZZY_ rules)",
    ),
)

_MAX_ITEMS = 5
_CUES = Phrasebook(PHRASES, overlapping=frozenset({"qr_claim"}))
_FAMILY_KEYS = tuple((family, f"phishing.{family}") for family in PHRASES)
# The words before a phrase that make it a warning, not a request, per phrase family:
# "never enable macros in files from unknown senders", "we will never ask you to verify your
# account", "我行不会通过邮件要求您点击链接更新证书" (not "if you do not verify …": the threat
# itself), "it has nothing to do with your e-mail password". A bank change has its own
# (``_disclaimed``): a denial there must open with the change. An advisory may deny one
# occurrence one way and the next another ("links asking you to 'log in with your e-mail
# password'" … "we will never ask you to enter your e-mail password").
_DENIALS: dict[str, tuple[tuple[re.Pattern[str], None], ...]] = {
    family: tuple((denial, None) for denial in denials)
    for family, denials in (
        ("enable_content", (DISCLAIMED,)),
        ("credential_request", (NEVER_BEFORE, NEVER_ASKS)),
        ("mailbox_password", (DISCLAIMED, NOT_ASKED, NEVER_BEFORE, ASKING_MAILS)),
    )
}
_NONE = Finding(())  # an empty list signal, shared: most mail has most of them empty
_NO_NAME = Finding(None)  # likewise for a str signal


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Phishing cues in one message (pure; reads origin.ip for evidence when it ran)."""
    prepared = prepare(msg, ctx)
    hits = _CUES.scan(prepared)
    fails = auth_failures(msg.extra_headers, ctx)
    links = msg.links + raw_html_links(msg.body_text)
    sender_host = _addr_host(msg.from_[0].addr) if msg.from_ else ""
    sender_domain = domain_or_host(sender_host) if sender_host else ""
    mismatched = distinct(mismatched_links(links, _MAX_ITEMS), _MAX_ITEMS, width=80)
    bare = bare_links(msg, links)
    claim = claimed_brand(msg, sender_host, prepared)
    impersonated = impersonated_brand(msg, ctx, sender_host)
    # A plain-text mail's links are the addresses it writes out.
    in_text = text_urls(msg.body_text)
    offsite = offsite_domains(links, in_text, claim, _MAX_ITEMS) if claim else []
    risky = _attached(msg, is_risky_attachment)
    programs = _programs(msg) if risky else ()
    unvouched = _sender_unvouched(msg, ctx, found, sender_domain)
    out: Findings = {
        "phishing.lookalike": _lookalike(msg, ctx),
        "phishing.reply_to_lookalike": _reply_to_lookalike(msg),
        "phishing.display_name_addr": _display_name_addr(msg.from_),
        "phishing.known_name_elsewhere": _known_name_elsewhere(msg.from_, ctx),
        "phishing.our_name_elsewhere": _our_name_elsewhere(msg.from_, ctx),
        "phishing.auth_fail": Finding(
            fails, clip("our servers: " + ", ".join(fails)) if fails else ""
        ),
        "phishing.dmarc_fail": Finding(
            "dmarc=fail" in fails,
            "our servers recorded dmarc=fail" if "dmarc=fail" in fails else "",
        ),
        "phishing.link_mismatch": Finding(
            mismatched, clip("; ".join(mismatched)) if mismatched else ""
        ),
        "phishing.brand_impersonation": _brand_finding(impersonated),
        "phishing.government_impersonation": (
            Finding(True, clip(impersonated.evidence))
            if impersonated is not None and impersonated.government
            else Finding(False)
        ),
        "phishing.brand_claim": _brand_finding(claim),
        "phishing.brand_in_sender_domain": _sender_domain_brand(sender_host, ctx),
        # A plain-text mail's links are the addresses it writes out.
        "phishing.recipient_in_link": _recipient_in_link(
            msg, ctx, links or in_text, sender_domain, impersonator=impersonated is not None
        ),
        "phishing.sender_unvouched": unvouched,
        "phishing.sourcing_platform": _sourcing_platform(
            sender_domain, vouched=not unvouched.value, links=links or in_text
        ),
        "phishing.bare_links": Finding(True, bare) if bare else Finding(False),
        "phishing.brand_offsite_links": Finding(
            tuple(offsite),
            clip(f"{claim.name} mail links to " + ", ".join(offsite)) if claim and offsite else "",
        ),
        "phishing.impersonation_third_links": _third_domains(offsite, impersonated, sender_domain),
        "phishing.high_priority": _high_priority(msg.extra_headers),
        "phishing.risky_attachment": Finding(
            risky, clip("attached: " + ", ".join(risky)) if risky else ""
        ),
        "phishing.program_attachment": Finding(
            programs, clip("attached: " + ", ".join(programs)) if programs else ""
        ),
        "phishing.archive_password": _archive_password(msg, prepared.text) if risky else _NONE,
        "phishing.obfuscated_words": _obfuscated_words(msg),
    }
    hosts = link_hosts(
        links, in_text, sender_domain, _MAX_ITEMS, (ctx.our_domains, ctx.known_domains)
    )
    for key, items, label in (
        ("phishing.ip_links", hosts.ips, "links to IP"),
        ("phishing.link_tricks", hosts.tricks, "links with"),
        ("phishing.brand_in_link_host", hosts.borrowed, "link hosts"),
        ("phishing.domain_in_front", hosts.fronted, "link hosts"),
        ("phishing.file_on_free_host", hosts.files, "a file on"),
    ):
        unique = distinct(items, _MAX_ITEMS, width=80) if items else ()
        out[key] = Finding(unique, clip(f"{label} " + ", ".join(unique))) if unique else _NONE
    out["phishing.named_brand_in_link_host"] = _named_brand_hosts(hosts.registered_brands, prepared)
    for family, key in _FAMILY_KEYS:
        found_phrases = hits.get(family)
        if found_phrases and family == "bank_change":
            found_phrases = [p for p in found_phrases if not _disclaimed(prepared.text, p)]
        elif (
            found_phrases
            and family == "legal_threat"
            and not links_elsewhere(links or in_text, sender_domain)
        ):
            found_phrases = []  # the "evidence" is in the mail, not behind a link
        elif found_phrases and family == "enable_content" and not _attached(msg, is_office):
            found_phrases = []  # nothing attached whose content could be enabled
        if found_phrases and family in _DENIALS:
            found_phrases = [
                p
                for p in found_phrases
                if not framed_everywhere(prepared.text, p, _DENIALS[family])
            ]
        if not found_phrases:
            out[key] = _NONE
            continue
        phrases = distinct(found_phrases, _MAX_ITEMS)
        out[key] = Finding(phrases, clip(", ".join(f"'{p}'" for p in phrases)))
    return out


def _named_brand_hosts(registered: list[tuple[str, str]], prepared: Prepared) -> Finding:
    """The link hosts whose registered domain wears a brand's name (``registered``: entries
    of ``LinkHosts.registered_brands``), when the text names that brand: the mail says the
    link is the brand's, and it is not."""
    if not registered:
        return _NONE
    named = named_brands(prepared)
    hosts = [entry for entry, brand in registered if brand in named]
    if not hosts:
        return _NONE
    unique = distinct(hosts, _MAX_ITEMS, width=80)
    return Finding(unique, clip("the text names the brand; links go to " + ", ".join(unique)))


def _programs(msg: ParsedMessage) -> tuple[str, ...]:
    """The programs attached, a zipped one named first ("list.pdf.lnk in RFQ.zip"): the
    evidence is clipped, and the archive's name is the decoy."""
    names = []
    for att in msg.attachments:
        inside = zipped_programs(att)
        name = att.filename.strip()
        if inside:
            names.append(f"{inside[0].rsplit('/', 1)[-1]} in {name}")
        elif is_program_attachment(att):
            names.append(name)
    return distinct(names, _MAX_ITEMS)


def _attached(msg: ParsedMessage, kind: Callable[[Attachment], bool]) -> tuple[str, ...]:
    """The names of the attachments of one kind (``is_risky_attachment`` …)."""
    if not msg.attachments:
        return ()
    return distinct([a.filename.strip() for a in msg.attachments if kind(a)], _MAX_ITEMS)


# A password given for a file: after a colon any word ("password: Inv@2025"); after "is",
# "为" or "是", a word with a digit ("the password is 8899", not "your password is incorrect").
_PASSWORD = re.compile(
    r"\b(?:password|passcode|passwort|kennwort|pwd|contraseña|senha|mot de passe|пароль|"
    r"şifre|parola|mật khẩu|kata sandi)"
    # "password for the file", "Passwort für", "пароль к архиву", "mật khẩu của tệp".
    r"(?: (?:for|of|to open|to unzip|to extract|für|zum|к|для|от|của|untuk)"
    r"(?: [\w/.-]+){0,3}?)?"
    # Not "password: sent in a separate e-mail", "will follow": the password sent apart.
    r"(?: ?[:：=] ?(?!(?:sent|will|to follow|follows|separately|in a separate|by separate|"
    r"under separate)\b)[^\s,;]{3,30}| (?:is|ist|es|é|est|là|adalah) [^\s,;]*\d[^\s,;]*)"
    # In Chinese, Japanese and Korean a password is still written in ASCII: "密码：另行发送",
    # "パスワードは別メールにてお送りします" (the Japanese custom, PPAP) give none.
    r"|(?:解压|附件|文件|压缩包|打开)?密码(?:[:：] ?[!-~]{3,30}|(?:为|是) ?\S*\d)"
    r"|(?:パスワード|비밀번호) ?(?:[:：]|は|는|은) ?[!-~]{3,30}"
)


def _archive_password(msg: ParsedMessage, text: str) -> Finding:
    """The words giving an attached archive's password (the scan text, lower-cased)."""
    if not any(is_archive_attachment(a) for a in msg.attachments):
        return _NONE
    found = distinct((m.group() for m in _PASSWORD.finditer(text)), _MAX_ITEMS)
    return (
        Finding(found, clip("archive password in the mail: " + ", ".join(found)))
        if found
        else _NONE
    )


def _recipient_in_link(
    msg: ParsedMessage,
    ctx: Context,
    links: tuple[Link, ...],
    sender_domain: str,
    *,
    impersonator: bool,
) -> Finding:
    """Links, off the sender's domain and ours, filled in with an address the mail went to.
    An ``impersonator``'s (a sender wearing a brand's name) own domain counts too: it is the
    phisher's, not a newsletter's own site."""
    # Most mail has no link holding an "@": no address sets are built for it.
    if not (msg.to or msg.cc) or not any(may_carry_address(link.href) for link in links):
        return _NONE
    recipients = frozenset(a.addr.lower() for a in (*msg.to, *msg.cc) if "@" in a.addr)
    skip = ctx.our_domains if impersonator else ctx.our_domains | {sender_domain}
    hosts = recipient_links(links, recipients, skip, _MAX_ITEMS) if recipients else []
    if not hosts:
        return _NONE
    return Finding(tuple(hosts), clip("links carrying our address: " + ", ".join(hosts)))


# The words a look-alike registered for the job puts beside the brand (maersk-docs.com,
# paypal.account-review.net): a company named like a brand (amazon-engineering.ae) has none.
# Whole labels only: "alibaba-sellercentral" splits into "alibaba" and "sellercentral".
_SERVICE_WORDS = frozenset(
    {
        "docs", "doc", "documents", "notify", "notification", "notifications", "notice",
        "notices", "secure", "security", "verify", "verification", "support", "service",
        "services", "billing", "account", "accounts", "login", "signin", "mail", "email",
        "online", "update", "updates", "delivery", "invoice", "invoices", "payment", "payments",
        "track", "tracking", "alert", "alerts", "help", "helpdesk", "customer", "portal",
        "review", "auth", "team", "message", "messages", "center", "centre",
        # The trade platforms' own: alibaba-sellercentral.net, madeinchina-supplier.com.
        "seller", "sellers", "sellercentral", "supplier", "suppliers", "buyer", "buyers",
        "inquiry", "inquiries", "enquiry", "member", "members",
        # A carrier's papers and steps: maersk-bl-approval.com, cosco-booking.net.
        "bl", "ebl", "draft", "drafts", "approval", "approve", "booking", "bookings",
        "cargo", "shipment", "shipments",
        # A file-sharing service's: wetransfer-files.net, dropbox-share.com.
        "files", "file", "share", "shared", "download", "downloads",
    }
)  # fmt: skip


# Couriers whose names are too short to read in any host name (ups is also a plain word):
# read in a sender's domain only beside a service word (dhl-express-delivery.com).
_SHORT_COURIERS = {"dhl": "DHL", "ups": "UPS"}


def _short_courier(domain: str, words: list[str]) -> str:
    if is_brand_label(split_suffix(domain)[0]):
        return ""  # the courier's own (dhl.com, dhl-news.com)
    return next((_SHORT_COURIERS[w] for w in words if w in _SHORT_COURIERS), "")


def _sender_domain_brand(host: str, ctx: Context) -> Finding:
    """The brand a From host wears under another registered domain beside a service word:
    what a look-alike registered for the job looks like, passing its own SPF and DKIM. Not a
    free-mail user's own name (lily.maersk@gmail.com), not a domain we know or write from."""
    if not host or is_freemail(host):
        return _NO_NAME
    domain = domain_or_host(host)
    if domain in ctx.our_domains or domain in ctx.known_domains:
        return _NO_NAME
    words = re.split(r"[.-]", host)
    if _SERVICE_WORDS.isdisjoint(words):
        return _NO_NAME
    name = borrowed_name(host) or _short_courier(domain, words)
    return Finding(name, f"the sender's domain {host} wears the name {name}") if name else _NO_NAME


# How a bank-change phrase is denied, one occurrence one way and the next another: "never"
# some words before it, or a warning "if you receive a mail about …" with "call us" after; a
# phrase that opens with the change, also by any denial right before it.
_DENIED: tuple[tuple[re.Pattern[str], re.Pattern[str] | None], ...] = (
    (NEVER_BEFORE, None),
    (WARNED_OF, WARNING_AFTER),
)
_CHANGE_DENIED = ((DISCLAIMED, None), *_DENIED)


def _disclaimed(text: str, phrase: str) -> bool:
    """Whether every occurrence of a bank-change ``phrase`` in ``text`` is denied by the
    words right before it ("we will never *change our bank details*", "we never send *new
    bank details* by e-mail", "if you receive a mail telling you *our bank details have
    changed*, call us")."""
    # A phrase that names the change after the account ("账户变更", "bank account change") is
    # denied all the same; not one that names no change ("pay to our new account").
    if CHANGE_FIRST.search(phrase):
        return framed_everywhere(text, phrase, _CHANGE_DENIED)
    return framed_everywhere(text, phrase, _DENIED)


# Words phishers disguise, and the brands' own names: what the mail is about. A word that is
# one of them as written (Information, Visa) is no disguise.
_TARGET_WORDS = (
    "account accounts banking billing confirm confirmation credit department important "
    "information login notice official online password payment security service signin "
    "suspended suspension update urgent verification verify"
)
_DISGUISED_TARGETS = frozenset(_TARGET_WORDS.split()) | BRAND_WORDS
# A word holding a digit, "|" or a capital I: the only words worth spelling back. Found from
# its first such character, which the regex engine finds by a fast character scan (a pattern
# opening with "\b" and the letters before it made the engine try every position: 11 µs a
# message); the letters before it are then taken by hand.
_DISGUISE_START = re.compile(r"[0-9|I][A-Za-z0-9|]*+")
_LEADING_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHJKLMNOPQRSTUVWXYZ")
_DISGUISE_SCAN_CHARS = 500  # the subject and the first lines: where a disguise must be read
# A hex word is a part number or a colour, not a disguise, when it reads as one: "#B0FA00",
# "0xB0FA", "B0FA-12". Alone, it may well be one ("Ad0be", "1CBC", "0FF1C1A1").
_HEX = re.compile(r"[0-9a-fA-F]+")
_HEX_BEFORE = ("#", "0x", "0X")
_PART_NUMBER_AFTER = re.compile(r"-\d")
# A word and the target it disguises read the same once lower-cased and folded: digits to the
# letters they stand for, and "i", "1", "|" (and so "I") all to "l" ("Log1n", "BiIIing",
# "MICR0SOFT", "PayPaI"). One translation a word, whichever letter a 1 or an I stands for.
_FOLD = str.maketrans({"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "|": "l", "i": "l"})
_FOLDED_TARGETS = frozenset(word.translate(_FOLD) for word in _DISGUISED_TARGETS)


def _obfuscated_words(msg: ParsedMessage) -> Finding:
    """Disguised spellings of brand and account words in the subject and the body's start."""
    text = f"{msg.subject}\n{msg.body_text[:_DISGUISE_SCAN_CHARS]}"
    found = []
    for start, end in _disguise_candidates(text):
        word = text[start:end]
        if len(word) < 4 or (_HEX.fullmatch(word) and _reads_as_code(text, start, end)):
            continue
        written = word.lower()
        if written.translate(_FOLD) in _FOLDED_TARGETS and written not in _DISGUISED_TARGETS:
            found.append(word)
    unique = distinct(found, _MAX_ITEMS)
    if not unique:
        return _NONE
    return Finding(unique, clip("disguised words: " + ", ".join(unique)))


def _disguise_candidates(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the words holding a digit, "|" or a capital I: letters (not I), then from the
    first such character on letters, digits and "|". A word must start at a word boundary, as
    "\\b" reads it: "_LOCKING" and "é1" are no candidates."""
    for match in _DISGUISE_START.finditer(text):
        start = match.start()
        while start > 0 and text[start - 1] in _LEADING_LETTERS:
            start -= 1
        before = text[start - 1] if start > 0 else ""
        if is_word_char(before) or not is_word_char(text[start]):
            continue
        yield start, match.end()


def _reads_as_code(text: str, start: int, end: int) -> bool:
    return text.endswith(_HEX_BEFORE, 0, start) or bool(_PART_NUMBER_AFTER.match(text, end))


def _third_domains(offsite: list[str], impersonated: BrandHit | None, sender: str) -> Finding:
    """Where mail in a brand's name from someone else's domain links, beyond the sender's
    own site: a forwarder named after a courier links home; a hacked mailbox sending in the
    courier's name links to the scammer's page, a third domain."""
    if impersonated is None or not offsite:
        return _NONE
    third = tuple(domain for domain in offsite if domain != sender)
    if not third:
        return _NONE
    return Finding(
        third, clip(f"{impersonated.name} mail from {sender} links to " + ", ".join(third))
    )


def _addr_host(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].strip("<>[] .").lower() if "@" in addr else ""


def _lookalike(msg: ParsedMessage, ctx: Context) -> Finding:
    """From's or Reply-To's domain imitating one of ours or a known contact's, or one our mail
    quoted in the message was sent to (the impostor who took over a thread)."""
    found = _imitating(msg, domain_index(ctx.our_domains | ctx.known_domains))
    if found is None and _may_quote_us(msg, ctx):
        start = msg.body_text[:SCAN_CHARS]
        quoted = our_recipients(start, ctx.our_domains, ctx.our_names) - ctx.known_domains
        hit = _imitating(msg, domain_index(quoted)) if quoted else None
        if hit is not None:
            role, evidence, imitates = hit
            return Finding(imitates, clip(f"{role}: {evidence}, to which our quoted mail went"))
    if found is None:
        return Finding(None)
    role, evidence, imitates = found
    return Finding(imitates, clip(f"{role}: {evidence}"))


def _may_quote_us(msg: ParsedMessage, ctx: Context) -> bool:
    """Whether the body's start names an address at one of our domains, as a quote of our
    mail does (a cheap test before reading its quote headers)."""
    if not ctx.our_domains:
        return False
    start = msg.body_text[:SCAN_CHARS]
    if "@" not in start:
        return False
    start = start.lower()
    return any(f"@{domain}" in start or f".{domain}" in start for domain in ctx.our_domains)


def _imitating(msg: ParsedMessage, index: DomainIndex) -> tuple[str, str, str] | None:
    """The header (From or Reply-To), evidence and imitated domain of the first address whose
    domain imitates one of ``index``."""
    if not len(index):
        return None
    for role, addrs in (("From", msg.from_), ("Reply-To", msg.reply_to)):
        for address in addrs:
            host = _addr_host(address.addr)
            hit: Lookalike | None = index.match(host) if host else None
            if hit is not None:
                return role, hit.evidence, hit.imitates
    return None


def _reply_to_lookalike(msg: ParsedMessage) -> Finding:
    """Reply-To at a domain made to look like the From domain: replies go to the impostor."""
    if not msg.from_ or not msg.reply_to:
        return Finding(False)
    from_host = _addr_host(msg.from_[0].addr)
    if not from_host or is_freemail(from_host):
        return Finding(False)
    index = domain_index(frozenset({domain_or_host(from_host)}))
    for address in msg.reply_to:
        host = _addr_host(address.addr)
        hit = index.match(host) if host else None
        if hit is not None:
            return Finding(True, clip(f"Reply-To: {hit.evidence}"))
    return Finding(False)


def _display_name_addr(from_: tuple[Address, ...]) -> Finding:
    """A display name like "service@paypal.com" over a different real address."""
    for address in from_:
        for shown in ADDRESS.findall(address.name):
            if shown.lower() != address.addr.lower():
                return Finding(True, clip(f"name shows {shown}, real address {address.addr}"))
    return Finding(False)


def _known_name_elsewhere(from_: tuple[Address, ...], ctx: Context) -> Finding:
    """The name of someone we wrote to, on mail From a domain we never wrote to them at: the
    impostor's "Hans Becker <hans.becker.rheinarmatur@gmail.com>". A customer's own second
    address shows it too, which is why rules weigh it only with what the mail asks."""
    if not from_ or not ctx.known_people:
        return Finding(None)
    sender = from_[0]
    person = person_name(sender.name)
    known_at = ctx.known_people.get(person) if person else None
    domain = registered_domain(sender.addr)
    if not known_at or not domain or domain in known_at or domain in ctx.our_domains:
        return Finding(None)
    where = ", ".join(sorted(known_at))
    evidence = f"{sender.name.strip()}: we wrote to them at {where}; now From {domain}"
    return Finding(where, clip(evidence))


def _our_name_elsewhere(from_: tuple[Address, ...], ctx: Context) -> Finding:
    """The name of one of us (how our own mail is signed), or an address at our domains
    shown as the display name, From an address outside our domains: the boss "in a
    meeting" on a private mailbox."""
    if not from_:
        return _NO_NAME
    sender = from_[0]
    ours = bool(ctx.our_names) and person_name(sender.name) in ctx.our_names
    if not ours and "@" in sender.name:
        shown = (_addr_host(addr) for addr in ADDRESS.findall(sender.name))
        ours = any(in_domains(host, ctx.our_domains) for host in shown if host)
    host = _addr_host(sender.addr)
    if not ours or not host or in_domains(host, ctx.our_domains):
        return _NO_NAME
    return Finding(sender.name.strip(), clip(f"{sender.name.strip()} <{sender.addr}>"))


def _high_priority(headers: Mapping[str, tuple[str, ...]]) -> Finding:
    """X-Priority 1 or 2, or Importance: high: the sender flagged the mail as urgent."""
    for value in headers.get("x-priority", ()):
        if value.strip()[:1] in ("1", "2"):
            return Finding(True, clip(f"X-Priority: {value.strip()}"))
    for value in headers.get("importance", ()):
        if value.strip().lower().startswith("high"):
            return Finding(True, clip(f"Importance: {value.strip()}"))
    return Finding(False)


# The buyers' purchasing platforms, whose mail invites a supplier to register or log in for a
# buyer it names (a real buyer's RFQ and PO come so): their own domains (not their tenants'),
# and the parent's a notice also links to (Ariba's footer links to sap.com).
_SOURCING_PLATFORMS: dict[str, tuple[str, tuple[str, ...]]] = {
    "ariba.com": ("SAP Ariba", ("ariba.com", "sap.com")),
    "coupahost.com": ("Coupa", ("coupahost.com", "coupa.com")),
    "coupa.com": ("Coupa", ("coupahost.com", "coupa.com")),
    "jaggaer.com": ("Jaggaer", ("jaggaer.com",)),
    "ivalua.com": ("Ivalua", ("ivalua.com",)),
    "tradeshift.com": ("Tradeshift", ("tradeshift.com",)),
    "basware.com": ("Basware", ("basware.com",)),
    "gep.com": ("GEP SMART", ("gep.com",)),
    "zycus.com": ("Zycus", ("zycus.com",)),
}


def _sourcing_platform(domain: str, *, vouched: bool, links: tuple[Link, ...]) -> Finding:
    """The purchasing platform the mail comes from, when our servers' checks vouch for its
    domain and no link leaves its domains (a look-alike's or a hacked mailbox's lure does)."""
    platform = _SOURCING_PLATFORMS.get(domain)
    if platform is None or not vouched:
        return _NO_NAME
    name, home = platform
    if links_elsewhere(links, *home):
        return _NO_NAME
    return Finding(name, f"from {name} ({domain}), vouched for, linking only to its domains")


def _brand_finding(hit: BrandHit | None) -> Finding:
    return Finding(hit.name, clip(hit.evidence)) if hit is not None else Finding(None)


def _sender_unvouched(
    msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding], domain: str
) -> Finding:
    """No header vouches for the From domain: no passing check our servers recorded for it
    (only when they recorded none, a DKIM signature of it), no relay in the Received chain
    named under it. Forged brand mail (service@paypal.com from a home PC) looks like this; so
    does much ordinary mail, which is why rules only weigh it together with a claimed brand."""
    if not domain or normalize_ip(domain) is not None or domain in ctx.our_domains:
        return Finding(False)
    if not any(hop.from_ip for hop in msg.received):
        return Finding(False)  # nothing to judge by (a file without its Received chain)
    origin = found.get("origin.ip")
    origin_ip = origin.value if origin is not None and isinstance(origin.value, str) else None
    if vouched_for(msg, ctx, domain, origin_ip):
        return Finding(False)
    where = f"; sent from {origin_ip}" if origin_ip else ""
    return Finding(True, clip(f"no DKIM signature or relay of {domain}{where}"))
