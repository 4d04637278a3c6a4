"""One grading run, as ``tradetriage grade`` and ``demo`` do it: rules and context from the
config, per-message grades for what is new or changed, then the contacts those touched.

A run with nothing to do is the common case (cron every few minutes, or ``grade --show`` right
after ``grade``), so it is decided before the signal modules and the rules are even imported:
the rules files' bytes, the config and the clerk's `learn` verdicts are fingerprinted, and
when they are unchanged since the last run and every message has a grade folded into its
contact, the run ends there.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from typing import TYPE_CHECKING

from tradetriage import __version__
from tradetriage.config import Config
from tradetriage.store.db import Store

if TYPE_CHECKING:
    import sqlite3

    from tradetriage.rules.engine import CompiledRules

_FINGERPRINT_KEY = "rules_fingerprint"
# The domains our sent mail had written to at the last run (``our_correspondence``).
_KNOWN_KEY = "known_domains"


@dataclass(frozen=True, slots=True)
class GradingRun:
    """What a run did: messages graded and skipped, newly flagged, contacts updated."""

    graded: int = 0
    unchanged: int = 0
    flagged: dict[str, int] = field(default_factory=dict)
    contacts_bound: int = 0
    contacts_updated: int = 0
    seconds: float = 0.0


def effective_rules(config: Config) -> CompiledRules:
    """The bundled rules merged with the user's (config ``grading.rules``), compiled."""
    from tradetriage.rules.engine import compile_rules
    from tradetriage.rules.loader import load_rules
    from tradetriage.signals import all_specs

    return compile_rules(load_rules(config.grading.rules, specs=all_specs()))


def rules_fingerprint(config: Config, verdicts: str) -> str:
    """A digest of everything every grade depends on: the version, the bundled and user rules
    files, the company and grading config, the GeoIP file's size and time, and the digest of
    the clerk's learned ``verdicts``. It is stored as each message's ``rules_hash``, so it
    alone decides what is regraded."""
    digest = hashlib.sha256(__version__.encode())
    digest.update(verdicts.encode())
    digest.update(files("tradetriage").joinpath("rules.yaml").read_bytes())
    if config.grading.rules is not None:
        try:
            digest.update(config.grading.rules.read_bytes())
        except OSError as exc:
            # Read here before the loader's own read, and reported as the loader would.
            from tradetriage.errors import ConfigError

            raise ConfigError(
                f"cannot read rules file {config.grading.rules}: {exc.strerror or exc}"
            ) from None
    digest.update(repr(config.company).encode())
    digest.update(repr(config.grading).encode())
    geoip = config.grading.geoip_db
    if geoip is not None and geoip.is_file():
        # geoipupdate replaces the file in place, under the same name: a new database may
        # place an origin in another country.
        stat = geoip.stat()
        digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def grade_store(
    config: Config,
    store: Store,
    now: datetime,
    *,
    everything: bool = False,
    rules: CompiledRules | None = None,
) -> GradingRun:
    """Grade what is new or changed (every message with ``everything``), refresh contacts."""
    fingerprint = rules_fingerprint(config, verdicts_digest(store))
    previous = _meta(store, _FINGERPRINT_KEY)
    if not everything and _idle(store, fingerprint, previous):
        total = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        return GradingRun(unchanged=int(total))
    from tradetriage.grading.contacts import refresh_contacts
    from tradetriage.grading.context import build_context, our_domains
    from tradetriage.grading.messages import GradeSummary, grade_messages, ids_to_grade
    from tradetriage.ingest import default_workers

    # The fingerprint, not the rules' own digest, marks each grade: a config change (products,
    # relays, our domains) must regrade every message, not only be recorded as done.
    todo = ids_to_grade(store, fingerprint, only_new=not everything)
    known: frozenset[str] | None = None
    if todo:
        ctx = build_context(config, store, now)
        known = ctx.known_domains
        # Our reply to a new domain makes it known (the context read our sent mail), which
        # changes how mail from it, or from a domain that looks like it, is graded (impostor
        # checks): that mail is graded again too, so that the result does not depend on the
        # order mail arrived in.
        todo = sorted({*todo, *_near_changed_known(store, known)})
        workers = config.sync.workers or default_workers()
        messages = grade_messages(
            store, rules or effective_rules(config), ctx, workers=workers,
            rules_hash=fingerprint, todo=todo,
        )  # fmt: skip
        ours = ctx.our_domains
    else:
        # Only contacts to refresh (after `contact mark`, `link`, `grade --set`): the grading
        # context (our sent mail scanned, the GeoIP file, the learned model) is not needed.
        total = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        messages = GradeSummary(unchanged=int(total))
        ours = our_domains(config)
    # A changed fingerprint (a changed config, say our domains) may move mail between
    # contacts: all of them are recomputed, also those left with no mail. Decided by the stored
    # fingerprint, which is written only after the refresh, not by this run's counts: a run
    # killed half-way leaves the rest to the next, which must still refresh every contact.
    changed = previous != fingerprint
    contacts = refresh_contacts(store, ours, now, everything=everything or changed)
    with store.transaction() as tx:
        _set_meta(tx, _FINGERPRINT_KEY, fingerprint)
        if known is not None:
            _set_meta(tx, _KNOWN_KEY, json.dumps(sorted(known)))
    return GradingRun(
        graded=messages.graded,
        unchanged=messages.unchanged,
        flagged=messages.flagged,
        contacts_bound=contacts.bound,
        contacts_updated=contacts.updated,
        seconds=messages.seconds,
    )


