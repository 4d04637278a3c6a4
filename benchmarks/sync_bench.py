"""Sync benchmark: `tradetriage sync` against mbsync and a bare imaplib loop on a local Dovecot.

Run: ``.venv/bin/python benchmarks/sync_bench.py --messages 10000 --runs 5`` (see README.md),
and with ``--composition text`` for the text-heavy stress corpus (``synthetic.py`` says how the
two are made).

Every contender pulls the same synthetic INBOX from the same Dovecot over loopback into a fresh
target; runs are interleaved (the order rotates each round) so that drift in the machine's state
hits all of them alike. The figures go to stdout and replace the "## Sync" section of
``benchmarks/RESULTS.md`` (``## Sync, text-heavy corpus`` for the stress run); raw timings go to
``benchmarks/out/sync-results[-text].json``.
"""

from __future__ import annotations

import argparse
import email
import email.policy
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from imaplib import IMAP4
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENV_BIN = REPO / ".venv" / "bin"
OUT = HERE / "out"
USER = "bench"
PASSWORD = "bench-secret"

# Targets from the issue ("Mail store, IMAP sync and import", item 9).
TARGET_RESYNC_SECONDS = 0.5
TARGET_PEAK_RSS_MB = 150.0

sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402  (a sibling script, not a package)
from results import RESULTS, write_section  # noqa: E402


class Server(Protocol):
    """What the benchmark needs of a running Dovecot (tests/dovecot.py or the fallback here)."""

    host: str
    port: int

    def maildir(self, user: str) -> Path: ...

    def stop(self) -> None: ...


@dataclass
class Series:
    """Wall times of repeated runs of one contender, with optional peak RSS per run."""

    name: str
    seconds: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)
    # CPU seconds (user + system) of the client side: steadier than wall time on a busy machine.
    cpu: list[float] = field(default_factory=list)
    disk_mb: float = 0.0  # what the last run left on disk: store, Maildir or raw table

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def rate(self, messages: int) -> str:
        """Median msg/s with the spread of the runs (slowest–fastest)."""
        fast, slow = messages / min(self.seconds), messages / max(self.seconds)
        return f"{messages / self.median:,.0f} msg/s ({slow:,.0f}–{fast:,.0f})"

    def cpu_ms(self, messages: int) -> str:
        """Median client CPU time per message."""
        return f"{statistics.median(self.cpu) * 1000 / messages:.2f} ms"

    def wall(self) -> str:
        """Median wall time with the spread of the runs."""
        return f"{self.median:.3f} s ({min(self.seconds):.3f}–{max(self.seconds):.3f})"


# -- corpus ---------------------------------------------------------------------------------


def corpus_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.eml"))


# -- Dovecot --------------------------------------------------------------------------------


def start_server(base: Path) -> tuple[Server, str]:
    """Dovecot on 127.0.0.1 and how it was started: through the test suite's helper when it is
    there, else with the minimal config below."""
    sys.path.insert(0, str(REPO / "tests"))
    try:
        from dovecot import start_dovecot  # type: ignore[import-not-found]
    except ImportError:
        return MiniDovecot(base), "the benchmark's own minimal config (no tests/dovecot.py)"
    server: Server = start_dovecot(base, {USER: PASSWORD})
    return server, "tests/dovecot.py (private config, Maildir)"


class MiniDovecot:
    """A throw-away Dovecot: Maildir, passwd-file, plain auth, loopback only."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.host = "127.0.0.1"
        self.port = _free_port()
        base.mkdir(parents=True, exist_ok=True)
        base.chmod(0o755)  # the unprivileged mail user must reach the Maildirs
        root = os.geteuid() == 0
        uid, gid = (65534, 65534) if root else (os.getuid(), os.getgid())
        me = "" if root else os.environ.get("USER") or _user_name(uid)
        (base / "passwd").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::::\n")
        # As root Dovecot's own unprivileged users (dovenull, dovecot) are used; otherwise
        # every process runs as the current user.
        own_users = "" if root else f"default_login_user = {me}\ndefault_internal_user = {me}\n"
        self.config = base / "dovecot.conf"
        self.config.write_text(
            f"""{own_users}base_dir = {base}/run
