"""Per-message grading into the store: row round trip, context, grades, hits and regrading."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tradetriage.config import CompanyConfig, Config, GradingConfig, Product
from tradetriage.grading.context import build_context, our_correspondence, split_relays
from tradetriage.grading.messages import grade_messages
from tradetriage.mail.parse import parse_message
from tradetriage.mail.records import Address, Attachment, Hop, Link, ParsedMessage
from tradetriage.rules import compile_rules, load_rules, load_rules_text
from tradetriage.signals import all_specs
from tradetriage.signals.base import Context
from tradetriage.store.db import Store, message_row, prepare
from tradetriage.store.reading import COLUMNS, load_message, row_to_message

NOW = datetime(2025, 3, 4, 8, 0, tzinfo=UTC)

INQUIRY = """\
Received: from mail.mueller-armaturen.de (mail.mueller-armaturen.de [80.156.1.2])
 by mx.everbright-valve.cn with ESMTPS; Tue, 04 Mar 2025 16:10:00 +0800
From: Hans Mueller <h.mueller@mueller-armaturen.de>
To: sales@everbright-valve.cn
Subject: RFQ EB-BV316-DN25 ball valves
Date: Tue, 04 Mar 2025 09:10:00 +0100
Message-ID: <rfq-1@mueller-armaturen.de>
Content-Type: text/plain; charset=utf-8

Dear Lily,

please quote 500 pcs EB-BV316-DN25 stainless steel ball valve, PN40, CF8M,
FOB Ningbo, delivery within 30 days.

Best regards
Hans Mueller
Purchasing Manager
Mueller Armaturen GmbH
Industriestr. 12, 70565 Stuttgart, Germany
Tel: +49 711 1234567
www.mueller-armaturen.de
"""

SCAM = """\
Received: from [41.58.1.2] by mail.gmail.com with HTTP; Tue, 04 Mar 2025 03:10:00 +0000
From: "Barrister James Williams" <jameswilliams8812@gmail.com>
Reply-To: jwilliams.chambers@yahoo.com
To: sales@everbright-valve.cn
Subject: URGENT BUSINESS PROPOSAL
Date: Tue, 04 Mar 2025 03:10:00 +0000
Message-ID: <scam-1@gmail.com>
Content-Type: text/plain; charset=utf-8

Dear Friend,

I am Barrister James Williams, personal attorney to the late engineer who died with his
family, leaving a deposit of US$15,500,000.00 (Fifteen Million Five Hundred Thousand United
States Dollars) in a bank here. As next of kin you will receive 40% of the inheritance fund.
This transaction is 100% risk free; keep it strictly confidential. Reply urgently with your
full name, telephone and bank account details.
"""

OUR_REPLY = """\
From: Lily Chen <lily@everbright-valve.cn>
To: Hans Mueller <h.mueller@mueller-armaturen.de>
Cc: Tom Wang <tom@everbright-valve.cn>, buyer@gmail.com
Subject: Re: RFQ EB-BV316-DN25 ball valves
Date: Tue, 04 Mar 2025 17:00:00 +0800
Message-ID: <reply-1@everbright-valve.cn>
In-Reply-To: <rfq-1@mueller-armaturen.de>
Content-Type: text/plain; charset=utf-8

