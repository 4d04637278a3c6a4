"""``tradetriage sync`` against a real Dovecot, through the CLI as a clerk runs it."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from email.header import Header
from pathlib import Path

import pytest
from imapclient import IMAPClient

import tradetriage.sync
from conftest import (
    CliInvoke,
    Mailbox,
    cli_command,
    cli_env,
    make_config,
    run_cli_subprocess,
    run_json,
)
from tradetriage.mail.imap import FetchedBody, fetch_bodies, fetch_sizes
from tradetriage.store.lock import exclusive

SHANGHAI = timezone(timedelta(hours=8))


def make_message(
    number: int,
    *,
    subject: str | None = None,
    sender: str = "John Miller <john.miller@acme-pipes.com>",
    body: str | None = None,
    padding: int = 0,
) -> bytes:
    """A plain inquiry as it reaches sales@everbright-valve.cn through the company MX."""
    subject = subject or f"Inquiry {number}: EB-BV316-DN25 ball valve, 500 pcs"
    body = body or (
        f"Dear Lily,\r\n\r\nPlease quote 500 pcs EB-BV316-DN25 stainless steel ball valve, "
        f"CIF Rotterdam. Inquiry number {number}.\r\n\r\nBest regards,\r\nJohn Miller\r\n"
    )
    body += "x" * padding
    encoded = Header(subject, "utf-8").encode() if not subject.isascii() else subject
    headers = [
        "Received: from mail-out.acme-pipes.com (mail-out.acme-pipes.com [203.0.113.25])"
        "\r\n\tby mx.everbright-valve.cn (Postfix) with ESMTPS id 4AB12C3D4"
        f"\r\n\tfor <sales@everbright-valve.cn>; Mon, 3 Mar 2025 16:{number % 60:02d}:07 +0800",
        "Received: from pc20.acme-pipes.com (dsl-198-51-100-7.example.net [198.51.100.7])"
        "\r\n\tby mail-out.acme-pipes.com (Postfix) with ESMTPSA id 77F0A1"
        f"\r\n\tfor <sales@everbright-valve.cn>; Mon, 3 Mar 2025 09:{number % 60:02d}:05 +0100",
        f"From: {sender}",
        "To: Ningbo Everbright Valve <sales@everbright-valve.cn>",
        f"Subject: {encoded}",
        f"Date: Mon, 3 Mar 2025 09:{number % 60:02d}:00 +0100",
        f"Message-ID: <inq-{number}-{os.getpid()}@acme-pipes.com>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
    ]
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode("utf-8")


def store_rows(config: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    """Rows from the test's store (config and store live side by side in tmp_path)."""
    with sqlite3.connect(config.parent / "store.db") as conn:
        return list(conn.execute(sql, params))


def list_json(cli: CliInvoke, config: Path, *args: str) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = run_json(cli, config, "list", "--limit", "0", *args)
    return rows


def sync_ok(cli: CliInvoke, config: Path, *args: str) -> str:
    result = cli(config, "sync", *args)
    assert result.exit_code == 0, result.output
    return result.stdout


# -- first sync, resync, changes ---------------------------------------------------------------


