"""Contacts in the store: binding addresses, folding graded mail into levels, the clerk's marks.

Reads what per-message grading left in ``message_grades`` (score, flags, signal values) and
writes ``contacts`` and ``contact_addresses``. The decisions are pure functions in
``binding.py`` and ``levels.py``; this module only gathers their inputs and stores their output.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tradetriage.errors import ArgumentError, NotFoundError
from tradetriage.grading.binding import WHY, AddressInfo, ContactIndex, bind
from tradetriage.grading.levels import (
    FACT_SIGNALS,
    MailFacts,
    Marks,
    contact_level,
    due_at,
    facts_from_findings,
    waiting_since,
)
from tradetriage.signals.domain import is_freemail, registered_domain
from tradetriage.store import MAX_ROWID
from tradetriage.store.db import Store
from tradetriage.store.queries import MAX_PARAMS, chunked, mail_involving, select_in


@dataclass(frozen=True, slots=True)
class _Mail:
    message: int
    message_id: str | None
    inbound: bool
    addrs: tuple[str, ...]
    name: str | None
    when: datetime | None
    findings: dict[str, object]
    flags: tuple[str, ...]
    score: float
    folded: bool

    @property
    def key(self) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
        """One mail stored twice, from two mailboxes or as our Sent copy and a colleague's Cc,
        is one mail exchanged: the same Message-ID (else the row id), the same people, and
        graded alike. A forgery that reuses a Message-ID differs in sender or flags."""
        return (self.message_id or f"#{self.message}", self.addrs, self.flags)


@dataclass
class ContactsSummary:
    bound: int = 0
    updated: int = 0


def refresh_contacts(
    store: Store, our_domains: frozenset[str], now: datetime, *, everything: bool = False
) -> ContactsSummary:
    """Bind new addresses and recompute the contacts whose mail was graded since the last run
    (all of them with ``everything``). Only the touched contacts' mail is read back: a morning's
    few new messages must not cost a pass over the whole archive."""
    conn = store.conn
    summary = ContactsSummary()
    if (
        not everything
        and not conn.execute("SELECT 1 FROM message_grades WHERE folded = 0 LIMIT 1").fetchone()
        and not conn.execute("SELECT 1 FROM contacts WHERE graded_at IS NULL LIMIT 1").fetchone()
    ):
        return summary  # nothing graded or changed since the last refresh: the common case
    with store.transaction() as tx:
        fresh = list(_graded_mail(tx, our_domains, "" if everything else "WHERE g.folded = 0"))
        summary.bound = _bind_new(tx, fresh, our_domains)
        addrs = sorted({a for m in fresh for a in m.addrs})
        contact_of = dict(
            select_in(tx, "SELECT addr, contact FROM contact_addresses", "addr", addrs)
        )
        touched = {contact_of[a] for a in addrs if a in contact_of}
        # Also the contacts the clerk changed (``_expire``), and with ``everything`` all: a
        # contact may have lost all its mail (an address moved away, or now known as ours).
        stale = "" if everything else " WHERE graded_at IS NULL"
        touched.update(c for (c,) in tx.execute(f"SELECT id FROM contacts{stale}"))
        histories = dict(_histories(tx, our_domains, touched, fresh if everything else None))
        for contact in touched:
            _store_level(tx, contact, histories.get(contact, []), now)
        summary.updated = len(touched)
        tx.execute("UPDATE message_grades SET folded = 1 WHERE folded = 0")
    return summary


def _histories(
    tx: sqlite3.Connection,
    our_domains: frozenset[str],
    contacts: set[int],
    mail: list[_Mail] | None,
) -> Iterable[tuple[int, list[_Mail]]]:
    """Each contact's mail, both directions, oldest first. ``mail`` when it is already all of
    it; otherwise only the messages from or to the contacts' addresses are read."""
    members = select_in(
        tx, "SELECT addr, contact FROM contact_addresses", "contact", sorted(contacts)
    )
    contact_of = dict(members)
    if mail is None:
        mail = []
        for chunk in chunked(sorted(contact_of), 300):
            where = f"WHERE {mail_involving(len(chunk))}"
            mail += _graded_mail(tx, our_domains, where, (*chunk, *chunk, *chunk))
    # In time order whichever way the mail was read (SQL orders by Date, which a buyer's clock
    # may set wrong): the contact's name is taken from its newest mail. A chunk boundary may
    # repeat a message, and one mail may be stored twice: the earliest copy counts.
    seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
    history: dict[int, list[_Mail]] = defaultdict(list)
    for m in sorted(mail, key=lambda m: (m.when is None, m.when or datetime.min, m.message)):
        if m.key in seen:
            continue
        seen.add(m.key)
        for contact in {contact_of[a] for a in m.addrs if a in contact_of}:
            history[contact].append(m)
    return history.items()


