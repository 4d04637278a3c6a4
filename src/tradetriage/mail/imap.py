"""Connecting to an IMAP account, with every failure turned into a one-line, actionable error."""

from __future__ import annotations

import imaplib
import logging
import re
import socket
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tradetriage.config import AccountConfig
from tradetriage.errors import ImapAuthError, ImapConnectError, ImapError, ImapTlsError
from tradetriage.mail.headers import parse_date

if TYPE_CHECKING:
    from imapclient import IMAPClient

# Flag names as imapclient exposes the SPECIAL-USE attributes (RFC 6154).
SPECIAL_USE = {"\\Sent", "\\Drafts", "\\Archive", "\\Junk", "\\Trash", "\\All", "\\Flagged"}


def tls_context(account: AccountConfig) -> ssl.SSLContext:
    """A verifying TLS context; trusts the account's CA file in addition to the system's."""
    context = ssl.create_default_context()
    if account.tls_ca_file is not None:
        try:
            context.load_verify_locations(cafile=str(account.tls_ca_file.expanduser()))
        except (OSError, ssl.SSLError) as exc:
            raise ImapTlsError(
                f"account {account.name!r}: cannot load tls_ca_file {account.tls_ca_file}: {exc}"
            ) from exc
    return context


def connect(account: AccountConfig, password: str) -> IMAPClient:
    """Open, secure and log in to the account's server."""
    from imapclient import IMAPClient
    from imapclient.exceptions import LoginError

    where = f"{account.host}:{account.effective_port}"
    try:
        client = IMAPClient(
            account.host,
            port=account.effective_port,
            ssl=account.security == "tls",
            ssl_context=tls_context(account) if account.security == "tls" else None,
            timeout=account.timeout,
        )
        if account.security == "starttls":
            client.starttls(tls_context(account))
    except ssl.SSLCertVerificationError as exc:
        raise ImapTlsError(
            f"{where}: the server's TLS certificate is not trusted ({exc.verify_message})",
            "if this is your company's self-signed server, set tls_ca_file to its certificate",
        ) from exc
    except ssl.SSLError as exc:
        raise ImapTlsError(f"{where}: TLS handshake failed: {exc}") from exc
    except socket.gaierror as exc:
        raise ImapConnectError(
            f"{where}: cannot resolve host name ({exc.strerror})", "check `host` in the config"
        ) from exc
    except TimeoutError as exc:
        raise ImapConnectError(
            f"{where}: connection timed out", "check host, port and your network"
        ) from exc
    except OSError as exc:
        raise ImapConnectError(
            f"{where}: cannot connect ({exc.strerror or exc})",
            "check host, port and security (tls is usually 993, starttls 143)",
        ) from exc
    except Exception as exc:  # imaplib raises its own error types for protocol problems
        raise ImapConnectError(f"{where}: {exc}") from exc
    client.normalise_times = False
    _quiet_protocol_log(client)
    try:
        _login(client, account.username, password)
    except LoginError as exc:
        logout_quietly(client)
        raise ImapAuthError(
            f"{where}: login refused for {account.username}",
            "check the username and the password source in the config",
        ) from exc
    except (OSError, client.Error) as exc:
        raise ImapConnectError(f"{where}: connection lost while logging in: {exc}") from exc
    return client


def _quiet_protocol_log(client: IMAPClient) -> None:
    """Stop imaplib formatting every response for a log nobody reads.

    imapclient sets imaplib's ``debug = 5`` so that the protocol goes to its
    "imapclient.imaplib" logger; imaplib then builds ``repr()`` of every response, bodies
    included, before the logger drops it: ~15% of a large sync's CPU. Kept when that logger
    is on, so protocol debugging still works.
    """
    if not logging.getLogger("imapclient.imaplib").isEnabledFor(logging.DEBUG):
        client._imap.debug = 0  # the only switch imaplib offers


def _login(client: IMAPClient, username: str, password: str) -> None:
    # IMAP LOGIN only carries ASCII (imaplib raises UnicodeEncodeError otherwise); SASL PLAIN
    # is UTF-8 by definition (RFC 4616), so a password such as "销售2024" goes that way.
    if (username + password).isascii():
        client.login(username, password)
    elif b"AUTH=PLAIN" in client.capabilities():
        client.plain_login(username, password)
    else:
        raise ImapAuthError(
            f"{username}: the password has non-ASCII characters and the server offers no "
            "AUTH=PLAIN to send them",
            "use an ASCII password for this mailbox",
        )


