"""Per-message grading: run the signals and rules over stored messages and keep the results.

Tables (migration ``_v2_grades`` in ``store/schema.py``), stable for contact-level grading:

``message_grades``: one row per graded message.
    ``message`` (PK, → messages.id), ``score`` (sum of all hit weights), ``fraud_score`` and
    ``phishing_score`` (sums of hits tagged fraud / phishing), ``flags`` (JSON list of
    "suspect-fraud", "phishing"), ``findings_json`` (JSON object signal name → value, lists as
    lists, no evidence), ``rules_hash`` (digest of what made the grade: ``grade_store`` stores
    its fingerprint of the rules and the config, so that a config change regrades), ``graded_at``
    (ISO time of the grading run).
``hits``: one row per rule that fired: ``message``, ``rule_id``, ``weight``, ``evidence``.

Messages are read from the store's parsed columns (never the raw bytes), analysed in batches —
in worker processes when asked, so that two cores grade twice as fast — and each batch is written
in one transaction, so an interrupted run keeps what it finished and resumes from there.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from tradetriage.rules.engine import (
    CompiledRules,
    Scores,
    evaluate,
    flag_reach,
    may_change_flags,
    score,
)
from tradetriage.rules.models import FLAG_TAGS
from tradetriage.signals import analyze_message
from tradetriage.signals.base import Context, Findings
from tradetriage.signals.learned import likeness
from tradetriage.store.db import Store
from tradetriage.store.queries import MAX_PARAMS, chunked, select_in
from tradetriage.store.reading import Row, read_messages, row_to_message
from tradetriage.verdicts import VERDICTS
from tradetriage.workers import start_worker

BATCH = 1000
POOL_CHUNK = 250
# Below this many messages, starting worker processes costs more than it saves.
POOL_THRESHOLD = 2000


class MessageGrade(NamedTuple):
    """The grade of one message as the rows it is stored in: scores and flags, its hits as
    (rule id, weight, evidence), and its compact findings. Plain values in a named tuple: grades
    go from worker to main process by pickle, where nested dataclasses cost four times more."""

    message: int
    score: float
    fraud_score: float
    phishing_score: float
    flags: tuple[str, ...]
    hits: tuple[tuple[str, float, str], ...]
    findings_json: str


@dataclass
class GradeSummary:
    """What a grading run did."""

    graded: int = 0
    unchanged: int = 0  # already graded with these rules, skipped
    flagged: dict[str, int] = field(default_factory=dict)  # flag -> messages newly flagged
    seconds: float = 0.0


def findings_to_json(findings: Findings) -> str:
    """Signal values only, compact; tuples become lists. A signal without a value (None,
    False, 0, empty) is left out, and readers take a missing one as None: three in four of a
    message's signals have none, and writing them made up most of each grade's bytes."""
    values = {name: f.value for name, f in findings.items() if f.value or f.value is True}
    return json.dumps(values, ensure_ascii=False, separators=(",", ":"))


# The clerk's verdict (`tradetriage learn`) decides a message's flags, whatever the rules
# summed, and on our own mail too (phishing sent in our name is what a clerk would mark).
# A bad verdict is named as the tag its flag sums ("phishing", "fraud"); "genuine" clears.
_VERDICT_FLAGS: dict[str, tuple[str, ...]] = {
    verdict: tuple(flag for flag, tag in FLAG_TAGS.items() if tag == verdict)
    for verdict in VERDICTS
}


def grade_row(row: Row, rules: CompiledRules, ctx: Context) -> MessageGrade:
    """Grade one stored message row: signals, then rules, then scores. Our own mail (From one
    of ``ctx.our_domains``, and not failed by our servers' checks: ``domain.ours``) is scored
    but never flagged, unless the clerk marked it; a message the clerk marked gets the flag of
    its verdict."""
    msg = row_to_message(row)
    findings = analyze_message(msg, ctx)
    hits = evaluate(rules, findings)
    # Not merely From our domain: mail our servers failed for it is a spoof, flagged as any.
    ours = findings["domain.ours"].value is True
    scores = score(rules, hits, flaggable=not ours)
    if likeness_due(rules, ctx, findings, scores):
        findings.update(likeness(msg, ctx, findings))
        hits = evaluate(rules, findings)
        scores = score(rules, hits)
    verdict = findings["learned.verdict"].value
    return MessageGrade(
        int(str(row[0])),
        scores.score,
        scores.fraud_score,
        scores.phishing_score,
        _VERDICT_FLAGS.get(str(verdict), scores.flags),
        tuple((h.rule_id, h.weight, h.evidence) for h in hits),
        findings_to_json(findings),
    )


def likeness_due(rules: CompiledRules, ctx: Context, findings: Findings, scores: Scores) -> bool:
    """Whether grading scores a message's likeness to learned mail: a classifier is active,
    the clerk did not mark the message, it is not our own, and the likeness could change one
    of its flags (scored ``scores`` without it). The likeness is the costliest signal once a
    model is active, and its rules only nudge a flag's sum: elsewhere it would change
    nothing the clerk acts on."""
    model = ctx.learned
    if model is None or not model.active or findings["learned.verdict"].value is not None:
        return False
    if findings["domain.ours"].value is True:
        return False
    return may_change_flags(rules, scores, _likeness_reach(rules, model.active))


# Per rules digest and active kinds: how far the likeness rules can move each flag's sum.
_REACH: dict[tuple[str, tuple[str, ...]], dict[str, tuple[float, float]]] = {}


def _likeness_reach(
    rules: CompiledRules, active: tuple[str, ...]
) -> dict[str, tuple[float, float]]:
    key = (rules.digest, active)
    reach = _REACH.get(key)
    if reach is None:
        signals = frozenset(f"learned.{kind}" for kind in active)
        reach = _REACH[key] = flag_reach(rules, signals)
    return reach


# Worker-process state: set once per worker by ``_init_worker`` (compiled rules hold closures
# and the GeoIP reader an open file, so they are inherited through fork, not sent per batch).
# Each worker reads its messages through its own read-only connection (WAL lets readers run
# beside the writer), so that only id lists go out and only grades come back.
_WORKER: tuple[CompiledRules, Context, sqlite3.Connection] | None = None


def _init_worker(rules: CompiledRules, ctx: Context, store_path: str) -> None:
    global _WORKER
    start_worker()
    # What the worker inherited (rules, context, loaded modules) lives as long as it does:
    # frozen, it is left out of the garbage collector's full scans (~10 µs a message).
    gc.freeze()
    # Quoted: a "?", "#" or "%" in the store's path would otherwise end or change the URI.
    conn = sqlite3.connect(f"file:{quote(store_path)}?mode=ro", uri=True, timeout=30)
    _WORKER = (rules, ctx, conn)


def _grade_chunk(ids: Sequence[int]) -> list[MessageGrade]:
    assert _WORKER is not None  # set by the pool initializer
    rules, ctx, conn = _WORKER
    return [grade_row(row, rules, ctx) for _, row in read_messages(conn, ids)]


def _pool(workers: int, rules: CompiledRules, ctx: Context, store: Store) -> Executor | None:
    # Only where fork exists: the initializer's arguments are then inherited, not pickled.
    if workers <= 1 or sys.platform != "linux":
        return None
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_init_worker,
        initargs=(rules, ctx, str(store.path)),
    )


def ids_to_grade(store: Store, rules_hash: str, *, only_new: bool = True) -> list[int]:
    """Message ids without a grade or graded under other rules (all ids if not ``only_new``)."""
    if not only_new:
        return [r[0] for r in store.conn.execute("SELECT id FROM messages ORDER BY id")]
    rows = store.conn.execute(
        "SELECT m.id FROM messages m LEFT JOIN message_grades g ON g.message = m.id "
        "WHERE g.message IS NULL OR g.rules_hash != ? ORDER BY m.id",
        (rules_hash,),
    )
    return [r[0] for r in rows]


def _write(store: Store, grades: list[MessageGrade], rules_hash: str, when: str) -> list[str]:
    """Store the grades; return the flags they newly raise (one entry a message and flag not
    raised by its grade before): a regrade under new rules is no news of a new scam."""
    with store.transaction() as conn:
        ids = [g.message for g in grades]
        previous = dict(
            select_in(conn, "SELECT message, flags FROM message_grades", "message", ids)
        )
        raised = [
            flag
            for g in grades
            if g.flags
            for flag in set(g.flags) - set(json.loads(previous.get(g.message, "[]")))
        ]
        # Hits are written with their grade: a message never graded has none to delete (the
        # first grading of a mailbox skips 10,000 index look-ups).
        conn.executemany("DELETE FROM hits WHERE message = ?", [(i,) for i in previous])
        conn.executemany(
            "INSERT OR REPLACE INTO message_grades (message, score, fraud_score, "
            "phishing_score, flags, findings_json, rules_hash, graded_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    g.message,
                    g.score,
                    g.fraud_score,
                    g.phishing_score,
                    json.dumps(list(g.flags)),
                    g.findings_json,
                    rules_hash,
                    when,
                )
                for g in grades
            ],
        )
        conn.executemany(
            "INSERT INTO hits (message, rule_id, weight, evidence) VALUES (?, ?, ?, ?)",
            [(g.message, *hit) for g in grades for hit in g.hits],
        )
        if conn.execute("SELECT 1 FROM learned LIMIT 1").fetchone():
            _redo_if_verdict_changed(conn, ids)
    return raised


def _redo_if_verdict_changed(conn: sqlite3.Connection, ids: list[int]) -> None:
    """A grade made with another verdict than the one stored now (`learn` or `forget` ran
    while this run graded) is marked for the next run, which would otherwise see it as done."""
    for chunk in chunked(ids, MAX_PARAMS):
        marks = ", ".join("?" * len(chunk))
        conn.execute(
            "UPDATE message_grades SET rules_hash = '' WHERE message IN "
            f"({marks}) AND coalesce((SELECT verdict FROM learned l WHERE l.message = "
            "message_grades.message), '') != "
            """coalesce(json_extract(findings_json, '$."learned.verdict"'), '')""",
            chunk,
        )


def grade_messages(
    store: Store,
    rules: CompiledRules,
    ctx: Context,
    *,
    only_new: bool = True,
    workers: int = 1,
    batch: int = BATCH,
    rules_hash: str | None = None,
    todo: list[int] | None = None,
) -> GradeSummary:
    """Grade stored messages into ``message_grades`` and ``hits``.

    With ``only_new`` (the default) only messages without a grade, or graded under a different
    digest, are graded; otherwise all are. The digest is ``rules_hash`` (by default the rules'
    own): what is stored with each grade and compared on the next run. ``workers > 1``
    analyses in that many processes (Linux; elsewhere in-process) when there is enough to do;
    reads and writes stay here. ``todo``: the ids to grade, when the caller has already asked
    ``ids_to_grade``. Returns counts of graded, unchanged and newly flagged messages.
    """
    started = time.perf_counter()
    summary = GradeSummary()
    digest = rules_hash or rules.digest
    if todo is None:
        todo = ids_to_grade(store, digest, only_new=only_new)
    total = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    summary.unchanged = int(total) - len(todo)
    when = ctx.now.isoformat(timespec="seconds")
    pool = _pool(workers, rules, ctx, store) if len(todo) >= POOL_THRESHOLD else None
    try:
        for grades in _graded_batches(store, todo, rules, ctx, pool, batch):
            for flag in _write(store, grades, digest, when):
                summary.flagged[flag] = summary.flagged.get(flag, 0) + 1
            summary.graded += len(grades)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    summary.seconds = time.perf_counter() - started
    return summary


def _graded_batches(
    store: Store,
    todo: list[int],
    rules: CompiledRules,
    ctx: Context,
    pool: Executor | None,
    batch: int,
) -> Iterator[list[MessageGrade]]:
    if pool is None:
        for ids in chunked(todo, batch):
            rows = [row for _, row in read_messages(store.conn, ids)]
            yield [grade_row(row, rules, ctx) for row in rows]
        return
    # Small chunks keep both workers busy to the end; map() yields them in order while the
    # workers go on with the next ones.
    yield from pool.map(_grade_chunk, chunked(todo, POOL_CHUNK))