# The stored signal values contacts use: whether the mail is ours, the signature's phones and
# website (binding), and what the level reads. SQLite picks them out of each message's findings
# as one small JSON array: parsing the whole findings (2–3 KB) in Python took half the refresh.
_FINDINGS_USED = ("domain.ours", "contact.phones", "domain.website", *FACT_SIGNALS)
_FINDINGS_READ = "json_extract(g.findings_json, {})".format(
    ", ".join(f"""'$."{name}"'""" for name in _FINDINGS_USED)
)


def _graded_mail(
    conn: sqlite3.Connection,
    our_domains: frozenset[str],
    where: str = "",
    params: tuple[Any, ...] = (),
) -> Iterable[_Mail]:
    rows = conn.execute(
        "SELECT m.id, m.message_id, m.from_addr, m.from_name, m.to_json, m.cc_json, m.date_utc, "
        "m.date_offset_min IS NOT NULL, json_extract(m.received_json, '$[0].date'), "
        # When the IMAP server filed it: read only for mail with neither a Received time nor
        # a Date (a script's reply saved by APPEND).
        "CASE WHEN m.date_utc IS NULL AND json_extract(m.received_json, '$[0].date') IS NULL "
        "THEN (SELECT min(l.internaldate) FROM locations l WHERE l.message = m.id) END, "
        f"{_FINDINGS_READ}, g.flags, g.score, "
        f"g.folded FROM messages m JOIN message_grades g ON g.message = m.id {where} "
        "ORDER BY m.date_utc, m.id",
        params,
    )
    for (
        ident, message_id, sender, name, to_json, cc_json, date, zoned, arrived, filed, values,
        flags, score, folded,
    ) in rows:  # fmt: skip
        sender = (sender or "").lower()
        findings = dict(zip(_FINDINGS_USED, json.loads(values), strict=True)) if values else {}
        # Grading decided whether mail From our domain is ours (a spoof is not: it is inbound
        # mail from whoever sent it, and its sender a contact to be flagged).
        ours = findings.get("domain.ours") is True
        if ours:
            recipients = [a["addr"] for a in json.loads(to_json) + json.loads(cc_json)]
            addrs = tuple(
                a for a in recipients if _is_mailbox(a) and registered_domain(a) not in our_domains
            )
        else:
            addrs = (sender,) if _is_mailbox(sender) else ()
        if not addrs:
            continue
        yield _Mail(
            message=ident,
            message_id=message_id,
            inbound=not ours,
            addrs=addrs,
            name=None if ours else name,
            when=_when(ours, date if zoned else None, arrived, (None if zoned else date) or filed),
            findings=findings,
            flags=tuple(json.loads(flags or "[]")),
            score=float(score or 0.0),
            folded=bool(folded),
        )


def _when(ours: bool, date: str | None, arrived: str | None, rough: str | None) -> datetime | None:
    """When a mail counts as written: a buyer's mail when our server received it (``arrived``:
    the newest Received line), for its Date may be missing, or set by a wrong or faked clock
    that would put it before our last reply; our own mail by its zoned ``date``, or without one
    (a script, a web form) when it arrived: a reply with no time would leave the buyer waiting.
    ``rough`` is the last resort: a Date without a zone (read as UTC, hours off the sender's
    clock, but on the right day), else when the IMAP server filed the mail. (Not that filing
    time before a Date, nor when the mail was stored here: a migrated or imported archive has
    them all new, and would wait for answers given years ago.)"""
    first, then = (arrived, date) if not ours else (date, arrived)
    chosen = first or then or rough
    return datetime.fromisoformat(chosen).astimezone(UTC) if chosen else None


