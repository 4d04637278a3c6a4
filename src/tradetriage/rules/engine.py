"""Evaluating rules against one message's findings: which rules fire, with what evidence.

Conditions are turned into small predicate functions once, when the rules are compiled (regexes
precompiled, ``in`` lists turned into sets). A rule whose signal is missing from the findings
does not fire. Most signals of a message have no value (None, False, 0, empty), and almost
every rule needs one of its signals to have one: rules are indexed by that signal, so a message
is tested only against the rules its valued signals can make fire.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from tradetriage.rules.models import FLAG_TAGS, Clause, Rule, RuleSet
from tradetriage.signals.base import Finding, Value

Predicate = Callable[[Value], bool]


@dataclass(frozen=True, slots=True)
class Hit:
    """One rule that fired on a message: its weight, tags and the evidence that shows why."""

    rule_id: str
    weight: float
    evidence: str
    tags: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CompiledRule:
    """A rule ready to evaluate: (signal, predicate) pairs that must all hold."""

    id: str
    weight: float
    tags: tuple[str, ...]
    clauses: tuple[tuple[str, Predicate], ...]
    # A signal the rule cannot fire without a value of (see ``_gate``); None if there is none.
    gate: str | None = None


@dataclass(frozen=True, slots=True)
class CompiledRules:
    """Enabled rules compiled for evaluation, the flag thresholds, and the rules' digest;
    the rules' positions indexed by their ``gate`` signal, and those of rules without one."""

    rules: tuple[CompiledRule, ...]
    flags: Mapping[str, float]
    digest: str
    source: RuleSet
    # No defaults: rules compiled without their index would never be evaluated.
    gated: Mapping[str, tuple[int, ...]]
    ungated: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Scores:
    """A message's summed weights: all hits, hits tagged fraud, hits tagged phishing; and the
    flags whose thresholds were reached."""

    score: float
    fraud_score: float
    phishing_score: float
    flags: tuple[str, ...]


def _is(expected: object) -> Predicate:
    if isinstance(expected, bool):
        return lambda v: v is expected
    # int/float/str: a bool value must not equal 1 or 0 by accident
    return lambda v: not isinstance(v, bool) and v == expected


def _size(v: Value) -> float | None:
    if isinstance(v, tuple):
        return len(v)
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return None
    return v


def _range(low: float | None, high: float | None) -> Predicate:
    def check(v: Value) -> bool:
        n = _size(v)
        if n is None:
            return False
        return (low is None or n >= low) and (high is None or n <= high)

    return check


def _in(options: list[bool | int | float | str]) -> Predicate:
    allowed = frozenset(o for o in options if not isinstance(o, bool))

    def check(v: Value) -> bool:
        if isinstance(v, tuple):
            return any(item in allowed for item in v)
        return v is not None and not isinstance(v, bool) and v in allowed

    return check


def _any(wanted: bool) -> Predicate:
    return lambda v: bool(v) is wanted


def _matches(pattern: str) -> Predicate:
    search = re.compile(pattern).search

    def check(v: Value) -> bool:
        if isinstance(v, str):
            return search(v) is not None
        if isinstance(v, tuple):
            return any(search(item) is not None for item in v)
        return False

    return check


def predicate(clause: Clause) -> Predicate:
    """The test a clause makes of a signal's value (the loader has checked it fits the kind)."""
    if clause.is_ is not None:
        return _is(clause.is_)
    if clause.min is not None or clause.max is not None:
        return _range(clause.min, clause.max)
    if clause.in_ is not None:
        return _in(clause.in_)
    if clause.any is not None:
        return _any(clause.any)
    if clause.matches is not None:
        return _matches(clause.matches)
    raise ValueError(f"clause on {clause.signal!r} has no condition")  # models forbid this


def compile_rule(rule: Rule) -> CompiledRule:
    """One rule as (signal, predicate) pairs."""
    clauses = tuple((c.signal, predicate(c)) for c in rule.clauses())
    return CompiledRule(rule.id, rule.weight, tuple(rule.tags), clauses, _gate(clauses))


# Every value a signal may have that is false: a missing finding reads as None.
_NO_VALUES: tuple[Value, ...] = (None, False, 0, 0.0, "", ())


def _gate(clauses: tuple[tuple[str, Predicate], ...]) -> str | None:
    """The first signal whose clause holds for no false value: the rule fires only on a
    message where that signal has a value."""
    for signal, test in clauses:
        if not any(test(value) for value in _NO_VALUES):
            return signal
    return None


