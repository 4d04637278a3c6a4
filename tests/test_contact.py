"""Contact signals: company, title, phones, fax, address, messengers, website, completeness."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import message
from tradetriage.mail.records import Address, Hop, ParsedMessage
from tradetriage.signals import contact, origin
from tradetriage.signals.base import Context, Finding
from tradetriage.signals.geo import open_geo
from tradetriage.signals.signature import regions

CTX = Context(now=datetime(2025, 3, 4, tzinfo=UTC))


def make(body: str, sender: str = "hans.mueller@mueller-armaturen.de") -> ParsedMessage:
    return message(
        from_=(Address("", sender),),
        to=(Address("", "sales@everbright-valve.cn"),),
        body_text=body,
    )


def run(
    body: str, sender: str = "hans.mueller@mueller-armaturen.de", **found: Any
) -> dict[str, Any]:
    """Contact findings as plain values; keyword arguments are earlier findings
    (``origin_country="CN"`` stands for ``origin.country``)."""
    earlier = {k.replace("_", ".", 1): Finding(v) for k, v in found.items()}
    return {k: v.value for k, v in contact.analyze(make(body, sender), CTX, earlier).items()}


GERMAN_BUYER = """Dear Lily,

please quote 500 pcs EB-BV316-DN25.

Best regards

Hans Müller
Purchasing Manager
Müller Armaturen GmbH
Industriestraße 12, 20095 Hamburg, Germany
Tel: +49 40 1234567
Fax: +49 40 1234568
Mobile: 0171 2345678
www.mueller-armaturen.de
"""


def test_complete_german_signature() -> None:
    found = run(GERMAN_BUYER)
    assert found["contact.company"] == "Müller Armaturen GmbH"
    assert found["contact.title"] == "Purchasing Manager"
    assert found["contact.address"].startswith("Industriestraße 12")
    assert found["contact.fax"] == "+49401234568"
    # The national mobile number is read in the country of the sender's .de domain.
    assert found["contact.phones"] == ("+49401234567", "+491712345678")
    assert found["contact.website"] == "mueller-armaturen.de"
    assert found["contact.completeness"] == 5
    assert found["contact.phone_country"] == ("DE",)


CHINESE_BUYER = """李经理您好，

请报价 DN50 球阀 200 个。

此致
敬礼！
王芳
采购经理
上海申通机电设备有限公司
地址：上海市浦东新区张江路 188 号
电话：021-5888 6666
手机：138 1234 5678
传真：021-5888 6667
微信：wangfang_sh
"""


def test_chinese_signature_with_origin_country() -> None:
    found = run(CHINESE_BUYER, sender="wangfang@shentong-jd.com", origin_country="CN")
    assert found["contact.company"] == "上海申通机电设备有限公司"
    assert found["contact.title"] == "采购经理"
    assert found["contact.address"].startswith("地址")
    assert found["contact.phones"] == ("+862158886666", "+8613812345678")
    assert found["contact.fax"] == "+862158886667"
    assert found["contact.im"] == ("wechat",)
    assert found["contact.completeness"] == 5  # no website
    assert found["contact.phone_country_mismatch"] is False


def test_chinese_compound_labels() -> None:
    # "公司电话" is one word to the regex engine: a label must not need a boundary before it.
    body = "请报价。\n\n此致\n王芳\n公司电话：021-5888 6666\n办公传真：021-5888 6667\n"
    found = run(body, sender="wangfang@shentong-jd.com", origin_country="CN")
    assert found["contact.phones"] == ("+862158886666",)
    assert found["contact.fax"] == "+862158886667"


def test_national_numbers_without_a_known_country_are_not_guessed() -> None:
    found = run("Hi\n\nRegards\nJoe\nTel: 0171 2345678\n", sender="joe@gmail.com")
    assert found["contact.phones"] == ()


def test_fake_buyer_gives_only_a_mobile_and_whatsapp() -> None:
    body = """Dear Sir,

We are interested in your products, send your catalogue.

Best Wishes

