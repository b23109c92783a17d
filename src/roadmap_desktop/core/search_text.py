"""What the learner typed, made into a safe FTS5 query; folding and match finding in Python.

Nothing the learner types reaches FTS5's query syntax: every word is wrapped in double quotes
(so `AND`, `NEAR`, `*`, `-`, `:` and brackets are just text), and only this module adds
operators. Supported on purpose: words match as prefixes ("postg" finds PostgreSQL), a balanced
"quoted phrase" matches those words in order, and `-word` leaves out what contains it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

MAX_TERMS = 12
MAX_TERM_CHARS = 64

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case without accents, as the index's tokenizer sees words ("Ré" → "re")."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of text, split where the index's tokenizer splits."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True)
class ParsedQuery:
    """The learner's text as words to find (prefixes), phrases and words to leave out."""

    prefixes: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        """True when nothing is left to search for."""
        return not self.prefixes and not self.phrases

    @property
    def terms(self) -> tuple[str, ...]:
        """Every word searched for, phrases included, for highlighting (one-letter words
        only when nothing longer is searched, as fts_query does)."""
        words_ = self.prefixes + tuple(w for phrase in self.phrases for w in phrase)
        longer = tuple(w for w in words_ if len(w) > 1)
        return longer or words_


def word_matches(folded_word: str, terms: Sequence[str]) -> bool:
    """True when a folded word is what the index matches for one of terms: a prefix, or the
    whole word for a one-letter term."""
    return any(folded_word == t if len(t) == 1 else folded_word.startswith(t) for t in terms)


def parse(text: str) -> ParsedQuery:
    """Split typed text into prefix words, "quoted phrases" and -excluded words."""
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    excluded: list[str] = []
    # Quotes count only in pairs; an unpaired quote (still typing) is plain punctuation.
    parts = text.split('"')
    if len(parts) % 2 == 0:
        parts = [text.replace('"', " ")]
    for index, part in enumerate(parts):
        if index % 2 == 1:
            phrase = tuple(w[:MAX_TERM_CHARS] for w in words(part))
            if phrase:
                phrases.append(phrase)
            continue
        for chunk in part.split():
            found = words(chunk)
            if not found:
                continue
            if chunk.startswith("-") and len(found) == 1:
                excluded.append(found[0][:MAX_TERM_CHARS])
            else:
                prefixes.extend(w[:MAX_TERM_CHARS] for w in found)
    return ParsedQuery(
        tuple(dict.fromkeys(prefixes))[:MAX_TERMS],
        tuple(dict.fromkeys(phrases))[:MAX_TERMS],
        tuple(dict.fromkeys(excluded))[:MAX_TERMS],
    )


def _quoted(words_: tuple[str, ...] | list[str]) -> str:
    # Folded words hold only letters and digits; doubling quotes keeps that safe regardless.
    return '"' + " ".join(w.replace('"', '""') for w in words_) + '"'


def fts_query(query: ParsedQuery, *, titles_only: bool = False) -> str:
    """The FTS5 MATCH expression for a parsed query; '' when there is nothing to search.

    Words match as prefixes. A one-letter prefix would expand to thousands of words, so
    one-letter words are left out beside longer ones, and a query of only one-letter words
    finds them as whole words in titles ("C", "R")."""
    if query.empty:
        return ""
    parts = [f"{_quoted([w])}*" for w in query.prefixes if len(w) > 1]
    parts += [_quoted(phrase) for phrase in query.phrases]
    if not parts:
        parts = [_quoted([w]) for w in query.prefixes]
        titles_only = True
    expression = " AND ".join(parts)
    if query.excluded:
        left_out = " OR ".join(f"{_quoted([w])}*" for w in query.excluded)
        expression = f"({expression}) NOT ({left_out})"
    if titles_only:
        expression = f"{{title}} : ({expression})"
    return expression


def first_match(text: str, terms: Sequence[str]) -> tuple[int, str] | None:
    """Offset and original spelling of the first word in text that starts with a term."""
    if not terms:
        return None
    for match in _WORD.finditer(text):
        if word_matches(fold(match.group()), terms):
            return match.start(), match.group()
    return None
