"""Planner reads: a week's blocks with their steps resolved, and the day totals of the week view.

Every query is bounded by the week's dates and runs on an indexed column (plan_blocks.day,
study_sessions.started_at), so switching weeks costs the same with years of history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta, tzinfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.db import Database, session_sqlite
from roadmap_desktop.core.models import Phase, PlanBlock, Roadmap, Step, StudySession
from roadmap_desktop.services import pace_sql
from roadmap_desktop.services.planner_values import BlockRow, DaySummary, WeekView


def read_availability(session: Session) -> dict[int, int]:
    """Minutes per weekday 0..6 (0 when never set; services/pace_sql.py)."""
    return pace_sql.read_availability(session_sqlite(session))


def rows_for(session: Session, blocks: Sequence[PlanBlock]) -> list[BlockRow]:
    """Blocks as rows: step titles, phase indexes and roadmap titles looked up in three queries."""
    roadmap_ids = {b.roadmap_id for b in blocks if b.roadmap_id is not None}
    keys = {b.step_key for b in blocks if b.step_key is not None}
    steps: dict[tuple[int, str], tuple[str, int | None]] = {}
    phases: dict[int, tuple[int, str]] = {}
    roadmap_titles: dict[int, str] = {}
    if roadmap_ids and keys:
        for roadmap_id, key, title, phase_id in session.execute(
            select(Step.roadmap_id, Step.key, Step.title, Step.phase_id).where(
                Step.roadmap_id.in_(roadmap_ids), Step.key.in_(keys)
            )
        ).tuples():
            steps[(roadmap_id, key)] = (title, phase_id)
        counters: dict[int, int] = defaultdict(int)
        for phase_id, roadmap_id, title in session.execute(
            select(Phase.id, Phase.roadmap_id, Phase.title)
            .where(Phase.roadmap_id.in_(roadmap_ids))
            .order_by(Phase.roadmap_id, Phase.position)
        ).tuples():
            phases[phase_id] = (counters[roadmap_id], title)
            counters[roadmap_id] += 1
    if roadmap_ids:
        roadmap_titles = dict(
            session.execute(select(Roadmap.id, Roadmap.title).where(Roadmap.id.in_(roadmap_ids)))
            .tuples()
            .all()
        )
    rows = []
    for block in blocks:
        step = None
        if block.roadmap_id is not None and block.step_key is not None:
            step = steps.get((block.roadmap_id, block.step_key))
        phase = phases.get(step[1]) if step and step[1] is not None else None
        rows.append(
            BlockRow(
                id=block.id,
                day=block.day,
                start_time=block.start_time,
                minutes=block.minutes,
                roadmap_id=block.roadmap_id,
                step_key=block.step_key,
                title=step[0] if step else (block.title or block.step_key or ""),
                phase_index=phase[0] if phase else None,
                done=block.done,
                auto=block.auto,
                roadmap_title=roadmap_titles.get(block.roadmap_id or 0, ""),
                phase_title=phase[1] if phase else "",
            )
        )
    return rows


def _blocks(session: Session, first: date, last: date) -> list[BlockRow]:
    blocks = session.scalars(
        select(PlanBlock)
        .where(PlanBlock.day.between(first, last))
        .order_by(
            PlanBlock.day,
            PlanBlock.start_time.is_(None),
            PlanBlock.start_time,
            PlanBlock.position,
            PlanBlock.id,
        )
    ).all()
    return rows_for(session, blocks)


def blocks_between(db: Database, first: date, last: date) -> list[BlockRow]:
    """Blocks from first to last (inclusive): by day, timed ones by time, then the others."""
    with db.reading() as session:
        return _blocks(session, first, last)


def _logged_by_day(session: Session, first: date, last: date, tz: tzinfo | None) -> dict[date, int]:
    """Minutes studied per local day, each session on the day it started."""
    since = maths.day_start_utc(first, tz)
    until = maths.day_start_utc(last + timedelta(days=1), tz)
    totals: dict[date, int] = defaultdict(int)
    for started_at, minutes in session.execute(
        select(StudySession.started_at, StudySession.minutes).where(
            StudySession.started_at >= since, StudySession.started_at < until
        )
    ).tuples():
        totals[maths.local_day(started_at, tz)] += minutes
    return totals


def week_view(
    db: Database, any_day: date, first_weekday: int = 0, tz: tzinfo | None = None
) -> WeekView:
    """The week holding any_day (starting on first_weekday): blocks and minutes per day.

    Logged minutes are filed on the local day (in tz, default the system zone) a session started.
    """
    days = maths.week_days(maths.week_start(any_day, first_weekday))
    maths.check_day(days[0], "The week's first day")
    maths.check_day(days[-1], "The week's last day")
    with db.reading() as session:
        rows = _blocks(session, days[0], days[-1])
        logged = _logged_by_day(session, days[0], days[-1], tz)
        offered = read_availability(session)
    by_day: dict[date, list[BlockRow]] = defaultdict(list)
    for row in rows:
        by_day[row.day].append(row)
    summaries = tuple(
        DaySummary(
            day=day,
            blocks=tuple(by_day[day]),
            planned_minutes=sum(b.minutes for b in by_day[day]),
            done_minutes=sum(b.minutes for b in by_day[day] if b.done),
            logged_minutes=logged.get(day, 0),
            capacity_minutes=offered[day.weekday()],
        )
        for day in days
    )
    return WeekView(
        start=days[0],
        days=summaries,
        planned_minutes=sum(d.planned_minutes for d in summaries),
        done_minutes=sum(d.done_minutes for d in summaries),
        logged_minutes=sum(d.logged_minutes for d in summaries),
        goal_minutes=sum(offered.values()),
    )
