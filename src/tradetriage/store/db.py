"""The local store: one SQLite file (WAL) holding every message, where it lives, and sync state.

This module writes. Reading for listings and search is in ``queries.py``. The sync hot path uses
the plain ``sqlite3`` connection (sqlite-utils costs ~150 ms to import, which a no-change resync
cannot afford); schema work goes through sqlite-utils in ``schema.py``.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from tradetriage.errors import StoreError
from tradetriage.mail.records import ParsedMessage
from tradetriage.store import fts
from tradetriage.store.schema import migrate
from tradetriage.store.transactions import atomic

if TYPE_CHECKING:
    import zstandard


# Stored raw messages larger than this are written through SQLite's incremental blob I/O.
STREAMED_BLOB = 1024 * 1024

# Bulk writes checkpoint the WAL after this many bytes (SQLite's default: 1,000 pages).
BULK_CHECKPOINT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class FolderState:
    """What the store knows of one server folder after the last complete batch."""

    account: str
    folder: str
    uidvalidity: int
    highest_uid: int
    uidnext: int | None
    highestmodseq: int | None
    exists_count: int | None


@dataclass(frozen=True, slots=True)
class Prepared:
    """A message's ``messages`` row already built (raw bytes compressed) and its search-index
    text, so that parser processes do all the CPU work and the writer only runs SQL. The parsed
    record itself is not kept: it would double what crosses from the workers."""

    row: dict[str, object]
    fts: tuple[str, str, str]  # subject, sender, body as the search index wants them

    @property
    def sha256(self) -> str:
        return str(self.row["sha256"])

    @property
    def message_id(self) -> str | None:
        value = self.row["message_id"]
        return value if isinstance(value, str) else None

    @property
    def has_parse_errors(self) -> bool:
        return self.row["parse_errors"] is not None


def prepare(parsed: ParsedMessage, raw: bytes, source: str) -> Prepared:
    """The store row and search-index text of a parsed message (CPU work, done by a worker)."""
    sender = " ".join(f"{a.name} {a.addr}" for a in parsed.from_)
    texts = (
        fts.index_text(parsed.subject),
        fts.index_text(sender),
        fts.index_text(parsed.body_text),
    )
    row = {
        k: _storable(v) if isinstance(v, str) else v
        for k, v in message_row(parsed, raw, source).items()
    }
    return Prepared(row, (_storable(texts[0]), _storable(texts[1]), _storable(texts[2])))


def _storable(text: str) -> str:
    """``text`` as SQLite can store it: a lone surrogate (some codecs, or undecodable header
    bytes, leave one) would make the whole batch's insert fail."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


@dataclass(frozen=True, slots=True)
class Fetched:
    """One message as fetched from IMAP, parsed, ready to store."""

    uid: int
    flags: str
    internaldate: str | None
    prepared: Prepared


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _writable(path: Path) -> bool:
    """Whether the store file and its folder can be written (not a read-only disk)."""
    return os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


