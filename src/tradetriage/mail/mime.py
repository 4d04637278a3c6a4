"""The MIME tree of a message, built fast for well-formed mail and by the standard library for
everything else.

The standard library's feed parser reads a message line by line in Python: on a 30 KB message
with a base64 attachment that is ~700 lines and most of the cost of a sync. Well-formed mail,
which is nearly all mail, does not need it: a part's headers end at the first blank line and
multipart bodies split at their boundary lines, both found with ``bytes.find`` in C. Only the
small header blocks go through the standard library. At the first sign of anything irregular
(a header block with a non-header line, a missing boundary, a missing closing delimiter) the
whole message is handed to the standard library parser instead, so malformed mail is treated
exactly as before, with its defects recorded.
"""

from __future__ import annotations

import binascii
import itertools
import re
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

MAX_DEPTH = 30

# One header block: every line a "Name: value" line or a continuation of one.
_HEADER_BLOCK = re.compile(rb"(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*\Z")


@dataclass
class Part:
    """One MIME part: its headers, and either its children (multipart) or its body.

    A fast-path part does not hold a copy of its body but where it lies in the message's bytes
    (``source[start:end]``): slicing a 20 MB attachment once per nesting level tripled a large
    message in memory. ``source`` is None for parts built by the standard library: their
    payload is read from ``headers`` (which is then the full part).
    """

    headers: Message
    children: list[Part] = field(default_factory=list)
    source: bytes | None = None
    start: int = 0
    end: int = 0

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    @property
    def transfer_encoding(self) -> str:
        return str(self.headers.get("content-transfer-encoding", "")).strip().lower()

    def decoded(self) -> bytes:
        """The body with its transfer encoding undone."""
        if self.source is None:
            data = self.headers.get_payload(decode=True)
            return data if isinstance(data, bytes) else b""
        body = self.source[self.start : self.end]
        if self.transfer_encoding == "base64":
            return _base64(body)
        if self.transfer_encoding == "quoted-printable":
            return binascii.a2b_qp(body)
        return body

    def encoded_size(self) -> int:
        """The decoded size, estimated from the encoded body: 4 base64 characters carry 3
        bytes, line breaks nothing. Attachments are never decoded just to be measured."""
        if self.source is None:
            return _stdlib_size(self.headers)
        length = self.end - self.start
        if self.transfer_encoding == "base64":
            breaks = self.source.count(b"\n", self.start, self.end)
            returns = self.source.count(b"\r", self.start, self.end)
            tail = self.source[max(self.start, self.end - 8) : self.end]
            return _base64_size(length - breaks - returns, tail)
        return length


def parse_tree(raw: bytes) -> tuple[Part, bool]:
    """The message's MIME tree, and whether the fast path built it."""
    fast = _fast_part(raw, 0, len(raw), 0)
    if fast is not None:
        return fast, True
    return _stdlib_part(BytesParser(policy=compat32).parsebytes(raw)), False


def walk_defects(part: Part) -> list[str]:
    """Class names of every defect the standard library recorded in the tree."""
    # Standard-library parts have their sub-messages as children too (``_stdlib_part``).
    found = [type(d).__name__ for d in getattr(part.headers, "defects", [])]
    for child in part.children:
        found.extend(walk_defects(child))
    return found


def _fast_part(raw: bytes, start: int, end: int, depth: int) -> Part | None:
    """The part in ``raw[start:end]``, or None when anything in it is irregular."""
    if depth > MAX_DEPTH:
        return None
    split = _split_head(raw, start, end)
    if split is None:
        return None
    head, body_start = split
    headers = _header_message(head)
    if headers.get_content_maintype() != "multipart":
        return Part(headers, source=raw, start=body_start, end=end)
    boundary = headers.get_boundary()
    encoding = str(headers.get("content-transfer-encoding", "7bit")).strip().lower()
    if not boundary or encoding not in ("7bit", "8bit", "binary", ""):
        return None
    pieces = _split_multipart(raw, body_start, end, boundary.encode("ascii", "surrogateescape"))
    if pieces is None:
        return None
    children = []
    for piece_start, piece_end in pieces:
        child = _fast_part(raw, piece_start, piece_end, depth + 1)
        if child is None:
            return None
        children.append(child)
    return Part(headers, children, source=raw, start=end, end=end)


def head_end(raw: bytes, start: int, end: int) -> tuple[int, int]:
    """Where the header block of ``raw[start:end]`` stops (just after its last newline) and
    where the body starts: at the first blank line, CRLF or bare LF; (end, end) without one."""
    if raw.startswith(b"\n", start, end):  # no headers at all
        return start, start + 1
    if raw.startswith(b"\r\n", start, end):
        return start, start + 2
    crlf = raw.find(b"\r\n\r\n", start, end)
    # Bounded by the CRLF end: unbounded, this scan ran through every CRLF body (all IMAP
    # mail) to its last byte looking for a bare-LF end that is not there.
    lf = raw.find(b"\n\n", start, crlf if crlf != -1 else end)
    if crlf != -1 and (lf == -1 or crlf < lf):
        return crlf + 2, crlf + 4
    if lf != -1:
        return lf + 1, lf + 2
    return end, end


