"""Brands and banks: the list of brands phishers borrow, which brand a sender claims to be, and
which brand a stranger names without writing from that brand's domains.

A helper of ``phishing``, not a registered signal module: it produces no signals of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context
from tradetriage.signals.domain import is_freemail, split_suffix
from tradetriage.signals.lookalike import domain_or_host
from tradetriage.signals.phrases import Phrasebook, Prepared, prepare_text, word_literal

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
    government: bool = False  # a tax or customs authority: it writes from its government's domain
    # Account words of the brand's home market, which its notices (and their fakes) use in
    # subjects: "【钉钉】企业认证即将到期".
    local_topics: str = ""


_SHIPPING = r"shipment|parcel|package|delivery|tracking|awb|waybill|consignment"
# A listing platform's notices: the supplier status, membership or listing that expires.
_PLATFORM_TOPICS = r"renew|expir|membership|listing|supplier status"
# Not for China's banks: "信用证到期" (an L/C expiring) is trade talk under a bank's name.
_ZH_ACCOUNT = r"验证|升级|过期|到期|停用|冻结|登录|登陆|密码|异常|认证|容量|账号|帐号|安全中心"
_NO_TOPICS = r"(?!)"  # a subject alone never claims the brand


def _listed(local_topics: str, *rows: tuple[str, str, str, set[str]]) -> tuple[_Brand, ...]:
    """Brands of one kind, as (name, triggers, pattern, labels) rows, that share the account
    words of their market (``_Brand.local_topics``)."""
    return tuple(
        _Brand(name, triggers, pattern, frozenset(labels), local_topics=local_topics)
        for name, triggers, pattern, labels in rows
    )


_BRANDS: tuple[_Brand, ...] = (
    _Brand(
        "PayPal",
        "paypal pay",
        r"\bpay ?pal\b",
        frozenset({"paypal", "paypal-communication", "paypalobjects"}),
        offers=True,
    ),
    _Brand(
        "eBay",
        "ebay",
        r"\bebay\b",
        frozenset({"ebay", "ebay-kleinanzeigen", "ebaystatic", "ebayimg"}),
        offers=True,
    ),
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
        frozenset(
            {"microsoft", "office", "office365", "outlook", "live", "hotmail", "msn"}
            # Its file-sharing domains: a share link's host under anyone else's domain
            # (onedrive-live.documentos-compartidos.net) borrows the name.
            | {"onedrive", "sharepoint", "sharepointonline"}
        ),
    ),
    _Brand(
        "Google", "google gmail", r"\bgoogle\b|\bgmail\b", frozenset({"google", "gmail", "youtube"})
    ),
    _Brand("Adobe", "adobe", r"\badobe\b", frozenset({"adobe"})),
    # "Please DocuSign: Agreement.pdf", the envelope's own subject, claims it too.
    _Brand(
        "DocuSign",
        "docusign docu",
        r"\bdocu ?sign\b",
        frozenset({"docusign"}),
        local_topics=r"please docu ?sign|complete with docu ?sign",
    ),
    _Brand("Dropbox", "dropbox", r"\bdropbox\b", frozenset({"dropbox", "dropboxmail"})),
    _Brand("WeTransfer", "wetransfer transfer", r"\bwe ?transfer\b", frozenset({"wetransfer"})),
    _Brand("DHL", "dhl", r"\bdhl\b", frozenset({"dhl", "dpdhl", "dhl-news"}), _SHIPPING),
    _Brand("FedEx", "fedex fed", r"\bfed ?ex\b", frozenset({"fedex"}), _SHIPPING),
    _Brand("UPS", "ups", r"(?<![\w-])ups\b", frozenset({"ups"}), _SHIPPING),
    _Brand("Maersk", "maersk", r"\bmaersk\b", frozenset({"maersk"}), _SHIPPING),
    # The other ocean carriers, by display name only (``_NO_TOPICS``): forwarders pass on their
    # bookings and arrival notices with the carrier's name in the subject every day.
    _Brand(
        "MSC",
        "msc mediterranean",
        r"\bmsc (?:mediterranean|shipping|cargo|documentation|customer|line|logistics)\b"
        r"|\bmediterranean shipping\b",
        frozenset({"msc", "mscgva"}),
        _NO_TOPICS,
    ),
    _Brand("CMA CGM", "cma cgm", r"\bcma ?cgm\b", frozenset({"cma-cgm", "cmacgm"}), _NO_TOPICS),
    _Brand(
        "COSCO",
        "cosco",
        r"\bcosco\b",
        frozenset({"cosco", "coscoshipping", "coscon", "cosco-shipping"}),
        _NO_TOPICS,
    ),
    _Brand(
        "Hapag-Lloyd",
        "hapag lloyd",
        r"\bhapag[- ]?lloyd\b",
        frozenset({"hapag-lloyd", "hlag"}),
        _NO_TOPICS,
    ),
    _Brand(
        "Alibaba",
        "alibaba 阿里巴巴",
        r"\balibaba\b|阿里巴巴",
        frozenset({"alibaba", "alibaba-inc", "aliyun", "alicdn", "aliexpress"}),
    ),
    _Brand(
        "Made-in-China",
        "china 中国制造网",
        r"\bmade-in-china\b|中国制造网",
        frozenset({"made-in-china"}),
    ),
    # The other B2B platforms an exporter pays to be listed on: their look-alikes send the
    # "verified supplier status expires, renew here" invoice.
    *_listed(
        _PLATFORM_TOPICS,
        ("Global Sources", "global globalsources", r"\bglobal ?sources\b", {"globalsources"}),
        ("DHgate", "dhgate", r"\bdhgate\b", {"dhgate"}),
        ("IndiaMART", "indiamart", r"\bindiamart\b", {"indiamart"}),
        ("TradeIndia", "tradeindia", r"\btradeindia\b", {"tradeindia"}),
        ("EC21", "ec21", r"\bec21\b", {"ec21"}),
        ("Tradekey", "tradekey", r"\btradekey\b", {"tradekey"}),
        ("Europages", "europages", r"\beuropages\b", {"europages"}),
    ),
    # The mail and office suites Chinese companies work in: a fake "mailbox upgrade" or
    # "certification expiring" in their name asks for the clerk's log-in.
    *_listed(
        _ZH_ACCOUNT,
        (
            "Tencent",
            "腾讯 企业微信 微信团队 微信支付 tencent wecom",
            r"腾讯|企业微信|微信(?:团队|支付|安全中心)|\btencent\b|\bwecom\b",
            {"qq", "tencent", "exmail", "weixin", "wechat", "wechatpay", "tencentcloud"},
        ),
        (
            "NetEase",
            "网易 netease",
            r"网易(?:企业)?邮|\bnetease\b",
            {"163", "126", "netease", "188", "yeah"},
        ),
        ("DingTalk", "钉钉 dingtalk", r"钉钉|\bdingtalk\b", {"dingtalk"}),
        (
            "Feishu",
            "飞书 feishu lark larksuite",
            r"飞书|\bfeishu\b|\blark ?suite\b",
            {"feishu", "larksuite", "larkoffice", "feishucdn", "bytedance"},
        ),
        ("Alipay", "支付宝 alipay", r"支付宝|\balipay\b", {"alipay", "alipayobjects", "antgroup"}),
    ),
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
    _Brand(
        "Lloyds",
        "lloyds",
        r"\blloyds (?:bank|tsb)\b",
        frozenset({"lloydsbank", "lloyds", "lloydstsb"}),
    ),
    _Brand("NatWest", "natwest", r"\bnatwest\b", frozenset({"natwest"})),
    # Retail banks phishers have long copied; not the banks trade payments go through, whose
    # names fill ordinary subjects ("payment via Deutsche Bank, please confirm").
    _Brand(
        "Washington Mutual",
        "washington wamu",
        r"\bwashington mutual\b|\bwamu\b",
        frozenset({"wamu", "washingtonmutual"}),
    ),
    _Brand("U.S. Bank", "usbank", r"\busbank\b", frozenset({"usbank"})),
    _Brand("SunTrust", "suntrust", r"\bsuntrust\b", frozenset({"suntrust"})),
    _Brand("Fifth Third", "fifth", r"\bfifth third\b", frozenset({"53", "fifththird"})),
    _Brand("Wachovia", "wachovia", r"\bwachovia\b", frozenset({"wachovia"})),
    _Brand("National City", "national", r"\bnational city\b", frozenset({"nationalcity"})),
    _Brand("KeyBank", "keybank key", r"\bkey ?bank\b", frozenset({"key", "keybank"})),
    _Brand("Comerica", "comerica", r"\bcomerica\b", frozenset({"comerica"})),
    _Brand("Regions", "regions", r"\bregions (?:bank|financial)\b", frozenset({"regions"})),
    _Brand("Citizens Bank", "citizens", r"\bcitizens bank\b", frozenset({"citizensbank"})),
    _Brand(
        "Charter One", "charter charterone", r"\bcharter ?one bank\b", frozenset({"charterone"})
    ),
    _Brand("LaSalle Bank", "lasalle", r"\blasalle bank\b", frozenset({"lasallebank"})),
    _Brand("Bank of the West", "west", r"\bbank of the west\b", frozenset({"bankofthewest"})),
    _Brand(
        "Halifax",
        "halifax",
        r"\bhalifax (?:bank|online|plc|building society)\b",
        frozenset({"halifax", "halifax-online"}),
    ),
    _Brand(
        "Commonwealth Bank",
        "commonwealth commbank netbank",
        r"\bcommonwealth bank\b|\bcommbank\b|\bnetbank\b",
        frozenset({"commbank", "netbank"}),
    ),
    _Brand("Postbank", "postbank", r"\bpostbank\b", frozenset({"postbank"})),
    _Brand("e-gold", "gold egold", r"\be-?gold\b", frozenset({"e-gold"})),
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
    # Customs and tax authorities: a fake audit or refund in their name asks the clerk to log
    # in or download. By display name only: customs and tax fill forwarders' subjects.
    _Brand(
        "China Customs",
        "中国海关 海关总署 中华人民共和国海关 customs",
        r"中国海关|海关总署|中华人民共和国海关|\bgeneral administration of customs\b",
        frozenset({"customs"}),
        _NO_TOPICS,
        government=True,
    ),
    _Brand(
        "State Taxation Administration",
        "税务总局 税务局 taxation",
        r"国家税务总局|税务局|\bstate taxation administration\b",
        frozenset({"chinatax"}),
        _NO_TOPICS,
        government=True,
    ),
    _Brand(
        "SAFE",
        "外汇管理局",
        r"(?:国家)?外汇管理局",
        frozenset({"safe"}),
        _NO_TOPICS,
        government=True,
    ),
    _Brand(
        "HMRC",
        "hmrc revenue",
        r"\bhmrc\b|\bhm revenue\b",
        frozenset({"hmrc"}),
        _NO_TOPICS,
        government=True,
    ),
    _Brand(
        "IRS",
        "irs internal",
        r"\binternal revenue service\b|\birs\b",
        frozenset({"irs"}),
        _NO_TOPICS,
        government=True,
    ),
)
# Brands are found like cue phrases: family "b3" is _BRANDS[3].
_BRAND_BOOK = Phrasebook({f"b{i}": ((b.triggers, b.pattern),) for i, b in enumerate(_BRANDS)})


def _topics(base: str, brand: _Brand) -> re.Pattern[str]:
    offers = f"|{_OFFER_TOPICS}" if brand.offers else ""
    local = f"|{brand.local_topics}" if brand.local_topics else ""
    return re.compile(base + offers + local)


_BRAND_TOPICS = tuple(_topics(brand.topics, brand) for brand in _BRANDS)
# A courier or bank named in a subject is ordinary trade talk ("samples sent by DHL"); only
# account talk, or a marketplace's offers, make the subject a claim to be that brand.
_CLAIM_TOPICS = tuple(_topics(_ACCOUNT_TOPICS, brand) for brand in _BRANDS)
# A display name that calls itself a bank, written from free mail, is a bank impostor too.
_GENERIC_BANK = re.compile(r"(?:\b[a-z]+ )?\b[a-z]*bank\b(?: [a-z]+){0,2}|\S{0,8}银行")
# A bank claims itself in its display name or subject in too many ways to list every bank:
# "SouthTrust Bank", "Personal Banking", "Postbank", "Credit Union", "USA Platinum Plus Card",
# "中国银行".
_BANK_CLAIM = re.compile(
    r"\b(?:[a-z]+ ){0,2}(?:bank|(?:online|internet|personal|private|business|mobile) banking|"
    r"credit union|(?:platinum|gold|titanium|credit|debit|prepaid)(?: plus)? card)\b|"
    r"\b[a-z]{2,}bank\b|\bbank of (?:the )?[a-z]+\b|\bsparkasse\b|\S{0,8}银行"
)
# A subject naming a bank with sign-in or security talk claims to be that bank ("Verify Your
# Details With SouthTrust Bank"); without it a bank in a subject is payment talk.
_BANK_SUBJECT_TOPICS = re.compile(
    r"verif|suspen|password|log ?in|sign ?in|alert|unusual|secur|locked|confirm your|"
    r"update your|online banking"
)
# "Fake bank-change e-mails", "new bank details": "bank" saying what is changed, not whose.
_BANK_AS_ADJECTIVE = re.compile(r"[- ](?:change|details?|account|transfer|slip|info)")
# "SouthTrust Bank: Special Announce": a subject headed by a bank's name, as a bank heads its
# own notices, speaks for that bank (whatever it goes on to say).
_BANK_SUBJECT_HEAD = re.compile(r"^(?:[a-z]+ ){1,2}bank(?=\s*[:|-])")
# "Member FDIC": the footer only a US bank's mail carries (or copies).
_BANK_FOOTER = re.compile(r"\bmember fdic\b|\bequal housing lender\b")
_FOOTER_WORDS = frozenset({"fdic", "lender"})
# "Dear Washington Mutual member": a message addressed to an organisation's customers speaks
# for that organisation.
_SALUTATION = re.compile(
    word_literal("dear") + r" (?:valued )?([a-z][a-z&.' -]{1,40}?) (?:customer|member|client|user|"
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
# Not the authorities': "customs", "safe" and "irs" name many a company's domain (a customs
# broker's customs.com.au speaks for no government), so a From domain or link host never
# claims them; only a display name does (``impersonated_brand``).
_BRAND_BY_LABEL = {
    label: brand for brand in _BRANDS if not brand.government for label in brand.labels
}
# Brand labels that are also plain words in host names (live.example.org, office.example.com).
_HOST_TOKEN_STOP = frozenset(
    {"live", "office", "wf", "boc", "ccb", "ups", "msn", "citi", "regions", "halifax"}
)
_BRAND_TOKENS = frozenset(
    label for label in _BRAND_BY_LABEL if len(label) >= 4 and label not in _HOST_TOKEN_STOP
)
# Brand names that are one word of letters ("paypal", "ebay", "microsoft"), for spotting them
# spelled with digits.
BRAND_WORDS = frozenset(label for label in _BRAND_TOKENS if label.isalpha())
# The banks trade payments go through, by the labels of their own domains: only as link hosts.
# A host that wears one under another domain (sc-online.standardchartered-payments.com, where
# a "SWIFT copy" waits) borrows it; named in a subject or signature, they are payment talk
# (see the retail banks above), so they claim nothing there.
_TRADE_BANKS = {
    "standardchartered": "Standard Chartered", "deutsche-bank": "Deutsche Bank",
    "deutschebank": "Deutsche Bank", "bnpparibas": "BNP Paribas", "santander": "Santander",
    "commerzbank": "Commerzbank", "unicredit": "UniCredit", "societegenerale": "Société Générale",
    "creditagricole": "Crédit Agricole", "intesasanpaolo": "Intesa Sanpaolo",
    "rabobank": "Rabobank", "abnamro": "ABN AMRO", "emiratesnbd": "Emirates NBD",
    "mashreqbank": "Mashreq", "bankfab": "First Abu Dhabi Bank", "alrajhibank": "Al Rajhi Bank",
    "ocbc": "OCBC", "maybank": "Maybank", "kasikornbank": "Kasikornbank",
    "bangkokbank": "Bangkok Bank", "mizuhobank": "Mizuho", "westpac": "Westpac",
    "scotiabank": "Scotiabank", "hdfcbank": "HDFC Bank", "icicibank": "ICICI Bank",
    "axisbank": "Axis Bank", "ecobank": "Ecobank", "zenithbank": "Zenith Bank",
    "gtbank": "GTBank", "bancolombia": "Bancolombia", "garantibbva": "Garanti BBVA",
    "isbank": "İşbank", "ziraatbank": "Ziraat Bankası",
}  # fmt: skip

# Words of a claimed name that say what it is, not who: "SouthTrust *Online Banking*".
_GENERIC_NAME_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "bank",
        "banking",
        "online",
        "internet",
        "personal",
        "business",
        "credit",
        "union",
        "inc",
        "ltd",
        "team",
        "customer",
        "customers",
        "support",
        "service",
        "services",
        "security",
        "department",
        "account",
        "accounts",
        "billing",
        "card",
        "member",
        "members",
        "center",
        "centre",
        "national",
        "federal",
        "savings",
        "financial",
        "with",
        "from",
        "your",
        "dear",
        "this",
        "receiving",
        "beneficiary",
        "intermediary",
        "correspondent",
        "issuing",
        "advising",
        "negotiating",
        "confirming",
        "paying",
        "remitting",
    ]
)
_NAME_WORD = re.compile(r"[a-z0-9]+")
_LEADING_SMALL_WORDS = frozenset(
    {"with", "from", "to", "at", "by", "for", "of", "the", "your", "our", "my", "dear", "and"}
)
_MIN_CLAIM_WORD = 4


@dataclass(frozen=True, slots=True)
class BrandHit:
    """A brand or bank found in a message, and where (unclipped evidence). ``labels`` are the
    registered-domain labels a listed brand sends from (empty for a bank or organisation the
    list does not know); ``by_domain`` says the claim rests on the From domain alone."""

    name: str
    evidence: str
    labels: frozenset[str] = frozenset()
    by_domain: bool = False
    government: bool = False


def impersonated_brand(msg: ParsedMessage, ctx: Context, sender_host: str) -> BrandHit | None:
    """A brand named in the display name (or, with an account topic, the subject) by a sender
    whose domain (``sender_host`` is the From host) is not that brand's."""
    if not msg.from_:
        return None
    sender = msg.from_[0]
    domain = domain_or_host(sender_host) if sender_host else ""
    freemail = bool(sender_host) and is_freemail(sender_host)
    # A known contact's company domain vouches for the sender; a known free-mail domain does not.
    if domain in ctx.our_domains or (domain in ctx.known_domains and not freemail):
        return None
    label = split_suffix(domain)[0] if domain else ""
    name = sender.name.lower()
    subject = msg.subject.lower()
    for text, where in ((name, "display name"), (subject, "subject")):
        for index in _brands_named(text):
            brand = _BRANDS[index]
            if label in brand.labels:
                continue
            if where == "display name":
                return BrandHit(
                    brand.name,
                    f'display name "{sender.name}" from {domain}',
                    government=brand.government,
                )
            if _BRAND_TOPICS[index].search(subject):
                return BrandHit(brand.name, f'subject "{msg.subject}" from {domain}')
    if freemail:
        bank = _GENERIC_BANK.search(name)
        if bank:
            return BrandHit(bank.group().strip(), f'"{sender.name}" writes from free mail {domain}')
    return None


