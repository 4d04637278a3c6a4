"""Rewriting benchmarks/RESULTS.md: each benchmark replaces its own part and keeps the rest.

A part is either a whole ``## Heading`` section (up to the next ``## `` heading) or a block
between ``<!-- name:begin -->`` and ``<!-- name:end -->`` markers inside a section, for sections
that several runs fill (``## Grading``: one block per mix and one for the evaluation).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
_EMPTY = "# Benchmark results\n"


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else _EMPTY


def write_section(markdown: str, path: Path = RESULTS) -> None:
    """Replace the section whose heading is ``markdown``'s first line, or add it at the end."""
    heading = markdown.split("\n", 1)[0]
    if not heading.startswith("## "):
        raise ValueError(f"a section starts with a '## ' heading, not {heading!r}")
    text = _read(path)
    # The heading line exactly: "## Sync" must not take "## Sync memory" with it.
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    section = markdown.rstrip("\n") + "\n\n"
    if pattern.search(text):
        text = pattern.sub(lambda _: section, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def write_block(
    name: str, lines: Sequence[str], section: str = "## Grading", path: Path = RESULTS
) -> None:
    """Replace the marked block ``name``, or add it at the top of ``section`` (made if missing)."""
    text = _read(path)
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    body = "\n".join([begin, *lines, end])
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + body + rest.split(end, 1)[1]
    elif section in text:
        head, rest = text.split(section, 1)
        head_line, _, tail = rest.partition("\n")
        text = head + section + head_line + "\n\n" + body + "\n" + tail
    else:
        text = text.rstrip("\n") + f"\n\n{section}\n\n" + body + "\n"
    path.write_text(text, encoding="utf-8")
