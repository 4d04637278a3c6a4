"""Building the grading ``Context`` from the configuration and what the store already knows.

Signals must not do I/O, so everything they need beyond the message (our domains, products,
trusted relays, the GeoIP lookup, the domains we correspond with) is gathered here, once per
grading run.
"""

from __future__ import annotations

import ipaddress
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from tradetriage.config import Config
from tradetriage.grading.learning import load_model
from tradetriage.signals import domain, origin
from tradetriage.signals.base import CatalogueItem, Context, name_key, person_name
from tradetriage.signals.domain import is_freemail, registered_domain
from tradetriage.signals.geo import open_geo
from tradetriage.store.db import Store
from tradetriage.store.queries import graded_ours
from tradetriage.store.reading import read_messages, row_to_message


def our_domains(config: Config) -> frozenset[str]:
    """Registered domains of our company: the configured mail domain and website."""
    company = config.company
    hosts = [company.domain or ""]
    if company.website:
        site = company.website if "//" in company.website else f"//{company.website}"
        hosts.append(urlsplit(site).hostname or "")
    return frozenset(d for d in (registered_domain(h) for h in hosts if h) if d)


def catalogue(config: Config) -> tuple[CatalogueItem, ...]:
    """Our products as the request and fraud signals read them."""
    return tuple(
        CatalogueItem(p.name, tuple(p.models), tuple(p.keywords)) for p in config.company.products
    )


def split_relays(relays: Iterable[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split ``grading.trusted_relays`` into CIDR ranges and host-name patterns. A bare IP is a
    one-address range."""
    networks, hosts = [], []
    for entry in relays:
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            hosts.append(entry.lower())
    return tuple(networks), tuple(hosts)


class Correspondence(NamedTuple):
    """What our own sent mail tells (``our_correspondence``)."""

    known_domains: frozenset[str]
    our_names: frozenset[str]
    known_people: dict[str, frozenset[str]]


def our_correspondence(
    conn: sqlite3.Connection, ours: frozenset[str], spoofs: frozenset[int] = frozenset()
) -> Correspondence:
    """What our own sent mail tells, in one scan of the messages From our domains:
    - the registered domains we have written to (To/Cc; free-mail providers excluded, or every
      Gmail sender would count as known);
    - the display names we sign with (lower-cased): of two words or more, or of two CJK
      characters or more ("陈丽"); a single word ("Sales") would name too much;
    - the people we have written to, by such a display name: the registered domains we wrote
      to them at (free-mail ones too: a buyer known at gmail.com is known there).
    Mail graded as spoofed in our name is left out, and so is ungraded mail whose ids are in
    ``spoofs`` (``ungraded_spoofs``)."""
    if not ours:
        return Correspondence(frozenset(), frozenset(), {})
    where, params = _from_our_domains(ours)
    domains: set[str] = set()
    names: set[str] = set()
    people: dict[str, set[str]] = defaultdict(set)
    # Mail that grading found spoofed in our name (domain.ours false) is not ours: a spoofer
    # who Cc'd a domain would make it "known", and known domains are spared some checks.
    rows = conn.execute(
        "SELECT m.id, m.from_name, m.to_json, m.cc_json FROM messages m "
        f"LEFT JOIN message_grades g ON g.message = m.id WHERE ({where}) "
        f"AND {graded_ours(default=True)}",
        params,
    )
    for ident, name, to_json, cc_json in rows:
        if ident in spoofs:
            continue
        for text in (to_json, cc_json):
            for address in json.loads(text) if text else []:
                domain = registered_domain(str(address.get("addr") or ""))
                if not domain or domain in ours:
                    continue
                if not is_freemail(domain):
                    domains.add(domain)
                person = person_name(str(address.get("name") or ""))
                if person:
                    people[person].add(domain)
        signed = name_key(str(name or ""))  # "Everbright Sales" is how we sign, too
        if signed:
            names.add(signed)
    return Correspondence(
        frozenset(domains),
        frozenset(names),
        {person: frozenset(at) for person, at in people.items()},
    )


def _from_our_domains(ours: frozenset[str]) -> tuple[str, list[str]]:
    """A WHERE condition on ``messages m``, with its parameters: From one of our domains or a
    subdomain of one."""
    where = " OR ".join("m.from_addr LIKE ? OR m.from_addr LIKE ?" for _ in ours)
    return where, [p for d in sorted(ours) for p in (f"%@{d}", f"%.{d}")]


def ungraded_spoofs(conn: sqlite3.Connection, base: Context) -> frozenset[int]:
    """The messages From our domains not graded yet that grading will find spoofed (the
    ``domain.ours`` the domain signal will give, found the same way now): a spoof that Cc'd a
    look-alike of a customer's domain must not make it known before its own grade says so."""
    if not base.our_domains:
        return frozenset()
    where, params = _from_our_domains(base.our_domains)
    ungraded = [
        ident
        for (ident,) in conn.execute(
            f"SELECT id FROM messages m WHERE ({where}) AND NOT EXISTS "
            "(SELECT 1 FROM message_grades g WHERE g.message = m.id)",
            params,
        )
    ]
    spoofs = set()
    for ident, row in read_messages(conn, ungraded):
        msg = row_to_message(row)
        found = origin.analyze(msg, base, {})
        if domain.analyze(msg, base, found)["domain.ours"].value is not True:
            spoofs.add(ident)
    return frozenset(spoofs)


def origin_context(config: Config, now: datetime) -> Context:
    """Just what the Received walk reads (our domains, trusted relays): no store query and no
    GeoIP file, for explaining one message."""
    networks, hosts = split_relays(config.grading.trusted_relays)
    return Context(
        now=now, our_domains=our_domains(config), trusted_networks=networks, trusted_hosts=hosts
    )


def build_context(config: Config, store: Store, now: datetime) -> Context:
    """The grading context for one run: ``origin_context`` and what the store (our
    correspondence, the learned verdicts), the catalogue and the GeoIP file add. Raises
    GeoError for a bad configured GeoIP file."""
    base = origin_context(config, now)
    spoofs = ungraded_spoofs(store.conn, base)
    known, names, people = our_correspondence(store.conn, base.our_domains, spoofs)
    return replace(
        base,
        known_domains=known,
        our_names=names,
        known_people=people,
        catalogue=catalogue(config),
        geo=open_geo(config.grading.geoip_db),
        learned=load_model(store),
    )