def claimed_brand(msg: ParsedMessage, sender_host: str, prepared: Prepared) -> BrandHit | None:
    """The brand or bank the sender presents itself as, whoever the sender really is
    (``prepared``: the message's scan text, as ``phrases.prepare`` made it)."""
    if not msg.from_:
        return None
    sender = msg.from_[0]
    domain = domain_or_host(sender_host) if sender_host else ""
    label = split_suffix(domain)[0] if domain else ""
    # A Gmail or Hotmail user does not claim to be Google or Microsoft.
    brand = None if is_freemail(domain) else _BRAND_BY_LABEL.get(label)
    name = sender.name.lower()
    if brand is not None:
        # A person's name over the brand's address is its staff; no name, or the brand's own
        # name, is the brand speaking.
        staff = bool(name) and _BRANDS.index(brand) not in _brands_named(name)
        return BrandHit(brand.name, f"From domain {domain}", brand.labels, by_domain=staff)
    subject = msg.subject.lower()
    for text, where in ((name, "display name"), (subject, "subject")):
        for index in _brands_named(text):
            if where == "display name" or _CLAIM_TOPICS[index].search(subject):
                shown = sender.name if where == "display name" else msg.subject
                listed = _BRANDS[index]
                return BrandHit(listed.name, f'{where} "{shown}"', listed.labels)
        bank = _BANK_CLAIM.search(text) if where == "display name" else _subject_bank(text)
        if bank:
            shown = sender.name if where == "display name" else msg.subject
            return BrandHit(_trimmed(bank.group()), f'{where} "{shown}"')
    if label and not is_freemail(domain):
        bank = _BANK_CLAIM.search(label.replace("-", " "))
        if bank:
            return BrandHit(bank.group().strip(), f"From domain {domain}", by_domain=bool(name))
    department = _DEPARTMENT.match(" ".join(name.split()))
    if department and department.group(1).split()[0] not in _NOT_AN_ORG:
        return BrandHit(department.group(1), f'display name "{sender.name}"')
    text = prepared.text
    # Word-set tests first: a substring scan of every body costs more.
    salutation = _SALUTATION.search(text) if "dear" in prepared.words else None
    if salutation and salutation.group(1).split()[0] not in _NOT_AN_ORG:
        return BrandHit(salutation.group(1), f'addressed "{salutation.group()}"')
    footer = None if _FOOTER_WORDS.isdisjoint(prepared.words) else _BANK_FOOTER.search(text)
    if footer:
        return BrandHit("a US bank", f'"{footer.group()}" in the text')
    return None


