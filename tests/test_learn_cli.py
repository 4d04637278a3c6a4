"""``learn`` through the CLI: verdicts flag and clear messages, a learned campaign flags its
unseen siblings, and every change regrades."""

from __future__ import annotations

import json
import random
import sqlite3
from pathlib import Path

from conftest import CliInvoke, make_config, run_json
from factories import PHISHING_WORDS, TRADE_WORDS

Words = tuple[str, ...]


def _eml(number: int, sender: str, subject: str, words: Words, rng: random.Random) -> bytes:
    body = " ".join(rng.choice(words) for _ in range(60))
    return (
        f"From: {sender}\r\nTo: sales@everbright-valve.cn\r\nSubject: {subject} {number}\r\n"
        f"Message-ID: <m{number}.{rng.random()}@test>\r\n"
        f"Date: Mon, 23 Nov 2026 09:{number % 60:02d}:00 +0100\r\n\r\n{body}\r\n"
    ).encode()


def _mailbox(folder: Path) -> None:
    """31 mails of one phishing campaign and 31 genuine trade mails, each in its own words;
    the last of each kind is the one left unlearned."""
    rng = random.Random(3)
    folder.mkdir()
    for n in range(31):
        raw = _eml(n, "PayPal <service@secure-notices.net>", "Notice", PHISHING_WORDS, rng)
        (folder / f"phish-{n:02d}.eml").write_bytes(raw)
        raw = _eml(100 + n, "Hans <hans@becker-armaturen.de>", "Valves", TRADE_WORDS, rng)
        (folder / f"trade-{n:02d}.eml").write_bytes(raw)


def _ids(store: Path) -> dict[str, list[int]]:
    with sqlite3.connect(store) as conn:
        rows = conn.execute("SELECT id, from_addr FROM messages ORDER BY id").fetchall()
    return {
        "phish": [i for i, addr in rows if addr.endswith("secure-notices.net")],
        "trade": [i for i, addr in rows if addr.endswith("becker-armaturen.de")],
    }


def _flags(cli: CliInvoke, config: Path, message: int) -> list[str]:
    detail = run_json(cli, config, "grade", "--explain", str(message))
    return list(detail["flags"])


def _rules(cli: CliInvoke, config: Path, message: int) -> set[str]:
    detail = run_json(cli, config, "grade", "--explain", str(message))
    return {hit["rule_id"] for hit in detail["hits"]}


def _likeness(store: Path, message: int) -> object:
    with sqlite3.connect(store) as conn:
        query = "SELECT findings_json FROM message_grades WHERE message = ?"
        (findings,) = conn.execute(query, (message,)).fetchone()
    return json.loads(findings).get("learned.phishing")


def test_learned_campaign_flags_its_unseen_mail(tmp_path: Path, cli: CliInvoke) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    assert cli(config, "import", str(tmp_path / "mail")).exit_code == 0
    assert cli(config, "grade").exit_code == 0
    ids = _ids(tmp_path / "store.db")
    *phish, unseen_phish = ids["phish"]
    *trade, unseen_trade = ids["trade"]
    assert "LIKE_LEARNED_PHISHING_99" not in _rules(cli, config, unseen_phish)
    assert _flags(cli, config, unseen_phish) == []  # the rules alone do not flag it

    assert cli(config, "learn", "phishing", *map(str, phish)).exit_code == 0
    result = cli(config, "learn", "genuine", *map(str, trade))
    assert result.exit_code == 0
    assert "30 of 30 messages newly marked genuine" in result.output
    regrade = cli(config, "grade")
    assert "62 messages graded, 0 unchanged" in regrade.output  # a verdict regrades all

    assert {"LIKE_LEARNED_PHISHING", "LIKE_LEARNED_PHISHING_99"} <= _rules(
        cli, config, unseen_phish
    )
    assert _flags(cli, config, unseen_phish) == ["phishing"]
    assert not any(r.startswith("LIKE_LEARNED") for r in _rules(cli, config, unseen_trade))
    assert _flags(cli, config, unseen_trade) == []
    # The likeness is scored only where it could change a flag: the phishing mail's sum lay
    # within 4 of the threshold; the trade mail's did not.
    assert _likeness(tmp_path / "store.db", unseen_phish) is not None
    assert _likeness(tmp_path / "store.db", unseen_trade) is None
    status = run_json(cli, config, "learn", "status")
    assert status["counts"] == {"phishing": 30, "fraud": 0, "genuine": 30}
    assert status["active"] == ["phishing"]

    assert cli(config, "learn", "forget", str(trade[0])).exit_code == 0
    cli(config, "grade")
    assert run_json(cli, config, "learn", "status")["active"] == []  # 29 genuine: too few
    assert "LIKE_LEARNED_PHISHING" not in _rules(cli, config, unseen_phish)


