"""Pool workers end with the main process, even when it is killed outright."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

# A main process with a pool as grading and sync make it: prints its workers' pids, then waits
# to be killed.
MAIN = """
import multiprocessing, os, time
from concurrent.futures import ProcessPoolExecutor
from tradetriage.workers import start_worker

fork = multiprocessing.get_context("fork")
pool = ProcessPoolExecutor(2, mp_context=fork, initializer=start_worker)
pids = {f.result() for f in [pool.submit(os.getpid) for _ in range(8)]}
print(" ".join(map(str, pids)), flush=True)
time.sleep(60)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="the kernel's parent-death signal is Linux's")
def test_workers_end_when_the_main_process_is_killed() -> None:
    main = subprocess.Popen([sys.executable, "-c", MAIN], stdout=subprocess.PIPE, text=True)
    assert main.stdout is not None
    workers = [int(p) for p in main.stdout.readline().split()]
    assert workers and all(_alive(p) for p in workers)
    os.kill(main.pid, signal.SIGKILL)
    main.wait()
    deadline = time.monotonic() + 10
    try:
        while any(_alive(p) for p in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(_alive(p) for p in workers)
    finally:
        for pid in filter(_alive, workers):  # when the test fails: no orphans left behind
            os.kill(pid, signal.SIGKILL)
