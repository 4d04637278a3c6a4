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


def _option_names(command: typer.core.TyperCommand) -> list[str]:
    """Every spelling of every option of a command: ``--limit``, ``-n``, ``--not-ordered`` …"""
    return [
        name
        for param in command.params
        if param.param_type_name == "option"
        for name in (*param.opts, *param.secondary_opts)
    ]


def _mentions(text: str, option: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


def test_every_option_of_every_command_is_in_its_readme_row() -> None:
    checked = 0
    for path, command in _commands():
        rows = [ln for ln in README.splitlines() if ln.startswith(f"| `tradetriage {path} ")]
        rows += [ln for ln in README.splitlines() if ln.startswith(f"| `tradetriage {path}`")]
        assert rows, f"no row for `tradetriage {path}` in the README's command table"
        text = "\n".join(rows)
        for option in _option_names(command):
            assert _mentions(text, option), f"`tradetriage {path}` row lacks {option}"
            checked += 1
    assert checked >= 40


def test_every_global_option_is_in_the_readme() -> None:
    line = "Global options" + README.split("\nGlobal options", 1)[1].split("\n\n", 1)[0]
    root = typer.main.get_command(app)
    options = _option_names(root)  # type: ignore[arg-type]
    assert {"--config", "-c", "--store", "--version"} <= set(options)
    for option in options:
        assert _mentions(line, option), f"global option {option} not in the README"


def test_every_config_key_is_in_the_readme() -> None:
    from pydantic import BaseModel

    from tradetriage.config import Config

    def keys(model: type[BaseModel]) -> list[str]:
        found = []
        for name, field in model.model_fields.items():
            if field.exclude:
                continue
            found.append(name)
            annotation = field.annotation
            inner = getattr(annotation, "__args__", (annotation,))
            for kind in inner:
                if isinstance(kind, type) and issubclass(kind, BaseModel):
                    found.extend(keys(kind))
        return found

    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    found = keys(Config)
    assert {"timeout", "batch_size", "workers"} <= set(found)
    for key in found:
        assert re.search(rf"`{key}`|`{key} =|(\[|\.){key}\]", section), (
            f"config key {key} not in the README's Configuration section"
        )


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


def test_every_runtime_dependency_has_a_line_in_the_readme_table() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = [re.split(r"[<>=!~\[; ]", dep, maxsplit=1)[0] for dep in project["dependencies"]]
    assert "maxminddb" in names
    for name in names:
        assert re.search(rf"(?m)^\| {re.escape(name)} \| \S", README), f"{name} not in the table"
