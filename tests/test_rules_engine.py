"""Evaluating rules against hand-made findings: conditions, `and` clauses, evidence, scores."""

from __future__ import annotations

import textwrap

from hypothesis import example, given, settings
from hypothesis import strategies as st

from tradetriage.rules import compile_rules, evaluate, load_rules, load_rules_text
from tradetriage.rules.engine import (
    CompiledRules,
    Hit,
    Scores,
    flag_reach,
    may_change_flags,
    score,
)
from tradetriage.signals import all_specs
from tradetriage.signals.base import Finding, SignalSpec, Value

SPECS = {
    s.name: s
    for s in (
        SignalSpec("fraud.advance_fee", "list", "advance-fee phrases"),
        SignalSpec("fraud.cue_count", "int", "cue families"),
        SignalSpec("domain.freemail", "bool", "free mail"),
        SignalSpec("origin.country", "str", "country"),
        SignalSpec("sendtime.date_skew_hours", "float", "skew"),
        SignalSpec("phishing.bank_change", "list", "bank change"),
        SignalSpec("contact.completeness", "int", "details 0-6"),
    )
}

RULES = textwrap.dedent(
    """\
    version: 1
    flags: {suspect-fraud: 6, phishing: 5}
    rules:
      - id: ADVANCE_FEE
        description: {en: advance fee, zh: 预付款诈骗}
        signal: fraud.advance_fee
        any: true
        weight: 4
        tags: [fraud]
      - id: INHERITANCE
        description: {en: inheritance story}
        signal: fraud.advance_fee
        matches: "(?i)inherit|遗产"
        weight: 2
        tags: [fraud]
      - id: CUES_FROM_FREEMAIL
        description: {en: cues from free mail}
        signal: fraud.cue_count
        min: 1
        and:
          - {signal: domain.freemail, is: true}
        weight: 1.5
        tags: [fraud]
      - id: RISKY_COUNTRY
        description: {en: country}
        signal: origin.country
        in: [NG, GH]
        weight: 1
        tags: [origin]
      - id: LATE
        description: {en: late}
        signal: sendtime.date_skew_hours
        min: 24
        weight: 0.5
        tags: [quality]
      - id: BANK_CHANGE
        description: {en: bank change}
        signal: phishing.bank_change
        any: true
        weight: 5
        tags: [phishing, fraud]
      - id: COMPLETE
        description: {en: complete signature}
        signal: contact.completeness
        min: 4
        weight: -2
        tags: [good]
      - id: NOT_ENABLED
        description: {en: switched off}
        signal: domain.freemail
        is: false
        weight: 9
        enabled: false
    """
)


def rules() -> CompiledRules:
    return compile_rules(load_rules_text(RULES, specs=SPECS))


def fired(**values: Value) -> list[str]:
    findings = {k.replace("__", "."): Finding(v, f"ev:{k}") for k, v in values.items()}
    return [h.rule_id for h in evaluate(rules(), findings)]


def test_nothing_found_fires_nothing() -> None:
    assert fired() == []
    assert fired(fraud__advance_fee=(), fraud__cue_count=0, domain__freemail=False) == []


def test_any_on_a_non_empty_list_fires() -> None:
    assert fired(fraud__advance_fee=("Western Union",)) == ["ADVANCE_FEE"]


def test_matches_any_item_of_a_list_including_chinese() -> None:
    assert fired(fraud__advance_fee=("lottery", "您的遗产")) == ["ADVANCE_FEE", "INHERITANCE"]
    assert "INHERITANCE" in fired(fraud__advance_fee=("INHERITANCE fund",))


def test_and_clause_needs_every_part() -> None:
    assert "CUES_FROM_FREEMAIL" not in fired(fraud__cue_count=2, domain__freemail=False)
    assert "CUES_FROM_FREEMAIL" not in fired(fraud__cue_count=0, domain__freemail=True)
    assert "CUES_FROM_FREEMAIL" in fired(fraud__cue_count=2, domain__freemail=True)


def test_and_clause_joins_evidence() -> None:
    findings = {
        "fraud.cue_count": Finding(2, "2 cue families"),
        "domain.freemail": Finding(True, "From gmail.com"),
    }
    [hit] = evaluate(rules(), findings)
    assert hit.evidence == "2 cue families; From gmail.com"
    assert hit.tags == ("fraud",)


def test_in_on_a_string() -> None:
    assert fired(origin__country="NG") == ["RISKY_COUNTRY"]
    assert fired(origin__country="DE") == []
    assert fired(origin__country=None) == []


def test_min_on_float_and_int_bounds_are_inclusive() -> None:
    assert fired(sendtime__date_skew_hours=24.0) == ["LATE"]
    assert fired(sendtime__date_skew_hours=23.9) == []
    assert fired(contact__completeness=4) == ["COMPLETE"]
    assert fired(contact__completeness=3) == []


def test_a_bool_value_never_satisfies_a_numeric_bound() -> None:
    assert fired(contact__completeness=True) == []


