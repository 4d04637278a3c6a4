"""One Received header → a structured ``Hop``.

Received syntax is only loosely standardised; each MTA writes its own dialect:

    Postfix:   from mail.x.de (mail.x.de [80.156.1.2]) by mx.y.cn (Postfix) with ESMTPS id …; date
    Sendmail:  from host (rdns [1.2.3.4] (may be forged)) by … with ESMTP id …; date
    Exim:      from [1.2.3.4] (helo=host) by … with esmtpsa (…) (Exim 4.96) id …; date
               from rdns ([1.2.3.4] helo=host) by …
    qmail:     from unknown (HELO host) (1.2.3.4) by … with SMTP; date
    Exchange:  from AM6PR.eurprd.outlook.com (2603:10a6:20b:1::12) by … with Microsoft SMTP Server
    Gmail:     from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by …

so this extracts what the origin walk needs (the connecting IP, the names, the receiving host,
the protocol, the time stamp) with tolerant patterns rather than a grammar.
"""

from __future__ import annotations

import ipaddress
import re

from tradetriage.mail.headers import parse_date
from tradetriage.mail.records import Hop

_BY = re.compile(r"\bby\s+([^\s;()\[\]]+)", re.IGNORECASE)
_WITH = re.compile(r"\bwith\s+([A-Za-z0-9_.-]+)", re.IGNORECASE)
_FROM = re.compile(r"^\s*from\s+([^\s;()]+)", re.IGNORECASE)
_BRACKETED = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)(?:%\w+)?\]")  # "%eth0": a link's zone
_COMMENT = re.compile(r"\(([^()]*)\)")
_PAREN_IP = re.compile(r"\(\s*(?:IPv6:)?([0-9A-Fa-f:.]{7,45})\s*\)")
_BARE_IPV4 = re.compile(r"(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])")
_RDNS = re.compile(r"\(\s*([A-Za-z0-9_.-]+?)\.?\s+(?:\(|\[)")
_HELO = re.compile(r"\b(?:helo|HELO|EHLO|ehlo)[= ]\s*\"?([^\s)\"]+)")
# The name or address literal the sender gave in HELO/EHLO, wherever the receiving server
# quotes it ("helo=[192.168.1.5]", "(HELO [192.168.1.5])", ZMailer's "EHLO x"): the sender's
# word, never the connecting IP.
_HELO_ARGUMENT = re.compile(r"\b(?:helo|ehlo)(?:=|\s+)\"?[^\s()\"]*\"?", re.IGNORECASE)


def parse_received(index: int, value: str) -> Hop:
    """Parse one unfolded Received header; ``index`` 0 is the newest (top) hop."""
    text = " ".join(value.split())
    head, _, stamp = text.rpartition(";")
    if not head:  # no time stamp at all
        head, stamp = text, ""
    # "by" and "with" are looked for outside comments: Postfix's "(using TLSv1.3 with cipher
    # …)" stands before the by clause, qmail writes "(qmail 1 invoked by uid 89)".
    bare = _blank_comments(head)
    by = _BY.search(bare)
    from_part = head[: by.start()] if by else head
    with_ = _WITH.search(bare, by.end() if by else 0)
    helo = _first_group(_FROM, from_part)
    return Hop(
        index=index,
        from_helo=_first_group(_HELO, from_part) or _bare_name(helo),
        from_rdns=_rdns(from_part),
        from_ip=connecting_ip(from_part),
        by=by.group(1) if by else None,
        protocol=with_.group(1).upper() if with_ else None,
        date=parse_date(stamp.strip())[0] if stamp.strip() else None,
        raw=text[:2000],
    )


def _blank_comments(text: str) -> str:
    """``text`` with each (nested) comment blanked to spaces, so that positions still match."""
    while "(" in text:
        blanked = _COMMENT.sub(lambda m: " " * len(m.group()), text)
        if blanked == text:  # an unclosed "(" is left as it is
            break
        text = blanked
    return text


def _first_group(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match.group(1) if match else None


def _bare_name(name: str | None) -> str | None:
    if name is None or name.startswith("["):
        return None
    return name.rstrip(".")


def _rdns(from_part: str) -> str | None:
    name = _first_group(_RDNS, from_part)
    if name and not _is_ip(name) and name.lower() not in ("unknown", "helo"):
        return name.rstrip(".").lower()
    return None


def connecting_ip(from_part: str) -> str | None:
    """The IP the receiving server saw. The HELO argument is the sender's word and is left out
    first. Then what the receiving server writes in parentheses comes first: in ``from
    [192.168.2.40] (rdns [78.186.1.1])`` the first bracket is only the sender's HELO, and so it
    is in Exchange's ``from [192.168.1.5] (41.58.77.9)``. So: a bracketed IP in a comment, a
    parenthesised bare IP (qmail, Exchange), any bracketed IP (Exim's ``from [1.2.3.4]
    (helo=x)``), and any dotted quad in the from clause."""
    from_part = without_helo(from_part)
    comments = " ".join(_COMMENT.findall(from_part))
    for pattern, text in (
        (_BRACKETED, comments),
        (_PAREN_IP, from_part),
        (_BRACKETED, from_part),
        (_BARE_IPV4, from_part),
    ):
        for candidate in pattern.findall(text):
            ip = _normalise_ip(candidate)
            if ip is not None:
                return ip
    return None


def without_helo(text: str) -> str:
    """Received text with the HELO/EHLO arguments the receiving server quoted left out."""
    return _HELO_ARGUMENT.sub(" ", text) if "elo" in text.lower() else text


def _normalise_ip(text: str) -> str | None:
    text = text.strip()
    if _is_plain_ipv4(text):  # nearly every hop; ipaddress costs ~10 µs a call
        return text
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)
    return str(address)


def _is_plain_ipv4(text: str) -> bool:
    """A dotted quad exactly as ``ipaddress`` accepts it: four decimal octets up to 255,
    without leading zeros."""
    octets = text.split(".")
    return len(octets) == 4 and all(
        o.isdigit() and o.isascii() and len(o) <= 3 and int(o) <= 255 and (o == "0" or o[0] != "0")
        for o in octets
    )


def _is_ip(text: str) -> bool:
    return _normalise_ip(text) is not None
