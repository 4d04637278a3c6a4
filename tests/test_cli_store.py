"""``import``, ``list``, ``show``, ``search`` and ``doctor --offline`` through the CLI."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import CliInvoke, Mailbox, make_config, run_json

CHINESE = (
    "From: =?utf-8?B?5p2O57uP55CG?= <li.jingli@huaxin-trade.com.cn>\r\n"
    "To: sales@everbright-valve.cn\r\n"
    "Subject: =?utf-8?B?6K+i5Lu377ya5LiN6ZSI6ZKi55CD6ZiAIEVCLUJWMzE2LUROMjU=?=\r\n"
    "Date: Wed, 5 Mar 2025 09:12:00 +0800\r\n"
    "Message-ID: <cn-1@huaxin-trade.com.cn>\r\n"
    "Received: from mail.huaxin-trade.com.cn (mail.huaxin-trade.com.cn [218.2.0.1])\r\n"
    "\tby mx.everbright-valve.cn (Postfix) with ESMTPS; Wed, 5 Mar 2025 09:12:03 +0800\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "您好，请报价不锈钢球阀 EB-BV316-DN25，数量 500 个，FOB 宁波。\r\n"
)
ENGLISH = (
    "From: John Miller <john.miller@acme-pipes.com>\r\n"
    "To: sales@everbright-valve.cn\r\n"
    "Subject: RFQ gate valve EB-GV-PN16\r\n"
    "Date: Mon, 3 Mar 2025 09:00:00 +0100\r\n"
    "Message-ID: <en-1@acme-pipes.com>\r\n"
    "\r\n"
    "Dear Lily, please quote 200 pcs gate valve EB-GV-PN16, CIF Rotterdam.\r\n"
)
REPLY = (
    "From: Lily Chen <lily@everbright-valve.cn>\r\n"
    "To: John Miller <john.miller@acme-pipes.com>\r\n"
    "Subject: Re: RFQ gate valve EB-GV-PN16\r\n"
    "Date: Tue, 4 Mar 2025 10:30:00 +0800\r\n"
    "Message-ID: <re-1@everbright-valve.cn>\r\n"
    "In-Reply-To: <en-1@acme-pipes.com>\r\n"
    "\r\n"
    "Dear John, our price for EB-GV-PN16 is USD 38.50 per piece.\r\n"
)
STRAINER = (
    "From: Ahmed Saleh <ahmed@gulf-flow.ae>\r\n"
    "To: sales@everbright-valve.cn\r\n"
    "Subject: Y strainer EB-YS25 sample\r\n"
    "Date: Thu, 6 Mar 2025 14:00:00 +0400\r\n"
    "Message-ID: <ys-1@gulf-flow.ae>\r\n"
    "\r\n"
    "Can you send one sample of the Y strainer EB-YS25?\r\n"
)


def eml_folder(root: Path) -> Path:
    folder = root / "eml"
    folder.mkdir()
    for name, text in (("cn.eml", CHINESE), ("en.eml", ENGLISH), ("re.eml", REPLY)):
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def mbox_file(root: Path) -> Path:
    """An mbox with the English inquiry again (LF line ends: other bytes, same Message-ID),
    a new message, and a body line that mboxrd had to quote."""
    body = STRAINER.replace("\r\n\r\n", "\r\n\r\nFrom the gulf with thanks\r\n", 1)
    parts = [
        "From john.miller@acme-pipes.com Mon Mar  3 09:00:00 2025\n"
        + ENGLISH.replace("\r\n", "\n"),
        "From ahmed@gulf-flow.ae Thu Mar  6 14:00:00 2025\n"
        + body.replace("\r\n", "\n").replace("\nFrom the gulf", "\n>From the gulf"),
    ]
    path = root / "old.mbox"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def maildir(root: Path) -> Path:
    box = root / "Maildir"
    for part in ("cur", "new", "tmp", ".Sent/cur", ".Sent/new", ".Sent/tmp"):
        (box / part).mkdir(parents=True)
    (box / "cur" / "1741000000.M1P1.pc:2,S").write_bytes(CHINESE.encode("utf-8"))  # duplicate
    (box / ".Sent" / "cur" / "1741000001.M2P1.pc:2,S").write_bytes(REPLY.encode("utf-8"))
    (box / "tmp" / "1741000002.M3P1.pc").write_bytes(b"Subject: half delivered\r\n\r\n")
    (box / "new" / "1741000003.M4P1.pc").write_bytes(
        ENGLISH.replace("en-1@", "en-2@").replace("RFQ gate", "Urgent RFQ gate").encode()
    )
    return box


@pytest.fixture
def store(cli: CliInvoke, tmp_path: Path) -> Path:
    """A config whose store holds the .eml folder, the mbox and the Maildir, imported."""
    config = make_config(tmp_path)
    for source in (eml_folder(tmp_path), mbox_file(tmp_path), maildir(tmp_path)):
        result = cli(config, "import", "-q", str(source))
        assert result.exit_code == 0, result.output
    return config


def test_import_each_format_and_skip_duplicates(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path)

    eml = run_json(cli, config, "import", str(eml_folder(tmp_path)))
    mbox = run_json(cli, config, "import", str(mbox_file(tmp_path)))
    box = run_json(cli, config, "import", str(maildir(tmp_path)))
    again = cli(config, "import", str(tmp_path / "eml"))

    assert eml == {"read": 3, "new": 3, "duplicates": 0, "with_parse_errors": 0, "errors": []}
    assert mbox == {"read": 2, "new": 1, "duplicates": 1, "with_parse_errors": 0, "errors": []}
    # The Maildir's tmp/ is skipped; its INBOX copy of the Chinese mail and the Sent reply are
    # duplicates, the urgent RFQ is new.
    assert box == {"read": 3, "new": 1, "duplicates": 2, "with_parse_errors": 0, "errors": []}
    assert again.exit_code == 0
    # The path as given, and "read": an import fetches nothing from a server.
    assert again.stdout.startswith(f"{tmp_path / 'eml'}: 3 messages to read\n")
    assert "import: 3 read, 0 new, 3 duplicates" in again.stdout
    rows = run_json(cli, config, "list")
    assert isinstance(rows, list) and len(rows) == 5


def test_mbox_quoting_is_undone(cli: CliInvoke, store: Path) -> None:
    rows = run_json(cli, store, "search", "strainer")
    assert isinstance(rows, list) and len(rows) == 1
    raw = cli(store, "show", str(rows[0]["id"]), "--raw").stdout_bytes
    assert b"\nFrom the gulf with thanks\n" in raw and b">From" not in raw


def test_import_of_a_missing_path_is_a_usage_error(cli: CliInvoke, tmp_path: Path) -> None:
    result = cli(make_config(tmp_path), "import", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_a_store_folder_that_cannot_be_made_is_a_one_line_error(
    cli: CliInvoke, tmp_path: Path
) -> None:
    (tmp_path / "not-a-folder").write_text("a file where the store's folder should be")
    config = make_config(tmp_path, store=tmp_path / "not-a-folder" / "store.db")
    result = cli(config, "import", str(tmp_path / "not-a-folder"))
    assert result.exit_code == 1, result.output
    assert "cannot create the lock file" in result.output and "Traceback" not in result.output


def test_sync_without_accounts_names_the_table_as_written(cli: CliInvoke, tmp_path: Path) -> None:
    result = cli(make_config(tmp_path), "sync")
    assert result.exit_code == 2
    assert "no [[accounts]] in" in result.output  # not eaten as rich markup


def test_list_table_newest_first(cli: CliInvoke, store: Path) -> None:
    result = cli(store, "list")

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = next(line for line in lines if "subject" in line)
    for column in ("id", "date", "from", "subject", "folder"):
        assert column in header
    subjects = [
        s
        for line in lines
        for s in ("Y strainer", "询价：不锈钢球阀", "Re: RFQ", "Urgent RFQ", "RFQ gate valve EB")
        if s in line
    ]
    # Newest first; dates in the clerk's zone (Asia/Shanghai).
    assert subjects[:3] == ["Y strainer", "询价：不锈钢球阀", "Re: RFQ"]
    assert "2025-03-06 18:00" in result.stdout  # 14:00 +0400 is 18:00 in Shanghai
    assert "(imported)" in result.stdout


def test_list_filters(cli: CliInvoke, store: Path) -> None:
    def subjects(*args: str) -> list[str]:
        rows = run_json(cli, store, "list", *args)
        assert isinstance(rows, list)
        return [str(r["subject"]) for r in rows]

    assert len(subjects()) == 5
    assert subjects("--limit", "2") == [
        "Y strainer EB-YS25 sample",
        "询价：不锈钢球阀 EB-BV316-DN25",
    ]
    # Same Date header: the later-stored one comes first.
    assert subjects("--from", "acme-pipes") == [
        "Urgent RFQ gate valve EB-GV-PN16",
        "RFQ gate valve EB-GV-PN16",
    ]
    assert subjects("--from", "李经理") == ["询价：不锈钢球阀 EB-BV316-DN25"]
    assert subjects("--since", "2025-03-05") == [
        "Y strainer EB-YS25 sample",
        "询价：不锈钢球阀 EB-BV316-DN25",
    ]
    assert subjects("--since", "2025-03-07") == []
    until = subjects("--until", "2025-03-04")
    assert until and not set(until) & set(subjects("--since", "2025-03-05"))
    assert len(until) + len(subjects("--since", "2025-03-05")) == 5
    assert subjects("--folder", "INBOX") == []  # nothing imported is on a server


def test_list_by_folder_after_sync(cli: CliInvoke, mailbox: Mailbox, tmp_path: Path) -> None:
    mailbox.server.create_folder(mailbox.user, "询价")
    mailbox.append("INBOX", ENGLISH.encode())
    mailbox.append("询价", CHINESE.encode())
    config = make_config(tmp_path, mailbox, folders=["INBOX", "询价"])
    assert cli(config, "sync", "-q").exit_code == 0

    inquiries = run_json(cli, config, "list", "--folder", "询价")
    inbox = run_json(cli, config, "list", "--folder", "INBOX", "--account", "sales")

    assert [r["subject"] for r in inquiries] == ["询价：不锈钢球阀 EB-BV316-DN25"]
    assert [r["subject"] for r in inbox] == ["RFQ gate valve EB-GV-PN16"]
    table = cli(config, "list", "--folder", "询价").stdout
    assert "询价" in table and "●" in table  # unread on the server


def test_show_text_and_json(cli: CliInvoke, store: Path) -> None:
    (row,) = run_json(cli, store, "search", "球阀")

    text = cli(store, "show", str(row["id"]))
    detail = run_json(cli, store, "show", str(row["id"]))

    assert text.exit_code == 0, text.output
    assert "询价：不锈钢球阀 EB-BV316-DN25" in text.stdout
    assert "From: 李经理 <li.jingli@huaxin-trade.com.cn>" in text.stdout
    assert "Message-ID: cn-1@huaxin-trade.com.cn" in text.stdout
    assert "Received (newest first)" in text.stdout and "218.2.0.1" in text.stdout
    assert "FOB 宁波" in text.stdout
    assert isinstance(detail, dict)
    assert detail["message_id"] == "cn-1@huaxin-trade.com.cn"
    assert detail["received"][0]["from_ip"] == "218.2.0.1"
    assert detail["source"].startswith("import:")


def test_show_unknown_id_fails_clearly(cli: CliInvoke, store: Path) -> None:
    result = cli(store, "show", "999")
    assert result.exit_code == 2
    assert "no message with id 999" in result.stderr


def test_search_chinese_and_english(cli: CliInvoke, store: Path) -> None:
    def found(query: str) -> list[str]:
        rows = run_json(cli, store, "search", query)
        assert isinstance(rows, list)
        return sorted(str(r["subject"]) for r in rows)

    assert found("球阀") == ["询价：不锈钢球阀 EB-BV316-DN25"]
    assert found("宁波") == ["询价：不锈钢球阀 EB-BV316-DN25"]  # body only
    assert found("gate valve") == [
        "RFQ gate valve EB-GV-PN16",
        "Re: RFQ gate valve EB-GV-PN16",
        "Urgent RFQ gate valve EB-GV-PN16",
    ]
    assert found("gate valve Rotterdam") == [
        "RFQ gate valve EB-GV-PN16",
        "Urgent RFQ gate valve EB-GV-PN16",
    ]
    assert found("Lily Chen") == ["Re: RFQ gate valve EB-GV-PN16"]  # sender
    assert found("butterfly") == []
    assert "no messages" in cli(store, "search", "butterfly").stdout


def test_doctor_offline(cli: CliInvoke, store: Path, tmp_path: Path) -> None:
    result = cli(store, "doctor", "--offline")
    report = run_json(cli, store, "doctor", "--offline")

    assert result.exit_code == 0, result.output
    assert "ok   config:" in result.stdout
    assert "ok   store:" in result.stdout and "5 messages, 0 gone" in result.stdout
    assert isinstance(report, dict) and report["ok"] is True and report["parse_errors"] == []

    broken = tmp_path / "broken.toml"
    broken.write_text('store = "x.db"\n[sync]\nbatch = 3\n', encoding="utf-8")
    failed = cli(broken, "doctor", "--offline")
    assert failed.exit_code == 1
    assert "FAIL config:" in failed.stdout and "sync.batch: unknown key" in failed.stdout


def test_a_date_at_the_end_of_the_calendar_stops_neither_grade_nor_list(
    cli: CliInvoke, tmp_path: Path
) -> None:
    # From a Chinese server (the sender's zones are read), dated the last hour of year 9999.
    future = CHINESE.replace("Wed, 5 Mar 2025 09:12:00 +0800", "Fri, 31 Dec 9999 23:00:00 +0000")
    future = future.replace("cn-1@", "cn-9999@")
    config = make_config(tmp_path)
    folder = tmp_path / "eml"
    folder.mkdir()
    (folder / "future.eml").write_bytes(future.encode("utf-8"))
    (folder / "en.eml").write_bytes(ENGLISH.encode("utf-8"))

    report = run_json(cli, config, "import", str(folder))
    assert report["with_parse_errors"] == 1  # no usable Date: recorded, as any bad Date is
    for args in (("grade",), ("list",), ("grade", "--show")):
        result = cli(config, *args)
        assert result.exit_code == 0, result.output

    # A store written before the parser refused such dates holds one as it was.
    with sqlite3.connect(tmp_path / "store.db") as conn:
        conn.execute(
            "UPDATE messages SET date_utc = '9999-12-31T23:00:00+00:00', date_offset_min = 0 "
            "WHERE message_id = 'cn-9999@huaxin-trade.com.cn'"
        )
    conn.close()
    graded = cli(config, "grade", "--all")
    listed = cli(config, "list")
    assert graded.exit_code == 0 and "Traceback" not in graded.output, graded.output
    assert "2 messages graded" in graded.stdout
    assert listed.exit_code == 0, listed.output
    assert "9999-12-31 23:00 UTC" in listed.stdout
    (row,) = run_json(cli, config, "search", "球阀")
    assert cli(config, "show", str(row["id"])).exit_code == 0


def test_terminal_escapes_in_mail_never_reach_the_terminal(cli: CliInvoke, tmp_path: Path) -> None:
    # A subject or a name may carry escape sequences that clear the screen, recolour text or
    # erase a flagged row: they are shown as replacement characters.
    folder = tmp_path / "esc"
    folder.mkdir()
    subject = "=?utf-8?b?SW52b2ljZSAbXTA7UFdORUQHG1sySht7MzFtUkVE?="  # "Invoice \x1b]0;PWNED\x07…"
    (folder / "a.eml").write_bytes(
        b"From: =?utf-8?b?SGFucyAbWzVtQmVja2Vy?= <h@example.de>\r\nTo: lily@everbright-valve.cn\r\n"
        b"Subject: " + subject.encode() + b"\r\nDate: Mon, 10 Mar 2025 10:00:00 +0100\r\n"
        b"Message-ID: <esc-1@example.de>\r\n\r\nHello \x1b[2J world\r\n"
    )
    config = make_config(tmp_path)
    assert cli(config, "import", "-q", str(folder)).exit_code == 0
    for command in (["list"], ["show", "1"], ["grade", "--show"], ["contact", "show", "1"]):
        result = cli(config, *command)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout, command
    assert "Invoice" in cli(config, "list").stdout


@settings(max_examples=300)
@given(st.text(alphabet=st.sampled_from(list("\\[]a/@#=b ")), max_size=12))
@example("x\\[1]")  # the backslash was eaten
@example("C:\\temp\\")  # the trailing backslash was shown twice
def test_escaped_text_shows_as_written_whatever_markup_surrounds_it(text: str) -> None:
    from io import StringIO

    from rich.console import Console

    from tradetriage.cli.common import escape

    for around in ("{}", "[dim]{}[/]", "({})", "[bold]{}[/] [red]x[/]"):
        out = StringIO()
        Console(file=out, width=200, color_system=None, emoji=False).print(
            around.format(escape(text)), highlight=False
        )
        shown = out.getvalue().rstrip().replace("\u2060", "")
        plain = around.replace("[dim]", "").replace("[bold]", "").replace("[red]", "")
        assert shown == plain.replace("[/]", "").format(text).rstrip()


def test_names_stay_one_line_and_emoji_codes_stay_text(cli: CliInvoke, tmp_path: Path) -> None:
    # A display name with an encoded line break and ":pushpin:" (the pinned mark's emoji).
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "a.eml").write_bytes(
        b"From: =?utf-8?b?S2xhdXMgOnB1c2hwaW46IFdlYmVyCnZlcmlmaWVkIGN1c3RvbWVy?= <k@example.de>"
        b"\r\nTo: lily@everbright-valve.cn\r\n"
        b"Subject: :warning: price\r\nDate: Mon, 10 Mar 2025 10:00:00 +0100\r\n"
        b"Message-ID: <name-1@example.de>\r\n\r\nHello\r\n"
    )
    config = make_config(tmp_path)
    assert cli(config, "import", "-q", str(folder)).exit_code == 0
    for command in (["list"], ["grade", "--show"], ["contact", "show", "1"]):
        result = cli(config, *command)
        assert result.exit_code == 0, result.output
        assert "📌" not in result.stdout and "⚠" not in result.stdout, command
        assert not any(
            line.lstrip("│ ").startswith("verified") for line in result.stdout.splitlines()
        )
    assert "Klaus :pushpin: Weber verified customer" in cli(config, "contact", "show", "1").stdout


def test_bad_arguments_are_usage_errors(cli: CliInvoke, store: Path) -> None:
    for command in (["list", "-n", "-1"], ["search", "valve", "-n", "-5"], ["search", ""]):
        result = cli(store, *command)
        assert result.exit_code == 2, (command, result.output)


def test_reading_commands_do_not_make_a_store(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    missing = tmp_path / "typo" / "store.db"
    for command in (["list"], ["show", "1"], ["search", "valve"]):
        result = cli(config, "--store", str(missing), *command)
        assert result.exit_code == 2 and "no store at" in result.output, (command, result.output)
    assert not missing.parent.exists()


def test_escape_keeps_lines_and_shows_control_characters() -> None:
    from tradetriage.cli.common import escape

    text = "a\rb\r\nc\td\x1b[2J 中文 📌 [red] \u202eFDP.exe\u202c \u200bx"
    shown = "c\td\ufffd[2J 中文 📌 \\[red] \ufffdFDP.exe\ufffd \ufffdx"
    assert escape(text, lines=True) == f"a\nb\n{shown}"
    assert escape(text) == f"a b {shown}"  # a name or subject stays one line


def test_contact_commands_do_not_make_a_store_either(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    missing = tmp_path / "typo.db"
    for command in (["contact", "show", "5"], ["contact", "mark", "5", "--ordered"]):
        result = cli(config, "--store", str(missing), *command)
        assert result.exit_code == 2 and "no store at" in result.output, (command, result.output)
    assert not missing.exists()
