"""Cloze gaps (`{{c1::answer}}` or `{{c1::answer::hint}}`) and cards made from a selection."""

from __future__ import annotations

import re

_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
MAX_CARD_CHARS = 100_000


def has_cloze(text: str) -> bool:
    """True when text holds at least one cloze gap."""
    return _CLOZE.search(text) is not None


def cloze_question(text: str) -> str:
    """The text with every gap hidden as **[…]** (or **[hint]**)."""
    return _CLOZE.sub(lambda m: f"**[{m.group(3) or '…'}]**", text)


def cloze_answer(text: str) -> str:
    """The text with every gap filled in and emphasised."""
    return _CLOZE.sub(lambda m: f"**{m.group(2)}**", text)


def next_cloze_number(text: str) -> int:
    """The number a new gap in text gets (1 for the first)."""
    return max((int(m.group(1)) for m in _CLOZE.finditer(text)), default=0) + 1


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    before = text.rfind("\n\n", 0, start)
    after = text.find("\n\n", end)
    return (0 if before < 0 else before + 2), (len(text) if after < 0 else after)


def card_from_selection(text: str, start: int, end: int, *, cloze: bool) -> tuple[str, str]:
    """Front and back of a card made from the selection text[start:end] of a note.

    As an answer: an empty front for the learner's question and the selection as the back.
    As a cloze: the paragraph around the selection with the selection as a `{{cN::…}}` gap,
    and an empty back. ValueError when nothing (or only blanks) is selected.
    """
    start, end = sorted((max(0, start), min(len(text), end)))
    selected = text[start:end]
    if not selected.strip():
        raise ValueError("Select some text of the note first.")
    if not cloze:
        return "", selected.strip()
    lead = len(selected) - len(selected.lstrip())
    trail = len(selected) - len(selected.rstrip())
    start, end = start + lead, end - trail
    p_start, p_end = _paragraph_bounds(text, start, end)
    paragraph = text[p_start:p_end]
    number = next_cloze_number(paragraph)
    gap = f"{{{{c{number}::{text[start:end]}}}}}"
    front = text[p_start:start] + gap + text[end:p_end]
    return front.strip(), ""
