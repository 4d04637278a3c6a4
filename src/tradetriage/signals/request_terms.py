"""What a specific trade request says: the words and patterns of the request signal.

Units and quantities, specifications, incoterms, ports, certificates, money, delivery times, HS
codes, drawings, the generic "send me your catalogue" ask and the wording of an order: each is a
table of patterns that ``request.analyze`` runs (``request_scan`` holds the machinery). Wording
is edited here.

How to add a phrase, a unit or a port:

- A pattern is ``_p(triggers, regex)``. It runs only when one of its space-separated triggers
  occurs in the lower-cased text: an ASCII letter trigger as a whole word ("pcs"), any other
  (digits, symbols, Chinese) as a substring ("件", "$"). Give a pattern a trigger for every way
  it can match; it is never tried on a text without one. Triggers are lower case, also for a
  pattern with ``raw=True``.
- Regexes are compiled ASCII-only and read the lower-cased text, or with ``raw=True`` the text
  as written (codes that count only in capitals: "CE", "FOB"). Open with the literal and write
  ``_w(word)`` for a word that must not continue another, not a leading ``\\b``: a pattern that
  opens with a literal is found by the engine's fast search.
- ``_g(...)`` groups the patterns that find one kind of detail: matches merged in text order,
  an overlapping later one dropped. With ``gate=``, one of the gate's words must occur too for
  any pattern of the group to run. Tuples of groups are read in order (``MONEY``: the first
  group that finds anything is the evidence; ``PORT_GROUPS``: in the order they are believed).
- A unit: add it to ``_UNITS`` and to the triggers of ``QTY_UNIT``. A certificate: a group in
  ``CERT_GROUPS``. A generic ask or an order phrase: a pattern in ``GENERIC`` or ``ORDER``.
- A port is not listed by name: a place after "port of", "destination port:", "POD:",
  "delivered to", an incoterm in capitals ("CIF Lagos"), or before "port" or "港" counts. A word
  wrongly read as a place ("CIF price", "CIF Best regards") goes into ``PORT_STOP``.
- Then a case in tests/test_request.py, and ``benchmarks/grading_eval.py`` to see the effect.

Words that steer one step of the analysis rather than name a detail stay next to that step in
``request``: the reply and forward prefixes of a subject, a buyer's own subject words, the
payment and reply words that make "within 30 days" no delivery time, and the spec codes written
with a space ("DN 50"). The common English words that tell the language are in ``request_scan``.
"""

from __future__ import annotations

import re

# Short local names: the tables below call these on nearly every line.
from tradetriage.signals.phrases import word_literal as _w
from tradetriage.signals.request_scan import gated_pattern as _p
from tradetriage.signals.request_scan import pattern_group as _g