def compile_rules(rules: RuleSet) -> CompiledRules:
    """The enabled rules of a rule set, compiled once per grading run."""
    compiled = tuple(compile_rule(r) for r in rules.rules if r.enabled)
    gated: dict[str, list[int]] = {}
    ungated: list[int] = []
    for position, rule in enumerate(compiled):
        if rule.gate is None:
            ungated.append(position)
        else:
            gated.setdefault(rule.gate, []).append(position)
    index = {signal: tuple(positions) for signal, positions in gated.items()}
    return CompiledRules(compiled, dict(rules.flags), rules.digest, rules, index, tuple(ungated))


def evaluate(rules: CompiledRules, findings: Mapping[str, Finding]) -> list[Hit]:
    """The rules that fire on one message's findings, in rule order, with their evidence
    (the evidence of every clause's finding, joined with "; ")."""
    candidates = list(rules.ungated)
    gated = rules.gated
    for name, found in findings.items():
        if found.value and name in gated:
            candidates.extend(gated[name])
    candidates.sort()
    hits = []
    get = findings.get
    compiled = rules.rules
    for position in candidates:
        rule = compiled[position]
        shown: list[str] = []
        for signal, test in rule.clauses:
            finding = get(signal)
            if finding is None or not test(finding.value):
                break
            if finding.evidence and finding.evidence not in shown:
                shown.append(finding.evidence)
        else:
            hits.append(Hit(rule.id, rule.weight, "; ".join(shown), rule.tags))
    return hits


def flag_reach(rules: CompiledRules, signals: frozenset[str]) -> dict[str, tuple[float, float]]:
    """For each flag, how far the rules reading any of ``signals`` can move its tagged sum
    once those signals are scored: (up, down), as positive numbers. A rule whose condition on
    them holds while they are unscored (None: ``any: false``) may stop firing, so it counts
    both ways; any other rule can only start firing. A flag whose sum without those signals
    lies outside [threshold - up, threshold + down) cannot be changed by them."""
    reach = {}
    for flag, tag in FLAG_TAGS.items():
        up = down = 0.0
        for rule in rules.rules:
            reading = [test for signal, test in rule.clauses if signal in signals]
            if tag not in rule.tags or not reading:
                continue
            if any(test(None) for test in reading):
                up, down = up + abs(rule.weight), down + abs(rule.weight)
            elif rule.weight > 0:
                up += rule.weight
            else:
                down -= rule.weight
        reach[flag] = (up, down)
    return reach


# Sums of weights in another order may differ in the last bits: the window is widened by it.
_ROUNDING = 1e-9


def may_change_flags(
    rules: CompiledRules, scores: Scores, reach: Mapping[str, tuple[float, float]]
) -> bool:
    """Whether rules that move the flags' sums by at most ``reach`` (see ``flag_reach``) could
    raise or drop a flag of a message scored ``scores`` without them."""
    sums = {"fraud": scores.fraud_score, "phishing": scores.phishing_score}
    for flag, threshold in rules.flags.items():
        up, down = reach.get(flag, (0.0, 0.0))
        if up == down == 0:
            continue
        # (Rules that can only add cannot drop a flag: no rounding margin above then.)
        low = threshold - up - _ROUNDING
        high = threshold + down + (_ROUNDING if down else 0.0)
        if low <= sums[FLAG_TAGS[flag]] < high:
            return True
    return False


def score(rules: CompiledRules, hits: list[Hit], *, flaggable: bool = True) -> Scores:
    """Sum the hits' weights and raise the flags whose tagged sums reach their thresholds.
    ``flaggable=False`` (our own outgoing mail) keeps the scores but raises no flag."""
    total = sum(h.weight for h in hits)
    by_tag = {tag: sum(h.weight for h in hits if tag in h.tags) for tag in set(FLAG_TAGS.values())}
    # Within rounding: 0.3 + 5.1 + 0.6 adds up to 5.999999999999999, and reaches 6.
    # Sorted, as contacts list theirs: one order in every command's JSON.
    flags = tuple(
        sorted(
            flag
            for flag, threshold in rules.flags.items()
            if flaggable and by_tag.get(FLAG_TAGS[flag], 0.0) >= threshold - _ROUNDING
        )
    )
    return Scores(total, by_tag["fraud"], by_tag["phishing"], flags)
