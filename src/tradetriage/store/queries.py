"""Reading the store for listings, search and diagnostics. Every function returns plain typed
records that the CLI renders as a table or as JSON from the same data."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from tradetriage.errors import ArgumentError, NotFoundError
from tradetriage.store import fts
from tradetriage.store.db import Store, raw_bytes

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class MessageSummary:
    id: int
    date: str | None
    from_name: str | None
    from_addr: str | None
    subject: str
    locations: list[str]
    flags: str
    size: int
    attachments: int
    parse_errors: bool


@dataclass(frozen=True, slots=True)
class MessageDetail:
    summary: MessageSummary
    message_id: str | None
    in_reply_to: str | None
    date_raw: str | None
    to: list[dict[str, str]]
    cc: list[dict[str, str]]
    reply_to: list[dict[str, str]]
    attachments: list[dict[str, object]]
    received: list[dict[str, object]]
    headers: dict[str, list[str]]
    body_text: str
    parse_errors: list[str]
    source: str
    location_details: list[dict[str, object]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Filters:
    folder: str | None = None
    account: str | None = None
    sender: str | None = None
    since: date | None = None
    until: date | None = None
    limit: int | None = 50


_SUMMARY_SQL = """
SELECT m.id, m.date_utc, m.from_name, m.from_addr, m.subject,
       (SELECT json_group_array(l.account || '/' || l.folder ||
                                CASE WHEN l.gone_at IS NULL THEN '' ELSE ' (gone)' END)
          FROM locations l WHERE l.message = m.id) AS locations,
       (SELECT group_concat(l.flags, ' ') FROM locations l
          WHERE l.message = m.id AND l.gone_at IS NULL) AS flags,
       m.size, json_array_length(m.attachments_json), m.parse_errors IS NOT NULL