_NOT_IN_MAILBOX = re.compile(r"[\s<>,;]")


def _is_mailbox(addr: str | None) -> bool:
    """Whether ``addr`` is a mailbox someone writes from: local@domain. "From: Sales Team"
    leaves only "sales" as an address, "a@b@c" is junk: as contacts they would join strangers
    who wrote the same."""
    if not addr or _NOT_IN_MAILBOX.search(addr):  # "Name <a@b.com>", a list
        return False
    local, at, domain = addr.rpartition("@")
    return bool(at and local and domain) and "@" not in local and "." in domain


_LAST_ID_KEY = "last_contact_id"


def _record_last_id(tx: sqlite3.Connection, contact: int) -> None:
    """Raise the highest contact id ever given to ``contact`` (never lower it)."""
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = "
        "max(coalesce(CAST(meta.value AS INTEGER), 0), CAST(excluded.value AS INTEGER))",
        (_LAST_ID_KEY, str(contact)),
    )


def _bind_new(tx: sqlite3.Connection, fresh: list[_Mail], our_domains: frozenset[str]) -> int:
    """Give the not-yet-bound addresses of ``fresh`` mail a contact."""
    infos = _address_infos(fresh, our_domains)
    addrs = sorted(infos)
    known = {a for (a,) in select_in(tx, "SELECT addr FROM contact_addresses", "addr", addrs)}
    new = [info for addr, info in infos.items() if addr not in known]
    if not new:
        return 0
    # Past every id ever given, not only the ids still there: a contact merged away (`contact
    # link`) leaves its number in the clerk's notes, which must not name a new buyer.
    (highest,) = tx.execute(
        "SELECT max(coalesce((SELECT max(id) FROM contacts), 0), "
        "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = ?), 0))",
        (_LAST_ID_KEY,),
    ).fetchone()
    assigned = bind(new, _contact_index(tx, our_domains), next_id=highest + 1)
    _record_last_id(tx, max(contact for _, contact, _ in assigned))
    for info, contact, why in assigned:
        tx.execute("INSERT OR IGNORE INTO contacts (id) VALUES (?)", (contact,))
        tx.execute(
            "INSERT INTO contact_addresses (addr, contact, bound_by, why) VALUES (?, ?, 'auto', ?)",
            (info.addr, contact, why),
        )
    return len(assigned)


def _contact_index(tx: sqlite3.Connection, our_domains: frozenset[str]) -> ContactIndex:
    """What identifies the existing contacts: their addresses' domains, and the phone numbers
    and websites in their signatures (pulled out of the stored findings by SQLite, in C)."""
    phones: dict[str, set[str]] = defaultdict(set)
    sites: dict[str, set[str]] = defaultdict(set)
    order: dict[str, int] = {}
    rows = tx.execute(
        "SELECT a.addr, a.contact, json_extract(g.findings_json, '$.\"contact.phones\"'), "
        "json_extract(g.findings_json, '$.\"domain.website\"') FROM contact_addresses a "
        "LEFT JOIN messages m ON m.from_addr = a.addr "
        "LEFT JOIN message_grades g ON g.message = m.id ORDER BY a.rowid"
    )
    for addr, contact, phone_json, site_json in rows:
        order.setdefault(addr, contact)
        phones[addr].update(_strings(json.loads(phone_json)) if phone_json else ())
        sites[addr].update(_strings(json.loads(site_json)) if site_json else ())
    index = ContactIndex()
    for addr, contact in order.items():
        index.add(_info(addr, phones[addr], sites[addr], our_domains), contact)
    return index


def _info(addr: str, phones: set[str], sites: set[str], our_domains: frozenset[str]) -> AddressInfo:
    domain = registered_domain(addr)
    return AddressInfo(
        addr,
        domain,
        is_freemail(domain),
        frozenset(phones),
        frozenset(sites),
        domain in our_domains,
    )


