"""What every command shares: the console, global options, config and store loading, and the
one place where library errors become a printed line and an exit code."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from tradetriage.errors import ExitCode, TradetriageError

if TYPE_CHECKING:
    from rich.console import Console

    from tradetriage.config import Config
    from tradetriage.errors import ArgumentError
    from tradetriage.store.db import Store


def make_console(*, stderr: bool = False) -> Console:
    """The one console factory. Width comes from the terminal, or $COLUMNS (tests pin it).
    No emoji codes: a sender's ":pushpin:" would show as the pinned mark, 📌."""
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False, emoji=False)


# C0 and C1 control characters but tab and newline: a mail's subject, a sender's name or a
# body may carry terminal escapes that clear the screen, recolour text or erase a flagged row.
# Also the bidirectional overrides and isolates, which make "\u202eFDP.exe" read "exe.PDF",
# and the invisible zero-width space and word joiner, which hide inside a look-alike name.
_CONTROLS: dict[int, str | None] = {
    c: "\ufffd"
    for c in (
        *range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
        *range(0x2066, 0x206A), 0x200B, 0x2060, 0xFEFF,
    )
}  # fmt: skip
_CONTROLS[0x0D] = "\n"  # a lone carriage return ends a line (old Mac mail); CRLF is one
# A name, subject or address is one line: a line break in it (an encoded "\n" in a display
# name) would start a row of its own, where flags and reasons go.
_ONE_LINE = {**_CONTROLS, 0x0A: " ", 0x0D: " "}


# Backslashes before a "[" that opens no tag: Rich's renderer eats the last one ("x\\[1]"
# showed as "x[1]"), and its escape() leaves them be.
_BEFORE_PLAIN_BRACKET = re.compile(r"(\\+)(\[(?![a-z#/@][^[]*?\]))")  # Rich's tag shape
# Invisible: keeps a trailing backslash from escaping the markup that follows it. (Rich's own
# escape() doubles it instead, which shows two where nothing follows.)
_WORD_JOINER = "\u2060"


def escape(text: str, *, lines: bool = False) -> str:
    """Any text (a mail's, a file name, an error) as Rich shows it literally: markup escaped,
    control characters shown as "\ufffd", line breaks made spaces unless ``lines`` (a body)."""
    from rich.markup import escape as escape_markup

    text = text.replace("\r\n", "\n").translate(_CONTROLS if lines else _ONE_LINE)
    if text.endswith("\\"):
        text += _WORD_JOINER
    return _BEFORE_PLAIN_BRACKET.sub(r"\1\\\2", escape_markup(text))


def print_note(message: str) -> None:
    """``message`` (plain text) on stderr after "note:": something the output lacks, and why,
    where the command still succeeds."""
    make_console(stderr=True).print(
        f"[bold]note:[/] {escape(message, lines=True)}",
        markup=True,
        highlight=False,
        soft_wrap=True,
    )


def print_error(message: str) -> None:
    """``message`` (plain text: "[[accounts]]" or a folder "[old mail]" is shown as written)
    on stderr after a red "error:"."""
    # soft_wrap: an error stays one line (cron mail, grep), whatever the terminal width.
    make_console(stderr=True).print(
        f"[bold red]error:[/] {escape(message, lines=True)}",
        markup=True,
        highlight=False,
        soft_wrap=True,
    )


class GuardedGroup(TyperGroup):
    """Maps TradetriageError and Ctrl-C to a one-line message and an exit code, for every
    command, in one place (also under Typer's test runner)."""

    # typer vendors click privately (typer._click): its Context type is not importable.
    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except TradetriageError as exc:
            print_error(str(exc))
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:
            print_error("interrupted; everything committed so far is kept, run it again to resume")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None


@dataclass
class GlobalOptions:
    config: Path | None = None
    store: Path | None = None


def options(ctx: typer.Context) -> GlobalOptions:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, GlobalOptions) else GlobalOptions()


def load(ctx: typer.Context, *, required: bool = True) -> Config:
    """The configuration. Commands that can work without one (list, import …) pass
    ``required=False`` and get defaults when no config file exists at the default place."""
    from tradetriage.config import ENV_CONFIG, Config, config_path, load_config

    opts = options(ctx)
    path = config_path(opts.config)
    explicit = opts.config is not None or bool(os.environ.get(ENV_CONFIG))
    missing_is_fine = not required and not explicit and not path.exists()
    config = Config() if missing_is_fine else load_config(path)
    if opts.store is not None:
        config = config.model_copy(update={"store": opts.store})
    return config


def missing_store(config: Config) -> ArgumentError | None:
    """The error for a store file that is not there, or None: one message (and exit code 2,
    bad input) for every command that needs an existing store."""
    from tradetriage.errors import ArgumentError

    if config.store_path.exists():
        return None
    return ArgumentError(
        f"no store at {config.store_path}",
        "check --store or the config's `store`; `tradetriage sync` or `import` makes one",
    )


@contextmanager
def open_store(config: Config, *, create: bool = False) -> Iterator[Store]:
    """The config's store, for one command. Only the commands that fill it (sync, import,
    grade) pass ``create``: the rest refuse a store that is not there rather than make an
    empty one (a mistyped ``--store`` would look like an empty archive)."""
    from tradetriage.store.db import Store

    if not create and (missing := missing_store(config)) is not None:
        raise missing
    store = Store.open(config.store_path)
    try:
        yield store
    finally:
        store.close()


def to_jsonable(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def print_json(value: object) -> None:
    """JSON for scripts, on stdout, unwrapped (rich would insert line breaks)."""
    typer.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, default=str))


JsonOption = typer.Option(False, "--json", help="Print JSON instead of a table, for scripts.")
