"""Planner services: "Plan my week", the backlog, schedule projection and calendar export.

This is the one module the UI imports for the planner: it also re-exports the week view
(services.plan_reads), block and availability edits (services.plan_blocks) and the study timer and
sessions (services.timekeeping). Each function is one transaction and returns plain values plus a
ChangeSet (ChangeKind.PLAN for blocks and availability, ChangeKind.TIME for timer and sessions).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, tzinfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives, progress
from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.db import Database, session_sqlite
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import (
    Phase,
    PlanBlock,
    Roadmap,
    Step,
    StepProgress,
    StudySession,
)
from roadmap_desktop.core.planner import (
    BacklogStep,
    PhaseLoad,
    PhaseProjection,
    ProposedBlock,
    ScheduleProjection,
)
from roadmap_desktop.services import pace_sql
from roadmap_desktop.services.changes import ChangeSet
from roadmap_desktop.services.plan_blocks import (
    add_block,
    availability,
    check_block,
    check_step,
    delete_block,
    move_block,
    next_position,
    plan_change,
    restore_block,
    set_availability,
    update_block,
)
from roadmap_desktop.services.plan_reads import (
    blocks_between,
    read_availability,
    week_view,
)
from roadmap_desktop.services.planner_values import (
    BlockRow,
    BlockSnapshot,
    DaySummary,
    RecoveredTimer,
    SessionRow,
    TimerState,
    WeekView,
)
from roadmap_desktop.services.queries import (  # the Roadmap page's
    _step_facts,  # the one source of progress facts
    schedule_pace,
    step_study,
)
from roadmap_desktop.services.timekeeping import (
    delete_session,
    discard_timer,
    log_time,
    pause_timer,
    recover_stale_timer,
    restore_session,
    resume_timer,
    sessions_for_step,
    start_timer,
    step_logged_minutes,
    stop_timer,
    timer_state,
)

__all__ = [
    "BacklogStep",
    "BlockRow",
    "BlockSnapshot",
    "DaySummary",
    "PhaseProjection",
    "ProposedBlock",
    "RecoveredTimer",
    "ScheduleProjection",
    "SessionRow",
    "TimerState",
    "WeekView",
    "accept_plan",
    "add_block",
    "availability",
    "backlog",
    "blocks_between",
    "delete_block",
    "delete_session",
    "discard_timer",
    "export_ics_range",
    "log_time",
    "move_block",
    "pause_timer",
    "plan_week_preview",
    "recover_stale_timer",
    "restore_block",
    "restore_session",
    "resume_timer",
    "schedule_pace",
    "schedule_projection",
    "sessions_for_step",
    "set_availability",
    "start_timer",
    "step_logged_minutes",
    "step_study",
    "stop_timer",
    "timer_state",
    "undo_accept",
    "update_block",
    "week_view",
]


# --- backlog and "Plan my week" ----------------------------------------------------------------


def _backlog(
    session: Session, roadmap_id: int, today: date, limit: int | None
) -> list[BacklogStep]:
    """Unfinished steps in roadmap order; remaining = estimate - logged - planned from today.

    Finished steps are left out by the query, so a limit reads only that many steps (the
    backlog of a 10,000-step roadmap is its next 20, not all of them)."""
    query = (
        select(Step.key, Step.title, Step.estimated_hours)
        .join(Phase, Step.phase_id == Phase.id)
        .outerjoin(
            StepProgress,
            (StepProgress.roadmap_id == Step.roadmap_id) & (StepProgress.step_key == Step.key),
        )
        .where(
            Step.roadmap_id == roadmap_id,
            Step.archived.is_(False),
            StepProgress.status.is_(None) | StepProgress.status.not_in(progress.FINISHED),
        )
        .order_by(Phase.position, Step.position)
    )
    hidden = alternatives.uncounted_step_ids(session, roadmap_id)
    if hidden:  # options of a "choose one of" group other than the one counted
        query = query.where(Step.id.not_in(sorted(hidden)))
    if limit is not None:
        query = query.limit(limit)
    steps = session.execute(query).tuples().all()
    keys = [key for key, _title, _hours in steps]
    logged: dict[str | None, int] = {}
    planned: dict[str | None, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        logged.update(
            session.execute(
                select(StudySession.step_key, func.sum(StudySession.minutes))
                .where(StudySession.roadmap_id == roadmap_id, StudySession.step_key.in_(chunk))
                .group_by(StudySession.step_key)
            )
            .tuples()
            .all()
        )
        # Blocks still ahead (today on, not done) are time the step will get; missed ones
        # are not.
        planned.update(
            session.execute(
                select(PlanBlock.step_key, func.sum(PlanBlock.minutes))
                .where(
                    PlanBlock.roadmap_id == roadmap_id,
                    PlanBlock.step_key.in_(chunk),
                    PlanBlock.day >= today,
                    PlanBlock.done.is_(False),
                )
                .group_by(PlanBlock.step_key)
            )
            .tuples()
            .all()
        )
    result = []
    for key, title, hours in steps:
        estimate = round(max(hours, 0.0) * 60)
        ahead = int(planned.get(key) or 0)
        left = estimate - int(logged.get(key) or 0) - ahead
        if ahead and left <= 0:
            continue  # fully planned: blocks ahead already cover what is left
        result.append(BacklogStep(roadmap_id, key, title, max(left, 0)))
        if limit is not None and len(result) >= limit:
            break
    return result


def backlog(
    db: Database, roadmap_id: int, limit: int = 20, *, today: date | None = None
) -> list[BacklogStep]:
    """The next unfinished steps in roadmap order with the minutes still to plan (floored at 0).

    Remaining minutes = estimated hours × 60 − minutes logged − minutes of blocks planned from
    today on that are not done yet. A step whose blocks ahead cover all that is left is fully
    planned and left out.
    """
    with db.reading() as session:
        return _backlog(session, roadmap_id, today or date.today(), limit)


def plan_week_preview(
    db: Database, roadmap_id: int, any_day: date, today: date, first_weekday: int = 0
) -> list[ProposedBlock]:
    """What "Plan my week" proposes for the week holding any_day; nothing is stored.

    Each day from today on offers its availability minus every block already on it (those are
    never moved); days before today get nothing.
    """
    days = maths.week_days(maths.week_start(any_day, first_weekday))
    maths.check_day(days[0])
    maths.check_day(days[-1])
    with db.reading() as session:
        offered = read_availability(session)
        taken = dict(
            session.execute(
                select(PlanBlock.day, func.sum(PlanBlock.minutes))
                .where(PlanBlock.day.between(days[0], days[-1]))
                .group_by(PlanBlock.day)
            )
            .tuples()
            .all()
        )
        capacity = {
            day: max(offered[day.weekday()] - int(taken.get(day) or 0), 0)
            for day in days
            if day >= today
        }
        steps = [s for s in _backlog(session, roadmap_id, today, None) if s.remaining_minutes]
    return maths.auto_plan(capacity, steps)


def accept_plan(db: Database, proposed: Sequence[ProposedBlock]) -> tuple[list[int], ChangeSet]:
    """Store a previewed plan as automatic blocks in one transaction; returns their ids."""
    for item in proposed:
        check_block(item.day, item.minutes, None, True)
    ids: list[int] = []
    with db.transaction() as session:
        positions: dict[date, int] = {}
        for item in proposed:
            check_step(session, item.roadmap_id, item.step_key)
            if item.day not in positions:
                positions[item.day] = next_position(session, item.day)
            block = PlanBlock(
                day=item.day,
                start_time=None,
                minutes=item.minutes,
                roadmap_id=item.roadmap_id,
                step_key=item.step_key,
                title="",
                done=False,
                auto=True,
                position=positions[item.day],
            )
            positions[item.day] += 1
            session.add(block)
            session.flush()
            ids.append(block.id)
    return ids, plan_change(proposed)


def undo_accept(db: Database, ids: Sequence[int]) -> ChangeSet:
    """Remove the blocks an accept_plan created (ids already gone are ignored)."""
    with db.transaction() as session:
        blocks = list(session.scalars(select(PlanBlock).where(PlanBlock.id.in_(ids))))
        change = plan_change(blocks)
        for block in blocks:
            session.delete(block)
    return change


# --- schedule projection and export ------------------------------------------------------------


def schedule_projection(db: Database, roadmap_id: int, today: date) -> ScheduleProjection:
    """Projected end of each phase and of the roadmap against the phases' week ranges.

    The pace is the weekly availability when any is set, else the roadmap's weekly hours; the
    remaining effort comes from the progress maths (statuses and ticked topics).
    """
    with db.reading() as session:
        if session.get(Roadmap, roadmap_id) is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        return projection_in(session, roadmap_id, today, _step_facts(session, roadmap_id))


def projection_in(
    session: Session, roadmap_id: int, today: date, facts: dict[str, progress.StepFacts]
) -> ScheduleProjection:
    """schedule_projection inside an open session, on step facts the caller already read."""
    by_phase: dict[int, list[progress.StepFacts]] = defaultdict(list)
    for key, phase_id in session.execute(
        select(Step.key, Step.phase_id).where(
            Step.roadmap_id == roadmap_id, Step.archived.is_(False)
        )
    ).tuples():
        if phase_id is not None and key in facts:
            by_phase[phase_id].append(facts[key])
    loads = [
        PhaseLoad(
            key=phase.key,
            title=phase.title,
            start_week=phase.start_week,
            end_week=phase.end_week,
            remaining_minutes=round(progress.remaining_hours(by_phase[phase.id]) * 60),
            total_minutes=round(sum(max(f.hours, 0.0) for f in by_phase[phase.id]) * 60),
        )
        for phase in session.scalars(
            select(Phase).where(Phase.roadmap_id == roadmap_id).order_by(Phase.position)
        )
    ]
    conn = session_sqlite(session)
    weekly, start = pace_sql.pace(conn, roadmap_id, today)
    started = any(
        f.status != StepStatus.TODO or f.topics_done for f in facts.values()
    ) or pace_sql.has_logged(conn, roadmap_id)
    return maths.project_schedule(loads, weekly, start, today, started=started)


def export_ics_range(db: Database, start: date, end: date, tz: tzinfo) -> bytes:
    """An .ics calendar of the blocks from start to end (inclusive, local days in tz)."""
    from roadmap_desktop.exporters.ics import export_ics

    maths.check_day(start, "The first date")
    maths.check_day(end, "The last date")
    if start > end:
        raise UserFacingError(
            f"The range starts ({start.isoformat()}) after it ends ({end.isoformat()})."
        )
    return export_ics(blocks_between(db, start, end), tz)
