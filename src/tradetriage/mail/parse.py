"""Raw RFC 5322 bytes → ``ParsedMessage``, once, at sync or import time. Never raises.

Speed matters here: a morning sync parses thousands of messages, so this uses the standard
library's ``compat32`` parser (about twice as fast as ``policy=default``, which builds rich header
objects we do not need), decodes only the text parts, and estimates attachment sizes from their
encoded length instead of decoding them. Header decoding is our own (``headers.py``) because real
mail is full of RFC 2047 mistakes that the standard library either rejects or mangles.

Whatever goes wrong is recorded in ``parse_errors``; the caller stores the raw bytes regardless.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from email.message import Message

from tradetriage.mail.archive import MAX_ZIP_BYTES, is_zip, zip_members
from tradetriage.mail.headers import (
    decode_bytes,
    decode_header_text,
    parse_addresses,
    parse_date,
    parse_message_ids,
)
from tradetriage.mail.html import html_links, html_to_text_and_links
from tradetriage.mail.mime import MAX_DEPTH, Part, head_end, parse_tree, walk_defects
from tradetriage.mail.received import parse_received
from tradetriage.mail.records import Attachment, Link, ParsedMessage

# Headers kept verbatim for the signals that read them (origin, authentication, client).
KEPT_HEADERS = frozenset(
    {
        "authentication-results",
        "arc-authentication-results",
        "received-spf",
        "return-path",
        "dkim-signature",
        "x-originating-ip",
        "x-sender-ip",
        "x-source-ip",
        "x-client-ip",
        "x-forwarded-for",
        "x-yahoo-post-ip",
        "x-mailer",
        "user-agent",
        "x-authenticated-sender",
        "x-get-message-sender-via",
        "x-priority",
        "importance",
        "organization",
        "list-id",
    }
)
# Above this, body text is cut for the store and the search index (the raw message keeps it all).
MAX_BODY_CHARS = 256_000
_MAX_HEADER_CHARS = 4_000
_WS = re.compile(r"\s+")
_SURROGATES = re.compile("[\udc80-\udcff]")


def parse_message(raw: bytes) -> ParsedMessage:
    """Parse one message; problems go to ``parse_errors`` instead of raising."""
    sha = hashlib.sha256(raw).hexdigest()
    try:
        tree, _fast = parse_tree(raw)
        return _from_tree(tree, raw, sha)
    except Exception as exc:  # a parser bug on hostile input must not stop a sync
        error = f"parser failed: {type(exc).__name__}: {exc}"
        try:
            return _unparseable(raw, sha, error)
        except Exception:  # the same hostile header again: keep the bytes, nothing else
            return bare_message(raw, error)


def _from_tree(tree: Part, raw: bytes, sha: str) -> ParsedMessage:
    errors: list[str] = []
    if not raw.strip():
        errors.append("empty message")  # a file or upload cut short: `doctor` should list it
    header = _HeaderReader(tree.headers, errors)
    date_raw = header.first("date")
    date, offset = parse_date(date_raw)
    if date_raw is not None and date is None:
        errors.append(f"unparseable Date header: {date_raw[:80]!r}")
    body = _Body(errors)
    body.walk(tree, depth=0)
    body.finish()
    errors.extend(_DEFECT_NAMES.get(name, name) for name in walk_defects(tree))
    return ParsedMessage(
        message_id=_first(parse_message_ids(header.first("message-id"))),
        in_reply_to=_first(parse_message_ids(header.first("in-reply-to"))),
        references=tuple(parse_message_ids(" ".join(header.all("references")))),
        from_=parse_addresses(header.all("from")),
        to=parse_addresses(header.all("to")),
        cc=parse_addresses(header.all("cc")),
        reply_to=parse_addresses(header.all("reply-to")),
        subject=_WS.sub(" ", decode_header_text(header.first("subject") or "")).strip(),
        date=date,
        date_offset_minutes=offset,
        date_raw=date_raw,
        body_text=body.text(),
        attachments=tuple(body.attachments),
        received=tuple(
            parse_received(index, value) for index, value in enumerate(header.all("received"))
        ),
        links=tuple(body.links),
        extra_headers=header.kept(),
        size=len(raw),
        sha256=sha,
        parse_errors=tuple(dict.fromkeys(errors)),  # de-duplicated, in order
    )


class _HeaderReader:
    """Header values as text: unfolded, with raw 8-bit bytes decoded (UTF-8, else GB18030)."""

    def __init__(self, message: Message, errors: list[str]) -> None:
        self._items: list[tuple[str, str]] = []
        # raw_items: compat32's items() would wrap 8-bit values in Header objects.
        for name, value in message.raw_items():
            self._items.append((name.lower(), _header_value(value, errors)))

    def all(self, name: str) -> list[str]:
        return [v for n, v in self._items if n == name]

    def first(self, name: str) -> str | None:
        return next((v for n, v in self._items if n == name), None)

    def kept(self) -> dict[str, tuple[str, ...]]:
        kept: dict[str, list[str]] = {}
        for name, value in self._items:
            if name in KEPT_HEADERS:
                kept.setdefault(name, []).append(value[:_MAX_HEADER_CHARS])
        return {k: tuple(v) for k, v in kept.items()}


def _header_value(value: object, errors: list[str]) -> str:
    text = str(value)
    if not text.isascii() and _SURROGATES.search(text):
        # compat32 keeps undecodable 8-bit header bytes as surrogates: recover the bytes and
        # decode them the way mail clients do (most such headers are UTF-8 or GBK).
        data = text.encode("ascii", "surrogateescape")
        for charset in ("utf-8", "gb18030"):
            try:
                return _unfold(data.decode(charset))
            except UnicodeDecodeError:
                continue
        errors.append("8-bit header bytes in an unknown charset")
        return _unfold(data.decode("latin-1"))
    return _unfold(text)


def _unfold(text: str) -> str:
    return text.replace("\r\n", "").replace("\n", "").replace("\r", "").strip()


class _Body:
    """Collects the readable text, attachments and links of a MIME tree in one walk."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        self.plain: list[str] = []
        self.html: list[str] = []
        self.html_text: list[str] = []
        self.attachments: list[Attachment] = []
        self.links: list[Link] = []

    def walk(self, part: Part, depth: int) -> None:
        if depth > MAX_DEPTH:  # a hostile message can nest parts without end
            self.errors.append("MIME nesting deeper than 30 levels; the rest is not read")
            return
        ctype = part.content_type
        if ctype == "message/rfc822":
            self.attachments.append(Attachment("forwarded-message.eml", ctype, part.encoded_size()))
            return
        if part.children or part.headers.get_content_maintype() == "multipart":
            for child in part.children:
                self.walk(child, depth + 1)
            return
        filename = _filename(part.headers, self.errors)
        disposition = str(part.headers.get("content-disposition", "")).split(";")[0]
        attached = disposition.strip().lower() == "attachment" or bool(filename)
        if ctype in ("text/plain", "text/html") and not attached:
            self._text(part, ctype)
            return
        self.attachments.append(self._attachment(part, filename or "", ctype))

    def _attachment(self, part: Part, filename: str, ctype: str) -> Attachment:
        """An attachment, with the names inside it when it is a zip small enough to read."""
        size = part.encoded_size()
        if not is_zip(filename, ctype) or size > MAX_ZIP_BYTES:
            return Attachment(filename, ctype, size)
        members = zip_members(part.decoded())
        if members is None:
            self.errors.append(f"attachment {filename or ctype!r} is no readable zip archive")
            return Attachment(filename, ctype, size)
        return Attachment(filename, ctype, size, members)

    def _text(self, part: Part, ctype: str) -> None:
        text = decode_bytes(part.decoded(), part.headers.get_content_charset(), self.errors)
        if ctype == "text/plain":
            self.plain.append(text)
        else:
            self.html.append(text)

    def finish(self) -> None:
        """Text from HTML only for HTML-only mail; links from every HTML part."""
        for html in self.html:
            if self.plain:
                self.links.extend(html_links(html))
                continue
            plain, links = html_to_text_and_links(html)
            self.html_text.append(plain)
            self.links.extend(links)

    def text(self) -> str:
        # text/plain when the sender wrote one; the HTML's text only for HTML-only mail.
        parts = self.plain or self.html_text
        text = "\n".join(p.replace("\r\n", "\n") for p in parts)
        return text[:MAX_BODY_CHARS]


