"""Readable text and links from an HTML body, with selectolax (a fast C HTML5 parser).

Line structure matters downstream (signatures are found line by line), so block elements and
``<br>`` become line breaks, while the HTML source's own line breaks, which mean nothing, do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from tradetriage.mail.records import Link

_SOURCE_BREAKS = re.compile(r"[\r\n]+")
# Zero-width: a constant replacement is much faster than re-inserting the matched tag.
_BLOCK_END = re.compile(
    r"(?=<br\s*/?>|</(?:p|div|tr|li|h[1-6]|table|blockquote|pre|ul|ol|title)\s*>)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_MAX_LINKS = 200


def html_to_text_and_links(html: str) -> tuple[str, list[Link]]:
    """The text a reader sees, one line per block, and every ``<a href>`` (text, target)."""
    from selectolax.lexbor import LexborHTMLParser

    prepared = _BLOCK_END.sub("\n", _SOURCE_BREAKS.sub(" ", html))
    tree = LexborHTMLParser(prepared)
    links = []
    for node in tree.css("a[href]")[:_MAX_LINKS]:
        href = (node.attributes.get("href") or "").strip()
        if href:
            links.append(Link(_SPACES.sub(" ", node.text(strip=True)), href))
    tree.strip_tags(["script", "style", "head", "noscript"])
    root = tree.body or tree.root
    raw_text = root.text(separator="") if root is not None else ""
    lines = (_SPACES.sub(" ", line).strip() for line in raw_text.split("\n"))
    return "\n".join(_squeeze_blank(lines)), links


def _squeeze_blank(lines: Iterable[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return out