FROM messages m
"""


def _summary(row: tuple[object, ...]) -> MessageSummary:
    flags = " ".join(sorted(set(str(row[6] or "").split())))
    return MessageSummary(
        id=int(row[0]),  # type: ignore[call-overload]
        date=row[1],  # type: ignore[arg-type]
        from_name=row[2],  # type: ignore[arg-type]
        from_addr=row[3],  # type: ignore[arg-type]
        subject=str(row[4] or ""),
        locations=json.loads(str(row[5])),
        flags=flags,
        size=int(row[7]),  # type: ignore[call-overload]
        attachments=int(row[8] or 0),  # type: ignore[call-overload]
        parse_errors=bool(row[9]),
    )


def list_messages(store: Store, filters: Filters) -> list[MessageSummary]:
    """Messages matching the filters, newest first."""
    where, params = _where(filters)
    sql = f"{_SUMMARY_SQL} {where} ORDER BY m.date_utc DESC, m.id DESC"
    if filters.limit:
        sql += f" LIMIT {int(filters.limit)}"
    return [_summary(r) for r in store.conn.execute(sql, params)]


def _where(filters: Filters) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if filters.folder or filters.account:
        sub = "EXISTS (SELECT 1 FROM locations l WHERE l.message = m.id"
        if filters.folder:
            sub += " AND l.folder = ?"
            params.append(filters.folder)
        if filters.account:
            sub += " AND l.account = ?"
            params.append(filters.account)
        clauses.append(sub + ")")
    if filters.sender:
        clauses.append("(m.from_addr LIKE ? OR m.from_name LIKE ?)")
        params += [f"%{filters.sender}%"] * 2
    if filters.since:
        clauses.append("m.date_utc >= ?")
        params.append(filters.since.isoformat())
    if filters.until:
        clauses.append("m.date_utc < date(?, '+1 day')")
        params.append(filters.until.isoformat())
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def search(store: Store, query: str, limit: int | None = 50) -> list[MessageSummary]:
    """Messages whose subject, sender or body contain every word of ``query`` (Chinese too)."""
    expression = fts.match_query(query)
    if not expression:
        raise ArgumentError("the search query has no words to look for", "give a word to find")
    sql = (
        f"{_SUMMARY_SQL} WHERE m.id IN (SELECT rowid FROM messages_fts WHERE messages_fts "
        f"MATCH ?) ORDER BY m.date_utc DESC, m.id DESC"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_summary(r) for r in store.conn.execute(sql, (expression,))]


def get_message(store: Store, message_id: int) -> MessageDetail:
    row = store.conn.execute(f"{_SUMMARY_SQL} WHERE m.id = ?", (message_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no message with id {message_id}", "see `tradetriage list`")
    detail = store.conn.execute(
        "SELECT message_id, in_reply_to, date_raw, to_json, cc_json, reply_to_json, "
        "attachments_json, received_json, headers_json, body_text, parse_errors, source "
        "FROM messages WHERE id = ?",
        (message_id,),
    ).fetchone()
    locations = [
        {"account": a, "folder": f, "uidvalidity": v, "uid": u, "flags": fl, "gone_at": g}
        for a, f, v, u, fl, g in store.conn.execute(
            "SELECT account, folder, uidvalidity, uid, flags, gone_at FROM locations "
            "WHERE message = ? ORDER BY id",
            (message_id,),
        )
    ]
    return MessageDetail(
        summary=_summary(row),
        message_id=detail[0],
        in_reply_to=detail[1],
        date_raw=detail[2],
        to=json.loads(detail[3]),
        cc=json.loads(detail[4]),
        reply_to=json.loads(detail[5]),
        attachments=json.loads(detail[6]),
        received=json.loads(detail[7]),
        headers=json.loads(detail[8]),
        body_text=detail[9] or "",
        parse_errors=json.loads(detail[10]) if detail[10] else [],
        source=detail[11],
        location_details=locations,
    )


def get_raw(store: Store, message_id: int) -> bytes:
    row = store.conn.execute("SELECT raw FROM messages WHERE id = ?", (message_id,)).fetchone()
    if row is None:
        raise NotFoundError(f"no message with id {message_id}", "see `tradetriage list`")
    return raw_bytes(row[0])


def messages_with_errors(store: Store, limit: int | None = None) -> list[tuple[int, str, str]]:
    """(id, subject, first parse error) of every message that did not parse cleanly."""
    sql = (
        "SELECT id, coalesce(subject, ''), parse_errors FROM messages "
        "WHERE parse_errors IS NOT NULL ORDER BY id"
    )
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [(i, s, (json.loads(e) or [""])[0]) for i, s, e in store.conn.execute(sql)]


@dataclass(frozen=True, slots=True)
class StoreStats:
    messages: int
    locations_live: int
    locations_gone: int
    with_parse_errors: int
    folders: list[dict[str, object]]


def stats(store: Store) -> StoreStats:
    conn = store.conn
    (messages,) = conn.execute("SELECT count(*) FROM messages").fetchone()
    (live,) = conn.execute("SELECT count(*) FROM locations WHERE gone_at IS NULL").fetchone()
    (gone,) = conn.execute("SELECT count(*) FROM locations WHERE gone_at IS NOT NULL").fetchone()
    (bad,) = conn.execute("SELECT count(*) FROM messages WHERE parse_errors IS NOT NULL").fetchone()
    folders = [
        {"account": a, "folder": f, "uidvalidity": v, "highest_uid": h, "synced_at": s}
        for a, f, v, h, s in conn.execute(
            "SELECT account, folder, uidvalidity, highest_uid, synced_at FROM folders "
            "ORDER BY account, folder"
        )
    ]
    return StoreStats(messages, live, gone, bad, folders)


# Values bound in one IN (...) list: below SQLite's parameter limit, with room for the rest of
# the statement.
MAX_PARAMS = 900


def chunked(values: Sequence[T], size: int) -> Iterator[list[T]]:
    """``values`` in lists of at most ``size``: SQLite limits the parameters of one statement."""
    for start in range(0, len(values), size):
        yield list(values[start : start + size])


def select_in(
    conn: sqlite3.Connection, select: str, column: str, values: Sequence[Any]
) -> list[tuple[Any, ...]]:
    """``select`` filtered by ``column IN values``, in chunks below SQLite's parameter limit."""
    rows: list[tuple[Any, ...]] = []
    for chunk in chunked(values, MAX_PARAMS):
        marks = ", ".join("?" * len(chunk))
        rows += conn.execute(f"{select} WHERE {column} IN ({marks})", chunk).fetchall()
    return rows


