"""``grade``: grade new mail, show who needs attention, explain one message, pin a level."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import JsonOption, load, make_console, open_store, print_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from tradetriage.config import Config
    from tradetriage.grading.report import ContactView, Explanation
    from tradetriage.grading.run import GradingRun
    from tradetriage.store.db import Store

# Table headings in the clerk's language; rule descriptions come translated from rules.yaml.
HEADINGS = {
    "en": {
        "attention": "Needs attention",
        "flagged": "Suspected fraud or phishing: check before you answer or pay anything",
        "contact": "contact",
        "level": "level",
        "flags": "flags",
        "score": "score",
        "reasons": "main reasons",
        "last": "last mail",
        "waiting": "waiting",
        "service": "L1 supervisor review · L2 touch weekly (3 days if active) · L3 reply "
        "within 24 h · L4 template asking for details",
    },
    "zh": {
        "attention": "待处理",
        "flagged": "疑似诈骗或钓鱼：回复或付款前请核实",
        "contact": "联系人",
        "level": "等级",
        "flags": "标记",
        "score": "分数",
        "reasons": "主要原因",
        "last": "最近来信",
        "waiting": "等待",
        "service": "一级 主管审核 · 二级 每周跟进（活跃时每3天）· 三级 24小时内模板回复 · "
        "四级 模板询问详细信息",
    },
}


def grade(
    ctx: typer.Context,
    show: bool = typer.Option(False, "--show", help="Show contacts by what needs attention."),
    explain: int | None = typer.Option(
        None, "--explain", metavar="ID", help="Every rule hit of message ID, with its evidence."
    ),
    set_level: tuple[str, str] | None = typer.Option(
        None,
        "--set",
        metavar="CONTACT LEVEL",
        help="Pin a contact's level (1-4, or 'auto' to unpin); pins survive regrading.",
    ),
    everything: bool = typer.Option(
        False, "--all", help="Regrade every message, not only new or changed ones."
    ),
    limit: int = typer.Option(0, "--limit", "-n", help="At most this many contacts (0: all)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors (for cron)."),
    json_output: bool = JsonOption,
) -> None:
    """Grade senders: real buyer or fake, which customer level, and why.

    Grades what is new or changed since the last run (incremental), then shows, explains or
    pins as asked.
    """
    from tradetriage.grading.run import effective_rules, grade_store

    config = load(ctx, required=False)
    now = datetime.now(UTC)
    language = config.effective_language
    with open_store(config) as store:
        if set_level is not None:
            _pin(store, *set_level, quiet=quiet)
        # Showing and explaining need the rules anyway: load them once for both steps.
        rules = effective_rules(config) if show or explain is not None else None
        run = grade_store(config, store, now, everything=everything, rules=rules)
        if explain is not None and rules is not None:
            from tradetriage.grading.report import explain as explain_message

            _print_explanation(explain_message(store, explain, rules, config, now), json_output)
            return
        if show and rules is not None:
            from tradetriage.grading.context import our_domains
            from tradetriage.grading.report import contacts_by_attention

            ours = our_domains(config)
            views = contacts_by_attention(store, rules, language, now, ours, limit or None)
            print_contacts(views, config, json_output, now)
            return
    if json_output:
        print_json(run)
    elif not quiet:
        _print_run(run)


def _pin(store: Store, contact_key: str, level_text: str, *, quiet: bool) -> None:
    from tradetriage.grading.contacts import find_contact, parse_level, pin_level

    level = parse_level(level_text)  # first: a bad level is a usage error, whoever the contact
    contact = find_contact(store, contact_key)
    pin_level(store, contact, level)
    if not quiet:
        what = f"pinned at level {level}" if level else "unpinned (graded automatically)"
        typer.echo(f"contact {contact} {what}")


def _print_run(run: GradingRun) -> None:
    flagged = ", ".join(f"{n} {flag}" for flag, n in sorted(run.flagged.items()))
    typer.echo(
        f"grade: {run.graded} messages graded, {run.unchanged} unchanged"
        f"{'; flagged: ' + flagged if flagged else ''}; {run.contacts_updated} contacts updated "
        f"({run.seconds:.1f} s); see `tradetriage grade --show`"
    )


def print_contacts(
    views: list[ContactView], config: Config, json_output: bool, now: datetime
) -> None:
    flagged = [v for v in views if v.flags]
    clean = [v for v in views if not v.flags]
    if json_output:
        print_json({"contacts": clean, "flagged": flagged})
        return
    words = HEADINGS[config.effective_language]
    console = make_console()
    if not views:
        console.print("no graded contacts yet: run `tradetriage sync`, then `tradetriage grade`")
        return
    console.print(_contact_table(clean, words, config.company.timezone, now, words["attention"]))
    console.print(f"[dim]{words['service']}[/]")
    if flagged:
        console.print()
        title = f"[bold red]{words['flagged']}[/]"
        console.print(_contact_table(flagged, words, config.company.timezone, now, title))


def _contact_table(
    views: list[ContactView], words: dict[str, str], zone: str, now: datetime, title: str
) -> Table:
    from rich.markup import escape
    from rich.table import Table

    from tradetriage.cli.browse import local_time

    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column(words["contact"], max_width=32)
    table.add_column(words["level"], no_wrap=True)
    table.add_column(words["flags"])
    table.add_column(words["score"], justify="right", no_wrap=True)
    table.add_column(words["reasons"], ratio=1)
    table.add_column(words["last"], no_wrap=True)
    table.add_column(words["waiting"], no_wrap=True)
    for view in views:
        who = view.name or (view.addresses[0] if view.addresses else "?")
        extra = f" (+{len(view.addresses) - 1})" if len(view.addresses) > 1 else ""
        level = f"L{view.level}" + ("📌" if view.pinned else "")
        waiting = _age(view.waiting_since, now)
        if view.overdue:
            waiting = f"[red]{waiting} ![/]"
        table.add_row(
            str(view.id),
            escape(f"{who}{extra}"),
            level,
            escape(", ".join(view.flags)),
            f"{view.score:.1f}",
            escape("; ".join(view.reasons[:2])),
            local_time(view.last_inbound, zone),
            waiting,
        )
    return table


def _age(iso: str | None, now: datetime) -> str:
    if not iso:
        return "-"
    delta = now - datetime.fromisoformat(iso)
    hours = int(delta.total_seconds() // 3600)
    return f"{hours // 24}d {hours % 24}h" if hours >= 24 else f"{max(hours, 0)}h"


def _print_explanation(detail: Explanation, json_output: bool) -> None:
    if json_output:
        print_json(detail)
        return
    from rich.markup import escape
    from rich.table import Table

    console: Console = make_console()
    flags = f"  [bold red]{', '.join(detail.flags)}[/]" if detail.flags else ""
    level = f", contact {detail.contact} level {detail.level}" if detail.contact else ""
    console.print(
        f"[bold]message {detail.message}[/]: {escape(detail.subject or '(no subject)')}\n"
        f"from {escape(detail.sender or '-')}{level}; score {detail.score:.1f}{flags}"
    )
    origin = Table(title="Received walk (newest first)", title_justify="left",
                   header_style="bold")  # fmt: skip
    for column in ("#", "ip", "host", "role", "why"):
        origin.add_column(column, overflow="fold")
    for hop in detail.origin:
        role = str(hop["role"])
        origin.add_row(
            str(hop["index"]),
            escape(str(hop["ip"] or "-")),
            escape(str(hop["host"] or "-")),
            f"[bold]{role}[/]" if role in ("origin", "submission") else role,
            escape(str(hop["reason"])),
        )
    console.print(origin)
    hits = Table(title="Rule hits", title_justify="left", header_style="bold")
    hits.add_column("weight", justify="right", no_wrap=True)
    hits.add_column("rule", no_wrap=True)
    hits.add_column("meaning", ratio=1)
    hits.add_column("evidence", ratio=1, overflow="fold")
    for hit in detail.hits:
        colour = "red" if hit.weight > 0 else "green"
        hits.add_row(
            f"[{colour}]{hit.weight:+.1f}[/]", hit.rule_id, escape(hit.text), escape(hit.evidence)
        )
    console.print(hits if detail.hits else "no rule fired")