# Number-first patterns open with a digit (found by the engine's fast character-set scan) and
# check the character before it with a look-behind placed after that digit.
_NUM_REST = r"(?:\d{0,2}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d*(?:\.\d+)?)"
_NUM = r"\d(?:\d{0,2}(?:[,.\u00a0 ]\d{3})+(?!\d)|\d*(?:\.\d+)?)"
_UNITS = (
    r"pcs|pc|pieces?|sets?|units?|nos|pairs?|tons?|tonnes?|mt|meters?|metres?|kgs?"
    # "6个月", "30个工作日", "3个人" count months, days and people; "支付" is payment.
    r"|cartons?|pallets?|containers?|lots?|个(?!月|人|小时|星期|礼拜|工作日)|台|套|件|只|吨|米|箱"
    r"|支(?!付|持)"
    # German, Spanish, Portuguese, Italian, Russian, Turkish pieces
    r"|stk|stück|unidad(?:es)?|uds|piezas?|peças?|pezz[io]|шт|adet"
)
# In Spanish, Portuguese and Italian "3 piezas" is mostly the body ("válvula de bola de 3
# piezas", "valvola a sfera 3 pezzi"), whatever follows.
ROMANCE_PIECES = frozenset({"pieza", "piezas", "peça", "peças", "pezzo", "pezzi"})
QTY_UNIT = _p(
    "pcs pc piece pieces set sets unit units nos pair pairs ton tons tonne tonnes mt meter meters"
    " metre metres kg kgs carton cartons pallet pallets container containers lot lots"
    " 个 台 套 件 只 吨 米 箱 支 stk stück unidad unidades uds pieza piezas peça peças pezzi pezzo"
    " шт adet",
    rf"(?P<n>\d(?<![\w.,]\d){_NUM_REST})\s*(?:x\s*)?(?P<u>{_UNITS})(?![a-z])",
)
QTY_LABEL = _g(
    *(
        # "q'ty" is split into the words "q" and "ty": "q" is its cheap trigger.
        _p(t.split("'")[0], rf"{_w(t) if t.isascii() else t}\s*(?:of\s*)?[:：.]?\s*(?:{_NUM})")
        for t in ("qty", "quantity", "q'ty", "数量", "订量", "采购量")
    ),
)
QTY_CONTAINER = _p("ft gp hq hc", r"\d(?<!\w\d)\d*\s*[x×]\s*(?:20|40)\s*'?\s*(?:ft|gp|hq|hc)\b")
# "2 pc ball valve" is a body construction, not an order quantity.
PIECE_BODY = re.compile(r"\s*(?:body|type|ball|valve|design|construction)", re.IGNORECASE)
# ... or after it: "3pc" written tight on a line about a ball valve ("SS316 ball valve 3pc,
# 1 inch - 120 nos"): one-, two- and three-piece are a ball valve's constructions. Not "gate
# valves 3 pcs", a count.
TIGHT_PC = re.compile(r"\d(?:pc|PC|Pc)\b")