def test_first_sync_stores_every_field(cli: CliInvoke, mailbox: Mailbox, tmp_path: Path) -> None:
    arrived = datetime(2025, 3, 3, 16, 30, 15, tzinfo=SHANGHAI)
    mailbox.server.append(
        mailbox.user,
        "INBOX",
        make_message(1, subject="询价：EB-BV316-DN25 球阀 500 pcs", sender="王小明 <xm@buyer.cn>"),
        ["\\Flagged"],
        when=arrived,
    )
    mailbox.append("INBOX", make_message(2))
    config = make_config(tmp_path, mailbox)

    out = sync_ok(cli, config)

    assert "sync: 2 new, 0 flags updated, 0 gone" in out
    rows = {r["subject"]: r for r in list_json(cli, config)}
    assert set(rows) == {
        "询价：EB-BV316-DN25 球阀 500 pcs",
        "Inquiry 2: EB-BV316-DN25 ball valve, 500 pcs",
    }
    chinese = rows["询价：EB-BV316-DN25 球阀 500 pcs"]
    assert chinese["from_name"] == "王小明" and chinese["from_addr"] == "xm@buyer.cn"
    assert chinese["locations"] == ["sales/INBOX"]
    assert chinese["flags"] == "\\Flagged"
    shown = cli(config, "show", str(chinese["id"]), "--json")
    detail = json.loads(shown.stdout)
    assert [h["from_ip"] for h in detail["received"]] == ["203.0.113.25", "198.51.100.7"]
    assert detail["received"][0]["by"] == "mx.everbright-valve.cn"
    assert detail["location_details"][0]["uid"] == 1
    assert "EB-BV316-DN25" in detail["body_text"]
    (internaldate,) = store_rows(config, "SELECT internaldate FROM locations WHERE uid = 1")[0]
    assert datetime.fromisoformat(str(internaldate)) == arrived


def test_resync_without_changes_fetches_no_bodies(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    mailbox.append_many("INBOX", [make_message(n) for n in range(1, 6)])
    config = make_config(tmp_path, mailbox)
    server = mailbox.server

    mark = server.log_mark()
    sync_ok(cli, config)
    first = server.sessions(mailbox.user, since=mark)
    mark = server.log_mark()
    out = sync_ok(cli, config)
    second = server.sessions(mailbox.user, since=mark)

    assert "sync: 0 new, 0 flags updated, 0 gone" in out
    # Dovecot's own counters: the first run fetched five bodies, the second none.
    assert [s["body_count"] for s in first] == [5]
    assert [s["body_count"] for s in second] == [0]
    assert store_rows(config, "SELECT count(*) FROM locations") == [(5,)]


def test_new_mail_and_flag_changes_are_picked_up(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    uids = mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])
    config = make_config(tmp_path, mailbox)
    sync_ok(cli, config)

    # Another client (the clerk's Foxmail) answers one mail and flags another; new mail arrives.
    mailbox.server.set_flags(mailbox.user, "INBOX", [uids[0]], ["\\Answered"])
    mailbox.server.set_flags(mailbox.user, "INBOX", [uids[1]], ["\\Flagged"])
    mark = mailbox.server.log_mark()
    mailbox.append("INBOX", make_message(4))
    out = sync_ok(cli, config)

    assert "sync: 1 new, 2 flags updated, 0 gone" in out
    flags = {
        r[0]: r[1] for r in store_rows(config, "SELECT uid, flags FROM locations ORDER BY uid")
    }
    assert flags == {1: "\\Answered", 2: "\\Flagged", 3: "", 4: ""}
    # Only the new message's body crossed the wire (CONDSTORE: flags by CHANGEDSINCE).
    assert [s["body_count"] for s in mailbox.server.sessions(mailbox.user, since=mark, expect=2)][
        -1
    ] == 1


def test_sync_never_marks_mail_read(cli: CliInvoke, mailbox: Mailbox, tmp_path: Path) -> None:
    mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])
    mailbox.append("INBOX", make_message(9), ["\\Seen"])
    config = make_config(tmp_path, mailbox)

    sync_ok(cli, config)
    sync_ok(cli, config)

    on_server = mailbox.server.flags(mailbox.user, "INBOX")
    assert [uid for uid, flags in on_server.items() if "\\Seen" in flags] == [4]
    # The one the clerk had read is stored as read.
    assert store_rows(config, "SELECT uid FROM locations WHERE flags LIKE '%Seen%'") == [(4,)]


