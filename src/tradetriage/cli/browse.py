"""``list``, ``show`` and ``search``: reading the store."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import JsonOption, escape, load, make_console, open_store, print_json
from tradetriage.store import MAX_ROWID

if TYPE_CHECKING:
    from rich.table import Table

    from tradetriage.store.queries import MessageDetail, MessageSummary

LimitOption = typer.Option(50, "--limit", "-n", min=0, help="At most this many rows (0: all).")


def list_(
    ctx: typer.Context,
    folder: str | None = typer.Option(None, "--folder", "-f", help="Only this server folder."),
    account: str | None = typer.Option(None, "--account", "-a", help="Only this account."),
    sender: str | None = typer.Option(None, "--from", help="Sender address or name contains this."),
    since: datetime | None = typer.Option(
        None, "--since", formats=["%Y-%m-%d"], help="Sent on or after this day."
    ),
    until: datetime | None = typer.Option(
        None, "--until", formats=["%Y-%m-%d"], help="Sent on or before this day."
    ),
    limit: int = LimitOption,
    json_output: bool = JsonOption,
) -> None:
    """List stored messages, newest first."""
    from tradetriage.store.queries import Filters, list_messages

    config = load(ctx, required=False)
    filters = Filters(folder, account, sender, _day(since), _day(until), limit or None)
    with open_store(config) as store:
        rows = list_messages(store, filters)
    _render_summaries(rows, json_output, config.company.timezone)


def search(
    ctx: typer.Context,
    query: str = typer.Argument(..., help="Words to find in subject, sender or body (中文 too)."),
    limit: int = LimitOption,
    json_output: bool = JsonOption,
) -> None:
    """Full-text search of subject, sender and body; every word must match."""
    from tradetriage.store.queries import search as run_search

    config = load(ctx, required=False)
    with open_store(config) as store:
        rows = run_search(store, query, limit or None)
    _render_summaries(rows, json_output, config.company.timezone)


def show(
    ctx: typer.Context,
    message: int = typer.Argument(
        ..., help="Message id, as `list` shows it.", min=1, max=MAX_ROWID
    ),
    raw: bool = typer.Option(False, "--raw", help="Print the original message bytes."),
    json_output: bool = JsonOption,
) -> None:
    """Show one message: headers, where it is on the server, attachments, Received hops, body."""
    import sys

    from tradetriage.store.queries import get_message, get_raw

    config = load(ctx, required=False)
    with open_store(config) as store:
        if raw:
            sys.stdout.buffer.write(get_raw(store, message))
            return
        detail = get_message(store, message)
    if json_output:
        print_json(detail)
        return
    _render_detail(detail, config.company.timezone)


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


def local_time(iso: str | None, zone: str) -> str:
    """A stored UTC time stamp as 'YYYY-MM-DD HH:MM' in the clerk's time zone."""
    if not iso:
        return "-"
    from zoneinfo import ZoneInfo

    when = datetime.fromisoformat(iso)
    try:
        return when.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")
    except OverflowError:  # 9999-12-31 23:00 UTC, stored before the parser refused such dates
        return f"{when:%Y-%m-%d %H:%M} UTC"


def summary_table(rows: list[MessageSummary], zone: str) -> Table:
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    # Only short columns are no_wrap: Rich shrinks every column of a too-wide table, so a
    # no_wrap subject would squeeze the id out of sight; a long subject wraps instead.
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("from", max_width=30, overflow="fold")
    table.add_column("subject", ratio=1, overflow="fold")  # Chinese has no spaces to wrap at
    table.add_column("folder", max_width=18)
    table.add_column("!", no_wrap=True)
    for row in rows:
        marks = ("📎" if row.attachments else "") + ("⚠" if row.parse_errors else "")
        marks += "●" if row.locations and "\\Seen" not in row.flags else ""
        table.add_row(
            str(row.id),
            local_time(row.date, zone),
            _escape(row.from_name or row.from_addr or "-"),
            _escape(row.subject or "(no subject)"),
            _escape(", ".join(loc.split("/", 1)[-1] for loc in row.locations) or "(imported)"),
            marks,
        )
    return table


def _escape(text: str) -> str:

    return escape(text)


def _render_summaries(rows: list[MessageSummary], json_output: bool, zone: str) -> None:
    if json_output:
        print_json(rows)
        return
    console = make_console()
    if not rows:
        console.print("no messages")
        return
    console.print(summary_table(rows, zone))


def _render_detail(detail: MessageDetail, zone: str) -> None:
    from rich.table import Table

    console = make_console()
    s = detail.summary

    def addresses(items: list[dict[str, str]]) -> str:
        return ", ".join(f"{a['name']} <{a['addr']}>" if a["name"] else a["addr"] for a in items)

    console.print(f"[bold]{escape(s.subject or '(no subject)')}[/]")
    fields = [
        ("From", f"{s.from_name or ''} <{s.from_addr or ''}>"),
        ("To", addresses(detail.to)),
        ("Cc", addresses(detail.cc)),
        ("Reply-To", addresses(detail.reply_to)),
        ("Date", f"{detail.date_raw or '-'}  (your time: {local_time(s.date, zone)})"),
        ("Message-ID", detail.message_id or "-"),
        ("In-Reply-To", detail.in_reply_to or ""),
        ("Stored in", ", ".join(s.locations) or detail.source),
        ("Flags", s.flags),
    ]
    for name, value in fields:
        if value:
            console.print(f"[bold]{name}:[/] {escape(value)}")
    for error in detail.parse_errors:
        console.print(f"[yellow]parse problem:[/] {escape(error)}")
    if detail.attachments:
        console.print("[bold]Attachments:[/]")
        for att in detail.attachments:
            name = escape(str(att["filename"]))
            console.print(f"  {name}  {att['content_type']}  {att['size']} B")
            members = att.get("members")
            for member in members if isinstance(members, list) else ():
                console.print(f"    └ {escape(str(member))}")
    if detail.received:
        hops = Table(title="Received (newest first)", title_justify="left", header_style="bold")
        for column in ("#", "from", "ip", "by", "with", "date"):
            hops.add_column(column, overflow="fold")
        for hop in detail.received:
            hops.add_row(
                *(
                    escape(str(hop.get(k) or ""))
                    for k in ("index", "from_rdns", "from_ip", "by", "protocol", "date")
                )
            )
        console.print(hops)
    console.print()
    console.print(escape(detail.body_text.strip() or "(no text body)", lines=True))
