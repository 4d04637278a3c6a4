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
_BRACKETED = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]")
_COMMENT = re.compile(r"\(([^()]*)\)")
_PAREN_IP = re.compile(r"\(\s*(?:IPv6:)?([0-9A-Fa-f:.]{7,45})\s*\)")
_BARE_IPV4 = re.compile(r"(?<![\d.])((?:\d{1,3}\.){3}\d{1,3})(?![\d.])")
_RDNS = re.compile(r"\(\s*([A-Za-z0-9_.-]+?)\.?\s+(?:\(|\[)")
_HELO = re.compile(r"\b(?:helo|HELO|EHLO|ehlo)[= ]\s*\"?([^\s)\"]+)")


def parse_received(index: int, value: str) -> Hop:
    """Parse one unfolded Received header; ``index`` 0 is the newest (top) hop."""
    text = " ".join(value.split())
    head, _, stamp = text.rpartition(";")
    if not head:  # no time stamp at all
        head, stamp = text, ""
    from_part = _from_clause(head)
    helo = _first_group(_FROM, from_part)
    return Hop(
        index=index,
        from_helo=_first_group(_HELO, from_part) or _bare_name(helo),
        from_rdns=_rdns(from_part),
        from_ip=_connecting_ip(from_part),
        by=_first_group(_BY, head),
        protocol=(_first_group(_WITH, head) or "").upper() or None,
        date=parse_date(stamp.strip())[0] if stamp.strip() else None,
        raw=text[:2000],
    )


def _from_clause(head: str) -> str:
    """The part before ``by``: where the connecting host is described."""
    match = _BY.search(head)
    return head[: match.start()] if match else head


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


def _connecting_ip(from_part: str) -> str | None:
    """The IP the receiving server saw. What the receiving server writes in parentheses
    comes first: in ``from [192.168.2.40] (rdns [78.186.1.1])`` the first bracket is only the
    sender's HELO. Then any bracketed IP (Exim's ``from [1.2.3.4] (helo=x)``), a parenthesised
    bare IP (qmail, Exchange), and any dotted quad in the from clause."""
    comments = " ".join(_COMMENT.findall(from_part))
    for pattern, text in (
        (_BRACKETED, comments),
        (_BRACKETED, from_part),
        (_PAREN_IP, from_part),
        (_BARE_IPV4, from_part),
    ):
        for candidate in pattern.findall(text):
            ip = _normalise_ip(candidate)
            if ip is not None:
                return ip
    return None


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
