"""A sum and where to pay it: the ending every pay-first scam shares, whatever its story."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

import factories
from factories import message
from tradetriage.mail.records import Address, Link, ParsedMessage
from tradetriage.signals import fraud
from tradetriage.signals.base import Context
from tradetriage.signals.money import BANK_DETAILS, bank_details, sum_near
from tradetriage.signals.phrases import prepare_text

CTX = Context(
    now=datetime(2026, 4, 10, 9, 0, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    our_names=frozenset({"lily chen"}),
)
STRANGER = Address("Joseph Mwangi", "j.mwangi@riftvalley-water.co.ke")


def payees(body: str, sender: Address = STRANGER, ctx: Context = CTX) -> tuple[str, ...]:
    msg: ParsedMessage = message(from_=(sender,), subject="Re: PI", body_text=body)
    value = fraud.analyze(msg, ctx, {})["fraud.sum_to_payee"].value
    assert isinstance(value, tuple)
    return value


KENYA = """Dear Lily,
SGS Kenya has assigned an inspection coordinator who handles the booking:
Mr. Peter Kamau Njoroge
Equity Bank Kenya, Moi Avenue Branch
Account name: Peter Kamau Njoroge
Account no.: 0180 2947 71523
The inspection booking fee is USD 420. Kindly send the payment slip to me and to
petersgs.coordinator@gmail.com so that the inspector can be scheduled.
"""

HOTEL = """尊敬的参展商：
定金 Deposit: 2 rooms x 4 nights x 50% = RMB 4,120
请扫描二维码支付定金，或转账至：
户名：广州粤展会务服务有限公司
开户行：中国建设银行广州琶洲支行
账号：4405 0158 0030 0000 2217
"""

CONSOLIDATOR = """Hi Lily, our consolidator clears samples with our weekly inbound. They ask
the sender to prepay the label: for 4 pcs it's GBP 146.50.
Contact at Skyline: bookings.skylineparcel@outlook.com - reference SPL-EVB-2291."""

REGISTRY = """El trámite lo realiza exclusivamente nuestro agente autorizado en Lima:
Dr. Julio Paredes Montalvo, Correo: estudioparedes.tramites@gmail.com
El costo del trámite es de USD 850.00 y corre por cuenta del proveedor."""

INVOICE = """RENEWAL INVOICE
Description            Qty    Amount
Premium Supplier Entry   1     EUR 1,147.00
Total                          EUR 1,247.00
Payment by bank transfer to: AEI Media Services
IBAN: PL61 1090 1014 0000 0712 1981 2874
BIC: WBKPPLPP"""


DUTY_QR = """您的快件已到达上海浦东口岸，需缴纳进口关税及增值税：CNY 23.60
Import duty & VAT payable: CNY 23.60. Please scan the QR code below with WeChat or Alipay
within 48 hours, otherwise the shipment will be returned."""


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (DUTY_QR, ("a QR code",)),
        ("定金 RMB 4,120，请扫码支付。", ("a QR code",)),
        (KENYA, ("bank details (account name, account no.)", "petersgs.coordinator@gmail.com")),
        (HOTEL, ("bank details (户名, 开户行, 账号)", "a QR code")),
        (CONSOLIDATOR, ("bookings.skylineparcel@outlook.com",)),
        (REGISTRY, ("estudioparedes.tramites@gmail.com",)),
        (INVOICE, ("bank details (iban, bic)",)),
        # Written without colons, known by their shape.
        (
            "Please ask the vendor to remit USD 1,250.00 to SGS Quality Audit Services Ltd., "
            "account 801-274193-838, Hang Seng Bank, Hong Kong.",
            ("bank details (account)",),
        ),
        ("Total EUR 1,247.00, to IBAN PL61 1090 1014 0000 0712.", ("bank details (iban)",)),
    ],
)
def test_a_sum_and_where_to_pay_it(body: str, expected: tuple[str, ...]) -> None:
    assert payees(body) == expected


def test_the_evidence_gives_the_sum_and_the_payee() -> None:
    msg = message(from_=(STRANGER,), subject="Fee", body_text=KENYA)
    evidence = fraud.analyze(msg, CTX, {})["fraud.sum_to_payee"].evidence
    assert "usd 420" in evidence and "account name" in evidence


SABER = """Application No.: PC-2026-118274
Fee (3 product families): SAR 3,750 (approx. USD 1,000)
The manufacturer pays the PCoC fee. Please complete the payment on the SABER applicant page:
https://saber-sa-portal.com/pc-request/pay?app=PC-2026-118274"""


