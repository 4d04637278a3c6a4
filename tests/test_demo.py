"""``demo``: the bundled mailbox loads, grades as labelled, and a kept store stays usable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
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


def test_load_demo_marks_the_labelled_customers_in_the_library(tmp_path: Path) -> None:
    from tradetriage.config import load_config
    from tradetriage.demo import config_path, load_demo, mailbox_path, ordered_addresses
    from tradetriage.store.db import Store

    with config_path() as config_file, mailbox_path() as mailbox:
        ordered = ordered_addresses(mailbox)
        assert "k.weber@rheinarmatur.de" in ordered
        assert not [a for a in ordered if a.endswith("@everbright-valve.cn")]
        config = load_config(config_file).model_copy(update={"store": tmp_path / "demo.db"})
        with Store.open(config.store_path) as store:
            loaded = load_demo(config, store, [mailbox])
            (level,) = store.conn.execute(
                "SELECT c.level FROM contacts c JOIN contact_addresses a ON a.contact = c.id "
                "WHERE a.addr = 'k.weber@rheinarmatur.de'"
            ).fetchone()
    assert loaded.imported == 53 and loaded.ordered == ordered
    assert level == 1
    # What labels.csv says, written out: the customer's company and Gmail addresses.
    assert ordered == ["k.weber@rheinarmatur.de", "klaus.weber.dus@gmail.com"]


def test_ordered_addresses_leave_out_our_own_mail(tmp_path: Path) -> None:
    from tradetriage.demo import ordered_addresses

    for name, sender in (("ours.eml", "lily@everbright-valve.cn"), ("buyer.eml", "Buyer@x.de")):
        (tmp_path / name).write_text(f"From: {sender}\nSubject: order\n\nok\n")
    (tmp_path / "labels.csv").write_text(
        "file,expected,ordered\nours.eml,ours,yes\nbuyer.eml,1,yes\n", encoding="utf-8"
    )
    assert ordered_addresses(tmp_path) == ["buyer@x.de"]


def test_demo_keep_takes_a_relative_path_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    kept = runner.invoke(app, ["demo", "--keep", "rel/demo.db"], env={"COLUMNS": "160"})
    assert kept.exit_code == 0, kept.output
    # The config written beside the store names it wherever it is read from.
    shown = runner.invoke(app, ["--config", "rel/demo.toml", "grade", "--show", "--json"])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["contacts"]
    for existing in ("rel/demo.db", "rel/demo.toml", "other.TOML"):
        again = runner.invoke(app, ["demo", "--keep", existing])
        assert again.exit_code == 2, (existing, again.output)
    (tmp_path / "mine.toml").write_text("language = 'zh'\n")
    refused = runner.invoke(app, ["demo", "--keep", "mine.db"])
    assert refused.exit_code == 2 and (tmp_path / "mine.toml").read_text() == "language = 'zh'\n"
    assert not (tmp_path / "mine.db").exists()
