"""``grade``: grade new mail, show who needs attention, explain one message, pin a level."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import JsonOption, escape, load, make_console, open_store, print_json
from tradetriage.store import MAX_ROWID

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

    from tradetriage.config import Config
    from tradetriage.grading.report import ContactFilter, ContactView, Explanation
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
        "touch": "touch",  # a level-2 follow-up due, with nothing of theirs unanswered
        "days": "{}d",
        "hours": "{}h",
        "and": "; ",
        "list": ", ",
        "flag:phishing": "phishing",
        "flag:suspect-fraud": "suspect-fraud",
        "level:1": "L1",
        "level:2": "L2",
        "level:3": "L3",
        "level:4": "L4",
        "none": "no graded contacts yet: run `tradetriage sync`, then `tradetriage grade`",
        "none matching": "no graded contact has that owner, tag or group",
        "service": "L1 supervisor review · L2 touch weekly (3 days if active) · L3 templated "
        "reply within 24 h · L4 template asking for details",
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
        "touch": "跟进",
        "days": "{}天",
        "hours": "{}小时",
        "and": "；",
        "list": "、",
        "flag:phishing": "钓鱼",
        "flag:suspect-fraud": "疑似诈骗",
        # As the service line below names them, and as a clerk says it: 一级客户.
        "level:1": "一级",
        "level:2": "二级",
        "level:3": "三级",
        "level:4": "四级",
        "none": "还没有已评级的联系人：先运行 `tradetriage sync`，再运行 `tradetriage grade`",
        "none matching": "没有符合该负责人、标签或分组的已评级联系人",
        "service": "一级 主管审核 · 二级 每周跟进（活跃时每3天）· 三级 24小时内模板回复 · "
        "四级 模板询问详细信息",
    },
}

# The lines `grade` prints beside its tables: a pin, and the run's summary. English prose
# says "level 2" (``level``); Chinese names it as the table does, 二级 (``level_name``).
RUN_WORDS = {
    "en": {
        "pinned": "contact {contact} pinned at level {level}",
        "unpinned": "contact {contact} unpinned (graded automatically)",
        "no_mail": "; it has no mail, so no level shows until mail comes",
        "summary": "grade: {graded} messages graded, {unchanged} unchanged{flagged}; "
        "{contacts} contacts updated ({seconds:.1f} s); see `tradetriage grade --show`",
        "flagged": "; flagged: {}",
        "flag": "{n} {flag}",
        "list": ", ",
    },
    "zh": {
        "pinned": "联系人 {contact} 的等级已固定为{level_name}",
        "unpinned": "联系人 {contact} 已取消固定，恢复自动评级",
        "no_mail": "；它没有邮件，有邮件后才会显示等级",
        "summary": "已评级 {graded} 封邮件，{unchanged} 封无变化{flagged}；"
        "已更新 {contacts} 个联系人（{seconds:.1f} 秒）；运行 `tradetriage grade --show` 查看",
        "flagged": "；新标记：{}",
        "flag": "{flag} {n} 封",
        "list": "、",
    },
}


def grade(
    ctx: typer.Context,
    show: bool = typer.Option(False, "--show", help="Show contacts by what needs attention."),
    explain: int | None = typer.Option(
        None,
        "--explain",
        metavar="ID",
        help="Every rule hit of message ID, with its evidence.",
        min=1,
        max=MAX_ROWID,
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
    limit: int = typer.Option(
        0, "--limit", "-n", min=0, help="At most this many contacts in each table (0: all)."
    ),
    owner: list[str] = typer.Option(
        [], "--owner", help="--show only this clerk's contacts ('-': no owner yet; repeatable)."
    ),
    tag: list[str] = typer.Option([], "--tag", help="--show only contacts with this tag."),
    group: list[str] = typer.Option([], "--group", help="--show only contacts in this group."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only errors (for cron)."),
    json_output: bool = JsonOption,
) -> None:
    """Grade senders: real buyer or fake, which customer level, and why.

    Grades what is new or changed since the last run (incremental), then shows, explains or
    pins as asked.
    """
    from tradetriage.grading.run import effective_rules, grade_store

    # Options that would otherwise be dropped without a word.
    if show and explain is not None:
        raise typer.BadParameter("give --show or --explain, not both", param_hint="--explain")
    if limit and not show:
        raise typer.BadParameter("--limit counts the contacts of --show", param_hint="--limit")
    only = _contact_filter(owner, tag, group)
    if only is not None and not show:
        raise typer.BadParameter("--owner, --tag and --group choose the contacts of --show")
    config = load(ctx, required=False)
    now = datetime.now(UTC)
    language = config.effective_language
    # Only grading itself makes a store: showing, explaining or pinning in a missing one (a
    # mistyped --store) is refused rather than answered from a new empty store.
    grading_only = not show and explain is None and set_level is None
    with open_store(config, create=grading_only) as store:
        # Showing and explaining need the rules anyway: load them once for both steps. Before
        # a pin too: a broken rules file then fails the command before it changed anything.
        needs_rules = show or explain is not None or set_level is not None
        rules = effective_rules(config) if needs_rules else None
        if set_level is not None:
            _pin(store, *set_level, language, quiet=quiet or json_output)  # --json: JSON only
        run = grade_store(config, store, now, everything=everything, rules=rules)
        if explain is not None and rules is not None:
            from tradetriage.grading.report import explain as explain_message

            detail = explain_message(store, explain, rules, config, now)
            _print_explanation(detail, json_output, language)
            return
        if show and rules is not None:
            from tradetriage.grading.context import our_domains
            from tradetriage.grading.report import ContactFilter, contacts_by_attention

            ours = our_domains(config)
            views = contacts_by_attention(
                store, rules, language, now, ours, limit or None, only or ContactFilter()
            )
            print_contacts(views, config, json_output, now, filtered=only is not None)
            return
    if json_output:
        print_json(run)
    elif not quiet:
        _print_run(run, language)


def _contact_filter(owners: list[str], tags: list[str], groups: list[str]) -> ContactFilter | None:
    """The filter the options ask for (None: none asked); an empty name is a usage error (it
    would match nothing)."""
    if not (owners or tags or groups):
        return None
    if not all(name.strip() for name in (*owners, *tags, *groups)):
        raise typer.BadParameter("--owner, --tag and --group need a name")
    from tradetriage.grading.report import ContactFilter

    return ContactFilter(
        owners=tuple(None if o.strip() == "-" else o.strip() for o in owners),
        tags=tuple(t.strip() for t in tags),
        groups=tuple(g.strip() for g in groups),
    )


def _pin(store: Store, contact_key: str, given: str, language: str, *, quiet: bool) -> None:
    from tradetriage.grading.contacts import find_contact, level_and_pin, parse_level, pin_level

    level = parse_level(given)  # first: a bad level is a usage error, whoever the contact
    contact = find_contact(store, contact_key)
    pin_level(store, contact, level)
    if quiet:
        return
    words = RUN_WORDS[language]
    if level:
        name = level_text(level, HEADINGS[language])
        said = words["pinned"].format(contact=contact, level=level, level_name=name)
        if level_and_pin(store, contact)[0] is None:  # left with no mail: the pin waits
            said += words["no_mail"]
        typer.echo(said)
    else:
        typer.echo(words["unpinned"].format(contact=contact))


def _print_run(run: GradingRun, language: str) -> None:
    words, names = RUN_WORDS[language], HEADINGS[language]
    flagged = words["list"].join(
        words["flag"].format(n=n, flag=names.get(f"flag:{flag}", flag))
        for flag, n in sorted(run.flagged.items())
    )
    typer.echo(
        words["summary"].format(
            graded=run.graded,
            unchanged=run.unchanged,
            flagged=words["flagged"].format(flagged) if flagged else "",
            contacts=run.contacts_updated,
            seconds=run.seconds,
        )
    )


def print_contacts(
    views: list[ContactView],
    config: Config,
    json_output: bool,
    now: datetime,
    *,
    filtered: bool = False,
) -> None:
    flagged = [v for v in views if v.flags]
    clean = [v for v in views if not v.flags]
    if json_output:
        print_json({"contacts": clean, "flagged": flagged})
        return
    words = HEADINGS[config.effective_language]
    console = make_console()
    if not views:
        console.print(words["none matching" if filtered else "none"])
        return
    zone = config.company.timezone
    console.print(_contact_table(clean, words, zone, now, words["attention"], console.width))
    console.print(f"[dim]{words['service']}[/]")
    if flagged:
        console.print()
        title = f"[bold red]{words['flagged']}[/]"
        console.print(_contact_table(flagged, words, zone, now, title, console.width))


# Below this width (80 columns is also what a pipe or cron mail gets) the reasons go under the
# contact's name and the last-mail column goes: eight columns leave each a few letters.
_COMPACT_BELOW = 110


def level_text(level: int | None, words: Mapping[str, str]) -> str:
    """A contact's level as the tables show it: "L2", or in Chinese 二级."""
    return words.get(f"level:{level}", f"L{level}")