def test_disabled_rule_never_fires() -> None:
    assert "NOT_ENABLED" not in fired(domain__freemail=False)


def test_scores_sum_by_tag_and_raise_flags() -> None:
    compiled = rules()
    findings = {
        "fraud.advance_fee": Finding(("inheritance",), "inheritance"),
        "fraud.cue_count": Finding(1, ""),
        "domain.freemail": Finding(True, ""),
        "contact.completeness": Finding(5, ""),
    }
    scores = score(compiled, evaluate(compiled, findings))
    assert scores.fraud_score == 4 + 2 + 1.5
    assert scores.score == 4 + 2 + 1.5 - 2
    assert scores.phishing_score == 0
    assert scores.flags == ("suspect-fraud",)


def test_a_hit_tagged_twice_counts_for_both_flags() -> None:
    compiled = rules()
    hits = evaluate(compiled, {"phishing.bank_change": Finding(("new bank account",), "")})
    scores = score(compiled, hits)
    assert scores.flags == ("phishing",)  # 5 reaches phishing (5) but not fraud (6)
    assert scores.fraud_score == 5


def test_own_mail_is_scored_but_not_flagged() -> None:
    compiled = rules()
    hits = evaluate(compiled, {"phishing.bank_change": Finding(("new account",), "")})
    scores = score(compiled, hits, flaggable=False)
    assert scores.phishing_score == 5 and scores.flags == ()


@given(
    st.dictionaries(
        st.sampled_from(sorted(SPECS)),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.floats(allow_nan=False),
            st.text(max_size=30),
            st.lists(st.text(max_size=20), max_size=4).map(tuple),
        ),
    )
)
def test_any_findings_of_any_type_evaluate_without_error(values: dict[str, Value]) -> None:
    compiled = rules()
    hits = evaluate(compiled, {k: Finding(v, "") for k, v in values.items()})
    assert {h.rule_id for h in hits} <= {r.id for r in compiled.rules}


def test_flag_reach_and_whether_a_signal_could_change_a_flag() -> None:
    # BANK_CHANGE (5) reads phishing.bank_change and counts for both flags; COMPLETE reads
    # contact.completeness but counts for none.
    compiled = rules()
    reach = flag_reach(compiled, frozenset({"phishing.bank_change"}))
    assert reach == {"suspect-fraud": (5, 0), "phishing": (5, 0)}
    assert flag_reach(compiled, frozenset({"contact.completeness"})) == {
        "suspect-fraud": (0, 0),
        "phishing": (0, 0),
    }

    def could(fraud: float, phishing: float, up: float, down: float) -> bool:
        scores = Scores(0.0, fraud, phishing, ())
        return may_change_flags(compiled, scores, {"suspect-fraud": (up, down)})

    # Fraud's threshold is 6: with +4 at most, only sums in [2, 6) can be tipped over it.
    assert [could(s, 0, 4, 0) for s in (1.5, 2, 5.5, 6, 9)] == [False, True, True, False, False]
    # A rule that can also take 2 away could drop a flag in [6, 8).
    assert [could(s, 0, 4, 2) for s in (6, 7.5, 8.5)] == [True, True, False]
    assert not could(3, 0, 0, 0)  # nothing to move the sum
    assert not could(0, 5, 4, 0)  # phishing's sum alone, and no reach for phishing


_GATE_SPECS = {
    "learned.phishing": SignalSpec("learned.phishing", "float", "likeness"),
    "domain.freemail": SignalSpec("domain.freemail", "bool", "free mail"),
    "fraud.cue_count": SignalSpec("fraud.cue_count", "int", "cue families"),
}
_CONDITIONS = ("min: 0.9", "min: 0.99", "max: 0.1", "any: false", "any: true")
_WEIGHTS = st.sampled_from((-2.0, -0.7, 0.1, 0.2, 0.4, 0.5, 1.4, 2.0, 3.0, 4.0))


