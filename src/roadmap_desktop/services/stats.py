"""Stats page reads: year of study days, weekly hours, burn-up, phases, calibration, forecast.

`stats_view` reads everything the page draws in one session; every aggregate is a GROUP BY in
SQLite (see services/stats_days.py for local days); Python only arranges grouped rows into weeks.
`roadmap_id` None means all roadmaps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

from sqlalchemy import ColumnElement, Integer, case, cast, func, literal, select, true
from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives, progress
from roadmap_desktop.core import stats_math as sm
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import (
    Phase,
    PlanBlock,
    Roadmap,
    RoadmapProgress,
    Step,
    StepProgress,
    StudySession,
)
from roadmap_desktop.core.planner import day_start_utc, local_day, phase_due, week_start
from roadmap_desktop.services.plan_reads import read_availability
from roadmap_desktop.services.stats_days import first_session_day, local_date, minutes_by_day
from roadmap_desktop.services.stats_forecast import calibration_rows, forecast_view
from roadmap_desktop.services.stats_values import (
    BurnUpPoint,
    DayTotal,
    PhaseSpan,
    StatsView,
    WeekBar,
)

HEATMAP_WEEKS = 52
MAX_BURN_WEEKS = 260


@dataclass(frozen=True)
class StatsOptions:
    """The learner's choices on the page."""

    weeks: int = 12  # weekly-hours bars: 12 or 26
    apply_calibration: bool = False
    streaks: bool = False
    streak_minutes: int = 15
    rest_days: int = 1


def stats_view(
    db: Database,
    roadmap_id: int | None,
    today: date,
    tz: tzinfo,
    first_weekday: int = 0,
    options: StatsOptions | None = None,
) -> StatsView:
    """Everything the Stats page shows for one roadmap (or all), as of today in zone tz."""
    opts = options or StatsOptions()
    this_week = week_start(today, first_weekday)
    first_day = this_week - timedelta(weeks=HEATMAP_WEEKS - 1)
    with db.reading() as session:
        if roadmap_id is not None and session.get(Roadmap, roadmap_id) is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        began = first_session_day(session, tz, roadmap_id)
        since = first_day
        if opts.streaks and began is not None and began < first_day:
            since = began  # streaks look at all history: one read serves both
        by_day = minutes_by_day(session, since, today, tz, roadmap_id)
        days = tuple(
            DayTotal(d, *by_day.get(d, (0, 0)))
            for d in (first_day + timedelta(days=i) for i in range((today - first_day).days + 1))
        )
        weeks = _week_bars(session, by_day, this_week, opts.weeks, roadmap_id)
        # Options of "choose one of" groups that progress does not count (read once).
        hidden = alternatives.uncounted_step_ids(session, roadmap_id)
        schedules = _schedules(session, roadmap_id, this_week, hidden)
        done_weeks = _done_by_week(
            session, roadmap_id, tz, schedules.first_week, today, first_weekday, hidden
        )
        burn = _burn_up(schedules, done_weeks, this_week)
        phases = _phase_spans(session, roadmap_id, schedules, tz, hidden) if roadmap_id else ()
        calibration = calibration_rows(session, roadmap_id)
        forecast = forecast_view(
            session,
            began,
            roadmap_id,
            today,
            tz,
            first_weekday,
            by_day,
            done_weeks,
            schedules.first_week,
            calibration,
            opts,
        )
        streak = None
        if opts.streaks:
            streak = sm.streaks(
                {d: m for d, (m, _c) in by_day.items()},
                today,
                threshold=opts.streak_minutes,
                rest_days=opts.rest_days,
                first_weekday=first_weekday,
            )
    return StatsView(
        roadmap_id=roadmap_id,
        today=today,
        first_day=first_day,
        days=days,
        weeks=weeks,
        burn_up=burn,
        phases=phases,
        calibration=calibration,
        forecast=forecast,
        streaks=streak,
    )


# --- weekly hours --------------------------------------------------------------------------------


