"""What grading shows the clerk: contacts in the order they need attention, one contact in
full, and one message explained hit by hit. Plain records; the CLI renders tables or JSON."""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from tradetriage.config import Config
from tradetriage.errors import NotFoundError, StoreError
from tradetriage.grading.context import origin_context
from tradetriage.grading.levels import REASON_TEXTS, LevelReason
from tradetriage.rules.engine import CompiledRules
from tradetriage.rules.models import FLAG_TAGS
from tradetriage.signals.origin import walk
from tradetriage.store.db import Store
from tradetriage.store.queries import (
    MAX_PARAMS,
    at_domains,
    chunked,
    graded_ours,
    mail_of,
    select_in,
)
from tradetriage.store.reading import load_message
from tradetriage.verdicts import BAD_VERDICTS


@dataclass(frozen=True, slots=True)
class Reason:
    rule_id: str
    weight: float
    text: str  # the rule's description in the clerk's language
    evidence: str


@dataclass(frozen=True, slots=True)
class ContactView:
    id: int
    name: str | None
    addresses: list[str]
    level: int | None  # None: a contact left with no mail (only `contact show` shows one)
    pinned: bool
    flags: list[str]
    score: float
    reasons: list[str]  # strongest first: see _reasons
    last_inbound: str | None
    waiting_since: str | None
    due_at: str | None
    overdue: bool
    inbound: int = 0  # mails from the contact
    outbound: int = 0  # mails from us to the contact
    last_outbound: str | None = None
    owner: str | None = None
    tags: list[str] = field(default_factory=list)
    ordered: bool = False
    visited: bool = False
    groups: list[str] = field(default_factory=list)
    # What each of ``reasons`` is, for scripts (the texts follow the clerk's language): the
    # rule id of a hit, or "level:" and the level reason's code ("level:exchanged").
    reason_ids: list[str] = field(default_factory=list)
    # The level the clerk pinned (``grade --set``): ``level`` when it has mail, else waiting.
    pinned_level: int | None = None


@dataclass(frozen=True, slots=True)
class Binding:
    """Why an address belongs to its contact: ``bound_by`` "auto" (the binding rules) or
    "user" (``contact link``), and the reason ("same company domain …", "linked by you")."""

    addr: str
    bound_by: str
    why: str


@dataclass(frozen=True, slots=True)
class ContactDetail:
    """One contact in full, as ``contact show`` prints it."""

    contact: ContactView
    bindings: list[Binding]
    mail: list[dict[str, object]]


def descriptions(rules: CompiledRules, language: str) -> dict[str, str]:
    """Rule id → description in ``language`` (English where a rule has no translation)."""
    return {rule.id: rule.description.text(language) for rule in rules.source.rules}


def _verdict_rules(rules: CompiledRules) -> tuple[str, ...]:
    # The rules that show a "phishing" or "fraud" verdict of the clerk's (`learn`) weigh
    # nothing, for the verdict sets the flag itself; yet it is the reason for that flag, and
    # may be the only one. (A "genuine" verdict explains no flag: it ranks as its weight does.)
    first = []
    for rule in rules.source.rules:
        values = [rule.is_] if rule.is_ is not None else list(rule.in_ or ())
        bad_only = bool(values) and all(v in BAD_VERDICTS for v in values)
        if rule.enabled and rule.signal == "learned.verdict" and bad_only:
            first.append(rule.id)
    return tuple(first)


def _first_then_strongest(first: tuple[str, ...], weight: str) -> str:
    """An ORDER BY: the rules in ``first`` (bound as parameters), then by absolute weight."""
    return f"(rule_id IN ({', '.join('?' * len(first))})) DESC, abs({weight}) DESC, rule_id"


def _flag_rules(rules: CompiledRules) -> tuple[str, ...]:
    # What a flag is made of: the enabled rules that add to a flag's sum. A flagged contact's
    # reasons are these, not the good signs that happen to weigh more.
    tags = set(FLAG_TAGS.values())
    return tuple(
        rule.id
        for rule in rules.source.rules
        if rule.enabled and rule.weight > 0 and tags.intersection(rule.tags)
    )