Dear Hans, 您好! Please find our quotation: URGENT, pay first, new bank account details below.
"""


def everbright() -> Config:
    return Config(
        company=CompanyConfig(
            name="Ningbo Everbright Valve Co., Ltd.",
            domain="everbright-valve.cn",
            website="https://www.everbright-valve.cn",
            products=[
                Product(
                    name="Stainless steel ball valve",
                    models=["EB-BV316-DN25"],
                    keywords=["ball valve", "球阀"],
                )
            ],
        ),
        grading=GradingConfig(trusted_relays=["122.228.10.0/24", "*.everbright-valve.cn"]),
    )


def store_with(tmp_path: Path, *messages: str) -> Store:
    store = Store.open(tmp_path / "store.db")
    with store.transaction() as conn:
        for text in messages:
            raw = text.replace("\n", "\r\n").encode("utf-8")
            assert store.add_imported(conn, prepare(parse_message(raw), raw, "import:test"))
    return store


def grades(store: Store) -> dict[str, tuple[float, list[str], str]]:
    rows = store.conn.execute(
        "SELECT m.message_id, g.score, g.flags, g.rules_hash FROM messages m "
        "JOIN message_grades g ON g.message = m.id"
    )
    return {mid: (score, json.loads(flags), digest) for mid, score, flags, digest in rows}


def test_migration_creates_grade_tables(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master")}
    assert {"message_grades", "hits", "hits_message"} <= tables
    # Dropped by the ninth migration: see test_the_rule_id_index_is_dropped.
    assert "hits_rule_id" not in tables


def test_stored_row_reads_back_as_the_parsed_message(tmp_path: Path) -> None:
    raw = INQUIRY.replace("\n", "\r\n").encode()
    parsed = parse_message(raw)
    with store_with(tmp_path, INQUIRY) as store:
        back = load_message(store.conn, 1)
    assert back == parsed
    assert back is not None and back.date is not None
    assert back.date.utcoffset() is not None and back.date.hour == 9  # sender's local time


def test_load_message_of_unknown_id_is_none(tmp_path: Path) -> None:
    with store_with(tmp_path) as store:
        assert load_message(store.conn, 42) is None


_text = st.text(st.characters(codec="utf-8"), max_size=40)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    subject=_text,
    body=_text,
    name=_text,
    offset=st.one_of(st.none(), st.integers(-720, 840)),
    links=st.lists(st.builds(Link, _text, _text), max_size=3),
    headers=st.dictionaries(
        st.sampled_from(["received-spf", "x-mailer", "list-id"]),
        st.lists(_text, max_size=2).map(tuple),
    ),
)
def test_row_round_trip_keeps_every_field(
    subject: str,
    body: str,
    name: str,
    offset: int | None,
    links: list[Link],
    headers: dict[str, tuple[str, ...]],
) -> None:
    date = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC) if offset is not None else None
    msg = ParsedMessage(
        message_id="<a@b>",
        in_reply_to=None,
        references=("<x@y>",),
        from_=(Address(name, "a@b.cn"),),
        to=(Address("收件人", "c@d.de"),),
        cc=(),
        reply_to=(Address("", "e@f.com"),),
        subject=subject,
        date=date,
        date_offset_minutes=offset,
        date_raw="raw date",
        body_text=body,
        attachments=(Attachment("报价.pdf", "application/pdf", 1234),),
        received=(Hop(0, "helo", None, "1.2.3.4", "mx", "ESMTP", date, "from helo"),),
        links=tuple(links),
        extra_headers=headers,
        size=10,
        sha256="ab" * 32,
        parse_errors=("bad charset",),
    )
    row = message_row(msg, b"0123456789", "test")
    back = row_to_message((7, *(row[c] for c in COLUMNS[1:])))
    assert back == msg


def test_context_from_config_and_store(tmp_path: Path) -> None:
    with store_with(tmp_path, INQUIRY, OUR_REPLY) as store:
        ctx = build_context(everbright(), store, NOW)
    assert ctx.our_domains == frozenset({"everbright-valve.cn"})
    # we wrote to mueller-armaturen.de; gmail.com (free mail) and our own domain do not count
    assert ctx.known_domains == frozenset({"mueller-armaturen.de"})
    assert ctx.our_names == frozenset({"lily chen"})  # how we sign: From our domain
    assert ctx.trusted_networks == ("122.228.10.0/24",)
    assert ctx.trusted_hosts == ("*.everbright-valve.cn",)
    assert ctx.catalogue[0].models == ("EB-BV316-DN25",)
    assert ctx.now == NOW


def test_split_relays_accepts_bare_ips_and_ignores_blanks() -> None:
    assert split_relays(["122.228.10.5", " ", "MX.Example.COM"]) == (
        ("122.228.10.5/32",),
        ("mx.example.com",),
    )


def test_split_relays_ranges_and_patterns() -> None:
    networks, hosts = split_relays(["203.0.113.0/24", " *.mail.example.com ", "2001:db8::/32", ""])
    assert networks == ("203.0.113.0/24", "2001:db8::/32")
    assert hosts == ("*.mail.example.com",)


def test_our_correspondence_is_empty_without_our_domain(tmp_path: Path) -> None:
    with store_with(tmp_path, OUR_REPLY) as store:
        known, names, people = our_correspondence(store.conn, frozenset())
        assert known == frozenset()
        assert names == frozenset()
        assert people == {}


def test_our_correspondence_knows_the_people_we_wrote_to_by_name(tmp_path: Path) -> None:
    with store_with(tmp_path, OUR_REPLY) as store:
        found = our_correspondence(store.conn, frozenset({"everbright-valve.cn"}))
    assert found.known_people == {"hans mueller": frozenset({"mueller-armaturen.de"})}
    assert found.our_names == {"lily chen"}  # our colleague Tom is ours, not a known person


SPOOF = """\
Received: from mail.lagosfreight-ng.com (unknown [41.58.12.34])
 by mx.everbright-valve.cn with ESMTP; Tue, 04 Mar 2025 09:11:58 +0800
