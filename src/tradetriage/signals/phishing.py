"""Phishing cues: impostor domains, failed authentication, bank-detail changes, credential
requests, links that lie about where they go, and brands named by strangers.

Authentication results are only believed when *our* side wrote them: the top-most
Authentication-Results header (added by the last server, ours) or any whose authserv-id is one of
our hosts. A sender can write any "spf=pass" lower down, so those are ignored.
"""

from __future__ import annotations

import fnmatch
import ipaddress
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
    SignalSpec(
        "phishing.brand_claim",
        "str",
        "a brand or bank the sender claims to be: in the display name, the From domain or subject",
    ),
    SignalSpec(
        "phishing.sender_unvouched",
        "bool",
        "nothing in the headers vouches for the From domain: no DKIM d=, no relay of that domain",
    ),
    SignalSpec(
        "phishing.ip_links",
        "list",
        "links (HTML, or raw HTML in the text) that go to a bare IP address instead of a name",
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
        "phishing.bare_links",
        "bool",
        "links or an image but almost no text (the message is a picture or a button)",
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
        ("prove", r"\bprove your (?:identity|account|ownership)\b"),
        (
            "records",
            r"\bconfirm(?:ed)? your (?:account )?records\b"
            r"|\bupdate (?:your|the) (?:[a-z]+ ){0,2}records\b",
        ),
        (
            # Not "confirm" or "update": they fill every order confirmation.
            "verify validate identity",
            r"\b(?:verify|confirm|validate|update) your (?:[a-z]+ ){1,2}(?:account|identity|"
            r"billing information|card information)\b",
        ),
        (
            "username password",
            r"\b(?:user ?name|login|log-in) and password\b",
        ),
        (
            "konto kontos bankkonto zugangsdaten kontodaten bestätigen verifizieren aktivierung "
            "autorisation",
            r"\b(?:ihr(?:e|es|em)? )?(?:bank)?kontos? (?:zu |wieder )?(?:bestätigen|verifizieren|"
            r"aktivieren|freischalten)\b|\b(?:zugangsdaten|kontodaten) (?:bestätigen|"
            r"verifizieren|eingeben|aktualisieren)\b|\bwiederholte aktivierung\b"
            r"|\bzusätzliche autori[sz]ation\b",
        ),
        (
            "账户 帐户 账号 链接 身份",
            r"验证您的(?:账户|帐户|账号|身份)|(?:账户|帐户|账号)(?:存在)?异常|"
            r"点击(?:以下|下面|下方|此)?链接(?:登录|验证|更新|激活)",
        ),
    ),
    "card_request": (
        (
            "card",
            r"\b(?:credit|debit|atm|check|bank|visa|master) ?card (?:number|details|information|"
            r"info|data|verification|pin)\b"
            r"|\b(?:your|the) card (?:number|pin|details|information|"
            r"verification (?:code|value))\b",
        ),
        ("cvv cvv2 cvc cvc2 cid", r"\b(?:cvv2?|cvc2?)\b"),
        ("pin", r"\b(?:atm|card|your) pin\b|\bpin (?:number|code)\b"),
        (
            "expiration expiry",
            r"\b(?:card )?(?:expiration|expiry) date\b(?=[^.]{0,60}\bcard\b)"
            r"|\bcard[^.]{0,60}\b(?:expiration|expiry) date\b",
        ),
        ("social ssn", r"\bsocial security (?:number|no)\b|\bssn\b"),
        ("maiden", r"\bmother'?s maiden name\b"),
        ("routing", r"\brouting number\b"),
        (
            "kartennummer kreditkartennummer geheimzahl pin tan",
            r"\b(?:kredit)?kartennummer\b|\bgeheimzahl\b|\bpin[- ](?:nummer|code)\b"
            r"|\bpin und tan\b",
        ),
        (
            "卡号 安全码 身份证号 交易密码 取款密码",
            r"(?:银行|信用)?卡号|安全码|身份证号(?:码)?|交易密码|取款密码",
        ),
    ),
    "lure": (
        (
            "approved approval",
            r"\b(?:you(?:'re| are| have been| were)|been|get) (?:pre-?)?approved\b"
            r"|\b(?:instant|guaranteed|online) (?:online )?approval\b",
        ),
        ("selected", r"\byou(?:'ve| have) been (?:selected|chosen|picked)\b"),
        ("credit", r"\bcredit line\b|\bun-?secured (?:[a-z]+ ){0,2}card\b"),
        (
            "free spend",
            r"\bfree \$\s?\d[\d,]*\b|\bspend your (?:free )?\$?\d[\d,]*\b",
        ),
        (
            "prize prizes reward rewards gift",
            r"\bclaim your (?:prize|reward|gift)\b|\b(?:cash|instant) prizes?\b"
            r"|\b\$\s?\d[\d,]* gift card\b",
        ),
        (
            "恭喜 中奖 奖品 礼品卡",
            r"恭喜您?(?:获得|中奖|成为)|领取(?:您的)?(?:奖品|奖金|礼品)|礼品卡",
        ),
    ),
    "account_alert": (
        (
            "fraudulent",
            r"\bfraudulent (?:activity|activities|access|transactions?|use|attempts?|charges?)\b",
        ),
        (
            "alert notice notification warning",
            r"\b(?:security|fraud|account|billing) (?:alert|notice|notification|warning)\b",
        ),
        ("protect", r"\bprotect your (?:[a-z]+ )?account\b"),
        (
            "deactivated suspended terminated closed deleted locked limited restricted",
            r"\b(?:will|would|may) be (?:temporarily |permanently )?(?:deactivated|suspended|"
            r"terminated|closed|deleted|locked|limited|restricted)\b"
            r"|\b(?:we have|we've) (?:temporarily )?(?:limited|restricted|suspended|locked)\b",
        ),
        (
            "failure fail failing",
            r"\b(?:failure|fail(?:ing)?) to (?:update|verify|confirm|comply|renew|respond|"
            r"provide|complete)\b",
        ),
        (
            "verify confirm validate",
            r"\bunable to (?:verify|confirm|validate)\b",
        ),
        (
            "verification confirmation validation",
            r"\b(?:account|identity|billing) (?:verification|confirmation|validation)\b",
        ),
        ("compromised", r"\baccount (?:has been|was|had been|may have been) compromised\b"),
        (
            "information records",
            r"\b(?:billing|account|order|personal) (?:information|records) (?:are|is) "
            r"(?:out of date|outdated|incomplete|incorrect|not (?:valid|up to date))\b",
        ),
        (
            "cancel process complete accept",
            r"\b(?:cannot|can't|could not|couldn't|unable to) (?:cancel|process|complete|accept) "
            r"your (?:payment|order|transaction|subscription)\b",
        ),
        ("renew renewed", r"\bif not renewed\b|\bmust renew (?:the|your) (?:service|account)"),
        (
            "sicherheitsdienst gesperrt betrügerischen sicherheitssystem",
            r"\bsicherheitsdienst\b|\b(?:konto|zugang) (?:wird|wurde) (?:vorübergehend )?"
            r"gesperrt\b|\bbetrügerischen? (?:transaktionen|aktivitäten)\b",
        ),
        (
            "账户 帐户 账号 登录 安全",
            r"(?:账户|帐户|账号)(?:已|将)?(?:被)?(?:冻结|锁定|停用|限制|暂停)|异常登录|登录异常|"
            r"安全(?:提醒|警告|通知)|(?:账户|帐户)(?:存在)?(?:安全)?风险",
        ),
    ),
}
_CUES = Phrasebook(_PHRASES)


