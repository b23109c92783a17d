"""The one study-time setting: read it for a roadmap, set it from weekly hours or per weekday.

The rule lives in core/study_time.py: availability per weekday is the truth, weekly hours are
its sum; a roadmap's stored weekly_hours is the fallback before any availability exists.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from roadmap_desktop.core import study_time as rule
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Availability, Roadmap, RoadmapProgress
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.plan_reads import read_availability
from roadmap_desktop.services.study import roadmap_pace


@dataclass(frozen=True)
class StudyTime:
    """What the welcome and the Schedule dialog propose, and what the app then uses."""

    roadmap_id: int
    start_date: date | None
    weekly_hours: float
    minutes_by_weekday: dict[int, int]
    from_availability: bool  # False: no availability yet, the hours are the roadmap's fallback


def study_time(db: Database, roadmap_id: int) -> StudyTime:
    """The study time in force for a roadmap (the roadmap's own pace before anything is set)."""
    with db.reading() as session:
        if session.get(Roadmap, roadmap_id) is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        offered = read_availability(session)
        plan = session.get(RoadmapProgress, roadmap_id)
        fallback = plan.weekly_hours if plan else roadmap_pace(session, roadmap_id)
        return StudyTime(
            roadmap_id=roadmap_id,
            start_date=plan.start_date if plan else None,
            weekly_hours=rule.effective_hours(offered, fallback),
            minutes_by_weekday=offered,
            from_availability=rule.weekly_minutes(offered) > 0,
        )


def proposed_hours(db: Database, roadmap_ids: list[int]) -> dict[int, float]:
    """The weekly hours the welcome proposes per roadmap: exactly what each would then use."""
    return {rid: study_time(db, rid).weekly_hours for rid in roadmap_ids}


def set_study_time(
    db: Database, roadmap_id: int, start_date: date, hours: float
) -> tuple[dict[int, int], ChangeSet]:
    """Set a roadmap's start date and the weekly hours; the availability is rescaled to the hours
    (keeping which days are longer) and the roadmap's fallback hours follow. Returns the
    availability before, for undo."""
    if not rule.MIN_HOURS <= hours <= rule.MAX_HOURS:
        raise UserFacingError(
            f"Weekly hours must be between {rule.MIN_HOURS:g} and {rule.MAX_HOURS:g}."
        )
    if not date(2000, 1, 1) <= start_date <= date(2100, 12, 31):
        raise UserFacingError("The start date must be between 2000 and 2100.")
    with db.transaction() as session:
        if session.get(Roadmap, roadmap_id) is None:
            raise NotFoundError(f"No roadmap with id {roadmap_id}.")
        before = read_availability(session)
        after = rule.scale_to_hours(before, hours)
        _write_availability(session, after)
        row = session.get(RoadmapProgress, roadmap_id)
        if row is None:
            session.add(
                RoadmapProgress(roadmap_id=roadmap_id, start_date=start_date, weekly_hours=hours)
            )
        else:
            row.start_date, row.weekly_hours = start_date, hours
    return before, ChangeSet.of(ChangeKind.SCHEDULE, ChangeKind.PLAN, roadmap_id=roadmap_id)


def set_week_availability(
    db: Database, minutes_by_weekday: Mapping[int, int]
) -> tuple[dict[int, int], ChangeSet]:
    """Set the minutes of every weekday (the Availability dialog); every roadmap's fallback
    weekly hours follow the new sum so no view can show an older figure. Returns the
    availability before."""
    for weekday, minutes in minutes_by_weekday.items():
        if weekday not in range(7):
            raise ValueError(f"weekday must be 0..6, not {weekday}")
        if isinstance(minutes, bool) or not 0 <= minutes <= rule.DAY_CAP:
            raise UserFacingError(
                f"Available time must be between 0 and {rule.DAY_CAP // 60} hours a day."
            )
    with db.transaction() as session:
        before = read_availability(session)
        after = {**before, **minutes_by_weekday}
        _write_availability(session, after)
        hours = rule.weekly_hours(after)
        if hours >= rule.MIN_HOURS:
            session.execute(update(RoadmapProgress).values(weekly_hours=min(hours, rule.MAX_HOURS)))
    return before, ChangeSet.of(ChangeKind.SCHEDULE, ChangeKind.PLAN)


def _write_availability(session: Session, minutes: Mapping[int, int]) -> None:
    rows = {row.weekday: row for row in session.scalars(select(Availability))}
    for weekday, value in minutes.items():
        if weekday in rows:
            rows[weekday].minutes = value
        else:
            session.add(Availability(weekday=weekday, minutes=value))
