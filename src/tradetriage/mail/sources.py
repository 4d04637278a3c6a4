"""Reading messages from local files: mbox, Maildir, and folders of .eml files.

Everything streams: one message in memory at a time, whatever the size of the mailbox. Each
message comes with a label saying where it was found, for error reports.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tradetriage.errors import ImportSourceError


@dataclass(frozen=True, slots=True)
class RawMessage:
    origin: str  # file path, or "path#N" for the N-th message of an mbox
    raw: bytes


# An mbox file opens with its first message's "From " separator line.
_MBOX_START = b"From "


def looks_like_mbox(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(_MBOX_START)) == _MBOX_START
    except OSError:
        return False


def count_messages(path: Path) -> int | None:
    """How many messages ``iter_messages`` will yield, when cheap to know (None for mbox)."""
    if path.is_file():
        return None if looks_like_mbox(path) else 1
    total = 0
    for file in _files_below(path, errors=[]):  # an unreadable folder is reported by the import
        if looks_like_mbox(file):
            return None
        total += 1
    return total


def iter_messages(path: Path, errors: list[str] | None = None) -> Iterator[RawMessage]:
    """Every message under ``path``: an mbox file, a single message file, a Maildir (with
    Maildir++ sub-folders), or a folder tree of message files and mboxes.

    A file that cannot be read raises ImportSourceError; given ``errors``, it is recorded there
    and skipped instead, so one bad file does not stop the rest.
    """
    if not path.exists():
        raise ImportSourceError(f"{path}: no such file or folder")
    files = [path] if path.is_file() else _files_below(path, errors)
    for file in files:
        try:
            yield from _from_file(file)
        except ImportSourceError as exc:
            if errors is None:
                raise
            errors.append(str(exc))


def _files_below(root: Path, errors: list[str] | None = None) -> Iterator[Path]:
    # Sorted for a stable order; a Maildir's "tmp" holds half-delivered mail and is skipped,
    # as are dot-files other than Maildir++ folders (".Sent" …), Dovecot's index files and the
    # other files mail programs keep beside the mail (see _SKIP_SUFFIXES).

    def unreadable(exc: OSError) -> None:
        message = f"{exc.filename}: cannot read: {exc.strerror or exc}"
        if errors is None:
            raise ImportSourceError(message)
        errors.append(message)

    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable):
        maildir = {"cur", "new"} <= set(dirnames)
        dirnames[:] = sorted(d for d in dirnames if not (maildir and d == "tmp"))
        for name in sorted(filenames):
            if name.startswith((".", "dovecot", "courierimap")) or name in _SKIP_FILES:
                continue
            if name.lower().endswith(_SKIP_SUFFIXES):
                continue
            path = Path(dirpath) / name
            if _special(path):
                continue  # a named pipe or a device: reading it would wait for ever
            yield path


def _special(path: Path) -> bool:
    """Whether ``path`` exists and is no regular file (a broken link is left for the reader
    to report)."""
    try:
        return not stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


# Not mail: Thunderbird's summaries and settings (Inbox.msf, popstate.dat), a SQLite store and
# its journal (a store kept in the mail folder), lock and config files.
_SKIP_SUFFIXES = (".msf", ".dat", ".db", ".db-wal", ".db-shm", ".db-journal", ".sqlite", ".lock",
                  ".toml")  # fmt: skip
_SKIP_FILES = {
    "subscriptions",
    "maildirfolder",
    "maildirsize",  # a Maildir's quota file
    "labels.csv",
    "README.md",
    "LICENSE",
    "UPSTREAM_LICENSE.txt",  # test corpora keep their upstream licence beside the mail
}


def _from_file(path: Path) -> Iterator[RawMessage]:
    # One open per file: the first bytes say mbox or single message, and the same handle
    # then streams the mbox or reads the rest of the message.
    try:
        with path.open("rb") as handle:
            start = handle.read(len(_MBOX_START))
            if start == _MBOX_START:
                handle.seek(0)
                yield from _split_mbox(path, handle)
                return
            raw = start + handle.read()
    except OSError as exc:
        raise ImportSourceError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    yield RawMessage(str(path), raw)


def _split_mbox(path: Path, handle: BinaryIO) -> Iterator[RawMessage]:
    """Split an mbox into messages, streaming; undo ``>From`` quoting (mboxrd)."""
    number = 0
    lines: list[bytes] = []
    previous_blank = True
    for line in handle:
        if line.startswith(_MBOX_START) and previous_blank:
            if lines:
                number += 1
                yield RawMessage(f"{path}#{number}", _mbox_body(lines))
            lines = []
            previous_blank = False
            continue
        lines.append(line)
        previous_blank = line in (b"\n", b"\r\n")
    if lines:
        number += 1
        yield RawMessage(f"{path}#{number}", _mbox_body(lines))


def _mbox_body(lines: list[bytes]) -> bytes:
    # The blank line before the next "From " separator belongs to the mbox format.
    if lines and lines[-1] in (b"\n", b"\r\n"):
        lines = lines[:-1]
    out = []
    for line in lines:
        if line.startswith(b">") and line.lstrip(b">").startswith(_MBOX_START):
            line = line[1:]
        out.append(line)
    return b"".join(out)
