"""Search the full-text index: ranked hits grouped by kind, with snippets and locations."""

from __future__ import annotations

from roadmap_desktop.core import search_index as ix
from roadmap_desktop.core.search_hits import (
    GROUPS,
    Field,
    HitKind,
    Row,
    SearchGroup,
    SearchHit,
    Segment,
    cards,
    in_list,
    mark,
    questions,
    resources,
    roadmaps,
    step_of,
    steps,
    topic_steps,
)
from roadmap_desktop.core.search_text import ParsedQuery, fts_query, parse

__all__ = ["Field", "HitKind", "SearchGroup", "SearchHit", "Segment", "mark", "search"]

# Matches ranked per kind and pass; a word in more documents than this ranks the newest.
CANDIDATES = 300
TITLE_BONUS = 1000.0  # added to title matches' scores: they rank above every body match
_RANK = f"bm25({', '.join(str(w) for w in ix.WEIGHTS)})"
# Groups with a title match come first, then the others; within each tier in this order (bm25
# scores of different tables are not comparable: a table of three notes has no useful IDF).
# The learner's own cards come after the roadmap's practice questions they often rephrase.
_GROUP_ORDER = (
    HitKind.NOTE,
    HitKind.STEP,
    HitKind.RESOURCE,
    HitKind.QUESTION,
    HitKind.CARD,
    HitKind.ROADMAP,
)
_TITLED = {"roadmap", "step", "note", "resource", "question", "card"}  # documents with a title


def _ranked(
    conn: ix.Connection, table: str, expression: str, limit: int
) -> list[tuple[int, float]]:
    """The best (key, score) pairs of one index table for expression, best first.

    bm25 costs a microsecond or two a document and a common word is in thousands, so only the
    newest CANDIDATES matches are ranked: the inner query finds the rowid where they start
    (walking matches without ranking is cheap) and FTS5 takes it as a rowid bound."""
    rows = conn.exec_driver_sql(
        f"SELECT rowid, rank FROM {table} WHERE {table} MATCH ? AND rank MATCH ? "
        f"AND rowid >= coalesce((SELECT rowid FROM {table} WHERE {table} MATCH ? "
        "ORDER BY rowid DESC LIMIT 1 OFFSET ?), 0) ORDER BY rank LIMIT ?",
        (expression, _RANK, expression, CANDIDATES - 1, limit),
    ).fetchall()
    return [(int(rowid), -float(rank)) for rowid, rank in rows]


def _details(conn: ix.Connection, kind: ix.IndexedKind, scores: dict[int, float]) -> list[Row]:
    """The stored text of the chosen documents of one kind (snippets are cut in Python: FTS5's
    snippet() would walk every match of a common word again)."""
    rows = conn.exec_driver_sql(
        f"SELECT rowid, body, extra FROM {kind.table} WHERE rowid IN ({in_list(list(scores))})"
    ).fetchall()
    return [
        Row(kind.name, int(key), scores[int(key)], str(body), str(extra))
        for key, body, extra in rows
    ]


def _chosen(
    conn: ix.Connection, group: HitKind, titles: str, full: str, limit: int
) -> tuple[dict[str, dict[int, float]], dict[int, int]]:
    """The documents to show for one group, with scores, by index kind; and for steps the
    step of each topic found.

    Title matches come first (a title match anywhere beats the newest body matches); when a
    kind has enough of them its body text is not searched at all."""
    kinds = [ix.KIND_BY_NAME[name] for name in GROUPS[group]]
    scored: list[tuple[float, str, int]] = []
    for kind in kinds:
        title_hits = _ranked(conn, kind.table, titles, limit) if kind.name in _TITLED else []
        scored += [(TITLE_BONUS + score, kind.name, key) for key, score in title_hits]
        if len(title_hits) < limit:
            known = {key for key, _ in title_hits}
            # Topics collapse into their step, so steps read a few more.
            wanted = limit * 3 if len(kinds) > 1 else limit
            scored += [
                (score, kind.name, key)
                for key, score in _ranked(conn, kind.table, full, wanted)
                if key not in known
            ]
    scored.sort(key=lambda item: (-item[0], item[1], item[2]))
    topics = topic_steps(conn, [key for _, name, key in scored if name == "topic"])
    chosen: dict[str, dict[int, float]] = {}
    seen_steps: set[int] = set()
    count = 0
    for score, name, key in scored:
        if count >= limit:
            break
        if group == HitKind.STEP:
            step = step_of(name, key, topics)
            if step < 0 or step in seen_steps:
                continue
            seen_steps.add(step)
        chosen.setdefault(name, {})[key] = score
        count += 1
    return chosen, topics


def _group(
    conn: ix.Connection, group: HitKind, query: ParsedQuery, titles: str, full: str, limit: int
) -> SearchGroup | None:
    chosen, topics = _chosen(conn, group, titles, full, limit)
    rows: list[Row] = []
    for name, scores in chosen.items():
        rows += _details(conn, ix.KIND_BY_NAME[name], scores)
    rows.sort(key=lambda row: (-row.score, row.kind, row.key))
    if group in (HitKind.STEP, HitKind.NOTE):
        hits = steps(conn, rows, query, group, topics)
    elif group == HitKind.RESOURCE:
        hits = resources(conn, rows, query)
    elif group == HitKind.QUESTION:
        hits = questions(conn, rows, query)
    elif group == HitKind.CARD:
        hits = cards(conn, rows, query)
    else:
        hits = roadmaps(conn, rows, query)
    return SearchGroup(group, tuple(hits)) if hits else None


def search(conn: ix.Connection, text: str, limit: int = 8) -> tuple[SearchGroup, ...]:
    """Up to limit hits of each kind for what the learner typed, best first; groups with a
    title match first, the learner's notes before roadmap text."""
    query = parse(text)
    full = fts_query(query)
    if not full:
        return ()
    titles = fts_query(query, titles_only=True)
    found = (_group(conn, group, query, titles, full, limit) for group in GROUPS)
    groups = [group for group in found if group is not None]
    groups.sort(key=lambda g: (g.hits[0].score < TITLE_BONUS, _GROUP_ORDER.index(g.kind)))
    return tuple(groups)
