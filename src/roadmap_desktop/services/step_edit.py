"""Edit the steps of a custom or imported roadmap: add, change, move, delete and undo.

Each function is one transaction returning what undo needs and a ChangeSet(ROADMAPS).
Re-exported by services.roadmap_edit, which the UI imports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from roadmap_desktop.core.content_sync import keys_with_progress
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.formats import make_key
from roadmap_desktop.core.models import (
    Phase,
    PlanBlock,
    Roadmap,
    Step,
    StepKind,
    StepProgress,
    StudySession,
    TopicTick,
)
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.roadmap_snapshot import (
    ProgressSnapshot,
    StepSnapshot,
    capture_step,
    clean_title,
    editable,
    roadmap_change,
    write_step,
)

MAX_BODY_CHARS = 100_000


@dataclass(frozen=True)
class StepFields:
    """The editable fields of a step (update_step returns the previous ones for undo)."""

    title: str
    body_md: str
    effort_hours: float
    kind: StepKind


def require_phase(session: Session, roadmap_id: int, key: str) -> Phase:
    """The phase `key` with its steps loaded."""
    phase = session.scalar(
        select(Phase)
        .where(Phase.roadmap_id == roadmap_id, Phase.key == key)
        .options(selectinload(Phase.steps))
    )
    if phase is None:
        raise NotFoundError(f"No phase {key!r} in this roadmap.")
    return phase


def _require_step(session: Session, roadmap_id: int, key: str) -> Step:
    step = session.scalar(
        select(Step)
        .where(Step.roadmap_id == roadmap_id, Step.key == key)
        .options(selectinload(Step.topics), selectinload(Step.resource_links))
    )
    if step is None:
        raise NotFoundError(f"No step {key!r} in this roadmap.")
    return step


def renumber(steps: list[Step]) -> None:
    """Positions 0…n-1 in list order."""
    for i, step in enumerate(steps):
        step.position = i


def live_steps(phase: Phase) -> list[Step]:
    """The phase's steps in order (archived ones have no phase)."""
    return sorted((s for s in phase.steps if not s.archived), key=lambda s: s.position)


def used_step_keys(session: Session, roadmap: Roadmap) -> set[str]:
    """Keys a new step must not take: its steps' and any the learner's records still name."""
    used = set(session.scalars(select(Step.key).where(Step.roadmap_id == roadmap.id)))
    for column, table in (
        (StepProgress.step_key, StepProgress.roadmap_id),
        (TopicTick.step_key, TopicTick.roadmap_id),
        (StudySession.step_key, StudySession.roadmap_id),
        (PlanBlock.step_key, PlanBlock.roadmap_id),
    ):
        used.update(k for k in session.scalars(select(column).where(table == roadmap.id)) if k)
    return used


def unique_key(base: str, used: set[str]) -> str:
    """base, or base-2, base-3… whichever is free."""
    if base not in used:
        return base
    n = 2
    while f"{base[:74]}-{n}" in used:
        n += 1
    return f"{base[:74]}-{n}"


def add_step(
    db: Database, roadmap_id: int, phase_key: str, title: str, position: int | None = None
) -> tuple[str, ChangeSet]:
    """A new step (1 hour, no text) at the end of the phase or at position; returns its key."""
    text = clean_title(title, "step title")
    with db.transaction() as session:
        roadmap = editable(session, roadmap_id)
        phase = require_phase(session, roadmap_id, phase_key)
        key = unique_key(make_key(text, "step"), used_step_keys(session, roadmap))
        step = Step(roadmap=roadmap, key=key, title=text, body_md="", estimated_hours=1.0)
        step.kind = StepKind.TOPIC
        steps = live_steps(phase)
        steps.insert(len(steps) if position is None else max(0, min(position, len(steps))), step)
        step.phase = phase
        session.add(step)
        renumber(steps)
    return key, roadmap_change(roadmap_id, key)


