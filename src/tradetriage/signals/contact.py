"""Contact signals: how completely the sender says who they are.

A real buyer signs with a company name and legal form, a job title, a website, telephone and fax
numbers, a street address and often a WeChat or WhatsApp handle; a fake buyer gives a name and a
mobile number at most. Only the sender's own signature counts: quoted text (our own signature
included) is cut first. Phone numbers are parsed and validated with ``phonenumbers`` so that a
"+234" mobile under a London address can be told apart.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec, clip
from tradetriage.signals.domain import is_company_site, registered_domain
from tradetriage.signals.signature import (
    letter_words,
    quoted_ours,
    regions,
    website_hosts,
)

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec("contact.company", "str", "company name with legal form in the signature"),
    SignalSpec("contact.title", "str", "job title in the signature (Purchasing Manager, 采购经理)"),
    SignalSpec("contact.phones", "list", "valid phone numbers in the signature, E.164"),
    SignalSpec("contact.fax", "str", "fax number in the signature, E.164"),
    SignalSpec("contact.address", "str", "street address line in the signature"),
    SignalSpec("contact.im", "list", "messenger handles given (whatsapp, wechat, skype, …)"),
    SignalSpec("contact.website", "str", "registered domain of the website in the signature"),
    SignalSpec(
        "contact.completeness",
        "int",
        "how many of company, website, phone, fax, address, IM the sender gives (0-6)",
    ),
    SignalSpec("contact.phone_country", "list", "ISO country codes of the phone and fax numbers"),
    SignalSpec(
        "contact.phone_country_mismatch",
        "bool",
        "a phone number's country differs from the country the mail was sent from",
    ),
)

_MAX_LINE = 100
_IM_CHARS = 4_000  # signature lines are short; a long line is prose, not a contact field

_LEGAL_FORM = (
    r"Co\.?\s*,?\s*(?:Ltd|LTD|Limited|LIMITED)\.?|CO\.?\s*,?\s*(?:LTD|LIMITED)\.?"
    r"|Company\s+Limited|COMPANY\s+LIMITED|Corporation|CORPORATION|Corp\.?|Incorporated"
    r"|Inc\.?|INC\.?|Limited|LIMITED|Ltd\.?|LTD\.?|L\.L\.C\.?|LLC|LLP|PLC|[Pp]lc"
    r"|Pvt\.?\s*Ltd\.?|PVT\.?\s*LTD\.?|Private\s+Limited|Pty\.?\s*Ltd\.?"
    r"|GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|e\.K\.|S\.A\.(?:\s*de\s*C\.V\.)?|S\.A\.S\.|SAS|SARL"
    r"|S\.a\.r\.l\.|S\.r\.l\.|S\.R\.L\.|Srl|SRL|S\.p\.A\.|SpA|S\.L\.U?\.?|Sp\.\s*z\s*o\.\s*o\.?"
    r"|B\.V\.|BV|N\.V\.|A/S|ApS|Oy|Oyj|Ltda\.?|LDA|JSC|OOO|ООО|FZE|FZCO|FZ-LLC|W\.?L\.?L\.?"
    r"|Sdn\.?\s*Bhd\.?|Bhd\.?|Tbk\.?"
)
_WORD = r"[A-Z0-9&][\w&'’.()-]*"
_COMPANY = re.compile(rf"(?:{_WORD}\s+){{0,6}}?{_WORD}\s*,?\s*(?:{_LEGAL_FORM})(?![\w])")
# A line without a legal form anywhere cannot hold a company name; this test costs a tenth of
# the search above (which tries word runs from every capital letter).
_LEGAL_HINT = re.compile(rf"(?:{_LEGAL_FORM})(?![\w])")
_COMPANY_ZH = re.compile(
    r"^(?:公司名称|公司|单位|Company)?\s*[:：]?\s*"
    r"([\u4e00-\u9fff（）()A-Za-z0-9]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团|公司|工厂|厂|商行))"
)
_NOT_A_COMPANY_ZH = re.compile(r"^(?:贵|我|本|该|你|您|其|此|各|请|谢)")
_COMPANY_LABEL = re.compile(r"^\s*(?:company|firm|company\s+name)\s*[:：]\s*(\S.{1,80})$", re.I)

_TITLE = re.compile(
    r"""\b(?:
        (?:(?:senior|junior|chief|deputy|assistant|vice|general|managing|regional|area|country
           |purchas(?:e|ing)|procurement|sourcing|buying|import|export|sales|marketing|project
           |technical|operations?|supply\s+chain|logistics|category|product|account|business
           |development|quality|engineering|commercial|executive)\s+){0,3}
        (?:manager|director|buyer|purchaser|officer|engineer|executive|specialist|coordinator
           |merchandiser|president|owner|founder|agent|consultant|ceo|cfo|coo|cto|gm|chairman)
      | head\s+of\s+\w+
      | (?:procurement|purchasing|sourcing|import)\s+(?:office|department|dept\.?|team)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_TITLE_ZH = re.compile(
    r"采购(?:经理|主管|总监|部|员|专员)?|总经理|副总|经理|总监|主管|董事长|总裁|工程师|业务员|外贸|负责人|厂长"
)
_TITLE_LABEL = re.compile(r"^\s*(?:title|position|职位|职务)\s*[:：]\s*(\S.{1,60})$", re.I)

# Latin labels start a word; Chinese ones end a compound ("公司电话", "办公传真"), where "\b"
# would never hold: CJK characters are word characters to the regex engine.
# A messenger joins a phone label ("Mob/WeChat:", "手机/微信："): the number serves both.
_PHONE_WORDS = (
    r"tel(?:ephone|efon|éfono)?|phone|ph|mob(?:ile|il)?|cell(?:phone)?|handy|fax|telefax|facsimile"
    r"|whats\s?app|viber|telegram|signal|we\s?chat|skype"
)
_PHONE_CJK = r"电话|電話|手机|手機|座机|传真|傳真|联系电话|移动电话|微信号?"
_PHONE_LABEL = rf"\b(?:{_PHONE_WORDS}|[TMFPH])|{_PHONE_CJK}"
# A phone or messenger label, as a contact line opens with one ("Mob/WhatsApp:", "手机/微信："):
# what follows is the writer's own number. Without the one-letter labels ("T:", "M:"), which
# only the signature's line-by-line reading can tell from a word's first letter.
CONTACT_LABEL = re.compile(rf"\b(?:{_PHONE_WORDS})|{_PHONE_CJK}", re.IGNORECASE)
_PHONE = re.compile(
    rf"(?P<label>(?:{_PHONE_LABEL})(?:[ \t]*[/&][ \t]*(?:{_PHONE_LABEL}))*)\.?[ \t]*"
    # A word in brackets before the colon qualifies the label: "Mobile (WhatsApp):".
    r"(?:[(（][A-Za-z\u4e00-\u9fff /&]{1,20}[)）][ \t]*)?"
    r"(?:no\.?|number|#)?"
    r"[ \t]*[:：.]?[ \t]*(?:\([A-Za-z ]+\)[ \t]*)?"
    r"(?P<num>(?:\+|00)?[ \t]*\(?\+?\d[\d \t()./\-–—]{5,24}\d)",
    re.IGNORECASE,
)
# Without a label, only an international "+…" number is clearly a phone number.
_PHONE_BARE = re.compile(r"(?<![\w+])\+[ \t]?\d[\d \t().\-–—]{7,22}\d")
_BRACKETED_COUNTRY = re.compile(r"^\(\s*((?:\+|00)\d{1,4})\s*\)")
_FAX_PART = re.compile(r"(?:tele)?fax|facsimile|传真|傳真|f", re.IGNORECASE)
_LABEL_SPLIT = re.compile(r"[ \t]*[/&][ \t]*")

_IM = (
    ("whatsapp", ("whats", "wa.me"), re.compile(r"\bwhats\s?app\b|\bwa\.me/", re.I)),
    # "We Chat" with a space only as the name is written: "can we chat at 10:00?" is prose.
    (
        "wechat",
        ("chat", "weixin", "微信"),
        re.compile(r"(?i:\bwechat\b|\bweixin\b)|\bWe ?Chat\b|\bWE ?CHAT\b|微信"),
    ),
    ("skype", ("skype",), re.compile(r"\bskype\b", re.I)),
    ("telegram", ("telegram", "t.me"), re.compile(r"\btelegram\b|\bt\.me/", re.I)),
    # "Line ID …", or "Line: …" opening a line: "our product line: ball valves" is prose.
    (
        "line",
        ("line",),
        re.compile(r"(?im)^[ \t]*line(?:[ \t]+id)?[ \t]*[:：][ \t]*\S|\bline[ \t]+id\b"),
    ),
    ("viber", ("viber",), re.compile(r"\bviber\b", re.I)),
    ("qq", ("qq",), re.compile(r"\bQQ\s*(?:号)?\s*[:：]?\s*\d{5,}")),
)
# A messenger counts only as a handle on offer: "WhatsApp: …", "WeChat ID …", "add me on
# WhatsApp +44 …", not a mention in passing.
_IM_OFFER = re.compile(r"[:：]|\+?\d{5,}|\bid\b|@|号", re.I)

_ADDRESS_LABEL = re.compile(
    r"^\s*(?:add(?:ress)?|addr|adresse|dirección|direccion|indirizzo|endereço|地址|公司地址|厂址)"
    r"\.?\s*[:：]\s*\S.{3,}",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"""(?:\b(?:street|st\.|road|rd\.?|avenue|ave\.?|boulevard|blvd\.?|lane|drive|dr\.|highway
        |rue|via|viale|calle|avenida|av\.|rua|ulica|ul\.|industrial\s+(?:park|zone|estate|area)
        |p\.?\s?o\.?\s+box|building|bldg\.?|floor|suite|plot)(?!\w)
       | \w(?:straße|strasse|str\.|weg|allee|gasse|platz|straat|laan|vej|gatan|katu)(?!\w)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGIT = re.compile(r"\d")
_SIX_DIGITS = re.compile(r"\d(?:[ \t().\-–—]?\d){5}")
_ADDRESS_ZH = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:路|街|道|大道|弄|巷)\s*[\d一二三四五六七八九十]+\s*号"
)
# Not the 市 of 市场 (market) or the 区 of 区域 (region): "华东区市场部 区域经理" is a title.
_ADMIN_ZH = re.compile(r"省|市(?!场)|区(?!域)|县|镇|工业园|开发区|大厦")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Trigger words and substrings: a field's regexes run only when the signature holds one of
# them, because set look-ups cost far less than regex scans and most signatures are short.
_COMPANY_WORDS = _word_set(
    "co ltd limited company corporation corp incorporated inc llc llp plc pvt private pty gmbh"
    " ag sas sarl srl spa sl slu sp bv aps oy oyj ltda lda jsc ooo fze fzco fz wll sdn bhd tbk"
    " firm"
)
_COMPANY_MARKS = ("s.a", "e.k", "l.l.c", "a/s", "s.r.l", "s.p.a", "b.v", "n.v", "w.l.l", "ооо",
                  "公司", "集团", "厂", "商行", "单位")  # fmt: skip
_TITLE_WORDS = _word_set(
    "manager director buyer purchaser officer engineer executive specialist coordinator"
    " merchandiser president owner founder agent consultant ceo cfo coo cto gm chairman head"
    " title position office department dept team"
)
_TITLE_MARKS = ("采购", "经理", "总监", "主管", "董事长", "总裁", "工程师", "业务员", "外贸",
                "负责人", "厂长", "职位", "职务", "副总")  # fmt: skip
_ADDRESS_WORDS = _word_set(
    "street st road rd avenue ave boulevard blvd lane drive dr highway rue via viale calle"
    " avenida av rua ulica ul industrial box building bldg floor suite plot add address addr"
    " adresse direccion indirizzo"
)
_ADDRESS_MARKS = ("straße", "strasse", "str.", "weg", "allee", "gasse", "platz", "straat",
                  "laan", "vej", "gatan", "katu", "dirección", "endereço", "路", "街",
                  "道", "号", "弄", "巷", "省", "市", "区", "县", "镇", "地址", "厂址",
                  "大厦")  # fmt: skip


def _has(
    words: frozenset[str], lower: str, trigger_words: frozenset[str], marks: tuple[str, ...]
) -> bool:
    return not trigger_words.isdisjoint(words) or any(m in lower for m in marks)


@dataclass(frozen=True, slots=True)
class _Phone:
    e164: str
    region: str
    fax: bool
    shown: str


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Contact details the sender gives in their own signature, and how complete they are."""
    sender_domain = _str(found.get("domain.sender")) or (
        registered_domain(msg.from_[0].addr) if msg.from_ else ""
    )
    # In someone else's mail, our address and our website head or sit in a quote of ours.
    others = quoted_ours(sender_domain, ctx.our_domains)
    text = regions(msg.body_text, others)
    sig = text.signature
    lines = [ln.strip() for ln in sig.splitlines() if ln.strip()]
    short = [ln for ln in lines if len(ln) <= _MAX_LINE]

    words, lower = letter_words(sig), sig.lower()
    company = _company(short) if _has(words, lower, _COMPANY_WORDS, _COMPANY_MARKS) else None
    title = _title(short) if _has(words, lower, _TITLE_WORDS, _TITLE_MARKS) else None
    address = _address(short) if _has(words, lower, _ADDRESS_WORDS, _ADDRESS_MARKS) else None
    origin = _str(found.get("origin.country"))
    website = _website(sig, others)
    phones = _phones(sig, _default_region(origin, sender_domain))
    im = _im(text.own)

    voice = [p for p in phones if not p.fax]
    fax = next((p for p in phones if p.fax), None)
    countries = tuple(dict.fromkeys(p.region for p in phones if p.region))
    parts = {
        "company": company is not None,
        "website": website is not None,
        "phone": bool(voice),
        "fax": fax is not None,
        "address": address is not None,
        "IM": bool(im),
    }
    given = [name for name, ok in parts.items() if ok]
    foreign = [p for p in phones if origin and p.region and p.region != origin]
    mismatch = bool(foreign)

    return {
        "contact.company": Finding(company, clip(company or "")),
        "contact.title": Finding(title, clip(title or "")),
        "contact.phones": Finding(
            tuple(dict.fromkeys(p.e164 for p in voice)), clip(", ".join(p.shown for p in voice))
        ),
        "contact.fax": Finding(fax.e164 if fax else None, clip(fax.shown) if fax else ""),
        "contact.address": Finding(address, clip(address or "")),
        "contact.im": Finding(im, clip("messenger: " + ", ".join(im)) if im else ""),
        "contact.website": Finding(website, website or ""),
        "contact.completeness": Finding(
            len(given), clip(f"{len(given)}/6: " + (", ".join(given) or "nothing"))
        ),
        "contact.phone_country": Finding(countries, ", ".join(countries)),
        "contact.phone_country_mismatch": Finding(
            mismatch,
            clip(f"phone {foreign[0].shown} ({foreign[0].region}), sent from {origin}")
            if mismatch
            else "",
        ),
    }


def _company(lines: list[str]) -> str | None:
    for line in lines:
        labelled = _COMPANY_LABEL.match(line)
        if labelled:
            return labelled.group(1).strip()
        match = _COMPANY.search(line) if _LEGAL_HINT.search(line) else None
        if match:
            return match.group(0).strip(" ,")
        zh = None if line.isascii() else _COMPANY_ZH.search(line)
        if zh and not _NOT_A_COMPANY_ZH.match(zh.group(1)):
            return zh.group(1)
    return None


def _title(lines: list[str]) -> str | None:
    for line in lines:
        labelled = _TITLE_LABEL.match(line)
        if labelled:
            return labelled.group(1).strip()
        if len(line) <= 60 and (_TITLE.search(line) or _TITLE_ZH.search(line)):
            return line.strip(" ,.|")
    return None


def _address(lines: list[str]) -> str | None:
    for line in lines:
        chinese = not line.isascii()
        if _ADDRESS_LABEL.match(line) or (chinese and _ADDRESS_ZH.search(line)):
            return line
        # The digit test first: it is far cheaper than the street-word scan.
        if _DIGIT.search(line) and _STREET.search(line):
            return line
        if chinese and len(_ADMIN_ZH.findall(line)) >= 3:
            return line
    return None


def _website(signature: str, skip: frozenset[str]) -> str | None:
    for host in website_hosts(signature):
        site = registered_domain(host)
        if site and is_company_site(site, skip):
            return site
    return None


def _im(text: str) -> tuple[str, ...]:
    found: list[str] = []
    if len(text) > _IM_CHARS:
        # A handle is offered near the top or in the signature, not in the middle of a long text.
        half = _IM_CHARS // 2
        text = f"{text[:half]}\n{text[-half:]}"
    low = text.lower()
    for name, triggers, pattern in _IM:
        # A substring test first: most mail names no messenger, and it is far cheaper than a scan.
        if not any(t in low for t in triggers):
            continue
        for match in pattern.finditer(text):
            after = text[match.end() : match.end() + 30]
            if name in ("line", "qq") or "/" in match.group(0) or _IM_OFFER.search(after):
                found.append(name)
                break
    return tuple(found)


def _phones(signature: str, region: str | None) -> list[_Phone]:
    phones: list[_Phone] = []
    if not signature.isascii():
        # Full-width digits, "＋" and "－" (Chinese and Japanese input methods) as ASCII.
        signature = unicodedata.normalize("NFKC", signature)
    if not _SIX_DIGITS.search(signature):
        return phones
    taken: list[tuple[int, int]] = []
    for match in _PHONE.finditer(signature):
        label = match.group("label")
        if len(label) == 1 and not _single_letter_label_ok(signature, match):
            continue
        taken.append(match.span("num"))
        parts = [_FAX_PART.fullmatch(part) is not None for part in _LABEL_SPLIT.split(label)]
        phone = _parse(match.group("num"), region, all(parts))
        if phone is None:
            continue
        phones.append(phone)
        if any(parts) and not all(parts):
            # "Tel/Fax: …": one number serves both.
            phones.append(_Phone(phone.e164, phone.region, True, phone.shown))
    for match in _PHONE_BARE.finditer(signature):
        if any(start <= match.start() < end for start, end in taken):
            continue
        phone = _parse(match.group(0), region, False)
        if phone is not None:
            phones.append(phone)
    return phones


def _single_letter_label_ok(text: str, match: re.Match[str]) -> bool:
    # "T: +86 …" / "M. 138…" at the start of a line or after a separator; never the "h" of "with".
    start = match.start("label")
    before = text[start - 1] if start else "\n"
    return before in "\n |•·,;" and bool(re.match(r"[A-Za-z]\s*[:：.]", text[start : start + 3]))


@lru_cache(maxsize=4096)
def _parse_cached(number: str, region: str | None) -> tuple[str, str] | None:
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return e164, phonenumbers.region_code_for_number(parsed) or ""


def _parse(raw: str, region: str | None, fax: bool) -> _Phone | None:
    shown = " ".join(raw.split())
    if "/" in shown:
        # "040/1234567" separates an area code; "87654321/87654322" offers a second number:
        # the whole when it is one valid number, else the first.
        whole = _parse(shown.replace("/", ""), region, fax)
        return whole if whole is not None else _parse(shown.split("/")[0].strip(), region, fax)
    number = re.sub(r"[–—]", "-", shown)
    # "(+86) 574 …", "(0086) 574 …": the country code in brackets.
    number = _BRACKETED_COUNTRY.sub(r"\1", number)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.startswith("+") and region is None:
        return None  # a national number is meaningless without knowing the country
    result = _parse_cached(number, None if number.startswith("+") else region)
    if result is None:
        return None
    return _Phone(result[0], result[1], fax, shown)


def _default_region(origin: str | None, sender_domain: str) -> str | None:
    # A national number ("0574-8688 1234") is read in the country the mail came from, else in
    # the country of the sender's ccTLD (.de → DE).
    if origin and len(origin) == 2:
        return origin.upper()
    tld = sender_domain.rsplit(".", 1)[-1] if "." in sender_domain else ""
    if len(tld) == 2 and tld.isalpha():
        return "GB" if tld == "uk" else tld.upper()
    return None


def _value(finding: Finding | None) -> object:
    return finding.value if finding is not None else None


def _str(finding: Finding | None) -> str | None:
    value = _value(finding)
    return value if isinstance(value, str) and value else None
