"""Where things are written in a rules file: its YAML read with the line of every key and list
item, YAML errors placed on the line to fix, and problems kept with their file and line.

Every problem is reported as ``file:line: RULE_ID: message`` (the line of the offending key when
it can be found, else of the rule), by file (bundled, then the user's) and line, so that a clerk
editing a weight sees exactly where a typo is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from tradetriage.errors import RulesError

Path_ = tuple[str | int, ...]
Where = tuple[str, int]  # (file name, 1-based line)


@dataclass(frozen=True)
class Problem:
    """One problem and where it is, kept apart so that problems can be listed by file and line."""

    source: str
    line: int
    message: str  # what follows ``file:line: ``

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


def listing(problems: list[Problem], sources: list[str]) -> str:
    """The problems one a line, by file in the order of ``sources`` and by line; problems on one
    line stay in the order they were found."""
    rank = {source: index for index, source in enumerate(sources)}
    ordered = sorted(problems, key=lambda p: (rank.get(p.source, len(sources)), p.line))
    return "\n".join(map(str, ordered))


@dataclass
class Parsed:
    """One file after YAML parsing: its data and the line of every key and list item."""

    source: str
    data: Any
    lines: dict[Path_, int]
    problems: list[Problem] = field(default_factory=list)
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


def parse_yaml(text: str, source: str) -> Parsed:
    """``text`` as data with the line of every key and item, a key written twice as a problem;
    raise RulesError on the line of invalid YAML."""
    parsed = Parsed(source, None, {})
    try:
        parsed.data = _compose(text, parsed)
    except yaml.YAMLError as exc:
        raise RulesError(_yaml_problem(exc, text, source)) from None
    for line, path, key in parsed.repeated:
        index = rule_index(path)
        rule = f"{rule_id_at(parsed, index)}: " if index is not None else ""
        parsed.problems.append(Problem(source, line, f"{rule}key {key!r} given twice"))
    return parsed


def _compose(text: str, parsed: Parsed) -> Any:
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


def _walk(node: yaml.Node, path: Path_, parsed: Parsed, walked: set[int]) -> None:
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


def rule_index(path: Path_) -> int | None:
    """The index of the rule ``path`` lies in (``rules.3.weight`` → 3), if any."""
    if len(path) >= 2 and path[0] == "rules" and isinstance(path[1], int):
        return path[1]
    return None


def rule_id_at(parsed: Parsed, index: int) -> str:
    """The id of the file's rule ``index`` as written, else ``rules[index]``."""
    rules = parsed.data.get("rules") if isinstance(parsed.data, dict) else None
    if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
        return str(rules[index].get("id", f"rules[{index}]"))
    return f"rules[{index}]"


@dataclass
class Origin:
    """Where each part of an effective rule was written, for error messages after merging."""

    rule: Where
    keys: dict[Path_, Where] = field(default_factory=dict)

    def at(self, key: Path_) -> Where:
        """Where ``key``, or its nearest ancestor written, was written; else the rule."""
        while key:
            if key in self.keys:
                return self.keys[key]
            key = key[:-1]
        return self.rule


def origin_of(parsed: Parsed, index: int) -> Origin:
    """Where the model's rule ``index`` is written in the file."""
    base: Path_ = ("rules", parsed.kept[index] if parsed.kept else index)
    origin = Origin((parsed.source, parsed.line(base)))
    for path, line in parsed.lines.items():
        if path[:2] == base and len(path) > 2:
            origin.keys[path[2:]] = (parsed.source, line)
    return origin
