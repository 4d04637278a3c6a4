"""Progress for sync and import: a rich bar on a terminal, plain log lines otherwise (cron)."""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class LogReporter:
    """One line per folder and about one per 10 % of progress: readable in a cron mail."""

    def __init__(self, *, quiet: bool = False) -> None:
        self.quiet = quiet
        self._label = ""
        self._total = 0
        self._done = 0
        self._next_report = 0.0

    def folder_started(self, account: str, folder: str, to_fetch: int) -> None:
        self._label, self._total, self._done = _label(account, folder), to_fetch, 0
        self._next_report = time.monotonic() + 2
        if not self.quiet and to_fetch != 0:
            count = "unknown number of" if to_fetch < 0 else str(to_fetch)
            typer.echo(f"{self._label}: {count} messages to {'fetch' if account else 'read'}")

    def advanced(self, count: int) -> None:
        self._done += count
        if self.quiet or time.monotonic() < self._next_report:
            return
        self._next_report = time.monotonic() + 10
        total = "?" if self._total < 0 else str(self._total)
        typer.echo(f"{self._label}: {self._done}/{total}")

    def note(self, message: str) -> None:
        typer.echo(message)

    def __enter__(self) -> LogReporter:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class RichReporter:
    """A progress bar per folder, for a person at a terminal."""

    def __init__(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        from tradetriage.cli.common import make_console

        self._progress: Progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=make_console(),
            transient=False,
        )
        self._task: TaskID | None = None

    def folder_started(self, account: str, folder: str, to_fetch: int) -> None:
        total = None if to_fetch < 0 else to_fetch
        self._task = self._progress.add_task(_label(account, folder), total=total)

    def advanced(self, count: int) -> None:
        if self._task is not None:
            self._progress.advance(self._task, count)

    def note(self, message: str) -> None:
        self._progress.console.print(message, markup=False)

    def __enter__(self) -> RichReporter:
        self._progress.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._progress.stop()


def _label(account: str, folder: str) -> str:
    """A server folder as "sales/INBOX"; an import's path as it is."""
    return f"{account}/{folder}" if account else folder


def reporter_for(*, quiet: bool) -> LogReporter | RichReporter:
    import sys

    if quiet or not sys.stdout.isatty():
        return LogReporter(quiet=quiet)
    return RichReporter()