Hanes S. Thomas
Procurement Office.
ASDA Stores Limited
Tel:  + 44 - 7451271650
WhatsApp: + 44 – 7441440360
"""
    found = run(body, sender="hanes@asda.co.uk")
    assert found["contact.company"] == "ASDA Stores Limited"
    assert found["contact.phones"] == ("+447451271650", "+447441440360")
    assert found["contact.im"] == ("whatsapp",)
    assert found["contact.address"] is None
    assert found["contact.fax"] is None
    assert found["contact.completeness"] == 3


def test_phone_country_mismatch_against_origin() -> None:
    body = "Please send price.\n\nRegards\nJohn\nPhone: +234 803 123 4567\n"
    found = run(body, sender="john@ukbuyers.co.uk", origin_country="GB")
    assert found["contact.phone_country"] == ("NG",)
    assert found["contact.phone_country_mismatch"] is True


def test_no_mismatch_when_origin_is_only_the_providers_server() -> None:
    # Through the origin module itself: Gmail's server is in the US (built-in country data),
    # the Nigerian number is no mismatch with it, because origin gives no country for it.
    body = "Please send price.\n\nRegards\nJohn\nPhone: +234 803 123 4567\n"
    gmail_hop = Hop(
        0,
        "mail-sor-f41.google.com",
        "mail-sor-f41.google.com",
        "209.85.220.41",
        "mx.everbright-valve.cn",
        "ESMTPS",
        None,
        "from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41]) "
        "by mx.everbright-valve.cn (Postfix) with ESMTPS id 1",
    )
    msg = replace(make(body, "john@gmail.com"), received=(gmail_hop,))
    ctx = replace(CTX, geo=open_geo(None))
    assert ctx.geo.country("209.85.220.41") == "US"
    found = contact.analyze(msg, ctx, origin.analyze(msg, ctx, {}))
    assert found["contact.phone_country_mismatch"].value is False
    assert found["contact.phone_country"].value == ("NG",)


def test_tel_fax_on_one_label_counts_both() -> None:
    found = run("Hi\n\nBest regards\nAnna\nTel/Fax: +39 02 1234 5678\n", sender="a@b.it")
    assert found["contact.phones"] == ("+390212345678",)
    assert found["contact.fax"] == "+390212345678"


def test_quoted_signature_of_ours_does_not_count() -> None:
    body = """Thanks, we will check.

