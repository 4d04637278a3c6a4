"""Reading rules files: YAML with line numbers, strict validation, and bundled-then-user merging.

Every problem is reported as ``file:line: RULE_ID: message`` (the line of the offending key when
it can be found, else of the rule), all problems of a file at once, by file (bundled, then the
user's) and line, so that a clerk editing a weight sees exactly where a typo is. Checks beyond the
file's shape: each signal must be registered, each condition must fit the signal's kind, each
regex must compile and must not nest repeats (Python's ``re`` has no timeout), flag tags are
spelt as the flags count them, ids are unique. The checks that need only a rule as written run on
every rule of a file, also one that breaks the file's shape or repeats an id.
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tradetriage.errors import RulesError
from tradetriage.rules.models import (
    CONDITION_KEYS,
    FLAG_TAGS,
    Clause,
    Rule,
    RuleFile,
    RuleSet,
    UserRuleFile,
)
from tradetriage.signals.base import SignalSpec

# Bump when the engine's meaning of a condition changes, so that stored grades are redone even
# though no rules file changed.
ENGINE_VERSION = 1

Path_ = tuple[str | int, ...]
Where = tuple[str, int]  # (file name, 1-based line)


@dataclass(frozen=True)
class _Problem:
    """One problem and where it is, kept apart so that problems can be listed by file and line."""

    source: str
    line: int
    message: str  # what follows ``file:line: ``

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


def _listing(problems: list[_Problem], sources: list[str]) -> str:
    """The problems one a line, by file in the order of ``sources`` and by line; problems on one
    line stay in the order they were found."""
    rank = {source: index for index, source in enumerate(sources)}
    ordered = sorted(problems, key=lambda p: (rank.get(p.source, len(sources)), p.line))
    return "\n".join(map(str, ordered))


# Which condition keys fit which signal kind. ``min``/``max`` on a list bound its length;
# ``in`` and ``matches`` on a list hold when any item does.
_FITS: dict[str, frozenset[str]] = {
    "bool": frozenset({"is", "any"}),
    "int": frozenset({"is", "min", "max", "in", "any"}),
    "float": frozenset({"is", "min", "max", "any"}),
    "str": frozenset({"is", "in", "any", "matches"}),
    "list": frozenset({"min", "max", "in", "any", "matches"}),
}


def bundled_rules_path() -> str:
    """Where the shipped default rules live (inside the installed package)."""
    return str(files("tradetriage").joinpath("rules.yaml"))


@dataclass
class _Parsed:
    """One file after YAML parsing: its data and the line of every key and list item."""

    source: str
    data: Any
    lines: dict[Path_, int]
    problems: list[_Problem] = field(default_factory=list)
    # (line, path of the mapping, key) of each key written twice; named once the data is built.
    repeated: list[tuple[int, Path_, str]] = field(default_factory=list)
    # The file's index of each rule the model holds: rules that failed validation are left
    # out of the model, so that the checks after it still run on the rest.
    kept: list[int] = field(default_factory=list)

    def line(self, path: Path_) -> int:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


# libyaml's loader when PyYAML was built with it: twenty times faster than the pure-Python one,
# and every `tradetriage grade` reads the bundled rules (its digest says whether to regrade).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_yaml(text: str, source: str) -> _Parsed:
    parsed = _Parsed(source, None, {})
    try:
        parsed.data = _compose(text, parsed)
    except yaml.YAMLError as exc:
        raise RulesError(_yaml_problem(exc, text, source)) from None
    for line, path, key in parsed.repeated:
        index = _rule_index(path)
        rule = f"{_rule_id(parsed, index)}: " if index is not None else ""
        parsed.problems.append(_Problem(source, line, f"{rule}key {key!r} given twice"))
    return parsed


def _compose(text: str, parsed: _Parsed) -> Any:
    """The document's data, its nodes' lines recorded in ``parsed`` on the way: one parse
    gives both."""
    # Inside the caller's `try`: the pure-Python loader checks every character when made.
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # Walked before the data is built: building folds a merge key's (<<: *base) mapping
        # into the node, and its keys would read as given twice.
        _walk(node, (), parsed, set())
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _yaml_problem(exc: yaml.YAMLError, text: str, source: str) -> str:
    """``file:line: invalid YAML: problem``, on the line the user has to fix."""
    if isinstance(exc, yaml.reader.ReaderError):
        return _reader_problem(exc, text, source)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    marks = [mark.line for mark in (problem_mark, context_mark) if mark is not None]
    line = marks[0] if marks else 0
    notes = []
    # A key without its colon, or a quote or bracket left open, is noticed only at the next
    # key or the end of the file; the context marks where the broken token or `{…}` began.
    context = str(getattr(exc, "context", None) or "")
    if (
        context_mark is not None
        and context.startswith(("while scanning", "while parsing a flow"))
        and context_mark.line < line
    ):
        notes.append(f"noticed at line {line + 1}")
        line = context_mark.line
    rows = text.splitlines()
    if any("：" in rows[i] for i in marks if i < len(rows)):
        # What a Chinese keyboard types for ':', which YAML does not take for one.
        notes.append("use an ASCII colon ':' instead of '：'")
    problem = getattr(exc, "problem", None) or str(exc)
    note = f" ({'; '.join(notes)})" if notes else ""
    return f"{source}:{line + 1}: invalid YAML: {problem}{note}"


def _reader_problem(exc: yaml.reader.ReaderError, text: str, source: str) -> str:
    """A control character (NUL, ESC …) that YAML refuses, on its line."""
    if not isinstance(exc.character, int):
        return f"{source}:1: invalid YAML: {exc}"
    # libyaml gives the position in UTF-8 bytes, the pure-Python reader in characters; both
    # stop at the first occurrence of the character they refuse.
    line = text.count("\n", 0, max(text.find(chr(exc.character)), 0)) + 1
    return (
        f"{source}:{line}: invalid YAML: unacceptable character #x{exc.character:04x}: "
        f"{exc.reason} (an invisible character, often pasted along: delete it)"
    )


def _walk(node: yaml.Node, path: Path_, parsed: _Parsed, walked: set[int]) -> None:
    """Record the line of every mapping key and sequence item; flag repeated keys, which YAML
    would otherwise resolve silently by keeping the last one."""
    # An alias (*name) repeats its anchor's node, whose lines were recorded where it was
    # written: walked once, so that nested aliases ("billion laughs") cost no more than text.
    if id(node) in walked:
        return
    walked.add(id(node))
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                parsed.repeated.append((line, path, key))
            seen.add(key)
            parsed.lines[(*path, key)] = line
            _walk(value_node, (*path, key), parsed, walked)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            parsed.lines[(*path, index)] = item.start_mark.line + 1
            _walk(item, (*path, index), parsed, walked)


def _rule_index(path: Path_) -> int | None:
    """The index of the rule ``path`` lies in (``rules.3.weight`` → 3), if any."""
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        return path[1]
    return None


def _rule_id(parsed: _Parsed, index: int) -> str:
    rules = parsed.data.get("rules") if isinstance(parsed.data, dict) else None
    if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
        return str(rules[index].get("id", f"rules[{index}]"))
    return f"rules[{index}]"


def _pydantic_problems(parsed: _Parsed, exc: ValidationError) -> list[_Problem]:
    problems = []
    for err in exc.errors():
        loc: Path_ = tuple(err["loc"])
        # Union members and tagged types add their own names to the location; drop them.
        loc = tuple(p for p in loc if isinstance(p, int) or not _is_type_name(p))
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        elif err["type"] == "model_type" and len(loc) == 2 and loc[0] == "rules":
            message = "a rule is a mapping (`- id: …` with its keys indented under it)"
        elif err["type"] == "missing":
            message = f"missing key {loc[-1]!r}"
        elif err["type"] == "float_type" and isinstance(err["input"], str):
            message += _number_hint(err["input"])
        index = _rule_index(loc)
        prefix = f"{_rule_id(parsed, index)}: " if index is not None else ""
        where = parsed.line(loc) if err["type"] != "missing" else parsed.line(loc[:-1])
        key = ".".join(str(p) for p in loc)
        problems.append(_Problem(parsed.source, where, f"{prefix}{key}: {message}"))
    return problems


def _number_hint(text: str) -> str:
    """How to write a number YAML read as text: YAML 1.1 takes ``1.0e+3`` for a float but
    ``1e3`` (no dot, no sign) for a string, as it does anything quoted."""
    try:
        value = float(text)
    except ValueError:
        return ""
    if not math.isfinite(value):
        return ""
    plain = format(Decimal(text.strip()), "f")
    mantissa, e, exponent = text.strip().lower().partition("e")
    if not e:
        return f" (YAML reads {text!r} as text: write it as {plain}, without quotes)"
    mantissa = mantissa if "." in mantissa else f"{mantissa}.0"
    exponent = exponent if exponent[:1] in ("+", "-") else f"+{exponent}"
    return f" (YAML reads {text!r} as text: write it as {plain} or {mantissa}e{exponent})"


def _is_type_name(part: object) -> bool:
    # pydantic puts e.g. "bool", "int", "list[...]" or "function-after[...]" into union locations
    return isinstance(part, str) and (
        part in {"bool", "int", "float", "str"} or "[" in part or part.startswith("function")
    )


@dataclass
class _Origin:
    """Where each part of an effective rule was written, for error messages after merging."""

    rule: Where
    keys: dict[Path_, Where] = field(default_factory=dict)

    def at(self, key: Path_) -> Where:
        while key:
            if key in self.keys:
                return self.keys[key]
            key = key[:-1]
        return self.rule


def _origin(parsed: _Parsed, index: int) -> _Origin:
    """Where the model's rule ``index`` is written in the file."""
    base: Path_ = ("rules", parsed.kept[index] if parsed.kept else index)
    origin = _Origin((parsed.source, parsed.line(base)))
    for path, line in parsed.lines.items():
        if path[:2] == base and len(path) > 2:
            origin.keys[path[2:]] = (parsed.source, line)
    return origin


