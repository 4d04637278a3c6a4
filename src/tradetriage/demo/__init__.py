"""The bundled demo mailbox: realistic buyer, scam and customer mail for `tradetriage demo`,
and the config of the fictional company that received it."""

from __future__ import annotations

from contextlib import AbstractContextManager
from importlib import resources
from pathlib import Path


def mailbox_path() -> AbstractContextManager[Path]:
    """The folder of demo .eml files, as a real path for the duration of the context."""
    return resources.as_file(resources.files(__package__) / "mailbox")


def config_path() -> AbstractContextManager[Path]:
    """The demo company's config file (no accounts: the demo imports instead of syncing)."""
    return resources.as_file(resources.files(__package__) / "config.toml")