def _near_changed_known(store: Store, known: frozenset[str]) -> list[int]:
    """Messages From or Reply-To a domain that became known, or stopped being known, since the
    last run (``known`` now), or one that looks like it; none on a store's first run (nothing
    graded before)."""
    from tradetriage.signals.domain import registered_domain
    from tradetriage.signals.lookalike import domain_index

    previous = _meta(store, _KNOWN_KEY)
    if previous is None:
        return []
    # Both ways: a domain that stopped being known (the mail that made it so was found to be a
    # spoof) no longer spares its look-alikes either.
    changed = known ^ frozenset(json.loads(previous))
    if not changed:
        return []
    index = domain_index(changed)
    hosts: dict[str, bool] = {}

    def near(addr: str) -> bool:
        host = addr.rpartition("@")[2].lower()
        if host not in hosts:
            hosts[host] = bool(host) and (
                registered_domain(addr) in changed or index.match(host) is not None
            )
        return hosts[host]

    rows = store.conn.execute("SELECT id, from_addr, reply_to_json FROM messages ORDER BY id")
    return [
        ident
        for ident, sender, reply_to in rows
        if near(str(sender or ""))
        or any(near(str(a.get("addr") or "")) for a in json.loads(reply_to or "[]"))
    ]


def verdicts_digest(store: Store) -> str:
    """A digest of the clerk's ``learn`` verdicts, for the fingerprint, once they train a
    classifier (every message's likeness then depends on all of them); empty before, when a
    verdict only concerns its own message (``learning.mark`` regrades that one)."""
    from tradetriage.grading.learning import verdict_counts
    from tradetriage.verdicts import active_verdicts

    if not active_verdicts(verdict_counts(store.conn)):
        return ""
    digest = hashlib.sha256()
    rows = store.conn.execute("SELECT message, verdict FROM learned ORDER BY message")
    for message, verdict in rows:
        digest.update(f"{message}:{verdict};".encode())
    return digest.hexdigest()


def _meta(store: Store, key: str) -> str | None:
    row = store.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _set_meta(tx: sqlite3.Connection, key: str, value: str) -> None:
    tx.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _idle(store: Store, fingerprint: str, previous: str | None) -> bool:
    conn = store.conn
    if previous != fingerprint:
        return False
    ungraded = conn.execute(
        "SELECT 1 FROM messages m WHERE NOT EXISTS "
        "(SELECT 1 FROM message_grades g WHERE g.message = m.id) LIMIT 1"
    ).fetchone()
    # Not yet folded into contacts, or marked to be graded again (a verdict given while the
    # last run graded the message).
    pending = conn.execute(
        "SELECT 1 FROM message_grades WHERE folded = 0 OR rules_hash != ? LIMIT 1", (fingerprint,)
    ).fetchone()
    # A contact the clerk changed that has no mail to unfold (see ``contacts._expire``).
    changed = conn.execute("SELECT 1 FROM contacts WHERE graded_at IS NULL LIMIT 1").fetchone()
    return ungraded is None and pending is None and changed is None
