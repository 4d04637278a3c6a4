"""One exception hierarchy and one set of exit codes for the whole tool.

Library code raises these with enough context (file and line, host and port) for the CLI to print
one line that says what failed and what to type next; the CLI maps them to exit codes in one place.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILURE = 1  # the job ran but something failed (some folder did not sync, …)
    USAGE = 2  # bad arguments, bad config, bad rules file: the user must fix an input
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT


class TradetriageError(Exception):
    """Base of every error the tool reports to the user without a traceback."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} ({self.hint})"


class ConfigError(TradetriageError):
    exit_code = ExitCode.USAGE


class StoreError(TradetriageError):
    pass


class NotFoundError(StoreError):
    """No message or contact with the id or address the user typed: a usage error."""

    exit_code = ExitCode.USAGE


class ArgumentError(StoreError):
    """An argument the user must fix: a level that is not 1-4 (or ``auto``), an address that
    is not local@domain, a search with no words."""

    exit_code = ExitCode.USAGE


class StoreLockedError(StoreError):
    pass


class ImapError(TradetriageError):
    pass


class ImapAuthError(ImapError):
    pass


class ImapConnectError(ImapError):
    pass


class ImapTlsError(ImapError):
    pass


class ParserDiedError(TradetriageError):
    """A parser worker process died (killed for memory, say): the batch it held is not
    stored; everything stored before it is kept."""


class ImportSourceError(TradetriageError):
    exit_code = ExitCode.USAGE


class GeoError(TradetriageError):
    """The configured GeoIP database is missing, unreadable or of the wrong kind."""

    exit_code = ExitCode.USAGE


class RulesError(TradetriageError):
    """A rules file is not valid YAML or breaks the rules format; the message lists every
    problem as ``file:line: RULE_ID: message``."""

    exit_code = ExitCode.USAGE
