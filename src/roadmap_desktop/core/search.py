"""Search the full-text index: ranked hits grouped by kind, with snippets and locations."""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from roadmap_desktop.core import search_index as ix
from roadmap_desktop.core.search_text import ParsedQuery, first_match, fold, fts_query, parse

Segment = tuple[str, bool]  # text, and whether it is a matched word

_OPEN, _CLOSE = "\x02", "\x03"
_SNIPPET_TOKENS = 14
_RANK = f"bm25({', '.join(str(w) for w in ix.WEIGHTS)})"
_MARKUP = re.compile(r"[#*`>|]+|\]\([^)]*\)|[\[\]]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")


class HitKind(enum.StrEnum):
    """The groups of the palette, in their default order."""

    STEP = "step"
    NOTE = "note"
    RESOURCE = "resource"
    QUESTION = "question"
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
    HitKind.ROADMAP: ("roadmap",),
}


@dataclass(frozen=True)
class SearchHit:
    """One found item: what to show and what the window needs to open it in place."""

    kind: HitKind
    title: tuple[Segment, ...]
    snippet: tuple[Segment, ...]
    location: tuple[str, ...]
    score: float  # higher is better; comparable within one search
    field: Field
    roadmap_id: int | None = None
    roadmap_slug: str | None = None
    step_key: str | None = None
    resource_id: int | None = None
    question_id: int | None = None
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
class _Row:
    rowid: int
    kind: str
    key: int
    score: float
    snippets: tuple[str, str]  # body, extra — with match markers
    body: str


def mark(text: str, terms: Sequence[str]) -> tuple[Segment, ...]:
    """text split into segments, words that start with a term marked (as the index matches)."""
    if not terms:
        return ((text, False),) if text else ()
    segments: list[Segment] = []
    at = 0
    for match in _WORD.finditer(text):
        if any(fold(match.group()).startswith(t) for t in terms):
            if match.start() > at:
                segments.append((text[at : match.start()], False))
            segments.append((match.group(), True))
            at = match.end()
    if at < len(text):
        segments.append((text[at:], False))
    return tuple(segments)


def _segments(snippet: str) -> tuple[Segment, ...]:
    """A snippet with markers as segments, Markdown punctuation and line breaks tidied."""
    segments: list[Segment] = []
    for i, part in enumerate(re.split(f"[{_OPEN}{_CLOSE}]", snippet)):
        text = part if i % 2 else _SPACE.sub(" ", _MARKUP.sub("", part))
        if text:
            segments.append((text, bool(i % 2)))
    if segments and not segments[0][1]:
        segments[0] = (segments[0][0].lstrip(), False)
    return tuple(s for s in segments if s[0])


def _has_match(snippet: str) -> bool:
    return _OPEN in snippet


def _first_line(text: str, limit: int = 120) -> str:
    line = _SPACE.sub(" ", _MARKUP.sub("", text.strip().split("\n", 1)[0])).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _query_rows(
    conn: ix.Connection, expression: str, kinds: Sequence[str], limit: int
) -> list[_Row]:
    codes = [ix.KIND_BY_NAME[name] for name in kinds]
    low, high = min(k.low for k in codes), max(k.high for k in codes)
    cursor = conn.exec_driver_sql(
        f"SELECT rowid, rank, snippet({ix.TABLE}, 1, ?, ?, '…', ?), "
        f"snippet({ix.TABLE}, 2, ?, ?, '…', ?), body FROM {ix.TABLE} "
        f"WHERE {ix.TABLE} MATCH ? AND rank MATCH ? AND rowid BETWEEN ? AND ? "
        "ORDER BY rank LIMIT ?",
        (
            _OPEN,
            _CLOSE,
            _SNIPPET_TOKENS,
            _OPEN,
            _CLOSE,
            _SNIPPET_TOKENS,
            expression,
            _RANK,
            low,
            high,
            limit,
        ),
    )
    rows = []
    for rowid, rank, body_snippet, extra_snippet, body in cursor.fetchall():
        kind, key = ix.decode(int(rowid))
        rows.append(
            _Row(int(rowid), kind.name, key, -float(rank), (body_snippet, extra_snippet), body)
        )
    return rows


