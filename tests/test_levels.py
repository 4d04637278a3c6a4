"""Customer levels from a contact's history, and when the service rules want our next mail."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tradetriage.grading.binding import AddressInfo, ContactIndex, bind
from tradetriage.grading.levels import (
    FACT_SIGNALS,
    LevelReason,
    MailFacts,
    Marks,
    contact_level,
    due_at,
    facts_from_findings,
    waiting_since,
)

T0 = datetime(2026, 11, 9, 9, 0, tzinfo=UTC)


def mail(day: float, *, inbound: bool = True, **kw: object) -> MailFacts:
    return MailFacts(inbound=inbound, when=T0 + timedelta(days=day), **kw)  # type: ignore[arg-type]


def test_vague_first_mail_is_level_4() -> None:
    result = contact_level([mail(0, generic=True)], Marks())
    assert result.level == 4
    assert "no contact details" in result.reasons


def test_named_product_is_level_3() -> None:
    assert contact_level([mail(0, named_products=True, specificity=1)], Marks()).level == 3
    assert contact_level([mail(0, specificity=2)], Marks()).level == 3


def test_long_detailed_exchange_with_full_details_is_level_2() -> None:
    history = [mail(i, inbound=i % 2 == 0, specificity=3, completeness=5) for i in range(6)]
    assert contact_level(history, Marks()).level == 2
    # Five mails are not enough, nor six with thin contact details.
    assert contact_level(history[:5], Marks()).level == 3
    thin = [mail(i, inbound=i % 2 == 0, specificity=3, completeness=2) for i in range(6)]
    assert contact_level(thin, Marks()).level == 3
    # Six mails all from them, never answered, is not an exchange.
    one_way = [mail(i, specificity=3, completeness=5) for i in range(6)]
    assert contact_level(one_way, Marks()).level == 3


def test_naming_our_products_without_detail_is_not_level_2() -> None:
    # Level 2 wants detailed product knowledge; naming our products is level 3's mark.
    history = [
        mail(i, inbound=i % 2 == 0, named_products=True, specificity=1, completeness=5)
        for i in range(6)
    ]
    assert contact_level(history, Marks()).level == 3


def test_ordered_is_level_1_and_pin_wins() -> None:
    assert contact_level([mail(0)], Marks(ordered=True)).level == 1
    pinned = contact_level([mail(0)], Marks(ordered=True, pinned_level=3))
    assert (pinned.level, pinned.pinned) == (3, True)


def test_flags_come_from_inbound_mail_only_and_keep_the_level() -> None:
    history = [mail(0, named_products=True, flags=("phishing",)), mail(1, inbound=False)]
    result = contact_level(history, Marks())
    assert result.flags == ("phishing",)
    assert result.level == 3


def test_waiting_and_due() -> None:
    history = [mail(0), mail(1, inbound=False), mail(2), mail(2.5)]
    assert waiting_since(history) == T0 + timedelta(days=2)
    assert due_at(3, history) == T0 + timedelta(days=3)
    answered = [mail(0), mail(1, inbound=False)]
    assert waiting_since(answered) is None
    assert due_at(3, answered) is None
    # Level 2, quiet but active: a touch three days after our last mail.
    assert due_at(2, answered) == T0 + timedelta(days=4)


def test_binding_company_domain_then_signature_phone() -> None:
    company = AddressInfo(
        "k.weber@rheinarmatur.de", "rheinarmatur.de", False, frozenset({"+49211"})
    )
    colleague = AddressInfo("einkauf@rheinarmatur.de", "rheinarmatur.de", False)
    gmail = AddressInfo("kweber.rhein@gmail.com", "gmail.com", True, frozenset({"+49211"}))
    stranger = AddressInfo("buyer77@gmail.com", "gmail.com", True)
    result = {
        info.addr: (contact, why)
        for info, contact, why in bind(
            [gmail, stranger, company, colleague], ContactIndex(), next_id=1
        )
    }
    assert result["k.weber@rheinarmatur.de"][0] == result["einkauf@rheinarmatur.de"][0]
    assert result["kweber.rhein@gmail.com"][0] == result["k.weber@rheinarmatur.de"][0]
    assert "phone" in result["kweber.rhein@gmail.com"][1]
    assert result["buyer77@gmail.com"][0] != result["k.weber@rheinarmatur.de"][0]


def test_lookalike_domain_with_copied_signature_stays_apart() -> None:
    real = AddressInfo("k.weber@rheinarmatur.de", "rheinarmatur.de", False, frozenset({"+49211"}))
    fake = AddressInfo("k.weber@rheinarrnatur.de", "rheinarrnatur.de", False, frozenset({"+49211"}))
    ids = {contact for _, contact, _ in bind([real, fake], ContactIndex(), next_id=1)}
    assert ids == {1, 2}


def test_two_gmail_users_are_never_merged_by_domain() -> None:
    a = AddressInfo("a@gmail.com", "gmail.com", True)
    b = AddressInfo("b@gmail.com", "gmail.com", True)
    ids = {contact for _, contact, _ in bind([a, b], ContactIndex(), next_id=10)}
    assert ids == {10, 11}


def test_a_spoofed_address_of_ours_identifies_nobody() -> None:
    ours = "everbright-valve.cn"
    sites, phones = frozenset({ours}), frozenset({"+8657487654321"})
    spoofed = AddressInfo(f"lily@{ours}", ours, False, phones, sites, ours=True)
    other_spoof = AddressInfo(f"boss@{ours}", ours, False, ours=True)
    colleague_qq = AddressInfo("lilychen88@qq.com", "qq.com", True, phones, sites)
    assigned = bind([spoofed, other_spoof, colleague_qq], ContactIndex(), next_id=1)
    assert {contact for _, contact, _ in assigned} == {1, 2, 3}
    assert {why for _, _, why in assigned} == {"new contact"}


def test_level_reasons_render_in_chinese() -> None:
    from tradetriage.grading.report import level_reason

    assert level_reason("has ordered", "zh") == "已下单"
    assert level_reason("8 mails exchanged", "zh") == "往来邮件8封"
    assert level_reason("8 mails exchanged", "en") == "8 mails exchanged"
    assert level_reason("something new", "zh") == "something new"


def test_level_reasons_are_codes_rendered_per_language() -> None:
    from tradetriage.grading.levels import REASON_TEXTS
    from tradetriage.grading.report import level_reason

    history = [mail(i, inbound=i % 2 == 0, specificity=3, completeness=5) for i in range(6)]
    result = contact_level(history, Marks())
    assert result.codes[0] == LevelReason("exchanged", 6)
    assert result.reasons[0] == "6 mails exchanged"
    assert level_reason(["exchanged", 6], "zh") == "往来邮件6封"
    assert level_reason(["exchanged", 6], "en") == "6 mails exchanged"
    assert level_reason(["ordered", None], "zh") == "已下单"
    # Every code has both languages, and an old store's English text still renders.
    assert all(set(texts) == {"en", "zh"} for texts in REASON_TEXTS.values())
    for code in REASON_TEXTS:
        english = LevelReason(code, 3).text("en")
        assert level_reason(english, "zh") == LevelReason(code, 3).text("zh")


def test_facts_read_only_the_signals_the_store_hands_over() -> None:
    # Contacts are refreshed from FACT_SIGNALS alone (picked out of the findings by SQLite): a
    # value read here but left out of that list would be None for every message, silently.
    read: list[str] = []

    class Recording(dict[str, object]):
        def get(self, key: str, default: object = None) -> object:
            read.append(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> object:
            read.append(key)
            return super().__getitem__(key)

    facts_from_findings(True, T0, Recording(), ())
    assert read
    assert set(read) <= set(FACT_SIGNALS)


def test_a_buyer_moving_to_an_order_is_level_3_however_short_the_mail() -> None:
    history = [mail(0, inbound=False), mail(1, order_intent=True)]
    result = contact_level(history, Marks())
    assert result.level == 3
    assert result.codes[0] == LevelReason("order-intent")
    assert contact_level([mail(1)], Marks()).level == 4


def test_a_company_address_never_joins_a_free_mail_contact_that_named_its_site() -> None:
    # An impostor's Gmail signed with the customer's website must not capture the customer's
    # own company address when it writes later (the binding stays order-dependent instead:
    # Gmail first, then the company address, are two contacts until the clerk links them).
    impostor = AddressInfo(
        "hans.becker.procurement@gmail.com", "gmail.com", True,
        websites=frozenset({"becker-armaturen.de"}),
    )  # fmt: skip
    index = ContactIndex()
    bind([impostor], index, next_id=1)
    genuine = AddressInfo("h.becker@becker-armaturen.de", "becker-armaturen.de", False)
    assert bind([genuine], index, next_id=2)[0][1] == 2
