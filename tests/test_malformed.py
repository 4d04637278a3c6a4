"""Bad mail never stops a sync or an import: every message is stored with its raw bytes intact,
and the parse problems are listed by ``doctor``."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import CliInvoke, Mailbox, make_config
from factories import big_message
from tradetriage.mail.sources import iter_messages

MALFORMED = Path(__file__).parent / "fixtures" / "malformed"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def fixture_files() -> list[Path]:
    skip = {"UPSTREAM_LICENSE.txt", "README.md"}
    return sorted(p for p in MALFORMED.rglob("*") if p.is_file() and p.name not in skip)


def ids_by_sha(store: Path) -> dict[str, int]:
    with sqlite3.connect(store) as conn:
        return {sha: ident for ident, sha in conn.execute("SELECT id, sha256 FROM messages")}


def import_json(cli: CliInvoke, config: Path, path: Path) -> dict[str, object]:
    result = cli(config, "import", "--json", str(path))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    summary: dict[str, object] = json.loads(result.stdout)
    return summary


def test_fixture_collection_is_what_the_readme_says() -> None:
    files = fixture_files()
    assert len(files) >= 30
    upstream = {p.parent.name for p in files} - {"own"}
    for folder in upstream:
        assert (MALFORMED / folder / "UPSTREAM_LICENSE.txt").is_file(), folder
    assert (MALFORMED / "own" / "empty.eml").stat().st_size == 0


def test_malformed_mail_imports_and_is_stored_byte_for_byte(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    files = fixture_files()

    summary = import_json(cli, config, MALFORMED)

    # enmime's eight low-quality samples share one Message-ID: import keeps the first and counts
    # the rest as duplicates (sync, keyed by UID, keeps all: see the Dovecot test below).
    shared_id = sorted(MALFORMED.glob("enmime/*.raw"))
    shared_id.remove(MALFORMED / "enmime" / "chardet-success-big-5.raw")
    assert summary["read"] == len(files)
    assert summary["duplicates"] == len(shared_id) - 1 == 7
    assert summary["new"] == len(files) - 7
    stored = ids_by_sha(tmp_path / "store.db")
    messages = {Path(m.origin.split("#")[0]): m.raw for m in iter_messages(MALFORMED)}
    for path in files:
        raw = messages[path]
        if not path.read_bytes().startswith(b"From "):
            assert raw == path.read_bytes()
        # else an mbox of one message: its "From " line and closing blank line are mbox framing
        if path in shared_id[1:]:
            assert hashlib.sha256(raw).hexdigest() not in stored
            continue
        ident = stored[hashlib.sha256(raw).hexdigest()]
        shown = cli(config, "show", str(ident), "--raw")
        assert shown.exit_code == 0, (path, shown.output)
        assert shown.stdout_bytes == raw, path
        # The readable view works for every one of them too.
        assert cli(config, "show", str(ident)).exit_code == 0, path


def test_what_once_stopped_every_run_is_stored_with_its_problem(tmp_path: Path) -> None:
    from tradetriage.ingest import prepare_raw
    from tradetriage.store.db import Store

    own = MALFORMED / "own"
    with Store.open(tmp_path / "store.db") as store, store.transaction() as conn:
        for name in ("date_year_9999", "utf7_lone_surrogate", "charset_not_a_text_codec",
                     "charset_with_nul"):  # fmt: skip
            prepared = prepare_raw((own / f"{name}.eml").read_bytes(), "import:test")
            assert store.add_imported(conn, prepared), name
        rows = dict(conn.execute("SELECT message_id, parse_errors FROM messages"))
        subjects = dict(conn.execute("SELECT message_id, subject FROM messages"))
    assert "unparseable Date header" in rows["year-9999@example.com"]
    assert subjects["utf7-surrogate@example.com"] == "? half an emoji"
    assert "ABC" in subjects["charset-not-text@example.com"]


def test_doctor_lists_the_parse_problems(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path)
    import_json(cli, config, MALFORMED)
    with sqlite3.connect(tmp_path / "store.db") as conn:
        bad = {i for (i,) in conn.execute("SELECT id FROM messages WHERE parse_errors IS NOT NULL")}

    as_json = cli(config, "doctor", "--offline", "--json")
    table = cli(config, "doctor", "--offline")

    assert as_json.exit_code == 0 and table.exit_code == 0, table.output
    report = json.loads(as_json.stdout)
    assert report["ok"] is True
    assert {e["id"] for e in report["parse_errors"]} == bad
    # A collection this bad must trip the parser more than a few times.
    assert len(bad) >= 5
    assert f"{len(bad)} messages stored raw with parse problems" in table.stdout
    assert all(e["error"] for e in report["parse_errors"])


def test_20_mb_attachment_imports_quickly_and_intact(cli: CliInvoke, tmp_path: Path) -> None:
    size = 20 * 1024 * 1024
    raw = big_message(size)
    source = tmp_path / "big.eml"
    source.write_bytes(raw)
    config = make_config(tmp_path)

    started = time.monotonic()
    summary = import_json(cli, config, source)
    elapsed = time.monotonic() - started

    assert summary["new"] == 1
    assert elapsed < 20
    ident = ids_by_sha(tmp_path / "store.db")[hashlib.sha256(raw).hexdigest()]
    assert cli(config, "show", str(ident), "--raw").stdout_bytes == raw
    detail = json.loads(cli(config, "show", str(ident), "--json").stdout)
    (attachment,) = detail["attachments"]
    assert attachment["filename"] == "drawings.pdf"
    assert abs(int(attachment["size"]) - size) < size * 0.01


def test_malformed_mail_appended_to_dovecot_syncs(
    cli: CliInvoke, mailbox: Mailbox, tmp_path: Path
) -> None:
    from imapclient.exceptions import IMAPClientError

    accepted = 0
    refused: list[str] = []
    for path in fixture_files():
        try:
            mailbox.append("INBOX", path.read_bytes())
            accepted += 1
        except IMAPClientError:  # Dovecot refuses an empty message; the rest it takes
            refused.append(path.name)
    assert refused == ["empty.eml"]
    config = make_config(tmp_path, mailbox)

    result = cli(config, "sync")

    assert result.exit_code == 0, result.output
    assert f"sync: {accepted} new, 0 flags updated, 0 gone, 0 re-matched, 0 errors" in result.stdout
    # What is stored is exactly what the server holds, byte for byte.
    with mailbox.server.client(mailbox.user) as imap:
        imap.select_folder("INBOX", readonly=True)
        on_server = imap.fetch(imap.search("ALL"), [b"BODY.PEEK[]"])
    with sqlite3.connect(tmp_path / "store.db") as conn:
        by_uid = dict(
            conn.execute(
                "SELECT l.uid, m.sha256 FROM locations l JOIN messages m ON m.id = l.message"
            )
        )
    assert len(by_uid) == accepted
    for uid, data in on_server.items():
        assert by_uid[uid] == hashlib.sha256(data[b"BODY[]"]).hexdigest(), uid


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"no shared corpus at {CORPUS}")
def test_whole_shared_corpus_imports_without_a_crash(cli: CliInvoke, tmp_path: Path) -> None:
    config = make_config(tmp_path, sync={"workers": 2})
    expected = list(iter_messages(CORPUS))

    summary = import_json(cli, config, CORPUS)

    assert summary["read"] == len(expected) > 2000
    assert summary["new"] == len(expected) - int(str(summary["duplicates"]))
    stored = ids_by_sha(tmp_path / "store.db")
    with sqlite3.connect(tmp_path / "store.db") as conn:
        message_ids = {m for (m,) in conn.execute("SELECT message_id FROM messages") if m}
    from tradetriage.mail.parse import parse_message

    missing = []
    for message in expected:
        if hashlib.sha256(message.raw).hexdigest() in stored:
            continue
        # Skipped as a duplicate: the same Message-ID is stored from another file.
        if parse_message(message.raw).message_id not in message_ids:
            missing.append(message.origin)
    assert missing == []
