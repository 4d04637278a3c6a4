"""Readable text and links from an HTML body, with selectolax (a fast C HTML5 parser).

Line structure matters downstream (signatures are found line by line), so block elements and
``<br>`` become line breaks, while the HTML source's own line breaks, which mean nothing, do not.
Every step is one pass over the whole text (no per-line or per-position Python work): on a
16 KB HTML part that is the difference between ~1 ms and ~0.2 ms.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tradetriage.mail.records import Link

if TYPE_CHECKING:
    from selectolax.lexbor import LexborHTMLParser

# Literal-led ("<" first), so the engine skips to candidate positions instead of trying a
# lookahead at every character.
_BLOCK_END = re.compile(
    r"<(?=br\s*/?>|/(?:p|div|tr|td|th|li|h[1-6]|table|blockquote|pre|ul|ol|title)\s*>)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t\u00a0]+")
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_RUNS = re.compile(r"\n{3,}")
_MAX_LINKS = 200


def html_to_text_and_links(html: str) -> tuple[str, list[Link]]:
    """The text a reader sees, one line per block, and every link (text, target): ``<a href>``
    and the image-map ``<area href>`` (its text is its ``alt``)."""
    tree = _parse(html)
    links = _links(tree)
    tree.strip_tags(["script", "style", "head", "noscript"])
    root = tree.body or tree.root
    text = root.text(separator="") if root is not None else ""
    text = _LINE_EDGES.sub("\n", _SPACES.sub(" ", text))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n "), links


def html_links(html: str) -> list[Link]:
    """Only the links: for mail whose text/plain part already gives the text. The HTML is
    parsed as it is: the line-break work of ``_parse`` is for text, and cost a third of this."""
    # Many HTML alternatives carry no link: skip the parse. (A case-insensitive regex search
    # for "href" scans at a seventh of the speed of lower() and a substring test.)
    if "href" not in html and "href" not in html.lower():
        return []
    from selectolax.lexbor import LexborHTMLParser

    return _links(LexborHTMLParser(html))


def _parse(html: str) -> LexborHTMLParser:
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(_BLOCK_END.sub("\n<", _one_line(html)))


def _links(tree: LexborHTMLParser) -> list[Link]:
    # Image maps count: phishing mail is often one picture of a bank's page whose areas all
    # link to the phisher's site.
    links = []
    for node in tree.css("a[href], area[href]")[:_MAX_LINKS]:
        href = _one_line(node.attributes.get("href") or "").strip()
        if href:
            text = node.text(strip=True) if node.tag == "a" else node.attributes.get("alt") or ""
            links.append(Link(_SPACES.sub(" ", _one_line(text)).strip(), href))
    return links


def _one_line(text: str) -> str:
    # Line breaks in HTML source mean nothing: each becomes a space.
    if "\n" not in text and "\r" not in text:
        return text
    return text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
