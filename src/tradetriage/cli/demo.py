"""``demo``: the bundled demo mailbox in a throwaway store, graded, shown as a clerk sees it."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import typer

from tradetriage.cli.common import escape, make_console


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
    from tradetriage.demo import DEMO_NOW, config_path, load_demo, mailbox_path
    from tradetriage.grading.context import our_domains
    from tradetriage.grading.report import contacts_by_attention
    from tradetriage.grading.run import effective_rules
    from tradetriage.store.db import Store
    from tradetriage.store.queries import Filters, list_messages

    console = make_console()
    now = DEMO_NOW
    if keep is not None:
        keep = _keep_path(keep)
    with tempfile.TemporaryDirectory(prefix="tradetriage-demo-") as tmp:
        path = keep or Path(tmp) / "demo.db"
        with config_path() as config_file, mailbox_path() as mailbox:
            config = load_config(config_file).model_copy(update={"store": path})
            with Store.open(path) as store:
                rules = effective_rules(config)
                loaded = load_demo(config, store, [mailbox], now, rules=rules)
                language, ours = config.effective_language, our_domains(config)
                views = contacts_by_attention(store, rules, language, now, ours)
                rows = list_messages(store, Filters(limit=limit))
            if keep:
                # The demo company's config beside the kept store, so that later commands grade
                # with the same catalogue and domain instead of an empty default config.
                kept_config = keep.with_suffix(".toml")
                text = config_file.read_text(encoding="utf-8")
                kept_config.write_text(f"store = {json.dumps(str(path))}\n{text}", "utf-8")
        console.print(
            f"[bold]Demo mailbox[/]: {loaded.imported} messages of Ningbo Everbright Valve's sales "
            f"inbox loaded into {escape(str(path)) if keep else 'a throwaway store'} and graded.\n"
            f"Marked as ordered, as you would with `tradetriage contact mark ADDRESS "
            f"--ordered`: {', '.join(loaded.ordered) or '-'}\n"
        )
        print_contacts(views, config, json_output=False, now=now)
        console.print(f"\n[bold]Latest {len(rows)} messages[/]")
        console.print(summary_table(rows, config.company.timezone))
        if keep:
            console.print(
                f"\nexplore it: tradetriage --config {escape(str(kept_config))} grade --show / "
                "grade --explain ID / show ID / search WORD"
            )


def _keep_path(keep: Path) -> Path:
    """Where ``--keep`` puts the store, absolute (the config beside it names it wherever it is
    read from); never an existing store or config, which the demo would fill or overwrite."""
    if keep.suffix.lower() == ".toml":
        raise typer.BadParameter(
            "give the store's path (demo.db): its config is written beside it (demo.toml)",
            param_hint="--keep",
        )
    keep = keep.resolve()
    for existing in (keep, keep.with_suffix(".toml")):
        if existing.exists():
            raise typer.BadParameter(
                f"{existing} exists: the demo writes only new files", param_hint="--keep"
            )
    keep.parent.mkdir(parents=True, exist_ok=True)
    return keep