@settings(max_examples=300, deadline=None)
# A rule that fires while the likeness is unscored (any: false) and stops once it is scored.
@example([("any: false", 3.0, "phishing")], [4.0], 6.0, 0.5, False, 1)
# Sums in another order: 0.4 + 1.4 + 0.2 is a hair under 2, and 2 + 2 + 0.4 + 1.4 + 0.2 over 6.
@example(
    [("min: 0.9", 2.0, "phishing"), ("min: 0.99", 2.0, "phishing")],
    [0.4, 1.4, 0.2],
    6.0,
    0.995,
    True,
    1,
)
@given(
    likeness_rules=st.lists(
        st.tuples(st.sampled_from(_CONDITIONS), _WEIGHTS, st.sampled_from(("phishing", "fraud"))),
        min_size=1,
        max_size=4,
    ),
    other_weights=st.lists(_WEIGHTS, min_size=0, max_size=4),
    threshold=st.sampled_from((2.0, 5.0, 6.0)),
    likeness=st.one_of(st.none(), st.floats(0, 1)),
    freemail=st.booleans(),
    cues=st.integers(0, 3),
)
def test_gated_likeness_gives_the_flags_of_likeness_scored_everywhere(
    likeness_rules: list[tuple[str, float, str]],
    other_weights: list[float],
    threshold: float,
    likeness: float | None,
    freemail: bool,
    cues: int,
) -> None:
    # What grade_row does: score the rest, then the likeness only where it could tip a flag.
    lines = [f"version: 1\nflags: {{suspect-fraud: {threshold}, phishing: {threshold}}}\nrules:"]
    for i, (condition, weight, tag) in enumerate(likeness_rules):
        lines.append(
            f"  - {{id: LIKE_{i}, description: {{en: x}}, signal: learned.phishing, "
            f"{condition}, weight: {weight}, tags: [{tag}]}}"
        )
    for i, weight in enumerate(other_weights):
        signal = "domain.freemail, is: true" if i % 2 else "fraud.cue_count, min: 1"
        lines.append(
            f"  - {{id: OTHER_{i}, description: {{en: x}}, signal: {signal}, "
            f"weight: {weight}, tags: [fraud, phishing]}}"
        )
    compiled = compile_rules(load_rules_text("\n".join(lines) + "\n", specs=_GATE_SPECS))
    unscored = {"domain.freemail": Finding(freemail), "fraud.cue_count": Finding(cues)}
    scored = {**unscored, "learned.phishing": Finding(likeness)}
    everywhere = score(compiled, evaluate(compiled, scored)).flags
    first = score(compiled, evaluate(compiled, {**unscored, "learned.phishing": Finding(None)}))
    reach = flag_reach(compiled, frozenset({"learned.phishing"}))
    gated = (
        score(compiled, evaluate(compiled, scored)).flags
        if may_change_flags(compiled, first, reach)
        else first.flags
    )
    assert gated == everywhere


def test_a_threshold_reached_by_decimal_weights_raises_the_flag() -> None:
    compiled = rules()
    hits = [Hit(f"R{i}", weight, "", ("fraud",)) for i, weight in enumerate((0.3, 5.1, 0.6))]
    assert sum(h.weight for h in hits) < 6  # 5.999999999999999 in binary floating point
    assert score(compiled, hits).flags == ("suspect-fraud",)  # threshold 6


def _fires_unindexed(compiled: CompiledRules, findings: dict[str, Finding]) -> list[str]:
    """Every enabled rule tested on its own, as evaluation went before rules were indexed
    by the signal they need a value of."""
    return [
        rule.id
        for rule in compiled.rules
        if all(
            (found := findings.get(signal)) is not None and test(found.value)
            for signal, test in rule.clauses
        )
    ]


def test_rules_that_fire_on_no_value_are_tested_on_every_message() -> None:
    text = textwrap.dedent(
        """\
        version: 1
        rules:
          - id: NOT_FREE
            description: {en: not free mail}
            signal: domain.freemail
            is: false
            weight: 1
          - id: FEW_DETAILS
            description: {en: few details}
            signal: contact.completeness
            max: 1
            weight: 1
          - id: COMPLETE
            description: {en: complete}
            signal: contact.completeness
            min: 4
            weight: -1
        """
    )
    compiled = compile_rules(load_rules_text(text, specs=SPECS))
    assert compiled.ungated == (0, 1) and dict(compiled.gated) == {"contact.completeness": (2,)}
    fired_on = [h.rule_id for h in evaluate(compiled, {"domain.freemail": Finding(False)})]
    assert fired_on == ["NOT_FREE"]
    fired_on = [h.rule_id for h in evaluate(compiled, {"contact.completeness": Finding(0)})]
    assert fired_on == ["FEW_DETAILS"]
    # A missing signal fires nothing, whatever the condition.
    assert evaluate(compiled, {}) == []


_BUNDLED = load_rules()
_ALL_SPECS = all_specs()
_VALUES = {
    "bool": st.booleans(),
    "int": st.integers(-2, 12),
    "float": st.floats(-30, 30, allow_nan=False),
    "str": st.sampled_from(["", "DE", "NG", "CN", "timezone", "country", "gmail.com"]),
    "list": st.lists(st.sampled_from(["x", "inheritance", "bank", "西联"]), max_size=2).map(tuple),
}


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.sampled_from(sorted(_ALL_SPECS)),
        st.none() | st.just("kind"),
        max_size=len(_ALL_SPECS),
    ).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {
                name: st.none() | _VALUES[_ALL_SPECS[name].kind] if kind else st.none()
                for name, kind in chosen.items()
            }
        )
    )
)
def test_indexed_evaluation_fires_what_testing_every_rule_fires(values: dict[str, Value]) -> None:
    compiled = compile_rules(_BUNDLED)
    findings = {name: Finding(value, "") for name, value in values.items()}
    assert [h.rule_id for h in evaluate(compiled, findings)] == _fires_unindexed(compiled, findings)
