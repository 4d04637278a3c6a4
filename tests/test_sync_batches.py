"""Fetch batches are cut by count and by bytes, so large attachments do not pile up in memory."""

from __future__ import annotations

from tradetriage.sync import _batches


def test_batches_cut_at_count_and_bytes_in_order() -> None:
    sized = [(1, 100), (2, 100), (3, 100), (4, 900), (5, 50), (6, 5000), (7, 10)]
    assert _batches(sized, count=2, limit=1000) == [[1, 2], [3, 4], [5], [6], [7]]
    assert _batches(sized, count=2, limit=999) == [[1, 2], [3], [4, 5], [6], [7]]
    assert _batches(sized, count=100, limit=10**9) == [[1, 2, 3, 4, 5, 6, 7]]
    assert _batches([], count=5, limit=10) == []
