"""The order `grade --show` lists contacts in: what needs doing now first, warnings newest
first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tradetriage.cli.grade import HEADINGS, _waiting, _who
from tradetriage.grading.report import ContactView, _contact_rows
from tradetriage.store.db import Store

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _ago(days: float) -> str:
    return (NOW - timedelta(days=days)).isoformat()


def _store(tmp_path: Path, contacts: list[dict[str, object]]) -> Store:
    store = Store.open(tmp_path / "store.db")
    with store.transaction() as tx:
        for contact in contacts:
            row = {"flags": "[]", "waiting_since": None, "due_at": None, **contact}
            columns = ", ".join(row)
            tx.execute(
                f"INSERT INTO contacts ({columns}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
    return store


def test_due_answers_and_touches_come_first_by_level_stale_ones_after(tmp_path: Path) -> None:
    store = _store(
        tmp_path,
        [
            # Level 4 waiting since yesterday: after every other level with something due.
            {"id": 1, "level": 4, "waiting_since": _ago(1), "due_at": _ago(-2)},
            # Level 2, we answered; its weekly touch is five days late: due now.
            {"id": 2, "level": 2, "due_at": _ago(5), "last_inbound": _ago(20)},
            # Level 2 whose touch is not due for three days: nothing to do yet.
            {"id": 3, "level": 2, "due_at": _ago(-3), "last_inbound": _ago(2)},
            # Level 3 unanswered since 2002 (an imported archive): after what is current.
            {"id": 4, "level": 3, "waiting_since": _ago(8000), "due_at": _ago(7999)},
            # Level 3 waiting since this morning.
            {"id": 5, "level": 3, "waiting_since": _ago(0.1), "due_at": _ago(-0.9)},
            # Level 1, nothing due.
            {"id": 6, "level": 1, "last_inbound": _ago(3)},
        ],
    )
    rows = _contact_rows(store.conn, flagged=False, now=NOW)
    assert [row[0] for row in rows] == [2, 5, 1, 4, 6, 3]


def test_warnings_come_newest_first_and_a_limit_keeps_the_newest(tmp_path: Path) -> None:
    flagged = '["phishing"]'
    store = _store(
        tmp_path,
        [
            {"id": 1, "level": 3, "flags": flagged, "score": 9.0, "last_inbound": _ago(400)},
            {"id": 2, "level": 4, "flags": flagged, "score": 28.0, "last_inbound": _ago(1)},
            {"id": 3, "level": 4, "flags": flagged, "score": 6.0, "last_inbound": _ago(30)},
            {"id": 4, "level": 3, "score": 1.0, "last_inbound": _ago(1)},
        ],
    )
    rows = _contact_rows(store.conn, flagged=True, now=NOW)
    assert [row[0] for row in rows] == [2, 3, 1]
    assert [row[0] for row in _contact_rows(store.conn, flagged=True, now=NOW, limit=1)] == [2]


def _view(**fields: object) -> ContactView:
    base: dict[str, object] = {
        "id": 9, "name": "Klaus Weber", "addresses": ["k.weber@rheinarrnatur.de"], "level": 3,
        "pinned": False, "flags": [], "score": 1.0, "reasons": [], "last_inbound": None,
        "waiting_since": None, "due_at": None, "overdue": False,
    }  # fmt: skip
    return ContactView(**{**base, **fields})  # type: ignore[arg-type]


def test_a_flagged_contact_shows_its_real_address_beside_the_borrowed_name() -> None:
    assert _who(_view()) == "Klaus Weber"
    assert _who(_view(flags=["phishing"])) == "Klaus Weber <k.weber@rheinarrnatur.de>"
    # A name that is itself an address (someone else's) is no name: the address is shown.
    named = _view(name="j.vogel@hartmann-armaturen.de", addresses=["j.vogel@hartrnann.de"])
    assert _who(named) == "j.vogel@hartmann-armaturen.de <j.vogel@hartrnann.de>"


def test_the_waiting_column_says_how_long_they_waited_or_when_a_touch_is_due() -> None:
    en, zh = HEADINGS["en"], HEADINGS["zh"]
    waited = _view(waiting_since=_ago(1.5), overdue=True)
    assert _waiting(waited, NOW, en) == "[red]1d 12h ![/]"
    assert _waiting(waited, NOW, zh) == "[red]1天 12小时 ![/]"
    assert _waiting(_view(due_at=_ago(-2)), NOW, en) == "touch 2d 0h"
    assert _waiting(_view(due_at=_ago(5), overdue=True), NOW, en) == "[red]touch -5d 0h ![/]"
    assert _waiting(_view(), NOW, en) == "-"


def test_flags_are_listed_as_each_language_lists() -> None:
    from tradetriage.cli.grade import flag_text

    both = ["suspect-fraud", "phishing"]
    assert flag_text(both, HEADINGS["en"]) == "phishing, suspect-fraud"
    assert flag_text(both, HEADINGS["zh"]) == "钓鱼、疑似诈骗"


def test_a_flagged_contact_leads_with_the_address_that_sent_the_flagged_mail(
    tmp_path: Path,
) -> None:
    # A customer's contact holding an impostor's Gmail (bound by a copied signature phone):
    # the Gmail address is the one to show beside the name, not the customer's own.
    from tradetriage.grading.report import contacts_by_attention
    from tradetriage.rules.engine import compile_rules
    from tradetriage.rules.loader import load_rules

    store = _store(
        tmp_path,
        [{"id": 1, "level": 3, "name": "Klaus Weber", "flags": '["phishing"]', "score": 9.0}],
    )
    with store.transaction() as tx:
        for ident, addr, flags in (
            (1, "k.weber@rheinarmatur.de", "[]"),
            (2, "kweber.rhein@gmail.com", '["phishing"]'),
        ):
            tx.execute(
                "INSERT INTO contact_addresses (addr, contact, bound_by, why) "
                "VALUES (?, 1, 'auto', 'x')",
                (addr,),
            )
            tx.execute(
                "INSERT INTO messages (id, sha256, from_addr, date_utc, raw, size, added_at, "
                "source) VALUES (?, ?, ?, ?, x'00', 1, ?, 'test')",
                (ident, f"sha{ident}", addr, _ago(ident), _ago(0)),
            )
            tx.execute(
                "INSERT INTO message_grades (message, score, fraud_score, phishing_score, "
                "flags, findings_json, rules_hash, graded_at) VALUES (?, 0, 0, 0, ?, '{}', "
                "'h', ?)",
                (ident, flags, _ago(0)),
            )
    rules = compile_rules(load_rules())
    (view,) = contacts_by_attention(store, rules, "en", NOW, frozenset({"everbright-valve.cn"}))
    assert view.addresses == ["kweber.rhein@gmail.com", "k.weber@rheinarmatur.de"]
    assert _who(view) == "Klaus Weber <kweber.rhein@gmail.com> (+1)"
