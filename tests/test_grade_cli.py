"""``grade`` and ``contact`` through the CLI, on the hand-written inquiry set."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tradetriage.cli import app
from tradetriage.store.schema import SCHEMA_VERSION

INQUIRIES = Path(__file__).parent / "fixtures" / "inquiries"
SPOOFING = Path(__file__).parent / "fixtures" / "spoofing"
ATTACHMENTS = Path(__file__).parent / "fixtures" / "attachments"
COMPANY = """
[company]
name = "Ningbo Everbright Valve Co., Ltd."
domain = "everbright-valve.cn"
website = "https://www.everbright-valve.cn"
timezone = "Asia/Shanghai"

[[company.products]]
name = "Stainless steel ball valve"
models = ["EB-BV316-DN15", "EB-BV316-DN25", "EB-BV316-DN50", "EB-BV304-DN80"]
keywords = ["ball valve", "球阀"]

[[company.products]]
name = "Gate valve"
models = ["EB-GV-PN16", "EB-GV-PN25"]
keywords = ["gate valve", "闸阀"]

[[company.products]]
name = "Butterfly valve"
models = ["EB-BF150", "EB-BF200"]
keywords = ["butterfly valve", "蝶阀"]

[grading]
trusted_relays = ["122.228.10.0/24", "*.everbright-valve.cn"]
"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[CliRunner, list[str]]:
    """A store with the inquiry set imported and graded once; returns the runner and the
    global options that point at it."""
    runner, options, _ = _fresh_store(tmp_path_factory.mktemp("grade"))
    first = runner.invoke(app, [*options, "grade"])
    assert first.exit_code == 0, first.output
    assert "123 messages graded" in first.output
    return runner, options


