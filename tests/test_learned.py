"""The learned-mail classifier (signals/learned.py): tokens, Robinson's clues, Fisher's
combination, and what the signal reports."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import PHISHING_WORDS, TRADE_WORDS, message
from tradetriage.mail.records import Address, Link
from tradetriage.signals.base import Context, Finding
from tradetriage.signals.learned import _clue as robinson_clue
from tradetriage.signals.learned import (
    analyze,
    build_model,
    chi2_combined,
    likeness,
    tokens,
)
from tradetriage.verdicts import MIN_LEARNED

NOW = datetime(2026, 11, 24, tzinfo=UTC)


def _mail(words: tuple[str, ...], rng: random.Random, sender: str) -> tuple[str, frozenset[str]]:
    """(sha256, tokens) of a mail of 40 words drawn from ``words``."""
    body = " ".join(rng.choice(words) for _ in range(40))
    msg = message(body_text=body, from_=(Address("", sender),), sha256=f"{rng.random()}")
    return msg.sha256, tokens(msg)


def _learned(phishing: int, genuine: int) -> list[tuple[str, str, frozenset[str]]]:
    rng = random.Random(7)
    bad = [_mail(PHISHING_WORDS, rng, "service@paypa1-secure.com") for _ in range(phishing)]
    good = [_mail(TRADE_WORDS, rng, "hans@becker-armaturen.de") for _ in range(genuine)]
    return [(s, "phishing", t) for s, t in bad] + [(s, "genuine", t) for s, t in good]


def test_tokens_read_body_subject_cjk_sender_and_link_hosts() -> None:
    msg = message(
        subject="Verify your Account",
        body_text="Please login at once. 请尽快付款",
        from_=(Address("", "alerts@paypa1.com"),),
        links=(Link("PayPal", "http://203.0.113.9/login"), Link("bad", "http://[::1")),
    )
    found = tokens(msg)
    assert {"subject:verify", "subject:account", "please", "login", "once"} <= found
    assert {"请尽", "尽快", "快付", "付款"} <= found
    assert {"from:paypa1.com", "url:203.0.113.9"} <= found
    assert "subject:your" in found and "at" not in found  # words of 3 letters or more


def test_chi2_combination_is_sure_only_when_the_clues_agree() -> None:
    assert chi2_combined([0.99] * 20) > 0.99
    assert chi2_combined([0.01] * 20) < 0.01
    assert 0.4 < chi2_combined([0.99] * 10 + [0.01] * 10) < 0.6
    assert chi2_combined([]) == 0.5


def _chi2_reference(clues: list[float]) -> float:
    # SpamBayes' chi2_spamprob with its chi2Q, term by term, as a yardstick.
    def chi2q(x2: float, v: int) -> float:
        m = x2 / 2.0
        total = term = math.exp(-m)
        for i in range(1, v // 2):
            term *= m / i
            total += term
        return min(total, 1.0)

    n = len(clues)
    s = 1.0 - chi2q(-2.0 * sum(math.log(1.0 - f) for f in clues), 2 * n)
    h = 1.0 - chi2q(-2.0 * sum(math.log(f) for f in clues), 2 * n)
    return (s - h + 1.0) / 2.0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.01, 0.99), min_size=1, max_size=150))
def test_chi2_combination_matches_spambayes(clues: list[float]) -> None:
    assert chi2_combined(clues) == pytest.approx(_chi2_reference(clues), abs=1e-8)


def test_only_the_150_strongest_clues_count() -> None:
    # 100 words each in 4 of 400 learned phishing mails (strong clues), 100 words each in 2 of
    # 200 genuine ones (weaker): a message holding all 200 combines the 100 strong and 50 weak.
    learned = [(f"b{i}", "phishing", frozenset({f"bad{i % 100}"})) for i in range(400)]
    learned += [(f"g{i}", "genuine", frozenset({f"good{i % 100}"})) for i in range(200)]
    model = build_model(learned)
    f_bad = math.exp(robinson_clue(4, 400, 0, 200)[1])
    f_good = math.exp(robinson_clue(0, 400, 2, 200)[1])
    assert abs(f_bad - 0.5) > abs(f_good - 0.5)
    words = {f"bad{i}" for i in range(100)} | {f"good{i}" for i in range(100)}
    got = model.probabilities(words)["phishing"]
    assert got == pytest.approx(chi2_combined([f_bad] * 100 + [f_good] * 50), abs=1e-9)
    assert got != pytest.approx(chi2_combined([f_bad] * 100 + [f_good] * 100), abs=1e-3)


def test_both_bad_kinds_are_scored_apart() -> None:
    rng = random.Random(5)
    fraud_words = ("transfer", "beneficiary", "million", "inheritance", "barrister", "fund")
    learned = _learned(MIN_LEARNED, MIN_LEARNED)
    learned += [
        (f"f{i}", "fraud", _mail(fraud_words, rng, "barrister@example.org")[1])
        for i in range(MIN_LEARNED)
    ]
    model = build_model(learned)
    assert model.active == ("phishing", "fraud")
    _, scam = _mail(fraud_words, rng, "lawyer@example.net")
    likeness = model.probabilities(scam)
    assert likeness["fraud"] > 0.99
    assert likeness["phishing"] < likeness["fraud"]


def test_an_empty_message_has_no_tokens_and_an_unknown_likeness() -> None:
    empty = message(from_=(), subject="", body_text="")
    assert tokens(empty) == frozenset()
    ctx = Context(now=NOW, learned=build_model(_learned(MIN_LEARNED, MIN_LEARNED)))
    assert likeness(empty, ctx, {})["learned.phishing"].value == 0.5


def test_model_stays_silent_below_the_minimum() -> None:
    model = build_model(_learned(MIN_LEARNED - 1, MIN_LEARNED))
    assert model.probabilities({"verify", "account"}) == {}
    assert model.counts == {"phishing": MIN_LEARNED - 1, "genuine": MIN_LEARNED}


def test_model_tells_unseen_mail_of_each_kind_apart() -> None:
    model = build_model(_learned(MIN_LEARNED, MIN_LEARNED))
    rng = random.Random(99)
    _, phish = _mail(PHISHING_WORDS, rng, "noreply@paypa1-secure.com")
    _, trade = _mail(TRADE_WORDS, rng, "info@another-buyer.com")
    assert model.probabilities(phish)["phishing"] > 0.99
    assert model.probabilities(trade)["phishing"] < 0.01
    assert model.probabilities({"never", "seen", "words"}) == {"phishing": 0.5}
    assert "fraud" not in model.probabilities(phish)  # no fraud learned


def test_our_own_mail_gets_no_likeness() -> None:
    ctx = Context(now=NOW, learned=build_model(_learned(MIN_LEARNED, MIN_LEARNED)))
    ours = message(body_text="verify your account login")
    assert likeness(ours, ctx, {"domain.ours": Finding(True)}) == {}
    assert likeness(ours, ctx, {})["learned.phishing"].value is not None  # not ours: scored


def test_a_learned_message_gets_its_verdict_and_an_unlearned_one_its_likeness() -> None:
    learned = _learned(MIN_LEARNED, MIN_LEARNED)
    ctx = Context(now=NOW, learned=build_model(learned))
    marked = message(body_text="verify your account login", sha256=learned[0][0])
    found = analyze(marked, ctx, {})
    assert found["learned.verdict"].value == "phishing"
    # Its verdict decides its flags: what it resembles is not scored.
    assert likeness(marked, ctx, found) == {}
    unseen = message(body_text="verify your account login", sha256="f" * 64)
    found = analyze(unseen, ctx, {})
    assert found["learned.verdict"].value is None
    assert found["learned.phishing"].value is None  # likeness is asked for apart
    like = likeness(unseen, ctx, found)
    assert float(like["learned.phishing"].value or 0) > 0.9
    assert "learned phishing mails" in like["learned.phishing"].evidence
    assert "learned.fraud" not in like  # no fraud learned


@pytest.mark.parametrize("model", [None, build_model([])])
def test_analyze_says_nothing_without_learned_mail(model: object) -> None:
    ctx = Context(now=NOW, learned=model)  # type: ignore[arg-type]
    found = analyze(message(body_text="verify your account"), ctx, {})
    assert {name: f.value for name, f in found.items()} == dict.fromkeys(
        ("learned.verdict", "learned.phishing", "learned.fraud")
    )


def test_a_chinese_subject_gives_character_pairs_like_the_body() -> None:
    found = tokens(message(subject="紧急付款通知 please", body_text="请查收 check"))
    assert {"subject:紧急", "subject:急付", "subject:通知", "subject:please"} <= found
    assert {"请查", "查收", "check"} <= found
    assert "subject:紧急付款通知" in found  # the whole run stays a word, as before
