"""``tradetriage import``: local mail files into the store, deduplicated by content and
Message-ID, with the same progress reporting and parser pool as sync."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from tradetriage.ingest import ParserPool
from tradetriage.mail.sources import RawMessage, count_messages, iter_messages
from tradetriage.progress import Reporter
from tradetriage.store.db import Prepared, Store

BATCH = 250


@dataclass
class ImportSummary:
    read: int = 0
    new: int = 0
    duplicates: int = 0
    with_parse_errors: int = 0
    errors: list[str] = field(default_factory=list)


def import_path(store: Store, path: Path, reporter: Reporter, workers: int = 0) -> ImportSummary:
    """Import every message under ``path``; bad mail is stored with its parse errors, and a file
    that cannot be read is listed in ``errors`` and skipped."""
    summary = ImportSummary()
    total = count_messages(path)
    # No account: the reporters name the path alone, and say "to read", not "to fetch".
    reporter.folder_started("", str(path), total if total is not None else -1)
    source = f"import:{path.resolve()}"
    messages = iter_messages(path, summary.errors)
    pending: Future[list[Prepared]] | None = None
    with store.bulk(), ParserPool.for_job(total if total is not None else 10**6, workers) as pool:
        # Read the next batch from disk while the pool parses the current one.
        for batch in _batches(messages):
            future = pool.submit([m.raw for m in batch], source)
            if pending is not None:
                _write(store, pending, summary, reporter)
            pending = future
        if pending is not None:
            _write(store, pending, summary, reporter)
    return summary


def _batches(messages: Iterator[RawMessage]) -> Iterator[list[RawMessage]]:
    while batch := list(islice(messages, BATCH)):
        yield batch


def _write(
    store: Store,
    future: Future[list[Prepared]],
    summary: ImportSummary,
    reporter: Reporter,
) -> None:
    prepared = future.result()
    with store.transaction() as conn:
        for item in prepared:
            summary.read += 1
            if store.add_imported(conn, item):
                summary.new += 1
                if item.has_parse_errors:
                    summary.with_parse_errors += 1
            else:
                summary.duplicates += 1
    reporter.advanced(len(prepared))
