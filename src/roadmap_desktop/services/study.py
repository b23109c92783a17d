"""Write-side services for studying: status, topic ticks, notes and the roadmap schedule."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import (
    Phase,
    RoadmapProgress,
    Step,
    StepProgress,
    StepStatus,
    Topic,
    TopicTick,
)
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.snapshots import StatusState

MAX_NOTE_CHARS = 2_000_000


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Built once: a tick or a status change runs them without building statements again.
_STEP_ID = select(Step.id).where(
    Step.roadmap_id == bindparam("roadmap_id"), Step.key == bindparam("step_key")
)
_TOPIC_ID = select(Topic.id).where(
    Topic.step_id == bindparam("step_id"), Topic.key == bindparam("topic_key")
)


def _require_step(session: Session, roadmap_id: int, step_key: str) -> int:
    """The id of the step with this key (NotFoundError when there is none)."""
    step_id = session.connection().scalar(
        _STEP_ID, {"roadmap_id": roadmap_id, "step_key": step_key}
    )
    if step_id is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")
    return int(step_id)


def _progress_row(session: Session, roadmap_id: int, step_key: str) -> StepProgress:
    row = session.get(StepProgress, (roadmap_id, step_key))
    if row is None:
        row = StepProgress(
            roadmap_id=roadmap_id, step_key=step_key, status=StepStatus.TODO, note_md=""
        )
        session.add(row)
    return row


def set_step_status(
    db: Database, roadmap_id: int, step_key: str, status: StepStatus
) -> tuple[StatusState, ChangeSet]:
    """Set a step's status; returns the previous state (for undo) and what changed."""
    with db.transaction() as session:
        _require_step(session, roadmap_id, step_key)
        row = _progress_row(session, roadmap_id, step_key)
        before = StatusState(row.status or StepStatus.TODO, row.started_at, row.done_at)
        now = _now()
        row.status = status
        if status in (StepStatus.IN_PROGRESS, StepStatus.DONE) and row.started_at is None:
            row.started_at = now
        row.done_at = (row.done_at or now) if status == StepStatus.DONE else None
    return before, ChangeSet.of(ChangeKind.STATUS, roadmap_id=roadmap_id, step_keys={step_key})


def restore_step_status(
    db: Database, roadmap_id: int, step_key: str, state: StatusState
) -> ChangeSet:
    """Put a step's status and timestamps back exactly as they were (undo)."""
    with db.transaction() as session:
        _require_step(session, roadmap_id, step_key)
        row = _progress_row(session, roadmap_id, step_key)
        row.status, row.started_at, row.done_at = state.status, state.started_at, state.done_at
    return ChangeSet.of(ChangeKind.STATUS, roadmap_id=roadmap_id, step_keys={step_key})


def set_topic_ticked(
    db: Database, roadmap_id: int, step_key: str, topic_key: str, ticked: bool
) -> ChangeSet:
    """Tick or untick one checklist item of a step."""
    with db.transaction() as session:
        step_id = _require_step(session, roadmap_id, step_key)
        exists = session.connection().scalar(
            _TOPIC_ID, {"step_id": step_id, "topic_key": topic_key}
        )
        if exists is None:
            raise NotFoundError(f"No topic {topic_key!r} in step {step_key!r}.")
        tick = session.get(TopicTick, (roadmap_id, step_key, topic_key))
        if ticked and tick is None:
            session.add(
                TopicTick(
                    roadmap_id=roadmap_id, step_key=step_key, topic_key=topic_key, ticked_at=_now()
                )
            )
        elif not ticked and tick is not None:
            session.delete(tick)
    return ChangeSet.of(ChangeKind.TOPICS, roadmap_id=roadmap_id, step_keys={step_key})


def save_note(db: Database, roadmap_id: int, step_key: str, text: str) -> ChangeSet:
    """Store the learner's markdown note for a step (an autosave; not an undo step)."""
    if len(text) > MAX_NOTE_CHARS:
        raise UserFacingError(
            f"This note is longer than {MAX_NOTE_CHARS:,} characters and was not saved."
        )
    with db.transaction() as session:
        _require_step(session, roadmap_id, step_key)
        row = _progress_row(session, roadmap_id, step_key)
        if row.note_md == text:
            return ChangeSet.of(roadmap_id=roadmap_id)
        row.note_md = text
        row.note_updated_at = _now()
    return ChangeSet.of(ChangeKind.NOTE, roadmap_id=roadmap_id, step_keys={step_key})


def set_schedule(db: Database, roadmap_id: int, start_date: date, weekly_hours: float) -> ChangeSet:
    """Set when the learner started the roadmap and how many hours a week they study."""
    if not 0.5 <= weekly_hours <= 100:
        raise UserFacingError("Weekly hours must be between 0.5 and 100.")
    if not date(2000, 1, 1) <= start_date <= date(2100, 12, 31):
        raise UserFacingError("The start date must be between 2000 and 2100.")
    with db.transaction() as session:
        row = session.get(RoadmapProgress, roadmap_id)
        if row is None:
            session.add(
                RoadmapProgress(
                    roadmap_id=roadmap_id, start_date=start_date, weekly_hours=weekly_hours
                )
            )
        else:
            row.start_date, row.weekly_hours = start_date, weekly_hours
    return ChangeSet.of(ChangeKind.SCHEDULE, roadmap_id=roadmap_id)


def roadmap_pace(session: Session, roadmap_id: int) -> float:
    """Hours a week the roadmap itself assumes: its total effort over its weeks (half-hour steps,
    1–40 h), so a learner at this pace finishes every phase on time. 10 h without weeks."""
    hours = (
        session.scalar(
            select(func.sum(Step.estimated_hours)).where(
                Step.roadmap_id == roadmap_id,
                Step.archived.is_(False),
                Step.id.not_in(sorted(alternatives.uncounted_step_ids(session, roadmap_id))),
            )
        )
        or 0.0
    )
    weeks = session.scalar(select(func.max(Phase.end_week)).where(Phase.roadmap_id == roadmap_id))
    if not weeks or not hours:
        return 10.0
    return min(40.0, max(1.0, math.ceil(hours / weeks * 2) / 2))


def ensure_started(db: Database, roadmap_id: int, today: date) -> ChangeSet | None:
    """Give a roadmap a start date (this week's Monday) and its own pace the first time it is
    opened."""
    with db.transaction() as session:
        if session.get(RoadmapProgress, roadmap_id) is not None:
            return None
        monday = date.fromordinal(today.toordinal() - today.weekday())
        session.add(
            RoadmapProgress(
                roadmap_id=roadmap_id,
                start_date=monday,
                weekly_hours=roadmap_pace(session, roadmap_id),
            )
        )
    return ChangeSet.of(ChangeKind.SCHEDULE, roadmap_id=roadmap_id)
