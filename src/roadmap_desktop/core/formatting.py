"""One way to write durations and dates for every view: "1 h 05", "45 min", "13 May 2027"."""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache

DASH = "\u2013"  # en dash between the ends of a range


def format_minutes(minutes: int) -> str:
    """A duration in minutes: '45 min' below an hour, '2 h' on the hour, '1 h 05' otherwise.

    Negative durations are written with a leading minus ('−1 h 05') rather than refused, so a
    view that subtracts never shows a broken text.
    """
    minutes = int(minutes)
    if minutes < 0:
        return "\u2212" + format_minutes(-minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


@lru_cache(maxsize=1024)  # a step list writes the same few efforts for hundreds of rows
def format_hours(hours: float) -> str:
    """A duration given in (fractional) hours, rounded to the minute: 1.5 → '1 h 30'."""
    return format_minutes(round(hours * 60))


def format_date(day: date | datetime) -> str:
    """A calendar date: '13 May 2027' (no leading zero, month abbreviated, full year)."""
    return f"{day.day} {day:%b %Y}"


def format_day(day: date | datetime) -> str:
    """A day within a week or two of now: 'Wed 13 May'."""
    return f"{day:%a} {day.day} {day:%b}"


def format_day_short(day: date | datetime) -> str:
    """A day in a narrow column header: 'Wed 13'."""
    return f"{day:%a} {day.day}"


def format_range(first: date, last: date) -> str:
    """Two dates as one range: '30 Nov – 6 Dec 2026', '2 – 8 Dec 2026', across years in full."""
    if first.year != last.year:
        return f"{format_date(first)} {DASH} {format_date(last)}"
    if first.month != last.month:
        return f"{first.day} {first:%b} {DASH} {format_date(last)}"
    return f"{first.day} {DASH} {format_date(last)}"


def format_clock(moment: time | datetime) -> str:
    """A time of day, 24-hour: '18:05'."""
    return f"{moment:%H:%M}"


def format_stamp(moment: datetime, today: date) -> str:
    """When something happened: the time when it was today, else the date."""
    return format_clock(moment) if moment.date() == today else format_date(moment)