def _signal_problem(signal: str, specs: Mapping[str, SignalSpec]) -> str | None:
    """Why ``signal`` is no registered signal, with the names the user may have meant; or None."""
    if signal in specs:
        return None
    close = difflib.get_close_matches(signal, list(specs), n=3, cutoff=0.6)
    module = signal.split(".")[0]
    siblings = sorted(n for n in specs if n.split(".")[0] == module)
    if close:
        hint = f" (did you mean {' or '.join(map(repr, close))}?)"
    elif siblings:
        hint = f" (known in this module: {', '.join(siblings)})"
    else:
        hint = " (the README's Grading section lists every signal)"
    return f"unknown signal {signal!r}{hint}"


def _condition_problems(
    clause: Clause, specs: Mapping[str, SignalSpec], prefix: Path_
) -> list[tuple[Path_, str]]:
    """Problems of one clause's condition against its signal's kind: a key or value that does
    not fit. An unknown signal or a bad regex is found in the rule as written."""
    spec = specs.get(clause.signal)
    if spec is None:
        return []
    problems: list[tuple[Path_, str]] = []
    for key in clause.condition_keys():
        if key not in _FITS[spec.kind]:
            problems.append(
                ((*prefix, key), f"`{key}` does not fit {spec.kind} signal {clause.signal!r}")
            )
    if clause.is_ is not None and not _value_fits(clause.is_, spec.kind):
        problems.append(
            ((*prefix, "is"), f"`is: {clause.is_!r}` is not a {spec.kind} like {clause.signal!r}")
        )
    item_kind = "str" if spec.kind == "list" else spec.kind
    for item in clause.in_ or []:
        if not _value_fits(item, item_kind):
            message = f"`in` item {item!r} is not a {item_kind}"
            if isinstance(item, bool) and item_kind == "str":
                # YAML 1.1 reads NO (Norway), YES, ON and OFF as booleans.
                message += " (quote it: YAML reads NO, YES, ON and OFF unquoted as true/false)"
            problems.append(((*prefix, "in"), message))
    return problems


