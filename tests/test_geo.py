"""GeoIP lookups: tiny .mmdb files built here so every answer is exact."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from tradetriage.errors import ExitCode, GeoError
from tradetriage.signals.geo import (
    EmbeddedGeo,
    MmdbGeo,
    country_name,
    country_timezones,
    is_public_ip,
    normalize_ip,
    open_geo,
)


def _city(cc: str, zone: str) -> dict[str, object]:
    return {"country": {"iso_code": cc}, "location": {"time_zone": zone}}


@pytest.fixture(scope="module")
def city_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / "city.mmdb"
    writer = MMDBWriter(ip_version=6, database_type="GeoLite2-City", ipv4_compatible=True)
    writer.insert_network(IPSet(["80.156.0.0/16"]), _city("DE", "Europe/Berlin"))
    writer.insert_network(IPSet(["105.112.0.0/12"]), _city("NG", "Africa/Lagos"))
    writer.insert_network(IPSet(["122.228.0.0/16"]), _city("CN", "Asia/Shanghai"))
    writer.insert_network(IPSet(["2a02:8100::/32"]), _city("DE", "Europe/Berlin"))
    writer.to_db_file(str(path))
    return path


@pytest.fixture(scope="module")
def country_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("geo") / "country.mmdb"
    writer = MMDBWriter(ip_version=4, database_type="GeoLite2-Country")
    writer.insert_network(IPSet(["80.156.0.0/16"]), {"country": {"iso_code": "DE"}})
    writer.insert_network(IPSet(["41.58.0.0/16"]), {"registered_country": {"iso_code": "NG"}})
    writer.to_db_file(str(path))
    return path


def test_city_db_gives_country_and_timezone(city_db: Path) -> None:
    geo = MmdbGeo(city_db)
    assert geo.has_timezones
    assert geo.country("80.156.1.2") == "DE"
    assert geo.timezone("80.156.1.2") == "Europe/Berlin"
    assert geo.country("105.112.33.4") == "NG"
    assert geo.timezone("105.112.33.4") == "Africa/Lagos"
    geo.close()


def test_city_db_ipv6_and_bracketed_forms(city_db: Path) -> None:
    with MmdbGeo(city_db) as geo:
        assert geo.country("2a02:8100:1::5") == "DE"
        assert geo.country("[IPv6:2a02:8100:1::5]") == "DE"
        assert geo.country("::ffff:122.228.10.5") == "CN"


def test_unknown_private_and_garbage_addresses_are_none(city_db: Path) -> None:
    with MmdbGeo(city_db) as geo:
        assert geo.country("8.8.8.8") is None  # not in this tiny database
        assert geo.country("192.168.1.5") is None
        assert geo.timezone("10.0.0.1") is None
        assert geo.country("not an ip") is None


def test_country_db_has_no_timezones(country_db: Path) -> None:
    with MmdbGeo(country_db) as geo:
        assert not geo.has_timezones
        assert geo.country("80.156.200.1") == "DE"
        assert geo.timezone("80.156.200.1") is None
        # Falls back to the registered country when the located one is missing.
        assert geo.country("41.58.1.1") == "NG"
        # An IPv6 address asked of an IPv4-only database is unknown, not an error.
        assert geo.country("2a02:8100:1::5") is None


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="does not exist") as info:
        open_geo(tmp_path / "nope.mmdb")
    assert info.value.exit_code == ExitCode.USAGE


def test_garbage_file_is_a_geo_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mmdb"
    bad.write_bytes(b"this is not a maxmind database" * 10)
    with pytest.raises(GeoError, match="not a readable GeoIP"):
        MmdbGeo(bad)


def test_database_without_countries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "asn.mmdb"
    writer = MMDBWriter(ip_version=4, database_type="GeoLite2-ASN")
    writer.insert_network(IPSet(["80.156.0.0/16"]), {"autonomous_system_number": 3320})
    writer.to_db_file(str(path))
    with pytest.raises(GeoError, match="GeoLite2-ASN"):
        MmdbGeo(path)


def test_open_geo_chooses_implementation(city_db: Path) -> None:
    assert isinstance(open_geo(None), EmbeddedGeo)
    chosen = open_geo(city_db)
    assert isinstance(chosen, MmdbGeo)
    chosen.close()


def test_embedded_geo_knows_countries_offline() -> None:
    geo = EmbeddedGeo()
    assert geo.country("105.112.1.2") == "NG"  # Airtel Nigeria
    assert geo.country("122.228.10.5") == "CN"  # China Telecom Zhejiang
    assert geo.country("10.1.2.3") is None
    assert geo.country("garbage") is None
    assert geo.timezone("105.112.1.2") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[1.2.3.4]", "1.2.3.4"),
        ("IPv6:2001:DB8::1", "2001:db8::1"),
        ("[IPv6:2607:f8b0:4864:20::941]", "2607:f8b0:4864:20::941"),
        ("fe80::c2a4:fdda:f0c2:6f71%7", "fe80::c2a4:fdda:f0c2:6f71"),
        ("::ffff:105.112.1.2", "105.112.1.2"),
        ("mail.google.com", None),
        ("1.2.3", None),
        ("", None),
    ],
)
def test_normalize_ip(text: str, expected: str | None) -> None:
    assert normalize_ip(text) == expected


@pytest.mark.parametrize(
    ("ip", "public"),
    [
        ("80.156.1.2", True),
        ("2a00:1450:4864:20::241", True),
        ("10.174.176.73", False),
        ("172.30.67.153", False),
        ("100.90.174.1", False),  # carrier-grade NAT
        ("127.0.0.1", False),
        ("fe80::1", False),
        ("192.0.2.1", False),  # documentation range
        ("junk", False),
    ],
)
def test_is_public_ip(ip: str, public: bool) -> None:
    assert is_public_ip(ip) is public


def test_country_timezones_principal_zone_first() -> None:
    assert country_timezones("cn")[0] == "Asia/Shanghai"
    assert country_timezones("US")[0] == "America/New_York"
    assert country_timezones("RU")[0] == "Europe/Moscow"
    assert "Asia/Vladivostok" in country_timezones("RU")
    assert country_timezones("NG") == ("Africa/Lagos",)
    assert country_timezones("XX") == ()


def test_country_name() -> None:
    assert country_name("de") == "Germany"
    assert country_name("NG") == "Nigeria"
    assert country_name("XX") == "XX"


@given(st.text(max_size=60))
def test_lookups_never_crash_on_any_text(text: str) -> None:
    geo = EmbeddedGeo()
    result = geo.country(text)
    assert result is None or (len(result) == 2 and result.isupper())
    normalize_ip(text)
    is_public_ip(text)