def flag_text(flags: Sequence[str], words: Mapping[str, str]) -> str:
    """Flags in the clerk's language, in one order wherever they are shown."""
    return words["list"].join(words.get(f"flag:{flag}", flag) for flag in sorted(flags))


def _contact_table(
    views: list[ContactView],
    words: dict[str, str],
    zone: str,
    now: datetime,
    title: str,
    width: int,
) -> Table:
    from rich.table import Table

    from tradetriage.cli.browse import local_time

    with_flags = any(view.flags for view in views)
    # The flags column needs 16 more: below that the flags go under the name with the reasons.
    compact = width < _COMPACT_BELOW + (16 if with_flags else 0)
    flag_column = with_flags and not compact
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    # "fold": a run of Chinese has no spaces to wrap at, and would be cut off with "…".
    heading = f"{words['contact']} · {words['reasons']}" if compact else words["contact"]
    table.add_column(heading, ratio=2 if compact else None, max_width=None if compact else 32,
                     min_width=12, overflow="fold")  # fmt: skip
    table.add_column(words["level"], no_wrap=True)
    if flag_column:
        # Never squeezed away, nor wider than one flag: "phishing, suspect-fraud" folds.
        table.add_column(words["flags"], overflow="fold", min_width=8, max_width=14)
    table.add_column(words["score"], justify="right", no_wrap=True)
    if not compact:
        table.add_column(words["reasons"], ratio=1, min_width=20, overflow="fold")
        table.add_column(words["last"], no_wrap=True)
    # Wraps rather than squeezing the names out at 40 columns ("touch -5d" / "!").
    table.add_column(words["waiting"], overflow="fold")
    for view in views:
        reasons = escape(words["and"].join(view.reasons[:2]))
        level = level_text(view.level, words) + ("📌" if view.pinned else "")
        waiting = _waiting(view, now, words)
        cells = [str(view.id), escape(_who(view))]
        if compact and view.flags:
            cells[1] += f"\n[bold red]{escape(flag_text(view.flags, words))}[/]"
        if compact and reasons:
            cells[1] += f"\n[dim]{reasons}[/]"
        cells.append(level)
        if flag_column:
            cells.append(escape(flag_text(view.flags, words)))
        cells.append(f"{view.score:.1f}")
        if not compact:
            cells += [reasons, local_time(view.last_inbound, zone)]
        cells.append(waiting)
        table.add_row(*cells)
    return table


