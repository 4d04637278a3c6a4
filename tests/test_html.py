"""Text of HTML bodies: one line per block, so that signatures are read line by line."""

from __future__ import annotations

from tradetriage.mail.html import html_to_text_and_links


def test_table_cells_are_lines_of_their_own() -> None:
    # Outlook signatures are often tables: name and title in one cell, company in the next.
    html = (
        "<p>Please quote 500 pcs.</p><table><tr><td>Hans M&uuml;ller<br>Purchasing Manager</td>"
        "<td>M&uuml;ller Armaturen GmbH<br>Tel: +49 40 1234567</td></tr></table>"
    )
    text, _ = html_to_text_and_links(html)
    assert text.splitlines() == [
        "Please quote 500 pcs.",
        "Hans Müller",
        "Purchasing Manager",
        "Müller Armaturen GmbH",
        "Tel: +49 40 1234567",
    ]
