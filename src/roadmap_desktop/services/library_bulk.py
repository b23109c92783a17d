"""Library edits on many resources at once (status, tags) and ratings, each with its undo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.library import MAX_RATING, RESOURCE_STATUSES, STATUS_LABELS, clean_tag
from roadmap_desktop.core.models import Resource, ResourceTag
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.library_store import (
    CHUNK,
    edited,
    now,
    present_ids,
    require_ids,
    require_resource,
    tag_spellings,
)

# --- status, rating, tags ------------------------------------------------------------------


def set_status(
    db: Database, ids: Sequence[int], status: str
) -> tuple[dict[int, tuple[str, datetime | None]], ChangeSet]:
    """Set the status of resources; returns each one's previous (status, finished_at)."""
    if status not in RESOURCE_STATUSES:
        raise UserFacingError(
            f"Unknown status {status!r}; use one of: {', '.join(STATUS_LABELS.values())}."
        )
    previous: dict[int, tuple[str, datetime | None]] = {}
    with db.transaction() as session:
        wanted = require_ids(session, ids)
        for start in range(0, len(wanted), CHUNK):
            rows = session.execute(
                select(Resource.id, Resource.status, Resource.finished_at).where(
                    Resource.id.in_(wanted[start : start + CHUNK])
                )
            ).tuples()
            previous.update((rid, (old, fin)) for rid, old, fin in rows)
        stamp = now()
        changes = [
            {"id": rid, "status": status, "finished_at": _finished(status, old, fin, stamp)}
            for rid, (old, fin) in previous.items()
        ]
        session.execute(update(Resource), changes)
    return {rid: previous[rid] for rid in wanted}, edited(wanted)


def _finished(status: str, old: str, finished: datetime | None, now: datetime) -> datetime | None:
    if status != "done":
        return None
    return finished if old == "done" and finished is not None else now


def restore_statuses(db: Database, previous: dict[int, tuple[str, datetime | None]]) -> ChangeSet:
    """Put statuses and finish dates back exactly (undo); resources gone since are skipped."""
    with db.transaction() as session:
        present = set(present_ids(session, previous))
        changes = [
            {"id": rid, "status": status, "finished_at": fin}
            for rid, (status, fin) in previous.items()
            if rid in present
        ]
        if changes:
            session.execute(update(Resource), changes)
    return edited(previous)


def set_rating(db: Database, resource_id: int, rating: int) -> tuple[int, ChangeSet]:
    """Rate a resource 0–5 stars; returns the previous rating."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 0 <= rating <= MAX_RATING:
        raise UserFacingError(f"The rating must be a whole number from 0 to {MAX_RATING}.")
    with db.transaction() as session:
        res = require_resource(session, resource_id)
        before, res.rating = res.rating, rating
    return before, edited([resource_id])


def _tags_of(session: Session, ids: Sequence[int]) -> dict[int, tuple[str, ...]]:
    tags: dict[int, list[str]] = {rid: [] for rid in ids}
    for start in range(0, len(ids), CHUNK):
        rows = session.execute(
            select(ResourceTag.resource_id, ResourceTag.tag).where(
                ResourceTag.resource_id.in_(ids[start : start + CHUNK])
            )
        ).tuples()
        for rid, tag in rows:
            tags[rid].append(tag)
    return {rid: tuple(sorted(found, key=str.casefold)) for rid, found in tags.items()}


def _clean_one_tag(tag: str) -> str:
    text = clean_tag(tag)
    if not text:
        raise UserFacingError("A tag cannot be empty.")
    return text


def add_tag(
    db: Database, ids: Sequence[int], tag: str
) -> tuple[dict[int, tuple[str, ...]], ChangeSet]:
    """Add a tag to resources (case-insensitively once); returns each one's previous tags."""
    text = _clean_one_tag(tag)
    with db.transaction() as session:
        wanted = require_ids(session, ids)
        previous = _tags_of(session, wanted)
        spelled = tag_spellings(session).get(text.casefold(), text)
        rows = [
            {"resource_id": rid, "tag": spelled}
            for rid in wanted
            if text.casefold() not in {t.casefold() for t in previous[rid]}
        ]
        if rows:
            session.execute(insert(ResourceTag), rows)
    return previous, edited(wanted)


def remove_tag(
    db: Database, ids: Sequence[int], tag: str
) -> tuple[dict[int, tuple[str, ...]], ChangeSet]:
    """Remove a tag (in any letter case) from resources; returns each one's previous tags."""
    folded = _clean_one_tag(tag).casefold()
    with db.transaction() as session:
        wanted = require_ids(session, ids)
        previous = _tags_of(session, wanted)
        for rid, tags in previous.items():
            doomed = [t for t in tags if t.casefold() == folded]
            if doomed:
                session.execute(
                    delete(ResourceTag).where(
                        ResourceTag.resource_id == rid, ResourceTag.tag.in_(doomed)
                    )
                )
    return previous, edited(wanted)


def set_tags(db: Database, previous: dict[int, tuple[str, ...]]) -> ChangeSet:
    """Give resources exactly these tags (undo of add_tag/remove_tag); gone ones are skipped."""
    with db.transaction() as session:
        present = present_ids(session, previous)
        current = _tags_of(session, present)
        for rid in present:
            old, new = set(current[rid]), set(previous[rid])
            if old - new:
                session.execute(
                    delete(ResourceTag).where(
                        ResourceTag.resource_id == rid, ResourceTag.tag.in_(old - new)
                    )
                )
            if new - old:
                session.execute(
                    insert(ResourceTag), [{"resource_id": rid, "tag": t} for t in new - old]
                )
    return edited(previous)
