"""The parser: header decoding in Chinese charsets, Received dialects, bodies, and never raising."""

from __future__ import annotations

import base64
import ipaddress
import re
from datetime import UTC, datetime
from email.utils import getaddresses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tradetriage.mail.headers import (
    decode_header_text,
    is_plausible_id,
    parse_addresses,
    parse_date,
    parse_message_ids,
)
from tradetriage.mail.html import html_links
from tradetriage.mail.mime import parse_tree
from tradetriage.mail.parse import parse_message
from tradetriage.mail.received import _normalise_ip, parse_received
from tradetriage.mail.records import Link


def _b64_word(text: str, charset: str) -> str:
    return f"=?{charset}?B?{base64.b64encode(text.encode(charset)).decode()}?="


def test_gb2312_subject_and_body_sent_as_gbk() -> None:
    # 镕 is in GBK but not GB2312: mail declared gb2312 routinely carries GBK characters.
    subject = _b64_word("询价：不锈钢球阀 朱镕基", "gbk").replace("gbk", "gb2312")
    raw = (
        f"From: =?gb2312?B?{base64.b64encode('王经理'.encode('gbk')).decode()}?= <wang@abc.cn>\r\n"
        f"Subject: {subject}\r\nContent-Type: text/plain; charset=gb2312\r\n"
        "Content-Transfer-Encoding: 8bit\r\n\r\n"
    ).encode() + "请报价 DN25 球阀 500 个，镕".encode("gbk")
    parsed = parse_message(raw)
    assert parsed.subject == "询价：不锈钢球阀 朱镕基"
    assert parsed.from_[0].name == "王经理"
    assert parsed.from_[0].addr == "wang@abc.cn"
    assert "球阀 500 个，镕" in parsed.body_text
    assert parsed.parse_errors == ()


def test_big5_quoted_printable_body_and_split_encoded_words() -> None:
    data = "報價單".encode("big5")
    # One multi-byte character split across two encoded words, as some mailers do.
    first = base64.b64encode(data[:3]).decode()
    second = base64.b64encode(data[3:]).decode()
    raw = (
        f"Subject: =?big5?B?{first}?= =?big5?B?{second}?=\r\n"
        "Content-Type: text/plain; charset=big5\r\nContent-Transfer-Encoding: quoted-printable\r\n"
        "\r\n"
    ).encode() + "".join(f"={b:02X}" for b in "您好，請報價".encode("big5")).encode()
    parsed = parse_message(raw)
    assert parsed.subject == "報價單"
    assert parsed.body_text == "您好，請報價"


def test_encoded_words_garbage_and_unknown_charset_do_not_raise() -> None:
    assert decode_header_text("=?bogus?Q?caf=E9?= ok") == "café ok"
    assert decode_header_text("=?utf-8?B?!!!notbase64?=") != ""
    assert decode_header_text("plain =?utf-8?Q?a?= =?utf-8?Q?b?= end") == "plain ab end"


def test_date_offset_is_kept_and_minus_zero_means_unknown() -> None:
    when, offset = parse_date("Tue, 10 Nov 2026 09:15:00 +0530")
    assert offset == 330
    assert when is not None and when.astimezone(UTC) == datetime(2026, 11, 10, 3, 45, tzinfo=UTC)
    assert parse_date("Tue, 10 Nov 2026 09:15:00 -0000")[1] is None
    assert parse_date("Tue, 10 Nov 2026 09:15:00 -0000 (UTC)")[1] is None
    assert parse_date("not a date") == (None, None)


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("Tue, 10 Nov 2026 09:15:00 +08:00", 480),  # not RFC syntax, but written
        ("Tue, 10 Nov 2026 09:15:00 -05:30 (EST)", -330),
        ("Tue, 10 Nov 2026 09:15:00", None),  # no zone: as unknown as -0000
        ("Tue, 10 Nov 2026 09:15", None),
        ("Tue, 10 Nov 2026 09:15:00 +0800 (CST)", 480),
        ("Tue, 10 Nov 2026 09:15:00 GMT", 0),
        ("Tue, 10 Nov 2026 09:15:00 EST", -300),
    ],
)
def test_date_zone_forms(value: str, offset: int | None) -> None:
    when, got = parse_date(value)
    assert got == offset
    assert when is not None and when.hour == 9 and when.minute == 15  # the sender's wall clock


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("<a@b.example>", ["a@b.example"]),
        ("<a@b> <c@d>", ["a@b", "c@d"]),
        ("a@b.example", ["a@b.example"]),
        ("  a@b.example (comment)", ["a@b.example"]),
        ("<>", []),
        ("<@>", []),
        ("<unknown>", []),
        ("<1>", []),
        ("<undefined>", []),
        ("<localhost>", []),
        ("<(null)>", []),
        ("<@localhost>", []),
        ("<x@>", []),
        ("<abc123@localhost>", ["abc123@localhost"]),
        ("<20050101123456.GA1234>", ["20050101123456.GA1234"]),
        ("<@> <a@b>", ["a@b"]),
        ("unknown", []),
        ("<a", []),
        ("a@", []),
        ("@b", []),
        ("", []),
        (None, []),
    ],
)
def test_message_ids_without_brackets_only_when_shaped_like_one(
    value: str | None, expected: list[str]
) -> None:
    assert parse_message_ids(value) == expected


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from("ab1_.@-é٣"), max_size=30))
def test_plausible_id_is_the_documented_pattern(text: str) -> None:
    # Left "@" right, each side with a letter or digit; or, without "@", 8+ characters and a
    # digit: the two patterns the linear search replaced.
    shaped = re.fullmatch(r".*\w.*@.*\w.*", text) or re.fullmatch(r"(?=.*\d)[^@]{8,}", text)
    assert is_plausible_id(text) == bool(shaped)


