"""Building parsed messages for unit tests of signals and grading: every field has a neutral
default, so a test names only what it is about."""

from __future__ import annotations

import base64
import os
from functools import lru_cache
from typing import Any

from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.rules import CompiledRules, compile_rules, evaluate, load_rules
from tradetriage.rules.engine import Hit, Scores, score
from tradetriage.signals import analyze_message
from tradetriage.signals.base import CatalogueItem, Context

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


# Words of one phishing campaign and of genuine trade mail, for the learned-mail tests: each
# test mail draws its own mix, so no two are alike.
PHISHING_WORDS = (
    "account", "verify", "suspended", "login", "password", "confirm", "billing", "update",
    "security", "limited", "access", "identity", "unusual", "activity", "restore",
)  # fmt: skip
TRADE_WORDS = (
    "valve", "quotation", "drawings", "flange", "pressure", "stainless", "delivery", "shipment",
    "port", "sample", "tolerance", "material", "certificate", "packing",
)  # fmt: skip


# The demo company's catalogue as the signal tests use it (the first two: a shorter one).
CATALOGUE = (
    CatalogueItem(
        "Stainless steel ball valve",
        ("EB-BV316-DN15", "EB-BV316-DN25", "EB-BV316-DN50", "EB-BV304-DN80"),
        ("ball valve", "球阀"),
    ),
    CatalogueItem("Gate valve", ("EB-GV-PN16", "EB-GV-PN25"), ("gate valve", "闸阀")),
    CatalogueItem("Swing check valve", ("EB-CV200",), ("check valve", "止回阀")),
    CatalogueItem("Butterfly valve", ("EB-BF150", "EB-BF200"), ("butterfly valve", "蝶阀")),
    CatalogueItem("Y-strainer", ("EB-YS25",), ("Y strainer", "Y型过滤器")),
)


def big_message(size: int, number: int = 0) -> bytes:
    """A message with one ``size``-byte PDF attachment of random bytes (base64, so it neither
    compresses nor decodes to anything smaller): for the large-mail tests and memory_bench."""
    payload = base64.encodebytes(os.urandom(size))
    return (
        b"From: Hans Becker <hans@becker-armaturen.de>\r\n"
        b"To: sales@everbright-valve.cn\r\n"
        b"Subject: Drawings for EB-BV304-DN80 (%d)\r\n"
        b"Message-ID: <big-drawing-%d@becker-armaturen.de>\r\n"
        b"MIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n"
        b"Please see the attached drawings of the DN80 ball valve.\r\n"
        b"--b1\r\nContent-Type: application/pdf; name=drawings.pdf\r\n"
        b"Content-Disposition: attachment; filename=drawings.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n"
        % (number, number)
        + payload.replace(b"\n", b"\r\n")
        + b"--b1--\r\n"
    )


# Authentication-Results our MX writes for a known customer's mail that passed every check.
CUSTOMER_PASSED = {
    "authentication-results": (
        "mx1.everbright-valve.cn; spf=pass smtp.mailfrom=rheinarmatur.de; dkim=pass "
        "header.d=rheinarmatur.de; dmarc=pass header.from=rheinarmatur.de",
    )
}


@lru_cache(maxsize=1)
def bundled_rules() -> CompiledRules:
    return compile_rules(load_rules())


def rule_hits(msg: ParsedMessage, ctx: Context) -> list[Hit]:
    """The bundled rules' hits on a message, every signal module run."""
    return evaluate(bundled_rules(), analyze_message(msg, ctx))


def graded(msg: ParsedMessage, ctx: Context) -> Scores:
    """The scores the bundled rules give a message, every signal module run."""
    return score(bundled_rules(), rule_hits(msg, ctx))
