"""The order `grade --show` lists contacts in: what needs doing now first, warnings newest
first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tradetriage.grading.report import _contact_rows
from tradetriage.store.db import Store

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def _store(tmp_path: Path, contacts: list[dict[str, object]]) -> Store:
    store = Store.open(tmp_path / "store.db")
    with store.transaction() as tx:
        for contact in contacts:
            row = {"flags": "[]", "waiting_since": None, "due_at": None, **contact}
            columns = ", ".join(row)
            tx.execute(
                f"INSERT INTO contacts ({columns}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    return store


def test_due_answers_and_touches_come_first_by_level_stale_ones_after(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        [
            # Level 4 waiting since yesterday: after every other level with something due.
            {"id": 1, "level": 4, "waiting_since": _ago(1), "due_at": _ago(-2)},
            # Level 2, we answered; its weekly touch is five days late: due now.
            {"id": 2, "level": 2, "due_at": _ago(5), "last_inbound": _ago(20)},
            # Level 2 whose touch is not due for three days: nothing to do yet.
            {"id": 3, "level": 2, "due_at": _ago(-3), "last_inbound": _ago(2)},
            # Level 3 unanswered since 2002 (an imported archive): after what is current.
            {"id": 4, "level": 3, "waiting_since": _ago(8000), "due_at": _ago(7999)},
            # Level 3 waiting since this morning.
            {"id": 5, "level": 3, "waiting_since": _ago(0.1), "due_at": _ago(-0.9)},
            # Level 1, nothing due.
            {"id": 6, "level": 1, "last_inbound": _ago(3)},
        ],
    )
    rows = _contact_rows(store.conn, flagged=False, now=NOW)
    assert [row[0] for row in rows] == [2, 5, 1, 4, 6, 3]


def test_warnings_come_newest_first_and_a_limit_keeps_the_newest(tmp_path: Path) -> None:
    flagged = '["phishing"]'
    store = _store(
        tmp_path,
        [
            {"id": 1, "level": 3, "flags": flagged, "score": 9.0, "last_inbound": _ago(400)},
            {"id": 2, "level": 4, "flags": flagged, "score": 28.0, "last_inbound": _ago(1)},
            {"id": 3, "level": 4, "flags": flagged, "score": 6.0, "last_inbound": _ago(30)},
            {"id": 4, "level": 3, "score": 1.0, "last_inbound": _ago(1)},
        ],
    )
    rows = _contact_rows(store.conn, flagged=True, now=NOW)
    assert [row[0] for row in rows] == [2, 3, 1]
    assert [row[0] for row in _contact_rows(store.conn, flagged=True, now=NOW, limit=1)] == [2]
