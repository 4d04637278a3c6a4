"""Grades and contacts from the stored mail: the same answer whichever way and whenever the
mail and the clerk's verdicts arrived."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tradetriage.config import Config, load_config
from tradetriage.grading.contacts import find_contact, set_marks
from tradetriage.grading.learning import mark
from tradetriage.grading.run import grade_store
from tradetriage.mail.parse import parse_message
from tradetriage.store.db import Fetched, Store, prepare

NOW = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
DEMO = Path(__file__).resolve().parent.parent / "src" / "tradetriage" / "demo"


def demo_config(tmp_path: Path) -> Config:
    return load_config(DEMO / "config.toml").model_copy(update={"store": tmp_path / "s.db"})


def fetched(raw: bytes, uid: int) -> Fetched:
    return Fetched(uid, "", None, prepare(parse_message(raw), raw, "imap"))


def store_mail(store: Store, account: str, raws: list[bytes]) -> None:
    with store.transaction() as tx:
        store.add_fetched(tx, account, "INBOX", 1, [fetched(r, i) for i, r in enumerate(raws, 1)])


def test_one_mail_stored_twice_is_one_mail_exchanged(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    thread = [(DEMO / "mailbox" / f"scwater-0{i}.eml").read_bytes() for i in (1, 2, 3)]
    query = "SELECT level, inbound, outbound FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", thread)
        grade_store(config, store, NOW)
        once = store.conn.execute(query).fetchall()
        # The same thread as a second mailbox got it (Cc'd): one delivery header more, so
        # other bytes, stored again.
        store_mail(
            store, "lily", [b"Delivered-To: lily@everbright-valve.cn\r\n" + r for r in thread]
        )
        grade_store(config, store, NOW)
        assert store.conn.execute("SELECT count(*) FROM messages").fetchone()[0] == 6
        assert store.conn.execute(query).fetchall() == once == [(3, 2, 1)]


def test_the_name_is_the_newest_mails_whichever_way_contacts_are_refreshed(
    tmp_path: Path,
) -> None:
    config = demo_config(tmp_path)
    first = (DEMO / "mailbox" / "kaveri-01.eml").read_bytes()
    # Arrived two days later, but the buyer's PC clock dates it before the first.
    second = (
        first.replace(b'From: "S. Venkataraman"', b'From: "Kaveri Purchase Dept"')
        .replace(b"Wed, 11 Nov 2026 14:22:54 +0800", b"Fri, 13 Nov 2026 10:00:00 +0800")
        .replace(b"Date: Wed, 11 Nov 2026 11:52:35 +0530", b"Date: Tue, 10 Nov 2026 09:00:00 +0530")
        .replace(b"Message-ID: <eb496934", b"Message-ID: <second-eb496934")
    )
    assert second.count(b"Kaveri Purchase Dept") == 1 and b"<second-" in second
    query = "SELECT name FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [first, second])
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [("Kaveri Purchase Dept",)]
        grade_store(config, store, NOW, everything=True)
        assert store.conn.execute(query).fetchall() == [("Kaveri Purchase Dept",)]
        set_marks(store, find_contact(store, "purchase@kaveriengg.in"), visited=True)
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [("Kaveri Purchase Dept",)]


def test_a_verdict_given_while_grade_runs_takes_effect_on_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tradetriage.grading.messages as messages

    config = demo_config(tmp_path)
    mailbox = sorted((DEMO / "mailbox").glob("*.eml"))
    query = "SELECT flags FROM message_grades WHERE message = ?"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [f.read_bytes() for f in mailbox[:30]])
        grade_store(config, store, NOW)
        store_mail(store, "lily", [(DEMO / "mailbox" / "zhanglei-01.eml").read_bytes()])
        (new,) = store.conn.execute("SELECT max(id) FROM messages").fetchone()
        write = messages._write

        def clerk_learns_meanwhile(*args: Any) -> list[str]:
            with Store.open(config.store_path) as other:  # `tradetriage learn` in a terminal
                mark(other, [new], "phishing")
            monkeypatch.setattr(messages, "_write", write)
            return write(*args)

        monkeypatch.setattr(messages, "_write", clerk_learns_meanwhile)
        grade_store(config, store, NOW)  # graded before the verdict: not flagged yet
        assert store.conn.execute(query, (new,)).fetchone() == ("[]",)
        grade_store(config, store, NOW)
        assert store.conn.execute(query, (new,)).fetchone() == ('["phishing"]',)


def test_our_reply_without_a_date_still_answers_the_buyer(tmp_path: Path) -> None:
    config = demo_config(tmp_path)
    ask, reply = ((DEMO / "mailbox" / f"scwater-0{i}.eml").read_bytes() for i in (1, 2))
    undated = b"\r\n".join(
        line for line in reply.split(b"\r\n") if not line.startswith(b"Date:")
    ).replace(b"\nDate:", b"\nX-No-Date:")
    assert b"\nDate:" not in undated
    query = "SELECT waiting_since, outbound FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [ask, undated])
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [(None, 1)]


def test_our_reply_dated_without_a_zone_is_timed_by_its_received_line(tmp_path: Path) -> None:
    # Lily's client wrote "Date: Mon, 09 Nov 2026 15:48:02" (no zone): read as UTC, the reply
    # would come eight hours late, after the buyer's follow-up at 18:00 +0800, and hide it.
    config = demo_config(tmp_path)
    ask, reply, more = ((DEMO / "mailbox" / f"scwater-0{i}.eml").read_bytes() for i in (1, 2, 3))
    zoneless = reply.replace(
        b"Date: Mon, 09 Nov 2026 15:48:02 +0800", b"Date: Mon, 09 Nov 2026 15:48:02"
    )
    assert zoneless != reply
    follow_up = more.replace(b"Tue, 10 Nov 2026 07:12:59 +0800", b"Mon, 09 Nov 2026 18:00:00 +0800")
    assert follow_up != more
    query = "SELECT waiting_since FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [ask, zoneless, follow_up])
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [("2026-11-09T10:00:00+00:00",)]


def test_mail_with_no_time_at_all_is_timed_when_the_server_filed_it(tmp_path: Path) -> None:
    # No Date, no Received: our reply saved by a script through IMAP APPEND is timed by the
    # server's INTERNALDATE, and answers the buyer. A buyer's mail imported from a file with no
    # time at all has none: an imported archive must not wait for answers given years ago.
    config = demo_config(tmp_path)
    ask, reply = ((DEMO / "mailbox" / f"scwater-0{i}.eml").read_bytes() for i in (1, 2))

    def timeless(raw: bytes) -> bytes:
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = [
            line for line in head.replace(b"\r\n\t", b" ").split(b"\r\n")
            if not line.startswith((b"Date:", b"Received:"))
        ]  # fmt: skip
        return b"\r\n".join(lines) + b"\r\n\r\n" + body

    query = "SELECT waiting_since, last_outbound FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [ask])
        with store.transaction() as tx:
            raw = timeless(reply)
            appended = Fetched(
                2, "", "2026-11-09T08:00:00+00:00", prepare(parse_message(raw), raw, "imap")
            )
            store.add_fetched(tx, "sales", "Sent", 1, [appended])
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [(None, "2026-11-09T08:00:00+00:00")]
        store_mail(
            store, "sales", [timeless(ask).replace(b"Message-ID: <", b"Message-ID: <again-")]
        )
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [(None, "2026-11-09T08:00:00+00:00")]


def test_a_migrated_archive_keeps_its_mails_own_dates(tmp_path: Path) -> None:
    # A buyer's 2019 mail dated without a zone, filed by the new server on migration day:
    # its own Date (hours off, right day) says when it came, not the migration.
    config = demo_config(tmp_path)
    ask, reply = ((DEMO / "mailbox" / f"scwater-0{i}.eml").read_bytes() for i in (1, 2))
    old_ask = b"\r\n".join(
        line for line in ask.split(b"\r\n") if not line.startswith((b"Received:", b"\t"))
    ).replace(b"Date: Mon, 09 Nov 2026 10:05:18 +1000", b"Date: Mon, 09 Nov 2026 00:05:18")
    assert b"Received:" not in old_ask.split(b"\r\n\r\n")[0] and b"00:05:18\r\n" in old_ask
    query = "SELECT waiting_since FROM contacts WHERE level IS NOT NULL"
    with Store.open(config.store_path) as store:
        with store.transaction() as tx:
            migrated = Fetched(
                1, "", "2026-11-19T09:00:00+00:00", prepare(parse_message(old_ask), old_ask, "imap")
            )
            store.add_fetched(tx, "sales", "INBOX", 1, [migrated])
        store_mail(store, "sales", [reply])
        grade_store(config, store, NOW)
        assert store.conn.execute(query).fetchall() == [(None,)]


def test_a_forgery_reusing_a_buyers_message_id_still_counts_against_its_sender(
    tmp_path: Path,
) -> None:
    config = demo_config(tmp_path)
    mailbox = DEMO / "mailbox"
    genuine = (mailbox / "rheinarmatur-01.eml").read_bytes()
    phish = (
        (mailbox / "rheinphish-01.eml")
        .read_bytes()
        .replace(
            b"<63f6fa57-b6e6-4882-a18d-d0d399c1e4a4@rheinarrnatur.de>",
            b"<bb5ba607-1764-4826-abe9-816e49c840d8@rheinarmatur.de>",  # the buyer's own
        )
    )
    assert b"<bb5ba607" in phish
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [genuine, phish])
        grade_store(config, store, NOW)
        flags = dict(
            store.conn.execute(
                "SELECT a.addr, c.flags FROM contact_addresses a JOIN contacts c "
                "ON c.id = a.contact"
            )
        )
    assert "phishing" in flags["k.weber@rheinarrnatur.de"]
    assert flags["k.weber@rheinarmatur.de"] == "[]"


def test_a_verdict_on_one_copy_of_a_mail_reaches_every_copy(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from tradetriage.cli import app

    config = demo_config(tmp_path)
    scam = (DEMO / "mailbox" / "harrington-01.eml").read_bytes()
    with Store.open(config.store_path) as store:
        store_mail(store, "sales", [scam])
        store_mail(store, "lily", [b"Delivered-To: lily@everbright-valve.cn\r\n" + scam])
        grade_store(config, store, NOW)
        assert store.conn.execute("SELECT flags FROM contacts").fetchone() != ("[]",)
    path = tmp_path / "config.toml"
    source = (DEMO / "config.toml").read_text("utf-8")
    path.write_text(f'store = "{config.store_path}"\n{source}', "utf-8")
    for command in (["learn", "genuine", "2"], ["grade"]):
        result = CliRunner().invoke(app, ["--config", str(path), *command])
        assert result.exit_code == 0, result.output
    with Store.open(config.store_path) as store:
        assert store.conn.execute("SELECT count(*) FROM learned").fetchone() == (2,)
        assert store.conn.execute("SELECT flags, inbound FROM contacts").fetchone() == ("[]", 1)