def logout_quietly(client: IMAPClient) -> None:
    """Log out, or just close the socket when the connection is already gone."""
    try:
        client.logout()
    except Exception:  # the connection may already be gone; nothing is lost by ignoring it
        client.shutdown()


def resolve_folders(client: IMAPClient, wanted: list[str]) -> list[str]:
    """Server folder names for the configured list; ``\\Sent`` and friends by SPECIAL-USE."""
    resolved: list[str] = []
    listing = None
    for name in wanted:
        if name not in SPECIAL_USE:
            resolved.append(name)
            continue
        if listing is None:
            listing = client.list_folders()
        match = _special_folder(listing, name)
        if match is not None and match not in resolved:
            resolved.append(match)
    return resolved


def _special_folder(listing: list[tuple[tuple[bytes, ...], bytes, str]], flag: str) -> str | None:
    target = flag.encode()
    for flags, _delimiter, folder in listing:
        if target in flags:
            return folder
    # Servers without SPECIAL-USE: fall back to the usual English names.
    common = {"\\Sent": ["Sent", "Sent Items", "Sent Messages", "INBOX.Sent"]}.get(flag, [])
    names = {folder for _, _, folder in listing}
    return next((n for n in common if n in names), None)


def imap_error(account: AccountConfig, exc: BaseException) -> ImapError:
    """Wrap an error raised mid-session (dropped connection, protocol error) with context."""
    where = f"{account.host}:{account.effective_port}"
    if isinstance(exc, (OSError, EOFError)):
        return ImapConnectError(f"{where}: connection lost ({exc})", "run the command again")
    if isinstance(exc, imaplib.IMAP4.abort):
        # The server hung up mid-command (BYE on shutdown or a kick): imaplib words it as
        # "command: UID => Server shutting down."; the reason is the part after the arrow.
        reason = str(exc).rpartition("=>")[2].strip() or str(exc)
        return ImapConnectError(
            f"{where}: connection lost (server: {reason})", "run the command again"
        )
    return ImapError(f"{where}: {exc}")


@dataclass(frozen=True, slots=True)
class FetchedBody:
    """One message of a bulk body fetch: its bytes and what the sync stores beside them."""

    uid: int
    raw: bytes
    flags: tuple[str, ...]
    internaldate: datetime | None


_UID = re.compile(rb"\bUID (\d+)")
_FLAGS = re.compile(rb"\bFLAGS \(([^)]*)\)")
_INTERNALDATE = re.compile(rb'\bINTERNALDATE "([^"]+)"')
_BODY_LITERAL = re.compile(rb"\bBODY\[\] \{\d+\}$")


def fetch_bodies(client: IMAPClient, uids: Sequence[int]) -> list[FetchedBody]:
    """``UID FETCH (UID FLAGS INTERNALDATE BODY.PEEK[])`` for these UIDs, in UID order.

    Goes through imapclient's underlying imaplib connection: imapclient tokenises every
    response with a pure-Python lexer, which cost the sync's critical path ~0.15 ms a message;
    here only the short line around each body literal is read, with three patterns. A UID this
    reading does not find (a server that sends a body as a quoted string, or an item order it
    does not expect) is fetched again through imapclient's full parser, so nothing is skipped
    because of the shortcut. BODY.PEEK never sets \\Seen. UIDs the server no longer has are
    absent from the result.
    """
    imap = client._imap  # the raw connection: imapclient has no bulk-literal API
    typ, data = imap.uid("FETCH", uid_set(uids), "(UID FLAGS INTERNALDATE BODY.PEEK[])")
    if typ != "OK":
        raise imaplib.IMAP4.error(f"FETCH failed: {_text(data)}")
    wanted = set(uids)
    found: dict[int, FetchedBody] = {}
    # imaplib gives each literal as (line up to the literal, literal) followed by the rest of
    # the line as bytes; servers may put FLAGS or INTERNALDATE on either side of the body.
    for index, item in enumerate(data):
        if not isinstance(item, tuple) or not _BODY_LITERAL.search(item[0]):
            continue
        after = data[index + 1] if index + 1 < len(data) else b""
        meta = item[0] + b" " + (after if isinstance(after, bytes) else b"")
        uid_match = _UID.search(meta)
        if uid_match is None or int(uid_match.group(1)) not in wanted:
            continue  # an unsolicited response for another message
        uid = int(uid_match.group(1))
        found[uid] = FetchedBody(uid, item[1], _flag_names(meta), _internaldate(meta))
    missing = [u for u in uids if u not in found]
    if missing:
        found.update(_fetch_parsed(client, missing))
    return [found[u] for u in sorted(found)]