def update_step(
    db: Database,
    roadmap_id: int,
    step_key: str,
    *,
    title: str | None = None,
    body_md: str | None = None,
    effort_hours: float | None = None,
    kind: StepKind | str | None = None,
) -> tuple[StepFields, ChangeSet]:
    """Change the given fields (None leaves one as it is); returns the previous values."""
    new_title = clean_title(title, "step title") if title is not None else None
    if body_md is not None and len(body_md) > MAX_BODY_CHARS:
        raise UserFacingError(f"The step text is longer than {MAX_BODY_CHARS:,} characters.")
    if effort_hours is not None and not 0 < effort_hours <= 10_000:
        raise UserFacingError("The effort must be more than 0 and at most 10,000 hours.")
    try:
        new_kind = StepKind(kind) if kind is not None else None
    except ValueError:
        raise UserFacingError(f"Unknown step kind {kind!r}.") from None
    with db.transaction() as session:
        editable(session, roadmap_id)
        step = _require_step(session, roadmap_id, step_key)
        before = StepFields(step.title, step.body_md, step.estimated_hours, step.kind)
        if new_title is not None:
            step.title = new_title
        if body_md is not None:
            step.body_md = body_md
        if effort_hours is not None:
            step.estimated_hours = float(effort_hours)
        if new_kind is not None:
            step.kind = new_kind
    return before, roadmap_change(roadmap_id, step_key)


def restore_step_fields(
    db: Database, roadmap_id: int, step_key: str, fields: StepFields
) -> ChangeSet:
    """Undo of update_step: put all four fields back."""
    return update_step(
        db,
        roadmap_id,
        step_key,
        title=fields.title,
        body_md=fields.body_md,
        effort_hours=fields.effort_hours,
        kind=fields.kind,
    )[1]


def move_step(
    db: Database, roadmap_id: int, step_key: str, phase_key: str, new_position: int
) -> tuple[tuple[str, int], ChangeSet]:
    """Move a step to position new_position of phase phase_key (same or another phase).
    Returns (old phase key, old position) for undo."""
    with db.transaction() as session:
        editable(session, roadmap_id)
        step = _require_step(session, roadmap_id, step_key)
        if step.phase is None or step.archived:
            raise UserFacingError("An archived step is put back with “Restore”, not moved.")
        old_phase = require_phase(session, roadmap_id, step.phase.key)
        before = (old_phase.key, live_steps(old_phase).index(step))
        source = [s for s in live_steps(old_phase) if s is not step]
        renumber(source)
        target_phase = require_phase(session, roadmap_id, phase_key)
        target = source if target_phase is old_phase else live_steps(target_phase)
        target = [s for s in target if s is not step]
        target.insert(max(0, min(new_position, len(target))), step)
        step.phase = target_phase
        renumber(target)
    return before, roadmap_change(roadmap_id, step_key)


def detach_step(
    session: Session, step: Step, progressed: set[str], *, close_gap: bool = True
) -> StepSnapshot:
    """Remove a step from its phase: archived when it carries progress, else deleted."""
    phase = step.phase
    keep = step.key in progressed
    snap = capture_step(step, deleted=not keep)
    if keep:
        step.archived = True
        step.phase = None
    else:
        session.delete(step)
    session.flush()
    if phase is not None and close_gap:
        renumber([s for s in live_steps(phase) if s is not step])
    return snap


def delete_step(db: Database, roadmap_id: int, step_key: str) -> tuple[StepSnapshot, ChangeSet]:
    """Remove a step: archived (progress kept, restorable) when it carries progress, else
    deleted. The snapshot undoes either with restore_step."""
    with db.transaction() as session:
        editable(session, roadmap_id)
        step = _require_step(session, roadmap_id, step_key)
        if step.archived:
            raise UserFacingError("This step is archived already.")
        snap = detach_step(session, step, keys_with_progress(session, roadmap_id))
    return snap, roadmap_change(roadmap_id, step_key)


