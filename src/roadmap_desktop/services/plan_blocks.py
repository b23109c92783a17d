"""Plan block and availability services: add, move, resize, tick, delete and undo blocks.

Each function is one transaction returning plain values and a ChangeSet (ChangeKind.PLAN).
The UI imports them through services.planner.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Availability, PlanBlock, Step
from roadmap_desktop.core.planner import ProposedBlock
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.plan_reads import read_availability
from roadmap_desktop.services.planner_values import BlockSnapshot


class _Unset(enum.Enum):
    """Marks an update_block argument that was not given (None is a value: "no start time")."""

    UNSET = 0


UNSET = _Unset.UNSET


def plan_change(blocks: Iterable[PlanBlock | BlockSnapshot | ProposedBlock]) -> ChangeSet:
    """What a change to these blocks changed: the plan, their roadmap (when one) and steps."""
    items = list(blocks)
    roadmaps = {b.roadmap_id for b in items if b.roadmap_id is not None}
    return ChangeSet.of(
        ChangeKind.PLAN,
        roadmap_id=next(iter(roadmaps)) if len(roadmaps) == 1 else None,
        step_keys={b.step_key for b in items if b.step_key is not None},
    )


def check_step(session: Session, roadmap_id: int | None, step_key: str | None) -> None:
    """A block's step must exist; a roadmap without a step (or the reverse) is a bug."""
    if (roadmap_id is None) != (step_key is None):
        raise ValueError("roadmap_id and step_key go together")
    if roadmap_id is None:
        return
    found = session.scalar(
        select(Step.id).where(Step.roadmap_id == roadmap_id, Step.key == step_key)
    )
    if found is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")


def check_block(day: date, minutes: int, start_time: time | None, titled: bool) -> None:
    """Refuse impossible blocks with a message the learner can act on."""
    maths.check_day(day, "The block's date")
    maths.check_minutes(minutes)
    maths.check_block_time(start_time, minutes)
    if not titled:
        raise UserFacingError("A block needs a step or a title.")


def next_position(session: Session, day: date) -> int:
    """The position after the last block of a day."""
    last = session.scalar(select(func.max(PlanBlock.position)).where(PlanBlock.day == day))
    return 0 if last is None else last + 1


def _snapshot(block: PlanBlock) -> BlockSnapshot:
    return BlockSnapshot(
        id=block.id,
        day=block.day,
        start_time=block.start_time,
        minutes=block.minutes,
        roadmap_id=block.roadmap_id,
        step_key=block.step_key,
        title=block.title,
        done=block.done,
        auto=block.auto,
        position=block.position,
        created_at=block.created_at,
    )


def _require_block(session: Session, block_id: int) -> PlanBlock:
    block = session.get(PlanBlock, block_id)
    if block is None:
        raise NotFoundError(f"No plan block with id {block_id}; it may have been deleted.")
    return block


# --- blocks ------------------------------------------------------------------------------------


def add_block(
    db: Database,
    day: date,
    minutes: int,
    *,
    roadmap_id: int | None = None,
    step_key: str | None = None,
    title: str = "",
    start_time: time | None = None,
) -> tuple[int, ChangeSet]:
    """Plan a block on a local day for a step or under a free title; returns its id."""
    title = maths.check_title(title)
    check_block(day, minutes, start_time, step_key is not None or bool(title))
    with db.transaction() as session:
        check_step(session, roadmap_id, step_key)
        block = PlanBlock(
            day=day,
            start_time=start_time,
            minutes=minutes,
            roadmap_id=roadmap_id,
            step_key=step_key,
            title=title,
            done=False,
            auto=False,
            position=next_position(session, day),
        )
        session.add(block)
        session.flush()
        return block.id, plan_change([block])


def update_block(
    db: Database,
    block_id: int,
    *,
    day: date | _Unset = UNSET,
    minutes: int | _Unset = UNSET,
    start_time: time | _Unset | None = UNSET,
    done: bool | _Unset = UNSET,
    title: str | _Unset = UNSET,
    position: int | _Unset = UNSET,
) -> tuple[BlockSnapshot, ChangeSet]:
    """Change a block (move to a day, resize, set or clear its time, tick done, rename).

    Returns the block as it was before, for restore_block (undo). A block moved to another day
    goes last on that day unless a position is given.
    """
    with db.transaction() as session:
        block = _require_block(session, block_id)
        before = _snapshot(block)
        new_day = block.day if isinstance(day, _Unset) else day
        new_minutes = block.minutes if isinstance(minutes, _Unset) else minutes
        new_time = block.start_time if isinstance(start_time, _Unset) else start_time
        new_title = block.title if isinstance(title, _Unset) else maths.check_title(title)
        check_block(new_day, new_minutes, new_time, block.step_key is not None or bool(new_title))
        if not isinstance(position, _Unset):
            block.position = position
        elif new_day != block.day:
            block.position = next_position(session, new_day)
        block.day, block.minutes, block.start_time, block.title = (
            new_day,
            new_minutes,
            new_time,
            new_title,
        )
        if not isinstance(done, _Unset):
            block.done = bool(done)
        return before, plan_change([block])


def delete_block(db: Database, block_id: int) -> tuple[BlockSnapshot, ChangeSet]:
    """Delete a block; returns it whole so restore_block can undo the deletion."""
    with db.transaction() as session:
        block = _require_block(session, block_id)
        snapshot = _snapshot(block)
        session.delete(block)
    return snapshot, plan_change([snapshot])


def restore_block(db: Database, snapshot: BlockSnapshot) -> ChangeSet:
    """Put a block back exactly as the snapshot holds it (same id): re-created if deleted."""
    with db.transaction() as session:
        block = session.get(PlanBlock, snapshot.id)
        if block is None:
            block = PlanBlock(id=snapshot.id)
            session.add(block)
        block.day, block.start_time, block.minutes = (
            snapshot.day,
            snapshot.start_time,
            snapshot.minutes,
        )
        block.roadmap_id, block.step_key, block.title = (
            snapshot.roadmap_id,
            snapshot.step_key,
            snapshot.title,
        )
        block.done, block.auto, block.position = snapshot.done, snapshot.auto, snapshot.position
        block.created_at = snapshot.created_at
    return plan_change([snapshot])


# --- availability ------------------------------------------------------------------------------


def availability(db: Database) -> dict[int, int]:
    """Minutes a normal week offers per weekday (0 = Monday … 6 = Sunday); 0 when unset."""
    with db.reading() as session:
        return read_availability(session)


def set_availability(
    db: Database, minutes_by_weekday: Mapping[int, int]
) -> tuple[dict[int, int], ChangeSet]:
    """Set the minutes of the weekdays given (others keep theirs); returns the previous values."""
    for weekday, minutes in minutes_by_weekday.items():
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0..6, not {weekday}")
        if isinstance(minutes, bool) or not 0 <= minutes <= maths.MAX_MINUTES:
            raise UserFacingError(
                f"Available time must be between 0 and {maths.MAX_MINUTES} minutes a day."
            )
    with db.transaction() as session:
        before = read_availability(session)
        for weekday, minutes in minutes_by_weekday.items():
            row = session.get(Availability, weekday)
            if row is None:
                session.add(Availability(weekday=weekday, minutes=minutes))
            else:
                row.minutes = minutes
    return before, ChangeSet.of(ChangeKind.PLAN)


def move_block(db: Database, block_id: int, day: date) -> tuple[BlockSnapshot, ChangeSet]:
    """Move a block to another day (a drag); shorthand for update_block(day=...)."""
    return update_block(db, block_id, day=day)
