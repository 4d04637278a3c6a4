"""What fraud and phishing cues read of a reply: the sender's words and what they quote, but
never our own mail quoted back to us, however deep in a thread it sits."""

from __future__ import annotations

from datetime import UTC, datetime

from factories import message
from tradetriage.mail.records import Address
from tradetriage.signals.base import Context
from tradetriage.signals.phrases import prepare

CTX = Context(
    now=datetime(2025, 3, 4, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    our_names=frozenset({"lily chen", "everbright sales"}),
)
OUR_NOTICE = (
    "Please note our bank account has changed. Kindly remit the balance to the new account "
    "within 48 hours.\n\nBest regards\nLily Chen\n"
)


def scanned(body: str) -> str:
    msg = message(from_=(Address("", "h.becker@rheinarmatur.de"),), body_text=body)
    return prepare(msg, CTX).text


def test_our_mail_forwarded_by_the_buyers_colleague_is_not_read_as_theirs() -> None:
    body = (
        "Lily, we will check with accounting.\n\nHans\n\n"
        "From: Anna Schmidt <anna@rheinarmatur.de>\nSent: Monday, March 3, 2025 10:00\n"
        "To: Hans Becker\nSubject: FW: bank details\n\nHans, please see below.\n\n"
        "From: Lily Chen <lily@everbright-valve.cn>\nSent: Monday, March 3, 2025 09:00\n"
        f"To: Anna Schmidt\nSubject: bank details\n\n{OUR_NOTICE}"
    )
    text = scanned(body)
    assert "check with accounting" in text
    assert "please see below" in text  # the colleague's words are the buyer's side
    assert "bank account has changed" not in text


def test_a_nested_gt_quote_of_ours_is_cut_too() -> None:
    body = (
        "Noted.\n\nOn Tue, 4 Mar 2025 Anna Schmidt <anna@rheinarmatur.de> wrote:\n"
        "> Hans, see below.\n>\n> 发件人: Everbright Sales\n> 发送时间: 2025年3月3日 9:00\n"
        "> 主题: 账户变更\n>\n> " + OUR_NOTICE.replace("\n", "\n> ")
    )
    text = scanned(body)
    assert "see below" in text
    assert "bank account has changed" not in text


def test_a_quote_of_someone_else_is_still_read() -> None:
    # A scammer's made-up thread, "quoting" a third party's payment demand, is read in full.
    body = (
        "Please proceed.\n\nFrom: CFO <cfo@rheinarmatur-group.com>\nSent: Monday, 3 March\n"
        f"To: Hans\nSubject: payment\n\n{OUR_NOTICE.replace('Lily Chen', 'John')}"
    )
    assert "bank account has changed" in scanned(body)


def test_a_quote_headed_by_our_address_in_an_unknown_language_is_cut() -> None:
    header = "Lily Chen <lily@everbright-valve.cn> ezt írta (időpont: 2025. márc. 3., H, 10:00):"
    text = scanned(f"Köszönöm, rendben.\n\nPéter\n\n{header}\n\n{OUR_NOTICE}")
    assert "rendben" in text
    assert "bank account has changed" not in text
