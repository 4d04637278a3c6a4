"""Store writes are atomic, also when Ctrl-C lands between two statements."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tradetriage.store.db import Store
from tradetriage.store.transactions import atomic


class _InterruptedAfter:
    """A connection that raises KeyboardInterrupt right after running one statement, as
    Python does when a SIGINT arrives while SQLite runs it: the statement took effect. (No
    real signal can be timed to land there; a sync test met it once in some thirty runs.)"""

    def __init__(self, conn: sqlite3.Connection, statement: str) -> None:
        self._conn = conn
        self._statement = statement

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        cursor = self._conn.execute(sql, *args)
        if sql == self._statement:
            raise KeyboardInterrupt
        return cursor

    @property
    def in_transaction(self) -> bool:
        return self._conn.in_transaction


@pytest.mark.parametrize("statement", ["BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)"])
def test_an_interrupt_inside_a_transaction_rolls_it_back(tmp_path: Path, statement: str) -> None:
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.execute("CREATE TABLE t (x INTEGER)")
    interrupted = _InterruptedAfter(conn, statement)
    with pytest.raises(KeyboardInterrupt), atomic(interrupted) as tx:  # type: ignore[arg-type]
        tx.execute("INSERT INTO t VALUES (1)")
    assert not conn.in_transaction  # the write lock is released
    assert conn.execute("SELECT count(*) FROM t").fetchone() == (0,)
    with atomic(conn):  # and the next transaction can start
        conn.execute("INSERT INTO t VALUES (2)")
    assert conn.execute("SELECT x FROM t").fetchall() == [(2,)]


def test_an_interrupt_after_commit_keeps_what_was_committed(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "t.db", isolation_level=None)
    conn.execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(KeyboardInterrupt), atomic(_InterruptedAfter(conn, "COMMIT")) as tx:  # type: ignore[arg-type]
        tx.execute("INSERT INTO t VALUES (1)")
    assert not conn.in_transaction
    assert conn.execute("SELECT x FROM t").fetchall() == [(1,)]


def test_an_interrupt_as_a_bulk_write_begins_ends_as_the_interrupt(tmp_path: Path) -> None:
    # What a sync does: batches inside bulk(), whose closing checkpoint needs no open
    # transaction. The interrupt, not "database table is locked", must come out.
    with Store.open(tmp_path / "store.db") as store:
        real = store.conn
        store.conn = _InterruptedAfter(real, "BEGIN IMMEDIATE")  # type: ignore[assignment]
        with pytest.raises(KeyboardInterrupt), store.bulk(), store.transaction():
            pass
        store.conn = real
        assert not real.in_transaction


def test_a_read_only_store_is_not_called_corrupt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import sqlite3

    from tradetriage.errors import StoreError

    path = tmp_path / "store.db"
    Store.open(path).close()
    # A read-only disk (a backup, a snapshot): SQLite cannot make its journal files. Faked, as
    # a test running as root cannot make a folder it may not write.
    import tradetriage.store.db as db

    def cannot_journal(conn: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(db, "migrate", cannot_journal)
    monkeypatch.setattr(os, "access", lambda p, mode: mode != os.W_OK)
    with pytest.raises(StoreError) as raised:
        Store.open(path)
    assert "read-only" in str(raised.value) and "restore" not in str(raised.value)


def test_a_stored_date_at_the_calendar_end_reads_as_none() -> None:
    from tradetriage.store.reading import _date

    # Stored before the parser refused such dates; the sender's +0200 would overflow it.
    assert _date("9999-12-31T23:00:00+00:00", 120) is None
    assert _date("2025-03-10T09:00:00+00:00", 120).hour == 11  # type: ignore[union-attr]
