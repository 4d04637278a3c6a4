"""Cues of fake buyers and advance-fee (419) scams, in English and Chinese.

Each signal is a fact a rule can weigh: the phrases that matched (as evidence), or a yes/no. The
phrase lists are *families* of wording (inheritance, next of kin, consignment box …) rather than
single strings, because scammers vary their words but not their story. The families are scanned
by one ``Phrasebook`` (``phrases.py``: each pattern runs only near its trigger words) over the
subject and the first 3,000 characters of the body: scams state their story early. Where the body
quotes a mail of ours (its quote header names our address or a name we sign with), only the
sender's own text is scanned (``phrases.prepare``): a customer quoting our own "urgent" or "bank
details" is not a scammer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tradetriage.mail.records import Attachment, ParsedMessage
from tradetriage.signals import request
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec, clip, distinct
from tradetriage.signals.domain import registered_domain, reply_to_findings
from tradetriage.signals.phrases import Phrasebook, Prepared, preceded_everywhere, prepare

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "fraud.advance_fee",
        "list",
        "advance-fee story phrases: inheritance, next of kin, consignment box, lottery, "
        "Western Union, millions of dollars, 'risk free' …",
    ),
    SignalSpec("fraud.urgency", "list", "pressure phrases: urgent, ASAP, within 24 hours, 紧急 …"),
    SignalSpec(
        "fraud.huge_order",
        "list",
        "very large quantities or sums (or 'bulk order') without a named product in detail",
    ),
    SignalSpec(
        "fraud.samples_express",
        "list",
        "insists on samples by DHL/FedEx, at our cost, or names a courier account",
    ),
    SignalSpec(
        "fraud.meet_elsewhere",
        "list",
        "asks to meet an agent, visit an office or sign a contract in another city",
    ),
    SignalSpec(
        "fraud.odd_units", "list", "odd units for valves: tons of valves, containers of 'products'"
    ),
    SignalSpec(
        "fraud.payment_first",
        "list",
        "asks us to pay first: registration, contract, notarisation or licence fees",
    ),
    SignalSpec(
        "fraud.secrecy", "list", "asks for secrecy: strictly confidential, private email, 保密 …"
    ),
    SignalSpec(
        "fraud.government",
        "list",
        "invokes governments or big institutions: ministry, petroleum corporation, UN, World Bank",
    ),
    SignalSpec(
        "fraud.reply_to_freemail",
        "bool",
        "Reply-To sends answers to another mailbox at a free-mail provider (a header fact, "
        "not counted in cue_count: rules pair it with the cues of the text)",
    ),
    SignalSpec(
        "fraud.fake_po",
        "list",
        "attachments named like an order/PO/RFQ/invoice or a shipping document (B/L, AWB, "
        "packing list) but executable, HTML, archive or double-extension (shipping papers: "
        "not an archive)",
    ),
    SignalSpec(
        "fraud.vague_order",
        "list",
        "fake-buyer wording: 'your products', 'desired items', 'most recent catalog', 'we would "
        "like to make a purchase' (a weak cue, not counted in cue_count)",
    ),
    SignalSpec(
        "fraud.reply_in_text",
        "list",
        "the text asks to send the quotation or reply to an address at another domain than From",
    ),
    SignalSpec(
        "fraud.cue_count",
        "int",
        "how many of the fraud cue families above fired (vague_order and reply_to_freemail "
        "not counted)",
    ),
)

# Evidence lists stay short; rules count phrases, a clerk reads a few.
_MAX_PHRASES = 16

_NUM = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
)
_CURRENCY = r"(?:u\.?s\.?\s?d(?:ollars?)?|us\$|\$|dollars?|euros?|eur|€|£|pounds?|gbp)"
# Places where advance-fee scams stage their meetings and contract signings.
_CITIES = (
    "lagos", "abuja", "accra", "dubai", "abu dhabi", "cotonou", "lome", "lomé", "johannesburg",
    "pretoria", "kuala lumpur", "istanbul", "madrid", "amsterdam", "london", "bangkok", "nairobi",
    "dakar", "abidjan", "ouagadougou", "benin", "togo", "ghana", "nigeria", "south africa",
    "malaysia", "senegal",
)  # fmt: skip
_CITY_WORDS = " ".join(sorted({word for city in _CITIES for word in city.split()}))
_CITY_RE = "(?:" + "|".join(_CITIES) + ")"

# (trigger words, pattern) per cue family. A trigger is a whole lower-case ASCII word, or else
# a substring (CJK, symbols). English patterns start at a word boundary; CJK ones cannot (CJK
# characters are all "word" characters to the regex engine).
_FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
    "advance_fee": (
        (
            "inherit inheritance",
            r"\binheritance (?:funds?|money|sum|claim|transfer)\b"
            r"|\b(?:your|my|his|her) inheritance\b"
            r"|\binherit (?:the|this|my|his|her) (?:funds?|sum|money|estate|wealth|fortune)\b",
        ),
        # An L/C names a beneficiary too: only the beneficiary of a fund or an estate, or a
        # stranger made one, tells the story.
        (
            "beneficiary beneficiaries",
            r"\bbeneficiar(?:y|ies) (?:of|to) (?:the |this |these |his |her |my |our |said |"
            r"your )?(?:late |deceased )?(?:total )?(?:funds?|estate|inheritance|deposit|will|"
            r"money|sum|consignment|compensation|fortune|wealth)\b"
            r"|\b(?:sole|rightful|legitimate|legal|foreign|bona ?fide|next of kin and) "
            r"beneficiar(?:y|ies)\b"
            r"|\b(?:you|yourself|your name) as (?:the |a |my |our )?(?:sole |legal |rightful )?"
            r"beneficiar(?:y|ies)\b",
        ),
        ("kin", r"\bnext of kin\b"),
        (
            "late deceased",
            r"\b(?:late|deceased) (?:client|customer|husband|wife|father|mother|brother|sister|"
            r"uncle|son|daughter|partner|depositor|president|head of state|king|colonel|"
            r"minister)\b",
        ),
        ("accident crash", r"\b(?:car|auto|plane|air|motor) (?:accident|crash)\b"),
        ("transfer", r"\bfunds? transfer\b"),
        (
            "transfer transferring",
            r"\btransfer(?:ring)? (?:of )?(?:the|this|these|my|our|said) (?:funds?|money|sum|"
            r"amount)\b",
        ),
        (
            "unclaimed dormant abandoned",
            r"\b(?:unclaimed|dormant|abandoned) (?:funds?|money|deposit|sum|account|"
            r"inheritance|assets?|consignment)\b",
        ),
        ("box boxes", r"\b(?:consignment|trunk|metal|security) box(?:es)?\b"),
        ("diplomat diplomatic", r"\bdiplomat(?:ic)?(?: agent| courier| bag)?\b"),
        ("barrister", r"\bbarrister\b"),
        ("attorney", r"\battorney at law\b"),
        # Not "compensation payment" alone: a quality claim asks for one.
        (
            "compensation",
            r"\bcompensation (?:funds?|sum|money)\b"
            r"|\b(?:victims?|nations|un|ecowas|government|federal|lottery) compensation "
            r"(?:payments?|programs?|programmes?|package)\b",
        ),
        ("atm", r"\batm (?:master ?|visa ?)?card\b"),
        (
            "lottery lotto sweepstake sweepstakes jackpot",
            r"\b(?:lottery|lotto|sweepstakes?|jackpot)\b",
        ),
        ("winning", r"\bwinning (?:number|notification|ticket|email)\b"),
        ("western", r"\bwestern union\b"),
        ("moneygram gram", r"\bmoney ?gram\b"),
        (
            "million",
            # The sum may be spelled out on: "nine million two hundred thousand dollars".
            rf"\b{_NUM}[\s-]*(?:point\s*\d+\s*)?million\s*(?:(?:and )?[a-z]+[\s-]){{0,5}}?"
            rf"(?:united states? |american |us )?{_CURRENCY}",
        ),
        ("$ usd eur € £ gbp", rf"{_CURRENCY}\s?\d[\d,.]*\s?(?:m\b|million)"),
        (
            "risk",
            r"\b100\s?% risk[- ]free\b|\brisk[- ]free (?:transaction|deal|business|transfer)\b",
        ),
        ("legitimate", r"\blegitimate (?:arrangement|transaction|deal)\b"),
        # Not "kindly reply" or "full name": politeness and a company's full name for a PO are
        # how many real buyers write; the scammer asks for the person's particulars.
        (
            "full residential birth marital",
            r"\b(?:full names|residential address|date of birth|marital status)\b"
            r"|\byour full name,? (?:and )?(?:age|sex|occupation|nationality|marital|"
            r"date of birth|residential|home address|private)\b",
        ),
        (
            "copy",
            r"\bcopy of (?:your )?(?:id|international passport|passport|driver'?s licen[cs]e)\b",
        ),
        (
            "% percent cent",
            r"\b\d{1,2} ?(?:%|percent|per cent) (?:of (?:the|this|these) (?:total )?"
            r"(?:funds?|money|sum)|for you|shall be (?:yours|for you)|will be (?:yours|for you))\b",
        ),
        # The story's foreigner helps move a fund; a buyer may look for a foreign partner too.
        (
            "foreign",
            r"\bforeign (?:partner|business partner)(?: who| that)? (?:to |can |will |could )?"
            r"(?:assist|help|receive|stand)\b|\bforeign assistance\b",
        ),
        # "A business proposal" opens many a distributor's first mail; the story's is secret.
        (
            "proposal proposition",
            r"\b(?:lucrative|confidential|private|secret|profitable|mutually beneficial) "
            r"business (?:proposal|proposition)\b",
        ),
        ("draft cheque", r"\bbank draft\b|\bcertified (?:cheque|check)\b"),
        # Banks "release the payment against documents" under every L/C: the story releases a
        # fund, an inheritance or "your payment" to the stranger.
        (
            "funds fund payment money inheritance consignment",
            # (Not "release of the consignment": customs hold real goods too.)
            r"\brelease of (?:the |your |my |this |said )?(?:funds?|money|inheritance)\b"
            r"|\brelease of your (?:payment|winnings|compensation)\b"
            r"|\brelease (?:the |your |my |this |said )?(?:funds?|money|inheritance|consignment"
            r"|payment) (?:to|into|in) (?:you|your)\b",
        ),
        (
            "charity charitable donate donation",
            r"\bcharit(?:y|able) (?:work|organi[sz]ations?|projects?|homes?)\b"
            r"|\bdonat(?:e|ion) (?:the sum|to you)\b",
        ),
        # "The sum of USD 48,000" opens an L/C; the story's sums run to millions.
        (
            "sum",
            r"\bthe (?:total )?sum of (?:u\.?s\.?\s?\$|usd|us dollars|\$|eur|€|£|gbp)?\s?"
            r"(?:\d{1,3}(?:[,.' ]\d{3}){2,}|\d[\d ]*(?:[.,]\d+)?\s?(?:m\b|million|billion))",
        ),
        # "Dear friend" is how many Asian buyers open; "dear beloved" is the story's.
        ("beloved", r"\bdear beloved\b"),
        ("surprise unexpected", r"\b(?:surprise|unexpected) (?:letter|mail|email|message)\b"),
        ("country", r"\binvest(?:ing|ment)? (?:[a-z]+ )?in your country\b"),
        (
            "遗产 继承 受益人 近亲 已故 外交官 赔偿金 中奖 彩票 西联 速汇金 无风险 无人认领 "
            "休眠账户 转移资金 资金转移 百万美元 千万美元 亿美元",
            # 受益人 as in English: an L/C's 受益人名称 is trade, the heir of a fund is the story.
            r"遗产|继承|(?<=遗产)受益人|(?<=遗产的)受益人|(?<=资金)受益人|(?<=资金的)受益人|"
            r"(?<=基金)受益人|唯一受益人|合法受益人|近亲|已故|外交官|赔偿金|中奖|彩票|西联汇款|速汇金|"
            r"无风险|无人认领|休眠账户|转移资金|资金转移|百万美元|千万美元|亿美元",
        ),
    ),
    "urgency": (
        ("urgent urgently", r"\burgent(?:ly)?\b"),
        ("asap", r"\basap\b"),
        (
            "immediate immediately",
            r"\b(?:reply|respond|contact|call|send|pay|act|confirm|get back)(?:ing)? "
            r"(?:to |me |us |back )?(?:[a-z]+ ){0,2}immediately\b"
            r"|\bimmediate (?:response|reply|attention|action|payment|transfer|shipment)\b",
        ),
        ("delay", r"\bwithout (?:any )?delay\b"),
        (
            "hours hrs hour",
            r"\bwithin (?:24|48|72|twenty[- ]four|forty[- ]eight|\d{1,2}) ?(?:hours|hrs|hour)\b",
        ),
        ("urgency", r"\bas a matter of urgency\b"),
        ("sensitive", r"\btime[- ]sensitive\b"),
        ("away", r"\bright away\b"),
        ("fail", r"\b(?:today|tonight) without fail\b"),
        (
            "紧急 加急 尽快 立即 立刻 马上 急需 急单 今天之内 小时内",
            r"紧急|加急|尽快|立即|立刻|马上|急需|急单|今天之内|\d+小时内",
        ),
    ),
    # Samples at our cost: free, or with the courier charged to us. Not "send the samples by
    # DHL" alone, nor the buyer's own courier account or 运费到付 (freight collect): that is a
    # real buyer paying, and it fired on genuine buyers five times as often as on fraud.
    "samples_express": (
        ("cost expense", r"\bsamples? (?:at|on) your (?:own )?(?:cost|expense|account)\b"),
        ("samples sample", r"\bfree samples?\b|\bsamples? (?:free of charge|for free)\b"),
        (
            "免费 承担 支付 负责",
            r"免费(?:寄送|提供|寄|邮寄)?样(?:品)?|样品免费|"
            r"(?:样品|快递|运)费(?:用)?由?(?:贵司|你方|贵方|你们|您)(?:承担|支付|负责)",
        ),
    ),
    "meet_elsewhere": (
        (
            "agent representative rep lawyer attorney director ceo consultant broker official "
            "officials",
            r"\b(?:meet|see) (?:with )?(?:our|my|the) (?:agent|representative|rep|lawyer|"
            r"attorney|director|ceo|consultant|broker|officials?)\b",
        ),
        (
            "office headquarters",
            r"\b(?:come|travel|fly) (?:down )?to (?:our|my) (?:office|headquarters)\b",
        ),
        (
            # Meeting or signing there, or travelling there: not "visit our shop in Dubai" or
            # "the charge will come to me in Lagos", where a buyer says where it is.
            _CITY_WORDS,
            rf"\b(?:meet|sign(?:ing)?)\b[^.]{{0,60}}\b(?:in|at) {_CITY_RE}\b"
            rf"|\b(?:come|travel|fly)(?: down| over)? to {_CITY_RE}\b",
        ),
        (
            "contract agreement deal mou",
            r"\bsign(?:ing)? (?:the |a )?(?:contract|agreement|deal|mou)(?: papers?)? (?:in|at) "
            r"(?:our|my|their) (?:office|headquarters)\b",
        ),
        ("代理 办公室 总部 当面签", r"见(?:我们的)?代理|来我(?:们|司)的?(?:办公室|总部)|当面签"),
    ),
    "odd_units": (
        (
            "tons ton tonnes tonne mt kg kgs kilograms",
            r"\b\d[\d,.]*\s*(?:tons?|tonnes?|mt|metric tons?|kgs?|kilograms?)\s+of\s+"
            r"(?:[a-z]+\s+){0,3}?(?:valves?|strainers?|products?|goods|items|fittings)\b",
        ),
        (
            "container containers",
            rf"\b{_NUM}\s*(?:x\s*)?(?:20|40)?\s*(?:'|ft|feet|foot|hq|gp)?\s*containers?\s+of\s+"
            r"(?:your\s+|the\s+)?(?:products?|goods|items|materials?|merchandise|valves?)\b",
        ),
        (
            "吨 集装箱 货柜",
            r"\d+\s*吨(?:的)?(?:阀门|球阀|闸阀|蝶阀|止回阀|产品|货)"
            r"|\d+\s*(?:个)?(?:集装箱|货柜)(?:的)?(?:产品|货物)",
        ),
    ),
    "payment_first": (
        (
            "fee fees charge charges cost costs",
            r"\b(?:registration|vendor registration|supplier registration|membership|contract|"
            r"notary|notari[sz]ation|import licen[cs]e|export licen[cs]e|licen[cs]e|stamp duty|"
            r"release|activation|anti-?terrorism|anti-?money laundering|ownership|"
            r"administrative|legal|upfront|up-front|advance|vetting|enrol?lment) "
            r"(?:fee|fees|charges?)\b|\b(?:registration|vetting) costs?\b",
        ),
        (
            # The overpayment story: money "paid by mistake" goes back to someone else.
            "refund return",
            r"\b(?:refund|return) (?:the )?(?:balance|difference|excess|extra|overpaid)"
            r"(?: amount| money| funds?)? (?:to|via|through) (?:our|the|my|his|their) "
            r"(?:agent|shipper|shipping agent|forwarder|freight agent|logistics|third party|"
            r"driver|supplier|partner)\b",
        ),
        # Unless the buyer says it pays (see ``_BY_THE_BUYER``).
        (
            "pay paying",
            r"\bpay(?:ing)? (?:for )?(?:the )?(?:inspection|certification|notari[sz]ation|"
            r"registration|contract|licen[cs]e|documentation|clearance|processing)\b",
        ),
        ("register", r"\bregister (?:as|with us as) (?:our |a )?(?:vendor|supplier)\b"),
        (
            "注册费 公证费 合同费 检验费 认证费 入网费 供应商注册 进口许可证费",
            r"注册费|公证费|合同费|检验费|认证费|入网费|供应商注册|进口许可证费",
        ),
    ),
    "secrecy": (
        ("confidential", r"\b(?:very|strictly|highly|absolutely) confidential\b"),
        (
            "confidential",
            r"\bconfidential (?:business|transaction|proposal|matter|deal|relationship)\b",
        ),
        (
            "keep",
            r"\bkeep (?:this|it|the matter|this matter|this transaction) (?:secret|confidential|"
            r"private|between us|to yourself)\b",
        ),
        ("private", r"\bprivate (?:email|e-mail|mailbox|address)\b"),
        ("secret", r"\btop secret\b"),
        (
            "confidentiality secrecy discretion",
            r"\b(?:utmost|absolute|strict) (?:confidentiality|secrecy|discretion)\b",
        ),
        ("disclose discuss tell", r"\bdo not (?:disclose|discuss|tell) (?:this|it|anyone)\b"),
        ("保密 私人邮箱 不要告诉", r"保密|私人邮箱|不要告诉"),
    ),
    "government": (
        ("ministry", r"\bministry of [a-z]+\b|\bfederal ministry\b"),
        (
            "government",
            r"\bgovernment (?:contract|tender|project|agency|official|parastatal)s?\b",
        ),
        ("corporation", r"\b(?:petroleum|oil) (?:corporation|ministry)\b"),
        ("nnpc", r"\bnnpc\b"),
        ("nations", r"\bunited nations\b"),
        ("bank", r"\bworld bank\b|\bcentral bank of [a-z]+\b|\bafrican development bank\b"),
        ("imf monetary", r"\binternational monetary fund\b|\bimf\b"),
        (
            "committee panel",
            r"\b(?:senate|presidential|contract award|procurement) (?:committee|panel)\b",
        ),
        ("ecowas union", r"\b(?:ecowas|african union)\b"),
        (
            "defense defence energy treasury homeland",
            r"\b(?:department|dept\.?) of (?:defen[cs]e|energy|treasury|homeland security)\b",
        ),
        (
            "政府 国家石油公司 联合国 世界银行 财政部 中央银行",
            r"政府(?:合同|采购|项目|部门)|国家石油公司|联合国|世界银行|财政部|中央银行",
        ),
    ),
    # Fake buyers ask for everything and name nothing: genuine buyers say these too, so rules
    # weigh this family only together with replies sent elsewhere.
    "vague_order": (
        (
            "products items goods",
            r"\b(?:your|the) (?:desired|required|listed) (?:items|products|goods)\b"
            r"|\b(?:our|the) desired (?:items|products|goods)\b"
            r"|\binterested in (?:purchasing |buying |ordering )?(?:your|some of your) "
            r"(?:products|items|goods)\b",
        ),
        # Triggers are the rarer words: "order" and "catalogue" fill every genuine inquiry.
        (
            "recent latest updated",
            r"\b(?:most recent|latest|updated) (?:product )?catalog(?:ue)?s?\b",
        ),
        (
            "purchase",
            r"\b(?:we|i) (?:would like|want|wish|intend) to make (?:a )?purchase\b",
        ),
        (
            "supply",
            r"\b(?:confirm|let us know|advise) if you (?:can|could|are able to|be able to|will be "
            r"able to) supply\b",
        ),
        ("terms", r"\bwhat (?:is|are) your payment terms\b"),
    ),
}
_CUES = Phrasebook(_FAMILIES)
# Who pays: "we will pay for the inspection" is the buyer's offer, not a fee asked of us. Read
# in the words right before a payment-first phrase, and only where one was found (rare).
_BY_THE_BUYER = re.compile(
    r"\b(?:we|i|buyer|the buyer|our company|our side)(?:'ll|'d)?(?: (?:will|shall|would|can|"
    r"could|may|also|then|are|am|going|to|agree|be|ready|willing|happy|gladly))* $"
)
# Findings a rule reads but the cue count leaves out: vague_order is too common in genuine
# inquiries; reply_to_freemail is a header fact that rules such as FRAUD_CUES_REPLY_ELSEWHERE
# pair with the count, which would otherwise fire on the header alone.
_UNCOUNTED = frozenset({"vague_order", "reply_to_freemail"})

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "send your quotation to: purchase@other.nl": what is asked for, and "to" right before it.
_SEND_TO = re.compile(
    r"\b(?:send|email|e-mail|mail|forward|submit|direct|address|reply|respond|revert)(?:ed|ing)?"
    r"\b[^@]{0,50}?\b(?:quotations?|quotes?|offers?|prices?|catalog(?:ue)?s?|proforma|replies|"
    r"reply|response|correspondence|pi)\b[^@]{0,25}?\bto\b\W{0,3}$"
)
_SEND_TO_REACH = 90
_LOCAL_PART = 64
_DOMAIN_PART = 100

# Big orders: a number, an optional multiplier and a unit; sums of money before or after.
# The first digit stands outside the alternation (same matches, same order) so that the regex
# engine can skip ahead to a digit instead of trying the alternation at every position.
_AMOUNT = r"([0-9](?:[0-9]{0,2}(?:[,. ][0-9]{3})+|[0-9]*(?:\.[0-9]+)?))"
_QTY = re.compile(
    _AMOUNT + r"\s*(k\b|thousand|million|万)?\s*"
    r"(pcs|pieces|pc|units|sets|nos|件|个|套|台|只|tons?|tonnes?|吨|mt\b|containers?|货柜|集装箱)"
)
_MONEY_BEFORE = re.compile(
    r"(?:usd|us\$|\$|eur|€|£|gbp|美元)\s?" + _AMOUNT + r"\s*(k\b|m\b|million|thousand|万)?"
)
_MONEY_AFTER = re.compile(
    _AMOUNT + r"\s*(k\b|m\b|million|thousand|万)?\s*(?:usd|us dollars|dollars|euros?|万美元|美元)"
)
_ORDER_CUES = Phrasebook(
    {
        "quantity": (
            (
                "pcs pieces pc units sets nos tons ton tonnes tonne mt containers container "
                "件 个 套 台 只 吨 货柜 集装箱",
                _QTY.pattern,
            ),
        ),
        "money_before": (("usd $ eur € £ gbp 美元", _MONEY_BEFORE.pattern),),
        "money_after": (("usd dollars euro euros 美元", _MONEY_AFTER.pattern),),
        "words": (
            (
                "large huge massive big bulk",
                r"\b(?:large|huge|massive|big|bulk) (?:quantity|quantities|volume|order|"
                r"purchase)s?\b",
            ),
            ("大量 大批量 大订单", r"大量(?:采购|订购|订单)|大批量|大订单"),
        ),
    }
)
_MULTIPLIER = {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6, "万": 1e4}
_PIECE_LIMIT = 10_000
_TON_LIMIT = 100
_CONTAINER_LIMIT = 5
_MONEY_LIMIT = 1_000_000

# Attachment names that pose as trade documents, and types such a document never has.
_TRADE_DOC = re.compile(
    r"order|(?<![a-z])po(?![a-z])|p\.o|purchase|rfq|quot|inquiry|enquiry|invoice|proforma|"
    r"(?<![a-z])pi(?![a-z])|payment|"
    r"remittance|swift|contract|specification|drawing|订单|询价|采购|合同|发票|报价",
)
# Archives: may be honest (a forwarder's zipped papers), and carry malware as often.
_ARCHIVE_EXT = frozenset(["zip", "rar", "7z", "gz", "tgz", "tar", "ace", "arj", "cab", "r00", "z"])
_DANGEROUS_EXT = _ARCHIVE_EXT | frozenset(
    # Programs and scripts, web pages (a login form runs from a local file), disk images.
    ["exe", "scr", "com", "bat", "cmd", "pif", "js", "jse", "vbs", "vbe", "wsf", "wsh", "hta",
     "html", "htm", "shtml", "xhtml", "svg", "iso", "img", "vhd", "uue", "jar", "lnk", "msi",
     "ps1", "reg", "cpl"]
)  # fmt: skip
_DOC_EXT = frozenset(
    ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png", "txt", "csv", "rtf"]
)
# Shipping papers, the other lure ("DHL AWB.iso", "B/L copy.html"). Never in an archive: a
# buyer's nominated forwarder zips real ones, and writes to us first.
_SHIPPING_DOC = re.compile(
    r"(?<![a-z])b[/_ .-]?l(?![a-z])|lading|waybill|(?<![a-z])awb(?![a-z])|packing.?list|"
    r"shipping|shipment|提单|装箱单|运单"
)
_DANGEROUS_TYPES = ("application/x-msdownload", "application/x-dosexec", "text/html")


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Fraud and fake-buyer cues in one message (pure; reads earlier domain/request findings)."""
    prepared = prepare(msg, ctx)
    hits = _CUES.scan(prepared)
    out: Findings = {}
    for family in _FAMILIES:
        matched = hits.get(family, [])
        if family == "payment_first" and matched:
            matched = [
                p for p in matched if not preceded_everywhere(prepared.text, p, _BY_THE_BUYER)
            ]
        out[f"fraud.{family}"] = _phrases(family, matched)
    out["fraud.huge_order"] = _huge_order(msg, prepared, ctx, found)
    out["fraud.reply_to_freemail"] = _reply_to_freemail(msg, found)
    out["fraud.fake_po"] = _fake_po(msg)
    out["fraud.reply_in_text"] = _reply_in_text(prepared.text, msg)
    fired = sorted(
        family
        for name, f in out.items()
        if f.value and (family := name.removeprefix("fraud.")) not in _UNCOUNTED
    )
    out["fraud.cue_count"] = Finding(len(fired), ", ".join(fired))
    return out