def test_a_huge_message_id_is_read_in_one_pass() -> None:
    # 200 KB of word characters: the old pattern backtracked through them for many seconds.
    huge = "a" * 200_000
    assert parse_message_ids(f"<{huge}@{huge}>") == [f"{huge}@{huge}"]
    assert parse_message_ids(f"<{huge}@>") == []


def test_received_dialects() -> None:
    postfix = parse_received(
        0,
        "from mail.rheinarmatur.de (mail.rheinarmatur.de [80.156.12.34]) by mx.everbright-valve.cn"
        " (Postfix) with ESMTPS id 4F1; Tue, 10 Nov 2026 09:15:02 +0800",
    )
    assert (postfix.from_ip, postfix.from_rdns, postfix.by, postfix.protocol) == (
        "80.156.12.34",
        "mail.rheinarmatur.de",
        "mx.everbright-valve.cn",
        "ESMTPS",
    )
    assert postfix.date is not None and postfix.date.utcoffset() is not None
    helo_literal = parse_received(
        0, "from [192.168.2.40] (dsl.ttnet.com.tr [78.186.1.1]) by mx.x.cn (Postfix) with ESMTP"
    )
    assert (helo_literal.from_ip, helo_literal.from_rdns) == ("78.186.1.1", "dsl.ttnet.com.tr")
    exim = parse_received(1, "from [41.58.1.9] (helo=User) by smtp.x.ng with esmtpsa (Exim 4.96)")
    assert (exim.from_ip, exim.from_helo, exim.protocol) == ("41.58.1.9", "User", "ESMTPSA")
    qmail = parse_received(2, "from unknown (HELO pc01) (197.210.5.5) by mail.x.com with SMTP")
    assert qmail.from_ip == "197.210.5.5"
    exchange = parse_received(
        3,
        "from AM6PR04MB.eurprd04.prod.outlook.com (2603:10a6:20b:f0::12) by AM6PR.outlook.com "
        "(2603:10a6:20b::1) with Microsoft SMTP Server",
    )
    assert exchange.from_ip == "2603:10a6:20b:f0::12"
    local = parse_received(4, "by mail.example.com (Postfix, from userid 1000) id 1A2")
    assert local.from_ip is None and local.by == "mail.example.com"


def test_multipart_html_only_attachment_and_links() -> None:
    raw = (
        b"From: Buyer <b@x.com>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        b'--B\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n'
        b"<html><body><p>Dear Sir,</p><p>Please quote <b>EB-BV316-DN25</b></p>"
        b'<a href="http://203.0.113.9/login">www.paypal.com</a></body></html>\r\n'
        b"--B\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b'Content-Disposition: attachment; filename="RFQ-2026.pdf"\r\n\r\n'
        + base64.encodebytes(b"x" * 3000)
        + b"--B--\r\n"
    )
    parsed = parse_message(raw)
    assert parsed.body_text.splitlines() == [
        "Dear Sir,",
        "Please quote EB-BV316-DN25",
        "www.paypal.com",
    ]
    assert parsed.links[0].text == "www.paypal.com"
    assert parsed.links[0].href == "http://203.0.113.9/login"
    (attachment,) = parsed.attachments
    assert attachment.filename == "RFQ-2026.pdf"
    assert abs(attachment.size - 3000) <= 3


