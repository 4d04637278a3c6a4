"""The signal registry: every signal module, in the order they run, and the names they produce.

Modules run in a fixed order because later ones read earlier findings (``fraud`` reads
``request``'s products, ``phishing`` reads ``domain``'s sender domain). Each module exposes
``SPECS`` (its signal names, kinds and descriptions) and ``analyze``; the rules loader refuses a
rule that reads a name not registered here.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals import (
    contact,
    domain,
    fraud,
    learned,
    origin,
    phishing,
    request,
    sendtime,
)
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec

# In running order: later modules read earlier findings.
MODULES: tuple[ModuleType, ...] = (
    origin,
    sendtime,
    domain,
    contact,
    request,
    fraud,
    phishing,
    learned,
)


@cache
def all_specs() -> dict[str, SignalSpec]:
    """Every registered signal by name, in running order."""
    specs: dict[str, SignalSpec] = {}
    for module in MODULES:
        for spec in module.SPECS:
            specs[spec.name] = spec
    return specs


def analyze_message(msg: ParsedMessage, ctx: Context) -> Findings:
    """Run every signal module over one message; later modules see earlier findings."""
    found: dict[str, Finding] = {}
    for module in MODULES:
        found.update(module.analyze(msg, ctx, found))
    return found
