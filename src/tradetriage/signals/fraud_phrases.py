"""The wording of fake buyers and advance-fee (419) scams, in English and Chinese: the phrase
families behind the ``fraud.*`` phrase signals, and the words by which a buyer says it pays.

A *family* is the wording of one signal: ``FAMILIES["urgency"]`` feeds ``fraud.urgency``, whose
value is the phrases of that family found in a message, and ``fraud.cue_count`` counts the
families that fired (``vague_order`` aside). Families are whole stories (inheritance, next of
kin, consignment box …) rather than single strings, because scammers vary their words but not
their story. A family is a tuple of ``(triggers, pattern)`` pairs; ``fraud.py`` builds them
into one ``Phrasebook`` (``phrases.py``), which scans the subject and the first 3,000
characters of the body, lower-cased, whitespace runs made single spaces, ">" quote marks gone.
(The ``fraud.huge_order`` cues are not here: their matches are read as numbers, so they stay
with that arithmetic in ``fraud.py``.)

How a family's triggers gate its patterns, and how to add a phrase safely: see ``phrases``.
Genuine buyers say much of the stories' wording: "urgent", "dear friend", "the sum of USD
48,000" for an L/C, "release the payment" against documents, "we will pay for the
inspection", "the testing fee is paid by us". Say in a comment what a pattern must not match.
"""

from __future__ import annotations

import re

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

# A fee's noun, not the seller's own charges at origin or the freight (FOB and CIF lay those on
# the seller as a matter of course): "their charge", "the certification fee".
# An Arabic fee or cost (رسوم, تكلفة), not the freight (الشحن), and what may stand between it
# and who pays it (its sum, "1,850.00").
_AR_FEE = r"(?:رسوم|تكلفة|تكاليف)(?! ال?شحن)(?:[^.]|\.\d)"
_NOT_OURS = (
    r"(?<!freight )(?<!clearance )(?<!handling )(?<!local )(?<!origin )(?<!port )"
    r"(?<!terminal )(?<!shipping )(?<!export )(?<!thc )"
    # Nor the bank's charges an L/C splits, the insurance CIF lays on the seller, nor the
    # seller's own packing, tooling and samples, which buyers bargain over.
    r"(?<!bank )(?<!banking )(?<!insurance )(?<!packing )(?<!packaging )(?<!mould )"
    r"(?<!mold )(?<!tooling )(?<!sample )(?<!samples )"
)
# The noun looked ahead for first: twenty look-behinds tried at every position cost ten times
# the search.
_FEE_NOUN = r"\b(?=fee|charge|cost)" + _NOT_OURS + r"\b(?:fee|fees|charge|charges|cost|costs)"
# ... and a fee or a charge only: "the cost is payable in advance" may be an order's.
_FEE_OR_CHARGE = r"\b(?=fee|charge)" + _NOT_OURS + r"\b(?:fees?|charges?)"

