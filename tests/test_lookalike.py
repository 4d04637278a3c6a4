"""Domain look-alike detection: impostor domains match the domain they imitate, honest ones do
not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tradetriage.signals.lookalike import (
    decode_idna,
    domain_index,
    domain_or_host,
    mixed_script,
    osa_distance,
    skeleton,
)

KNOWN = frozenset(
    {"rheinarmatur.de", "everbright-valve.cn", "paypal.com", "abb.com", "gmail.com", "festo.com"}
)


@pytest.mark.parametrize(
    ("host", "imitates", "how"),
    [
        ("rheinarrnatur.de", "rheinarmatur.de", "homoglyph"),  # rn → m
        ("rheinarmatur.com", "rheinarmatur.de", "swapped TLD"),
        ("rheinarmatur-de.com", "rheinarmatur.de", "added word"),
        ("rheinarmatur-gmbh.de", "rheinarmatur.de", "added word"),
        ("rheinarmaturgroup.com", "rheinarmatur.de", "added word"),
        ("rheinamratur.de", "rheinarmatur.de", "edit distance 1"),  # transposition
        ("rhienarmatru.de", "rheinarmatur.de", "edit distance 2"),
        ("everbrightvalve.cn", "everbright-valve.cn", "hyphen"),
        ("everbright-vaive.cn", "everbright-valve.cn", "edit distance 1"),
        ("everbright-valve.com.cn", "everbright-valve.cn", "swapped TLD"),
        ("paypa1.com", "paypal.com", "homoglyph"),  # 1 → l
        ("xn--pypal-4ve.com", "paypal.com", "mixed scripts"),  # Cyrillic а
        ("gmai1.com", "gmail.com", "homoglyph"),
        (
            "everbright-valve.cn.secure-login.net",
            "everbright-valve.cn",
            "known domain as sub-domain",
        ),
    ],
)
def test_impostor_domains_match_the_domain_they_imitate(host: str, imitates: str, how: str) -> None:
    hit = domain_index(KNOWN).match(host)
    assert hit is not None
    assert (hit.imitates, hit.how) == (imitates, how)
    assert imitates in hit.evidence


@pytest.mark.parametrize(
    "host",
    [
        "rheinarmatur.de",  # the real one
        "mail.rheinarmatur.de",  # a host of the real one
        "gmail.com",
        "email.cn",  # distance 1 from gmail, but free-mail providers are not fuzzy-matched
        "hotmail.com",  # a free-mail provider is nobody's impostor
        "abc.com",  # short labels only match exactly
        "fiesta.com",  # distance 2 from festo, but 5-7 letter labels tolerate only 1
        "totally-different.org",
        "122.228.10.5",
        "",
    ],
)
def test_honest_domains_do_not_match(host: str) -> None:
    assert domain_index(KNOWN).match(host) is None


def test_freemail_known_domains_match_only_by_homoglyph() -> None:
    # Contacts on gmail.com make gmail.com "known"; typo distance to it would flag honest
    # providers, so only a character-for-character disguise counts.
    index = domain_index(frozenset({"gmail.com"}))
    assert index.match("gmial.com") is None
    assert index.match("gmail.de") is None
    hit = index.match("grnail.com")
    assert hit is not None and hit.imitates == "gmail.com"


def test_empty_index_matches_nothing() -> None:
    assert domain_index(frozenset()).match("paypa1.com") is None


def test_registered_domain_uses_the_public_suffix_list() -> None:
    assert domain_or_host("mx.everbright-valve.com.cn") == "everbright-valve.com.cn"
    assert domain_or_host("WWW.Rheinarmatur.DE.") == "rheinarmatur.de"
    assert domain_or_host("122.228.10.5") == "122.228.10.5"


def test_skeleton_folds_lookalike_characters() -> None:
    assert skeleton("rnicrosoft") == skeleton("microsoft")
    assert skeleton("vvebshop") == skeleton("webshop")
    assert skeleton("g00gle") == skeleton("google")
    assert skeleton("раураl") == "paypal"  # all Cyrillic except the final l
    assert skeleton("ＰａｙＰａｌ") == "paypal"  # full-width letters


def test_idna_labels_decode_and_mixed_scripts_are_seen() -> None:
    assert decode_idna("xn--pypal-4ve") == "pаypal"
    assert mixed_script("xn--pypal-4ve")
    assert not mixed_script("paypal")
    assert not mixed_script("xn--fiq228c")  # 中文: one script
    assert decode_idna("xn--broken-") == "xn--broken-"  # undecodable stays as it is


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("abcdef", "abcdef", 0), ("abcdef", "abdcef", 1), ("abcdef", "abcxyz", 3), ("ab", "", 2)],
)
def test_osa_distance(a: str, b: str, distance: int) -> None:
    assert osa_distance(a, b, limit=5) == distance


def test_osa_distance_stops_at_the_limit() -> None:
    assert osa_distance("abcdefgh", "zyxwvuts", limit=2) == 3


@given(st.text(max_size=60))
def test_match_never_crashes_on_any_host(host: str) -> None:
    hit = domain_index(KNOWN).match(host)
    assert hit is None or hit.imitates in KNOWN


@given(st.text(max_size=30), st.text(max_size=30))
def test_osa_distance_is_symmetric(a: str, b: str) -> None:
    assert osa_distance(a, b, 3) == osa_distance(b, a, 3)


@pytest.mark.parametrize(
    "host",
    [
        "rheinarmatur.de-payments.com",
        "rheinarmatur.evil.net",
        "rheinarmatur.mail-secure.net",
        "secure.rheinarmatur.mail-secure.net",
        "rheinarrnatur.evil.net",
        "everbright-valve.payments.io",
    ],
)
def test_a_known_name_as_a_sub_domain_label_is_a_lookalike(host: str) -> None:
    hit = domain_index(KNOWN).match(host)
    assert hit is not None
    assert hit.how == "known name as sub-domain"
    assert hit.imitates in {"rheinarmatur.de", "everbright-valve.cn"}


@pytest.mark.parametrize(
    "host",
    [
        "mail.example.net",  # a known "mail.com" must not make every mail host a look-alike
        "info.example.net",
        "sales.example.org",
        "gmail.example.net",  # free-mail names are only matched by homoglyph
        "abb.example.net",  # too short a name to tell
        "festo.example.net",
    ],
)
def test_generic_or_short_names_as_sub_domains_are_not_lookalikes(host: str) -> None:
    known = KNOWN | {"mail.com", "info.de", "sales.com"}
    assert domain_index(known).match(host) is None


@pytest.mark.parametrize(
    ("known", "host"),
    [
        ("müller-armaturen.de", "xn--mller-armaturen-zvb.de"),
        ("xn--mller-armaturen-zvb.de", "müller-armaturen.de"),
        ("müller-armaturen.de", "mail.xn--mller-armaturen-zvb.de"),
        ("MÜLLER-armaturen.de", "müller-armaturen.de"),
    ],
)
def test_unicode_and_punycode_forms_of_one_domain_are_the_same_domain(
    known: str, host: str
) -> None:
    assert domain_index(frozenset({known})).match(host) is None
    assert domain_or_host(host) == "xn--mller-armaturen-zvb.de"


def test_an_idn_impostor_of_an_idn_domain_is_still_found() -> None:
    hit = domain_index(frozenset({"müller-armaturen.de"})).match("xn--mller-armaturen-vob.de")
    assert hit is not None and hit.imitates == "xn--mller-armaturen-zvb.de"


@pytest.mark.parametrize(
    "host",
    [
        "rheinarmatur.coupahost.com",
        "rheinarmatur.zendesk.com",
        "everbright-valve.zendesk.com",
        "rheinarmatur.my.salesforce.com",
        "rheinarmatur.s3.amazonaws.com",
        "em.rheinarmatur.mailchimpapp.com",
        "rheinarmatur.myshopify.com",
    ],
)
def test_a_customers_tenant_on_a_shared_platform_is_no_lookalike(host: str) -> None:
    index = domain_index(frozenset({"rheinarmatur.de", "everbright-valve.cn"}))
    assert index.match(host) is None


def test_sharp_s_is_its_own_letter_as_in_idna_2008() -> None:
    # .de follows IDNA 2008: straße-armaturen.de and strasse-armaturen.de are two domains.
    from tradetriage.signals.base import ascii_host

    assert ascii_host("straße-armaturen.de") == "xn--strae-armaturen-tib.de"
    assert decode_idna("xn--strae-armaturen-tib") == "straße-armaturen"
    index = domain_index(frozenset({"strasse-armaturen.de"}))
    assert index.match("straße-armaturen.de") is not None
