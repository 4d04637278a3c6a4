"""Grading speed: per-message grading of a 10,000-message store, and a no-change regrade.

The store is built from benchmarks/synthetic.py (the same messages the sync benchmark uses),
imported with the library. Measured: full grading with 1 and 2 analysis processes (target ≥ 2,000
messages/s on 2 cores), a no-change incremental grade (target < 0.5 s, including loading the
rules and building the context, as `tradetriage grade` does), and the per-message cost of the
signal modules and of the rules on their own.

Usage: .venv/bin/python benchmarks/grading_bench.py [--count N] [--write]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (a sibling script, not a package)
from grading_eval import everbright_config, write_block  # noqa: E402

from tradetriage.grading.context import build_context  # noqa: E402
from tradetriage.grading.messages import grade_messages  # noqa: E402
from tradetriage.importer import import_path  # noqa: E402
from tradetriage.progress import SilentReporter  # noqa: E402
from tradetriage.rules import compile_rules, evaluate, load_rules  # noqa: E402
from tradetriage.signals import MODULES  # noqa: E402
from tradetriage.signals.base import Finding  # noqa: E402
from tradetriage.store.db import Store  # noqa: E402
from tradetriage.store.reading import SELECT, row_to_message  # noqa: E402

OUT = HERE / "out"
TARGET_RATE = 2000.0
TARGET_NOCHANGE_SECONDS = 0.5


def corpus(count: int, seed: int = 42) -> Path:
    """A folder of synthetic messages, generated once and cached (shared with sync_bench)."""
    folder = OUT / f"corpus-{seed}-{count}"
    if (folder / ".complete").exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for number, raw in enumerate(synthetic.messages(count, seed)):
        (folder / f"{number:07d}.eml").write_bytes(raw)
    (folder / ".complete").touch()
    return folder


def store_copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")


def per_module_costs(store: Store, sample: int = 3000) -> list[str]:
    """µs per message of reading a row, each signal module, and the rules."""
    config = everbright_config(store.path)
    ctx = build_context(config, store, datetime.now(UTC))
    rows = store.conn.execute(f"{SELECT} LIMIT ?", (sample,)).fetchall()
    started = time.perf_counter()
    messages = [row_to_message(r) for r in rows]
    lines = [
        f"| read row → ParsedMessage | {1e6 * (time.perf_counter() - started) / len(rows):.1f} |"
    ]
    found: list[dict[str, Finding]] = [{} for _ in messages]
    for module in MODULES:
        started = time.perf_counter()
        for msg, f in zip(messages, found, strict=True):
            f.update(module.analyze(msg, ctx, f))
        cost = 1e6 * (time.perf_counter() - started) / len(messages)
        lines.append(f"| signals.{module.__name__.rsplit('.', 1)[-1]} | {cost:.1f} |")
    rules = compile_rules(load_rules())
    started = time.perf_counter()
    for f in found:
        evaluate(rules, f)
    cost = 1e6 * (time.perf_counter() - started) / len(found)
    lines.append(f"| rules ({len(rules.rules)} enabled) | {cost:.1f} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    folder = corpus(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        with Store.open(base) as store:
            import_path(store, folder, SilentReporter())
            stored = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            costs = per_module_costs(store)
        results = []
        for workers in (1, 2):
            path = Path(tmp) / f"w{workers}.db"
            store_copy(base, path)
            with Store.open(path) as store:
                config = everbright_config(path)
                rules = compile_rules(load_rules())
                ctx = build_context(config, store, datetime.now(UTC))
                started = time.perf_counter()
                summary = grade_messages(store, rules, ctx, workers=workers)
                seconds = time.perf_counter() - started
            results.append((workers, summary.graded, seconds))
        # No change: what `tradetriage grade` does on an up-to-date store, rules load included.
        path = Path(tmp) / "w2.db"
        started = time.perf_counter()
        with Store.open(path) as store:
            rules = compile_rules(load_rules())
            ctx = build_context(everbright_config(path), store, datetime.now(UTC))
            again = grade_messages(store, rules, ctx, workers=2)
        nochange = time.perf_counter() - started
    block = [
        "### Speed (benchmarks/grading_bench.py)",
        "",
        f"{stored:,} synthetic messages (benchmarks/synthetic.py), imported with the library; "
        f"machine: {_cpus()} CPUs.",
        "",
        "| run | messages | seconds | messages/s | target |",
        "|---|---|---|---|---|",
    ]
    for workers, graded, seconds in results:
        rate = graded / seconds
        ok = "ok" if rate >= TARGET_RATE else "MISSED"
        verdict = ok if workers == 2 else ""
        block.append(
            f"| full grade, {workers} process(es) | {graded:,} | {seconds:.2f} | "
            f"{rate:,.0f} | ≥ {TARGET_RATE:,.0f}/s {verdict} |"
        )
    ok = "ok" if nochange < TARGET_NOCHANGE_SECONDS and again.graded == 0 else "MISSED"
    block.append(
        f"| no-change regrade (open, load rules, context, check) | {again.graded} | "
        f"{nochange:.3f} | – | < {TARGET_NOCHANGE_SECONDS} s {ok} |"
    )
    block += [
        "",
        "Per-message cost, one process (µs/message, 3,000 messages):",
        "",
        "| step | µs/message |",
        "|---|---|",
        *costs,
    ]
    print("\n".join(block))
    if args.write:
        write_block("grading-bench", block)
    return 0


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
