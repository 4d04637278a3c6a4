"""``contact``: one buyer across addresses — look at it, tell the tool what you know of it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import JsonOption, escape, load, make_console, open_store, print_json
from tradetriage.cli.grade import HEADINGS, flag_text, level_text

if TYPE_CHECKING:
    from rich.table import Table

    from tradetriage.grading.contacts import Merged

app = typer.Typer(
    help="Contacts: one buyer across several addresses, with marks, owner, tags and groups.",
    no_args_is_help=True,
)

ContactArgument = typer.Argument(..., help="Contact number (as `grade --show` prints) or address.")

# `contact show` in the clerk's language (the reasons come translated from the rules).
SHOW_WORDS = {
    "en": {
        "contact": "contact", "level": "level {level}", "pinned": " (pinned)",
        "addresses": "addresses:",
        "user": "you", "auto": "auto", "marks": "marks", "ordered": "ordered",
        "visited": "visited", "owner": "owner", "tags": "tags", "groups": "groups", "why": "why",
        "sep": "; ", "colon": ": ",
        "mail": "mail: {inbound} from them (last {last_in}), {outbound} from us (last {last_out})",
        "waiting": "waiting since {since}, reply due {due}",
        "no_subject": "(no subject)",
        "no_level": "no level (no mail{pin})", "pinned_at": "; pinned at {level}",
        "no_mail": "mail: none from them or from us to them; a level comes with their mail",
    },
    "zh": {
        "contact": "联系人", "level": "{name}", "pinned": "（已固定）", "addresses": "地址：",
        "user": "你", "auto": "自动", "marks": "标注", "ordered": "已下单", "visited": "已拜访",
        "owner": "负责人", "tags": "标签", "groups": "分组", "why": "原因", "sep": "；",
        "colon": "：",
        "mail": "邮件：对方来信 {inbound} 封（最近 {last_in}），"
        "我方去信 {outbound} 封（最近 {last_out}）",
        "waiting": "自 {since} 起等待回复，应于 {due} 前回复",
        "no_subject": "（无主题）",
        "no_level": "无等级（没有邮件{pin}）", "pinned_at": "；已固定为{name}",
        "no_mail": "邮件：既无对方来信，也无我方去信；有邮件后才会评定等级",
    },
}  # fmt: skip


@app.command("show")
def show(
    ctx: typer.Context, contact: str = ContactArgument, json_output: bool = JsonOption
) -> None:
    """One contact: addresses, level and why, flags, marks, and its mail (a contact left with
    no mail: no level, its addresses and marks)."""

    from tradetriage.cli.browse import local_time
    from tradetriage.grading.binding import why_text
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
    language = config.effective_language
    words = SHOW_WORDS[language]
    names = HEADINGS[language]
    if view.level is None:  # left with no mail: what the clerk gave it stays
        pin = view.pinned_level
        pinned = (
            words["pinned_at"].format(level=pin, name=level_text(pin, names)) if view.pinned else ""
        )
        level = words["no_level"].format(pin=pinned)
    else:
        pinned = words["pinned"] if view.pinned else ""
        level = words["level"].format(level=view.level, name=level_text(view.level, names))
        level += pinned
    flags = flag_text(view.flags, HEADINGS[language])
    console.print(f"[bold]{words['contact']} {view.id}[/]: {escape(view.name or '')}  "
                  f"{level}  {escape(flags)}")  # fmt: skip
    console.print(words["addresses"])
    for binding in detail.bindings:
        by = words["user"] if binding.bound_by == "user" else words["auto"]
        why = why_text(binding.why, language)
        console.print(f"  {escape(binding.addr)}  [dim]({by}: {escape(why)})[/]")
    marks = [words[m] for m, on in (("ordered", view.ordered), ("visited", view.visited)) if on]
    sep, colon = words["sep"], words["colon"]
    console.print(
        sep.join(
            f"{words[label]}{colon}{escape(value or '-')}"
            for label, value in (
                ("marks", ", ".join(marks)), ("owner", view.owner or ""),
                ("tags", ", ".join(view.tags)), ("groups", ", ".join(view.groups)),
            )
        )
    )  # fmt: skip
    if view.reasons:
        console.print(f"{words['why']}{colon}{escape(sep.join(view.reasons))}")
    if view.level is None:
        console.print(words["no_mail"])
    else:
        console.print(
            words["mail"].format(
                inbound=view.inbound, last_in=local_time(view.last_inbound, zone),
                outbound=view.outbound, last_out=local_time(view.last_outbound, zone),
            )
        )  # fmt: skip
    if view.waiting_since:
        since, due = local_time(view.waiting_since, zone), local_time(view.due_at, zone)
        console.print(words["waiting"].format(since=since, due=due))
    if detail.mail:  # a contact with no level may still be in the Cc of others' mail
        console.print(_mail_lines(detail.mail, console.width, zone, words["no_subject"]))


# The mail lines of `contact show`: "  id  date  from  subject", the from column 30 cells and
# the subject at most 60, both narrower on a narrow console so that each mail stays one line.
_ID_CELLS, _DATE_CELLS, _SENDER_CELLS, _SUBJECT_CELLS, _NARROWEST = 8, 16, 30, 60, 10


def _mail_lines(mail: list[dict[str, object]], width: int, zone: str, no_subject: str) -> Table:
    """A borderless grid: Rich renders each escaped cell before it cuts (by terminal cells,
    a CJK character two, marked "…"), so a cut never falls inside an escape."""
    from rich.table import Table

    from tradetriage.cli.browse import local_time

    rest = width - _ID_CELLS - _DATE_CELLS - 3 * 2  # three gaps of two cells
    sender = min(_SENDER_CELLS, max(_NARROWEST, rest // 2))
    subject = max(_NARROWEST, min(_SUBJECT_CELLS, rest - sender))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", min_width=_ID_CELLS, no_wrap=True)
    grid.add_column(min_width=_DATE_CELLS, no_wrap=True)
    grid.add_column(width=sender, no_wrap=True, overflow="ellipsis")
    grid.add_column(max_width=subject, no_wrap=True, overflow="ellipsis")
    for item in mail:
        date = str(item["date"]) if item["date"] else None
        grid.add_row(
            str(item["id"]), local_time(date, zone), escape(str(item["from"] or "")),
            escape(str(item["subject"] or "").strip() or no_subject),
        )  # fmt: skip
    return grid


# `contact mark` in the clerk's language. On a contact whose level is pinned: the mark is kept,
# the pin holds the level. On a contact left with no mail: the mark is kept, and no level shows
# until mail comes. English says "level 4" ({level}); Chinese 四级 ({level_name}), as the table.
MARK_WORDS = {
    "en": {
        "updated": "contact {contact} updated; `tradetriage grade --show` shows the new level",
        "pinned": "contact {contact} is pinned at level {level}: {change} shows once you unpin it "
        "(`tradetriage grade --set {contact} auto`)",
        "ordered": "the order", "visited": "the visit", "and": " and ", "change": "the change",
        "no_mail": "contact {contact} updated; it has no mail, so no level until mail comes "
        "(`tradetriage contact show {contact}` shows what you marked)",
    },
    "zh": {
        "updated": "联系人 {contact} 已更新；运行 `tradetriage grade --show` 查看新等级",
        "pinned": "联系人 {contact} 的等级已固定为{level_name}："
        "{change}要等取消固定后才会体现在等级上（`tradetriage grade --set {contact} auto`）",
        "ordered": "下单", "visited": "拜访", "and": "和", "change": "这一更改",
        "no_mail": "联系人 {contact} 已更新；它没有邮件，有邮件后才会评定等级"
        "（`tradetriage contact show {contact}` 显示你的标注）",
    },
}  # fmt: skip


@app.command("mark")
def mark(
    ctx: typer.Context,
    contact: str = ContactArgument,
    ordered: bool | None = typer.Option(None, "--ordered/--not-ordered", help="Has ordered."),
    visited: bool | None = typer.Option(None, "--visited/--not-visited", help="Has visited."),
    owner: str | None = typer.Option(None, "--owner", help="The clerk who handles it."),
    tag: list[str] = typer.Option([], "--tag", help="Add a tag (repeatable)."),
    group: list[str] = typer.Option([], "--group", help="Add to a group (repeatable)."),
    untag: list[str] = typer.Option([], "--untag", help="Take a tag off (repeatable)."),
    ungroup: list[str] = typer.Option(
        [], "--ungroup", help="Take the contact out of a group (repeatable)."
    ),
) -> None:
    """Record what you know: an order or a visit makes the contact level 1."""
    from tradetriage.grading.contacts import find_contact, level_and_pin, set_marks

    labels = [[name.strip() for name in names] for names in (tag, group, untag, ungroup)]
    if ordered is None and visited is None and owner is None and not any(labels):
        raise typer.BadParameter(
            "say what to mark: --ordered, --visited, --owner, --tag, --group, --untag or --ungroup"
        )
    if not all(name for names in labels for name in names):
        raise typer.BadParameter("a tag or group needs a name")
    tag, group, untag, ungroup = labels
    # As `grade --show --owner` compares it: "Lily " is Lily, and a blank owner is none.
    owner = owner.strip() if owner is not None else None
    for added, removed, kind in ((tag, untag, "tag"), (group, ungroup, "group")):
        if both := sorted(set(added) & set(removed)):
            raise typer.BadParameter(f"{kind} {', '.join(both)} both added and taken off")
    config = load(ctx, required=False)
    with open_store(config) as store:
        ident = find_contact(store, contact)
        set_marks(
            store, ident, ordered=ordered, visited=visited, owner=owner, add_tags=tag,
            add_groups=group, remove_tags=untag, remove_groups=ungroup,
        )  # fmt: skip
        # No level: grading left the contact with no mail (`contact show` says so too).
        level, pin = level_and_pin(store, ident)
    language = config.effective_language
    words = MARK_WORDS[language]
    if level is None:
        typer.echo(words["no_mail"].format(contact=ident))
        return
    if pin is None or (ordered is None and visited is None):
        typer.echo(words["updated"].format(contact=ident))
        return
    # The clerk pinned the level on purpose: keep the pin, but say the mark waits behind it.
    marked = [words[m] for m, on in (("ordered", ordered), ("visited", visited)) if on]
    change = words["and"].join(marked) if marked else words["change"]
    name = level_text(pin, HEADINGS[language])
    typer.echo(words["pinned"].format(contact=ident, level=pin, level_name=name, change=change))


# `contact link` in the clerk's language. A merge carries the emptied contact's marks over, but
# not its owner or pin where the contact it goes into has its own.
LINK_WORDS = {
    "en": {
        "bound": "{address} now belongs to contact {contact}",
        "merged": "contact {merged} had no other address: merged into {contact}, its marks, "
        "owner, tags, groups and pin carried over",
        "except": ", except its {}", "and": " and its ",
        "owner_kept": "owner {owner} (contact {contact} is {theirs}'s)",
        "pin_kept": "pin at level {level} (contact {contact} is pinned at {their_level})",
    },
    "zh": {
        "bound": "{address} 已归入联系人 {contact}",
        "merged": "联系人 {merged} 已没有其他地址：并入联系人 {contact}，"
        "其标注、负责人、标签、分组和固定等级随之转入",
        "except": "，但{}除外", "and": "和",
        "owner_kept": "负责人 {owner}（联系人 {contact} 的负责人是 {theirs}）",
        "pin_kept": "固定的{name}（联系人 {contact} 已固定为{their_name}）",
    },
}  # fmt: skip


def _left_behind(merged: Merged, contact: int, language: str) -> list[str]:
    """The owner and pin a merge did not carry over, in ``language``."""
    words, names = LINK_WORDS[language], HEADINGS[language]
    kept = []
    if merged.owner_kept is not None:
        owner, theirs = merged.owner_kept
        kept.append(words["owner_kept"].format(owner=owner, contact=contact, theirs=theirs))
    if merged.pin_kept is not None:
        level, their_level = merged.pin_kept
        kept.append(
            words["pin_kept"].format(
                level=level, name=level_text(level, names), contact=contact,
                their_level=their_level, their_name=level_text(their_level, names),
            )
        )  # fmt: skip
    return kept


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
    language = config.effective_language
    words = LINK_WORDS[language]
    typer.echo(words["bound"].format(address=address.strip().lower(), contact=ident))
    if merged is not None:
        carried = words["merged"].format(merged=merged.contact, contact=ident)
        if kept := _left_behind(merged, ident, language):
            carried += words["except"].format(words["and"].join(kept))
        typer.echo(carried)
