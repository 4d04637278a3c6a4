"""Where an IP address is: country and, when the database knows, time zone.

Two implementations of ``GeoLookup``: ``MmdbGeo`` reads a MaxMind / DB-IP ``.mmdb`` file the user
configured (a City database also gives the IANA time zone), ``EmbeddedGeo`` uses the RIR
allocation data shipped with ``iptocc`` so grading works offline with nothing to configure.
Lookups are cached per IP: a mailbox sees the same provider servers over and over.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from pathlib import Path
from types import TracebackType

import geoip2.database
import geoip2.errors
import maxminddb
import pytz
from iptocc import country_code

from tradetriage.errors import GeoError

_CACHE_SIZE = 16_384

# Countries spanning several zones: the zone most of their people (and businesses) live in, used
# when the Date header does not tell which zone a sender is in. Others: the first listed zone.
_PRINCIPAL_ZONE = {
    "AR": "America/Argentina/Buenos_Aires",
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CD": "Africa/Kinshasa",
    "CL": "America/Santiago",
    "CN": "Asia/Shanghai",
    "DE": "Europe/Berlin",
    "EC": "America/Guayaquil",
    "ES": "Europe/Madrid",
    "ID": "Asia/Jakarta",
    "KZ": "Asia/Almaty",
    "MN": "Asia/Ulaanbaatar",
    "MX": "America/Mexico_City",
    "MY": "Asia/Kuala_Lumpur",
    "NZ": "Pacific/Auckland",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "UA": "Europe/Kyiv",
    "US": "America/New_York",
    "UZ": "Asia/Tashkent",
}


@lru_cache(maxsize=_CACHE_SIZE)
def normalize_ip(text: str) -> str | None:
    """The canonical form of an IP address written in a header (``[IPv6:…]``, ``fe80::1%7``,
    ``::ffff:1.2.3.4``), or None when ``text`` is not an IP address."""
    value = text.strip().strip("[]")
    if value[:5].lower() == "ipv6:":
        value = value[5:]
    value = value.split("%", 1)[0]  # IPv6 zone index, meaningless outside the host
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


@lru_cache(maxsize=_CACHE_SIZE)
def is_public_ip(ip: str) -> bool:
    """True for a globally routable address; False for private, loopback, link-local, CGNAT,
    documentation and reserved ranges (which say nothing about where a sender is) or non-IPs."""
    canonical = normalize_ip(ip)
    if canonical is None:
        return False
    address = ipaddress.ip_address(canonical)
    return address.is_global and not address.is_multicast


class EmbeddedGeo:
    """Country from the regional registries' allocation data bundled with ``iptocc``.

    Offline and needs no file, but knows countries only (no time zone) and the country an address
    block is *registered* in, which for big hosting providers may differ from where it is used.
    """

    def country(self, ip: str) -> str | None:
        """ISO 3166 code of the country the address is registered in, or None."""
        return _embedded_country(ip)

    def timezone(self, ip: str) -> str | None:
        """Always None: the registry data carries no time zones."""
        return None


@lru_cache(maxsize=_CACHE_SIZE)
def _embedded_country(ip: str) -> str | None:
    canonical = normalize_ip(ip)
    if canonical is None or not is_public_ip(canonical):
        return None
    code: str | None = country_code(canonical)
    return code.upper() if code else None


class MmdbGeo:
    """Country (and, from a City database, time zone) from a MaxMind or DB-IP ``.mmdb`` file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._reader = geoip2.database.Reader(str(path))
        except FileNotFoundError:
            raise GeoError(
                f"GeoIP database {path} does not exist",
                "fix grading.geoip_db in the config, or remove it to use the built-in country data",
            ) from None
        except (maxminddb.InvalidDatabaseError, OSError, ValueError) as exc:
            raise GeoError(
                f"{path} is not a readable GeoIP (.mmdb) database: {exc}",
                "download a GeoLite2 or DB-IP City/Country .mmdb file",
            ) from exc
        self.database_type: str = self._reader.metadata().database_type
        if "City" in self.database_type:
            self.has_timezones = True
        elif "Country" in self.database_type:
            self.has_timezones = False
        else:
            self._reader.close()
            raise GeoError(
                f"{path} is a {self.database_type!r} database, which has no countries",
                "use a City or Country database (GeoLite2-City, dbip-city-lite …)",
            )
        # Per-instance cache: a bound lru_cache keeps results of this file only.
        self._locate = lru_cache(maxsize=_CACHE_SIZE)(self._lookup)

    def country(self, ip: str) -> str | None:
        """ISO 3166 code of the country the address is in, or None when unknown."""
        return self._locate(ip)[0]

    def timezone(self, ip: str) -> str | None:
        """IANA time zone of the address (City databases only), or None."""
        return self._locate(ip)[1]

    def close(self) -> None:
        """Release the database file."""
        self._reader.close()

    def __enter__(self) -> MmdbGeo:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _lookup(self, ip: str) -> tuple[str | None, str | None]:
        canonical = normalize_ip(ip)
        if canonical is None or not is_public_ip(canonical):
            return None, None
        try:
            if self.has_timezones:
                city = self._reader.city(canonical)
                code = city.country.iso_code or city.registered_country.iso_code
                return code, city.location.time_zone
            found = self._reader.country(canonical)
            return found.country.iso_code or found.registered_country.iso_code, None
        except geoip2.errors.AddressNotFoundError:
            return None, None
        except ValueError:
            # An IPv6 address asked of an IPv4-only database.
            return None, None


def open_geo(path: Path | None) -> MmdbGeo | EmbeddedGeo:
    """The lookup to grade with: the configured ``.mmdb`` file, else the embedded country data.

    Raises ``GeoError`` when a configured file is missing or not a City/Country database.
    """
    if path is None:
        return EmbeddedGeo()
    return MmdbGeo(path.expanduser())


@lru_cache(maxsize=512)
def country_timezones(cc: str) -> tuple[str, ...]:
    """The IANA zones of a country (ISO code, any case), principal zone first; () if unknown."""
    code = cc.upper()
    try:
        zones = tuple(pytz.country_timezones[code])
    except KeyError:
        return ()
    principal = _PRINCIPAL_ZONE.get(code)
    if principal in zones:
        zones = (principal, *(z for z in zones if z != principal))
    return zones


def country_name(cc: str) -> str:
    """The English name of a country ("DE" → "Germany"); the code itself when unknown."""
    name: str = pytz.country_names.get(cc.upper(), cc)
    return name
