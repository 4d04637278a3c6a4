"""``rules check`` and ``rules list``: validate rules files and show what the rules are and how
often each has fired on the stored mail."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import (
    JsonOption,
    escape,
    load,
    make_console,
    missing_store,
    open_store,
    print_json,
    print_note,
)

if TYPE_CHECKING:
    from tradetriage.config import Config
    from tradetriage.rules.engine import CompiledRules

app = typer.Typer(help="Check and list the grading rules (rules.yaml).", no_args_is_help=True)


@dataclass(frozen=True, slots=True)
class RuleRow:
    """One line of ``rules list``, shared by the table and ``--json``."""

    id: str
    weight: float
    tags: list[str]
    enabled: bool
    description: str
    fired: int | None  # None: no store to count in


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
    from tradetriage.grading.run import effective_rules

    config = load(ctx, required=False)
    compiled = effective_rules(config)
    # The rules are worth listing without mail; a listing must not create a store, though.
    missing = missing_store(config)
    fired = _fired_counts(config, compiled) if missing is None else None
    language = config.effective_language
    rows = [
        RuleRow(
            r.id,
            r.weight,
            list(r.tags),
            r.enabled,
            r.description.text(language),
            fired.get(r.id, 0) if fired is not None else None,
        )
        for r in compiled.source.rules
    ]
    if json_output:
        print_json(rows)
    else:
        _table(rows, language)
    if missing is not None:  # last, where a long listing ends: the reader sees it
        print_note(f"{missing.message}, so no fired counts ({missing.hint})")


def _fired_counts(config: Config, rules: CompiledRules) -> dict[str, int]:
    from tradetriage.grading.run import grade_store
    from tradetriage.store.queries import rule_hit_counts

    with open_store(config) as store:
        # Graded first (as `grade` would): after an edit of the rules file the stored hits are
        # those of the old rules, and a new rule would be listed as never firing.
        grade_store(config, store, datetime.now(UTC), rules=rules)
        return rule_hit_counts(store)


def _table(rows: list[RuleRow], language: str) -> None:
    from rich.table import Table

    heads = (
        ("规则", "权重", "标签", "说明", "命中")
        if language == "zh"
        else ("rule", "weight", "tags", "description", "fired")
    )
    console = make_console()
    # Narrower than 80 columns the tags give way: every column would be a few letters wide.
    with_tags = console.width >= 80
    table = Table(box=None, header_style="bold")
    table.add_column(heads[0], overflow="fold")
    table.add_column(heads[1], justify="right", no_wrap=True)
    if with_tags:
        table.add_column(heads[2], overflow="fold", max_width=16)
    # "fold": a Chinese description has no spaces to wrap at, and would be cut off with "…".
    table.add_column(heads[3], ratio=1, min_width=20, overflow="fold")
    table.add_column(heads[4], justify="right", no_wrap=True)
    for row in rows:
        cells = [row.id, f"{row.weight:g}"]
        if with_tags:
            cells.append(escape(",".join(row.tags)))
        cells += [escape(row.description), "-" if row.fired is None else str(row.fired)]
        table.add_row(*cells, style=None if row.enabled else "dim")
    console.print(table)