def test_expunged_message_stays_in_the_archive(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    uids = mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])
    config = make_config(tmp_path, mailbox)
    sync_ok(cli, config)

    mailbox.server.expunge(mailbox.user, "INBOX", [uids[1]])
    out = sync_ok(cli, config)

    assert "0 new, 0 flags updated, 1 gone" in out
    rows = list_json(cli, config)
    assert len(rows) == 3
    gone = [r for r in rows if r["locations"] == ["sales/INBOX (gone)"]]
    assert [r["subject"] for r in gone] == ["Inquiry 2: EB-BV316-DN25 ball valve, 500 pcs"]
    detail = json.loads(cli(config, "show", str(gone[0]["id"]), "--json").stdout)
    assert detail["location_details"][0]["gone_at"] is not None
    # A later run does not count it again.
    assert "0 gone" in sync_ok(cli, config)


def test_uidvalidity_change_rematches_without_duplicates(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    mailbox.append_many("INBOX", [make_message(n) for n in range(1, 6)])
    config = make_config(tmp_path, mailbox)
    sync_ok(cli, config)
    old = mailbox.server.uidvalidity(mailbox.user, "INBOX")

    new = mailbox.server.reset_uidvalidity(mailbox.user, "INBOX")
    mailbox.append("INBOX", make_message(6))
    mark = mailbox.server.log_mark()
    out = sync_ok(cli, config)
    (session,) = mailbox.server.sessions(mailbox.user, since=mark)

    assert f"UIDVALIDITY changed ({old} → {new})" in out
    assert "re-matched 5 stored messages" in out and "0 not matched (gone from the server" in out
    assert "sync: 1 new, 0 flags updated, 0 gone, 5 re-matched" in out
    assert store_rows(config, "SELECT count(*) FROM messages") == [(6,)]
    live = store_rows(
        config, "SELECT uidvalidity, uid FROM locations WHERE gone_at IS NULL ORDER BY uid"
    )
    assert live == [(new, uid) for uid in mailbox.server.uids(mailbox.user, "INBOX")]
    # Re-matching read headers only: the one new message is the only body fetched.
    assert session["body_count"] == 1
    assert "0 new" in sync_ok(cli, config)


def test_chinese_folder_names(cli: CliInvoke, mailbox: Mailbox, tmp_path: Path) -> None:
    for folder in ("询价", "03 报价"):
        mailbox.server.create_folder(mailbox.user, folder)
    mailbox.append("询价", make_message(1, subject="求购闸阀 EB-GV-PN16"))
    mailbox.append("03 报价", make_message(2, subject="Re: 报价单 EB-BF150 蝶阀"))
    mailbox.append("INBOX", make_message(3))
    config = make_config(tmp_path, mailbox, folders=["INBOX", "询价", "03 报价"])

    out = sync_ok(cli, config)

    assert "sync: 3 new" in out and "(3 folders" in out
    quoted = list_json(cli, config, "--folder", "03 报价")
    assert [r["subject"] for r in quoted] == ["Re: 报价单 EB-BF150 蝶阀"]
    assert quoted[0]["locations"] == ["sales/03 报价"]
    assert [r["subject"] for r in list_json(cli, config, "--folder", "询价")] == [
        "求购闸阀 EB-GV-PN16"
    ]


# -- kill -9 and resume; the store lock ----------------------------------------------------------


def _wait_for_rows(config: Path, at_least: int, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            (count,) = store_rows(config, "SELECT count(*) FROM locations")[0]
        except sqlite3.OperationalError:  # not created yet
            count = 0
        if int(str(count)) >= at_least:
            return int(str(count))
        assert process.poll() is None, "sync finished before it could be interrupted"
        time.sleep(0.01)
    raise AssertionError("sync stored nothing within 30 s")


def _long_sync(
    mailbox: Mailbox, tmp_path: Path, total: int, workers: int
) -> tuple[Path, subprocess.Popen[bytes]]:
    """A real ``tradetriage sync`` subprocess, slow enough to be interrupted, once it has
    stored its first 40 messages. Its own process group, as a terminal's foreground job."""
    mailbox.append_many("INBOX", [make_message(n, padding=2000) for n in range(1, total + 1)])
    config = make_config(tmp_path, mailbox, sync={"batch_size": 5, "workers": workers})
    process = subprocess.Popen(
        cli_command(config, "sync"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=cli_env(),
        start_new_session=True,
    )
    try:
        _wait_for_rows(config, 40, process)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return config, process


def _finish(process: subprocess.Popen[bytes]) -> str:
    """Wait for an interrupted sync; its stderr."""
    try:
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return stderr.decode()


def _resume_is_complete(config: Path, total: int) -> None:
    """A stored part, then a second run that ends with every message once."""
    (partial,) = store_rows(config, "SELECT count(*) FROM locations")[0]
    assert 40 <= int(str(partial)) < total

    resumed = run_cli_subprocess(config, "sync")

    assert resumed.returncode == 0, resumed.stderr
    assert f"sync: {total - int(str(partial))} new" in resumed.stdout.decode()
    uids = [r[0] for r in store_rows(config, "SELECT uid FROM locations ORDER BY uid")]
    assert uids == list(range(1, total + 1))
    assert store_rows(config, "SELECT count(*), count(DISTINCT message_id) FROM messages") == [
        (total, total)
    ]
    assert store_rows(config, "SELECT highest_uid FROM folders") == [(total,)]


def test_kill_9_mid_sync_then_resume_is_complete(mailbox: Mailbox, tmp_path: Path) -> None:
    config, process = _long_sync(mailbox, tmp_path, total=400, workers=1)
    try:
        # Frozen mid-run, it still holds the store lock: a second sync is refused at once.
        os.kill(process.pid, signal.SIGSTOP)
        second = run_cli_subprocess(config, "sync")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        _finish(process)

    assert second.returncode == 1
    assert "another tradetriage sync or import is using" in second.stderr.decode()
    assert process.returncode == -signal.SIGKILL
    _resume_is_complete(config, 400)


def test_dropped_connection_mid_sync_then_resume_is_complete(
    mailbox: Mailbox, tmp_path: Path
) -> None:
    config, process = _long_sync(mailbox, tmp_path, total=400, workers=1)
    mailbox.server.kick(mailbox.user)
    stderr = _finish(process)

    assert process.returncode == 1
    error = _one_line_error(stderr)
    assert "connection lost" in error and "run the command again" in error
    _resume_is_complete(config, 400)


def test_ctrl_c_mid_sync_then_resume_is_complete(mailbox: Mailbox, tmp_path: Path) -> None:
    # Above the parser pool's threshold: Ctrl-C reaches its workers too.
    config, process = _long_sync(mailbox, tmp_path, total=600, workers=2)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: to the whole group
    stderr = _finish(process)

    assert process.returncode == 130, stderr
    assert "interrupted" in _one_line_error(stderr)
    _resume_is_complete(config, 600)


def test_store_lock_refuses_a_second_writer(mailbox: Mailbox, tmp_path: Path) -> None:
    mailbox.append("INBOX", make_message(1))
    config = make_config(tmp_path, mailbox)
    with exclusive(tmp_path / "store.db"):
        blocked = run_cli_subprocess(config, "sync")
    after = run_cli_subprocess(config, "sync")

    assert blocked.returncode == 1
    lines = blocked.stderr.decode().strip().splitlines()
    assert len(lines) == 1 and "another tradetriage sync or import is using" in lines[0]
    assert after.returncode == 0 and b"sync: 1 new" in after.stdout


# -- errors ---------------------------------------------------------------------------------------


def _one_line_error(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in stderr
    return lines[0]


def test_wrong_password_is_one_line_and_fails(mailbox: Mailbox, tmp_path: Path) -> None:
    config = make_config(tmp_path, mailbox, password_env="TT_TEST_WRONG_PASSWORD")
    os.environ["TT_TEST_WRONG_PASSWORD"] = "not-the-password"

    result = run_cli_subprocess(config, "sync")

    assert result.returncode == 1
    line = _one_line_error(result.stderr.decode())
    assert f"login refused for {mailbox.user}" in line
    assert "check the username and the password source" in line


def test_untrusted_certificate_is_refused_until_its_ca_is_configured(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    mailbox.append("INBOX", make_message(1))
    server = mailbox.server
    refused_config = make_config(tmp_path, mailbox, security="tls", port=server.tls_port)

    refused = run_cli_subprocess(refused_config, "sync")

    assert refused.returncode == 1
    line = _one_line_error(refused.stderr.decode())
    assert "TLS certificate is not trusted" in line and "set tls_ca_file" in line

    trusted = make_config(
        tmp_path, mailbox, security="tls", port=server.tls_port, tls_ca_file=server.ca_file
    )
    out = sync_ok(cli, trusted)
    assert "sync: 1 new" in out


def test_unreachable_port_is_one_line_error(mailbox: Mailbox, tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = make_config(tmp_path, mailbox, port=port)

    result = run_cli_subprocess(config, "sync")

    assert result.returncode == 1
    line = _one_line_error(result.stderr.decode())
    assert f"127.0.0.1:{port}: cannot connect" in line


# -- output ---------------------------------------------------------------------------------------


def test_non_tty_output_is_plain_lines_and_quiet_only_the_summary(
    mailbox: Mailbox, tmp_path: Path
) -> None:
    mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])
    config = make_config(tmp_path, mailbox)

    loud = run_cli_subprocess(config, "sync")
    mailbox.append("INBOX", make_message(4))
    quiet = run_cli_subprocess(config, "sync", "--quiet")

    assert loud.returncode == 0 and quiet.returncode == 0
    lines = loud.stdout.decode().splitlines()
    assert lines[0] == "sales/INBOX: 3 messages to fetch"
    assert lines[-1].startswith("sync: 3 new, 0 flags updated, 0 gone, 0 re-matched, 0 errors")
    for output in (loud.stdout, quiet.stdout):
        assert b"\x1b[" not in output and b"\r" not in output  # no escape codes, no bar
    assert quiet.stdout.decode().splitlines() == [
        line for line in quiet.stdout.decode().splitlines() if line.startswith("sync: 1 new")
    ]
    assert len(quiet.stdout.decode().splitlines()) == 1


def test_json_summary(cli: CliInvoke, mailbox: Mailbox, tmp_path: Path) -> None:
    mailbox.append_many("INBOX", [make_message(n) for n in range(1, 3)])
    config = make_config(tmp_path, mailbox)

    result = cli(config, "sync", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["ok"] is True and summary["errors"] == []
    assert summary["folders"] == [
        {
            "account": "sales",
            "folder": "INBOX",
            "new": 2,
            "flags_updated": 0,
            "gone": 0,
            "rematched": 0,
            "error": None,
        }
    ]
    assert isinstance(summary["seconds"], float)


# -- no silent gaps ----------------------------------------------------------------------------


def test_uid_missing_from_the_size_fetch_is_still_stored(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uids = mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])

    def sizes_without_the_second(client: IMAPClient, asked: Sequence[int]) -> dict[int, int]:
        return {u: s for u, s in fetch_sizes(client, asked).items() if u != uids[1]}

    monkeypatch.setattr(tradetriage.sync, "fetch_sizes", sizes_without_the_second)
    config = make_config(tmp_path, mailbox)

    output = sync_ok(cli, config)

    assert "sync: 3 new" in output
    assert store_rows(config, "SELECT uid FROM locations ORDER BY uid") == [(u,) for u in uids]


def test_uid_expunged_before_its_body_is_fetched_is_reported(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    uids = mailbox.append_many("INBOX", [make_message(n) for n in range(1, 4)])

    def bodies_without_the_second(client: IMAPClient, asked: Sequence[int]) -> list[FetchedBody]:
        return [f for f in fetch_bodies(client, asked) if f.uid != uids[1]]

    monkeypatch.setattr(tradetriage.sync, "fetch_bodies", bodies_without_the_second)
    config = make_config(tmp_path, mailbox)

    output = sync_ok(cli, config)

    assert "sync: 2 new" in output
    assert "sales/INBOX: 1 new messages were expunged on the server" in output