def mail_involving(count: int) -> str:
    """A WHERE condition on ``messages m``: sent from, or to or Cc, one of ``count`` addresses.
    Bind the addresses three times over (from, To, Cc). The mail ``contact show`` lists and
    whose grades a change to the contact unfolds; its level counts only the part written by
    the contact or by us to it (a third party's mail with the contact in Cc is listed, not
    counted)."""
    marks = ", ".join("?" * count)
    return (
        f"(m.from_addr IN ({marks}) OR EXISTS (SELECT 1 FROM json_each(m.to_json) j "
        f"WHERE json_extract(j.value, '$.addr') IN ({marks})) OR EXISTS (SELECT 1 FROM "
        f"json_each(m.cc_json) j WHERE json_extract(j.value, '$.addr') IN ({marks})))"
    )


def at_domains(addr: str, domains: frozenset[str]) -> bool:
    """Whether an address is at one of ``domains`` (or a host under one)."""
    # Imported here: the signals package loads every signal module (0.3 s), and this module
    # is on the path of the no-change `grade` and of every listing.
    from tradetriage.signals.base import in_domains

    return in_domains(addr.rpartition("@")[2], domains)


def sent_by(addrs: Sequence[str], our_domains: frozenset[str]) -> tuple[str, list[str]]:
    """A WHERE condition on ``messages m`` (with ``message_grades g`` joined), and its
    parameters: the mail sent from these addresses. From an address at our own domain (only
    a spoofer's is a contact's), only the mail grading found not ours: the rest is our
    colleague's own."""
    spoofed = [a for a in addrs if at_domains(a, our_domains)]
    others = [a for a in addrs if a not in spoofed]
    parts = [f"m.from_addr IN ({', '.join('?' * len(others))})"] if others else []
    if spoofed:
        marks = ", ".join("?" * len(spoofed))
        parts.append(f"(m.from_addr IN ({marks}) AND NOT {graded_ours(default=False)})")
    return " OR ".join(parts) or "0", [*others, *spoofed]


def mail_of(addrs: Sequence[str], our_domains: frozenset[str]) -> tuple[str, list[str]]:
    """Like ``sent_by``, and also the mail to or Cc these addresses, except those at our own
    domain (mail to our colleague is not a spoofer's)."""
    spoofed = [a for a in addrs if at_domains(a, our_domains)]
    others = [a for a in addrs if a not in spoofed]
    where, params = sent_by(spoofed, our_domains)
    if others:
        where = f"{mail_involving(len(others))} OR {where}"
        params = [*others, *others, *others, *params]
    return where, params


def graded_ours(default: bool) -> str:
    """An SQL expression on ``message_grades g``: 1 when grading found the message ours
    (From our domain and not a spoof: the stored ``domain.ours``), 0 when not, ``default``
    for a message not graded yet (no ``g`` row). A grade stores only signals with a value: a
    graded message without ``domain.ours`` is not ours."""
    ours = """coalesce(json_extract(g.findings_json, '$."domain.ours"'), 0)"""
    return f"(CASE WHEN g.message IS NULL THEN {int(default)} ELSE {ours} END)"


def rule_hit_counts(store: Store) -> dict[str, int]:
    """Rule id → how many stored messages it fired on (rules that never fired are absent)."""
    rows = store.conn.execute("SELECT rule_id, count(*) FROM hits GROUP BY rule_id")
    return {rule_id: int(n) for rule_id, n in rows}