def _written_problems(parsed: _Parsed, specs: Mapping[str, SignalSpec]) -> list[_Problem]:
    """Problems of each rule of a file as written, found on its raw mapping: also in a rule that
    breaks the file's shape (a number written as text) and in every copy of a repeated id, which
    the checks of the validated rules never see."""
    entries = parsed.data.get("rules") if isinstance(parsed.data, dict) else None
    if not isinstance(entries, list):
        return []
    problems = []
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in entries]
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue  # reported by the model: a rule is a mapping
        rule_id = _rule_id(parsed, index)
        for key, message in _entry_problems(entry, specs):
            line = parsed.line(("rules", index, *key))
            problems.append(_Problem(parsed.source, line, f"{rule_id}: {message}"))
        if ids[index] is not None and ids[index] in ids[:index]:
            line = parsed.line(("rules", index))
            problems.append(_Problem(parsed.source, line, f"{rule_id}: duplicate rule id"))
    return problems


def _entry_problems(
    entry: Mapping[str, Any], specs: Mapping[str, SignalSpec]
) -> list[tuple[Path_, str]]:
    """Of one rule as written: unknown signals and bad regexes, its own and in its ``and``
    clauses, and misspelt flag tags. Values of the wrong type are left to the model."""
    found = _clause_written_problems(entry, specs, ())
    clauses = entry.get("and")
    for index, clause in enumerate(clauses if isinstance(clauses, list) else []):
        if isinstance(clause, dict):
            found.extend(_clause_written_problems(clause, specs, ("and", index)))
    tags = entry.get("tags")
    for index, tag in enumerate(tags if isinstance(tags, list) else []):
        meant = _flag_tag_meant(tag) if isinstance(tag, str) else None
        if meant is not None:
            # Other tags are the user's own groupings; a misspelt flag tag silently stops the
            # rule counting towards its flag.
            found.append((("tags", index), f"tag {tag!r}: did you mean {meant!r}?"))
    return found


