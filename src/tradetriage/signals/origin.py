"""Where a message really came from: the Received chain walked from our side outwards.

As SpamAssassin does with trusted_networks, the walk starts at the newest Received header (written
by our own server) and believes each header only while the host that wrote it is trusted. A hop
whose connecting IP is private, configured (our MX, a company gateway), a big provider's relay,
or whose reverse-DNS name matches a trusted pattern keeps the chain trusted. The first hop from an
untrusted IP is the *origin*: the sender's own server, or whatever they chose to connect from;
every header below it is the sender's word and is ignored.

When the chain stays trusted down to a provider's submission, the provider's server is all the
chain shows (``origin.freemail_server``); the client's IP then comes from an authenticated
submission hop ("with ESMTPSA from [105.112.1.2]"), a webmail hop ("from [1.2.3.4] via HTTP") or
the X-Originating-IP family of headers the provider adds.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import translate
from functools import lru_cache
from importlib.resources import files

from tradetriage.mail.received import connecting_ip
from tradetriage.mail.records import Hop, ParsedMessage
from tradetriage.signals.base import Context, Finding, Findings, SignalSpec, clip, in_domains
from tradetriage.signals.geo import country_name, is_public_ip, normalize_ip

SPECS: tuple[SignalSpec, ...] = (
    SignalSpec("origin.ip", "str", "first untrusted relay's IP, else the provider server's"),
    SignalSpec("origin.client_ip", "str", "the sender's own IP, when a provider reveals it"),
    SignalSpec(
        "origin.source",
        "str",
        'where the located IP came from: "received" (the Received chain), "x-originating-ip" (a '
        'client-IP header a provider added: X-Originating-IP, X-Forwarded-For …) or "none"',
    ),
    SignalSpec(
        "origin.freemail_server", "bool", "the chain ends in a big mail provider's own servers"
    ),
    SignalSpec("origin.provider", "str", 'that provider ("google", "microsoft", "netease" …)'),
    SignalSpec(
        "origin.country",
        "str",
        "ISO country of the client IP if known, else of the origin IP; none when that is only a "
        "big provider's server (it says nothing of where the sender sits)",
    ),
    SignalSpec("origin.timezone", "str", "IANA time zone of that IP (City GeoIP database only)"),
    SignalSpec("origin.private_only", "bool", "no public IP anywhere in the Received chain"),
    SignalSpec("origin.hops", "int", "number of Received headers"),
    SignalSpec("origin.helo_forged", "bool", "origin relay's HELO claims a provider or our domain"),
    SignalSpec("origin.trusted_hop", "int", "index of the deepest Received a trusted host wrote"),
    SignalSpec(
        "origin.home_connection",
        "bool",
        "the origin relay's reverse DNS name is one of a home or dynamic line "
        "(dsl, dial-up, cable pools, the IP's own digits)",
    ),
)

# Roles of a hop in the walk.
RELAY = "relay"  # trusted relay: the walk goes on
ORIGIN = "origin"  # first untrusted connecting IP
SUBMISSION = "submission"  # the sender's client handing the message to a trusted provider
NO_IP = "no-ip"  # a header without a connecting IP (internal, "by … with HTTP")
BEYOND = "beyond"  # below the origin or submission: the sender's own claims

_CONFIGURED = "configured"
_CLIENT_IP_HEADERS = (
    "x-originating-ip",
    "x-yahoo-post-ip",
    "x-sender-ip",
    "x-client-ip",
    "x-source-ip",
    "x-forwarded-for",
)
# Providers known to add the client's IP in one of those headers (Outlook/Hotmail, Yahoo and
# AOL, Coremail at 163/126, QQ, Sina). Any other passes through what the sender wrote: Gmail
# never adds X-Originating-IP, so one in Gmail mail is the sender's own claim.
_CLIENT_IP_PROVIDERS = frozenset({"microsoft", "yahoo", "netease", "tencent", "sina"})

_FROM_CLAUSE = re.compile(r"^\s*from\s+(.*?)(?:\s+by\s|\s+via\s|\s+with\s|;|$)", re.I | re.S)
_RDNS_BEFORE_IP = re.compile(r"\(\s*([A-Za-z0-9][\w.-]*?)\.?\s+\[")
# ZMailer (vger.kernel.org …) writes the verified reverse name first: from NAME ([ip]:port "EHLO x"
# rhost-flags-OK-…), the first flag saying the name was confirmed.
_ZMAILER_RDNS = re.compile(
    r"^\s*from\s+([\w.-]+)\s+\(\[[^\]]+\](?::\d+)?\s+\"[^\"]*\"\s+rhost-flags-OK"
)
# Exim writes the verified reverse name first too, and the IP (with the port, and the HELO when
# it differs) in parentheses after it: from NAME ([ip]:port helo=x). Without a verified name
# it writes the bracketed IP first, which this does not match. Sendmail and MS SMTPSVC write
# the same shape, "from NAME ([ip])", with NAME the sender's HELO when the IP has no PTR, so
# it is read so only in a header Exim wrote (its version stands after the by clause).
_EXIM_RDNS = re.compile(
    r"^\s*from\s+([\w.-]+)\s+\(\[[^\]]+\](?::\d+)?(?:\s+(?:helo|ident)=[^()]*)?\)"
)
_EXIM_MARK = "(Exim "
_IP_TOKEN = re.compile(r"[0-9A-Fa-f:.]{7,}")
_IPV6_TAG = re.compile(r"IPv6:", re.I)
# Reverse names ISPs give home and dynamic lines (SpamAssassin's RDNS_DYNAMIC, in short).
_DYNAMIC_NAME = re.compile(
    r"(?:^|[.-])(?:a?dsl|xdsl|dial(?:up|in)?|dyn(?:amic)?|pool|cable|catv|pppoe?|dhcp|"
    r"broadband|cust(?:omer)?|client|residential)(?:[\d.-]|$)"
)
_DIGIT_RUN = re.compile(r"\d+")
_AUTH_PROTOCOL = re.compile(r"\bwith\s+(?:UTF8)?(?:E?SMTPS?A|LMTPS?A)\b", re.I)
_AUTH_NOTE = re.compile(r"\(Authenticated sender:|\(authenticated (?:bits=|as |user)", re.I)
# A webmail front end writes "via HTTP" / "with HTTP", or is named so ("by ajax-webmail-wmsvr40")
# and names no mail protocol: a mail server that receives "with ESMTP" is no front end, whatever
# its name (our own "webmail.example.com" MX).
# (Gmail's API writes "with HTTPREST".)
_WEBMAIL = re.compile(r"\b(?:with|via)\s+HTTP(?:S|REST)?\b", re.I)
_WEBMAIL_HOST = re.compile(r"\bby\s+[\w.-]*webmail", re.I)
# A mail protocol after the by clause; read from the header itself because stores parsed before
# "with" was looked for outside comments hold Postfix's "with cipher" as protocol "CIPHER".
_MAIL_PROTOCOL = re.compile(r"\bby\s.*\bwith\s+\w*MTP", re.I)
_LMTP = re.compile(r"\bwith\s+LMTPS?\b", re.I)
# What every match of these three holds, lower-cased (see ``_may_match``).
_AUTH_PROTOCOL_NEEDLES = ("mtpa", "mtpsa")
_WEBMAIL_NEEDLES = ("http", "webmail")
_LMTP_NEEDLES = ("lmtp",)
_AUTH_PROTOCOLS = frozenset({"ESMTPA", "ESMTPSA", "LMTPA", "LMTPSA", "SMTPA", "UTF8SMTPSA"})


@dataclass(frozen=True, slots=True)
class HopVerdict:
    """One Received header as the walk judged it, for ``grade --explain``.

    ``role`` is one of relay / origin / submission / no-ip / beyond; ``reason`` says why in words
    a clerk can check against the header; ``provider`` names the mail provider the hop belongs to;
    ``rdns`` is the name the receiving server looked up for the IP (None below the origin, where
    the lines are the sender's own text). Verdicts are in the order of ``msg.received``.
    """

    index: int
    ip: str | None
    host: str | None
    by: str | None
    role: str
    trusted: bool
    reason: str
    provider: str | None = None
    rdns: str | None = None


class _TrustTable:
    """Trusted networks and host patterns, each labelled with its provider (or "configured").

    Networks are grouped by prefix length so that a lookup is a handful of set probes, not a scan
    of every range; host suffixes are probed label by label.
    """

    def __init__(self, networks: list[tuple[str, str]], hosts: list[tuple[str, str]]) -> None:
        self._nets: dict[tuple[int, int], dict[int, str]] = {}
        for label, cidr in networks:
            net = ipaddress.ip_network(cidr, strict=False)
            bits = net.max_prefixlen
            key = (net.version, net.prefixlen)
            shift = bits - net.prefixlen
            self._nets.setdefault(key, {})[int(net.network_address) >> shift] = label
        self._net_keys = sorted(self._nets, key=lambda k: -k[1])
        # The same provider servers and our own MX recur in message after message.
        self.network_label = lru_cache(maxsize=16_384)(self._network_label)
        self._exact: dict[str, str] = {}
        self._suffix: dict[str, str] = {}
        self._globs: list[tuple[re.Pattern[str], str]] = []
        for label, pattern in hosts:
            pat = pattern.strip().lower().rstrip(".")
            body = pat[2:]
            if pat.startswith("*.") and not any(c in body for c in "*?["):
                self._suffix[body] = label
            elif not any(c in pat for c in "*?["):
                self._exact[pat] = label
            else:
                self._globs.append((re.compile(translate(pat)), label))

    def _network_label(self, ip: str) -> str | None:
        """The label of the most specific trusted network holding ``ip``, or None."""
        address = ipaddress.ip_address(ip)
        value = int(address)
        for version, prefix in self._net_keys:
            if version != address.version:
                continue
            shift = address.max_prefixlen - prefix
            label = self._nets[(version, prefix)].get(value >> shift)
            if label is not None:
                return label
        return None

    def host_label(self, host: str) -> str | None:
        """The label of the trusted host pattern ``host`` matches, or None."""
        name = host.lower().rstrip(".")
        if name in self._exact:
            return self._exact[name]
        parts = name.split(".")
        for i in range(len(parts)):
            label = self._suffix.get(".".join(parts[i:]))
            if label is not None:
                return label
        for regex, label in self._globs:
            if regex.match(name):
                return label
        return None


def _load_default_relays() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    text = files("tradetriage").joinpath("data/relays.txt").read_text(encoding="utf-8")
    networks: list[tuple[str, str]] = []
    hosts: list[tuple[str, str]] = []
    for line in text.splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) != 2:
            continue
        provider, value = fields
        (networks if _is_network(value) else hosts).append((provider, value))
    return networks, hosts


def _is_network(value: str) -> bool:
    try:
        ipaddress.ip_network(value, strict=False)
    except ValueError:
        return False
    return True


_DEFAULT_NETWORKS, _DEFAULT_HOSTS = _load_default_relays()


@lru_cache(maxsize=32)
def _trust_table(networks: tuple[str, ...], hosts: tuple[str, ...]) -> _TrustTable:
    # Configured entries win over provider defaults: listed first per prefix they overwrite.
    nets = list(_DEFAULT_NETWORKS) + [(_CONFIGURED, n) for n in networks if _is_network(n)]
    pats = list(_DEFAULT_HOSTS) + [(_CONFIGURED, h) for h in hosts]
    return _TrustTable(nets, pats)


def hop_ip(hop: Hop) -> str | None:
    """The connecting IP of a hop: the parser's, else re-read from the raw header text."""
    if hop.from_ip:
        found = normalize_ip(hop.from_ip)
        if found is not None:
            return found
    return _ip_from_raw(hop.raw)


@lru_cache(maxsize=4096)
def _ip_from_raw(raw: str) -> str | None:
    # The mail parser's own reading of the from clause (a hop stored by an older parser), then
    # normalised as the walk compares IPs.
    clause = _FROM_CLAUSE.match(raw)
    if clause is None:
        return None
    found = connecting_ip(clause.group(1))
    return normalize_ip(found) if found is not None else None


def _hop_rdns(hop: Hop) -> str | None:
    # Sendmail marks a reverse name that does not resolve back to the IP: anyone who controls
    # the PTR record of their IP could otherwise call themselves mail-sor-f41.google.com.
    if "(may be forged)" in hop.raw:
        return None
    name = hop.from_rdns
    if not name:
        match = (
            _ZMAILER_RDNS.match(hop.raw)
            or (_EXIM_RDNS.match(hop.raw) if _EXIM_MARK in hop.raw else None)
            or _RDNS_BEFORE_IP.search(hop.raw)
        )
        name = match.group(1) if match else None
    if not name or name.lower() in ("unknown", "localhost") or normalize_ip(name):
        return None
    return name.rstrip(".").lower()


def _folded(raw: str) -> str | None:
    """A Received header lower-cased for ``_may_match``; None when it is not ASCII, where
    case-blind matching also takes "ſ" for "s" and "K" (Kelvin) for "k"."""
    return raw.lower() if raw.isascii() else None


def _may_match(folded: str | None, needles: tuple[str, ...]) -> bool:
    """Whether a header (as ``_folded`` made it) holds one of ``needles``, which every match
    of a case-blind pattern holds: a substring test is a tenth of the cost of the scan, which
    tries the pattern's opening "\\b" at every position. A header that is not ASCII may."""
    return folded is None or any(needle in folded for needle in needles)


def _submission(hop: Hop, folded: str | None) -> str | None:
    """Why a hop is a client handing mail to its provider, or None (``folded``: its header as
    ``_folded`` made it)."""
    protocol = (hop.protocol or "").upper()
    if protocol in _AUTH_PROTOCOLS or (
        _may_match(folded, _AUTH_PROTOCOL_NEEDLES) and _AUTH_PROTOCOL.search(hop.raw)
    ):
        return f"authenticated submission ({protocol or 'ESMTPA'})"
    if _AUTH_NOTE.search(hop.raw):
        return "authenticated submission"
    return _webmail(hop, folded)


def _webmail(hop: Hop, folded: str | None) -> str | None:
    """Why a hop is a webmail (or HTTP API) front end taking a message in, or None."""
    if (hop.protocol or "").upper() in ("HTTP", "HTTPS", "HTTPREST") or (
        _may_match(folded, _WEBMAIL_NEEDLES)
        and (
            _WEBMAIL.search(hop.raw)
            or (_WEBMAIL_HOST.search(hop.raw) and not _MAIL_PROTOCOL.search(hop.raw))
        )
    ):
        return "webmail (HTTP)"
    return None


def _judge(
    hop: Hop, ip: str, rdns: str | None, table: _TrustTable, ours: frozenset[str]
) -> tuple[str, str, str | None]:
    """(role, reason, provider) of a hop with a connecting IP, while the chain is trusted."""
    label = table.network_label(ip)
    if label is not None:
        if label == _CONFIGURED:
            return RELAY, "configured trusted network", None
        return RELAY, f"{label} network", label
    public = is_public_ip(ip)
    if not public:
        return RELAY, "private or local address", None
    folded = _folded(hop.raw)
    submission = _submission(hop, folded)
    if submission is not None:
        return SUBMISSION, submission, None
    if rdns is not None:
        label = table.host_label(rdns)
        if label is not None:
            if label == _CONFIGURED:
                return RELAY, f"configured trusted host {rdns}", None
            return RELAY, f"{label} host {rdns}", label
        if in_domains(rdns, ours):
            return RELAY, f"our own host {rdns}", None
    lmtp = _may_match(folded, _LMTP_NEEDLES) and _LMTP.search(hop.raw)
    if lmtp or (hop.protocol or "").upper().startswith("LMTP"):
        return RELAY, "local delivery (LMTP)", None
    return ORIGIN, "first untrusted connecting IP: the origin", None


def walk(msg: ParsedMessage, ctx: Context) -> list[HopVerdict]:
    """Judge every Received header, newest first: trusted relay, origin, submission or beyond."""
    table = _trust_table(ctx.trusted_networks, ctx.trusted_hosts)
    verdicts: list[HopVerdict] = []
    believing = True
    for hop in msg.received:
        ip = hop_ip(hop)
        if not believing:
            host = hop.from_rdns or hop.from_helo
            reason = "below the origin: the sender's own claim"
            verdicts.append(HopVerdict(hop.index, ip, host, hop.by, BEYOND, False, reason))
            continue
        rdns = _hop_rdns(hop)
        host = rdns or hop.from_helo
        webmail = _webmail(hop, _folded(hop.raw)) if ip is None else None
        if webmail is not None:
            # Written where the message was made (Gmail's "with HTTPREST" API, a webmail
            # front end): a Received line below it came in the message the sender uploaded.
            provider = _provider_of_host(hop.by, table)
            verdicts.append(
                HopVerdict(hop.index, None, host, hop.by, SUBMISSION, True, webmail, provider, rdns)
            )
            believing = False
            continue
        if ip is None:
            reason = "no connecting IP (internal or local hop)"
            verdicts.append(
                HopVerdict(hop.index, None, host, hop.by, NO_IP, True, reason, None, rdns)
            )
            continue
        role, reason, provider = _judge(hop, ip, rdns, table, ctx.our_domains)
        if role == SUBMISSION:
            provider = _provider_of_host(hop.by, table)
        trusted = role != ORIGIN
        verdicts.append(
            HopVerdict(hop.index, ip, host, hop.by, role, trusted, reason, provider, rdns)
        )
        if role in (ORIGIN, SUBMISSION):
            believing = False
    return verdicts


def _provider_of_host(host: str | None, table: _TrustTable) -> str | None:
    if not host:
        return None
    label = table.host_label(host)
    return None if label in (None, _CONFIGURED) else label


@dataclass(frozen=True, slots=True)
class _Origin:
    ip: str | None
    client_ip: str | None
    source: str
    provider: str | None
    freemail: bool
    located_ip: str | None
    located_by: str  # words for the evidence: "origin relay", "client, ESMTPSA …"
    trusted_hop: int | None
    private_only: bool
    helo_forged: str | None


def locate(msg: ParsedMessage, ctx: Context, hops: list[HopVerdict]) -> _Origin:
    """Summarise the walk (``hops``, as ``walk`` returned them): origin IP, client IP, provider
    and the IP to locate the sender by."""
    table = _trust_table(ctx.trusted_networks, ctx.trusted_hosts)
    origin = next((v for v in hops if v.role == ORIGIN), None)
    submission = next((v for v in hops if v.role == SUBMISSION), None)
    relays = [v for v in hops if v.role == RELAY and v.ip is not None and is_public_ip(v.ip)]
    believed = [v for v in hops if v.role != BEYOND]
    trusted_hop = believed[-1].index if believed else None
    any_public = any(v.ip is not None and is_public_ip(v.ip) for v in hops)

    if origin is not None:
        forged = _forged_helo(msg.received[hops.index(origin)], origin, table, ctx.our_domains)
        return _Origin(
            origin.ip, None, "received", None, False, origin.ip,
            "origin relay", trusted_hop, False, forged,
        )  # fmt: skip

    provider = None
    if submission is not None and submission.provider is not None:
        provider = submission.provider
    elif relays:
        provider = relays[-1].provider
    server_ip = relays[-1].ip if relays else None
    freemail = provider is not None
    client_ip, client_source = None, "received"
    if submission is not None and submission.ip is not None and is_public_ip(submission.ip):
        client_ip = submission.ip
        located_by = f"client, {submission.reason} to {submission.by or 'provider'}"
    elif provider in _CLIENT_IP_PROVIDERS:
        client_ip, header = _client_ip_from_headers(msg.extra_headers)
        client_source = "x-originating-ip"
        located_by = f"client, {header} header"
    if client_ip is not None:
        return _Origin(
            server_ip, client_ip, client_source, provider, freemail, client_ip,
            located_by, trusted_hop, False, None,
        )  # fmt: skip
    source = "received" if server_ip else "none"
    located_by = f"{provider} server" if provider else "last trusted relay"
    return _Origin(
        server_ip, None, source, provider, freemail, server_ip,
        located_by, trusted_hop, not any_public, None,
    )  # fmt: skip


def _client_ip_from_headers(headers: Mapping[str, tuple[str, ...]]) -> tuple[str | None, str]:
    for name in _CLIENT_IP_HEADERS:
        for value in headers.get(name, ()):
            # "[IPv6:2a02:8100::7]" would otherwise read as "6:2a02:8100::7".
            for token in _IP_TOKEN.findall(_IPV6_TAG.sub(" ", value)):
                if token.count(":") == 1 and "." in token:
                    token = token.partition(":")[0]  # "41.58.77.9:51234": IPv4 and a port
                ip = normalize_ip(token)
                if ip is not None and is_public_ip(ip):
                    return ip, name
    return None, ""


def _forged_helo(
    hop: Hop, verdict: HopVerdict, table: _TrustTable, ours: frozenset[str]
) -> str | None:
    """Evidence when an untrusted relay's HELO names a provider's or our own host."""
    helo = (hop.from_helo or "").lower().rstrip(".")
    if not helo or normalize_ip(helo.strip("[]")) is not None:
        return None
    claimed = table.host_label(helo)
    if claimed is None and not in_domains(helo, ours):
        return None
    return f"HELO {helo} from {verdict.ip} ({verdict.rdns or 'no rDNS'})"


def analyze(msg: ParsedMessage, ctx: Context, found: Mapping[str, Finding]) -> Findings:
    """Origin signals of one message: see SPECS."""
    verdicts = walk(msg, ctx)
    where = locate(msg, ctx, verdicts)
    # Gmail's or 163's server stands where the provider put it, not where the sender sits.
    sender_ip = None if where.freemail and not where.client_ip else where.located_ip
    country = ctx.geo.country(sender_ip) if sender_ip else None
    zone = ctx.geo.timezone(sender_ip) if sender_ip else None
    origin_hop = next((v for v in verdicts if v.role == ORIGIN), None)
    ip_evidence = _hop_evidence(origin_hop) if origin_hop else where.located_by
    home = _home_connection(origin_hop) if origin_hop else None
    located = f"{where.located_ip} ({where.located_by})" if where.located_ip else ""
    provider_evidence = ""
    if where.freemail:
        provider_evidence = f"chain ends in {where.provider} servers ({where.ip or 'no IP'})"
    return {
        "origin.ip": Finding(where.ip, clip(ip_evidence if where.ip else "")),
        "origin.client_ip": Finding(where.client_ip, clip(located if where.client_ip else "")),
        "origin.source": Finding(where.source, clip(located)),
        "origin.freemail_server": Finding(where.freemail, clip(provider_evidence)),
        "origin.provider": Finding(where.provider, clip(provider_evidence)),
        "origin.country": Finding(
            country, clip(f"{country_name(country)} IP {located}" if country else "")
        ),
        "origin.timezone": Finding(zone, clip(f"{zone} for IP {located}" if zone else "")),
        "origin.private_only": Finding(
            where.private_only, "no public IP in Received" if where.private_only else ""
        ),
        "origin.hops": Finding(len(msg.received), f"{len(msg.received)} Received headers"),
        "origin.helo_forged": Finding(where.helo_forged is not None, where.helo_forged or ""),
        "origin.trusted_hop": Finding(
            where.trusted_hop,
            f"Received #{where.trusted_hop} written by a trusted host"
            if where.trusted_hop is not None
            else "",
        ),
        "origin.home_connection": Finding(home is not None, clip(home or "")),
    }


def _home_connection(origin: HopVerdict) -> str | None:
    """Evidence that the origin is a home or dynamic line rather than a mail server: a
    reverse DNS name made of its IP's digits or of words like dsl or pool. (A missing name
    proves nothing: many servers write the header without one.)"""
    rdns = origin.rdns
    if rdns is None or origin.ip is None:
        return None
    octets = origin.ip.split(".")
    if _DYNAMIC_NAME.search(rdns) or (
        len(octets) == 4 and len(set(_DIGIT_RUN.findall(rdns)) & set(octets)) >= 3
    ):
        return f"{origin.ip} is {rdns}, a home or dynamic line"
    return None


def _hop_evidence(verdict: HopVerdict) -> str:
    host = verdict.host or "unknown"
    by = f" by {verdict.by}" if verdict.by else ""
    return f"Received #{verdict.index}: from {host} [{verdict.ip}]{by}"
