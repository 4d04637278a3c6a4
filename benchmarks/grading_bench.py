"""Grading speed: per-message grading of a 10,000-message store, and a no-change regrade.

Two stores of 10,000 messages, imported with the library:
  --mix real       real mail: ../shared/corpus (fraud, fake buyers, phishing, ham) and the trade
                   inquiry sets, repeated with fresh Message-IDs until there are N messages;
  --mix synthetic  benchmarks/synthetic.py's text composition (the sync benchmark's stress
                   corpus): 30 KB bodies of trade words, where every trigger word of every
                   signal fires (a worst case).
Measured: a full grade as `tradetriage grade` makes it (every message, then every contact's
level), with 1 and 2 analysis processes (target ≥ 2,000 messages/s on 2 cores),
a no-change `tradetriage grade` as the installed command, Python start-up included (target
< 0.5 s), and the per-message cost of each signal module and of the rules.

Usage: .venv/bin/python benchmarks/grading_bench.py [--mix real|synthetic] [--count N] [--write]
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402  (a sibling script, not a package)
from grading_eval import (  # noqa: E402
    CORPUS,
    CORPUS_FOLDERS,
    INQUIRY_SETS,
    VERDICT_OF_LABEL,
    everbright_config,
    mark_verdicts,
    store_copy,
)
from results import write_block  # noqa: E402

from tradetriage.config import Config  # noqa: E402
from tradetriage.grading.contacts import refresh_contacts  # noqa: E402
from tradetriage.grading.context import build_context, our_domains  # noqa: E402
from tradetriage.grading.learning import load_model  # noqa: E402
from tradetriage.grading.messages import likeness_due  # noqa: E402
from tradetriage.grading.run import grade_store  # noqa: E402
from tradetriage.importer import import_path  # noqa: E402
from tradetriage.mail.records import ParsedMessage  # noqa: E402
from tradetriage.progress import SilentReporter  # noqa: E402
from tradetriage.rules import compile_rules, evaluate, load_rules  # noqa: E402
from tradetriage.rules.engine import (  # noqa: E402
    CompiledRules,
    score,
)
from tradetriage.signals import MODULES  # noqa: E402
from tradetriage.signals.base import Context, Finding  # noqa: E402
from tradetriage.signals.learned import likeness  # noqa: E402
from tradetriage.store.db import Store  # noqa: E402
from tradetriage.store.reading import SELECT, row_to_message  # noqa: E402

OUT = HERE / "out"
TARGET_RATE = 2000.0
TARGET_NOCHANGE_SECONDS = 0.5


REAL_SOURCES = (*(CORPUS / name for name in CORPUS_FOLDERS), *INQUIRY_SETS)
# The Message-ID may be folded onto the next line (Outlook does): a copy whose ID is left
# unchanged would be deduplicated on import, and the store would hold fewer than N messages.
_MESSAGE_ID = re.compile(rb"(?im)^(message-id:[ \t]*(?:\r?\n[ \t]+)?<)([^>\r\n]*)>")


def real_mix(count: int) -> Path:
    """A folder of ``count`` real messages: the labelled corpus and inquiry sets, copied round
    after round, each copy with its own Message-ID (so that import does not deduplicate it)."""
    folder = OUT / f"real-{count}"
    missing = [str(source) for source in REAL_SOURCES if not source.is_dir()]
    if missing:
        # Without the corpus the mix would be the inquiry sets alone: cheaper mail, a figure
        # not comparable with any other.
        raise SystemExit(f"grading_bench: the real mix needs {', '.join(missing)}")
    files = sorted(
        f for source in REAL_SOURCES for f in source.iterdir()
        if f.is_file() and f.suffix not in (".csv", ".md", ".txt")
    )  # fmt: skip
    # Rebuilt whenever this script or the list of source files changes: a folder made by older
    # code (without the learn file, with unchanged folded Message-IDs) or from other mail
    # would be measured silently.
    names = "\n".join(str(f.relative_to(f.parent.parent)) for f in files)
    version = f"{_VERSION}-{hashlib.sha256(names.encode()).hexdigest()[:16]}"
    if synthetic.is_current(folder, version) and _learn_file(folder).exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    # What a clerk would have marked with `tradetriage learn`: the first copy of each labelled
    # corpus file (the inquiry sets' labels are per file, in their labels.csv: left out).
    verdicts = []
    for number in range(count):
        raw = files[number % len(files)].read_bytes()
        copy = number // len(files)
        raw = _MESSAGE_ID.sub(rb"\1\2.copy%d>" % copy, raw, count=1)
        raw = b"X-Bench-Copy: %d\r\n" % copy + raw
        (folder / f"{number:07d}.eml").write_bytes(raw)
        label = CORPUS_FOLDERS.get(files[number % len(files)].parent.name, "")
        verdict = VERDICT_OF_LABEL.get(label)
        if copy == 0 and verdict:
            verdicts.append(f"{hashlib.sha256(raw).hexdigest()}\t{verdict}\n")
    _learn_file(folder).write_text("".join(verdicts))
    synthetic.mark_current(folder, version)
    return folder


_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def _learn_file(folder: Path) -> Path:
    # Beside the folder, not in it: import would read it as a message.
    return folder.with_suffix(".learn.tsv")


def learn_labelled(store: Store, folder: Path) -> int:
    """Mark the messages listed in the mix's learn file with their verdicts; return how many."""
    by_sha = dict(store.conn.execute("SELECT sha256, id FROM messages"))
    lines = _learn_file(folder).read_text().splitlines()
    pairs = [(by_sha[sha], verdict) for sha, verdict in (line.split("\t") for line in lines)]
    mark_verdicts(store, pairs)
    return len(pairs)