def test_a_masked_account_is_no_payee() -> None:
    # A bank's notice of money paid in to our account: its number masked, nothing to pay to.
    body = (
        "贵公司账户有一笔境外汇入汇款已解付入账：\n收款账号：****6618（美元现汇）\n"
        "汇款人：HANSA ARMATUREN GMBH\n币种及金额：USD 38,420.00"
    )
    assert payees(body, sender=Address("银行", "notice@fycb.com.cn")) == ()


def test_bank_details_leave_out_a_masked_account() -> None:
    prepared = prepare_text("收款账号：****6618\n户名：丰源阀门\nAccount no.: xxxx1234")
    labels = [m.group() for m in bank_details(prepared.text, prepared.words)]
    assert labels == ["户名："]


def test_a_payment_page_at_another_domain_is_where_to_pay() -> None:
    assert payees(SABER) == ("a payment page at saber-sa-portal.com",)


def test_a_payment_link_is_placed_by_its_text() -> None:
    msg = message(
        from_=(STRANGER,),
        subject="Deposit",
        body_text="Your deposit of EUR 490 is due. Pay the deposit here.",
        links=(Link("Pay the deposit", "https://cbam-register.org/checkout/490"),),
    )
    found = fraud.analyze(msg, CTX, {})["fraud.sum_to_payee"].value
    assert found == ("a payment page at cbam-register.org",)


def test_a_payment_page_at_the_senders_own_domain_flags_only_with_a_brand_worn() -> None:
    own = SABER.replace("saber-sa-portal.com", "riftvalley-water.co.ke")
    assert payees(own) == ("the sender's own payment page at riftvalley-water.co.ke",)
    vendor = message(from_=(STRANGER,), subject="Invoice", body_text=own)
    assert factories.graded(vendor, CTX).flags == ()
    # "DHL Express" From a domain of its own, whose page takes the "duty".
    duty = message(
        from_=(Address("DHL Express", "noreply@dhl-express-cn.com"),),
        subject="Shipment on hold - duty unpaid",
        body_text="Your shipment is held at Shanghai customs. Please pay CNY 27.60 within 48 "
        "hours: https://dhl-express-cn.com/pay/duty?awb=4829105537",
    )
    assert "phishing" in factories.graded(duty, CTX).flags
    paypal = "Total EUR 300, invoice at https://www.paypal.com/invoice/p/#INV2-ABC"
    assert payees(paypal) == ()  # "paypal" is no "pay" page word


@pytest.mark.parametrize(
    "body",
    [
        # Our own bank details, in a customer's payment advice.
        "Our bank executed the balance payment this morning.\nAmount: USD 15,274.00\n"
        "Beneficiary: NINGBO EVERBRIGHT VALVE CO., LTD. - Bank of China, as on your PI",
        "Amount: USD 15,274.00\nBeneficiary: Lily Chen, Export Sales",
        # A payment advice: the payer's bank given, the receiving bank is ours.
        "Amount: USD 14,478.00\nValue date: 19 June 2025\nRemitting bank: Gulf Meridian Bank "
        "PJSC, Dubai\nBeneficiary bank: Oujiang Commercial Bank, Wenzhou (as per your PI)",
        # Prices are no sums to pay, whoever the buyer's forwarder is.
        "Target price USD 12.50/pc, EUR 3 per piece, $8 each. Our forwarder in Lagos: "
        "ade.forwarding@gmail.com",
        # A QR code to sign in, or to read our catalogue, with no sum beside it.
        "Scan the QR code on our stand to download the catalogue.",
        # A customer or member number is no bank account; "swift" is also just "fast".
        "Your account 123456789 was renewed for USD 2,999 this year.",
        "Thanks for the swift delivery of USD 40,000 worth of valves.",
        # A sum with nowhere to pay it; a payee with no sum.
        "Our budget for the first order is USD 25,000. Please send your PI.",
        "Please update your records, IBAN: DE89 3704 0044 0532 0130 00",
        # The sender's own free-mail address, written in its signature.
        "Total USD 3,420. Contact me: j.mwangi@riftvalley-water.co.ke",
    ],
)
def test_no_sum_to_a_payee(body: str) -> None:
    assert payees(body) == ()


