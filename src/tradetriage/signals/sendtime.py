"""When the sender wrote: their local hour, and whether the Date header fits where they are.

A buyer in Hamburg writes at office hours with a Date offset of +0100/+0200; a "German buyer"
whose mail leaves a Lagos IP at 03:00 German time, or whose Date says +0800 from a German IP, is
worth a second look. The sender's place comes from the origin module's findings (time zone from a
City GeoIP database, else the country's zones); when the only IP is a mail provider's server, it
says nothing of the sender, and the Date header's own offset is the best clue left.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tradetriage.mail.headers import usable_date
from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec, clip
from tradetriage.signals.geo import country_name, country_timezones

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec("sendtime.local_hour", "int", "sender's local hour (0-23) when the Date was set"),
    SignalSpec("sendtime.night", "bool", "sent between 00:00 and 05:59 sender's local time"),
    SignalSpec("sendtime.weekend", "bool", "sent on the weekend of the sender's country"),
    SignalSpec(
        "sendtime.offset_mismatch", "bool", "Date header's UTC offset fits none of the IP's zones"
    ),
    SignalSpec("sendtime.date_missing", "bool", "no parseable Date header"),
    SignalSpec(
        "sendtime.date_skew_hours", "float", "trusted receipt time minus Date, hours (+ = late)"
    ),
    SignalSpec("sendtime.basis", "str", '"timezone" (City db), "country" or "date" (offset only)'),
)

_NIGHT_END = 6  # hours 0-5 are night
# Weekday numbers (Monday = 0) of the weekend where it is not Saturday-Sunday.
_WEEKENDS: dict[str, frozenset[int]] = {
    **dict.fromkeys(
        ("BH", "BD", "DZ", "EG", "IL", "IQ", "JO", "KW", "LY", "MV", "OM", "QA", "SA", "SD", "SY"),
        frozenset({4, 5}),
    ),
    "YE": frozenset({4, 5}),
    "IR": frozenset({4}),
    "AF": frozenset({3, 4}),
}
_DEFAULT_WEEKEND = frozenset({5, 6})
# Chinese mail software writes "CST" meaning China Standard Time (+0800, as in Taiwan and Macau);
# the parser, as RFC 5322 says, reads US Central (-0600), 14 hours off: a buyer writing at 10:00
# would be writing at midnight, from the "wrong" offset. From an IP in those places the Chinese
# reading is the honest one; anywhere else CST stays US Central.
_CST_PLACES = frozenset({"CN", "TW", "MO"})
_CST = re.compile(r"\sCST\s*(?:\(.*\))?\s*$")
_CHINA_TIME = timezone(timedelta(hours=8), "CST")


@lru_cache(maxsize=1024)
def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _first_fitting(zones: tuple[str, ...], offset_minutes: int, date: datetime) -> str | None:
    """The first of the zones whose UTC offset at ``date`` equals ``offset_minutes``, or None
    when none does."""
    fit, exact = _first_fitting_in_hour(zones, offset_minutes, int(date.timestamp() // 3600))
    if not exact:
        return fit
    # A zone changed its offset within that hour (St. John's does at 05:30 UTC): the minute
    # decides. A few messages a year, so not cached.
    wanted = timedelta(minutes=offset_minutes)
    for name in zones:
        zone = _zone(name)
        if zone is not None and date.astimezone(zone).utcoffset() == wanted:
            return name
    return None


@lru_cache(maxsize=16_384)
def _first_fitting_in_hour(
    zones: tuple[str, ...], offset_minutes: int, utc_hour: int
) -> tuple[str | None, bool]:
    """(the first of the zones whose UTC offset is ``offset_minutes`` all through that hour
    (epoch hours, UTC), or None; True when a zone read before a fit changes its offset within
    the hour, and the exact instant must decide).

    Keyed by whole hours so that a mailbox's mail, which clusters in time, hits the cache. The
    first fit is all the caller needs, so a country of thirty zones (US, Russia) is not read to
    its end when an early one fits.
    """
    start = datetime.fromtimestamp(utc_hour * 3600, tz=_UTC)
    wanted = timedelta(minutes=offset_minutes)
    for name in zones:
        zone = _zone(name)
        if zone is None:
            continue
        # Not zone.utcoffset(instant): that reads the UTC instant as the zone's wall-clock
        # time, wrong for the hours around a daylight-saving change.
        offset = start.astimezone(zone).utcoffset()
        if offset is None or abs(offset - wanted) > _LARGEST_SHIFT:
            continue  # no change within the hour brings it to the wanted offset
        # The end of the hour is read only when it could matter: the cold cache's cost.
        if offset != (start + _HOUR_END).astimezone(zone).utcoffset():
            return None, True
        if offset == wanted:
            return name, False
    return None, False


_UTC = ZoneInfo("UTC")
_HOUR_END = timedelta(seconds=3599)
# The largest daylight-saving or standard-time change in use (Antarctica/Troll: 2 hours). Only
# calendar-day jumps (Samoa, 29 Dec 2011) were larger, in the one hour they happened.
_LARGEST_SHIFT = timedelta(hours=2)


def _format_offset(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{mins:02d}"


def _value(found: Mapping[str, Finding], name: str) -> object:
    finding = found.get(name)
    return None if finding is None else finding.value


def _place(found: Mapping[str, Finding]) -> tuple[str | None, str | None]:
    """(time zone, country) of the sender (origin gives none for a provider's server)."""
    zone = _value(found, "origin.timezone")
    country = _value(found, "origin.country")
    return (
        zone if isinstance(zone, str) else None,
        country if isinstance(country, str) else None,
    )


def _skew(
    msg: ParsedMessage, date: datetime, found: Mapping[str, Finding]
) -> tuple[float | None, str]:
    """Hours from the Date header (read as ``date``) to the deepest trusted Received stamp."""
    deepest = _value(found, "origin.trusted_hop")
    if not isinstance(deepest, int) or isinstance(deepest, bool):
        return None, ""
    for hop in reversed(msg.received[: deepest + 1]):
        if hop.date is not None:
            hours = round((hop.date - date).total_seconds() / 3600, 1)
            return (
                hours,
                f"Received #{hop.index} at {hop.date:%Y-%m-%d %H:%M %z}, Date {msg.date_raw}",
            )
    return None, ""


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Send-time signals of one message: see SPECS. Reads the origin module's findings."""
    date = msg.date
    if date is not None and not 1 < date.year < 9999:
        # Stores parsed before the parser refused dates at the calendar's ends hold some.
        date = usable_date(date)
    if date is None:
        return {
            "sendtime.local_hour": Finding(None),
            "sendtime.night": Finding(False),
            "sendtime.weekend": Finding(False),
            "sendtime.offset_mismatch": Finding(False),
            "sendtime.date_missing": Finding(True, clip(f"Date: {msg.date_raw or '(none)'}")),
            "sendtime.date_skew_hours": Finding(None),
            "sendtime.basis": Finding(None),
        }
    utcoffset = date.utcoffset()
    offset = msg.date_offset_minutes
    if offset is None:
        offset = int(utcoffset.total_seconds() // 60) if utcoffset is not None else 0
    # The parser gives no offset for "-0000" (RFC 5322: the sender's offset is unknown, also
    # with a comment after it) or a Date without a zone: then it cannot contradict anything.
    offset_unknown = msg.date_offset_minutes is None
    zone_name, country = _place(found)
    note = ""
    if offset == -360 and country in _CST_PLACES and msg.date_raw and _CST.search(msg.date_raw):
        date, offset = date.replace(tzinfo=_CHINA_TIME), 480  # the clock time as written
        note = "; Date zone CST read as China Standard Time"
    zones: tuple[str, ...] = (zone_name,) if zone_name else country_timezones(country or "")
    basis = "timezone" if zone_name else "country" if zones else "date"
    where = country_name(country) if country else zone_name or ""

    mismatch = False
    mismatch_evidence = ""
    local = date
    shown_zone = f"Date offset {_format_offset(offset)}"
    if zones:
        fit = _first_fitting(zones, offset, date)
        chosen = fit if fit is not None else zones[0]
        zone = _zone(chosen)
        if zone is not None:
            local = date.astimezone(zone)
            shown_zone = chosen
        if fit is None and not offset_unknown and zone is not None:
            mismatch = True
            expected = local.utcoffset()
            usual = (
                _format_offset(int(expected.total_seconds() // 60)) if expected is not None else "?"
            )
            mismatch_evidence = (
                f"{where} IP, Date offset {_format_offset(offset)} ({chosen} is {usual})"
            )

    hour = local.hour
    weekend_days = _WEEKENDS.get(country or "", _DEFAULT_WEEKEND)
    weekend = local.weekday() in weekend_days
    when = (
        f"{local:%a %H:%M} local time ({shown_zone}{', ' + where + ' IP' if where else ''}{note})"
    )
    skew, skew_evidence = _skew(msg, date, found)
    return {
        "sendtime.local_hour": Finding(hour, clip(when)),
        "sendtime.night": Finding(hour < _NIGHT_END, clip(when) if hour < _NIGHT_END else ""),
        "sendtime.weekend": Finding(weekend, clip(when) if weekend else ""),
        "sendtime.offset_mismatch": Finding(mismatch, clip(mismatch_evidence)),
        "sendtime.date_missing": Finding(False),
        "sendtime.date_skew_hours": Finding(skew, clip(skew_evidence)),
        "sendtime.basis": Finding(basis, clip(where)),
    }
