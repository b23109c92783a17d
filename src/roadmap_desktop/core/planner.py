"""Planner maths on plain values: weeks, automatic planning, schedule projection, limits."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from roadmap_desktop.core.errors import UserFacingError

MIN_DAY = date(1970, 1, 1)
MAX_DAY = date(2100, 12, 31)
MAX_MINUTES = 24 * 60
MAX_TITLE_CHARS = 200


# --- weeks -----------------------------------------------------------------------------------


def week_start(day: date, first_weekday: int = 0) -> date:
    """The first day of the week holding day; first_weekday 0 = Monday … 6 = Sunday (locale)."""
    if not 0 <= first_weekday <= 6:
        raise ValueError(f"first_weekday must be 0..6, not {first_weekday}")
    return day - timedelta(days=(day.weekday() - first_weekday) % 7)


def week_days(start: date) -> list[date]:
    """The seven days of the week that begins on start."""
    return [start + timedelta(days=offset) for offset in range(7)]


# --- automatic planning ------------------------------------------------------------------------


@dataclass(frozen=True)
class BacklogStep:
    """A step still to plan, with the minutes that are neither studied nor already planned."""

    roadmap_id: int
    step_key: str
    title: str
    remaining_minutes: int


@dataclass(frozen=True)
class ProposedBlock:
    """A block "Plan my week" suggests; nothing is stored until the learner accepts it."""

    day: date
    minutes: int
    roadmap_id: int
    step_key: str
    title: str


def auto_plan(
    capacity: Mapping[date, int],
    backlog: Sequence[BacklogStep],
    *,
    min_block: int = 30,
    max_block: int = 180,
) -> list[ProposedBlock]:
    """Fill free capacity day by day from the backlog, in backlog (roadmap) order.

    capacity is the free minutes per day *after* the blocks already on it; the caller leaves out
    (or gives 0 to) days that must not be planned, such as days before today. backlog holds the
    next steps in roadmap order with what is left of them (the caller has subtracted logged and
    already planned minutes, so partly planned steps simply continue).

    Rules: a day is filled from the earliest step with minutes left; one step gets at most
    max_block minutes a day (more is split across days), and the next step takes the rest of a
    day only once the earlier one is finished or has had its max_block that day. A block is never
    shorter than min_block unless it finishes its step; a day whose remaining capacity is too
    small for that stays partly free. The result never exceeds a day's capacity, never plans a
    step with nothing left and only proposes new blocks.
    """
    if not 1 <= min_block <= max_block:
        raise ValueError(f"need 1 <= min_block <= max_block, got {min_block}, {max_block}")
    left = [max(step.remaining_minutes, 0) for step in backlog]
    proposals: list[ProposedBlock] = []
    first_open = 0
    for day in sorted(capacity):
        free = max(capacity[day], 0)
        while first_open < len(left) and left[first_open] == 0:
            first_open += 1
        index = first_open
        while free > 0 and index < len(left):
            if left[index] == 0:
                index += 1
                continue
            chunk = min(left[index], free, max_block)
            if chunk < min_block and chunk < left[index]:
                break  # too little room for a useful piece; keep the order, leave the rest free
            step = backlog[index]
            proposals.append(ProposedBlock(day, chunk, step.roadmap_id, step.step_key, step.title))
            left[index] -= chunk
            free -= chunk
            index += 1
    return proposals


# --- schedule projection -----------------------------------------------------------------------


@dataclass(frozen=True)
class PhaseLoad:
    """A phase's planned week range and the study minutes it still needs."""

    key: str
    title: str
    start_week: int
    end_week: int
    remaining_minutes: int
    total_minutes: int = 0  # the phase's whole estimate, for the learner's own pace plan


@dataclass(frozen=True)
class PhaseProjection:
    """When a phase is due (end of its week range) and when it will be done at the current pace."""

    key: str
    title: str
    due: date
    projected_end: date
    late: bool
    days_late: int
    done: bool = False


@dataclass(frozen=True)
class ScheduleProjection:
    """Projection of every phase and of the whole roadmap (finish None without a pace)."""

    phases: tuple[PhaseProjection, ...]
    finish: date | None


def phase_due(start_date: date, end_week: int) -> date:
    """The last day (inclusive) of the 1-based study week end_week."""
    return start_date + timedelta(days=max(end_week, 1) * 7 - 1)


def project_schedule(
    phases: Sequence[PhaseLoad],
    weekly_minutes: int,
    start_date: date,
    today: date,
    *,
    started: bool = True,
) -> ScheduleProjection:
    """Project phase ends, studying the phases in order at weekly_minutes from today on.

    Work starts today (or on start_date when that is later) and advances weekly_minutes / 7 a
    day; a phase ends on the last day its cumulative minutes need (inclusive). A phase with nothing
    left is done: its projected end is today and it is never late. Without a pace
    (weekly_minutes <= 0) unfinished phases are projected to MAX_DAY and finish is None.

    A phase is due at the end of its week range, or later when the learner's own pace needs
    longer: the plan their study time makes (the phases' total_minutes in order at
    weekly_minutes from the start) moves the due date out, so a learner who chose fewer hours
    than the roadmap assumes is judged against their own plan. In the first study week, before
    the learner has started (started False: nothing ticked, no status, no time logged), that plan
    begins today, so nothing is ever late on the learner's first day.
    """
    origin = max(today, start_date)
    first_week = today < start_date + timedelta(days=7)
    anchor = origin if (first_week and not started) else start_date
    cumulative = 0
    planned = 0
    result = []
    last_end = origin
    for phase in phases:
        due = phase_due(start_date, phase.end_week)
        planned += max(phase.total_minutes, 0)
        if weekly_minutes > 0 and planned > 0:
            own = anchor + timedelta(days=math.ceil(planned * 7 / weekly_minutes) - 1)
            due = max(due, min(own, MAX_DAY))
        remaining = max(phase.remaining_minutes, 0)
        if remaining == 0:
            result.append(PhaseProjection(phase.key, phase.title, due, today, False, 0, True))
            continue
        cumulative += remaining
        if weekly_minutes <= 0:
            end = MAX_DAY
        else:
            days = math.ceil(cumulative * 7 / weekly_minutes)
            end = min(origin + timedelta(days=days - 1), MAX_DAY)
        last_end = max(last_end, end)
        late_by = max((end - due).days, 0)
        result.append(PhaseProjection(phase.key, phase.title, due, end, late_by > 0, late_by))
    if weekly_minutes <= 0 and cumulative > 0:
        return ScheduleProjection(tuple(result), None)
    return ScheduleProjection(tuple(result), last_end if cumulative else today)


