"""Typed records a message is parsed into once, at sync or import time.

Everything downstream (store, signals, rules) reads these fields, never the raw bytes again.
Plain frozen dataclasses rather than pydantic models: tens of thousands are built per sync and
they need no validation, only a stable shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Address:
    """One mailbox from an address header: display name (decoded) and lower-cased address."""

    name: str
    addr: str


@dataclass(frozen=True, slots=True)
class Attachment:
    """A non-body MIME part: its file name, content type and decoded size in bytes (estimated
    from the transfer encoding, so that a 20 MB attachment is never decoded just to be counted).
    ``members``: for a zip archive, the names of the files inside it (see ``archive.py``)."""

    filename: str
    content_type: str
    size: int
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Hop:
    """One Received header, parsed. ``index`` 0 is the newest hop (top of the header block).

    ``from_helo`` is what the connecting host called itself, ``from_rdns`` the name the receiving
    server looked up, ``from_ip`` the connecting IP (IPv4 or IPv6, normalised), ``by`` the
    receiving host, ``protocol`` the ``with`` clause (ESMTP, ESMTPSA, LMTP, HTTP …), ``date`` the
    time stamp after the semicolon. ``raw`` is the unfolded header text for explanations.
    """

    index: int
    from_helo: str | None
    from_rdns: str | None
    from_ip: str | None
    by: str | None
    protocol: str | None
    date: datetime | None
    raw: str


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink from an HTML body: the text a reader sees and the URL it really goes to."""

    text: str
    href: str


@dataclass(frozen=True, slots=True)
class ParsedMessage:
    """Everything later stages need from one RFC 5322 message.

    ``date`` is timezone-aware (UTC offset from the Date header kept in ``date_offset_minutes``);
    both are ``None`` when the header is missing or unparseable. ``parse_errors`` lists what went
    wrong (defects, undecodable charsets …); a message with errors is still stored, raw intact.
    ``extra_headers`` keeps the few further headers signals read (Authentication-Results,
    X-Originating-IP …), lower-cased names mapped to all their values in order.
    """

    message_id: str | None
    in_reply_to: str | None
    references: tuple[str, ...]
    from_: tuple[Address, ...]
    to: tuple[Address, ...]
    cc: tuple[Address, ...]
    reply_to: tuple[Address, ...]
    subject: str
    date: datetime | None
    date_offset_minutes: int | None
    date_raw: str | None
    body_text: str
    attachments: tuple[Attachment, ...]
    received: tuple[Hop, ...]
    links: tuple[Link, ...]
    extra_headers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    size: int = 0
    sha256: str = ""
    parse_errors: tuple[str, ...] = ()