def per_module_costs(store: Store, sample: int = 3000) -> list[str]:
    """µs per message of reading a row, each signal module (with the store's learned
    verdicts, if any), and the rules; over messages the clerk has not marked (a marked one is
    not scored by the classifier)."""
    config = everbright_config(store.path)
    ctx = build_context(config, store, datetime.now(UTC))
    rows = store.conn.execute(
        f"{SELECT} WHERE id NOT IN (SELECT message FROM learned) ORDER BY id LIMIT ?", (sample,)
    ).fetchall()
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
    if ctx.learned is not None and ctx.learned.active:
        lines += _likeness_costs(messages, found, ctx, rules)
    return lines


def _likeness_costs(
    messages: list[ParsedMessage],
    found: list[dict[str, Finding]],
    ctx: Context,
    rules: CompiledRules,
) -> list[str]:
    """The learned likeness: its cost on every message, and as grading runs it (timed on
    the messages ``likeness_due`` picks, spread over all)."""
    started = time.perf_counter()
    for msg, f in zip(messages, found, strict=True):
        likeness(msg, ctx, f)
    cost = 1e6 * (time.perf_counter() - started) / len(messages)
    due = [
        (msg, f)
        for msg, f in zip(messages, found, strict=True)
        if likeness_due(rules, ctx, f, score(rules, evaluate(rules, f)))
    ]
    started = time.perf_counter()
    for msg, f in due:
        likeness(msg, ctx, f)
    graded = 1e6 * (time.perf_counter() - started) / len(messages)
    return [
        f"| learned likeness, if scored on every message | {cost:.1f} |",
        f"| learned likeness as grading scores it (on the {len(due) / len(messages):.1%} of "
        f"messages whose flags it could change), per message | {graded:.1f} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--mix", choices=("real", "synthetic"), default="real")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds of each full grade")
    parser.add_argument("--write", action="store_true", help="update benchmarks/RESULTS.md")
    args = parser.parse_args()
    folder = (
        real_mix(args.count)
        if args.mix == "real"
        else synthetic.corpus(args.count, composition="text")
    )
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.db"
        with Store.open(base) as store:
            import_path(store, folder, SilentReporter())
            stored = store.conn.execute("SELECT count(*) FROM messages").fetchone()[0]
            if stored != args.count:
                sys.exit(f"the store holds {stored:,} messages, not {args.count:,}: fix real_mix")
            costs = per_module_costs(store)
        learned_base = Path(tmp) / "learned.db"
        learned_count = 0
        if args.mix == "real":
            store_copy(base, learned_base)
            with Store.open(learned_base) as store:
                learned_count = learn_labelled(store, folder)
                started = time.perf_counter()
                load_model(store)
                build = time.perf_counter() - started
                rows = [r for r in per_module_costs(store) if "learned" in r]
            costs += [
                row.replace("| signals.learned", "| signals.learned (the verdicts)").replace(
                    "learned likeness", f"learned likeness ({learned_count:,} learned)"
                )
                for row in rows
            ] + [f"| (building that model, once per run: {build:.2f} s) | |"]
        results = []
        # Interleaved rounds, each on a fresh copy of the store: the machine is a VM whose
        # speed drifts by ±10% from minute to minute, so one run says little.
        # (Key: processes, and whether the store holds learned verdicts.)
        configs = [(1, False), (2, False)] + ([(2, True)] if learned_count else [])
        timings: dict[tuple[int, bool], list[float]] = {config: [] for config in configs}
        graded_count = 0
        for _round in range(args.rounds):
            for workers, with_learned in configs:
                path = Path(tmp) / f"w{workers}{'-learned' * with_learned}.db"
                store_copy(learned_base if with_learned else base, path)
                with Store.open(path) as store:
                    config = _with_workers(everbright_config(path), workers)
                    # The whole run, as `tradetriage grade` makes it: rules and context (our
                    # sent mail scanned, the learned model), every message, then the contacts.
                    started = time.perf_counter()
                    summary = grade_store(config, store, datetime.now(UTC))
                    timings[(workers, with_learned)].append(time.perf_counter() - started)
                graded_count = summary.graded
        # Its share of each full grade: every contact of the store folded from its mail.
        with Store.open(Path(tmp) / "w2.db") as store:
            started = time.perf_counter()
            refresh_contacts(store, our_domains(config), datetime.now(UTC), everything=True)
            costs.append(
                f"| contacts: levels of every contact from its graded mail (once per run) | "
                f"{1e6 * (time.perf_counter() - started) / stored:.1f} |"
            )
        for (workers, with_learned), seconds in timings.items():
            results.append((workers, with_learned, graded_count, sorted(seconds)))
        nochange, again_graded = _nochange_cli(Path(tmp) / "w2.db")
    block = [
        "### Speed (benchmarks/grading_bench.py)",
        "",
        f"{stored:,} {DESCRIPTION[args.mix]}, imported with the library; machine: {_cpus()} CPUs.",
        "",
        "| run | messages | seconds | messages/s (slowest–fastest) | target |",
        "|---|---|---|---|---|",
    ]
    for workers, with_learned, graded, runs in results:
        median = statistics.median(runs)
        rate = graded / median
        spread = f"{graded / runs[-1]:,.0f}–{graded / runs[0]:,.0f}"
        ok = "ok" if rate >= TARGET_RATE else "MISSED"
        verdict = ok if workers == 2 else ""
        what = f", {learned_count:,} messages learned (`learn`)" if with_learned else ""
        block.append(
            f"| full grade (messages, then contacts), {workers} process(es){what}, "
            f"median of {len(runs)} | {graded:,} | "
            f"{median:.2f} | {rate:,.0f} ({spread}) | ≥ {TARGET_RATE:,.0f}/s {verdict} |"
        )
    ok = "ok" if nochange < TARGET_NOCHANGE_SECONDS and again_graded else "MISSED"
    block.append(
        f"| no-change `tradetriage grade` (the command, start-up included; median of 5) | 0 | "
        f"{nochange:.3f} | – | < {TARGET_NOCHANGE_SECONDS} s {ok} |"
    )
    block += [
        "",
        "Per-message cost, one process (µs/message, 3,000 messages not marked with `learn`):",
        "",
        "| step | µs/message |",
        "|---|---|",
        *costs,
    ]
    print("\n".join(block))
    if args.write:
        write_block(f"grading-bench-{args.mix}", block)
    return 0


DESCRIPTION = {
    "real": "real messages (../shared/corpus and the inquiry sets, repeated with fresh "
    "Message-IDs)",
    "synthetic": "synthetic messages (benchmarks/synthetic.py: 30 KB bodies of trade words, every "
    "trigger fires)",
}


def _with_workers(config: Config, workers: int) -> Config:
    return config.model_copy(update={"sync": config.sync.model_copy(update={"workers": workers})})


def _nochange_cli(store: Path) -> tuple[float, bool]:
    """Median wall time of `tradetriage grade` on an up-to-date store (after one run that folds
    the grades into contacts), and whether it indeed graded nothing."""
    command = [str(HERE.parent / ".venv" / "bin" / "tradetriage"), "--store", str(store), "grade"]
    subprocess.run(command, check=True, capture_output=True)
    times, outputs = [], []
    for _ in range(5):
        started = time.perf_counter()
        done = subprocess.run(command, check=True, capture_output=True, text=True)
        times.append(time.perf_counter() - started)
        outputs.append(done.stdout)
    return statistics.median(times), all(" 0 messages graded" in o for o in outputs)


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
