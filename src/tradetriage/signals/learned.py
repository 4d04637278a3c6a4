"""What the clerk has taught: a token classifier trained on the mail they marked, as
SpamAssassin's BAYES rules and SpamBayes do it.

``tradetriage learn phishing|fraud|genuine ID…`` records verdicts in the store; each grading run
counts, for every token (word, subject word, link and sender domain), how many learned messages
of each verdict hold it. A new message is then scored by Gary Robinson's method: each token's
probability of meaning "phishing" (or "fraud") rather than "genuine", shrunk towards 0.5 when it
was seen rarely, and the 150 strongest combined with Fisher's chi-square test. The result is
near 1 or near 0 when the evidence is clear and near 0.5 when it is mixed.

Rules catch what a clerk can name; this catches the next mail of a campaign the clerk has
already marked, whatever its wording. It stays silent until a bad verdict and the genuine one
each have ``verdicts.MIN_LEARNED`` messages: with fewer, a handful of words would decide.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain, islice
from operator import itemgetter

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec
from tradetriage.signals.links import href_host
from tradetriage.verdicts import BAD_VERDICTS, VERDICTS, active_verdicts

# Robinson's constants as SpamBayes ships them: how strongly an unseen or rare token is pulled
# towards "unknown" (0.5), the weakest clue worth counting, and how many clues are combined.
_STRENGTH = 0.45
_UNKNOWN = 0.5
_MIN_CLUE = 0.1
_MAX_CLUES = 150
# A likeness is reported to 4 decimal places: parts of a probability below this change none.
_NEGLIGIBLE = 1e-9
_LOG_NEGLIGIBLE = math.log(_NEGLIGIBLE)

# Words split at white space, as SpamBayes does, but with edge punctuation stripped ("price,"
# is "price") and up to 20 characters long (SpamBayes: 12).
_EDGE_PUNCTUATION = ".,;:!?()[]<>{}\"'*-_=|/\\#~`"
# Chinese has no spaces: runs of CJK characters are read as overlapping character pairs.
_CJK = re.compile(r"[\u3400-\u9fff]{2,}")
_BODY_CHARS = 10_000
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


# The signals ``likeness`` gives (``analyze`` leaves them None).
LIKENESS = frozenset(f"learned.{bad}" for bad in BAD_VERDICTS)


def tokens(msg: ParsedMessage) -> frozenset[str]:
    """The distinct tokens of a message: body words, subject words (marked "subject:"), CJK
    character pairs, the sender's domain and every link's host."""
    sender = msg.from_[0].addr if msg.from_ else ""
    return text_tokens(msg.subject, msg.body_text, sender, (link.href for link in msg.links))


def text_tokens(subject: str, body_text: str, sender: str, hrefs: Iterable[str]) -> frozenset[str]:
    """``tokens`` from the stored fields it reads: building the model reads only these."""
    body = body_text[:_BODY_CHARS].lower()
    subject = subject.lower()
    found = _words(body)
    found.update("subject:" + w for w in _words(subject))
    if not body.isascii():
        found.update(_pairs(body))
    if not subject.isascii():  # a Chinese subject has no spaces: one "word" that never recurs
        found.update("subject:" + pair for pair in _pairs(subject))
    if sender:
        found.add("from:" + sender.rpartition("@")[2])
    found.update("url:" + host for href in islice(hrefs, _MAX_LINKS) if (host := href_host(href)))
    return frozenset(found)


def _pairs(text: str) -> set[str]:
    """The CJK character pairs of ``text`` (Chinese is not split into words by spaces)."""
    return {run[i : i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


def _words(text: str) -> set[str]:
    # Split, not a regular expression: a third of the time on a typical body.
    return {w for raw in set(text.split()) if 2 < len(w := raw.strip(_EDGE_PUNCTUATION)) <= 20}


# One token's clue for one verdict: its distance from "unknown" (to pick the strongest), ln f
# and ln(1 - f), computed once per run rather than once per message, and 1 (a clue to count).
# A token that is no clue for a verdict holds zeros there, which add nothing to the sums.
Clue = tuple[float, float, float, int]
_NO_CLUE: Clue = (0.0, 0.0, 0.0, 0)
_FIELDS = len(_NO_CLUE)
# A token's row in the table holds its clues for every active verdict one after the other:
# flat, so that each of a message's hundred-odd lookups touches one object, and the sums below
# run over the rows themselves. These read the four fields of the i-th verdict's clue.
_FIELD_GETTERS = tuple(
    tuple(itemgetter(_FIELDS * i + k) for k in range(_FIELDS)) for i in range(len(BAD_VERDICTS))
)


@dataclass(frozen=True)
class TokenModel:
    """The clues of every token, fixed for one grading run, and the clerk's own verdicts by
    message (sha256)."""

    active: tuple[str, ...]  # the bad verdicts with enough learned, in BAD_VERDICTS order
    # token -> its clues for the active verdicts, one after the other (see _FIELD_GETTERS).
    clues: Mapping[str, tuple[float, ...]]
    verdicts: Mapping[str, str]  # sha256 -> verdict
    counts: Mapping[str, int]  # verdict -> messages learned

    def probabilities(self, message_tokens: Iterable[str]) -> dict[str, float]:
        """For each active verdict, how much the tokens resemble its mail rather than genuine
        mail (0-1; 0.5 when no token is a clue)."""
        if not self.active:
            return {}
        # Built-in loops only (filter, map, sum): this runs for every message.
        rows = list(filter(None, map(self.clues.get, message_tokens)))
        out = {}
        for (distance, log_f, log_not_f, is_clue), verdict in zip(
            _FIELD_GETTERS, self.active, strict=False
        ):
            n = sum(map(is_clue, rows))
            strongest = rows
            if n > _MAX_CLUES:  # only the strongest count
                strongest = sorted(rows, key=distance, reverse=True)[:_MAX_CLUES]
                n = _MAX_CLUES
            out[verdict] = _combine(n, sum(map(log_f, strongest)), sum(map(log_not_f, strongest)))
        return out


def build_model(learned: Iterable[tuple[str, str, frozenset[str]]]) -> TokenModel:
    """The model from (sha256, verdict, tokens) of every learned message."""
    counts: Counter[str] = Counter()
    seen: dict[str, Counter[str]] = {verdict: Counter() for verdict in VERDICTS}
    verdicts: dict[str, str] = {}
    for sha256, verdict, message_tokens in learned:
        verdicts[sha256] = verdict
        counts[verdict] += 1
        seen[verdict].update(message_tokens)
    genuine = counts["genuine"]
    active = active_verdicts(counts)
    clues: dict[str, tuple[float, ...]] = {}
    if active:
        good = seen["genuine"]
        bad_seen = [(seen[bad], counts[bad]) for bad in active]
        for token in set(good).union(*(s for s, _ in bad_seen)):
            in_good = good[token]
            row = [_clue(s[token], total, in_good, genuine) for s, total in bad_seen]
            if any(clue is not _NO_CLUE for clue in row):
                clues[token] = tuple(chain.from_iterable(row))
    return TokenModel(active, clues, verdicts, dict(counts))


def _clue(bad: int, bad_total: int, good: int, good_total: int) -> Clue:
    # Robinson's f(w): the token's share of bad mail against its share of genuine mail, shrunk
    # towards 0.5 by how rarely it was seen; clues too close to 0.5 to matter are dropped, and
    # so are tokens seen in one learned message only: two thirds of all tokens, they changed
    # nothing in a cross-validation on the corpus, and the table is a third as large.
    seen = bad + good
    if seen < 2:
        return _NO_CLUE
    bad_ratio, good_ratio = bad / bad_total, good / good_total
    p = bad_ratio / (bad_ratio + good_ratio)
    f = (_STRENGTH * _UNKNOWN + seen * p) / (_STRENGTH + seen)
    distance = abs(f - _UNKNOWN)
    if distance < _MIN_CLUE:
        return _NO_CLUE
    return (distance, math.log(f), math.log(1.0 - f), 1)


def chi2_combined(clues: list[float]) -> float:
    """Fisher's combination of clue probabilities, both ways, as SpamBayes' chi2_spamprob:
    near 1 when the clues say "bad" together, near 0 when they say "genuine", 0.5 when torn."""
    return _combine(
        len(clues), sum(math.log(f) for f in clues), sum(math.log(1.0 - f) for f in clues)
    )


def _combine(n: int, sum_log_f: float, sum_log_not_f: float) -> float:
    if n == 0:
        return _UNKNOWN
    bad = _chi2_survival(-2.0 * sum_log_f, 2 * n)
    good = _chi2_survival(-2.0 * sum_log_not_f, 2 * n)
    return (1.0 + bad - good) / 2.0


def _chi2_survival(x2: float, freedom: int) -> float:
    # P(chi² with an even number of degrees of freedom >= x2): the Poisson sum
    # e^-m (1 + m + m²/2! + … + m^(k-1)/(k-1)!) with m = x2/2 and k = freedom/2. Its terms rise
    # up to i = m and fall after, so it is summed from the largest term outwards, and stops
    # as soon as the terms no longer count (usually after a dozen or two of the k).
    m, k = x2 / 2.0, freedom // 2
    top = min(k - 1, int(m))
    log_top = -m + top * math.log(m) - math.lgamma(top + 1) if m > 0 else 0.0
    if log_top + math.log(k) < _LOG_NEGLIGIBLE:
        return 0.0
    peak = math.exp(log_top)
    total, term = peak, peak
    for i in range(top, 0, -1):  # downwards: term(i-1) = term(i) * i / m
        term *= i / m
        total += term
        if term < _NEGLIGIBLE:
            break
    term = peak
    for i in range(top + 1, k):  # upwards: term(i) = term(i-1) * m / i
        term *= m / i
        total += term
        if term < _NEGLIGIBLE:
            break
    return min(total, 1.0)


def analyze(msg: ParsedMessage, ctx: Context, found: Findings) -> Findings:
    """The clerk's verdict on this message (None where nothing was learned or it was not
    marked). How much it resembles learned mail is ``likeness``: grading asks for it only
    where it could change a flag."""
    out: Findings = dict.fromkeys(_NAMES, _NONE)
    model = ctx.learned
    verdict = model.verdicts.get(msg.sha256) if model is not None else None
    if verdict is not None:
        out["learned.verdict"] = Finding(verdict, f"marked {verdict} with `tradetriage learn`")
    return out


def likeness(msg: ParsedMessage, ctx: Context, found: Findings) -> Findings:
    """How much an unmarked message resembles the mail learned as each bad kind rather than
    genuine mail (no findings where nothing, or too little, was learned). A marked message
    is not scored: its verdict decides its flags, and it is in the model itself. Nor is our
    own mail: it is never flagged (the store holds the clerk's sent mail too)."""
    model = ctx.learned
    verdict = found.get("learned.verdict")
    ours = found.get("domain.ours")
    if model is None or not model.active or (verdict is not None and verdict.value):
        return {}
    if ours is not None and ours.value:
        return {}
    return {
        f"learned.{bad}": Finding(
            round(p, 4), f"{p:.1%} like the {model.counts[bad]} learned {bad} mails"
        )
        for bad, p in model.probabilities(tokens(msg)).items()
    }


_NAMES = tuple(spec.name for spec in SPECS)
_NONE = Finding(None)
