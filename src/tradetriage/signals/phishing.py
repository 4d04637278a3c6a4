"""Phishing cues: impostor domains, failed authentication, bank-detail changes, credential
requests, links that lie about where they go, and brands named by strangers.

This module owns the ``phishing.*`` signals and the wording they look for; the facts behind the
other signals come from its helpers: ``authresults`` (which verdicts our servers wrote, and what
vouches for a sender), ``links`` (where links really go) and ``brands`` (brands and banks named
or claimed).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.signals.authresults import auth_failures, vouched_for
from tradetriage.signals.base import (
    Context,
    Finding,
    Findings,
    SignalSpec,
    clip,
    distinct,
    person_name,
)
from tradetriage.signals.brands import BRAND_WORDS, BrandHit, claimed_brand, impersonated_brand
from tradetriage.signals.domain import is_freemail, registered_domain
from tradetriage.signals.fraud import is_risky_attachment
from tradetriage.signals.geo import normalize_ip
from tradetriage.signals.links import (
    bare_links,
    link_hosts,
    mismatched_links,
    offsite_domains,
    raw_html_links,
    text_urls,
)
from tradetriage.signals.lookalike import Lookalike, domain_index, domain_or_host
from tradetriage.signals.phrases import Phrasebook, preceded_everywhere, prepare

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
    SignalSpec(
        "phishing.brand_offsite_links",
        "list",
        "domains the links of mail claiming a brand go to instead of the brand's own "
        "(PayPal mail linking to interbusiness.it)",
    ),
    SignalSpec(
        "phishing.high_priority",
        "bool",
        "sent marked most urgent: X-Priority 1 or 2, or Importance: high",
    ),
    SignalSpec(
        "phishing.risky_attachment",
        "list",
        "attached programs, scripts, archives or web pages (email-doc.zip, login.htm)",
    ),
    SignalSpec(
        "phishing.obfuscated_words",
        "list",
        "brand or account words spelled with digits or a capital I for letters, as filters do "
        "not read them: 0fficiaI, BiIIing, Micros0ft, PayPaI (SpamAssassin's FUZZY_ rules)",
    ),
)

_MAX_ITEMS = 5
# Bank-change wording in Chinese, Simplified and Traditional.
_ACC = r"[账帐帳](?:[户戶]|[号號])"
_CJK_CHANGED = r"(?:[变變]更|更改|更[换換]|改[变變])"
# An account (账号) alone may be a login: "更新", "新账号" and "使用新账号" count only with a bank,
# a payee (收款) or a payment next to them (请使用新账号登录 signs in to a web shop).
_CJK_BANK_CHANGE = (
    rf"[变變]更(?:了)?(?:[银銀]行|收款)?{_ACC}"
    rf"|(?:[银銀]行|收款)?{_ACC}(?:已|已经|已經)?{_CJK_CHANGED}"
    rf"|(?:[银銀]行|收款){_ACC}(?:已|已经|已經)?更新"
    rf"|更(?:改|[换換])(?:了)?(?:[银銀]行|收款)?{_ACC}|更新(?:了)?(?:[银銀]行|收款){_ACC}"
    rf"|更[换換](?:了)?(?:收款)?(?:[银銀]行|[开開][户戶]行)"
    rf"|(?:[银銀]行|收款)(?:[银銀]行)?(?:信息|資訊|资料|資料)(?:已)?(?:{_CJK_CHANGED}|更新)"
    # Not 新账户 alone: 注册新账户 signs up on a web site.
    rf"|新(?:的)?(?:[银銀]行|收款){_ACC}"
    rf"|使用新(?:的)?(?:[银銀]行|收款)?{_ACC}(?:付款|汇款|匯款|支付|转账|轉賬|打款)"
    rf"|(?:旧|舊|原){_ACC}(?:已)?(?:冻结|凍結|停用|关闭|關閉)"
    rf"|[汇匯](?:款)?(?:到|至|入)(?:我们|我們|我司)?(?:的)?(?:新|另一个|另一個|以下|下列)(?:的)?"
    rf"(?:[银銀]行|收款)?{_ACC}"
    rf"|(?:付款|打款|转账|轉賬|转款|支付)(?:到|至|入)(?:以下|下列|新|另一个|另一個)(?:的)?"
    rf"(?:[银銀]行|收款)?{_ACC}"
)
# What a customer's anti-fraud footer says: "will never change our bank details", "do not
# change", "call us to confirm any change of bank details", 我司不会通过邮件变更银行账户: a
# denial right before a phrase that opens with the change itself (not before "pay to our new
# account": "if you have not paid yet please pay to our new account" denies nothing). Read
# only where a bank-change phrase was found (rare).
_CHANGE_FIRST = re.compile(r"(?:change|update|modif)|[变變]更|更改|更[换換]")
_DISCLAIMED = re.compile(
    # Not "don't hesitate to", "don't forget to": requests dressed in a negation.
    r"(?:\bnever|\bnot|n't)(?: (?!hesitate\b|forget\b|fail\b|wait\b|delay\b)[\w'-]+){0,3} $"
    r"|\b(?:confirm|verify|report|check)(?: [\w'-]+){0,2} any $"
    # Not 不得不 ("have no choice but to").
    r"|(?:不[会會能得可](?!不)|[从從绝絕决決永]不)[^，。,.;；!！?？]{0,12}$"
)
# The footer's warning: "if you receive an e-mail telling you our bank details have changed,
# call us". Before any bank-change phrase, whatever it opens with.
_WARNED_OF = re.compile(
    r"\bif (?:you )?(?:ever )?(?:receive|get|are sent)\b[^.]{0,30}?\b(?:telling you|saying|"
    r"stating|claiming|informing you|advising(?: you)?|notifying you|that says)(?: that)? $"
)
# ... and only with the warning after it: "call us", "do not pay". Without one, a scammer's
# "if you get this mail saying our bank details have changed, that is correct" would pass.
_WARNING_AFTER = re.compile(
    r"[^.]{0,20}?\b(?:please )?(?:call|phone|telephone|contact|verify|confirm|check|do not|"
    r"don't|never|ignore|report|treat it)\b"
)
# "Your account" as a login, not a bank account: "your account details", "number" or "name"
# are what a buyer confirms before a T/T.
_LOGIN_ACCOUNT = r"account(?! (?:details|number|no\b|name|holder))"

# (trigger words, pattern) per family, as in fraud.py: a pattern runs only near its triggers.
_PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
    "bank_change": (
        (
            "bank banking bankers beneficiary receiving remittance payment",
            r"\b(?:our|the|my) (?:bank(?:ing|ers?)?|beneficiary|receiving|remittance|payment) "
            r"(?:account |details |information |info |instructions )?(?:has|have) "
            r"(?:been |just )?(?:changed|updated|modified)\b",
        ),
        (
            "bank banking beneficiary receiving remittance",
            r"\bnew (?:bank(?:ing)?|beneficiary|receiving|remittance) (?:account|details|"
            r"information|instructions)\b",
        ),
        (
            # "Change of bank account", "notification of change of bank details".
            "bank banking beneficiary receiving remittance",
            r"\b(?:change|changes|update|updated|modified) (?:of |in |to )?(?:our |the |my )?"
            r"(?:bank(?:ing)?|beneficiary|payment|remittance|receiving) (?:account|details|"
            r"information|instructions)\b"
            r"|\bbank(?:ing)? (?:account|details|information|info) (?:change|changes|changed|"
            r"update|updated)\b",
        ),
        (
            # "Please find attached our new account details"; not "our new account manager"
            # or "our new account number (with you)".
            "account",
            r"\b(?:our|the following|following) new (?:bank(?:ing)? |company |receiving |"
            r"corporate )?account (?:details|information|info|below|as follows)\b",
        ),
        (
            "changed switched moved",
            r"\b(?:we|i)(?:'ve| have| had)? (?:just |recently |now )?(?:changed|switched|moved) "
            r"(?:our|my) (?:bank(?:ing|ers)?|receiving account|account details|account number)\b",
        ),
        (
            "account",
            # "Pay", "make payment", "remit the balance" … to the new account.
            r"\b(?:pay(?:ments?)?|remit|transfer|send|wire)(?:ing)? (?:the |all )?(?:payments? |"
            r"balance |funds? |money |invoices? |amount )?(?:to|into|via) (?:our|the|this|"
            r"the following|following) (?:new|other|alternative|alternate|different|second|"
            r"offshore) (?:bank )?account\b",
        ),
        (
            "bank banking remittance wire",
            r"\bupdated (?:bank(?:ing)?|remittance|payment|wire) (?:details|instructions|"
            r"information)\b",
        ),
        (
            "account",
            r"\b(?:old|previous|former|usual|existing) (?:bank )?account (?:(?:is|has been|was) "
            r"(?:closed|frozen|suspended|blocked|under (?:audit|review|investigation))|"
            r"(?:cannot|can't|can not|is unable to|is not able to) (?:receive|accept))\b",
        ),
        (
            "account",
            r"\bdo not (?:pay|remit|send|transfer) (?:to|into) (?:the|our) (?:old|previous|"
            r"former|usual) (?:bank )?account\b",
        ),
        (
            # The business-email-compromise story: "our account is frozen due to the annual
            # audit". Not a buyer's "account under review for the KYC update, so the deposit
            # comes late", nor "closed with Emirates NBD": the story's account is shut and
            # payment must go elsewhere. "Your account" is a phisher's: an account alert.
            "account",
            r"\bour (?:bank |company |corporate |usual )?account (?:is|has been|was|got) "
            r"(?:temporarily |currently |presently )?(?:frozen|blocked|suspended) (?:due to|"
            r"because of|for|by|during|pending) (?:the |an |our )?(?:annual |tax |year-end |"
            r"internal |ongoing )?(?:audit|review|investigation|reconciliation)\b",
        ),
        (
            # Not "use our new account manager", "the following account number with DHL".
            "account",
            r"\b(?:use|only use) (?:our|the|this) (?:new|other|alternative|alternate|different|"
            r"second|offshore) (?:bank |company |corporate |receiving )?account\b"
            r"(?! (?:manager|number|no\b|holder|name|executive|officer|representative|team))",
        ),
        (
            # Simplified and Traditional; 账户 (account), 账号 (account number).
            "账 帐 帳 银行 銀行 开户行 開戶行",
            _CJK_BANK_CHANGE,
        ),
    ),
    "credential_request": (
        (
            "verify",
            # "the" only before what a clerk never verifies for a buyer: "verify the account
            # number by phone" is good advice in trade mail. Nor "your account details" or
            # "number": that account is a bank account (see ``_LOGIN_ACCOUNT``).
            r"\bverify your (?:" + _LOGIN_ACCOUNT + r"|identity|information|e-?mail|mailbox|"
            r"password|login)\b|\bverify the (?:identity|e-?mail|mailbox|password|login)\b",
        ),
        (
            "confirm",
            # Not "confirm the account details", "your details" or "your information": trade
            # mail confirms those for every L/C and vendor form.
            r"\bconfirm your (?:" + _LOGIN_ACCOUNT + r"|password|identity|billing|login|"
            r"credentials)\b|\bconfirm the (?:password|identity|login|credentials)\b",
        ),
        (
            "update",
            r"\bupdate your (?:account|billing|payment|personal) (?:information|details)\b",
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
        (
            # The reader's own mailbox "about to be deactivated" unless verified. Not a buyer's
            # notice of its own ("旧邮箱账号将于4月1日停用，请改用新邮箱", "停止收发" during an
            # upgrade): the phisher's is "your" mailbox, and a link to verify.
            "邮箱 账号 帐号 验证",
            r"您的(?:邮箱|账号|帐号)(?:账户|帐户)?(?:即将|将被|将于\S{0,12}?|将在\S{0,12}?)"
            r"(?:停用|注销|冻结|关闭)|"
            r"(?:点击|登录)(?:下方|以下|下面|此)?链接(?:完成|进行)(?:身份)?验证|"
            r"未(?:进行|完成)身份验证",
        ),
        (
            # The reader's mail held back until they sign in: "you have 9 pending messages",
            # "release them", "your mailbox storage is full". Not a buyer's "we had pending
            # messages" or "our mailbox storage is full, please use WeTransfer".
            "pending held undelivered quarantined release storage",
            r"\byou have \d+ (?:new |incoming )?(?:pending|held|undelivered|quarantined) "
            r"(?:e-?mails|messages)\b|"
            r"\brelease (?:them|the (?:e-?mails|messages)|your (?:e-?mails|messages))\b|"
            r"\byour (?:mailbox |e-?mail )?storage (?:is )?(?:full|almost full|exceeded)\b|"
            r"\b(?:due to|because of) (?:low|insufficient) (?:mailbox |e-?mail )?storage\b",
        ),
        ("prove", r"\bprove your (?:identity|account|ownership)\b"),
        # Not "update your records (with our new address)": the sender's news for the reader's
        # files; the reader's *account* records are what a phisher asks to confirm.
        (
            "records",
            r"\b(?:confirm(?:ed)?|update|verify) your account records\b",
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
        # Proximity forms: the verb and its object a few words apart, so that "verify your
        # ebay account registration" and "confirm your washington mutual online banking" count
        # as "verify your account" does. "your" is required: trade mail confirms "the account
        # details for the L/C", and "your bank account" is how buyers ask where to pay.
        (
            "verify verifying validate validating revalidate reconfirm reactivate reactivating "
            "secure securise unlock unlocking",
            r"\b(?:verify(?:ing)?|validat(?:e|ing)|re-?validate|re-?confirm|re-?activat(?:e|ing)"
            r"|securi[sz]e|unlock(?:ing)?) your (?:[a-z]+ ){0,3}?(?:" + _LOGIN_ACCOUNT + r"|"
            r"identity|records|"
            r"profile|membership|log-?in|password|credentials|(?:billing|personal|registration) "
            r"informations?)\b",
        ),
        (
            "confirm confirming update updating",
            r"\b(?:confirm(?:ing)?|updat(?:e|ing)) your (?:(?!bank)[a-z]+ ){0,3}?(?:account "
            r"(?:information|informations|details|records|data|profile)|identity|"
            r"(?:billing|personal|registration|login|log-in) (?:information|informations|"
            r"details|data)|online banking|internet banking|credit union|password|credentials)\b",
        ),
        (
            "verification validation confirmation reactivation",
            r"\b(?:verification|validation|confirmation|re-?activation) of (?:the )?your "
            r"(?:(?!bank)[a-z]+ ){0,2}?(?:account|identity|records|log-?in|password)\b",
        ),
        (
            "log sign login signin logon",
            r"\b(?:log|sign) ?(?:in|on)(?: to| into|to)? (?:to )?your (?:[a-z]+ ){0,2}?account "
            r"(?:and|to) (?:follow|verify|confirm|update|complete|provide|enter|validate|"
            r"restore)\b",
        ),
        (
            "restore regain reinstate lift",
            r"\b(?:restore|regain|reinstate) (?:full )?(?:access|your account)\b"
            r"|\blift (?:the|this) (?:limitation|restriction|suspension)\b",
        ),
        (
            "complete fill",
            r"\b(?:complete|fill (?:out|in)) (?:the|this|our) (?:verification|security|update|"
            r"confirmation|validation|account|billing) (?:form|process|procedure)\b",
        ),
        (
            "confirmation confirm",
            r"\bconfirm(?:ation)? (?:of|on) (?:your |the )?(?:customers?|clients?|members?)\S? "
            r"(?:data|details|information)\b",
        ),
        (
            "verify validate",
            r"\b(?:update|confirm) (?:and|or) (?:verify|validate) (?:your|the) (?:account|"
            r"information|details|identity|records|data)\b",
        ),
        (
            "banking",
            r"\b(?:sign|log) ?(?:in|on) (?:to|into) (?:your )?(?:online|internet) banking\b",
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
            "platinum gold titanium",
            r"\b(?:platinum|gold|titanium) (?:plus )?(?:visa|master ?card|credit card|card)\b",
        ),
        ("granted", r"\b(?:you(?:'ve| have) been granted|granted approval)\b"),
        (
            "free spend",
            r"\bfree \$\s?\d[\d,]*\b|\bspend your (?:free )?\$?\d[\d,]*\b",
        ),
        (
            # "$" is no word character: a "\b" before it would need a letter right before.
            # A brand may sit between the sum and the card ("$300 Visa® Gift Card").
            "prize prizes reward rewards gift",
            r"\bclaim your (?:\$\s?\d[\d,]* )?(?:[\w®™]+ ){0,2}?(?:prize|reward|gift)\b"
            r"|\b(?:cash|instant) prizes?\b|\$\s?\d[\d,]*(?: [\w®™]+){0,2}? gift cards?\b",
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
            # Not "fraud warning" or "fraud notice": a customer's footer warns of scams so.
            "alert notice notification warning",
            r"\b(?:security|account|billing) (?:alert|notice|notification|warning)\b"
            r"|\bfraud (?:alert|notification)\b",
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
            # The state, wherever the modal sits: "account is fraudulent and will be suspended"
            # is caught by the "will be" cue; this one reads "account has been temporarily
            # suspended", "access was limited", "membership could be terminated".
            "suspended locked limited restricted deactivated terminated disabled frozen blocked",
            r"\b(?:account|access|membership|online banking) (?:(?:will|may|might|could|shall|"
            r"would|must) (?:be|have been)|has been|have been|had been|is being|is now) "
            r"(?:(?:temporarily|permanently|immediately|indefinitely|automatically) )?(?:suspended|"
            r"locked|limited|restricted|deactivated|terminated|disabled|frozen|blocked)\b",
        ),
        (
            # Not "terminate" or "close": newsletters tell how to close your account.
            "suspend restrict limit lock deactivate freeze",
            r"\b(?:suspend|restrict|limit|lock|deactivate|freeze) your (?:[a-z]+ ){0,2}?"
            r"(?:account|access|membership|online banking)\b",
        ),
        (
            "problem problems issue issues error errors",
            r"\b(?:problems?|issues?|errors?) (?:with|in|regarding|concerning) (?:the |your )"
            r"(?:billing|account|payment|card|registration) (?:information|informations|details|"
            r"records)\b",
        ),
        (
            "verify validate confirm authenticate",
            r"\b(?:were|are|was|have been) (?:not able|unable) to (?:verify|validate|confirm|"
            r"authenticate) (?:your|the) (?:[a-z]+ ){0,2}?(?:account|identity|information|"
            r"informations|details|records)\b",
        ),
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
            # Guarded by the second word: "security" alone fills technical mail.
            "measures measure precautions precaution upgrade standards procedures procedure "
            "verification",
            r"\bsecurity (?:measures?|precautions?|upgrade|standards|procedures?|verification)\b",
        ),
        (
            "suspicious unusual irregular unauthorized unauthorised fraudulent",
            r"\b(?:noticed|detected|observed|discovered|identified|registered) (?:some |an? |"
            r"several )?(?:unusual|suspicious|irregular|unauthori[sz]ed|fraudulent)\b"
            r"|\bsuspicious (?:activity|log-?ins?|sign-?ins?|transactions?|attempts?|charges?)\b"
            r"|\birregular (?:activity|log-?ins?|transactions?)\b",
        ),
        (
            "attempts",
            r"\b(?:several|multiple|numerous|repeated|too many) (?:failed |unsuccessful |invalid |"
            r"incorrect )?(?:log-?in|sign-?in|logon|access|password) attempts\b",
        ),
        (
            "temporarily",
            r"\btemporarily (?:suspended|limited|locked|restricted|disabled|frozen|blocked)\b",
        ),
        (
            "suspension limitation restriction deactivation termination",
            r"\baccount (?:suspension|limitation|restriction|deactivation|termination)\b",
        ),
        (
            "tried attempted",
            r"\bsomeone (?:else )?(?:may have |has |had )?(?:tried|attempted) to (?:access|use|"
            r"log|sign)\b",
        ),
        ("billing", r"\bbilling (?:problem|issue|failure|error)s?\b"),
        (
            "limited restricted",
            r"\b(?:limited|restricted) account access\b"
            r"|\baccount access (?:is |has been )?(?:limited|restricted)\b",
        ),
        (
            "required",
            r"\b(?:account|billing|security) (?:update|upgrade|review|verification|validation) "
            r"(?:is )?required\b|\b(?:verification|validation|re-?activation) (?:is )?required\b",
        ),
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
_FAMILY_KEYS = tuple((family, f"phishing.{family}") for family in _PHRASES)
_NONE = Finding(())  # an empty list signal, shared: most mail has most of them empty

_ADDRESS_IN_NAME = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


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
    # A plain-text mail's links are the addresses it writes out.
    in_text = text_urls(msg.body_text)
    offsite = offsite_domains(links, in_text, claim, _MAX_ITEMS) if claim else []
    risky = (
        distinct(
            [a.filename.strip() for a in msg.attachments if is_risky_attachment(a)], _MAX_ITEMS
        )
        if msg.attachments
        else ()
    )
    out: Findings = {
        "phishing.lookalike": _lookalike(msg, ctx),
        "phishing.reply_to_lookalike": _reply_to_lookalike(msg),
        "phishing.display_name_addr": _display_name_addr(msg.from_),
        "phishing.known_name_elsewhere": _known_name_elsewhere(msg.from_, ctx),
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
        "phishing.brand_impersonation": _brand_finding(impersonated_brand(msg, ctx, sender_host)),
        "phishing.brand_claim": _brand_finding(claim),
        "phishing.sender_unvouched": _sender_unvouched(msg, ctx, found, sender_domain),
        "phishing.bare_links": Finding(True, bare) if bare else Finding(False),
        "phishing.brand_offsite_links": Finding(
            tuple(offsite),
            clip(f"{claim.name} mail links to " + ", ".join(offsite)) if claim and offsite else "",
        ),
        "phishing.high_priority": _high_priority(msg.extra_headers),
        "phishing.risky_attachment": Finding(
            risky, clip("attached: " + ", ".join(risky)) if risky else ""
        ),
        "phishing.obfuscated_words": _obfuscated_words(msg),
    }
    hosts = link_hosts(links, in_text, sender_domain, _MAX_ITEMS)
    for key, items, label in (
        ("phishing.ip_links", hosts.ips, "links to IP"),
        ("phishing.link_tricks", hosts.tricks, "links with"),
        ("phishing.brand_in_link_host", hosts.borrowed, "link hosts"),
    ):
        unique = distinct(items, _MAX_ITEMS, width=80) if items else ()
        out[key] = Finding(unique, clip(f"{label} " + ", ".join(unique))) if unique else _NONE
    for family, key in _FAMILY_KEYS:
        found_phrases = hits.get(family)
        if found_phrases and family == "bank_change":
            found_phrases = [p for p in found_phrases if not _disclaimed(prepared.text, p)]
        if not found_phrases:
            out[key] = _NONE
            continue
        phrases = distinct(found_phrases, _MAX_ITEMS)
        out[key] = Finding(phrases, clip(", ".join(f"'{p}'" for p in phrases)))
    return out


def _disclaimed(text: str, phrase: str) -> bool:
    """Whether every occurrence of a bank-change ``phrase`` in ``text`` is denied by the
    words right before it ("we will never *change our bank details*", "if you receive a mail
    telling you *our bank details have changed*")."""
    if _CHANGE_FIRST.match(phrase) and preceded_everywhere(text, phrase, _DISCLAIMED):
        return True
    return preceded_everywhere(text, phrase, _WARNED_OF, after=_WARNING_AFTER)


# Words phishers disguise, and the brands' own names: what the mail is about. A word that is
# one of them as written (Information, Visa) is no disguise.
_TARGET_WORDS = (
    "account accounts banking billing confirm confirmation credit department important "
    "information login notice official online password payment security service signin "
    "suspended suspension update urgent verification verify"
)
_DISGUISED_TARGETS = frozenset(_TARGET_WORDS.split()) | BRAND_WORDS
# A word holding a digit, "|" or a capital I: the only words worth spelling back. Possessive
# and with no I in the leading run, so that the engine never backtracks inside a word (a
# look-around version cost 130 µs a message).
_DISGUISE_CANDIDATE = re.compile(r"\b[a-zA-HJ-Z]*+[0-9|I][A-Za-z0-9|]*+")
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
    for match in _DISGUISE_CANDIDATE.finditer(text):
        word = match.group()
        if len(word) < 4 or (_HEX.fullmatch(word) and _reads_as_code(text, match)):
            continue
        written = word.lower()
        if written.translate(_FOLD) in _FOLDED_TARGETS and written not in _DISGUISED_TARGETS:
            found.append(word)
    unique = distinct(found, _MAX_ITEMS)
    if not unique:
        return _NONE
    return Finding(unique, clip("disguised words: " + ", ".join(unique)))


def _reads_as_code(text: str, match: re.Match[str]) -> bool:
    return text.endswith(_HEX_BEFORE, 0, match.start()) or bool(
        _PART_NUMBER_AFTER.match(text, match.end())
    )


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
                return Finding(hit.imitates, clip(f"{role}: {hit.evidence}"))
    return Finding(None)


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
        for shown in _ADDRESS_IN_NAME.findall(address.name):
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


def _high_priority(headers: Mapping[str, tuple[str, ...]]) -> Finding:
    """X-Priority 1 or 2, or Importance: high: the sender flagged the mail as urgent."""
    for value in headers.get("x-priority", ()):
        if value.strip()[:1] in ("1", "2"):
            return Finding(True, clip(f"X-Priority: {value.strip()}"))
    for value in headers.get("importance", ()):
        if value.strip().lower().startswith("high"):
            return Finding(True, clip(f"Importance: {value.strip()}"))
    return Finding(False)


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
