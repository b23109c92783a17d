"""What a search returns: hits grouped by kind, with marked titles, snippets and places."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_desktop.core import search_index as ix
from roadmap_desktop.core.search_text import ParsedQuery, first_match, fold, word_matches

Segment = tuple[str, bool]  # text, and whether it is a matched word

_BEFORE, _AFTER = 40, 110  # characters of context around the first match in a snippet
_MARKUP = re.compile(r"[#*`>|]+|\]\([^)]*\)|[\[\]]")
_SPACE = re.compile(r"\s+")
_BLOCK = re.compile(r"^[ \t]*(?:#+|[-+*]|\d+[.)])[ \t]")  # a heading or list item line
_LIST_MARK = re.compile(r"^[ \t]*(?:[-+*]|\d+[.)])[ \t]+")
_WORD = re.compile(r"[^\W_]+")


class HitKind(enum.StrEnum):
    """The groups of the palette, in their default order."""

    STEP = "step"
    NOTE = "note"
    RESOURCE = "resource"
    QUESTION = "question"
    CARD = "card"
    ROADMAP = "roadmap"


class Field(enum.StrEnum):
    """Where in the item the words matched, so it can be opened at the match."""

    TITLE = "title"
    GUIDE = "guide"  # a step's guide text (body_md)
    TOPIC = "topic"
    NOTE = "note"  # the learner's note on a step, or a resource's note
    DETAILS = "details"  # a resource's author, address or tags
    ANSWER = "answer"
    SUMMARY = "summary"


# Which index kinds feed each group; a topic hit is shown as its step.
GROUPS: dict[HitKind, tuple[str, ...]] = {
    HitKind.STEP: ("step", "topic"),
    HitKind.NOTE: ("note",),
    HitKind.RESOURCE: ("resource",),
    HitKind.QUESTION: ("question",),
    HitKind.CARD: ("card",),
    HitKind.ROADMAP: ("roadmap",),
}


@dataclass(frozen=True)
class SearchHit:
    """One found item: what to show and what the window needs to open it in place."""

    kind: HitKind
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    location: tuple[str, ...]
    score: float  # higher is better; comparable within one group
    field: Field
    roadmap_id: int | None = None
    roadmap_slug: str | None = None
    step_key: str | None = None
    resource_id: int | None = None
    question_id: int | None = None
    card_id: int | None = None
    match_text: str = ""  # the first matched word as written in the field
    offset: int | None = None  # its character offset in the field's Markdown

    @property
    def title_text(self) -> str:
        """The title without highlighting."""
        return "".join(text for text, _ in self.title)

    @property
    def snippet_text(self) -> str:
        """The snippet without highlighting."""
        return "".join(text for text, _ in self.snippet)


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind, best first."""

    kind: HitKind
    hits: tuple[SearchHit, ...]


@dataclass(frozen=True)
class Row:
    """One found document, as the index returns it."""

    kind: str  # an index kind name: step, topic, note…
    key: int
    score: float
    body: str
    extra: str


def mark(text: str, terms: Sequence[str]) -> tuple[Segment, ...]:
    """text split into segments, words that start with a term marked (as the index matches)."""
    if not terms:
        return ((text, False),) if text else ()
    segments: list[Segment] = []
    at = 0
    for match in _WORD.finditer(text):
        if word_matches(fold(match.group()), terms):
            if match.start() > at:
                segments.append((text[at : match.start()], False))
            segments.append((match.group(), True))
            at = match.end()
    if at < len(text):
        segments.append((text[at:], False))
    return tuple(segments)


def snippet(text: str, terms: Sequence[str]) -> tuple[tuple[Segment, ...], int | None, str]:
    """A short excerpt of text around its first matched word, Markdown punctuation tidied and
    matched words marked; with that word's offset in text and its spelling (None, "" when no
    word matches)."""
    found = first_match(text, terms)
    if found is None:
        return (), None, ""
    offset, word = found
    start = max(0, offset - _BEFORE)
    end = min(len(text), offset + len(word) + _AFTER)
    if start > 0:
        space = text.find(" ", start, offset)
        start = space + 1 if space >= 0 else start
    if end < len(text):
        space = text.rfind(" ", offset + len(word), end)
        end = space if space >= 0 else end
    window = _tidy(text[start:end])
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    return mark(lead + window + tail, terms), offset, word