Authentication-Results: mx.everbright-valve.cn; spf=fail smtp.mailfrom=everbright-valve.cn;
 dmarc=fail header.from=everbright-valve.cn
From: Lily Chen <lily@everbright-valve.cn>
To: finance@everbright-valve.cn
Cc: billing@paypa1-secure.com
Subject: Urgent: supplier payment today
Date: Tue, 04 Mar 2025 02:11:50 +0100
Message-ID: <spoof-1@lagosfreight-ng.com>
Content-Type: text/plain; charset=utf-8

Please pay the supplier today, to the new bank account below.
"""


def test_our_correspondence_leaves_out_mail_graded_as_a_spoof(tmp_path: Path) -> None:
    with store_with(tmp_path, OUR_REPLY, SPOOF) as store:
        ours = frozenset({"everbright-valve.cn"})
        before = our_correspondence(store.conn, ours).known_domains
        grade_messages(store, compile_rules(load_rules()), build_context(everbright(), store, NOW))
        after = our_correspondence(store.conn, ours).known_domains
        flags = grades(store)["spoof-1@lagosfreight-ng.com"][1]
    assert before == {"mueller-armaturen.de", "paypa1-secure.com"}  # not graded yet
    assert after == {"mueller-armaturen.de"}
    assert "phishing" in flags


LOOKALIKE = """\
Received: from mail.mueller-armatruen.de (mail.mueller-armatruen.de [85.214.132.117])
 by mx.everbright-valve.cn with ESMTPS; Tue, 04 Mar 2025 16:13:09 +0800
Authentication-Results: mx.everbright-valve.cn; spf=pass smtp.mailfrom=mueller-armatruen.de;
 dkim=pass header.d=mueller-armatruen.de; dmarc=pass header.from=mueller-armatruen.de
From: Hans Mueller <h.mueller@mueller-armatruen.de>
To: Lily Chen <lily@everbright-valve.cn>
Subject: Re: RFQ EB-BV316-DN25 ball valves
Date: Tue, 04 Mar 2025 09:12:44 +0100
Message-ID: <lookalike-1@mueller-armatruen.de>
Content-Type: text/plain; charset=utf-8