def _header_message(head: bytes) -> Message:
    """The headers of a regular block (``_split_head`` checked it) as the standard library's
    ``BytesHeaderParser`` (compat32) would build them, without its line-by-line feed parser,
    which cost a third of parsing a message."""
    text = head.decode("ascii", "surrogateescape")
    message = Message(policy=compat32)
    lines: list[str] = []
    for line in text.split("\n")[:-1]:  # the block ends with a newline
        if lines and line[:1] in (" ", "\t"):
            lines.append(line + "\n")
            continue
        if lines:
            message.set_raw(*_name_value(lines))
        lines = [line + "\n"]
    if lines:
        message.set_raw(*_name_value(lines))
    return message


def _name_value(lines: list[str]) -> tuple[str, str]:
    # compat32's header_source_parse, on the lines of one header.
    name, value = lines[0].split(":", 1)
    value = value.lstrip(" \t") + "".join(lines[1:])
    return name, value.rstrip("\r\n")


def _split_head(raw: bytes, start: int, end: int) -> tuple[bytes, int] | None:
    """The header block of ``raw[start:end]`` (with its final newline) and where the body
    starts; None when the block is irregular: not header lines, or a lone CR, where the
    standard library's parser would split the line (the message then goes to it whole)."""
    stop, body_start = head_end(raw, start, end)
    if stop == start and body_start > start:  # no headers at all: a plain text part
        return b"", body_start
    head = raw[start:stop]
    if not head.endswith(b"\n"):  # no blank line: everything is header
        head += b"\n"
    lines = head.replace(b"\r\n", b"\n")
    if b"\r" in lines or not _HEADER_BLOCK.match(lines):
        return None
    return head, body_start


def _split_multipart(
    raw: bytes, start: int, end: int, boundary: bytes
) -> list[tuple[int, int]] | None:
    """Where the parts of the multipart body ``raw[start:end]`` lie, between its boundary
    lines; None unless opening and closing delimiters exist."""
    delimiter = b"--" + boundary
    found: list[tuple[int, int, bool]] = []  # (line start, line end, closing?)
    at_start = raw.startswith(delimiter, start, end)
    position = start if at_start else raw.find(b"\n" + delimiter, start, end)
    while position != -1:
        line_start = position if position == start and at_start else position + 1
        after = line_start + len(delimiter)
        closing = raw.startswith(b"--", after, end)
        rest = after + 2 if closing else after
        line_end = raw.find(b"\n", rest, end)
        line_end = end if line_end == -1 else line_end + 1
        # A longer boundary that merely starts with ours is not a delimiter.
        if raw[rest:line_end].strip() == b"":
            found.append((line_start, line_end, closing))
            if closing:
                break
        position = raw.find(b"\n" + delimiter, after, end)
    if len(found) < 2 or not found[-1][2] or any(c for _, _, c in found[:-1]):
        return None
    pieces = []
    for (_, piece_start, _), (piece_end, _, _) in itertools.pairwise(found):
        # The line break before a delimiter belongs to the delimiter (RFC 2046).
        if piece_end - piece_start >= 2 and raw.startswith(b"\r\n", piece_end - 2, piece_end):
            piece_end -= 2
        elif piece_end > piece_start and raw.startswith(b"\n", piece_end - 1, piece_end):
            piece_end -= 1
        pieces.append((piece_start, piece_end))
    return pieces


def _base64(body: bytes) -> bytes:
    try:
        return binascii.a2b_base64(body)
    except binascii.Error:
        # Bad padding: decode what is whole, as mail clients do.
        cleaned = re.sub(rb"[^A-Za-z0-9+/]", b"", body)
        cleaned = cleaned[: len(cleaned) - len(cleaned) % 4]
        try:
            return binascii.a2b_base64(cleaned)
        except binascii.Error:
            return b""


def _stdlib_part(message: Message) -> Part:
    payload = message.get_payload()
    if message.is_multipart() and isinstance(payload, list):
        return Part(message, [_stdlib_part(p) for p in payload if isinstance(p, Message)])
    return Part(message)


def _stdlib_size(part: Message) -> int:
    payload = part.get_payload()
    if isinstance(payload, list):  # message/rfc822 and friends: sum of the parts
        return sum(_stdlib_size(p) for p in payload if isinstance(p, Message))
    if not isinstance(payload, str):
        return 0
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if encoding == "base64":
        characters = len(payload) - payload.count("\n") - payload.count("\r")
        return _base64_size(characters, payload[-8:].encode("ascii", "replace"))
    return len(payload)


def _base64_size(characters: int, tail: bytes) -> int:
    """Bytes that ``characters`` base64 characters (line breaks not counted) decode to; the
    ``=`` padding at the end carries none."""
    stripped = tail.rstrip()
    padding = len(stripped) - len(stripped.rstrip(b"="))
    return max(0, characters * 3 // 4 - padding)