def test_a_remitting_bank_does_not_clear_an_account_to_pay() -> None:
    # The overpaid buyer shows its remittance, then asks for a refund to an account.
    body = (
        "Remitting bank: Gulf Meridian Bank PJSC. We paid USD 18,450 by mistake; please refund "
        "USD 10,000 to Account name: Swiftline Logistics, Account no.: 40291837"
    )
    assert payees(body) == ("bank details (account name, account no.)",)


def test_a_sum_far_from_the_payee_is_not_its() -> None:
    body = "The order is worth USD 80,000. " + "We discussed the drawings. " * 20
    assert payees(body + "Our agent: mark.agent@gmail.com") == ()


def test_known_senders_and_our_own_mail_are_not_read() -> None:
    forwarder = Address("Cathy Xu", "cathy.xu@nbyongxiang-logistics.com")
    known = replace(CTX, known_domains=frozenset({"nbyongxiang-logistics.com"}))
    assert payees(INVOICE, forwarder, known) == ()
    assert payees(INVOICE, forwarder) != ()
    assert payees(INVOICE, Address("Wang Fang", "wangfang@everbright-valve.cn")) == ()


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("the fee is usd 420.", "usd 420"),
        ("pay us$ 1,150.00 now", "us$ 1,150.00"),
        ("taxa de usd 1.150,00 a pagar", "usd 1.150,00"),
        ("qty 1 eur 1,147.00", "eur 1,147.00"),
        ("costs 3,750 dollars in all", "3,750 dollars"),
        ("定金 4120元", "4120元"),
        ("price usd 12.50/pc and usd 3 per set", None),
        ("in 2026 we bought 40 thousand valves", None),
        # The currencies of fee scams' home countries, written after the sum.
        ("les frais d'inscription (95 000 fcfa) sont", "95 000 fcfa"),
        ("kayıt ücreti 9.800 tl + kdv olup", "9.800 tl"),
        ("phí thử nghiệm là 14.500.000 vnđ (khoảng", "14.500.000 vnđ"),
        ("ورسوم الإصدار 650 دولار أمريكي يتحملها", "650 دولار"),
        ("biaya sebesar rp 12.500.000 dibayarkan", "rp 12.500.000"),
        ("lihat rp12.500.000", "rp12.500.000"),
        ("corp 12,500 shares", None),
    ],
)
def test_sums_as_invoices_and_scams_write_them(text: str, found: str | None) -> None:
    assert sum_near(text, -100, 100) == found


@given(st.text(max_size=300), st.integers(min_value=-50, max_value=300))
def test_sum_near_never_fails_and_returns_text_it_holds(text: str, at: int) -> None:
    found = sum_near(text, at - 100, at + 100)
    assert found is None or found in text


_FRAGMENTS = [
    "account name: ",
    "account no.: ",
    "a/c no: ",
    "iban: ",
    "swift code：",
    "bic:",
    "aba: ",
    "beneficiary bank: ",
    "sort code: ",
    "routing number: ",
    "户名：",
    "开户行: ",
    "收款人:",
    "bankaccount: ",
    "account ",
    "usd 420 ",
    "the ",
    "x",
    " ",
    ":",
    "\n",
]


@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
def test_bank_details_finds_what_a_search_of_the_whole_text_finds(parts: list[str]) -> None:
    prepared = prepare_text("".join(parts))
    found = bank_details(prepared.text, prepared.words)
    expected = list(BANK_DETAILS.finditer(prepared.text))
    assert [(m.start(), m.group()) for m in found] == [(m.start(), m.group()) for m in expected]
