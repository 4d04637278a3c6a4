"""``doctor`` checks the grading set-up too: a broken rules file is reported with its line."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from tradetriage.cli import app


def test_doctor_reports_bad_user_rules_and_passes_good_ones(tmp_path: Path) -> None:
    rules = tmp_path / "rules.yaml"
    rules.write_text("version: 1\nrules:\n  - id: NIGHT_SEND\n    weight: lots\n", "utf-8")
    config = tmp_path / "config.toml"
    config.write_text(
        f'store = "{tmp_path / "store.db"}"\n[grading]\nrules = "{rules}"\n', encoding="utf-8"
    )
    runner = CliRunner()
    bad = runner.invoke(app, ["--config", str(config), "doctor", "--offline"])
    assert bad.exit_code == 1
    assert f"FAIL grading: {rules}:4: NIGHT_SEND" in bad.output
    rules.write_text("version: 1\nrules:\n  - id: NIGHT_SEND\n    weight: 0.5\n", "utf-8")
    good = runner.invoke(app, ["--config", str(config), "doctor", "--offline"])
    assert good.exit_code == 0, good.output
    assert "built-in country data" in good.output