FAMILIES: dict[str, tuple[tuple[str, str], ...]] = {
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
        # No letter of credit waits on a fee from its beneficiary to be "activated": the
        # fake buyer's L/C (or SBLC) with "activation charges" to pay before it is advised.
        # (An inoperative credit is made operative by documents, never by our fee.)
        (
            "activation",
            r"\b(?:l/?c|letter of credit|sblc|mt ?700|mt ?760)(?: [\w/-]+){0,2}? activation"
            r"(?: and [\w ]{1,30}?)? (?:fees?|charges?|costs?)\b"
            r"|\bactivation (?:fees?|charges?|costs?) (?:of|for) (?:the |your |this |our )?"
            r"(?:l/?c|letter of credit|sblc)\b",
        ),
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
        # The deadline's threat: "within 5 banking days, failing which the credit shall lapse".
        ("failing", r"\bfailing which\b"),
        # Arabic: "خلال ثلاثة أيام عمل", "خلال 24 ساعة" (within three working days, 24 hours).
        (
            "خلال",
            r"خلال (?:(?:24|48|72|\d|ثلاثة|ثلاث|أربعة|أربع|خمسة|خمس) (?:أيام|ايام|ساعة|ساعات)"
            r"|يوم واحد|يومين)",
        ),
        (
            "紧急 加急 尽快 立即 立刻 马上 急需 急单 今天之内 小时内 很急 非常急 特别急",
            r"紧急|加急|尽快|立即|立刻|马上|急需|急单|今天之内|\d+小时内|很急|非常急|特别急",
        ),
    ),
    # Samples at our cost: free, or with the courier charged to us. Not "send the samples by
    # DHL" alone, nor the buyer's own courier account or 运费到付 (freight collect): that is a
    # real buyer paying, and it fired on genuine buyers five times as often as on fraud.
    "samples_express": (
        ("cost expense", r"\bsamples? (?:at|on) your (?:own )?(?:cost|expense|account)\b"),
        (
            # Within the trigger's window (90 characters each side of "cost").
            "cost expense",
            r"\bsamples?\b(?:[^.]|\.\d){0,50}?\b(?:at|on) (?:the )?"
            r"(?:supplier|seller|manufacturer|vendor|factory)(?:'s|s')? "
            r"(?:own )?(?:cost|expense)\b",
        ),
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
            "fee fees charge charges cost costs deposit",
            r"\b(?:registration|vendor registration|supplier registration|membership|contract|"
            r"notary|notari[sz]ation|import licen[cs]e|export licen[cs]e|licen[cs]e|stamp duty|"
            r"release|activation|anti-?terrorism|anti-?money laundering|ownership|"
            r"administrative|legal|upfront|up-front|advance|vetting|enrol?lment|"
            # The fake buyer's third party: its "laboratory", "inspection company" or
            # "compliance agent" takes the fee before the order (see ``fraud.fee_elsewhere``).
            r"testing|test|laboratory|lab|inspection|certification|verification|compliance|"
            r"listing|approval|consultant|consultancy|consulting)(?: and [a-z]+)? "
            r"(?:fee|fees|charges?)\b|\b(?:registration|vetting) costs?\b"
            r"|\b(?:activation|registration|membership|verification) deposit\b",
        ),
        (
            # The overpayment story: money "paid by mistake" goes back to someone else.
            # "Kindly wire the balance … to the forwarder": the overpaid cheque's story.
            "refund return wire transfer remit",
            r"\b(?:refund|return|wire|transfer|remit) (?:the )?(?:balance|difference|excess|extra|"
            r"overpaid)"
            r"(?: amount| money| funds?)?"
            r"(?: of (?:usd|us\$|\$|eur|€|£)? ?[\d,.]+(?: usd| dollars)?)?"
            # "… to our clearing and forwarding agent": a few words may name the payee's trade.
            r" (?:to|via|through) (?:our|the|my|his|their) (?:[a-z&]+ ){0,3}?"
            r"(?:agent|shipper|forwarder|logistics|third party|driver|supplier|partner)\b",
        ),
        # The same in the buyer's language: "devolvam … ao nosso fornecedor", "devolver la
        # diferencia a nuestro agente", "rembourser la différence à notre transitaire".
        (
            "devolver devolvam devolva devolvan devuelvan devuelva reembolsar reembolsem "
            "reembolse reembolsen rembourser remboursez restituer restituez reverser reversez",
            # "Reverser les 9 600 USD au transitaire": asked (infinitive or imperative), not a
            # buyer's "nous reverserons la commission à notre agent".
            r"\b(?:(?:devolv|devuelv|reembols|rembours|restitu)\w*|revers(?:er|ez))\b"
            r"(?:[^.]|\.\d){0,80}?"
            r"\b(?:ao|à|al|a|au) (?:(?:nosso|nossa|nuestro|nuestra|notre|nos) )?(?:\w+ ){0,2}?"
            r"(?:agente|agent|fornecedor|proveedor|fournisseur|transit[aá]rio|transitaire|"
            r"despachante|parceiro|socio|partenaire|representante|repr[ée]sentant)\b",
        ),
        # Unless the buyer says it pays (see ``BY_THE_BUYER``).
        (
            "pay paying",
            r"\bpay(?:ing)? (?:for )?(?:the )?(?:inspection|certification|notari[sz]ation|"
            # Not "clearance": under FOB the seller pays export clearance, as agreed.
            r"registration|contract|licen[cs]e|documentation|processing)\b",
        ),
        ("register", r"\bregister (?:as|with us as) (?:our |a )?(?:vendor|supplier)\b"),
        (
            # Not 入库费: a forwarder's warehouse charge.
            "注册费 公证费 合同费 检验费 检测费 认证费 入网费 供应商注册 进口许可证费",
            r"注册费|公证费|合同费|检验费|检测费|认证费|入网费|供应商注册|进口许可证费",
        ),
        # The same fees in the languages of the fake buyer's countries: a registration,
        # certificate or approval fee (es, pt, fr), or a certificate's cost laid on the
        # supplier ("corre por cuenta del proveedor"; not the freight, as CIF lays it).
        (
            "tasa tarifa cuota costo coste taxa custo frais arancel valor honorarios",
            r"\b(?:tasa|tarifa|cuota|costo|coste) de (?:las |los )?(?:registro|inscripci[oó]n|"
            r"certificaci[oó]n|homologaci[oó]n|verificaci[oó]n|inspecci[oó]n|pruebas|ensayos|"
            r"an[aá]lisis)\b"
            r"|\b(?:taxa|custo) d[eo] (?:registo|registro|inscri[cç][aã]o|certifica[cç][aã]o|"
            r"homologa[cç][aã]o|inspe[cç][cç]?[aã]o|cadastro)\b"
            r"|\bfrais (?:d'|de )(?:agr[ée]ment|enregistrement|inscription|homologation|"
            r"r[ée]f[ée]rencement|certification|dossier|inspection)\b"
            # A procedure's cost ("él le indicará el costo del trámite"): the registration
            # the fake buyer's "gestor" does for us.
            r"|\b(?:costo|coste|tasa|tarifa|arancel|valor)(?:e?s)? del trámite\b"
            # A notary's, translator's or agent's fees ("los honorarios notariales … se cubren
            # 50/50"): the buyer's own are "por nuestra cuenta" (see ``PAID_BY_THE_BUYER``).
            r"|\bhonorarios (?:notariales|del notario|de la notaría|de traducción|del traductor|"
            r"del perito|del gestor|de gestión)\b",
        ),
        # French: any fee but the freight's and the seller's own "à la charge du fournisseur"
        # ("les frais de légalisation … sont à la charge du fournisseur étranger").
        (
            "frais",
            r"\bfrais (?:de |d'|du |des )(?!transport|fret|port\b|emballage|livraison|"
            r"exp[ée]dition|chargement|manutention|douane)(?:[^.;]|\.\d){0,80}?\bà la charge "
            r"(?:du|de l'|des) ?(?:fournisseur|vendeur|fabricant|exportateur)s?\b",
        ),
        (
            "costo coste valor",
            # Not the certificate of origin: exporters pay for it as a matter of course.
            r"\b(?:costo|coste|valor) del (?:certificado|registro)\b(?! de origen)"
            r"(?:[^.]|\.\d){0,50}?"
            r"\b(?:a cargo|por cuenta) del (?:proveedor|vendedor|fabricante)\b",
        ),
        # A fee laid on the supplier in so many words: "lo cubre el proveedor", Russian
        # "оплачивает производитель", Turkish "üretici firma tarafından ödenir".
        (
            "cubre paga asume abona cubierto pagado asumido cancelado cancelada abonado abonada",
            r"\blo (?:cubre|paga|asume|abona) el (?:proveedor|fabricante|vendedor|exportador)\b"
            r"|\b(?:cubierto|pagado|asumido) por el (?:proveedor|fabricante|vendedor)\b"
            # "debe ser cancelado directamente por el fabricante": to pay, in Colombia; asked
            # ("debe ser"), not the order "cancelado por el fabricante".
            r"|\b(?:debe|deben|deberá|deberán) ser (?:pagad|cancelad|abonad|cubiert|asumid)[oa]s? "
            r"(?:directamente )?por el (?:proveedor|fabricante|vendedor|exportador)\b",
        ),
        # The same in English: a fee "is the exporter's responsibility", "borne by the
        # manufacturer", "split 50-50 between manufacturer and importer". Not the seller's
        # own charges at origin, which FOB lays on it ("export clearance charges are the
        # supplier's responsibility"), nor freight.
        (
            "responsibility responsibilities borne paid prepaid payable settled covered split",
            _FEE_NOUN + r"\b[^.]{0,60}?\b(?:is|are) (?:the )?(?:exporter|manufacturer|supplier|"
            r"seller|factory)(?:'s|s') (?:responsibility|responsibilities)\b"
            + r"|"
            # "The COC fee USD 1,350 is paid by the exporter to the agency".
            + _FEE_NOUN
            + r"\b(?:[^.]|\.\d){0,60}?\b(?:borne|paid|prepaid|payable|settled|covered) by "
            # ... or "by the bidder": a tender's "processing fee".
            r"(?:the )?(?:exporter|manufacturer|supplier|seller|factory|bidder|tenderer|"
            r"applicant)\b"
            + r"|"
            + _FEE_NOUN
            + r"\b[^.]{0,40}?\bsplit (?:50[-/ ]?50|equally|half and half|"
            r"in half) between (?:the )?(?:[a-z]+ and (?:the )?)?(?:exporter|manufacturer|"
            r"supplier|seller|factory)\b",
        ),
        # A fee or charge "payable in advance": the fake L/C's "advising and confirmation
        # charges", paid before the credit is sent. (A real L/C's charges are taken from what
        # it pays; our samples and moulds, paid in advance, are no fee of this kind.)
        (
            "advance upfront beforehand fee fees charge charges",
            _FEE_OR_CHARGE + r"\b(?:[^.]|\.\d){0,120}?\b(?:payable|to be paid|paid|remitted|"
            r"settled|due) (?:in advance|upfront|up-front|beforehand)\b",
        ),
        (
            "оплачивает оплачивается оплата счёт счет производит осуществляет вносит",
            r"(?:оплачивает|оплачивают) (?:производитель|поставщик|завод|изготовитель)"
            r"|оплачивается (?:производителем|поставщиком|изготовителем)"
            r"|оплата (?:производится|осуществляется) (?:производителем|поставщиком|изготовителем)"
            r"|за сч[её]т (?:производителя|поставщика|изготовителя)"
            # "Оплату за сертификацию производит заявитель, то есть ваша компания".
            r"|(?:производит|осуществляет|вносит) (?:заявитель,? (?:то есть|т\. ?е\.) )?"
            r"(?:ваша компания|ваша сторона|производитель|поставщик|изготовитель)",
        ),
        (
            "ücreti ücretini bedeli bedelini tarafından",
            r"\b(?:kayıt|tescil|sertifika|belgelendirme|test|muayene|gözetim|ön kayıt|başvuru|"
            r"ön izin|dosya|danışmanlık) (?:ücret|bedel)(?:i|ini)\b"
            r"|\b(?:üretici|tedarikçi|satıcı|imalatçı)(?: firma)? tarafından (?:ödenir|ödenecektir|"
            r"karşılanır)",
        ),
        # Arabic: "تدفع من قبل المصدّر مباشرة إلى الوكالة" (paid by the exporter, straight to
        # the agency).
        (
            "قبل",
            # The verb may come first, as a noun: "يتم سداد رسوم الفحص مباشرة من قبل المورد".
            _AR_FEE + r"{0,60}?(?:(?:تدفع|يدفع|تسدد|يسدد) )?"
            r"من قبل ال(?:مصدر|مصدّر|مصنع|مورد|مورّد|شركة المصنعة)",
        ),
        # "رسوم التصديق …: 680 دولارا، تسدد لحساب الغرفة": a fee paid to someone's account.
        (
            "حساب",
            _AR_FEE + r"{0,80}?(?:تسدد|تدفع|تحول|يسدد|يدفع|يحول|تودع) (?:إلى |الى |في )?ل?حساب",
        ),
        # Registration and attestation fees, asked outright: "سداد رسوم تسجيل المورد الاجنبي".
        ("رسوم", r"رسوم (?:ال)?(?:تسجيل|قيد|اعتماد|تصديق)"),
        # Persian: a cost "بر عهده‌ی فروشنده" (the seller's to bear), not the freight's.
        (
            "عهده",
            # In the Arabic yeh and kaf (ي, ك), as ``phrases.prepare`` folds Persian's own.
            r"هزين[هة](?!(?:\u200c?ي|\u200c?هاي)? (?:حمل|ارسال|بسته))(?:[^.]|\.\d){0,60}?"
            r"بر عهده(?:\u200c?ي)? (?:فروشنده|ت[أا]مين\u200c? ?كننده|سازنده|صادركننده|شما|"
            r"شركت شما)",
        ),
        # "رسوم الإصدار 650 دولار أمريكي يتحملها المجهز": borne by the supplier (المجهز, as Iraq
        # says it).
        (
            "يتحمل تتحمل",
            _AR_FEE + r"{0,60}?(?:يتحملها|يتحمل|تتحملها|تتحمل) "
            r"ال(?:مجهز|مجهّز|مصدر|مصدّر|مصنع|مورد|مورّد|بائع)",
        ),
        # A bond or fee paid through the buyer's "designated" notary or agent: the tender
        # scam's payee ("depositada a través de la notaría designada por la entidad").
        (
            "designated appointed nominated designada designado credenciado credenciada "
            "autorizada autorizado accredited authorized authorised",
            # "payable to the Directorate's accredited office": the buyer's own office would
            # be no third party, so it is named as the buyer's "accredited" one.
            r"\b(?:paid|payable|deposited|remitted|transferred) (?:through|via|with|to) "
            r"(?:the|our|their|(?:the )?[a-z]+'s) (?:designated|appointed|nominated|accredited|"
            r"authori[sz]ed) (?:notary|agent|agency|lawyer|attorney|consultant|consultancy|"
            r"law firm|office|representative)\b"
            r"|\b(?:depositad|pagad|transferid|abonad)[oa]s? (?:a través de|mediante|en|a|"
            r"através d[oa]|pel[oa]|n[oa]) (?:la |el |o |a )?(?:notaría|notario|agente|abogado|"
            r"despachante|cartório) (?:designad|autorizad|credenciad|indicad)[oa]\b",
        ),
        # Portuguese "deve ser pago pelo fabricante"; Indonesian "biaya pendaftaran …
        # ditanggung oleh penyedia"; Vietnamese "phí xác minh nhà cung cấp".
        # "O custo da tradução (R$ 3.860,00) é por conta do exportador".
        (
            "custo custos taxa taxas valor honorários",
            r"\b(?:custos?|taxas?|valor|honorários)\b(?:[^.]|\.\d){0,80}?\b(?:é|são|fica|ficam|será|"
            r"serão|corre|correm) (?:por conta|de responsabilidade|a cargo) d[oa] (?:exportador|"
            r"fabricante|fornecedor|vendedor)\b",
        ),
        (
            "pago paga pagos arcado custeado",
            r"\b(?:deve|devem|deverá|deverão) ser (?:pag[oa]s?|arcad[oa]s?|custead[oa]s?) "
            r"pel[oa] (?:fabricante|fornecedor|exportador|vendedor)\b",
        ),
        (
            "biaya ditanggung",
            r"\bbiaya (?:pendaftaran|registrasi|verifikasi|sertifikasi|administrasi|notaris|"
            r"perizinan|izin|lisensi)\b"
            r"|\bditanggung (?:oleh )?(?:penyedia|pemasok|supplier|vendor|produsen|pabrik)\b",
        ),
        (
            "phí",
            r"phí (?:đăng ký|xác minh|chứng nhận|kiểm định|thẩm định|hồ sơ|giấy phép|công chứng|"
            r"thử nghiệm|kiểm nghiệm|giám định|cấp chứng thư)",
        ),
        # "… do nhà cung cấp thanh toán": paid by the supplier.
        (
            "nhà",
            r"\bdo (?:nhà cung cấp|nhà sản xuất|nhà xuất khẩu|bên bán) (?:thanh toán|chi trả|chịu|"
            r"trả)\b",
        ),
        # The fee laid on us now, "reimbursed" out of the buyer's first payment: the story
        # that makes it look like no cost. Not "refunded with the first order" alone: the
        # sample charge a real buyer pays, as our own offers word it.
        (
            "refunded reimbursed returned repaid compensated",
            r"\b(?:will|shall|would|is to|are to) be (?:fully )?(?:refunded|reimbursed|returned|"
            r"repaid|compensated)(?: to you| back)?(?: in full)? (?:in|with|from|on|upon|against|"
            r"through|along with) (?:the |our |your )?(?:first |1st |initial )?(?:payment|"
            r"instal?ment|remittance|contract (?:sum|amount|price|payment)|advance|down payment)\b",
        ),
        (
            "reembolsado reembolsada reembolsados devolvido devolvida restituído ressarcido "
            "devuelto devuelta reintegrado remboursé remboursés remboursée restitué "
            "reconocerá reembolsará devolverá reintegrará",
            r"\bser(?:á|ão|a|an|án) (?:integralmente )?(?:reembolsad|devolvid|restituíd|ressarcid|"
            r"devuelt|reintegrad)[oa]s? (?:no|na|com o|com a|junto com o|en|con) (?:el |la )?"
            r"(?:primeir[oa] |primer |primera )?(?:pagamento|parcela|adiantamento|pago|cuota|"
            r"anticipo|abono)\b"
            # "Este valor se les reconocerá en el primer pago del contrato".
            r"|\bse (?:le |les )?(?:reconocerá|reembolsará|devolverá|reintegrará) (?:en|con) "
            r"(?:el )?(?:primer|1er) (?:pago|abono|desembolso|anticipo)\b"
            r"|\b(?:sera|seront|seraient) (?:intégralement )?(?:rembours|restitu)ée?s? "
            r"(?:lors du|avec le|sur le|dans le) (?:premier )?(?:paiement|versement|acompte)\b",
        ),
        (
            "возмещен возмещена возмещены возвращен возвращена компенсирован",
            r"(?:будет|будут) (?:возмещ[её]н[аоы]?|возвращ[её]н[аоы]?|компенсирован[аоы]?) "
            r"(?:в|с|при) (?:перв\w+ )?(?:платеж\w*|оплат\w+|аванс\w*)",
        ),
        (
            "reembolsáveis reembolsável reembolsables reembolsable",
            r"\b(?:são|é|serão|será|son|es|serán) (?:integralmente )?reembols(?:[aá]ve(?:l|is)|"
            r"ables?) (?:no|na|com o|com a|en el|con el) (?:primeir[oa] |primer )?(?:pagamento|"
            r"parcela|adiantamento|pago|anticipo|carta de cr[eé]dito)\b",
        ),
        (
            "компенсиру возмеща",
            r"(?:компенсиру|возмеща)\w* (?:вам )?(?:в|с|при) (?:цене |стоимости )?перв\w+ "
            r"(?:поставк\w+|партии|платеж\w*|оплат\w+)",
        ),
        ("mahsup", r"\bilk (?:siparişin|sipariş|ödemenin|ödeme)(?: \w+)? mahsup edil"),
        (
            "dikembalikan",
            r"\bakan dikembalikan (?:pada|dalam|bersama|saat) (?:pembayaran|termin) "
            r"(?:pertama|awal)\b",
        ),
        (
            "首笔 第一笔 首期",
            r"(?:首笔|第一笔|首期)(?:货款|付款|款项|预付款)(?:中|里)?(?:退还|返还|报销|一并退|一起退)",
        ),
        ("hoàn", r"hoàn (?:trả|lại) (?:trong|vào|cùng|khi) (?:lần |đợt )?thanh toán đầu tiên"),
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
        # Not "don't mention it", the answer to a thank-you.
        (
            "disclose discuss tell",
            r"\b(?:do not|don't|don’t|dont) (?:disclose|discuss|tell) (?:this|it|anyone)\b",
        ),
        ("保密 私人邮箱 不要告诉", r"保密|私人邮箱|不要告诉"),
        # Finance or administration kept off the copy line, who would check the payment:
        # "不用抄送财务", "no need to cc finance", "non mettere in copia Giulia
        # dell'amministrazione".
        (
            "抄送",
            r"(?:不用|不要|别|无需|不必|请勿)抄送(?:给)?(?:财务|会计|出纳|其他人|其他同事|领导|老板)",
        ),
        (
            "cc copy copia copie",
            r"\b(?:no need to|do not|don't|dont|please don't|pls don't) "
            r"(?:cc|copy(?: in)?|loop in) "
            r"(?:our |the |my )?(?:finance|accounts|accounting|admin|administration|anyone|others|"
            r"colleagues|boss)\b"
            r"|\bnon (?:mettere|mettete|metta|mettiate) in (?:copia|cc)\b"
            r"|\bno (?:pongas|ponga|pongan|copies|copie|copien) (?:en copia|en cc|a)\b"
            r"|\bne (?:mettez|mets|mettre) pas\b[^.]{0,30}?\ben copie\b",
        ),
        # 先不要跟其他人讲, 先别告诉别人: the boss's "between us". Not 请勿对外透露 under a
        # special price, nor 不要和其他人的货拼柜: telling someone, not selling or shipping.
        (
            "其他人 别人 任何人 外人 同事 财务 会计 出纳",
            r"(?:不要|别|勿)(?:告诉(?:[^，。！？]{0,6}?(?:和|跟))?(?:其他人|别人|任何人|外人|(?:其他|别的)?同事)"
            r"|(?:跟|和|对|向)(?:其他人|别人|任何人|外人|(?:其他|别的)?同事)(?:讲|说|提|透露)"
            # ... and kept from finance, who would check the payment: 先不要跟财务那边讲.
            r"|(?:告诉|跟|和|对|向)(?:财务|会计|出纳)(?:那边|部门?|的人)?(?:讲|说|提|透露)?)",
        ),
    ),
    # The boss (or a buyer) who cannot be called and moves the talk to a new chat account: CEO
    # fraud opens so ("在吗？我在开会，不方便接电话，加我新微信"). Not a buyer's "add me on
    # WhatsApp": only a *new* account, an old one said to be broken, or calls refused.
    "off_channel": (
        (
            "meeting conference flight driving call",
            r"\b(?:i am|i'm|im) (?:busy )?"
            r"(?:in (?:a |an )?(?:\w+ )?(?:meeting|conference)|on (?:a )?(?:flight|call)|driving)"
            r"\b[^.?!]{0,30}?\b(?:can't|cannot|can not|unable to|not able to) "
            r"(?:take|answer|receive|talk|speak)(?: (?:calls?|the phone|now|right now))?\b"
            # "I'm still at the fair and about to go into a meeting with …, so I can't take
            # calls": the meeting about to start, not one planned for next week.
            r"|\b(?:i am|i'm|im) [^.?!]{0,50}?\b(?:about to (?:go|walk|step)|going|heading|just "
            r"going) in(?:to)? (?:a |an |the )?(?:\w+ )?(?:meeting|conference)\b[^.?!]{0,60}?"
            r"\b(?:can't|cannot|can not|unable to|not able to) "
            r"(?:take|answer|receive|talk|speak)(?: (?:calls?|the phone|now|right now))?\b"
            # "... and can only text": the chat the fraudster asks for comes next.
            r"|\b(?:i am|i'm|im) (?:busy )?in (?:a |an )?(?:\w+ )?(?:meeting|conference)\b"
            r"[^.?!]{0,20}?\bcan only (?:text|chat|message|whatsapp)\b",
        ),
        (
            "whatsapp wechat telegram signal",
            r"\bmy new (?:whatsapp|wechat|telegram|signal)(?: number| account| id)?\b"
            r"|\b(?:my|the) (?:old|previous) (?:whatsapp|wechat|telegram)"
            r"(?: number| account| id)? (?:is|has|was) (?:not working|blocked|hacked|banned|"
            r"lost|down)\b",
        ),
        (
            # "加我": 加我新whatsapp holds no whole ASCII word for a trigger.
            "不方便 微信 加我 登不上 被封 用不了 不能用 拉你进 拉进 停用 建了 建一个 登录不了 "
            "打不开",
            r"不方便(?:接|打|通)电话|电话不方便|(?:手机|电话)不方便接听"
            # The boss's "small group" with finance, on WeChat or QQ: "加上后我拉你进一个小群",
            # "建一个微信群，把我和财务拉进去".
            r"|拉你进(?:一个|个)?(?:小|新|工作)?群|把我和财务[^。，]{0,6}拉进"
            # "我已经建了一个QQ群，群号 736218045"; "公司邮箱一直登不上，先用这个邮箱".
            r"|(?:我|我已经|已经)建了?(?:一个|个)?(?:qq|微信|工作|小)?群"
            r"|(?:公司|单位)邮箱[^。，]{0,6}(?:登不上|登录不了|用不了|打不开|出了?问题)"
            r"|(?:加|添加)(?:一下)?我(?:的)?(?:新|私人)(?:的)?(?:微信|whatsapp)"
            r"|新的?微信号|(?:原来|原本|之前|以前|旧)(?:那个|的)?(?:微信号?|(?:手机|电话)?号码?)"
            r"[^。，]{0,10}(?:登不上|出了?点?问题|不能用|用不了|被封|停用)"
            # "请先用 WhatsApp 加我": the chat named for the boss to be added on.
            r"|(?:先|请)用 ?(?:whatsapp|telegram|line|signal|微信) ?加我",
        ),
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
    # The domain-registration scam, sent to exporters for twenty years: "a registrar" has an
    # application from another company for our name as "internet keyword and CN domain names",
    # and asks whether that company is our partner, to sell us the names. Its own phrases, not
    # a registrar's renewal notice ("your domain name expires"), which names no rival.
    "domain_registration": (
        (
            "keyword keywords brand brands",
            r"\b(?:internet|network|online) (?:brand|keywords?)(?: name)?s? (?:and|&) (?:the )?"
            r"(?:following |china |chinese |asia |asian |hong kong )*(?:\(?cn\)? )?domain names?\b",
        ),
        (
            "conflicts conflict conflicting similar identical",
            r"\b(?:conflicts?|conflicting|in conflict|is similar|is identical) (?:with|to) your "
            r"(?:company(?:'s)? |corporate )?(?:name|trade ?marks?|brand(?: name)?s?)\b",
        ),
        (
            "distributor partner partners agent affiliate subsidiary",
            r"\bwhether (?:this|that|the) (?:company|firm) is your (?:distributor|(?:business )?"
            r"partner|agent|affiliate|subsidiary)\b",
        ),
        (
            "authorized authorised",
            r"\b(?:not )?authori[sz]ed (?:this|that|the) (?:company|firm) to register\b",
        ),
        # The deadline's threat: "… we will approve their application unconditionally".
        (
            "unconditionally",
            r"\bunconditionally (?:approve|accept|pass)\b"
            r"|\b(?:approve|accept|pass) (?:their|its|the|this company's) (?:application|"
            r"registration) unconditionally\b",
        ),
        (
            "registration",
            r"\bdomain (?:name )?registration (?:service )?(?:center|centre|organi[sz]ation|"
            r"agency|company|institution|department)\b",
        ),
        (
            "网络关键字 网络关键词 通用网址 网络品牌 冲突 相同 相似 雷同",
            r"网络(?:关键[字词]|品牌)(?:以及|和|及|与|、)?(?:以下)?(?:中国|CN|cn|国际)?(?:国家)?(?:顶级)?域名"
            # "…与贵司的企业名称及商标存在相同之处": the name "conflicts", is "the same" or "alike".
            r"|(?:与|和)(?:贵|您)(?:公司|司)(?:的)?(?:企业)?(?:名称|商标|品牌|字号)"
            r"(?:(?:及|和|与|、)(?:名称|商标|品牌|字号|域名))?(?:存在)?(?:冲突|相同|相似|雷同)",
        ),
        (
            "域名注册 网络注册 知识产权注册 品牌注册",
            r"(?:域名|网络|网络品牌|品牌|知识产权)(?:及域名)?注册(?:审核|管理|服务)?(?:中心|机构)",
        ),
        # "贵公司是否与“…”有合作或授权关系？", and silence taken for consent: "视为无异议".
        (
            "关系 无异议",
            r"是否与[^。？?]{0,30}?有(?:合作|授权|代理|经销)(?:或|和|及|、)?(?:合作|授权|代理|经销)?关系"
            r"|视为(?:贵司|贵公司|您)?(?:无异议|同意|放弃)[^。]{0,30}?(?:注册|申请)",
        ),
        # "贵司是否授权该公司进行注册？" and the deadline's threat:
        # "逾期…将无条件审核通过该公司的申请".
        ("授权", r"是否授权(?:该|这家|此|这个)(?:公司|企业|单位)(?:进行)?(?:注册|申请)"),
        ("无条件", r"无条件(?:审核)?通过(?:该|这家|此|对方)(?:公司|企业|单位)?的?(?:申请|注册)"),
    ),
    # The directory scam, sent to exhibitors and exporters for decades ("FAIR Guide", "Expo
    # Guide", business registers): a form to "update your company data free of charge" whose
    # small print orders a listing for three years at a yearly fee, then an invoice for that
    # "order". Its own phrases: a real fair's catalogue entry comes with the stand, for the
    # one fair, and a real platform sells membership, not an "entry" for years.
    "directory_listing": (
        # One pattern a wording, each opening with its own word: as one alternation behind an
        # optional "the", it was tried at every position around every "update" (4 µs a message).
        (
            "update updating correction",
            r"\b(?:update|updating|correction) of (?:your |the )?(?:basic |company |company's )?"
            r"(?:data|details|entry|information) (?:is |are )?(?:free|at no cost|without charge)\b",
        ),
        (
            "update correct",
            r"\b(?:update|correct) (?:your |the )?(?:company |company's )?(?:data|details|entry) "
            r"(?:free of charge|for free|at no cost)\b",
        ),
        ("basic", r"\bthe basic (?:entry|data|listing)(?: \([^)]{0,60}\))? (?:is|are) free\b"),
        (
            "years",
            r"\b(?:entry|listing|publication|insertion)\b[^.!?]{0,80}?(?:\bfor (?:a period of )?|"
            r"\bperiod(?: of)?:? )(?:two|three|four|five|ten|2|3|4|5|10) (?:consecutive |full )?"
            r"years\b",
        ),
        # The small print that keeps the register's "invoice" legal: an offer, no authority's.
        # Said of itself ("GTPR is not…", "we are not…"), not of others, as a trademark
        # attorney's warning does ("these registers are not affiliated with WIPO").
        (
            "affiliated associated connected obligation solicitation",
            r"\b(?:we are|is) not (?:affiliated|associated|connected) with (?:the )?(?:wipo|euipo|"
            r"ohim|uspto|cnipa|epo|any (?:government(?:al)?|official|state|public))\b"
            r"|\bthere is no obligation to pay\b|\bthis (?:is|letter is) (?:a|an) solicitation\b",
        ),
        (
            "signing",
            r"\bby signing (?:and returning )?(?:the|this) (?:form|order form|registration form)\b",
        ),
        # "returned", not "signed": kernel mail is full of Signed-off-by.
        ("returned", r"\b(?:registration|order) form (?:was |has been )?signed and returned\b"),
        # The same forms in German, Spanish and French.
        (
            "aktualisierung eintrag eintragung eintrags eintrages rücksendung unterschrift "
            "unterzeichnung actualización inscripción mise entrée",
            # "… ist für Sie selbstverständlich mit keinem Aufwand verbunden": free, in other words.
            r"\baktualisierung (?:der |ihrer )?(?:grund)?daten ist (?:für sie )?"
            r"(?:selbstverständlich |natürlich )?(?:kostenlos|kostenfrei|gratis|"
            r"mit keine[mn] (?:aufwand|kosten) verbunden)\b"
            r"|\beintrag(?:ung|s|es)?\b[^.!?]{0,80}? für (?:eine )?(?:mindest)?(?:laufzeit von )?"
            r"(?:zwei|drei|2|3) jahren?\b"
            r"|\bmit ihrer unterschrift (?:beauftragen|bestellen|bestätigen) sie\b"
            # Not "bestätigen Sie": signing an order confirmation confirms a delivery date.
            r"|\bmit (?:der )?unterzeichnung (?:des|der|dieses|dieser) [a-zäöüß]+ "
            r"(?:beauftragen|bestellen) sie\b"
            r"|\bmit (?:der )?rücksendung des (?:unterzeichneten|unterschriebenen) formulars\b"
            r"|\bactualización (?:de (?:sus|los) datos )?(?:es )?gratuita\b"
            r"|\binscripción\b[^.!?]{0,60}? (?:por|durante) (?:dos|tres|2|3) años\b"
            r"|\bmise à jour (?:de vos données )?(?:est )?gratuite\b"
            r"|\bentrée\b[^.!?]{0,60}? pour (?:deux|trois|2|3) ans\b",
        ),
        (
            "免费 名录 黄页",
            r"免费(?:更新|修改|核对)(?:贵司|贵公司|企业|公司)?(?:的)?(?:信息|资料|数据)"
            r"|(?:名录|黄页)[^。！？]{0,40}(?:年费|每年|三年|两年)",
        ),
    ),
    # Gift cards bought for the "boss" or a "client", their codes sent back: CEO fraud's
    # classic ending, in English and Chinese. Not a gift card received (a survey's thank-you).
    "gift_cards": (
        (
            "gift itunes steam",
            r"\b(?:buy|purchase|get|pick up)\b(?:[^.?!]|\.\d){0,40}?"
            r"\b(?:gift ?cards?|itunes cards?|steam cards?)\b",
        ),
        ("gift", r"\bgift ?cards?\b[^?!]{0,80}?\b(?:codes?|pins?|card numbers?)\b"),
        ("scratch", r"\bscratch (?:off )?the back\b"),
        (
            "礼品卡 购物卡 充值卡 苹果卡 京东卡 游戏卡 点卡 卡密",
            r"(?:买|购买|购)[^。！？，,]{0,12}?(?:礼品卡|购物卡|充值卡|苹果卡|京东卡|游戏卡|点卡)"
            r"|(?:礼品卡|购物卡|充值卡)[^。！？]{0,30}?(?:卡密|卡号|密码|刮开)|卡密",
        ),
    ),
    # Paying in crypto-currency: no bank sees the money, no L/C or T/T protects either side,
    # and an exporter in China may not take it. "Crypto" alone is no cue (kernel mail, news):
    # only a payment or wallet in it.
    "crypto_payment": (
        (
            "usdt usdc tether bitcoin btc crypto cryptocurrency cryptocurrencies ethereum eth "
            "stablecoin stablecoins trc20 erc20 trc erc",
            r"\b(?:pay|pays|paid|payment|paying|settles?|remits?|transfers?)(?: [\w%$.,]+){0,4}? "
            r"(?:in|with|by|via|"
            r"using|through) (?:usdt|usdc|tether|bitcoin|btc|crypto(?:currency|currencies)?|"
            r"ethereum|eth|stablecoins?)\b"
            r"|\b(?:usdt|usdc|tether|bitcoin|btc|crypto|trc-?20|erc-?20)(?: \(?trc-?20\)?)? "
            r"(?:wallet|address|payment|transfer)\b",
        ),
        # The wallet drainer: "connect your wallet" to an "escrow" page whose contract, once
        # approved, empties it.
        ("connect connecting", r"\bconnect(?:ing)? (?:your |a |the )?(?:crypto |web3 )?wallet\b"),
        # A sum in a coin: "12,640 USDT", "300 USDT (TRC20)".
        ("usdt usdc btc", r"\b\d[\d,.]*\s?(?:usdt|usdc|btc)\b"),
        # A Bitcoin address written out (bech32: "bc1q…"), whatever the words around it.
        ("bc1q bc1p", r"\bbc1[qp][02-9ac-hj-np-z]{36,58}\b"),
        (
            # "用USDT付款": the ASCII word sits between CJK characters, no whole word for a trigger.
            "比特币 泰达币 加密货币 付款 支付 钱包",
            r"(?:比特币|泰达币|usdt|加密货币)(?:付款|支付|钱包|地址)",
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

# Who pays a fee a payment-first phrase names, read around the phrase only where one was found
# (rare). No fee asked of us up front when the buyer pays it, in the words right before it ("we
# will pay for the inspection": ``BY_THE_BUYER``, below) or after it (``PAID_BY_THE_BUYER``),
# when it goes into our price ("please quote CIF Mombasa including the PVoC verification fee"),
# or when a recognised inspection body takes it.
IN_OUR_PRICE = re.compile(
    r"\b(?:includ(?:e|es|ed|ing)|inclusive of|plus|excluding|exclusive of)(?: [\w'-]+){0,3} $"
)
# The inspection and certification bodies exporters pay as a matter of course (PVoC, SONCAP,
# SASO, pre-shipment inspection), a fee to whom is no fake buyer's "agent": how a mail names
# each (a regex; None where the name is an ordinary word: "son", "ul") and the labels of its
# own registered domains.
RECOGNISED_BODIES: tuple[tuple[str | None, tuple[str, ...]], ...] = (
    ("sgs", ("sgs",)),
    ("intertek", ("intertek",)),
    ("bureau veritas", ("bureauveritas", "bureau-veritas")),
    ("cotecna", ("cotecna",)),
    ("t[uü]v", ("tuv", "tuvsud", "tuv-nord", "tuvrheinland")),
    ("dekra", ("dekra",)),
    ("eurofins", ("eurofins",)),
    ("qima", ("qima", "asiainspection")),
    ("kebs", ("kebs",)),
    ("dnv", ("dnv",)),
    ("ccic", ("ccic", "ccicnb")),
    ("bsi", ("bsigroup",)),
    ("applus", ("applus",)),
    ("lloyd's register", ("lr",)),
    (None, ("ul", "son", "saso")),
)
RECOGNISED_BODY_LABELS = frozenset(label for _, labels in RECOGNISED_BODIES for label in labels)
# A recognised inspection body, named in the same sentence: "the supplier will pay
# for the inspection by the accredited agent (Intertek or SGS)", as SONCAP and PVoC ask.
TO_A_RECOGNISED_BODY = re.compile(
    r"[^.;]{0,60}?\b(?:"
    + "|".join(name for name, _ in RECOGNISED_BODIES if name is not None)
    + r")\b"
)
# The buyer after it: "the testing fee is paid by us", "inspection charges for our account".
PAID_BY_THE_BUYER = re.compile(
    r"[^.;]{0,30}?(?:\b(?:paid|borne|covered|settled|payable) by (?:us|(?:the )?(?:buyer|"
    r"importer|consignee)|our (?:side|company|end|client|customer))\b"
    r"|\b(?:for|on) (?:our|(?:the )?(?:buyer|importer)'s) (?:own )?account\b|\bon us\b"
    r"|\bincluded in (?:your|the) (?:price|invoice|quotation|offer)\b"
    # ... and in the buyers' other languages: "la pagamos nosotros", "paga pelo comprador",
    # "à la charge de l'acheteur", "由我司承担".
    r"|\b(?:l[ao]s? )?pag(?:amos|aremos|a) nosotros\b|\b(?:a cargo|por cuenta) del comprador\b"
    r"|\bpag[ao]s? pelo comprador\b|\b(?:a cargo|por conta) do comprador\b"
    r"|\bà la charge de l'acheteur\b|\bpay[ée]e?s? par (?:nous|l'acheteur)\b"
    r"|\b(?:por|a) (?:nuestra cuenta|nuestro cargo|cuenta nuestra|nossa conta)\b"
    r"|\bà notre charge\b|من قبلنا|على (?:حسابنا|نفقتنا)|نتحمل"
    r"|由?(?:我司|我方|我们|买方|本公司)(?:承担|支付|负责))"
)
BY_THE_BUYER = re.compile(
    r"\b(?:we|i|buyer|the buyer|our company|our side)(?:'ll|'d)?(?: (?:will|shall|would|can|"
    r"could|may|also|then|are|am|going|to|agree|be|ready|willing|happy|gladly))*"
    r"(?: pay(?: for)?(?: the| their| its| his| her| all| any)?)? $"
)

# Where a fee asked of us goes, when the mail says it is paid "directly" to someone: the fake
# buyer's lab, consultant, notary or office, named but never us or the buyer ("paid by the
# manufacturer directly to the consultant", "se règlent auprès de notre huissier", "doğrudan
# danışmanlık firmasına ödenir", "تدفع مباشرة للمكتب"). A payment verb before "directly": not
# "contact him directly to book". Read only after a fee the buyer does not pay.
PAID_DIRECTLY = re.compile(
    r"\b(?:paid|payable|pay|paying|remit(?:ted)?|settled?|transfer(?:red)?|wired?|deposited)"
    r"\b(?: [^ .;]+){0,8}? directly (?:to|with|at|into)\b"
    r"|\b(?:r[èé]gl|pay|vers|acquitt)\w*(?: [^ .;]+){0,4}? (?:directement )?(?:auprès d|"
    r"directement (?:à|au|aux)\b)"
    r"|\b(?:pag|abon|cancel|deposit|transfer|consign)\w*(?: [^ .;]+){0,4}? directamente "
    r"(?:a|al|en|con)\b"
    r"|\b(?:pag|deposit|transfer)\w*(?: [^ .;]+){0,4}? diretamente (?:a|ao|à|na|no)\b"
    r"|\bdoğrudan (?:[^ .;]+ ){0,3}?(?:ödenir|ödenecektir|yatırılır|yatırılacaktır|ödenmelidir)"
    r"|(?:thanh toán|nộp|chuyển khoản|chuyển|trả) trực tiếp (?:cho|vào|tại)\b"
    r"|(?:تدفع|يدفع|تسدد|يسدد|تحول|يحول|تودع)(?: \S+){0,3}? مباشرة"
    r"|(?:оплачива|перечисля|плат)\w*(?: \S+){0,3}? напрямую"
    r"|\b(?:dibayar(?:kan)?|ditransfer|disetor(?:kan)?)(?: [^ .;]+){0,4}? langsung (?:ke|kepada)\b"
    r"|直接(?:支付|付款|付|汇款|汇|转账|缴纳|缴|交)(?:给|至|到)"
    # ... or into someone's personal account, or the agent's: "على حسابه الشخصي", "to his
    # personal account", "به حساب نماینده پرداخت می‌شود".
    r"|\b(?:to|into) (?:his|her|their|the agent's|the consultant's) personal (?:bank )?account\b"
    r"|(?:(?:على|الى|إلى|في) |ل)حساب(?:ه|ها) الشخصي"
    r"|به حساب (?:نماينده|ايشان|مشاور|وكيل)"
    r"|(?:他|她|其)的?个人(?:账户|帐户|账号)"
)

# ... or the payee is to reach us later, named by no address we could judge: "I will share their
# details once you confirm", "l'Étude vous fera parvenir directement sa note d'honoraires",
# "sizinle doğrudan iletişime geçip … bildirecektir", "سنرسل لكم بيانات التواصل مع المختبر".
# Read only near a fee the buyer does not pay, and that no recognised body takes.
PAYEE_TO_COME = re.compile(
    r"\b(?:will|shall|'ll)(?: be)? (?:directly )?(?:contact(?:ing)?|reach(?:ing)?|call(?:ing)?|"
    r"invoic(?:e|ing)|bill(?:ing)?|writ(?:e|ing) to) you\b"
    r"|\b(?:will|shall|'ll) (?:share|send|forward|give|provide|pass)(?: you)? (?:their|his|her|its|"
    r"the (?:[a-z]+ )?(?:lab|laboratory|agent|agency|consultant|notary|office|body|firm)'s) "
    r"(?:contact )?(?:details|contacts?|particulars|information|invoice)\b"
    r"|\b(?:le|les) (?:contactará|contactarán|indicará|indicarán|enviará|enviarán|facturará|"
    r"facturarán|escribirá|escribirán|llamará|llamarán)\b"
    r"|\bvous (?:fera|feront) parvenir\b"
    r"|\bvous (?:contactera|contacteront|facturera|factureront|adressera|adresseront)\b"
    r"|\b(?:partilhar|compartilhar|enviar|passar|repassar)(?: \w+)? (?:os |o )?(?:contactos?|"
    r"contatos?|dados) d[oa] (?:despachante|agente|laborat[óo]rio|consultor|consultoria|not[áa]rio|"
    r"cartório|perito)\b"
    r"|\b(?:entrará|entrarão) em conta(?:c)?to (?:convosco|consigo|com você|com vocês)\b"
    r"|\b(?:vos|lhe|lhes) (?:contactará|contactarão|enviará|enviarão)\b"
    r"|\bsizinle (?:doğrudan )?iletişime geç"
    r"|مستقيم(?:اً|ا)? با شما (?:هماهنگ|تماس)|با شما تماس خواهند? گرفت"
    r"|سنرسل (?:لكم|لك) (?:بيانات|تفاصيل|معلومات|عنوان)"
    r"|سيتم (?:إرسال|ارسال) (?:بيانات|تفاصيل|معلومات) (?:ال)?(?:حساب|دفع|تحويل|سداد)"
    r"|\benviar(?:á|ão) (?:a |o |os |as )?(?:sua |seu )?(?:nota de honorários|fatura|boleto|"
    r"dados (?:de pagamento|bancários))"
    r"|(?:سيتواصل|سيتصل|ستتواصل|ستتصل)(?: \S+){0,2}? (?:معكم|بكم|معك|بك)"
    r"|(?:свяжется|свяжутся) с вами|(?:направит|вышлет|пришл[её]т|выставит) вам сч[её]т"
    r"|(?:会|将)(?:直接)?(?:与|和|跟)(?:您|你)(?:们)?联系|(?:会|将)直接联系(?:您|你)"
    r"|把(?:他们|他|她|其)的联系方式(?:发|转)给(?:您|你)"
)

# ... or it is what impostors asked of someone, told in a warning: "they asked the supplier to
# pay a vendor registration fee". A scam asks in the present; this is a report of one.
REPORTED_SCAM = re.compile(
    r"\b(?:they|someone|somebody|scammers?|fraudsters?|impostors?|imposters?|criminals?)"
    r"(?: (?:had|have|then|also))? (?:asked|requested|demanded|wanted|told|tried to get)"
    # Not "they requested that you pay": the scam itself, relayed.
    r"\b(?:(?!\b(?:you|me)\b)[^.;!?]){0,50}$"
)

# A payment in crypto refused or warned against: "we do not accept payment in crypto".
CRYPTO_REFUSED = re.compile(
    r"(?:\bnever|\bnot|n't|\bno)(?: [\w'-]+){0,4} $|(?:不|拒绝|一律|禁止)[^，。,.;；]{0,12}$"
)
# ... or after it: "要求用USDT付款的一律拒绝", "payment in USDT is not accepted".
CRYPTO_REFUSED_AFTER = re.compile(
    r"[^。.;；]{0,12}?(?:拒绝|不接受|不予接受|\bnot accepted\b|\bis refused\b)"
)
