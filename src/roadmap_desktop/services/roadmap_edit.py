"""The roadmap editor's services: roadmaps and phases here, steps re-exported from step_edit.

Every function is one transaction and returns what undo needs plus ChangeSet(ROADMAPS).
Bundled roadmaps are never edited in place: edits are refused with a message pointing to
"Make my own copy" (copy_roadmap), so the app's content updates keep working.

"Make my own copy" keeps progress linked: the copy has the same phase, step and topic keys, and
the learner's statuses, notes, ticks and schedule are copied onto those keys, so the copy starts
exactly where the learner is. Study sessions and plan blocks stay with the original (time is
never counted twice); the original is left as it was, and its source_ref names it.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.content_sync import keys_with_progress
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.formats import make_key
from roadmap_desktop.core.models import ActiveTimer, Origin, Phase, PlanBlock, Roadmap, StudySession
from roadmap_desktop.importers.curriculum import slug_from
from roadmap_desktop.services.card_snapshots import capture_cards, write_cards
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.roadmap_snapshot import (
    PhaseSnapshot,
    RoadmapSnapshot,
    capture_roadmap,
    clean_title,
    editable,
    load_roadmap,
    roadmap_change,
    write_roadmap,
)
from roadmap_desktop.services.step_edit import (
    ArchivedDeletion,
    StepFields,
    add_step,
    delete_archived_step,
    delete_step,
    detach_step,
    live_steps,
    move_step,
    put_back,
    require_phase,
    restore_archived_deletion,
    restore_step,
    restore_step_fields,
    unique_key,
    update_step,
)

__all__ = [
    "ArchivedDeletion",
    "PhaseSnapshot",
    "RoadmapSnapshot",
    "StepFields",
    "add_phase",
    "add_step",
    "copy_roadmap",
    "create_roadmap",
    "delete_archived_step",
    "delete_phase",
    "delete_roadmap",
    "delete_step",
    "move_phase",
    "move_step",
    "rename_phase",
    "rename_roadmap",
    "restore_archived_deletion",
    "restore_phase",
    "restore_roadmap",
    "restore_step",
    "restore_step_fields",
    "set_phase_weeks",
    "update_step",
]


def _free_slug(session: Session, title: str) -> str:
    used = set(session.scalars(select(Roadmap.slug)))
    return unique_key(slug_from(title)[:60].strip("-"), used)


def _next_position(session: Session) -> int:
    last = session.scalar(select(func.max(Roadmap.position)))
    return 0 if last is None else last + 1


# --- roadmaps ----------------------------------------------------------------------------------


def create_roadmap(db: Database, title: str) -> tuple[int, ChangeSet]:
    """A new custom roadmap with one empty phase "Phase 1" (weeks 1–2); returns its id."""
    text = clean_title(title, "roadmap title")
    with db.transaction() as session:
        roadmap = Roadmap(
            slug=_free_slug(session, text),
            title=text,
            summary_md="",
            origin=Origin.CUSTOM,
            source_ref="",
            content_version=1,
            content_hash="",
            position=_next_position(session),
        )
        session.add(roadmap)
        session.add(
            Phase(
                roadmap=roadmap,
                key="phase-1",
                position=0,
                title="Phase 1",
                start_week=1,
                end_week=2,
            )
        )
        session.flush()
        roadmap_id = roadmap.id
    return roadmap_id, roadmap_change(roadmap_id)


def copy_roadmap(db: Database, roadmap_id: int, title: str) -> tuple[int, ChangeSet]:
    """ "Make my own copy": a custom roadmap with the same content, keys and progress (see the
    module docstring); returns the copy's id. Undo: delete_roadmap(copy)."""
    text = clean_title(title, "roadmap title")
    with db.transaction() as session:
        original = load_roadmap(session, roadmap_id)
        snap = capture_roadmap(session, original)
        copy = write_roadmap(
            session,
            snap,
            slug=_free_slug(session, text),
            title=text,
            origin=Origin.CUSTOM,
            source_ref=f"copy-of:{original.slug}",
            position=_next_position(session),
        )
        copy_id = copy.id
        write_cards(session, capture_cards(session, roadmap_id), copy_id, copy=True)
    return copy_id, roadmap_change(copy_id)