def _contacts(runner: CliRunner, options: list[str]) -> dict[str, dict[str, object]]:
    result = runner.invoke(app, [*options, "grade", "--show", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    by_address: dict[str, dict[str, object]] = {}
    for contact in data["contacts"] + data["flagged"]:
        for address in contact["addresses"]:
            by_address[address] = contact
    return by_address


def _two_single_address_contacts(
    runner: CliRunner, options: list[str]
) -> list[tuple[int, dict[str, object]]]:
    """The two lowest-numbered contacts with one address each: (id, contact)."""
    contacts = _contacts(runner, options)
    singles = {int(str(c["id"])): c for c in contacts.values() if len(c["addresses"]) == 1}  # type: ignore[arg-type]
    return sorted(singles.items())[:2]


def test_second_run_grades_nothing(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    again = runner.invoke(app, [*options, "grade"])
    assert again.exit_code == 0
    assert "0 messages graded, 123 unchanged" in again.output


def test_phishing_lookalike_is_flagged_and_explained(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    contacts = _contacts(runner, options)
    phisher = next(c for a, c in contacts.items() if a.endswith("@hartrnann-armaturen.de"))
    assert "phishing" in phisher["flags"]
    listing = runner.invoke(app, [*options, "list", "--json", "--from", "hartrnann", "-n", "1"])
    message = json.loads(listing.output)[0]["id"]
    explained = runner.invoke(app, [*options, "grade", "--explain", str(message), "--json"])
    assert explained.exit_code == 0, explained.output
    detail = json.loads(explained.output)
    evidence = " ".join(hit["evidence"] for hit in detail["hits"])
    assert "hartmann" in evidence
    assert any(hop["role"] == "origin" for hop in detail["origin"])


def test_levels_of_clear_cases(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    contacts = _contacts(runner, options)
    # Both addresses of the Vietnamese buyer are one contact (company domain and Gmail).
    vietnam = [c for a, c in contacts.items() if "hoangphat" in a]
    assert len({c["id"] for c in vietnam}) == 1
    assert len(vietnam[0]["addresses"]) >= 2  # type: ignore[arg-type]
    levels = {a: c["level"] for a, c in contacts.items()}
    vague = [lvl for a, lvl in levels.items() if a.startswith(("info.", "purchase"))]
    assert vague, "the set has vague free-mail senders"
    assert all(lvl == 4 for lvl in vague), vague
    # No genuine buyer of the set is flagged, and every phisher is.
    expected = _expected_by_sender()
    levelled = [a for a in contacts if expected.get(a) in ("2", "3", "4")]
    assert levelled, "the set has senders labelled with a level"
    for address, contact in contacts.items():
        if expected.get(address) in ("1", "2", "3", "4"):
            assert not contact["flags"], address
        if expected.get(address) in ("2", "3", "4"):
            assert contact["level"] == int(expected[address]), address
        if expected.get(address) == "phishing":
            assert "phishing" in contact["flags"], address  # type: ignore[operator]


def _expected_by_sender() -> dict[str, str]:
    """Sender address → the label of its contact, from labels.csv and the files themselves."""
    import csv

    from tradetriage.mail.parse import parse_message

    expected = {}
    with (INQUIRIES / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sender = parse_message((INQUIRIES / row["file"]).read_bytes()).from_[0].addr
            expected[sender] = row["expected"]
    return expected


def test_pin_survives_regrading_and_marks_make_level_1(
    graded: tuple[CliRunner, list[str]],
) -> None:
    runner, options = graded
    contacts = _contacts(runner, options)
    address, contact = next((a, c) for a, c in contacts.items() if c["level"] == 3)
    pinned = runner.invoke(app, [*options, "grade", "--set", address, "2"])
    assert pinned.exit_code == 0, pinned.output
    regraded = runner.invoke(app, [*options, "grade", "--all"])
    assert regraded.exit_code == 0
    after = _contacts(runner, options)[address]
    assert (after["level"], after["pinned"]) == (2, True)
    runner.invoke(app, [*options, "grade", "--set", address, "auto"])
    assert _contacts(runner, options)[address]["level"] == 3
    marked = runner.invoke(app, [*options, "contact", "mark", str(contact["id"]), "--ordered"])
    assert marked.exit_code == 0, marked.output
    assert _contacts(runner, options)[address]["level"] == 1


def _a_level_3_contact(tmp_path: Path) -> tuple[CliRunner, list[str], str, str]:
    """A fresh graded store, and the address and number of one level-3 contact in it."""
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    address, contact = next(
        (a, c) for a, c in _contacts(runner, options).items() if c["level"] == 3
    )
    return runner, options, address, str(contact["id"])


def test_mark_visited_and_owner_then_take_them_back(tmp_path: Path) -> None:
    runner, options, address, ident = _a_level_3_contact(tmp_path)

    def mark(*flags: str) -> dict[str, object]:
        marked = runner.invoke(app, [*options, "contact", "mark", ident, *flags])
        assert marked.exit_code == 0, marked.output
        return _contacts(runner, options)[address]

    visited = mark("--visited", "--owner", "lily")
    assert (visited["level"], visited["visited"], visited["owner"]) == (1, True, "lily")
    back = mark("--not-visited", "--owner", "")
    assert (back["level"], back["visited"], back["owner"]) == (3, False, None)


def test_tags_and_groups_come_off_as_they_went_on(tmp_path: Path) -> None:
    runner, options, address, ident = _a_level_3_contact(tmp_path)

    def mark(*flags: str) -> tuple[int, dict[str, object]]:
        marked = runner.invoke(app, [*options, "contact", "mark", ident, *flags])
        return marked.exit_code, _contacts(runner, options)[address]

    code, tagged = mark("--tag", "VIP", "--tag", "Vip", "--tag", "德国", "--group", "valves",
                        "--group", "eu")  # fmt: skip
    assert code == 0
    assert (tagged["tags"], tagged["groups"]) == (["VIP", "Vip", "德国"], ["eu", "valves"])
    code, untagged = mark("--untag", "vip", "--ungroup", "eu")  # any case takes it off
    assert code == 0
    assert (untagged["tags"], untagged["groups"]) == (["德国"], ["valves"])
    # A label the contact does not have is a usage error, and nothing else in the call is done.
    refused = runner.invoke(app, [*options, "contact", "mark", ident, "--owner", "lily",
                                  "--untag", "德国", "--untag", "vipp"])  # fmt: skip
    assert refused.exit_code == 2, refused.output
    assert "no tag 'vipp'" in refused.output and "德国" in refused.output
    after = _contacts(runner, options)[address]
    assert (after["tags"], after["owner"]) == (["德国"], None)
    both = runner.invoke(app, [*options, "contact", "mark", ident, "--group", "eu",
                               "--ungroup", "eu"])  # fmt: skip
    assert both.exit_code == 2 and "both added and taken off" in both.output
    code, emptied = mark("--untag", "德国", "--ungroup", "valves")
    assert code == 0 and (emptied["tags"], emptied["groups"]) == ([], [])


def test_show_lists_one_clerks_contacts_or_one_tag_or_group(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    every = _contacts(runner, options)
    ids = sorted({int(str(c["id"])) for c in every.values()})
    first, second, third = (str(i) for i in ids[:3])
    for ident, flags in (
        (first, ["--owner", "Jörg", "--tag", "VIP", "--tag", "德国"]),
        (second, ["--owner", "lily", "--tag", "vip", "--group", "Valves"]),
        (third, ["--group", "valves", "--tag", "Übersee"]),
    ):
        marked = runner.invoke(app, [*options, "contact", "mark", ident, *flags])
        assert marked.exit_code == 0, marked.output

    def shown(*flags: str) -> list[str]:
        result = runner.invoke(app, [*options, "grade", "--show", "--json", *flags])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        return sorted(str(c["id"]) for c in data["contacts"] + data["flagged"])

    assert shown("--owner", "JÖRG") == [first]  # any case, beyond ASCII too
    # An owner typed with stray spaces is that owner; a blank one is none.
    assert (
        runner.invoke(app, [*options, "contact", "mark", first, "--owner", " Jörg "]).exit_code == 0
    )
    assert shown("--owner", "jörg") == [first]
    assert shown("--owner", "jörg", "--owner", "LILY") == sorted([first, second])
    unowned = shown("--owner", "-")
    assert first not in unowned and second not in unowned and third in unowned
    assert len(unowned) == len(ids) - 2
    assert shown("--owner", "-", "--owner", "lily") == sorted([*unowned, second])
    assert shown("--tag", "vip") == sorted([first, second])
    assert shown("--tag", "vip", "--tag", "德国") == [first]  # every tag given
    assert shown("--group", "VALVES", "--owner", "-") == [third]
    assert shown("--tag", "übersee") == [third]
    assert shown("--tag", "nobody") == []
    table = runner.invoke(app, [*options, "grade", "--show", "--tag", "nobody"])
    assert table.exit_code == 0 and "no graded contact has that owner, tag or group" in table.output
    limited = runner.invoke(app, [*options, "grade", "--show", "--json", "-n", "1", "--tag", "vip"])
    assert len(json.loads(limited.output)["contacts"]) == 1
    for bad in (["--owner", "lily"], ["--show", "--tag", " "], ["--explain", "1", "--group", "x"]):
        refused = runner.invoke(app, [*options, "grade", *bad])
        assert refused.exit_code == 2, (bad, refused.output)


def test_bad_level_and_unknown_contact_are_usage_errors(
    graded: tuple[CliRunner, list[str]],
) -> None:
    runner, options = graded
    bad = runner.invoke(app, [*options, "grade", "--set", "nobody@nowhere.example", "2"])
    assert bad.exit_code == 2
    assert "no contact" in bad.output
    for key in ("99999999999999999999", "²"):  # past SQLite's integers; a digit only to isdigit
        huge = runner.invoke(app, [*options, "grade", "--set", key, "2"])
        assert huge.exit_code == 2 and "no contact" in huge.output, huge.output
    for command in (["grade", "--explain"], ["show"], ["learn", "phishing"]):
        typed = runner.invoke(app, [*options, *command, "99999999999999999999"])
        assert typed.exit_code == 2 and "Traceback" not in typed.output, typed.output
    missing = runner.invoke(app, [*options, "grade", "--explain", "99999"])
    assert missing.exit_code == 2 and "no message with id 99999" in missing.output
    level = runner.invoke(app, [*options, "grade", "--set", "1", "7"])
    assert level.exit_code == 2
    assert "level must be 1, 2, 3, 4 or auto" in level.output
    word = runner.invoke(app, [*options, "grade", "--set", "nobody@nowhere.example", "high"])
    assert word.exit_code == 2 and "'high'" in word.output


def _in_chinese(options: list[str], tmp_path: Path) -> Path:
    """A copy of the config at ``options`` with ``language = "zh"``."""
    config = Path(options[1]).read_text("utf-8").replace('language = "en"', 'language = "zh"')
    zh = tmp_path / "zh.toml"
    zh.write_text(config, "utf-8")
    return zh


def test_show_table_in_chinese(graded: tuple[CliRunner, list[str]], tmp_path: Path) -> None:
    runner, options = graded
    zh = _in_chinese(options, tmp_path)
    shown = runner.invoke(app, ["--config", str(zh), "grade", "--show"], env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.output
    assert "待处理" in shown.output
    assert "疑似诈骗或钓鱼" in shown.output
    # The flags too, not their English names.
    assert "suspect-fraud" not in shown.output and "phishing" not in shown.output
    assert "疑似诈骗" in shown.output.split("疑似诈骗或钓鱼", 1)[1]


def test_contact_show_in_chinese(graded: tuple[CliRunner, list[str]], tmp_path: Path) -> None:
    runner, options = graded
    zh = _in_chinese(options, tmp_path)
    shown = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    flagged = shown["flagged"][0]["id"]
    out = runner.invoke(app, ["--config", str(zh), "contact", "show", str(flagged)])
    assert out.exit_code == 0, out.output
    assert "地址" in out.output and "邮件" in out.output and "负责人" in out.output
    for english in ("addresses:", "owner:", "from them", "suspect-fraud", "phishing"):
        assert english not in out.output, english


def _fresh_store(tmp_path: Path, mailbox: Path = INQUIRIES) -> tuple[CliRunner, list[str], Path]:
    """A mailbox (the inquiry set) imported, not graded, into a store of its own, for tests that
    change the config or the contacts and must not disturb the shared one."""
    config = tmp_path / "config.toml"
    config.write_text(f'store = "{tmp_path / "store.db"}"\nlanguage = "en"\n{COMPANY}', "utf-8")
    runner = CliRunner()
    options = ["--config", str(config)]
    imported = runner.invoke(app, [*options, "import", "-q", str(mailbox)])
    assert imported.exit_code == 0, imported.output
    return runner, options, config


def test_json_reasons_carry_ids_that_do_not_change_with_the_language(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    english = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    zh = _in_chinese(options, tmp_path)
    chinese = json.loads(
        runner.invoke(app, ["--config", str(zh), "grade", "--show", "--json"]).output
    )
    rules = {
        r["id"]
        for r in json.loads(runner.invoke(app, [*options, "rules", "list", "--json"]).output)
    }
    for table in ("contacts", "flagged"):
        for en, cn in zip(english[table], chinese[table], strict=True):
            assert len(en["reason_ids"]) == len(en["reasons"]) and en["reasons"] != cn["reasons"]
            assert en["reason_ids"] == cn["reason_ids"]
            assert all(i in rules or i.startswith("level:") for i in en["reason_ids"]), en
            assert en["flags"] == sorted(en["flags"])
    flagged = english["flagged"][0]
    mail = json.loads(
        runner.invoke(app, [*options, "contact", "show", str(flagged["id"]), "--json"]).output
    )["mail"]
    assert all(m["flags"] == sorted(m["flags"]) for m in mail)


def test_a_pin_is_not_saved_when_the_rules_file_is_broken(tmp_path: Path) -> None:
    runner, options, config = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    address, contact = next(iter(_contacts(runner, options).items()))
    (tmp_path / "mine.yaml").write_text("version: 1\nrules:\n  - id: X\n    wieght: 1\n", "utf-8")
    text = config.read_text("utf-8")
    config.write_text(text.replace("[grading]\n", '[grading]\nrules = "mine.yaml"\n'), "utf-8")
    pinned = runner.invoke(app, [*options, "grade", "--set", address, "1"])
    assert pinned.exit_code == 2 and "mine.yaml:4" in pinned.output, pinned.output
    assert "pinned" not in pinned.output
    config.write_text(text, "utf-8")
    after = _contacts(runner, options)[address]
    assert (after["pinned"], after["level"]) == (False, contact["level"])


def test_mail_in_our_name_that_failed_our_checks_is_flagged_and_shown(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path, SPOOFING)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    shown = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    everyone = shown["contacts"] + shown["flagged"]
    # Our colleague's own mail makes no contact; the buyer writing to her does, and so does
    # her free-mail address, signed with our website and phone: not bound to the spoofer.
    assert sorted(a for c in everyone for a in c["addresses"]) == [
        "k.weber@rheinarmatur.de",
        "lily@everbright-valve.cn",
        "lilychen88@qq.com",
    ]
    assert len(everyone) == 3
    (spoofer,) = [c for c in everyone if "lily@everbright-valve.cn" in c["addresses"]]
    assert spoofer["addresses"] == ["lily@everbright-valve.cn"]
    assert "phishing" in spoofer["flags"]
    assert spoofer["reasons"][0] == (
        "Claims to be from our own domain, but failed our servers' SPF or DMARC check"
    )
    # The spoofer's mail is the spoof alone: not the colleague's own, nor the buyer's to her.
    detail = runner.invoke(app, [*options, "contact", "show", str(spoofer["id"]), "--json"])
    subjects = [m["subject"] for m in json.loads(detail.output)["mail"]]
    assert subjects == ["Urgent: supplier payment today"]
    flags, contacts = {}, {}
    for message in (1, 2, 3, 4):
        explained = runner.invoke(app, [*options, "grade", "--explain", str(message), "--json"])
        detail = json.loads(explained.output)
        flags[detail["subject"]] = detail["flags"]
        contacts[detail["subject"]] = detail["contact"]
    assert "phishing" in flags["Urgent: supplier payment today"]
    assert flags["Rheinarmatur deposit for PI EBV-PI-260931"] == []  # ours: never flagged
    # Nor shown as the spoofer's, though it is From the address the spoofer used.
    assert contacts["Rheinarmatur deposit for PI EBV-PI-260931"] is None
    assert contacts["Urgent: supplier payment today"] == spoofer["id"]
    assert flags["Deposit for PI EBV-PI-260931 paid"] == []
    # Marking all the spoofer sent marks the spoof, not our colleague's own mail.
    learned = runner.invoke(app, [*options, "learn", "phishing", "--contact", str(spoofer["id"])])
    assert "1 of 1 messages newly marked phishing" in learned.output, learned.output


def test_a_spoofers_reasons_come_from_the_spoofs_not_our_colleagues_mail(
    tmp_path: Path,
) -> None:
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    spoof = (SPOOFING / "boss-payment-spoofs-our-domain.eml").read_text("utf-8")
    head = spoof.split("\n\n", 1)[0].replace(
        "Reply-To: Lily Chen <lily.everbright.cn@gmail.com>\n", ""
    )
    (mailbox / "spoof.eml").write_text(head + "\n\nPlease call me.\n", "utf-8")
    # Our colleague's own mail, retelling a scam she received: its hits are hers, not the
    # spoofer's.
    ours = (SPOOFING / "colleague-passes-our-checks.eml").read_text("utf-8").split("\n\n", 1)[0]
    story = "A barrister wrote about an inheritance of USD 10.5 million and a consignment box."
    (mailbox / "ours.eml").write_text(ours + "\n\n" + story + "\n", "utf-8")
    runner, options, _ = _fresh_store(tmp_path, mailbox)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    shown = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    (spoofer,) = shown["flagged"]
    assert not any("advance-fee" in reason for reason in spoofer["reasons"]), spoofer["reasons"]


def test_config_change_regrades(tmp_path: Path) -> None:
    runner, options, config = _fresh_store(tmp_path)
    first = runner.invoke(app, [*options, "grade"])
    assert "123 messages graded" in first.output, first.output
    text = config.read_text("utf-8").replace('"Gate valve"', '"Gate valve, cast steel"')
    config.write_text(text, "utf-8")
    again = runner.invoke(app, [*options, "grade"])
    assert again.exit_code == 0, again.output
    assert "123 messages graded, 0 unchanged" in again.output
    idle = runner.invoke(app, [*options, "grade"])
    assert "0 messages graded, 123 unchanged" in idle.output


def test_link_deletes_the_emptied_contact_and_edits_refresh_only_their_contacts(
    tmp_path: Path,
) -> None:
    import sqlite3

    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    (gone, moved), (kept, _) = _two_single_address_contacts(runner, options)
    address = moved["addresses"][0]  # type: ignore[index]
    linked = runner.invoke(app, [*options, "contact", "link", address, str(kept)])
    assert linked.exit_code == 0, linked.output
    with sqlite3.connect(tmp_path / "store.db") as conn:
        (unfolded,) = conn.execute(
            "SELECT count(*) FROM message_grades WHERE folded = 0"
        ).fetchone()
    assert 0 < unfolded < 123  # only the two contacts' mail, not the whole store
    after = _contacts(runner, options)
    assert after[address]["id"] == kept
    shown_all = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    assert gone not in {c["id"] for c in shown_all["contacts"] + shown_all["flagged"]}
    shown = runner.invoke(app, [*options, "contact", "show", str(gone)])
    assert shown.exit_code != 0
    with sqlite3.connect(tmp_path / "store.db") as conn:
        assert conn.execute("SELECT 1 FROM contacts WHERE id = ?", (gone,)).fetchone() is None


def test_link_carries_the_emptied_contacts_marks_over(tmp_path: Path) -> None:
    # The clerk's knowledge of the buyer (an order, the owner, tags, groups) is the buyer's,
    # whichever address it was noted against.
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    (gone, moved), (kept, _) = _two_single_address_contacts(runner, options)
    marked = runner.invoke(
        app,
        [*options, "contact", "mark", str(gone), "--ordered", "--owner", "Lily", "--tag", "vip",
         "--group", "latam"],
    )  # fmt: skip
    assert marked.exit_code == 0, marked.output
    runner.invoke(app, [*options, "contact", "mark", str(kept), "--tag", "spain"])
    address = moved["addresses"][0]  # type: ignore[index]
    linked = runner.invoke(app, [*options, "contact", "link", address, str(kept)])
    assert linked.exit_code == 0, linked.output
    assert f"contact {gone}" in linked.output and "carried over" in linked.output
    assert "except" not in linked.output  # nothing of it stayed behind
    shown = runner.invoke(app, [*options, "contact", "show", str(kept), "--json"])
    view = json.loads(shown.output)["contact"]
    assert view["ordered"] is True and view["owner"] == "Lily"
    assert set(view["tags"]) == {"vip", "spain"} and view["groups"] == ["latam"]
    assert view["level"] == 1


def test_a_merged_contacts_number_is_never_given_to_a_new_buyer(tmp_path: Path) -> None:
    # "contact 57" in the clerk's notes must not come to mean somebody else.
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    # As a store graded before the highest id was kept: the merge must keep it itself.
    with sqlite3.connect(tmp_path / "store.db") as db:
        db.execute("DELETE FROM meta WHERE key = 'last_contact_id'")
    contacts = _contacts(runner, options)
    highest = max(int(str(c["id"])) for c in contacts.values())
    last = next(c for c in contacts.values() if c["id"] == highest)
    assert len(last["addresses"]) == 1  # type: ignore[arg-type]
    other = next(c for c in contacts.values() if c["id"] != highest)
    address = last["addresses"][0]  # type: ignore[index]
    linked = runner.invoke(app, [*options, "contact", "link", address, str(other["id"])])
    assert linked.exit_code == 0 and f"contact {highest} had no other address" in linked.output
    newcomer = tmp_path / "new"
    newcomer.mkdir()
    (newcomer / "new.eml").write_bytes(
        b"From: Ana Souza <ana@novacliente.com.br>\r\nTo: sales@everbright-valve.cn\r\n"
        b"Subject: ball valve price\r\nDate: Mon, 16 Nov 2026 10:00:00 -0300\r\n"
        b"Message-ID: <new-buyer-1@novacliente.com.br>\r\n\r\nPlease quote EB-BV316-DN25.\r\n"
    )
    assert runner.invoke(app, [*options, "import", "-q", str(newcomer)]).exit_code == 0
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    assert _contacts(runner, options)["ana@novacliente.com.br"]["id"] == highest + 1


def test_link_says_which_owner_and_pin_stay_behind(tmp_path: Path) -> None:
    # The contact kept has its own owner and pin: they stay, and the clerk is told so.
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    (gone, moved), (kept, _) = _two_single_address_contacts(runner, options)
    for ident, owner, level in ((gone, "wang", "2"), (kept, "lily", "3")):
        runner.invoke(app, [*options, "contact", "mark", str(ident), "--owner", owner])
        runner.invoke(app, [*options, "grade", "--set", str(ident), level])
    address = moved["addresses"][0]  # type: ignore[index]
    linked = runner.invoke(app, [*options, "contact", "link", address, str(kept)])
    assert linked.exit_code == 0, linked.output
    said = " ".join(linked.output.split())
    assert f"except its owner wang (contact {kept} is lily's)" in said
    assert f"its pin at level 2 (contact {kept} is pinned at 3)" in said
    view = json.loads(
        runner.invoke(app, [*options, "contact", "show", str(kept), "--json"]).output
    )["contact"]
    assert (view["owner"], view["level"]) == ("lily", 3)


def test_contact_show_lists_the_mail_its_level_counts(tmp_path: Path) -> None:
    """Mail that only Cc's a contact counts towards its level, so `contact show` lists it."""
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    # Our reply To the buyer's Gmail address, Cc his company address.
    (mailbox / "reply.eml").write_bytes((INQUIRIES / "hoangphat-06.eml").read_bytes())
    runner, options, _ = _fresh_store(tmp_path, mailbox=mailbox)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    for address in ("minh.nv@hoangphatvalve.vn", "minh.hoangphat@gmail.com"):
        shown = runner.invoke(app, [*options, "contact", "show", address, "--json"])
        assert shown.exit_code == 0, shown.output
        data = json.loads(shown.output)
        assert len(data["mail"]) == 1, (address, data)
        assert data["mail"][0]["from"] == "lily@everbright-valve.cn"


def _urgency(contact: dict[str, Any]) -> int:
    """0: an answer or a touch due now (not stale), 1: due but stale, 2: nothing due."""
    from tradetriage.grading.report import STALE_AFTER

    now = datetime.now(UTC)
    since = contact["waiting_since"] or (contact["due_at"] if contact["overdue"] else None)
    if since is None:
        return 2
    return 0 if datetime.fromisoformat(since) >= now - STALE_AFTER else 1


def test_show_limit_keeps_the_attention_order(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    full = runner.invoke(app, [*options, "grade", "--show", "--json"])
    limited = runner.invoke(app, [*options, "grade", "--show", "--json", "--limit", "5"])
    assert limited.exit_code == 0, limited.output

    def ids(output: str) -> set[int]:
        data = json.loads(output)
        return {c["id"] for c in data["contacts"] + data["flagged"]}

    everyone = json.loads(full.output)
    ordered = everyone["contacts"]
    assert ordered == sorted(
        ordered,
        key=lambda c: (_urgency(c), c["level"], c["due_at"] or c["last_inbound"] or "~"),
    )
    # Warnings newest first: yesterday's scam, not last year's.
    warnings = everyone["flagged"]
    assert warnings == sorted(warnings, key=lambda c: c["last_inbound"] or "", reverse=True)
    first = json.loads(limited.output)
    # Each table on its own: five to answer, and the first five warnings, never none of them.
    assert first["contacts"] == ordered[:5]
    assert first["flagged"] == everyone["flagged"][:5] and len(everyone["flagged"]) > 5
    assert ids(limited.output) <= ids(full.output)


def test_contact_show_has_groups_and_why_each_address_is_bound(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    contacts = _contacts(runner, options)
    address, contact = next((a, c) for a, c in contacts.items() if len(c["addresses"]) == 1)  # type: ignore[arg-type]
    ident = str(contact["id"])
    marked = runner.invoke(
        app, [*options, "contact", "mark", ident, "--group", "Middle East", "--tag", "valves"]
    )
    assert marked.exit_code == 0, marked.output
    extra = "buyer.private@example.org"
    assert runner.invoke(app, [*options, "contact", "link", extra, ident]).exit_code == 0
    shown = runner.invoke(app, [*options, "contact", "show", ident, "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    assert data["contact"]["groups"] == ["Middle East"]
    assert data["contact"]["tags"] == ["valves"]
    bindings = {b["addr"]: b for b in data["bindings"]}
    assert bindings[extra] == {"addr": extra, "bound_by": "user", "why": "linked by you"}
    assert bindings[address]["bound_by"] == "auto" and bindings[address]["why"]
    assert "mail" in data
    text = runner.invoke(app, [*options, "contact", "show", ident], env={"COLUMNS": "200"})
    assert text.exit_code == 0, text.output
    assert "groups: Middle East" in text.output
    assert f"{extra}  (you: linked by you)" in text.output
    assert f"{address}  (auto: {bindings[address]['why']})" in text.output
    # In Chinese the reasons are Chinese too; --json keeps them as stored.
    zh = _in_chinese(options, tmp_path)
    chinese = runner.invoke(app, ["--config", str(zh), "contact", "show", ident],
                            env={"COLUMNS": "200"})  # fmt: skip
    assert f"{extra}  (你: 由你关联)" in chinese.output, chinese.output
    assert " (自动: " in chinese.output
    assert not any(why in chinese.output for why in ("linked by you", "new contact", "same "))


def test_contact_show_counts_mail_both_ways(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    busiest = max(_contacts(runner, options).values(), key=lambda c: c["outbound"])  # type: ignore[arg-type, return-value]
    ident = str(busiest["id"])
    shown = runner.invoke(app, [*options, "contact", "show", ident, "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output)
    contact, mail = data["contact"], data["mail"]
    ours = [m for m in mail if m["from"].endswith("@everbright-valve.cn")]
    assert contact["outbound"] == len(ours) > 0
    assert contact["inbound"] == len(mail) - len(ours) > 0
    assert contact["last_outbound"] == max(m["date"] for m in ours)
    text = runner.invoke(app, [*options, "contact", "show", ident], env={"COLUMNS": "200"})
    assert f"mail: {contact['inbound']} from them (last " in text.output
    assert f"{contact['outbound']} from us (last " in text.output


def test_a_store_with_english_reasons_is_rebuilt_with_codes(tmp_path: Path) -> None:
    """Migration 4 unfolds every grade, so a store whose contacts hold English reasons gets
    [code, number] reasons at the next grading run."""
    import sqlite3

    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    with sqlite3.connect(tmp_path / "store.db") as conn:
        conn.execute("UPDATE contacts SET reasons = '[\"has ordered\"]'")
        conn.execute("UPDATE message_grades SET folded = 1")
        conn.execute("PRAGMA user_version = 3")
    again = runner.invoke(app, [*options, "grade"])
    assert again.exit_code == 0, again.output
    assert "0 messages graded" in again.output
    with sqlite3.connect(tmp_path / "store.db") as conn:
        stored = [json.loads(r) for (r,) in conn.execute("SELECT reasons FROM contacts")]
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 4
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert stored and all(isinstance(r, list) for reasons in stored for r in reasons)
    assert ["has ordered"] not in stored


def test_a_from_without_a_mailbox_makes_no_contact(tmp_path: Path) -> None:
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    for n, sender in enumerate(["Sales Team", "Sales Department", "a@b@c"]):
        (mailbox / f"{n}.eml").write_text(
            f"From: {sender}\nTo: sales@everbright-valve.cn\nSubject: catalogue {n}\n"
            f"Date: Mon, 10 Mar 2025 08:00:00 +0100\nMessage-ID: <junk-{n}@x.example>\n\n"
            "Please send your catalogue.\n",
            "utf-8",
        )
    runner, options, _ = _fresh_store(tmp_path, mailbox)
    graded = runner.invoke(app, [*options, "grade"])
    assert graded.exit_code == 0, graded.output
    assert "3 messages graded" in graded.output
    assert _contacts(runner, options) == {}  # not one contact "sales" joining two strangers


def test_a_flagged_contacts_reasons_are_what_flags_it_not_its_good_signs(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    complete = "Complete signature (four or more of company, website, phone, fax, address, "
    buyer = next(
        c
        for c in _contacts(runner, options).values()
        if not c["flags"] and any(str(r).startswith(complete) for r in c["reasons"])  # type: ignore[attr-defined]
    )
    detail = runner.invoke(app, [*options, "contact", "show", str(buyer["id"]), "--json"])
    mail = json.loads(detail.output)["mail"]
    message = next(m["id"] for m in mail if m["from"] in buyer["addresses"])  # theirs, not ours
    assert runner.invoke(app, [*options, "learn", "phishing", str(message)]).exit_code == 0
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    flagged = _contacts(runner, options)[buyer["addresses"][0]]  # type: ignore[index]
    assert flagged["flags"] == ["phishing"]
    assert flagged["reasons"][0] == "You marked this message as phishing"  # type: ignore[index]
    assert not any(str(r).startswith(complete) for r in flagged["reasons"])  # type: ignore[attr-defined]


def test_a_contact_left_without_mail_leaves_the_listing(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    (donor, moved), (receiver, _) = _two_single_address_contacts(runner, options)
    # The donor keeps an address that never wrote, and loses the one whose mail it had.
    spare = "spare.address@example.org"
    assert runner.invoke(app, [*options, "contact", "link", spare, str(donor)]).exit_code == 0
    address = moved["addresses"][0]  # type: ignore[index]
    assert runner.invoke(app, [*options, "contact", "link", address, str(receiver)]).exit_code == 0
    after = _contacts(runner, options)
    assert spare not in after  # no level: not listed, though the contact and its address stay
    assert after[address]["id"] == receiver
    shown = runner.invoke(app, [*options, "contact", "show", str(donor)])
    assert shown.exit_code == 0, shown.output
    assert "no level (no mail)" in shown.stdout and spare in shown.stdout


def _graded_without_our_domain(tmp_path: Path) -> tuple[CliRunner, list[str], Path, str]:
    """The inquiry set graded with [company] domain and website left out (our colleagues are
    then contacts like any others); returns the config's full text to write back."""
    runner, options, config = _fresh_store(tmp_path)
    text = config.read_text("utf-8")
    unset = text.replace('domain = "everbright-valve.cn"\n', "").replace(
        'website = "https://www.everbright-valve.cn"\n', ""
    )
    config.write_text(unset, "utf-8")
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    return runner, options, config, text


def test_our_colleagues_leave_the_listing_once_our_domain_is_configured(tmp_path: Path) -> None:
    runner, options, config, text = _graded_without_our_domain(tmp_path)
    assert any(a.endswith("@everbright-valve.cn") for a in _contacts(runner, options))
    config.write_text(text, "utf-8")  # the clerk fills in [company] domain
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    assert not any(a.endswith("@everbright-valve.cn") for a in _contacts(runner, options))


def test_a_buyer_without_a_date_waits_from_when_our_server_received_it(tmp_path: Path) -> None:
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    (mailbox / "rfq.eml").write_text(
        "Received: from mail.rheinarmatur.de (mail.rheinarmatur.de [80.156.1.2]) by "
        "mx.everbright-valve.cn (Postfix) with ESMTP id 1; Mon, 23 Nov 2026 16:00:01 +0800\n"
        "From: Hans Becker <h.becker@rheinarmatur.de>\nTo: sales@everbright-valve.cn\n"
        "Subject: RFQ EB-BV316-DN25, 200 pcs\nMessage-ID: <rfq-no-date@rheinarmatur.de>\n\n"
        "Please quote 200 pcs EB-BV316-DN25 ball valves, FOB Ningbo.\n",
        "utf-8",
    )
    runner, options, _ = _fresh_store(tmp_path, mailbox)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    hans = _contacts(runner, options)["h.becker@rheinarmatur.de"]
    assert hans["waiting_since"] == "2026-11-23T08:00:01+00:00"
    assert hans["last_inbound"] == "2026-11-23T08:00:01+00:00"


def test_grades_do_not_depend_on_the_order_mail_arrives_in(tmp_path: Path) -> None:
    # A buyer's domain looks like a known customer's until our reply to it makes it known
    # too: the buyer's earlier mail is graded again then, as if all had come at once.
    demo = Path(__file__).parent.parent / "src" / "tradetriage" / "demo" / "mailbox"
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    for name in ("hongchang-01.eml", "hongchang-02.eml"):  # the inquiry, then our reply
        imported = runner.invoke(app, [*options, "import", "-q", str(demo / name)])
        assert imported.exit_code == 0, imported.output
        graded = runner.invoke(app, [*options, "grade"])
        assert graded.exit_code == 0, graded.output
    buyer = _contacts(runner, options)["jm.lin@hongchang-me.com.tw"]
    assert buyer["flags"] == [] and buyer["level"] == 3


@pytest.mark.parametrize("width", ["40", "60", "80", "110", "125", "200"])
def test_show_keeps_names_and_reasons_readable_at_any_width(
    graded: tuple[CliRunner, list[str]], width: str
) -> None:
    runner, options = graded
    data = json.loads(runner.invoke(app, [*options, "grade", "--show", "--json"]).output)
    shown = runner.invoke(app, [*options, "grade", "--show"], env={"COLUMNS": width})
    assert shown.exit_code == 0, shown.output
    text = " ".join(shown.output.replace("│", " ").split())
    for contact in data["contacts"][:5] + data["flagged"][:5]:
        # The name's first word, or its first eight letters (an address folds), and the first
        # reason's first word: not "Kla…" or a column squeezed to nothing.
        first = str(contact["name"]).split()[0]
        # (Four Chinese characters: at 40 columns eight take two lines.)
        assert first[: 8 if first.isascii() else 4] in text, (width, contact["name"])
        assert contact["reasons"][0].split()[0] in text
    # The flags of the flagged table are never squeezed away (the title says "Suspected"),
    # and no table is wider than the terminal.
    assert "suspect" in shown.output
    assert max(len(line) for line in shown.output.splitlines()) <= int(width)


def test_chinese_is_wrapped_not_cut_off(
    graded: tuple[CliRunner, list[str]], tmp_path: Path
) -> None:
    runner, options = graded
    zh = _in_chinese(options, tmp_path)
    shown = runner.invoke(app, ["--config", str(zh), "grade", "--show"], env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    assert "…" not in shown.output
    listed = runner.invoke(app, ["--config", str(zh), "rules", "list"], env={"COLUMNS": "60"})
    assert "…" not in listed.output and "预付款诈骗" in listed.output
    message = json.loads(runner.invoke(app, [*options, "list", "--json", "-n", "1"]).output)[0]
    explained = runner.invoke(app, ["--config", str(zh), "grade", "--explain", str(message["id"])])
    assert "命中的规则" in explained.output and "Rule hits" not in explained.output


def test_set_with_json_prints_only_json(graded: tuple[CliRunner, list[str]]) -> None:
    runner, options = graded
    [(contact, _), _] = _two_single_address_contacts(runner, options)
    pinned = runner.invoke(app, [*options, "grade", "--set", str(contact), "auto", "--json"])
    assert pinned.exit_code == 0, pinned.output
    assert "graded" in json.loads(pinned.output)


@pytest.mark.parametrize("address", ["not an address", "", "sales", "a@b", "x <a@b.com>"])
def test_link_refuses_what_is_not_an_address(tmp_path: Path, address: str) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    [(contact, _), _] = _two_single_address_contacts(runner, options)
    linked = runner.invoke(app, [*options, "contact", "link", address, str(contact)])
    assert linked.exit_code == 2, linked.output
    assert "not an e-mail address" in linked.output


def test_mark_needs_something_to_mark(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    [(contact, _), _] = _two_single_address_contacts(runner, options)
    for extra in ([], ["--tag", ""], ["--group", " "], ["--untag", " "], ["--ungroup", ""]):
        marked = runner.invoke(app, [*options, "contact", "mark", str(contact), *extra])
        assert marked.exit_code == 2, (extra, marked.output)


def test_link_refuses_an_address_of_ours(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    [(contact, _), _] = _two_single_address_contacts(runner, options)
    linked = runner.invoke(
        app, [*options, "contact", "link", "lily@everbright-valve.cn", str(contact)]
    )
    assert linked.exit_code == 2, linked.output
    assert "address of ours" in linked.output


def test_a_config_change_survives_a_run_killed_half_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tradetriage.grading.messages as messages

    runner, options, config, text = _graded_without_our_domain(tmp_path)
    config.write_text(text, "utf-8")  # our colleagues' mail is now ours: they leave the listing
    monkeypatch.setitem(messages.grade_messages.__kwdefaults__, "batch", 10)
    write, calls = messages._write, []

    def killed_on_the_third_batch(*args: object, **kwargs: object) -> list[str]:
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return write(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(messages, "_write", killed_on_the_third_batch)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 130
    monkeypatch.setattr(messages, "_write", write)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    assert not any(a.endswith("@everbright-valve.cn") for a in _contacts(runner, options))


def test_the_summary_counts_only_newly_flagged_mail(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    first = runner.invoke(app, [*options, "grade", "--json"])
    assert json.loads(first.output)["flagged"]["suspect-fraud"] > 0
    again = runner.invoke(app, [*options, "grade", "--all", "--json"])
    assert json.loads(again.output)["graded"] == 123
    assert json.loads(again.output)["flagged"] == {}  # the same flags again: nothing new


def test_options_that_do_not_go_together_are_usage_errors(
    graded: tuple[CliRunner, list[str]],
) -> None:
    runner, options = graded
    both = runner.invoke(app, [*options, "grade", "--show", "--explain", "1"])
    assert both.exit_code == 2 and "not both" in both.output
    alone = runner.invoke(app, [*options, "grade", "--limit", "3"])
    assert alone.exit_code == 2 and "--show" in alone.output


def test_every_reason_the_received_walk_gives_has_a_chinese_text() -> None:
    from datetime import UTC, datetime

    from tradetriage.cli.grade import hop_reason
    from tradetriage.config import load_config
    from tradetriage.grading.context import origin_context
    from tradetriage.mail.parse import parse_message
    from tradetriage.signals.origin import walk

    demo = Path(__file__).resolve().parent.parent / "src" / "tradetriage" / "demo"
    config = load_config(demo / "config.toml").model_copy(update={"store": Path("unused.db")})
    ctx = origin_context(config, datetime(2026, 11, 20, tzinfo=UTC))
    fixtures = Path(__file__).parent / "fixtures"
    reasons = set()
    for path in [*demo.glob("mailbox/*.eml"), *fixtures.glob("*/*.eml")]:
        reasons |= {hop.reason for hop in walk(parse_message(path.read_bytes()), ctx)}
    assert len(reasons) >= 8  # relays of named providers, hosts, submissions, origins, …
    untranslated = {r for r in reasons if hop_reason(r, "zh") == r}
    assert not untranslated
    assert hop_reason("google host mail-sor-f41.google.com", "zh") == (
        "google 的主机 mail-sor-f41.google.com"
    )
    assert hop_reason("authenticated submission (ESMTPSA)", "zh") == "认证提交（ESMTPSA）"


def test_learning_a_spoofer_never_marks_our_colleagues_mail_not_yet_graded(
    tmp_path: Path,
) -> None:
    first = tmp_path / "first"
    first.mkdir()
    for name in ("boss-payment-spoofs-our-domain.eml", "buyer-writes-to-our-colleague.eml"):
        (first / name).write_bytes((SPOOFING / name).read_bytes())
    runner, options, _ = _fresh_store(tmp_path, first)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    # Our colleague's own mail arrives (a sync), and the clerk marks the spoofer at once.
    colleague = SPOOFING / "colleague-passes-our-checks.eml"
    assert runner.invoke(app, [*options, "import", str(colleague)]).exit_code == 0
    learned = runner.invoke(
        app, [*options, "learn", "phishing", "--contact", "lily@everbright-valve.cn"]
    )
    assert "1 of 1 messages newly marked phishing" in learned.output, learned.output


def test_a_shortcut_inside_a_zip_is_shown_and_flagged(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path, ATTACHMENTS)
    shown = runner.invoke(app, [*options, "show", "1"])
    assert "└ Anfrage_RAB-2024-0709/Stueckliste.pdf.lnk" in shown.output, shown.output
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    explained = runner.invoke(app, [*options, "grade", "--explain", "1", "--json"])
    detail = json.loads(explained.output)
    assert "phishing" in detail["flags"]
    (hit,) = [h for h in detail["hits"] if h["rule_id"] == "PHISH_PROGRAM_ATTACHMENT"]
    assert hit["evidence"].startswith("attached: Stueckliste.pdf.lnk in Anfrage_RAB")
