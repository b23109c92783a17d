"""Statistics maths on plain values: local days, UTC offsets, plan lines, forecast, streaks.

Stored instants are naive UTC. A local calendar day is the stretch between two local midnights,
so a day is 23 or 25 hours long on DST nights; a session is counted on every day it overlaps,
for the real minutes it spent in each.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from roadmap_desktop.core.planner import as_aware_utc, day_start_utc, local_day, to_utc

Z_80 = 0.8416212335729143  # the 80th percentile of the standard normal distribution
MIN_FORECAST_WEEKS = 2
MAX_FORECAST_WEEKS = 52 * 50
MIN_PACE = 1e-3  # hours a week; below this there is no progress to forecast from


# --- UTC offsets and local days ------------------------------------------------------------------


def _offset_minutes(moment: datetime, tz: tzinfo) -> int:
    offset = as_aware_utc(moment).astimezone(tz).utcoffset()
    return round(offset.total_seconds() / 60) if offset is not None else 0


@lru_cache(maxsize=64)
def offset_segments(
    tz: tzinfo, since: datetime, until: datetime
) -> tuple[tuple[datetime, int], ...]:
    """The UTC offsets in force from since to until (naive UTC), as (first instant, minutes).

    Each entry holds from its instant until the next entry's; the first starts at since. Offsets
    are sampled once a day (no zone changes its offset twice within a day) and each change is
    narrowed to the minute, so a query can map a UTC instant to its local day with one CASE
    per offset change (a few a year). Cached: the page asks for the same ranges again.
    """
    segments = [(since, _offset_minutes(since, tz))]
    step = timedelta(days=1)
    probe = since
    while probe < until:
        nxt = min(probe + step, until)
        if _offset_minutes(nxt, tz) != segments[-1][1]:
            low, high = probe, nxt  # offset(low) == current, offset(high) differs
            while high - low > timedelta(minutes=1):
                mid = low + (high - low) / 2
                mid = mid.replace(second=0, microsecond=0)
                if mid <= low:
                    break
                if _offset_minutes(mid, tz) == segments[-1][1]:
                    low = mid
                else:
                    high = mid
            segments.append((high, _offset_minutes(high, tz)))
        probe = nxt
    return tuple(segments)


def split_by_local_day(started_at: datetime, minutes: int, tz: tzinfo) -> list[tuple[date, int]]:
    """Minutes of a session on each local day it overlaps; the parts always add up to minutes.

    started_at is a stored (naive UTC) instant. Boundaries are real local midnights, so a 23- or
    25-hour DST day gets exactly the real time the session spent in it.
    """
    if minutes <= 0:
        return []
    start = to_utc(started_at)
    end = start + timedelta(minutes=minutes)
    day = local_day(start, tz)
    parts: list[tuple[date, int]] = []
    done = 0
    while True:
        boundary = day_start_utc(day + timedelta(days=1), tz)
        if boundary >= end:
            if minutes > done:  # a session ending a microsecond past midnight adds nothing
                parts.append((day, minutes - done))
            return parts
        upto = round((boundary - start).total_seconds() / 60)
        if upto > done:
            parts.append((day, upto - done))
            done = upto
        day += timedelta(days=1)


def week_starts(last_week: date, weeks: int) -> list[date]:
    """The first days of `weeks` consecutive weeks ending with the week starting last_week."""
    return [last_week - timedelta(weeks=weeks - 1 - i) for i in range(weeks)]


# --- plan line -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PhasePlan:
    """A phase's 1-based planned week range and the estimated hours it holds."""

    start_week: int
    end_week: int
    hours: float


def planned_hours_by_week(phases: Sequence[PhasePlan]) -> dict[int, float]:
    """Hours the plan expects in each 1-based study week: each phase spread evenly on its weeks."""
    plan: dict[int, float] = {}
    for phase in phases:
        first = max(phase.start_week, 1)
        last = max(phase.end_week, first)
        share = max(phase.hours, 0.0) / (last - first + 1)
        for week in range(first, last + 1):
            plan[week] = plan.get(week, 0.0) + share
    return plan


def plan_line(phases: Sequence[PhasePlan], start: date, week_firsts: Sequence[date]) -> list[float]:
    """Cumulative planned hours at the end of each calendar week given by its first day.

    Study week n of the roadmap runs from start + 7(n-1) days for seven days; a calendar week
    gets the planned hours of each study day in it (1/7 of that study week's hours per day), so
    a roadmap starting mid-week lines up with calendar weeks without losing hours.
    """
    per_week = planned_hours_by_week(phases)
    if not per_week:
        return [0.0 for _ in week_firsts]
    last = max(per_week)
    cumulative = [0.0]  # cumulative[n]: hours of study weeks 1..n
    for week in range(1, last + 1):
        cumulative.append(cumulative[-1] + per_week.get(week, 0.0))
    result = []
    for first in week_firsts:
        days = max((first + timedelta(days=7) - start).days, 0)  # study days up to week end
        full, rest = divmod(days, 7)
        total = cumulative[min(full, last)]
        total += per_week.get(full + 1, 0.0) * rest / 7
        result.append(total)
    return result