def _filename(part: Message, errors: list[str]) -> str | None:
    try:
        name = part.get_filename()
    except Exception:  # malformed RFC 2231 parameters
        return None
    if not name:
        return None
    if "\ufffd" in name:
        # Raw 8-bit bytes in the name (Outlook and Foxmail send "报价单.pdf" so): the parser
        # replaced them; read them from the header as written, as the Subject is read.
        raw = _raw_filename(part)
        if raw is not None:
            return _header_value(raw, errors)
    return decode_header_text(name)


_RAW_PARAM = {
    "content-disposition": re.compile(r'(?i)(?:^|;)\s*filename\s*=\s*"?([^";\r\n]+)'),
    "content-type": re.compile(r'(?i)(?:^|;)\s*name\s*=\s*"?([^";\r\n]+)'),
}


def _raw_filename(part: Message) -> str | None:
    """The file name parameter as the header holds it (undecodable bytes kept as surrogates)."""
    for key, value in part.raw_items():
        pattern = _RAW_PARAM.get(key.lower())
        match = pattern.search(value) if pattern else None
        if match and _SURROGATES.search(match.group(1)):
            return match.group(1)
    return None


_DEFECT_NAMES = {
    "StartBoundaryNotFoundDefect": "multipart boundary never found",
    "CloseBoundaryNotFoundDefect": "multipart end boundary missing",
    "FirstHeaderLineIsContinuationDefect": "first header line is a continuation",
    "MisplacedEnvelopeHeaderDefect": "misplaced envelope header",
    "MissingHeaderBodySeparatorDefect": "missing blank line between headers and body",
    "MultipartInvariantViolationDefect": "multipart type without parts",
    "NoBoundaryInMultipartDefect": "multipart without a boundary parameter",
    "InvalidBase64PaddingDefect": "invalid base64 padding",
    "InvalidBase64CharactersDefect": "invalid base64 characters",
    "InvalidBase64LengthDefect": "invalid base64 length",
    "InvalidMultipartContentTransferEncodingDefect": "invalid transfer encoding on multipart",
    "MultipartConversionError": "multipart conversion error",
}


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


