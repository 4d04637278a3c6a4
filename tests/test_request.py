"""Request signals: products, models, quantities, specs, terms and how specific a request is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import CATALOGUE, message
from tradetriage.mail.records import Address, Attachment, ParsedMessage
from tradetriage.signals import request
from tradetriage.signals.base import Context

CTX = Context(now=datetime(2025, 3, 4, tzinfo=UTC), catalogue=CATALOGUE)


def make(
    body: str, subject: str = "Inquiry", attachments: tuple[Attachment, ...] = ()
) -> ParsedMessage:
    return message(
        from_=(Address("", "buyer@example.de"),),
        to=(),
        subject=subject,
        body_text=body,
        attachments=attachments,
    )


def run(body: str, subject: str = "Inquiry", **kw: tuple[Attachment, ...]) -> dict[str, object]:
    found = request.analyze(make(body, subject, **kw), CTX, {})
    return {k: v.value for k, v in found.items()}


SPECIFIC = """Dear Lily,

We need a quotation for 500 pcs EB-BV316-DN25 and 1,200 sets of gate valves PN16, SS316,
flanged ends to DIN 3202, CIF Hamburg, delivery within 45 days.
CE and PED 2014/68/EU certificates are required. Target price USD 12.50/pc. HS code 8481.80.

Best regards
Hans
"""


def test_specific_english_request() -> None:
    found = run(SPECIFIC)
    assert found["request.products"] == ("Stainless steel ball valve", "Gate valve")
    assert found["request.models"] == ("EB-BV316-DN25",)
    assert found["request.quantities"] == ("500 pcs", "1,200 sets")
    assert found["request.specs"] == ("PN16", "SS316", "FLANGED", "DIN 3202")
    assert found["request.incoterms"] == ("CIF",)
    assert found["request.port"] == "Hamburg"
    assert found["request.delivery"] == "within 45 days"
    assert found["request.target_price"] is True
    assert found["request.certifications"] == ("CE", "PED 2014/68/EU")
    assert found["request.hs_code"] == "8481.80"
    assert found["request.generic"] is False
    assert found["request.specificity"] == 10
    assert found["request.language"] == "en"


def test_model_written_without_hyphens_and_its_size_not_counted_twice() -> None:
    found = run("Please offer EBBV316DN50 and eb bv304 dn80, 20 units each.")
    assert found["request.models"] == ("EB-BV316-DN50", "EB-BV304-DN80")
    assert found["request.products"] == ("Stainless steel ball valve",)
    assert found["request.specs"] == ()  # DN50 belongs to the model number


def test_chinese_request() -> None:
    body = (
        "王经理您好：\n请报价不锈钢316球阀 DN50，数量：300个，法兰连接，FOB宁波，交期多久？"
        "\n此致\n张伟"
    )
    found = run(body)
    assert found["request.products"] == ("Stainless steel ball valve",)
    assert "DN50" in found["request.specs"]  # type: ignore[operator]
    assert "法兰" in found["request.specs"]  # type: ignore[operator]
    assert "数量：300" in found["request.quantities"]  # type: ignore[operator]
    assert found["request.incoterms"] == ("FOB",)
    assert found["request.delivery"] == "交期"
    assert found["request.language"] == "zh"


def test_generic_catalogue_request() -> None:
    body = (
        "Hi,friend,\n\nWe are glad to know about your company from the web and we are "
        "interested in your products.\nCould you kindly send us your Latest catalog and price "
        "list for our trial order.\n\nThanks and Best Regards,\nJulian"
    )
    found = run(body)
    assert found["request.generic"] is True
    assert found["request.specificity"] == 0


def test_generic_chinese_request() -> None:
    found = run("你好，我们对贵司产品很感兴趣，请发目录和价格表。谢谢")
    assert found["request.generic"] is True
    assert found["request.language"] == "zh"


def test_naming_a_product_keeps_a_catalogue_request_generic() -> None:
    found = run("We are interested in your ball valves. Please send your price list.")
    assert found["request.products"] == ("Stainless steel ball valve",)
    assert found["request.generic"] is True
    assert found["request.specificity"] == 1


def test_catalogue_request_with_detail_is_not_generic() -> None:
    found = run('Please send your price list for 300 pcs of 2" butterfly valves, FOB Ningbo.')
    assert found["request.generic"] is False
    assert found["request.quantities"] == ("300 pcs",)
    assert '2"' in found["request.specs"]  # type: ignore[operator]


def test_quoted_quote_of_ours_does_not_count() -> None:
    body = """Thank you, we will revert.

