"""Received-chain walk: trusted relays, the origin, provider submission and client IPs."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import message as make_message
from tradetriage.mail.parse import parse_message
from tradetriage.mail.records import Hop, ParsedMessage
from tradetriage.signals.base import Context
from tradetriage.signals.origin import (
    BEYOND,
    NO_IP,
    ORIGIN,
    RELAY,
    SUBMISSION,
    analyze,
    hop_ip,
    walk,
)

NOW = datetime(2025, 3, 10, 8, 0, tzinfo=UTC)
OUR_MX = "from mx.everbright-valve.cn (mx.everbright-valve.cn [122.228.10.5]) by imap.everbright-valve.cn (Dovecot) with LMTP id x1; Mon, 10 Mar 2025 09:00:01 +0800"  # noqa: E501


class TableGeo:
    """Geo lookup from a small table of networks: exact answers for tests."""

    def __init__(self, table: dict[str, tuple[str, str | None]]) -> None:
        self.table = {ipaddress.ip_network(k): v for k, v in table.items()}

    def _find(self, ip: str) -> tuple[str | None, str | None]:
        address = ipaddress.ip_address(ip)
        for net, value in self.table.items():
            if address.version == net.version and address in net:
                return value
        return None, None

    def country(self, ip: str) -> str | None:
        return self._find(ip)[0]

    def timezone(self, ip: str) -> str | None:
        return self._find(ip)[1]


GEO = TableGeo(
    {
        "80.156.0.0/16": ("DE", "Europe/Berlin"),
        "105.112.0.0/12": ("NG", "Africa/Lagos"),
        "209.85.128.0/17": ("US", "America/Los_Angeles"),
        "122.228.0.0/16": ("CN", "Asia/Shanghai"),
        "223.104.0.0/16": ("CN", "Asia/Shanghai"),
        "41.58.0.0/16": ("NG", None),
        "2a02:8100::/32": ("DE", "Europe/Berlin"),
        "98.136.0.0/14": ("US", "America/New_York"),
    }
)
CTX = Context(
    now=NOW,
    our_domains=frozenset({"everbright-valve.cn"}),
    trusted_networks=("122.228.10.0/28",),
    trusted_hosts=("*.everbright-valve.cn",),
    geo=GEO,
)


def hop(
    raw: str,
    *,
    ip: str | None = None,
    rdns: str | None = None,
    helo: str | None = None,
    by: str | None = None,
    protocol: str | None = None,
) -> Hop:
    return Hop(0, helo, rdns, ip, by, protocol, None, raw)


def message(*hops: Hop, headers: dict[str, tuple[str, ...]] | None = None) -> ParsedMessage:
    numbered = tuple(
        Hop(i, h.from_helo, h.from_rdns, h.from_ip, h.by, h.protocol, h.date, h.raw)
        for i, h in enumerate(hops)
    )
    return make_message(
        message_id="<m1@example.com>",
        from_=(),
        to=(),
        subject="RFQ ball valve EB-BV316-DN25",
        received=numbered,
        extra_headers=headers or {},
    )


def values(msg: ParsedMessage, ctx: Context = CTX) -> dict[str, object]:
    return {k: f.value for k, f in analyze(msg, ctx, {}).items()}


MX_HOP = hop(OUR_MX, ip="122.228.10.5", rdns="mx.everbright-valve.cn", protocol="LMTP")


def test_buyer_own_server_is_the_origin() -> None:
    msg = message(
        MX_HOP,
        hop(
            "from mail.mueller-armaturen.de (mail.mueller-armaturen.de [80.156.1.2]) "
            "by mx.everbright-valve.cn (Postfix) with ESMTPS id 4F; Mon, 10 Mar 2025 09:00 +0800",
            ip="80.156.1.2",
            rdns="mail.mueller-armaturen.de",
            by="mx.everbright-valve.cn",
            protocol="ESMTPS",
        ),
        hop(
            "from [10.0.0.23] by mail.mueller-armaturen.de with ESMTPSA; Mon, 10 Mar 2025",
            ip="10.0.0.23",
        ),
    )
    got = values(msg)
    assert got["origin.ip"] == "80.156.1.2"
    assert got["origin.country"] == "DE"
    assert got["origin.timezone"] == "Europe/Berlin"
    assert got["origin.source"] == "received"
    assert got["origin.freemail_server"] is False
    assert got["origin.client_ip"] is None
    assert got["origin.trusted_hop"] == 1
    assert got["origin.hops"] == 3
    roles = [v.role for v in walk(msg, CTX)]
    assert roles == [RELAY, ORIGIN, BEYOND]
    evidence = analyze(msg, CTX, {})["origin.country"].evidence
    assert "Germany" in evidence and "80.156.1.2" in evidence


def test_gmail_webmail_origin_is_googles_server() -> None:
    msg = message(
        MX_HOP,
        hop(
            "from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41]) "
            "by mx.everbright-valve.cn (Postfix) with ESMTPS id 1; Mon, 10 Mar 2025",
            ip="209.85.220.41",
            rdns="mail-sor-f41.google.com",
        ),
        hop("by 2002:a05:6102:3a0c:b0:4a3:1 with SMTP id x; Sun, 9 Mar 2025 17:00:00 -0800"),
        hop("by 2002:a17:90a:3846:0:0:0:0 with HTTP; Sun, 9 Mar 2025 17:00:00 -0800"),
    )
    got = values(msg)
    assert got["origin.freemail_server"] is True
    assert got["origin.provider"] == "google"
    assert got["origin.ip"] == "209.85.220.41"
    assert got["origin.client_ip"] is None
    assert got["origin.country"] is None  # Google's server: the buyer's country is unknown
    # The message was made at the "with HTTP" hop: nothing below it would be Google's.
    assert [v.role for v in walk(msg, CTX)] == [RELAY, RELAY, NO_IP, SUBMISSION]


def test_gmail_smtp_submission_reveals_client_ip() -> None:
    msg = message(
        MX_HOP,
        hop(
            "from mail-ed1-f68.google.com (mail-ed1-f68.google.com [209.85.208.68]) "
            "by mx.everbright-valve.cn with ESMTPS; Mon, 10 Mar 2025",
            ip="209.85.208.68",
            rdns="mail-ed1-f68.google.com",
        ),
        hop("by mail-ed1-f68.google.com with SMTP id a; Mon, 10 Mar 2025 01:00:00 -0800"),
        hop(
            "from [192.168.1.10] (ppp-105-112-33-4.airtel.ng. [105.112.33.4]) "
            "by smtp.gmail.com with ESMTPSA id s13; Mon, 10 Mar 2025 01:00:00 -0800",
            ip="105.112.33.4",
            rdns="ppp-105-112-33-4.airtel.ng",
            by="smtp.gmail.com",
            protocol="ESMTPSA",
        ),
        hop("from localhost by desktop.local; Mon, 10 Mar 2025", ip="127.0.0.1"),
    )
    got = values(msg)
    assert got["origin.client_ip"] == "105.112.33.4"
    assert got["origin.country"] == "NG"
    assert got["origin.timezone"] == "Africa/Lagos"
    assert got["origin.freemail_server"] is True
    assert got["origin.provider"] == "google"
    assert got["origin.ip"] == "209.85.208.68"
    assert got["origin.trusted_hop"] == 3
    verdicts = walk(msg, CTX)
    assert verdicts[3].role == SUBMISSION and "ESMTPSA" in verdicts[3].reason
    assert verdicts[4].role == BEYOND


YAHOO_HOP = hop(
    "from sonic301-21.consmr.mail.ne1.yahoo.com (sonic301-21.consmr.mail.ne1.yahoo.com "
    "[66.163.184.1]) by mx.everbright-valve.cn with ESMTPS; Mon, 10 Mar 2025",
    ip="66.163.184.1",
    rdns="sonic301-21.consmr.mail.ne1.yahoo.com",
)


def test_yahoo_x_originating_ip_gives_client() -> None:
    msg = message(
        YAHOO_HOP,
        headers={"x-originating-ip": ("[41.58.77.9]",)},
    )
    got = values(msg)
    assert got["origin.provider"] == "yahoo"
    assert got["origin.client_ip"] == "41.58.77.9"
    assert got["origin.source"] == "x-originating-ip"
    assert got["origin.country"] == "NG"
    assert got["origin.timezone"] is None


@pytest.mark.parametrize(
    ("header", "client"),
    [
        ("[IPv6:2a02:8100::7]", "2a02:8100::7"),  # not "6:2a02:8100::7"
        ("41.58.77.9:51234", "41.58.77.9"),  # with the client's port
    ],
)
def test_x_originating_ip_forms(header: str, client: str) -> None:
    msg = message(
        YAHOO_HOP,
        headers={"x-originating-ip": (header,)},
    )
    assert values(msg)["origin.client_ip"] == client


def test_x_forwarded_for_skips_private_entries() -> None:
    msg = message(YAHOO_HOP, headers={"x-forwarded-for": ("10.0.0.8, 2a02:8100:1::5",)})
    got = values(msg)
    assert got["origin.client_ip"] == "2a02:8100:1::5"
    assert got["origin.country"] == "DE"


def test_x_originating_ip_from_an_untrusted_server_is_ignored() -> None:
    # The sender's own server can write any X-Originating-IP it likes.
    msg = message(
        hop("from bulk.example.net (bulk.example.net [80.156.9.9]) by mx", ip="80.156.9.9"),
        headers={"x-originating-ip": ("[105.112.1.1]",)},
    )
    got = values(msg)
    assert got["origin.client_ip"] is None
    assert got["origin.country"] == "DE"


def test_netease_webmail_hop_gives_client_ip() -> None:
    msg = message(
        hop(
            "from m16-25.163.com (m16-25.163.com [220.181.16.25]) by mx.everbright-valve.cn "
            "(Postfix) with ESMTP; Mon, 10 Mar 2025 09:00:00 +0800",
            ip="220.181.16.25",
            rdns="m16-25.163.com",
        ),
        hop(
            "from wangli$163.com ( [223.104.3.5] ) by ajax-webmail-wmsvr40 (Coremail) ; "
            "Mon, 10 Mar 2025 08:59:58 +0800 (CST)",
            ip="223.104.3.5",
            by="ajax-webmail-wmsvr40",
        ),
    )
    got = values(msg)
    assert got["origin.provider"] == "netease"
    assert got["origin.client_ip"] == "223.104.3.5"
    assert got["origin.country"] == "CN"
    assert walk(msg, CTX)[1].reason == "webmail (HTTP)"


def test_office365_internal_ipv6_hops_stay_trusted() -> None:
    msg = message(
        hop(
            "from EUR05-AM6-obe.outbound.protection.outlook.com "
            "(mail-am6eur05on2101.outbound.protection.outlook.com [40.107.22.101]) "
            "by mx.everbright-valve.cn (Postfix) with ESMTPS; Mon, 10 Mar 2025",
            ip="40.107.22.101",
        ),
        hop(
            "from AM0PR02MB5678.eurprd02.prod.outlook.com (2603:10a6:208:2::2) by "
            "AM0PR02MB1234.eurprd02.prod.outlook.com (2603:10a6:208:1::1) with Microsoft SMTP "
            "Server id 15.20.1; Mon, 10 Mar 2025 01:00:00 +0000",
            ip="2603:10a6:208:2::2",
            helo="AM0PR02MB5678.eurprd02.prod.outlook.com",
        ),
        hop(
            "from AM0PR02MB5678.eurprd02.prod.outlook.com ([fe80::c2a4:fdda:f0c2:6f71]) by "
            "AM0PR02MB5678.eurprd02.prod.outlook.com ([fe80::c2a4:fdda:f0c2:6f71%7]) with mapi "
            "id 15.20.9632.017; Mon, 10 Mar 2025 01:00:00 +0000",
            ip="fe80::c2a4:fdda:f0c2:6f71",
        ),
    )
    got = values(msg)
    assert got["origin.provider"] == "microsoft"
    assert got["origin.freemail_server"] is True
    assert got["origin.ip"] == "2603:10a6:208:2::2"
    assert all(v.trusted for v in walk(msg, CTX))


def test_internal_mail_is_private_only() -> None:
    msg = message(
        hop(
            "from [192.168.10.23] (unknown [192.168.10.23]) by mail.everbright-valve.cn "
            "(Postfix) with ESMTP; Mon, 10 Mar 2025",
            ip="192.168.10.23",
        ),
    )
    got = values(msg)
    assert got["origin.private_only"] is True
    assert got["origin.source"] == "none"
    assert got["origin.ip"] is None and got["origin.country"] is None


def test_no_received_headers() -> None:
    got = values(message())
    assert got["origin.hops"] == 0
    assert got["origin.private_only"] is True
    assert got["origin.source"] == "none"
    assert got["origin.trusted_hop"] is None


def test_forged_provider_helo_is_flagged() -> None:
    msg = message(
        hop(
            "from mail.google.com (unknown [105.112.9.9]) by mx.everbright-valve.cn (Postfix) "
            "with ESMTP; Mon, 10 Mar 2025",
            ip="105.112.9.9",
            helo="mail.google.com",
        ),
    )
    findings = analyze(msg, CTX, {})
    assert findings["origin.helo_forged"].value is True
    assert "HELO mail.google.com" in findings["origin.helo_forged"].evidence
    assert findings["origin.ip"].value == "105.112.9.9"
    assert findings["origin.freemail_server"].value is False


def test_forged_own_domain_helo_is_flagged() -> None:
    msg = message(
        hop(
            "from everbright-valve.cn (unknown [80.156.3.3]) by mx.everbright-valve.cn",
            ip="80.156.3.3",
            helo="everbright-valve.cn",
        ),
    )
    assert values(msg)["origin.helo_forged"] is True


def test_genuine_helo_is_not_forged() -> None:
    msg = message(
        hop(
            "from mail.mueller-armaturen.de (mail.mueller-armaturen.de [80.156.1.2]) by mx",
            ip="80.156.1.2",
            helo="mail.mueller-armaturen.de",
            rdns="mail.mueller-armaturen.de",
        ),
    )
    assert values(msg)["origin.helo_forged"] is False


def test_headers_below_the_origin_are_not_believed() -> None:
    # A scammer's server writes a fake Gmail hop below itself; it must not count.
    msg = message(
        hop("from vps.example.ng (vps.example.ng [41.58.1.1]) by mx", ip="41.58.1.1"),
        hop(
            "from mail-sor-f41.google.com (mail-sor-f41.google.com [209.85.220.41]) by vps",
            ip="209.85.220.41",
            rdns="mail-sor-f41.google.com",
        ),
        headers={"x-originating-ip": ("80.156.1.2",)},
    )
    got = values(msg)
    assert got["origin.ip"] == "41.58.1.1"
    assert got["origin.country"] == "NG"
    assert got["origin.freemail_server"] is False
    assert walk(msg, CTX)[1].role == BEYOND


def test_our_domain_rdns_is_trusted_without_config() -> None:
    ctx = Context(now=NOW, our_domains=frozenset({"everbright-valve.cn"}), geo=GEO)
    msg = message(
        hop(OUR_MX.replace("with LMTP", "with ESMTP"), ip="122.228.10.5"),
        hop("from relay.buyer.de (relay.buyer.de [80.156.7.7]) by mx", ip="80.156.7.7"),
    )
    verdicts = walk(msg, ctx)
    assert verdicts[0].role == RELAY and "our own host" in verdicts[0].reason
    assert values(msg, ctx)["origin.ip"] == "80.156.7.7"


def test_untrusted_top_hop_without_config_is_the_origin() -> None:
    ctx = Context(now=NOW, geo=GEO)
    msg = message(
        hop("from relay.buyer.de (relay.buyer.de [80.156.7.7]) by mx.x.cn", ip="80.156.7.7")
    )
    assert values(msg, ctx)["origin.ip"] == "80.156.7.7"


def test_configured_host_glob() -> None:
    ctx = Context(now=NOW, trusted_hosts=("gw?.example-gateway.com",), geo=GEO)
    msg = message(
        hop(
            "from gw1.example-gateway.com (gw1.example-gateway.com [80.156.5.5]) by mx",
            ip="80.156.5.5",
            rdns="gw1.example-gateway.com",
        ),
        hop("from relay.buyer.ng (relay.buyer.ng [41.58.2.2]) by gw1", ip="41.58.2.2"),
    )
    assert values(msg, ctx)["origin.ip"] == "41.58.2.2"
    assert "configured trusted host" in walk(msg, ctx)[0].reason


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Postfix: helo (rdns [ip])
        ("from helo.example (mail.example.de [80.156.1.2]) by mx with ESMTP", "80.156.1.2"),
        # IP literal HELO, real IP last
        ("from [192.168.1.5] (ppp.example.net [105.112.1.2]) by smtp.gmx.net", "105.112.1.2"),
        # Exim
        ("from [80.156.4.4] (helo=pc01) by mail.example.de with esmtpsa (Exim 4.96)", "80.156.4.4"),
        # qmail
        ("from unknown (HELO fbw) (187.92.0.111) by Shop01 with SMTP; 8 Oct 2019", "187.92.0.111"),
        ("from (HELO fbw) [187.92.0.111] by Shop01; Tue, 08 Oct 2019", "187.92.0.111"),
        # IPv6 literal
        ("from dockerbox (unknown [IPv6:2001:4800:7817:101::15]) by x", "2001:4800:7817:101::15"),
        # Exchange: name (ip)
        (
            "from EX01.corp.local (10.1.2.3) by EX02.corp.local (10.1.2.4) with Microsoft",
            "10.1.2.3",
        ),
        # Bare address
        ("from 127.0.0.1 (varon [127.0.0.1]) by varon.localdomain (Postfix)", "127.0.0.1"),
        # ZMailer with port
        ('from x.org ([206.81.8.171]:46994 "EHLO varon") by vger.kernel.org', "206.81.8.171"),
        # A HELO address literal is the sender's word (Exchange, Exim, qmail)
        ("from [192.168.1.5] (41.58.77.9) by mail.x (10.0.0.2) with Microsoft", "41.58.77.9"),
        ("from [41.58.77.9] (helo=[192.168.1.5]) by mx with esmtp (Exim 4.96)", "41.58.77.9"),
        ("from unknown (HELO [192.168.1.5]) (41.58.77.9) by mx with SMTP", "41.58.77.9"),
        # No from clause at all
        ("by 2002:a17:90a:3846:0:0:0:0 with HTTP; Fri, 7 Feb 2020", None),
        ("(qmail 12345 invoked by uid 89); 10 Mar 2025 01:00:00 -0000", None),
    ],
)
def test_ip_is_reread_from_raw_when_parser_missed_it(raw: str, expected: str | None) -> None:
    assert hop_ip(hop(raw)) == expected


def test_authenticated_sender_note_marks_submission() -> None:
    msg = message(
        hop(
            "from relay.everbright-valve.cn (relay.everbright-valve.cn [122.228.10.5]) by imap",
            ip="122.228.10.5",
        ),
        hop(
            "from [192.168.3.3] (unknown [80.156.8.8]) (Authenticated sender: lily@everbright-"
            "valve.cn) by relay.everbright-valve.cn (Postfix) with ESMTPSA id 1",
            ip="80.156.8.8",
            by="relay.everbright-valve.cn",
        ),
    )
    verdicts = walk(msg, CTX)
    assert verdicts[1].role == SUBMISSION
    got = values(msg)
    assert got["origin.client_ip"] == "80.156.8.8"
    assert got["origin.freemail_server"] is False  # our own server, not a provider


EML = (
    b"Received: from mx.everbright-valve.cn (mx.everbright-valve.cn [122.228.10.5])\r\n"
    b"\tby imap.everbright-valve.cn with LMTP id 9; Mon, 10 Mar 2025 16:00:03 +0800\r\n"
    b"Received: from mail.mueller-armaturen.de (mail.mueller-armaturen.de [80.156.1.2])\r\n"
    b"\tby mx.everbright-valve.cn (Postfix) with ESMTPS id 4F2;\r\n"
    b"\tMon, 10 Mar 2025 16:00:01 +0800 (CST)\r\n"
    b"From: Hans Mueller <h.mueller@mueller-armaturen.de>\r\n"
    b"To: sales@everbright-valve.cn\r\n"
    b"Subject: Inquiry gate valve EB-GV-PN16\r\n"
    b"Date: Mon, 10 Mar 2025 09:00:00 +0100\r\n"
    b"Message-ID: <abc@mueller-armaturen.de>\r\n"
    b"\r\n"
    b"Please quote 200 pcs EB-GV-PN16.\r\n"
)


def test_parsed_eml_end_to_end() -> None:
    got = values(parse_message(EML))
    assert got["origin.ip"] == "80.156.1.2"
    assert got["origin.country"] == "DE"
    assert got["origin.trusted_hop"] == 1


_raw_text = st.text(
    alphabet=st.sampled_from(list("from by with ([])::.;0123456789abcdefHELOESMTPSA=\"'$%-")),
    max_size=120,
)


@settings(max_examples=300)
@given(st.lists(_raw_text, max_size=6), st.lists(st.sampled_from(
    ["1.2.3.4", "10.0.0.1", "::1", "fe80::1%3", "junk", "2603:10a6::1", "", "[41.58.1.1]"]
), max_size=6))  # fmt: skip
def test_walk_never_crashes(raws: list[str], ips: list[str]) -> None:
    hops = [hop(r, ip=(ips[i] if i < len(ips) else None)) for i, r in enumerate(raws)]
    msg = message(*hops, headers={"x-originating-ip": tuple(ips)})
    findings = analyze(msg, CTX, {})
    assert findings["origin.hops"].value == len(hops)
    assert len(walk(msg, CTX)) == len(hops)


@pytest.mark.parametrize(
    ("rdns", "ip", "home"),
    [
        ("c-24-22-2-133.hsd1.or.comcast.net", "24.22.2.133", True),
        ("adsl-216-103-211-240.dsl.snfc21.pacbell.net", "216.103.211.240", True),
        ("host196-114.pool8172.interbusiness.it", "81.72.114.196", True),
        ("mail.mueller-armaturen.de", "80.156.1.2", False),
        (None, "80.156.1.2", False),  # no name proves nothing: many servers write none
    ],
)
def test_home_connection(rdns: str | None, ip: str, home: bool) -> None:
    shown = rdns or "unknown"
    raw = f"from helo.example ({shown} [{ip}]) by mx.everbright-valve.cn (Postfix) with SMTP"
    msg = message(MX_HOP, hop(raw, ip=ip, rdns=rdns, helo="helo.example"))
    found = analyze(msg, CTX, {})
    assert found["origin.home_connection"].value is home
    if home:
        assert rdns is not None and rdns in found["origin.home_connection"].evidence


def test_verdicts_keep_the_looked_up_name_and_not_the_senders_claims() -> None:
    raw = "from helo.example (C-24-22-2-133.hsd1.or.comcast.net. [24.22.2.133]) by mx (Postfix)"
    below = "from mail.paypal.com (mail.paypal.com [64.4.241.33]) by helo.example"
    msg = message(
        MX_HOP,
        hop(raw, ip="24.22.2.133", rdns="C-24-22-2-133.hsd1.or.comcast.net.", helo="helo.example"),
        hop(below, ip="64.4.241.33", rdns="mail.paypal.com"),
    )
    verdicts = walk(msg, CTX)
    assert [v.index for v in verdicts] == [h.index for h in msg.received]
    assert verdicts[1].role == ORIGIN
    assert verdicts[1].rdns == "c-24-22-2-133.hsd1.or.comcast.net"
    assert verdicts[2].role == BEYOND and verdicts[2].rdns is None


def _first_hop(raw: str) -> ParsedMessage:
    return parse_message(f"Received: {raw}\r\nFrom: li@126.com\r\n\r\nhi\r\n".encode())


def test_a_mail_server_named_webmail_is_no_webmail_front_end() -> None:
    # Our own MX may be called webmail.…: receiving "with ESMTP" it is a mail server.
    got = values(
        _first_hop(
            "from mail.evil.example (mail.evil.example [41.58.12.34]) by "
            "webmail.everbright-valve.cn (Postfix) with ESMTP id 1; Mon, 10 Mar 2025 16:00:01 +0800"
        )
    )
    assert got["origin.ip"] == "41.58.12.34"


def test_exims_verified_name_comes_first() -> None:
    # Exim: "from NAME ([ip]:port)" with a verified reverse name, "helo=" when HELO differs.
    exim = _first_hop(
        "from m15-111.126.com ([220.181.15.111]:41234) by mx.ourco.com with esmtp (Exim 4.96) "
        "id 1; Mon, 10 Mar 2025 16:00:01 +0800"
    )
    assert values(exim)["origin.provider"] == "netease"
    home = _first_hop(
        "from c-24-22-2-133.hsd1.or.comcast.net ([24.22.2.133] helo=pc) by mx.ourco.com with "
        "esmtp (Exim 4.96) id 1; Mon, 10 Mar 2025 16:00:01 +0800"
    )
    assert values(home)["origin.home_connection"] is True


def test_a_reverse_name_sendmail_calls_forged_is_not_believed() -> None:
    forged = _first_hop(
        "from x (mail-sor-f41.google.com [41.58.12.34] (may be forged)) by mx.ourco.com "
        "(8.15.2/8.15.2) with ESMTP id 1; Mon, 10 Mar 2025 16:00:01 +0800"
    )
    got = values(forged)
    assert got["origin.provider"] is None and got["origin.freemail_server"] is False
    assert got["origin.ip"] == "41.58.12.34"


def _parsed(headers: str) -> ParsedMessage:
    raw = headers.strip("\n").replace("\n", "\r\n") + "\r\nFrom: a@b.example\r\n\r\nhi\r\n"
    return parse_message(raw.encode())


def test_a_helo_address_literal_on_our_exchange_is_not_the_origin() -> None:
    # Exchange writes "from [HELO literal] (the IP it saw)": the literal is the sender's word,
    # and a private one must not keep the chain trusted down to a forged Gmail line.
    msg = _parsed(
        "Received: from [192.168.1.5] (41.58.77.9) by mail.everbright-valve.cn (10.0.0.2) with "
        "Microsoft SMTP Server id 15.1.2507.6; Mon, 10 Mar 2025 01:00:00 +0000\n"
        "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
        "mx.google.com with SMTPS id x; Mon, 10 Mar 2025 01:00:00 +0000"
    )
    got = values(msg)
    assert got["origin.ip"] == "41.58.77.9" and got["origin.country"] == "NG"
    assert got["origin.provider"] is None
    assert [v.role for v in walk(msg, CTX)] == [ORIGIN, BEYOND]


def test_a_sendmail_helo_without_a_reverse_name_is_not_believed() -> None:
    # Sendmail writes "from HELO ([ip])" when the IP has no PTR: the name is the sender's.
    got = values(
        _first_hop(
            "from mail-sor-f41.google.com ([41.58.77.9]) by mx.everbright-valve.cn "
            "(8.15.2/8.15.2) with ESMTP id 4AB1x2; Mon, 10 Mar 2025 01:00:00 +0100"
        )
    )
    assert got["origin.provider"] is None and got["origin.freemail_server"] is False
    assert got["origin.ip"] == "41.58.77.9" and got["origin.country"] == "NG"
    assert got["origin.helo_forged"] is True


def test_hops_below_a_providers_http_submission_are_the_senders_own() -> None:
    # Gmail API: no IP, "with HTTPREST". A Received line below it is in the uploaded message.
    msg = _parsed(
        "Received: from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
        "mx.everbright-valve.cn (Postfix) with ESMTPS id 1; Mon, 10 Mar 2025 09:00:00 +0800\n"
        "Received: from 853794601432 named unknown by gmailapi.google.com with HTTPREST; "
        "Mon, 10 Mar 2025 01:00:00 +0000\n"
        "Received: from kessler-pc (p5b0a1c2d.dip0.t-ipconnect.de [80.156.1.2]) by "
        "smtp.gmail.com with ESMTPSA id x; Mon, 10 Mar 2025 02:00:00 +0100"
    )
    verdicts = walk(msg, CTX)
    assert [v.role for v in verdicts] == [RELAY, SUBMISSION, BEYOND]
    assert verdicts[1].reason == "webmail (HTTP)" and verdicts[1].provider == "google"
    got = values(msg)
    assert got["origin.provider"] == "google" and got["origin.client_ip"] is None
    assert got["origin.country"] is None
    assert got["origin.trusted_hop"] == 1


def test_with_in_a_tls_comment_does_not_make_our_mx_a_webmail_front_end() -> None:
    got = values(
        _first_hop(
            "from mail.kessler.de (mail.kessler.de [80.156.1.2]) (using TLSv1.3 with cipher "
            "TLS_AES_256_GCM_SHA384 (256/256 bits) key-exchange X25519) (No client certificate "
            "requested) by webmail.everbright-valve.cn (Postfix) with ESMTPS id 4Z1; "
            "Mon, 10 Mar 2025 09:00:00 +0800"
        )
    )
    assert got["origin.ip"] == "80.156.1.2" and got["origin.client_ip"] is None


def test_a_stored_hop_with_the_cipher_as_protocol_is_no_webmail_front_end() -> None:
    # Stores parsed before "with" was looked for after "by" hold protocol "CIPHER".
    raw = (
        "from mail.kessler.de (mail.kessler.de [80.156.1.2]) (using TLSv1.3 with cipher "
        "TLS_AES_256_GCM_SHA384 (256/256 bits)) by webmail.everbright-valve.cn (Postfix) "
        "with ESMTPS id 4Z1"
    )
    msg = message(hop(raw, ip="80.156.1.2", rdns="mail.kessler.de", protocol="CIPHER"))
    assert values(msg)["origin.ip"] == "80.156.1.2"


GMAIL_HOP = hop(
    "from mail-sor-f41.google.com (mail-sor-f41.google.com. [209.85.220.41]) by "
    "mx.everbright-valve.cn (Postfix) with ESMTPS id 1; Mon, 10 Mar 2025 09:00:00 +0800",
    ip="209.85.220.41",
    rdns="mail-sor-f41.google.com",
)


def test_x_originating_ip_via_gmail_is_the_senders_word() -> None:
    # Gmail never adds X-Originating-IP: one in a Gmail message was written by the sender.
    msg = message(
        GMAIL_HOP,
        hop("by 2002:a05:6a10:1234:0:0:0:0 with HTTP; Mon, 10 Mar 2025 01:00:00 -0700"),
        headers={"x-originating-ip": ("[80.156.1.2]",)},
    )
    got = values(msg)
    assert got["origin.provider"] == "google"
    assert got["origin.client_ip"] is None and got["origin.country"] is None


@pytest.mark.parametrize(
    ("rdns", "ip", "provider"),
    [
        ("m16-25.163.com", "220.181.16.25", "netease"),
        ("out203-205-221-240.mail.qq.com", "203.205.221.240", "tencent"),
        ("mail-am6eur05on2101.outbound.protection.outlook.com", "40.107.22.101", "microsoft"),
    ],
)
def test_x_originating_ip_of_providers_that_write_it(rdns: str, ip: str, provider: str) -> None:
    raw = f"from {rdns} ({rdns} [{ip}]) by mx.everbright-valve.cn (Postfix) with ESMTPS id 1"
    msg = message(hop(raw, ip=ip, rdns=rdns), headers={"x-originating-ip": ("[223.104.3.5]",)})
    got = values(msg)
    assert got["origin.provider"] == provider
    assert got["origin.client_ip"] == "223.104.3.5" and got["origin.country"] == "CN"


# Authentication-Results: which to believe (authresults, a helper of phishing and domain).

OUR_AR_FAILS = (
    "mx.everbright-valve.cn; spf=fail smtp.mailfrom=paypal.com; dkim=fail header.d=paypal.com; "
    "dmarc=fail header.from=paypal.com"
)
FORGED_AR_PASSES = (
    "mx.everbright-valve.cn; spf=pass smtp.mailfrom=paypal.com; dkim=pass header.d=paypal.com; "
    "dmarc=pass header.from=paypal.com"
)


def test_a_forged_result_in_our_name_below_ours_is_not_believed() -> None:
    from tradetriage.signals.authresults import auth_failures, failures_for, vouched_for

    msg = _parsed(
        f"Authentication-Results: {OUR_AR_FAILS}\n"
        "Received: from evil.ru (evil.ru [41.58.77.9]) by mx.everbright-valve.cn (Postfix) "
        "with ESMTP id 1; Mon, 10 Mar 2025 09:00:00 +0800\n"
        f"Authentication-Results: {FORGED_AR_PASSES}"
    )
    assert auth_failures(msg.extra_headers, CTX) == ("spf=fail", "dkim=fail", "dmarc=fail")
    assert failures_for(msg.extra_headers, CTX, "paypal.com") == ("spf=fail", "dmarc=fail")
    assert vouched_for(msg, CTX, "paypal.com", "41.58.77.9") is False


def test_a_forged_pass_cannot_replace_our_none() -> None:
    from tradetriage.signals.authresults import vouched_for

    msg = _parsed(
        "Authentication-Results: mx.everbright-valve.cn; spf=softfail smtp.mailfrom=evil.ru; "
        "dkim=none; dmarc=none\n"
        "Received: from evil.ru (evil.ru [41.58.77.9]) by mx.everbright-valve.cn (Postfix) "
        "with ESMTP id 1; Mon, 10 Mar 2025 09:00:00 +0800\n"
        "Authentication-Results: mx.everbright-valve.cn; dkim=pass header.d=paypal.com; "
        "dmarc=pass header.from=paypal.com"
    )
    assert vouched_for(msg, CTX, "paypal.com", "41.58.77.9") is False


def test_our_results_split_over_one_header_per_check_are_all_read() -> None:
    # OpenDKIM, OpenDMARC and an SPF policy daemon each add their own header in our MX's name.
    from tradetriage.signals.authresults import auth_failures, vouched_for

    msg = _parsed(
        "Authentication-Results: mx.everbright-valve.cn; dmarc=fail header.from=paypal.com\n"
        "Authentication-Results: mx.everbright-valve.cn; spf=pass smtp.mailfrom=evil.ru\n"
        "Authentication-Results: mx.everbright-valve.cn; dkim=pass header.d=evil.ru; "
        "dkim=fail header.d=paypal.com\n"
        "Received: from evil.ru (evil.ru [41.58.77.9]) by mx.everbright-valve.cn (Postfix) "
        "with ESMTP id 1; Mon, 10 Mar 2025 09:00:00 +0800"
    )
    assert auth_failures(msg.extra_headers, CTX) == ("dmarc=fail",)
    assert vouched_for(msg, CTX, "evil.ru", "41.58.77.9") is True
    assert vouched_for(msg, CTX, "paypal.com", "41.58.77.9") is False


def test_a_security_gateway_is_walked_past_to_the_companys_own_server() -> None:
    # Mimecast relays the buyer's outbound mail: its UK server is not where the buyer sits.
    gateway = hop(
        "from us-smtp-delivery-1.mimecast.com (us-smtp-delivery-1.mimecast.com "
        "[205.139.110.61]) by mx.everbright-valve.cn (Postfix) with ESMTPS id 1",
        ip="205.139.110.61",
        rdns="us-smtp-delivery-1.mimecast.com",
    )
    company = hop(
        "from mail.rheinarmatur.de (mail.rheinarmatur.de [80.156.1.2]) by "
        "us-smtp-1.mimecast.com with ESMTPS id 2",
        ip="80.156.1.2",
        rdns="mail.rheinarmatur.de",
    )
    got = values(message(MX_HOP, gateway, company))
    assert (got["origin.ip"], got["origin.country"]) == ("80.156.1.2", "DE")
    alone = values(message(MX_HOP, gateway))
    assert alone["origin.provider"] == "mimecast" and alone["origin.country"] is None
