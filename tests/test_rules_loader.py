"""The rules file format: strict parsing, file:line errors, kind checks and user overrides."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tradetriage.errors import ExitCode, RulesError
from tradetriage.rules import load_rules_text
from tradetriage.signals.base import SignalSpec

SPECS = {
    s.name: s
    for s in (
        SignalSpec("t.flag", "bool", "a flag"),
        SignalSpec("t.count", "int", "a count"),
        SignalSpec("t.ratio", "float", "a ratio"),
        SignalSpec("t.name", "str", "a name"),
        SignalSpec("t.items", "list", "some items"),
    )
}

BASE = textwrap.dedent(
    """\
    version: 1
    flags:
      suspect-fraud: 6
      phishing: 5
    rules:
      - id: FLAG_SET
        description: {en: The flag is set, zh: 标志已设置}
        signal: t.flag
        is: true
        weight: 2
        tags: [fraud]
      - id: MANY
        description: {en: Many items}
        signal: t.items
        min: 3
        weight: 1.5
        tags: [quality]
      - id: NAMED
        description: {en: Named ACME}
        signal: t.name
        matches: "(?i)acme"
        and:
          - {signal: t.count, max: 2}
        weight: -1
    """
)


def load(text: str = BASE, user: str | None = None) -> object:
    return load_rules_text(
        text, bundled_source="base.yaml", user_text=user, user_source="mine.yaml", specs=SPECS
    )


def errors_of(text: str = BASE, user: str | None = None) -> list[str]:
    with pytest.raises(RulesError) as caught:
        load(text, user)
    assert caught.value.exit_code == ExitCode.USAGE
    return str(caught.value).splitlines()


def test_valid_file_loads_all_rules_in_order() -> None:
    rules = load_rules_text(BASE, specs=SPECS)
    assert [r.id for r in rules.rules] == ["FLAG_SET", "MANY", "NAMED"]
    assert rules.flags == {"suspect-fraud": 6, "phishing": 5}
    assert rules.rules[2].and_[0].max == 2
    assert rules.rules[0].description.text("zh") == "标志已设置"
    assert rules.rules[1].description.text("zh") == "Many items"  # falls back to English


def test_unknown_signal_is_reported_with_file_line_and_rule_id() -> None:
    bad = BASE.replace("signal: t.items", "signal: t.itemz")
    [error] = errors_of(bad)
    assert error.startswith("base.yaml:14: MANY: unknown signal 't.itemz'")
    assert "t.items" in error  # the hint lists the module's real names


def test_condition_not_fitting_kind_is_an_error() -> None:
    bad = BASE.replace("signal: t.flag\n    is: true", "signal: t.flag\n    min: 1")
    [error] = errors_of(bad)
    assert re.match(r"base\.yaml:9: FLAG_SET: `min` does not fit bool signal 't.flag'", error)


def test_is_value_of_wrong_type_is_an_error() -> None:
    bad = BASE.replace("is: true", "is: 'yes'")
    [error] = errors_of(bad)
    assert error.startswith("base.yaml:9: FLAG_SET: `is: 'yes'` is not a bool")


def test_bad_regex_points_at_the_matches_line() -> None:
    bad = BASE.replace('"(?i)acme"', '"acme("')
    [error] = errors_of(bad)
    assert error.startswith("base.yaml:21: NAMED: bad regex 'acme('")


def test_error_inside_and_clause_points_at_that_clause() -> None:
    bad = BASE.replace("{signal: t.count, max: 2}", "{signal: t.count, matches: x}")
    [error] = errors_of(bad)
    assert error.startswith("base.yaml:23: NAMED: `matches` does not fit int signal")


def test_duplicate_ids_are_an_error() -> None:
    bad = BASE.replace("id: MANY", "id: FLAG_SET")
    [error] = errors_of(bad)
    assert error == "base.yaml:12: FLAG_SET: duplicate rule id"


def test_unknown_key_and_missing_weight_are_reported_per_rule() -> None:
    bad = BASE.replace("weight: 1.5", "wieght: 1.5")
    errors = errors_of(bad)
    assert any(e.startswith("base.yaml:16: MANY: rules.1.wieght: unknown key") for e in errors)
    assert any("MANY: rules.1.weight: missing key 'weight'" in e for e in errors)


def test_a_rule_that_fails_validation_does_not_hide_the_other_rules_problems() -> None:
    bad = (
        BASE.replace("weight: 2\n", "weight: heavy\n")  # FLAG_SET fails the model
        .replace("signal: t.items", "signal: t.itemz")  # and MANY, NAMED have their own
        .replace('"(?i)acme"', '"acme("')
    )
    errors = errors_of(bad)
    assert errors[0].startswith("base.yaml:10: FLAG_SET: rules.0.weight:")
    assert any(e.startswith("base.yaml:14: MANY: unknown signal 't.itemz'") for e in errors)
    assert any(e.startswith("base.yaml:21: NAMED: bad regex 'acme('") for e in errors)
    assert len(errors) == 3


def test_two_conditions_without_and_are_refused() -> None:
    bad = BASE.replace("is: true\n", "is: true\n    any: true\n")
    [error] = errors_of(bad)
    assert "FLAG_SET" in error and "more than one condition (is, any)" in error


def test_min_above_max_is_refused() -> None:
    bad = BASE.replace("min: 3", "min: 3\n    max: 1")
    assert "min 3 is above max 1" in errors_of(bad)[0]


def test_lowercase_rule_id_is_refused() -> None:
    bad = BASE.replace("id: MANY", "id: many")
    assert "rules.1.id" in errors_of(bad)[0]


def test_yaml_syntax_error_names_file_and_line() -> None:
    bad = BASE.replace("    tags: [quality]", "    tags: [quality")
    [error] = errors_of(bad)
    assert re.match(r"base\.yaml:\d+: invalid YAML", error)


def test_repeated_key_in_a_rule_is_an_error() -> None:
    bad = BASE.replace("    weight: 2\n", "    weight: 2\n    weight: 3\n")
    [error] = errors_of(bad)
    assert error == "base.yaml:11: key 'weight' given twice"


def test_zero_threshold_is_refused() -> None:
    bad = BASE.replace("phishing: 5", "phishing: 0")
    assert "flags.phishing" in errors_of(bad)[0]


def test_user_file_changes_weight_disables_and_adds() -> None:
    user = textwrap.dedent(
        """\
        version: 1
        flags: {phishing: 9}
        rules:
          - id: FLAG_SET
            weight: 5
          - id: MANY
            enabled: false
          - id: MY_RULE
            description: {en: Ratio high}
            signal: t.ratio
            min: 0.5
            weight: 1
        """
    )
    rules = load(BASE, user)
    by_id = {r.id: r for r in rules.rules}  # type: ignore[attr-defined]
    assert by_id["FLAG_SET"].weight == 5
    assert by_id["FLAG_SET"].is_ is True  # unchanged parts stay
    assert by_id["MANY"].enabled is False
    assert by_id["MY_RULE"].min == 0.5
    assert rules.flags == {"suspect-fraud": 6, "phishing": 9}  # type: ignore[attr-defined]


def test_user_condition_replaces_the_bundled_one() -> None:
    user = "version: 1\nrules:\n  - id: MANY\n    max: 1\n"
    many = next(r for r in load(BASE, user).rules if r.id == "MANY")  # type: ignore[attr-defined]
    assert many.min is None and many.max == 1


def test_user_errors_point_into_the_user_file() -> None:
    user = "version: 1\nrules:\n  - id: NEW_ONE\n    weight: 1\n  - id: MANY\n    matches: '('\n"
    errors = errors_of(BASE, user)
    assert any(e.startswith("mine.yaml:3: NEW_ONE:") and "missing" in e for e in errors)
    assert any(e.startswith("mine.yaml:6: MANY: bad regex") for e in errors)


def test_changed_rules_change_the_digest() -> None:
    first = load_rules_text(BASE, specs=SPECS).digest
    assert load_rules_text(BASE, specs=SPECS).digest == first
    assert load_rules_text(BASE.replace("weight: 2", "weight: 2.5"), specs=SPECS).digest != first


def test_top_level_rules_yaml_is_a_symlink_to_the_bundled_file() -> None:
    root = Path(__file__).resolve().parent.parent
    link = root / "rules.yaml"
    assert link.is_symlink()
    assert not Path(link.readlink()).is_absolute()  # relative, survives moving the checkout
    assert link.resolve() == (root / "src" / "tradetriage" / "rules.yaml").resolve()
