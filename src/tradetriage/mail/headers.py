"""Decoding what real mail puts in headers and text parts, forgivingly.

Real mail declares ``gb2312`` and sends GBK, declares ``big5`` and sends HKSCS, splits one
multi-byte character across two RFC 2047 encoded words, and forgets the space between encoded
words. Each declared charset is therefore read as its widest common superset, adjacent encoded
words of one charset are joined before decoding, and nothing here raises.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import getaddresses, parsedate_tz
from functools import lru_cache

from tradetriage.mail.records import Address

# Declared charset → the codec that decodes what senders really meant.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "big5": "big5hkscs",
    "x-big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
}


@lru_cache(maxsize=256)
def codec_for(charset: str | None) -> str | None:
    """The Python codec to decode text declared as ``charset``; None when unknown."""
    if not charset:
        return None
    # Seen in the wild: 'charset="iso-8859-1' (a doubled parameter name) and stray quotes.
    name = charset.rsplit("=", 1)[-1].strip().strip("\"'").lower()
    name = _SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the name
        return None
    # "hex", "base64", "zlib", "rot13" are codecs too, but not of text: a charset they are not.
    # "idna" and "undefined" are text codecs that fail on any mail text.
    if not getattr(info, "_is_text_encoding", True) or info.name in ("idna", "undefined"):
        return None
    return info.name


def decode_bytes(data: bytes, charset: str | None, errors: list[str] | None = None) -> str:
    """Text from bytes in a declared charset; unknown or wrong charsets fall back to UTF-8,
    then GB18030, then Latin-1 (which never fails), recording what happened."""
    codec = codec_for(charset)
    if codec is None and charset and errors is not None:
        errors.append(f"unknown charset {charset[:40]!r}")
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeError:
            if errors is not None:
                errors.append(f"text is not valid {charset}")
    for fallback in ("utf-8", "gb18030"):
        try:
            return data.decode(fallback)
        except UnicodeDecodeError:
            continue
    # Neither UTF-8 nor GB18030: most likely a Western 8-bit charset.
    # (A codec may still give a lone surrogate, UTF-7's "+2D0-": the store makes every text
    # valid UTF-8 on its way in, whatever path it came by.)
    try:
        return data.decode(codec or "cp1252", "replace")
    except UnicodeError:
        return data.decode("cp1252", "replace")


_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"^[ \t\r\n]*$")


def decode_header_text(value: str) -> str:
    """A header value with its RFC 2047 encoded words decoded (any charset, garbage tolerated)."""
    if "=?" not in value:
        return value
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent encoded words, not yet decoded
    position = 0
    for match in _ENCODED_WORD.finditer(value):
        gap = value[position : match.start()]
        if gap and not (pending and _BETWEEN_WORDS.match(gap)):
            out.append(_flush(pending))
            out.append(gap)
        charset = match.group(1).split("*", 1)[0]  # RFC 2231 language suffix
        pending.append((charset, _word_bytes(match.group(2), match.group(3))))
        position = match.end()
    out.append(_flush(pending))
    out.append(value[position:])
    return "".join(out)


def _word_bytes(encoding: str, text: str) -> bytes:
    if encoding in "bB":
        data = text.encode("ascii", "replace")
        data += b"=" * (-len(data) % 4)
        try:
            return base64.b64decode(data)
        except (binascii.Error, ValueError):
            return text.encode("ascii", "replace")
    return quopri.decodestring(text.replace("_", " ").encode("ascii", "replace"), header=True)


def _flush(pending: list[tuple[str, bytes]]) -> str:
    """Decode a run of encoded words, joining consecutive words of one charset first: senders
    split multi-byte characters across words."""
    text: list[str] = []
    while pending:
        charset, data = pending.pop(0)
        while pending and pending[0][0].lower() == charset.lower():
            data += pending.pop(0)[1]
        text.append(decode_bytes(data, charset))
    return "".join(text)


# One mailbox that getaddresses would read the same way: `addr`, `Name <addr>` or
# `"Name" <addr>`, with no comments, groups, escapes or second address (those go the slow way).
_ATOM = r"[^\s\"\\(),:;<>@\[\].]+"
_ADDR = rf"{_ATOM}(?:\.{_ATOM})*@{_ATOM}(?:\.{_ATOM})*"
_SIMPLE_MAILBOX = re.compile(
    rf'\s*(?:(?:"([^"\\]*)"|([^"\\(),:;<>@\[\]]*?))\s*<({_ADDR})>|({_ADDR}))\s*\Z'
)


def parse_addresses(values: list[str]) -> tuple[Address, ...]:
    """Mailboxes from address headers: decoded display names, lower-cased addresses."""
    if not values:
        return ()
    found: list[Address] = []
    simple = _SIMPLE_MAILBOX.match(values[0]) if len(values) == 1 else None
    if simple is not None:  # most From headers; getaddresses' tokenizer costs ~15 µs each
        quoted, phrase, bracketed, bare = simple.groups()
        name = quoted if quoted is not None else " ".join((phrase or "").split())
        pairs = [(name, bracketed or bare)]
    else:
        try:
            pairs = getaddresses(values)
        except Exception:  # getaddresses has raised on hostile input in past Python releases
            pairs = []
    for name, addr in pairs:
        addr = addr.strip().strip("<>").lower()
        name = decode_header_text(name).strip().strip('"').strip()
        if addr or name:
            found.append(Address(name, addr))
    return tuple(found)


_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# An id written without its angle brackets: local part @ domain, nothing else.
_BARE_MESSAGE_ID = re.compile(r"[^<>\s@]+@[^<>\s@]+")
# A bracketed id is "left@right", each side with a letter or digit; a few old mailers leave
# out the "@" of a long unique id. Anything else is a placeholder ("<@>", "<x@>", "<unknown>",
# "<(null)>", "<localhost>") that would make different messages duplicates.
# Tested by searching forwards, never by one pattern over the whole id: ".*\w.*@.*\w.*"
# backtracks once per character, and a hostile 100 KB Message-ID took seconds to read.
_WORD_CHAR = re.compile(r"\w")
_DIGIT = re.compile(r"\d")


def is_plausible_id(text: str) -> bool:
    """Whether a bracketed Message-ID (without its brackets) is an id, not a placeholder."""
    first = _WORD_CHAR.search(text)
    if first is not None:
        at = text.find("@", first.end())
        if at >= 0 and _WORD_CHAR.search(text, at + 1) is not None:
            return True
    return "@" not in text and len(text) >= 8 and _DIGIT.search(text) is not None


def parse_message_ids(value: str | None) -> list[str]:
    """The ids in a Message-ID, In-Reply-To or References header, without angle brackets."""
    if not value:
        return []
    ids = _MESSAGE_ID.findall(value)
    if ids:
        return [i for i in ids if is_plausible_id(i)]
    # Without brackets only something shaped like an id counts: junk such as "<>", "<@>",
    # "unknown" or "<a" would otherwise make different messages duplicates of each other on
    # import.
    bare = value.split()
    if bare and _BARE_MESSAGE_ID.fullmatch(bare[0]) and is_plausible_id(bare[0]):
        return [bare[0][:250]]
    return []


# The zone at a Date's end (before an optional comment): "-0000" is RFC 5322's "unknown";
# "+08:00" is not RFC syntax but some software writes it (parsedate_tz reads it as +0000);
# with no zone at all the offset is as unknown as with "-0000".
_NO_ZONE = re.compile(r"-0000\s*(?:\(.*\))?\s*$")
_COLON_ZONE = re.compile(r"\d\s*([+-])(\d\d):(\d\d)\s*(?:\(.*\))?\s*$")
_ANY_ZONE = re.compile(r"(?:[+-]\d\d:?\d\d|[A-Za-z]{1,5})\s*(?:\(.*\))?\s*$")
# "GMT+0800", "UTC+08:00", "UTC+8": Chinese mail software writes these, and parsedate_tz reads
# the "GMT" and drops the offset (+0000, or none at all), putting the send time 8 hours off.
_PREFIXED_ZONE = re.compile(
    r"\b(?:GMT|UTC?)\s*([+-])(\d{1,2})(?::?(\d\d))?(\s*(?:\(.*\))?\s*)$", re.IGNORECASE
)
# Every later step adds or subtracts hours or days (the store's UTC, the clerk's zone, the
# sender's zones, a reply's due time): a date this close to the calendar's ends overflows
# there, so it is treated as no usable date, like any other nonsense Date.
_EDGE = timedelta(days=3)
_EARLIEST = datetime.min.replace(tzinfo=UTC) + _EDGE
_LATEST = datetime.max.replace(tzinfo=UTC) - _EDGE


def parse_date(value: str | None) -> tuple[datetime | None, int | None]:
    """An aware datetime and the sender's UTC offset in minutes; (None, None) if unparseable.

    ``-0000`` (RFC 5322: "no information about the local time zone") and a Date without a
    zone give UTC with offset None.
    """
    if not value:
        return None, None
    prefixed = _PREFIXED_ZONE.search(value) if "+" in value or "-" in value else None
    if prefixed:
        sign, hours, minutes, rest = prefixed.groups()
        value = f"{value[: prefixed.start()]}{sign}{int(hours):02d}{minutes or '00'}{rest}"
    try:
        parts = parsedate_tz(value)
    except Exception:  # parsedate_tz raises on some garbage instead of returning None
        return None, None
    if parts is None:
        return None, None
    offset_seconds = parts[9]
    try:
        naive = datetime(*parts[:6])
    except (ValueError, OverflowError, TypeError):
        return None, None
    colon = _COLON_ZONE.search(value)
    if colon:
        sign, hours, minutes = colon.groups()
        offset_seconds = (-1 if sign == "-" else 1) * (int(hours) * 3600 + int(minutes) * 60)
    elif offset_seconds is None or _NO_ZONE.search(value) or not _ANY_ZONE.search(value):
        return usable_date(naive.replace(tzinfo=UTC)), None
    if abs(offset_seconds) >= 24 * 3600:
        return usable_date(naive.replace(tzinfo=UTC)), None
    when = usable_date(naive.replace(tzinfo=timezone(timedelta(seconds=offset_seconds))))
    return (when, offset_seconds // 60) if when is not None else (None, None)


def usable_date(when: datetime) -> datetime | None:
    """``when`` (aware), unless it lies within days of the calendar's ends, where adding the
    hours of a time zone overflows; then None."""
    try:
        utc = when.astimezone(UTC)  # the store keeps it in UTC
    except OverflowError:  # 31 Dec 9999 23:59 -1200 is past the last UTC datetime
        return None
    return when if _EARLIEST <= utc <= _LATEST else None
