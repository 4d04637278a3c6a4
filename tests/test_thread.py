"""Whom our quoted mail went to, and the impostor who continues that thread From a look-alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from factories import message
from tradetriage.mail.records import Address
from tradetriage.signals import phishing
from tradetriage.signals.base import Context
from tradetriage.signals.thread import our_recipients

OURS = frozenset({"everbright-valve.cn"})
CTX = Context(now=datetime(2026, 6, 20, 9, 0, tzinfo=UTC), our_domains=OURS)

REPLY = "Please change the consignee to our Miami office.\n\nSaludos,\nFelipe\n\n"
SPANISH = """-----Mensaje original-----
De: Lily Chen <lily@everbright-valve.cn>
Enviado el: martes, 16 de junio de 2026 10:05
Para: Felipe Araya <faraya@comandinafluidos.cl>
CC: Ana Rojas <arojas@comandinafluidos.cl>; Juan <juan.tapia@gmail.com>
Asunto: RE: OC 4500-2231 - Booking

Hola Felipe, contact our forwarder at cathy.xu@nbyongxiang-logistics.com for the booking.
"""
CHINESE = """----- 原始邮件 -----
发件人："Lily Chen" <lily@everbright-valve.cn>
发送时间：2026年3月16日(星期一) 上午10:21
收件人："Cathy Xu" <cathy.xu@nbyongxiang-logistics.com>
主题：Re: 费用确认

Cathy 你好，
"""
ENGLISH = """________________________________
From: Lily Chen <lily@everbright-valve.cn>
Sent: Friday, April 10, 2026 10:18 AM
To: Jana Horakova <horakova@hydrospoj-morava.cz>
Subject: RE: PI EB-PI-2026-049

Dear Jana,
"""
GMAIL = """On Tue, Jun 16, 2026 at 10:05 AM Lily Chen <lily@everbright-valve.cn> wrote:

> Hola Felipe, write to faraya@comandinafluidos.cl if anything changes.
"""
THEIRS = """-----Original Message-----
From: Felipe Araya <faraya@comandinafluidos.cl>
Sent: Monday, 15 June 2026 18:00
To: Lily Chen <lily@everbright-valve.cn>; Pedro <pedro@otro-cliente.cl>
Subject: OC 4500-2231
"""


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        # To and Cc of our mail; a free-mail Cc and an address in the quoted body are not read.
        (SPANISH, {"comandinafluidos.cl"}),
        (CHINESE, {"nbyongxiang-logistics.com"}),
        (ENGLISH, {"hydrospoj-morava.cz"}),
        ("> " + ENGLISH.replace("\n", "\n> "), {"hydrospoj-morava.cz"}),
        # An attribution names no recipients; a quote of someone else's mail is not ours.
        (GMAIL, set()),
        (THEIRS, set()),
    ],
)
def test_our_recipients_are_read_from_the_header_of_our_quoted_mail(
    quote: str, expected: set[str]
) -> None:
    assert our_recipients(REPLY + quote, OURS) == expected


def test_without_our_domains_there_is_no_quote_of_ours() -> None:
    assert our_recipients(REPLY + SPANISH, frozenset()) == frozenset()


def lookalike(sender: str, body: str, ctx: Context = CTX) -> object:
    msg = message(from_=(Address("Felipe Araya", sender),), subject="RE: OC", body_text=body)
    finding = phishing.analyze(msg, ctx, {})["phishing.lookalike"]
    return finding.value


def test_the_impostor_continuing_our_thread_from_a_look_alike_is_caught() -> None:
    assert lookalike("faraya@comandinafluidos-cl.com", REPLY + SPANISH) == "comandinafluidos.cl"
    assert lookalike("cathy.xu@nbyongxiang-logistic.com", REPLY + CHINESE) == (
        "nbyongxiang-logistics.com"
    )


def test_the_evidence_says_our_quoted_mail_went_to_the_real_domain() -> None:
    msg = message(
        from_=(Address("Felipe Araya", "faraya@comandinafluidos-cl.com"),),
        subject="RE: OC",
        body_text=REPLY + SPANISH,
    )
    evidence = phishing.analyze(msg, CTX, {})["phishing.lookalike"].evidence
    assert "comandinafluidos-cl.com" in evidence and "quoted mail" in evidence


@pytest.mark.parametrize(
    "sender",
    [
        "faraya@comandinafluidos.cl",  # the customer itself
        "arojas@comandinafluidos.cl",  # a colleague in the Cc
        "felipe.araya@gmail.com",  # a private address: not a look-alike of a company's
        "ventas@aguasandinas.cl",  # another company, no look-alike
    ],
)
def test_the_real_thread_is_quiet(sender: str) -> None:
    assert lookalike(sender, REPLY + SPANISH) is None


def test_a_look_alike_of_a_known_domain_is_found_as_before() -> None:
    known = replace(CTX, known_domains=frozenset({"comandinafluidos.cl"}))
    assert lookalike("faraya@comandinafluidos-cl.com", REPLY, known) == "comandinafluidos.cl"
