"""``contact show``'s mail lines, ``contact mark`` on a pinned contact, and both on a contact
left with no mail, through the CLI."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rich.cells import cell_len
from typer.testing import CliRunner

from test_grade_cli import _contacts, _fresh_store, _in_chinese
from tradetriage.cli import app

CJK_SENDER = "采购@华强.中国"
LONG_SENDER = "procurement.globalpetroleumsupplies@petro-supplies.com"
BLANK_SENDER = "buyer@blank-subject.com"
# Escaped, "[@click=…]" takes a backslash more; the cut must not count it.
BRACKET_SUBJECT = (
    "Inquiry ball valve [@click=app.quit] EB-BV316-DN50 and gate valve EB-GV-PN16 for Q3"
)
MAIL = {
    "cjk.eml": (CJK_SENDER, "球阀询价 EB-BV316-DN50"),
    "long.eml": (LONG_SENDER, BRACKET_SUBJECT),
    "blank.eml": (BLANK_SENDER, ""),
}


def _one_contact_with_awkward_mail(tmp_path: Path) -> tuple[CliRunner, list[str], str]:
    """Three mails (a CJK sender, a long sender with a long bracketed subject, an empty
    subject) whose addresses are linked into one contact; returns its number."""
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    for n, (name, (sender, subject)) in enumerate(MAIL.items()):
        (mailbox / name).write_bytes(
            f"From: {sender}\r\nTo: sales@everbright-valve.cn\r\nSubject: {subject}\r\n"
            f"Date: Mon, 10 Mar 2025 0{n}:00:00 +0100\r\nMessage-ID: <awkward-{n}@x.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\nPlease quote ball valves.\r\n".encode()
        )
    runner, options, _ = _fresh_store(tmp_path, mailbox)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    ident = str(_contacts(runner, options)[CJK_SENDER]["id"])
    for sender in (LONG_SENDER, BLANK_SENDER):
        linked = runner.invoke(app, [*options, "contact", "link", sender, ident])
        assert linked.exit_code == 0, linked.output
    return runner, options, ident


def _mail_lines(output: str) -> list[str]:
    """The mail lines: "  id  date  from  subject"."""
    return [line for line in output.splitlines() if re.match(r" +\d+  2025-", line)]


def test_contact_show_mail_lines_line_up_in_cells_and_mark_cuts(tmp_path: Path) -> None:
    runner, options, ident = _one_contact_with_awkward_mail(tmp_path)
    shown = runner.invoke(app, [*options, "contact", "show", ident], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    lines = _mail_lines(shown.output)
    assert len(lines) == 3, shown.output
    by_sender = {s: next(line for line in lines if s[:20] in line) for s, _ in MAIL.values()}
    # The subject column starts at one screen column, whatever the sender's script.
    starts = {
        cell_len(by_sender[CJK_SENDER].split("球阀询价")[0]),
        cell_len(by_sender[LONG_SENDER].split("Inquiry")[0]),
        cell_len(by_sender[BLANK_SENDER].split("(no subject)")[0]),
    }
    assert len(starts) == 1, lines
    # A cut is marked, and counts what the clerk sees, not Rich's escaping backslashes.
    assert LONG_SENDER[:29] + "…" in by_sender[LONG_SENDER]
    assert by_sender[LONG_SENDER].rstrip().endswith(BRACKET_SUBJECT[:59] + "…")
    assert "\\[" not in shown.output


def test_contact_show_fits_the_subject_to_a_narrow_console(tmp_path: Path) -> None:
    runner, options, ident = _one_contact_with_awkward_mail(tmp_path)
    shown = runner.invoke(app, [*options, "contact", "show", ident], env={"COLUMNS": "80"})
    assert shown.exit_code == 0, shown.output
    lines = _mail_lines(shown.output)
    assert len(lines) == 3, shown.output  # one line each, none wrapped
    assert all(cell_len(line) <= 80 for line in lines), lines
    assert any(line.rstrip().endswith("…") and "Inquiry" in line for line in lines), lines


def test_contact_show_says_no_subject_in_the_clerks_language(tmp_path: Path) -> None:
    runner, options, ident = _one_contact_with_awkward_mail(tmp_path)
    zh = _in_chinese(options, tmp_path)
    shown = runner.invoke(app, ["--config", str(zh), "contact", "show", ident],
                          env={"COLUMNS": "200"})  # fmt: skip
    assert shown.exit_code == 0, shown.output
    blank = next(line for line in _mail_lines(shown.output) if BLANK_SENDER in line)
    assert blank.rstrip().endswith("（无主题）"), blank


def test_marking_a_pinned_contact_says_the_pin_holds_its_level(tmp_path: Path) -> None:
    runner, options, _ = _fresh_store(tmp_path)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    address, contact = next((a, c) for a, c in _contacts(runner, options).items()
                            if c["level"] == 3)  # fmt: skip
    ident = str(contact["id"])
    assert runner.invoke(app, [*options, "grade", "--set", ident, "4"]).exit_code == 0
    marked = runner.invoke(app, [*options, "contact", "mark", ident, "--ordered"])
    assert marked.exit_code == 0, marked.output
    assert f"contact {ident} is pinned at level 4" in marked.output
    assert f"`tradetriage grade --set {ident} auto`" in marked.output
    assert "shows the new level" not in marked.output
    after = _contacts(runner, options)[address]
    assert (after["level"], after["pinned"], after["ordered"]) == (4, True, True)
    zh = _in_chinese(options, tmp_path)
    visited = runner.invoke(app, ["--config", str(zh), "contact", "mark", ident, "--visited"])
    assert visited.exit_code == 0, visited.output
    assert "固定" in visited.output and f"grade --set {ident} auto" in visited.output
    assert "pinned" not in visited.output
    # Once unpinned, the order shows, and a mark says so as before.
    assert runner.invoke(app, [*options, "grade", "--set", ident, "auto"]).exit_code == 0
    again = runner.invoke(app, [*options, "contact", "mark", ident, "--not-visited"])
    assert "shows the new level" in again.output
    assert _contacts(runner, options)[address]["level"] == 1


def _contact_left_with_no_mail(tmp_path: Path) -> tuple[CliRunner, list[str], str]:
    """Two buyers' mails; the first buyer's contact also holds an address that never wrote,
    then its mail address is linked to the other buyer: it is left with no mail. Marked,
    tagged, owned and pinned before that. Returns its number."""
    mailbox = tmp_path / "mail"
    mailbox.mkdir()
    for n, sender in enumerate(("tom@first-buyer.com", "ana@second-buyer.com")):
        (mailbox / f"{n}.eml").write_bytes(
            f"From: {sender}\r\nTo: sales@everbright-valve.cn\r\nSubject: ball valves\r\n"
            f"Date: Mon, 10 Mar 2025 0{n}:00:00 +0100\r\nMessage-ID: <left-{n}@x.example>\r\n"
            "Content-Type: text/plain\r\n\r\nPlease quote ball valves EB-BV316-DN50.\r\n".encode()
        )
    runner, options, _ = _fresh_store(tmp_path, mailbox)
    assert runner.invoke(app, [*options, "grade"]).exit_code == 0
    contacts = _contacts(runner, options)
    ident, other = (str(contacts[a]["id"]) for a in ("tom@first-buyer.com", "ana@second-buyer.com"))
    for command in (
        ["contact", "link", "quiet@first-buyer-old.com", ident],
        ["contact", "mark", ident, "--owner", "Lily", "--tag", "vip", "--visited"],
        ["grade", "--set", ident, "2"],
        ["contact", "link", "tom@first-buyer.com", other],
        ["grade", "--all"],  # as the reviewer ran it: grading never gives it a level
    ):
        result = runner.invoke(app, [*options, *command])
        assert result.exit_code == 0, (command, result.output)
    assert ident not in {str(c["id"]) for c in _contacts(runner, options).values()}
    return runner, options, ident


def test_contact_show_shows_a_contact_left_with_no_mail(tmp_path: Path) -> None:
    runner, options, ident = _contact_left_with_no_mail(tmp_path)
    shown = runner.invoke(app, [*options, "contact", "show", ident], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert (
        lines[0].startswith(f"contact {ident}: ") and "no level (no mail; pinned at 2)" in lines[0]
    )
    assert "quiet@first-buyer-old.com" in shown.stdout and "tom@" not in shown.stdout
    assert "marks: visited; owner: Lily; tags: vip" in shown.stdout
    assert "mail: none from them or from us to them" in shown.stdout
    assert "grade" not in shown.stdout  # nothing for `grade` to do about it
    as_json = runner.invoke(app, [*options, "contact", "show", ident, "--json"])
    assert as_json.exit_code == 0, as_json.output
    detail = json.loads(as_json.stdout)
    view = detail["contact"]
    assert (view["level"], view["pinned"], view["pinned_level"]) == (None, True, 2)
    assert (view["owner"], view["tags"], view["visited"]) == ("Lily", ["vip"], True)
    assert view["addresses"] == ["quiet@first-buyer-old.com"]
    assert (view["inbound"], view["outbound"], detail["mail"]) == (0, 0, [])
    zh = _in_chinese(options, tmp_path)
    chinese = runner.invoke(app, ["--config", str(zh), "contact", "show", ident])
    assert chinese.exit_code == 0, chinese.output
    assert "无等级（没有邮件；已固定为二级）" in chinese.stdout


def test_marking_a_contact_left_with_no_mail_says_it_has_no_level(tmp_path: Path) -> None:
    runner, options, ident = _contact_left_with_no_mail(tmp_path)
    marked = runner.invoke(app, [*options, "contact", "mark", ident, "--tag", "x", "--ordered"])
    assert marked.exit_code == 0, marked.output
    assert marked.stdout.strip() == (
        f"contact {ident} updated; it has no mail, so no level until mail comes "
        f"(`tradetriage contact show {ident}` shows what you marked)"
    )
    # What it says is so: the mark is kept, and no level shows.
    shown = json.loads(runner.invoke(app, [*options, "contact", "show", ident, "--json"]).stdout)
    assert (shown["contact"]["level"], shown["contact"]["ordered"]) == (None, True)
    assert shown["contact"]["tags"] == ["vip", "x"]
    assert ident not in {str(c["id"]) for c in _contacts(runner, options).values()}
    zh = _in_chinese(options, tmp_path)
    chinese = runner.invoke(app, ["--config", str(zh), "contact", "mark", ident, "--untag", "x"])
    assert chinese.exit_code == 0, chinese.output
    assert "没有邮件" in chinese.stdout and "grade --show" not in chinese.stdout


def test_grade_refreshes_a_contact_left_with_no_mail_after_a_mark(tmp_path: Path) -> None:
    runner, options, ident = _contact_left_with_no_mail(tmp_path)
    assert runner.invoke(app, [*options, "contact", "mark", ident, "--ordered"]).exit_code == 0
    # Nothing else changed: the run is due for this one contact, and idle once it is done.
    first = json.loads(runner.invoke(app, [*options, "grade", "--json"]).stdout)
    again = json.loads(runner.invoke(app, [*options, "grade", "--json"]).stdout)
    assert first["contacts_updated"] == 1
    assert again["contacts_updated"] == 0


def test_pinning_a_contact_left_with_no_mail_says_no_level_shows(tmp_path: Path) -> None:
    runner, options, ident = _contact_left_with_no_mail(tmp_path)
    pinned = runner.invoke(app, [*options, "grade", "--set", ident, "3"])
    assert pinned.exit_code == 0, pinned.output
    assert pinned.stdout.splitlines()[0] == (
        f"contact {ident} pinned at level 3; it has no mail, so no level shows until mail comes"
    )
