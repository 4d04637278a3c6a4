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
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32

MAX_DEPTH = 30

# One header block: every line a "Name: value" line or a continuation of one.
_HEADER_BLOCK = re.compile(rb"(?:[!-9;-~]+:[^\n]*\n(?:[ \t][^\n]*\n)*)*\Z")


@dataclass
class Part:
    """One MIME part: its headers, and either its children (multipart) or its body bytes.

    ``body`` is None for parts built by the standard library: their payload is read from
    ``headers`` (which is then the full part).
    """

    headers: Message
    body: bytes | None = None
    children: list[Part] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get_content_type()

    @property
    def transfer_encoding(self) -> str:
        return str(self.headers.get("content-transfer-encoding", "")).strip().lower()

    def decoded(self) -> bytes:
        """The body with its transfer encoding undone."""
        if self.body is None:
            data = self.headers.get_payload(decode=True)
            return data if isinstance(data, bytes) else b""
        if self.transfer_encoding == "base64":
            return _base64(self.body)
        if self.transfer_encoding == "quoted-printable":
            return binascii.a2b_qp(self.body)
        return self.body

    def encoded_size(self) -> int:
        """The decoded size, estimated from the encoded body: 4 base64 characters carry 3
        bytes, line breaks nothing. Attachments are never decoded just to be measured."""
        if self.body is None:
            return _stdlib_size(self.headers)
        if self.transfer_encoding == "base64":
            body = self.body
            return (len(body) - body.count(b"\n") - body.count(b"\r")) * 3 // 4
        return len(self.body)


def parse_tree(raw: bytes) -> tuple[Part, bool]:
    """The message's MIME tree, and whether the fast path built it."""
    fast = _fast_part(raw, 0)
    if fast is not None:
        return fast, True
    return _stdlib_part(BytesParser(policy=compat32).parsebytes(raw)), False


def walk_defects(part: Part) -> list[str]:
    """Class names of every defect the standard library recorded in the tree."""
    found = [type(d).__name__ for d in getattr(part.headers, "defects", [])]
    if part.body is None and part.headers.is_multipart():
        # Standard-library parts: their sub-parts' defects live on their Message objects.
        for sub in part.headers.walk():
            if sub is not part.headers:
                found.extend(type(d).__name__ for d in getattr(sub, "defects", []))
        return found
    for child in part.children:
        found.extend(walk_defects(child))
    return found


def _fast_part(data: bytes, depth: int) -> Part | None:
    if depth > MAX_DEPTH:
        return None
    split = _split_head(data)
    if split is None:
        return None
    head, body = split
    headers = BytesHeaderParser(policy=compat32).parsebytes(head)
    if headers.defects:
        return None
    if headers.get_content_maintype() != "multipart":
        return Part(headers, body)
    boundary = headers.get_boundary()
    encoding = str(headers.get("content-transfer-encoding", "7bit")).strip().lower()
    if not boundary or encoding not in ("7bit", "8bit", "binary", ""):
        return None
    pieces = _split_multipart(body, boundary.encode("ascii", "surrogateescape"))
    if pieces is None:
        return None
    children = []
    for piece in pieces:
        child = _fast_part(piece, depth + 1)
        if child is None:
            return None
        children.append(child)
    return Part(headers, b"", children)


def _split_head(data: bytes) -> tuple[bytes, bytes] | None:
    """Header block (with its final newline) and body; None when the block is irregular."""
    if data.startswith((b"\n", b"\r\n")):  # no headers at all: a plain text part
        return b"", data[1:] if data.startswith(b"\n") else data[2:]
    crlf = data.find(b"\r\n\r\n")
    # Bounded by the CRLF end: unbounded, this scan ran through every CRLF body (all IMAP
    # mail) to its last byte looking for a bare-LF end that is not there.
    end = data.find(b"\n\n", 0, crlf if crlf != -1 else len(data))
    if crlf != -1 and (end == -1 or crlf < end):
        head, body = data[: crlf + 2], data[crlf + 4 :]
    elif end != -1:
        head, body = data[: end + 1], data[end + 2 :]
    else:
        head, body = data if data.endswith(b"\n") else data + b"\n", b""
    if not _HEADER_BLOCK.match(head.replace(b"\r\n", b"\n")):
        return None
    return head, body


def _split_multipart(body: bytes, boundary: bytes) -> list[bytes] | None:
    """The parts between boundary lines; None unless opening and closing delimiters exist."""
    delimiter = b"--" + boundary
    starts: list[tuple[int, int, bool]] = []  # (line start, line end, closing?)
    position = 0 if body.startswith(delimiter) else body.find(b"\n" + delimiter)
    while position != -1:
        line_start = position if position == 0 and body.startswith(delimiter) else position + 1
        after = line_start + len(delimiter)
        closing = body.startswith(b"--", after)
        rest = after + 2 if closing else after
        line_end = body.find(b"\n", rest)
        line_end = len(body) if line_end == -1 else line_end + 1
        # A longer boundary that merely starts with ours is not a delimiter.
        if body[rest:line_end].strip() == b"":
            starts.append((line_start, line_end, closing))
            if closing:
                break
        position = body.find(b"\n" + delimiter, after)
    if len(starts) < 2 or not starts[-1][2] or any(c for _, _, c in starts[:-1]):
        return None
    pieces = []
    for (_, end, _), (next_start, _, _) in itertools.pairwise(starts):
        piece = body[end:next_start]
        # The line break before a delimiter belongs to the delimiter (RFC 2046).
        if piece.endswith(b"\r\n"):
            piece = piece[:-2]
        elif piece.endswith(b"\n"):
            piece = piece[:-1]
        pieces.append(piece)
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
        return Part(message, None, [_stdlib_part(p) for p in payload if isinstance(p, Message)])
    return Part(message, None)


def _stdlib_size(part: Message) -> int:
    payload = part.get_payload()
    if isinstance(payload, list):  # message/rfc822 and friends: sum of the parts
        return sum(_stdlib_size(p) for p in payload if isinstance(p, Message))
    if not isinstance(payload, str):
        return 0
    encoding = str(part.get("content-transfer-encoding", "")).strip().lower()
    if encoding == "base64":
        return (len(payload) - payload.count("\n") - payload.count("\r")) * 3 // 4
    return len(payload)
