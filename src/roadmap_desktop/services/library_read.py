"""Read-side library services: table rows, one resource's detail, step pickers and tag counts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import BindParameter, Select, bindparam, func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import Phase, Resource, ResourceTag, Roadmap, Step, StepResource
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.services.library_snapshots import (
    LibraryRow,
    ResourceDetail,
    StepLink,
    StepRef,
)

USED_IN_SEPARATOR = " › "
_CHUNK = 500  # ids per IN (...) list, well below SQLite's variable limit
_NO_SLUGS: frozenset[str] = frozenset()


# The resource fields every flat row (table, CSV export) reads, in this order.
ROW_COLUMNS = (
    Resource.id,
    Resource.title,
    Resource.url,
    Resource.local_path,
    Resource.kind,
    Resource.author,
    Resource.cost,
    Resource.status,
    Resource.rating,
    Resource.added_at,
    Resource.finished_at,
)


def library_rows(db: Database) -> list[LibraryRow]:
    """Every resource for the library table, ordered by id; note text is not loaded."""
    with db.reading() as session:
        return load_rows(session, None)


def library_ids(db: Database) -> list[int]:
    """Every resource id, newest first (the library's default order), for loading in parts."""
    with db.reading() as session:
        return list(
            session.scalars(
                select(Resource.id).order_by(Resource.added_at.desc(), Resource.id.desc())
            )
        )


def library_rows_of(db: Database, ids: Sequence[int]) -> list[LibraryRow]:
    """The table rows of these resources (those that still exist), ordered by id."""
    with db.reading() as session:
        return load_rows(session, ids)


def library_row(db: Database, resource_id: int) -> LibraryRow:
    """One resource as a table row; NotFoundError when it is gone."""
    with db.reading() as session:
        return _require_row(session, resource_id)


def _require_row(session: Session, resource_id: int) -> LibraryRow:
    rows = load_rows(session, [resource_id])
    if not rows:
        raise NotFoundError(f"No resource with id {resource_id}; it may have been deleted.")
    return rows[0]


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


_TAG_SEPARATOR = "\x1f"  # ASCII unit separator: never part of a cleaned tag


# The statements below are built once: a read of a few rows (a step's resources, one row after
# an edit) then costs its SQL, not the building of the statement and its cache key.
_IDS: BindParameter[Any] = bindparam("ids", expanding=True)
_ROADMAP_ORDER = select(Roadmap.slug).order_by(Roadmap.position, Roadmap.title, Roadmap.id)
_STEP_NAMES = (
    select(Step.id, Step.position, Phase.position, Roadmap.slug, Roadmap.title, Step.title)
    .join(Roadmap, Roadmap.id == Step.roadmap_id)
    .outerjoin(Phase, Phase.id == Step.phase_id)
)
_STEP_NAMES_OF = _STEP_NAMES.where(Step.id.in_(_IDS))
_ROWS = select(*ROW_COLUMNS, (Resource.note_md != "").label("has_note"), Resource.origin).order_by(
    Resource.id
)
_ROWS_OF = _ROWS.where(Resource.id.in_(_IDS))
_TAGS = select(
    ResourceTag.resource_id, func.group_concat(ResourceTag.tag, _TAG_SEPARATOR)
).group_by(ResourceTag.resource_id)
_TAGS_OF = _TAGS.where(ResourceTag.resource_id.in_(_IDS))
_LINKS = select(StepResource.resource_id, StepResource.step_id)
_LINKS_OF = _LINKS.where(StepResource.resource_id.in_(_IDS))
_STEP_RESOURCE_IDS = (
    select(StepResource.resource_id)
    .join(Step, Step.id == StepResource.step_id)
    .where(Step.roadmap_id == bindparam("roadmap_id"), Step.key == bindparam("step_key"))
    .order_by(StepResource.position, StepResource.user_linked, StepResource.resource_id)
)


def _step_names(
    session: Session, only: Collection[int] | None = None
) -> dict[int, tuple[tuple[int, int, int], str, str]]:
    """step id → (order in the library, "Roadmap › Step", roadmap slug), for every step or only
    these (a roadmap may have 10,000 steps; a few resources link to a few of them).

    The order is the switcher's roadmap order, then phases and steps (archived steps last).
    """
    conn = session.connection()
    ranks = {slug: i for i, slug in enumerate(conn.scalars(_ROADMAP_ORDER))}
    if only is None:
        rows = list(conn.execute(_STEP_NAMES).tuples())
    else:
        rows = []
        for chunk in _chunks(sorted(only)):
            rows += conn.execute(_STEP_NAMES_OF, {"ids": chunk}).tuples()
    names = {}
    for sid, s_pos, p_pos, slug, r_title, s_title in rows:
        order = (ranks[slug], p_pos if p_pos is not None else 1 << 30, s_pos)
        names[sid] = (order, f"{r_title}{USED_IN_SEPARATOR}{s_title}", slug)
    return names


def load_rows(session: Session, ids: Sequence[int] | None) -> list[LibraryRow]:
    """Rows from three flat Core queries (resources, tags, links) and the small steps table.

    No ORM object is built: a 20,000-resource library loads in a fraction of a second.
    """
    conn = session.connection()
    if ids is None:
        resources = conn.execute(_ROWS).all()
        tag_rows = conn.execute(_TAGS).all()
        link_rows = conn.execute(_LINKS).all()
    else:
        resources, tag_rows, link_rows = [], [], []
        for chunk in _chunks(ids):
            at = {"ids": chunk}
            resources += conn.execute(_ROWS_OF, at).all()
            tag_rows += conn.execute(_TAGS_OF, at).all()
            link_rows += conn.execute(_LINKS_OF, at).all()

    tags: dict[int, tuple[str, ...]] = {
        rid: tuple(sorted(joined.split(_TAG_SEPARATOR), key=str.casefold))
        if _TAG_SEPARATOR in joined
        else (joined,)
        for rid, joined in tag_rows
    }
    if not link_rows:
        steps = {}
    else:  # a few resources: only their steps' names
        steps = _step_names(session, None if ids is None else {sid for _rid, sid in link_rows})
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
            added_at,
            finished_at,
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


def resource_detail(db: Database, resource_id: int) -> ResourceDetail:
    """A resource's editable fields (with its note), dates and linked steps."""
    with db.reading() as session:
        res = session.get(Resource, resource_id)
        if res is None:
            raise NotFoundError(f"No resource with id {resource_id}; it may have been deleted.")
        return ResourceDetail(
            id=res.id,
            draft=draft_of(res),
            added_at=res.added_at,
            finished_at=res.finished_at,
            linked_steps=tuple(ref for ref, _link in linked_steps(session, resource_id)),
            origin=res.origin,
        )


def draft_of(res: Resource) -> ResourceDraft:
    """The editable fields of a stored resource."""
    return ResourceDraft(
        title=res.title,
        url=res.url,
        local_path=res.local_path,
        kind=res.kind,
        author=res.author,
        cost=res.cost,
        status=res.status,
        rating=res.rating,
        tags=tuple(sorted((t.tag for t in res.tags), key=str.casefold)),
        note_md=res.note_md,
    )


def linked_steps(session: Session, resource_id: int) -> list[tuple[StepRef, StepLink]]:
    rows = session.execute(
        select(
            Roadmap.id,
            Roadmap.title,
            Step.key,
            Step.title,
            StepResource.position,
            StepResource.user_linked,
        )
        .join(Step, Step.id == StepResource.step_id)
        .join(Roadmap, Roadmap.id == Step.roadmap_id)
        .outerjoin(Phase, Phase.id == Step.phase_id)
        .where(StepResource.resource_id == resource_id)
        .order_by(Roadmap.position, Roadmap.title, Phase.position, Step.position)
    ).tuples()
    return [
        (StepRef(rid, rtitle, key, stitle), StepLink(rid, key, position, user_linked))
        for rid, rtitle, key, stitle, position, user_linked in rows
    ]


def step_links(db: Database, resource_id: int) -> list[StepLink]:
    """How a resource is linked to steps, exactly as stored (position, learner's or roadmap's)."""
    with db.reading() as session:
        return [link for _ref, link in linked_steps(session, resource_id)]


def find_duplicate(
    db: Database, url: str | None, exclude_id: int | None = None
) -> LibraryRow | None:
    """The resource already in the library with the same normalised URL, if any."""
    if not url or not url.strip():
        return None
    key = normalize_url(url)
    with db.reading() as session:
        query = select(Resource.id).where(Resource.url_key == key)
        if exclude_id is not None:
            query = query.where(Resource.id != exclude_id)
        found = session.scalar(query.order_by(Resource.id).limit(1))
        return None if found is None else _require_row(session, found)


def _step_query() -> Select[Any]:
    return (
        select(Roadmap.id, Roadmap.title, Step.key, Step.title)
        .join(Roadmap, Roadmap.id == Step.roadmap_id)
        .outerjoin(Phase, Phase.id == Step.phase_id)
        .where(Step.archived.is_(False))
        .order_by(Roadmap.position, Roadmap.title, Phase.position, Step.position)
    )


def search_steps(db: Database, text: str, limit: int = 50) -> list[StepRef]:
    """Steps whose title, key or roadmap title contain every word of text (case-insensitive).

    Empty text gives the first steps in roadmap order.
    """
    words = text.casefold().split()
    with db.reading() as session:
        rows = session.execute(_step_query()).tuples().all()
    found: list[StepRef] = []
    for rid, rtitle, key, stitle in rows:
        haystack = f"{stitle} {rtitle} {key}".casefold()
        if all(word in haystack for word in words):
            found.append(StepRef(rid, rtitle, key, stitle))
            if len(found) >= limit:
                break
    return found


def step_resources(db: Database, roadmap_id: int, step_key: str) -> list[LibraryRow]:
    """The resources linked to one step, in link order (the roadmap's first, then the learner's)."""
    with db.reading() as session:
        ids = list(
            session.connection().scalars(
                _STEP_RESOURCE_IDS, {"roadmap_id": roadmap_id, "step_key": step_key}
            )
        )
        by_id = {row.id: row for row in load_rows(session, ids)}
    return [by_id[rid] for rid in ids if rid in by_id]


def all_tags(db: Database) -> list[tuple[str, int]]:
    """Every tag with the number of resources carrying it, sorted case-insensitively."""
    with db.reading() as session:
        rows = session.execute(
            select(ResourceTag.tag, func.count()).group_by(ResourceTag.tag)
        ).tuples()
        return sorted(((tag, int(n)) for tag, n in rows), key=lambda t: (t[0].casefold(), t[0]))