def _address_infos(mail: list[_Mail], our_domains: frozenset[str]) -> dict[str, AddressInfo]:
    phones: dict[str, set[str]] = defaultdict(set)
    sites: dict[str, set[str]] = defaultdict(set)
    addrs: set[str] = set()
    for m in mail:
        addrs.update(m.addrs)
        if m.inbound:
            phones[m.addrs[0]].update(_strings(m.findings.get("contact.phones")))
            sites[m.addrs[0]].update(_strings(m.findings.get("domain.website")))
    return {addr: _info(addr, phones[addr], sites[addr], our_domains) for addr in addrs}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    return []


def _store_level(tx: sqlite3.Connection, contact: int, mail: list[_Mail], now: datetime) -> None:
    if not mail:
        # No mail left: no level, and `grade --show` leaves it out. What the clerk gave it
        # (owner, tags, marks, a pin) stays, for mail that may come again.
        tx.execute(
            "UPDATE contacts SET level = NULL, flags = '[]', score = NULL, reasons = '[]', "
            "inbound = 0, outbound = 0, last_inbound = NULL, last_outbound = NULL, "
            "waiting_since = NULL, due_at = NULL, graded_at = ? WHERE id = ?",
            (now.isoformat(timespec="seconds"), contact),
        )
        return
    row = tx.execute(
        "SELECT ordered, visited, pinned_level FROM contacts WHERE id = ?", (contact,)
    ).fetchone()
    marks = Marks(bool(row[0]), bool(row[1]), row[2])
    facts: list[MailFacts] = [
        facts_from_findings(m.inbound, m.when, m.findings, m.flags) for m in mail
    ]
    result = contact_level(facts, marks)
    inbound = [m for m in mail if m.inbound]
    outbound = [m for m in mail if not m.inbound]
    waiting = waiting_since(facts)
    due = due_at(result.level, facts)
    name = next((m.name for m in reversed(inbound) if m.name), None)
    tx.execute(
        "UPDATE contacts SET name = coalesce(?, name), level = ?, flags = ?, score = ?, "
        "reasons = ?, inbound = ?, outbound = ?, last_inbound = ?, last_outbound = ?, "
        "waiting_since = ?, due_at = ?, graded_at = ? WHERE id = ?",
        (
            name,
            result.level,
            json.dumps(list(result.flags)),
            max((m.score for m in inbound), default=0.0),
            json.dumps([[r.code, r.n] for r in result.codes]),
            len(inbound),
            len(outbound),
            _iso(max((m.when for m in inbound if m.when), default=None)),
            _iso(max((m.when for m in outbound if m.when), default=None)),
            _iso(waiting),
            _iso(due),
            now.isoformat(timespec="seconds"),
            contact,
        ),
    )


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


# -- the clerk's changes -------------------------------------------------------------------


def find_contact(store: Store, key: str) -> int:
    """A contact by id ("12") or by one of its addresses; StoreError naming what to type."""
    conn = store.conn
    if key.isascii() and key.isdigit():  # not "²", which isdigit() also accepts
        number = int(key)
        row = (
            conn.execute("SELECT id FROM contacts WHERE id = ?", (number,)).fetchone()
            if number <= MAX_ROWID
            else None
        )
    else:
        row = conn.execute(
            "SELECT contact FROM contact_addresses WHERE addr = ?", (key.strip().lower(),)
        ).fetchone()
    if row is None:
        raise NotFoundError(
            f"no contact {key!r}", "see `tradetriage grade --show`, after `tradetriage grade`"
        )
    return int(row[0])


