"""The shared evidence helpers of signals: clipped text and distinct phrase lists."""

from __future__ import annotations

from tradetriage.signals.base import EVIDENCE_CHARS, clip, distinct


def test_clip_keeps_short_text_and_marks_a_cut() -> None:
    assert clip("spf=fail") == "spf=fail"
    assert clip("x" * EVIDENCE_CHARS) == "x" * EVIDENCE_CHARS
    cut = clip("x" * (EVIDENCE_CHARS + 1))
    assert len(cut) == EVIDENCE_CHARS and cut.endswith("…")
    assert clip("abcdef", limit=4) == "abc…"


def test_distinct_collapses_spacing_cuts_width_and_stops_at_the_limit() -> None:
    items = ["wire  transfer", "wire transfer", "", "   ", "western union", "x" * 60, "more"]
    assert distinct(items, limit=10) == ("wire transfer", "western union", "x" * 39 + "…", "more")
    assert distinct(items, limit=2) == ("wire transfer", "western union")
    assert distinct(["x" * 60], limit=5, width=80) == ("x" * 60,)