class Store:
    """A handle on the store file. Use as a context manager, or call ``close()``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) the store at ``path`` and bring its schema up to date."""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, timeout=30)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open store {path}: {exc}") from exc
        try:
            # Set before the first write, so only for a new file: a message is ~30 KB of raw
            # bytes and text, and 16 KB pages write it with a quarter of the syscalls and
            # overflow pages of 4 KB (the sync's main process spent ~0.3 ms/message in them).
            conn.execute("PRAGMA page_size = 16384")
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode is durable against process kills (only an OS crash may lose
            # the last commits), and much faster than FULL for per-batch commits.
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            if not _writable(path):
                # A backup on a read-only disk or snapshot is healthy: never advise a restore.
                raise StoreError(
                    f"store {path} is read-only: SQLite writes its journal beside it ({exc})",
                    "copy the store to a writable folder and point `--store` at the copy",
                ) from exc
            raise StoreError(
                f"{path} is not a usable tradetriage store: {exc}",
                "point `store` in the config at another file, or restore a backup",
            ) from exc
        return cls(conn, path)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many batch commits in a row (sync, import): checkpoint the WAL every ~64 MB instead
        of SQLite's default ~4 MB. Each checkpoint fsyncs; with 10 MB batches the default made
        nearly every commit one."""
        page_size = int(self.conn.execute("PRAGMA page_size").fetchone()[0])
        self.conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_BYTES // page_size}")
        try:
            yield
        finally:
            self.conn.execute("PRAGMA wal_autocheckpoint = 1000")
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """One atomic write: everything inside commits together or not at all."""
        return atomic(self.conn)

    # -- folders ---------------------------------------------------------------------------

    def folder_state(self, account: str, folder: str) -> FolderState | None:
        row = self.conn.execute(
            "SELECT uidvalidity, highest_uid, uidnext, highestmodseq, exists_count "
            "FROM folders WHERE account = ? AND folder = ?",
            (account, folder),
        ).fetchone()
        if row is None:
            return None
        return FolderState(account, folder, *row)

    def save_folder_state(self, conn: sqlite3.Connection, state: FolderState) -> None:
        """Record folder state; call inside the transaction that stored the batch it covers."""
        conn.execute(
            "INSERT INTO folders (account, folder, uidvalidity, highest_uid, uidnext, "
            "highestmodseq, exists_count, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (account, folder) DO UPDATE SET uidvalidity = excluded.uidvalidity, "
            "highest_uid = excluded.highest_uid, uidnext = excluded.uidnext, "
            "highestmodseq = excluded.highestmodseq, exists_count = excluded.exists_count, "
            "synced_at = excluded.synced_at",
            (
                state.account,
                state.folder,
                state.uidvalidity,
                state.highest_uid,
                state.uidnext,
                state.highestmodseq,
                state.exists_count,
                now_iso(),
            ),
        )

    # -- locations -------------------------------------------------------------------------

    def live_uids(self, account: str, folder: str, uidvalidity: int) -> set[int]:
        rows = self.conn.execute(
            "SELECT uid FROM locations WHERE account = ? AND folder = ? AND uidvalidity = ? "
            "AND gone_at IS NULL",
            (account, folder, uidvalidity),
        )
        return {r[0] for r in rows}

    def live_count(self, account: str, folder: str, uidvalidity: int) -> int:
        row = self.conn.execute(
            "SELECT count(*) FROM locations WHERE account = ? AND folder = ? "
            "AND uidvalidity = ? AND gone_at IS NULL",
            (account, folder, uidvalidity),
        ).fetchone()
        return int(row[0])

    def mark_gone(self, account: str, folder: str, uidvalidity: int, uids: Iterable[int]) -> int:
        """Mark locations expunged on the server; the messages stay in the archive."""
        when = now_iso()
        with self.transaction() as conn:
            cur = conn.executemany(
                "UPDATE locations SET gone_at = ? WHERE account = ? AND folder = ? "
                "AND uidvalidity = ? AND uid = ? AND gone_at IS NULL",
                [(when, account, folder, uidvalidity, uid) for uid in uids],
            )
            return cur.rowcount

    def update_flags(
        self, account: str, folder: str, uidvalidity: int, flags: dict[int, str]
    ) -> int:
        """Set flags of known messages; return how many rows actually changed."""
        with self.transaction() as conn:
            cur = conn.executemany(
                "UPDATE locations SET flags = ? WHERE account = ? AND folder = ? "
                "AND uidvalidity = ? AND uid = ? AND flags IS NOT ?",
                [(f, account, folder, uidvalidity, uid, f) for uid, f in flags.items()],
            )
            return cur.rowcount

    def stale_locations(self, account: str, folder: str, uidvalidity: int) -> list[StaleLocation]:
        """Live locations of a folder under an older UIDVALIDITY, with Message-ID and size."""
        rows = self.conn.execute(
            "SELECT l.id, m.message_id, m.size FROM locations l JOIN messages m "
            "ON m.id = l.message WHERE l.account = ? AND l.folder = ? AND l.uidvalidity != ? "
            "AND l.gone_at IS NULL",
            (account, folder, uidvalidity),
        )
        return [StaleLocation(*r) for r in rows]

    def rekey_locations(
        self, conn: sqlite3.Connection, uidvalidity: int, moves: dict[int, tuple[int, str]]
    ) -> None:
        """Give re-matched locations their new (UIDVALIDITY, UID) and flags."""
        conn.executemany(
            "UPDATE locations SET uidvalidity = ?, uid = ?, flags = ? WHERE id = ?",
            [(uidvalidity, uid, flags, loc) for loc, (uid, flags) in moves.items()],
        )

    def retire_locations(self, conn: sqlite3.Connection, location_ids: Iterable[int]) -> None:
        when = now_iso()
        conn.executemany(
            "UPDATE locations SET gone_at = ? WHERE id = ?", [(when, i) for i in location_ids]
        )

    # -- messages --------------------------------------------------------------------------

    def add_fetched(
        self,
        conn: sqlite3.Connection,
        account: str,
        folder: str,
        uidvalidity: int,
        batch: Iterable[Fetched],
    ) -> int:
        """Store a batch of fetched messages with their locations; return how many were new
        locations. Call inside a transaction together with ``save_folder_state``."""
        added = 0
        for item in batch:
            message = self._message_row_id(conn, item.prepared)
            cur = conn.execute(
                "INSERT OR IGNORE INTO locations (message, account, folder, uidvalidity, uid, "
                "flags, internaldate) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (message, account, folder, uidvalidity, item.uid, item.flags, item.internaldate),
            )
            added += cur.rowcount
        return added

    def add_imported(self, conn: sqlite3.Connection, prepared: Prepared) -> bool:
        """Store a message from a file unless its content or Message-ID is already stored.
        Call inside a transaction."""
        if self._known(conn, prepared):
            return False
        self._insert_message(conn, prepared)
        return True

    def _known(self, conn: sqlite3.Connection, prepared: Prepared) -> bool:
        if conn.execute("SELECT 1 FROM messages WHERE sha256 = ?", (prepared.sha256,)).fetchone():
            return True
        if prepared.message_id:
            row = conn.execute(
                "SELECT 1 FROM messages WHERE message_id = ?", (prepared.message_id,)
            ).fetchone()
            return row is not None
        return False

    def _message_row_id(self, conn: sqlite3.Connection, prepared: Prepared) -> int:
        row = conn.execute(
            "SELECT id FROM messages WHERE sha256 = ?", (prepared.sha256,)
        ).fetchone()
        if row is not None:
            return int(row[0])
        return self._insert_message(conn, prepared)

    def _insert_message(self, conn: sqlite3.Connection, prepared: Prepared) -> int:
        row = prepared.row
        raw = row["raw"]
        big = raw if isinstance(raw, bytes) and len(raw) > STREAMED_BLOB else None
        marks = ", ".join("?" * len(row))
        values = tuple(row.values())
        if big:  # the row reserves the blob's size; the bytes follow below
            marks = ", ".join("zeroblob(?)" if name == "raw" else "?" for name in row)
            values = tuple(len(big) if name == "raw" else value for name, value in row.items())
        cur = conn.execute(f"INSERT INTO messages ({', '.join(row)}) VALUES ({marks})", values)
        rowid = cur.lastrowid
        assert rowid is not None  # sqlite3 always sets it after an INSERT
        if big:
            # Bound as a parameter, a large blob is copied into SQLite and again into the row
            # it builds; written into a reserved blob it goes page by page.
            with conn.blobopen("messages", "raw", rowid) as blob:
                blob.write(big)
        conn.execute(
            "INSERT INTO messages_fts (rowid, subject, sender, body) VALUES (?, ?, ?, ?)",
            (rowid, *prepared.fts),
        )
        return rowid


@dataclass(frozen=True, slots=True)
class StaleLocation:
    location_id: int
    message_id: str | None
    size: int


def _plain(record: object) -> dict[str, object]:
    """A flat record (Address, Attachment, Hop, Link) as a dict. ``dataclasses.asdict`` would
    deep-copy every value, which costs more than the rest of building the row."""
    return {name: getattr(record, name) for name in record.__slots__}  # type: ignore[attr-defined]


def _json_records(records: Iterable[object]) -> str:
    return json.dumps([_plain(r) for r in records], ensure_ascii=False)


def message_row(parsed: ParsedMessage, raw: bytes, source: str) -> dict[str, object]:
    """The ``messages`` row for a parsed message (column name → value)."""
    sender = parsed.from_[0] if parsed.from_ else None
    return {
        "sha256": parsed.sha256,
        "message_id": parsed.message_id,
        "in_reply_to": parsed.in_reply_to,
        "refs": json.dumps(list(parsed.references)),
        "from_name": sender.name if sender else None,
        "from_addr": sender.addr if sender else None,
        "to_json": _json_records(parsed.to),
        "cc_json": _json_records(parsed.cc),
        "reply_to_json": _json_records(parsed.reply_to),
        "subject": parsed.subject,
        "date_utc": parsed.date.astimezone(UTC).isoformat() if parsed.date else None,
        "date_offset_min": parsed.date_offset_minutes,
        "date_raw": parsed.date_raw,
        "body_text": parsed.body_text,
        "attachments_json": _json_records(parsed.attachments),
        "received_json": json.dumps(
            [
                {**_plain(h), "date": h.date.isoformat() if h.date else None}
                for h in parsed.received
            ],
            ensure_ascii=False,
        ),
        "links_json": _json_records(parsed.links),
        "headers_json": json.dumps(
            {k: list(v) for k, v in parsed.extra_headers.items()}, ensure_ascii=False
        ),
        "size": len(raw),
        "raw": compress(raw),
        "parse_errors": json.dumps(list(parsed.parse_errors)) if parsed.parse_errors else None,
        "source": source,
        "added_at": now_iso(),
    }


# zstd compresses mail about as well as zlib's default level at several times its speed, which
# matters in the sync's hot path. Rows written before the switch are zlib and still read.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def compress(raw: bytes) -> bytes:
    """The stored form of a message's bytes."""
    return _zstd_compressor().compress(raw)


def raw_bytes(blob: bytes) -> bytes:
    """The original message bytes from a stored ``raw`` column (zstd, or zlib for old rows)."""
    if blob.startswith(_ZSTD_MAGIC):
        import zstandard

        return zstandard.ZstdDecompressor().decompress(blob)
    return zlib.decompress(blob)


@cache
def _zstd_compressor() -> zstandard.ZstdCompressor:
    import zstandard

    return zstandard.ZstdCompressor(level=1)