def set_marks(
    store: Store,
    contact: int,
    *,
    ordered: bool | None = None,
    visited: bool | None = None,
    owner: str | None = None,
    add_tags: Iterable[str] = (),
    add_groups: Iterable[str] = (),
    remove_tags: Iterable[str] = (),
    remove_groups: Iterable[str] = (),
) -> None:
    """Record what the clerk knows; levels are recomputed at the next ``refresh_contacts``.
    Removing a tag or group the contact does not have is an ``ArgumentError`` (a typo would
    otherwise leave the label in place unnoticed), and then nothing is changed."""
    with store.transaction() as tx:
        _remove_labels(tx, contact, "tags", remove_tags)
        _remove_labels(tx, contact, "groups", remove_groups)
        if ordered is not None:
            tx.execute("UPDATE contacts SET ordered = ? WHERE id = ?", (int(ordered), contact))
        if visited is not None:
            tx.execute("UPDATE contacts SET visited = ? WHERE id = ?", (int(visited), contact))
        if owner is not None:
            tx.execute("UPDATE contacts SET owner = ? WHERE id = ?", (owner or None, contact))
        _add_labels(tx, contact, "tags", add_tags)
        _add_labels(tx, contact, "groups", add_groups)
        # Only an order or a visit changes the level; owner, tags and groups are shown as set.
        if ordered is not None or visited is not None:
            _expire(tx, [contact])


def _add_labels(tx: sqlite3.Connection, contact: int, column: str, extra: Iterable[str]) -> None:
    """Add tags or groups (``column``) to a contact's, kept sorted and written as typed."""
    extra = list(extra)
    if not extra:
        return
    (current,) = tx.execute(f"SELECT {column} FROM contacts WHERE id = ?", (contact,)).fetchone()
    merged = sorted(set(json.loads(current)) | set(extra))
    tx.execute(
        f"UPDATE contacts SET {column} = ? WHERE id = ?",
        (json.dumps(merged, ensure_ascii=False), contact),
    )


def _remove_labels(tx: sqlite3.Connection, contact: int, column: str, names: Iterable[str]) -> None:
    """Take tags or groups (``column``) off a contact, as typed or in another case."""
    names = list(names)
    if not names:
        return
    (current,) = tx.execute(f"SELECT {column} FROM contacts WHERE id = ?", (contact,)).fetchone()
    labels: list[str] = json.loads(current)
    # Every spelling of it: the filters of `grade --show` take "VIP" and "vip" for one tag.
    folded = {name.casefold() for name in names}
    have = {label.casefold() for label in labels}
    missing = [name for name in names if name.casefold() not in have]
    if missing:
        kind = "tag" if column == "tags" else "group"
        has = ", ".join(labels) if labels else "none"
        raise ArgumentError(
            f"contact {contact} has no {kind} {', '.join(map(repr, missing))}",
            f"its {column}: {has}",
        )
    gone = {label for label in labels if label.casefold() in folded}
    tx.execute(
        f"UPDATE contacts SET {column} = ? WHERE id = ?",
        (json.dumps([label for label in labels if label not in gone], ensure_ascii=False), contact),
    )


def parse_level(text: str) -> int | None:
    """A level as the clerk types it: "1" to "4", or "auto" (None: graded automatically)."""
    if text.strip().lower() == "auto":
        return None
    try:
        level = int(text)
    except ValueError:
        level = 0
    _check_level(level, text)
    return level


def _check_level(level: int, shown: object) -> None:
    if level not in (1, 2, 3, 4):
        raise ArgumentError(f"level must be 1, 2, 3, 4 or auto, not {shown!r}", "`auto` unpins")


