"""Reading parsed messages back out of the store: the inverse of ``db.message_row``.

Grading reads these fields, never the raw bytes: rebuilding a ``ParsedMessage`` from its row
costs a few JSON decodes, re-parsing the MIME would cost a hundred times more.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from tradetriage.mail.headers import usable_date
from tradetriage.mail.records import Address, Attachment, Hop, Link, ParsedMessage
from tradetriage.store.queries import MAX_PARAMS, chunked

# The columns ``row_to_message`` needs, in its order. ``id`` first so callers can key results.
COLUMNS = (
    "id",
    "sha256",
    "message_id",
    "in_reply_to",
    "refs",
    "from_name",
    "from_addr",
    "to_json",
    "cc_json",
    "reply_to_json",
    "subject",
    "date_utc",
    "date_offset_min",
    "date_raw",
    "body_text",
    "attachments_json",
    "received_json",
    "links_json",
    "headers_json",
    "size",
    "parse_errors",
)
SELECT = f"SELECT {', '.join(COLUMNS)} FROM messages"

Row = tuple[object, ...]

# Most messages have no Cc, Reply-To, attachments, links or References: those columns hold "[]",
# not worth a JSON decode each (a tenth of this module's time per message).
_EMPTY_LIST = "[]"


def _addresses(text: object) -> tuple[Address, ...]:
    return tuple(Address(a.get("name") or "", a.get("addr") or "") for a in _json_list(text))


def _date(utc: object, offset: object) -> datetime | None:
    if not utc:
        return None
    when = datetime.fromisoformat(str(utc))
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    # A row stored before the parser refused dates at the calendar's end: the sender's offset
    # would overflow it.
    if usable_date(when) is None:
        return None
    if isinstance(offset, int):
        # Back in the sender's own offset, as the parser gave it: sendtime reads local hours.
        return when.astimezone(timezone(timedelta(minutes=offset)))
    return when


def _hop(data: dict[str, Any]) -> Hop:
    # Direct indexing, no per-field conversions: every row was written by ``message_row`` with
    # all the keys, and this runs for every hop of every message graded (~8 per message).
    date = data["date"]
    return Hop(
        data["index"],
        data["from_helo"],
        data["from_rdns"],
        data["from_ip"],
        data["by"],
        data["protocol"],
        datetime.fromisoformat(date) if date else None,
        data["raw"],
    )


def _opt(value: object) -> str | None:
    return None if value is None else str(value)


def _json_list(text: object) -> list[Any]:
    return json.loads(str(text)) if text and text != _EMPTY_LIST else []


def row_to_message(row: Row) -> ParsedMessage:
    """A ``ParsedMessage`` from a row selected with ``SELECT`` (``COLUMNS`` order). Only the
    first From address is stored, so ``from_`` has at most one entry."""
    (
        _id, sha256, message_id, in_reply_to, refs, from_name, from_addr, to_json, cc_json,
        reply_to_json, subject, date_utc, date_offset, date_raw, body_text, attachments_json,
        received_json, links_json, headers_json, size, parse_errors,
    ) = row  # fmt: skip
    sender = (Address(str(from_name or ""), str(from_addr)),) if from_addr else ()
    headers = json.loads(str(headers_json)) if headers_json else {}
    return ParsedMessage(
        message_id=_opt(message_id),
        in_reply_to=_opt(in_reply_to),
        references=tuple(_json_list(refs)),
        from_=sender,
        to=_addresses(to_json),
        cc=_addresses(cc_json),
        reply_to=_addresses(reply_to_json),
        subject=str(subject or ""),
        date=_date(date_utc, date_offset),
        date_offset_minutes=date_offset if isinstance(date_offset, int) else None,
        date_raw=_opt(date_raw),
        body_text=str(body_text or ""),
        attachments=tuple(
            Attachment(
                str(a["filename"]),
                str(a["content_type"]),
                int(str(a["size"])),
                tuple(a.get("members") or ()),  # absent in mail stored before zips were read
            )
            for a in _json_list(attachments_json)
        ),
        received=tuple(_hop(h) for h in _json_list(received_json)),
        links=tuple(Link(str(k["text"]), str(k["href"])) for k in _json_list(links_json)),
        extra_headers={k: tuple(v) for k, v in headers.items()},
        size=int(str(size or 0)),
        sha256=str(sha256),
        parse_errors=tuple(json.loads(str(parse_errors))) if parse_errors else (),
    )


def read_messages(conn: sqlite3.Connection, ids: Iterable[int]) -> Iterator[tuple[int, Row]]:
    """The rows of the given message ids (in chunks that fit SQLite's parameter limit)."""
    for chunk in chunked(list(ids), MAX_PARAMS):
        marks = ", ".join("?" * len(chunk))
        for row in conn.execute(f"{SELECT} WHERE id IN ({marks})", chunk):
            yield int(row[0]), row


def load_message(conn: sqlite3.Connection, message_id: int) -> ParsedMessage | None:
    """One stored message, parsed fields only; None when there is no such id."""
    row = conn.execute(f"{SELECT} WHERE id = ?", (message_id,)).fetchone()
    return row_to_message(row) if row is not None else None