def _tidy(text: str) -> str:
    """Markdown as one line of plain words: markup and list marks dropped; a heading, a list
    item or a paragraph without closing punctuation kept apart from what follows by " · ",
    while the lines of one wrapped paragraph join with a space."""
    parts: list[str] = []
    apart = False  # the next line starts a new block
    for line in text.split("\n"):
        if not line.strip():
            apart = True
            continue
        block = bool(_BLOCK.match(line))
        words = _SPACE.sub(" ", _MARKUP.sub("", _LIST_MARK.sub("", line))).strip()
        if not words:
            continue
        if parts and (apart or block) and parts[-1][-1] not in ".!?:;,":
            parts.append("·")
        parts.append(words)
        apart = block
    return " ".join(parts)


def _first_line(text: str, limit: int = 120) -> str:
    line = _SPACE.sub(" ", _MARKUP.sub("", text.strip().split("\n", 1)[0])).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def in_list(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _step_places(conn: ix.Connection, step_ids: Sequence[int]) -> dict[int, tuple[object, ...]]:
    if not step_ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT s.id, s.key, s.title, p.title, r.id, r.slug, r.title FROM steps s "
        "JOIN roadmaps r ON r.id = s.roadmap_id LEFT JOIN phases p ON p.id = s.phase_id "
        f"WHERE s.id IN ({in_list(step_ids)})"
    ).fetchall()
    return {int(row[0]): tuple(row[1:]) for row in rows}


def topic_steps(conn: ix.Connection, topic_ids: Sequence[int]) -> dict[int, int]:
    """The step id of each topic id."""
    if not topic_ids:
        return {}
    rows = conn.exec_driver_sql(
        f"SELECT id, step_id FROM topics WHERE id IN ({in_list(topic_ids)})"
    ).fetchall()
    return {int(tid): int(sid) for tid, sid in rows}


def step_of(kind: str, key: int, topics: dict[int, int]) -> int:
    """The step a step, topic or note document belongs to (-1: a topic since deleted)."""
    return topics.get(key, -1) if kind == "topic" else key


def steps(
    conn: ix.Connection,
    rows: list[Row],
    query: ParsedQuery,
    kind: HitKind,
    topics: dict[int, int],
) -> list[SearchHit]:
    """Step or note hits, one per step, with the roadmap and phase they live in."""
    step_ids = {(row.kind, row.key): step_of(row.kind, row.key, topics) for row in rows}
    places = _step_places(conn, [s for s in step_ids.values() if s >= 0])
    hits: list[SearchHit] = []
    seen: set[int] = set()
    for row in rows:
        step_id = step_ids[(row.kind, row.key)]
        if step_id in seen or step_id not in places:
            continue
        seen.add(step_id)
        key, title, phase, roadmap_id, slug, roadmap = places[step_id]
        if row.kind == "topic":
            field, (excerpt, offset, word) = Field.TOPIC, snippet(row.extra, query.terms)
        else:
            excerpt, offset, word = snippet(row.body, query.terms)
            field = Field.NOTE if kind == HitKind.NOTE else Field.GUIDE if excerpt else Field.TITLE
        hits.append(
            SearchHit(
                kind=kind,
                title=mark(str(title), query.terms),
                snippet=excerpt,
                location=tuple(str(p) for p in (roadmap, phase) if p),
                score=row.score,
                field=field,
                roadmap_id=int(str(roadmap_id)),
                roadmap_slug=str(slug),
                step_key=str(key),
                match_text=word,
                offset=offset,
            )
        )
    return hits