def _clause_written_problems(
    clause: Mapping[str, Any], specs: Mapping[str, SignalSpec], prefix: Path_
) -> list[tuple[Path_, str]]:
    """An unknown ``signal`` and a bad ``matches`` regex of one clause as written."""
    found: list[tuple[Path_, str]] = []
    signal = clause.get("signal")
    # An empty name is the model's to report (too short), not an unknown signal.
    problem = _signal_problem(signal, specs) if isinstance(signal, str) and signal else None
    if problem is not None:
        found.append(((*prefix, "signal"), problem))
    pattern = clause.get("matches")
    problem = _regex_problem(pattern) if isinstance(pattern, str) else None
    if problem is not None:
        found.append(((*prefix, "matches"), problem))
    return found


def _regex_problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be a rule's regex, or None: it must compile, and must not have the
    shape that backtracks for ever (Python's ``re`` has no timeout)."""
    shown = repr(pattern if len(pattern) <= 60 else f"{pattern[:60]}…")
    try:
        re.compile(pattern)
        nested = _nests_repeats(pattern)
    except re.error as exc:
        return f"bad regex {shown}: {exc}"
    except OverflowError:
        return f"bad regex {shown}: a repeat count is too large"
    except RecursionError:
        return f"bad regex {shown}: groups are nested too deeply"
    if not nested:
        return None
    return (
        f"regex {shown} nests a repeat inside a repeat, which can take for ever on text that "
        "does not match: rewrite it with one repeat (`([a-z0-9]+-?)+` as `[a-z0-9-]+`) or "
        "make the inner repeat possessive (`a+` as `a++`)"
    )


def _nests_repeats(pattern: str) -> bool:
    """Whether ``pattern`` holds a repeat of varying count (``+``, ``*``, ``{1,3}``) inside
    another, with nothing but optional parts after it there: the classic shape of exponential
    backtracking (``(a+)+``, ``(\\w+\\s?)*``), where each round of the outer repeat can end
    anywhere. With a part that must follow (``(?:[a-z0-9-]+\\.)*``) the rounds are marked."""
    try:
        parser = importlib.import_module("re._parser")
    except ImportError:  # a Python without this private module: the pattern compiled, keep it
        return False
    parsed = parser.parse(pattern)
    return _scan_repeats(parser, parsed.state, parsed)[1]


def _scan_repeats(parser: Any, state: Any, items: Any) -> tuple[bool, bool]:
    """Of parsed ``items``: (whether they end in a varying repeat that an enclosing repeat
    could backtrack into, whether they hold one such repeat nested in another)."""
    ends_varying = nested = False
    for op, av in items:
        if op in (parser.MAX_REPEAT, parser.MIN_REPEAT):
            low, high, body = av
            inner, deeper = _scan_repeats(parser, state, body)
            # A fixed count (`\d{3}`) is a plain sequence: it gives no choice to backtrack on.
            this = high != low and high > 1
            nested = nested or deeper or (this and inner)
            item_varies = this or inner
        else:
            item_varies = False
            for child, sealed in _sub_patterns(parser, op, av):
                inner, deeper = _scan_repeats(parser, state, child)
                nested = nested or deeper
                item_varies = item_varies or (inner and not sealed)
        if item_varies:
            ends_varying = True
        elif parser.SubPattern(state, [(op, av)]).getwidth()[0] > 0:
            ends_varying = False  # a part that must match marks where the repeat ended
    return ends_varying, nested


def _sub_patterns(parser: Any, op: Any, av: Any) -> list[tuple[Any, bool]]:
    """The sub-patterns of one parsed item, each with whether it is sealed: possessive
    repeats, atomic groups and lookarounds never give back what they matched."""
    if op == parser.SUBPATTERN:
        return [(av[3], False)]
    if op == parser.BRANCH:
        return [(branch, False) for branch in av[1]]
    if op == parser.GROUPREF_EXISTS:
        return [(branch, False) for branch in av[1:] if branch is not None]
    if op == parser.POSSESSIVE_REPEAT:
        return [(av[2], True)]
    if op == parser.ATOMIC_GROUP:
        return [(av, True)]
    if op in (parser.ASSERT, parser.ASSERT_NOT):
        return [(av[1], True)]
    return []


def _value_fits(value: object, kind: str) -> bool:
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, str)