-----Original Message-----
From: Lily Chen <lily@everbright-valve.cn>
Sent: Monday, March 3, 2025 10:00 AM
Best regards
Lily Chen
Ningbo Everbright Valve Co., Ltd.
Tel: +86 574 8688 1234
www.everbright-valve.cn
"""
    found = run(body)
    assert found["contact.company"] is None
    assert found["contact.phones"] == ()
    assert found["contact.website"] is None
    assert found["contact.completeness"] == 0


def test_gt_quoted_lines_do_not_count() -> None:
    body = (
        "OK.\n\nOn Mon, 3 Mar 2025 Lily wrote:\n"
        "> Ningbo Everbright Valve Co., Ltd.\n> Tel: +86 574 8688 1234\n"
    )
    assert run(body)["contact.company"] is None
    assert run(body)["contact.phones"] == ()


def test_legal_forms() -> None:
    for line, company in [
        ("Sinara Group Co.,LTD", "Sinara Group Co.,LTD"),
        ("Acme Valves Pvt. Ltd.", "Acme Valves Pvt. Ltd."),
        ("Idraulica Rossi S.r.l.", "Idraulica Rossi S.r.l."),
        ("Hydro-Tech Sp. z o.o.", "Hydro-Tech Sp. z o.o."),
        ("Gulf Flow Trading LLC", "Gulf Flow Trading LLC"),
    ]:
        assert run(f"Hi\n\nRegards\nX\n{line}\n")["contact.company"] == company


def test_plain_words_are_not_a_company_or_title() -> None:
    found = run("Thanks!\n\nRegards\nPeter\nLas Vegas, NV 89115\n")
    assert found["contact.company"] is None
    assert found["contact.title"] is None


def test_messenger_mentions_need_a_handle() -> None:
    assert run("I don't use WhatsApp much.\n\nRegards\nP")["contact.im"] == ()
    assert run("Add me on Skype: p.smith\n\nRegards\nP")["contact.im"] == ("skype",)
    assert run("QQ: 123456789\n\n祝好\n小王")["contact.im"] == ("qq",)


def test_signature_region_found_after_sign_off() -> None:
    text = regions("Body line\n\nKind regards,\nAnna Rossi\nBuyer\n")
    assert text.has_sign_off
    assert text.signature == "Anna Rossi\nBuyer"


@given(st.text(max_size=400))
def test_never_crashes(body: str) -> None:
    found = contact.analyze(make(body), CTX, {"origin.country": Finding("DE")})
    assert 0 <= found["contact.completeness"].value <= 6  # type: ignore[operator]
    assert all(len(f.evidence) <= 120 for f in found.values())


# A paragraph of prose with no quote marker: long own texts are built from it.
PROSE = "We have reviewed the offer with our engineering team and will revert shortly.\n" * 120


def test_signature_of_a_long_own_text_is_found_at_its_end() -> None:
    signature = "Anna Rossi\nRossi Valvole S.r.l.\nTel: +39 02 1234567\n"
    body = f"Dear Lily,\n{PROSE}\nBest regards\n{signature}"
    text = regions(body)
    assert text.has_sign_off
    assert text.signature.splitlines()[0] == "Anna Rossi"
    result = run(body, sender="anna@rossivalvole.it")
    assert result["contact.company"] == "Rossi Valvole S.r.l."
    assert result["contact.phones"] == ("+39021234567",)


def test_long_own_text_is_abridged_to_its_start_and_end() -> None:
    body = f"Please quote EB-GV-PN16.\n{PROSE * 2}WhatsApp: +49 171 2345678\n"
    own = regions(body).own
    assert len(own) < len(body) // 2  # 18 KB of own text, 7 KB kept
    assert own.startswith("Please quote EB-GV-PN16.")
    assert own.endswith("WhatsApp: +49 171 2345678")


def test_quote_header_after_a_long_own_text_still_cuts() -> None:
    ours = "Lily Chen\nNingbo Everbright Valve Co., Ltd.\nTel: +86 574 8688 1234\n"
    body = f"Hello,\n{PROSE}\nThanks\nPeter\n\n-----Original Message-----\nFrom: Lily\n{ours}"
    text = regions(body)
    assert "Everbright" not in text.own
    assert text.signature == "Peter"


def test_inline_replies_between_quoted_lines_are_own_text() -> None:
    body = (
        "On Mon, 3 Mar 2025 Lily Chen wrote:\n> Which size do you need?\n"
        "DN50, 200 pcs.\n> Which material?\nCF8M please.\n"
    )
    own = regions(body).own
    assert own == "DN50, 200 pcs.\nCF8M please."


def test_the_quote_header_is_the_line_naming_the_quoted_author() -> None:
    outlook = "Done.\n\n-----Original Message-----\nFrom: Lily Chen <lily@x.cn>\nSent: Monday\n"
    assert regions(outlook).quote_header == "from: lily chen <lily@x.cn>"
    chinese = "好的\n\n发件人: 陈丽 <lily@x.cn>\n发送时间: 2026年11月17日\n"
    assert regions(chinese).quote_header == "发件人: 陈丽 <lily@x.cn>"
    chinese_gmail = "好的\n\n陈丽 <lily@x.cn> 于2025年3月10日周一 09:00写道：\n\n您好，报价如下。\n"
    assert regions(chinese_gmail).quote_header == "陈丽 <lily@x.cn> 于2025年3月10日周一 09:00写道："
    assert regions(chinese_gmail).own == "好的"
    wrapped = "Done.\n\nOn Mon, 3 Mar 2025 at 09:00 Lily Chen <lily@x.cn>\nwrote:\n\nDear Hans,\n"
    assert (
        regions(wrapped).quote_header == "on mon, 3 mar 2025 at 09:00 lily chen <lily@x.cn> wrote:"
    )
    assert regions(wrapped).own == "Done."
    gmail = "Done.\n\nOn Mon, 3 Mar 2025 Lily Chen wrote:\n> Which size?\n"
    assert regions(gmail).quote_header == "on mon, 3 mar 2025 lily chen wrote:"
    assert regions("No quote here.\n").quote_header == ""


def test_windows_line_ends_are_handled_like_unix_ones() -> None:
    body = "Please quote.\r\n\r\nBest regards\r\nTom Meyer\r\n\r\n> our old quote\r\n"
    text = regions(body)
    assert text.signature == "Tom Meyer"
    assert "old quote" not in text.own


def test_messenger_at_the_end_of_a_long_text_is_found() -> None:
    prose = "We have reviewed the offer and the drawings with our engineers today.\n" * 150
    body = f"Dear Lily,\n{prose}\nBest regards\nAhmed Saleh\nWhatsApp: +971 50 123 4567\n"
    assert run(body)["contact.im"] == ("whatsapp",)


def test_company_needs_a_legal_form_on_its_own_line() -> None:
    body = "Hello,\nplease quote.\n\nRegards\nJohn Smith\nSmith Trading Co., Ltd.\nSmith & Sons\n"
    assert run(body)["contact.company"] == "Smith Trading Co., Ltd."
    assert run("Hi\n\nRegards\nJohn Smith\nSmith Trading\nBerlin\n")["contact.company"] is None


@pytest.mark.parametrize(
    ("author", "sent"),
    [
        ("Van", "Verzonden: maandag 10 maart 2025 09:00"),  # Dutch
        ("De", "Enviado el: lunes, 10 de marzo de 2025 9:00"),  # Spanish
        ("De", "Enviada em: segunda-feira, 10 de março de 2025 09:00"),  # Portuguese
        ("От", "Отправлено: 10 марта 2025 г. 9:00"),  # Russian
        ("Od", "Wysłano: poniedziałek, 10 marca 2025 09:00"),  # Polish
        ("Kimden", "Gönderildi: 10 Mart 2025 Pazartesi 09:00"),  # Turkish
        ("Från", "Skickat: den 10 mars 2025 09:00"),  # Swedish
        ("差出人", "送信日時: 2025年3月10日 9:00"),  # Japanese
    ],
)
def test_outlook_quote_blocks_in_other_languages_are_cut(author: str, sent: str) -> None:
    body = (
        f"Order attached.\n\nKind regards\nJan\n\n{author}: Lily <lily@everbright-valve.cn>\n"
        f"{sent}\nAan: Jan\n\nDear Jan,\nBest regards\nLily\nNingbo Everbright Valve Co., Ltd.\n"
        "Tel: +86 574 8688 1234\n"
    )
    parts = regions(body)
    assert "Everbright" not in parts.own
    assert parts.quote_header.startswith(author.lower())


@pytest.mark.parametrize(
    "line",
    [
        "Tel: (+86) 574 8688 1234",
        "Tel: (0086) 574 8688 1234",
        "电话：＋８６ ５７４ ８６８８ １２３４",  # full-width, as Chinese input methods type it
        "Tel: ＋86－574－8688－1234",
    ],
)
def test_international_numbers_in_brackets_or_full_width(line: str) -> None:
    found = run(f"Please quote.\n\nBest regards\nLi\n{line}\n", sender="li@gmail.com")
    assert found["contact.phones"] == ("+8657486881234",)


def test_facsimile_is_a_fax() -> None:
    body = "Please quote.\n\nBest regards\nHans\nPhone: +49 40 1234567\nFacsimile: +49 40 1234568\n"
    found = run(body, sender="hans@mueller-armaturen.de")
    assert found["contact.phones"] == ("+49401234567",)
    assert found["contact.fax"] == "+49401234568"


OUR_OFFER = (
    "Our offer: 500 pcs EB-BV316-DN25, SS316, FOB Ningbo, USD 12.50.\n\n"
    "Best regards,\nLily Chen\nNingbo Everbright Valve Co., Ltd.\n"
    "Tel: +86 574 8618 2270\nwww.everbright-valve.cn\n"
)


@pytest.mark.parametrize(
    "quote_block",
    [
        # Outlook and Gmail forwards in the reader's language: Spanish, Portuguese, Italian,
        # Indonesian.
        "De: Lily Chen <lily@everbright-valve.cn>\nFecha: lunes, 3 de marzo de 2025\nPara: Juan\n",
        "De: Lily Chen <lily@everbright-valve.cn>\nData: segunda, 3 de março de 2025\nPara: João\n",
        "Da: Lily Chen <lily@everbright-valve.cn>\nData: lunedì 3 marzo 2025\nA: Marco\n",
        "Dari: Lily Chen <lily@everbright-valve.cn>\nDikirim: Senin, 3 Maret 2025\nKepada: Budi\n",
        "Dari: Lily Chen\nTanggal: Senin, 3 Maret 2025\nKepada: Budi\nPerihal: Penawaran\n",
        # Gmail's attribution over an HTML quote (no ">" marks left).
        "El lun, 3 mar 2025 a las 10:00, Lily Chen (<lily@everbright-valve.cn>) escribió:\n",
        "Em seg., 3 de mar. de 2025 às 10:00, Lily Chen <lily@everbright-valve.cn> escreveu:\n",
        "Il giorno lun 3 mar 2025 alle ore 10:00 Lily Chen <lily@everbright-valve.cn> ha "
        "scritto:\n",
        "Lily Chen <lily@everbright-valve.cn>, 3 Mar 2025 Pzt, 10:00 tarihinde şunu yazdı:\n",
        "Op ma 3 mrt 2025 om 10:00 schreef Lily Chen <lily@everbright-valve.cn>:\n",
        "Den man. 3. mar. 2025 kl. 10:00 skrev Lily Chen <lily@everbright-valve.cn>:\n",
        "pon., 3 mar 2025 o 10:00 Lily Chen <lily@everbright-valve.cn> napisał(a):\n",
        "пн, 3 мар. 2025 г. в 10:00, Lily Chen <lily@everbright-valve.cn>:\n",
    ],
)
def test_quotes_of_our_mail_in_other_languages_are_cut(quote_block: str) -> None:
    body = f"Recibido, gracias.\n\nSaludos\nJuan\n\n{quote_block}\n{OUR_OFFER}"
    text = regions(body)
    assert "Everbright" not in text.own
    assert text.signature == "Juan"
    assert "lily" in text.quote_header
    assert run(body, sender="juan@valvulas.com.mx")["contact.completeness"] == 0


def test_an_outlook_block_without_an_address_is_cut_by_its_subject_line() -> None:
    block = "*From:* Lily Chen\n*Sent:* Monday, March 3, 2025 10:00\n*To:* Hans\n*Subject:* Offer\n"
    body = f"Noted.\n\nRegards\nHans\n\n{block}\n{OUR_OFFER}"
    assert "Everbright" not in regions(body).own


def test_the_buyers_own_shipping_lines_are_not_a_quote_header() -> None:
    body = (
        "Dear Lily,\nPlease quote 500 pcs EB-BV316-DN25, shipment by sea:\nFrom: Ningbo\n"
        "To: Hamburg\nDate: before end of April\n\nBest regards\nHans Müller\n"
        "Müller Armaturen GmbH\nTel: +49 40 1234567\n"
    )
    text = regions(body)
    assert text.quote_header == ""
    assert text.signature.startswith("Hans Müller")
    assert run(body)["contact.company"] == "Müller Armaturen GmbH"


def test_the_buyers_own_as_i_wrote_line_is_not_an_attribution() -> None:
    body = "Dear Lily,\nAs I wrote:\nwe need 500 pcs EB-BV316-DN25.\n\nRegards\nHans\n"
    assert "500 pcs" in regions(body).own


def test_our_own_website_is_never_the_buyers_contact_detail() -> None:
    ctx = replace(CTX, our_domains=frozenset({"everbright-valve.cn"}))
    body = "OK.\n\nJuan\n\nLily Chen\nwww.everbright-valve.cn\n"
    found = contact.analyze(make(body, "juan@valvulas.com.mx"), ctx, {})
    assert found["contact.website"].value is None
    ours = contact.analyze(make(body, "lily@everbright-valve.cn"), ctx, {})
    assert ours["contact.website"].value == "everbright-valve.cn"


@pytest.mark.parametrize(
    ("line", "origin", "phone"),
    [
        ("手机/微信：138 2345 6789", "CN", "+8613823456789"),
        ("手机（微信）：13823456789", "CN", "+8613823456789"),
        ("Mob/WeChat: 13823456789", "CN", "+8613823456789"),
        ("Tel/Skype: 0755-83245678", "CN", "+8675583245678"),
        ("Mobile (WhatsApp): 0171 2345678", "DE", "+491712345678"),
        ("Tel: +49 40/1234567", "DE", "+49401234567"),
        # "/" between two numbers: the first is read.
        ("Tel: +86-574-87654321/87654322", "CN", "+8657487654321"),
        ("Phone: 0211-123456 / 0171-1234567", "DE", "+49211123456"),
    ],
)
def test_phone_labels_joined_with_a_messenger(line: str, origin: str, phone: str) -> None:
    found = run(
        f"Hi\n\nBest regards\nZhang Wei\n{line}\n", sender="x@acme.com", origin_country=origin
    )
    assert found["contact.phones"] == (phone,)


def test_a_country_code_in_brackets_is_not_a_label_qualifier() -> None:
    found = run("Hi\n\nRegards\nAnna\nTel: (+39) 02 1234 5678\n", sender="a@b.it")
    assert found["contact.phones"] == ("+390212345678",)


def test_messenger_words_in_prose_are_no_handle() -> None:
    assert run("Our product line: ball valves.\n\nBest regards\nJohn")["contact.im"] == ()
    assert run("Can we chat tomorrow at 10:00?\n\nBest regards\nJohn")["contact.im"] == ()
    assert run("Hi\n\nBest regards\nJohn\nLine ID: john123\n")["contact.im"] == ("line",)
    assert run("Hi\n\nBest regards\nJohn\nWeChat: john123\n")["contact.im"] == ("wechat",)


def test_a_chinese_department_and_title_line_is_no_address() -> None:
    found = run("您好\n\n此致\n王强\n华东区市场部 区域经理\n", sender="wq@hengda-valve.cn")
    assert found["contact.address"] is None
    found = run("您好\n\n此致\n王强\n浙江省宁波市北仑区\n", sender="wq@hengda-valve.cn")
    assert found["contact.address"] == "浙江省宁波市北仑区"


def test_a_quote_header_in_any_language_is_cut_where_it_names_our_address() -> None:
    # Hungarian Gmail: no pattern knows "ezt írta", but a line naming one of our addresses in
    # brackets is how every client heads a quote of our mail.
    header = "Lily Chen <lily@everbright-valve.cn> ezt írta (időpont: 2025. márc. 3., H, 10:00):"
    body = f"Köszönöm.\n\nÜdvözlettel\nPéter\n\n{header}\n\n{OUR_OFFER}"
    ctx = replace(CTX, our_domains=frozenset({"everbright-valve.cn"}))
    found = contact.analyze(make(body, "peter@szelep.hu"), ctx, {})
    assert found["contact.completeness"].value == 0
    assert found["contact.phones"].value == ()
    # Our own mail keeps its signature, address and all.
    ours = contact.analyze(make(OUR_OFFER, "lily@everbright-valve.cn"), ctx, {})
    assert ours["contact.phones"].value == ("+8657486182270",)


@pytest.mark.parametrize(
    "first_line",
    [
        "Attn: Ms. Lily Chen (lily@everbright-valve.cn)",
        "Dear Ms. Chen <lily@everbright-valve.cn>,",
        "As I wrote in my mail of 3 March:",
        "Como le escribió mi colega el 3 de marzo:",
    ],
)
def test_the_buyers_own_lines_naming_us_or_what_they_wrote_are_no_quote(first_line: str) -> None:
    body = f"{first_line}\nPlease quote 500 pcs EB-BV316-DN25, CIF Hamburg.\n\nBest regards\nHans\n"
    text = regions(body, frozenset({"everbright-valve.cn"}))
    assert "500 pcs" in text.own
    assert text.signature == "Hans"
