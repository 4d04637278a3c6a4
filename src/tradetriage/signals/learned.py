"""What the clerk has taught: a token classifier trained on the mail they marked, as
SpamAssassin's BAYES rules and SpamBayes do it.

``tradetriage learn phishing|fraud|genuine ID…`` records verdicts in the store; each grading run
counts, for every token (word, subject word, link and sender domain), how many learned messages
of each verdict hold it. A new message is then scored by Gary Robinson's method: each token's
probability of meaning "phishing" (or "fraud") rather than "genuine", shrunk towards 0.5 when it
was seen rarely, and the 150 strongest combined with Fisher's chi-square test. The result is
near 1 or near 0 when the evidence is clear and near 0.5 when it is mixed.

Rules catch what a clerk can name; this catches the campaign the clerk has already seen twice
in other words. It stays silent until each verdict has ``MIN_LEARNED`` messages: with fewer, a
handful of words would decide.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec

VERDICTS = ("phishing", "fraud", "genuine")
BAD_VERDICTS = ("phishing", "fraud")
# SpamAssassin waits for 200 of each; a clerk sees fewer scams than a mail server, and 30
# already keeps single words from deciding (tested on the corpus: benchmarks/RESULTS.md).
MIN_LEARNED = 30

# Robinson's constants as SpamBayes ships them: how strongly an unseen or rare token is pulled
# towards "unknown" (0.5), the weakest clue worth counting, and how many clues are combined.
_STRENGTH = 0.45
_UNKNOWN = 0.5
_MIN_CLUE = 0.1
_MAX_CLUES = 150

# Words of 3-20 letters, digits or word-inner marks ("e-mail", "u.s.", "don't"), and money.
_WORD = re.compile(r"[^\W\d_][\w'.-]{1,18}\w|[$€£]\d[\d,.]*")
# Chinese has no spaces: runs of CJK characters are read as overlapping character pairs.
_CJK = re.compile(r"[\u3400-\u9fff]{2,}")
_BODY_CHARS = 20_000
_MAX_LINKS = 100

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "learned.verdict",
        "str",
        'what the clerk marked this message ("phishing", "fraud" or "genuine") with `learn`',
    ),
    SignalSpec(
        "learned.phishing",
        "float",
        "0-1: how much the message resembles mail learned as phishing rather than as genuine",
    ),
    SignalSpec(
        "learned.fraud",
        "float",
        "0-1: how much the message resembles mail learned as fraud rather than as genuine",
    ),
)


def tokens(msg: ParsedMessage) -> frozenset[str]:
    """The distinct tokens of a message: body words, subject words (marked "subject:"), CJK
    character pairs, the sender's domain and every link's host."""
    found: set[str] = set()
    found.update("subject:" + w for w in _WORD.findall(msg.subject.lower()))
    body = msg.body_text[:_BODY_CHARS].lower()
    found.update(_WORD.findall(body))
    for run in _CJK.findall(body):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    if msg.from_:
        found.add("from:" + msg.from_[0].addr.rpartition("@")[2])
    for link in msg.links[:_MAX_LINKS]:
        try:
            host = urlsplit(link.href.strip()).hostname
        except ValueError:  # a malformed URL (bad port, unbalanced brackets)
            continue
        if host:
            found.add("url:" + host)
    return frozenset(found)


@dataclass(frozen=True)
class TokenModel:
    """Per-token clue strength for each bad verdict, fixed for one grading run, and the
    clerk's own verdicts by message (sha256)."""

    clues: Mapping[str, Mapping[str, float]]  # bad verdict -> token -> Robinson's f(w)
    verdicts: Mapping[str, str]  # sha256 -> verdict
    counts: Mapping[str, int]  # verdict -> messages learned

    def probability(self, verdict: str, message_tokens: Iterable[str]) -> float | None:
        """How much the tokens resemble ``verdict`` mail rather than genuine mail (0-1), or
        None when too little of either was learned."""
        table = self.clues.get(verdict)
        if table is None:
            return None
        found = [f for f in map(table.get, message_tokens) if f is not None]
        if not found:
            return _UNKNOWN
        found.sort(key=lambda f: -abs(f - _UNKNOWN))
        return chi2_combined(found[:_MAX_CLUES])


def build_model(learned: Iterable[tuple[str, str, frozenset[str]]]) -> TokenModel:
    """The model from (sha256, verdict, tokens) of every learned message."""
    counts: Counter[str] = Counter()
    per_token: dict[str, Counter[str]] = {}
    verdicts: dict[str, str] = {}
    for sha256, verdict, message_tokens in learned:
        verdicts[sha256] = verdict
        counts[verdict] += 1
        for token in message_tokens:
            per_token.setdefault(token, Counter())[verdict] += 1
    clues: dict[str, dict[str, float]] = {}
    genuine = counts["genuine"]
    for bad in BAD_VERDICTS:
        if counts[bad] < MIN_LEARNED or genuine < MIN_LEARNED:
            continue
        table = clues[bad] = {}
        for token, seen in per_token.items():
            strength = _clue(seen[bad], counts[bad], seen["genuine"], genuine)
            if strength is not None:
                table[token] = strength
    return TokenModel(clues, verdicts, dict(counts))


def _clue(bad: int, bad_total: int, good: int, good_total: int) -> float | None:
    # Robinson's f(w): the token's share of bad mail against its share of genuine mail, shrunk
    # towards 0.5 by how rarely it was seen; clues too close to 0.5 to matter are dropped.
    seen = bad + good
    if seen == 0:
        return None
    bad_ratio, good_ratio = bad / bad_total, good / good_total
    p = bad_ratio / (bad_ratio + good_ratio)
    f = (_STRENGTH * _UNKNOWN + seen * p) / (_STRENGTH + seen)
    return f if abs(f - _UNKNOWN) >= _MIN_CLUE else None


def chi2_combined(clues: list[float]) -> float:
    """Fisher's combination of clue probabilities, both ways, as SpamBayes' chi2_spamprob:
    near 1 when the clues say "bad" together, near 0 when they say "genuine", 0.5 when torn."""
    n = len(clues)
    if n == 0:
        return _UNKNOWN
    bad = _chi2_survival(-2.0 * sum(math.log(f) for f in clues), 2 * n)
    good = _chi2_survival(-2.0 * sum(math.log(1.0 - f) for f in clues), 2 * n)
    return (1.0 + bad - good) / 2.0


def _chi2_survival(x2: float, freedom: int) -> float:
    # P(chi² with an even number of degrees of freedom >= x2), summed as a Poisson series.
    m = x2 / 2.0
    term = total = math.exp(-m)
    for i in range(1, freedom // 2):
        term *= m / i
        total += term
    return min(total, 1.0)


def analyze(msg: ParsedMessage, ctx: Context, found: Findings) -> Findings:
    """The clerk's verdict on this message, and how much it resembles learned bad mail (None
    where nothing, or too little, was learned)."""
    model = ctx.learned
    out: Findings = dict.fromkeys(_NAMES, _NONE)
    if model is None:
        return out
    verdict = model.verdicts.get(msg.sha256)
    if verdict is not None:
        out["learned.verdict"] = Finding(verdict, f"marked {verdict} with `tradetriage learn`")
    if model.clues:
        message_tokens = tokens(msg)
        for bad in BAD_VERDICTS:
            p = model.probability(bad, message_tokens)
            if p is not None:
                out[f"learned.{bad}"] = Finding(
                    round(p, 4), f"{p:.1%} like the {model.counts[bad]} learned {bad} mails"
                )
    return out


_NAMES = tuple(spec.name for spec in SPECS)
_NONE = Finding(None)
