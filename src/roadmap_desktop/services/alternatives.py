"""Choosing an option of a "choose one of" group: one transaction, undoable, one ChangeSet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from roadmap_desktop.core import alternatives
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import GroupPick
from roadmap_desktop.services.changes import ChangeKind, ChangeSet


@dataclass(frozen=True)
class PickMemo:
    """What undo needs: the group and the pick it had before (None: no pick)."""

    group_key: str
    step_key: str | None
    picked_at: datetime | None


def _change(roadmap_id: int, group: alternatives.GroupView) -> ChangeSet:
    # Every option's row changes (chosen / not chosen), so every option is named.
    keys = set(group.option_keys())
    return ChangeSet.of(ChangeKind.STATUS, roadmap_id=roadmap_id, step_keys=keys)


def choose_alternative(db: Database, roadmap_id: int, step_key: str) -> tuple[PickMemo, ChangeSet]:
    """Make this step the learner's choice in its group; the other options become "not
    chosen" (kept, with their progress, but not counted). Returns the previous pick."""
    with db.transaction() as session:
        group = alternatives.group_of(session, roadmap_id, step_key)
        if group is None:
            raise NotFoundError(f"The step {step_key!r} is not one of a group's options.")
        row = session.get(GroupPick, (roadmap_id, group.key))
        memo = PickMemo(group.key, row.step_key if row else None, row.picked_at if row else None)
        if row is None:
            session.add(GroupPick(roadmap_id=roadmap_id, group_key=group.key, step_key=step_key))
        elif row.step_key != step_key:
            row.step_key, row.picked_at = step_key, datetime.now(UTC).replace(tzinfo=None)
    return memo, _change(roadmap_id, group)


def restore_pick(db: Database, roadmap_id: int, memo: PickMemo) -> ChangeSet:
    """Put a group's pick back as it was (undo of choose_alternative)."""
    with db.transaction() as session:
        row = session.get(GroupPick, (roadmap_id, memo.group_key))
        if memo.step_key is None:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                GroupPick(
                    roadmap_id=roadmap_id,
                    group_key=memo.group_key,
                    step_key=memo.step_key,
                    picked_at=memo.picked_at,
                )
            )
        else:
            row.step_key, row.picked_at = memo.step_key, memo.picked_at or row.picked_at
        session.flush()
        group = next(
            (g for g in alternatives.read_groups(session, roadmap_id) if g.key == memo.group_key),
            None,
        )
    if group is None:  # gone with a content update: only the stored pick changed
        return ChangeSet.of(ChangeKind.STATUS, roadmap_id=roadmap_id)
    return _change(roadmap_id, group)