state_dir = {base}/state
log_path = {base}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:{base}/mail/%u/Maildir
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {base}/passwd
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={base}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
"""
        )
        for sub in ("new", "cur", "tmp"):
            (self.maildir(USER) / sub).mkdir(parents=True, exist_ok=True)
        for path in (base / "mail", base / "mail" / USER, *self.maildir(USER).rglob("*")):
            os.chown(path, uid, gid)
        os.chown(self.maildir(USER), uid, gid)
        (base / "state").mkdir(exist_ok=True)
        self.process = subprocess.Popen(
            ["dovecot", "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        _wait_for_port(self.host, self.port, self.process, base / "dovecot.log")

    def maildir(self, user: str) -> Path:
        return self.base / "mail" / user / "Maildir"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _user_name(uid: int) -> str:
    import pwd

    return pwd.getpwuid(uid).pw_name


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_port(host: str, port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            err = process.stderr.read().decode() if process.stderr else ""
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise SystemExit(f"dovecot exited ({process.returncode}): {err}{tail}")
        try:
            socket.create_connection((host, port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"dovecot did not listen on {host}:{port} within 15 s")


def load_inbox(server: Server, files: Sequence[Path]) -> float:
    """Drop the corpus into INBOX's Maildir ``new/`` and let Dovecot index it; returns the
    seconds Dovecot's first look at the new files took (SELECT and a FLAGS/size FETCH)."""
    maildir = server.maildir(USER)
    new = maildir / "new"
    new.mkdir(parents=True, exist_ok=True)
    owner = maildir.stat()
    stamp = int(time.time())
    for number, path in enumerate(files):
        target = new / f"{stamp}.M{number}P1.bench"
        shutil.copyfile(path, target)
        os.chown(target, owner.st_uid, owner.st_gid)
    started = time.perf_counter()
    with imap_login(server) as imap:
        # A read-write SELECT moves new/ to cur/ and assigns UIDs, so no contender pays for it.
        typ, data = imap.select("INBOX")
        if typ != "OK" or int(data[0] or 0) != len(files):
            raise SystemExit(f"Dovecot INBOX holds {data!r} messages, expected {len(files)}")
        # Dovecot caches these per message on first request; let nobody's timed run pay that.
        imap.uid("FETCH", "1:*", "(FLAGS INTERNALDATE RFC822.SIZE)")
    return time.perf_counter() - started


@contextmanager
def imap_login(server: Server) -> Iterator[IMAP4]:
    """Logged-in imaplib connection to the benchmark user, logged out on exit."""
    imap = IMAP4(server.host, server.port)
    imap.login(USER, PASSWORD)
    try:
        yield imap
    finally:
        imap.logout()


# -- contenders -----------------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float
    rss_mb: float
    cpu: float
    output: str


# Commands are started by this small launcher, which times them and reports their rusage.
# Linux keeps a process's peak RSS across exec, so a command forked straight from this
# benchmark (which may be large) would start with the benchmark's RSS as its "peak"; the
# launcher is small, and its child's figure is the command's own.
_LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
process = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(process.pid, 0)
seconds = time.perf_counter() - started
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {seconds} {usage.ru_maxrss} "
              f"{usage.ru_utime + usage.ru_stime}")
