"""Phishing cues: impostor domains, our servers' failed checks, bank-detail changes, credential
requests, lying links and borrowed brands."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetriage.mail.records import Address, Link, ParsedMessage
from tradetriage.signals import phishing
from tradetriage.signals.base import Context, Finding

CTX = Context(
    now=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    known_domains=frozenset({"rheinarmatur.de", "gmail.com"}),
    trusted_hosts=("mx*.everbright-valve.cn",),
)
HANS = Address("Hans Becker", "h.becker@rheinarmatur.de")


def make_msg(
    body: str = "",
    subject: str = "Order 4500123",
    sender: Address = HANS,
    reply_to: tuple[Address, ...] = (),
    links: tuple[Link, ...] = (),
    headers: dict[str, tuple[str, ...]] | None = None,
) -> ParsedMessage:
    return ParsedMessage(
        message_id="<1@example>",
        in_reply_to=None,
        references=(),
        from_=(sender,),
        to=(Address("Lily Chen", "lily@everbright-valve.cn"),),
        cc=(),
        reply_to=reply_to,
        subject=subject,
        date=None,
        date_offset_minutes=None,
        date_raw=None,
        body_text=body,
        attachments=(),
        received=(),
        links=links,
        extra_headers=headers or {},
    )


def run(msg: ParsedMessage) -> dict[str, Finding]:
    return phishing.analyze(msg, CTX, {})


def test_every_spec_is_produced_with_its_kind() -> None:
    out = run(make_msg("hello"))
    assert set(out) == {spec.name for spec in phishing.SPECS}
    for spec in phishing.SPECS:
        value = out[spec.name].value
        if spec.kind == "list":
            assert value == ()
        elif spec.kind == "bool":
            assert value is False
        else:
            assert value is None


def test_genuine_mail_from_a_known_contact_is_quiet() -> None:
    body = "Please find our PO 4500123 for 200 pcs EB-BV316-DN25. Payment by T/T as agreed."
    links = (Link("www.rheinarmatur.de", "https://www.rheinarmatur.de/"),)
    headers: dict[str, tuple[str, ...]] = {
        "authentication-results": (
            "mx.everbright-valve.cn; spf=pass smtp.mailfrom=rheinarmatur.de; dkim=pass "
            "header.d=rheinarmatur.de; dmarc=pass header.from=rheinarmatur.de",
        )
    }
    out = run(make_msg(body, links=links, headers=headers))
    assert {name: f.value for name, f in out.items() if f.value} == {}


@pytest.mark.parametrize(
    ("sender", "reply_to", "imitates", "role"),
    [
        (Address("Hans", "hans@rheinarrnatur.de"), (), "rheinarmatur.de", "From"),
        (HANS, (Address("Hans", "hans@rheinarmatur-gmbh.de"),), "rheinarmatur.de", "Reply-To"),
        (Address("Lily", "lily@everbright-vaive.cn"), (), "everbright-valve.cn", "From"),
    ],
)
def test_lookalike_sender_or_reply_to(
    sender: Address, reply_to: tuple[Address, ...], imitates: str, role: str
) -> None:
    out = run(make_msg(sender=sender, reply_to=reply_to))["phishing.lookalike"]
    assert out.value == imitates
    assert out.evidence.startswith(role + ":")
    assert "looks like" in out.evidence


def test_reply_to_imitating_the_from_domain() -> None:
    sender = Address("John Lewis & Partners", "robert.turner11@johnlewis.com")
    fake = (Address("", "robert_turner@johnlewis-trades.com"),)
    out = run(make_msg(sender=sender, reply_to=fake))["phishing.reply_to_lookalike"]
    assert out.value is True
    assert "johnlewis-trades.com looks like johnlewis.com" in out.evidence
    honest = (Address("", "orders@johnlewis.com"),)
    assert (
        run(make_msg(sender=sender, reply_to=honest))["phishing.reply_to_lookalike"].value is False
    )


def test_display_name_with_another_address() -> None:
    fake = Address("service@paypal.com", "x9@mail-secure.ru")
    out = run(make_msg(sender=fake))["phishing.display_name_addr"]
    assert out.value is True
    assert "service@paypal.com" in out.evidence
    same = Address("h.becker@rheinarmatur.de", "h.becker@rheinarmatur.de")
    assert run(make_msg(sender=same))["phishing.display_name_addr"].value is False


def _auth(*values: str, spf: tuple[str, ...] = (), arc: tuple[str, ...] = ()) -> ParsedMessage:
    headers = {"authentication-results": values}
    if spf:
        headers["received-spf"] = spf
    if arc:
        headers["arc-authentication-results"] = arc
    return make_msg(headers=headers)


def test_our_failed_checks_are_reported() -> None:
    msg = _auth(
        "mx.everbright-valve.cn; spf=fail (sender IP is 80.1.2.3) smtp.mailfrom=rheinarmatur.de;"
        " dkim=none; dmarc=fail (p=reject dis=none) header.from=rheinarmatur.de"
    )
    out = run(msg)
    assert out["phishing.auth_fail"].value == ("spf=fail", "dmarc=fail")
    assert out["phishing.dmarc_fail"].value is True


def test_forged_lower_results_are_ignored() -> None:
    # The sender wrote a "fail"-free header below ours; and a forged fail below a pass of ours.
    msg = _auth(
        "mx1.everbright-valve.cn; spf=pass smtp.mailfrom=rheinarmatur.de",
        "attacker.example; spf=fail; dmarc=fail",
    )
    assert run(msg)["phishing.auth_fail"].value == ()


def test_without_our_authserv_id_only_the_top_header_counts() -> None:
    msg = _auth("mx.google.com; spf=softfail smtp.mailfrom=x.example", "lower.example; dkim=fail")
    assert run(msg)["phishing.auth_fail"].value == ("spf=softfail",)


def test_one_passing_dkim_signature_outweighs_a_broken_one() -> None:
    msg = _auth("mx.everbright-valve.cn; dkim=fail header.d=list.example; dkim=pass header.d=a.de")
    assert run(msg)["phishing.auth_fail"].value == ()


def test_arc_results_written_by_us_count() -> None:
    msg = _auth(arc=("i=1; mx.everbright-valve.cn; dkim=fail; dmarc=fail header.from=a.de",))
    assert run(msg)["phishing.auth_fail"].value == ("dkim=fail", "dmarc=fail")


def test_received_spf_top_header() -> None:
    msg = _auth(spf=("SoftFail (mx.everbright-valve.cn: domain does not designate 1.2.3.4)",))
    assert run(msg)["phishing.auth_fail"].value == ("spf=softfail",)


@pytest.mark.parametrize(
    "body",
    [
        "Please note our bank account has been changed due to audit.",
        "Kindly find our new bank details attached and pay to the new account.",
        "We have updated banking information; our old account is frozen.",
        "Do not pay into the previous account.",
        "由于审计原因，我司变更银行账户，请汇到新账户。",
    ],
)
def test_bank_change(body: str) -> None:
    out = run(make_msg(body))["phishing.bank_change"]
    assert out.value
    assert out.evidence


def test_ordinary_bank_talk_is_not_bank_change() -> None:
    body = "Our bank is closed on Monday for the bank holiday; payment by T/T to the usual account."
    assert run(make_msg(body))["phishing.bank_change"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "Dear customer, please verify your account within 48 hours.",
        "Your mailbox is full. Click here to upgrade your mailbox.",
        "Login to avoid suspension of your account.",
        "We noticed unusual sign-in activity; confirm your password.",
        "您的邮箱已满，请验证您的账户",
    ],
)
def test_credential_request(body: str) -> None:
    assert run(make_msg(body))["phishing.credential_request"].value


def test_ordinary_confirmation_is_not_a_credential_request() -> None:
    body = "Please confirm the delivery date and the order quantity."
    assert run(make_msg(body))["phishing.credential_request"].value == ()


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        (
            Link("www.paypal.com", "http://paypal.secure-login.ru/x"),
            "shows paypal.com, goes to secure-login.ru",
        ),
        (
            Link("https://signin.ebay.com/", "http://210.5.3.9/ebay/"),
            "link to IP address 210.5.3.9",
        ),
        (
            Link("http://www.paypal.com", "http://www.paypal.com@phish.example.net/"),
            "shows paypal.com, goes to example.net",
        ),
    ],
)
def test_link_mismatch(link: Link, expected: str) -> None:
    out = run(make_msg(links=(link,)))["phishing.link_mismatch"]
    assert out.value == (expected,)


@pytest.mark.parametrize(
    "link",
    [
        Link("Click here", "http://evil.example/"),  # no URL shown: nothing to contradict
        Link("www.rheinarmatur.de", "https://shop.rheinarmatur.de/"),  # same registered domain
        Link("lily@everbright-valve.cn", "mailto:lily@everbright-valve.cn"),
        Link("version 1.2", "http://example.com"),
        Link("", "http://[::1"),  # broken URL
    ],
)
def test_honest_links(link: Link) -> None:
    assert run(make_msg(links=(link,)))["phishing.link_mismatch"].value == ()


@pytest.mark.parametrize(
    ("sender", "subject", "brand"),
    [
        (Address("PayPal Service", "service@paypal-account-help.com"), "Notice", "PayPal"),
        (Address("DHL Express", "dhl.express.notice@gmail.com"), "Parcel", "DHL"),
        (Address("Support", "support@mailer.example"), "Your eBay account is suspended", "eBay"),
        (Address("Microsoft Outlook Team", "admin@o365-mail.example"), "Mailbox", "Microsoft"),
        (Address("中国银行", "boc-notice@163.com"), "账户通知", "Bank of China"),
        (Address("Ecobank Security", "ecobank.security@yahoo.com"), "Alert", "ecobank security"),
    ],
)
def test_brand_impersonation(sender: Address, subject: str, brand: str) -> None:
    out = run(make_msg(sender=sender, subject=subject))["phishing.brand_impersonation"]
    assert out.value == brand
    assert out.evidence


@pytest.mark.parametrize(
    ("sender", "subject"),
    [
        (Address("PayPal", "service@paypal.com"), "Receipt for your payment"),
        (Address("Hans Becker", "h.becker@rheinarmatur.de"), "DHL tracking for PO 4500123"),
        (Address("Tom", "tom@buyer.example"), "Payment via PayPal for samples"),
        (Address("Follow-ups", "a@b.example"), "Follow-ups on delivery"),
    ],
)
def test_brand_named_by_its_owner_or_in_passing(sender: Address, subject: str) -> None:
    assert (
        run(make_msg(sender=sender, subject=subject))["phishing.brand_impersonation"].value is None
    )


_HEADER_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefmx.;=() -12spfdkimarcfailpas")), max_size=120
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_HEADER_TEXT, max_size=3),
    st.lists(_HEADER_TEXT, max_size=2),
    st.lists(st.tuples(st.text(max_size=40), st.text(max_size=60)), max_size=4),
    st.text(max_size=200),
    st.text(max_size=40),
)
def test_never_crashes(
    results: list[str], spf: list[str], links: list[tuple[str, str]], body: str, name: str
) -> None:
    msg = make_msg(
        body,
        sender=Address(name, "x@" + (name.strip() or "a.example")),
        links=tuple(Link(t, h) for t, h in links),
        headers={"authentication-results": tuple(results), "received-spf": tuple(spf)},
    )
    out = run(msg)
    assert set(out) == {spec.name for spec in phishing.SPECS}
    assert all(len(f.evidence) <= 120 for f in out.values())
