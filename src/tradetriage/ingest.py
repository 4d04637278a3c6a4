"""Turning raw message bytes into store rows, on every core.

Parsing is the CPU-heavy part of a sync or import; the IMAP fetch and the SQLite writes are
mostly I/O. A ``ParserPool`` parses batches in worker processes while the caller fetches the next
batch, so that a 2-core machine keeps both cores busy. Small jobs are parsed in-process: starting
workers would cost more than it saves.
"""

from __future__ import annotations

import ctypes
import functools
import multiprocessing
import os
import sys
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType

from tradetriage.errors import ParserDiedError
from tradetriage.mail.parse import bare_message, parse_message
from tradetriage.store.db import Prepared, prepare
from tradetriage.workers import start_worker

# Below this many messages in a job, worker start-up costs more than parallel parsing saves.
POOL_THRESHOLD = 400


def prepare_raw(raw: bytes, source: str) -> Prepared:
    """Parse one message and build its store row; never raises for bad mail."""
    try:
        return prepare(parse_message(raw), raw, source)
    except Exception as exc:
        # A message that breaks building its row (a bug on hostile input) must cost only its
        # own fields: raised here, it would stop the batch, the folder and every later run.
        error = f"could not be read: {type(exc).__name__}: {exc}"
        return prepare(bare_message(raw, error), raw, source)


def _prepare_chunk(raws: Sequence[bytes], source: str) -> list[Prepared]:
    # In a worker as well as in-process: forked workers do not see a later switch in the parent.
    _return_large_blocks_if_needed(raws)
    return [prepare_raw(raw, source) for raw in raws]


# glibc's mallopt parameter number (malloc.h).
_M_MMAP_THRESHOLD = -3
# Messages above this size make a bulk job switch glibc to ``return_large_blocks``.
LARGE_MESSAGE = 4 * 1024 * 1024


@functools.cache  # once per process; a forked worker inherits the setting and the cache
def return_large_blocks() -> None:
    """Have glibc hand large freed blocks back to the system during a bulk job.

    glibc serves allocations above its mmap threshold from fresh mappings, unmapped on free,
    but raises the threshold (up to 32 MB) after each such free: from then on a 20 MB message
    comes from the heap, whose freed space fragments instead of shrinking. A sync of twelve
    20 MB messages grew to 170 MB that way; with the threshold fixed at 1 MB (setting it also
    stops the adjustment) it stayed near 130 MB. It costs ~8% more CPU on ordinary mail (page
    faults of the fresh mappings), so ``ParserPool`` calls it only once a batch holds a message
    above LARGE_MESSAGE, in this process and in the worker parsing it. Elsewhere than glibc
    this does nothing.
    """
    if sys.platform != "linux":
        return
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return
    mallopt(_M_MMAP_THRESHOLD, 1 << 20)


def _return_large_blocks_if_needed(raws: Sequence[bytes]) -> None:
    if any(len(raw) > LARGE_MESSAGE for raw in raws):
        return_large_blocks()


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


class ParserPool:
    """Parses batches of raw messages, in worker processes when ``workers > 1``.

    ``submit`` returns a future so the caller can fetch the next batch while this one parses.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor: ProcessPoolExecutor | None = None
        if workers > 1:
            # fork starts workers in milliseconds and they inherit the imported parser; macOS
            # and Windows lack a safe fork, so they use their default (spawn).
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
            self._executor = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=start_worker
            )

    @classmethod
    def for_job(cls, expected_messages: int, configured_workers: int) -> ParserPool:
        """A pool sized for a job: in-process for small jobs, else one worker per core."""
        if expected_messages < POOL_THRESHOLD:
            return cls(1)
        return cls(configured_workers or default_workers())

    def submit(self, raws: Sequence[bytes], source: str) -> Future[list[Prepared]]:
        """Parse ``raws`` (in the workers when there are any); switches this process, and the
        worker that parses it, to ``return_large_blocks`` on a batch with a large message."""
        if self._executor is None or len(raws) < 2 * self.workers:
            done: Future[list[Prepared]] = Future()
            done.set_result(_prepare_chunk(raws, source))
            return done
        return self._submit_split(raws, source)

    def _submit_split(self, raws: Sequence[bytes], source: str) -> Future[list[Prepared]]:
        assert self._executor is not None  # only called when a pool exists
        # The parent holds the batch too (in-process, ``_prepare_chunk`` switches it itself).
        _return_large_blocks_if_needed(raws)
        size = -(-len(raws) // self.workers)
        parts = [
            self._executor.submit(_prepare_chunk, raws[i : i + size], source)
            for i in range(0, len(raws), size)
        ]
        combined: Future[list[Prepared]] = Future()

        def _collect(_: Future[list[Prepared]]) -> None:
            if all(p.done() for p in parts) and not combined.done():
                try:
                    combined.set_result([item for p in parts for item in p.result()])
                except BrokenProcessPool:  # killed (the kernel's OOM killer, say)
                    combined.set_exception(
                        ParserDiedError(
                            "a parser process died while reading a batch of mail",
                            "everything stored before it is kept; run it again, with "
                            "`[sync] workers = 1` if memory is short",
                        )
                    )
                except BaseException as exc:  # any other failure: hand it to the caller
                    combined.set_exception(exc)
                # The parts and this callback refer to each other: break the cycle, or every
                # batch's results stay alive until a full garbage collection (~250 MB peak).
                parts.clear()

        for part in parts:
            part.add_done_callback(_collect)
        return combined

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> ParserPool:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
