"""``demo``: the bundled demo mailbox in a throwaway store, graded, shown as a clerk sees it."""

from __future__ import annotations

import csv
import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import typer

from tradetriage.cli.common import make_console


def demo(
    keep: Path | None = typer.Option(
        None, "--keep", help="Keep the demo store at this path instead of a temporary one."
    ),
    limit: int = typer.Option(15, "--limit", "-n", help="Messages to list at the end."),
) -> None:
    """Load the bundled demo mailbox (53 buyer, scam and customer mails), grade it, show it."""
    from tradetriage.cli.browse import summary_table
    from tradetriage.cli.grade import print_contacts
    from tradetriage.config import load_config
    from tradetriage.demo import config_path, mailbox_path
    from tradetriage.grading.contacts import find_contact, set_marks
    from tradetriage.grading.report import contacts_by_attention
    from tradetriage.grading.run import effective_rules, grade_store
    from tradetriage.importer import import_path
    from tradetriage.progress import SilentReporter
    from tradetriage.store.db import Store
    from tradetriage.store.queries import Filters, list_messages

    console = make_console()
    # "Now" is the morning after the demo mail's last day, so waiting times read as they would.
    now = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="tradetriage-demo-") as tmp:
        path = keep or Path(tmp) / "demo.db"
        with config_path() as config_file, mailbox_path() as mailbox:
            config = load_config(config_file).model_copy(update={"store": path})
            with Store.open(path) as store:
                summary = import_path(store, mailbox, SilentReporter())
                rules = effective_rules(config)
                grade_store(config, store, now, rules=rules)
                # What the clerk knows and the mail does not say: who has ordered.
                ordered = _ordered_addresses(mailbox)
                for address in ordered:
                    set_marks(store, find_contact(store, address), ordered=True)
                grade_store(config, store, now, rules=rules)
                views = contacts_by_attention(store, rules, config.effective_language, now)
                rows = list_messages(store, Filters(limit=limit))
            if keep:
                # The demo company's config beside the kept store, so that later commands grade
                # with the same catalogue and domain instead of an empty default config.
                kept_config = keep.with_suffix(".toml")
                text = config_file.read_text(encoding="utf-8")
                kept_config.write_text(f"store = {json.dumps(str(path))}\n{text}", "utf-8")
        console.print(
            f"[bold]Demo mailbox[/]: {summary.new} messages of Ningbo Everbright Valve's sales "
            f"inbox loaded into {path if keep else 'a throwaway store'} and graded.\n"
            f"Marked as ordered, as you would with `tradetriage contact mark ADDRESS "
            f"--ordered`: {', '.join(ordered) or '-'}\n"
        )
        print_contacts(views, config, json_output=False, now=now)
        console.print(f"\n[bold]Latest {len(rows)} messages[/]")
        console.print(summary_table(rows, config.company.timezone))
        if keep:
            console.print(
                f"\nexplore it: tradetriage --config {kept_config} grade --show / "
                "grade --explain ID / show ID / search WORD"
            )


def _ordered_addresses(mailbox: Path) -> list[str]:
    """Sender addresses of the demo contacts labelled as having ordered (one per contact)."""
    from tradetriage.mail.parse import parse_message

    seen: dict[str, str] = {}
    with (mailbox / "labels.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["ordered"] == "yes" and row["contact"] not in seen:
                parsed = parse_message((mailbox / row["file"]).read_bytes())
                if parsed.from_:
                    seen[row["contact"]] = parsed.from_[0].addr
    return sorted(seen.values())
