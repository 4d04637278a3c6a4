"""The wording phishing mail uses: the phrase families behind the ``phishing.*`` phrase
signals, and the words of a customer's anti-fraud footer that deny a bank change.

A *family* is the wording of one signal: ``PHRASES["bank_change"]`` feeds
``phishing.bank_change`` (likewise ``credential_request``, ``card_request``, ``lure``,
``account_alert``, ``document_share``, ``payment_copy``, ``qr_lure``, ``qr_claim``,
``legal_threat`` and ``enable_content``), whose value is the phrases of that family found in
a message. A family is a tuple of
``(triggers, pattern)`` pairs; ``phishing.py`` builds them into one ``Phrasebook``
(``phrases.py``).

How a family's triggers gate its patterns, and how to add a phrase safely: see ``phrases``.
Genuine trade mail is full of near misses: buyers confirm account details for an L/C, verify a
new bank account by phone, warn of bank changes in their footers, share drawings through
OneDrive, add a WeChat QR code to their signature. Say in a comment what a pattern must not
match.
"""

from __future__ import annotations

import re

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

# "Your account" as a login, not a bank account: "your account details", "number" or "name"
# are what a buyer confirms before a T/T.
_LOGIN_ACCOUNT = r"account(?! (?:details|number|no\b|name|holder))"

