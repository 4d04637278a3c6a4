"""What every worker process of a pool (parsing, grading) does first.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group, workers included.
Left alone, each worker dies with its own KeyboardInterrupt traceback and the main process
sees a broken pool instead of the interrupt. Workers ignore it; the main process stops
handing out work, shuts the pool down and reports the interrupt once.

A main process killed outright (``kill -9``, cron's ``timeout``, a closed SSH session) cannot
shut its pool down: its workers would live on, reparented to init, each holding its memory and
the store open, one more set every killed morning run. On Linux they ask the kernel to end them
with their parent.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def start_worker() -> None:
    """Ignore Ctrl-C (the main process handles it) and end with the main process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with_parent()


def _end_with_parent() -> None:
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # a libc without prctl: the worker lives on as before
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)