# --- forecast ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Forecast:
    """Finish dates at the actual pace: the point estimate and a 20th–80th percentile range."""

    finish: date
    early: date  # the learner keeps up their faster weeks (80th percentile of progress)
    late: date  # their slower weeks (20th percentile)
    weeks_used: int
    mean_pace: float  # estimated hours per week
    spread: float  # standard deviation of the weekly pace


def _weeks_needed(remaining: float, mean: float, sd: float, z: float) -> float:
    """Weeks until the summed progress reaches remaining at the z-quantile.

    After k weeks the progress is about normal with mean k·mean and deviation sd·√k (weeks
    independent); solving k·mean + z·sd·√k = remaining for k gives the quantile's finish.
    """
    b = z * sd
    disc = math.sqrt(b * b + 4 * mean * remaining)
    # the two algebraically equal forms of the positive root, each free of cancellation on its side
    root = 2 * remaining / (b + disc) if b >= 0 else (disc - b) / (2 * mean)
    return root * root


def forecast(remaining: float, weekly_pace: Sequence[float], today: date) -> Forecast | None:
    """When `remaining` estimated hours are done at the pace of the given weeks, or None.

    weekly_pace holds the progress of each recent full week (estimated hours). None with fewer
    than MIN_FORECAST_WEEKS weeks or no progress at all: no forecast is better than a wild one.
    """
    if len(weekly_pace) < MIN_FORECAST_WEEKS:
        return None
    values = [max(v, 0.0) for v in weekly_pace]
    mean = sum(values) / len(values)
    if mean < MIN_PACE:
        return None
    sd = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    remaining = max(remaining, 0.0)

    def when(z: float) -> date:
        weeks = _weeks_needed(remaining, mean, sd, z) if remaining > 0 else 0.0
        if not math.isfinite(weeks) or weeks > MAX_FORECAST_WEEKS:
            weeks = MAX_FORECAST_WEEKS  # a pace this slow finishes "never"; keep dates valid
        days = math.ceil(weeks * 7 - 1e-9)
        return today + timedelta(days=days)

    return Forecast(when(0.0), when(Z_80), when(-Z_80), len(values), mean, sd)


def calibration_ratio(logged_hours: float, estimated_hours: float) -> float | None:
    """Logged ÷ estimated hours of finished steps; None when there is nothing to compare."""
    if estimated_hours <= 0 or logged_hours <= 0:
        return None
    return logged_hours / estimated_hours


# --- streaks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Streaks:
    """Days studied in the current and the longest streak."""

    current: int
    longest: int


def streaks(
    minutes_by_day: Mapping[date, int],
    today: date,
    *,
    threshold: int = 15,
    rest_days: int = 1,
    first_weekday: int = 0,
) -> Streaks:
    """Current and longest streak of days with at least `threshold` minutes.

    A day below the threshold breaks the streak unless it is the week's first `rest_days` such
    day (weeks start on first_weekday); rest days carry the streak but are not counted in it.
    Today does not break the current streak before it is over. Lengths count studied days.
    """
    counted = {d for d, m in minutes_by_day.items() if m >= threshold and d <= today}
    if not counted:
        return Streaks(0, 0)
    run = longest = 0
    rests_used: dict[date, int] = {}
    day = min(counted)
    while day <= today:
        if day in counted:
            run += 1
            longest = max(longest, run)
        elif day == today:
            break  # the day is not over yet
        elif run > 0:
            week = day - timedelta(days=(day.weekday() - first_weekday) % 7)
            if rests_used.get(week, 0) < rest_days:
                rests_used[week] = rests_used.get(week, 0) + 1
            else:
                run = 0
        day += timedelta(days=1)
    return Streaks(run, longest)


def percentile_levels(values: Iterable[int], levels: int = 4) -> list[int]:
    """Upper bounds splitting the positive values into `levels` shades (ascending)."""
    data = sorted(v for v in values if v > 0)
    if not data:
        return [0] * levels
    return [
        data[min(len(data) - 1, math.ceil(len(data) * (i + 1) / levels) - 1)] for i in range(levels)
    ]
