"""The parser pool: the switch to ``return_large_blocks`` reaches the workers that need it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import tradetriage.ingest
from tradetriage.ingest import LARGE_MESSAGE, ParserPool

SMALL = b"From: a@example.com\nSubject: small\n\nbody\n"
LARGE = b"From: a@example.com\nSubject: large\n\n" + b"x" * LARGE_MESSAGE


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
def test_large_message_switches_the_parent_and_the_worker_that_parses_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = tmp_path / "calls"

    def record() -> None:
        with calls.open("a") as handle:
            handle.write(f"{os.getpid()}\n")

    monkeypatch.setattr(tradetriage.ingest, "return_large_blocks", record)
    with ParserPool(2) as pool:
        assert len(pool.submit([SMALL] * 4, "test").result()) == 4
        assert not calls.exists()  # ordinary mail keeps glibc's default
        # The workers exist now (forked before any large message): the second half's worker
        # must switch itself.
        assert len(pool.submit([SMALL, SMALL, LARGE, SMALL], "test").result()) == 4
    pids = calls.read_text().split()
    assert str(os.getpid()) in pids
    assert [p for p in pids if p != str(os.getpid())], "no worker switched"


def _die(raws: object, source: str) -> list[object]:
    os._exit(9)  # as a worker killed for memory: no exception, the process is gone


@pytest.mark.skipif(sys.platform != "linux", reason="the pool forks only on Linux")
def test_a_parser_process_that_dies_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from tradetriage.errors import ParserDiedError

    monkeypatch.setattr(tradetriage.ingest, "_prepare_chunk", _die)  # inherited by the fork
    with ParserPool(2) as pool:
        future = pool.submit([b"Subject: a\r\n\r\nx\r\n"] * 8, "import:test")
        with pytest.raises(ParserDiedError, match="a parser process died"):
            future.result(timeout=30)
