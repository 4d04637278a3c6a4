"""The clerk's verdicts on messages (``tradetriage learn``), and the token model each grading
run trains on them (``signals/learned.py`` holds the pure classifier).

A verdict is kept per message in the ``learned`` table; marking again replaces it, ``forget``
removes it; either way that message is graded again on the next run. The model is rebuilt from
the learned messages' stored fields at every grading run that has work to do (tokenizing a
thousand messages takes 0.2-0.3 s), so it never drifts from the verdicts. Once a classifier is
active, any change to the verdicts regrades every message: their digest is part of the grading
fingerprint (``run.py``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from tradetriage.errors import NotFoundError, StoreError
from tradetriage.store.db import Store, now_iso
from tradetriage.store.queries import select_in, sent_by
from tradetriage.verdicts import MIN_LEARNED, VERDICTS, active_verdicts

if TYPE_CHECKING:
    from tradetriage.signals.learned import TokenModel


@dataclass(frozen=True, slots=True)
class LearnedStatus:
    """How many messages carry each verdict, and which classifiers are active."""

    counts: dict[str, int]
    active: tuple[str, ...]  # "phishing" and/or "fraud": enough of it and of genuine learned
    min_learned: int = MIN_LEARNED


class Marked(NamedTuple):
    changed: int  # messages whose verdict is new or another
    marked: int  # messages given the verdict, every stored copy of them included
    replaced: int = 0  # of the changed, those that had another verdict before


def mark(store: Store, message_ids: Sequence[int], verdict: str) -> Marked:
    """Record ``verdict`` for each message and every stored copy of it (replacing an earlier
    verdict). StoreError names an id that is not in the store; nothing is recorded then."""
    if verdict not in VERDICTS:
        raise StoreError(f"unknown verdict {verdict!r}", f"use one of: {', '.join(VERDICTS)}")
    when = now_iso()
    with store.transaction() as tx:
        _check_exist(tx, message_ids)
        chosen = _with_copies(tx, message_ids)
        replaced = sum(
            1
            for (old,) in select_in(tx, "SELECT verdict FROM learned", "message", chosen)
            if old != verdict
        )
        before = tx.total_changes
        tx.executemany(
            "INSERT INTO learned (message, verdict, learned_at) VALUES (?, ?, ?) "
            "ON CONFLICT (message) DO UPDATE SET verdict = excluded.verdict, "
            "learned_at = excluded.learned_at WHERE verdict != excluded.verdict",
            [(i, verdict, when) for i in chosen],
        )
        changed = tx.total_changes - before
        _regrade(tx, chosen)
        return Marked(changed, len(chosen), replaced)


def forget(store: Store, message_ids: Sequence[int]) -> int:
    """Drop the verdicts of these messages and of their stored copies; return how many there
    were. StoreError names an id that is not in the store; nothing is dropped then."""
    with store.transaction() as tx:
        _check_exist(tx, message_ids)
        chosen = _with_copies(tx, message_ids)
        before = tx.total_changes
        tx.executemany("DELETE FROM learned WHERE message = ?", [(i,) for i in chosen])
        dropped = tx.total_changes - before
        _regrade(tx, chosen)
        return dropped


def _with_copies(conn: sqlite3.Connection, message_ids: Sequence[int]) -> list[int]:
    """``message_ids`` (once each) and every other stored copy of the same mail (same
    Message-ID and sender: one mail synced from two mailboxes is stored twice). A verdict on
    one copy alone would leave the other flagged, and the contact with it."""
    rows = select_in(conn, "SELECT message_id, from_addr FROM messages", "id", list(message_ids))
    keys = {(mid, sender) for mid, sender in rows if mid}
    copies = [
        ident
        for ident, mid, sender in select_in(
            conn, "SELECT id, message_id, from_addr FROM messages", "message_id",
            sorted({mid for mid, _ in keys}),
        )
        if (mid, sender) in keys
    ]  # fmt: skip
    return list(dict.fromkeys([*message_ids, *sorted(copies)]))


def contact_mail(store: Store, contact: int, our_domains: frozenset[str]) -> list[int]:
    """Ids of the mail a contact sent (From one of its addresses; from a spoofed address of
    ours, only the spoofs): what `learn --contact` marks."""
    addrs = [
        str(a)
        for (a,) in store.conn.execute(
            "SELECT addr FROM contact_addresses WHERE contact = ?", (contact,)
        )
    ]
    where, params = sent_by(addrs, our_domains)
    rows = store.conn.execute(
        "SELECT m.id FROM messages m LEFT JOIN message_grades g ON g.message = m.id "
        f"WHERE {where} ORDER BY m.id",
        params,
    )
    return [int(r[0]) for r in rows]


def status(store: Store) -> LearnedStatus:
    """Counts per verdict and the classifiers they make active."""
    counts = verdict_counts(store.conn)
    return LearnedStatus(counts, active_verdicts(counts))


def verdict_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How many messages carry each verdict (0 for none)."""
    rows = conn.execute("SELECT verdict, count(*) FROM learned GROUP BY verdict")
    return {verdict: 0 for verdict in VERDICTS} | {str(v): int(n) for v, n in rows}


def load_model(store: Store) -> TokenModel | None:
    """The token model of the learned messages, or None when nothing was learned. Until a
    classifier is active only the verdicts are read: tokenizing would be thrown away."""
    from tradetriage.signals.learned import build_model

    counts = verdict_counts(store.conn)
    if not any(counts.values()):
        return None
    return build_model(_learned(store, with_tokens=bool(active_verdicts(counts))))


def _learned(store: Store, *, with_tokens: bool) -> Iterator[tuple[str, str, frozenset[str]]]:
    from tradetriage.signals.learned import text_tokens

    if not with_tokens:
        rows = store.conn.execute(
            "SELECT m.sha256, l.verdict FROM learned l JOIN messages m ON m.id = l.message"
        )
        for sha256, verdict in rows:
            yield str(sha256), str(verdict), frozenset()
        return
    # Only the fields tokens are made of: parsing whole rows took a third of the model's build.
    rows = store.conn.execute(
        "SELECT l.verdict, m.sha256, m.subject, m.body_text, m.from_addr, m.links_json "
        "FROM learned l JOIN messages m ON m.id = l.message"
    )
    for verdict, sha256, subject, body, sender, links in rows:
        hrefs = (str(link["href"]) for link in json.loads(links)) if links else ()
        yield str(sha256), str(verdict), text_tokens(subject or "", body or "", sender or "", hrefs)


def _regrade(conn: sqlite3.Connection, message_ids: Sequence[int]) -> None:
    # A verdict sets its message's flags: that message is graded again on the next run. (With
    # a classifier active, the verdicts' digest in the fingerprint regrades everything.)
    conn.executemany(
        "UPDATE message_grades SET rules_hash = '', folded = 0 WHERE message = ?",
        [(i,) for i in message_ids],
    )


def _check_exist(conn: sqlite3.Connection, message_ids: Sequence[int]) -> None:
    found = {r[0] for r in select_in(conn, "SELECT id FROM messages", "id", message_ids)}
    missing = [i for i in message_ids if i not in found]
    if missing:
        shown = ", ".join(map(str, missing[:5])) + (" …" if len(missing) > 5 else "")
        raise NotFoundError(f"no message with id {shown}", "see `tradetriage list`")