def level_and_pin(store: Store, contact: int) -> tuple[int | None, int | None]:
    """The contact's level as last graded (None: it has no mail) and its pinned level."""
    row = store.conn.execute(
        "SELECT level, pinned_level FROM contacts WHERE id = ?", (contact,)
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def pin_level(store: Store, contact: int, level: int | None) -> None:
    """Pin the contact's level (it survives regrading), or unpin it with None."""
    if level is not None:
        _check_level(level, level)
    with store.transaction() as tx:
        tx.execute("UPDATE contacts SET pinned_level = ? WHERE id = ?", (level, contact))
        _expire(tx, [contact])


def _expire(tx: sqlite3.Connection, contacts: Iterable[int]) -> None:
    """Unfold the grades of these contacts' mail: the next refresh recomputes just them (and
    whoever shares a message with them), so the clerk's change shows at once."""
    contacts = sorted(set(contacts))
    addrs = [a for (a,) in select_in(tx, "SELECT addr FROM contact_addresses", "contact", contacts)]
    # A contact left with no mail has nothing to unfold: mark it for the refresh itself.
    for chunk in chunked(contacts, MAX_PARAMS):
        marks = ", ".join("?" * len(chunk))
        tx.execute(f"UPDATE contacts SET graded_at = NULL WHERE id IN ({marks})", chunk)
    for chunk in chunked(sorted(addrs), 300):
        tx.execute(
            "UPDATE message_grades SET folded = 0 WHERE folded = 1 AND message IN "
            f"(SELECT m.id FROM messages m WHERE {mail_involving(len(chunk))})",
            (*chunk, *chunk, *chunk),
        )


@dataclass(frozen=True, slots=True)
class Merged:
    """A contact merged into another by ``link_address``, and what of it could not be carried
    over: its owner or pin where the other contact has a different one, each as (the merged
    contact's, the other's)."""

    contact: int
    owner_kept: tuple[str, str] | None = None
    pin_kept: tuple[int, int] | None = None


def link_address(store: Store, addr: str, contact: int) -> Merged | None:
    """Bind ``addr`` to ``contact`` by the clerk's word; it stays there across regrades. A
    contact left without addresses by the move is merged into ``contact``: its marks, owner,
    tags, groups and pin carried over (owner and pin where ``contact`` has none), then
    deleted. Returns that merge, or None."""
    addr = addr.strip().lower()
    if not _is_mailbox(addr):
        raise ArgumentError(f"{addr!r} is not an e-mail address", "give it as name@example.com")
    with store.transaction() as tx:
        row = tx.execute("SELECT contact FROM contact_addresses WHERE addr = ?", (addr,)).fetchone()
        tx.execute(
            "INSERT INTO contact_addresses (addr, contact, bound_by, why) "
            "VALUES (?, ?, 'user', ?) ON CONFLICT (addr) DO UPDATE SET "
            "contact = excluded.contact, bound_by = 'user', why = excluded.why",
            (addr, contact, WHY["user"][0]),
        )
        involved = {contact}
        merged = None
        if row is not None and row[0] != contact:
            involved.add(row[0])
            emptied = not tx.execute(
                "SELECT 1 FROM contact_addresses WHERE contact = ?", (row[0],)
            ).fetchone()
            if emptied:
                owner_kept, pin_kept = _carry_marks(tx, row[0], contact)
                # Before it goes: a store graded before the mark was kept has none yet.
                (highest,) = tx.execute("SELECT max(id) FROM contacts").fetchone()
                _record_last_id(tx, int(highest))
                tx.execute("DELETE FROM contacts WHERE id = ?", (row[0],))
                merged = Merged(row[0], owner_kept, pin_kept)
        _expire(tx, involved)
    return merged


def _carry_marks(
    tx: sqlite3.Connection, source: int, target: int
) -> tuple[tuple[str, str] | None, tuple[int, int] | None]:
    """What the clerk noted on ``source`` onto ``target``: an order or a visit, tags and
    groups added; the owner and a pin only where ``target`` has none. Returns what stays
    behind, as (``source``'s, ``target``'s): an owner and a pin that ``target``'s own
    outranks."""
    query = "SELECT tags, groups, owner, pinned_level FROM contacts WHERE id = ?"
    tags, groups, owner, pin = tx.execute(query, (source,)).fetchone()
    _, _, their_owner, their_pin = tx.execute(query, (target,)).fetchone()
    owner_kept = (owner, their_owner) if owner and their_owner and owner != their_owner else None
    pin_kept = (pin, their_pin) if pin and their_pin and pin != their_pin else None
    _add_labels(tx, target, "tags", json.loads(tags))
    _add_labels(tx, target, "groups", json.loads(groups))
    tx.execute(
        "UPDATE contacts SET "
        "ordered = max(ordered, (SELECT ordered FROM contacts WHERE id = :s)), "
        "visited = max(visited, (SELECT visited FROM contacts WHERE id = :s)), "
        "owner = coalesce(owner, (SELECT owner FROM contacts WHERE id = :s)), "
        "pinned_level = coalesce(pinned_level, (SELECT pinned_level FROM contacts WHERE id = :s)) "
        "WHERE id = :t",
        {"s": source, "t": target},
    )
    return owner_kept, pin_kept
