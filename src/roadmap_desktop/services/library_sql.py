"""Library table rows and a step's resources, in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime
from typing import Any

from roadmap_desktop.core.plain_sql import rows_in
from roadmap_desktop.services.library_snapshots import LibraryRow

USED_IN_SEPARATOR = " › "
CHUNK = 500  # ids per IN (...) list, well below SQLite's variable limit
_NO_SLUGS: frozenset[str] = frozenset()
_TAG_SEPARATOR = "\x1f"  # ASCII unit separator: never part of a cleaned tag

_ROADMAP_ORDER = "SELECT slug FROM roadmaps ORDER BY position, title, id"
_STEP_NAMES = (
    "SELECT steps.id, steps.position, phases.position, roadmaps.slug, roadmaps.title,"
    " steps.title"
    " FROM steps JOIN roadmaps ON roadmaps.id = steps.roadmap_id"
    " LEFT OUTER JOIN phases ON phases.id = steps.phase_id"
)
_STEP_NAMES_OF = _STEP_NAMES + " WHERE steps.id IN ({})"
# The resource fields of a flat row, in LibraryRow's order (services/library_read.ROW_COLUMNS).
_ROWS = (
    "SELECT id, title, url, local_path, kind, author, cost, status, rating, added_at,"
    " finished_at, note_md != ?, origin FROM resources{} ORDER BY id"
)
_ROWS_OF = _ROWS.format(" WHERE id IN ({})")
_TAGS = "SELECT resource_id, group_concat(tag, ?) FROM resource_tags{} GROUP BY resource_id"
_TAGS_OF = _TAGS.format(" WHERE resource_id IN ({})")
_LINKS = "SELECT resource_id, step_id FROM step_resources"
_LINKS_OF = _LINKS + " WHERE resource_id IN ({})"
_STEP_RESOURCE_IDS = (
    "SELECT step_resources.resource_id FROM step_resources"
    " JOIN steps ON steps.id = step_resources.step_id"
    " WHERE steps.roadmap_id = ? AND steps.key = ?"
    " ORDER BY step_resources.position, step_resources.user_linked, step_resources.resource_id"
)


_IDS_NEWEST_FIRST = "SELECT id FROM resources ORDER BY added_at DESC, id DESC"
_TAG_COUNTS = "SELECT tag, count(*) FROM resource_tags GROUP BY tag"


def ids_newest_first(conn: sqlite3.Connection) -> list[int]:
    """Every resource id, newest first (the library's default order)."""
    return [row[0] for row in conn.execute(_IDS_NEWEST_FIRST)]


def tag_counts(conn: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every tag with the number of resources carrying it, sorted case-insensitively."""
    rows = conn.execute(_TAG_COUNTS).fetchall()
    return sorted(((tag, int(n)) for tag, n in rows), key=lambda t: (t[0].casefold(), t[0]))


def chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    """ids in parts of CHUNK."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def step_resources(conn: sqlite3.Connection, roadmap_id: int, step_key: str) -> list[LibraryRow]:
    """The resources linked to one step, in link order (the roadmap's first, then the learner's)."""
    ids = [rid for (rid,) in conn.execute(_STEP_RESOURCE_IDS, (roadmap_id, step_key))]
    by_id = {row.id: row for row in load_rows(conn, ids)}
    return [by_id[rid] for rid in ids if rid in by_id]


def load_rows(conn: sqlite3.Connection, ids: Sequence[int] | None) -> list[LibraryRow]:
    """Rows of these resources (all with None) from three flat queries (resources, tags, links)
    and the small steps table, ordered by id."""
    resources: list[Any]
    if ids is None:
        resources = conn.execute(_ROWS.format(""), ("",)).fetchall()
        tag_rows = conn.execute(_TAGS.format(""), (_TAG_SEPARATOR,)).fetchall()
        link_rows = conn.execute(_LINKS).fetchall()
    else:
        resources, tag_rows, link_rows = [], [], []
        for chunk in chunks(ids):
            resources += rows_in(conn, _ROWS_OF, ("",), chunk)
            tag_rows += rows_in(conn, _TAGS_OF, (_TAG_SEPARATOR,), chunk)
            link_rows += rows_in(conn, _LINKS_OF, (), chunk)

    tags: dict[int, tuple[str, ...]] = {
        rid: tuple(sorted(joined.split(_TAG_SEPARATOR), key=str.casefold))
        if _TAG_SEPARATOR in joined
        else (joined,)
        for rid, joined in tag_rows
    }
    if not link_rows:
        steps = {}
    else:  # a few resources: only their steps' names
        steps = step_names(conn, None if ids is None else {sid for _rid, sid in link_rows})
    links: dict[int, list[tuple[tuple[int, int, int], str, str]]] = defaultdict(list)
    for rid, sid in link_rows:
        links[rid].append(steps[sid])
    used_in: dict[int, tuple[str, ...]] = {}
    slugs: dict[int, frozenset[str]] = {}
    shared: dict[frozenset[str], frozenset[str]] = {}  # one frozenset per combination of slugs
    for rid, found in links.items():
        found.sort()
        used_in[rid] = tuple(name for _order, name, _slug in found)
        key = frozenset(slug for _order, _name, slug in found)
        slugs[rid] = shared.setdefault(key, key)

    no_tags: tuple[str, ...] = ()
    parse = datetime.fromisoformat
    return [
        LibraryRow(
            rid,
            title,
            url,
            local_path,
            kind,
            author,
            cost,
            status,
            rating,
            tags.get(rid, no_tags),
            used_in.get(rid, no_tags),
            slugs.get(rid, _NO_SLUGS),
            parse(added_at),
            None if finished_at is None else parse(finished_at),
            bool(has_note),
            origin,
        )
        for (
            rid,
            title,
            url,
            local_path,
            kind,
            author,
            cost,
            status,
            rating,
            added_at,
            finished_at,
            has_note,
            origin,
        ) in resources
    ]


def step_names(
    conn: sqlite3.Connection, only: Collection[int] | None = None
) -> dict[int, tuple[tuple[int, int, int], str, str]]:
    """step id → (order in the library, "Roadmap › Step", roadmap slug), for every step or only
    these (a roadmap may have 10,000 steps; a few resources link to a few of them).

    The order is the switcher's roadmap order, then phases and steps (archived steps last).
    """
    ranks = {slug: i for i, (slug,) in enumerate(conn.execute(_ROADMAP_ORDER))}
    if only is None:
        rows = conn.execute(_STEP_NAMES).fetchall()
    else:
        rows = []
        for chunk in chunks(sorted(only)):
            rows += rows_in(conn, _STEP_NAMES_OF, (), chunk)
    names = {}
    for sid, s_pos, p_pos, slug, r_title, s_title in rows:
        order = (ranks[slug], p_pos if p_pos is not None else 1 << 30, s_pos)
        names[sid] = (order, f"{r_title}{USED_IN_SEPARATOR}{s_title}", slug)
    return names