def test_broken_boundary_is_recorded_not_raised() -> None:
    raw = b'Content-Type: multipart/mixed; boundary="nope"\r\n\r\n--other\r\n\r\ntext\r\n'
    parsed = parse_message(raw)
    assert any("boundary" in e for e in parsed.parse_errors)


def test_empty_message() -> None:
    parsed = parse_message(b"")
    assert parsed.size == 0 and parsed.subject == "" and parsed.from_ == ()


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_parse_without_raising(raw: bytes) -> None:
    parsed = parse_message(raw)
    assert parsed.size == len(raw)
    assert len(parsed.sha256) == 64


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_header_text_decodes_without_raising(value: str) -> None:
    decode_header_text(value)
    parse_date(value)
    parse_received(0, value)


@pytest.mark.parametrize(
    "value",
    [
        "John  Smith <John.Smith@Example.com>",
        '"Smith, John" <j@x.com>',
        "John Q. Smith <a@b.c>",
        "=?UTF-8?B?5byg5LiJ?= <zhang@example.cn>",
        "a@b.com",
        "  <a@b.com>  ",
        '"x\\"y" <a@b.com>',
        "a@b.com (Anna)",
        "Joe <a@b.com>, Sue <c@d.com>",
        "Undisclosed recipients:;",
        "Anna <anna@[10.0.0.1]>",
        "broken <a@b.com",
    ],
)
def test_address_fast_path_reads_like_getaddresses(value: str) -> None:
    expected = tuple(
        (decode_header_text(name).strip().strip('"').strip(), addr.strip().strip("<>").lower())
        for name, addr in getaddresses([value])
        if name or addr
    )
    assert tuple((a.name, a.addr) for a in parse_addresses([value])) == expected


@given(st.text(alphabet="0123456789.:abcdef ", max_size=20))
def test_ip_fast_path_agrees_with_ipaddress(text: str) -> None:
    try:
        address = ipaddress.ip_address(text.strip())
        mapped = getattr(address, "ipv4_mapped", None)
        expected: str | None = str(mapped or address)
    except ValueError:
        expected = None
    assert _normalise_ip(text) == expected


def test_html_alternative_without_links_is_not_parsed_for_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import selectolax.lexbor

    real = selectolax.lexbor.LexborHTMLParser

    def refuse(html: str) -> object:
        assert "href" in html.lower(), "parsed HTML without a link"
        return real(html)

    monkeypatch.setattr(selectolax.lexbor, "LexborHTMLParser", refuse)
    assert html_links("<p>No links here, only <b>text</b></p>") == []
    assert html_links('<p><A HREF="https://example.com">site</A></p>') == [
        Link("site", "https://example.com")
    ]


def test_large_attachment_is_not_copied_while_parsing() -> None:
    attachment = base64.encodebytes(bytes(range(256)) * 20_000).replace(b"\n", b"\r\n")
    raw = (
        b"From: anna@example.de\r\nSubject: drawings\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n"
        b"Content-Type: text/plain\r\n\r\nDrawings attached.\r\n--XX\r\n"
        b"Content-Type: application/pdf; name=drawing.pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + attachment + b"\r\n--XX--\r\n"
    )
    tree, fast = parse_tree(raw)
    leaves = tree.children
    # Parts point into the message's own bytes instead of holding slices of them.
    assert fast and all(part.source is raw for part in [tree, *leaves])
    assert leaves[1].encoded_size() == 256 * 20_000
    message = parse_message(raw)
    assert message.body_text == "Drawings attached."
    assert [(a.filename, a.size) for a in message.attachments] == [("drawing.pdf", 5_120_000)]