"""


def run_measured(argv: Sequence[str], env: dict[str, str] | None = None) -> Measured:
    """Run a command, return its wall time and the peak RSS of the largest process in its tree.

    ``os.wait4`` reports the child's own usage merged with that of the descendants it reaped
    (the parser pool's workers), and ``ru_maxrss`` of such a merge is the largest single process,
    not a sum: exactly the figure that must stay under the target.
    """
    with tempfile.NamedTemporaryFile("r", suffix=".rusage") as report:
        process = subprocess.run(
            [sys.executable, "-c", _LAUNCHER, report.name, *argv],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            check=False,
        )
        fields = report.read().split()
    output = process.stdout
    if process.returncode != 0 or len(fields) != 4 or fields[0] != "0":
        raise SystemExit(f"{argv[0]} failed ({fields[:1]}):\n{output[-3000:]}")
    _, seconds, maxrss_kb, cpu = fields
    return Measured(float(seconds), int(maxrss_kb) / 1024, float(cpu), output)


def write_account_config(
    target: Path, server: Server, user: str, password_env: str, name: str
) -> Path:
    """A ``config.toml`` in ``target`` syncing the server's INBOX over plain IMAP into
    ``target/store.db``, the password read from ``password_env``."""
    config = target / "config.toml"
    config.write_text(
        f'store = "{target / "store.db"}"\n\n'
        "[[accounts]]\n"
        f'name = "{name}"\n'
        f'host = "{server.host}"\n'
        f"port = {server.port}\n"
        'security = "plain"\n'
        f'username = "{user}"\n'
        f'password_env = "{password_env}"\n'
        'folders = ["INBOX"]\n'
    )
    return config


class Tradetriage:
    """The real console script, `tradetriage --config CFG sync --quiet`, into a fresh store."""

    def __init__(self, server: Server, work: Path) -> None:
        self.server = server
        self.work = work
        self.env = {**os.environ, "TRADETRIAGE_BENCH_PASSWORD": PASSWORD}

    def config_for(self, target: Path) -> Path:
        target.mkdir(parents=True)
        return write_account_config(
            target, self.server, USER, "TRADETRIAGE_BENCH_PASSWORD", name="bench"
        )

    def sync(self, config: Path) -> Measured:
        argv = [str(VENV_BIN / "tradetriage"), "--config", str(config), "sync", "--quiet"]
        return run_measured(argv, self.env)

    @staticmethod
    def stored(target: Path) -> int:
        with sqlite3.connect(target / "store.db") as conn:
            return int(conn.execute("SELECT count(*) FROM locations").fetchone()[0])


class Mbsync:
    """Debian's isync pulling INBOX into a fresh Maildir.

    mbsync's default fsyncs every message file; ``fsync=False`` (``FSync no``) matches the
    durability of the store's WAL with ``synchronous = NORMAL``, which syncs only at checkpoints.
    """

    def __init__(self, server: Server, *, fsync: bool = True) -> None:
        self.server = server
        self.fsync = fsync

    def config_for(self, target: Path) -> Path:
        (target / "mail").mkdir(parents=True)  # mbsync creates folders, not the store root
        rc = target / "mbsyncrc"
        rc.write_text(
            f"""{"" if self.fsync else "FSync no"}

IMAPAccount bench
Host {self.server.host}
Port {self.server.port}
User {USER}
Pass {PASSWORD}
SSLType None
AuthMechs LOGIN

IMAPStore bench-far
Account bench

MaildirStore bench-near
Path {target}/mail/
Inbox {target}/mail/INBOX

Channel bench
Far :bench-far:
Near :bench-near:
Patterns INBOX
Sync Pull
Create Near
SyncState *
"""
        )
        return rc

    def sync(self, rc: Path) -> Measured:
        return run_measured(["mbsync", "-q", "-c", str(rc), "bench"])

    @staticmethod
    def stored(target: Path) -> int:
        inbox = target / "mail" / "INBOX"
        return sum(1 for sub in ("cur", "new") for _ in (inbox / sub).iterdir())


_UID = re.compile(rb"UID (\d+)")


def imaplib_floor(server: Server, target: Path, batch: int = 250) -> tuple[float, float, int]:
    """The I/O floor: UID FETCH BODY.PEEK[] in batches, raw bytes into SQLite, no parsing."""
    target.mkdir(parents=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(target / "raw.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE raw (uid INTEGER PRIMARY KEY, body BLOB NOT NULL)")
    stored = 0
    with imap_login(server) as imap:
        imap.select("INBOX", readonly=True)
        _, data = imap.uid("SEARCH", "ALL")
        uids = [int(u) for u in data[0].split()]
        for start in range(0, len(uids), batch):
            chunk = ",".join(str(u) for u in uids[start : start + batch])
            _, parts = imap.uid("FETCH", chunk, "(BODY.PEEK[])")
            rows = [
                (int(m.group(1)), part[1])
                for part in parts
                if isinstance(part, tuple) and (m := _UID.search(part[0]))
            ]
            conn.execute("BEGIN")
            conn.executemany("INSERT INTO raw VALUES (?, ?)", rows)
            conn.execute("COMMIT")
            stored += len(rows)
    conn.close()
    return time.perf_counter() - started, time.process_time() - cpu_started, stored


# -- the benchmark --------------------------------------------------------------------------


@dataclass
class Results:
    messages: int
    corpus_mb: float
    composition: str
    index_seconds: float = 0.0
    initial: dict[str, Series] = field(default_factory=dict)
    resync: dict[str, Series] = field(default_factory=dict)
    parse: dict[str, float] = field(default_factory=dict)
    parse_messages: int = 0
    machine: dict[str, str] = field(default_factory=dict)
    script_seconds: float = 0.0


TRADETRIAGE, MBSYNC, MBSYNC_NOFSYNC, FLOOR = (
    "tradetriage sync",
    "mbsync",
    "mbsync, FSync no",
    "imaplib floor",
)


def _tree_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024


def check_count(name: str, got: int, want: int) -> None:
    if got != want:
        raise SystemExit(f"{name} stored {got} messages, expected {want}")


def initial_syncs(
    server: Server, work: Path, runs: int, count: int
) -> tuple[dict[str, Series], dict[str, Path]]:
    """Interleaved initial syncs, each into a fresh target; the last round's targets are kept
    (and returned by contender) for the no-change runs."""
    tt, mb, mb_nofsync = Tradetriage(server, work), Mbsync(server), Mbsync(server, fsync=False)

    def run_floor(target: Path) -> Measured:
        seconds, cpu, stored = imaplib_floor(server, target)
        check_count(FLOOR, stored, count)
        return Measured(seconds, 0.0, cpu, "")

    def run_with(client: Tradetriage | Mbsync) -> Callable[[Path], Measured]:
        def run(target: Path) -> Measured:
            measured = client.sync(client.config_for(target))
            check_count(type(client).__name__, client.stored(target), count)
            return measured

        return run

    contenders: list[tuple[str, Callable[[Path], Measured]]] = [
        (TRADETRIAGE, run_with(tt)),
        (MBSYNC, run_with(mb)),
        (MBSYNC_NOFSYNC, run_with(mb_nofsync)),
        (FLOOR, run_floor),
    ]
    series = {name: Series(name) for name, _ in contenders}
    last: dict[str, Path] = {}
    for round_ in range(runs):
        shift = round_ % len(contenders)
        for number, (name, run) in enumerate(contenders[shift:] + contenders[:shift]):
            target = work / f"round{round_}-{number}"
            measured = run(target)
            series[name].seconds.append(measured.seconds)
            series[name].cpu.append(measured.cpu)
            series[name].rss_mb.append(measured.rss_mb)
            series[name].disk_mb = _tree_mb(target)
            # Only the newest target is kept (configs hold absolute paths, so no renaming).
            if name in last:
                shutil.rmtree(last[name], ignore_errors=True)
            last[name] = target
        line = ", ".join(f"{s.name} {s.seconds[-1]:.2f} s" for s in series.values())
        print(f"  round {round_ + 1}/{runs}: {line}")
    return series, last


def resyncs(
    server: Server, work: Path, last: dict[str, Path], runs: int, count: int
) -> dict[str, Series]:
    """No-change runs against the stores the last initial round left behind."""
    tt, mb = Tradetriage(server, work), Mbsync(server)
    series = {n: Series(n) for n in (TRADETRIAGE, MBSYNC)}
    tt_config = last[TRADETRIAGE] / "config.toml"
    mb_rc = last[MBSYNC] / "mbsyncrc"
    for _ in range(runs):
        measured = tt.sync(tt_config)
        if not re.search(r"sync: 0 new", measured.output):
            raise SystemExit(f"no-change tradetriage sync fetched something:\n{measured.output}")
        series[TRADETRIAGE].seconds.append(measured.seconds)
        series[TRADETRIAGE].rss_mb.append(measured.rss_mb)
        series[TRADETRIAGE].cpu.append(measured.cpu)
        again = mb.sync(mb_rc)
        series[MBSYNC].seconds.append(again.seconds)
        series[MBSYNC].cpu.append(again.cpu)
    check_count(TRADETRIAGE, tt.stored(last[TRADETRIAGE]), count)
    check_count(MBSYNC, mb.stored(last[MBSYNC]), count)
    return series


def parse_bench(files: Sequence[Path]) -> dict[str, float]:
    """msg/s of tradetriage's per-message work (parse + row) and of the stdlib parser."""
    sys.path.insert(0, str(REPO / "src"))
    from tradetriage.ingest import prepare_raw
    from tradetriage.mail.parse import parse_message

    raws = [p.read_bytes() for p in files]

    def stdlib(raw: bytes) -> object:
        return email.message_from_bytes(raw, policy=email.policy.default)

    def stdlib_body(raw: bytes) -> object:
        message = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(message, email.message.EmailMessage)
        body = message.get_body(("plain", "html"))
        return (message["subject"], message["from"], body.get_content() if body else "")

    def prepare_raw_(raw: bytes) -> object:
        return prepare_raw(raw, "bench")

    rates: dict[str, float] = {}
    for name, work in (
        ("`ingest.prepare_raw` (parse, row, search text: a worker's whole job)", prepare_raw_),
        ("`mail.parse.parse_message` alone", parse_message),
        ("stdlib `email.message_from_bytes(policy=default)`", stdlib),
        ("stdlib, the same + Subject, From, `get_body().get_content()`", stdlib_body),
    ):
        started = time.perf_counter()
        for raw in raws:
            work(raw)
        rates[name] = len(raws) / (time.perf_counter() - started)
        print(f"  {name}: {rates[name]:,.0f} msg/s")
    return rates


def machine(load_at_start: float) -> dict[str, str]:
    """The facts a reader needs to compare these figures with their own."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "RAM": f"{mem_kb / 1024 / 1024:.1f} GB",
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        # Other work on the machine (a test suite, a build) shows up here and in the spread.
        "load average (1 min) at start / end": f"{load_at_start:.2f} / {os.getloadavg()[0]:.2f}",
        "Dovecot": _version(["dovecot", "--version"]),
        "mbsync": _version(["mbsync", "--version"]),
        "tradetriage commit": _version(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
        + (" + uncommitted changes" if _dirty() else ""),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def _version(argv: list[str]) -> str:
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=10, check=False)
    except OSError:
        return "not installed"
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else "?"


def _dirty() -> bool:
    done = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(done.stdout.strip())


# -- report ---------------------------------------------------------------------------------


def report(results: Results, runs: int) -> str:
    """The "## Sync" section of RESULTS.md (or its text-heavy twin), in Markdown."""
    n = results.messages
    tt, mb = results.initial[TRADETRIAGE], results.initial[MBSYNC]
    mbn, floor = results.initial[MBSYNC_NOFSYNC], results.initial[FLOOR]
    rtt, rmb = results.resync[TRADETRIAGE], results.resync[MBSYNC]
    peak = max(tt.rss_mb)
    verdicts = [
        (
            "initial sync at least as fast as mbsync",
            tt.median <= mb.median,
            f"{n / tt.median:,.0f} vs {n / mb.median:,.0f} msg/s "
            f"({n / mbn.median:,.0f} with FSync no)",
        ),
        (
            f"no-change resync < {TARGET_RESYNC_SECONDS} s",
            rtt.median < TARGET_RESYNC_SECONDS,
            f"{rtt.median:.3f} s",
        ),
        (f"peak RSS < {TARGET_PEAK_RSS_MB:.0f} MB", peak < TARGET_PEAK_RSS_MB, f"{peak:.0f} MB"),
    ]
    text = results.composition == "text"
    lines = [
        "## Sync, text-heavy corpus" if text else "## Sync",
        "",
        f"`.venv/bin/python benchmarks/sync_bench.py --messages {n} --runs {runs}"
        f"{' --composition text' if text else ''}` "
        f"({results.script_seconds / 60:.1f} min). {n:,} synthetic messages "
        f"(`benchmarks/synthetic.py`, composition `{results.composition}`: "
        + (
            "nearly all of each message is plain text, a worst case for parsing and indexing"
            if text
            else "a short text, often an HTML alternative, the rest of the size an attachment, "
            "a quoted thread or Outlook markup, as in real mail"
        )
        + f"; {results.corpus_mb:,.0f} MB, mean "
        f"{results.corpus_mb * 1024 / n:.1f} KB) in one INBOX of a local Dovecot, fetched over "
        "plain IMAP on 127.0.0.1. Each contender runs "
        f"{runs} times, interleaved, each time into a fresh target; figures are the median with "
        "the (slowest–fastest) spread in brackets.",
        "",
        "| Target | Result | Measured |",
        "|---|---|---|",
        *[f"| {what} | {'PASS' if ok else 'FAIL'} | {got} |" for what, ok, got in verdicts],
        "",
        "### Initial sync",
        "",
        "| Contender | Throughput | Wall time | CPU / msg | Peak RSS | On disk |",
        "|---|---|---|---|---|---|",
        f"| `tradetriage sync` (fetch + parse + store + FTS index) | {tt.rate(n)} | {tt.wall()} "
        f"| {tt.cpu_ms(n)} | {peak:.0f} MB | {tt.disk_mb:,.0f} MB |",
        f"| `mbsync` (Maildir, no parsing; fsync per message) | {mb.rate(n)} | {mb.wall()} "
        f"| {mb.cpu_ms(n)} | {max(mb.rss_mb):.0f} MB | {mb.disk_mb:,.0f} MB |",
        f"| `mbsync` with `FSync no` | {mbn.rate(n)} | {mbn.wall()} | {mbn.cpu_ms(n)} "
        f"| {max(mbn.rss_mb):.0f} MB | {mbn.disk_mb:,.0f} MB |",
        f"| imaplib loop, raw bytes into SQLite (I/O floor) | {floor.rate(n)} | {floor.wall()} "
        f"| {floor.cpu_ms(n)} | – | {floor.disk_mb:,.0f} MB |",
        "",
        "`tradetriage sync` is the installed console script, so its time includes Python start-up "
        "and the parser pool's fork. CPU / msg is the client's user + system time (all its "
        "processes; Dovecot's share is not counted) divided by the message count: unlike wall "
        "time it changes little when other work shares the machine. mbsync fsyncs every "
        "message file by default; the store (WAL, `synchronous = NORMAL`) syncs only at "
        "checkpoints, so `FSync no` is the like-for-like durability. Peak RSS is `ru_maxrss` "
        "from `os.wait4` on the command: the "
        "largest single process of its tree (the main process or one parser worker, whichever "
        "peaked higher), not a sum over the pool's processes; worst of the runs.",
        f"Dovecot's own first indexing of the {n:,} new files took {results.index_seconds:.1f} s "
        "and is excluded from every contender.",
        "",
        "### No-change resync",
        "",
        f"The same command again on the {n:,}-message store the last round left behind.",
        "",
        "| Contender | Wall time |",
        "|---|---|",
        f"| `tradetriage sync` (including Python start-up) | {rtt.wall()} |",
        f"| `mbsync` | {rmb.wall()} |",
        "",
        "### Parse only (one process)",
        "",
        f"Over the first {results.parse_messages:,} of the same messages, in memory, one core.",
        "",
        "| Parser | Throughput |",
        "|---|---|",
        *[f"| {name} | {rate:,.0f} msg/s |" for name, rate in results.parse.items()],
        "",
        "### Machine",
        "",
        *[f"- {key}: {value}" for key, value in results.machine.items()],
        "",
    ]
    return "\n".join(lines)


def _series_json(series: dict[str, Series]) -> dict[str, Any]:
    return {
        k: {"seconds": s.seconds, "cpu": s.cpu, "rss_mb": s.rss_mb, "disk_mb": s.disk_mb}
        for k, s in series.items()
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--composition",
        choices=synthetic.COMPOSITIONS,
        default="mail",
        help="mail as it is made (default) or text-heavy bodies (a stress case)",
    )
    parser.add_argument(
        "--parse-messages", type=int, default=None, help="parse benchmark size (default: all)"
    )
    parser.add_argument("--no-write", action="store_true", help="print only, keep RESULTS.md")
    parser.add_argument("--keep", action="store_true", help="keep the work folder afterwards")
    args = parser.parse_args(argv)
    for tool in ("dovecot", "mbsync"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} not found: apt-get install -y dovecot-imapd isync")
    if not (VENV_BIN / "tradetriage").exists():
        raise SystemExit(f"{VENV_BIN / 'tradetriage'} missing: pip install -e '.[dev]'")

    started, load_at_start = time.perf_counter(), os.getloadavg()[0]
    if load_at_start > 0.5 * (os.cpu_count() or 1):
        print(f"warning: load average {load_at_start:.1f}: other work will slow every contender")
    files = corpus_files(synthetic.corpus(args.messages, args.seed, args.composition))
    size = sum(p.stat().st_size for p in files)
    results = Results(args.messages, size / 1024 / 1024, args.composition)
    work = Path(tempfile.mkdtemp(prefix="tradetriage-syncbench-"))
    work.chmod(0o755)  # Dovecot's mail processes run unprivileged when we are root
    server, how = start_server(work / "dovecot")
    try:
        results.index_seconds = load_inbox(server, files)
        print(
            f"Dovecot ({how}) on {server.host}:{server.port} indexed {len(files)} messages in "
            f"{results.index_seconds:.1f} s"
        )
        print(f"initial sync, {args.runs} interleaved rounds:")
        results.initial, last = initial_syncs(server, work, args.runs, args.messages)
        print("no-change resync:")
        results.resync = resyncs(server, work, last, args.runs, args.messages)
    finally:
        server.stop()
        if args.keep:
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("parse only:")
    parse_files = files[: args.parse_messages] if args.parse_messages else files
    results.parse_messages = len(parse_files)
    results.parse = parse_bench(parse_files)
    results.machine = machine(load_at_start)
    results.machine["Dovecot started by"] = how
    results.script_seconds = time.perf_counter() - started

    markdown = report(results, args.runs)
    print()
    print(markdown)
    OUT.mkdir(exist_ok=True)
    suffix = "" if args.composition == "mail" else f"-{args.composition}"
    (OUT / f"sync-results{suffix}.json").write_text(
        json.dumps(
            {
                "messages": results.messages,
                "composition": results.composition,
                "initial": _series_json(results.initial),
                "resync": _series_json(results.resync),
                "parse": results.parse,
                "machine": results.machine,
            },
            indent=2,
        )
    )
    if not args.no_write:
        write_section(markdown)
        print(f"wrote the {markdown.splitlines()[0].lstrip('# ')} section of {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