def _reply_in_text(text: str, msg: ParsedMessage) -> Finding:
    """Addresses at another domain than From that the text asks quotations or replies to be
    sent to ("NOTE: send your quotation to: purchase@unilevergroups.nl")."""
    at = text.find("@")
    if at < 0:
        return Finding(())
    sender = msg.from_[0].addr.lower() if msg.from_ else ""
    own = registered_domain(sender) if "@" in sender else ""
    asked: list[str] = []
    # Each "@" is looked at in a small window: a regex hunt for addresses over the whole text
    # would cost more than every phrase family together.
    while at >= 0 and len(asked) < _MAX_PHRASES:
        match = _address_at(text, at)
        if match is not None:
            address = match.group().strip(".").lower()
            domain = registered_domain(address)
            start = match.start()
            reach = max(0, start - _SEND_TO_REACH)
            if domain and domain != own and _SEND_TO.search(text, reach, start):
                asked.append(address)
        at = text.find("@", at + 1)
    unique = distinct(asked, _MAX_PHRASES)
    if not unique:
        return Finding(())
    return Finding(unique, clip(f"asks to send replies to {', '.join(unique)}, From {sender}"))


def _address_at(text: str, at: int) -> re.Match[str] | None:
    """The address around the "@" at ``at``: the first match of ``_EMAIL`` in the window
    ``at - _LOCAL_PART`` to ``at + _DOMAIN_PART``, when it holds this "@" (None otherwise).

    A match is a run of local-part characters ending at an "@", so only the first position of
    each such run in the window can start one: found by stepping back from each "@", this
    costs a tenth of the regex search, which tries every position of the window."""
    lo, hi = max(0, at - _LOCAL_PART), at + _DOMAIN_PART
    sign = text.find("@", lo, at + 1)
    while sign >= 0:
        start = sign
        while start > lo and _is_local_char(text[start - 1]):
            start -= 1
        match = _EMAIL.match(text, start, hi) if start < sign else None
        if match is not None or sign == at:
            return match if sign == at else None
        sign = text.find("@", sign + 1, at + 1)
    return None


