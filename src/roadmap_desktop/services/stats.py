"""Stats page reads: year of study days, weekly hours, burn-up, phases, calibration, forecast.

`stats_view` reads everything the page draws in one session; every aggregate is a GROUP BY in
SQLite (see services/stats_days.py for local days); Python only arranges grouped rows into weeks.
`roadmap_id` None means all roadmaps.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy.orm import Session

from roadmap_desktop.core import alternatives
from roadmap_desktop.core import stats_math as sm
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError
from roadmap_desktop.core.models import (
    Roadmap,
)
from roadmap_desktop.core.planner import day_start_utc, local_day, phase_due, week_start
from roadmap_desktop.services.plan_reads import read_availability
from roadmap_desktop.services.stats_days import (
    first_session_day,
    local_date_sql,
    minutes_by_day,
)
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

# The page re-reads these on every switch of roadmap: plain statements (no statement building
# per call); {scope} is "" for all roadmaps or " AND <column> = :rid"; {counted} leaves out the
# options of "choose one of" groups that progress does not count (see _counted).
_PLANNED = (
    "SELECT CAST((julianday(day) - julianday(:first)) / 7 AS INTEGER) AS i, sum(minutes)"
    " FROM plan_blocks WHERE day >= :first AND day < :end{scope} GROUP BY i"
)
_STARTS = "SELECT roadmap_id, start_date FROM roadmap_progress WHERE 1{scope}"
# Skipped and archived steps are out of scope: the plan and the burn-up count the rest.
_PLANS = (
    "SELECT p.roadmap_id, p.start_week, p.end_week, coalesce(sum(s.estimated_hours), 0.0)"
    " FROM phases p LEFT JOIN steps s ON s.phase_id = p.id AND s.archived = 0{counted}"
    " LEFT JOIN step_progress sk ON sk.roadmap_id = s.roadmap_id AND sk.step_key = s.key"
    " AND sk.status = 'skipped'"
    " WHERE p.roadmap_id IN (SELECT roadmap_id FROM roadmap_progress){scope}"
    " AND sk.step_key IS NULL GROUP BY p.id ORDER BY p.roadmap_id, p.position"
)
_DONE_WEEKS = (
    "SELECT CASE WHEN sp.done_at IS NULL THEN -1"
    " WHEN julianday({day}) < julianday(:first) THEN -1"
    " ELSE CAST((julianday({day}) - julianday(:first)) / 7 AS INTEGER) END AS i,"
    " sum(s.estimated_hours) FROM step_progress sp"
    " JOIN steps s ON s.roadmap_id = sp.roadmap_id AND s.key = sp.step_key"
    " WHERE sp.status = 'done' AND s.archived = 0{counted}{scope} GROUP BY i"
)
_PHASES = (
    "SELECT p.id, p.title, p.start_week, p.end_week, count(s.id),"
    " coalesce(sum(sp.status IN ('done', 'skipped')), 0),"
    " min(sp.started_at), min(sp.done_at), max(sp.done_at)"
    " FROM phases p LEFT JOIN steps s ON s.phase_id = p.id AND s.archived = 0{counted}"
    " LEFT JOIN step_progress sp ON sp.roadmap_id = s.roadmap_id AND sp.step_key = s.key"
    " WHERE p.roadmap_id = :rid GROUP BY p.id ORDER BY p.position"
)
_PHASE_SESSIONS = (
    "SELECT s.phase_id, min(ss.started_at) FROM steps s JOIN study_sessions ss"
    " ON ss.roadmap_id = s.roadmap_id AND ss.step_key = s.key"
    " WHERE s.roadmap_id = :rid GROUP BY s.phase_id"
)


def _scope(column: str, roadmap_id: int | None) -> tuple[str, dict[str, Any]]:
    """The WHERE tail and parameters limiting a statement to one roadmap (or none)."""
    if roadmap_id is None:
        return "", {}
    return f" AND {column} = :rid", {"rid": roadmap_id}


def _counted(hidden: set[int]) -> str:
    """The condition on steps s that leaves out the options of "choose one of" groups other than
    the representative (core/alternatives.py); ids are integers read from the database."""
    return f" AND s.id NOT IN ({','.join(str(int(i)) for i in sorted(hidden))})" if hidden else ""


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _instant(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


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
    scope, params = _scope("roadmap_id", roadmap_id)
    params.update(first=firsts[0].isoformat(), end=(this_week + timedelta(days=7)).isoformat())
    planned = {
        int(i): int(m)
        for i, m in session.connection().exec_driver_sql(_PLANNED.format(scope=scope), params)
    }
    offered = sum(read_availability(session).values())
    return tuple(WeekBar(f, logged[i], planned.get(i, 0), offered) for i, f in enumerate(firsts))


# --- schedules, plan line and burn-up ---------------------------------------------------------


@dataclass(frozen=True)
class _Schedules:
    """Start dates and phase plans of the roadmaps in scope (only scheduled ones)."""

    plans: tuple[tuple[int, date, tuple[sm.PhasePlan, ...]], ...]  # roadmap id, start, phases
    first_week: date  # the burn-up's first week
    last_week: date  # the week the plans end (at least this week)


def _schedules(
    session: Session, roadmap_id: int | None, this_week: date, hidden: set[int]
) -> _Schedules:
    """Each roadmap's start date and its phases' week ranges and estimated hours.

    Skipped and archived steps are out of scope: the plan and the burn-up count the rest.
    """
    conn = session.connection()
    scope, params = _scope("roadmap_id", roadmap_id)
    start_of = {
        int(rid): _day(start)
        for rid, start in conn.exec_driver_sql(_STARTS.format(scope=scope), params)
    }
    phases: dict[int, list[sm.PhasePlan]] = defaultdict(list)
    scope, params = _scope("p.roadmap_id", roadmap_id)
    sql = _PLANS.format(scope=scope, counted=_counted(hidden))
    for rid, first, last, total in conn.exec_driver_sql(sql, params):
        if rid in start_of:
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
    scope, params = _scope("sp.roadmap_id", roadmap_id)
    params["first"] = first_week.isoformat()
    day = local_date_sql("sp.done_at", tz, since, until)
    sql = _DONE_WEEKS.format(day=day, scope=scope, counted=_counted(hidden))
    return {int(i): float(h) for i, h in session.connection().exec_driver_sql(sql, params)}


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
    conn = session.connection()
    params = {"rid": roadmap_id}
    rows = conn.exec_driver_sql(_PHASES.format(counted=_counted(hidden)), params).all()
    first_session = {pid: m for pid, m in conn.exec_driver_sql(_PHASE_SESSIONS, params)}
    spans = []
    origin = start or date.today()
    for pid, title, first, last, total, done, started, first_done, last_done in rows:
        moments = [
            _instant(m) for m in (started, first_done, first_session.get(pid)) if m is not None
        ]
        last_done = _instant(last_done) if last_done is not None else None
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
