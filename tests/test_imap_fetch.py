"""The sync's bulk fetches (mail/imap.py), which read imaplib's responses directly."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import pytest
from imapclient import IMAPClient

from conftest import Mailbox
from tradetriage.config import AccountConfig
from tradetriage.mail.imap import connect, fetch_bodies, fetch_sizes, uid_set

MESSAGE = (
    b"From: Anna <anna@example.de>\r\nSubject: Inquiry\r\nMessage-ID: <m1@example.de>\r\n"
    b"\r\nPlease quote 500 pcs.\r\n"
)


def _account(mailbox: Mailbox) -> AccountConfig:
    return AccountConfig(
        name="sales",
        host=mailbox.server.host,
        port=mailbox.server.port,
        security="plain",
        username=mailbox.user,
        password_env="UNUSED",
    )


def test_uid_set_collapses_runs() -> None:
    assert uid_set([1, 2, 3, 7, 9, 10]) == "1:3,7,9:10"
    assert uid_set([10, 9, 3, 2, 1, 7, 7]) == "1:3,7,9:10"
    assert uid_set([42]) == "42"


def test_fetch_bodies_and_sizes_from_dovecot(mailbox: Mailbox) -> None:
    first = mailbox.append("INBOX", MESSAGE, flags=["\\Flagged"])
    second = mailbox.append("INBOX", MESSAGE.replace(b"m1@", b"m2@") + b"x" * 5000)
    client = connect(_account(mailbox), mailbox.password)
    try:
        client.select_folder("INBOX", readonly=True)
        sizes = fetch_sizes(client, [first, second, second + 50])
        bodies = fetch_bodies(client, [second, first, second + 50])
        seen = client.get_flags([first, second])
    finally:
        client.logout()
    assert sizes == {first: len(MESSAGE), second: len(MESSAGE) + 5000}
    assert [b.uid for b in bodies] == [first, second]  # in UID order, absent UIDs skipped
    assert bodies[0].raw == MESSAGE
    assert bodies[1].raw.endswith(b"x" * 5000)
    assert "\\Flagged" in bodies[0].flags  # beside \Recent, which the sync drops
    assert "\\Flagged" not in bodies[1].flags
    assert isinstance(bodies[0].internaldate, datetime)
    assert bodies[0].internaldate.tzinfo is not None
    # BODY.PEEK: fetching never marks mail read.
    assert all(b"\\Seen" not in flags for flags in seen.values())


def test_protocol_log_is_off_unless_its_logger_is_on(mailbox: Mailbox) -> None:
    logger = logging.getLogger("imapclient.imaplib")
    client = connect(_account(mailbox), mailbox.password)
    client.logout()
    assert client._imap.debug == 0
    old = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        client = connect(_account(mailbox), mailbox.password)
        client.logout()
    finally:
        logger.setLevel(old)
    assert client._imap.debug == 5  # imapclient's protocol logging still works when asked for


class _Imaplib:
    """imaplib's answer shape for orderings Dovecot never sends (items after the literal) and
    an unsolicited FETCH for another message in the middle."""

    def __init__(self, data: list[object], typ: str = "OK") -> None:
        self.data = data
        self.typ = typ

    def uid(self, *args: str) -> tuple[str, list[object]]:
        return self.typ, self.data


def _client(data: list[object], typ: str = "OK") -> IMAPClient:
    client = IMAPClient.__new__(IMAPClient)
    client._imap = _Imaplib(data, typ)
    return client


def test_fetch_bodies_reads_items_on_either_side_of_the_literal() -> None:
    data: list[object] = [
        (b"1 (UID 7 BODY[] {5}", b"hello"),
        b' FLAGS (\\Seen $Quote) INTERNALDATE " 3-Mar-2025 09:00:00 +0100")',
        b"2 (FLAGS (\\Deleted) UID 99)",  # unsolicited: another message's flag change
        (b'3 (FLAGS () INTERNALDATE "04-Mar-2025 23:59:59 -0500" UID 8 BODY[] {3}', b"abc"),
        b")",
    ]
    bodies = fetch_bodies(_client(data), [7, 8])
    assert [(b.uid, b.raw, b.flags) for b in bodies] == [
        (7, b"hello", ("\\Seen", "$Quote")),
        (8, b"abc", ()),
    ]
    assert bodies[0].internaldate == datetime(2025, 3, 3, 9, tzinfo=timezone(timedelta(hours=1)))
    assert bodies[1].internaldate == datetime(
        2025, 3, 4, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))
    )


def test_fetch_bodies_ignores_uids_not_asked_for_and_bad_dates() -> None:
    data: list[object] = [
        (b'1 (UID 5 INTERNALDATE "31-Feb-2025 00:00:00 +0000" BODY[] {1}', b"a"),
        b")",
        (b"2 (UID 6 BODY[] {1}", b"b"),
        b")",
    ]
    bodies = fetch_bodies(_client(data), [5])
    assert [(b.uid, b.internaldate) for b in bodies] == [(5, None)]


def test_fetch_failure_raises_an_imap_error() -> None:
    import imaplib

    with pytest.raises(imaplib.IMAP4.error, match="FETCH failed: no such message"):
        fetch_bodies(_client([b"no such message"], typ="NO"), [5])


def test_what_the_shortcut_misses_goes_through_imapclient() -> None:
    # A body sent as a quoted string is legal IMAP; the literal-only reading leaves it to
    # imapclient's parser instead of skipping the UID (which the high-water mark would pass).
    data: list[object] = [
        (b"1 (UID 7 BODY[] {5}", b"hello"),
        b")",
        b'2 (UID 8 FLAGS (\\Seen) BODY[] "short body")',
    ]
    client = _client(data)
    asked: list[list[int]] = []

    def fetch(uids: list[int], items: list[bytes]) -> dict[int, dict[bytes, object]]:
        asked.append(list(uids))
        return {8: {b"BODY[]": b"short body", b"FLAGS": (b"\\Seen",), b"SEQ": 2}}

    client.fetch = fetch  # type: ignore[method-assign]
    bodies = fetch_bodies(client, [7, 8, 9])
    assert asked == [[8, 9]]
    assert [(b.uid, b.raw, b.flags) for b in bodies] == [
        (7, b"hello", ()),
        (8, b"short body", ("\\Seen",)),
    ]