SPEC_GROUPS = (
    _g(_p("dn", rf"{_w('dn')}\s?\d{{1,4}}\b")),
    _g(_p("pn", rf"{_w('pn')}\s?\d{{1,3}}\b")),
    _g(_p("nps", rf"{_w('nps')}\s?\d+(?:[./]\d+)?")),
    _g(_p("class", rf"{_w('class')}\s?(?:125|150|300|600|900|1500|2500)\b")),
    _g(
        _p(
            "lb lbs #",
            r"(?:150(?<!\w150)|300(?<!\w300)|600(?<!\w600)|900(?<!\w900)|1500(?<!\w1500))"
            r"\s?(?:lbs?|#)(?!\w)",
        )
    ),
    _g(
        _p(
            "\" '' inch inches 寸",
            # At most three digits, not after a hyphen: "1-1/2\"" and "10\"", never the
            # "8859-1\"" of a charset or a year before a quote.
            r"\d(?<![\w/.\"'-]\d)(?:\d{0,2}\s?-\s?\d)?\d{0,2}(?![\d])(?:/\d+)?\s?"
            r"(?:\"|''|inch(?:es)?\b|寸)",
        )
    ),
    _g(*(_p(t, rf"{_w(t)}\s?-?\s?(?:304|316|201|410|321)l?\b") for t in ("ss", "aisi", "sus"))),
    _g(_p("stainless s", r"3(?<!\w3)(?:04|16)l?\s*(?:stainless|s\.s\.)")),
    _g(
        _p("cf", rf"{_w('cf')}(?:8m|8|3m|3)\b"),
        _p("wcb wcc", rf"{_w('wc')}[bc]\b"),
        _p("lcb lcc", rf"{_w('lc')}[bc]\b"),
        _p("a", rf"{_w('a')}(?:105n?|351|216)\b"),
        _p("f", rf"{_w('f')}(?:304l?|316l?|51|53)\b"),
    ),
    _g(
        *(
            _p(t.split()[0], rf"{_w(t)}\b")
            for t in ("brass", "bronze", "cast iron", "ductile iron", "carbon steel")
        ),
        _p("duplex", rf"{_w('super duplex')}\b"),
        _p("duplex", rf"{_w('duplex')}\b"),
    ),
    _g(*(_p(t, rf"{_w(t)}\b") for t in ("rptfe", "ptfe", "peek", "epdm", "nbr", "viton", "fkm"))),
    _g(
        _p("不锈钢", r"不锈钢\s?(?:304|316)?l?"),
        *(_p(t, t) for t in ("碳钢", "球墨铸铁", "铸铁", "黄铜")),
    ),
    _g(
        _p(
            "bar psi mpa kpa kgf",
            # Not from the middle of a decimal: "1.6MPa" is no "6MPa"; "1,6 bar" is European.
            r"\d(?<!\w\d)(?<!\d[.,]\d)\d*(?:[.,]\d+)?\s?(?:bar|psi|mpa|kpa|kgf/cm2?)\b",
        )
    ),
    _g(_p("wog", r"\d(?<!\w\d)\d{2,3}\s?wog\b")),
    _g(
        _p(
            "bsp bspp bspt npt",
            rf"{_w('bsp')}(?:p|t)?\b|{_w('npt')}\b",
        ),
        _p("flange flanged flanges", rf"{_w('flange')}d?\b"),
        *(_p(t, rf"{_w(t)}\b") for t in ("threaded", "screwed", "wafer", "rtj")),
        _p("weld welded", rf"(?:{_w('socket')}|{_w('butt')})[\s-]weld(?:ed)?\b"),
        _p("lug lugged", rf"{_w('lug')}(?:ged)?\b"),
        _p("clamp", rf"{_w('tri')}[\s-]?clamp\b"),
        _p("raised", rf"{_w('raised face')}\b"),
    ),
    _g(*(_p(t, t) for t in ("法兰", "螺纹", "对夹", "焊接"))),
    _g(_p("° ℃ deg degree degrees", r"\d(?<!\d\d)\d*\s?(?:°\s?[cf]\b|℃|deg(?:rees?)?\s?[cf]\b)")),
    _g(
        _p("temperature", rf"{_w('temperature')}\s*[:：]?\s*-?\d+"),
        _p("温度", r"温度\s*[:：]?\s*-?\d+"),
    ),
    _g(
        *(
            _p(t, rf"{_w(t)}[\s-](?:actuat\w+|operat\w+)")
            for t in ("pneumatic", "electric", "manual", "gear", "lever", "handwheel")
        ),
        _p("actuator actuators", rf"{_w('actuator')}s?\b"),
        gate="actuator actuators actuated actuation operated operation",
    ),
    _g(*(_p(t, t) for t in ("气动", "电动", "手动"))),
    _g(*(_p(t, rf"{_w(t)}\s?b16\.\d+\b") for t in ("ansi", "asme"))),
    # In capitals only: "en 2025" and "din 2010" are Spanish, French and Romanian words.
    _g(*(_p(t.lower(), rf"{_w(t)}\s?\d{{3,5}}\b", raw=True) for t in ("DIN", "EN"))),
    _g(_p("gb", rf"{_w('gb')}/?t\s?\d{{3,5}}\b")),
    _g(_p("jis", rf"{_w('jis')}\s?(?:b\s?\d{{4}}|\d{{1,2}}k)\b")),
    _g(_p("iso", rf"{_w('iso')}\s?5211\b")),
    _g(_p("pc", r"[1-3](?<!\w[1-3])\s?-?\s?pc\b")),
    _g(
        *(_p(t, rf"{_w(t)}\s+(?:bore|port)\b") for t in ("full", "reduced", "standard")),
        _p("floating", rf"{_w('floating')}\s+ball\b"),
        _p("trunnion", rf"{_w('trunnion')}\b"),
        gate="bore port floating trunnion",
    ),
)
# The codes count only in capitals (an English "fas" or "cip" is no incoterm); FOB, CIF and
# EX WORKS in any case.
INCOTERM = _g(
    _p(
        "exw fca fas fob cfr cnf c cif cpt cip dap dpu ddp",
        r"(?:EXW|FCA|FAS|FOB|CFR|CNF|C&F|CIF|CPT|CIP|DAP|DPU|DDP)(?<![A-Za-z]...)(?![A-Za-z])",
        raw=True,
    ),
    _p("fob", r"fob(?<![a-z]fob)(?![a-z])"),
    _p("cif", r"cif(?<![a-z]cif)(?![a-z])"),
    _p("works exworks", r"ex(?<![a-z]ex)[\s-]?works(?![a-z])"),
)
INCOTERM_ALIASES = {"CNF": "CFR", "C&F": "CFR"}
# Words that follow an incoterm or a port phrase but name no place: "CIF price", "CIF Best
# regards", "DDP Please", "CIF Incoterms 2020", "delivered to us".
PORT_STOP = frozenset(
    {"our", "the", "your", "any", "nearest", "which", "what", "main", "destination", "sea",
     "air", "home", "a", "discharge", "loading", "price", "prices", "pricing", "term", "terms",
     "basis", "us", "you", "me", "it", "them", "and", "or", "to", "for", "from", "in", "on",
     "at", "by", "via", "with", "of", "is", "are", "as", "if", "also", "only", "please", "pls",
     "kindly", "thanks", "thank", "regards", "best", "kind", "warm", "sincerely", "cheers",
     "dear", "hi", "hello", "mr", "mrs", "ms", "incoterms", "incoterm", "quote", "quotation",
     "offer", "rate", "rates", "cost", "costs", "freight", "shipping", "delivery", "value",
     "total", "condition", "conditions", "asap", "usd", "eur", "rmb", "cny", "fob", "exw",
     "cfr", "cif", "dap", "ddp", "site", "warehouse", "door", "customer", "incl",
     "including", "included", "excluding", "not", "too", "this", "that", "there", "here"}
)  # fmt: skip
# A port name stays on its line: the word after an incoterm at a line's end is a sign-off's.
_PORT_NAME = r"(?P<p>[a-z][a-z-]+(?:[ \t][a-z][a-z-]+)?)"
_PORT_LABEL_GAP = r"(?:[ \t]*[:：]\s*|[ \t]+)"  # "port of Lagos", "Destination port:\nLagos"
# "Hamburg", "Port Harcourt" or in capitals "LAGOS".
_PORT_WORD = r"[A-Z](?:[a-z]+|[A-Z]{2,})(?![A-Za-z])"
# In the order they are believed: a labelled port first, then "CIF Hamburg", "to Hamburg port".
PORT_GROUPS = (
    _g(
        _p(
            "port",
            rf"{_w('port')}[ \t]+of(?:[ \t]+(?:destination|discharge))?(?:[ \t]+is)?"
            rf"{_PORT_LABEL_GAP}{_PORT_NAME}",
        ),
        _p(
            "destination",
            rf"{_w('destination')}[ \t]+port(?:[ \t]+is)?{_PORT_LABEL_GAP}{_PORT_NAME}",
        ),
        _p("discharge", rf"{_w('discharge')}[ \t]+port(?:[ \t]+is)?{_PORT_LABEL_GAP}{_PORT_NAME}"),
        _p("pod", rf"{_w('pod')}[ \t]*[:：]\s*{_PORT_NAME}"),
        _p("delivered", rf"{_w('delivered')}[ \t]+to[ \t]+{_PORT_NAME}"),
    ),
    _g(
        _p(
            "cif cfr cnf c dap ddp dpu cpt cip",
            r"(?:CIF|CFR|CNF|C&F|DAP|DDP|DPU|CPT|CIP)(?<!\w...)[ \t]+"
            rf"(?P<p>{_PORT_WORD}(?:[ \t]{_PORT_WORD})?)",
            raw=True,
        )
    ),
    _g(
        *(
            _p(t, rf"{_w(t)}[ \t]+(?P<p>{_PORT_WORD})[ \t]+(?:sea)?port\b", raw=True)
            for t in ("to", "at", "via", "into")
        ),
        gate="port seaport",
    ),
    _g(_p("目的港", r"目的港\s*[:：为是]?\s*(?P<p>[\u4e00-\u9fffA-Za-z]{2,20})", raw=True)),
    _g(*(_p(t, rf"{t}(?P<p>[\u4e00-\u9fff]{{2,4}})港", raw=True) for t in ("到", "至")), gate="港"),
)
# Certificates are written in capitals; a lower-case "ce" or "api" is an ordinary word. Each
# group is read on its own, in this order ("EN 10204 3.1" and "3.1 certificate" both count).
CERT_GROUPS = (
    # "CE", but not the end of "PRICE"; "CE-marked", "CE certificate".
    _g(_p("ce", r"CE(?<![^\W_]CE)\b(?:\s?(?:mark(?:ing|ed)?|cert\w*|approv\w*))?", raw=True)),
    _g(_p("iso", rf"{_w('ISO')}\s?(?:9001|14001|45001)(?::\s?\d{{4}})?", raw=True)),
    _g(_p("api", rf"{_w('API')}\s?(?:6D|6A|598|600|602|607|608|609)\b", raw=True)),
    _g(
        *(
            _p(t.lower(), rf"{_w(t)}\b", raw=True)
            for t in ("WRAS", "ACS", "DVGW", "KTW", "ATEX", "CCC", "EAC", "TSG")
        )
    ),
    _g(
        _p("ped", rf"{_w('PED')}\b(?:\s?2014/68/EU)?", raw=True),
        _p("eu", rf"{_w('2014/68/EU')}", raw=True),
    ),
    _g(_p("nsf", rf"{_w('NSF')}(?:/ANSI)?\s?61\b", raw=True)),
    _g(_p("fm", rf"{_w('FM')}\s+approv\w*", raw=True)),
    _g(_p("ul", rf"{_w('UL')}\s+(?:listed|certif\w*)", raw=True)),
    _g(_p("sil", rf"{_w('SIL')}\s?[1-3]\b", raw=True)),
    _g(_p("en", rf"{_w('EN')}\s?10204(?:\s?3\.[12])?", raw=True)),
    _g(
        _p(
            "cert certs certificate certificates certification certified mtc",
            rf"{_w('3.1')}\s?(?:cert\w*|mtc)",
        )
    ),
    _g(_p("mtc", rf"{_w('MTC')}\b", raw=True)),
    _g(
        _p("mill", rf"{_w('mill test cert')}\w*"),
        _p("material", rf"{_w('material')} (?:test )?cert\w*"),
    ),
    _g(_p("luft", rf"{_w('ta')}[\s-]luft\b")),
    _g(_p("fire", rf"{_w('fire')}[\s-]safe\b")),
    _g(_p("tüv tuv", r"T(?<!\wT)[ÜU]V\b", raw=True), _p("sgs", rf"{_w('SGS')}\b", raw=True)),
    _g(*(_p(t, t) for t in ("认证", "检验报告", "材质证明"))),
)
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
# Tried in this order; the first that finds anything is the evidence.
MONEY = (
    _g(_p("$ € £ ¥ ￥", rf"[$€£¥￥]\s?{_AMOUNT}", raw=True)),
    _g(
        _p("usd $", rf"{_w('us')}(?:d|\$)\s?{_AMOUNT}"),
        *(
            _p(t, rf"{_w(t)}\s?{_AMOUNT}")
            for t in ("eur", "gbp", "rmb", "cny", "aud", "cad", "inr", "aed", "sar")
        ),
    ),
    _g(
        _p(
            "usd eur rmb cny dollar dollars euro euros",
            r"\d(?<!\w\d)[\d,]*(?:\.\d+)?\s?(?:usd|eur|rmb|cny|dollars?|euros?)\b",
        )
    ),
    _g(_p("元", rf"{_AMOUNT}\s?(?:元|美元|欧元)")),
    _g(
        _p("target", rf"{_w('target')}\s+price"),
        _p("budget", rf"{_w('our')}\s+budget"),
        _p("budget", rf"{_w('budget')}\s+(?:is|of)"),
    ),
    _g(_p("目标价", "目标价"), _p("预算", "预算")),
)
DELIVERY = (
    _g(
        _p(
            "within",
            rf"{_w('within')}\s+\d+\s*(?:working\s+|business\s+)?(?:days?|weeks?|months?)\b",
        )
    ),
    _g(*(_p(t, rf"{_w(t)}[\s-]?(?:time|date|schedule|period)\b") for t in ("delivery", "lead"))),
    _g(
        *(
            _p(
                words,
                rf"{_w(stem)}{tail}\s+(?:by|before|in)\s+(?:the\s+)?(?:end\s+of\s+)?"
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|\d|next|this|week|month)\w*",
            )
            for words, stem, tail in (
                ("deliver delivered delivery", "deliver", "(?:ed|y)?"),
                ("ship shipment shipped", "ship", "(?:ment|ped)?"),
            )
        )
    ),
    _g(_p("etd eta", rf"{_w('ET')}[DA]\b", raw=True)),
    _g(
        *(_p(t, t) for t in ("交期", "交货期", "交货时间", "货期", "发货时间")),
        _p("天内", r"\d+\s*天内"),
    ),
)
# "HS-Code: 848180", "HS code no. 8481 80 90", "HSN code 8481": after a label a four-digit
# heading is a code too; after a bare "HS" it takes six digits or more ("HS 2020" is no code).
_HS_LABEL = r"[ \t]*-?[ \t]*(?:code|no\.?|number|nr\.?)(?:[ \t]*(?:no\.?|number|nr\.?))?"
_HS_NUMBER = (
    # After a label the code may stand on the next line (a table's next cell), then with six
    # digits at least: "HS code\n2000 pcs" is a quantity.
    rf"{_HS_LABEL}[ \t]*[:：#]?[ \t]*(?:\n[ \t]*(?=\d{{4}}[. ]?\d{{2}}))?"
    rf"(?P<c>\d{{4}}(?:[. ]?\d{{2}}){{0,3}})\b",
    r"[ \t]*[:：#]?[ \t]*(?P<c>\d{4}(?:[. ]?\d{2}){1,3})\b",
)
HS = _g(
    *(
        _p(trigger, rf"{_w(word)}{number}")
        for trigger, word in (("hs", "hs"), ("h", "h.s."), ("hts", "hts"), ("hsn", "hsn"))
        for number in _HS_NUMBER
    ),
    *(
        _p(t, rf"{t}\s*[:：]?\s*(?P<c>\d{{4}}[.\d]{{0,8}})")
        for t in ("海关编码", "hs编码", "商品编码")
    ),
)
DRAWING_FILE = re.compile(
    r"\.(?:dwg|dxf|step|stp|igs|iges|sldprt|x_t)$|drawing|datasheet|data[\s_-]sheet|图纸",
    re.IGNORECASE,
)
DRAWING_TEXT = _g(
    _p(
        "attached",
        rf"{_w('attached')}\b.{{0,40}}\b(?:drawings?|datasheets?|specifications?|technical)\b",
    ),
    *(_p(f"{t} {t}s", rf"{_w(t)}s?\b.{{0,20}}\battached\b") for t in ("drawing", "datasheet")),
    _p("附件", r"附件.{0,10}图纸"),
    _p("图纸", r"图纸.{0,10}附件"),
)
_SEND_WHAT = (
    r"\b(?:catalog(?:ue)?s?|price\s?lists?|product\s+lists?|company\s+profile|brochures?"
    r"|quotation\s+list)\b"
)
_ZH_LIST = r"(?:一下|一份)?(?:你们的|贵司的|贵公司的)?(?:产品)?(?:目录|报价单|价格表|价目表)"
GENERIC = (
    _g(
        *(
            _p(t, rf"{_w(t)}\b.{{0,40}}{_SEND_WHAT}")
            for t in ("send", "provide", "forward", "share", "email", "mail", "furnish", "give")
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:catalog(?:ue)?|price\s?list|product\s+list)\b")
            for t in ("latest", "full", "complete", "your")
        ),
        _p(
            "catalog catalogs catalogue catalogues",
            rf"{_w('catalog')}(?:ue)?s?\s+(?:or|and|&)"
            r"\s+price\s?lists?",
        ),
        gate="catalog catalogs catalogue catalogues pricelist list lists brochure brochures"
        " profile",
    ),
    _g(
        _p(
            "interested",
            rf"{_w('interested')}\s+in\s+(?:some\s+of\s+|all\s+)?(?:your|ur)\s+"
            r"(?:hot[\s-]selling\s+)?products?\b",
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:best|lowest|cheapest|competitive)\s+(?:price|offer|quote)")
            for t in ("your", "the")
        ),
        _p(
            "supply supplying",
            rf"{_w('supply')}(?:ing)?\s+(?:of\s+)?(?:us\s+with\s+)?(?:your|ur)\s+"
            r"(?:company(?:'s)?\s+)?products",
        ),
        _p("hot", rf"{_w('hot')}[\s-]selling\s+products?"),
        _p("wholesale", rf"{_w('wholesale')}\s+(?:quote|price)"),
        _p("trial", rf"{_w('trial')}\s+order"),
    ),
    _g(
        _p("目录 报价单 价格表 价目表", rf"发(?:送)?{_ZH_LIST}"),
        _p("目录 报价单 价格表 价目表", rf"提供{_ZH_LIST}"),
        _p("目录和价格表", "目录和价格表"),
        _p("感兴趣", r"对(?:贵司|贵公司|你们)的?产品(?:很|非常)?感兴趣"),
        *(_p(t, t) for t in ("最低价", "最好的价格", "最优惠的价格")),
    ),
)
# The buyer moving to an order: "please send PI", "we will pay the 30% deposit", "confirm the
# order", "arrange production". A reply this short names no product, yet says more than any.
_PROFORMA = r"(?:pi|p/i|proforma|pro-forma)(?:\s+invoice)?\b|sales\s+contract\b|contract\b"
ORDER = (
    _g(
        *(
            _p(t, rf"{_w(t)}\s+(?:us\s+|me\s+)?(?:the\s+|your\s+|a\s+|an\s+)?{_PROFORMA}")
            for t in ("send", "issue", "prepare", "make")
        ),
        *(
            _p(
                t,
                rf"{_w(t)}\s+(?:the\s+|a\s+|our\s+)?(?:\d{{1,2}}\s?%\s+)?"
                r"(?:deposit|down\s?payment|advance\s+payment)\b",
            )
            for t in ("pay", "remit", "transfer", "wire")
        ),
        *(
            _p(t, rf"{_w(t)}\s+(?:the\s+|our\s+|this\s+|an\s+|a\s+)?(?:trial\s+)?order\b")
            for t in ("confirm", "place", "proceed")
        ),
        _p("arrange start", r"\b(?:arrange|start)\s+(?:the\s+)?(?:mass\s+)?production\b"),
        gate="pi proforma contract deposit downpayment down advance order production",
    ),
    _g(
        _p(
            "下单 定金 订金 形式发票 安排生产 合同 pi",
            r"(?:我们|我司|准备|可以|马上|现在)下单|付(?:定金|订金)|(?:发|开)(?:一下)?(?:形式发票|pi)|"
            r"安排生产|签(?:订)?合同",
        ),
    ),
)
# "We will not place an order", "cannot confirm the order until", "do not send PI yet".
NEGATION = re.compile(r"\b(?:not|no|never|cannot|can't|don't|won't|unable to)\b[^.,;]{0,25}$")
