"""``demo``: the bundled mailbox loads, grades as labelled, and a kept store stays usable."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tradetriage.cli import app


def test_demo_shows_the_morning_and_keeps_a_usable_store(tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "demo.db"
    shown = runner.invoke(app, ["demo", "--keep", str(store)], env={"COLUMNS": "160"})
    assert shown.exit_code == 0, shown.output
    assert "53 messages" in shown.output
    assert "Needs attention" in shown.output
    assert "Suspected fraud or phishing" in shown.output
    assert "k.weber@rheinarmatur.de" in shown.output  # marked as ordered, as a clerk would
    config = tmp_path / "demo.toml"
    again = runner.invoke(app, ["--config", str(config), "grade"])
    assert "0 messages graded, 53 unchanged" in again.output
    listed = runner.invoke(app, ["--config", str(config), "grade", "--show", "--json"])
    data = json.loads(listed.output)
    by_address = {a: c for c in data["contacts"] + data["flagged"] for a in c["addresses"]}
    # The customer writes from his company address and from Gmail: one contact, level 1.
    customer = by_address["k.weber@rheinarmatur.de"]
    assert customer["level"] == 1 and len(customer["addresses"]) == 2
    # The look-alike domain asking to pay a new bank account is flagged, apart from him.
    phisher = next(c for a, c in by_address.items() if a.endswith("@rheinarrnatur.de"))
    assert "phishing" in phisher["flags"] and phisher["id"] != customer["id"]