@dataclass(frozen=True, slots=True)
class ContactFilter:
    """Which contacts a listing shows: owned by one of ``owners`` (None: no owner yet), with
    every tag in ``tags`` and in every group in ``groups``; names compared in any case. Empty
    fields filter nothing."""

    owners: tuple[str | None, ...] = ()
    tags: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()

    def sql(self) -> tuple[str, dict[str, str]]:
        """A condition on ``contacts`` (" AND …", or "") and its named parameters (":f0"…),
        which need the connection's ``casefold`` function (see ``_contact_rows``)."""
        clauses: list[str] = []
        params: dict[str, str] = {}

        def param(value: str) -> str:
            name = f"f{len(params)}"
            params[name] = value.casefold()
            return f":{name}"

        if self.owners:
            named = [param(o) for o in self.owners if o is not None]
            either = [f"casefold(owner) IN ({', '.join(named)})"] if named else []
            either += ["owner IS NULL"] if None in self.owners else []
            clauses.append(f"({' OR '.join(either)})")
        for column, names in (("tags", self.tags), ("groups", self.groups)):
            for name in names:
                clauses.append(
                    f"EXISTS (SELECT 1 FROM json_each({column}) "
                    f"WHERE casefold(value) = {param(name)})"
                )
        return "".join(f" AND {c}" for c in clauses), params


def contacts_by_attention(
    store: Store,
    rules: CompiledRules,
    language: str,
    now: datetime,
    our_domains: frozenset[str],
    limit: int | None = None,
    only: ContactFilter = ContactFilter(),
) -> list[ContactView]:
    """Every graded contact (those ``only`` lets through), the unflagged then the flagged,
    each in its own order (``_ATTENTION_ORDER``, ``_WARNING_ORDER``); the CLI shows the
    flagged apart. ``limit`` holds for each, so that a short listing never hides every
    warning."""
    rows = []
    for flagged in (False, True):
        rows += _contact_rows(store.conn, limit=limit, flagged=flagged, only=only, now=now)
    return _views(store.conn, rows, rules, now, language, our_domains)


# Mail waiting longer than this (an archive of years, imported on the first day) is not what
# the clerk must answer this morning: it sorts after what is current.
STALE_AFTER = timedelta(days=30)

# What needs doing first: an answer or a level-2 touch that is due, by level (level 4 after the
# rest), the earliest due first; then the same for what has waited past ``STALE_AFTER``; then
# everyone with nothing due. All columns of ``contacts``, so that SQLite sorts and applies
# --limit before any view is built. (Times are stored as UTC ISO strings: they compare as text.)
_ATTENTION_ORDER = (
    "CASE WHEN coalesce(waiting_since, CASE WHEN due_at <= :now THEN due_at END) >= :stale "
    "THEN 0 WHEN waiting_since IS NOT NULL OR due_at <= :now THEN 1 ELSE 2 END, "
    "level, coalesce(due_at, last_inbound, '~'), id"
)
# Warnings newest first: yesterday's request to pay a new account, not a scam of last year.
_WARNING_ORDER = "(last_inbound IS NULL), last_inbound DESC, score DESC, id"


_CONTACT_COLUMNS = (
    "id, name, level, pinned_level, flags, score, reasons, last_inbound, waiting_since, due_at, "
    "inbound, outbound, last_outbound, owner, tags, ordered, visited, groups"
)


def _contact_rows(
    conn: sqlite3.Connection,
    contact: int | None = None,
    limit: int | None = None,
    flagged: bool | None = None,
    only: ContactFilter = ContactFilter(),
    now: datetime | None = None,
    mailless: bool = False,
) -> list[tuple[object, ...]]:
    # ``mailless``: also the contacts grading left with no mail, which have no level.
    where = "WHERE " + ("1" if mailless else "level IS NOT NULL")
    where += " AND id = :id" if contact is not None else ""
    if flagged is not None:
        where += " AND flags != '[]'" if flagged else " AND flags = '[]'"
    condition, values = only.sql()
    if condition:
        # SQLite's lower() folds ASCII only: "Müller" is "müller" here as in Python.
        conn.create_function("casefold", 1, _casefold, deterministic=True)
    when = now or datetime.now(UTC)
    params: dict[str, object] = {
        "id": contact,
        "now": when.isoformat(timespec="seconds"),
        "stale": (when - STALE_AFTER).isoformat(timespec="seconds"),
        "limit": limit or -1,  # SQLite: a negative limit is none
        **values,
    }
    order = _WARNING_ORDER if flagged else _ATTENTION_ORDER
    return conn.execute(
        f"SELECT {_CONTACT_COLUMNS} FROM contacts {where}{condition} ORDER BY {order} LIMIT :limit",
        params,
    ).fetchall()


