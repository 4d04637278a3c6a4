"""Connecting to an IMAP account, with every failure turned into a one-line, actionable error."""

from __future__ import annotations

import socket
import ssl
from typing import TYPE_CHECKING

from tradetriage.config import AccountConfig
from tradetriage.errors import ImapAuthError, ImapConnectError, ImapError, ImapTlsError

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
    try:
        _login(client, account.username, password)
    except LoginError as exc:
        _logout_quietly(client)
        raise ImapAuthError(
            f"{where}: login refused for {account.username}",
            "check the username and the password source in the config",
        ) from exc
    except (OSError, client.Error) as exc:
        raise ImapConnectError(f"{where}: connection lost while logging in: {exc}") from exc
    return client


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


def _logout_quietly(client: IMAPClient) -> None:
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
    return ImapError(f"{where}: {exc}")