def put_back(session: Session, roadmap: Roadmap, snap: StepSnapshot) -> None:
    """Return a detached step to its phase and place (recreating it if it was deleted)."""
    if snap.phase_key is None:
        raise UserFacingError("This step had no phase; restore it from the archive instead.")
    phase = require_phase(session, roadmap.id, snap.phase_key)
    step = session.scalar(select(Step).where(Step.roadmap_id == roadmap.id, Step.key == snap.key))
    if step is None:
        step = write_step(session, roadmap, phase, snap)
    elif not step.archived:
        raise UserFacingError(f"The step {snap.key!r} is in the roadmap already.")
    step.archived = False
    step.phase = phase
    steps = [s for s in live_steps(phase) if s is not step]
    steps.insert(max(0, min(snap.position, len(steps))), step)
    renumber(steps)
    session.flush()


def restore_step(db: Database, snapshot: StepSnapshot) -> ChangeSet:
    """Undo of delete_step (and of add_step's delete): the step back where it was."""
    with db.transaction() as session:
        roadmap = editable(session, snapshot.roadmap_id)
        put_back(session, roadmap, snapshot)
    return roadmap_change(snapshot.roadmap_id, snapshot.key)


@dataclass(frozen=True)
class ArchivedDeletion:
    """An archived step deleted for good, with its status, note and ticks (for undo)."""

    step: StepSnapshot
    progress: ProgressSnapshot | None
    ticks: tuple[tuple[str, datetime], ...]  # (topic key, ticked at)


def delete_archived_step(
    db: Database, roadmap_id: int, step_key: str
) -> tuple[ArchivedDeletion, ChangeSet]:
    """Delete an archived step with its status, note and ticks. Logged study time and plan
    blocks stay (they are history) and show the step's key as their title."""
    with db.transaction() as session:
        step = _require_step(session, roadmap_id, step_key)
        if not step.archived:
            raise UserFacingError("Only an archived step can be deleted from the archive.")
        snap = capture_step(step)
        row = session.get(StepProgress, (roadmap_id, step_key))
        progress = None
        if row is not None:
            progress = ProgressSnapshot(
                step_key, row.status, row.started_at, row.done_at, row.note_md, row.note_updated_at
            )
            session.delete(row)
        ticks = tuple(
            (t.topic_key, t.ticked_at)
            for t in session.scalars(
                select(TopicTick).where(
                    TopicTick.roadmap_id == roadmap_id, TopicTick.step_key == step_key
                )
            )
        )
        session.execute(
            delete(TopicTick).where(
                TopicTick.roadmap_id == roadmap_id, TopicTick.step_key == step_key
            )
        )
        session.delete(step)
    return ArchivedDeletion(snap, progress, ticks), roadmap_change(roadmap_id, step_key)


def restore_archived_deletion(db: Database, deletion: ArchivedDeletion) -> ChangeSet:
    """Undo of delete_archived_step: the step back in the archive with its progress."""
    snap = deletion.step
    with db.transaction() as session:
        roadmap = session.get(Roadmap, snap.roadmap_id)
        if roadmap is None:
            raise NotFoundError("That roadmap no longer exists.")
        write_step(session, roadmap, None, snap)
        p = deletion.progress
        if p is not None and session.get(StepProgress, (roadmap.id, snap.key)) is None:
            session.add(
                StepProgress(
                    roadmap_id=roadmap.id,
                    step_key=snap.key,
                    status=p.status,
                    started_at=p.started_at,
                    done_at=p.done_at,
                    note_md=p.note_md,
                    note_updated_at=p.note_updated_at,
                )
            )
        for topic_key, ticked_at in deletion.ticks:
            if session.get(TopicTick, (roadmap.id, snap.key, topic_key)) is None:
                session.add(
                    TopicTick(
                        roadmap_id=roadmap.id,
                        step_key=snap.key,
                        topic_key=topic_key,
                        ticked_at=ticked_at,
                    )
                )
    return roadmap_change(snap.roadmap_id, snap.key)