def _casefold(value: str | None) -> str | None:
    return value.casefold() if value is not None else None


def _views(
    conn: sqlite3.Connection,
    rows: list[tuple[object, ...]],
    rules: CompiledRules,
    now: datetime,
    language: str,
    our_domains: frozenset[str],
) -> list[ContactView]:
    """The views of these contact rows, in their order: addresses and strongest hits are read
    for all of them at once, not two queries per contact."""
    texts = descriptions(rules, language)
    first = _verdict_rules(rules)
    ids = [int(row[0]) for row in rows]  # type: ignore[call-overload]
    addresses: dict[int, list[str]] = {i: [] for i in ids}
    strongest: dict[int, list[Reason]] = {i: [] for i in ids}
    bound = select_in(conn, "SELECT contact, addr FROM contact_addresses", "contact", ids)
    for contact, addr in sorted(bound):
        addresses[contact].append(addr)
    spoofed = [a for addrs in addresses.values() for a in addrs if at_domains(a, our_domains)]
    flagged = {int(row[0]) for row in rows if json.loads(str(row[4]))}  # type: ignore[call-overload]
    for contact, addr in _flagged_senders(conn, sorted(flagged)).items():
        # The address that sent the flagged mail first: the one the clerk must see (a
        # customer's contact may hold an impostor's address bound by a copied signature).
        addresses[contact].remove(addr)
        addresses[contact].insert(0, addr)
    for group, only in (
        ([i for i in ids if i not in flagged], ()),
        ([i for i in ids if i in flagged], _flag_rules(rules)),
    ):
        for chunk in chunked(group, MAX_PARAMS // 2):
            for contact, rule_id, weight, evidence in _strongest_hits(
                conn, chunk, 2, first, spoofed, only
            ):
                strongest[contact].append(
                    Reason(rule_id, weight, texts.get(rule_id, rule_id), evidence)
                )
    return [
        _view(row, addresses[i], strongest[i], now, language)
        for i, row in zip(ids, rows, strict=True)
    ]


def _flagged_senders(conn: sqlite3.Connection, contacts: list[int]) -> dict[int, str]:
    """Each contact's address that sent its newest flagged mail."""
    found: dict[int, str] = {}
    for chunk in chunked(contacts, MAX_PARAMS):
        marks = ", ".join("?" * len(chunk))
        rows = conn.execute(
            "SELECT a.contact, a.addr FROM contact_addresses a "
            # As ``_strongest_hits`` joins them: the index on from_addr serves.
            "JOIN messages m ON m.from_addr = a.addr "
            "JOIN message_grades g ON g.message = m.id "
            f"WHERE g.flags != '[]' AND a.contact IN ({marks}) "
            "ORDER BY m.date_utc DESC, m.id DESC",
            chunk,
        )
        for contact, addr in rows:
            found.setdefault(int(contact), str(addr))
    return found


def _view(
    row: tuple[object, ...],
    addresses: list[str],
    strongest: list[Reason],
    now: datetime,
    language: str,
) -> ContactView:
    (ident, name, level, pinned, flags, score, reasons, last_in, waiting, due, inbound, outbound,
     last_out, owner, tags, ordered, visited, groups) = row  # fmt: skip
    contact = int(ident)  # type: ignore[call-overload]
    why = _reasons(json.loads(str(flags)), json.loads(str(reasons)), strongest, language)
    return ContactView(
        id=contact,
        name=name if isinstance(name, str) else None,
        addresses=addresses,
        level=int(level) if level is not None else None,  # type: ignore[call-overload]
        pinned=pinned is not None,
        pinned_level=int(pinned) if pinned is not None else None,  # type: ignore[call-overload]
        flags=json.loads(str(flags)),
        score=float(score or 0.0),  # type: ignore[arg-type]
        reasons=[text for text, _ in why],
        reason_ids=[ident for _, ident in why],
        last_inbound=_str(last_in),
        waiting_since=_str(waiting),
        due_at=_str(due),
        overdue=isinstance(due, str) and datetime.fromisoformat(due) < now,
        inbound=int(inbound or 0),  # type: ignore[call-overload]
        outbound=int(outbound or 0),  # type: ignore[call-overload]
        last_outbound=_str(last_out),
        owner=_str(owner),
        tags=json.loads(str(tags)),
        ordered=bool(ordered),
        visited=bool(visited),
        groups=json.loads(str(groups)),
    )


def level_reason(stored: object, language: str) -> str:
    """A stored level reason in the clerk's language: ``[code, n]`` as grading stores it, or
    the English text of a store graded before codes (until its contacts are refolded)."""
    reason = _level_code(stored)
    return reason.text(language) if reason is not None else str(stored)


def _level_code(stored: object) -> LevelReason | None:
    if isinstance(stored, list) and stored and stored[0] in REASON_TEXTS:
        n = stored[1] if len(stored) > 1 and isinstance(stored[1], int) else None
        return LevelReason(stored[0], n)
    for code, texts in REASON_TEXTS.items():
        pattern = re.escape(texts["en"]).replace(re.escape("{n}"), r"(\d+)")
        found = re.fullmatch(pattern, str(stored))
        if found:
            return LevelReason(code, int(found.group(1)) if found.groups() else None)
    return None


def _reasons(
    flags: list[str], stored: list[object], hits: list[Reason], language: str
) -> list[tuple[str, str]]:
    """Why, strongest first, as (text, id): for a flagged contact its fraud or phishing hits;
    otherwise the level's own reason ("has ordered", "8 mails exchanged") and then the
    strongest hit."""
    from_hits = [(hit.text, hit.rule_id) for hit in hits]
    from_level = []
    for item in stored:
        code = _level_code(item)
        text = code.text(language) if code is not None else str(item)
        from_level.append((text, f"level:{code.code if code else '?'}"))
    if flags:
        return from_hits + from_level
    return from_level[:1] + from_hits


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strongest_hits(
    conn: sqlite3.Connection,
    contacts: list[int],
    count: int,
    first: tuple[str, ...],
    spoofed: list[str],
    flagged: tuple[str, ...] = (),
) -> list[tuple[int, str, float, str]]:
    """Each contact's ``count`` hits with the largest weight (either sign), one per rule, on
    the mail from its addresses, the rules in ``first`` before any other: (contact, rule id,
    weight, evidence), strongest first. Given ``flagged`` (the contacts are flagged), only the
    hits of those rules and of ``first`` count. Of ``spoofed`` addresses (at our own domain),
    only the mail grading found not ours counts: the rest is our colleague's own."""
    marks = ", ".join("?" * len(contacts))
    grades, not_ours, only = "", "", ""
    if spoofed:
        grades = "LEFT JOIN message_grades g ON g.message = h.message "
        not_ours = (
            f"AND (a.addr NOT IN ({', '.join('?' * len(spoofed))}) "
            f"OR NOT {graded_ours(default=False)}) "
        )
    if flagged:
        only = f"AND h.rule_id IN ({', '.join('?' * (len(first) + len(flagged)))}) "
    rows = conn.execute(
        "SELECT contact, rule_id, weight, evidence FROM (SELECT a.contact, h.rule_id, "
        "max(h.weight) AS weight, h.evidence, row_number() OVER (PARTITION BY a.contact "
        f"ORDER BY {_first_then_strongest(first, 'max(h.weight)')}) AS rank FROM hits h "
        "JOIN messages m ON m.id = h.message JOIN contact_addresses a ON a.addr = m.from_addr "
        f"{grades}WHERE a.contact IN ({marks}) {not_ours}{only}GROUP BY a.contact, h.rule_id) "
        "WHERE rank <= ? ORDER BY contact, rank",
        (*first, *contacts, *spoofed, *((*first, *flagged) if flagged else ()), count),
    ).fetchall()
    return [(int(c), r, float(w), e or "") for c, r, w, e in rows]


def contact_detail(
    store: Store,
    contact: int,
    rules: CompiledRules,
    language: str,
    now: datetime,
    our_domains: frozenset[str],
) -> ContactDetail:
    """One contact, why each address is bound to it, and its mail, newest first (id, date,
    from, subject, score, flags). A contact grading left with no mail of its own has ``level``
    None, and keeps its marks, tags, owner and pin."""
    # Grading gives every contact it makes a level, or none when it has no mail: a contact
    # without one is one left with no mail, not one waiting for `grade`.
    rows = _contact_rows(store.conn, contact, mailless=True)
    if not rows:
        raise NotFoundError(f"no contact {contact}", "see `tradetriage grade --show`")
    (view,) = _views(store.conn, rows, rules, now, language, our_domains)
    where, params = mail_of(view.addresses, our_domains)
    mail = [
        {"id": i, "date": d, "from": f, "subject": s, "score": sc, "flags": json.loads(fl or "[]")}
        for i, d, f, s, sc, fl in store.conn.execute(
            "SELECT m.id, m.date_utc, m.from_addr, m.subject, g.score, g.flags FROM messages m "
            f"LEFT JOIN message_grades g ON g.message = m.id WHERE {where} "
            "ORDER BY m.date_utc DESC",
            params,
        )
    ]
    bindings = [
        Binding(addr, bound_by, why or "")
        for addr, bound_by, why in store.conn.execute(
            "SELECT addr, bound_by, why FROM contact_addresses WHERE contact = ? ORDER BY addr",
            (contact,),
        )
    ]
    return ContactDetail(view, bindings, mail)


@dataclass(frozen=True, slots=True)
class Explanation:
    message: int
    subject: str
    sender: str | None
    score: float
    flags: list[str]
    hits: list[Reason]
    origin: list[dict[str, object]]
    contact: int | None
    level: int | None


def explain(
    store: Store, message: int, rules: CompiledRules, config: Config, now: datetime
) -> Explanation:
    """Every hit of one graded message with its evidence (described in the config's language),
    and the Received walk that found the origin (recomputed: it is cheap and shows the current
    trust settings)."""
    conn = store.conn
    row = conn.execute(
        "SELECT m.subject, m.from_addr, g.score, g.flags, "
        f"{graded_ours(default=False)} FROM messages m "
        "LEFT JOIN message_grades g ON g.message = m.id WHERE m.id = ?",
        (message,),
    ).fetchone()
    if row is None:
        raise NotFoundError(f"no message with id {message}", "see `tradetriage list`")
    if row[2] is None:
        raise StoreError(f"message {message} is not graded yet", "run `tradetriage grade`")
    texts = descriptions(rules, config.effective_language)
    first = _verdict_rules(rules)
    hits = [
        Reason(r, float(w), texts.get(r, r), e or "")
        for r, w, e in conn.execute(
            "SELECT rule_id, weight, evidence FROM hits WHERE message = ? "
            f"ORDER BY {_first_then_strongest(first, 'weight')}",
            (message, *first),
        )
    ]
    parsed = load_message(conn, message)
    ctx = origin_context(config, now)
    origin = [asdict(v) for v in walk(parsed, ctx)] if parsed is not None else []
    # Our own mail is no contact's: its From may also be the address a spoofer used.
    contact = None
    if not row[4]:
        contact = conn.execute(
            "SELECT c.id, c.level FROM contact_addresses a JOIN contacts c ON c.id = a.contact "
            "WHERE a.addr = ?",
            (row[1] or "",),
        ).fetchone()
    return Explanation(
        message=message,
        subject=row[0] or "",
        sender=row[1],
        score=float(row[2]),
        flags=json.loads(row[3] or "[]"),
        hits=hits,
        origin=origin,
        contact=contact[0] if contact else None,
        level=contact[1] if contact else None,
    )
