"""``init`` and ``doctor``: writing a config and checking that everything works."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

from tradetriage.cli.common import (
    JsonOption,
    escape,
    make_console,
    missing_store,
    open_store,
    options,
    print_json,
)
from tradetriage.errors import ExitCode, TradetriageError

if TYPE_CHECKING:
    from tradetriage.config import Config


def init(
    ctx: typer.Context,
    force: bool = typer.Option(False, "--force", help="Overwrite an existing config file."),
    print_only: bool = typer.Option(
        False, "--print", help="Print the commented template instead of writing it."
    ),
) -> None:
    """Write a commented config file to fill in (user config folder, or --config PATH)."""
    from tradetriage.config import CONFIG_TEMPLATE, config_path, write_template

    if print_only:
        typer.echo(CONFIG_TEMPLATE, nl=False)
        return
    path = config_path(options(ctx).config)
    write_template(path, force=force)
    typer.echo(
        f"wrote {path}\nedit it (account, password source, company), then run "
        "`tradetriage doctor` and `tradetriage sync`"
    )


@dataclass
class Check:
    name: str
    ok: bool
    detail: str


def doctor(
    ctx: typer.Context,
    offline: bool = typer.Option(False, "--offline", help="Skip the server connection check."),
    json_output: bool = JsonOption,
) -> None:
    """Check the config, the store and each server; list messages that did not parse cleanly."""
    from tradetriage.cli.common import load

    checks: list[Check] = []
    bad_messages: list[tuple[int, str, str]] = []
    try:
        config = load(ctx)
        checks.append(Check("config", True, f"{config.source}: {len(config.accounts)} accounts"))
    except TradetriageError as exc:
        checks.append(Check("config", False, str(exc)))
        config = None
    if config is not None:
        checks.append(_check_store(config, bad_messages))
        checks.append(_check_grading(config))
        if not offline:
            checks.extend(_check_account(config, a.name) for a in config.accounts)
    failed = [c for c in checks if not c.ok]
    if json_output:
        print_json(
            {
                "ok": not failed,
                "checks": checks,
                "parse_errors": [{"id": i, "subject": s, "error": e} for i, s, e in bad_messages],
            }
        )
    else:
        _render(checks, bad_messages)
    if failed:
        raise typer.Exit(ExitCode.FAILURE)


def _check_grading(config: Config) -> Check:
    """The rules (bundled and the user's) load, and the GeoIP database opens."""
    from tradetriage.grading.run import effective_rules
    from tradetriage.signals.geo import open_geo

    try:
        rules = effective_rules(config)
        geo = open_geo(config.grading.geoip_db)
    except TradetriageError as exc:
        return Check("grading", False, str(exc))
    where = str(config.grading.geoip_db) if config.grading.geoip_db else "built-in country data"
    return Check(
        "grading",
        True,
        f"{len(rules.rules)} rules enabled ({', '.join(rules.source.sources)}); "
        f"geography: {where} ({type(geo).__name__})",
    )


def _check_store(config: object, bad: list[tuple[int, str, str]]) -> Check:
    from tradetriage.config import Config
    from tradetriage.store.queries import messages_with_errors, stats

    assert isinstance(config, Config)
    if missing_store(config) is not None:
        # Before the first sync there is none, and that is no fault; but a check makes no
        # empty store (a mistyped --store would then pass as an empty archive).
        detail = f"none yet at {config.store_path} (`tradetriage sync` or `import` makes one)"
        return Check("store", True, detail)
    try:
        with open_store(config) as store:
            (integrity,) = store.conn.execute("PRAGMA quick_check").fetchone()
            if integrity != "ok":
                return Check("store", False, f"{config.store_path}: {integrity}")
            numbers = stats(store)
            bad.extend(messages_with_errors(store))
    except TradetriageError as exc:
        return Check("store", False, str(exc))
    return Check(
        "store",
        True,
        f"{config.store_path}: {numbers.messages} messages, {numbers.locations_gone} gone from "
        f"the server, {numbers.with_parse_errors} with parse errors",
    )


def _check_account(config: object, name: str) -> Check:
    from tradetriage.config import Config, resolve_password
    from tradetriage.mail.imap import connect, resolve_folders

    assert isinstance(config, Config)
    account = config.account(name)
    try:
        client = connect(account, resolve_password(account))
        try:
            folders = resolve_folders(client, account.folders)
            existing = {f for _, _, f in client.list_folders()}
        finally:
            client.logout()
    except TradetriageError as exc:
        return Check(f"account {name}", False, str(exc))
    except Exception as exc:  # a dropped connection mid-check is a failed check, not a crash
        return Check(f"account {name}", False, f"{account.host}: {exc}")
    missing = [f for f in folders if f not in existing]
    unresolved = len(account.folders) - len(folders)
    if missing or unresolved:
        detail = f"folders not on the server: {', '.join(missing) or '(special-use not found)'}"
        return Check(f"account {name}", False, detail)
    return Check(f"account {name}", True, f"login ok; folders: {', '.join(folders)}")


def _render(checks: list[Check], bad: list[tuple[int, str, str]]) -> None:

    console = make_console()
    for check in checks:
        mark = "[green]ok[/]  " if check.ok else "[red]FAIL[/]"
        console.print(f"{mark} {check.name}: {escape(check.detail)}", soft_wrap=True)
    if bad:
        console.print(
            f"\n{len(bad)} messages stored raw with parse problems (`tradetriage show ID` to look):"
        )
        for ident, subject, error in bad[:50]:
            console.print(f"  {ident:>6}  {escape(subject[:40]):<40}  {escape(error[:80])}")
        if len(bad) > 50:
            console.print(f"  … and {len(bad) - 50} more (`tradetriage doctor --json` lists all)")