def rename_roadmap(db: Database, roadmap_id: int, title: str) -> tuple[str, ChangeSet]:
    """Give a custom or imported roadmap a new title; returns the old one."""
    text = clean_title(title, "roadmap title")
    with db.transaction() as session:
        roadmap = editable(session, roadmap_id)
        before, roadmap.title = roadmap.title, text
    return before, roadmap_change(roadmap_id)


def delete_roadmap(db: Database, roadmap_id: int) -> tuple[RoadmapSnapshot, ChangeSet]:
    """Delete a custom or imported roadmap with its progress. Its plan blocks keep their titles
    and its study sessions their minutes, detached; restore_roadmap re-attaches them."""
    with db.transaction() as session:
        editable(session, roadmap_id)
        roadmap = load_roadmap(session, roadmap_id)
        snap = replace(capture_roadmap(session, roadmap), cards=capture_cards(session, roadmap_id))
        titles = {s.key: s.title for s in roadmap.steps}
        blocks = []
        for block in session.scalars(select(PlanBlock).where(PlanBlock.roadmap_id == roadmap_id)):
            blocks.append((block.id, block.step_key, block.title))
            block.title = block.title or titles.get(block.step_key or "", roadmap.title)
            block.roadmap_id, block.step_key = None, None
        sessions = []
        for row in session.scalars(
            select(StudySession).where(StudySession.roadmap_id == roadmap_id)
        ):
            sessions.append((row.id, row.step_key))
            row.roadmap_id, row.step_key = None, None
        timer = session.scalar(select(ActiveTimer).where(ActiveTimer.roadmap_id == roadmap_id))
        timer_step = timer.step_key if timer is not None else None
        if timer is not None:
            timer.roadmap_id, timer.step_key = None, None
        session.flush()
        session.delete(roadmap)
    full = replace(
        snap,
        blocks=tuple(blocks),
        sessions=tuple(sessions),
        timer_step=timer_step,
        had_timer=timer is not None,
    )
    return full, roadmap_change(roadmap_id)


def restore_roadmap(db: Database, snapshot: RoadmapSnapshot) -> tuple[int, ChangeSet]:
    """Undo of delete_roadmap: the roadmap back (with its old id when free), its progress,
    and its plan blocks, study sessions and timer re-attached. Returns its id."""
    with db.transaction() as session:
        if session.scalar(select(Roadmap.id).where(Roadmap.slug == snapshot.slug)) is not None:
            raise UserFacingError(f"A roadmap {snapshot.slug!r} exists again; it was not restored.")
        free_id = session.get(Roadmap, snapshot.id) is None
        roadmap = write_roadmap(
            session,
            snapshot,
            slug=snapshot.slug,
            title=snapshot.title,
            origin=snapshot.origin,
            source_ref=snapshot.source_ref,
            roadmap_id=snapshot.id if free_id else None,
        )
        write_cards(session, snapshot.cards, roadmap.id, copy=False)
        for block_id, step_key, title in snapshot.blocks:
            block = session.get(PlanBlock, block_id)
            if block is not None and block.roadmap_id is None:
                block.roadmap_id, block.step_key, block.title = roadmap.id, step_key, title
        for session_id, step_key in snapshot.sessions:
            row = session.get(StudySession, session_id)
            if row is not None and row.roadmap_id is None:
                row.roadmap_id, row.step_key = roadmap.id, step_key
        if snapshot.had_timer:
            timer = session.scalar(select(ActiveTimer))
            if timer is not None and timer.roadmap_id is None and timer.step_key is None:
                timer.roadmap_id, timer.step_key = roadmap.id, snapshot.timer_step
        session.flush()
        roadmap_id = roadmap.id
    return roadmap_id, roadmap_change(roadmap_id)


# --- phases ------------------------------------------------------------------------------------


def _phases(session: Session, roadmap_id: int) -> list[Phase]:
    return list(
        session.scalars(
            select(Phase).where(Phase.roadmap_id == roadmap_id).order_by(Phase.position)
        )
    )


def _renumber_phases(phases: list[Phase]) -> None:
    for i, phase in enumerate(phases):
        phase.position = i


