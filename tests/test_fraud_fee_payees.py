"""A fee laid on us, and the third party it is to go to: the fake buyer's "consultant", "lab",
"notary" or "accredited body", named with an address, or left to reach us later ("they will
contact you directly with their invoice"). Genuine mail where the buyer pays stays quiet."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

import factories
from factories import CATALOGUE, message
from tradetriage.mail.records import Address, ParsedMessage
from tradetriage.signals import fraud
from tradetriage.signals.base import Context, Finding

CTX = Context(
    now=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    known_domains=frozenset({"rheinarmatur.de"}),
    catalogue=CATALOGUE,
)
BUYER = Address("Ana Torres", "ana.torres@constructora-lima.pe")


def make_msg(body: str, subject: str = "RFQ") -> ParsedMessage:
    return message(message_id="<1@example>", from_=(BUYER,), subject=subject, body_text=body)


def run(body: str) -> dict[str, Finding]:
    return fraud.analyze(make_msg(body), CTX, {})


def flags(body: str) -> tuple[str, ...]:
    return factories.graded(make_msg(body), replace(CTX)).flags


# --- a fee laid on the supplier, in the words of the fake buyer's countries --------------------


@pytest.mark.parametrize(
    "body",
    [
        # A procedure's cost, named only as that ("el costo del trámite").
        "El alta en el padrón la gestiona el proveedor con nuestro gestor; él le indicará el "
        "costo del trámite.",
        # Fees "by the supplier", with the verb as a noun before them (سداد رسوم).
        "يتم سداد رسوم الفحص مباشرة من قبل المورد لدى المختبر المعتمد.",
        # ... or paid "to the chamber's account".
        "رسوم التصديق والتسجيل: 680 دولارا أمريكيا، تسدد لحساب الغرفة.",
        # The payment "made by the applicant, that is your company".
        "Оплату за сертификацию производит заявитель, то есть ваша компания.",
        # The cost "compensated to you in the price of the first delivery".
        "Расходы на сертификат компенсируются вам в цене первой поставки.",
        # Turkish "bedel" (a charge), and one offset against the first order's payment.
        "Müşavir firma başvuru bedelini size bildirecektir.",
        "Bu bedel ilk siparişin ödemesinden mahsup edilecektir.",
        # Persian: the cost "is the seller's to bear".
        "هزینه‌ی ترجمه و تأیید طبق عرف بر عهده‌ی فروشنده است.",
        # French: a legalisation's fees "à la charge du fournisseur".
        "Les frais de légalisation et d'enregistrement sont, selon l'usage, à la charge du "
        "fournisseur étranger.",
        # Portuguese fees (emolumentos) "reimbursable in the letter of credit's payment".
        "O despachante enviará a fatura dos emolumentos, que são reembolsáveis no pagamento da "
        "carta de crédito.",
        # A tender's fee "payable by the bidder".
        "The one-off processing fee of KES 48,500 is payable by the bidder and is non-refundable.",
        # A notary's fees, split 50/50 with us ("se cubren 50/50").
        "Los honorarios notariales son de USD 1,980.00 y se cubren 50/50.",
        # A translation's cost "por conta do exportador".
        "O custo da tradução (R$ 3.860,00) é por conta do exportador.",
        # Persian written with the Arabic yeh, as windows-1256 holds it.
        "\u0647\u0632\u064a\u0646\u0647 \u0622\u0646 (480 \u062f\u0644\u0627\u0631) "
        "\u0628\u0631 \u0639\u0647\u062f\u0647 \u0641\u0631\u0648\u0634\u0646\u062f\u0647 "
        "\u0627\u0633\u062a.",
        # Arabic registration fees.
        "يرجى سداد رسوم تسجيل المورد الاجنبي (200 دولار).",
        # An L/C's charges "payable in advance" before it is sent.
        "The advising and confirmation charges of USD 1,850 are payable in advance to our "
        "correspondent bank.",
    ],
)
def test_a_fee_laid_on_the_supplier_is_payment_first(body: str) -> None:
    assert run(body)["fraud.payment_first"].value


@pytest.mark.parametrize(
    "body",
    [
        # The buyer carries the procedure's cost.
        "El costo del trámite corre por nuestra cuenta.",
        "Nosotros hacemos el trámite de importación; el costo del trámite es a nuestro cargo.",
        # The freight and the seller's own charges at origin, which CIF lays on it.
        "Les frais de transport sont à la charge du fournisseur (CIF Abidjan).",
        "رسوم الشحن تسدد لحساب الوكيل الملاحي.",
        # A real L/C: its charges outside the issuing country are the beneficiary's, taken
        # from the payment, not paid in advance.
        "All banking charges outside Tanzania are for the account of the beneficiary.",
        # Our own sample and tooling charges, which buyers pay in advance.
        "Sample charges are payable in advance and refunded on the first order.",
        "Mould cost payable in advance, as per our offer.",
        # A Turkish order's price (bedel) is no fee.
        "Sipariş bedeli akreditif ile ödenecektir.",
        # An ordinary Persian order, no cost laid on us.
        "هزینه‌ی حمل بر عهده‌ی خریدار است.",
    ],
)
def test_the_buyers_own_costs_and_ours_are_no_payment_first(body: str) -> None:
    assert not run(body)["fraud.payment_first"].value


# --- the payee to reach us later ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "The registration fees are to be deposited by the exporter only. I will share their "
        "details once you confirm.",
        "Les frais de légalisation sont à la charge du fournisseur ; l'Étude vous fera parvenir "
        "directement sa note d'honoraires.",
        "Os emolumentos são reembolsáveis no pagamento da carta de crédito. Agradecemos a vossa "
        "confirmação para que possamos partilhar os contactos do despachante.",
        "Müşavir firmadan Sayın Tunalı sizinle doğrudan iletişime geçip başvuru bedelini "
        "bildirecektir.",
        "هزینه‌ی ترجمه بر عهده‌ی فروشنده است و دارالترجمه مستقیماً با شما هماهنگ خواهد کرد.",
        # The same in windows-1256's letters (the Arabic yeh and kaf).
        "\u0647\u0632\u064a\u0646\u0647 \u0628\u0631 \u0639\u0647\u062f\u0647 "
        "\u0641\u0631\u0648\u0634\u0646\u062f\u0647 \u0627\u0633\u062a \u0648 "
        "\u0645\u0633\u062a\u0642\u064a\u0645\u0627 \u0628\u0627 \u0634\u0645\u0627 "
        "\u0647\u0645\u0627\u0647\u0646\u06af \u062e\u0648\u0627\u0647\u062f \u0643\u0631\u062f.",
        "يتم سداد رسوم الفحص مباشرة من قبل المورد. سنرسل لكم بيانات التواصل مع المختبر.",
        "Оплату за сертификацию производит ваша компания. Эксперт органа свяжется с вами.",
        "La tasa de registro la asume el proveedor; el gestor le contactará directamente.",
        "تكلفة الإصدار 2,450 ريال سعودي يتحملها المورد، وسيتم إرسال بيانات الحساب من قبل الوكيل.",
        "O custo da tradução é por conta do exportador. A Dra. Helena enviará a nota de "
        "honorários com os dados de pagamento.",
    ],
)
def test_a_fees_payee_who_is_to_reach_us_later_is_elsewhere(body: str) -> None:
    found = run(body)
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value


@pytest.mark.parametrize(
    "body",
    [
        # The buyer pays; the inspector only books a date.
        "The inspection fee is paid by us. The inspector will contact you directly to book.",
        "We pay their inspection fee directly here in Nairobi, so there is nothing for you to "
        "pay. They will contact you from their China office to agree the inspection date.",
        # A recognised body named: SONCAP and PVoC are paid so, as a matter of course.
        "The supplier will pay for the inspection by Intertek; they will contact you directly.",
        # No fee laid on us at all.
        "Our forwarder will contact you directly for the booking.",
    ],
)
def test_a_payee_to_reach_us_with_no_fee_of_ours_is_not_elsewhere(body: str) -> None:
    assert not run(body)["fraud.fee_elsewhere"].value


def test_a_good_rfq_with_one_fee_clause_for_a_payee_to_come_is_flagged() -> None:
    body = (
        "Dear Ms Chen,\n\nPlease quote CIF Nhava Sheva: ball valve 3-pc CF8M ANSI 150 DN25, 1,500 "
        "nos; gate valve WCB ANSI 150 DN100, 250 nos. Payment by LC at sight.\n\nBIS registration "
        "is mandatory under the QCO. The registration fees are to be deposited by the exporter, "
        "and are fully refundable after clearance. Our consultant handles it for all our Chinese "
        "suppliers; I will share their details once you confirm.\n\nRegards,\nRajesh Agarwal\n"
        "Director - Purchase\nShree Flow Controls Pvt. Ltd., Vadodara\nMob: +91 98250 61437"
    )
    assert "suspect-fraud" in flags(body)


@pytest.mark.parametrize(
    "body",
    [
        # Paid straight into someone's personal account, or to the agent's account.
        "يرجى سداد رسوم تسجيل المورد (200 دولار) عن طريق الوكيل المعتمد على حسابه الشخصي.",
        "The registration fee of USD 300 is to be paid to his personal account.",
        "\u0647\u0632\u064a\u0646\u0647 \u0622\u0646 \u0628\u0631 \u0639\u0647\u062f\u0647 "
        "\u0641\u0631\u0648\u0634\u0646\u062f\u0647 \u0627\u0633\u062a \u0648 "
        "\u0628\u0647 \u062d\u0633\u0627\u0628 \u0646\u0645\u0627\u064a\u0646\u062f\u0647 "
        "\u067e\u0631\u062f\u0627\u062e\u062a \u0645\u064a\u200c\u0634\u0648\u062f.",
        # A notary's account, paid "directamente".
        "Los honorarios notariales se cubren 50/50; su parte debe transferirse directamente a la "
        "cuenta de la notaría.",
        # A chat number spelt in Persian or Arabic.
        "هزينه آن بر عهده فروشنده است. شماره تماس آقاي صالحي در واتساپ: +98 912 418 7730",
    ],
)
def test_a_fee_to_a_personal_or_agents_account_is_elsewhere(body: str) -> None:
    found = run(body)
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value


def test_a_courier_prepaid_on_a_booking_page_is_a_sum_to_a_payee() -> None:
    body = (
        "Their charge for the two samples is USD 145, prepaid by the shipper. You can book and "
        "pay online with card here:\nhttps://swiftline-cargoexpress.com/book/prepaid?acct=IFS-0419"
    )
    assert run(body)["fraud.sum_to_payee"].value == (
        "a payment page at swiftline-cargoexpress.com",
    )