def _fetch_parsed(client: IMAPClient, uids: list[int]) -> dict[int, FetchedBody]:
    """The same fetch through imapclient's response parser, for what ``fetch_bodies`` missed."""
    found: dict[int, FetchedBody] = {}
    response = client.fetch(uids, [b"BODY.PEEK[]", b"FLAGS", b"INTERNALDATE"])
    for uid, data in response.items():
        body = data.get(b"BODY[]")
        if isinstance(body, bytes):
            flags = tuple(
                f.decode("utf-8", "replace") if isinstance(f, bytes) else str(f)
                for f in data.get(b"FLAGS", ())
            )
            when = data.get(b"INTERNALDATE")
            found[uid] = FetchedBody(uid, body, flags, when if isinstance(when, datetime) else None)
    return found


_SIZE = re.compile(rb"\bRFC822\.SIZE (\d+)")

# UIDs per FETCH command when they are listed one by one: about 7 KB of command line, far
# below servers' limits (Dovecot: 64 KB).
FETCH_CHUNK = 1000


def fetch_sizes(client: IMAPClient, uids: Sequence[int]) -> dict[int, int]:
    """RFC822.SIZE of these UIDs (absent when the server no longer has one), read with two
    patterns per line instead of imapclient's tokenizer: a first sync asks this for every
    message in the folder."""
    imap = client._imap  # the raw connection, as in fetch_bodies
    sizes: dict[int, int] = {}
    for start in range(0, len(uids), FETCH_CHUNK):
        chunk = uids[start : start + FETCH_CHUNK]
        typ, data = imap.uid("FETCH", uid_set(chunk), "(UID RFC822.SIZE)")
        if typ != "OK":
            raise imaplib.IMAP4.error(f"FETCH failed: {_text(data)}")
        wanted = set(chunk)
        for line in data:
            if not isinstance(line, bytes):
                continue
            uid, size = _UID.search(line), _SIZE.search(line)
            if uid is not None and size is not None and int(uid.group(1)) in wanted:
                sizes[int(uid.group(1))] = int(size.group(1))
    return sizes


def uid_set(uids: Iterable[int]) -> str:
    """An IMAP sequence set with runs collapsed: 1,2,3,7,9,10 → "1:3,7,9:10"."""
    runs: list[str] = []
    ordered = sorted(set(uids))
    start = previous = ordered[0] if ordered else 0
    for uid in ordered[1:]:
        if uid != previous + 1:
            runs.append(f"{start}:{previous}" if previous != start else str(start))
            start = uid
        previous = uid
    if ordered:
        runs.append(f"{start}:{previous}" if previous != start else str(start))
    return ",".join(runs)


def _flag_names(meta: bytes) -> tuple[str, ...]:
    match = _FLAGS.search(meta)
    return tuple(match.group(1).decode("utf-8", "replace").split()) if match else ()


def _internaldate(meta: bytes) -> datetime | None:
    # RFC 3501 date-time, "17-Jul-1996 02:44:25 -0700" (the day may be space-padded), is a
    # form the header date parser reads; it gives None for impossible dates such as 31-Feb.
    match = _INTERNALDATE.search(meta)
    return parse_date(match.group(1).decode("ascii", "replace"))[0] if match else None


def _text(data: object) -> str:
    if isinstance(data, list) and data and isinstance(data[0], bytes):
        return data[0].decode("utf-8", "replace")
    return str(data)