def add_phase(
    db: Database, roadmap_id: int, title: str, after_key: str | None = None
) -> tuple[str, ChangeSet]:
    """A new empty phase after after_key (default: at the end), two weeks long starting after
    the phase before it; returns its key."""
    text = clean_title(title, "phase title")
    with db.transaction() as session:
        roadmap = editable(session, roadmap_id)
        phases = _phases(session, roadmap_id)
        index = len(phases)
        if after_key is not None:
            keys = [p.key for p in phases]
            if after_key not in keys:
                raise NotFoundError(f"No phase {after_key!r} in this roadmap.")
            index = keys.index(after_key) + 1
        start = min(520, phases[index - 1].end_week + 1) if index else 1
        key = unique_key(make_key(text, "phase"), {p.key for p in phases})
        phase = Phase(
            roadmap=roadmap,
            key=key,
            title=text,
            summary_md="",
            start_week=start,
            end_week=min(520, start + 1),
        )
        phases.insert(index, phase)
        session.add(phase)
        _renumber_phases(phases)
    return key, roadmap_change(roadmap_id)


def rename_phase(db: Database, roadmap_id: int, key: str, title: str) -> tuple[str, ChangeSet]:
    """A phase's new title; returns the old one."""
    text = clean_title(title, "phase title")
    with db.transaction() as session:
        editable(session, roadmap_id)
        phase = require_phase(session, roadmap_id, key)
        before, phase.title = phase.title, text
    return before, roadmap_change(roadmap_id)


def set_phase_weeks(
    db: Database, roadmap_id: int, key: str, start_week: int, end_week: int
) -> tuple[tuple[int, int], ChangeSet]:
    """A phase's week range (1 ≤ start ≤ end ≤ 520); returns the old one."""
    if not 1 <= start_week <= end_week <= 520:
        raise UserFacingError("Weeks must satisfy 1 ≤ start ≤ end ≤ 520.")
    with db.transaction() as session:
        editable(session, roadmap_id)
        phase = require_phase(session, roadmap_id, key)
        before = (phase.start_week, phase.end_week)
        phase.start_week, phase.end_week = start_week, end_week
    return before, roadmap_change(roadmap_id)


def move_phase(db: Database, roadmap_id: int, key: str, new_position: int) -> tuple[int, ChangeSet]:
    """Move a phase to new_position (0-based, clamped); returns its old position."""
    with db.transaction() as session:
        editable(session, roadmap_id)
        phases = _phases(session, roadmap_id)
        phase = require_phase(session, roadmap_id, key)
        before = phases.index(phase)
        phases.remove(phase)
        phases.insert(max(0, min(new_position, len(phases))), phase)
        _renumber_phases(phases)
    return before, roadmap_change(roadmap_id)


def delete_phase(db: Database, roadmap_id: int, key: str) -> tuple[PhaseSnapshot, ChangeSet]:
    """Delete a phase. Its steps that carry progress are archived (kept, restorable from the
    archive); the others are deleted. restore_phase(snapshot) undoes all of it."""
    with db.transaction() as session:
        editable(session, roadmap_id)
        phase = require_phase(session, roadmap_id, key)
        progressed = keys_with_progress(session, roadmap_id)
        steps = tuple(
            detach_step(session, s, progressed, close_gap=False) for s in live_steps(phase)
        )
        snap = PhaseSnapshot(
            roadmap_id,
            phase.key,
            phase.position,
            phase.title,
            phase.summary_md,
            phase.start_week,
            phase.end_week,
            steps,
        )
        session.delete(phase)
        session.flush()
        _renumber_phases(_phases(session, roadmap_id))
    return snap, roadmap_change(roadmap_id, *(s.key for s in steps))


def restore_phase(db: Database, snapshot: PhaseSnapshot) -> ChangeSet:
    """Undo of delete_phase: the phase at its place with its steps, as they were."""
    with db.transaction() as session:
        roadmap = editable(session, snapshot.roadmap_id)
        phases = _phases(session, roadmap.id)
        if any(p.key == snapshot.key for p in phases):
            raise UserFacingError(f"A phase {snapshot.key!r} exists again; it was not restored.")
        phase = Phase(
            roadmap=roadmap,
            key=snapshot.key,
            title=snapshot.title,
            summary_md=snapshot.summary_md,
            start_week=snapshot.start_week,
            end_week=snapshot.end_week,
        )
        phases.insert(max(0, min(snapshot.position, len(phases))), phase)
        session.add(phase)
        _renumber_phases(phases)
        session.flush()
        for step in sorted(snapshot.steps, key=lambda s: s.position):
            put_back(session, roadmap, step)
    return roadmap_change(roadmap.id, *(s.key for s in snapshot.steps))