def _subject_bank(subject: str) -> re.Match[str] | None:
    """The bank a lower-cased subject claims to write as: bank-subject wording, a bank's name
    heading the subject, or a bank's name in a subject about accounts."""
    found = _BANK_SUBJECT.search(subject)
    if found or "bank" not in subject:
        return found
    head = _BANK_SUBJECT_HEAD.match(subject)
    if head and _claim_words(head.group()):
        return head
    if not _BANK_SUBJECT_TOPICS.search(subject):
        return None
    named = _BANK_CLAIM.search(subject)
    if named is None or _BANK_AS_ADJECTIVE.match(subject, named.end()):
        return None
    return named if _claim_words(named.group().strip()) else None


def _trimmed(name: str) -> str:
    """A bank name found with the words before it, without the leading small words
    ("with southtrust bank" → "southtrust bank")."""
    words = name.split()
    while len(words) > 1 and words[0] in _LEADING_SMALL_WORDS:
        words.pop(0)
    return " ".join(words)


def owns_domain(hit: BrandHit, domain: str) -> bool | None:
    """Whether a registered domain belongs to the claimed brand: one of a listed brand's own
    labels, or for another claim a label holding one of its own words ("southtrust",
    "washingtonmutual"); None when the claim has no word of its own to judge by."""
    label = split_suffix(domain)[0]
    if hit.labels:
        return label in hit.labels
    words = _claim_words(hit.name)
    if not words:
        return None
    return any(word in label for word in words)