def resources(conn: ix.Connection, rows: list[Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            "SELECT id, title, kind, author, url, local_path, (SELECT group_concat(tag, ', ') "
            "FROM resource_tags WHERE resource_id = resources.id) FROM resources "
            f"WHERE id IN ({in_list([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        title, kind, author, *details = info[row.key]
        field = Field.NOTE
        excerpt, offset, word = snippet(row.body, query.terms)
        if not excerpt:
            # The indexed details run author, address and tags together; shown apart.
            field = Field.DETAILS
            shown = " · ".join(str(part) for part in (author, *details) if part)
            excerpt, offset, word = snippet(shown, query.terms)
            offset, word = None, ""
        if not excerpt:
            field = Field.TITLE
        place = " · ".join(str(p) for p in (str(kind).capitalize(), author) if p)
        hits.append(
            SearchHit(
                kind=HitKind.RESOURCE,
                title=mark(str(title), query.terms),
                snippet=excerpt,
                location=("Library", place),
                score=row.score,
                field=field,
                resource_id=row.key,
                match_text=word,
                offset=offset,
            )
        )
    return hits


def questions(conn: ix.Connection, rows: list[Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            "SELECT q.id, q.prompt_md, q.step_key, r.id, r.slug, r.title, s.title, p.title "
            "FROM practice_questions q JOIN roadmaps r ON r.id = q.roadmap_id "
            "LEFT JOIN steps s ON s.roadmap_id = q.roadmap_id AND s.key = q.step_key "
            "LEFT JOIN phases p ON p.id = s.phase_id "
            f"WHERE q.id IN ({in_list([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        prompt, step_key, roadmap_id, slug, roadmap, step, phase = info[row.key]
        excerpt, _, _ = snippet(row.body, query.terms)
        field = Field.ANSWER if excerpt else Field.TITLE
        hits.append(
            SearchHit(
                kind=HitKind.QUESTION,
                title=mark(_first_line(str(prompt)), query.terms),
                snippet=excerpt,
                location=tuple(str(p) for p in (roadmap, phase, step) if p),
                score=row.score,
                field=field,
                roadmap_id=int(str(roadmap_id)),
                roadmap_slug=str(slug),
                step_key=str(step_key) if step_key else None,
                question_id=row.key,
            )
        )
    return hits


def cards(conn: ix.Connection, rows: list[Row], query: ParsedQuery) -> list[SearchHit]:
    """The learner's cards, placed in the roadmap, phase and step they belong to."""
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            "SELECT c.id, c.front_md, c.step_key, r.id, r.slug, r.title, s.title, p.title "
            "FROM cards c JOIN roadmaps r ON r.id = c.roadmap_id "
            "LEFT JOIN steps s ON s.roadmap_id = c.roadmap_id AND s.key = c.step_key "
            "LEFT JOIN phases p ON p.id = s.phase_id "
            f"WHERE c.id IN ({in_list([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        front, step_key, roadmap_id, slug, roadmap, step, phase = info[row.key]
        excerpt, _, _ = snippet(row.body, query.terms)
        field = Field.ANSWER if excerpt else Field.TITLE
        hits.append(
            SearchHit(
                kind=HitKind.CARD,
                title=mark(_first_line(str(front)), query.terms),
                snippet=excerpt,
                location=tuple(str(p) for p in (roadmap, phase, step) if p),
                score=row.score,
                field=field,
                roadmap_id=int(str(roadmap_id)),
                roadmap_slug=str(slug),
                step_key=str(step_key) if step_key else None,
                card_id=row.key,
            )
        )
    return hits


def roadmaps(conn: ix.Connection, rows: list[Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            f"SELECT id, slug, title FROM roadmaps WHERE id IN ({in_list([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        slug, title = info[row.key]
        excerpt, _, _ = snippet(row.body, query.terms)
        field = Field.SUMMARY if excerpt else Field.TITLE
        hits.append(
            SearchHit(
                kind=HitKind.ROADMAP,
                title=mark(str(title), query.terms),
                snippet=excerpt,
                location=("Roadmaps",),
                score=row.score,
                field=field,
                roadmap_id=row.key,
                roadmap_slug=str(slug),
            )
        )
    return hits
