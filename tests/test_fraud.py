"""Fraud and fake-buyer cues: the phrases scammers use fire, ordinary trade mail stays quiet."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import factories
from factories import CATALOGUE, CUSTOMER_PASSED, message
from tradetriage.mail.records import Address, Attachment, ParsedMessage
from tradetriage.rules.engine import Scores
from tradetriage.signals import domain, fraud, payees, request
from tradetriage.signals.base import ADDRESS, Context, Finding

CTX = Context(
    now=datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
    our_domains=frozenset({"everbright-valve.cn"}),
    catalogue=CATALOGUE[:2],
)


HANS = Address("Hans Becker", "h.becker@rheinarmatur.de")


def make_msg(
    body: str = "",
    subject: str = "Inquiry",
    sender: Address = HANS,
    reply_to: tuple[Address, ...] = (),
    attachments: tuple[Attachment, ...] = (),
) -> ParsedMessage:
    return message(
        message_id="<1@example>",
        from_=(sender,),
        reply_to=reply_to,
        subject=subject,
        body_text=body,
        attachments=attachments,
    )


def phrases(out: dict[str, Finding], name: str) -> tuple[str, ...]:
    value = out[name].value
    assert isinstance(value, tuple)
    return value


def run(msg: ParsedMessage, found: dict[str, Finding] | None = None) -> dict[str, Finding]:
    return fraud.analyze(msg, CTX, found or {})


SCAM_419 = """Dear Friend,

I am Barrister Hans Erich, personal attorney to the late client of our bank who died in a
car accident with his family. I seek your consent to present you as the next of kin and
beneficiary of the deposit of US$ 10.5 Million United States Dollars kept in a consignment
box with a diplomatic agent. This transaction is 100% risk free and will be executed under a
legitimate arrangement. 40% of the total fund shall be yours.

Kindly reply with your full names, residential address and a copy of your international passport.
Treat this as strictly confidential and reply urgently.
"""

GENUINE_INQUIRY = """Dear Lily,

Please quote 200 pcs EB-BV316-DN25 and 150 pcs EB-GV-PN16, PN16 flanged, CIF Hamburg.
Delivery to our warehouse in Duisburg. The gate valve must have EN 12266 test certificates.
If the price is right we will place the order immediately after the drawing approval.
The flange drilling is inherited from our previous order (PO 4500123).

