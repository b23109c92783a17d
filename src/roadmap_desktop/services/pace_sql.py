"""The learner's study pace and plan start, in plain SQL (core/plain_sql.py)."""

from __future__ import annotations

import sqlite3
from datetime import date

from roadmap_desktop.core import planner as maths
from roadmap_desktop.core.plain_sql import day

DEFAULT_WEEKLY_HOURS = 10.0

_AVAILABILITY = "SELECT weekday, minutes FROM availability"
_PLAN = "SELECT start_date, weekly_hours FROM roadmap_progress WHERE roadmap_id = ?"
_LOGGED_ANY = "SELECT id FROM study_sessions WHERE roadmap_id = ? LIMIT 1"


def read_availability(conn: sqlite3.Connection) -> dict[int, int]:
    """Minutes per weekday 0..6 (0 when never set)."""
    stored = dict(conn.execute(_AVAILABILITY).fetchall())
    return {weekday: stored.get(weekday, 0) for weekday in range(7)}


def read_plan(conn: sqlite3.Connection, roadmap_id: int) -> tuple[date, float] | None:
    """The roadmap's (start date, weekly hours), None before the learner set a schedule."""
    row = conn.execute(_PLAN, (roadmap_id,)).fetchone()
    if row is None:
        return None
    start = day(row[0])
    assert start is not None
    return start, row[1]


def pace(conn: sqlite3.Connection, roadmap_id: int, today: date) -> tuple[int, date]:
    """(weekly minutes, start date) of the schedule: the weekly availability when any is set,
    else the roadmap's weekly hours; its start date, else this week's Monday."""
    plan = read_plan(conn, roadmap_id)
    offered = sum(read_availability(conn).values())
    weekly = offered or round((plan[1] if plan else DEFAULT_WEEKLY_HOURS) * 60)
    return weekly, plan[0] if plan else maths.week_start(today)


def has_logged(conn: sqlite3.Connection, roadmap_id: int) -> bool:
    """Whether any study time was logged on the roadmap."""
    row = conn.execute(_LOGGED_ANY, (roadmap_id,)).fetchone()
    return bool(row[0]) if row else False


def schedule_pace(conn: sqlite3.Connection, roadmap_id: int, today: date) -> tuple[int, date, bool]:
    """(weekly minutes, start date, any time logged) the schedule projection uses (see pace)."""
    weekly, start = pace(conn, roadmap_id, today)
    return weekly, start, has_logged(conn, roadmap_id)