-----Original Message-----
From: Lily Chen
Sent: Monday
Our offer: 500 pcs EB-BV316-DN50, SS316, FOB Ningbo, delivery within 30 days, USD 11.80/pc.
"""
    found = run(body, subject="RE: Offer EB-BV316-DN50")
    assert found["request.models"] == ()
    assert found["request.quantities"] == ()
    assert found["request.incoterms"] == ()
    assert found["request.target_price"] is False
    assert found["request.specificity"] == 0


@pytest.mark.parametrize(
    ("body", "delivery"),
    [
        ("Please quote FOB price and delivery within 30 days.", "within 30 days"),
        ("We need the goods within 4 weeks.", "within 4 weeks"),
        ("Lead time: within 25 days after deposit.", "within 25 days"),
        ("Our payment terms are by swift within 30 days net.", None),
        ("Payment within 30 days after invoice.", None),
        ("We pay within 60 days of invoice date.", None),
        ("Please reply within 3 days.", None),
        ("Your offer must be valid within 15 days.", None),
        ("Please quote your best price, we need them within 30 days.", "within 30 days"),
        ("Please offer 200 pcs, required within 6 weeks.", "within 6 weeks"),
        ("30% deposit with order, balance within 30 days.", None),
        ("L/C to be opened within 15 days.", None),
        ("Please confirm the order within 3 days.", None),
        ("Please send your PI within 2 days.", None),
        ("Terms: within 30 days after receipt of invoice.", None),
    ],
)
def test_within_n_days_is_a_delivery_time_only_when_about_the_goods(
    body: str, delivery: str | None
) -> None:
    assert run(body)["request.delivery"] == delivery


def test_subject_counts_unless_it_is_a_reply() -> None:
    assert run("Please quote.", subject="RFQ EB-GV-PN25")["request.models"] == ("EB-GV-PN25",)
    assert run("Please quote.", subject="Re: RFQ EB-GV-PN25")["request.models"] == ()


def test_two_piece_body_is_a_spec_not_a_quantity() -> None:
    found = run("We need 2 pc ball valves, 150 pieces, full bore, PTFE seats.")
    assert found["request.quantities"] == ("150 pieces",)
    assert "2PC" in found["request.specs"]  # type: ignore[operator]
    assert "FULL BORE" in found["request.specs"]  # type: ignore[operator]
    assert "PTFE" in found["request.specs"]  # type: ignore[operator]


@pytest.mark.parametrize(
    "body",
    [
        'SS316 ball valve 3pc, 1" (DN25), screwed BSP, 1000 WOG - 120 nos',
        "Ball valve SS316 DN50 3pc - 120 nos",
    ],
)
def test_a_body_type_after_the_valve_is_no_quantity(body: str) -> None:
    found = run(body)
    assert found["request.quantities"] == ("120 nos",)
    assert "3PC" in found["request.specs"]  # type: ignore[operator]


def test_drawing_attachment() -> None:
    drawing = Attachment("valve-drawing-rev2.dwg", "application/acad", 120_000)
    found = run("See the attached drawing for 40 sets.", attachments=(drawing,))
    assert found["request.drawings"] is True
    lure = Attachment("Purchase Order.pdf", "application/pdf", 90_000)
    assert run("See attached order.", attachments=(lure,))["request.drawings"] is False


def test_port_phrases() -> None:
    assert run("Destination port: Lagos, CFR.")["request.port"] == "Lagos"
    assert run("Price CIF Durban please")["request.port"] == "Durban"
    assert run("目的港：汉堡")["request.port"] == "汉堡"
    assert run("What is the FOB price?")["request.port"] is None


def test_words_that_only_look_like_details() -> None:
    found = run("Once the CEO decides, we will ship it. Please see the 0 options.")
    assert found["request.certifications"] == ()
    assert found["request.quantities"] == ()
    assert found["request.incoterms"] == ()


def test_language_other_for_german() -> None:
    body = "Sehr geehrte Damen und Herren, wir benötigen ein Angebot über Kugelhähne aus Edelstahl."
    assert run(body)["request.language"] == "other"


def test_empty_catalogue() -> None:
    found = request.analyze(make("500 pcs ball valve"), Context(now=CTX.now), {})
    assert found["request.products"].value == ()
    assert found["request.quantities"].value == ("500 pcs",)


@given(st.text(max_size=500), st.text(max_size=60))
def test_never_crashes(body: str, subject: str) -> None:
    found = request.analyze(make(body, subject), CTX, {})
    assert found["request.language"].value in ("en", "zh", "other")
    assert all(len(f.evidence) <= 120 for f in found.values())


FILLER = "We are a trading company with many customers in our region and growing demand.\n"


def test_detail_is_read_from_the_start_of_a_long_mail_only() -> None:
    body = "Please quote 300 pcs EB-BV316-DN50, FOB Ningbo.\n" + FILLER * 200 + "Also 50 pcs DN80\n"
    result = run(body)
    assert result["request.models"] == ("EB-BV316-DN50",)
    assert result["request.quantities"] == ("300 pcs",)
    assert result["request.incoterms"] == ("FOB",)
    assert "DN80" not in str(result["request.specs"])


def test_many_sizes_in_one_line_are_all_found() -> None:
    body = "Ball valve sizes DN15, DN20, DN25, DN32, DN40, 100 pcs each, PN16, CF8M.\n"
    specs = run(body)["request.specs"]
    assert isinstance(specs, tuple)
    for size in ("DN15", "DN20", "DN25", "DN32", "DN40", "PN16", "CF8M"):
        assert size in specs


def test_model_without_hyphens_after_other_eb_words_is_found() -> None:
    body = "Ebay and eBook sellers are not us. We need EBBV316DN25 x 40 pcs."
    assert run(body)["request.models"] == ("EB-BV316-DN25",)


def test_trigger_far_from_its_number_does_not_match() -> None:
    # "pcs" and a number in different sentences are no quantity.
    body = "Our order number is 4711. " + "Please send the drawing of the valve body. " * 3 + "pcs"
    assert run(body)["request.quantities"] == ()


def test_chinese_product_right_after_digits_is_found() -> None:
    result = run("需要316球阀 DN50 100个，请报价。")
    assert result["request.products"] == ("Stainless steel ball valve",)
    assert "100个" in str(result["request.quantities"])


@given(st.text(alphabet="DNPpcs0123456789 -,.\"'x×$€元:：\n", max_size=400))
def test_windows_never_crash_on_trigger_dense_text(body: str) -> None:
    assert set(run(body)) == {s.name for s in request.SPECS}


def test_models_and_products_are_found_anywhere_in_the_capped_text() -> None:
    filler = "We are a distributor of industrial equipment in Bavaria. " * 30
    got = run(f"{filler}\nPlease quote EB-BF200 and some check valves.", subject="Hello")
    assert got["request.models"] == ("EB-BF200",)
    assert got["request.products"] == ("Butterfly valve", "Swing check valve")


def test_inch_sizes_but_not_charsets_or_years() -> None:
    assert run('Sizes 1-1/2" and 2" threaded, also 3 inches.')["request.specs"] == (
        '1-1/2"',
        '2"',
        "3 INCHES",
        "THREADED",
    )
    noise = 'Content-Type: text/html; charset="iso-8859-1"\nCopyright 2002" and width=2560"'
    assert run(noise)["request.specs"] == ()


def test_pressure_classes_in_pounds() -> None:
    assert run("Class rating 1500 lbs and 150# flanges, not 100 lb.")["request.specs"] == (
        "1500 LBS",
        "150#",
    )


def test_plural_drawings_mentioned_as_attached() -> None:
    pdf = (Attachment("GA_EB-BF150.pdf", "application/pdf", 1000),)
    got = run("GA drawings for both sizes are attached.", attachments=pdf)
    assert got["request.drawings"] is True
    assert run("GA drawings follow next week.", attachments=pdf)["request.drawings"] is False


def test_both_inspection_certificate_forms_are_listed() -> None:
    got = run("Material to EN 10204 3.1 with 3.1 certificate, API 6D, ISO 9001.")
    assert got["request.certifications"] == (
        "ISO 9001",
        "API 6D",
        "EN 10204 3.1",
        "3.1 CERTIFICATE",
    )


def test_incoterm_codes_count_in_capitals_only_fob_in_any_case() -> None:
    assert run("Price fob Ningbo or CFR Lagos; ex-works also fine.")["request.incoterms"] == (
        "FOB",
        "CFR",
        "EXW",
    )
    assert run("The cip and fas of it, dap.")["request.incoterms"] == ()


def test_chinese_money_and_delivery() -> None:
    got = run("目标价 12元，交货期30天，目的港：汉堡")
    assert got["request.target_price"] is True
    assert got["request.delivery"] == "交货期"
    assert got["request.port"] == "汉堡"


def test_repeated_details_are_read_a_few_times_only() -> None:
    # A long table repeating one size must not list it more than once nor slow grading down.
    got = run("DN50 PN16 500 pcs\n" * 200)
    assert got["request.specs"] == ("DN50", "PN16")
    assert got["request.quantities"] == ("500 pcs",)


# Chinese runs straight into numbers and codes: a Han character ends a word like a space does.
@pytest.mark.parametrize(
    ("body", "field", "expected"),
    [
        ("需要500件球阀", "request.quantities", ("500件",)),
        ("球阀500个，闸阀200个", "request.quantities", ("500个", "200个")),
        ("请报价球阀DN50 PN16", "request.specs", ("DN50", "PN16")),
        ("阀门DN50的价格", "request.specs", ("DN50",)),
        ("口径2寸", "request.specs", ("2寸",)),
        ("材质SS316，压力1.6MPa", "request.specs", ("SS316", "1.6MPA")),
        ("压力1,6MPa", "request.specs", ("1,6MPA",)),
        ("密封PTFE材料", "request.specs", ("PTFE",)),
        ("需要CE证书", "request.certifications", ("CE",)),
        ("需要ISO9001", "request.certifications", ("ISO9001",)),
        ("价格USD12", "request.target_price", True),
        ("单价12USD", "request.target_price", True),
    ],
)
def test_codes_right_after_chinese_characters(body: str, field: str, expected: object) -> None:
    assert run(body)[field] == expected


def test_codes_inside_latin_words_still_do_not_count() -> None:
    got = run("Ref XDN50 and ABC500 pcs, see PRICE list, v1.6MPa, firmware 2.5bar3.")
    assert got["request.specs"] == ()
    assert got["request.quantities"] == ()
    assert got["request.certifications"] == ()


@pytest.mark.parametrize(
    "prefix",
    [
        "RE: ", "Re: ", "RES: ", "RV: ", "R: ", "YNT: ", "Odp: ", "Re[2]: ", "RE(3): ",
        "[EXTERNAL] RE: ", "[Ext] [Spam?] Re: ", "RE: RE: ", "Re : ", "回覆：", "答复：",
        "回复:", "AW: ", "SV: ", "VS: ", "Antw: ", "Fwd: ", "FW: ", "TR: ", "WG: ", "转发：",
    ],
)  # fmt: skip
def test_reply_and_forward_subjects_do_not_count(prefix: str) -> None:
    assert run("OK, noted", subject=f"{prefix}RFQ EB-GV-PN25")["request.models"] == ()


@pytest.mark.parametrize(
    "subject",
    ["RFQ EB-GV-PN25", "[RFQ] EB-GV-PN25", "Request: EB-GV-PN25", "Re-order EB-GV-PN25"],
)
def test_own_subjects_count(subject: str) -> None:
    assert run("Please quote.", subject=subject)["request.models"] == ("EB-GV-PN25",)


def test_a_message_answering_another_is_a_reply_whatever_its_subject() -> None:
    # Clients in languages we do not list ("Vá:", "Odg:") still set In-Reply-To.
    msg = message(
        from_=(Address("", "buyer@example.de"),),
        subject="Odg: RFQ EB-GV-PN25",
        in_reply_to="<offer-17@everbright-valve.cn>",
        body_text="OK, noted",
    )
    assert request.analyze(msg, CTX, {})["request.models"].value == ()


@pytest.mark.parametrize(
    ("body", "port"),
    [
        ("Price CIF\nKind regards\nPeter", None),
        ("Please send your price list CIF\nThanks\nMr Smith", None),
        ("Quote DDP Please", None),
        ("CIF Incoterms 2020", None),
        ("CIF Best price", None),
        ("Price CIF LAGOS", "LAGOS"),
        ("PLEASE QUOTE CIF LAGOS ASAP", "LAGOS"),
        ("Price CIF Hamburg\nBest regards", "Hamburg"),
        ("CIF Port Harcourt please", "Port Harcourt"),
        ("Port of destination: Mombasa\nThanks", "Mombasa"),
        ("Goods to be delivered to us by May.", None),
    ],
)
def test_port_is_a_name_on_the_same_line(body: str, port: str | None) -> None:
    assert run(body)["request.port"] == port


@pytest.mark.parametrize("body", ["entrega en 2025", "fondée en 1998", "firma din 2010"])
def test_lower_case_en_and_din_before_a_year_are_words(body: str) -> None:
    assert run(body)["request.specs"] == ()


def test_en_and_din_standards_in_capitals() -> None:
    assert run("Flanges to EN 1092-1, face to face DIN 3202.")["request.specs"] == (
        "EN 1092",
        "DIN 3202",
    )


@pytest.mark.parametrize(
    ("body", "quantity"),
    [
        ("Bitte Angebot für 5.000 Stk Kugelhähne", "5.000 Stk"),
        ("Necesitamos 200 unidades", "200 unidades"),
        ("Cotizar 150 piezas", "150 piezas"),
        ("Precisamos de 300 peças", "300 peças"),
        ("Ci servono 40 pezzi", "40 pezzi"),
        ("Нужно 50 шт", "50 шт"),
        ("Lütfen 60 adet için fiyat", "60 adet"),
    ],
)
def test_quantity_units_in_other_languages(body: str, quantity: str) -> None:
    assert run(body)["request.quantities"] == (quantity,)


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("HS-Code: 848180", "848180"),
        ("HS code no. 8481 80 90", "8481 80 90"),
        ("HSN code 8481", "8481"),
        ("HS Code Number: 8481.80", "8481.80"),
        ("HS code 8481.80", "8481.80"),
        # The code on the line after its label (an HTML table's next cell is a line too).
        ("Please quote ball valves DN50.\nHS Code:\n8481.80.90\n", "8481.80.90"),
    ],
)
def test_hs_code_forms(body: str, code: str) -> None:
    assert run(body)["request.hs_code"] == code


def test_hs_without_a_label_needs_more_than_four_digits() -> None:
    assert run("Our HS 2020 catalogue")["request.hs_code"] is None


@pytest.mark.parametrize(
    "body",
    ["Need EB–BV316–DN25 x 10", "Need EB—BV316—DN25", "需要ＥＢ－ＢＶ３１６－ＤＮ２５，１０个"],
)
def test_model_numbers_with_dash_variants_or_full_width(body: str) -> None:
    assert run(body)["request.models"] == ("EB-BV316-DN25",)


def test_spaces_other_than_ascii_still_separate() -> None:
    got = run("500\u00a0pcs DN\u00a050，数量：\u3000300个")
    assert got["request.quantities"] == ("500 pcs", "300个", "数量： 300")
    assert got["request.specs"] == ("DN50",)


def test_asking_for_our_delivery_time_is_still_a_generic_ask() -> None:
    body = "Kindly send us your catalogue and price list, MOQ, payment terms and delivery time."
    assert run(body)["request.generic"] is True
    given = "Kindly send us your catalogue and price list. Delivery time: 30 days."
    assert run(given)["request.generic"] is False


def test_three_piece_body_in_spanish_italian_portuguese_is_a_spec() -> None:
    got = run("- 300 uds válvula de bola EB-BV316-DN25, 3 piezas, rosca BSP, PN63")
    assert got["request.quantities"] == ("300 uds",)
    assert "3PC" in got["request.specs"]  # type: ignore[operator]
    assert run("valvola a sfera 3 pezzi, 200 pezzi")["request.quantities"] == ("200 pezzi",)


def test_chinese_counters_of_time_and_people_are_no_quantity() -> None:
    got = run("他带着我2岁零6个月的女儿，交期30个工作日，需要3个人，500个球阀")
    assert got["request.quantities"] == ("500个",)


def test_a_new_subject_on_a_reply_to_our_newsletter_is_the_buyers() -> None:
    msg = message(
        from_=(Address("", "ade@lagos-pipes.ng"),),
        subject="RFQ 500 pcs EB-BV316-DN25 ball valves CIF Lagos",
        in_reply_to="<newsletter-7@everbright-valve.cn>",
        body_text="Dear Lily,\nPlease see the subject, we need your best price.\n\nAde\n",
    )
    found = request.analyze(msg, CTX, {})
    assert found["request.specificity"].value >= 3


@pytest.mark.parametrize(
    "subject",
    ["RFQ: 500 pcs EB-BV316-DN25 ball valves", "PO: 4500123 EB-BV316-DN25 500 pcs"],
)
def test_a_buyers_own_subject_with_a_colon_on_a_reply_counts(subject: str) -> None:
    msg = message(
        from_=(Address("", "ade@lagos-pipes.ng"),),
        subject=subject,
        in_reply_to="<newsletter-7@everbright-valve.cn>",
        body_text="Please see the subject.\n\nAde\n",
    )
    assert request.analyze(msg, CTX, {})["request.models"].value == ("EB-BV316-DN25",)


def test_a_quantity_on_the_line_after_an_hs_label_is_no_code() -> None:
    assert (
        run("Please advise the HS code\n2000 pcs EB-BV316-DN25 ball valve")["request.hs_code"]
        is None
    )


@pytest.mark.parametrize(
    ("body", "fires"),
    [
        ("Ok noted. Send PI we pay deposit.", True),
        ("Please send us the proforma invoice.", True),
        ("We will pay the 30% deposit tomorrow.", True),
        ("Please confirm the order and arrange production.", True),
        ("好的，请发PI，我们付定金。", True),
        ("Please send your catalogue.", False),
        ("We signed the contract with another supplier.", False),
        ("We will not place an order this year.", False),
        ("We cannot confirm the order until the drawings are approved.", False),
        ("Please do not send PI yet.", False),
    ],
)
def test_order_intent(body: str, fires: bool) -> None:
    assert run(body)["request.order_intent"] is fires


def test_counts_after_a_valve_stay_counts() -> None:
    found = run("butterfly valves 3 pcs, gate valves 2 pcs, DN100 PN16")
    assert found["request.quantities"] == ("3 pcs", "2 pcs")
    assert run("gate valve body 2 pcs")["request.quantities"] == ("2 pcs",)
