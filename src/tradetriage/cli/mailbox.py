"""``sync`` and ``import``: getting mail into the store."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path

import typer

from tradetriage.cli.common import JsonOption, load, open_store, print_error, print_json
from tradetriage.cli.progress import reporter_for
from tradetriage.errors import ExitCode


def sync(
    ctx: typer.Context,
    account: list[str] = typer.Option(
        [], "--account", "-a", help="Only this account (repeatable). Default: all."
    ),
    quiet: bool = typer.Option(
        False, "--quiet", "-q", help="No progress, only the summary and errors (for cron)."
    ),
    json_output: bool = JsonOption,
) -> None:
    """Fetch new mail from every configured IMAP account into the local store.

    Incremental: only messages not yet stored are fetched, nothing on the server is changed
    or marked read. Safe to interrupt; the next run resumes.
    """
    from tradetriage.store.lock import exclusive
    from tradetriage.sync import run_sync

    config = load(ctx)
    if not config.accounts:
        print_error(f"no [[accounts]] in {config.source}; add one (see `tradetriage init`)")
        raise typer.Exit(ExitCode.USAGE)
    started = time.monotonic()
    with (
        exclusive(config.store_path),
        open_store(config, create=True) as store,
        reporter_for(quiet=quiet or json_output) as reporter,
    ):
        summary = run_sync(config, store, reporter, account or None)
    elapsed = time.monotonic() - started
    if json_output:
        print_json({"ok": summary.ok, "seconds": round(elapsed, 3), **asdict(summary)})
    else:
        typer.echo(
            f"sync: {summary.total('new')} new, {summary.total('flags_updated')} flags updated, "
            f"{summary.total('gone')} gone, {summary.total('rematched')} re-matched, "
            f"{len(summary.errors)} errors ({len(summary.folders)} folders, {elapsed:.1f} s)"
        )
    for error in summary.errors:
        print_error(error)
    if not summary.ok:
        raise typer.Exit(ExitCode.FAILURE)


def import_(
    ctx: typer.Context,
    path: Path = typer.Argument(
        ..., help="An mbox file, a Maildir, a single .eml, or a folder of them."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Only the summary and errors."),
    json_output: bool = JsonOption,
) -> None:
    """Import mail files (mbox, Maildir, .eml folders) into the store, skipping duplicates."""
    from tradetriage.importer import import_path
    from tradetriage.store.lock import exclusive

    config = load(ctx, required=False)
    if not path.exists():  # before the store is made: a mistyped path leaves no empty store
        from tradetriage.errors import ImportSourceError

        raise ImportSourceError(f"{path}: no such file or folder")
    with (
        exclusive(config.store_path),
        open_store(config, create=True) as store,
        reporter_for(quiet=quiet or json_output) as reporter,
    ):
        summary = import_path(store, path, reporter, config.sync.workers)
    if json_output:
        print_json(summary)
    else:
        typer.echo(
            f"import: {summary.read} read, {summary.new} new, {summary.duplicates} duplicates, "
            f"{summary.with_parse_errors} stored with parse errors (see `tradetriage doctor`)"
        )
    for error in summary.errors:
        print_error(error)
    if summary.errors:
        raise typer.Exit(ExitCode.FAILURE)
