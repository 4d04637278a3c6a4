"""``contact``: one buyer across addresses — look at it, tell the tool what you know of it."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from tradetriage.cli.common import JsonOption, escape, load, make_console, open_store, print_json

app = typer.Typer(
    help="Contacts: one buyer across several addresses, with marks, owner, tags and groups.",
    no_args_is_help=True,
)

ContactArgument = typer.Argument(..., help="Contact number (as `grade --show` prints) or address.")


@app.command("show")
def show(
    ctx: typer.Context, contact: str = ContactArgument, json_output: bool = JsonOption
) -> None:
    """One contact: addresses, level and why, flags, marks, and its mail."""

    from tradetriage.cli.browse import local_time
    from tradetriage.grading.contacts import find_contact
    from tradetriage.grading.context import our_domains
    from tradetriage.grading.report import contact_detail
    from tradetriage.grading.run import effective_rules, grade_store

    config = load(ctx, required=False)
    now = datetime.now(UTC)
    with open_store(config) as store:
        rules = effective_rules(config)
        grade_store(config, store, now, rules=rules)
        ident = find_contact(store, contact)
        ours = our_domains(config)
        detail = contact_detail(store, ident, rules, config.effective_language, now, ours)
    if json_output:
        print_json(detail)
        return
    view = detail.contact
    console = make_console()
    zone = config.company.timezone
    pinned = " (pinned)" if view.pinned else ""
    console.print(f"[bold]contact {view.id}[/]: {escape(view.name or '')}  level {view.level}"
                  f"{pinned}  {escape(', '.join(view.flags))}")  # fmt: skip
    console.print("addresses:")
    for binding in detail.bindings:
        by = "you" if binding.bound_by == "user" else "auto"
        console.print(f"  {escape(binding.addr)}  [dim]({by}: {escape(binding.why)})[/]")
    marks = [m for m, on in (("ordered", view.ordered), ("visited", view.visited)) if on]
    console.print(f"marks: {', '.join(marks) or '-'}; owner: {escape(view.owner or '-')}; "
                  f"tags: {escape(', '.join(view.tags) or '-')}; "
                  f"groups: {escape(', '.join(view.groups) or '-')}")  # fmt: skip
    console.print(f"why: {escape('; '.join(view.reasons))}")
    console.print(
        f"mail: {view.inbound} from them (last {local_time(view.last_inbound, zone)}), "
        f"{view.outbound} from us (last {local_time(view.last_outbound, zone)})"
    )
    if view.waiting_since:
        console.print(f"waiting since {local_time(view.waiting_since, zone)}, reply due "
                      f"{local_time(view.due_at, zone)}")  # fmt: skip
    for item in detail.mail:
        console.print(
            f"  {item['id']:>6}  {local_time(str(item['date']) if item['date'] else None, zone)}"
            f"  {escape(str(item['from'] or ''))[:30]:<30}  {escape(str(item['subject']))[:60]}"
        )


@app.command("mark")
def mark(
    ctx: typer.Context,
    contact: str = ContactArgument,
    ordered: bool | None = typer.Option(None, "--ordered/--not-ordered", help="Has ordered."),
    visited: bool | None = typer.Option(None, "--visited/--not-visited", help="Has visited."),
    owner: str | None = typer.Option(None, "--owner", help="The clerk who handles it."),
    tag: list[str] = typer.Option([], "--tag", help="Add a tag (repeatable)."),
    group: list[str] = typer.Option([], "--group", help="Add to a group (repeatable)."),
) -> None:
    """Record what you know: an order or a visit makes the contact level 1."""
    from tradetriage.grading.contacts import find_contact, set_marks

    if ordered is None and visited is None and owner is None and not tag and not group:
        raise typer.BadParameter(
            "say what to mark: --ordered, --visited, --owner, --tag or --group"
        )
    if any(not t.strip() for t in (*tag, *group)):
        raise typer.BadParameter("a tag or group needs a name")
    config = load(ctx, required=False)
    with open_store(config) as store:
        ident = find_contact(store, contact)
        set_marks(
            store, ident, ordered=ordered, visited=visited, owner=owner, add_tags=tag,
            add_groups=group,
        )  # fmt: skip
    typer.echo(f"contact {ident} updated; `tradetriage grade --show` shows the new level")


@app.command("link")
def link(
    ctx: typer.Context,
    address: str = typer.Argument(..., help="The address to bind."),
    contact: str = ContactArgument,
) -> None:
    """Bind another address of the same buyer to a contact (it stays there across regrades)."""
    from tradetriage.errors import ArgumentError
    from tradetriage.grading.contacts import find_contact, link_address
    from tradetriage.grading.context import our_domains
    from tradetriage.signals.domain import registered_domain

    config = load(ctx, required=False)
    if registered_domain(address) in our_domains(config):
        # Our colleague's address on a buyer would make the buyer the sender of our mail.
        raise ArgumentError(f"{address.strip()} is an address of ours", "link a buyer's address")
    with open_store(config) as store:
        ident = find_contact(store, contact)
        merged = link_address(store, address, ident)
    typer.echo(f"{address.strip().lower()} now belongs to contact {ident}")
    if merged is not None:
        typer.echo(
            f"contact {merged} had no other address: merged into {ident}, its marks, owner, "
            "tags, groups and pin carried over"
        )
