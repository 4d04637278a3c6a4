"""One writer at a time: a lock file beside the store, so two syncs (a cron job and a clerk at
the keyboard) never interleave batches. filelock works on Linux, macOS and Windows alike."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tradetriage.errors import StoreError, StoreLockedError


@contextmanager
def exclusive(store_path: Path) -> Iterator[None]:
    """Hold the store's write lock for the duration; fail at once if someone else holds it."""
    from filelock import FileLock, Timeout

    lock = FileLock(str(store_path) + ".lock")
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)
        lock.acquire(timeout=0)
    except Timeout:
        raise StoreLockedError(
            f"another tradetriage sync or import is using {store_path}",
            "wait for it to finish; if none is running, the lock is freed when it exits",
        ) from None
    except OSError as exc:  # a folder we may not write to: no lock file, and no store either
        raise StoreError(
            f"cannot create the lock file {lock.lock_file}: {exc.strerror or exc}",
            "check the permissions of the store's folder, or give another with --store",
        ) from None
    try:
        yield
    finally:
        lock.release()
