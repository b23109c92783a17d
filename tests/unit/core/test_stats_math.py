"""Stats maths: local days across midnight and DST, offsets, plan line, forecast and streaks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.planner import day_start_utc
from roadmap_desktop.core.stats_math import (
    PhasePlan,
    forecast,
    offset_segments,
    percentile_levels,
    plan_line,
    split_by_local_day,
    streaks,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def _utc(tz: ZoneInfo, *parts: int) -> datetime:
    """A local wall-clock moment as stored: naive UTC."""
    return datetime(*parts, tzinfo=tz).astimezone(UTC).replace(tzinfo=None)  # type: ignore[misc]


# --- local days ----------------------------------------------------------------------------------


def test_a_session_across_midnight_counts_on_both_days() -> None:
    start = _utc(BERLIN, 2026, 11, 16, 23, 30)
    assert split_by_local_day(start, 60, BERLIN) == [
        (date(2026, 11, 16), 30),
        (date(2026, 11, 17), 30),
    ]


def test_a_session_ending_at_midnight_stays_on_its_day() -> None:
    start = _utc(BERLIN, 2025, 1, 1, 5, 0) + timedelta(microseconds=1)
    assert split_by_local_day(start, 1140, BERLIN) == [(date(2025, 1, 1), 1140)]


def test_a_session_within_a_day_stays_whole() -> None:
    start = _utc(BERLIN, 2026, 11, 16, 8, 0)
    assert split_by_local_day(start, 90, BERLIN) == [(date(2026, 11, 16), 90)]


def test_spring_forward_day_has_23_hours() -> None:
    # 29 March 2026: Berlin clocks jump from 02:00 to 03:00, the day is 1380 minutes long.
    start = _utc(BERLIN, 2026, 3, 29, 0, 0)
    assert split_by_local_day(start, 1440, BERLIN) == [
        (date(2026, 3, 29), 1380),
        (date(2026, 3, 30), 60),
    ]


def test_fall_back_day_has_25_hours() -> None:
    # 25 October 2026: 03:00 goes back to 02:00, the day is 1500 minutes long.
    start = _utc(BERLIN, 2026, 10, 25, 0, 0)
    assert split_by_local_day(start, 1440, BERLIN) == [(date(2026, 10, 25), 1440)]
    late = _utc(BERLIN, 2026, 10, 25, 22, 0)
    assert split_by_local_day(late, 180, BERLIN) == [
        (date(2026, 10, 25), 120),
        (date(2026, 10, 26), 60),
    ]


def test_offsets_of_a_berlin_year() -> None:
    segments = offset_segments(BERLIN, datetime(2026, 1, 1), datetime(2027, 1, 1))
    assert segments == (
        (datetime(2026, 1, 1), 60),
        (datetime(2026, 3, 29, 1, 0), 120),
        (datetime(2026, 10, 25, 1, 0), 60),
    )


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    minutes=st.integers(1, 1440),
    zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"), ZoneInfo("UTC")]),
)
def test_day_parts_add_up_and_fit_in_their_days(
    start: datetime, minutes: int, zone: ZoneInfo
) -> None:
    parts = split_by_local_day(start, minutes, zone)
    assert sum(m for _d, m in parts) == minutes
    assert all(m > 0 for _d, m in parts)
    days = [d for d, _m in parts]
    assert days == [days[0] + timedelta(days=i) for i in range(len(days))]
    for day, part in parts:
        length = (
            day_start_utc(day + timedelta(days=1), zone) - day_start_utc(day, zone)
        ).total_seconds()
        assert part <= length / 60 + 1  # never more than the (23-, 24- or 25-hour) day holds


# --- plan line ------------------------------------------------------------------------------------


def test_plan_line_spreads_each_phase_over_its_weeks() -> None:
    phases = [PhasePlan(1, 2, 6.0), PhasePlan(3, 5, 30.0)]
    start = date(2026, 1, 5)  # a Monday
    weeks = [start + timedelta(weeks=i) for i in range(-1, 7)]
    assert plan_line(phases, start, weeks) == [0.0, 3.0, 6.0, 16.0, 26.0, 36.0, 36.0, 36.0]


def test_plan_line_of_a_roadmap_starting_midweek() -> None:
    # Starts on a Thursday: the first calendar week holds 4 of the 7 days of study week 1.
    line = plan_line(
        [PhasePlan(1, 1, 7.0)], date(2026, 1, 8), [date(2026, 1, 5), date(2026, 1, 12)]
    )
    assert line == [4.0, 7.0]


# --- forecast -------------------------------------------------------------------------------------


TODAY = date(2026, 6, 1)


def test_steady_pace_gives_a_point_forecast() -> None:
    result = forecast(40.0, [10.0, 10.0], TODAY)
    assert result is not None
    assert result.finish == result.early == result.late == TODAY + timedelta(days=28)


def test_uneven_weeks_widen_the_range() -> None:
    result = forecast(40.0, [5.0, 15.0], TODAY)
    assert result is not None
    # mean 10/week, sd 7.071, z·sd = 5.951. Early: 10k + 5.951√k = 40 → √k = 1.7245, k = 2.974
    # weeks = 20.8 days → 21. Late: 10k − 5.951√k = 40 → √k = 2.3196, k = 5.380 = 37.7 days → 38.
    assert result.finish == TODAY + timedelta(days=28)
    assert result.early == TODAY + timedelta(days=21)
    assert result.late == TODAY + timedelta(days=38)


def test_no_forecast_from_less_than_two_weeks_or_no_progress() -> None:
    assert forecast(40.0, [12.0], TODAY) is None
    assert forecast(40.0, [], TODAY) is None
    assert forecast(40.0, [0.0, 0.0, 0.0], TODAY) is None


def test_nothing_left_means_done_today() -> None:
    result = forecast(0.0, [3.0, 4.0], TODAY)
    assert result is not None and result.finish == result.late == TODAY


paces = st.lists(st.floats(0.0, 60.0, allow_nan=False), min_size=2, max_size=12)


@settings(max_examples=300, deadline=None)
@given(remaining=st.floats(0.0, 2000.0, allow_nan=False), weeks=paces)
def test_the_range_contains_the_point_estimate(remaining: float, weeks: list[float]) -> None:
    result = forecast(remaining, weeks, TODAY)
    if result is None:
        assert sum(weeks) / len(weeks) < 1e-3
        return
    assert result.early <= result.finish <= result.late


@settings(max_examples=300, deadline=None)
@given(
    remaining=st.floats(0.1, 2000.0, allow_nan=False),
    weeks=paces,
    factor=st.floats(1.0, 5.0, allow_nan=False),
    extra=st.floats(0.0, 20.0, allow_nan=False),
)
def test_a_faster_pace_never_finishes_later(
    remaining: float, weeks: list[float], factor: float, extra: float
) -> None:
    slow = forecast(remaining, weeks, TODAY)
    scaled = forecast(remaining, [w * factor for w in weeks], TODAY)
    shifted = forecast(remaining, [w + extra for w in weeks], TODAY)
    if slow is None:
        return
    for fast in (scaled, shifted):
        assert fast is not None
        assert fast.finish <= slow.finish
        assert fast.early <= slow.early
        assert fast.late <= slow.late


@settings(max_examples=200, deadline=None)
@given(weeks=paces, less=st.floats(0.0, 500.0), more=st.floats(0.0, 500.0))
def test_more_work_left_never_finishes_earlier(
    weeks: list[float], less: float, more: float
) -> None:
    low, high = sorted((less, more))
    a, b = forecast(low, weeks, TODAY), forecast(high, weeks, TODAY)
    if a is not None and b is not None:
        assert a.finish <= b.finish and a.early <= b.early and a.late <= b.late


# --- streaks --------------------------------------------------------------------------------------

MON = date(2026, 11, 2)  # a Monday


def _days(*offsets: int, minutes: int = 30) -> dict[date, int]:
    return {MON + timedelta(days=o): minutes for o in offsets}


def test_a_streak_counts_days_over_the_threshold() -> None:
    days = _days(0, 1, 2)
    days[MON + timedelta(days=3)] = 10  # under 15 minutes: does not count
    assert streaks(days, MON + timedelta(days=4), rest_days=0) == streaks(
        days, MON + timedelta(days=4), rest_days=0
    )
    assert streaks(days, MON + timedelta(days=4), rest_days=0).longest == 3
    assert streaks(days, MON + timedelta(days=4), rest_days=0).current == 0
    assert streaks(days, MON + timedelta(days=4), threshold=10, rest_days=0).current == 4


def test_one_rest_day_a_week_keeps_the_streak() -> None:
    days = _days(0, 1, 3, 4, 5, 6, 7)  # Wednesday off
    assert streaks(days, MON + timedelta(days=7), rest_days=1).current == 7
    assert streaks(days, MON + timedelta(days=7), rest_days=0).current == 5


def test_a_second_rest_day_in_the_same_week_breaks_it() -> None:
    days = _days(0, 2, 4, 5)  # Tuesday and Thursday off
    result = streaks(days, MON + timedelta(days=5), rest_days=1)
    assert (result.current, result.longest) == (2, 2)


def test_rest_days_are_counted_per_week_from_the_first_weekday() -> None:
    # Off on Sunday (day 6) and on the next Monday (day 7): two weeks when weeks start on Monday,
    # one week when they start on Sunday.
    days = _days(0, 1, 2, 3, 4, 5, 8, 9)
    monday_weeks = streaks(days, MON + timedelta(days=9), rest_days=1, first_weekday=0)
    sunday_weeks = streaks(days, MON + timedelta(days=9), rest_days=1, first_weekday=6)
    assert monday_weeks.current == 8
    assert sunday_weeks.current == 2


def test_today_does_not_break_the_streak_before_it_is_over() -> None:
    days = _days(0, 1, 2)
    assert streaks(days, MON + timedelta(days=3), rest_days=0).current == 3
    assert streaks(days, MON + timedelta(days=4), rest_days=0).current == 0


def test_no_study_no_streak() -> None:
    assert streaks({}, MON).current == 0 and streaks({}, MON).longest == 0


@settings(max_examples=200, deadline=None)
@given(st.sets(st.integers(0, 60), max_size=50), st.integers(0, 1))
def test_streak_rules_hold(studied: set[int], rest: int) -> None:
    days = _days(*studied)
    today = MON + timedelta(days=61)
    result = streaks(days, today, rest_days=rest)
    assert 0 <= result.current <= result.longest <= len(studied)
    if rest == 0:
        # without rest days the longest streak is the longest run of consecutive days
        best = run = 0
        for offset in range(62):
            run = run + 1 if offset in studied else 0
            best = max(best, run)
        assert result.longest == best
    more = streaks({**days, today: 30}, today, rest_days=rest)
    assert more.current == result.current + 1 or (result.current == 0 and more.current >= 1)


def test_shade_levels_split_study_days_in_quarters() -> None:
    assert percentile_levels([0, 10, 20, 30, 40]) == [10, 20, 30, 40]
    assert percentile_levels([]) == [0, 0, 0, 0]
