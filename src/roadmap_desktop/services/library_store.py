"""Shared steps of the library's write services: lookups, tag spelling and writing a draft."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.library import normalize_url
from roadmap_desktop.core.models import Resource, ResourceTag, Step
from roadmap_desktop.core.resource_draft import ResourceDraft
from roadmap_desktop.services.changes import ChangeKind, ChangeSet

CHUNK = 500  # ids per IN (...) list, well below SQLite's variable limit
CHANGED = ChangeSet.of(ChangeKind.LIBRARY)


def edited(ids: Iterable[int]) -> ChangeSet:
    """A library change that only edited these resources in place (views update just them)."""
    return ChangeSet.of(ChangeKind.LIBRARY, resource_ids=frozenset(ids))


def now() -> datetime:
    """The current time as stored: naive UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


def require_resource(session: Session, resource_id: int) -> Resource:
    """The resource, or NotFoundError."""
    res = session.get(Resource, resource_id)
    if res is None:
        raise NotFoundError(f"No resource with id {resource_id}; it may have been deleted.")
    return res


def require_ids(session: Session, ids: Iterable[int]) -> list[int]:
    """ids without repeats, in the given order; NotFoundError when any is gone."""
    wanted = list(dict.fromkeys(ids))
    found: set[int] = set()
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found.update(session.scalars(select(Resource.id).where(Resource.id.in_(chunk))))
    missing = [rid for rid in wanted if rid not in found]
    if missing:
        raise NotFoundError(
            f"{len(missing)} of these resources no longer exist (ids {missing[:5]}); "
            "nothing was changed."
        )
    return wanted


def require_step(session: Session, roadmap_id: int, step_key: str) -> Step:
    """The step, or NotFoundError."""
    step = session.scalar(select(Step).where(Step.roadmap_id == roadmap_id, Step.key == step_key))
    if step is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")
    return step


def tag_spellings(session: Session) -> dict[str, str]:
    """casefolded tag → the spelling already used in the library (so "python" joins "Python")."""
    spellings: dict[str, str] = {}
    for tag in session.scalars(select(ResourceTag.tag).distinct().order_by(ResourceTag.tag)):
        spellings.setdefault(tag.casefold(), tag)
    return spellings


def _spell(tags: Iterable[str], spellings: dict[str, str]) -> list[str]:
    result: dict[str, str] = {}
    for tag in tags:
        folded = tag.casefold()
        result.setdefault(folded, spellings.setdefault(folded, tag))
    return list(result.values())


def write_draft(
    session: Session, res: Resource, draft: ResourceDraft, spellings: dict[str, str] | None
) -> None:
    """Copy a validated draft onto a resource, keeping tag rows that stay (no delete+insert).

    Tags take the library's spelling from `spellings`; None stores them exactly (undo).
    """
    res.title, res.url, res.local_path = draft.title, draft.url, draft.local_path
    res.url_key = normalize_url(draft.url) if draft.url else None
    res.kind, res.author, res.cost = draft.kind, draft.author, draft.cost
    res.status, res.rating, res.note_md = draft.status, draft.rating, draft.note_md
    tags = list(dict.fromkeys(draft.tags)) if spellings is None else _spell(draft.tags, spellings)
    _replace_tags(session, res, tags)


def _replace_tags(session: Session, res: Resource, tags: list[str]) -> None:
    wanted = set(tags)
    current = {t.tag for t in res.tags}
    res.tags = [t for t in res.tags if t.tag in wanted]
    if current - wanted:
        session.flush()  # delete before insert: (resource_id, tag) is the primary key
    res.tags.extend(ResourceTag(tag=tag) for tag in tags if tag not in current)


def present_ids(session: Session, ids: Iterable[int]) -> list[int]:
    """Those of ids that still exist."""
    wanted = list(ids)
    found: list[int] = []
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        found += session.scalars(select(Resource.id).where(Resource.id.in_(chunk)))
    return found
