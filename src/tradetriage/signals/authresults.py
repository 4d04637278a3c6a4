"""Which authentication verdicts to believe, and what vouches for a sender's domain.

Authentication results are only believed when *our* side wrote them: the top-most
Authentication-Results header (added by the last server, ours) or any whose authserv-id is one of
our hosts. A sender can write any "spf=pass" lower down, so those are ignored.

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


def auth_failures(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> tuple[str, ...]:
    """Failed checks ("spf=fail", "dmarc=fail" …) from the Authentication-Results our side
    wrote, plus the top-most Received-SPF. A method that also passed there is not a failure
    (one broken DKIM signature next to a good one is common on forwarded mail)."""
    results: list[tuple[str, str]] = []
    for header in trusted_results(headers, ctx):
        results.extend((method, result) for method, result, _ in _checks(header))
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
    results our side wrote (``trusted_results``), and the top-most Received-SPF unless our
    side's results are there to say it all (an unknown server's top-most results cannot
    silence our MX's SPF verdict). A hard failure only (a softfail is what "~all" gives a
    company's own web form or CRM). An SPF failure counts only without a pass for ``domain``
    (forwarding breaks SPF); nothing outweighs a DMARC failure, so a pass a sender forged in
    our server's name (which RFC 8601 asks our server to delete) cannot hide a spoof of a
    domain with DMARC."""
    checks: list[tuple[str, str, tuple[str, ...]]] = []
    ours = _our_results(headers, ctx)
    # (Only mail From our own domain that came from outside is asked: reading the headers
    # twice costs nothing.)
    for header in ours or trusted_results(headers, ctx):
        checks.extend(_checks(header))
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


def trusted_results(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> list[str]:
    """The Authentication-Results (and ARC copies) written by our hosts; failing that, the
    top-most Authentication-Results header only."""
    return _our_results(headers, ctx) or list(headers.get("authentication-results", ())[:1])


def _our_results(headers: Mapping[str, tuple[str, ...]], ctx: Context) -> list[str]:
    """The Authentication-Results (and ARC copies) in the name of one of our hosts."""
    plain = headers.get("authentication-results", ())
    arc = [_strip_instance(h) for h in headers.get("arc-authentication-results", ())]
    return [h for h in (*plain, *arc) if _is_ours(_authserv_id(h), ctx)]


def vouched_for(msg: ParsedMessage, ctx: Context, domain: str, origin_ip: str | None) -> bool:
    """True when a header vouches for ``domain``: a passing check our servers recorded whose
    identity (header.d, header.from, header.i, smtp.mailfrom) is under it, a DKIM signature of
    it, or a relay our side named under it above the outside hop."""
    headers = msg.extra_headers
    results = trusted_results(headers, ctx)
    # Our servers' verdict, when they wrote one, outranks a signature header anyone can add.
    # A pass only vouches for the identity of its own check ("spf=pass smtp.mailfrom=x.ru" says
    # nothing about a From of paypal.com written next to "dmarc=fail header.from=paypal.com").
    for header in results:
        for _, result, identities in _checks(header):
            if result == "pass" and any(under(d, domain) for d in identities):
                return True
    if not results:
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


def _is_ours(host: str, ctx: Context) -> bool:
    return _is_ours_cached(host, ctx.our_domains, ctx.trusted_hosts)


# auth_failures and vouched_for both read a message's results: parse each header once.
@lru_cache(maxsize=1024)
def _checks(header: str) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
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
