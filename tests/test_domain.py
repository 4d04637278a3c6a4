"""Domain signals: registered domains, free mail, disposable mail, websites and Reply-To."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import message
from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.signals import domain
from tradetriage.signals.base import Context, Finding
from tradetriage.signals.domain import is_disposable, is_freemail, registered_domain

CTX = Context(now=datetime(2025, 3, 4, tzinfo=UTC), our_domains=frozenset({"everbright-valve.cn"}))


def make(
    body: str = "",
    sender: str = "hans.mueller@mueller-armaturen.de",
    reply_to: tuple[str, ...] = (),
) -> ParsedMessage:
    return message(
        message_id="<1@example>",
        from_=(Address("", sender),) if sender else (),
        reply_to=tuple(Address("", a) for a in reply_to),
        body_text=body,
    )


def run(msg: ParsedMessage) -> dict[str, Finding]:
    return domain.analyze(msg, CTX, {})


@pytest.mark.parametrize(
    ("given_", "expected"),
    [
        ("lily@everbright-valve.cn", "everbright-valve.cn"),
        ("Lily <Lily@Mail.Everbright-Valve.CN>", "everbright-valve.cn"),
        ("buyer@sales.asda.co.uk", "asda.co.uk"),
        ("mx.everbright-valve.cn", "everbright-valve.cn"),
        ("someone@vip.163.com", "163.com"),
        ("www.阀门.com", "阀门.com"),
        ("122.228.10.5", ""),
        ("", ""),
        ("localhost", ""),
        ("host.example.internal", "host.example.internal"),
    ],
)
def test_registered_domain(given_: str, expected: str) -> None:
    assert registered_domain(given_) == expected


def test_freemail_includes_chinese_providers_and_extra_list() -> None:
    for host in ("qq.com", "163.com", "mail.126.com", "foxmail.com", "daum.net", "gmail.com"):
        assert is_freemail(host), host
    assert not is_freemail("everbright-valve.cn")
    assert not is_freemail("mueller-armaturen.de")


def test_big_providers_in_the_disposable_list_are_not_disposable() -> None:
    # 21cn.com is a long-standing Chinese provider wrongly listed as disposable upstream.
    assert not is_disposable("21cn.com")
    assert is_freemail("21cn.com")
    assert is_disposable("mailinator.com")


def test_company_sender_with_matching_signature_website() -> None:
    body = "Please quote 200 pcs.\n\nBest regards\nHans Müller\nwww.mueller-armaturen.de\n"
    found = run(make(body))
    assert found["domain.sender"].value == "mueller-armaturen.de"
    assert found["domain.freemail"].value is False
    assert found["domain.website"].value == ("mueller-armaturen.de",)
    assert found["domain.website_matches"].value is True
    assert found["domain.website_mismatch"].value is False


def test_website_of_another_company_is_a_mismatch() -> None:
    body = "Send catalogue.\n\nRegards\nRob Turner\nWebsite: www.johnlewis.com\n"
    found = run(make(body, sender="robert.turner11@johnlewis-trades.com"))
    assert found["domain.website_mismatch"].value is True
    assert "johnlewis.com" in found["domain.website_mismatch"].evidence


def test_freemail_sender_giving_a_website_is_not_a_mismatch_but_is_freemail() -> None:
    body = "Hello\n\nThanks and Best Regards\nJulian Smith\nwww.e-cloth.co.uk\n"
    found = run(make(body, sender="juliansmith@126.com"))
    assert found["domain.freemail"].value is True
    assert found["domain.website_mismatch"].value is False
    assert found["domain.website"].value == ("e-cloth.co.uk",)


def test_social_links_and_deep_links_are_not_websites() -> None:
    body = (
        "See https://lore.kernel.org/all/20240101.patch and linkedin.com/in/hans\n\n"
        "Regards\nHans\nhttps://www.linkedin.com/in/hans\n"
    )
    found = run(make(body))
    assert found["domain.website"].value == ()


def test_quoted_text_websites_do_not_count() -> None:
    body = (
        "Thanks, noted.\n\nRegards\nHans\n\n-----Original Message-----\nFrom: Lily Chen\n"
        "Sent: Monday\nwww.everbright-valve.cn\n"
    )
    assert run(make(body))["domain.website"].value == ()


def test_ours() -> None:
    found = run(make("hi", sender="tom@everbright-valve.cn"))
    assert found["domain.ours"].value is True
    assert found["domain.spoofs_ours"].value is False
    assert run(make("hi"))["domain.ours"].value is False


OUR_SERVER = "mx.everbright-valve.cn"
SPOOFED = "spf=fail smtp.mailfrom=everbright-valve.cn; dmarc=fail header.from=everbright-valve.cn"
FORGED_PASS = "dkim=pass header.d=everbright-valve.cn; dmarc=pass header.from=everbright-valve.cn"


def _ours_with(
    *results: str, received_spf: str = "", arc: str = "", origin: str | None = "41.58.12.34"
) -> dict[str, Finding]:
    """Mail From our own domain with these headers, come in from ``origin`` (None: no
    untrusted hop, as for mail through our own relays only)."""
    headers = {"authentication-results": results} if results else {}
    if received_spf:
        headers["received-spf"] = (received_spf,)
    if arc:
        headers["arc-authentication-results"] = (arc,)
    msg = make("Please pay the supplier today.", sender="lily@everbright-valve.cn")
    return domain.analyze(replace(msg, extra_headers=headers), CTX, {"origin.ip": Finding(origin)})


SPOOFS = {
    "spf and dmarc fail": ((f"{OUR_SERVER}; {SPOOFED}",), {}, "spf=fail, dmarc=fail"),
    "dmarc is about From": ((f"{OUR_SERVER}; dmarc=fail (p=none)",), {}, "dmarc=fail"),
    "Received-SPF when no A-R": (
        (),
        {
            "received_spf": "Fail (mailfrom) identity=mailfrom; "
            "envelope-from=lily@everbright-valve.cn"
        },
        "spf=fail",
    ),
    # Results of a server we do not know (not in our server's name) do not silence the
    # Received-SPF verdict our MX wrote.
    "Received-SPF beside an unknown server's results": (
        ("relay.example; dkim=none",),
        {
            "received_spf": "Fail (mailfrom) identity=mailfrom; "
            "envelope-from=lily@everbright-valve.cn"
        },
        "spf=fail",
    ),
    # A pass a spoofer adds in our server's name (which our server should delete, RFC 8601)
    # may cancel the SPF failure, never the DMARC one.
    "forged lower header in our name": (
        (f"{OUR_SERVER}; {SPOOFED}", f"{OUR_SERVER}; {FORGED_PASS}"),
        {},
        "dmarc=fail",
    ),
    "forged ARC copy": (
        (f"{OUR_SERVER}; {SPOOFED}",),
        {"arc": f"i=1; {OUR_SERVER}; {FORGED_PASS}"},
        "dmarc=fail",
    ),
    "forged Received-SPF": (
        (f"{OUR_SERVER}; {SPOOFED}",),
        {"received_spf": "Pass (mailfrom) envelope-from=lily@everbright-valve.cn"},
        "spf=fail, dmarc=fail",
    ),
    "dkim pass does not outweigh dmarc fail": (
        (f"{OUR_SERVER}; dkim=pass header.d=everbright-valve.cn; dmarc=fail",),
        {},
        "dmarc=fail",
    ),
}


@pytest.mark.parametrize(("results", "extra", "failed"), SPOOFS.values(), ids=SPOOFS.keys())
def test_our_domain_failed_by_our_server_is_a_spoof_not_ours(
    results: tuple[str, ...], extra: dict[str, str], failed: str
) -> None:
    found = _ours_with(*results, **extra)
    assert found["domain.spoofs_ours"].value is True
    assert found["domain.ours"].value is False
    assert found["domain.spoofs_ours"].evidence == (
        f"From everbright-valve.cn, but our servers recorded {failed}"
    )


OURS = {
    # "~all": what a company's own web form or CRM gets; no hard failure, no spoof.
    "softfail": ((f"{OUR_SERVER}; spf=softfail smtp.mailfrom=lily@everbright-valve.cn",), {}),
    # A forwarder broke SPF; our DKIM signature still holds.
    "spf fail, dkim pass": (
        (
            f"{OUR_SERVER}; spf=fail smtp.mailfrom=everbright-valve.cn; "
            "dkim=pass header.d=everbright-valve.cn",
        ),
        {},
    ),
    # One header per milter, all in our server's name: the DKIM pass in one outweighs the
    # SPF failure in another.
    "one header per check": (
        (
            f"{OUR_SERVER}; spf=fail smtp.mailfrom=everbright-valve.cn",
            f"{OUR_SERVER}; dkim=pass header.d=everbright-valve.cn",
        ),
        {},
    ),
    # The top-most results, of a server we do not know, pass our DKIM: forwarding broke SPF.
    "Received-SPF fail, dkim pass": (
        ("relay.example; dkim=pass header.d=everbright-valve.cn",),
        {
            "received_spf": "Fail (mailfrom) identity=mailfrom; "
            "envelope-from=lily@everbright-valve.cn"
        },
    ),
    "failure about another domain": (
        (f"{OUR_SERVER}; spf=fail smtp.mailfrom=bounce.mail.example",),
        {},
    ),
    # A lower header not in our server's name is the sender's own text.
    "lower header not ours": ((f"{OUR_SERVER}; spf=none", f"attacker.example; {SPOOFED}"), {}),
    "through our relays only": ((f"{OUR_SERVER}; {SPOOFED}",), {"origin": None}),
    "no headers": ((), {}),
}


@pytest.mark.parametrize(("results", "extra"), OURS.values(), ids=OURS.keys())
def test_our_domain_without_a_hard_failure_from_outside_is_ours(
    results: tuple[str, ...], extra: dict[str, str | None]
) -> None:
    found = _ours_with(*results, **extra)  # type: ignore[arg-type]
    assert found["domain.ours"].value is True
    assert found["domain.spoofs_ours"].value is False


def test_disposable_sender() -> None:
    found = run(make("hi", sender="buyer@mailinator.com"))
    assert found["domain.disposable"].value is True


def test_reply_to_on_another_domain_at_free_mail() -> None:
    found = run(make("hi", sender="hanes@asda.co.uk", reply_to=("sales.asda@gmail.com",)))
    assert found["domain.reply_to_differs"].value is True
    assert found["domain.reply_to_other_address"].value is True
    assert found["domain.reply_to_freemail"].value is True
    assert "gmail.com" in found["domain.reply_to_freemail"].evidence


def test_reply_to_same_domain_other_mailbox() -> None:
    # The 419 pattern: From one Gmail box, answers to another Gmail box.
    found = run(make("hi", sender="barrister.a@gmail.com", reply_to=("barrister.b@gmail.com",)))
    assert found["domain.reply_to_differs"].value is False
    assert found["domain.reply_to_other_address"].value is True
    assert found["domain.reply_to_freemail"].value is True


def test_reply_to_same_address_is_nothing() -> None:
    found = run(make("hi", sender="hans@mueller.de", reply_to=("Hans@Mueller.de",)))
    assert found["domain.reply_to_differs"].value is False
    assert found["domain.reply_to_other_address"].value is False
    assert found["domain.reply_to_freemail"].value is False


@given(st.text(max_size=300), st.text(max_size=40))
def test_never_crashes(body: str, local: str) -> None:
    found = run(make(body, sender=f"{local}@x.example.com", reply_to=(local,)))
    assert set(found) == {spec.name for spec in domain.SPECS}


@given(st.text(max_size=80))
def test_registered_domain_never_crashes(text: str) -> None:
    assert isinstance(registered_domain(text), str)


def test_website_in_the_signature_of_a_long_mail_is_read() -> None:
    prose = "We have reviewed the offer with our engineering team and will revert shortly.\n"
    body = f"Dear Lily,\n{prose * 150}\nBest regards\nHans\nwww.mueller-armaturen.de\n"
    found = domain.analyze(make(body), CTX, {})
    assert found["domain.website_matches"].value is True
    assert found["domain.website"].value == ("mueller-armaturen.de",)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["http://", "https://", "www.", "wwww.", "a", "x.com", "/", "/p", ".", "-", " ", "\n",
             "1", "<", "Web: ", "ahttp://", "HTTP://"]
        ),
        max_size=30,
    ).map("".join)
)  # fmt: skip
def test_url_matches_are_what_the_url_pattern_finds(text: str) -> None:
    # Candidates are tried only where "http" or "www." starts; a full regex scan finds the same.
    from tradetriage.signals.signature import _URL, _url_matches

    low = text.lower()
    assert [m.span() for m in _url_matches(low)] == [m.span() for m in _URL.finditer(low)]


def test_website_hosts_in_a_signature_with_several_links() -> None:
    from tradetriage.signals.signature import website_hosts

    text = (
        "Visit https://www.everbright-valve.cn/ or www.example-buyer.de\n"
        "Docs: https://docs.example.org/manual/page and http://shop.example.it/"
    )
    assert website_hosts(text) == (
        "www.everbright-valve.cn",
        "www.example-buyer.de",
        "shop.example.it",
    )


def test_same_company_under_another_suffix_is_its_website() -> None:
    # Chinese firms mail from acme.cn and show www.acme.com.cn; a British one shows .co.uk.
    for site, sender in [
        ("www.hengda-valve.com.cn", "sales@hengda-valve.cn"),
        ("www.acme-pumps.co.uk", "buyer@acme-pumps.co.uk"),
    ]:
        found = run(make(f"Please quote.\n\nBest regards\nTom\n{site}\n", sender=sender))
        assert found["domain.website_matches"].value is True, site
        assert found["domain.website_mismatch"].value is False, site


def test_our_own_website_is_never_the_buyers() -> None:
    # A quote of our mail the quote cutter did not recognise still names our site: it says
    # nothing about the buyer (and is no mismatch against their domain).
    body = "OK.\n\nJuan\n\nLily Chen\nNingbo Everbright Valve Co., Ltd.\nwww.everbright-valve.cn\n"
    found = run(make(body, sender="juan@valvulas.com.mx"))
    assert found["domain.website"].value == ()
    assert found["domain.website_mismatch"].value is False
    # Our own mail naming our site still matches its sender.
    ours = run(
        make(
            "Offer attached.\n\nLily\nwww.everbright-valve.cn\n", sender="lily@everbright-valve.cn"
        )
    )
    assert ours["domain.website_matches"].value is True


def test_a_website_written_with_accents_is_its_punycode_domain() -> None:
    body = "Please quote.\n\nBest regards\nHans\nhttps://www.müller-armaturen.de\n"
    found = run(make(body, sender="info@xn--mller-armaturen-zvb.de"))
    assert found["domain.website"].value == ("xn--mller-armaturen-zvb.de",)
    assert found["domain.website_matches"].value is True


def test_a_host_without_a_known_suffix_is_no_website() -> None:
    found = run(make("Hi\n\nRegards\nHans\nwww.acme.notatld\n"))
    assert found["domain.website"].value == ()


def test_the_same_name_under_another_country_is_neither_match_nor_mismatch() -> None:
    # A fake buyer mailing from walmart.co and showing www.walmart.com earns no good point.
    for site, sender in [("www.walmart.com", "john@walmart.co"), ("www.hengda.com", "a@hengda.cn")]:
        found = run(make(f"Send catalogue.\n\nRegards\nJohn\n{site}\n", sender=sender))
        assert found["domain.website_matches"].value is False
        assert found["domain.website_mismatch"].value is False
