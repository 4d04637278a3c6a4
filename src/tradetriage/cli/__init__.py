"""The command-line interface: a thin layer that parses arguments, calls the library and
renders results. Each module holds one group of commands; this one collects them."""

from __future__ import annotations

from pathlib import Path

import typer

from tradetriage.cli import browse, contacts, demo, grade, learn, mailbox, rules, setup
from tradetriage.cli.common import GlobalOptions, GuardedGroup

app = typer.Typer(
    cls=GuardedGroup,
    help="Mailbox triage for export-sales clerks: sync mail, find real buyers, answer them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from tradetriage import __version__

        typer.echo(f"tradetriage {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    config: Path | None = typer.Option(
        None,
        "--config",
        "-c",
        help="Config file (default: $TRADETRIAGE_CONFIG, else the user config folder).",
        show_default=False,
    ),
    store: Path | None = typer.Option(
        None, "--store", help="Use this store file instead of the configured one."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    ctx.obj = GlobalOptions(config=config, store=store)


app.command()(setup.init)
app.command()(mailbox.sync)
app.command("import")(mailbox.import_)
app.command("list")(browse.list_)
app.command()(browse.show)
app.command()(browse.search)
app.command()(setup.doctor)
app.command()(grade.grade)
app.add_typer(contacts.app, name="contact")
app.add_typer(learn.app, name="learn")
app.add_typer(rules.app, name="rules")
app.command()(demo.demo)


def main() -> None:
    app()