def _who(view: ContactView) -> str:
    """The contact's name, and its address where the name may be a disguise: on a flagged
    contact (an impostor takes the display name of the partner it imitates) and wherever the
    name is itself an address."""
    address = view.addresses[0] if view.addresses else "?"
    extra = f" (+{len(view.addresses) - 1})" if len(view.addresses) > 1 else ""
    name = view.name or address
    if name != address and (view.flags or "@" in name):
        return f"{name} <{address}>{extra}"
    return f"{name}{extra}"


def _waiting(view: ContactView, now: datetime, words: Mapping[str, str]) -> str:
    """How long the contact has waited for our answer; or, with nothing of theirs
    unanswered, when our level-2 touch is due ("touch 2d", late: "touch -5d !")."""
    if view.waiting_since:
        shown = _age(now - datetime.fromisoformat(view.waiting_since), words)
    elif view.due_at:
        due = datetime.fromisoformat(view.due_at)
        late = "-" if due < now else ""
        shown = f"{words['touch']} {late}{_age(abs(due - now), words)}"
    else:
        return "-"
    return f"[red]{shown} ![/]" if view.overdue else shown


def _age(delta: timedelta, words: Mapping[str, str]) -> str:
    hours = max(int(delta.total_seconds() // 3600), 0)
    if hours < 24:
        return words["hours"].format(hours)
    return f"{words['days'].format(hours // 24)} {words['hours'].format(hours % 24)}"


@dataclass(frozen=True)
class _ExplainWords:
    """`grade --explain` in the clerk's language. The evidence stays as the signals wrote it:
    it is the mail's own text and header lines."""

    message: str
    sender: str
    contact: str
    level: str
    score: str
    no_subject: str
    walk: str
    hop_heads: tuple[str, str, str, str, str]
    hits: str
    hit_heads: tuple[str, str, str, str]
    none: str
    roles: dict[str, str] = field(default_factory=dict)  # hop roles; unlisted: as written


EXPLAIN = {
    "en": _ExplainWords(
        message="message",
        sender="from",
        contact="contact",
        level="level",
        score="score",
        no_subject="(no subject)",
        walk="Received walk (newest first)",
        hop_heads=("#", "ip", "host", "role", "why"),
        hits="Rule hits",
        hit_heads=("weight", "rule", "meaning", "evidence"),
        none="no rule fired",
    ),
    "zh": _ExplainWords(
        message="邮件",
        sender="发件人",
        contact="联系人",
        level="等级",
        score="分数",
        no_subject="（无主题）",
        walk="Received 链（从最新一跳起）",
        hop_heads=("#", "IP", "主机", "角色", "原因"),
        hits="命中的规则",
        hit_heads=("权重", "规则", "含义", "证据"),
        none="没有规则命中",
        roles={
            "relay": "可信中转",
            "origin": "来源",
            "submission": "认证提交",
            "no-ip": "无 IP",
            "beyond": "来源之后（不可信）",
        },
    ),
}


# The Received walk's reasons (signals/origin.py) in Chinese, tried in order; a reason none
# matches is shown as written (a test checks that every reason the walk gives is here).
HOP_REASONS_ZH = tuple(
    (re.compile(pattern), template)
    for pattern, template in (
        (r"configured trusted network", "配置的可信网络"),
        (r"configured trusted host (.+)", "配置的可信主机 {0}"),
        (r"our own host (.+)", "我方主机 {0}"),
        (r"private or local address", "私有或本地地址"),
        (r"local delivery \(LMTP\)", "本地投递（LMTP）"),
        (r"authenticated submission \((.+)\)", "认证提交（{0}）"),
        (r"authenticated submission", "认证提交"),
        (r"webmail \(HTTP\)", "网页邮箱提交（HTTP）"),
        (r"first untrusted connecting IP: the origin", "第一个不可信的连接 IP：即来源"),
        (r"below the origin: the sender's own claim", "来源之下：发件方自己的说法"),
        (r"no connecting IP \(internal or local hop\)", "无连接 IP（内部或本地一跳）"),
        (r"(.+) network", "{0} 的网络"),
        (r"(.+) host (.+)", "{0} 的主机 {1}"),
    )
)


def hop_reason(reason: str, language: str) -> str:
    """A Received hop's reason in ``language`` (English as the walk wrote it otherwise)."""
    if language != "zh":
        return reason
    for pattern, template in HOP_REASONS_ZH:
        match = pattern.fullmatch(reason)
        if match:
            return template.format(*match.groups())
    return reason


def _print_explanation(detail: Explanation, json_output: bool, language: str) -> None:
    if json_output:
        print_json(detail)
        return
    from rich.table import Table

    words = EXPLAIN[language]
    console: Console = make_console()
    shown = flag_text(detail.flags, HEADINGS[language])
    flags = f"  [bold red]{escape(shown)}[/]" if detail.flags else ""
    level = (
        f", {words.contact} {detail.contact} {words.level} {detail.level}" if detail.contact else ""
    )
    console.print(
        f"[bold]{words.message} {detail.message}[/]: "
        f"{escape(detail.subject or words.no_subject)}\n"
        f"{words.sender} {escape(detail.sender or '-')}{level}; "
        f"{words.score} {detail.score:.1f}{flags}"
    )
    origin = Table(title=words.walk, title_justify="left", header_style="bold")
    for column in words.hop_heads:
        origin.add_column(column, overflow="fold")
    for hop in detail.origin:
        role = str(hop["role"])
        shown = escape(words.roles.get(role, role))
        origin.add_row(
            str(hop["index"]),
            escape(str(hop["ip"] or "-")),
            escape(str(hop["host"] or "-")),
            f"[bold]{shown}[/]" if role in ("origin", "submission") else shown,
            escape(hop_reason(str(hop["reason"]), language)),
        )
    console.print(origin)
    hits = Table(title=words.hits, title_justify="left", header_style="bold")
    weight, rule, meaning, evidence = words.hit_heads
    hits.add_column(weight, justify="right", no_wrap=True)
    hits.add_column(rule, no_wrap=console.width >= 100, overflow="fold")
    hits.add_column(meaning, ratio=1, overflow="fold")
    hits.add_column(evidence, ratio=1, overflow="fold")
    for hit in detail.hits:
        colour = "red" if hit.weight > 0 else "green"
        hits.add_row(
            f"[{colour}]{hit.weight:+.1f}[/]", hit.rule_id, escape(hit.text), escape(hit.evidence)
        )
    console.print(hits if detail.hits else words.none)
