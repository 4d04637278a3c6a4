"""``rules check`` and ``rules list``: validate rules files and show what the rules are and how
often each has fired on the stored mail."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from tradetriage.cli.common import JsonOption, load, make_console, print_json

app = typer.Typer(help="Check and list the grading rules (rules.yaml).", no_args_is_help=True)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of ``rules list``, shared by the table and ``--json``."""

    id: str
    weight: float
    tags: list[str]
    enabled: bool
    description: str
    fired: int


@app.command()
def check(
    ctx: typer.Context,
    file: Path | None = typer.Argument(
        None,
        help="A user rules file to check (merged over the bundled rules). Default: the "
        "configured `grading.rules`, else only the bundled rules.",
        show_default=False,
    ),
) -> None:
    """Check rules files; print `N rules OK`, or every error as file:line: RULE_ID: message."""
    from tradetriage.rules import load_rules

    path = file
    if path is None:
        path = load(ctx, required=False).grading.rules
    rules = load_rules(path)
    enabled = sum(r.enabled for r in rules.rules)
    typer.echo(f"{len(rules.rules)} rules OK ({enabled} enabled; {', '.join(rules.sources)})")


@app.command("list")
def list_(ctx: typer.Context, json_output: bool = JsonOption) -> None:
    """List the effective rules with weight, tags, description and how often each fired."""
    from tradetriage.rules import load_rules

    config = load(ctx, required=False)
    rules = load_rules(config.grading.rules)
    fired = _fired_counts(config.store_path)
    language = config.effective_language
    rows = [
        RuleRow(
            r.id,
            r.weight,
            list(r.tags),
            r.enabled,
            r.description.text(language),
            fired.get(r.id, 0),
        )
        for r in rules.rules
    ]
    if json_output:
        print_json(rows)
        return
    _table(rows, language)


def _fired_counts(store_path: Path) -> dict[str, int]:
    # A listing must not create a store where none exists yet.
    if not store_path.exists():
        return {}
    from tradetriage.store.db import Store
    from tradetriage.store.queries import rule_hit_counts

    with Store.open(store_path) as store:
        return rule_hit_counts(store)


def _table(rows: list[RuleRow], language: str) -> None:
    from rich.table import Table

    heads = (
        ("规则", "权重", "标签", "说明", "命中")
        if language == "zh"
        else ("rule", "weight", "tags", "description", "fired")
    )
    table = Table(box=None, header_style="bold")
    table.add_column(heads[0], no_wrap=True)
    table.add_column(heads[1], justify="right")
    table.add_column(heads[2])
    table.add_column(heads[3], ratio=1)
    table.add_column(heads[4], justify="right")
    for row in rows:
        style = None if row.enabled else "dim"
        table.add_row(
            row.id,
            f"{row.weight:g}",
            ",".join(row.tags),
            row.description,
            str(row.fired),
            style=style,
        )
    make_console().print(table)
