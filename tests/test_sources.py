"""Reading local mail files: mbox splitting and un-quoting, Maildir, folders of .eml."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CliInvoke, make_config, run_json
from tradetriage.errors import ImportSourceError
from tradetriage.mail.sources import count_messages, iter_messages

MSG_A = b"From: a@example.com\nSubject: one\n\nbody one\n>From the start\n"
MSG_B = b"From: b@example.com\nSubject: two\n\nbody two\n"


def test_mbox_split_and_unquote(tmp_path: Path) -> None:
    path = tmp_path / "Inbox"
    path.write_bytes(
        b"From a@example.com Mon Nov  2 10:00:00 2026\n" + MSG_A + b"\n"
        b"From b@example.com Mon Nov  2 11:00:00 2026\n" + MSG_B
    )
    messages = list(iter_messages(path))
    assert [m.raw for m in messages] == [MSG_A.replace(b">From", b"From"), MSG_B]
    assert messages[1].origin.endswith("Inbox#2")
    assert count_messages(path) is None


def test_maildir_skips_tmp_and_index_files(tmp_path: Path) -> None:
    for part in ("cur", "new", "tmp"):
        (tmp_path / part).mkdir()
    (tmp_path / "cur" / "1.host:2,S").write_bytes(MSG_A)
    (tmp_path / "new" / "2.host").write_bytes(MSG_B)
    (tmp_path / "tmp" / "3.host").write_bytes(b"half delivered")
    (tmp_path / "dovecot-uidlist").write_bytes(b"3 V1 N3\n")
    raws = sorted(m.raw for m in iter_messages(tmp_path))
    assert raws == sorted([MSG_A, MSG_B])
    assert count_messages(tmp_path) == 2


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ImportSourceError, match="no such file"):
        list(iter_messages(tmp_path / "nope"))


def test_junk_message_ids_do_not_make_different_messages_duplicates(
    cli: CliInvoke, tmp_path: Path
) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    junk = ["<>", "<>", "<>", "unknown", "unknown", "<a", "<a"]
    for number, message_id in enumerate(junk):
        raw = f"From: x@example.com\nMessage-ID: {message_id}\nSubject: {number}\n\nbody {number}\n"
        (folder / f"{number}.eml").write_text(raw)
    summary = run_json(cli, make_config(tmp_path), "import", str(folder))
    assert (summary["read"], summary["new"], summary["duplicates"]) == (len(junk), len(junk), 0)


def test_unreadable_file_is_reported_and_the_rest_imported(cli: CliInvoke, tmp_path: Path) -> None:
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "1.eml").write_bytes(MSG_A)
    # A dangling symlink cannot be read even by root (chmod 000 would not stop root).
    (folder / "2.eml").symlink_to(tmp_path / "gone.eml")
    (folder / "3.eml").write_bytes(MSG_B)
    errors: list[str] = []
    assert [m.raw for m in iter_messages(folder, errors)] == [MSG_A, MSG_B]
    assert errors == [f"{folder / '2.eml'}: cannot read: No such file or directory"]
    with pytest.raises(ImportSourceError, match="cannot read"):
        list(iter_messages(folder))

    config = make_config(tmp_path)
    result = cli(config, "import", "--json", str(folder))
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["new"]) == (2, 2)
    assert summary["errors"] == errors
    assert f"{folder / '2.eml'}: cannot read" in result.stderr
    # A rerun gets past the bad file again rather than stopping at it.
    again = json.loads(cli(config, "import", "--json", str(folder)).stdout)
    assert (again["read"], again["duplicates"], again["errors"]) == (2, 2, errors)


def test_iteration_opens_each_file_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.eml").write_bytes(MSG_A)
    (tmp_path / "b.eml").write_bytes(MSG_B)
    (tmp_path / "box").write_bytes(b"From a@example.com Mon Nov  2 10:00:00 2026\n" + MSG_B)
    opened: list[str] = []
    real_open = Path.open

    def counting_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", counting_open)
    raws = [m.raw for m in iter_messages(tmp_path)]
    assert raws == [MSG_A, MSG_B, MSG_B]
    assert sorted(opened) == ["a.eml", "b.eml", "box"]


def test_an_unreadable_folder_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "1.eml").write_bytes(MSG_A)
    (tmp_path / "secret").mkdir()
    (tmp_path / "secret" / "2.eml").write_bytes(MSG_B)
    scandir = os.scandir

    def denied(path: Any = ".") -> Any:
        # Root reads any folder: a mode-000 folder cannot be made unreadable in the test.
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    errors: list[str] = []
    assert [m.raw for m in iter_messages(tmp_path, errors)] == [MSG_A]
    assert errors == [f"{tmp_path / 'secret'}: cannot read: Permission denied"]
    with pytest.raises(ImportSourceError, match="secret: cannot read"):
        list(iter_messages(tmp_path))


def test_files_mail_programs_keep_beside_the_mail_are_not_mail(tmp_path: Path) -> None:
    (tmp_path / "Inbox").write_bytes(b"From a@example.com Mon Nov  2 10:00:00 2026\n" + MSG_A)
    for name in ("Inbox.msf", "popstate.dat", "msgFilterRules.dat", "maildirsize",
                 "store.db", "store.db-wal", "store.db.lock", "config.toml"):  # fmt: skip
        (tmp_path / name).write_bytes(b"not mail")
    # A folder called "tmp" is skipped only inside a Maildir.
    (tmp_path / "tmp").mkdir()
    (tmp_path / "tmp" / "kept.eml").write_bytes(MSG_B)
    unquoted = MSG_A.replace(b">From", b"From")  # the mbox's quoting undone
    assert sorted(m.raw for m in iter_messages(tmp_path)) == sorted([unquoted, MSG_B])


def test_a_named_pipe_among_the_mail_is_skipped_not_waited_on(tmp_path: Path) -> None:
    import os

    (tmp_path / "a.eml").write_bytes(b"Subject: hi\r\n\r\nbody\r\n")
    os.mkfifo(tmp_path / "fifo.eml")  # reading it would block until a writer comes
    assert [m.origin for m in iter_messages(tmp_path)] == [str(tmp_path / "a.eml")]
