"""Library use cases: add, edit, delete and link resources, each one undoable action.

Every write is one transaction and returns what undo needs plus a ChangeSet(LIBRARY). Bulk
edits (library_bulk) and the read side (library_read) are re-exported here, so the UI imports
one module.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.models import Resource, Step, StepResource
from roadmap_desktop.core.resource_draft import ResourceDraft, validate_draft
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.library_bulk import (
    add_tag,
    remove_tag,
    restore_statuses,
    set_rating,
    set_status,
    set_tags,
)
from roadmap_desktop.services.library_read import (
    all_tags,
    draft_of,
    find_duplicate,
    library_ids,
    library_row,
    library_rows,
    library_rows_of,
    linked_steps,
    resource_detail,
    search_steps,
    step_links,
)
from roadmap_desktop.services.library_snapshots import (
    DeletedResource,
    LibraryRow,
    ResourceDetail,
    StepLink,
    StepRef,
)
from roadmap_desktop.services.library_store import (
    CHANGED,
    edited,
    now,
    require_ids,
    require_resource,
    require_step,
    tag_spellings,
    write_draft,
)
from roadmap_desktop.services.queries import step_resources  # the step pane reads it first

__all__ = [
    "AUTO",
    "DeletedResource",
    "LibraryRow",
    "ResourceDetail",
    "ResourceDraft",
    "StepLink",
    "StepRef",
    "add_resource",
    "add_tag",
    "all_tags",
    "delete_resources",
    "find_duplicate",
    "library_ids",
    "library_row",
    "library_rows",
    "library_rows_of",
    "link_step",
    "remove_tag",
    "resource_detail",
    "restore_link",
    "restore_resources",
    "restore_statuses",
    "search_steps",
    "set_rating",
    "set_status",
    "set_tags",
    "step_links",
    "step_resources",
    "unlink_step",
    "update_resource",
    "validate_draft",
]


class _Auto(enum.Enum):
    AUTO = "auto"


AUTO = _Auto.AUTO  # update_resource: derive finished_at from the status change


# --- add, edit, delete ---------------------------------------------------------------------


def add_resource(
    db: Database, draft: ResourceDraft, link_to: StepRef | None = None
) -> tuple[int, ChangeSet]:
    """Add the learner's resource (optionally linked to a step); returns its id."""
    clean = validate_draft(draft)
    with db.transaction() as session:
        stamp = now()
        spellings = tag_spellings(session)
        res = Resource(origin="user", added_at=stamp, finished_at=None)
        session.add(res)
        write_draft(session, res, clean, spellings)
        if clean.status == "done":
            res.finished_at = stamp
        session.flush()
        if link_to is not None:
            _link(session, res.id, link_to.roadmap_id, link_to.step_key, None, True)
        resource_id = res.id
    if link_to is None:
        return resource_id, CHANGED
    change = ChangeSet.of(
        ChangeKind.LIBRARY, roadmap_id=link_to.roadmap_id, step_keys={link_to.step_key}
    )
    return resource_id, change


def update_resource(
    db: Database,
    resource_id: int,
    draft: ResourceDraft,
    *,
    finished_at: datetime | Literal[_Auto.AUTO] | None = AUTO,
) -> tuple[ResourceDraft, ChangeSet]:
    """Save the edited fields; returns the previous draft for undo.

    Becoming done sets finished_at to now, leaving done clears it. Undo of a status change
    restores the exact date when it passes `finished_at` (from ResourceDetail).
    """
    clean = validate_draft(draft)
    with db.transaction() as session:
        res = require_resource(session, resource_id)
        before = draft_of(res)
        write_draft(session, res, clean, tag_spellings(session))
        if finished_at is not AUTO:
            res.finished_at = finished_at
        elif clean.status != "done":
            res.finished_at = None
        elif before.status != "done" or res.finished_at is None:
            res.finished_at = now()
    return before, edited([resource_id])


def delete_resources(db: Database, ids: Sequence[int]) -> tuple[list[DeletedResource], ChangeSet]:
    """Delete resources with their tags and links; returns full snapshots for undo."""
    deleted = []
    with db.transaction() as session:
        for rid in require_ids(session, ids):
            res = require_resource(session, rid)
            deleted.append(
                DeletedResource(
                    id=res.id,
                    draft=draft_of(res),
                    origin=res.origin,
                    added_at=res.added_at,
                    finished_at=res.finished_at,
                    links=tuple(link for _ref, link in linked_steps(session, rid)),
                )
            )
            session.delete(res)
    return deleted, CHANGED


def restore_resources(db: Database, deleted: Sequence[DeletedResource]) -> ChangeSet:
    """Bring deleted resources back exactly: same id, fields, dates, tags and step links.

    A link to a step that no longer exists is dropped.
    """
    with db.transaction() as session:
        for snap in deleted:
            if session.get(Resource, snap.id) is not None:
                raise UserFacingError(
                    f"“{snap.draft.title}” cannot be restored: its place is taken."
                )
            res = Resource(
                id=snap.id,
                origin=snap.origin,
                added_at=snap.added_at,
                finished_at=snap.finished_at,
            )
            session.add(res)
            write_draft(session, res, snap.draft, None)
            session.flush()
            for link in snap.links:
                step = session.scalar(
                    select(Step).where(
                        Step.roadmap_id == link.roadmap_id, Step.key == link.step_key
                    )
                )
                if step is not None:
                    session.add(
                        StepResource(
                            step_id=step.id,
                            resource_id=res.id,
                            position=link.position,
                            user_linked=link.user_linked,
                        )
                    )
    return CHANGED


# --- links to steps ------------------------------------------------------------------------


def _link(
    session: Session,
    resource_id: int,
    roadmap_id: int,
    step_key: str,
    position: int | None,
    user_linked: bool,
) -> None:
    step = require_step(session, roadmap_id, step_key)
    if session.get(StepResource, (step.id, resource_id)) is not None:
        return
    if position is None:
        last = session.scalar(
            select(func.max(StepResource.position)).where(StepResource.step_id == step.id)
        )
        position = 0 if last is None else last + 1
    session.add(
        StepResource(
            step_id=step.id, resource_id=resource_id, position=position, user_linked=user_linked
        )
    )


def link_step(
    db: Database,
    resource_id: int,
    roadmap_id: int,
    step_key: str,
    *,
    position: int | None = None,
    user_linked: bool = True,
) -> ChangeSet:
    """Link a resource to a step (at the end, as the learner's own link); no-op when linked.

    `position`/`user_linked` put back a link exactly as `step_links` reported it (undo).
    """
    with db.transaction() as session:
        require_resource(session, resource_id)
        _link(session, resource_id, roadmap_id, step_key, position, user_linked)
    return ChangeSet.of(ChangeKind.LIBRARY, roadmap_id=roadmap_id, step_keys={step_key})


def restore_link(db: Database, resource_id: int, link: StepLink) -> ChangeSet:
    """Put back a link removed by unlink_step exactly as it was (undo)."""
    return link_step(
        db,
        resource_id,
        link.roadmap_id,
        link.step_key,
        position=link.position,
        user_linked=link.user_linked,
    )


def unlink_step(db: Database, resource_id: int, roadmap_id: int, step_key: str) -> ChangeSet:
    """Remove a resource's link to a step (the learner's or the roadmap's); no-op when absent."""
    with db.transaction() as session:
        step = require_step(session, roadmap_id, step_key)
        link = session.get(StepResource, (step.id, resource_id))
        if link is not None:
            session.delete(link)
    return ChangeSet.of(ChangeKind.LIBRARY, roadmap_id=roadmap_id, step_keys={step_key})
