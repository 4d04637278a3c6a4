"""What every worker process of a pool (parsing, grading) does first.

Ctrl-C in a terminal sends SIGINT to the whole foreground process group, workers included.
Left alone, each worker dies with its own KeyboardInterrupt traceback and the main process
sees a broken pool instead of the interrupt. Workers ignore it; the main process stops
handing out work, shuts the pool down and reports the interrupt once.
"""

from __future__ import annotations

import signal


def ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