Dear Lily, please send the updated PI as PDF today.
"""


def test_a_spoof_in_our_name_makes_nothing_known_even_before_its_grade(tmp_path: Path) -> None:
    # The spoof Cc's the look-alike itself: were that domain "known", the look-alike check
    # would spare the mail from it, graded in the same run.
    spoof = SPOOF.replace("billing@paypa1-secure.com", "h.mueller@mueller-armatruen.de")
    with store_with(tmp_path, OUR_REPLY, spoof, LOOKALIKE) as store:
        ctx = build_context(everbright(), store, NOW)
        assert ctx.known_domains == {"mueller-armaturen.de"}
        grade_messages(store, compile_rules(load_rules()), ctx)
        assert "phishing" in grades(store)["lookalike-1@mueller-armatruen.de"][1]


def test_grading_flags_the_scam_not_the_buyer_and_never_our_mail(tmp_path: Path) -> None:
    rules = compile_rules(load_rules())
    with store_with(tmp_path, INQUIRY, SCAM, OUR_REPLY) as store:
        ctx = build_context(everbright(), store, NOW)
        summary = grade_messages(store, rules, ctx)
        graded = grades(store)
        hits = {r[0] for r in store.conn.execute("SELECT rule_id FROM hits")}
        query = "SELECT findings_json FROM message_grades WHERE message = 2"
        findings = json.loads(store.conn.execute(query).fetchone()[0])
    assert summary.graded == 3 and summary.unchanged == 0
    assert graded["scam-1@gmail.com"][1] == ["suspect-fraud"]
    assert graded["rfq-1@mueller-armaturen.de"][1] == []
    assert graded["rfq-1@mueller-armaturen.de"][0] < 0  # good signs outweigh
    assert graded["reply-1@everbright-valve.cn"][1] == []
    assert "FRAUD_ADVANCE_FEE" in hits and "NAMES_OUR_MODELS" in hits
    # Every signal with a value is kept; those without one (most) are left out.
    assert set(findings) <= set(all_specs())
    assert "domain.ours" not in findings  # False: not written
    assert findings["domain.freemail"] is True
    assert summary.flagged == {"suspect-fraud": 1}


def _with_zip(headers: str, text: str) -> str:
    zipped = "UEsDBAoAAAAAAHKZsjKdfF9qbnMAAG5zAAAJAAAAcXZwa2MucGlm"
    return (
        f"{headers}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b1\n\n"
        f"--b1\nContent-Type: text/plain; charset=utf-8\n\n{text}\n"
        "--b1\nContent-Type: application/octet-stream; name=files.zip\n"
        "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=files.zip"
        f"\n\n{zipped}\n--b1--\n"
    )


def test_an_account_threat_with_an_archive_is_phishing_a_buyers_archive_is_not(
    tmp_path: Path,
) -> None:
    # A mass-mailed worm: no link to judge, no brand, only the threat and the archive.
    worm = _with_zip(
        "Received: from [203.0.113.7] by mx.everbright-valve.cn with SMTP; "
        "Tue, 04 Mar 2025 03:10:00 +0000\nFrom: service@example.org\n"
        "To: sales@everbright-valve.cn\nSubject: Security measures\n"
        "Date: Tue, 04 Mar 2025 03:10:00 +0000\nMessage-ID: <worm-1@example.org>\n",
        "To safeguard your email account from possible termination, please follow the "
        "instructions in the attached file.",
    )
    drawings = _with_zip(
        INQUIRY.split("\n\n", 1)[0].replace("rfq-1@", "rfq-2@").replace("RFQ", "Drawings") + "\n",
        "Dear Lily, the drawings for the EB-BV316-DN25 order are in the attached archive.",
    )
    with store_with(tmp_path, worm, drawings) as store:
        grade_messages(store, compile_rules(load_rules()), build_context(everbright(), store, NOW))
        graded = grades(store)
    assert graded["worm-1@example.org"][1] == ["phishing"]
    assert graded["rfq-2@mueller-armaturen.de"][1] == []


def test_second_run_is_a_no_op_and_changed_rules_regrade(tmp_path: Path) -> None:
    text = Path(__file__).resolve().parent.parent.joinpath("rules.yaml").read_text("utf-8")
    first = compile_rules(load_rules_text(text))
    with store_with(tmp_path, INQUIRY, SCAM) as store:
        ctx = build_context(everbright(), store, NOW)
        grade_messages(store, first, ctx)
        hits_before = store.conn.execute("SELECT count(*) FROM hits").fetchone()[0]
        again = grade_messages(store, first, ctx)
        assert (again.graded, again.unchanged) == (0, 2)
        changed = compile_rules(
            load_rules_text(
                text,
                user_text=("version: 1\nrules:\n  - id: FRAUD_ADVANCE_FEE\n    enabled: false\n"),
            )
        )
        redo = grade_messages(store, changed, ctx)
        assert redo.graded == 2
        assert {d for _, _, d in grades(store).values()} == {changed.digest}
        ids = {r[0] for r in store.conn.execute("SELECT rule_id FROM hits")}
        assert "FRAUD_ADVANCE_FEE" not in ids
        # hits were replaced, not appended
        assert store.conn.execute("SELECT count(*) FROM hits").fetchone()[0] < hits_before
        everything = grade_messages(store, changed, ctx, only_new=False)
        assert everything.graded == 2


def test_new_messages_only_are_graded(tmp_path: Path) -> None:
    rules = compile_rules(load_rules())
    with store_with(tmp_path, INQUIRY) as store:
        ctx = build_context(everbright(), store, NOW)
        grade_messages(store, rules, ctx)
        raw = SCAM.replace("\n", "\r\n").encode()
        with store.transaction() as conn:
            store.add_imported(conn, prepare(parse_message(raw), raw, "import:test"))
        summary = grade_messages(store, rules, ctx)
    assert (summary.graded, summary.unchanged) == (1, 1)


@pytest.mark.parametrize("workers", [2])
def test_worker_processes_give_the_same_grades(tmp_path: Path, workers: int) -> None:
    import tradetriage.grading.messages as messages_module

    rules = compile_rules(load_rules())
    (tmp_path / "a").mkdir()
    odd = tmp_path / "b?x=1#c %41"  # what would end or change a file: URI unquoted
    odd.mkdir()
    many = [SCAM.replace("scam-1", f"scam-{i}") for i in range(20)] + [INQUIRY, OUR_REPLY]
    with store_with(tmp_path / "a", *many) as one, store_with(odd, *many) as two:
        ctx = build_context(everbright(), one, NOW)
        grade_messages(one, rules, ctx, workers=1)
        old = messages_module.POOL_THRESHOLD
        messages_module.POOL_THRESHOLD = 1
        try:
            grade_messages(two, rules, ctx, workers=workers, batch=8)
        finally:
            messages_module.POOL_THRESHOLD = old
        assert grades(one) == grades(two)


def test_migration_5_drops_placeholder_message_ids(tmp_path: Path) -> None:
    import sqlite3

    with store_with(tmp_path, INQUIRY, OUR_REPLY) as store:
        path = store.path
    with sqlite3.connect(path) as conn:
        ids = [i for (i,) in conn.execute("SELECT id FROM messages ORDER BY id")]
        conn.execute("UPDATE messages SET message_id = 'unknown' WHERE id = ?", (ids[0],))
        conn.execute("PRAGMA user_version = 4")
    with Store.open(path) as store:
        stored = dict(store.conn.execute("SELECT id, message_id FROM messages"))
    assert stored[ids[0]] is None
    assert stored[ids[1]] == "reply-1@everbright-valve.cn"


def test_migration_6_deletes_contacts_left_without_addresses(tmp_path: Path) -> None:
    import sqlite3

    with store_with(tmp_path, INQUIRY) as store:
        path = store.path
    with sqlite3.connect(path) as conn:
        kept = conn.execute("INSERT INTO contacts (level) VALUES (3)").lastrowid
        conn.execute(
            "INSERT INTO contact_addresses (addr, contact, bound_by, why) "
            "VALUES ('h.mueller@mueller-armaturen.de', ?, 'auto', 'sender')",
            (kept,),
        )
        empty = conn.execute("INSERT INTO contacts (level) VALUES (4)").lastrowid
        conn.execute("PRAGMA user_version = 5")
    with Store.open(path) as store:
        contacts = [i for (i,) in store.conn.execute("SELECT id FROM contacts")]
    assert contacts == [kept] and empty not in contacts


def test_migration_8_drops_the_unread_rules_hash_index_and_keeps_the_grades(
    tmp_path: Path,
) -> None:
    import sqlite3

    rules = compile_rules(load_rules())
    path, ctx = _graded_store_as_of(
        tmp_path, 7, "CREATE INDEX message_grades_rules_hash ON message_grades (rules_hash)"
    )
    with Store.open(path) as store:
        assert "message_grades_rules_hash" not in _names(store)
        assert store.conn.execute("SELECT count(*) FROM message_grades").fetchone()[0] == 2
        # Still incremental: nothing to grade again.
        assert grade_messages(store, rules, ctx).graded == 0
    # What grading asks of rules_hash reads the grades by rowid, never by that index.
    with sqlite3.connect(path) as conn:
        for query in (
            "SELECT m.id FROM messages m LEFT JOIN message_grades g ON g.message = m.id "
            "WHERE g.message IS NULL OR g.rules_hash != 'x' ORDER BY m.id",
            "SELECT 1 FROM message_grades WHERE folded = 0 OR rules_hash != 'x' LIMIT 1",
        ):
            plan = " ".join(str(row[-1]) for row in conn.execute(f"EXPLAIN QUERY PLAN {query}"))
            assert "rules_hash" not in plan


def test_the_rule_id_index_is_dropped_and_fired_counts_still_read(tmp_path: Path) -> None:
    import sqlite3

    from tradetriage.store.queries import rule_hit_counts

    path, _ = _graded_store_as_of(
        tmp_path, 8, "CREATE INDEX IF NOT EXISTS hits_rule_id ON hits (rule_id)"
    )
    # The fired counts as read through the index, before the migration drops it.
    with sqlite3.connect(path) as conn:
        query = "SELECT rule_id, count(*) FROM hits INDEXED BY hits_rule_id GROUP BY rule_id"
        before = dict(conn.execute(query).fetchall())
    with Store.open(path) as store:
        assert "hits_rule_id" not in _names(store)
        assert before and rule_hit_counts(store) == before


def _graded_store_as_of(tmp_path: Path, version: int, index: str) -> tuple[Path, Context]:
    """A store with two graded messages, made to look as a store of schema ``version`` with
    ``index`` (the next migration must drop it); and its grading context."""
    import sqlite3

    with store_with(tmp_path, INQUIRY, OUR_REPLY) as store:
        ctx = build_context(everbright(), store, NOW)
        grade_messages(store, compile_rules(load_rules()), ctx)
        path = store.path
    with sqlite3.connect(path) as conn:
        conn.execute(index)
        conn.execute(f"PRAGMA user_version = {version}")
    return path, ctx


def _names(store: Store) -> set[str]:
    return {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master")}


def test_a_replaced_geoip_file_changes_the_fingerprint(tmp_path: Path) -> None:
    from tradetriage.grading.run import rules_fingerprint

    path = tmp_path / "GeoLite2-City.mmdb"
    path.write_bytes(b"old database")
    config = everbright().model_copy(
        update={"grading": GradingConfig(geoip_db=path, trusted_relays=[])}
    )
    before = rules_fingerprint(config, "")
    assert rules_fingerprint(config, "") == before
    path.write_bytes(b"this week's database")  # geoipupdate: same name, new content
    assert rules_fingerprint(config, "") != before


IMPOSTOR = """\
Received: from mail-ej1-f41.google.com (mail-ej1-f41.google.com [209.85.218.41])
 by mx.everbright-valve.cn with ESMTPS; Wed, 05 Mar 2025 16:13:09 +0800