@lru_cache(maxsize=1024)
def _claim_words(name: str) -> tuple[str, ...]:
    """The words of a claimed name that could stand in its domain, and all of them run
    together: "washington mutual bank" → ("washington", "mutual", "washingtonmutual")."""
    words = [w for w in _NAME_WORD.findall(name.lower()) if w not in _GENERIC_NAME_WORDS]
    kept = [w for w in words if len(w) >= _MIN_CLAIM_WORD]
    joined = "".join(w for w in words if len(w) > 1)
    if len(words) > 1 and len(joined) >= _MIN_CLAIM_WORD:
        kept.append(joined)
    return tuple(kept)


def is_brand_label(label: str) -> bool:
    """True when a registered-domain label is one a listed brand or trade bank really sends
    from."""
    return label in _BRAND_BY_LABEL or label in _TRADE_BANKS


def named_brands(prepared: Prepared) -> frozenset[str]:
    """The brands a message's scan text names ("我用 WeTransfer 傳給您": WeTransfer)."""
    return frozenset(_BRANDS[int(family[1:])].name for family in _BRAND_BOOK.scan(prepared))


def brand_of_host_token(token: str) -> str | None:
    """The brand a host-name token stands for (``paypal`` in paypal.server4566.com), if any;
    labels that are also plain words in host names (live, office) stand for none."""
    if token in _BRAND_TOKENS:
        return _BRAND_BY_LABEL[token].name
    return _TRADE_BANKS.get(token)


@lru_cache(maxsize=4096)
def _brands_named(text: str) -> tuple[int, ...]:
    """Indexes into _BRANDS of the brands a display name or subject names, in list order
    (cached: both brand checks read the same texts, and display names recur)."""
    return tuple(sorted(int(family[1:]) for family in _BRAND_BOOK.scan(prepare_text(text))))
