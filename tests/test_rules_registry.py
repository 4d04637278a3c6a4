"""The signal registry and the bundled rules agree: every signal documented, every rule valid."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import CATALOGUE, message
from tradetriage.mail.parse import parse_message
from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.rules import load_rules
from tradetriage.signals import MODULES, all_specs, analyze_message, phishing
from tradetriage.signals.base import EVIDENCE_CHARS, Context, Finding, Findings, SignalSpec

KINDS = {"bool", "int", "float", "str", "list"}
ORDER = ["origin", "sendtime", "domain", "contact", "request", "fraud", "phishing", "learned"]


def test_all_eight_modules_are_registered_in_running_order() -> None:
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
    assert 40 <= len(rules.rules) <= 150  # a sanity bound: a truncated or runaway file
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


# Every signal module, on every kind of message: one test instead of a copy per module.
_CTX = Context(
    now=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    known_domains=frozenset({"rheinarmatur.de", "gmail.com"}),
    catalogue=CATALOGUE[:2],
    trusted_networks=("122.228.10.0/28",),
    trusted_hosts=("*.everbright-valve.cn",),
)
_HANS = Address("Hans Becker", "h.becker@rheinarmatur.de")
_QUIET = message(
    message_id="<1@example>",
    from_=(_HANS,),
    to=(Address("Lily Chen", "lily@everbright-valve.cn"),),
    subject="Order 4500123",
    body_text="hello",
)
_EDGE_CASES = {
    "quiet": _QUIET,
    "empty": message(body_text=""),
    "no sender": message(from_=(), to=()),
    "no date": message(from_=(), to=(), subject="询价 球阀 EB-BV316-DN50"),
    "dated": message(
        subject="询价 球阀 EB-BV316-DN50",
        date=datetime(2025, 1, 1, 0, 0, tzinfo=UTC),
        date_offset_minutes=0,
        date_raw="Wed, 01 Jan 2025 00:00:00 +0000",
    ),
}
# The hand-written inquiry set: 419 letters, fake buyers, phishing and genuine buyers, with
# real Received chains, charsets and signatures.
_FIXTURES = sorted((Path(__file__).parent / "fixtures" / "inquiries").glob("*.eml"))


def _all_messages() -> dict[str, ParsedMessage]:
    messages = dict(_EDGE_CASES)
    messages.update((p.name, parse_message(p.read_bytes())) for p in _FIXTURES)
    return messages


def _empty_value(spec: SignalSpec) -> object:
    return {"list": (), "bool": False}.get(spec.kind)


# What a module says of one particular message besides producing every spec.
_EXTRA_CHECKS: dict[str, dict[str, Callable[[Findings], bool]]] = {
    "phishing": {  # a plain short mail from a known contact raises nothing
        "quiet": lambda out: all(
            out[s.name].value == _empty_value(s)
            and type(out[s.name].value) is type(_empty_value(s))
            for s in phishing.SPECS
        ),
    },
    "contact": {"empty": lambda out: out["contact.completeness"].value == 0},
    "request": {"empty": lambda out: out["request.specificity"].value == 0},
    "domain": {"no sender": lambda out: out["domain.sender"].value is None},
}
# A str, int or float signal is None when the message does not tell (no sender, no Date, no
# signature …); bool and list signals always have a value. fraud has no such signals, so it is
# held to the strict check its own copy of this test made.
_SCALAR = frozenset({"str", "int", "float"})
_MAY_BE_NONE = {m.__name__.rsplit(".", 1)[-1]: _SCALAR for m in MODULES} | {"fraud": frozenset()}
_KIND_OK: dict[str, Callable[[object], bool]] = {
    "bool": lambda v: isinstance(v, bool),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, float | int) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "list": lambda v: isinstance(v, tuple) and all(isinstance(x, str) for x in v),
}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
def test_every_spec_is_produced_with_its_kind_and_short_evidence(module: ModuleType) -> None:
    name = module.__name__.rsplit(".", 1)[-1]
    names = {spec.name for spec in module.SPECS}
    may_be_none = _MAY_BE_NONE.get(name, frozenset())
    extra = _EXTRA_CHECKS.get(name, {})
    messages = _all_messages()
    assert set(extra) <= set(messages)
    for label, msg in messages.items():
        # Alone, after the modules before it, and with only an origin country known.
        upstream = analyze_message(msg, _CTX)
        for earlier in ({}, upstream, {"origin.country": Finding("CN")}):
            out = module.analyze(msg, _CTX, {k: v for k, v in earlier.items() if k not in names})
            assert set(out) == names, label
            for spec in module.SPECS:
                finding = out[spec.name]
                assert isinstance(finding, Finding), (label, spec.name)
                assert len(finding.evidence) <= EVIDENCE_CHARS, (label, spec.name)
                value = finding.value
                assert (value is None and spec.kind in may_be_none) or _KIND_OK[spec.kind](value), (
                    label,
                    spec.name,
                    value,
                )
            if label in extra:
                assert extra[label](out), (label, name)