def _week_bars(
    session: Session,
    by_day: dict[date, tuple[int, int]],
    this_week: date,
    count: int,
    roadmap_id: int | None,
) -> tuple[WeekBar, ...]:
    firsts = sm.week_starts(this_week, count)
    logged = [sum(by_day.get(f + timedelta(days=i), (0, 0))[0] for i in range(7)) for f in firsts]
    index = cast(
        (func.julianday(PlanBlock.day) - func.julianday(literal(firsts[0].isoformat()))) / 7,
        Integer,
    )
    query = (
        select(index, func.sum(PlanBlock.minutes))
        .where(PlanBlock.day >= firsts[0], PlanBlock.day < this_week + timedelta(days=7))
        .group_by(index)
    )
    if roadmap_id is not None:
        query = query.where(PlanBlock.roadmap_id == roadmap_id)
    planned = {int(i): int(m) for i, m in session.connection().execute(query).tuples()}
    offered = sum(read_availability(session).values())
    return tuple(WeekBar(f, logged[i], planned.get(i, 0), offered) for i, f in enumerate(firsts))


# --- schedules, plan line and burn-up ---------------------------------------------------------


@dataclass(frozen=True)
class _Schedules:
    """Start dates and phase plans of the roadmaps in scope (only scheduled ones)."""

    plans: tuple[tuple[int, date, tuple[sm.PhasePlan, ...]], ...]  # roadmap id, start, phases
    first_week: date  # the burn-up's first week
    last_week: date  # the week the plans end (at least this week)


def _counted(hidden: set[int]) -> ColumnElement[bool]:
    """A condition keeping the steps progress counts: the options of a "choose one of" group
    other than its representative are left out (core/alternatives.py)."""
    return Step.id.not_in(sorted(hidden)) if hidden else true()


def _schedules(
    session: Session, roadmap_id: int | None, this_week: date, hidden: set[int]
) -> _Schedules:
    """Each roadmap's start date and its phases' week ranges and estimated hours.

    Skipped and archived steps are out of scope: the plan and the burn-up count the rest.
    """
    starts = select(RoadmapProgress.roadmap_id, RoadmapProgress.start_date)
    if roadmap_id is not None:
        starts = starts.where(RoadmapProgress.roadmap_id == roadmap_id)
    start_of = dict(session.connection().execute(starts).tuples().all())
    skipped = (
        select(StepProgress.roadmap_id, StepProgress.step_key)
        .where(StepProgress.status == StepStatus.SKIPPED)
        .subquery()
    )
    hours = (
        select(
            Phase.roadmap_id,
            Phase.start_week,
            Phase.end_week,
            func.coalesce(func.sum(Step.estimated_hours), 0.0),
        )
        .select_from(Phase)
        .outerjoin(
            Step,
            (Step.phase_id == Phase.id) & Step.archived.is_(False) & _counted(hidden),
        )
        .outerjoin(
            skipped,
            (skipped.c.roadmap_id == Step.roadmap_id) & (skipped.c.step_key == Step.key),
        )
        .where(Phase.roadmap_id.in_(list(start_of)), skipped.c.step_key.is_(None))
        .group_by(Phase.id)
        .order_by(Phase.roadmap_id, Phase.position)
    )
    phases: dict[int, list[sm.PhasePlan]] = defaultdict(list)
    for rid, first, last, total in session.connection().execute(hours).tuples():
        phases[rid].append(sm.PhasePlan(first, last, float(total)))
    plans = tuple((rid, start_of[rid], tuple(phases[rid])) for rid in sorted(start_of))
    if not plans:
        return _Schedules((), this_week - timedelta(weeks=11), this_week)
    weekday = this_week.weekday()  # this_week starts on the locale's first weekday
    earliest = min(week_start(start, weekday) for _rid, start, _p in plans)
    ends = [phase_due(start, max((p.end_week for p in ps), default=1)) for _rid, start, ps in plans]
    latest = max([this_week, *(week_start(e, weekday) for e in ends)])
    earliest = max(earliest, latest - timedelta(weeks=MAX_BURN_WEEKS - 1))
    return _Schedules(plans, min(earliest, this_week), latest)


