"""Send-time signals: sender's local hour, night/weekend, Date offset vs IP country, clock skew."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import message
from tradetriage.mail.records import Hop, ParsedMessage
from tradetriage.signals.base import Context, Finding, Value
from tradetriage.signals.sendtime import analyze

CTX = Context(now=datetime(2025, 8, 1, tzinfo=UTC))


def dated(
    year: int,
    month: int,
    day: int,
    hour: int,
    minute: int,
    offset_minutes: int,
    *,
    raw_offset: str | None = None,
    hops: tuple[Hop, ...] = (),
) -> ParsedMessage:
    tz = timezone(timedelta(minutes=offset_minutes))
    date = datetime(year, month, day, hour, minute, tzinfo=tz)
    sign = "+" if offset_minutes >= 0 else "-"
    h, m = divmod(abs(offset_minutes), 60)
    raw = f"{date:%a, %d %b %Y %H:%M:%S} {raw_offset or f'{sign}{h:02d}{m:02d}'}"
    # As the parser gives it: "-0000" (with or without a comment) is no offset at all.
    unknown = raw_offset is not None and raw_offset.startswith("-0000")
    return _message(date, None if unknown else offset_minutes, raw, hops)


def _message(
    date: datetime | None, offset: int | None, raw: str | None, hops: tuple[Hop, ...] = ()
) -> ParsedMessage:
    return message(
        from_=(),
        to=(),
        subject="询价 球阀 EB-BV316-DN50",
        date=date,
        date_offset_minutes=offset,
        date_raw=raw,
        received=hops,
    )


def origin(**values: Value) -> dict[str, Finding]:
    return {f"origin.{k}": Finding(v) for k, v in values.items()}


def run(msg: ParsedMessage, found: dict[str, Finding]) -> dict[str, Value]:
    return {k: f.value for k, f in analyze(msg, CTX, found).items()}


def test_german_office_hours_fit() -> None:
    msg = dated(2025, 3, 10, 9, 15, 60)  # Monday, CET
    got = run(msg, origin(country="DE", timezone="Europe/Berlin"))
    assert got["sendtime.local_hour"] == 9
    assert got["sendtime.offset_mismatch"] is False
    assert got["sendtime.night"] is False
    assert got["sendtime.weekend"] is False
    assert got["sendtime.basis"] == "timezone"


def test_german_ip_with_china_offset_is_a_mismatch() -> None:
    msg = dated(2025, 3, 10, 16, 0, 480)  # 09:00 in Berlin
    findings = analyze(msg, CTX, origin(country="DE", timezone="Europe/Berlin"))
    assert findings["sendtime.offset_mismatch"].value is True
    assert "Germany IP, Date offset +0800" in findings["sendtime.offset_mismatch"].evidence
    assert findings["sendtime.local_hour"].value == 9


def test_dst_is_respected() -> None:
    summer_cest = dated(2025, 7, 8, 10, 0, 120)
    summer_cet = dated(2025, 7, 8, 10, 0, 60)
    found = origin(country="DE")
    assert run(summer_cest, found)["sendtime.offset_mismatch"] is False
    assert run(summer_cet, found)["sendtime.offset_mismatch"] is True


def test_multi_zone_country_picks_the_zone_that_fits() -> None:
    # A Los Angeles buyer in July writes -0700: fits the US, hour read in Pacific time.
    msg = dated(2025, 7, 8, 8, 30, -420)
    got = run(msg, origin(country="US"))
    assert got["sendtime.offset_mismatch"] is False
    assert got["sendtime.local_hour"] == 8
    assert got["sendtime.basis"] == "country"


def test_multi_zone_country_without_fit_uses_principal_zone() -> None:
    msg = dated(2025, 7, 8, 9, 0, 60)  # 08:00 UTC = 04:00 in New York
    got = run(msg, origin(country="US"))
    assert got["sendtime.offset_mismatch"] is True
    assert got["sendtime.local_hour"] == 4
    assert got["sendtime.night"] is True


def test_nigerian_ip_at_night() -> None:
    msg = dated(2025, 3, 11, 3, 10, 60)
    findings = analyze(msg, CTX, origin(country="NG", client_ip="105.112.1.2"))
    assert findings["sendtime.night"].value is True
    assert "03:10" in findings["sendtime.night"].evidence
    assert "Nigeria" in findings["sendtime.night"].evidence


def test_weekend_follows_the_country() -> None:
    friday = dated(2025, 3, 14, 11, 0, 180)
    sunday = dated(2025, 3, 16, 11, 0, 180)
    assert run(friday, origin(country="SA"))["sendtime.weekend"] is True
    assert run(sunday, origin(country="SA"))["sendtime.weekend"] is False
    assert run(dated(2025, 3, 16, 11, 0, 60), origin(country="DE"))["sendtime.weekend"] is True
    assert run(dated(2025, 3, 14, 11, 0, 60), origin(country="DE"))["sendtime.weekend"] is False


def test_without_a_country_the_date_headers_own_clock_is_used() -> None:
    # What origin gives when the only IP is Gmail's server (it says nothing of the sender).
    msg = dated(2025, 3, 10, 10, 0, 480)
    got = run(msg, origin(country=None, freemail_server=True, client_ip=None))
    assert got["sendtime.basis"] == "date"
    assert got["sendtime.local_hour"] == 10
    assert got["sendtime.offset_mismatch"] is False


def test_provider_with_client_ip_uses_client_country() -> None:
    msg = dated(2025, 3, 10, 10, 0, 480)
    got = run(msg, origin(country="NG", freemail_server=True, client_ip="105.112.1.2"))
    assert got["sendtime.basis"] == "country"
    assert got["sendtime.offset_mismatch"] is True
    assert got["sendtime.local_hour"] == 3


def test_unknown_offset_minus_zero_is_not_a_mismatch() -> None:
    msg = dated(2025, 3, 10, 8, 0, 0, raw_offset="-0000")
    assert run(msg, origin(country="DE"))["sendtime.offset_mismatch"] is False
    plus_zero = dated(2025, 3, 10, 8, 0, 0)
    assert run(plus_zero, origin(country="DE"))["sendtime.offset_mismatch"] is True
    assert run(plus_zero, origin(country="GB"))["sendtime.offset_mismatch"] is False
    commented = dated(2025, 3, 10, 8, 0, 0, raw_offset="-0000 (UTC)")
    assert run(commented, origin(country="CN"))["sendtime.offset_mismatch"] is False


@pytest.mark.parametrize(
    ("when", "offset", "country"),
    [
        # Berlin went to +0200 at 01:00 UTC that day; 03:30 +0200 is 01:30 UTC.
        ((2025, 3, 30, 3, 30), 120, "DE"),
        # Auckland went back to +1200 at 14:00 UTC on 5 April; 10:00 +1200 is 22:00 UTC.
        ((2025, 4, 6, 10, 0), 720, "NZ"),
    ],
)
def test_offsets_right_after_a_daylight_saving_change_fit(
    when: tuple[int, int, int, int, int], offset: int, country: str
) -> None:
    got = run(dated(*when, offset), origin(country=country))
    assert got["sendtime.offset_mismatch"] is False, got["sendtime.offset_mismatch"]


def test_no_origin_findings_uses_date_offset() -> None:
    got = run(dated(2025, 3, 10, 2, 0, 330), {})
    assert got["sendtime.local_hour"] == 2
    assert got["sendtime.night"] is True
    assert got["sendtime.basis"] == "date"


def test_missing_date() -> None:
    got = run(_message(None, None, None), origin(country="DE"))
    assert got["sendtime.date_missing"] is True
    assert got["sendtime.local_hour"] is None
    assert got["sendtime.offset_mismatch"] is False


def _hop(index: int, when: datetime | None) -> Hop:
    return Hop(index, None, None, None, "mx.everbright-valve.cn", "ESMTP", when, "from x by y")


def test_date_skew_from_deepest_trusted_hop() -> None:
    shanghai = timezone(timedelta(hours=8))
    hops = (
        _hop(0, datetime(2025, 3, 10, 18, 0, 5, tzinfo=shanghai)),
        _hop(1, datetime(2025, 3, 10, 18, 0, 1, tzinfo=shanghai)),
        _hop(2, datetime(2025, 3, 1, 0, 0, tzinfo=UTC)),  # below the origin: not believed
    )
    # Date claims 00:00 UTC; our MX received it at 10:00 UTC, ten hours later.
    msg = dated(2025, 3, 10, 0, 0, 0, hops=hops)
    got = run(msg, origin(trusted_hop=1))
    assert got["sendtime.date_skew_hours"] == 10.0
    future = dated(2025, 3, 11, 4, 0, 0, hops=hops)
    assert run(future, origin(trusted_hop=1))["sendtime.date_skew_hours"] == -18.0


def test_date_skew_walks_up_to_a_dated_hop() -> None:
    hops = (_hop(0, datetime(2025, 3, 10, 9, 30, tzinfo=UTC)), _hop(1, None))
    msg = dated(2025, 3, 10, 9, 0, 0, hops=hops)
    assert run(msg, origin(trusted_hop=1))["sendtime.date_skew_hours"] == 0.5
    assert run(msg, origin(trusted_hop=None))["sendtime.date_skew_hours"] is None
    assert run(msg, {})["sendtime.date_skew_hours"] is None


@given(
    st.datetimes(
        min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
    ),
    st.integers(min_value=-14 * 60, max_value=14 * 60),
    st.sampled_from(["DE", "US", "RU", "CN", "NG", "XX", "", "AU", "IN", "NP"]),
    st.sampled_from([None, "Europe/Berlin", "Nowhere/Zone", "Asia/Kolkata"]),
    st.booleans(),
)
def test_never_crashes(
    when: datetime, offset: int, cc: str, zone: str | None, freemail: bool
) -> None:
    local = when.astimezone(timezone(timedelta(minutes=offset)))
    msg = _message(local, offset, f"{local:%a, %d %b %Y %H:%M:%S %z}")
    got = run(msg, origin(country=cc or None, timezone=zone, freemail_server=freemail))
    hour = got["sendtime.local_hour"]
    assert isinstance(hour, int) and 0 <= hour <= 23
    assert got["sendtime.night"] is (hour < 6)


@pytest.mark.parametrize(
    "when",
    [
        datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        datetime(9999, 12, 31, 10, 0, tzinfo=timezone(timedelta(hours=-10))),
        datetime(1, 1, 1, 2, 0, tzinfo=UTC),
    ],
)
@pytest.mark.parametrize("zone", [None, "Asia/Shanghai"])
def test_a_stored_date_at_the_end_of_the_calendar_is_no_usable_date(
    when: datetime, zone: str | None
) -> None:
    # Stores parsed before the parser refused such dates still hold them.
    offset = int(when.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    msg = _message(when, offset, f"{when:%d %b %Y %H:%M:%S %z}")
    got = run(msg, origin(country="CN", timezone=zone))
    assert got["sendtime.date_missing"] is True
    assert got["sendtime.local_hour"] is None and got["sendtime.offset_mismatch"] is False


@pytest.mark.parametrize(
    ("when", "offset", "mismatch"),
    [
        # St. John's goes from -0330 to -0230 at 05:30 UTC: 01:40 -0330 is 05:10 UTC.
        ((2025, 3, 9, 1, 40), -210, False),
        ((2025, 3, 9, 1, 20), -210, False),
        ((2025, 3, 9, 3, 40), -150, False),  # 06:10 UTC, summer time
        ((2025, 3, 9, 2, 40), -150, True),  # 05:10 UTC: still -0330 there
        ((2025, 3, 9, 1, 50), -210, False),
    ],
)
def test_a_daylight_saving_change_on_the_half_hour(
    when: tuple[int, int, int, int, int], offset: int, mismatch: bool
) -> None:
    found = origin(country="CA", timezone="America/St_Johns")
    got = run(dated(*when, offset), found)
    assert got["sendtime.offset_mismatch"] is mismatch


def test_cst_from_china_is_china_standard_time() -> None:
    # Chinese mail software writes "CST" for +0800; the parser reads US Central (-0600).
    msg = dated(2025, 3, 10, 10, 0, -360, raw_offset="CST")
    for country in ("CN", "TW"):
        findings = analyze(msg, CTX, origin(country=country))
        assert findings["sendtime.offset_mismatch"].value is False
        assert findings["sendtime.local_hour"].value == 10
        assert findings["sendtime.night"].value is False
        assert "CST" in findings["sendtime.local_hour"].evidence
    # From a US IP, CST is still US Central: in January it fits.
    january = dated(2025, 1, 13, 10, 0, -360, raw_offset="CST")
    assert run(january, origin(country="US"))["sendtime.offset_mismatch"] is False
    assert run(january, origin(country="US"))["sendtime.local_hour"] == 10
    # A numeric -0600 from China is still a mismatch.
    assert (
        run(dated(2025, 3, 10, 10, 0, -360), origin(country="CN"))["sendtime.offset_mismatch"]
        is True
    )
