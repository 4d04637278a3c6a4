"""Peak memory of `tradetriage sync` on a mailbox with large attachments.

Run: ``.venv/bin/python benchmarks/memory_bench.py`` (about 30 s). The throughput benchmark's
synthetic mail tops out at 200 KB; clerks' mailboxes also hold catalogues and drawings of
10–20 MB. This INBOX has ``--small`` synthetic messages with ``--large`` messages of a
``--mb`` MB base64 attachment among them, and each size class crosses the sync's batch and
look-ahead limits. The figure replaces the "## Sync memory" section of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
USER, PASSWORD = "memory", "memory-secret"
TARGET_MB = 150

sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

import synthetic  # noqa: E402 - benchmarks/ is not a package
from results import write_section  # noqa: E402
from sync_bench import run_measured, write_account_config  # noqa: E402

from dovecot import DovecotServer, start_dovecot  # noqa: E402 - the test suite's helpers
from factories import big_message  # noqa: E402


def fill_inbox(server: DovecotServer, small: int, large: int, megabytes: int) -> int:
    """Small messages with the large ones in a run in the middle; returns the total."""
    raws = list(synthetic.messages(small))
    half = small // 2
    server.append_many(USER, "INBOX", raws[:half])
    for number in range(large):  # one at a time: the benchmark itself stays small
        # 750 KB of random bytes are about 1 MB as base64.
        server.append(USER, "INBOX", big_message(megabytes * 750_000, number))
    server.append_many(USER, "INBOX", raws[half:])
    return small + large


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--small", type=int, default=600)
    parser.add_argument("--large", type=int, default=12)
    parser.add_argument(
        "--mb", type=int, default=20, help="each large message's attachment, in MB as base64"
    )
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    base = Path(tempfile.mkdtemp(prefix="tradetriage-memory-"))
    base.chmod(0o755)  # as root, Dovecot's mail user must reach the Maildirs
    server = start_dovecot(base / "dovecot", {USER: PASSWORD})
    try:
        total = fill_inbox(server, args.small, args.large, args.mb)
        target = base / "target"
        target.mkdir()
        config = write_account_config(target, server, USER, "TT_MEMORY_PASSWORD", name="memory")
        env = {**os.environ, "TT_MEMORY_PASSWORD": PASSWORD}
        argv = [str(REPO / ".venv" / "bin" / "tradetriage"), "--config", str(config), "sync"]
        # Through the sync benchmark's small launcher: see ``sync_bench.run_measured``.
        measured = run_measured([*argv, "--quiet"], env)
        seconds, peak = measured.seconds, measured.rss_mb
    finally:
        server.stop()
        shutil.rmtree(base, ignore_errors=True)

    verdict = "PASS" if peak < TARGET_MB else "FAIL"
    section = "\n".join(
        [
            "## Sync memory",
            "",
            f"`.venv/bin/python benchmarks/memory_bench.py` — one `tradetriage sync` of an INBOX "
            f"of {total} messages: {args.small} synthetic ones with {args.large} messages of a "
            f"{args.mb} MB attachment in a run among them.",
            "",
            "| Target | Result | Measured |",
            "|---|---|---|",
            f"| peak RSS < {TARGET_MB} MB whatever the messages' sizes | {verdict} | "
            f"{peak:.0f} MB (sync took {seconds:.1f} s) |",
            "",
            "Peak RSS is `ru_maxrss` from `os.wait4`: the largest single process of the "
            "command's tree.",
            f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC.",
            "",
        ]
    )
    print(section)
    if not args.no_write:
        write_section(section)
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
