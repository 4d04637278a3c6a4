"""Config: the template is valid, bad files fail with file, line, key and reason."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradetriage.cli import app
from tradetriage.config import (
    CONFIG_TEMPLATE,
    AccountConfig,
    config_path,
    load_config,
    resolve_password,
    write_template,
)
from tradetriage.errors import ConfigError

runner = CliRunner()


def account(**overrides: object) -> AccountConfig:
    fields: dict[str, object] = {
        "name": "sales",
        "host": "127.0.0.1",
        "username": "u",
        "password_env": "X",
    }
    fields.update(overrides)
    return AccountConfig.model_validate(fields)


def test_template_is_a_valid_config(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    write_template(path)
    config = load_config(path)
    assert config.accounts[0].folders == ["INBOX", "\\Sent"]
    assert config.accounts[0].effective_port == 993
    assert config.source == path


def test_init_writes_template_and_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "config.toml"
    first = runner.invoke(app, ["--config", str(path), "init"])
    assert first.exit_code == 0, first.output
    assert path.read_text(encoding="utf-8") == CONFIG_TEMPLATE
    second = runner.invoke(app, ["--config", str(path), "init"])
    assert second.exit_code == 2
    assert "already exists" in second.output
    path.write_text("# my edits\n", encoding="utf-8")
    forced = runner.invoke(app, ["--config", str(path), "init", "--force"])
    assert forced.exit_code == 0, forced.output
    assert path.read_text(encoding="utf-8") == CONFIG_TEMPLATE


def test_init_print_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    printed = runner.invoke(app, ["--config", str(path), "init", "--print"])
    assert printed.exit_code == 0
    assert printed.output == CONFIG_TEMPLATE
    assert not path.exists()


def test_unknown_key_names_file_line_and_key(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[accounts]]\nname = "a"\nhost = "h"\nusername = "u"\npassword_env = "P"\n'
        'colour = "red"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert f"{path}:6: accounts.0.colour: unknown key" in str(err.value)


def test_a_rules_path_that_is_a_folder_is_called_a_folder(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    path = tmp_path / "c.toml"
    path.write_text('[grading]\nrules = "rules"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "is a folder, not a file" in str(err.value)


def test_relative_paths_are_relative_to_the_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cfg"
    folder.mkdir()
    (folder / "my-rules.yaml").write_text("rules: []\n", encoding="utf-8")
    (folder / "ca.pem").write_text("x", encoding="utf-8")
    path = folder / "config.toml"
    path.write_text(
        'store = "data/store.db"\n[grading]\nrules = "my-rules.yaml"\n'
        '[[accounts]]\nname = "a"\nhost = "h"\nusername = "u"\npassword_env = "P"\n'
        'tls_ca_file = "ca.pem"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)  # as cron runs it: from another folder
    config = load_config(path)
    assert config.grading.rules == folder / "my-rules.yaml"
    assert config.store_path == folder / "data" / "store.db"
    assert config.accounts[0].tls_ca_file == folder / "ca.pem"
    absolute = tmp_path / "elsewhere.db"
    path.write_text(f'store = "{absolute}"\n', encoding="utf-8")
    assert load_config(path).store_path == absolute


def test_plain_security_refused_for_remote_host(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[accounts]]\nname = "a"\nhost = "imap.example.com"\nsecurity = "plain"\n'
        'username = "u"\npassword_env = "P"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "loopback" in str(err.value)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("folders", ['["INBOX", "inbox"]', '["Sent", "INBOX", "Sent"]'])
def test_a_folder_listed_twice_is_refused(tmp_path: Path, folders: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '[[accounts]]\nname = "a"\nhost = "imap.example.com"\nusername = "u"\n'
        f'password_env = "P"\nfolders = {folders}\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="more than once"):
        load_config(path)


def test_bad_toml_reports_line(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("[company]\nname = \n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert "line 2" in str(err.value)


def test_bad_config_through_cli_is_usage_error_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[company]\ntimezone = "Mars/Olympus"\n', encoding="utf-8")
    result = runner.invoke(app, ["--config", str(path), "sync"])
    assert result.exit_code == 2
    assert "unknown time zone" in result.output
    assert "Traceback" not in result.output


def test_missing_config_says_what_to_type(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--config", str(tmp_path / "none.toml"), "sync"])
    assert result.exit_code == 2
    assert "tradetriage init" in result.output


def test_exactly_one_password_source() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        account(password_cmd="echo x")
    with pytest.raises(ValueError, match="exactly one"):
        account(password_env=None)


def test_password_from_env_and_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X", "s3cret")
    assert resolve_password(account()) == "s3cret"
    cmd = account(password_env=None, password_cmd="printf 'fromcmd\\nsecond line'")
    assert resolve_password(cmd) == "fromcmd"


def test_password_errors_are_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("X", raising=False)
    with pytest.raises(ConfigError, match="X is not set"):
        resolve_password(account())
    with pytest.raises(ConfigError, match="exited with 1"):
        resolve_password(account(password_env=None, password_cmd="false"))


def test_env_variable_selects_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "env.toml"
    monkeypatch.setenv("TRADETRIAGE_CONFIG", str(path))
    result = runner.invoke(app, ["init"])
    assert result.exit_code == 0, result.output
    assert path.exists()
    # The file init wrote at the variable's path is the commented template, and it is what the
    # other commands would load when no --config is given.
    assert path.read_text(encoding="utf-8") == CONFIG_TEMPLATE
    assert f"wrote {path}" in result.output
    assert config_path(None) == path
    assert load_config(config_path(None)).accounts[0].folders == ["INBOX", "\\Sent"]


@pytest.mark.parametrize(
    ("entry", "hint"),
    [
        ("80.158.3.*", "80.158.3.0/24"),
        ("80.158.*.*", "80.158.0.0/16"),
        ("80.158.3.0 - 80.158.3.255", "80.158.3.0/24"),
        ("80.158.3.0-80.158.4.255", '"80.158.3.0/24", "80.158.4.0/24"'),
        ("[80.158.3.7]", "80.158.3.7"),
        ("2a01:111:*", None),
        ("mail example com", None),
    ],
)
def test_a_trusted_relay_that_is_neither_a_range_nor_a_host_pattern_is_refused(
    tmp_path: Path, entry: str, hint: str | None
) -> None:
    # Such entries used to become host-name patterns that match no host: trusted nothing.
    path = tmp_path / "c.toml"
    path.write_text(
        f'[company]\nname = "x"\n[grading]\ntrusted_relays = ["*.example.cn", "{entry}"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert f"{path}:4: grading.trusted_relays: " in message
    assert f'"{entry}"' in message and "example.cn" not in message
    if hint is not None:
        assert hint in message


def test_trusted_relays_take_ranges_addresses_and_host_patterns(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    entries = ["80.158.3.0/24", "80.158.4.7", "2a01:111:f400::/48", "*.mail.example.com",
               "mx?.example.com", "mx[12].example.com", "gw.example.com."]  # fmt: skip
    listed = ", ".join(f'"{e}"' for e in entries)
    path.write_text(f"[grading]\ntrusted_relays = [{listed}]\n", encoding="utf-8")
    assert load_config(path).grading.trusted_relays == entries