# (trigger words, pattern) per family, as in fraud_phrases.py: a pattern runs only near its
# triggers.
PHRASES: dict[str, tuple[tuple[str, str], ...]] = {
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
            # The impostor's refund or balance story: the usual bank account "migrating",
            # the money asked to a group's account instead. Not a courier account moving, nor
            # a group paying us "from" its account.
            "migrated migrating migration",
            r"\bour (?!(?:dhl|fedex|ups|tnt|courier|express|shipping) )(?:[a-z]+ )?(?:bank )?"
            r"account (?:is|has been|was|will be) (?:currently |now )?(?:being )?migrat(?:ed|ing)\b"
            r"|\bbank account migration\b",
        ),
        (
            "group parent sister holding related affiliated affiliate affiliate's subsidiary",
            r"\b(?:remit|pay|transfer|send|wire)\b(?:[^.]|\.\d){0,40}? (?:to|into) our "
            r"(?:group|parent company'?s?|sister company'?s?|holding company'?s?|"
            r"related company'?s?|affiliated company'?s?|affiliate'?s?|subsidiary'?s?) "
            r"(?:treasury |bank |collection |receiving )?account\b",
        ),
        (
            # Simplified and Traditional; 账户 (account), 账号 (account number).
            "账 帐 帳 银行 銀行 开户行 開戶行",
            _CJK_BANK_CHANGE,
        ),
        # Spanish, Portuguese, French, German and Italian: the new bank account or details,
        # the change of them, money asked "to our new account". Not "nueva cuenta de usuario"
        # (a portal's login), nor "el cambio de banco" alone (a buyer's reason for paying late).
        (
            "cuenta datos conta dados coordonnées rib compte bankverbindung kontoverbindung "
            "bankdaten iban coordinate",
            r"\bnueva cuenta (?:bancaria|en d[oó]lares|en usd|en euros)\b"
            r"|\bnuevos datos bancarios\b|\bcambio de (?:cuenta bancaria|datos bancarios)\b"
            r"|\b(?:deposit|transfer|pag|envi|reembols|devolv)(?:ar|e|en)(?:lo|la|los|las)? "
            r"(?:a|en) (?:nuestra|la|esta) (?:nueva|otra) cuenta\b"
            r"|\bnova conta (?:banc[aá]ria|em d[oó]lares)\b|\bnovos dados banc[aá]rios\b"
            r"|\b(?:mudan[cç]a|altera[cç][aã]o) (?:de|d[oa]s?|na|no) (?:conta banc[aá]ria|"
            r"dados banc[aá]rios)\b"
            r"|\b(?:deposit|transfer|pag|envi|reembols|devolv)(?:ar|e|em)(?:-?lo|-?la)? "
            r"(?:o saldo |o valor |o pagamento )?(?:para|na|em) (?:a |nossa )?nova conta\b"
            # "Nuestra cuenta en el banco está temporalmente bloqueada por una revisión":
            # the BEC story of a shut account, and the related company paid instead.
            r"|\bnuestra cuenta (?:bancaria |en el banco )?(?:está|ha sido|fue|se encuentra|"
            r"quedó) (?:temporalmente )?(?:bloqueada|congelada|suspendida|embargada)\b"
            r"|\ba la cuenta de (?:nuestra|una) (?:empresa|compañía|sociedad) (?:relacionada|"
            r"filial|hermana|asociada|vinculada)\b"
            r"|\b(?:a )?nossa conta (?:bancária )?(?:está|foi|encontra-se) (?:temporariamente )?"
            r"(?:bloqueada|congelada|suspensa)\b"
            r"|\bnotre compte (?:bancaire )?(?:est|a été) (?:temporairement )?(?:bloqué|gelé|"
            r"suspendu)\b"
            r"|\bnouvelles? coordonn[ée]es bancaires\b|\bnouveau (?:rib|compte bancaire)\b"
            r"|\bchangement (?:de|des) (?:coordonn[ée]es bancaires|compte bancaire|rib)\b"
            r"|\bneuen? (?:bankverbindung|kontoverbindung|bankdaten|iban)\b"
            r"|\b[äa]nderung (?:der|unserer|ihrer) (?:bankverbindung|kontoverbindung|bankdaten)\b"
            # "geänderte Bankverbindung"; "die bisherige Kontoverbindung … nicht mehr aktiv".
            r"|\bge[äa]nderten? (?:bankverbindung|kontoverbindung|bankdaten)\b"
            r"|\b(?:bisherige|alte) (?:bankverbindung|kontoverbindung)\b(?:[^.]|(?<=\d)\.){0,80}?"
            r"\bnicht mehr "
            r"(?:aktiv|gültig|verfügbar)\b"
            r"|\bnuov[oae] (?:conto corrente|coordinate bancarie|iban)\b"
            r"|\bvariazione (?:delle |di )?coordinate bancarie\b",
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
            # "邮箱存储空间已使用 19.6GB", "邮箱容量已达98%": the quota notice's figure.
            r"邮箱(?:存储)?(?:容量|空间)(?:已使用|已达到?|即将用完|即将满)\s*\d|"
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
    # "A file was shared with you": what a file-sharing service writes, and what phishers
    # copy. Genuine buyers share drawings this way too, so rules weigh it only where the link
    # goes to a host that merely borrows a brand's name.
    "document_share": (
        (
            "shared",
            r"\b(?:has |have )?shared (?:a |an |the |\d+ )?(?:new )?(?:file|files|document|"
            r"documents|folder|item|items|pdf|link) with you\b"
            r"|\b(?:has been|have been|was|were|is) shared with you\b",
        ),
        ("sent", r"\bsent you (?:a |the |\d+ )?(?:files?|documents?|folder)\b"),
        (
            "compartida compartido compartidos compartidas compartilhado compartilhada",
            r"\bcompartid[oa]s? (?:contigo|con usted|con ustedes|por onedrive|por google drive|"
            r"por dropbox|en onedrive)\b|\bdocumentos? compartid[oa]s?\b"
            r"|\bcompartilhad[oa]s? (?:com voc[eê]|pelo onedrive)\b",
        ),
        ("partagé", r"\bpartagé(?:e|s|es)? avec vous\b"),
        ("geteilt", r"\b(?:mit ihnen|mit dir) geteilt\b"),
        (
            "共享 分享",
            r"(?:与|和)(?:您|你)(?:共享|分享)了?|(?:共享|分享)了?(?:一个|一份)?(?:文件|文档|文件夹)",
        ),
    ),
    # Proof of a payment, the lure a seller opens first: buyers attach it, so rules weigh it
    # only where a link goes to a host that merely borrows a brand's or a bank's name.
    "payment_copy": (
        (
            "swift mt103 mt tt copy slip advice proof receipt",
            r"\bswift (?:copy|message|confirmation|receipt|slip)\b|\bmt ?103\b"
            r"|\b(?:tt|t/t|telegraphic transfer|wire|bank|payment|transfer) (?:copy|slip|receipt)\b"
            r"|\b(?:payment|remittance) advice\b|\bproof of (?:payment|transfer|remittance)\b",
        ),
        ("水单 汇款单 付款凭证 回单", r"水单|汇款单|付款凭证|(?:银行|付款)回单"),
    ),
    # A QR code to open a document, sign, or claim money: the link hides in a picture that no
    # link check reads, and the clerk opens it on a phone. Not "scan to add me on WeChat".
    "qr_lure": (
        (
            "qr qrcode",
            r"\bscan (?:the |this |our |my |a )?(?:attached |enclosed |below |following )?"
            r"qr(?:-| )?code\b[^.]{0,60}?\b(?:to|and) (?:view|open|access|review|sign|download|"
            r"read|retrieve|verify|confirm|release|receive|claim|complete|re-?register|register|"
            r"set up|reset|update|renew|keep|activate|enable|unlock|restore)\b[^.]{0,40}?\b"
            r"(?:document|file|purchase order|order|po|invoice|contract|message|voicemail|fax|"
            r"payment|remittance|account|mailbox|e-?mail|password|refund|subsidy|authentication|"
            r"authenticator|mfa|2fa|access|login|sign-?in)s?\b",
        ),
        (
            "二维码 扫码",
            r"(?:扫描|扫)[^。，,.；;]{0,12}二维码[^。]{0,30}(?:领取|申领|填写|认证|验证|登录|激活|"
            r"查看(?:文件|文档|订单|发票|合同|邮件))"
            r"|(?:补贴|退税|个税|社保|公积金)[^。]{0,30}(?:扫码|二维码)",
        ),
    ),
    # A QR code to claim money or to keep a mailbox: a subsidy or a tax refund claimed, a
    # mailbox or MFA re-registered. Read beside ``qr_lure`` from the same words
    # (``overlapping``). Not a login by QR code alone (扫码登录 is how Chinese services sign
    # in) nor the export tax rebate (出口退税) an accountant handles: only money claimed with
    # personal or bank-card details, and mailbox or MFA wording.
    "qr_claim": (
        (
            "qr qrcode",
            r"\bscan (?:the |this |our |my |a )?(?:attached |enclosed |below |following )?"
            r"qr(?:-| )?code\b[^.]{0,60}?\b(?:(?:to|and) (?:claim|receive|collect|get) "
            r"[^.]{0,30}?\b(?:subsidy|subsidies|refunds?|grants?|allowances?|bonus|salary|"
            r"compensation|tax rebates?)"
            r"|(?:to|and) (?:re-?register|reset|update|renew|keep|restore|unlock|re-?activate|"
            r"re-?authenticate) [^.]{0,30}?\b(?:password|mailbox|e-?mail account|"
            r"multi-factor|mfa|2fa|two-factor|authenticator|authentication)s?)\b",
        ),
        (
            "二维码 扫码",
            # (扫码 or 扫…二维码) with money claimed, bank-card details asked, or a mailbox.
            r"(?:补贴|津贴|补助|个税退税|个人所得税退税|社保|公积金)[^。]{0,30}(?:扫码|二维码)"
            r"[^。]{0,20}(?:领取|申领|填写(?:个人|银行卡))"
            r"|(?:扫码|(?:扫描|扫)[^。，,.；;]{0,12}二维码)[^。]{0,30}(?:领取|申领)[^。]{0,20}"
            r"(?:补贴|津贴|补助|退税|社保|公积金)"
            r"|(?:扫码|(?:扫描|扫)[^。，,.；;]{0,12}二维码)[^。]{0,30}(?:填写|提交)[^。]{0,10}"
            r"(?:银行卡|工资卡|卡号)"
            r"|(?:扫码|(?:扫描|扫)[^。，,.；;]{0,12}二维码)[^。]{0,20}(?:(?:验证|认证|激活|解冻)"
            r"[^。]{0,6}邮箱|邮箱[^。]{0,6}(?:验证|认证|激活|解冻))",
        ),
    ),
    # A legal threat addressed to us: infringement "evidence", a warning letter, a DMCA
    # takedown, the documents behind a link (``phishing.py`` keeps it only where the mail
    # links away from the sender's domain). Addressed to "your website" or "you": mailing
    # lists discuss copyright infringement all day without threatening anyone.
    "legal_threat": (
        (
            "infringement",
            r"\b(?:copyright|trademark|intellectual property|ip|design)(?: rights?)? infringement "
            r"(?:notice|claim|complaint|report|warning)\b"
            r"|\bnotice of (?:alleged |the )?infringement\b",
        ),
        (
            "without",
            r"\b(?:used|using|appear(?:s|ing)?|published|displayed) on your (?:website|web ?site|"
            r"site|store|storefront|shop|listings?|product pages?)\b[^.]{0,60}?\bwithout (?:my|our|"
            r"the owner's|any) (?:permission|consent|authori[sz]ation|license|licence)\b",
        ),
        (
            "dmca",
            r"\b(?:file|filed|submit|send) (?:a |the )?dmca (?:takedown|complaint|notice)\b"
            r"|\bdmca takedown (?:notice|request)\b",
        ),
        (
            "abmahnung unterlassungserklärung",
            r"\babmahnung\b|\bunterlassungserklärung\b",
        ),
        (
            "侵犯 侵权",
            r"侵犯(?:了)?(?:我方|我司|我们|本人|我的)?(?:的)?(?:著作权|版权|商标权|专利权|外观设计)"
            r"|(?:商标|版权|知识产权)侵权(?:通知|投诉|警告)",
        ),
    ),
    # The macro document's lure: the text tells how to let its code run ("the photos show
    # only after you click Enable Content"). Not "enable editing" alone: a genuine form sent
    # as a protected .docx asks that too.
    "enable_content": (
        (
            "enable content macros macro",
            r"\benable (?:the )?(?:content|macros?|active content)\b",
        ),
        (
            "habilitar habilite ativar ative activer activez aktivieren włącz включить включите "
            "etkinleştirin etkinleştir",
            r"\b(?:habilit(?:ar|e)|ativ(?:ar|e)) (?:el |o )?(?:contenido|conteúdo|macros?)\b"
            r"|\bactive[rz] (?:le contenu|les macros)\b"
            r"|\b(?:inhalt|inhalte|makros?) aktivieren\b"
            r"|\bwłącz (?:zawartość|makra)\b"
            r"|включит[ье] (?:содержимое|макросы)"
            r"|\b(?:içeriği|makroları) etkinleştir",
        ),
        ("启用 启用宏", r"启用(?:内容|宏|编辑和内容)"),
    ),
    # The password of the reader's own mailbox, asked for: the vendor portal's "single sign-on
    # with your corporate e-mail", the shared file's "confirm your mailbox password". No buyer,
    # platform or bank needs it. Not a portal's own password ("your username and password"),
    # nor an archive's; warnings are left out by ``analyze`` (``DISCLAIMED``, ``NOT_ASKED``).
    "mailbox_password": (
        (
            "password passwords credentials",
            r"\byour (?:[\w-]+ ){0,2}?(?:e-?mail|mailbox|webmail|exmail|outlook)(?: account)? "
            r"(?:password|credentials|log-?in credentials)\b"
            r"|\b(?:confirm|enter|verify|provide|type|input|submit|use|using|with|re-?enter) "
            r"(?:the |your )?password (?:of|for|to) (?:your|the) (?:[\w-]+ ){0,2}?"
            r"(?:e-?mail|mailbox|webmail|mail account)\b",
        ),
        (
            "contraseña senha passe passwort парол şifre khẩu sandi",
            r"\bcontraseña (?:de|del) (?:su |tu )?(?:cuenta de )?(?:correo|e-?mail|buz[oó]n)"
            r"|\bsenha (?:do|de|da) (?:seu |sua )?(?:e-?mail|correio|caixa de (?:e-?mail|correio))"
            r"|\bmot de passe (?:de |d'accès à )?(?:votre |ta )?(?:messagerie|bo[iî]te (?:mail|"
            r"e-?mail|aux lettres)|e-?mail|courriel|adresse e-?mail)"
            r"|\be-?mail-?passwort|\bpasswort (?:ihres|deines|ihrer|deiner) (?:e-?mail|postfach)"
            r"|парол\w* (?:от |к |для )?(?:вашей |своей |вашего |своего )?(?:электронной почты|"
            r"почты|почтового ящика|e-?mail)"
            r"|\be-?posta (?:hesabınızın |hesabınız |hesabı )?şifre"
            r"|\bmật khẩu (?:email|hộp thư|thư điện tử)"
            r"|\bkata sandi (?:email|surel|kotak surat)",
        ),
        # A request (请 …), not "凡是要求…输入邮箱密码的邮件，一律是钓鱼邮件" or
        # "不会…索取邮箱密码".
        (
            "密码",
            r"(?:请|须|需要|务必)(?:您|你)?(?:使用|输入|用|填写|提供|确认|验证)(?:您|你)?的?"
            r"(?:企业|公司|工作)?(?:邮箱|邮件)(?:账号|帐号|登录)?(?:和|及|与)?(?:登录)?密码",
        ),
        # Japanese and Korean say what is done with it after it: "…パスワードでログイン",
        # "…비밀번호로 로그인", "…を入力".
        (
            "パスワード 비밀번호",
            r"メール(?:アカウント)?の?パスワード(?:で|を(?:ご)?入力)"
            r"|(?:이메일|메일) ?(?:계정 ?)?(?:의 )?비밀번호(?:로|를? ?입력)",
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

# Read by ``phishing._disclaimed`` after a bank-change phrase matched.
# What a customer's anti-fraud footer says: "will never change our bank details", "do not
# change", "call us to confirm any change of bank details", 我司不会通过邮件变更银行账户: a
# denial right before a phrase that opens with the change itself (not before "pay to our new
# account": "if you have not paid yet please pay to our new account" denies nothing). Read
# only where a bank-change phrase was found (rare).
CHANGE_FIRST = re.compile(
    r"(?:change|update|modif|cambio|mudan|altera|[äa]nderung|variazione)|[变變]更|更改|更[换換]"
)
DISCLAIMED = re.compile(
    # Not "don't hesitate to", "don't forget to": requests dressed in a negation. The same
    # in the buyers' other languages: "nunca le pediremos", "nie włączaj", "никогда не".
    r"(?:\bnever|\bnot|n't|\b(?:nunca|jamás|jamais|nie|niemals|não|asla|никогда|не))"
    r"(?: (?!hesitate\b|forget\b|fail\b|wait\b|delay\b)[\w'-]+){0,3} $"
    r"|\b(?:confirm|verify|report|check)(?: [\w'-]+){0,2} any $"
    # Not 不得不 ("have no choice but to"). 请勿 / 不要 (相信): told not to trust the notice;
    # not 别, which 特别 ("special notice") holds.
    # The channels may come between: 我司不会通过邮件、微信、QQ 通知变更收款账户.
    r"|(?:不[会會能得可要](?!不)|[从從绝絕决決永]不|[从從]未|勿)[^，。,.;；!！?？]{0,16}$"
    # Impostors' mail told of: "冒充供应商的“变更账户”邮件", "fraudulent 'change of bank
    # details' e-mails", "fake account-change notices".
    # "谨防冒用我司名义变更收款账户": beware of those using our name to change it.
    r"|(?:冒充|假冒|仿冒|冒用|冒名|伪造|虚假|诈骗|谨防|警惕|防范)[^，。,.;；!！?？]{0,20}$"
    r"|\b(?:fake|fraudulent|bogus|spoofed|phishing|scam|impostor) (?:[\w'-]+ ){0,2}['\"“]?$"
    # A change only supposed, as a policy says what would come with one: "if we ever need
    # to change our bank details, …", "如果今后我司确实需要变更账户，…".
    r"|\bif (?:we|our company) (?:ever |in future |in the future )?(?:need to |have to |must )?$"
    r"|(?:如果|假如|若)(?:今后|将来|以后|日后)[^，。,.;；!！?？]{0,12}$"
    r"|(?:如果?|假如|若)(?:我司|我们|本公司|我方)(?:确需|确实需要|需要|需)$"
)
# A mailbox password told of, not asked for (besides the warnings ``DISCLAIMED`` reads):
# advice to change or guard it ("please change your e-mail password": a customer whose
# mailbox was hacked writes so), or a portal's own password set apart from it ("it has
# nothing to do with your e-mail password", "separate from your mailbox password").
NOT_ASKED = re.compile(
    r"\b(?:nothing(?: \S+){0,3}|without|different from|separate from|other than|instead of|"
    r"rather than|unlike) $"
    # Not "keep" or "secure": the lure's own "keep your current mailbox password".
    r"|\b(?:change|reset|protect|guard)\w* $"
)
# The footer's warning: "if you receive an e-mail telling you our bank details have changed,
# call us". Before any bank-change phrase, whatever it opens with.
WARNED_OF = re.compile(
    # "If you ever need to pay us or you receive any …": the warning may share its "if" (only
    # with "any": "if you pay this week or you get our reminder about …" is no warning).
    r"\bif (?:you )?(?:ever )?(?:[^.]{0,40}? or (?:you )?(?=(?:receive|get) any\b))?"
    r"(?:receive|get|are sent)\b"
    r"[^.]{0,30}?\b(?:telling you|saying|"
    r"stating|claiming|informing you|advising(?: you)?|notifying you|that says|about|"
    r"regarding|concerning)(?: that| an?| any)? $"
    # 如收到任何声称我司更换账户的邮件，请直接打电话核实
    r"|(?:如(?:果)?|凡|若|一旦)(?:您|你|贵司)?(?:收到|接到)[^。！？]{0,12}?(?:声称|称|说|表示|通知|"
    r"有关|关于|要求|涉及)(?:我司|我们|本公司|我方)?(?:已)?$"
    # The same in the buyers' languages: "si recibe un correo sobre un …", "se receber um
    # e-mail sobre …", "si vous recevez un e-mail annonçant un …", "sollten Sie eine E-Mail
    # über eine … erhalten", "se ricevete una e-mail con …".
    r"|\bsi (?:usted )?(?:recibe|recibiera|llegara a recibir)\b[^.]{0,40}?\b(?:sobre|acerca de|"
    r"indicando|informando|anunciando|con)(?: (?:un|una|el|la|algún|alguna|cualquier))? $"
    r"|\bse (?:você |voce )?(?:receber|recebe)\b[^.]{0,40}?\b(?:sobre|informando|dizendo|"
    r"anunciando|com)(?: (?:um|uma|a|o|qualquer))? $"
    r"|\bsi vous (?:recevez|receviez)\b[^.]{0,40}?\b(?:concernant|annonçant|indiquant|sur|avec)"
    r"(?: (?:un|une|le|la|des|de|tout|toute))? $"
    r"|\b(?:sollten|falls|wenn) sie\b[^.]{0,40}?\b(?:e-mail|mail|nachricht|mitteilung)\b"
    r"[^.]{0,20}?\b(?:über|zu|bezüglich|mit|zur)(?: (?:eine[rnm]?|die|der|neue[nr]?))? $"
    r"|\bse (?:ricevete|riceve|doveste ricevere|dovesse ricevere)\b[^.]{0,40}?\b(?:su|sulla|"
    r"sul|con|riguardo|relativa a|che (?:annuncia|comunica|indica))(?: (?:un|una|le|la|delle))? $"
)
# ... and only with the warning after it: "call us", "do not pay". Without one, a scammer's
# "if you get this mail saying our bank details have changed, that is correct" would pass.
WARNING_AFTER = re.compile(
    r"[^.]{0,20}?\b(?:please )?(?:call|phone|telephone|contact|verify|confirm|check|do not|"
    r"don't|never|ignore|report|treat it)\b"
    r"|[^。]{0,20}?(?:打电话|致电|来电|电话|拨打|核实|核对|确认|不要付款|切勿|勿)"
    # ... and in theirs: llámenos, ligue, appelez-nous, rufen Sie uns an, chiamateci, do not
    # pay; the verb may come after the clause's own ("… erhalten, rufen Sie").
    r"|[^.]{0,30}?\b(?:ll[aá]m|contact|verifi|confirm|no pague|no realice|lig(?:ue|uem)\b|"
    r"entre em contato|n[aã]o pague|appel|v[ée]rifi|ne payez|ruf|kontaktier|pr[üu]f|"
    r"zahlen sie nicht|chiam|contatt|non paga|non effettu)"
)
# What fake mails ask, told of in an advisory: "links asking you to 'log in with your e-mail
# password'", "e-mails requesting you to confirm your mailbox password". The asking is the
# mail's or the link's, not the sender's own "please".
ASKING_MAILS = re.compile(
    r"\b(?:e-?mails?|messages?|links?|pages?|sites?|notices?|attachments?|websites?)"
    r"(?: [\w-]+){0,2} (?:asking|requesting|prompting|telling|urging|that ask|which ask)"
    r"(?: you)?(?: to)?(?: [\w'\"“-]+){0,4} ?[\"“']?$"
)
# A bank's warning that it never asks for credentials: "我行不会通过邮件、短信要求您点击链接…".
# Only with 要求 (asks): not "如果您不会操作，请点击链接更新" (if you cannot do it yourself).
NEVER_ASKS = re.compile(
    r"(?:不会|不會|从不|從不|绝不|決不|决不|永远不会)[^。！？!?]{0,20}?(?:要求|请求|讓|让)(?:您|你)?"
    r"[^。！？!?]{0,20}$"
)
# "Never" some words before the new details, in any of the buyers' languages: "we will never
# ask you to pay into a new bank account", "nous ne vous enverrons jamais de nouvelles
# coordonnées". Only "never": "we have not received your payment; pay to our new account" is
# the scam, and a clause mark ends the reach ("never mind: new bank details attached").
NEVER_BEFORE = re.compile(
    r"(?:\b(?:never|nunca|jamás|jamais|niemals|nie|asla)|никогда|从不|绝不|决不|永不|从未)"
    r"(?: [^ .;:!?,]+){0,7} $"
)
