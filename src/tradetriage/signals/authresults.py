"""Which authentication verdicts to believe, and what vouches for a sender's domain.

Authentication results are only believed when *our* side wrote them: those whose authserv-id is
one of our hosts, else the top-most Authentication-Results header (added by the last server,
ours). A sender can write any "spf=pass" lower down, so those are ignored, even in our server's
name (RFC 8601 asks our server to delete such headers; not every one does).

Which headers stand above our first Received line is not kept (the store keeps each header
name's values in order, not the order across names), so the rule is: of our hosts' results, each
method (spf, dkim, dmarc …) counts only from the top-most header that reports it. Our MX adds
its headers above whatever the sender wrote, often one per checking daemon (OpenDKIM, OpenDMARC,
an SPF policy daemon), so taking only the first header would drop real failures. What remains
possible is a forged result for a method our servers never report at all.

A helper of ``phishing`` and ``domain``, not a registered signal module: it produces no signals
of its own.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from functools import lru_cache

from tradetriage.mail.records import ParsedMessage
from tradetriage.signals.base import Context, in_domains, under
from tradetriage.signals.geo import is_public_ip

_AUTH_PAIR = re.compile(r"([a-z][a-z0-9-]*)(?:/\d+)?\s*=\s*([a-z]+)")
_COMMENT = re.compile(r"\([^()]*\)")
_FAILING = frozenset({"fail", "softfail"})
_CHECKED_METHODS = frozenset({"spf", "dkim", "dmarc", "arc", "compauth"})
_ENVELOPE_FROM = re.compile(r"envelope-from=\"?<?[^@\s;\"<>]*@([a-z0-9.-]+)")
_DKIM_DOMAIN = re.compile(r"(?:^|;)\s*d\s*=\s*([a-z0-9.-]+)", re.IGNORECASE)
# The identity a check was about: the signing domain, the From domain, the envelope sender.
_IDENTITY = re.compile(
    r"\b(?:header\.d|header\.from|header\.i|smtp\.mailfrom)\s*=\s*\"?(?:[^\s;@\"]*@)?([a-z0-9.-]+)"
)
# One check: (method, result, the domains it was about).
Check = tuple[str, str, tuple[str, ...]]


def auth_failures(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> tuple[str, ...]:
    """Failed checks ("spf=fail", "dmarc=fail" …) from the Authentication-Results our side
    wrote, plus the top-most Received-SPF. A method that also passed there is not a failure
    (one broken DKIM signature next to a good one is common on forwarded mail)."""
    results = [(method, result) for method, result, _ in trusted_checks(headers, ctx)]
    spf = _received_spf(headers)
    if spf is not None:
        results.append(spf[:2])
    passed = {method for method, result in results if result == "pass"}
    fails: dict[str, None] = {}
    for method, result in results:
        if result in _FAILING and method in _CHECKED_METHODS and method not in passed:
            fails.setdefault(f"{method}={result}", None)
    return tuple(fails)


def failures_for(
    headers: Mapping[str, tuple[str, ...]], ctx: Context, domain: str
) -> tuple[str, ...]:
    """The checks on ``domain`` itself that our server recorded as failed, as "dmarc=fail"
    and "spf=fail": what shows that mail From ``domain`` was not sent by it. Read from the
    results our side wrote (``trusted_checks``), and the top-most Received-SPF unless our
    side's results are there to say it all (an unknown server's top-most results cannot
    silence our MX's SPF verdict). A hard failure only (a softfail is what "~all" gives a
    company's own web form or CRM). An SPF failure counts only without a pass for ``domain``
    (forwarding breaks SPF); nothing outweighs a DMARC failure, so a pass a sender forged in
    our server's name (which RFC 8601 asks our server to delete) cannot hide a spoof of a
    domain with DMARC."""
    ours = _our_checks(headers, ctx)
    top = headers.get("authentication-results", ())[:1]
    checks = list(ours or (_checks(top[0]) if top else ()))
    spf = _received_spf(headers)
    if spf is not None and not ours:
        checks.append(spf)
    passed = set()
    failed: dict[str, None] = {}
    for method, result, identities in checks:
        # A DMARC result is about the From domain whether or not it names it.
        about = (method == "dmarc" and not identities) or any(under(d, domain) for d in identities)
        if about and result == "pass":
            passed.add(method)
        elif about and result == "fail" and method in ("spf", "dmarc"):
            failed.setdefault(f"{method}={result}", None)
    if passed & {"spf", "dkim", "dmarc"}:
        failed.pop("spf=fail", None)
    return tuple(failed)


def _received_spf(
    headers: Mapping[str, tuple[str, ...]],
) -> tuple[str, str, tuple[str, ...]] | None:
    """The top-most Received-SPF as a check: ("spf", its result, the envelope-from's domain
    when it names one)."""
    spf = headers.get("received-spf", ())
    word = spf[0].strip().split(None, 1) if spf else []
    if not word:
        return None
    sender = _ENVELOPE_FROM.search(spf[0].lower())
    return "spf", word[0].lower(), (sender.group(1).strip("."),) if sender else ()


def trusted_checks(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> tuple[Check, ...]:
    """The checks our hosts recorded (see the module's docstring); failing those, the checks of
    the top-most Authentication-Results header only."""
    ours = _our_checks(headers, ctx)
    if ours:
        return ours
    top = headers.get("authentication-results", ())[:1]
    return _checks(top[0]) if top else ()


def _our_checks(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> tuple[Check, ...]:
    plain = headers.get("authentication-results", ())
    arc = headers.get("arc-authentication-results", ())
    if not plain and not arc:
        return ()
    return _our_checks_cached(plain, arc, ctx.our_domains, ctx.trusted_hosts)


# auth_failures, failures_for and vouched_for all read one message's results.
@lru_cache(maxsize=1024)
def _our_checks_cached(
    plain: tuple[str, ...],
    arc: tuple[str, ...],
    our_domains: frozenset[str],
    trusted_hosts: tuple[str, ...],
) -> tuple[Check, ...]:
    """The checks in the Authentication-Results (then ARC copies) in our hosts' names, each
    method only from the top-most header that reports it."""
    found: list[Check] = []
    reported: set[str] = set()
    for header in (*plain, *(_strip_instance(h) for h in arc)):
        if not _is_ours_cached(_authserv_id(header), our_domains, trusted_hosts):
            continue
        checks = _checks(header)
        found.extend(check for check in checks if check[0] not in reported)
        reported.update(check[0] for check in checks)
    return tuple(found)


def vouched_for(msg: ParsedMessage, ctx: Context, domain: str, origin_ip: str | None) -> bool:
    """True when a header vouches for ``domain``: a passing check our servers recorded whose
    identity (header.d, header.from, header.i, smtp.mailfrom) is under it, a DKIM signature of
    it, or a relay our side named under it above the outside hop."""
    headers = msg.extra_headers
    results = trusted_checks(headers, ctx)
    # Our servers' verdict, when they wrote one, outranks a signature header anyone can add.
    # A pass only vouches for the identity of its own check ("spf=pass smtp.mailfrom=x.ru" says
    # nothing about a From of paypal.com written next to "dmarc=fail header.from=paypal.com").
    for _, result, identities in results:
        if result == "pass" and any(under(d, domain) for d in identities):
            return True
    # (A header that checked nothing, "mx.ourco.com; none", still leaves signatures unverified.)
    if not results and not headers.get("authentication-results"):
        for signature in headers.get("dkim-signature", ()):
            match = _DKIM_DOMAIN.search(signature)
            if match and under(match.group(1).lower(), domain):
                return True
    # Only names our side looked up count (reverse DNS, not the HELO the sender chose), and only
    # down to the hop that came in from outside: lower Received lines are the sender's own text.
    for hop in msg.received:
        if hop.from_rdns and under(hop.from_rdns.lower().strip("[]. "), domain):
            return True
        if hop.from_ip and (
            hop.from_ip == origin_ip or (origin_ip is None and is_public_ip(hop.from_ip))
        ):
            break
    return False


def _strip_instance(header: str) -> str:
    # ARC copies start with "i=1;" before the authserv-id.
    head, sep, rest = header.partition(";")
    return rest if sep and head.strip().lower().startswith("i=") else header


def _authserv_id(header: str) -> str:
    first = _COMMENT.sub(" ", header.split(";", 1)[0]).strip().lower()
    return "" if "=" in first else (first.split() or [""])[0]


@lru_cache(maxsize=4096)
def _is_ours_cached(host: str, our_domains: frozenset[str], trusted_hosts: tuple[str, ...]) -> bool:
    if not host:
        return False
    if in_domains(host, our_domains):
        return True
    return any(fnmatch.fnmatchcase(host, pattern.lower()) for pattern in trusted_hosts)


# auth_failures and vouched_for both read a message's results: parse each header once.
@lru_cache(maxsize=1024)
def _checks(header: str) -> tuple[Check, ...]:
    """(method, result, identities) of each check in one Authentication-Results value,
    comments removed; the identities are the domains the check was about."""
    found = []
    for piece in _pieces(header):
        match = _AUTH_PAIR.match(piece)
        if match:
            identities = tuple(d.strip(".") for d in _IDENTITY.findall(piece))
            found.append((match.group(1), match.group(2), identities))
    return tuple(found)


def _pieces(header: str) -> list[str]:
    """The lower-cased, comment-free results of one Authentication-Results value, one per check
    ("spf=pass smtp.mailfrom=example.com"), without the authserv-id."""
    text = _COMMENT.sub(" ", _COMMENT.sub(" ", header.lower()))
    pieces = text.split(";")
    return [piece.strip() for piece in (pieces[1:] if "=" not in pieces[0] else pieces)]
