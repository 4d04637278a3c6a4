"""A store that is not there (a mistyped ``--store``): every command that only reads or marks a
store refuses it alike, with exit code 2, and none makes an empty one; ``rules list`` still
lists the rules and says the fired counts need a store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tradetriage.cli import app

runner = CliRunner()

# What every refusal says, after the path (as `tradetriage list` has always said it).
HINT = "(check --store or the config's `store`; `tradetriage sync` or `import` makes one)"

READERS = [
    ["list"],
    ["show", "1"],
    ["search", "valve"],
    ["learn", "status"],
    ["learn", "status", "--json"],
    ["learn", "phishing", "1"],
    ["learn", "genuine", "--contact", "buyer@example.com"],
    ["learn", "forget", "1"],
    ["contact", "show", "1"],
    ["contact", "show", "1", "--json"],
    ["contact", "mark", "1", "--tag", "vip"],
    ["contact", "link", "buyer@example.com", "1"],
    # Plain `grade` makes a store; showing, explaining or pinning in a missing one does not.
    ["grade", "--show"],
    ["grade", "--explain", "1"],
    ["grade", "--set", "1", "2"],
]


@pytest.fixture(autouse=True)
def _wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


def _typo(tmp_path: Path) -> tuple[list[str], Path]:
    """Options naming a config and a mistyped ``--store`` in a folder that is not there."""
    config = tmp_path / "config.toml"
    config.write_text(f'store = "{tmp_path / "store.db"}"\nlanguage = "en"\n', "utf-8")
    typo = tmp_path / "typo" / "stroe.db"
    return ["--config", str(config), "--store", str(typo)], typo


@pytest.mark.parametrize("command", READERS, ids=" ".join)
def test_a_missing_store_is_refused_with_exit_2_and_not_made(
    tmp_path: Path, command: list[str]
) -> None:
    options, typo = _typo(tmp_path)
    result = runner.invoke(app, [*options, *command])
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.strip() == f"error: no store at {typo} {HINT}"
    assert not typo.parent.exists()
    assert not (tmp_path / "store.db").exists()


def test_rules_list_without_a_store_lists_the_rules_and_says_why_no_counts(
    tmp_path: Path,
) -> None:
    options, typo = _typo(tmp_path)
    table = runner.invoke(app, [*options, "rules", "list"])
    assert table.exit_code == 0, table.output
    assert "FREEMAIL_SENDER" in table.stdout
    row = next(line for line in table.stdout.splitlines() if "FREEMAIL_SENDER " in line)
    assert row.rstrip().endswith(" -"), row  # no count, rather than "never fired"
    assert table.stderr.strip() == f"note: no store at {typo}, so no fired counts {HINT}"
    listed = runner.invoke(app, [*options, "rules", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.stdout)  # the note goes to stderr: stdout stays JSON
    assert rows and all(r["fired"] is None for r in rows)
    assert "no fired counts" in listed.stderr
    assert not typo.parent.exists()


def test_doctor_reports_a_missing_store_without_making_one(tmp_path: Path) -> None:
    options, typo = _typo(tmp_path)
    result = runner.invoke(app, [*options, "doctor", "--offline"])
    # Before the first sync there is no store: no fault, but no empty one made either.
    assert result.exit_code == 0, result.output
    # Said as what it is, not as an error behind "ok".
    assert f"store: none yet at {typo}" in result.stdout
    assert "`tradetriage sync` or `import` makes one" in result.stdout
    assert not typo.parent.exists()


def test_grade_still_makes_the_store(tmp_path: Path) -> None:
    options, typo = _typo(tmp_path)
    graded = runner.invoke(app, [*options, "grade", "-q"])
    assert graded.exit_code == 0, graded.output
    assert typo.exists()
    # Made once, the store is read like any other.
    status = runner.invoke(app, [*options, "learn", "status"])
    assert status.exit_code == 0, status.output
    assert "learned: 0 phishing" in status.stdout


def test_an_import_of_a_missing_path_makes_no_store(tmp_path: Path) -> None:
    options, typo = _typo(tmp_path)
    result = runner.invoke(app, [*options, "import", str(tmp_path / "no-such-mbox")])
    assert result.exit_code == 2, result.output
    assert "no such file or folder" in result.stderr
    assert not typo.parent.exists()
