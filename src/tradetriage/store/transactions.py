"""One atomic write on a connection in autocommit mode (as the store opens it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def atomic(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Everything inside commits together or not at all. (``with conn`` would not do: in
    autocommit mode it opens no transaction.)"""
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        # Ctrl-C can land as BEGIN returns, or just before COMMIT: the transaction is open
        # then, and left open it holds the write lock (a sync's closing WAL checkpoint then
        # failed with "database table is locked", which hid the interrupt). After COMMIT ran,
        # there is nothing to undo.
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
