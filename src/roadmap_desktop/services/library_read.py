"""Read-side library services: table rows, one resource's detail, step pickers and tag counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database, session_sqlite
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import Phase, Resource, Roadmap, Step, StepResource
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.services import library_sql
from roadmap_desktop.services.library_snapshots import (
    LibraryRow,
    ResourceDetail,
    StepLink,
    StepRef,
)

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
    with db.raw_reading() as conn:
        return library_sql.load_rows(conn, None)


def library_ids(db: Database) -> list[int]:
    """Every resource id, newest first (the library's default order), for loading in parts."""
    with db.raw_reading() as conn:
        return library_sql.ids_newest_first(conn)


def library_rows_of(db: Database, ids: Sequence[int]) -> list[LibraryRow]:
    """The table rows of these resources (those that still exist), ordered by id."""
    with db.raw_reading() as conn:
        return library_sql.load_rows(conn, ids)


def library_row(db: Database, resource_id: int) -> LibraryRow:
    """One resource as a table row; NotFoundError when it is gone."""
    with db.reading() as session:
        return _require_row(session, resource_id)


def _require_row(session: Session, resource_id: int) -> LibraryRow:
    rows = load_rows(session, [resource_id])
    if not rows:
        raise NotFoundError(f"No resource with id {resource_id}; it may have been deleted.")
    return rows[0]


def load_rows(session: Session, ids: Sequence[int] | None) -> list[LibraryRow]:
    """Rows of these resources (all with None), ordered by id, in plain SQL: no ORM object is
    built, so a 20,000-resource library loads in a fraction of a second
    (services/library_sql.py)."""
    return library_sql.load_rows(session_sqlite(session), ids)


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


def all_tags(db: Database) -> list[tuple[str, int]]:
    """Every tag with the number of resources carrying it, sorted case-insensitively."""
    with db.raw_reading() as conn:
        return library_sql.tag_counts(conn)