@pytest.mark.parametrize("newline", [b"\r\n", b"\n"])
def test_unparseable_message_headers_stop_at_the_first_blank_line(
    newline: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def choke(raw: bytes) -> object:
        raise RuntimeError("parser bug")

    monkeypatch.setattr("tradetriage.mail.parse.parse_tree", choke)
    raw = newline.join(
        [
            b"From: Lily <lily@everbright-valve.cn>",
            b"Message-ID: <real@everbright-valve.cn>",
            b"",
            b"Subject: a body line, not a header",
            b"Date: Mon, 3 Mar 2025 09:00:00 +0100",
            b"",
        ]
    )
    parsed = parse_message(raw)
    assert parsed.parse_errors == ("parser failed: RuntimeError: parser bug",)
    assert parsed.message_id == "real@everbright-valve.cn"
    assert [a.addr for a in parsed.from_] == ["lily@everbright-valve.cn"]
    assert parsed.subject == ""
    assert parsed.date_raw is None


def test_old_mac_line_ends_give_headers_and_body() -> None:
    raw = b"From: buyer@example.org\rSubject: old Mac\r\rWe need EB-GV-PN16 gate valves.\r"
    msg = parse_message(raw)
    assert msg.subject == "old Mac"
    assert "EB-GV-PN16" in msg.body_text


@pytest.mark.parametrize(
    "head",
    [
        b"Subject: one\r\nX-Long: first\r\n  second\r\n\tthird\r\nTo: a@b.example\r\n",
        b"Subject:no space\nContent-Type: text/plain;\n charset=gb2312\nX-Empty:\n",
    ],
)
def test_header_blocks_read_as_the_standard_library_reads_them(head: bytes) -> None:
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    newline = b"\r\n" if head.endswith(b"\r\n") else b"\n"
    tree, fast = parse_tree(head + newline + b"body" + newline)
    assert fast
    expected = BytesHeaderParser(policy=compat32).parsebytes(head)
    assert tree.headers.items() == expected.items()


_NAMES = st.text(st.sampled_from("abcXYZ-_0123456789"), min_size=1, max_size=12)
_VALUES = st.binary(max_size=40).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_NAMES, _VALUES, st.lists(_VALUES, max_size=2)), max_size=6),
    st.sampled_from([b"\r\n", b"\n"]),
)
def test_any_regular_header_block_reads_as_the_standard_library_reads_it(
    headers: list[tuple[str, bytes, list[bytes]]], newline: bytes
) -> None:
    from email.parser import BytesHeaderParser
    from email.policy import compat32

    head = b"".join(
        name.encode() + b":" + value + newline + b"".join(b"\t" + c + newline for c in more)
        for name, value, more in headers
    )
    tree, fast = parse_tree(head + newline + b"body" + newline)
    expected = BytesHeaderParser(policy=compat32).parsebytes(head)
    if fast:
        assert tree.headers.items() == expected.items()
    else:  # the block was irregular: the standard library parsed the whole message
        assert expected.defects or not headers


def test_image_map_areas_are_links_in_document_order() -> None:
    # A phisher's mail is often one picture of the bank's page, its areas linking away.
    html = (
        '<a href="https://www.paypal.com/">PayPal</a><img src="cid:page" usemap="#m">'
        '<map name="m"><area shape="rect" coords="0,0,90,20" alt="Log In" '
        'HREF="http://203.0.113.9/.pp/login.php"><area shape="default" href="http://evil.example/">'
        '<area shape="rect" alt="no target"></map><a href="https://www.paypal.com/help">Help</a>'
    )
    expected = [
        Link("PayPal", "https://www.paypal.com/"),
        Link("Log In", "http://203.0.113.9/.pp/login.php"),
        Link("", "http://evil.example/"),
        Link("Help", "https://www.paypal.com/help"),
    ]
    assert html_links(html) == expected
    raw = "From: PayPal <service@paypal.com>\r\nContent-Type: text/html\r\n\r\n" + html
    assert list(parse_message(raw.encode()).links) == expected


def test_links_of_an_html_alternative_in_any_case_and_across_lines() -> None:
    html = (
        '<p>Pay here: <A HREF="http://evil.example/\r\nlogin">www.paypal.com\r\n</A></p>'
        "<a Href='https://www.everbright-valve.cn'>our\n site</a><a>no target</a>"
    )
    assert html_links(html) == [
        Link("www.paypal.com", "http://evil.example/ login"),
        Link("our site", "https://www.everbright-valve.cn"),
    ]
    assert html_links("<p>No links, only a reference.</p>") == []


@pytest.mark.parametrize("charset", ["gbk", "utf8"])
def test_a_file_name_in_raw_8bit_bytes_is_read_as_the_subject_is(charset: str) -> None:
    own = Path(__file__).parent / "fixtures" / "malformed" / "own"
    parsed = parse_message((own / f"raw_8bit_{charset}_filename.eml").read_bytes())
    assert [a.filename for a in parsed.attachments] == ["形式发票.pdf"]


def test_an_empty_message_is_a_parse_problem() -> None:
    assert parse_message(b"").parse_errors == ("empty message",)
    assert parse_message(b"\r\n\r\n").parse_errors == ("empty message",)


@pytest.mark.parametrize(
    "value",
    [
        "Fri, 31 Dec 9999 23:00:00 +0000",
        "Fri, 31 Dec 9999 23:59:59 +1400",
        "Thu, 30 Dec 9999 12:00:00 -0100",
    ],
)
def test_a_date_at_the_end_of_the_calendar_is_no_usable_date(value: str) -> None:
    # Every later step adds or subtracts hours and days: 31 Dec 9999 crashed grading.
    assert parse_date(value) == (None, None)
    parsed = parse_message(f"Date: {value}\r\nSubject: x\r\n\r\nbody\r\n".encode())
    assert parsed.date is None
    assert any("unparseable Date header" in e for e in parsed.parse_errors)