Best regards
Hans Becker, Purchasing, Rheinarmatur GmbH
"""


def test_classic_419_letter_fires_many_families() -> None:
    out = run(make_msg(SCAM_419, subject="PERSONAL LETTER"))
    advance = phrases(out, "fraud.advance_fee")
    for phrase in ("next of kin", "consignment box", "barrister", "full names"):
        assert phrase in advance
    assert out["fraud.secrecy"].value == ("strictly confidential",)
    assert "urgently" in phrases(out, "fraud.urgency")
    assert out["fraud.cue_count"].value >= 3  # type: ignore[operator]
    assert "advance" in out["fraud.advance_fee"].evidence
    assert len(out["fraud.advance_fee"].evidence) <= 120


def test_genuine_inquiry_is_quiet() -> None:
    out = run(make_msg(GENUINE_INQUIRY))
    fired = {name: f.value for name, f in out.items() if f.value}
    assert fired == {}
    assert out["fraud.cue_count"].value == 0


def test_phrases_wrapped_across_lines_still_match() -> None:
    out = run(make_msg("you are the next\nof   kin of my late\n  husband"))
    assert out["fraud.advance_fee"].value == ("next of kin", "late husband")


def test_chinese_scam_phrases() -> None:
    body = "您好，我是律师。您是这笔遗产的受益人，金额为一千万美元。请紧急回复，此事务必保密。"
    out = run(make_msg(body, subject="紧急"))
    assert set(phrases(out, "fraud.advance_fee")) >= {"遗产", "受益人", "千万美元"}
    assert "紧急" in phrases(out, "fraud.urgency")
    assert out["fraud.secrecy"].value == ("保密",)


@pytest.mark.parametrize(
    "body",
    [
        "Please send the money through Western Union or MoneyGram.",
        "You have won the lottery; claim your ATM Visa card now.",
        "There is an unclaimed fund of $4.5 million in a dormant account.",
        "The compensation fund approved by the committee will be released.",
        "I am contacting you with a lucrative business proposal.",
    ],
)
def test_advance_fee_families(body: str) -> None:
    assert run(make_msg(body))["fraud.advance_fee"].value


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("We need the offer URGENT.", "urgent"),
        ("Reply ASAP please", "asap"),
        ("Confirm within 24 hours or the order is cancelled", "within 24 hours"),
        ("please respond immediately", "respond immediately"),
        ("请尽快报价", "尽快"),
        # A deadline with its threat: "within 5 banking days, failing which the credit lapses".
        ("Remit within 5 banking days, failing which the credit shall lapse.", "failing which"),
        ("يرجى السداد خلال ثلاثة أيام عمل لتجنب الغرامات.", "خلال ثلاثة أيام"),
        ("الرجاء الرد خلال 24 ساعة", "خلال 24 ساعة"),
    ],
)
def test_urgency(body: str, phrase: str) -> None:
    assert phrase in phrases(run(make_msg(body)), "fraud.urgency")


def test_a_deadline_of_months_is_no_urgency() -> None:
    assert not run(make_msg("نحتاج التسليم خلال ثلاثة أشهر."))["fraud.urgency"].value


def test_immediately_in_ordinary_prose_is_not_urgency() -> None:
    assert (
        run(make_msg("The fix was applied immediately after the test."))["fraud.urgency"].value
        == ()
    )


@pytest.mark.parametrize(
    "body",
    [
        "We want to order 50,000 pcs of your valves, send price.",
        "Our company needs 20000 units urgently.",
        "We have a budget of USD 25,000,000 for this project.",
        "We are interested in a bulk order of your products.",
        "我们需要大批量采购",
    ],
)
def test_huge_order_without_product_detail(body: str) -> None:
    out = run(make_msg(body))
    assert out["fraud.huge_order"].value
    assert "no product detail" in out["fraud.huge_order"].evidence


def test_large_order_with_our_model_numbers_is_not_huge_order() -> None:
    assert run(make_msg("Please quote 50,000 pcs EB-BV316-DN15"))["fraud.huge_order"].value == ()


def test_small_quantities_and_sums_are_not_huge() -> None:
    body = "We need 500 pcs, budget USD 5,000, and 2 containers."
    assert run(make_msg(body))["fraud.huge_order"].value == ()


def test_huge_order_follows_the_request_module_when_it_ran() -> None:
    msg = make_msg("We want 100,000 pcs ball valve.")
    detailed = {
        "request.products": Finding(("Stainless steel ball valve",)),
        "request.specificity": Finding(3),
    }
    vague = {
        "request.products": Finding(("Stainless steel ball valve",)),
        "request.specificity": Finding(0),
    }
    assert run(msg, detailed)["fraud.huge_order"].value == ()
    assert run(msg, vague)["fraud.huge_order"].value == ("100,000 pcs",)


@pytest.mark.parametrize(
    "body",
    [
        "Samples at your own cost, we will refund later.",
        "Please send free samples by DHL first.",
        "样品费由贵司承担",
        # The supplier named in the third person, as a shortlisting "procedure" puts it.
        "Samples of 3 items are required at supplier's cost, shipped to our office in Lomé.",
        "All samples shall be sent at the seller's expense.",
    ],
)
def test_samples_express(body: str) -> None:
    assert run(make_msg(body))["fraud.samples_express"].value


@pytest.mark.parametrize(
    "body",
    [
        "You will meet our agent at the airport.",
        "We shall sign the contract in Dubai next week.",
        "Please come to our office in Lagos for the signing.",
        "Our director will visit you and then travel to Accra.",
    ],
)
def test_meet_elsewhere(body: str) -> None:
    assert run(make_msg(body))["fraud.meet_elsewhere"].value


def test_visiting_the_factory_is_not_meeting_elsewhere() -> None:
    body = "Our engineer would like to visit your factory in Ningbo in May."
    assert run(make_msg(body))["fraud.meet_elsewhere"].value == ()


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("We need 20 tons of ball valves.", True),
        ("Please supply 5 containers of your products.", True),
        ("需要30吨阀门", True),
        ("Gross weight 20 tons per container.", False),
        ("Two 40ft containers of EB-BV316-DN50, please.", False),
    ],
)
def test_odd_units(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.odd_units"].value) is fires


@pytest.mark.parametrize(
    "body",
    [
        "A registration fee of $300 is required before the order.",
        "You will pay for the inspection certificate in advance.",
        "The import license fee must be settled by the supplier.",
        "请先支付合同费",
    ],
)
def test_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value


@pytest.mark.parametrize(
    "body",
    [
        # A fee laid on us now, "reimbursed" out of the buyer's first payment.
        "We cannot pay this fee on your behalf, but it will be reimbursed in the first payment.",
        "The certificate cost will be refunded to you with the first instalment.",
        "O custo é de USD 1.350,00, que deve ser pago pelo fabricante.",
        "O valor será reembolsado no primeiro pagamento.",
        "El costo será reembolsado en el primer pago.",
        "Les frais seront remboursés lors du premier paiement.",
        "Стоимость будет возмещена в первом платеже.",
        "该费用将在首笔货款中退还。",
        "Biaya pendaftaran sebesar USD 1.200 ditanggung oleh penyedia.",
        "nộp phí xác minh nhà cung cấp 300 USD",
        "phí đăng ký sẽ hoàn lại trong lần thanh toán đầu tiên",
        # A bond paid through the buyer's "designated" notary or agent.
        "The bid bond shall be deposited through the designated notary within 5 days.",
        "Garantía de seriedad de oferta depositada a través de la notaría designada.",
        "O valor deve ser transferido através do despachante credenciado.",
        # The overpaid cheque: the balance wired on to the buyer's forwarder.
        "Once the funds clear, kindly wire the balance of USD 11,830.00 to the forwarder.",
        # A fee laid on the seller in so many words, whoever is said to want it.
        "Their charge is USD 690 and under the KEBS rules this is the exporter's "
        "responsibility, so kindly settle it directly with them.",
        "The certification fee is borne by the manufacturer.",
        "The cost is normally paid by the manufacturer at the time of application.",
        "The COC fee USD 1,350 is paid by the exporter to the agency.",
        "The inspection fee (USD 720, includes inspector travel to Ningbo) is paid by the "
        "supplier when booking.",
        "The testing + registration charges are INR 28,500 payable by supplier to the lab.",
        "El valor del certificado debe ser cancelado directamente por el fabricante.",
        "Este valor se les reconocerá en el primer pago del contrato.",
        "Оплата производится изготовителем по счёту органа.",
        "رسوم إصدار الشهادة 1,350 دولار أمريكي تدفع من قبل المصدّر مباشرة إلى الوكالة.",
        "His total fee is USD 5,800, normally split 50-50 between manufacturer and importer.",
        "El coste del expediente es de 465 € y lo abona el fabricante directamente.",
        "Je vous prie de bien vouloir reverser les 9 600 USD au transitaire, M. Liu Jian.",
        "A vendor file opening fee of USD 1,250 is payable to the Directorate's accredited "
        "office, Al-Rafidain Consultancy, Erbil.",
    ],
)
def test_payment_first_in_the_fake_buyers_words(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value


@pytest.mark.parametrize(
    "body",
    [
        # Our own sample terms, told back by a real buyer: the buyer pays.
        "As you offered, the sample charge will be refunded upon our first order.",
        "Please deduct the sample cost from the first payment.",
        "We will wire the balance to our agent in Hong Kong, who pays you.",
        "We will transfer the balance through our agent's bank after the B/L copy.",
        "A fatura será paga pelo comprador no primeiro pagamento.",
        "The L/C will be paid through the designated bank at sight.",
        "Documents are to be sent through the designated agent in Dubai.",
        # FOB: the seller's own charges at origin, as every FOB buyer says.
        "Under FOB the export clearance charges are the supplier's responsibility.",
        "Local charges at Ningbo are borne by the seller; freight is for our account.",
        "The freight cost is paid by the supplier under CIF.",
        "Bank charges outside China are paid by the seller.",
        "Under CIF the insurance cost is covered by the seller.",
        "Packing cost is paid by the factory, as always.",
        "The sample cost is paid by the supplier, the courier by us.",
        "El pedido fue cancelado por el fabricante.",
        "تكاليف الشحن تدفع من قبل المصدر حسب شروط CIF.",
        # The buyer's own share.
        "The testing cost is split 50-50 between the importer and the distributor.",
        "Nous reverserons la commission à notre agent après votre expédition.",
        "The balance is payable to the bank's authorized branch at sight.",
    ],
)
def test_a_buyers_own_payments_and_sample_terms_are_not_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value == ()


def test_buyer_paying_advance_is_not_payment_first() -> None:
    body = "We will pay 30% advance payment by T/T, balance against B/L copy."
    assert run(make_msg(body))["fraud.payment_first"].value == ()


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("Don't discuss it with Finance or anyone else until next week.", True),
        ("Please do not tell anyone before the announcement.", True),
        ("Thanks for the samples! Don't mention it to me, it is nothing.", False),
        ("Don't tell me the price again, I have your quotation.", False),
    ],
)
def test_secrecy_in_short_forms(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.secrecy"].value) is fires


def test_secrecy_ignores_email_disclaimers() -> None:
    disclaimer = "This e-mail and any attachments are confidential and may be privileged."
    assert run(make_msg(disclaimer))["fraud.secrecy"].value == ()
    assert run(make_msg("Please reply to my private email only."))["fraud.secrecy"].value


@pytest.mark.parametrize(
    "body",
    [
        "This is a government contract from the Ministry of Petroleum Resources.",
        "approved by NNPC and the World Bank",
        "联合国项目",
    ],
)
def test_government(body: str) -> None:
    assert run(make_msg(body))["fraud.government"].value


def test_reply_to_freemail_computed_when_domain_module_did_not_run() -> None:
    gmail = (Address("Hans", "hans.becker.rheinarmatur@gmail.com"),)
    assert run(make_msg("hi", reply_to=gmail))["fraud.reply_to_freemail"].value is True
    same = (Address("Hans Becker", "h.becker@rheinarmatur.de"),)
    assert run(make_msg("hi", reply_to=same))["fraud.reply_to_freemail"].value is False
    own = (Address("Purchasing", "purchasing@rheinarmatur.de"),)
    assert run(make_msg("hi", reply_to=own))["fraud.reply_to_freemail"].value is False


def test_a_free_mail_reply_to_alone_is_not_a_fraud_cue_of_the_text() -> None:
    # The rules weigh the Reply-To fact on its own (FRAUD_REPLY_TO_FREEMAIL); counted as a cue
    # too, it made "cues and replies elsewhere" fire on a header with no cue in the text.
    gmail = (Address("Hans", "hans.becker.rheinarmatur@gmail.com"),)
    out = run(make_msg("Please quote 200 pcs EB-BV316-DN25.", reply_to=gmail))
    assert out["fraud.reply_to_freemail"].value is True
    assert out["fraud.cue_count"].value == 0


def test_reply_to_freemail_follows_the_domain_module() -> None:
    found = {"domain.reply_to_freemail": Finding(True, "Reply-To: x@gmail.com is free mail")}
    out = run(make_msg("hi"), found)["fraud.reply_to_freemail"]
    assert out == Finding(True, "Reply-To: x@gmail.com is free mail")


@pytest.mark.parametrize(
    ("filename", "ctype", "fires"),
    [
        ("PO_20931.pdf.exe", "application/octet-stream", True),
        ("Purchase Order.html", "text/html", True),
        ("RFQ-2025-03.zip", "application/zip", True),
        ("订单.rar", "application/x-rar", True),
        ("Invoice.pdf.js", "application/javascript", True),
        ("PO_20931.pdf", "application/pdf", False),
        ("photos.zip", "application/zip", False),
        ("quotation.xlsx", "application/vnd.ms-excel", False),
        # Other languages' orders, quotations and invoices; not a word that holds one.
        ("Orden de Compra OC-4471.html", "text/html", True),
        ("Factura_2026-118.pdf.exe", "application/octet-stream", True),
        ("Bestellung 4500123.zip", "application/zip", True),
        ("Sipariş_2611.rar", "application/x-rar", True),
        ("manufacturer_catalogue.zip", "application/zip", False),
        ("Rechnung 2611.pdf", "application/pdf", False),
        ("Remittance_Castlebrook.one", "application/onenote", True),
        # Office files made for macros ("Enable Content"), and Russian and Arabic papers.
        ("PO-AW-2026-0918.docm", "application/vnd.ms-word.document.macroEnabled.12", True),
        ("Invoice_7731.xlsm", "application/vnd.ms-excel.sheet.macroEnabled.12", True),
        ("Акт_сверки_и_счет_1147.rar", "application/x-rar", True),
        ("أمر شراء 0918.html", "text/html", True),
        ("Счет 1147.pdf", "application/pdf", False),
        # The payment copy: "MT103", "TT copy", a bank slip or receipt (水单).
        ("MT103_HK26120718842.html", "text/html", True),
        ("TT copy 0311.zip", "application/zip", True),
        ("银行水单.htm", "text/html", True),
        ("TT copy 0311.pdf", "application/pdf", False),
        # A transfer receipt in the buyers' languages: comprobante, comprovante, virement.
        ("Comprobante_Transferencia_HV2291.svg", "image/svg+xml", True),
        ("Comprovante de pagamento.html", "text/html", True),
        ("Avis de virement 0311.htm", "text/html", True),
        ("Comprobante_Transferencia_HV2291.pdf", "application/pdf", False),
        ("quotation.docx", "application/msword", False),
    ],
)
def test_fake_po(filename: str, ctype: str, fires: bool) -> None:
    msg = make_msg("see attached", attachments=(Attachment(filename, ctype, 1000),))
    assert bool(run(msg)["fraud.fake_po"].value) is fires


@pytest.mark.parametrize(
    ("filename", "known", "fires"),
    [
        ("Maersk B_L 7731.iso", False, True),
        ("DHL AWB 4471.html", True, True),
        ("Shipping documents.pdf.exe", True, True),
        ("Maersk BL.rar", False, False),  # a new forwarder zips real ones too
        ("Shipping documents.zip", True, False),
        ("Packing list.pdf", False, False),
        ("BLEND.zip", False, False),  # no B/L there
        # Carriers' and forwarders' other papers: arrival notices, bookings, delivery orders.
        ("ArrivalNotice_COSU6418829310.img", False, True),
        ("Booking_Confirmation_NGBF1234.html", False, True),
        ("DO 7731.exe", False, False),  # "DO" alone names nothing
        ("Delivery Order 7731.pdf.exe", False, True),
        ("到货通知.iso", False, True),
        ("ONE_BKG_NGBF12345600.7z", False, False),  # an archive of papers may be honest
        ("Arrival notice.pdf", False, False),
        # Drawings and specifications travel zipped (an EPC's set of 23 drawings for a PO)...
        ("HB-UL-26-0312_Drawings.zip", False, False),
        ("技术规格与图纸.rar", False, False),
        # ... but never as a web page or a program.
        ("Drawings_rev2.html", False, True),
        ("Specification.pdf.exe", False, True),
        # A voice message or a fax is a sound file or a PDF, never a web page or a picture
        # that runs a script.
        ("VM_+8657786024471_0m47s.htm", False, True),
        ("eFax_FX2025062587731_3pg.svg", False, True),
        ("Voice Message 0m47s.html", False, True),
        ("传真件.htm", False, True),
        ("VM_+8657786024471_0m47s.wav", False, False),
        ("eFax_FX2025062587731_3pg.pdf", False, False),
        ("faxes_june.zip", False, False),
        ("vmware_logs.html", False, False),
    ],
)
def test_shipping_papers_of_the_wrong_type(filename: str, known: bool, fires: bool) -> None:
    msg = make_msg("see attached", attachments=(Attachment(filename, "application/x", 1000),))
    found = {"domain.known": Finding(known)}
    assert bool(run(msg, found)["fraud.fake_po"].value) is fires


def test_cue_count_counts_families_not_phrases() -> None:
    body = "Urgent! ASAP! Immediately reply! next of kin, consignment box, lottery"
    out = run(make_msg(body))
    assert out["fraud.cue_count"].value == 2
    assert out["fraud.cue_count"].evidence == "advance_fee, urgency"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60))
def test_never_crashes_on_any_text(body: str, subject: str) -> None:
    out = run(make_msg(body, subject=subject))
    assert set(out) == {spec.name for spec in fraud.SPECS}
    assert all(len(f.evidence) <= 120 for f in out.values())


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["next of kin", "urgent", "50000 pcs", "保密", "$", "%", "1,000,000"]),
        max_size=8,
    ),
    st.text(alphabet=" \n.,x9万", max_size=40),
)
def test_never_crashes_on_cue_fragments(parts: list[str], glue: str) -> None:
    run(make_msg(glue.join(parts)))


# --- fake buyers: replies asked for elsewhere, vague order talk -----------------------------


def test_reply_in_text_names_the_other_address() -> None:
    body = (
        "Good day, kindly quote us as per attached file. NOTE: send your quotation "
        "to: purchase@unilevergroups.nl Please we are looking forward to your best offer."
    )
    msg = replace(make_msg(body), from_=(Address("Unilever", "info@unileverrotterdamgroup.com"),))
    out = fraud.analyze(msg, CTX, {})
    assert out["fraud.reply_in_text"].value == ("purchase@unilevergroups.nl",)
    assert "reply_in_text" in out["fraud.cue_count"].evidence


@pytest.mark.parametrize(
    "body",
    [
        "Please send your quotation to sales@ourcompany.de, my colleague in copy.",
        "Send patches to linux-kernel@vger.kernel.org as usual.",
        "Our office: info@elsewhere.example, phone +49 30 1234567.",
    ],
)
def test_reply_in_text_needs_a_request_to_another_domain(body: str) -> None:
    msg = replace(make_msg(body), from_=(Address("Hans", "hans@ourcompany.de"),))
    assert fraud.analyze(msg, CTX, {})["fraud.reply_in_text"].value == ()


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("Please email us your company's most recent catalog.", "most recent catalog"),
        ("We would like to make a purchase from you.", "we would like to make a purchase"),
        ("Kindly confirm if you be able to supply us with our desired items.", "our desired items"),
        ("What is your Payment terms and Shipments?", "what is your payment terms"),
    ],
)
def test_vague_order_is_found_but_not_counted(body: str, phrase: str) -> None:
    out = fraud.analyze(make_msg(body), CTX, {})
    value = out["fraud.vague_order"].value
    assert isinstance(value, tuple) and phrase in value
    assert "vague_order" not in out["fraud.cue_count"].evidence


def test_specific_inquiry_is_not_vague() -> None:
    body = "Please quote 200 pcs EB-BV316-DN25, CF8M, PN40, FOB Ningbo, delivery within 30 days."
    assert fraud.analyze(make_msg(body), CTX, {})["fraud.vague_order"].value == ()


# The phrase scanner runs patterns that open with "\b" without it and checks the boundary
# itself; these tests hold it to what the patterns as written find.
_SCAN_ALPHABET = st.sampled_from(
    [*"abcdefkinrsuyz _-.,$%1209\n", "next of kin", "kin", "late", "é", "中", "İ", "ß"]
)


@settings(max_examples=300)
@given(st.lists(_SCAN_ALPHABET, max_size=80).map("".join))
@example("xa bz and ykin kin_ 12 % of")  # a match may start inside one refused for its boundary
def test_bounded_search_finds_what_the_pattern_as_written_finds(text: str) -> None:
    import re

    from tradetriage.signals.phrases import _bounded, _without_leading_boundary

    for written in (
        r"\bnext of kin\b",
        r"\b(?:late|deceased) (?:client|kin)\b",
        r"\bkin\b|\bsun\b",
        r"\b\d{1,2} ?% (?:of|for)\b",
        r"\b(?:us|\$)\d",
        r"\b[ab][a-z ]{0,6}z\b",
    ):
        inner = _without_leading_boundary(written)
        assert inner is not None
        compiled, unbounded = re.compile(written), re.compile(inner)
        for lo, hi in ((0, len(text)), (3, max(3, len(text) - 2)), (7, 30)):
            expected = [m.span() for m in compiled.finditer(text, lo, hi)]
            assert [m.span() for m in _bounded(unbounded, text, lo, hi)] == expected


def test_patterns_without_a_leading_boundary_everywhere_are_kept_as_written() -> None:
    from tradetriage.signals.phrases import _without_leading_boundary

    assert _without_leading_boundary(r"\bwestern union\b") == r"western union\b"
    assert _without_leading_boundary(r"\ba\b|\bb[|]\b") == r"(?:a\b|b[|]\b)"
    assert _without_leading_boundary(r"\bfoo|bar") is None  # "bar" has no boundary
    assert _without_leading_boundary(r"(?:\bfoo|\bbar)") is None  # not at the top level
    assert _without_leading_boundary(r"\b(?:x)?") is None  # may match nothing
    assert _without_leading_boundary(r"紧急|加急") is None


@given(st.text(alphabet=st.sampled_from(list("aZ é中İK_1 \n\t.-")), max_size=60))
def test_prepared_words_are_the_ascii_letter_runs_of_the_folded_text(text: str) -> None:
    import re

    from tradetriage.signals.phrases import prepare_text

    prepared = prepare_text(text)
    # Turkish İ lower-cases to "i" and a combining dot: read as "i".
    assert prepared.text == " ".join(text.lower().split()).replace("i\u0307", "i")
    assert prepared.words == frozenset(re.findall(r"[a-z]+", prepared.text))
    assert prepared.cjk == ("中" in text)


def test_phrases_found_in_both_modules_are_the_same_with_shared_windows() -> None:
    # fraud and phishing scan one prepared text; windows found for one serve the other.
    from tradetriage.signals import phishing
    from tradetriage.signals.phrases import prepare_text

    text = (
        "Dear friend, our bank account has been changed. Kindly pay to our new account "
        "urgently, within 24 hours. Verify your account to avoid suspension."
    )
    shared = prepare_text(text)
    first = fraud._CUES.scan(shared)
    second = phishing._CUES.scan(shared)
    assert first == fraud._CUES.scan(prepare_text(text))
    assert second == phishing._CUES.scan(prepare_text(text))
    assert first["urgency"] == ["urgently", "within 24 hours"]
    assert second["bank_change"] == [
        "our bank account has been changed",
        "pay to our new account",
    ]


@pytest.mark.parametrize(
    ("phrase", "amount"),
    [("25,000 pcs", "25,000"), ("12 tons", "12"), ("2.5 million usd", "2.5"), ("7 sets", "7")],
)
def test_amounts_keep_their_number_group(phrase: str, amount: str) -> None:
    matches = [fraud._QTY.fullmatch(phrase), fraud._MONEY_AFTER.fullmatch(phrase)]
    found = next(m for m in matches if m is not None)
    assert found.group(1) == amount


def test_reply_to_freemail_is_the_domain_modules_finding() -> None:
    gmail = (Address("Hans", "hans.becker.rheinarmatur@gmail.com"),)
    msg = make_msg("hi", reply_to=gmail)
    earlier = domain.analyze(msg, CTX, {})
    alone = run(msg)["fraud.reply_to_freemail"]
    assert alone == run(msg, earlier)["fraud.reply_to_freemail"]
    assert alone == earlier["domain.reply_to_freemail"]


def test_huge_order_alone_judges_detail_as_the_request_module_does() -> None:
    for body in ("Please quote 50,000 pcs EB-BV316-DN15", "We need 100,000 pcs of valves"):
        msg = make_msg(body)
        earlier = request.analyze(msg, CTX, {})
        assert run(msg)["fraud.huge_order"] == run(msg, earlier)["fraud.huge_order"]


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from("ab9_.-+@ é\n"), max_size=220))
def test_address_at_is_the_first_window_match_holding_that_at(text: str) -> None:
    # address_at steps back from each "@" instead of searching the window: it must give what
    # the search gives.
    for at in (i for i, char in enumerate(text) if char == "@"):
        lo, hi = max(0, at - payees._LOCAL_PART), at + payees._DOMAIN_PART
        first = ADDRESS.search(text, lo, hi)
        holds = first is not None and first.start() + first.group().index("@") == at
        expected = first.span() if holds and first is not None else None
        found = payees.address_at(text, at)
        assert (found.span() if found is not None else None) == expected


# --- trade finance is no advance-fee story; graded messages -----------------------------------

_GRADING_CTX = replace(CTX, known_domains=frozenset({"rheinarmatur.de"}), catalogue=CATALOGUE)
_PASS = CUSTOMER_PASSED


def graded(msg: ParsedMessage) -> Scores:
    """The scores the bundled rules give a message (a known customer at rheinarmatur.de; our
    catalogue)."""
    return factories.graded(msg, _GRADING_CTX)


def fired(msg: ParsedMessage) -> set[str]:
    return {hit.rule_id for hit in factories.rule_hits(msg, _GRADING_CTX)}


@pytest.mark.parametrize(
    "body",
    [
        "We are opening the L/C for the sum of USD 48,000 for PI EB-2025-031.",
        "Please confirm the beneficiary name and bank exactly as they must appear in the credit.",
        "Our bank will release the payment against the shipping documents.",
        "We will release the payment after SGS inspection.",
        "12 valves leak at the stem. We request a compensation payment of EUR 1,800.",
        "Please confirm your company full name and address for our PO.",
        "Kindly revert back with your best price for 200 pcs EB-BV316-DN50.",
        "Dear friend, we need 100 pcs EB-CV200 check valve DN80 PN16.",
        "Kindly reply today with the delivery date.",
        "请确认信用证受益人名称和开户银行。",
        "Please activate the sample account we opened for you in our portal.",
        "The L/C will be issued after your PI is confirmed.",
    ],
)
def test_trade_finance_and_polite_wording_is_no_advance_fee_story(body: str) -> None:
    assert run(make_msg(body))["fraud.advance_fee"].value == ()


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("You are the beneficiary of the fund left by my late husband.", "beneficiary of the fund"),
        ("I will present you as the beneficiary to the bank.", "you as the beneficiary"),
        ("The sum of US$15,500,000.00 was deposited in our bank.", "the sum of us$15,500,000"),
        ("We need your help for the release of your fund.", "release of your fund"),
        ("The bank will release the funds to you after the clearance.", "release the funds to you"),
        ("The bank can release the payment to you at once.", "release the payment to you"),
        (
            "The United Nations compensation payment has been approved.",
            "nations compensation payment",
        ),
        ("Send your full names, age and occupation.", "full names"),
        ("Dear beloved, I am writing from my sick bed.", "dear beloved"),
    ],
)
def test_advance_fee_story_wording_still_fires(body: str, phrase: str) -> None:
    found = phrases(run(make_msg(body)), "fraud.advance_fee")
    assert any(p.startswith(phrase) for p in found), found


def test_buyer_paying_for_the_inspection_is_not_payment_first() -> None:
    body = "We will release the payment after SGS inspection. We will pay for the inspection."
    assert run(make_msg(body))["fraud.payment_first"].value == ()
    asked = "The supplier must pay for the inspection certificate before shipment."
    assert run(make_msg(asked))["fraud.payment_first"].value


@pytest.mark.parametrize(
    ("sender", "body"),
    [
        (
            HANS,
            "Dear Lily,\n\nWe are opening the L/C for the sum of USD 48,000 for PI EB-2025-031 "
            "(500 pcs EB-BV316-DN25). Please confirm the beneficiary name and bank exactly as "
            "they must appear in the credit. Our bank will release the payment against the "
            "shipping documents.\n\nBest regards\nHans Becker\n",
        ),
        (
            HANS,
            "Dear Lily,\n\nWe will release the payment after SGS inspection. We will pay for the "
            "inspection. Please ship urgently, the 200 pcs EB-BV316-DN25 are needed on site.\n\n"
            "Best regards\nHans Becker\n",
        ),
        (
            Address("Rajesh Kumar", "rajesh@shreeengg.co.in"),
            "Dear Sir,\n\nKindly revert back with your best price for 200 pcs EB-BV316-DN50 ball "
            "valve, PN40, CF8M, CIF Nhava Sheva. This is an urgent requirement. Please also send "
            "samples by courier.\n\nRegards\nRajesh Kumar\nPurchase Manager\nShree Engineering "
            "Pvt Ltd\nTel: +91 22 2345 6789\nwww.shreeengg.co.in\n",
        ),
        (
            Address("Li Wei", "liwei.trade@gmail.com"),
            "Dear friend,\n\nWe need 100 pcs EB-CV200 check valve DN80 PN16. Please send price "
            "ASAP.\n\nThanks\n",
        ),
        (
            Address("Tom", "tom.hardware.ke@gmail.com"),
            "Dear Lily,\n\nWe are opening the L/C for the sum of USD 48,000 for PI EB-2025-031 "
            "(500 pcs EB-BV316-DN25). Please confirm the beneficiary name and address urgently "
            "so the bank can issue it today.\n\nThanks\nTom\n",
        ),
    ],
    ids=[
        "lc-known-customer",
        "release-after-inspection",
        "indian-buyer",
        "dear-friend",
        "lc-gmail",
    ],
)
def test_genuine_buyers_trade_mail_is_not_flagged(sender: Address, body: str) -> None:
    msg = replace(make_msg(body, subject="PO 4500123", sender=sender), extra_headers=_PASS)
    scores = graded(msg)
    assert scores.flags == ()
    assert scores.fraud_score < 4


@pytest.mark.parametrize(
    "body",
    [
        "Kindly send us samples by DHL first.",
        "Use our FedEx account 123456 for the samples.",  # the buyer pays the courier
        "请先寄样，运费到付",  # freight collect: the buyer pays
        "请用DHL寄样，我们的DHL账号是 123456",
        "Samples are at our cost; the supplier's cost of testing is refunded with the order.",
    ],
)
def test_samples_the_buyer_pays_for_are_no_cue(body: str) -> None:
    assert run(make_msg(body))["fraud.samples_express"].value == ()


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("请尽快报价并寄样", False),
        ("收到样品后我们会下单，请寄样品", False),
        ("请免费寄样", True),
        ("请用DHL寄样", False),
        ("样品费由贵司承担", True),
        ("请提供免费样品", True),
    ],
)
def test_chinese_samples_need_free_or_at_our_cost(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.samples_express"].value) is fires


def test_generic_ask_with_a_reply_to_colleague_at_the_same_domain_is_no_fake_buyer() -> None:
    body = "Dear Sir,\n\nPlease send us your catalogue and best price list.\n\nRegards\nH. Becker\n"
    sender = Address("H. Becker", "h.becker@nordtech-anlagen.de")
    colleague = (Address("Einkauf", "einkauf@nordtech-anlagen.de"),)
    elsewhere = (Address("Einkauf", "nordtech.einkauf@outlook.com"),)
    same = make_msg(body, sender=sender, reply_to=colleague)
    other = make_msg(body, sender=sender, reply_to=elsewhere)
    assert "FAKE_BUYER_GENERIC_REPLY_ELSEWHERE" not in fired(same)
    assert "FAKE_BUYER_GENERIC_REPLY_ELSEWHERE" in fired(other)


@pytest.mark.parametrize(
    ("body", "family", "fires"),
    [
        # Where the buyer is, or its own people, is no meeting elsewhere.
        ("You are welcome to visit our shop in Dubai.", "meet_elsewhere", False),
        ("The DHL charge will come to me in Lagos.", "meet_elsewhere", False),
        ("You must come to Lagos to sign the contract.", "meet_elsewhere", True),
        ("We can meet our director in London next week.", "meet_elsewhere", True),
        # A distributor's first mail, a customs hold, a CIS buyer's partner search.
        ("I have a business proposal for you: distribution in Ghana.", "advance_fee", False),
        ("Apapa customs delayed the release of the consignment.", "advance_fee", False),
        ("We are looking for a foreign partner for valves.", "advance_fee", False),
        ("I need a foreign partner to receive the funds.", "advance_fee", True),
        # Fees asked of the seller, in more wording and languages; the overpayment story.
        ("The vendor vetting fee is USD 350.", "payment_first", True),
        # The buyer's own import certification, not a fee asked of us.
        ("Please quote CIF Mombasa including the PVoC verification fee.", "payment_first", False),
        ("Registration costs USD 300, payable to the agency.", "payment_first", True),
        (
            "We overpaid; refund the difference to our agent by Western Union.",
            "payment_first",
            True,
        ),
        ("We overpaid the last invoice, please deduct it next time.", "payment_first", False),
    ],
)
def test_cues_read_in_their_context(body: str, family: str, fires: bool) -> None:
    assert bool(run(make_msg(body))[f"fraud.{family}"].value) is fires


# --- the domain-registration scam --------------------------------------------------------------

DOMAIN_SCAM = (
    "We are a Network Service Company which is the domain name registration center in "
    "Shanghai. We received an application from Yongda Investment Co., Ltd requesting "
    '"everbright-valve" as their internet keyword and China (CN) domain names. After checking, '
    "we find this name conflicts with your company name or trademark. Please tell us whether "
    "this company is your distributor or business partner in China within 7 workdays."
)


def test_the_domain_registration_scam_is_flagged() -> None:
    sender = Address("Jim Wang", "jim.wang@cndomain-center.cn")
    msg = make_msg(DOMAIN_SCAM, subject="Notice of Intellectual Property", sender=sender)
    assert len(run(msg)["fraud.domain_registration"].value) >= 3
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    "body",
    [
        "您好，我司收到某公司申请以“永明”作为网络关键字及中国国家顶级域名的注册申请。",
        "经审核，该名称与贵公司的商标存在冲突，请确认该公司是否为贵司的经销商。",
        "他们申请注册网络关键词及以下域名：everbright.hk everbright.asia",
        "我们是亚洲域名注册中心，负责国际域名的注册与审核。",
        "他们要求注册“everbright-valve”作为网络关键词以及以下域名：",
        "要求注册“everbright-valve”网络关键字及以下国际域名：",
        "经审核，发现上述关键字及域名与贵司的企业名称及商标存在相同之处。",
        "我们需要先与贵司确认：贵司是否授权该公司进行注册？",
        "逾期未收到贵司回复，我中心将无条件审核通过该公司的申请。",
        # The "brand" (网络品牌) telling: the name the same as our brand and domain, asked
        # whether we work with the applicant, silence taken for consent.
        "经我中心审核发现，该名称与贵公司的品牌及域名相同。",
        "亚太网络品牌注册审核中心",
        "贵公司是否与“深圳市恒泰昌贸易有限公司”有合作或授权关系？",
        "若贵公司在审核期内未予回复，我们将视为无异议，为对方办理注册。",
    ],
)
def test_the_domain_registration_scam_in_chinese(body: str) -> None:
    assert run(make_msg(body))["fraud.domain_registration"].value


@pytest.mark.parametrize(
    "body",
    [
        "We are a domain name registration service organization in Shanghai.",
        "requesting to register it as their internet keyword and the following domain names:",
        "we found that this name is similar to your company's name and trademark",
        "If your company has not authorized this company to register these names, tell us.",
        "Without your reply in 7 workdays we will approve their application unconditionally.",
        "If we hear nothing, we shall unconditionally approve the registration.",
    ],
)
def test_the_domain_registration_scam_reworded(body: str) -> None:
    assert run(make_msg(body))["fraud.domain_registration"].value


@pytest.mark.parametrize(
    "body",
    [
        "Your domain name everbright-valve.cn expires on 12 December; renew it in your account.",
        "Our agent in Dubai is not our distributor; please quote us directly.",
        "The delivery date conflicts with our schedule; can you ship in January?",
        "Please tell us whether the valve is suitable for sea water.",
    ],
)
def test_registrar_and_trade_mail_is_no_domain_registration_scam(body: str) -> None:
    assert run(make_msg(body))["fraud.domain_registration"].value == ()


DOMAIN_LIST = (
    "An applicant asks to register the following names:\neverbright-valve.asia\n"
    "everbright-valve.hk\neverbright-valve.com.hk\neverbright-valve.tw\n"
    "Regards\nwww.everbright-valve.cn"
)


def test_our_name_under_other_suffixes_is_listed() -> None:
    sender = Address("Chen Kai", "chenkai@cn-domainaudit.com")
    found = run(make_msg(DOMAIN_LIST, sender=sender))["fraud.our_name_domains"].value
    assert found == (
        "everbright-valve.asia",
        "everbright-valve.hk",
        "everbright-valve.com.hk",
        "everbright-valve.tw",
    )


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        # Our own domains, our own mail, a name that only starts like ours.
        ("see www.everbright-valve.cn and lily@everbright-valve.cn", Address("x", "a@b.com")),
        (DOMAIN_LIST, Address("Wang Fang", "wangfang@everbright-valve.cn")),
        ("everbright-valves.hk and myeverbright-valve.asia", Address("x", "a@b.com")),
    ],
)
def test_no_other_domains_of_our_name(body: str, sender: Address) -> None:
    assert run(make_msg(body, sender=sender))["fraud.our_name_domains"].value == ()


# --- the directory scam -------------------------------------------------------------------------

DIRECTORY_FORM = (
    "Dear Sir or Madam,\n\nTo keep the Global Industry Guide up to date for buyers, please check "
    "the data of your company below. The updating of your basic data is free of charge.\n\n"
    "Company: Ningbo Everbright Valve Co., Ltd.\n\nPlease return the form within 8 days.\n\n"
    "With the signature the undersigned orders the insertion of the company entry for a period "
    "of three years at an annual price of EUR 1,190.00."
)
DIRECTORY_INVOICE = (
    "Dear Exhibitor,\n\nattached is invoice 26-1187 for your entry in the Pump & Valve Expo "
    "Guide.\n\nListing: premium, online and print\nPeriod: 3 years (2026-2028)\nAnnual fee: "
    "EUR 1,271.00\n\nThe order form was signed and returned to our office. Payment is due "
    "within 8 days."
)


@pytest.mark.parametrize("body", [DIRECTORY_FORM, DIRECTORY_INVOICE])
def test_the_directory_scam_is_flagged(body: str) -> None:
    sender = Address("Global Industry Guide", "update@global-industryguide.com")
    msg = make_msg(body, subject="Update of your company data", sender=sender)
    assert len(run(msg)["fraud.directory_listing"].value) >= 2
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    "body",
    [
        "您好！为保证《中国阀门企业名录》信息准确，请免费更新贵司信息，并签字回传。",
        "贵司已登记于《全球采购黄页》，刊登期三年，每年费用1280欧元。",
        "Please correct your company data free of charge on the form below.",
        "By signing and returning this form you confirm the entry.",
    ],
)
def test_the_directory_scam_reworded(body: str) -> None:
    assert run(make_msg(body))["fraud.directory_listing"].value


@pytest.mark.parametrize(
    "body",
    [
        "The basic entry (company name and address) is free of charge. By signing the form you "
        "order an entry in the online directory for three consecutive years at EUR 1,271.",
        "Die Aktualisierung der Grunddaten ist für Sie kostenfrei. Mit Rücksendung des "
        "unterzeichneten Formulars wird ein Eintrag im Verzeichnis für 3 Jahre beauftragt.",
        "La actualización de sus datos es gratuita; la inscripción en la guía por tres años "
        "cuesta EUR 990 al año.",
        "La mise à jour de vos données est gratuite. L'entrée dans le guide pour trois ans.",
        "Mit Ihrer Unterschrift beauftragen Sie die Eintragung in das Register für eine "
        "Laufzeit von drei Jahren zu einem Jahresbetrag von 1.271,00 EUR.",
        # The "Korrekturabzug": free in other words, the order in the small print.
        "Die Aktualisierung Ihrer Grunddaten ist für Sie selbstverständlich mit keinem Aufwand "
        "verbunden. Mit Unterzeichnung des Korrekturabzugs beauftragen Sie die Veröffentlichung "
        "eines Premium-Eintrags für eine Mindestlaufzeit von 3 Jahren.",
        # The trademark "publication register": its small print says it is only an offer.
        "Publication period: 10 years. Publication fee: EUR 2,865.00. GTPR is not affiliated "
        "with WIPO or any governmental trademark office. There is no obligation to pay.",
        "This is a solicitation. We are not associated with any government agency.",
    ],
)
def test_the_directory_scam_in_other_words_and_languages(body: str) -> None:
    assert len(run(make_msg(body))["fraud.directory_listing"].value) >= 2


@pytest.mark.parametrize(
    "body",
    [
        # A real fair: the catalogue entry comes with the stand, and a warning of the scam.
        "Your basic entry in the official show catalogue is included in your stand fee. Private "
        "'fair guide' companies send forms and invoices: do not sign or pay them.",
        "We would like to sign a frame contract for a period of three years, 2,000 valves a year.",
        "Thank you for the update of your data; our records now show your new address.",
        "Please sign and return the order confirmation with your stamp.",
        "Your listing on our platform renews every year; see your member account.",
        "Der Eintrag im offiziellen Messekatalog ist in der Standmiete enthalten.",
        "Mit Unterzeichnung der Auftragsbestätigung bestätigen Sie den Liefertermin. Wir "
        "möchten einen Rahmenvertrag mit einer Mindestlaufzeit von 3 Jahren abschließen.",
        "La inscripción a la feria es gratuita para visitantes profesionales.",
        # A trademark attorney's warning of the publication registers.
        "Beware of invoices from private registers: these companies are not affiliated with "
        "WIPO or CNIPA, and you are under no obligation to pay them.",
    ],
)
def test_fair_and_trade_mail_is_no_directory_scam(body: str) -> None:
    assert run(make_msg(body))["fraud.directory_listing"].value == ()


@pytest.mark.parametrize("body", ["Your share of €12m is ready for transfer.", "A sum of £4.5m."])
def test_a_symbol_trigger_works_in_mail_without_chinese(body: str) -> None:
    # "€" and "£" trigger by substring; they were looked for only where CJK text was.
    assert run(make_msg(body))["fraud.advance_fee"].value


# --- a fee for the fake buyer's third party ----------------------------------------------------

LAB_FEE = (
    "We would like to place a trial order for 500 pcs of EB-BV316-DN25, CIF Jebel Ali. Our end "
    "client requires two samples to be tested by their appointed laboratory before the PO is "
    "issued. The testing fee (USD 320) is paid by the supplier directly to the lab. Please "
    "coordinate with their officer, Mr. Rashid, at testing@safecert-labs.ae."
)


def test_a_fee_for_a_third_party_the_buyer_names_is_fraud() -> None:
    sender = Address("Ayesha Karimi", "a.karimi@meridian-tradinggroup.com")
    msg = make_msg(LAB_FEE, subject="Trial order EB-BV316-DN25", sender=sender)
    found = run(msg)
    assert found["fraud.payment_first"].value == ("testing fee",)
    assert found["fraud.fee_elsewhere"].value == ("testing@safecert-labs.ae",)
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    ("body", "third_party"),
    [
        # A recognised inspection body, our own forwarder (a known contact), the sender itself.
        (LAB_FEE.replace("testing@safecert-labs.ae", "ng.soncap@sgs.com"), ()),
        (LAB_FEE.replace("testing@safecert-labs.ae", "ops@rheinarmatur.de"), ()),
        (LAB_FEE.replace("testing@safecert-labs.ae", "lab@meridian-tradinggroup.com"), ()),
        # No fee asked of us: a third party's address alone is ordinary trade mail, and so
        # is a buyer's sourcing portal (the mail comes from Ariba, the buyer's address inside).
        ("Please send the B/L to our forwarder at docs@gulf-freight.ae.", ()),
        ("Please register as a supplier; questions to ingrid.sorensen@aquanor-group.no.", ()),
    ],
)
def test_no_fee_elsewhere_without_a_stranger_taking_our_fee(
    body: str, third_party: tuple[str, ...]
) -> None:
    sender = Address("Ayesha Karimi", "a.karimi@meridian-tradinggroup.com")
    found = fraud.analyze(make_msg(body, sender=sender), _GRADING_CTX, {})  # rheinarmatur known
    assert found["fraud.fee_elsewhere"].value == third_party


@pytest.mark.parametrize(
    "body",
    [
        "The testing fee is paid by us; please send two samples to the lab.",
        "Inspection charges will be for our account, SGS will contact you.",
        "The certification fee is borne by our client.",
        "Please quote CIF Mombasa plus the inspection fee.",
        "The supplier will pay for the inspection by the accredited agent (Intertek or SGS).",
    ],
)
def test_a_fee_the_buyer_pays_is_not_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value == ()


def test_an_overpayment_refunded_to_the_buyers_forwarder_is_fraud() -> None:
    body = (
        "Our accounts team has made an error when paying your PI: USD 18,450 was sent instead "
        "of USD 8,450. Could you kindly refund the difference of USD 10,000 to our freight "
        "forwarder: Beneficiary: Swiftline Logistics Ltd Bank: Access Bank UK Account: 40291837"
    )
    sender = Address("Paul Davies", "finance@sterling-hydro.co.uk")
    msg = make_msg(body, subject="Overpayment on PI EBV-PI-261104", sender=sender)
    found = run(msg)
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value == ("bank details (beneficiary)",)
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("We can only pay in USDT or Bitcoin.", True),
        ("Please send your USDT (TRC20) wallet address and we pay 50% today.", True),
        ("We will make the payment via crypto, it is faster.", True),
        ("Because of bank restrictions we pay the full amount in USDT before shipment.", True),
        ("我们只能用USDT付款。", True),
        # A sum written out between the verb and the coin; a Bitcoin address given.
        ("Transfer USD 1,350 in Bitcoin to this wallet.", True),
        ("Send the money to bc1q7m3xk8h2w9rfq5t0ljz4c6yv8n2pd3a5e9s0ku today.", True),
        # "pays", and the wallet drainer's "escrow" that wants a wallet connected.
        ("Our finance pays all Asian suppliers in USDT through an escrow contract.", True),
        ("To receive the deposit, connect your wallet (TronLink) to the escrow page.", True),
        ("Please connect the actuator to the valve before the pressure test.", False),
        # A sum in a coin.
        ("Send a verification deposit of 300 USDT (TRC20) to the escrow address below.", True),
        ("We have sent the deposit (12,640 USDT) to your wallet.", True),
        ("We do not accept 300 USDT or any crypto.", False),
        ("Our bank's SWIFT is BKCHCNBJ92A; account 3587 0019 2201.", False),
        ("The crypto module in the kernel needs a fix for the ETH driver.", False),
        ("Payment by T/T; our bank is in the Bitcoin Street branch.", False),
    ],
)
def test_crypto_payment(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.crypto_payment"].value) is fires


def test_a_buyer_who_wants_a_wallet_connected_is_flagged() -> None:
    body = (
        "We confirm the order EB-BV316-DN25 x 3,000. Our finance pays Asian suppliers in USDT "
        "through an escrow contract: to receive the deposit, connect your wallet to the escrow "
        "page and approve the contract."
    )
    sender = Address("Viktor Sand", "viktor@nordline-supply.com")
    assert (
        "suspect-fraud" in graded(make_msg(body, subject="Payment by escrow", sender=sender)).flags
    )


def test_a_crypto_buyer_from_free_mail_is_flagged() -> None:
    body = "We want 200 pcs gate valve PN16 DN100. We can only pay in USDT or Bitcoin. Leo"
    sender = Address("Leo Martins", "leo.martins.trade@gmail.com")
    assert "suspect-fraud" in graded(make_msg(body, subject="Order payment", sender=sender)).flags


@pytest.mark.parametrize(
    "body",
    [
        # "and documentation" between; the lab on free mail.
        "You will only pay the testing and documentation charge of USD 620 directly to the "
        "lab. Contact: Dr. Musa Bello, stms.labtest@outlook.com",
        # A consultant's fee, his personal account written out.
        "The consultant fee is SAR 2,850 and must be paid by the supplier before we release "
        "the advance payment. Consultant payment details: Account name: Mohammed S. Al-Qahtani "
        "Bank: Al Rajhi Bank IBAN: SA71 8000 0439 6081 1827 7600",
    ],
)
def test_fees_for_the_buyers_lab_or_consultant_are_fees_elsewhere(body: str) -> None:
    sender = Address("Abdullah Al-Harbi", "purchasing@alnoor-est-trading.com")
    found = run(make_msg(body, sender=sender))
    assert found["fraud.payment_first"].value and found["fraud.fee_elsewhere"].value


@pytest.mark.parametrize(
    "body",
    [
        # Fees named in words no English stem holds: "cubierto", "abonada", "custeado".
        "El costo del registro es cubierto por el proveedor. Contacto del consultor: "
        "jorge.ruiz@registro-consultores.com",
        "La garantía debe ser abonada a través de la notaría designada: notaria.ruiz@gmail.com",
        "O custo deve ser custeado pelo fabricante. Contato: paulo@assessoria-nogueira.com.br",
    ],
)
def test_a_fee_in_any_wording_of_payment_first_goes_to_the_stranger_named(body: str) -> None:
    sender = Address("Ana Torres", "ana.torres@constructora-lima.pe")
    assert run(make_msg(body, sender=sender))["fraud.fee_elsewhere"].value


@pytest.mark.parametrize(
    "body",
    [
        "The listing fee of USD 390 is paid by the manufacturer directly to the consultant.",
        "You will pay the testing fee directly to the laboratory (EUR 740 for both sizes).",
        "Les frais d'inscription (95 000 FCFA) sont à la charge du fournisseur et se règlent "
        "auprès de notre huissier de justice, Maître Ngono (tél. +237 6 77 41 28 93).",
        "El costo de registro (US$ 480) es asumido por el proveedor y se abona directamente al "
        "laboratorio.",
        "A taxa de inscrição é de USD 520, paga pelo fornecedor diretamente ao despachante.",
        "Kayıt ücreti 9.800 TL + KDV olup üretici firma tarafından doğrudan danışmanlık "
        "firmasına ödenir (irtibat: Av. Selin Korkmaz, 0312 418 27 64).",
        "Phí thử nghiệm và cấp chứng thư là 14.500.000 VNĐ, do nhà cung cấp thanh toán trực "
        "tiếp cho Trung tâm (liên hệ: chị Hà, 0912 448 367).",
        "ورسوم الإصدار 650 دولار أمريكي يتحملها المجهز وتدفع مباشرة للمكتب.",
        "Стоимость сертификата 720 USD, оплачивается производителем напрямую в орган.",
        "Biaya registrasi sebesar Rp 12.500.000 dibayarkan oleh calon vendor langsung ke PT "
        "Mitra Verifikasi.",
        "检测费人民币3800元由供应商直接支付给检测中心。",
    ],
)
def test_a_fee_paid_directly_to_a_third_party_goes_elsewhere(body: str) -> None:
    sender = Address("Ana Torres", "ana.torres@constructora-lima.pe")
    found = run(make_msg(body, sender=sender))
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value
    assert found["fraud.fee_amount"].value


@pytest.mark.parametrize(
    "body",
    [
        # The buyer pays the body directly: no fee asked of us.
        "The inspection cost is paid by us directly to TÜV under our frame contract.",
        # Someone contacted directly, not paid so.
        "The registration fee is USD 385. Please contact Dr. Danjuma directly to book.",
        # A fee of ours paid to our own forwarder? No: a directly-paid freight is no fee.
        "Freight charges are paid directly to the forwarder by the consignee.",
    ],
)
def test_a_fee_not_paid_directly_by_us_to_a_third_party_is_not_elsewhere(body: str) -> None:
    sender = Address("Ana Torres", "ana.torres@constructora-lima.pe")
    found = run(make_msg(body, sender=sender))
    assert not any("directly" in str(v) for v in found["fraud.fee_elsewhere"].value)


IRAQ_REGISTRATION = (
    "السادة شركة Everbright Valve المحترمين\n\nيرجى تزويدنا بعرض سعر CFR ميناء أم قصر: صمام بوابة "
    "DN300 PN16 - 20 قطعة.\n\nملاحظة مهمة: يجب أن يكون المجهز الأجنبي حاصلاً على شهادة تسجيل مجهز "
    "أجنبي قبل توقيع العقد. يتم إصدار الشهادة عن طريق مكتب الرافدين للاستشارات في بغداد (السيد "
    "كريم، هاتف 00964 770 555 1234)، ورسوم الإصدار 650 دولار أمريكي يتحملها المجهز وتدفع مباشرة "
    "للمكتب.\n\nم. حيدر\nمدير المشتريات"
)


def test_a_registration_fee_borne_by_the_supplier_and_paid_to_an_office_is_flagged() -> None:
    sender = Address("Haider", "haider.a@tigris-contracting-iq.com")
    msg = make_msg(IRAQ_REGISTRATION, subject="طلب عرض سعر", sender=sender)
    assert "suspect-fraud" in graded(msg).flags


def test_an_inspection_bodys_own_invoice_is_no_fee_elsewhere() -> None:
    body = (
        "Dear supplier, the inspection fee for certificate 4471 is USD 300. Please remit to our "
        "account: Beneficiary: SGS-CSTC Standards Technical Services Co., Ltd. Account No.: 1234"
    )
    sender = Address("SGS Ningbo", "ningbo.inspection@sgs.com")
    assert run(make_msg(body, sender=sender))["fraud.fee_elsewhere"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "Inspection charges for buyer's account.",
        "Testing fees to be borne by buyer.",
        "The inspection fee in Lagos is paid by the importer.",
        "We\u2019ll pay for the inspection.",  # Outlook's apostrophe
        "The consultant fee is included in your invoice.",
        "Under FOB you pay for clearance at Ningbo.",
        # A customer's warning tells what the impostors asked for.
        'In one case they asked the supplier to pay a "vendor registration fee".',
        "The scammers demanded a registration fee from two of our suppliers.",
    ],
)
def test_fees_the_buyer_bears_are_not_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value == ()


@pytest.mark.parametrize(
    ("body", "sender"),
    [
        (
            "The ISO 9001 certification fee is due; ask jane@dnv.com for the audit date.",
            "li.wei@everbright-valve.cn",
        ),
        (
            "The PVoC inspection fee is USD 350. Bureau Veritas bank details: Beneficiary: BV",
            "pvoc.china@bureauveritas.com",
        ),
    ],
)
def test_an_inspection_body_is_no_stranger_taking_a_fee(body: str, sender: str) -> None:
    found = run(make_msg(body, sender=Address("Someone", sender)))
    assert found["fraud.fee_elsewhere"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "Never send payment in crypto.",
        "We do not accept payment in crypto; T/T only.",
        "注意：客户要求用USDT付款的一律拒绝。",
        "Please send the ETH payment confirmation.",
    ],
)
def test_crypto_warned_against_is_no_crypto_payment(body: str) -> None:
    assert run(make_msg(body))["fraud.crypto_payment"].value == ()


# --- the boss who cannot be called: CEO fraud, off mail and phone -----------------------------

BOSS_ZH = (
    "莉莉，\n\n在公司吗？我现在在外面跟客户谈事情，不方便接电话。\n\n你先加一下我新的微信号："
    "wj_2025 （原来那个号出了点问题暂时登不上）。有一个客户的定金需要今天退回，具体账户我微信里"
    "发你。\n\n这件事先不要跟其他人讲，等我回来再说。\n\n王军\n发自我的iPhone"
)


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("我现在在开会，不方便接电话，你先加一下我新的微信号：wj_2025", True),
        ("原来那个微信号出了点问题，加我新微信。", True),
        ("I'm in a meeting and can't take calls. Text me on my new WhatsApp number.", True),
        ("Are you at your desk? I am in a meeting and cannot talk right now.", True),
        ("My old WhatsApp number is not working, please add my new number +44 7700 900123.", True),
        ("Are you at your desk? I'm in a meeting and can only text.", True),
        ("I am in a meeting, can only chat now.", True),
        (
            "I'm still at the fair in Dubai and about to go into a meeting with the distributor, "
            "so I can't take calls.",
            True,
        ),
        ("I'm in Dubai for a meeting next week; you can call me on Monday.", False),
        # The Chinese boss's QQ and "small group" with finance.
        ("我今天上午在市里开会，手机不方便接听。", True),
        ("你先用QQ加我：2839117506，加上后我拉你进一个小群。", True),
        ("请加我QQ 2839117506，方便传图纸。", False),
        # Buyers offer a chat channel every day.
        ("You can also reach me on WhatsApp +52 55 1234 5678.", False),
        ("请加我微信 wj_2025，方便沟通。", False),
        ("I am travelling next week, please send the quotation by e-mail.", False),
        ("Our new phone number is +49 711 123456.", False),
    ],
)  # fmt: skip
def test_off_channel_wording(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.off_channel"].value) is fires


@pytest.mark.parametrize(
    "body",
    [
        "这件事先不要跟其他人讲。",
        "先别告诉别人。",
        "这事不要和任何人提。",
        # Kept from the colleagues who would check.
        "先不要跟其他同事说，等我开完会再讲。",
        "别告诉财务和其他同事。",
    ],
)
def test_chinese_secrecy(body: str) -> None:
    assert run(make_msg(body))["fraud.secrecy"].value


@pytest.mark.parametrize(
    ("body", "family"),
    [
        # Finance kept off the copy line; the boss's own chat group; the company mailbox out
        # of use.
        ("谈成之前先不要跟其他同事讲，也不用抄送财务。", "fraud.secrecy"),
        ("No need to cc finance on this one, I will explain tomorrow.", "fraud.secrecy"),
        ("Ti chiedo di non mettere in copia Giulia dell'amministrazione.", "fraud.secrecy"),
        ("我已经建了一个QQ群，群号 736218045，你进群后把报价单发到群里。", "fraud.off_channel"),
        ("我手机上公司邮箱一直登不上，先用这个邮箱跟你说。", "fraud.off_channel"),
    ],
)
def test_the_boss_keeps_finance_off_and_moves_to_a_group(body: str, family: str) -> None:
    assert run(make_msg(body))[family].value


@pytest.mark.parametrize(
    "body",
    ["请抄送财务。", "Please cc finance on the invoice.", "Metti in copia l'amministrazione."],
)
def test_finance_asked_onto_the_copy_line_is_no_secrecy(body: str) -> None:
    assert not run(make_msg(body))["fraud.secrecy"].value


@pytest.mark.parametrize(
    ("body", "family"),
    [
        # Taiwan's and Hong Kong's Traditional characters, read by the same phrases.
        ("有一筆貨款要請妳處理，先不要跟財務那邊講。", "fraud.secrecy"),
        ("這件事先別告訴別人。", "fraud.secrecy"),
        ("這筆貨款很緊急，請儘快處理。", "fraud.urgency"),
        ("原本的手機號碼暫時不能用，請先用 WhatsApp 加我：+852 6473 1958。", "fraud.off_channel"),
        ("原来的微信登不上了。", "fraud.off_channel"),
    ],
)
def test_traditional_chinese_is_read_as_simplified(body: str, family: str) -> None:
    assert run(make_msg(body))[family].value


def test_japanese_is_not_converted_to_simplified_chinese() -> None:
    from tradetriage.signals.phrases import prepare_text

    text = "お電話で確認いたしました。銀行口座は変わりません。"
    assert prepare_text(text).text == text


def test_the_boss_in_traditional_chinese_on_free_mail_is_flagged() -> None:
    boss = Address("黃志明", "huang.zhiming.ebv@gmail.com")
    body = (
        "Lily 妳好，\n我是黃董。這兩天在香港開會，原本的手機號碼暫時不能用，請先用 WhatsApp 加我："
        "+852 6473 1958。\n有一筆香港客戶的貨款要請妳協助處理，比較急，先不要跟財務那邊講，等我回去"
        "再一起說明。加好後傳個訊息給我。\n黃志明"
    )
    assert "suspect-fraud" in graded(make_msg(body, subject="急事請先加我", sender=boss)).flags


def test_a_colleague_named_without_secrecy_is_none() -> None:
    assert run(make_msg("请跟其他同事说一下，明天开会。"))["fraud.secrecy"].value == ()


def test_the_boss_on_free_mail_who_cannot_be_called_is_fraud() -> None:
    boss = Address("王军", "wangjun.everbright@163.com")
    assert "suspect-fraud" in graded(make_msg(BOSS_ZH, subject="在吗", sender=boss)).flags


@pytest.mark.parametrize(
    "body",
    [
        "The LC activation and SWIFT transmission charges must be paid by the beneficiary.",
        "Kindly pay the L/C activation fee of USD 2,150 to release the MT700.",
        "Kindly pay the activation charges of the LC today so that it can be advised.",
    ],
)
def test_an_lc_to_be_activated_is_an_advance_fee_story(body: str) -> None:
    # No letter of credit waits on a fee from its beneficiary to be "activated".
    assert run(make_msg(body))["fraud.advance_fee"].value


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        # The fake buyer's fee for its "agent", in the languages of its buyers.
        ("El costo del certificado es de USD 1.450 y corre por cuenta del proveedor.", True),
        ("La tasa de registro de proveedor es de USD 300.", True),
        ("A taxa de registo e inspecção é de USD 980,00 e é da responsabilidade do fornecedor.",
         True),
        ("Les frais d'agrément (650 EUR) sont à la charge du fournisseur.", True),
        ("检测费用为人民币3800元，由供应商承担，直接与检测机构对接付款即可。", True),
        # Freight and duties by the terms agreed are no such fee.
        ("El flete corre por cuenta del proveedor hasta Buenaventura (CIF).", False),
        ("Os custos de frete são da responsabilidade do fornecedor até Luanda.", False),
        ("运费由供应商承担。", False),
        # A lab's tests the supplier "covers"; Russian and Turkish fees the maker pays.
        ("El costo de las pruebas es de MXN 9,850.00 y lo cubre el proveedor.", True),
        ("Стоимость оформления 680 USD, оплачивает производитель.", True),
        ("Регистрация проводится за счёт поставщика.", True),
        ("Kayıt ücreti 420 USD olup üretici firma tarafından ödenir.", True),
        ("Доставку до Алматы оплачивает покупатель.", False),
        ("Navlun ücreti alıcı tarafından ödenir.", False),
        ("El costo de las pruebas lo pagamos nosotros.", False),
    ],
)  # fmt: skip
def test_fees_asked_of_the_supplier_in_other_languages(body: str, fires: bool) -> None:
    assert bool(run(make_msg(body))["fraud.payment_first"].value) is fires


@pytest.mark.parametrize(
    "body",
    [
        "Please refund the difference of USD 10,000 to our clearing and forwarding agent.",
    ],
)
def test_more_fees_and_refunds_asked_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value


def test_naming_an_inspection_body_does_not_clear_a_fee_to_a_stranger() -> None:
    # The body named in the sentence would clear the fee, but the money goes to an address at
    # a third domain: the fake buyer's "SGS approved agent".
    body = (
        "Before the PO every supplier must pay the inspection fee of USD 450 to SGS through "
        "our approved agent; contact agent@fastinspect-ng.com for the payment details."
    )
    found = run(make_msg(body))
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value == ("agent@fastinspect-ng.com",)


def test_another_mailbox_at_the_senders_free_mail_provider_is_a_stranger() -> None:
    # The fake buyer and its "expert" both on mail.ru: the domain is everyone's.
    body = (
        "The registration fee is USD 680; the supplier pays it. Contact our expert: "
        "eccs.zhukova@mail.ru. My own address: astanatehsnab@mail.ru"
    )
    sender = Address("Erzhan Saparov", "astanatehsnab@mail.ru")
    found = run(make_msg(body, sender=sender))
    assert found["fraud.fee_elsewhere"].value == ("eccs.zhukova@mail.ru",)
    # gmail.com is a domain we have written to (someone there), which vouches for nobody.
    gmail = Address("Leo Martins", "leo.martins.trade@gmail.com")
    lab = body.replace("eccs.zhukova@mail.ru", "stms.labtest@gmail.com")
    assert run(make_msg(lab, sender=gmail))["fraud.fee_elsewhere"].value == (
        "stms.labtest@gmail.com",
    )


@pytest.mark.parametrize(
    ("body", "third_party"),
    [
        # The fee named in the buyer's own language, its payee a free-mail stranger.
        (
            "O custo do registro é de R$ 3.280,00 e é pago pelo fabricante. Por favor entre em "
            "contato com o Sr. Fábio Rocha: fabio.rocha.despachos@outlook.com.br",
            ("fabio.rocha.despachos@outlook.com.br",),
        ),
        (
            "Стоимость оформления 680 USD, оплачивает производитель. Контакт эксперта: "
            "eccs.zhukova@mail.ru",
            ("eccs.zhukova@mail.ru",),
        ),
        (
            "Kayıt ücreti 420 USD olup üretici firma tarafından ödenir. Ödeme bilgileri için: "
            "kerem.aydogan.musavir@gmail.com",
            ("kerem.aydogan.musavir@gmail.com",),
        ),
    ],
)
def test_a_fee_asked_in_another_language_goes_to_the_stranger_named(
    body: str, third_party: tuple[str, ...]
) -> None:
    sender = Address("Marcos Siqueira", "suprimentos@aguaforte-hidraulica.com.br")
    found = run(make_msg(body, sender=sender))
    assert found["fraud.payment_first"].value
    assert found["fraud.fee_elsewhere"].value == third_party


TR_FEE = (
    "Sayın Lily Chen,\n\nFiyat teklifinizi rica ediyoruz: EB-BV316-DN25, 2.000 adet, CIF "
    "Mersin.\n\nBilgi: Kayıt ücreti 420 USD olup üretici firma tarafından ödenir. Ödeme "
    "bilgileri için lütfen gümrük müşavirimize WhatsApp üzerinden ulaşınız: "
    "+90 532 614 88 17.\n\nSaygılarımızla,\nHakan Yıldırım\nSatın Alma Müdürü\n"
    "Tel: +90 232 878 41 63\n"
)


@pytest.mark.parametrize(
    "body",
    [
        TR_FEE,
        # Hard-wrapped: the number opens no contact line, though few words stand before it.
        TR_FEE.replace("WhatsApp üzerinden ulaşınız: ", "WhatsApp\nüzerinden ulaşınız: "),
    ],
)
def test_a_fee_settled_over_a_chat_app_goes_elsewhere(body: str) -> None:
    sender = Address("Hakan Yıldırım", "marmarisyapi.satinalma@gmail.com")
    msg = make_msg(body, sender=sender)
    found = run(msg)
    assert found["fraud.fee_elsewhere"].value == ("WhatsApp +90 532 614 88 17",)
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    ("app", "shown"),
    [("Signal", "Signal"), ("Telegram", "Telegram"), ("微信", "WeChat")],
)
def test_the_chat_app_a_fee_goes_through_is_named(app: str, shown: str) -> None:
    body = TR_FEE.replace("WhatsApp üzerinden", f"{app} üzerinden")
    found = run(make_msg(body, sender=Address("Hakan", "marmarisyapi.satinalma@gmail.com")))
    assert found["fraud.fee_elsewhere"].value == (f"{shown} +90 532 614 88 17",)


@pytest.mark.parametrize(
    "body",
    [
        # The sender's own chat number, in its signature, is how to reach the sender.
        TR_FEE.replace("WhatsApp üzerinden ulaşınız: +90 532 614 88 17", "e-posta ile yazınız")
        + "WhatsApp: +90 532 614 88 17\n",
        # A chat number far from the fee: the fee's sentence does not send us there.
        "The inspection fee is paid by the supplier. "
        + "We look forward to your offer for 500 pcs of EB-BV316-DN25, CIF Mersin. " * 6
        + "Kindly add me on WhatsApp +90 532 614 88 17 for quick questions.",
    ],
)
def test_a_chat_number_that_is_not_the_fees_payee_is_not_elsewhere(body: str) -> None:
    sender = Address("Hakan Yıldırım", "marmarisyapi.satinalma@gmail.com")
    assert run(make_msg(body, sender=sender))["fraud.fee_elsewhere"].value == ()


def test_an_inspection_body_named_with_no_stranger_still_clears_the_fee() -> None:
    body = "You may pay for the inspection by Intertek or SGS directly, as you prefer."
    assert run(make_msg(body))["fraud.payment_first"].value == ()


# --- from the review of the tenth session's cues ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "La tasa de registro sanitario la pagamos nosotros.",
        "El costo de inspección lo pagamos nosotros.",
        "A taxa de inspeção será paga pelo comprador.",
        "Les frais d'inspection sont à la charge de l'acheteur.",
        "检测费由我司承担。",
        "入库费按每立方20元收取。",
        "El costo del certificado de origen corre por cuenta del proveedor.",
        "The certificate fee for the CO is for your account, as usual.",
        "We will pay the certificate fee.",
    ],
)
def test_fees_a_buyer_bears_or_an_exporter_always_pays_are_no_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "I'm on a flight to Shanghai tomorrow and can't take calls. Please send the revised "
        "quotation urgently. My new WhatsApp number is +49 170 1234567.",
        "我在开会，不方便接电话。请加我新微信，尽快报价。",
    ],
)
def test_a_busy_buyer_on_free_mail_is_not_flagged(body: str) -> None:
    buyer = Address("Tom Becker", "tom.becker.trading@gmail.com")
    assert graded(make_msg(body, subject="Quotation", sender=buyer)).flags == ()


@pytest.mark.parametrize(
    "body",
    [
        "Please update to the new WeChat version to open the file.",
        "Are you at your desk? Can we do a quick Teams call about the drawings?",
    ],
)
def test_chat_and_desk_talk_is_no_off_channel(body: str) -> None:
    assert run(make_msg(body))["fraud.off_channel"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "Our bank issued the L/C as an inoperative credit. Activation of the L/C needs our "
        "import licence, please send the PI urgently.",
        "Activation of the L/C is subject to receipt of the amendment by MT707.",
    ],
)
def test_an_inoperative_credit_made_operative_is_no_advance_fee_story(body: str) -> None:
    assert run(make_msg(body))["fraud.advance_fee"].value == ()


def test_a_buyer_asking_about_a_distributor_is_no_domain_scam() -> None:
    body = "请问该公司是否为贵司的代理商？我们想直接向贵司采购，请尽快回复。"
    assert run(make_msg(body))["fraud.domain_registration"].value == ()


@pytest.mark.parametrize(
    "body",
    ["特价请勿对外透露。", "这批货不要和其他人的货拼柜。", "请不要对外销售同款产品。"],
)
def test_ordinary_chinese_instructions_are_no_secrecy(body: str) -> None:
    assert run(make_msg(body))["fraud.secrecy"].value == ()


@pytest.mark.parametrize(
    "body",
    [
        "Our procurement board met yesterday and they requested that you pay the vendor "
        "registration fee of USD 500.",
        "They have asked me to inform you that the registration fee must be paid first.",
    ],
)
def test_a_scam_told_in_the_third_person_is_still_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value


@pytest.mark.parametrize(
    ("body", "family"),
    [
        ("I'm in a board meeting, I cannot take calls.", "fraud.off_channel"),
        ("I'm busy in a meeting, can't answer calls.", "fraud.off_channel"),
        ("我现在在开会，电话不方便，先加我私人微信。", "fraud.off_channel"),
        ("加我新whatsapp，方便联系。", "fraud.off_channel"),
        ("El costo de inscripción como proveedor es de USD 300.", "fraud.payment_first"),
        ("O custo do registro de fornecedor é de USD 450.", "fraud.payment_first"),
        ("Les frais de référencement fournisseur sont de 500 EUR.", "fraud.payment_first"),
    ],
)
def test_more_wordings_from_the_review(body: str, family: str) -> None:
    assert run(make_msg(body))[family].value


# --- gift cards; an overpayment refunded elsewhere, in the buyer's language -------------------

GIFT_CARDS = (
    "Lily,\nAre you at your desk? I need you to handle something for me discreetly. I am in a "
    "meeting and can't talk on the phone.\nI need 10 Apple gift cards of USD 200 each for the "
    "client's team, it's a surprise so please keep it between us. Buy them online or at a "
    "store nearby, scratch the back and send me pictures of the codes here. I'll reimburse you "
    "this evening.\nJianguo Wang\nSent from my iPhone"
)


@pytest.mark.parametrize(
    "body",
    [
        GIFT_CARDS,
        "Can you purchase 5 Google Play gift cards for me today? Send me the card numbers.",
        "Please get 8 Steam cards of $100 and email me photos of the codes.",
        "帮我买10张苹果礼品卡，每张1000元，刮开后把卡密拍照发给我。",
        "麻烦去买几张京东购物卡，把卡号和密码发我微信。",
    ],
)
def test_gift_cards_asked_for(body: str) -> None:
    assert run(make_msg(body))["fraud.gift_cards"].value


@pytest.mark.parametrize(
    "body",
    [
        "Thank you for the survey: a $10 Amazon gift card is on its way to you.",
        "We sent gift cards to our customers for the new year.",
        "Please quote 500 pcs EB-BV316-DN25; our codes for the items are in the attached list.",
        "公司年会给每位员工发了购物卡。",
    ],
)
def test_gift_cards_not_asked_of_us(body: str) -> None:
    assert run(make_msg(body))["fraud.gift_cards"].value == ()


def test_a_ceo_asking_for_gift_cards_from_free_mail_is_fraud() -> None:
    sender = Address("Jianguo Wang", "jianguowang.office@outlook.com")
    msg = make_msg(GIFT_CARDS, subject="Quick request", sender=sender)
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    "body",
    [
        "Por favor, devolvam os USD 10.000,00 diretamente ao nosso fornecedor de Dubai:\n"
        "Beneficiário: Sahara Link General Trading LLC\nIBAN: AE46 0470 0000 1028 5531 092",
        "Le rogamos devolver la diferencia de USD 10.000 a nuestro agente de carga.\n"
        "IBAN: ES91 2100 0418 4502 0005 1332",
        "Merci de rembourser la différence de 10 000 USD à notre transitaire.\n"
        "IBAN: FR76 3000 6000 0112 3456 7890 189",
    ],
)
def test_an_overpayment_refunded_to_a_third_party_in_the_buyers_language(body: str) -> None:
    found = run(make_msg(body))
    assert found["fraud.payment_first"].value
    assert [p[:12] for p in found["fraud.fee_elsewhere"].value] == ["bank details"]


@pytest.mark.parametrize(
    "body",
    [
        # We refund a customer's own overpayment to the customer: ordinary.
        "Vamos devolver a diferença na próxima fatura.",
        "Nous vous remboursons la différence par virement.",
        "Devolveremos la diferencia a su cuenta.",
    ],
)
def test_a_refund_to_the_payer_is_no_payment_first(body: str) -> None:
    assert run(make_msg(body))["fraud.payment_first"].value == ()


# --- whole stories, as the bundled rules grade them ---------------------------------------------

CERTIFICATE_VIA_AGENT = (
    "Your prices are acceptable. Before we can release the Purchase Order, our client requires "
    "every foreign supplier to hold a valid Product Conformity Certificate.\n\nThe certificate "
    "is issued only through the approval office's registered agent. The process takes 5-7 "
    "working days and the fee is USD 1,850. Please contact:\n\nMr. Sameer Haddad\nEmail: "
    "sameer.haddad@gisao-approval.com\n\nKindly note that we cannot pay this fee on your "
    "behalf as per tender rules, but it will be reimbursed in the first payment."
)
DOMAIN_SCAM_ZH = (
    "尊敬的负责人：\n\n我中心收到“宁波瑞德投资咨询有限公司”递交的申请，要求注册“everbright-valve”"
    "网络关键字及以下国际域名。经审核，发现上述关键字及域名与贵司的企业名称及商标存在相同之处。"
    "贵司是否授权该公司进行注册？逾期未收到贵司回复，我中心将无条件审核通过该公司的申请。"
)
CEO_FRAUD = (
    "Lily,\n\nAre you at your desk? I need you to handle a payment for me this morning. Don't "
    "discuss it with Finance or anyone else until the announcement next week.\n\nReply with "
    "your WhatsApp number. I'm in a meeting and can only text.\n\nZhou Weiming"
)


@pytest.mark.parametrize(
    ("body", "sender", "reply_to"),
    [
        (CERTIFICATE_VIA_AGENT, Address("Faisal", "faisal@alnoor-projects-kw.com"), ()),
        (DOMAIN_SCAM_ZH, Address("刘振宇", "jason.liu@hk-domaincenter.cn"), ()),
        (
            CEO_FRAUD,
            Address("Zhou Weiming", "zhou.weiming.gm@outlook.com"),
            (Address("Zhou Weiming", "gm.zhouweiming@outlook.com"),),
        ),
    ],
)
def test_stories_of_unseen_wording_are_flagged(
    body: str, sender: Address, reply_to: tuple[Address, ...]
) -> None:
    msg = make_msg(body, subject="Re: quotation", sender=sender, reply_to=reply_to)
    assert "suspect-fraud" in graded(msg).flags


GMAIL_BUYER = Address("Peter Mwangi", "riftvalleywaterworks.ltd@gmail.com")
FEE_WITH_SUM = (
    "Our board approved the order for 600 pcs. Their charge is USD 690 and under the KEBS rules "
    "this is the exporter's responsibility, so kindly settle it directly with them. Once the "
    "CoC number is issued I will release the LPO and the 30% deposit."
)


def test_a_fee_asked_of_us_with_its_sum_written_is_flagged_from_free_mail() -> None:
    msg = make_msg(FEE_WITH_SUM, sender=GMAIL_BUYER)
    assert run(msg)["fraud.fee_amount"].value == "usd 690"
    assert "suspect-fraud" in graded(msg).flags


@pytest.mark.parametrize(
    "body",
    [
        # A fee without its sum: asked about, not demanded.
        "Is there a registration fee for your vendor list, and who pays it?",
        # A sum far from any fee: our price, pages later.
        "The certification fee is borne by the manufacturer."
        + " Regards." * 40
        + " Our budget for the order is USD 40,000.",
        # The buyer pays it.
        "We will pay for the inspection: USD 300 to SGS, as usual.",
    ],
)
def test_no_fee_or_no_sum_beside_it_gives_no_fee_amount(body: str) -> None:
    assert run(make_msg(body, sender=GMAIL_BUYER))["fraud.fee_amount"].value == ""