def _is_local_char(char: str) -> bool:
    # What ``_EMAIL``'s "[\w.+-]" takes: the regex engine's word characters for str patterns
    # are those ``isalnum`` accepts, and "_".
    return char.isalnum() or char in "_.+-"


def _phrases(family: str, matches: list[str]) -> Finding:
    unique = distinct(matches, _MAX_PHRASES)
    if not unique:
        return Finding(())
    label = family.replace("_", " ")
    return Finding(unique, clip(f"{label}: " + ", ".join(f"'{p}'" for p in unique)))


def _huge_order(
    msg: ParsedMessage, prepared: Prepared, ctx: Context, found: Mapping[str, Finding]
) -> Finding:
    """Big quantities or sums, or 'bulk order' talk, when no product is named in detail."""
    hits = _ORDER_CUES.scan(prepared)
    big = [q for q in hits.get("quantity", []) if _big_quantity(q)]
    big += [m for m in hits.get("money_before", []) if _big_sum(_MONEY_BEFORE, m)]
    big += [m for m in hits.get("money_after", []) if _big_sum(_MONEY_AFTER, m)]
    big += hits.get("words", [])
    if not big or _detailed_request(msg, ctx, found):
        return Finding(())
    unique = distinct(big, _MAX_PHRASES)
    return Finding(unique, clip("no product detail, but: " + ", ".join(unique)))