_ACCOUNT_TOPICS = (
    r"account|security|verif|suspend|confirm|password|log ?in|sign ?in|alert|unusual|billing"
)
_OFFER_TOPICS = r"\$|\b\d{3,}\b|prize|win|cash|gift|reward|card|credit|approv|bid"


@dataclass(frozen=True, slots=True)
class _Brand:
    name: str
    triggers: str  # words (or CJK strings) that must occur before the pattern is tried
    pattern: str  # matched against lower-cased display names and subjects
    labels: frozenset[str]  # registered-domain labels the brand really sends from
    topics: str = _ACCOUNT_TOPICS
    offers: bool = False  # a marketplace or card brand: prizes and offers in its name are lures


_SHIPPING = r"shipment|parcel|package|delivery|tracking|awb|waybill|consignment"
_BRANDS: tuple[_Brand, ...] = (
    _Brand(
        "PayPal",
        "paypal pay",
        r"\bpay ?pal\b",
        frozenset({"paypal", "paypal-communication"}),
        offers=True,
    ),
    _Brand("eBay", "ebay", r"\bebay\b", frozenset({"ebay", "ebay-kleinanzeigen"}), offers=True),
    _Brand(
        "Amazon",
        "amazon",
        r"\bamazon\b",
        frozenset({"amazon", "amazonses", "amazonaws"}),
        offers=True,
    ),
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
    _Brand("Visa", "visa", r"\bvisa card\b|\bverified by visa\b", frozenset({"visa"}), offers=True),
    _Brand(
        "Mastercard",
        "mastercard master",
        r"\bmaster ?card\b",
        frozenset({"mastercard"}),
        offers=True,
    ),
    _Brand(
        "American Express",
        "american amex",
        r"\bamerican express\b|\bamex\b",
        frozenset({"americanexpress"}),
        offers=True,
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
_BRAND_TOPICS = tuple(
    re.compile(brand.topics + (f"|{_OFFER_TOPICS}" if brand.offers else "")) for brand in _BRANDS
)
# A courier or bank named in a subject is ordinary trade talk ("samples sent by DHL"); only
# account talk, or a marketplace's offers, make the subject a claim to be that brand.
_CLAIM_TOPICS = tuple(
    re.compile(_ACCOUNT_TOPICS + (f"|{_OFFER_TOPICS}" if brand.offers else "")) for brand in _BRANDS
)
# A display name that calls itself a bank, written from free mail, is a bank impostor too.
_GENERIC_BANK = re.compile(r"(?:\b[a-z]+ )?\b[a-z]*bank\b(?: [a-z]+){0,2}|\S{0,8}银行")
# A bank claims itself in its display name or subject in too many ways to list every bank:
# "SouthTrust Bank", "Online Banking", "Postbank", "Credit Union", "中国银行".
_BANK_CLAIM = re.compile(
    r"\b(?:[a-z]+ ){0,2}(?:bank|online banking|credit union)\b|\b[a-z]{2,}bank\b|"
    r"\bbank of (?:the )?[a-z]+\b|\bsparkasse\b|\S{0,8}银行"
)
# "Dear Washington Mutual member": a message addressed to an organisation's customers speaks
# for that organisation.
_SALUTATION = re.compile(
    r"\bdear (?:valued )?([a-z][a-z&.' -]{1,40}?) (?:customer|member|client|user|"
    r"account ?holder|card ?holder)s?\b"
)
_NOT_AN_ORG = frozenset({"online", "our", "valued", "bank", "new", "dear", "the", "all", "my"})
# "Washington Mutual Support", "KEY Support Team": a display name that is a department.
_DEPARTMENT = re.compile(
    r"^(.{3,40}?) (?:customer )?(?:support|security|service|billing|accounts?)"
    r"(?: team| department| center| centre)?$"
)
# In a subject "bank" is mostly payment talk ("bank slip", "银行水单"): only a bank's own
# name claims one there.
_BANK_SUBJECT = re.compile(r"\bonline banking\b|\bcredit union\b|\b[a-z]{2,}bank\b|\bsparkasse\b")
# Registered-domain labels of the brands: From @paypal.com claims PayPal.
_BRAND_BY_LABEL = {label: brand for brand in _BRANDS for label in brand.labels}
# Brand labels that are also plain words in host names (live.example.org, office.example.com).
_HOST_TOKEN_STOP = frozenset({"live", "office", "wf", "boc", "ccb", "ups", "msn", "citi"})
_BRAND_TOKENS = frozenset(
    label for label in _BRAND_BY_LABEL if len(label) >= 4 and label not in _HOST_TOKEN_STOP
)
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
_TEXT_IP_URL = re.compile(r"(\d{1,3}(?:\.\d{1,3}){3})(?![\d.])")
_DKIM_DOMAIN = re.compile(r"(?:^|;)\s*d\s*=\s*([a-z0-9.-]+)", re.IGNORECASE)
_NORMAL_PORTS = frozenset({80, 443})

_ADDRESS_IN_NAME = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL_TEXT = re.compile(
    r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,}(?::\d+)?(?:[/?#]\S*)?",
)
_AUTH_PAIR = re.compile(r"([a-z][a-z0-9-]*)(?:/\d+)?\s*=\s*([a-z]+)")
_COMMENT = re.compile(r"\([^()]*\)")
_FAILING = frozenset({"fail", "softfail"})
_CHECKED_METHODS = frozenset({"spf", "dkim", "dmarc", "arc", "compauth"})


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Phishing cues in one message (pure; reads origin.ip for evidence when it ran)."""
    hits = _CUES.scan(prepare(msg))
    fails = auth_failures(msg.extra_headers, ctx)
    links = msg.links + raw_html_links(msg.body_text)
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
        "phishing.link_mismatch": _link_mismatch(links),
        "phishing.brand_impersonation": _brand_impersonation(msg, ctx),
        "phishing.brand_claim": _brand_claim(msg),
        "phishing.sender_unvouched": _sender_unvouched(msg, ctx, found),
        "phishing.bare_links": _bare_links(msg, links),
    }
    out.update(_link_hosts(links, _sender_domain(msg), msg.body_text))
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
        for index in _brands_named(text):
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


def _sender_domain(msg: ParsedMessage) -> str:
    host = _addr_host(msg.from_[0].addr) if msg.from_ else ""
    return registered_domain(host) if host else ""


def _brand_claim(msg: ParsedMessage) -> Finding:
    """The brand or bank the sender presents itself as, whoever the sender really is."""
    if not msg.from_:
        return Finding(None)
    sender = msg.from_[0]
    domain = _sender_domain(msg)
    label = split_registered(domain)[0] if domain else ""
    # A Gmail or Hotmail user does not claim to be Google or Microsoft.
    brand = None if is_freemail(domain) else _BRAND_BY_LABEL.get(label)
    if brand is not None:
        return Finding(brand.name, _clip(f"From domain {domain}"))
    name = sender.name.lower()
    subject = msg.subject.lower()
    for text, where in ((name, "display name"), (subject, "subject")):
        for index in _brands_named(text):
            if where == "display name" or _CLAIM_TOPICS[index].search(subject):
                shown = sender.name if where == "display name" else msg.subject
                return Finding(_BRANDS[index].name, _clip(f'{where} "{shown}"'))
        bank = (_BANK_CLAIM if where == "display name" else _BANK_SUBJECT).search(text)
        if bank:
            shown = sender.name if where == "display name" else msg.subject
            return Finding(bank.group().strip(), _clip(f'{where} "{shown}"'))
    if label and not is_freemail(domain):
        bank = _BANK_CLAIM.search(label.replace("-", " "))
        if bank:
            return Finding(bank.group().strip(), _clip(f"From domain {domain}"))
    department = _DEPARTMENT.match(" ".join(name.split()))
    if department and department.group(1).split()[0] not in _NOT_AN_ORG:
        return Finding(department.group(1), _clip(f'display name "{sender.name}"'))
    text = prepare(msg).text
    salutation = _SALUTATION.search(text) if "dear " in text else None
    if salutation and salutation.group(1).split()[0] not in _NOT_AN_ORG:
        return Finding(salutation.group(1), _clip(f'addressed "{salutation.group()}"'))
    return Finding(None)


def _sender_unvouched(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Finding:
    """No header vouches for the From domain: no DKIM signature of it, no passing check our
    servers recorded for it, no relay in the Received chain named under it. Forged brand mail
    (service@paypal.com from a home PC) looks like this; so does much ordinary mail, which is
    why rules only weigh it together with a claimed brand."""
    domain = _sender_domain(msg)
    if not domain or is_ip(domain) or domain in ctx.our_domains:
        return Finding(False)
    if not any(hop.from_ip for hop in msg.received):
        return Finding(False)  # nothing to judge by (a file without its Received chain)
    headers = msg.extra_headers
    results = _trusted_results(headers, ctx)
    # Our servers' verdict, when they wrote one, outranks a signature header anyone can add.
    for result in results:
        lowered = result.lower()
        if domain in lowered and "=pass" in lowered:
            return Finding(False)
    if not results:
        for signature in headers.get("dkim-signature", ()):
            match = _DKIM_DOMAIN.search(signature)
            if match and _under(match.group(1).lower(), domain):
                return Finding(False)
    origin = found.get("origin.ip")
    origin_ip = origin.value if origin is not None and isinstance(origin.value, str) else None
    # Only names our side looked up count (reverse DNS, not the HELO the sender chose), and only
    # down to the hop that came in from outside: lower Received lines are the sender's own text.
    for hop in msg.received:
        if hop.from_rdns and _under(hop.from_rdns.lower().strip("[]. "), domain):
            return Finding(False)
        if hop.from_ip and (
            hop.from_ip == origin_ip or (origin_ip is None and _public(hop.from_ip))
        ):
            break
    where = f"; sent from {origin_ip}" if origin_ip else ""
    return Finding(True, _clip(f"no DKIM signature or relay of {domain}{where}"))


@lru_cache(maxsize=16384)
def _public(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip.strip("[]")).is_global
    except ValueError:
        return False


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _bare_links(msg: ParsedMessage, links: tuple[Link, ...]) -> Finding:
    """Links or an image with hardly any words: the message is a picture or a button."""
    images = [a for a in msg.attachments if a.content_type.lower().startswith("image/")]
    web = [link for link in links if _href_host(link.href)]
    if not web and not images:
        return Finding(False)
    words = len(msg.body_text[:_BARE_SCAN].split())
    # A short note with a link is ordinary; beside a picture, a few lines say nothing.
    if words >= (_BARE_WORDS if images else _BARE_WORDS_LINKS_ONLY):
        return Finding(False)
    what = f"{len(images)} image(s)" if images else f"{len(web)} link(s)"
    return Finding(True, f"{what} and only {words} words of text")


def _text_ip_urls(body: str) -> list[str]:
    """Public IP addresses written as web addresses in the text (http://203.0.113.9/login)."""
    chunk = body[:_RAW_SCAN]
    found: list[str] = []
    # "://" by substring, the pattern only where a digit follows: a regex scan of every long
    # body would cost more than the rest of this module.
    pos = chunk.find("://")
    while pos >= 0 and len(found) < _MAX_ITEMS:
        if chunk[pos + 3 : pos + 4].isdigit() and chunk[max(0, pos - 5) : pos].endswith(
            ("http", "https", "HTTP", "HTTPS")
        ):
            match = _TEXT_IP_URL.match(chunk, pos + 3)
            if match and is_ip(match.group(1)) and _public(match.group(1)):
                found.append(match.group(1))
        pos = chunk.find("://", pos + 3)
    return found


def _link_hosts(links: tuple[Link, ...], sender_domain: str, body: str) -> Findings:
    """Where links really go: bare IPs, user@ parts and odd ports, and hosts wearing a brand's
    or the sender's name under someone else's domain."""
    sender_label = split_registered(sender_domain)[0] if sender_domain else ""
    if len(sender_label) < _MIN_SENDER_TOKEN or is_freemail(sender_domain):
        sender_label = ""
    ips: list[str] = []
    tricks: list[str] = []
    borrowed: list[str] = []
    for link in links[:100]:
        parts = _url_parts(link.href)
        if parts is None:
            continue
        host, trick = parts
        if trick:
            tricks.append(trick)
        if is_ip(host):
            ips.append(host)
            continue
        name = _borrowed_name(host, sender_label)
        if name:
            borrowed.append(f"{host} ({name})")
    ips.extend(_text_ip_urls(body))
    out: Findings = {}
    for key, items, label in (
        ("phishing.ip_links", ips, "links to IP"),
        ("phishing.link_tricks", tricks, "links with"),
        ("phishing.brand_in_link_host", borrowed, "link hosts"),
    ):
        distinct = _distinct(items, width=80)
        out[key] = Finding(distinct, _clip(f"{label} " + ", ".join(distinct)) if distinct else "")
    return out


@lru_cache(maxsize=16384)
def _url_parts(href: str) -> tuple[str, str] | None:
    """(host, trick) of a web link; trick names a user@ part or an unusual port, else ""."""
    host = _href_host(href)
    if host is None:
        return None
    text = href.strip()
    if text.lower().startswith("www."):
        text = "http://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return host, ""
    if parts.username is not None:
        return host, f"user@ part before {host}"
    if port is not None and port not in _NORMAL_PORTS:
        return host, f"port {port} on {host}"
    return host, ""


@lru_cache(maxsize=16384)
def _borrowed_name(host: str, sender_label: str) -> str:
    """The brand label or sender label a host carries as a whole word (paypal.server4566.com,
    online-banking-southtrust.com) while registered elsewhere; "" when it carries none."""
    domain = registered_domain(host)
    label, suffix = split_registered(domain)
    if not suffix or label in _BRAND_BY_LABEL or (sender_label and label == sender_label):
        return ""
    tokens = _HOST_SPLIT.split(host[: -len(suffix) - 1] if host.endswith("." + suffix) else host)
    for token in tokens:
        if token in _BRAND_TOKENS:
            return _BRAND_BY_LABEL[token].name
        if sender_label and token == sender_label:
            return f"sender's name {sender_label}"
    return ""


@lru_cache(maxsize=4096)
def _brands_named(text: str) -> tuple[int, ...]:
    """Indexes into _BRANDS of the brands a display name or subject names, in list order
    (cached: both brand checks read the same texts, and display names recur)."""
    return tuple(sorted(int(family[1:]) for family in _BRAND_BOOK.scan(prepare_text(text))))


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