def _rule_problems(
    rule: Rule,
    origin: _Origin,
    specs: Mapping[str, SignalSpec],
    *,
    main: bool = True,
    and_: bool = True,
) -> list[_Problem]:
    """Conditions of ``rule`` that do not fit their signals: of its main clause (``main``)
    and of its ``and`` clauses (``and_``), so that a user's override is checked only in the
    clauses it wrote and a bundled clause's problem is not reported twice."""
    found = _condition_problems(rule.clauses()[0], specs, ()) if main else []
    for index, clause in enumerate(rule.and_ if and_ else []):
        found.extend(_condition_problems(clause, specs, ("and", index)))
    problems = []
    for key, message in found:
        source, line = origin.at(key)
        problems.append(_Problem(source, line, f"{rule.id}: {message}"))
    return problems


def _flag_tag_meant(tag: str) -> str | None:
    """The flag tag ``tag`` is a slip for, if any: tags match case-sensitively, and a flag
    counts the rules tagged with its tag (``fraud``), not with its own name (``suspect-fraud``)."""
    if tag in FLAG_TAGS.values():
        return None
    spellings = {flag_tag: flag_tag for flag_tag in FLAG_TAGS.values()} | FLAG_TAGS
    close = difflib.get_close_matches(tag.lower(), spellings, n=1, cutoff=0.7)
    return spellings[close[0]] if close else None


def _load_file(
    text: str, source: str, specs: Mapping[str, SignalSpec], *, user: bool
) -> tuple[_Parsed, RuleFile | UserRuleFile]:
    parsed = _parse_yaml(text, source)
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
    parsed.problems += _written_problems(parsed, specs)
    model = UserRuleFile if user else RuleFile
    entries = parsed.data.get("rules")
    parsed.kept = list(range(len(entries))) if isinstance(entries, list) else []
    try:
        loaded: RuleFile | UserRuleFile = model.model_validate(parsed.data)
    except ValidationError as exc:
        parsed.problems += _pydantic_problems(parsed, exc)
        # Every problem at once: the rules that failed, and a bad top-level key (flags,
        # version, a typo), are left out, and the rest is checked on (conditions against
        # their signals) before anything is raised.
        if not isinstance(entries, list) or any(err["loc"] == ("rules",) for err in exc.errors()):
            raise RulesError(_listing(parsed.problems, [source])) from None
        in_rules = [err["loc"] for err in exc.errors() if err["loc"][:1] == ("rules",)]
        outside = {err["loc"][0] for err in exc.errors()} - {"rules"}
        parsed.kept = [i for i in parsed.kept if i not in {loc[1] for loc in in_rules}]
        rest = {k: v for k, v in parsed.data.items() if k not in outside}
        try:
            loaded = model.model_validate({**rest, "rules": [entries[i] for i in parsed.kept]})
        except ValidationError:  # a required key was the bad one: nothing left to check
            raise RulesError(_listing(parsed.problems, [source])) from None
    return parsed, loaded


def _merge(
    base: dict[str, Rule],
    origins: dict[str, _Origin],
    parsed: _Parsed,
    user: UserRuleFile,
    specs: Mapping[str, SignalSpec],
) -> list[_Problem]:
    """Apply a user file's entries over ``base`` by id; return problems (incomplete new rules,
    conditions that do not fit their signals)."""
    problems = []
    for index, entry in enumerate(user.rules):
        given = entry.model_dump(by_alias=True, exclude_unset=True)
        origin = _origin(parsed, index)
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
                    _Problem(source, line, f"{entry.id}: {_not_bundled(entry.id, base, missing)}")
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
                problems.append(_Problem(source, line, f"{entry.id}: {key}: {message}"))
            continue
        origins[entry.id] = origin
        # Checked here, each entry over the rule as it then stands: a later entry with the same
        # id must not hide this one's problems. Clauses it did not write were checked in
        # their own file.
        problems += _rule_problems(
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
    problems: list[_Problem] = list(parsed.problems)
    rules: dict[str, Rule] = {}
    origins: dict[str, _Origin] = {}
    for index, rule in enumerate(bundled.rules):
        # Every copy of a repeated id is checked, though only the last one is kept.
        origins[rule.id] = _origin(parsed, index)
        rules[rule.id] = rule
        problems += _rule_problems(rule, origins[rule.id], specs)
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
        raise RulesError(_listing(problems, sources))
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
