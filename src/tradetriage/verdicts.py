"""The clerk's verdicts on messages (`tradetriage learn`), and when the learned-mail classifier
starts to use them. Its own module, free of imports: the no-change `grade` reads it before
deciding whether there is any work, and must not load the signal modules to do so."""

from __future__ import annotations

from collections.abc import Mapping

VERDICTS = ("phishing", "fraud", "genuine")
BAD_VERDICTS = ("phishing", "fraud")
# SpamAssassin waits for 200 of each; a clerk sees fewer scams than a mail server. The learning
# curve in benchmarks/RESULTS.md starts at 30 of each kind.
MIN_LEARNED = 30


def active_verdicts(counts: Mapping[str, int]) -> tuple[str, ...]:
    """The bad verdicts learned often enough, beside enough genuine mail, to be scored."""
    if counts.get("genuine", 0) < MIN_LEARNED:
        return ()
    return tuple(bad for bad in BAD_VERDICTS if counts.get(bad, 0) >= MIN_LEARNED)
