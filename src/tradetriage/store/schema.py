"""The store's schema, as a numbered list of migrations.

``PRAGMA user_version`` holds the number of migrations applied. A new schema change is a new
function appended to MIGRATIONS; old stores are brought forward on open, inside one transaction.
Tables are created through sqlite-utils (readable column maps); FTS5 needs raw SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db["meta"].create({"key": str, "value": str}, pk="key")
    # One row per distinct message content (sha256 of the raw bytes). The same mail filed in two
    # folders is one message with two locations.
    db["messages"].create(
        {
            "id": int,
            "sha256": str,
            "message_id": str,
            "in_reply_to": str,
            "refs": str,  # JSON list
            "from_name": str,
            "from_addr": str,
            "to_json": str,
            "cc_json": str,
            "reply_to_json": str,
            "subject": str,
            "date_utc": str,  # ISO 8601, UTC
            "date_offset_min": int,
            "date_raw": str,
            "body_text": str,
            "attachments_json": str,
            "received_json": str,
            "links_json": str,
            "headers_json": str,
            "size": int,
            "raw": bytes,  # zlib-compressed original bytes
            "parse_errors": str,  # JSON list, NULL when clean
            "source": str,  # "imap" or "import:<path>"
            "added_at": str,
        },
        pk="id",
        not_null={"sha256", "raw", "size", "added_at", "source"},
    )
    db["messages"].create_index(["sha256"], unique=True)
    db["messages"].create_index(["message_id"])
    db["messages"].create_index(["from_addr"])
    db["messages"].create_index(["date_utc"])
    # Where a message is (or was) on a server: keyed as IMAP keys it.
    db["locations"].create(
        {
            "id": int,
            "message": int,
            "account": str,
            "folder": str,
            "uidvalidity": int,
            "uid": int,
            "flags": str,  # space-separated, as the server sent them
            "internaldate": str,
            "gone_at": str,  # set when expunged on the server; the message stays archived
        },
        pk="id",
        foreign_keys=[("message", "messages", "id")],
        not_null={"message", "account", "folder", "uidvalidity", "uid"},
    )
    db["locations"].create_index(["account", "folder", "uidvalidity", "uid"], unique=True)
    db["locations"].create_index(["message"])
    db["folders"].create(
        {
            "account": str,
            "folder": str,
            "uidvalidity": int,
            "highest_uid": int,  # every UID up to this one has been stored
            "uidnext": int,
            "highestmodseq": int,
            "exists_count": int,
            "synced_at": str,
        },
        pk=("account", "folder"),
    )
    # Contentless: the text lives in messages; this table only answers MATCH with rowids.
    conn.execute(
        "CREATE VIRTUAL TABLE messages_fts USING fts5("
        "subject, sender, body, content='', tokenize='unicode61 remove_diacritics 2')"
    )


MIGRATIONS: list[Migration] = [_v1_initial]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the store lacks; return how many were applied."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    if current > SCHEMA_VERSION:
        from tradetriage.errors import StoreError

        raise StoreError(
            f"the store has schema version {current}, newer than this tradetriage "
            f"({SCHEMA_VERSION})",
            "upgrade tradetriage",
        )
    applied = 0
    for number in range(current, SCHEMA_VERSION):
        with conn:
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        applied += 1
    return applied
