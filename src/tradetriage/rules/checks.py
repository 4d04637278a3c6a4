"""Checks of a rule's content beyond the file's shape: each signal must be registered, each
condition must fit the signal's kind, each regex must compile and must not nest repeats (Python's
``re`` has no timeout), flag tags are spelt as the flags count them, ids are unique; and the
model's validation errors said as ``file:line: RULE_ID: message``.

The checks that need only a rule as written run on every rule of a file, also one that breaks the
file's shape or repeats an id.
"""

from __future__ import annotations

import difflib
import importlib
import math
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from tradetriage.rules.models import FLAG_TAGS, Clause, Rule
from tradetriage.rules.yaml_lines import Origin, Parsed, Path_, Problem, rule_id_at, rule_index
from tradetriage.signals.base import SignalSpec

# Which condition keys fit which signal kind. ``min``/``max`` on a list bound its length;
# ``in`` and ``matches`` on a list hold when any item does.
_FITS: dict[str, frozenset[str]] = {
    "bool": frozenset({"is", "any"}),
    "int": frozenset({"is", "min", "max", "in", "any"}),
    "float": frozenset({"is", "min", "max", "any"}),
    "str": frozenset({"is", "in", "any", "matches"}),
    "list": frozenset({"min", "max", "in", "any", "matches"}),
}


def pydantic_problems(parsed: Parsed, exc: ValidationError) -> list[Problem]:
    """The model's validation errors as problems on the line of the key at fault, by rule id."""
    problems = []
    for err in exc.errors():
        written: Path_ = tuple(err["loc"])
        # An unknown key ends the location as the user wrote it ("int", "flag["): not a type.
        last = written[-1:] if err["type"] == "extra_forbidden" else ()
        # Union members and tagged types add their own names to the location; drop them.
        loc = tuple(
            p for p in written[: len(written) - len(last)]
            if isinstance(p, int) or not _is_type_name(p)
        ) + last  # fmt: skip
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = f"unknown key {loc[-1]!r}"
        elif err["type"] == "model_type" and len(loc) == 2 and loc[0] == "rules":
            message = "a rule is a mapping (`- id: …` with its keys indented under it)"
        elif err["type"] == "missing":
            message = f"missing key {loc[-1]!r}"
        elif err["type"] == "float_type" and isinstance(err["input"], str):
            message += _number_hint(err["input"])
        index = rule_index(loc)
        prefix = f"{rule_id_at(parsed, index)}: " if index is not None else ""
        where = parsed.line(loc) if err["type"] != "missing" else parsed.line(loc[:-1])
        key = ".".join(str(p) for p in loc)
        problems.append(Problem(parsed.source, where, f"{prefix}{key}: {message}"))
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


def written_problems(parsed: Parsed, specs: Mapping[str, SignalSpec]) -> list[Problem]:
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
        rule_id = rule_id_at(parsed, index)
        for key, message in _entry_problems(entry, specs):
            line = parsed.line(("rules", index, *key))
            problems.append(Problem(parsed.source, line, f"{rule_id}: {message}"))
        if ids[index] is not None and ids[index] in ids[:index]:
            line = parsed.line(("rules", index))
            problems.append(Problem(parsed.source, line, f"{rule_id}: duplicate rule id"))
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


def rule_problems(
    rule: Rule,
    origin: Origin,
    specs: Mapping[str, SignalSpec],
    *,
    main: bool = True,
    and_: bool = True,
) -> list[Problem]:
    """Conditions of ``rule`` that do not fit their signals: of its main clause (``main``)
    and of its ``and`` clauses (``and_``), so that a user's override is checked only in the
    clauses it wrote and a bundled clause's problem is not reported twice."""
    found = _condition_problems(rule.clauses()[0], specs, ()) if main else []
    for index, clause in enumerate(rule.and_ if and_ else []):
        found.extend(_condition_problems(clause, specs, ("and", index)))
    problems = []
    for key, message in found:
        source, line = origin.at(key)
        problems.append(Problem(source, line, f"{rule.id}: {message}"))
    return problems


def _flag_tag_meant(tag: str) -> str | None:
    """The flag tag ``tag`` is a slip for, if any: tags match case-sensitively, and a flag
    counts the rules tagged with its tag (``fraud``), not with its own name (``suspect-fraud``)."""
    if tag in FLAG_TAGS.values():
        return None
    spellings = {flag_tag: flag_tag for flag_tag in FLAG_TAGS.values()} | FLAG_TAGS
    close = difflib.get_close_matches(tag.lower(), spellings, n=1, cutoff=0.7)
    return spellings[close[0]] if close else None
