"""The signal registry and the bundled rules agree: every signal documented, every rule valid."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tradetriage.mail.parse import parse_message
from tradetriage.rules import load_rules
from tradetriage.signals import MODULES, all_specs, analyze_message
from tradetriage.signals.base import Context

KINDS = {"bool", "int", "float", "str", "list"}
ORDER = ["origin", "sendtime", "domain", "contact", "request", "fraud", "phishing"]


def test_all_seven_modules_are_registered_in_running_order() -> None:
    assert [m.__name__.rsplit(".", 1)[-1] for m in MODULES] == ORDER


def test_every_signal_is_named_after_its_module_kinded_and_described() -> None:
    seen: set[str] = set()
    for module in MODULES:
        prefix = module.__name__.rsplit(".", 1)[-1] + "."
        for spec in module.SPECS:
            assert spec.name.startswith(prefix), spec.name
            assert spec.name not in seen, f"{spec.name} registered twice"
            assert spec.kind in KINDS, spec
            assert spec.description.strip(), spec.name
            seen.add(spec.name)
    assert seen == set(all_specs())


def test_bundled_rules_read_only_registered_signals_and_are_bilingual() -> None:
    rules = load_rules()  # raises on an unknown signal or an unfit condition
    specs = all_specs()
    assert 40 <= len(rules.rules) <= 90
    for rule in rules.rules:
        for clause in rule.clauses():
            assert clause.signal in specs
        assert rule.description.en and rule.description.zh, rule.id
        assert rule.tags, rule.id
    assert set(rules.flags) == {"suspect-fraud", "phishing"}


def test_bundled_rules_cover_every_module_and_have_good_signs() -> None:
    rules = load_rules().rules
    modules = {c.signal.split(".")[0] for r in rules for c in r.clauses()}
    assert modules == set(ORDER)
    assert any(r.weight < 0 for r in rules)
    assert any("fraud" in r.tags for r in rules) and any("phishing" in r.tags for r in rules)


def _message(body: str, subject: str) -> bytes:
    return (
        f"From: Buyer <buyer@example.com>\r\nTo: sales@everbright-valve.cn\r\n"
        f"Subject: {subject}\r\nDate: Tue, 04 Mar 2025 09:10:00 +0100\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    ).encode("utf-8", "surrogatepass")


@settings(max_examples=40, deadline=None)
@given(
    body=st.text(st.characters(codec="utf-8"), max_size=300),
    subject=st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=40),
)
def test_every_module_yields_every_signal_for_any_text(body: str, subject: str) -> None:
    ctx = Context(now=datetime(2025, 3, 4, tzinfo=UTC))
    findings = analyze_message(parse_message(_message(body, subject)), ctx)
    assert set(findings) == set(all_specs())
