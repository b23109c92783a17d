"""The study timer's reads in plain SQL (core/plain_sql.py), as the status bar shows it."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.plain_sql import stamp
from roadmap_desktop.services.planner_values import TimerState
from roadmap_desktop.services.step_sql import TIMER_ID

_TIMER = (
    "SELECT active_timer.roadmap_id, active_timer.step_key, active_timer.first_started_at,"
    " active_timer.running_since, active_timer.accumulated_seconds, steps.title"
    " FROM active_timer LEFT OUTER JOIN steps"
    " ON steps.roadmap_id = active_timer.roadmap_id AND steps.key = active_timer.step_key"
    " WHERE active_timer.id = ?"
)
_RUNNING_SINCE = "SELECT running_since FROM active_timer WHERE id = ?"


def timer_state(conn: sqlite3.Connection, now: datetime) -> TimerState | None:
    """The timer as of `now` (naive UTC), or None when there is none."""
    row = conn.execute(_TIMER, (TIMER_ID,)).fetchone()
    if row is None:
        return None
    roadmap_id, step_key, first, running, accumulated, title = row
    running_since = stamp(running)
    first_started = stamp(first)
    return TimerState(
        roadmap_id=roadmap_id,
        step_key=step_key,
        title=title if title is not None else (step_key or "Study"),
        elapsed_seconds=maths.elapsed_seconds(accumulated or 0, running_since, now),
        running=running_since is not None,
        first_started_at=maths.as_aware_utc(first_started) if first_started else None,
    )


def runs_longer_than(conn: sqlite3.Connection, now: datetime, hours: float) -> bool:
    """A timer is running and was started or resumed more than `hours` before `now` (naive UTC)."""
    row = conn.execute(_RUNNING_SINCE, (TIMER_ID,)).fetchone()
    running_since = stamp(row[0]) if row is not None else None
    return running_since is not None and now - running_since > timedelta(hours=hours)
