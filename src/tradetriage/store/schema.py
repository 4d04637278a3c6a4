"""The store's schema, as a numbered list of migrations.

``PRAGMA user_version`` holds the number of migrations applied. A new schema change is a new
function appended to MIGRATIONS; old stores are brought forward on open, inside one transaction.
Tables are created through sqlite-utils (readable column maps); FTS5 needs raw SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from tradetriage.store.transactions import atomic

Migration = Callable[[sqlite3.Connection], None]


def _v1_initial(conn: sqlite3.Connection) -> None:
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table("meta").create({"key": str, "value": str}, pk="key")
    # One row per distinct message content (sha256 of the raw bytes). The same mail filed in two
    # folders is one message with two locations.
    db.table("messages").create(
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
            "raw": bytes,  # the original bytes, zstd-compressed (zlib in early stores)
            "parse_errors": str,  # JSON list, NULL when clean
            "source": str,  # "imap" or "import:<path>"
            "added_at": str,
        },
        pk="id",
        not_null={"sha256", "raw", "size", "added_at", "source"},
    )
    db.table("messages").create_index(["sha256"], unique=True)
    db.table("messages").create_index(["message_id"])
    db.table("messages").create_index(["from_addr"])
    db.table("messages").create_index(["date_utc"])
    # Where a message is (or was) on a server: keyed as IMAP keys it.
    db.table("locations").create(
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
    db.table("locations").create_index(["account", "folder", "uidvalidity", "uid"], unique=True)
    db.table("locations").create_index(["message"])
    db.table("folders").create(
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


def _v2_grades(conn: sqlite3.Connection) -> None:
    """Per-message grades and the rule hits behind them (``grading/messages.py`` writes them).

    ``message_grades`` has one row per graded message; ``rules_hash`` is the digest of the rules
    that made it, so that a changed rules file regrades. ``findings_json`` keeps the value of
    every signal that has one (compact, no evidence; a missing one is None) for contact-level
    grading; ``hits`` keeps each fired rule with
    its evidence for explanations and the ``rules list`` fired counts.
    """
    conn.execute(
        "CREATE TABLE message_grades ("
        "message INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE, "
        "score REAL NOT NULL, fraud_score REAL NOT NULL, phishing_score REAL NOT NULL, "
        "flags TEXT NOT NULL, "  # JSON list: "suspect-fraud", "phishing"
        "findings_json TEXT NOT NULL, "  # JSON object: signal name -> value
        "rules_hash TEXT NOT NULL, graded_at TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX message_grades_rules_hash ON message_grades (rules_hash)")
    conn.execute(
        "CREATE TABLE hits ("
        "message INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE, "
        "rule_id TEXT NOT NULL, weight REAL NOT NULL, evidence TEXT NOT NULL)"
    )
    conn.execute("CREATE INDEX hits_rule_id ON hits (rule_id)")
    conn.execute("CREATE INDEX hits_message ON hits (message)")


def _v3_contacts(conn: sqlite3.Connection) -> None:
    # Contacts, not mailboxes: one buyer, several addresses (grading/contacts.py fills these).
    for statement in _split_sql(
        """
        CREATE TABLE contacts (
            id INTEGER PRIMARY KEY,
            name TEXT,                -- display name of its most recent sender
            owner TEXT,               -- the clerk who handles it
            tags TEXT NOT NULL DEFAULT '[]',
            groups TEXT NOT NULL DEFAULT '[]',
            ordered INTEGER NOT NULL DEFAULT 0,
            visited INTEGER NOT NULL DEFAULT 0,
            pinned_level INTEGER,
            level INTEGER,
            flags TEXT NOT NULL DEFAULT '[]',
            score REAL,               -- highest message score of its inbound mail
            reasons TEXT NOT NULL DEFAULT '[]',
            inbound INTEGER NOT NULL DEFAULT 0,
            outbound INTEGER NOT NULL DEFAULT 0,
            last_inbound TEXT,
            last_outbound TEXT,
            waiting_since TEXT,
            due_at TEXT,
            graded_at TEXT
        );
        CREATE TABLE contact_addresses (
            addr TEXT PRIMARY KEY,
            contact INTEGER NOT NULL REFERENCES contacts(id),
            bound_by TEXT NOT NULL,   -- 'auto' or 'user'
            why TEXT NOT NULL
        );
        CREATE INDEX contact_addresses_contact ON contact_addresses(contact);
        -- 0 until the message's grade is folded into its contact. A regrade (INSERT OR
        -- REPLACE) resets it, so contacts follow rule changes.
        ALTER TABLE message_grades ADD COLUMN folded INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX message_grades_unfolded ON message_grades(folded) WHERE folded = 0;
        """
    ):
        conn.execute(statement)


def _v4_reason_codes(conn: sqlite3.Connection) -> None:
    # contacts.reasons now holds [code, number] pairs rendered per language (grading/levels.py
    # REASON_TEXTS), no longer English text: unfold every grade so that the next grading run
    # rebuilds every contact's reasons.
    conn.execute("UPDATE message_grades SET folded = 0")


def _v5_placeholder_message_ids(conn: sqlite3.Connection) -> None:
    # Placeholders such as "<@>" or "<unknown>" were stored as Message-IDs before the parser
    # dropped them: they made different messages match on import and on a UIDVALIDITY change.
    from tradetriage.mail.headers import is_plausible_id

    junk = [
        (ident,)
        for ident, message_id in conn.execute(
            "SELECT id, message_id FROM messages WHERE message_id IS NOT NULL"
        )
        if not is_plausible_id(message_id)
    ]
    conn.executemany("UPDATE messages SET message_id = NULL WHERE id = ?", junk)


def _v6_contacts_without_addresses(conn: sqlite3.Connection) -> None:
    # `contact link` once left the contact it emptied behind; it now deletes it, and so does
    # this, once, so that no listing has to hide such contacts.
    conn.execute(
        "DELETE FROM contacts WHERE NOT EXISTS "
        "(SELECT 1 FROM contact_addresses a WHERE a.contact = contacts.id)"
    )


def _v7_learned(conn: sqlite3.Connection) -> None:
    # The clerk's verdicts (`tradetriage learn`), one per message: what the learned-mail
    # classifier (signals/learned.py) is trained on at each grading run.
    conn.execute(
        "CREATE TABLE IF NOT EXISTS learned ("
        "message INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE, "
        "verdict TEXT NOT NULL CHECK (verdict IN ('phishing', 'fraud', 'genuine')), "
        "learned_at TEXT NOT NULL)"
    )


def _v8_no_rules_hash_index(conn: sqlite3.Connection) -> None:
    # Grading asks for grades whose digest is *not* this run's ("rules_hash != ?"), which an
    # index cannot answer: it was never read, and cost every graded message an index entry
    # of 64 characters (a fifth of the time grading spends writing).
    conn.execute("DROP INDEX IF EXISTS message_grades_rules_hash")


def _v9_no_rule_id_index(conn: sqlite3.Connection) -> None:
    # Only `rules list` groups hits by rule (a scan: some 30 ms a 10,000-message store), while
    # the index cost every rule hit written an entry in a second B-tree (a third of the time
    # the grading process spends writing, beside its two analysis processes).
    conn.execute("DROP INDEX IF EXISTS hits_rule_id")


def _split_sql(script: str) -> list[str]:
    # executescript() would COMMIT the migration's transaction half-way; run statements one by
    # one (so no semicolon may appear inside a statement or comment).
    return [s.strip() for s in script.split(";") if s.strip()]


MIGRATIONS: list[Migration] = [
    _v1_initial,
    _v2_grades,
    _v3_contacts,
    _v4_reason_codes,
    _v5_placeholder_message_ids,
    _v6_contacts_without_addresses,
    _v7_learned,
    _v8_no_rules_hash_index,
    _v9_no_rule_id_index,
]
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
        with atomic(conn):  # a half-done migration rolls back
            MIGRATIONS[number](conn)
            conn.execute(f"PRAGMA user_version = {number + 1}")
        applied += 1
    return applied