# --- study time: UTC instants, local days ----------------------------------------------------
#
# The timer stores UTC instants only and measures elapsed time as the difference of two UTC
# instants, so a DST change or the local clock's time zone changing while it runs cannot distort
# it. A study session is filed on the local calendar day it *started* on: a session from 23:30 to
# 00:30 counts 60 minutes for the first day and is never split (one session stays one row, and
# the daily totals of a week still add up to the week's total).


def to_utc(moment: datetime) -> datetime:
    """A naive UTC datetime as stored; aware values are converted, naive ones are taken as UTC."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def stored_utc(now: datetime | None) -> datetime:
    """`now` (default: the current time) as the timer stores instants: naive UTC."""
    return to_utc(now) if now is not None else datetime.now(UTC).replace(tzinfo=None)


def as_aware_utc(stored: datetime) -> datetime:
    """A stored (naive UTC) datetime made timezone-aware, ready for astimezone()."""
    return stored.replace(tzinfo=UTC) if stored.tzinfo is None else stored.astimezone(UTC)


def elapsed_seconds(accumulated: int, running_since: datetime | None, now: datetime) -> int:
    """Seconds on a timer: what earlier stretches accumulated plus the running stretch.

    Both instants are compared in UTC. A clock set back below running_since counts as 0 seconds
    for the running stretch rather than a negative time.
    """
    total = max(accumulated, 0)
    if running_since is not None:
        total += max(int((to_utc(now) - to_utc(running_since)).total_seconds()), 0)
    return total


def local_day(moment: datetime, tz: tzinfo | None = None) -> date:
    """The local calendar day of a stored UTC instant (tz None: the system's local zone)."""
    aware = as_aware_utc(moment)
    return (aware.astimezone(tz) if tz is not None else aware.astimezone()).date()


def day_start_utc(day: date, tz: tzinfo | None = None) -> datetime:
    """The naive UTC instant of local midnight at the start of day (tz None: system zone)."""
    midnight = datetime.combine(day, time())
    aware = midnight.replace(tzinfo=tz) if tz is not None else midnight.astimezone()
    return to_utc(aware)


def stale_timer_seconds(
    accumulated: int, running_since: datetime, now: datetime, *, credit_minutes: int
) -> int:
    """Seconds to record for a timer found running far too long (forgotten, or the app died).

    Nobody knows when studying really stopped, so the unattended running stretch counts for at
    most credit_minutes; stretches finished earlier (before a pause) count in full.
    """
    stretch = elapsed_seconds(0, running_since, now)
    return max(accumulated, 0) + min(stretch, credit_minutes * 60)


def local_timezone() -> tzinfo:
    """The system's time zone, as a named zone when it can be found (for TZID in calendars)."""
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    real = os.path.realpath("/etc/localtime")
    if "zoneinfo/" in real:
        candidates.append(real.split("zoneinfo/", 1)[1])
    for key in candidates:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    fixed = datetime.now().astimezone().tzinfo
    return fixed if fixed is not None else UTC


# --- validation --------------------------------------------------------------------------------


def check_minutes(minutes: int, what: str = "A block") -> int:
    """minutes as given when it lies in 1..1440; a UserFacingError saying why otherwise."""
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise UserFacingError(f"{what} needs a whole number of minutes, not {minutes!r}.")
    if not 1 <= minutes <= MAX_MINUTES:
        raise UserFacingError(
            f"{what} must last between 1 and {MAX_MINUTES} minutes (24 hours); "
            f"{minutes} minutes is not possible."
        )
    return minutes


def check_day(day: date, what: str = "The date") -> date:
    """day as given when it lies within 1970–2100; a UserFacingError otherwise."""
    if not MIN_DAY <= day <= MAX_DAY:
        raise UserFacingError(
            f"{what} {day.isoformat()} is outside the supported range "
            f"{MIN_DAY.isoformat()} to {MAX_DAY.isoformat()}."
        )
    return day


def check_block_time(start_time: time | None, minutes: int) -> None:
    """A timed block must end by midnight; the message says how to fix it."""
    if start_time is None:
        return
    start = start_time.hour * 60 + start_time.minute
    if start + minutes > MAX_MINUTES:
        room = MAX_MINUTES - start
        raise UserFacingError(
            f"A block starting at {start_time:%H:%M} cannot last {minutes} minutes: it would run "
            f"past midnight. Make it at most {room} minutes, start it earlier, or split it "
            "across two days."
        )


def check_title(title: str) -> str:
    """A block's free title, stripped; too long a title is refused."""
    title = title.strip()
    if len(title) > MAX_TITLE_CHARS:
        raise UserFacingError(f"A block title can have at most {MAX_TITLE_CHARS} characters.")
    return title
