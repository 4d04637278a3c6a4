"""Fetch batches are cut by count and by bytes, so large attachments do not pile up in memory."""

from __future__ import annotations

from tradetriage.mail.parse import parse_message
from tradetriage.sync import _batches, _header_message_id


def test_batches_cut_at_count_and_bytes_in_order() -> None:
    sized = [(1, 100), (2, 100), (3, 100), (4, 900), (5, 50), (6, 5000), (7, 10)]
    assert _batches(sized, count=2, limit=1000) == [[1, 2], [3, 4], [5], [6], [7]]
    assert _batches(sized, count=2, limit=999) == [[1, 2], [3], [4, 5], [6], [7]]
    assert _batches(sized, count=100, limit=10**9) == [[1, 2, 3, 4, 5, 6, 7]]
    assert _batches([], count=5, limit=10) == []


def test_rematch_reads_message_id_as_the_parser_does() -> None:
    def fetched(header: bytes) -> dict[bytes, object]:
        return {b"BODY[HEADER.FIELDS (MESSAGE-ID)]": header, b"RFC822.SIZE": 10}

    assert _header_message_id(fetched(b"Message-ID: <a@b.example>\r\n\r\n")) == "a@b.example"
    assert _header_message_id(fetched(b"Message-Id:\r\n <a@b.example>\r\n\r\n")) == "a@b.example"
    assert _header_message_id(fetched(b"Message-ID: a@b.example\r\n\r\n")) == "a@b.example"
    assert _header_message_id(fetched(b"Message-ID: <>\r\n\r\n")) is None
    assert _header_message_id(fetched(b"\r\n")) is None
    for raw in (b"Message-ID: <a@b.example>\r\n\r\nbody", b"Message-ID: a@b.example\r\n\r\nbody"):
        assert (
            _header_message_id(fetched(raw.split(b"\r\n\r\n")[0])) == parse_message(raw).message_id
        )
