"""Building parsed messages for unit tests of signals and grading: every field has a neutral
default, so a test names only what it is about."""

from __future__ import annotations

from typing import Any

from tradetriage.mail.records import Address, ParsedMessage

_DEFAULTS: dict[str, Any] = {
    "message_id": None,
    "in_reply_to": None,
    "references": (),
    "from_": (Address("", "buyer@example.com"),),
    "to": (Address("Sales", "sales@everbright-valve.cn"),),
    "cc": (),
    "reply_to": (),
    "subject": "Inquiry",
    "date": None,
    "date_offset_minutes": None,
    "date_raw": None,
    "body_text": "",
    "attachments": (),
    "received": (),
    "links": (),
}


def message(**fields: Any) -> ParsedMessage:
    """A ParsedMessage with the given fields and neutral defaults for the rest."""
    return ParsedMessage(**{**_DEFAULTS, **fields})
