"""``learn``: tell the tool which mail was phishing, fraud or genuine; grading learns from it."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from tradetriage.cli.common import JsonOption, load, open_store, print_json
from tradetriage.errors import StoreError
from tradetriage.store import MAX_ROWID

app = typer.Typer(
    help="Teach the grading: mark messages phishing, fraud or genuine (your verdict flags or "
    "clears them; once 30 of a bad kind and 30 genuine are learned, mail like them counts "
    "towards the flag).",
    no_args_is_help=True,
)

IdsArgument = typer.Argument(
    None, help="Message ids (as `list` and `grade --explain` show).", min=1, max=MAX_ROWID
)
ContactOption = typer.Option(
    None, "--contact", help="Also every message this contact sent (number or address)."
)

# What `learn` says, in the clerk's language. A verdict is named as typed in English, and in
# Chinese by its word (钓鱼, 诈骗, 正常), followed by 邮件 where it names the mail.
LEARN_WORDS = {
    "en": {
        "marked": "{changed} of {marked} messages newly marked {verdict}{replaced}; "
        "the next `tradetriage grade` regrades with it",
        "replaced": " ({n} of them had another verdict, now replaced)",
        "forgot": "{n} verdicts dropped; the next `tradetriage grade` regrades without them",
        "learned": "learned: {}", "count": "{n} {verdict}", "list": ", ",
        "active": "{verdict}: active (likeness to the learned {verdict} mail counts)",
        "waiting": "{verdict}: waiting for {n} {verdict} and {n} genuine messages",
    },
    "zh": {
        "marked": "{marked} 封邮件中有 {changed} 封新标记为{verdict}邮件{replaced}；"
        "下次运行 `tradetriage grade` 时据此重新评级",
        "replaced": "（其中 {n} 封原有其他判定，已替换）",
        "forgot": "已撤销 {n} 条判定；下次运行 `tradetriage grade` 时不再计入",
        "learned": "已学习：{}", "count": "{verdict} {n} 封", "list": "、",
        "active": "{verdict}：已启用（与已学{verdict}邮件相似的邮件会计入评分）",
        "waiting": "{verdict}：未启用，需先学习 {n} 封{verdict}邮件和 {n} 封正常邮件",
        "verdict:phishing": "钓鱼", "verdict:fraud": "诈骗", "verdict:genuine": "正常",
    },
}  # fmt: skip


def _verdict(verdict: str, words: dict[str, str]) -> str:
    """A verdict's name in the clerk's language."""
    return words.get(f"verdict:{verdict}", verdict)


def _mark(ctx: typer.Context, ids: list[int] | None, contact: str | None, verdict: str) -> None:
    from tradetriage.grading.contacts import find_contact
    from tradetriage.grading.context import our_domains
    from tradetriage.grading.learning import contact_mail, mark
    from tradetriage.grading.run import grade_store

    if not ids and contact is None:  # a usage error before the store is looked for
        raise typer.BadParameter("give message ids, or --contact", param_hint="IDS")
    config = load(ctx, required=False)
    with open_store(config) as store:
        chosen = list(ids or [])
        if contact is not None:
            # Graded first: which mail From our own domain a spoofer sent (and which our
            # colleague) is what grading decides; ungraded, a colleague's mail would be marked.
            grade_store(config, store, datetime.now(UTC))
            sent = contact_mail(store, find_contact(store, contact), our_domains(config))
            if not sent:
                raise StoreError(f"contact {contact} sent no mail", "give message ids instead")
            chosen += sent
        marked = mark(store, chosen, verdict)
    words = LEARN_WORDS[config.effective_language]
    replaced = words["replaced"].format(n=marked.replaced) if marked.replaced else ""
    typer.echo(
        words["marked"].format(
            changed=marked.changed, marked=marked.marked, verdict=_verdict(verdict, words),
            replaced=replaced,
        )
    )  # fmt: skip


def _verdict_command(verdict: str, summary: str) -> None:
    """Register `learn VERDICT`: the three verdicts take the same arguments."""

    def command(
        ctx: typer.Context,
        ids: list[int] | None = IdsArgument,
        contact: str | None = ContactOption,
    ) -> None:
        _mark(ctx, ids, contact, verdict)

    command.__doc__ = summary
    app.command(verdict)(command)


_verdict_command("phishing", "Mark messages as phishing: flagged; mail like them is suspect.")
_verdict_command("fraud", "Mark advance-fee fraud or fake buyers: flagged; like mail is suspect.")
_verdict_command("genuine", "Mark messages as genuine: flags cleared; teaches what real mail is.")


@app.command("forget")
def forget(
    ctx: typer.Context,
    ids: list[int] = typer.Argument(..., help="Message ids to unmark.", min=1, max=MAX_ROWID),
) -> None:
    """Drop your verdicts on these messages."""
    from tradetriage.grading.learning import forget as forget_verdicts

    config = load(ctx, required=False)
    with open_store(config) as store:
        dropped = forget_verdicts(store, ids)
    typer.echo(LEARN_WORDS[config.effective_language]["forgot"].format(n=dropped))


@app.command("status")
def status(ctx: typer.Context, json_output: bool = JsonOption) -> None:
    """How many messages you marked of each kind, and whether the classifier is active."""
    from tradetriage.grading.learning import status as learned_status
    from tradetriage.verdicts import BAD_VERDICTS

    config = load(ctx, required=False)
    with open_store(config) as store:
        state = learned_status(store)
    if json_output:
        print_json(state)
        return
    words = LEARN_WORDS[config.effective_language]
    counts = words["list"].join(
        words["count"].format(n=n, verdict=_verdict(verdict, words))
        for verdict, n in state.counts.items()
    )
    typer.echo(words["learned"].format(counts))
    for verdict in BAD_VERDICTS:
        said = "active" if verdict in state.active else "waiting"
        typer.echo(words[said].format(verdict=_verdict(verdict, words), n=state.min_learned))
