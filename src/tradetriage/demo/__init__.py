"""The bundled demo mailbox: realistic buyer, scam and customer mail for `tradetriage demo`,
and the config of the fictional company that received it. ``load_demo`` is the demo's
workflow (import, grade, mark who has ordered, grade again), shared by the ``demo`` command
and the grading evaluation."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from tradetriage.config import Config
from tradetriage.store.db import Store

if TYPE_CHECKING:
    from tradetriage.rules.engine import CompiledRules

# The morning after the demo mail's last day, so that waiting times read as they would.
DEMO_NOW = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def mailbox_path() -> AbstractContextManager[Path]:
    """The folder of demo .eml files, as a real path for the duration of the context."""
    return resources.as_file(resources.files(__package__) / "mailbox")


def config_path() -> AbstractContextManager[Path]:
    """The demo company's config file (no accounts: the demo imports instead of syncing)."""
    return resources.as_file(resources.files(__package__) / "config.toml")


@dataclass(frozen=True, slots=True)
class DemoLoad:
    """What ``load_demo`` did: messages imported, addresses marked as having ordered."""

    imported: int
    ordered: list[str]


def ordered_addresses(folder: Path) -> list[str]:
    """Sender addresses of the mail that the folder's labels.csv marks as from a contact who
    has ordered (what the clerk knows and the mail does not say)."""
    from tradetriage.mail.parse import parse_message

    found: set[str] = set()
    labels = folder / "labels.csv"
    if not labels.exists():
        return []
    with labels.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("ordered") == "yes" and row.get("expected") != "ours":
                parsed = parse_message((folder / row["file"]).read_bytes())
                if parsed.from_:
                    found.add(parsed.from_[0].addr.lower())
    return sorted(found)


def load_demo(
    config: Config,
    store: Store,
    folders: Sequence[Path],
    now: datetime = DEMO_NOW,
    *,
    rules: CompiledRules | None = None,
) -> DemoLoad:
    """Import labelled mail folders into ``store``, grade, mark the contacts who have ordered
    (from each folder's labels.csv) as a clerk would, and grade again."""
    from tradetriage.grading.contacts import find_contact, set_marks
    from tradetriage.grading.run import effective_rules, grade_store
    from tradetriage.importer import import_path
    from tradetriage.progress import SilentReporter

    imported = sum(import_path(store, folder, SilentReporter()).new for folder in folders)
    rules = rules or effective_rules(config)
    grade_store(config, store, now, rules=rules)
    ordered = sorted({a for folder in folders for a in ordered_addresses(folder)})
    for address in ordered:
        set_marks(store, find_contact(store, address), ordered=True)
    grade_store(config, store, now, rules=rules)
    return DemoLoad(imported, ordered)
