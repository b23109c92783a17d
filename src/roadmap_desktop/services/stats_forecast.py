"""Stats reads about pace: estimate calibration and the finish forecast from actual weeks.

Part of services.stats (which calls these inside its one reading session); the maths is in
core.stats_math.forecast.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core import progress
from roadmap_desktop.core import stats_math as sm
from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.models import Phase, Roadmap, Step, StepProgress, StudySession
from roadmap_desktop.core.planner import local_day, week_start
from roadmap_desktop.services.planner import projection_in
from roadmap_desktop.services.queries import _step_facts
from roadmap_desktop.services.stats_values import CalibrationRow, ForecastView

if TYPE_CHECKING:
    from roadmap_desktop.services.stats import StatsOptions

PACE_WEEKS = 8  # recent full weeks the forecast learns the pace from


def calibration_rows(session: Session, roadmap_id: int | None) -> tuple[CalibrationRow, ...]:
    """Per phase (one roadmap) or per roadmap (all): logged vs estimated hours of done steps."""
    per_step = select(
        StudySession.roadmap_id.label("rid"),
        StudySession.step_key.label("key"),
        func.sum(StudySession.minutes).label("minutes"),
    ).group_by(StudySession.roadmap_id, StudySession.step_key)
    if roadmap_id is not None:
        per_step = per_step.where(StudySession.roadmap_id == roadmap_id)
    logged = per_step.subquery()
    group: Any = Phase.id if roadmap_id is not None else Roadmap.id
    label: Any = Phase.title if roadmap_id is not None else Roadmap.title
    order: Any = Phase.position if roadmap_id is not None else Roadmap.position
    query = (
        select(
            label,
            func.count(Step.id),
            func.sum(Step.estimated_hours),
            func.sum(logged.c.minutes),
        )
        .select_from(Step)
        .join(Phase, Step.phase_id == Phase.id)
        .join(Roadmap, Roadmap.id == Step.roadmap_id)
        .join(
            StepProgress,
            (StepProgress.roadmap_id == Step.roadmap_id) & (StepProgress.step_key == Step.key),
        )
        .join(logged, (logged.c.rid == Step.roadmap_id) & (logged.c.key == Step.key))
        .where(StepProgress.status == StepStatus.DONE, Step.archived.is_(False))
        .group_by(group)
        .order_by(func.min(order))
    )
    if roadmap_id is not None:
        query = query.where(Step.roadmap_id == roadmap_id)
    return tuple(
        CalibrationRow(title, int(n), float(est or 0.0), int(minutes or 0) / 60)
        for title, n, est, minutes in session.connection().execute(query).tuples()
    )


def forecast_view(
    session: Session,
    first_session: date | None,
    roadmap_id: int | None,
    today: date,
    tz: tzinfo,
    first_weekday: int,
    by_day: dict[date, tuple[int, int]],
    done_weeks: dict[int, float],
    burn_first: date,
    calibration: tuple[CalibrationRow, ...],
    opts: StatsOptions,
) -> ForecastView:
    """Pace of the last full weeks since the learner began: done effort and logged hours.

    Each week's pace = (estimated hours of steps done that week + hours logged ÷ f) / 2, with f
    the logged-to-estimated ratio of finished steps when calibration is applied, else 1.
    """
    est = sum(r.estimated_hours for r in calibration)
    ratio = sm.calibration_ratio(sum(r.logged_hours for r in calibration), est)
    factor = ratio if opts.apply_calibration and ratio else 1.0
    ids = (
        [roadmap_id]
        if roadmap_id is not None
        else list(session.connection().scalars(select(Roadmap.id)))
    )
    facts = {rid: _step_facts(session, rid) for rid in ids}
    remaining = sum(progress.remaining_hours(f.values()) for f in facts.values())
    planned = None
    if roadmap_id is not None:
        planned = projection_in(session, roadmap_id, today, facts[roadmap_id]).finish
    this_week = week_start(today, first_weekday)
    began = _first_activity(session, roadmap_id, tz, first_session)
    firsts = [
        f
        for f in sm.week_starts(this_week - timedelta(weeks=1), PACE_WEEKS)
        if began is not None and f + timedelta(days=6) >= began
    ]
    weeks = []
    for first in firsts:
        logged = sum(by_day.get(first + timedelta(days=i), (0, 0))[0] for i in range(7)) / 60
        index = (first - burn_first).days // 7  # both are week starts
        done = done_weeks.get(index, 0.0) if index >= 0 else 0.0
        weeks.append((first, done, logged))
    pace = [(done + logged / factor) / 2 for _f, done, logged in weeks]
    result = sm.forecast(remaining, pace, today)
    reason = ""
    if len(weeks) < sm.MIN_FORECAST_WEEKS:
        reason = "Needs two full weeks of study data."
    elif result is None:
        reason = "No progress logged in the recent weeks."
    return ForecastView(
        forecast=result,
        planned_finish=planned,
        remaining_hours=remaining,
        weeks=tuple(weeks),
        calibration=ratio,
        calibration_applied=bool(opts.apply_calibration and ratio),
        reason=reason,
    )


def _first_activity(
    session: Session, roadmap_id: int | None, tz: tzinfo, first_session: date | None
) -> date | None:
    """The first day with a session or a step started or done."""
    query = select(func.min(func.coalesce(StepProgress.started_at, StepProgress.done_at))).where(
        (StepProgress.started_at.is_not(None)) | (StepProgress.done_at.is_not(None))
    )
    if roadmap_id is not None:
        query = query.where(StepProgress.roadmap_id == roadmap_id)
    moment: datetime | None = session.connection().scalar(query)
    candidates = [local_day(moment, tz)] if moment is not None else []
    if first_session is not None:
        candidates.append(first_session)
    return min(candidates) if candidates else None
