"""One day's study sessions for the Stats page, and the services that correct them (undoable).

Edits reuse services.timekeeping: log_time (undo: delete_session), update_session and
delete_session (undo: restore_session with the snapshot they return).
"""

from __future__ import annotations

from datetime import date, timedelta, tzinfo

from sqlalchemy import select

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import Phase, Roadmap, Step, StudySession
from roadmap_desktop.core.stats_math import split_by_local_day
from roadmap_desktop.services.stats_values import DaySession, StepChoice
from roadmap_desktop.services.timekeeping import (
    _row,
    delete_session,
    log_time,
    restore_session,
    update_session,
)

__all__ = [
    "delete_session",
    "log_time",
    "restore_session",
    "roadmap_choices",
    "sessions_on_day",
    "step_choices",
    "update_session",
]


def sessions_on_day(
    db: Database, day: date, tz: tzinfo, roadmap_id: int | None = None
) -> list[DaySession]:
    """Every session overlapping the local day (in the roadmap when given), by start time."""
    since = maths.day_start_utc(day, tz)
    until = maths.day_start_utc(day + timedelta(days=1), tz)
    query = (
        select(StudySession, Step.title, Roadmap.title)
        .outerjoin(
            Step,
            (Step.roadmap_id == StudySession.roadmap_id) & (Step.key == StudySession.step_key),
        )
        .outerjoin(Roadmap, Roadmap.id == StudySession.roadmap_id)
        .where(
            StudySession.started_at < until,
            StudySession.started_at > since - timedelta(minutes=maths.MAX_MINUTES),
        )
        .order_by(StudySession.started_at, StudySession.id)
    )
    if roadmap_id is not None:
        query = query.where(StudySession.roadmap_id == roadmap_id)
    result = []
    with db.reading() as session:
        for stored, step_title, roadmap_title in session.execute(query).tuples():
            share = dict(split_by_local_day(stored.started_at, stored.minutes, tz)).get(day, 0)
            if share <= 0:
                continue
            row = _row(stored)
            start = row.started_at.astimezone(tz)
            result.append(
                DaySession(
                    row=row,
                    title=step_title or row.step_key or "Study",
                    roadmap_title=roadmap_title or "",
                    minutes_on_day=share,
                    local_start=start,
                    local_end=(row.started_at + timedelta(minutes=row.minutes)).astimezone(tz),
                )
            )
    return result


def roadmap_choices(db: Database) -> list[tuple[int, str, str]]:
    """(id, slug, title) of every roadmap in switcher order, without progress (one query)."""
    with db.reading() as session:
        rows = session.execute(
            select(Roadmap.id, Roadmap.slug, Roadmap.title).order_by(
                Roadmap.position, Roadmap.title
            )
        ).tuples()
        return [(rid, slug, title) for rid, slug, title in rows]


def step_choices(db: Database, roadmap_id: int | None = None) -> list[StepChoice]:
    """Steps a session can be logged on, in roadmap order (all roadmaps when None)."""
    query = (
        select(Step.roadmap_id, Step.key, Step.title, Roadmap.title)
        .join(Phase, Step.phase_id == Phase.id)
        .join(Roadmap, Roadmap.id == Step.roadmap_id)
        .where(Step.archived.is_(False))
        .order_by(Roadmap.position, Roadmap.title, Phase.position, Step.position)
    )
    if roadmap_id is not None:
        query = query.where(Step.roadmap_id == roadmap_id)
    with db.reading() as session:
        return [
            StepChoice(rid, key, title if roadmap_id is not None else f"{roadmap} — {title}")
            for rid, key, title, roadmap in session.execute(query).tuples()
        ]
