"""Fuzzy matching of short names (commands): word prefixes, subsequences and small typos."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from roadmap_desktop.core.search_text import fold, words

T = TypeVar("T")

# Score bands: a better band always wins, whatever the details inside a band.
_EXACT_PREFIX = 400.0
_WORD_PREFIXES = 300.0
_SUBSEQUENCE = 200.0
_TYPO = 100.0


@dataclass(frozen=True)
class FuzzyMatch:
    """How well a name matched: a score (higher is better) and the matched character
    positions in the name, for highlighting."""

    score: float
    positions: tuple[int, ...]


def _word_starts(name: str) -> list[int]:
    starts, previous = [], " "
    for i, c in enumerate(name):
        if c.isalnum() and not previous.isalnum():
            starts.append(i)
        previous = c
    return starts


def _subsequence(query: str, name: str) -> tuple[int, ...] | None:
    """Positions of query's characters in name, in order: contiguous runs and word starts
    first, else the plain leftmost match (which exists whenever any match does)."""
    starts = _word_starts(name)
    positions: list[int] = []
    at = 0
    for c in query:
        if positions and at < len(name) and name[at] == c:
            found = at
        else:
            found = next((i for i in starts if i >= at and name[i] == c), -1)
            if found < 0:
                found = name.find(c, at)
        if found < 0:
            break
        positions.append(found)
        at = found + 1
    else:
        return tuple(positions)
    positions, at = [], 0
    for c in query:
        found = name.find(c, at)
        if found < 0:
            return None
        positions.append(found)
        at = found + 1
    return tuple(positions)


def _within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or swap."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _typo_match(query_words: list[str], name_words: list[str]) -> bool:
    """Every query word is (a prefix of) a name word, allowing one typo in words of 4+."""
    return all(any(_near(q, w) for w in name_words) for q in query_words)


def _near(q: str, word: str) -> bool:
    if word.startswith(q):
        return True
    # One typo in words of four letters or more, not in the first letter (rare, and checking
    # it would cost an edit distance against every word of every command).
    if len(q) < 4 or not word or word[0] != q[0]:
        return False
    return any(_within_one_edit(q, word[: len(q) + d]) for d in (0, 1, -1))


@lru_cache(maxsize=4096)
def _prepared(name: str) -> tuple[str, list[str], list[int]]:
    folded = fold(name)
    return folded, words(name), _word_starts(folded)


def match(query: str, name: str) -> FuzzyMatch | None:
    """How name matches query, or None. Case and accents are ignored."""
    q = " ".join(words(query))
    if not q:
        return None
    folded, name_words, starts = _prepared(name)
    shortness = 1.0 / (1 + len(folded))
    if folded.startswith(q):
        return FuzzyMatch(_EXACT_PREFIX + shortness, tuple(range(len(q))))
    query_words = q.split()
    if all(any(w.startswith(qw) for w in name_words) for qw in query_words):
        positions = _subsequence(q, folded) or ()
        return FuzzyMatch(_WORD_PREFIXES + shortness, positions)
    found = _subsequence(q.replace(" ", ""), folded)
    if found is not None:
        gaps = found[-1] - found[0] - len(found) + 1
        at_starts = len(set(found) & set(starts))
        return FuzzyMatch(_SUBSEQUENCE + at_starts * 5 - gaps * 0.5 + shortness, found)
    if _typo_match(query_words, name_words):
        return FuzzyMatch(_TYPO + shortness, ())
    return None


def rank(
    query: str, items: Iterable[T], name: Callable[[T], str], limit: int = 50
) -> Sequence[tuple[T, FuzzyMatch]]:
    """The items whose name matches query, best first (ties by name)."""
    found = []
    for item in items:
        m = match(query, name(item))
        if m is not None:
            found.append((item, m))
    found.sort(key=lambda pair: (-pair[1].score, fold(name(pair[0]))))
    return found[:limit]
