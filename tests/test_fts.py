"""Search query building: Chinese substrings and user input that looks like FTS syntax."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from tradetriage.store import fts


def _matches(text: str, query: str) -> bool:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE t USING fts5(body, tokenize='unicode61 remove_diacritics 2')"
    )
    conn.execute("INSERT INTO t (body) VALUES (?)", (fts.index_text(text),))
    expression = fts.match_query(query)
    return bool(conn.execute("SELECT 1 FROM t WHERE t MATCH ?", (expression,)).fetchall())


def test_chinese_word_inside_longer_run() -> None:
    assert _matches("您好，请报价FOB宁波，数量500个", "报价")
    assert _matches("您好，请报价FOB宁波，数量500个", "宁波 500")
    assert not _matches("您好，请报价FOB宁波", "价报")


def test_english_words_case_insensitive_and_model_numbers() -> None:
    assert _matches("Please quote BV-316-DN25 ball valves", "ball VALVES")
    assert _matches("Please quote BV-316-DN25 ball valves", "bv-316-dn25")
    assert not _matches("Please quote gate valves", "ball")


@given(st.text())
def test_any_user_input_is_a_valid_expression(query: str) -> None:
    expression = fts.match_query(query)
    if expression:
        _matches("some text 中文", query)  # must not raise sqlite3.OperationalError
