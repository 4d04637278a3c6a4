"""What a quoted thread tells of whom we wrote to.

A reply that quotes our own mail in an Outlook-style block carries that mail's headers: "From:
Lily Chen <lily@…>", "To: Felipe Araya <faraya@comandinafluidos.cl>". The impostor who took
over the thread keeps the quote, to look like its continuation, and writes From a look-alike
domain (comandinafluidos-cl.com). When our sent mail is in the store the look-alike check
knows the real domain already; when it is not (only the inbox synced, the mail sent from a
phone or by a colleague), the quote still tells it.
"""

from __future__ import annotations

import re

from tradetriage.signals.base import ADDRESS, in_domains
from tradetriage.signals.domain import is_freemail, registered_domain
from tradetriage.signals.phrases import names_us
from tradetriage.signals.signature import quote_header_lines, quote_headers

# How many lines below the header's opening line its To and Cc lines may come (Outlook puts
# Sent between From and To; a cut line "-----Original Message-----" comes before From).
_HEADER_LINES = 6
# A header line: a short label and a colon ("To:", "Para:", "À :", "收件人：", "Cc:"), not a
# sentence of the quoted mail that happens to hold an address.
_HEADER_LINE = re.compile(r"[ \t]*[^\s:：]{1,20}(?: [^\s:：]{1,12})? ?[:：]")


def our_recipients(
    text: str, ours: frozenset[str], our_names: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The registered domains (not ours, not a free-mail provider's) of the addresses in the
    header block of the first quote of our own mail in ``text`` (one whose header names an
    address at ``ours`` or a name of ``our_names``, as ``phrases.prepare`` tells our quotes):
    the people we wrote to, as the quote shows. Empty when the text quotes no mail of ours
    with its headers."""
    if not ours or "@" not in text:
        return frozenset()
    for start, author in quote_headers(text):
        if not author or not names_us(author, ours, our_names):
            continue
        found = set()
        for line in quote_header_lines(text, start, _HEADER_LINES):
            if not _HEADER_LINE.match(line):
                continue
            for match in ADDRESS.finditer(line):
                domain = registered_domain(match.group())
                if domain and not in_domains(domain, ours) and not is_freemail(domain):
                    found.add(domain)
        return frozenset(found)
    return frozenset()
