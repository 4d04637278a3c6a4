"""Docs that cannot drift: every command, signal and example in the README is real."""

from __future__ import annotations

import re
from pathlib import Path

import typer
from typer.testing import CliRunner

from tradetriage.cli import app
from tradetriage.signals import MODULES

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, typer.core.TyperCommand]]:
    """Every command path ("grade", "contact mark", …) and its command object. (typer vendors
    its own click, so groups are recognised by their ``commands``, not by class.)"""
    root = typer.main.get_command(app)
    found = []
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        if hasattr(command, "commands"):
            found.extend((f"{name} {sub}", c) for sub, c in command.commands.items())
        else:
            found.append((name, command))
    return found


def test_every_command_has_help_and_is_in_the_readme() -> None:
    commands = _commands()
    assert len(commands) >= 14
    for path, command in commands:
        assert (command.help or "").strip(), f"{path} has no help text"
        assert f"tradetriage {path}" in README, f"`tradetriage {path}` missing from README"


def test_every_signal_is_documented_in_the_readme() -> None:
    for module in MODULES:
        name = module.__name__.rsplit(".", 1)[-1]
        line = next((ln for ln in README.splitlines() if f"**{name}** —" in ln), "")
        assert line, f"no README line for the {name} signals"
        for spec in module.SPECS:
            assert f"`{spec.name.split('.', 1)[1]}`" in line, f"{spec.name} not in README"


def test_readme_rules_example_is_a_valid_rules_file(tmp_path: Path) -> None:
    block = README.split("       # my-rules.yaml\n", 1)[1].split("\n\n", 1)[0]
    example = tmp_path / "my-rules.yaml"
    example.write_text(re.sub(r"(?m)^ {7}", "", block) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "check", str(example)])
    assert result.exit_code == 0, result.output
    assert "rules OK" in result.output


def test_readme_opens_with_the_two_setup_commands_and_ci_runs_the_second() -> None:
    head = README.split("---", 1)[0]
    assert "tradetriage demo" in head
    assert "./scripts/test.sh" in head
    assert "scripts/test.sh" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
