"""How long-running jobs (sync, import) report progress, without knowing who is listening."""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    """A progress bar, plain log lines, or nothing. ``to_fetch`` is -1 when unknown; an empty
    ``account`` is an import, whose ``folder`` is a local path."""

    def folder_started(self, account: str, folder: str, to_fetch: int) -> None: ...

    def advanced(self, count: int) -> None: ...

    def note(self, message: str) -> None: ...


class SilentReporter:
    def folder_started(self, account: str, folder: str, to_fetch: int) -> None:
        pass

    def advanced(self, count: int) -> None:
        pass

    def note(self, message: str) -> None:
        pass
