"""Loading rules: the bundled ``rules.yaml``, then the user's file merged over it by id, strictly
validated, and the digest of the effective rules.

All problems of both files are raised at once, each as ``file:line: RULE_ID: message``. The YAML
and its lines are read in ``yaml_lines``; a rule's content is checked in ``checks``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path

from pydantic import ValidationError

from tradetriage.errors import RulesError
from tradetriage.rules.checks import pydantic_problems, rule_problems, written_problems
from tradetriage.rules.models import CONDITION_KEYS, Rule, RuleFile, RuleSet, UserRuleFile
from tradetriage.rules.yaml_lines import Origin, Parsed, Problem, listing, origin_of, parse_yaml
from tradetriage.signals.base import SignalSpec

# Bump when the engine's meaning of a condition changes, so that stored grades are redone even
# though no rules file changed.
ENGINE_VERSION = 1


def bundled_rules_path() -> str:
    """Where the shipped default rules live (inside the installed package)."""
    return str(files("tradetriage").joinpath("rules.yaml"))


def _load_file(
    text: str, source: str, specs: Mapping[str, SignalSpec], *, user: bool
) -> tuple[Parsed, RuleFile | UserRuleFile]:
    parsed = parse_yaml(text, source)
    if user:
        # A user file whose every line is commented out (or holding only `rules:` with its
        # entries commented out) changes nothing, as `{}` does.
        if parsed.data is None:
            parsed.data = {}
        if (
            isinstance(parsed.data, dict)
            and "rules" in parsed.data
            and parsed.data["rules"] is None
        ):
            parsed.data = {k: v for k, v in parsed.data.items() if k != "rules"}
    if not isinstance(parsed.data, dict):
        raise RulesError(f"{source}:1: a rules file is a mapping with `version` and `rules`")
    parsed.problems += written_problems(parsed, specs)
    model = UserRuleFile if user else RuleFile
    entries = parsed.data.get("rules")
    parsed.kept = list(range(len(entries))) if isinstance(entries, list) else []
    try:
        loaded: RuleFile | UserRuleFile = model.model_validate(parsed.data)
    except ValidationError as exc:
        parsed.problems += pydantic_problems(parsed, exc)
        # Every problem at once: the rules that failed, and a bad top-level key (flags,
        # version, a typo), are left out, and the rest is checked on (conditions against
        # their signals) before anything is raised.
        if not isinstance(entries, list) or any(err["loc"] == ("rules",) for err in exc.errors()):
            raise RulesError(listing(parsed.problems, [source])) from None
        in_rules = [err["loc"] for err in exc.errors() if err["loc"][:1] == ("rules",)]
        outside = {err["loc"][0] for err in exc.errors()} - {"rules"}
        parsed.kept = [i for i in parsed.kept if i not in {loc[1] for loc in in_rules}]
        rest = {k: v for k, v in parsed.data.items() if k not in outside}
        try:
            loaded = model.model_validate({**rest, "rules": [entries[i] for i in parsed.kept]})
        except ValidationError:  # a required key was the bad one: nothing left to check
            raise RulesError(listing(parsed.problems, [source])) from None
    return parsed, loaded


def _merge(
    base: dict[str, Rule],
    origins: dict[str, Origin],
    parsed: Parsed,
    user: UserRuleFile,
    specs: Mapping[str, SignalSpec],
) -> list[Problem]:
    """Apply a user file's entries over ``base`` by id; return problems (incomplete new rules,
    conditions that do not fit their signals)."""
    problems = []
    for index, entry in enumerate(user.rules):
        given = entry.model_dump(by_alias=True, exclude_unset=True)
        origin = origin_of(parsed, index)
        new_condition = any(key in given for key in (*CONDITION_KEYS, "signal"))
        if entry.id in base:
            merged = base[entry.id].model_dump(by_alias=True, exclude_none=True)
            if new_condition:
                # A new condition replaces the old one whole: `max: 3` over `min: 1` is not a
                # range the user asked for.
                for key in CONDITION_KEYS:
                    merged.pop(key, None)
            if "description" in given:
                given["description"] = {**merged["description"], **given["description"]}
            merged.update(given)
            old = origins[entry.id]
            old.keys.update(origin.keys)
            old.rule = origin.rule
            origin = old
        else:
            missing = _missing_for_new(given)
            if missing:
                # Most often an override of a bundled rule whose id is misspelt.
                source, line = origin.rule
                problems.append(
                    Problem(source, line, f"{entry.id}: {_not_bundled(entry.id, base, missing)}")
                )
                continue
            merged = given
        try:
            base[entry.id] = Rule.model_validate(merged)
        except ValidationError as exc:
            for err in exc.errors():
                key = ".".join(str(p) for p in err["loc"]) or "rule"
                message = err["msg"].removeprefix("Value error, ")
                if err["type"] == "missing":
                    message = "missing key (a new rule needs id, description, signal, a "
                    message += "condition and weight)"
                source, line = origin.at(tuple(err["loc"]))
                problems.append(Problem(source, line, f"{entry.id}: {key}: {message}"))
            continue
        origins[entry.id] = origin
        # Checked here, each entry over the rule as it then stands: a later entry with the same
        # id must not hide this one's problems. Clauses it did not write were checked in
        # their own file.
        problems += rule_problems(
            base[entry.id], origin, specs, main=new_condition, and_="and" in given
        )
    return problems


def _missing_for_new(given: Mapping[str, object]) -> list[str]:
    """What a new rule written as ``given`` lacks, by the names the error message uses."""
    missing = [key for key in ("description", "signal") if key not in given]
    if not any(key in given for key in CONDITION_KEYS):
        missing.append("condition")
    return missing + ([] if "weight" in given else ["weight"])


def _not_bundled(rule_id: str, base: Mapping[str, Rule], missing: list[str]) -> str:
    """Why an entry that is neither an override nor a complete new rule is refused."""
    close = difflib.get_close_matches(rule_id, list(base), n=1, cutoff=0.8)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return (
        f"no bundled rule {rule_id}{hint}; a new rule needs id, description, signal, "
        f"a condition and weight (missing {', '.join(missing)})"
    )


def digest_of(flags: Mapping[str, float], rules: list[Rule]) -> str:
    """A stable hash of the effective rules: grades made under another digest are redone."""
    payload = {
        "engine": ENGINE_VERSION,
        "flags": dict(sorted(flags.items())),
        "rules": [r.model_dump(mode="json", by_alias=True, exclude_none=True) for r in rules],
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_rules_text(
    bundled_text: str,
    *,
    bundled_source: str = "rules.yaml",
    user_text: str | None = None,
    user_source: str = "user rules",
    specs: Mapping[str, SignalSpec] | None = None,
) -> RuleSet:
    """Parse, merge and check rules given as text; raise RulesError listing every problem."""
    if specs is None:
        from tradetriage.signals import all_specs

        specs = all_specs()
    parsed, bundled = _load_file(bundled_text, bundled_source, specs, user=False)
    assert isinstance(bundled, RuleFile)  # user=False always gives a RuleFile
    problems: list[Problem] = list(parsed.problems)
    rules: dict[str, Rule] = {}
    origins: dict[str, Origin] = {}
    for index, rule in enumerate(bundled.rules):
        # Every copy of a repeated id is checked, though only the last one is kept.
        origins[rule.id] = origin_of(parsed, index)
        rules[rule.id] = rule
        problems += rule_problems(rule, origins[rule.id], specs)
    flags: dict[str, float] = {str(k): v for k, v in bundled.flags.items()}
    sources = [bundled_source]
    if user_text is not None:
        user_parsed, user = _load_file(user_text, user_source, specs, user=True)
        assert isinstance(user, UserRuleFile)
        problems.extend(user_parsed.problems)
        problems.extend(_merge(rules, origins, user_parsed, user, specs))
        flags.update({str(k): v for k, v in user.flags.items()})
        sources.append(user_source)
    if problems:
        raise RulesError(listing(problems, sources))
    effective = list(rules.values())
    return RuleSet(
        version=bundled.version,
        flags=flags,
        rules=tuple(effective),
        digest=digest_of(flags, effective),
        sources=tuple(sources),
    )


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RulesError(f"no rules file at {path}") from None
    except OSError as exc:
        raise RulesError(f"cannot read rules file {path}: {exc.strerror or exc}") from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        # Notepad saves Chinese descriptions as GBK unless told otherwise.
        line = raw[: exc.start].count(b"\n") + 1
        raise RulesError(
            f"{path}:{line}: not UTF-8 (byte {raw[exc.start]:#04x}): save the file as UTF-8"
        ) from None


def load_rules(
    user_path: Path | None = None,
    *,
    specs: Mapping[str, SignalSpec] | None = None,
) -> RuleSet:
    """The effective rules: the bundled ``rules.yaml``, then the user's file (config
    ``grading.rules``) merged over it by id. Raises RulesError with every problem found."""
    bundled = bundled_rules_path()
    user_text = _read(user_path) if user_path is not None else None
    return load_rules_text(
        _read(Path(bundled)),
        bundled_source=bundled,
        user_text=user_text,
        user_source=str(user_path) if user_path is not None else "user rules",
        specs=specs,
    )