Authentication-Results: mx.everbright-valve.cn; spf=pass smtp.mailfrom=gmail.com;
 dkim=pass header.d=gmail.com; dmarc=pass header.from=gmail.com
From: Hans Mueller <hans.mueller.armaturen@gmail.com>
To: Lily Chen <lily@everbright-valve.cn>
Subject: Re: RFQ EB-BV316-DN25 ball valves
Date: Wed, 05 Mar 2025 09:12:44 +0100
Message-ID: <impostor-1@mail.gmail.com>
Content-Type: text/plain; charset=utf-8

Dear Lily, please send the proforma invoice for the 500 valves. Our accounts department
asks you to confirm the documents.

Best regards
Hans Mueller
"""


def test_a_known_name_from_a_new_domain_is_a_phishing_cue(tmp_path: Path) -> None:
    rules = compile_rules(load_rules())
    with store_with(tmp_path, OUR_REPLY, IMPOSTOR) as store:
        ctx = build_context(everbright(), store, NOW)
        grade_messages(store, rules, ctx)
        hits = {
            r[0]
            for r in store.conn.execute(
                "SELECT rule_id FROM hits h JOIN messages m ON m.id = h.message "
                "WHERE m.message_id = 'impostor-1@mail.gmail.com'"
            )
        }
        # Alone it is no flag (a customer's private Gmail looks the same)...
        assert "PHISH_KNOWN_NAME_ELSEWHERE" in hits
        assert grades(store)["impostor-1@mail.gmail.com"][1] == []
    # ... with a bank change it is, even from a domain of the impostor's own that passes every
    # check. (So is any bank change from a domain we never wrote to; the known name is a
    # reason of its own beside it.)
    changed = (
        IMPOSTOR.replace("gmail.com", "hm-procurement.com")
        .replace("hans.mueller.armaturen@", "hans@")
        .replace(
            "asks you to confirm the documents.",
            "asks you to note that our bank account has changed: pay to the new account below.",
        )
    )
    for name, known_name in (("Hans Mueller", True), ("Hans Weber", False)):
        mail = changed.replace("From: Hans Mueller", f"From: {name}")
        with store_with(tmp_path / name, OUR_REPLY, mail) as store:
            grade_messages(store, rules, build_context(everbright(), store, NOW))
            flags = grades(store)["impostor-1@mail.hm-procurement.com"][1]
            reasons = {r[0] for r in store.conn.execute("SELECT rule_id FROM hits")}
        assert "phishing" in flags, name
        assert ("PHISH_KNOWN_NAME_ELSEWHERE" in reasons) is known_name, name


def test_role_names_are_no_person() -> None:
    from tradetriage.signals.base import person_name

    for role in ("Customer Service", "Accounts Payable", "Sales Team", "No Reply", "销售部"):
        assert person_name(role) == "", role
    assert person_name(' "Hans  Becker" ') == "hans becker"
    assert person_name("陈丽") == "陈丽"
    for name in ("阿部 直樹", "服部健", "Jordi Sales"):  # 部 and Sales in real names
        assert person_name(name), name
