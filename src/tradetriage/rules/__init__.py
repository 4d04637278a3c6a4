"""Rules: ``rules.yaml`` read with its lines (``yaml_lines``), parsed into strict models and
checked (``models``, ``checks``, ``loader``), and evaluated against a message's signal findings
(``engine``) into hits with weights, tags and evidence."""

from tradetriage.rules.engine import CompiledRules, Hit, compile_rules, evaluate
from tradetriage.rules.loader import load_rules, load_rules_text
from tradetriage.rules.models import Rule, RuleSet

__all__ = [
    "CompiledRules",
    "Hit",
    "Rule",
    "RuleSet",
    "compile_rules",
    "evaluate",
    "load_rules",
    "load_rules_text",
]