def test_verdict_flags_and_clears_one_message(tmp_path: Path, cli: CliInvoke) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    cli(config, "import", str(tmp_path / "mail"))
    ids = _ids(tmp_path / "store.db")
    trade, phish = ids["trade"][0], ids["phish"][0]
    assert cli(config, "learn", "fraud", str(trade)).exit_code == 0
    assert cli(config, "learn", "phishing", str(phish)).exit_code == 0
    cli(config, "grade")
    assert _flags(cli, config, trade) == ["suspect-fraud"]
    assert _flags(cli, config, phish) == ["phishing"]
    # The verdict weighs nothing, yet it is the first reason shown, for the message and its
    # contact.
    explained = run_json(cli, config, "grade", "--explain", str(trade))
    assert explained["hits"][0]["rule_id"] == "LEARNED_FRAUD"
    shown = run_json(cli, config, "grade", "--show")
    everyone = shown["contacts"] + shown["flagged"]
    (hans,) = [c for c in everyone if "hans@becker-armaturen.de" in c["addresses"]]
    assert hans["reasons"][0] == "You marked this message as fraud"

    assert cli(config, "learn", "genuine", str(trade)).exit_code == 0  # replaces the verdict
    assert cli(config, "learn", "forget", str(phish)).exit_code == 0
    again = cli(config, "grade")
    # No classifier active yet (2 verdicts): only the two marked messages are graded again.
    assert "2 messages graded, 60 unchanged" in again.output
    assert _flags(cli, config, trade) == []
    hits = [h["rule_id"] for h in run_json(cli, config, "grade", "--explain", str(trade))["hits"]]
    assert "LEARNED_GENUINE" in hits[1:]  # it explains no flag: ranked by its weight, 0
    assert _flags(cli, config, phish) == []
    assert "0 messages graded" in cli(config, "grade").output  # and then nothing to do


def test_a_changed_verdict_is_said_to_replace_the_earlier_one(
    tmp_path: Path, cli: CliInvoke
) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    cli(config, "import", str(tmp_path / "mail"))
    phish = _ids(tmp_path / "store.db")["phish"][0]
    first = cli(config, "learn", "phishing", str(phish))
    assert "replaced" not in first.output
    second = cli(config, "learn", "fraud", str(phish))
    assert "1 of 1 messages newly marked fraud (1 of them had another verdict" in second.output


def test_a_verdict_sets_flags_not_the_score_and_counts_on_our_own_mail(
    tmp_path: Path, cli: CliInvoke
) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    ours = "From: Lily <lily@everbright-valve.cn>\r\nTo: hans@becker-armaturen.de\r\n"
    ours += "Subject: Payment\r\nMessage-ID: <ours-1@everbright-valve.cn>\r\n\r\nPay us.\r\n"
    (tmp_path / "mail" / "ours.eml").write_bytes(ours.encode())
    cli(config, "import", str(tmp_path / "mail"))
    cli(config, "grade")
    ids = _ids(tmp_path / "store.db")
    trade = ids["trade"][0]
    with sqlite3.connect(tmp_path / "store.db") as conn:
        (own,) = conn.execute("SELECT id FROM messages WHERE from_addr LIKE 'lily@%'").fetchone()
    score_before = run_json(cli, config, "grade", "--explain", str(trade))["score"]
    assert _flags(cli, config, own) == []  # our own mail: never flagged by the rules
    cli(config, "learn", "genuine", str(trade))
    cli(config, "learn", "phishing", str(own))
    cli(config, "grade")
    assert run_json(cli, config, "grade", "--explain", str(trade))["score"] == score_before
    assert _flags(cli, config, own) == ["phishing"]  # sent in our name: the clerk decides


def test_contact_option_marks_what_the_contact_sent(tmp_path: Path, cli: CliInvoke) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    cli(config, "import", str(tmp_path / "mail"))
    cli(config, "grade")
    result = cli(config, "learn", "genuine", "--contact", "hans@becker-armaturen.de")
    assert result.exit_code == 0, result.output
    assert "31 of 31 messages newly marked genuine" in result.output
    # Hans's mail, not the phishing sender's (who also sent 31).
    with sqlite3.connect(tmp_path / "store.db") as conn:
        query = "SELECT m.from_addr FROM learned l JOIN messages m ON m.id = l.message"
        senders = {addr for (addr,) in conn.execute(query)}
    assert senders == {"hans@becker-armaturen.de"}


def test_bad_ids_change_nothing(tmp_path: Path, cli: CliInvoke) -> None:
    config = make_config(tmp_path)
    _mailbox(tmp_path / "mail")
    cli(config, "import", str(tmp_path / "mail"))
    first = _ids(tmp_path / "store.db")["phish"][0]
    result = cli(config, "learn", "phishing", str(first), "99999")
    assert result.exit_code == 2  # an id the store does not hold: a usage error
    assert "no message with id 99999" in result.output
    assert run_json(cli, config, "learn", "status")["counts"]["phishing"] == 0
    usage = cli(config, "learn", "fraud")
    assert usage.exit_code == 2
    assert "give message ids, or --contact" in usage.output
    unknown = cli(config, "learn", "genuine", "--contact", "nobody@example.com")
    assert unknown.exit_code == 2
    assert "no contact 'nobody@example.com'" in unknown.output
    forget = cli(config, "learn", "forget", "99999")
    assert forget.exit_code == 2
    assert "no message with id 99999" in forget.output