def _number(digits: str, multiplier: str | None) -> float:
    """A matched amount as a number: "10,000" and "10.000" group thousands, "2.5" is decimal."""
    if _GROUPED.fullmatch(digits):
        value = float(_SEPARATORS.sub("", digits))
    else:
        try:
            value = float(digits.replace(",", ""))
        except ValueError:
            return 0.0
    return value * _MULTIPLIER.get(multiplier or "", 1.0)


_GROUPED = re.compile(r"\d{1,3}(?:[,. ]\d{3})+")
_SEPARATORS = re.compile(r"[,. ]")


def _big_quantity(phrase: str) -> bool:
    match = _QTY.fullmatch(phrase)
    if match is None:
        return False
    unit = match.group(3)
    if unit.startswith(("ton", "mt", "吨")):
        limit: float = _TON_LIMIT
    elif unit.startswith("container") or unit in ("货柜", "集装箱"):
        limit = _CONTAINER_LIMIT
    else:
        limit = _PIECE_LIMIT
    return _number(match.group(1), match.group(2)) >= limit


def _big_sum(pattern: re.Pattern[str], phrase: str) -> bool:
    match = pattern.fullmatch(phrase)
    return match is not None and _number(match.group(1), match.group(2)) >= _MONEY_LIMIT


def _detailed_request(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> bool:
    """Whether the sender names a product of ours in detail: request.products is not empty and
    request.specificity (kinds of specific detail) is above 1. The request module runs first;
    its findings are worked out here only when it did not (in tests)."""
    if "request.products" not in found:
        found = request.analyze(msg, ctx, found)
    specificity = found["request.specificity"].value
    low = isinstance(specificity, int) and specificity <= 1
    return bool(found["request.products"].value) and not low


def _reply_to_freemail(msg: ParsedMessage, found: Mapping[str, Finding]) -> Finding:
    """Answers go to another mailbox at a free-mail provider: the domain module's finding under
    fraud's name, for fraud rules; not one of the cues ``fraud.cue_count`` counts (see
    ``_UNCOUNTED``). Worked out here only when that module did not run."""
    earlier = found.get("domain.reply_to_freemail")
    if earlier is None:
        sender = msg.from_[0] if msg.from_ else None
        own = registered_domain(sender.addr) if sender and "@" in sender.addr else ""
        earlier = reply_to_findings(msg.reply_to, sender, own)["domain.reply_to_freemail"]
    return Finding(bool(earlier.value), earlier.evidence if earlier.value else "")


def _fake_po(msg: ParsedMessage) -> Finding:
    """Attachments dressed as trade or shipping documents but of a type a document never is
    (shipping papers: not an archive)."""
    bad: list[str] = []
    for att in msg.attachments:
        name = att.filename.strip().lower()
        trade, shipping = bool(_TRADE_DOC.search(name)), bool(_SHIPPING_DOC.search(name))
        if not name or not (trade or shipping):
            continue
        parts = name.rsplit(".", 2)
        ext = parts[-1] if len(parts) > 1 else ""
        double = len(parts) == 3 and parts[1] in _DOC_EXT and ext not in _DOC_EXT
        archive_ok = not trade and ext in _ARCHIVE_EXT
        if double or (is_risky_attachment(att) and not archive_ok):
            bad.append(att.filename.strip())
    unique = distinct(bad, _MAX_PHRASES)
    return Finding(unique, clip("attachment: " + ", ".join(unique)) if unique else "")


def is_risky_attachment(att: Attachment) -> bool:
    """A program, script, archive or web page: what malware and phishing attach (an archive
    may be honest, but a bank's or mail provider's notice never carries one)."""
    name = att.filename.strip().lower()
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    return ext in _DANGEROUS_EXT or att.content_type.lower() in _DANGEROUS_TYPES
