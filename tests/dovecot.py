"""A real, throw-away Dovecot for the tests and benchmarks.

``start_dovecot(base_dir, users)`` writes a private config under ``base_dir`` (no system file is
read or touched), starts ``dovecot -F -c CONF`` listening on 127.0.0.1 only — plain IMAP on one
free port, implicit TLS with a freshly generated self-signed certificate on another — and waits
until both answer. Mail is Maildir, users come from a passwd-file with plain passwords, and every
IMAP session's counters (bodies and headers fetched, messages expunged) are read back from
Dovecot's log, so a test can prove from the server's side what a client fetched.

Importable on its own (the benchmarks put ``tests/`` on ``sys.path``); it needs only the standard
library, imapclient and the ``dovecot`` and ``openssl`` programs.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from imapclient import IMAPClient

HOST = "127.0.0.1"
_APPENDUID = re.compile(rb"APPENDUID \d+ (\d+)")
_SESSION_END = re.compile(rb"imap\([^)]*\)<[^>]*><[^>]*>: Info: Disconnected")
_COUNTER = re.compile(
    r"\b(in|out|deleted|expunged|hdr_count|hdr_bytes|body_count|body_bytes)=(\d+)"
)


class DovecotUnavailable(RuntimeError):
    """Dovecot (or openssl) is not installed, or the server did not come up."""


def dovecot_version() -> tuple[int, int]:
    """(major, minor) of the installed Dovecot; raises DovecotUnavailable when it is missing."""
    binary = shutil.which("dovecot") or (
        "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
    )
    if binary is None:
        raise DovecotUnavailable("dovecot is not installed (scripts/install-system-deps.sh)")
    out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"(\d+)\.(\d+)", out.stdout.strip())
    if match is None:
        raise DovecotUnavailable(f"cannot read the Dovecot version from {out.stdout!r}")
    return int(match.group(1)), int(match.group(2))


@dataclass
class DovecotServer:
    """A running private Dovecot. ``stop()`` ends it; the files stay under ``base_dir``."""

    base_dir: Path
    port: int
    tls_port: int
    ca_file: Path
    process: subprocess.Popen[bytes]
    passwords: dict[str, str]
    uid: int
    gid: int
    version: tuple[int, int]
    host: str = HOST
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.base_dir / "dovecot.log"

    # -- users and files -------------------------------------------------------------------

    def home(self, user: str) -> Path:
        """The user's home folder (holds the Maildir)."""
        return self.base_dir / "mail" / user

    def maildir(self, user: str) -> Path:
        """The user's INBOX Maildir (``cur/``, ``new/``, ``tmp/``; sub-folders are ``.Name``)."""
        return self.home(user) / "Maildir"

    def folder_dir(self, user: str, folder: str) -> Path:
        """The Maildir++ directory of a folder (ASCII names only: others are modified UTF-7)."""
        if folder.upper() == "INBOX":
            return self.maildir(user)
        return self.maildir(user) / f".{folder}"

    def add_user(self, user: str, password: str) -> None:
        """Add a user to the running server (slow: see ``add_users``)."""
        self.add_users({user: password})

    def add_users(self, users: dict[str, str]) -> None:
        """Add users to the running server. Dovecot re-reads the passwd-file when it changes,
        but looks at it at most once per second, so this waits for the next second; add users
        up front (``start_dovecot``'s ``users``) when there are many."""
        self._make_homes(users)
        self.passwords.update(users)
        _write_passwd(self.base_dir / "passwd", self.passwords, self.uid, self.gid, self.base_dir)
        written = int(time.time())
        while int(time.time()) == written:
            time.sleep(0.02)

    def _make_homes(self, users: Iterable[str]) -> None:
        for user in users:
            if user in self.passwords:
                raise ValueError(f"user {user!r} exists already")
            for path in (self.maildir(user) / part for part in ("cur", "new", "tmp")):
                path.mkdir(parents=True, exist_ok=True)
            for path in [self.home(user), *self.home(user).rglob("*")]:
                os.chown(path, self.uid, self.gid)

    def log_mark(self) -> int:
        """A position in the server log after every session so far has been logged;
        ``sessions(user, since=mark)`` reads what comes after it."""
        deadline = time.monotonic() + 3
        while True:
            data = self.log_path.read_bytes() if self.log_path.exists() else b""
            logins = data.count(b"imap-login: Info: Login:")
            ended = len(_SESSION_END.findall(data))
            if logins <= ended or time.monotonic() > deadline:
                return len(data)
            time.sleep(0.02)

    def sessions(self, user: str, since: int = 0, expect: int = 1) -> list[dict[str, int]]:
        """Counters of ``user``'s IMAP sessions that ended after ``since``, from Dovecot's
        logout line: ``body_count``/``body_bytes`` count message bodies the client fetched,
        ``hdr_count`` headers, ``expunged`` deletions. Waits briefly for ``expect`` sessions,
        as the log process writes a moment after the client has gone."""
        deadline = time.monotonic() + 3
        while True:
            with self.log_path.open("rb") as handle:
                handle.seek(since)
                text = handle.read().decode("utf-8", "replace")
            found = [
                {key: int(value) for key, value in _COUNTER.findall(line)}
                for line in text.splitlines()
                if f"imap({user})" in line and "Disconnected" in line
            ]
            if len(found) >= expect or time.monotonic() > deadline:
                return found
            time.sleep(0.05)

    # -- IMAP helpers ------------------------------------------------------------------------

    @contextmanager
    def client(self, user: str) -> Iterator[IMAPClient]:
        """A logged-in imapclient connection over plain IMAP, logged out afterwards."""
        from imapclient import IMAPClient

        imap = IMAPClient(self.host, port=self.port, ssl=False, timeout=30)
        try:
            imap.plain_login(user, self.passwords[user])  # SASL PLAIN: UTF-8 passwords
            yield imap
        finally:
            try:
                imap.logout()
            except Exception:  # the test may have broken the connection on purpose
                imap.shutdown()

    def append(
        self,
        user: str,
        folder: str,
        raw: bytes,
        flags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> int:
        """APPEND one message (``when``: its INTERNALDATE); returns its UID (APPENDUID)."""
        return self.append_many(user, folder, [raw], flags, when)[0]

    def append_many(
        self,
        user: str,
        folder: str,
        raws: Iterable[bytes],
        flags: Sequence[str] = (),
        when: datetime | None = None,
    ) -> list[int]:
        """APPEND several messages over one connection; returns their UIDs in order."""
        uids: list[int] = []
        with self.client(user) as imap:
            for raw in raws:
                answer = imap.append(folder, raw, flags=tuple(flags), msg_time=when)
                match = _APPENDUID.search(answer)
                if match is None:
                    raise RuntimeError(f"APPEND gave no APPENDUID: {answer!r}")
                uids.append(int(match.group(1)))
        return uids

    def create_folder(self, user: str, name: str) -> None:
        """Create a folder; imapclient encodes non-ASCII names in modified UTF-7."""
        with self.client(user) as imap:
            imap.create_folder(name)

    def set_flags(
        self, user: str, folder: str, uids: Sequence[int], flags: Sequence[str], *, add: bool = True
    ) -> None:
        """Add (or with ``add=False`` remove) flags on messages, like another mail client would."""
        with self.client(user) as imap:
            imap.select_folder(folder)
            if add:
                imap.add_flags(list(uids), list(flags))
            else:
                imap.remove_flags(list(uids), list(flags))

    def expunge(self, user: str, folder: str, uids: Sequence[int]) -> None:
        """Delete and expunge exactly these UIDs (UID EXPUNGE)."""
        with self.client(user) as imap:
            imap.select_folder(folder)
            imap.delete_messages(list(uids))
            imap.uid_expunge(list(uids))

    def uidvalidity(self, user: str, folder: str) -> int:
        """The folder's current UIDVALIDITY (STATUS)."""
        with self.client(user) as imap:
            status = imap.folder_status(folder, [b"UIDVALIDITY"])
        return int(status[b"UIDVALIDITY"])

    def uids(self, user: str, folder: str) -> list[int]:
        """Every UID in the folder, ascending."""
        with self.client(user) as imap:
            imap.select_folder(folder, readonly=True)
            return sorted(int(u) for u in imap.search("ALL"))

    def flags(self, user: str, folder: str) -> dict[int, set[str]]:
        """UID → flags as the server holds them (read-only, so nothing changes)."""
        with self.client(user) as imap:
            imap.select_folder(folder, readonly=True)
            # Listed UIDs, not "1:*": imapclient 4.1's fetch cannot take ranges.
            answer = imap.fetch(imap.search("ALL"), [b"FLAGS"])
        return {
            int(uid): {f.decode() if isinstance(f, bytes) else str(f) for f in data[b"FLAGS"]}
            for uid, data in answer.items()
        }

    def reset_uidvalidity(self, user: str, folder: str) -> int:
        """Make Dovecot forget a folder's UIDs, as a server restore or migration does: its
        ``dovecot-uidlist`` and index files go, the messages stay. The next session re-scans the
        Maildir and hands out a new UIDVALIDITY and fresh UIDs. Returns the new UIDVALIDITY."""
        before = self.uidvalidity(user, folder)
        directory = self.folder_dir(user, folder)
        for path in directory.iterdir():
            if path.name.startswith("dovecot-uidlist") or path.name.startswith("dovecot.index"):
                path.unlink()
        after = self.uidvalidity(user, folder)
        if after == before:
            raise RuntimeError(f"UIDVALIDITY of {folder} stayed {before}")
        return after

    def kick(self, user: str) -> None:
        """Drop every IMAP connection of ``user`` at once, as a server restart or a network
        failure would (``doveadm kick``, which signals the user's imap processes)."""
        subprocess.run(
            ["doveadm", "-c", str(self.base_dir / "dovecot.conf"), "kick", user],
            check=True,
            capture_output=True,
            timeout=10,
        )

    # -- life cycle ----------------------------------------------------------------------------

    def stop(self) -> None:
        """End the server (SIGTERM, then SIGKILL); its files stay for a post-mortem."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_dovecot(base_dir: Path, users: dict[str, str]) -> DovecotServer:
    """Start a private Dovecot under ``base_dir`` with these users (name → password)."""
    version = dovecot_version()
    if shutil.which("openssl") is None:
        raise DovecotUnavailable("openssl is not installed (scripts/install-system-deps.sh)")
    base_dir = base_dir.resolve()
    base_dir.mkdir(parents=True, exist_ok=True)
    uid, gid, names = _mail_identity()
    if os.geteuid() == 0:
        # Mail processes run as an unprivileged user and must reach the Maildirs.
        base_dir.chmod(0o755)
        _check_reachable(base_dir)
    for part in ("run", "state", "mail"):
        (base_dir / part).mkdir(exist_ok=True)
    os.chown(base_dir / "mail", uid, gid)
    cert, key = _self_signed_certificate(base_dir)
    port, tls_port = _free_port(), _free_port()
    config = base_dir / "dovecot.conf"
    template = _CONFIG_24 if version >= (2, 4) else _CONFIG_23
    config.write_text(
        template.format(
            base=base_dir,
            port=port,
            tls_port=tls_port,
            cert=cert,
            key=key,
            login_user=names[0],
            internal_user=names[1],
            internal_group=names[2],
            chroot="" if os.geteuid() == 0 else "chroot =",
        ),
        encoding="utf-8",
    )
    _write_passwd(base_dir / "passwd", dict(users), uid, gid, base_dir)
    log = base_dir / "dovecot.log"
    process = subprocess.Popen(
        ["dovecot", "-F", "-c", str(config)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=(base_dir / "dovecot.stderr").open("wb"),
    )
    server = DovecotServer(base_dir, port, tls_port, cert, process, {}, uid, gid, version)
    try:
        server._make_homes(users)
        server.passwords.update(users)
        _wait_for(server, (port, tls_port), log)
    except BaseException:
        server.stop()
        raise
    return server


def _mail_identity() -> tuple[int, int, tuple[str, str, str]]:
    """uid/gid for mail processes and the (login, internal user, internal group) names."""
    if os.geteuid() != 0:
        me = pwd.getpwuid(os.geteuid())
        return me.pw_uid, me.pw_gid, (me.pw_name, me.pw_name, _group_name(me.pw_gid))
    nobody = pwd.getpwnam("nobody")
    login = "dovenull" if _user_exists("dovenull") else "nobody"
    internal = "dovecot" if _user_exists("dovecot") else "nobody"
    group = _group_name(pwd.getpwnam(internal).pw_gid)
    return nobody.pw_uid, nobody.pw_gid, (login, internal, group)


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _group_name(gid: int) -> str:
    import grp

    return grp.getgrgid(gid).gr_name


def _check_reachable(path: Path) -> None:
    for parent in [path, *path.parents]:
        if not parent.stat().st_mode & 0o001:
            raise DovecotUnavailable(
                f"{parent} is not searchable by other users; Dovecot's unprivileged mail "
                f"processes cannot reach {path} (use a folder under /tmp made with mode 755)"
            )


def _write_passwd(path: Path, users: dict[str, str], uid: int, gid: int, base: Path) -> None:
    # user:{SCHEME}password:uid:gid:gecos:home:shell: the scheme prefix works in 2.3 and 2.4.
    lines = [
        f"{user}:{{PLAIN}}{password}:{uid}:{gid}::{base / 'mail' / user}::\n"
        for user, password in users.items()
    ]
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(lines), encoding="utf-8")
    tmp.chmod(0o644)
    tmp.replace(path)  # atomic: Dovecot never reads half a file


def _self_signed_certificate(base: Path) -> tuple[Path, Path]:
    cert, key = base / "server.crt", base / "server.key"
    if not cert.exists():
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "3",
                "-subj", "/CN=127.0.0.1/O=tradetriage tests",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(key), "-out", str(cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        key.chmod(0o600)
    return cert, key


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _wait_for(server: DovecotServer, ports: Sequence[int], log: Path) -> None:
    deadline = time.monotonic() + 20
    waiting = list(ports)
    while waiting and time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise DovecotUnavailable(
                f"dovecot exited with {server.process.returncode}: {_tail(server, log)}"
            )
        try:
            with socket.create_connection((HOST, waiting[0]), timeout=1):
                waiting.pop(0)
        except OSError:
            time.sleep(0.05)
    if waiting:
        raise DovecotUnavailable(f"dovecot did not listen on {waiting}: {_tail(server, log)}")


def _tail(server: DovecotServer, log: Path) -> str:
    text = ""
    for path in (server.base_dir / "dovecot.stderr", log):
        if path.exists():
            text += path.read_text("utf-8", "replace")[-2000:]
    return text.strip() or "(no log)"


# Dovecot 2.3 (Debian 12, Ubuntu 24.04).
_CONFIG_23 = """\
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
# Loopback only: plain LOGIN without TLS is what security = "plain" tests.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Tests try wrong passwords on purpose: answer at once, not after the default 2 s.
auth_failure_delay = 0
ssl = yes
ssl_cert = <{cert}
ssl_key = <{key}
mail_location = maildir:~/Maildir
# Throw-away mail: no fsync per message (APPENDs are five times faster).
mail_fsync = never
passdb {{
  driver = passwd-file
  args = {base}/passwd
}}
userdb {{
  driver = passwd-file
  args = {base}/passwd
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  {chroot}
}}
"""

# Dovecot 2.4 (Debian 13) renamed most of the settings above.
_CONFIG_24 = """\
dovecot_config_version = 2.4.0
dovecot_storage_version = 2.4.0
base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
info_log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
auth_allow_cleartext = yes
auth_mechanisms = plain login
auth_failure_delay = 0
ssl = yes
ssl_server_cert_file = {cert}
ssl_server_key_file = {key}
mail_driver = maildir
mail_path = ~/Maildir
mail_fsync = never
passdb passwd-file {{
  passwd_file_path = {base}/passwd
}}
userdb passwd-file {{
  passwd_file_path = {base}/passwd
}}
service imap-login {{
  {chroot}
  inet_listener imap {{
    listen = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    listen = 127.0.0.1
    port = {tls_port}
    ssl = yes
  }}
}}
service anvil {{
  {chroot}
}}
"""
