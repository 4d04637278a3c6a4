"""Shared test fixtures: a real Dovecot for the session, a fresh mailbox per test, config files
pointing at it, and two ways to run the CLI (Typer's runner, and a real subprocess)."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

sys.path.insert(0, str(Path(__file__).parent))

from dovecot import DovecotServer, DovecotUnavailable, dovecot_version, start_dovecot
from tradetriage.cli import app

REPO = Path(__file__).resolve().parent.parent
# Rich wraps tables to the terminal width; a pinned width keeps the output the tests read stable.
COLUMNS = "140"
_user_numbers = itertools.count(1)
POOLED_USERS = 60


@dataclass(frozen=True)
class Mailbox:
    """One fresh IMAP user on the session's Dovecot."""

    server: DovecotServer
    user: str
    password: str

    def append(self, folder: str, raw: bytes, flags: Sequence[str] = ()) -> int:
        """APPEND one message to this user's folder; returns its UID."""
        return self.server.append(self.user, folder, raw, flags)

    def append_many(
        self, folder: str, raws: Sequence[bytes], flags: Sequence[str] = ()
    ) -> list[int]:
        """APPEND several messages over one connection; returns their UIDs."""
        return self.server.append_many(self.user, folder, raws, flags)


@pytest.fixture(scope="session")
def dovecot() -> Iterator[DovecotServer]:
    """A private Dovecot on 127.0.0.1 for the whole session (plain IMAP and implicit TLS)."""
    try:
        dovecot_version()
    except DovecotUnavailable as exc:
        pytest.skip(f"{exc}; run scripts/install-system-deps.sh")
    # Not under pytest's tmp_path: that is mode 700, and as root Dovecot's mail processes run
    # as an unprivileged user who must reach the Maildirs.
    base = Path(tempfile.mkdtemp(prefix="tradetriage-dovecot-"))
    base.chmod(0o755)
    # Users exist from the start: Dovecot notices a changed passwd-file only once a second.
    server = start_dovecot(base, {_user(n): _password(n) for n in range(1, POOLED_USERS + 1)})
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def mailbox(dovecot: DovecotServer) -> Mailbox:
    """A new user with an empty INBOX, so that no test sees another test's mail."""
    number = next(_user_numbers)
    if number > POOLED_USERS:
        dovecot.add_user(_user(number), _password(number))
    return Mailbox(dovecot, _user(number), _password(number))


def _user(number: int) -> str:
    return f"clerk{number}"


def _password(number: int) -> str:
    # Not ASCII on purpose: clerks' passwords are, now and then.
    return f"secret-{number}-销售"


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    text = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


def make_config(
    tmp_path: Path,
    mailbox: Mailbox | None = None,
    *,
    store: Path | None = None,
    sync: dict[str, object] | None = None,
    **account: object,
) -> Path:
    """Write ``tmp_path/config.toml`` for the store ``tmp_path/store.db`` and, with a mailbox,
    one account "sales" on the test Dovecot (plain IMAP on loopback, INBOX only). Keyword
    arguments override account keys (``folders``, ``security``, ``port``, ``tls_ca_file`` …).
    The password goes into an environment variable named in ``password_env``; it is set in
    this process, and subprocesses started afterwards inherit it."""
    lines = [f"store = {_toml(store or tmp_path / 'store.db')}", 'language = "en"', ""]
    if mailbox is not None:
        env_name = f"TT_TEST_PASSWORD_{mailbox.user.upper()}"
        os.environ[env_name] = mailbox.password
        settings: dict[str, object] = {
            "name": "sales",
            "host": mailbox.server.host,
            "port": mailbox.server.port,
            "security": "plain",
            "username": mailbox.user,
            "password_env": env_name,
            "folders": ["INBOX"],
            "timeout": 20,
        }
        settings.update(account)
        lines.append("[[accounts]]")
        lines += [f"{key} = {_toml(value)}" for key, value in settings.items() if value is not None]
        lines.append("")
    lines += [
        "[company]",
        'name = "Ningbo Everbright Valve Co., Ltd."',
        'domain = "everbright-valve.cn"',
        'timezone = "Asia/Shanghai"',
        "",
    ]
    if sync:
        lines.append("[sync]")
        lines += [f"{key} = {_toml(value)}" for key, value in sync.items()]
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CliInvoke = Callable[..., Result]


@pytest.fixture
def cli() -> CliInvoke:
    """Run the CLI in-process: ``cli(config, "list", "--json")``; a pinned console width."""
    runner = CliRunner()

    def invoke(config: Path | None, *args: str) -> Result:
        options = ["--config", str(config)] if config is not None else []
        return runner.invoke(app, [*options, *args], env={"COLUMNS": COLUMNS, "NO_COLOR": "1"})

    return invoke


def run_json(cli: CliInvoke, config: Path | None, *args: str) -> Any:
    """Run ``cli(config, *args, "--json")``, check it succeeded, and return its parsed stdout."""
    result = cli(config, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def cli_env() -> dict[str, str]:
    """The environment for a CLI subprocess: this one, a pinned width, no colour."""
    env = dict(os.environ)
    env.update({"COLUMNS": COLUMNS, "NO_COLOR": "1", "PYTHONUNBUFFERED": "1"})
    return env


def run_cli_subprocess(
    config: Path | None, *args: str, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m tradetriage [--config CONFIG] ARGS`` as a real process (stdout not a
    terminal), capturing stdout and stderr as bytes."""
    return subprocess.run(
        cli_command(config, *args),
        capture_output=True,
        env=cli_env(),
        timeout=timeout,
        check=False,
        cwd=REPO,
    )


def cli_command(config: Path | None, *args: str) -> list[str]:
    """The argv of a CLI subprocess, for tests that need the Popen handle (kill -9)."""
    options = ["--config", str(config)] if config is not None else []
    return [sys.executable, "-m", "tradetriage", *options, *args]