def _done_by_week(
    session: Session,
    roadmap_id: int | None,
    tz: tzinfo,
    first_week: date,
    today: date,
    first_weekday: int,
    hidden: set[int],
) -> dict[int, float]:
    """Estimated hours of steps marked done, by week index from first_week (-1: before it)."""
    since = day_start_utc(first_week, tz)
    until = day_start_utc(today + timedelta(days=1), tz)
    day = local_date(StepProgress.done_at, tz, since, until)
    offset = func.julianday(day) - func.julianday(literal(first_week.isoformat()))
    index = case(
        (StepProgress.done_at.is_(None), -1),
        (offset < 0, -1),
        else_=cast(offset / 7, Integer),
    )
    query = (
        select(index, func.sum(Step.estimated_hours))
        .select_from(StepProgress)
        .join(
            Step,
            (Step.roadmap_id == StepProgress.roadmap_id) & (Step.key == StepProgress.step_key),
        )
        .where(
            StepProgress.status == StepStatus.DONE,
            Step.archived.is_(False),
            _counted(hidden),
        )
        .group_by(index)
    )
    if roadmap_id is not None:
        query = query.where(StepProgress.roadmap_id == roadmap_id)
    return {int(i): float(h) for i, h in session.connection().execute(query).tuples()}


def _burn_up(
    schedules: _Schedules, done: dict[int, float], this_week: date
) -> tuple[BurnUpPoint, ...]:
    count = (schedules.last_week - schedules.first_week).days // 7 + 1
    firsts = [schedules.first_week + timedelta(weeks=i) for i in range(count)]
    planned = [0.0] * count
    for _rid, start, phases in schedules.plans:
        for i, value in enumerate(sm.plan_line(phases, start, firsts)):
            planned[i] += value
    points = []
    cumulative = done.get(-1, 0.0)
    for i, first in enumerate(firsts):
        cumulative += done.get(i, 0.0)
        points.append(BurnUpPoint(first, cumulative if first <= this_week else None, planned[i]))
    return tuple(points)


# --- phases --------------------------------------------------------------------------------


def _phase_spans(
    session: Session, roadmap_id: int, schedules: _Schedules, tz: tzinfo, hidden: set[int]
) -> tuple[PhaseSpan, ...]:
    start = schedules.plans[0][1] if schedules.plans else None
    finished = case((StepProgress.status.in_(progress.FINISHED), 1), else_=0)
    rows = (
        session.connection()
        .execute(
            select(
                Phase.id,
                Phase.title,
                Phase.start_week,
                Phase.end_week,
                func.count(Step.id),
                func.coalesce(func.sum(finished), 0),
                func.min(StepProgress.started_at),
                func.min(StepProgress.done_at),
                func.max(StepProgress.done_at),
            )
            .select_from(Phase)
            .outerjoin(
                Step,
                (Step.phase_id == Phase.id) & Step.archived.is_(False) & _counted(hidden),
            )
            .outerjoin(
                StepProgress,
                (StepProgress.roadmap_id == Step.roadmap_id) & (StepProgress.step_key == Step.key),
            )
            .where(Phase.roadmap_id == roadmap_id)
            .group_by(Phase.id)
            .order_by(Phase.position)
        )
        .tuples()
    )
    first_session = dict(
        session.connection()
        .execute(
            select(Step.phase_id, func.min(StudySession.started_at))
            .join(
                StudySession,
                (StudySession.roadmap_id == Step.roadmap_id) & (StudySession.step_key == Step.key),
            )
            .where(Step.roadmap_id == roadmap_id)
            .group_by(Step.phase_id)
        )
        .tuples()
        .all()
    )
    spans = []
    origin = start or date.today()
    for pid, title, first, last, total, done, started, first_done, last_done in rows:
        moments = [m for m in (started, first_done, first_session.get(pid)) if m is not None]
        complete = total > 0 and int(done) == total
        spans.append(
            PhaseSpan(
                title=title,
                planned_start=origin + timedelta(weeks=max(first, 1) - 1),
                planned_end=phase_due(origin, last),
                actual_start=local_day(min(moments), tz) if moments else None,
                actual_end=local_day(last_done, tz) if complete and last_done else None,
                steps_total=int(total),
                steps_finished=int(done),
            )
        )
    return tuple(spans)
