"""``demo``: the bundled demo mailbox in a throwaway store, shown as a clerk sees it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import typer

from tradetriage.cli.common import make_console


def demo(
    keep: Path | None = typer.Option(
        None, "--keep", help="Keep the demo store at this path instead of a temporary one."
    ),
    limit: int = typer.Option(60, "--limit", "-n", help="Rows to show."),
) -> None:
    """Load the bundled demo mailbox (~50 buyer, scam and customer mails) and show it."""
    from tradetriage.cli.browse import summary_table
    from tradetriage.demo import mailbox_path
    from tradetriage.importer import import_path
    from tradetriage.progress import SilentReporter
    from tradetriage.store.db import Store
    from tradetriage.store.queries import Filters, list_messages

    console = make_console()
    with tempfile.TemporaryDirectory(prefix="tradetriage-demo-") as tmp:
        path = keep or Path(tmp) / "demo.db"
        with mailbox_path() as mailbox, Store.open(path) as store:
            summary = import_path(store, mailbox, SilentReporter())
            rows = list_messages(store, Filters(limit=limit))
        console.print(
            f"[bold]Demo mailbox[/]: {summary.new} messages loaded into "
            f"{path if keep else 'a throwaway store'}\n"
        )
        console.print(summary_table(rows, "Asia/Shanghai"))
        if keep:
            console.print(f"\nexplore it: tradetriage --store {path} list / show ID / search WORD")
