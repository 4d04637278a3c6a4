"""The rules file format: strict parsing, file:line errors, kind checks and user overrides."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from tradetriage.errors import ExitCode, RulesError
from tradetriage.rules import load_rules, load_rules_text
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


def test_a_rule_that_fails_validation_still_has_its_other_problems_reported() -> None:
    user = textwrap.dedent(
        """\
        version: 1
        rules:
          - id: MY_RULE
            description: {en: Mine}
            signal: t.name
            matches: "(a+)+"
            weight: "2"
            tags: [Phishing]
            and:
              - {signal: t.nmae, is: acme}
              - {signal: t.name, matches: "(abc"}
          - id: MY_OTHER
            description: {en: Other}
            signal: t.itemz
            in: [a]
            weight: heavy
        """
    )
    errors = errors_of(BASE, user)
    assert [e.split(": ", 2)[:2] for e in errors] == [
        ["mine.yaml:6", "MY_RULE"],
        ["mine.yaml:7", "MY_RULE"],
        ["mine.yaml:8", "MY_RULE"],
        ["mine.yaml:10", "MY_RULE"],
        ["mine.yaml:11", "MY_RULE"],
        ["mine.yaml:14", "MY_OTHER"],
        ["mine.yaml:16", "MY_OTHER"],
    ]
    assert errors[0].startswith("mine.yaml:6: MY_RULE: regex '(a+)+' nests a repeat")
    assert errors[1].startswith("mine.yaml:7: MY_RULE: rules.0.weight: Input should be")
    assert errors[2] == "mine.yaml:8: MY_RULE: tag 'Phishing': did you mean 'phishing'?"
    assert errors[3].startswith("mine.yaml:10: MY_RULE: unknown signal 't.nmae' (did you mean")
    assert errors[4].startswith("mine.yaml:11: MY_RULE: bad regex '(abc'")
    assert errors[5].startswith("mine.yaml:14: MY_OTHER: unknown signal 't.itemz'")
    assert errors[6].startswith("mine.yaml:16: MY_OTHER: rules.1.weight:")


def test_a_bundled_rule_that_fails_validation_still_has_its_other_problems_reported() -> None:
    bad = BASE.replace("weight: 1.5", "weight: '1.5'").replace("tags: [quality]", "tags: [FRAUD]")
    errors = errors_of(bad.replace("signal: t.items", "signal: t.itemz"))
    assert [e.split(": ", 2)[0] for e in errors] == ["base.yaml:14", "base.yaml:16", "base.yaml:17"]
    assert errors[0].startswith("base.yaml:14: MANY: unknown signal 't.itemz'")
    assert errors[2] == "base.yaml:17: MANY: tag 'FRAUD': did you mean 'fraud'?"


def test_every_copy_of_a_repeated_id_has_its_own_problems_reported() -> None:
    bad = (
        BASE.replace("id: MANY", "id: FLAG_SET")  # the second copy, on line 12
        .replace("is: true", "min: 1")  # the first copy's condition does not fit its bool
        .replace("tags: [fraud]", "tags: [frad]")
    )
    assert errors_of(bad) == [
        "base.yaml:9: FLAG_SET: `min` does not fit bool signal 't.flag'",
        "base.yaml:11: FLAG_SET: tag 'frad': did you mean 'fraud'?",
        "base.yaml:12: FLAG_SET: duplicate rule id",
    ]
    user = textwrap.dedent(
        """\
        version: 1
        rules:
          - id: MY_RULE
            description: {en: Mine}
            signal: t.name
            matches: "(abc"
            weight: 1
          - id: MY_RULE
            description: {en: Mine again}
            signal: t.flag
            min: 1
            weight: 1
        """
    )
    errors = errors_of(BASE, user)
    assert [e.split(": ", 2)[0] for e in errors] == ["mine.yaml:6", "mine.yaml:8", "mine.yaml:11"]
    assert errors[0].startswith("mine.yaml:6: MY_RULE: bad regex '(abc'")
    assert errors[1] == "mine.yaml:8: MY_RULE: duplicate rule id"
    assert errors[2] == "mine.yaml:11: MY_RULE: `min` does not fit bool signal 't.flag'"


def test_problems_are_listed_by_file_then_line() -> None:
    bundled = BASE.replace("signal: t.items", "signal: t.itemz").replace("[fraud]", "[frad]")
    user = textwrap.dedent(
        """\
        version: 1
        rules:
          - id: NAMED
            matches: "("
          - id: NEW_ONE
            weight: 1
          - id: MANY
            weight: "2"
          - {id: MY_FLOW, description: {en: x}, signal: t.nope, matches: "(a", weight: 1}
          - id: FLAG_SET
            min: 1
        """
    )
    errors = errors_of(bundled, user)
    assert [e.split(": ", 2)[:2] for e in errors] == [
        ["base.yaml:11", "FLAG_SET"],
        ["base.yaml:14", "MANY"],
        ["mine.yaml:4", "NAMED"],
        ["mine.yaml:5", "NEW_ONE"],
        ["mine.yaml:8", "MANY"],
        ["mine.yaml:9", "MY_FLOW"],  # two problems on one line, in the order of the keys
        ["mine.yaml:9", "MY_FLOW"],
        ["mine.yaml:11", "FLAG_SET"],
    ]
    assert "unknown signal 't.nope'" in errors[5] and "bad regex '(a'" in errors[6]


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
    assert error == "base.yaml:11: FLAG_SET: key 'weight' given twice"


def _nested_aliases(depth: int) -> str:
    """A list nine times as long at each level, written in a few lines ("billion laughs")."""
    lines = ['  l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, depth):
        lines.append(f"  l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    return "\n".join(lines)


# 9**8 items: before aliases were walked once, checking this file took over a minute.
@pytest.mark.timeout(20)
def test_nested_aliases_are_checked_in_the_time_of_the_text() -> None:
    user = (
        "version: 1\nx-shared:\n" + _nested_aliases(8) + "\nrules:\n"
        "  - id: FLAG_SET\n    tags: *l7\n    weight: 3\n"
    )
    with pytest.raises(RulesError) as caught:
        load(user=user)
    message = str(caught.value)
    assert "mine.yaml:2: x-shared: unknown key 'x-shared'" in message
    assert "mine.yaml:13: FLAG_SET: rules.0.tags.0: Input should be a valid string" in message


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


def test_a_merge_key_shares_a_rule_body_and_repeats_are_still_caught() -> None:
    user = textwrap.dedent(
        """\
        version: 1
        rules:
          - &named
            id: MY_NAMED
            description: {en: Named ACME}
            signal: t.name
            in: [acme]
            weight: 1
          - <<: *named
            id: MY_OTHER
            in: [globex]
          - <<: *named
            id: MY_THIRD
            weight: 2
            weight: 3
        """
    )
    errors = errors_of(BASE, user)
    # Only the key really written twice; a key that overrides the merged one is no repeat.
    assert errors == ["mine.yaml:15: MY_THIRD: key 'weight' given twice"]
    rules = load(BASE, user.replace("    weight: 3\n", ""))
    by_id = {r.id: r for r in rules.rules}  # type: ignore[attr-defined]
    assert by_id["MY_OTHER"].in_ == ["globex"]
    assert by_id["MY_OTHER"].description == by_id["MY_NAMED"].description
    assert by_id["MY_THIRD"].weight == 2 and by_id["MY_THIRD"].in_ == ["acme"]


def test_a_bad_top_level_key_does_not_hide_the_rules_problems() -> None:
    user = textwrap.dedent(
        """\
        version: 1
        flags: {phishing: zero}
        colour: blue
        rules:
          - id: MY_RULE
            description: {en: Unknown signal}
            signal: t.nothing
            is: true
            weight: 1
        """
    )
    errors = errors_of(BASE, user)
    assert errors[:2] == [
        "mine.yaml:2: flags.phishing: Input should be a valid number",
        "mine.yaml:3: colour: unknown key 'colour'",
    ]
    assert any(e.startswith("mine.yaml:7: MY_RULE: unknown signal 't.nothing'") for e in errors)


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


@pytest.mark.parametrize("rules", [" 5", " X", " {FLAG_SET: {weight: 1}}", " 0", " ''", " false"])
def test_a_rules_key_that_is_not_a_list_is_an_error_not_a_crash(rules: str) -> None:
    errors = errors_of(BASE, f"version: 1\nrules:{rules}\n")
    assert errors and all(e.startswith("mine.yaml:") for e in errors)


@pytest.mark.parametrize("user", ["", "# all commented out\n", "version: 1\n", "{}\n", "rules:\n"])
def test_an_empty_user_file_changes_nothing(user: str) -> None:
    assert load(BASE, user).digest == load(BASE).digest  # type: ignore[attr-defined]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_weights_and_bounds_must_be_finite(value: str) -> None:
    [weight] = errors_of(BASE.replace("weight: 1.5", f"weight: {value}"))
    assert weight.startswith("base.yaml:16: MANY: rules.1.weight:")
    [bound] = errors_of(BASE.replace("min: 3", f"min: {value}"))
    assert bound.startswith("base.yaml:15: MANY: rules.1.min:")
    assert errors_of(BASE.replace("phishing: 5", f"phishing: {value}"))


def test_a_number_written_as_text_is_refused() -> None:
    [error] = errors_of(BASE.replace("weight: 1.5", 'weight: "1.5"'))
    assert error.startswith("base.yaml:16: MANY: rules.1.weight:")
    [error] = errors_of(BASE, "version: 1\nrules:\n  - id: MANY\n    enabled: 'no'\n")
    assert error.startswith("mine.yaml:4: MANY: rules.0.enabled:")


def test_unknown_signal_hint_names_the_closest_signal() -> None:
    specs = dict(SPECS) | {f"t.aaa{n}": SignalSpec(f"t.aaa{n}", "int", "x") for n in range(12)}
    bad = BASE.replace("signal: t.items", "signal: t.itemz")
    with pytest.raises(RulesError) as caught:
        load_rules_text(bad, bundled_source="base.yaml", specs=specs)
    assert "did you mean 't.items'" in str(caught.value)


def test_a_rules_file_not_in_utf8_is_reported_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("version: 1\nrules:\n  - id: MANY\n    weight: 2 # 权重\n".encode("gbk"))
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(f"{path}:4: not UTF-8")


def test_an_unquoted_country_code_read_as_a_boolean_gets_a_hint() -> None:
    bad = BASE.replace('matches: "(?i)acme"', "in: [NO, DE]")
    [error] = errors_of(bad)
    assert error.startswith("base.yaml:21: NAMED: `in` item False is not a str (quote it")


def test_a_user_file_may_change_one_language_of_a_description() -> None:
    user = "version: 1\nrules:\n  - id: MANY\n    description: {zh: 很多项}\n"
    many = next(r for r in load(BASE, user).rules if r.id == "MANY")  # type: ignore[attr-defined]
    assert (many.description.en, many.description.zh) == ("Many items", "很多项")
    new = "version: 1\nrules:\n  - {id: NEW_ONE, description: {zh: 新}, signal: t.flag, "
    new += "is: true, weight: 1}\n"
    [error] = errors_of(BASE, new)
    assert error.startswith("mine.yaml:3: NEW_ONE: description.en:")


def test_user_file_errors_name_the_rule_and_the_key_line() -> None:
    user = (
        "version: 1\nrules:\n  - 5\n  - id: MANY\n    weight: null\n    tags: []\n    tags: [x]\n"
    )
    errors = errors_of(BASE, user)
    assert any(e.startswith("mine.yaml:3: rules[0]: rules.0: a rule is a mapping") for e in errors)
    assert "mine.yaml:7: MANY: key 'tags' given twice" in errors


def test_a_bad_override_points_at_its_key() -> None:
    [error] = errors_of(BASE, "version: 1\nrules:\n  - id: MANY\n    weight: null\n")
    assert error.startswith("mine.yaml:4: MANY: weight:")


def test_a_misspelt_flag_tag_is_an_error_other_tags_are_free() -> None:
    [error] = errors_of(BASE.replace("tags: [fraud]", "tags: [frad]"))
    assert error.startswith("base.yaml:11: FLAG_SET: tag 'frad': did you mean 'fraud'?")
    assert load(BASE.replace("tags: [fraud]", "tags: [fraud, my-own]"))


@pytest.mark.parametrize("pattern", [r"^([a-z0-9]+-?)+\.com$", "(a+)+", r"(\w+\s?)*", "((a+){3})+"])
def test_a_regex_with_a_repeat_inside_a_repeat_is_refused(pattern: str) -> None:
    [error] = errors_of(BASE.replace('"(?i)acme"', f"'{pattern}'"))
    assert error.startswith(f"base.yaml:21: NAMED: regex {pattern!r} nests a repeat")
    assert "rewrite" in error


@pytest.mark.parametrize(
    "pattern",
    [
        "(?:ab)+",
        r"\d{1,3}(?:,\d{3})*",
        "(?:foo|bar)+",
        r"^([a-z0-9]++-?)+\.com$",
        # A part that must follow the inner repeat marks each round: no blow-up.
        r"^(?:[a-z0-9-]+\.)*acme-partner\.com$",
    ],
)
def test_a_regex_without_nested_repeats_stays_allowed(pattern: str) -> None:
    assert load(BASE.replace('"(?i)acme"', f"'{pattern}'"))


@pytest.mark.parametrize(
    ("pattern", "why"),
    [(r"\d{6,99999999999}", "too large"), ("(" * 3000 + "a" + ")" * 3000, "nested too deeply")],
)
def test_a_regex_too_big_for_python_is_an_error_not_a_crash(pattern: str, why: str) -> None:
    [error] = errors_of(BASE.replace('"(?i)acme"', f"'{pattern}'"))
    assert error.startswith("base.yaml:21: NAMED: bad regex") and why in error
    assert len(error) < 200  # a huge pattern is shown cut short


@pytest.mark.parametrize(
    ("tag", "meant"), [("FRAUD", "fraud"), ("Phishing", "phishing"), ("suspect-fraud", "fraud")]
)
def test_a_flag_tag_in_another_case_or_named_for_its_flag_is_an_error(tag: str, meant: str) -> None:
    [error] = errors_of(BASE.replace("tags: [fraud]", f"tags: [{tag}]"))
    assert error.startswith(f"base.yaml:11: FLAG_SET: tag {tag!r}: did you mean {meant!r}?")


@pytest.mark.parametrize("colon", [" ", "："])
def test_a_key_without_its_colon_is_reported_on_its_own_line(colon: str) -> None:
    [error] = errors_of(BASE.replace("    weight: 2\n", f"    weight{colon}2\n"))
    assert error.startswith("base.yaml:10: invalid YAML: could not find expected ':'")
    assert ("use an ASCII colon ':'" in error) == (colon == "：")


def test_an_unclosed_quote_in_a_flow_mapping_is_reported_where_it_opens() -> None:
    [error] = errors_of(BASE.replace("{en: The flag is set,", '{en: "The flag is set,'))
    assert error.startswith("base.yaml:7: invalid YAML:")  # another quote closes it on line 21
    user = 'version: 1\nrules:\n  - id: MANY\n    description: {en: "Many}\n    weight: 1\n'
    [error] = errors_of(BASE, user + "    enabled: true\n")
    assert error.startswith("mine.yaml:4: invalid YAML:")


@pytest.mark.parametrize("byte", ["\x00", "\x1b"])
def test_a_control_character_is_reported_on_its_line(byte: str) -> None:
    [error] = errors_of(BASE.replace("    weight: 2\n", f"    weight: 2 {byte}\n"))
    assert error.startswith(f"base.yaml:10: invalid YAML: unacceptable character #x{ord(byte):04x}")
    assert "position" not in error


def test_overriding_a_rule_that_does_not_exist_names_the_close_bundled_id() -> None:
    [error] = errors_of(BASE, "version: 1\nrules:\n  - id: MANYY\n    weight: 0.5\n")
    assert error.startswith("mine.yaml:3: MANYY: no bundled rule MANYY (did you mean MANY?)")
    assert "a new rule needs id, description, signal, a condition and weight" in error
    assert "missing description, signal, condition" in error


@pytest.mark.parametrize("weight", ["1.0e+308", "-1001"])
def test_a_weight_beyond_a_thousand_is_refused(weight: str) -> None:
    [error] = errors_of(BASE.replace("weight: 1.5", f"weight: {weight}"))
    assert error.startswith("base.yaml:16: MANY: rules.1.weight: weight ")
    assert "-1000..1000" in error
    [error] = errors_of(BASE, f"version: 1\nrules:\n  - id: MANY\n    weight: {weight}\n")
    assert error.startswith("mine.yaml:4: MANY: rules.0.weight: weight ")


@pytest.mark.parametrize(
    ("written", "hint"),
    [("1e3", "write it as 1000 or 1.0e+3"), ("2.5E2", "write it as 250 or 2.5e+2")],
)
def test_a_number_yaml_reads_as_text_gets_a_hint(written: str, hint: str) -> None:
    [error] = errors_of(BASE.replace("weight: 1.5", f"weight: {written}"))
    assert error.startswith("base.yaml:16: MANY: rules.1.weight: Input should be a valid number")
    assert hint in error
    [error] = errors_of(BASE.replace("phishing: 5", f"phishing: {written}"))
    assert error.startswith("base.yaml:4: flags.phishing:") and hint in error


@pytest.mark.parametrize("key", ["int", "str", "flag[", "function-x"])
def test_an_unknown_key_named_like_a_type_is_reported_not_a_crash(key: str) -> None:
    # pydantic's union locations hold type names too ("int", "list[str]"): a user's key that
    # reads like one was dropped from the location, which then ended empty.
    user = f"version: 1\n{key}: 1\nrules:\n  - id: MANY\n    weight: 2\n    {key}: 3\n"
    assert errors_of(BASE, user) == [
        f"mine.yaml:2: {key}: unknown key {key!r}",
        f"mine.yaml:6: MANY: rules.0.{key}: unknown key {key!r}",
    ]