_HEADER_LINE = re.compile(rb"^([!-9;-~]+):[ \t]*(.*)$")


def _unparseable(raw: bytes, sha: str, error: str) -> ParsedMessage:
    """What can be said of a message the parser choked on: its subject and sender, if any."""
    head = raw[: min(head_end(raw, 0, len(raw))[0], 64_000)]
    fields: dict[str, str] = {}
    for line in head.splitlines():
        match = _HEADER_LINE.match(line.rstrip(b"\r"))
        if match:
            name = match.group(1).decode("ascii", "replace").lower()
            fields.setdefault(name, match.group(2).decode("utf-8", "replace"))
    return replace(
        bare_message(raw, error, sha),
        message_id=_first(parse_message_ids(fields.get("message-id"))),
        from_=parse_addresses([fields["from"]]) if "from" in fields else (),
        subject=decode_header_text(fields.get("subject", "")),
        date_raw=fields.get("date"),
    )


def bare_message(raw: bytes, error: str, sha: str | None = None) -> ParsedMessage:
    """A message of which nothing could be read: its bytes are kept (the store archives them),
    with ``error`` among its parse problems."""
    return ParsedMessage(
        message_id=None,
        in_reply_to=None,
        references=(),
        from_=(),
        to=(),
        cc=(),
        reply_to=(),
        subject="",
        date=None,
        date_offset_minutes=None,
        date_raw=None,
        body_text="",
        attachments=(),
        received=(),
        links=(),
        size=len(raw),
        sha256=sha or hashlib.sha256(raw).hexdigest(),
        parse_errors=(error,),
    )