def _in(ids: Sequence[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _step_places(conn: ix.Connection, step_ids: Sequence[int]) -> dict[int, tuple[object, ...]]:
    if not step_ids:
        return {}
    rows = conn.exec_driver_sql(
        "SELECT s.id, s.key, s.title, p.title, r.id, r.slug, r.title FROM steps s "
        "JOIN roadmaps r ON r.id = s.roadmap_id LEFT JOIN phases p ON p.id = s.phase_id "
        f"WHERE s.id IN ({_in(step_ids)})"
    ).fetchall()
    return {int(row[0]): tuple(row[1:]) for row in rows}


def _steps(
    conn: ix.Connection, rows: list[_Row], query: ParsedQuery, limit: int, kind: HitKind
) -> list[SearchHit]:
    topic_steps: dict[int, int] = {}
    topic_ids = [r.key for r in rows if r.kind == "topic"]
    if topic_ids:
        topic_steps = {
            int(tid): int(sid)
            for tid, sid in conn.exec_driver_sql(
                f"SELECT id, step_id FROM topics WHERE id IN ({_in(topic_ids)})"
            ).fetchall()
        }
    step_of = {r.rowid: topic_steps.get(r.key, -1) if r.kind == "topic" else r.key for r in rows}
    places = _step_places(conn, [s for s in step_of.values() if s >= 0])
    hits: list[SearchHit] = []
    seen: set[int] = set()
    for row in rows:
        step_id = step_of[row.rowid]
        if step_id in seen or step_id not in places:
            continue
        seen.add(step_id)
        key, title, phase, roadmap_id, slug, roadmap = places[step_id]
        body, extra = row.snippets
        if row.kind == "topic":
            field, snippet = Field.TOPIC, extra
        elif kind == HitKind.NOTE:
            field, snippet = Field.NOTE, body
        else:
            field, snippet = (Field.GUIDE, body) if _has_match(body) else (Field.TITLE, "")
        found = first_match(row.body, query.terms) if field in (Field.GUIDE, Field.NOTE) else None
        hits.append(
            SearchHit(
                kind=kind,
                title=mark(str(title), query.terms),
                snippet=_segments(snippet),
                location=tuple(str(p) for p in (roadmap, phase) if p),
                score=row.score,
                field=field,
                roadmap_id=int(str(roadmap_id)),
                roadmap_slug=str(slug),
                step_key=str(key),
                match_text=found[1] if found else "",
                offset=found[0] if found else None,
            )
        )
    return hits[:limit]


def _resources(conn: ix.Connection, rows: list[_Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            "SELECT id, title, kind, author FROM resources "
            f"WHERE id IN ({_in([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        title, kind, author = info[row.key]
        note, details = row.snippets
        if _has_match(note):
            field, snippet = Field.NOTE, note
        elif _has_match(details):
            field, snippet = Field.DETAILS, details
        else:
            field, snippet = Field.TITLE, ""
        found = first_match(row.body, query.terms) if field == Field.NOTE else None
        place = " · ".join(str(p) for p in (str(kind).capitalize(), author) if p)
        hits.append(
            SearchHit(
                kind=HitKind.RESOURCE,
                title=mark(str(title), query.terms),
                snippet=_segments(snippet),
                location=("Library", place),
                score=row.score,
                field=field,
                resource_id=row.key,
                match_text=found[1] if found else "",
                offset=found[0] if found else None,
            )
        )
    return hits


def _questions(conn: ix.Connection, rows: list[_Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            "SELECT q.id, q.prompt_md, q.step_key, r.id, r.slug, r.title, s.title, p.title "
            "FROM practice_questions q JOIN roadmaps r ON r.id = q.roadmap_id "
            "LEFT JOIN steps s ON s.roadmap_id = q.roadmap_id AND s.key = q.step_key "
            "LEFT JOIN phases p ON p.id = s.phase_id "
            f"WHERE q.id IN ({_in([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        prompt, step_key, roadmap_id, slug, roadmap, step, phase = info[row.key]
        answer = row.snippets[0]
        field, snippet = (Field.ANSWER, answer) if _has_match(answer) else (Field.TITLE, "")
        hits.append(
            SearchHit(
                kind=HitKind.QUESTION,
                title=mark(_first_line(str(prompt)), query.terms),
                snippet=_segments(snippet),
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


def _roadmaps(conn: ix.Connection, rows: list[_Row], query: ParsedQuery) -> list[SearchHit]:
    if not rows:
        return []
    info = {
        int(row[0]): row[1:]
        for row in conn.exec_driver_sql(
            f"SELECT id, slug, title FROM roadmaps WHERE id IN ({_in([r.key for r in rows])})"
        ).fetchall()
    }
    hits = []
    for row in rows:
        if row.key not in info:
            continue
        slug, title = info[row.key]
        summary = row.snippets[0]
        field, snippet = (Field.SUMMARY, summary) if _has_match(summary) else (Field.TITLE, "")
        hits.append(
            SearchHit(
                kind=HitKind.ROADMAP,
                title=mark(str(title), query.terms),
                snippet=_segments(snippet),
                location=("Roadmaps",),
                score=row.score,
                field=field,
                roadmap_id=row.key,
                roadmap_slug=str(slug),
            )
        )
    return hits


def search(conn: ix.Connection, text: str, limit: int = 8) -> tuple[SearchGroup, ...]:
    """Up to limit hits of each kind for what the learner typed, groups ordered by their best
    hit. One-letter words search titles only (every body has some word starting with "p")."""
    query = parse(text)
    if query.empty:
        return ()
    expression = fts_query(query, titles_only=query.longest < 2)
    groups: list[SearchGroup] = []
    for kind, index_kinds in GROUPS.items():
        # Topic hits collapse into their step, so a step group reads a few more rows.
        fetch = limit * 3 if len(index_kinds) > 1 else limit
        rows = _query_rows(conn, expression, index_kinds, fetch)
        if not rows:
            continue
        if kind in (HitKind.STEP, HitKind.NOTE):
            hits = _steps(conn, rows, query, limit, kind)
        elif kind == HitKind.RESOURCE:
            hits = _resources(conn, rows, query)
        elif kind == HitKind.QUESTION:
            hits = _questions(conn, rows, query)
        else:
            hits = _roadmaps(conn, rows, query)
        if hits:
            groups.append(SearchGroup(kind, tuple(hits)))
    groups.sort(key=lambda g: -g.hits[0].score)
    return tuple(groups)
