"""The sender's own words and the signature block: the text regions contact and request read.

A reply carries the thread below it; whatever we wrote there (our specs, our phone number) must
not be credited to the sender, so everything from the first quote marker on is cut. The signature
block is what follows the last sign-off line ("Best regards", "此致", "-- "), or, when there is
none, the last lines of the sender's own text. Both are cached: contact, request and domain read
the same body, and the key (the body string) caches its own hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from tradetriage.signals.base import ascii_host, in_domains

# Long bodies (newsletters, pasted documents) are cut: detail a buyer gives is near the top and
# the signature near the end of what they wrote, and regex cost grows with length.
MAX_OWN_CHARS = 20_000
# Of a longer own text only the start and the last lines are kept (see ``TextRegions``).
HEAD_CHARS = 4_000
TAIL_CHARS = 3_000
TAIL_LINES = 60
SIGNATURE_MAX_LINES = 20
FALLBACK_LINES = 15
# Chinese clients' "From:" line of a quoted mail (simplified, traditional, Taiwanese).
_CHINESE_FROM_LABEL = r"(?:发件人|發件人|寄件者)\s*[:：]"

# Lines after which everything is quoted material: Outlook's "-----Original Message-----" and
# "____" rule ("From: … Sent: …" is checked separately, it spans lines), Chinese clients'
# "发件人:", "-----原始邮件-----" and QQ's "------------------ 原始邮件 ---".
_QUOTE_CUT = re.compile(
    r"""^\s*(?:
        -{2,}\s*(?:original\s+message|原始邮件|forwarded\s+message|转发的邮件)\s*-{2,}
      | -{3,}\s*(?:original|ursprüngliche\s+nachricht|message\s+d'origine)
      | _{10,}\s*$
      | """
    + _CHINESE_FROM_LABEL
    + r"""
    )""",
    re.IGNORECASE | re.VERBOSE,
)
# The verb of a mail client's "… wrote:" line, in the languages Gmail, Apple Mail and
# Thunderbird write it: English, German, French, Spanish, Portuguese, Italian, Dutch, the
# Nordic languages, Polish, Czech, Turkish, Russian, Indonesian, Vietnamese, Chinese.
_WROTE = (
    r"(?:(?<!\w)(?:wrote|schrieb|a\s+écrit|escribió|escreveu|ha\s+scritto|schreef|skrev"
    r"|kirjoitti|napisał(?:\(a\)|a)?|napsal(?:\(a\)|a)?|yazdı|написал(?:\(а\)|а)?|menulis"
    r"|đã\s+viết)|写道|寫道)"
)
# "On … wrote:" (Gmail, Apple), "在 … 写道：" and "NAME 于 … 写道：" (Chinese Gmail), and the
# same in the languages above; Russian Gmail ends on the quoted author's address alone
# ("пн, 3 мар. 2025 г. в 10:00, Lily Chen <lily@…>:"). A line opening as clients open it
# ("On …", "Am …", "Le …", "El …", "Em …", "Il …", "Op …", "Den …", "在 …") will do; any other
# needs a time of day (10:00, klo 10.00, 10h00) or an address, which clients write and a
# buyer's own "As I wrote in my mail of 3 March:" lacks. Followed by ">" lines it only
# introduces an inline quote (the sender's answers sit between the quoted lines); otherwise
# (an HTML quote turned into text) everything after it is quoted.
_WROTE_LINE = _WROTE + r"(?:\s.{0,100})?\s*[:：]"
_ATTRIBUTION = re.compile(
    r"^\s*(?:(?:on|am|le|el|em|il|op|den)\s.{0,240}?" + _WROTE_LINE + r"|在\s?.{0,200}?写道\s*[:：]"
    r"|(?=.*(?:\d[:.h]\d\d|@))(?:\S.{0,240}?"
    + _WROTE_LINE
    + r"|\S.{0,200}<[^<>\s@]+@[^<>\s]+>\)?\s*[:：]))\s*$",
    re.IGNORECASE,
)
# The end of an attribution a client wrapped onto its own line.
_ATTRIBUTION_TAIL = re.compile(r"^\s*" + _WROTE + r"\s*[:：]\s*$", re.IGNORECASE)
# Outlook's quote block names the author, then the time sent, in the reader's language: English,
# German, French, Spanish and Portuguese, Italian, Dutch, the Nordic languages, Polish and
# Czech, Turkish, Russian, Vietnamese, Arabic, Japanese, Korean, Chinese.
_HEADER_FROM = re.compile(
    r"^\s*\**(?:from|von|de|van|da|fra|från|lähettäjä|od|kimden|от|từ|من|dari|daripada|差出人"
    r"|보낸\s?사람)\s*\**\s*[:：]",
    re.IGNORECASE,
)
_CHINESE_FROM = re.compile(r"^\s*" + _CHINESE_FROM_LABEL)
_HEADER_SENT = re.compile(
    r"^\s*\**(?:sent|date|gesendet|datum|envoyé|enviado(?:\s+el|\s+em)?|enviada\s+em|fecha"
    r"|data|inviato|verzonden|sendt|dato|skickat|lähetetty|wysłano|odesláno|gönderildi|tarih"
    r"|отправлено|дата|dikirim|terkirim|tanggal|đã\s+gửi|ngày|تاريخ\s+الإرسال|أرسلت|送信日時"
    r"|보낸\s?날짜|发送时间|时间|日期)\s*\**\s*[:：]",
    re.IGNORECASE,
)
# The subject line of such a block, in the same languages.
_HEADER_SUBJECT = re.compile(
    r"^\s*\**(?:subject|betreff|objet|asunto|assunto|oggetto|onderwerp|emne|ämne|aihe|temat"
    r"|předmět|konu|тема|perihal|subjek|chủ\s+đề|الموضوع|件名|제목|主题|主題)\s*\**\s*[:：]",
    re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^\s*>")
# Every line the patterns above can match holds one of these.
_MARKERS = (":", "：", ">", "--", "__________")

# A sign-off alone on its line; what follows it is the signature.
_SIGN_OFF = re.compile(
    r"""^\s*(?:
        (?:(?:thanks?|thank\s+you|many\s+thanks)\s*(?:and|&|,)?\s*)?
        (?:(?:best|kind|warm|warmest|kindest|with\s+best)\s+)?(?:regards?|wishes)
      | (?:yours\s+)?(?:sincerely|faithfully|truly)(?:\s+yours)?
      | (?:thanks?|thank\s+you|many\s+thanks|cheers|best|br|mfg
         |mit\s+freundlichen\s+grüßen|freundliche\s+grüße|cordialement|saludos|cordiali\s+saluti)
      | 此致|敬礼|此致敬礼|祝好|顺祝商祺|祝商祺|谢谢|顺颂商祺|商祺|祝工作顺利|致礼
      | --\s?
    )[\s,.!！，。~]*(?:/\s*\S.{0,40})?$""",
    re.IGNORECASE | re.VERBOSE,
)

# Websites: "www.…", "http(s)://…" anywhere, and a bare "example.com" only after a label.
# A link deep into a site (a patch archive, a document) is a reference, not the sender's
# website; a site is "www.…" or a URL with nothing after the host but "/".
# Both run over lower-cased text without IGNORECASE, which would turn off the regex engine's
# fast scan for the leading character.
# Host names may hold accented Latin letters (www.müller-armaturen.de); CJK ones are left out,
# for Chinese text runs on after a URL without a space ("www.acme.com，电话").
_HOST_CHARS = r"a-z0-9\u00df-\u00f6\u00f8-\u024f"
_URL = re.compile(
    rf"(?:https?://|(?<![a-z0-9])www\.)([{_HOST_CHARS}][{_HOST_CHARS}.-]{{1,200}})"
    r"(/[^\s<>\"')\]]*)?"
)
_LABELLED_SITE = re.compile(
    r"(?:web\s?site|web|homepage|home\s?page|url|site|网址|网站|公司网站|主页)\s*[:：]\s*"
    rf"(?:https?://)?([{_HOST_CHARS}][{_HOST_CHARS}.-]{{1,200}}\.[a-z]{{2,}})"
)
_URL_TRIGGERS = ("http", "www.")
_LABEL_TRIGGERS = ("web", "url", "site", "page", "网址", "网站", "主页")
# Sites that appear in signatures without being anyone's company site.
_PLATFORM_SITES = frozenset(
    {
        "facebook.com",
        "linkedin.com",
        "twitter.com",
        "x.com",
        "instagram.com",
        "youtube.com",
        "youtu.be",
        "whatsapp.com",
        "wa.me",
        "t.me",
        "telegram.me",
        "skype.com",
        "wechat.com",
        "weixin.qq.com",
        "google.com",
        "goo.gl",
        "bit.ly",
        "aka.ms",
        "microsoft.com",
        "office.com",
        "outlook.com",
        "live.com",
        "apple.com",
        "icloud.com",
        "gmail.com",
        "yahoo.com",
        "mailchimp.com",
        "list-manage.com",
        "w3.org",
        "alibaba.com",
        "made-in-china.com",
        "globalsources.com",
        "tiktok.com",
        "pinterest.com",
        "zoom.us",
        "github.com",
        "gitlab.com",
        "pastebin.com",
        "dropbox.com",
        "wetransfer.com",
        "sharepoint.com",
        "1drv.ms",
        "docusign.net",
        "adobe.com",
    }
)


@dataclass(frozen=True, slots=True)
class TextRegions:
    """The sender's own text (quotes cut) and the signature block taken from it.

    ``own`` is abridged when long: its first ``HEAD_CHARS`` and its last lines (up to
    ``TAIL_LINES``), so that every reader scans a few KB, never a pasted document."""

    own: str
    signature: str
    has_sign_off: bool
    # The line of the first quote header that names whose words are quoted, lower-cased: the
    # attribution ("on … lily chen <lily@…> wrote:"), or the "From:"/"发件人:" line of an
    # Outlook-style block. Empty without one.
    quote_header: str = ""


@lru_cache(maxsize=1024)
def regions(body: str, ours: frozenset[str] = frozenset()) -> TextRegions:
    """Split a body into the sender's own text and its signature block (cached per body).
    With ``ours``, our registered domains, a line naming an address of ours in brackets also
    heads a quote, in whatever language (not for our own mail, whose signature names us)."""
    text = body[:MAX_OWN_CHARS]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    own, quote_header = _without_quotes(text, ours)
    if len(own) > HEAD_CHARS + TAIL_CHARS:
        # Only the start (the request) and the end (the signature) are read: keep whole lines.
        head = own[: own.rfind("\n", 0, HEAD_CHARS) + 1 or HEAD_CHARS]
        tail = own[len(own) - TAIL_CHARS :]
        tail = tail[tail.find("\n") + 1 :]
        head_lines = _clean(head.split("\n"))
        kept = _clean(tail.split("\n")[-TAIL_LINES:])
        joined = "\n".join(head_lines + kept)
    else:
        kept = _clean(own.split("\n"))
        joined = "\n".join(kept)
    signature, signed = _signature(kept)
    return TextRegions(joined, signature, signed, quote_header)


def _clean(lines: list[str]) -> list[str]:
    kept = [line.rstrip() for line in lines]
    while kept and not kept[-1].strip():
        kept.pop()
    return kept


def _without_quotes(text: str, ours: frozenset[str]) -> tuple[str, str]:
    """The text up to the first quote header, without ``>`` lines and inline attributions;
    and the line of that header naming the quoted author, lower-cased ("" without one).

    Every quote marker holds ":", "：", ">", "--" or a rule of underscores, so only lines
    holding one are tested (found with ``str.find``, which runs at memory speed); plain prose
    lines are never looked at one by one."""
    drop: list[tuple[int, int]] = []
    header = ""
    for start in _candidate_lines(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if _QUOTED_LINE.match(line):
            drop.append((start, end + 1))
        elif _QUOTE_CUT.match(line) or _opens_header_block(line, text, end):
            return _join_kept(text[:start], drop), header or _author_line(line, text, end)
        else:
            start, line = _attribution(text, start, line)
            if not line:
                # A line that ends like an attribution and names our address heads our mail
                # quoted, in a language no pattern knows.
                line = text[start:end]
                if ours and _ends_in_colon(line) and _names_our_address(line, ours):
                    return _join_kept(text[:start], drop), header or line.lower()
                continue
            header = header or line.lower()
            following = [ln for ln in _next(text, end) if ln.strip()]
            if not any(_QUOTED_LINE.match(ln) for ln in following):
                return _join_kept(text[:start], drop), header
            drop.append((start, end + 1))
    return _join_kept(text, drop), header


_QUOTE_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_HEADER_MARKS = (":", "：", "--", "__")


# fraud and phishing both read a message's quote headers (``phrases.prepare``).
@lru_cache(maxsize=16)
def quote_headers(text: str) -> tuple[tuple[int, str], ...]:
    """Every quote header in ``text``, nested ones too (a colleague's forward quoting our
    mail), in order: the offset of its line and the line naming the quoted author,
    lower-cased ("" when it names none)."""
    found = []
    # Every header line holds one of these marks (not only a ">": a thread is mostly such lines).
    for start in _candidate_lines(text, _HEADER_MARKS):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = _QUOTE_PREFIX.sub("", text[start:end])
        if _QUOTE_CUT.match(line) or _opens_header_block(line, text, end, unquote=True):
            found.append((start, _author_line(line, text, end, unquote=True)))
        elif _ends_in_colon(line) and _ATTRIBUTION.match(line):
            found.append((start, line.lower()))
    return tuple(found)


def quote_header_lines(text: str, start: int, count: int) -> list[str]:
    """The lines of the quote header opening at offset ``start`` (as ``quote_headers`` gives
    it): that line and up to ``count`` after it, to the first blank one, ">" marks taken off."""
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    lines: list[str] = []
    for line in [text[start:end], *_next(text, end, count, unquote=True)]:
        line = _QUOTE_PREFIX.sub("", line)
        if not line.strip() and lines:
            break
        lines.append(line)
    return lines


def _names_author(line: str) -> bool:
    return bool(_HEADER_FROM.match(line) or _CHINESE_FROM.match(line))


def quoted_ours(sender: str, our_domains: frozenset[str]) -> frozenset[str]:
    """What ``regions`` takes as ``ours`` for mail From ``sender`` (an address or a host):
    our domains, but none for our own mail (its signature names our address and site)."""
    host = sender.rpartition("@")[2].lower()
    return frozenset() if in_domains(host, our_domains) else our_domains


# An address in angle or square brackets, or after "mailto:": how mail clients' quote headers
# name the quoted author ("Lily Chen <lily@…>", "[mailto:lily@…]"), and people rarely type.
_BRACKETED_ADDRESS = re.compile(r"(?:[<\[(]|mailto:)[ \t]*[\w.+-]+@([a-z0-9.-]+)", re.IGNORECASE)


def _names_our_address(line: str, ours: frozenset[str]) -> bool:
    return "@" in line and any(
        in_domains(match.group(1).lower().rstrip("."), ours)
        for match in _BRACKETED_ADDRESS.finditer(line)
    )


def _opens_header_block(line: str, text: str, end: int, *, unquote: bool = False) -> bool:
    """Whether ``line`` (ending at ``end`` in ``text``) opens an Outlook-style block of a quoted
    mail's headers: "From:" with a time sent on one of the next three lines, and an address or,
    further on, a subject. A buyer's own "From: Ningbo / To: Hamburg / Date: April" has
    neither. ``unquote``: the lines may carry ">" marks."""
    if not _HEADER_FROM.match(line):
        return False
    following = _next(text, end, 5, unquote=unquote)
    if not any(_HEADER_SENT.match(ln) for ln in following[:3]):
        return False
    return "@" in line or any(_HEADER_SUBJECT.match(ln) for ln in following)


def _attribution(text: str, start: int, line: str) -> tuple[int, str]:
    """(start, text) of the attribution line at ``start``: the line itself, or with the line
    before it when the client wrapped it before "wrote:" ("On … Lily Chen <lily@…>" / "wrote:");
    (start, "") when it is none."""
    if not _ends_in_colon(line):
        return start, ""  # the attribution patterns are tried on a few lines only
    if _ATTRIBUTION.match(line):
        return start, line
    if start and _ATTRIBUTION_TAIL.match(line):
        before = text.rfind("\n", 0, start - 1) + 1
        joined = f"{text[before : start - 1].rstrip()} {line.strip()}"
        if _ATTRIBUTION.match(joined):
            return before, joined
    return start, ""


def _ends_in_colon(line: str) -> bool:
    # Every attribution ends so ("… wrote:", "…写道："); most lines with a ":" do not.
    return line.rstrip().endswith((":", "："))


def _author_line(line: str, text: str, end: int, *, unquote: bool = False) -> str:
    """Of a quote block opening at ``line``, the line that names its author: the line itself
    ("From: …", "发件人：…") or the first such line of the three after it (without ">" marks:
    ``unquote``), lower-cased; "" when none does."""
    for candidate in [line, *_next(text, end, unquote=unquote)]:
        if _names_author(candidate):
            return candidate.lower()
    return ""


def _candidate_lines(text: str, markers: tuple[str, ...] = _MARKERS) -> list[int]:
    """Start offsets of the lines holding a quote marker (one of ``markers``), in order."""
    starts: set[int] = set()
    for marker in markers:
        pos = text.find(marker)
        while pos >= 0:
            start = text.rfind("\n", 0, pos) + 1
            starts.add(start)
            end = text.find("\n", pos)
            if end < 0:
                break
            pos = text.find(marker, end + 1)
    return sorted(starts)


def _next(text: str, end: int, count: int = 3, *, unquote: bool = False) -> list[str]:
    """The ``count`` lines after the line ending at ``end`` (without ">" marks: ``unquote``)."""
    lines: list[str] = []
    while len(lines) < count and end < len(text):
        start = end + 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        lines.append(_QUOTE_PREFIX.sub("", line) if unquote else line)
    return lines


def _join_kept(text: str, drop: list[tuple[int, int]]) -> str:
    if not drop:
        return text
    pieces: list[str] = []
    at = 0
    for start, end in drop:
        if start >= len(text):
            break
        pieces.append(text[at:start])
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


def _signature(lines: list[str]) -> tuple[str, bool]:
    # The last sign-off wins: "Thanks" may open a sentence earlier, but only a line that is
    # nothing but a sign-off starts the signature.
    start = None
    for i in range(len(lines) - 1, max(-1, len(lines) - 60), -1):
        if len(lines[i]) <= 60 and _SIGN_OFF.match(lines[i]):
            start = i + 1
            break
    if start is not None:
        block = [ln for ln in lines[start:] if ln.strip()][:SIGNATURE_MAX_LINES]
        if block:
            return "\n".join(block), True
    tail = [ln for ln in lines if ln.strip()][-FALLBACK_LINES:]
    return "\n".join(tail), False


@lru_cache(maxsize=1024)
def website_hosts(text: str) -> tuple[str, ...]:
    """Host names of websites written in ``text`` (``www.``/``http`` or labelled "Website:"),
    lower-cased, in order of appearance, without duplicates."""
    hosts: list[str] = []
    low = text.lower()
    for pattern, triggers in ((_URL, _URL_TRIGGERS), (_LABELLED_SITE, _LABEL_TRIGGERS)):
        # Substring tests first: most text has neither, and they cost far less than a scan.
        if not any(t in low for t in triggers):
            continue
        matches = _url_matches(low) if pattern is _URL else pattern.finditer(low)
        for match in matches:
            host = match.group(1).rstrip(".-")
            if pattern is _URL:
                written_www = match.group(0).startswith("www.")
                path = (match.group(2) or "/").rstrip(".,;")
                if not (written_www or host.startswith("www.")) and path != "/":
                    continue
                if written_www:
                    host = "www." + host
            host = ascii_host(host)
            if "." in host and host not in hosts:
                hosts.append(host)
    return tuple(hosts)


def _url_matches(low: str) -> Iterator[re.Match[str]]:
    """What ``_URL.finditer(low)`` finds, tried only where "http" or "www." starts: the
    pattern opens with an alternation the regex engine cannot skip ahead for, so a scan tries
    every position of a long text."""
    starts = sorted(_occurrences(low, "http") + _occurrences(low, "www."))
    end = 0
    for start in starts:
        if start < end:
            continue
        match = _URL.match(low, start)
        if match is not None:
            yield match
            end = match.end()


def _occurrences(text: str, needle: str) -> list[int]:
    found: list[int] = []
    pos = text.find(needle)
    while pos >= 0:
        found.append(pos)
        pos = text.find(needle, pos + 1)
    return found


_LETTER_WORD = re.compile(r"[a-z]+")


@lru_cache(maxsize=1024)
def letter_words(text: str) -> frozenset[str]:
    """The lower-cased ASCII letter runs of ``text``: a cheap index to test for trigger words
    before running a costly regex over the text."""
    return frozenset(_LETTER_WORD.findall(text.lower()))


def is_platform_site(registered: str) -> bool:
    """True for social networks, link shorteners and mail providers: not a company's own site."""
    return registered in _PLATFORM_SITES
