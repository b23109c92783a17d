"""Cloze gaps and cards made from a note selection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_desktop.core.cloze import (
    card_from_selection,
    cloze_answer,
    cloze_question,
    has_cloze,
    next_cloze_number,
)


def test_gaps_hide_and_fill() -> None:
    text = "A {{c1::B-tree}} keeps keys {{c2::sorted::order?}}."
    assert has_cloze(text) and not has_cloze("plain")
    assert cloze_question(text) == "A **[…]** keeps keys **[order?]**."
    assert cloze_answer(text) == "A **B-tree** keeps keys **sorted**."
    assert next_cloze_number(text) == 3


def test_second_gap_in_a_paragraph_gets_the_next_number() -> None:
    text = "Uses {{c1::WAL}} and MVCC."
    start = text.index("MVCC")
    front, back = card_from_selection(text, start, start + 4, cloze=True)
    assert front == "Uses {{c1::WAL}} and {{c2::MVCC}}." and back == ""


def test_blank_selection_is_refused() -> None:
    with pytest.raises(ValueError):
        card_from_selection("abc  def", 3, 5, cloze=False)


_WORDS = st.text(alphabet="abcdefgh XYZ.,", min_size=1, max_size=40)


@given(_WORDS, _WORDS.filter(lambda s: s.strip()), _WORDS)
def test_cloze_of_a_selection_reveals_the_paragraph(before: str, chosen: str, after: str) -> None:
    text = f"First paragraph.\n\n{before}{chosen}{after}\n\nLast."
    start = text.index("\n\n") + 2 + len(before)
    front, _ = card_from_selection(text, start, start + len(chosen), cloze=True)
    assert f"{{{{c1::{chosen.strip()}}}}}" in front
    assert "First paragraph" not in front and "Last." not in front
    paragraph = (before + chosen + after).strip()
    assert cloze_answer(front).replace("**", "") == paragraph.replace("**", "")
    _, back = card_from_selection(text, start, start + len(chosen), cloze=False)
    assert back == chosen.strip()