def test_a_date_far_off_but_not_at_the_edge_is_kept() -> None:
    when, offset = parse_date("Fri, 24 Dec 9999 10:00:00 +0800")
    assert when is not None and when.year == 9999 and offset == 480


@pytest.mark.parametrize(
    ("value", "offset"),
    [
        ("Mon, 10 Mar 2025 10:00:00 GMT+0800", 480),
        ("Mon, 10 Mar 2025 10:00:00 GMT+08:00", 480),
        ("Mon, 10 Mar 2025 10:00:00 UTC+0800", 480),
        ("Mon, 10 Mar 2025 10:00:00 UTC+8", 480),
        ("Mon, 10 Mar 2025 10:00:00 GMT+8:00 (China Standard Time)", 480),
        ("Mon, 10 Mar 2025 10:00:00 gmt-0530", -330),
        ("Mon, 10 Mar 2025 10:00:00 UTC-3", -180),
        ("Mon, 10 Mar 2025 10:00:00 GMT+0800 (CST)", 480),
        ("Mon, 10 Mar 2025 10:00:00 +0800 (GMT+08:00)", 480),
    ],
)
def test_gmt_and_utc_with_an_offset_keep_the_offset(value: str, offset: int) -> None:
    # Chinese mail software writes "GMT+0800"; read as +0000 the send time was 8 hours off.
    when, got = parse_date(value)
    assert got == offset
    assert when is not None and (when.hour, when.minute) == (10, 0)
    assert when.utcoffset() is not None and when.utcoffset().total_seconds() == offset * 60  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "raw",
    [
        # Exchange: the sender's HELO literal in brackets, the IP it saw in parentheses.
        "from [192.168.1.5] (41.58.77.9) by mail.x.cn (10.0.0.2) with Microsoft SMTP Server id "
        "15.1; Mon, 10 Mar 2025 01:00:00 +0000",
        # qmail with a HELO address literal.
        "from unknown (HELO [192.168.1.5]) (41.58.77.9) by mail.x.cn with SMTP; "
        "10 Mar 2025 01:00:00 -0000",
        "from unknown (HELO 192.168.1.5) (41.58.77.9) by mail.x.cn with SMTP; "
        "10 Mar 2025 01:00:00 -0000",
        # Exim without a verified name, the HELO a literal.
        "from [41.58.77.9] (helo=[192.168.1.5]) by mx.x.cn with esmtp (Exim 4.96) id 1t; "
        "Mon, 10 Mar 2025 01:00:00 +0100",
        "from [41.58.77.9] (port=51234 helo=[192.168.1.5]) by mx.x.cn with esmtp (Exim 4.96) "
        "id 1t; Mon, 10 Mar 2025 01:00:00 +0100",
        "from host-41-58-77-9.x.ng ([41.58.77.9]:51234 helo=[192.168.1.5]) by mx.x.cn with "
        "esmtp (Exim 4.96) id 1t; Mon, 10 Mar 2025 01:00:00 +0100",
    ],
)
def test_a_helo_address_literal_is_not_the_connecting_ip(raw: str) -> None:
    assert parse_received(0, raw).from_ip == "41.58.77.9"


def test_a_helo_address_alone_gives_no_connecting_ip() -> None:
    hop = parse_received(0, "from unknown (HELO 192.168.1.5) by mail.x.cn with SMTP; 10 Mar 2025")
    assert hop.from_ip is None


def test_with_in_a_tls_comment_is_not_the_protocol() -> None:
    hop = parse_received(
        0,
        "from mail.kessler.de (mail.kessler.de [80.156.1.2]) (using TLSv1.3 with cipher "
        "TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519) (No client certificate "
        "requested) by webmail.everbright-valve.cn (Postfix) with ESMTPS id 4Z1; "
        "Mon, 10 Mar 2025 09:00:00 +0800",
    )
    assert (hop.protocol, hop.by, hop.from_ip) == (
        "ESMTPS",
        "webmail.everbright-valve.cn",
        "80.156.1.2",
    )


def test_a_bracketed_ipv6_with_a_zone_is_its_address() -> None:
    hop = parse_received(0, "from host ([IPv6:fe80::1%eth0]) by mx.example.cn; 10 Mar 2025")
    assert hop.from_ip == "fe80::1"
