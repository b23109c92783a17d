"""Minutes per local day from SQL: GROUP BY a DST-aware local date, split midnight crossers exactly.

The local date of a stored UTC instant is `date(started_at, '+N minutes')` with N the UTC offset
in force at that instant: a CASE over the offset changes of the range (a few a year) keeps it one
GROUP BY. The study days do the same in integer epoch seconds (one parse a row, no date text):
local day = (seconds + offset) / 86400. Sessions that end within two hours of local midnight or
later may cross it; those few rows are read and split in Python
(core.stats_math.split_by_local_day) on the days they overlap."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.models import StudySession
from roadmap_desktop.core.planner import day_start_utc, local_day
from roadmap_desktop.core.stats_math import offset_segments, split_by_local_day

# Sessions whose local start time plus length passes 22:00 might cross midnight (the margin
# covers a DST change inside the session); they are split exactly in Python.
_CROSS_MARGIN_MINUTES = 120


def _modifier(minutes: int) -> str:
    return f"{minutes:+d} minutes"


def local_date_sql(column: str, tz: tzinfo, since: datetime, until: datetime) -> str:
    """SQL for the local calendar date (text YYYY-MM-DD) of a naive-UTC column in tz, exact for
    instants from since to until (outside, the nearest offset applies). The column is a trusted
    SQL name; the instants and modifiers are made here (no learner text), so written inline."""
    segments = offset_segments(tz, since, until)
    if len(segments) == 1:
        return f"date({column}, '{_modifier(segments[0][1])}')"
    whens = " ".join(
        f"WHEN {column} < '{segments[i + 1][0]:%Y-%m-%d %H:%M:%S.%f}' THEN '{_modifier(offset)}'"
        for i, (_start, offset) in enumerate(segments[:-1])
    )
    return f"date({column}, CASE {whens} ELSE '{_modifier(segments[-1][1])}' END)"


def _local_seconds_sql(column: str, tz: tzinfo, since: datetime, until: datetime) -> str:
    """SQL for the local wall-clock time of a naive-UTC text column as integer epoch seconds:
    parsed once per row, shifted by the offset in force (a CASE over the offset changes)."""
    utc = f"CAST(strftime('%s', {column}) AS INTEGER)"
    segments = offset_segments(tz, since, until)
    if len(segments) == 1:
        return f"({utc} + {segments[0][1] * 60})"
    whens = " ".join(
        f"WHEN {column} < '{segments[i + 1][0]:%Y-%m-%d %H:%M:%S.%f}' THEN {offset * 60}"
        for i, (_start, offset) in enumerate(segments[:-1])
    )
    return f"({utc} + CASE {whens} ELSE {segments[-1][1] * 60} END)"


# Per local day (days since 1970-01-01 of the local wall clock, integer arithmetic: exact at
# midnight), the sessions that end before 22:00 local; later ones may cross midnight and come
# one by one (each its own group, by id) to be split in Python. One pass, one parse a row.
_BY_DAY = (
    "SELECT CASE WHEN local % 86400 / 60 + minutes > {limit} THEN id END AS crosser,"
    " local / 86400 AS day, sum(minutes), count(*), started_at, minutes"
    " FROM (SELECT id, started_at, minutes, {local} AS local FROM study_sessions"
    " WHERE started_at >= :since AND started_at < :until{scope})"
    " GROUP BY crosser, day"
)
_EPOCH = date(1970, 1, 1)


def minutes_by_day(
    session: Session, first: date, last: date, tz: tzinfo, roadmap_id: int | None
) -> dict[date, tuple[int, int]]:
    """(minutes, sessions) per local day from first to last inclusive; days without study absent."""
    since = day_start_utc(first, tz)
    until = day_start_utc(last + timedelta(days=1), tz)
    lookback = since - timedelta(days=1)  # a session of the day before may cross into first
    params: dict[str, Any] = {
        "since": f"{lookback:%Y-%m-%d %H:%M:%S.%f}",
        "until": f"{until:%Y-%m-%d %H:%M:%S.%f}",
    }
    scope = ""
    if roadmap_id is not None:
        params["rid"] = roadmap_id
        scope = " AND roadmap_id = :rid"
    sql = _BY_DAY.format(
        limit=1440 - _CROSS_MARGIN_MINUTES,
        local=_local_seconds_sql("started_at", tz, lookback, until),
        scope=scope,
    )
    totals: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    rows = session.connection().exec_driver_sql(sql, params)
    for crosser, number, minutes, count, started_at, length in rows:
        if crosser is None:
            day = _EPOCH + timedelta(days=number)
            if first <= day <= last:
                entry = totals[day]
                entry[0] += int(minutes)
                entry[1] += int(count)
            continue
        for day, part in split_by_local_day(datetime.fromisoformat(started_at), length, tz):
            if first <= day <= last and part > 0:
                entry = totals[day]
                entry[0] += part
                entry[1] += 1
    return {day: (m, c) for day, (m, c) in totals.items()}


def first_session_day(session: Session, tz: tzinfo, roadmap_id: int | None) -> date | None:
    """The local day of the earliest session (in the roadmap when given)."""
    query = select(func.min(StudySession.started_at))
    if roadmap_id is not None:
        query = query.where(StudySession.roadmap_id == roadmap_id)
    earliest = session.connection().scalar(query)
    if earliest is None:
        return None
    return local_day(earliest, tz)
