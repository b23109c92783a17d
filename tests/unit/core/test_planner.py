"""Planner maths: weeks, auto-plan invariants (hypothesis), projections, timer time and limits."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.planner import (
    MAX_DAY,
    BacklogStep,
    PhaseLoad,
    ProposedBlock,
    auto_plan,
    check_block_time,
    check_day,
    check_minutes,
    check_title,
    day_start_utc,
    elapsed_seconds,
    local_day,
    local_timezone,
    phase_due,
    project_schedule,
    stale_timer_seconds,
    to_utc,
    week_days,
    week_start,
)

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 16)


# --- weeks -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "first_weekday", "expected"),
    [
        (date(2026, 11, 18), 0, date(2026, 11, 16)),  # Wednesday, weeks from Monday
        (date(2026, 11, 16), 0, date(2026, 11, 16)),  # Monday itself
        (date(2026, 11, 22), 0, date(2026, 11, 16)),  # Sunday ends the Monday week
        (date(2026, 11, 22), 6, date(2026, 11, 22)),  # Sunday starts a Sunday week
        (date(2026, 11, 21), 6, date(2026, 11, 15)),  # Saturday, weeks from Sunday
        (date(2026, 11, 20), 5, date(2026, 11, 14)),  # Friday, weeks from Saturday
        (date(2027, 1, 1), 0, date(2026, 12, 28)),  # across a year boundary
    ],
)
def test_week_start_follows_the_first_weekday(
    day: date, first_weekday: int, expected: date
) -> None:
    assert week_start(day, first_weekday) == expected


def test_week_start_refuses_an_impossible_weekday() -> None:
    with pytest.raises(ValueError, match="first_weekday"):
        week_start(MONDAY, 7)


@given(st.dates(date(1971, 1, 1), date(2100, 1, 1)), st.integers(0, 6))
def test_a_week_holds_its_day_and_starts_on_the_first_weekday(day: date, first: int) -> None:
    days = week_days(week_start(day, first))
    assert len(days) == 7 and day in days
    assert days[0].weekday() == first
    assert all(b - a == timedelta(days=1) for a, b in pairwise(days))


# --- auto-plan: examples -----------------------------------------------------------------------


def _step(key: str, minutes: int) -> BacklogStep:
    return BacklogStep(1, key, key.upper(), minutes)


def _week(minutes: int, days: int = 7) -> dict[date, int]:
    return {MONDAY + timedelta(days=i): minutes for i in range(days)}


def test_a_long_step_is_split_across_days_then_the_next_one_follows() -> None:
    plan = auto_plan(_week(120, 3), [_step("a", 200), _step("b", 60)])
    assert [(p.day.day, p.step_key, p.minutes) for p in plan] == [
        (16, "a", 120),
        (17, "a", 80),
        (17, "b", 40),
        (18, "b", 20),
    ]


def test_max_block_caps_one_step_a_day_and_the_rest_goes_to_the_next_step() -> None:
    plan = auto_plan({MONDAY: 240}, [_step("a", 600), _step("b", 600)], max_block=180)
    assert [(p.step_key, p.minutes) for p in plan] == [("a", 180), ("b", 60)]


def test_too_little_room_leaves_the_day_free_rather_than_a_tiny_piece() -> None:
    plan = auto_plan({MONDAY: 20, MONDAY + timedelta(days=1): 90}, [_step("a", 120)])
    assert [(p.day, p.minutes) for p in plan] == [(MONDAY + timedelta(days=1), 90)]


def test_a_short_remainder_finishes_its_step_even_below_min_block() -> None:
    plan = auto_plan({MONDAY: 25}, [_step("a", 10), _step("b", 100)])
    assert [(p.step_key, p.minutes) for p in plan] == [("a", 10)]


def test_done_steps_and_days_without_capacity_get_nothing() -> None:
    capacity = {MONDAY: 0, MONDAY + timedelta(days=1): -30, MONDAY + timedelta(days=2): 60}
    plan = auto_plan(capacity, [_step("done", 0), _step("next", 45)])
    assert plan == [ProposedBlock(MONDAY + timedelta(days=2), 45, 1, "next", "NEXT")]


def test_days_are_filled_in_date_order_whatever_the_mapping_order() -> None:
    capacity = {MONDAY + timedelta(days=2): 60, MONDAY: 60}
    plan = auto_plan(capacity, [_step("a", 60), _step("b", 60)])
    assert [(p.day, p.step_key) for p in plan] == [
        (MONDAY, "a"),
        (MONDAY + timedelta(days=2), "b"),
    ]


def test_bad_block_limits_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        auto_plan({}, [], min_block=60, max_block=30)


# --- auto-plan: invariants ---------------------------------------------------------------------

capacities = st.dictionaries(
    st.dates(date(2026, 1, 1), date(2026, 1, 31)), st.integers(-60, 600), max_size=10
)
backlogs = st.lists(st.integers(0, 900), max_size=8).map(
    lambda minutes: [_step(f"s{i}", m) for i, m in enumerate(minutes)]
)
limits = st.tuples(st.integers(1, 90), st.integers(0, 240)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(capacities, backlogs, limits)
def test_auto_plan_invariants(
    capacity: dict[date, int], backlog: list[BacklogStep], bounds: tuple[int, int]
) -> None:
    min_block, max_block = bounds
    plan = auto_plan(capacity, backlog, min_block=min_block, max_block=max_block)
    order = {s.step_key: i for i, s in enumerate(backlog)}
    remaining = {s.step_key: s.remaining_minutes for s in backlog}
    per_day: dict[date, int] = defaultdict(int)
    per_step: dict[str, int] = defaultdict(int)
    for block in plan:
        assert block.day in capacity  # only days it was given
        assert remaining[block.step_key] > 0  # never a done step
        assert 1 <= block.minutes <= max_block
        per_day[block.day] += block.minutes
        per_step[block.step_key] += block.minutes
        # Pieces shorter than min_block only ever finish their step.
        if block.minutes < min_block:
            assert per_step[block.step_key] == remaining[block.step_key]
    for day, minutes in per_day.items():
        assert minutes <= max(capacity[day], 0)  # never over a day's capacity
    for key, minutes in per_step.items():
        assert minutes <= remaining[key]  # never more than is left of a step
    assert sum(per_step.values()) <= sum(max(m, 0) for m in remaining.values())
    # Order: within a day steps follow the backlog; a step is planned on a day only when every
    # earlier step with time left is either fully planned by that day or also on that day.
    by_day: dict[date, list[int]] = defaultdict(list)
    for block in plan:
        by_day[block.day].append(order[block.step_key])
    for day, indexes in by_day.items():
        assert indexes == sorted(set(indexes))
        for earlier in range(max(indexes)):
            key = backlog[earlier].step_key
            planned_by_then = sum(p.minutes for p in plan if p.step_key == key and p.day <= day)
            assert earlier in indexes or planned_by_then == remaining[key]


@settings(max_examples=100, deadline=None)
@given(backlogs)
def test_auto_plan_plans_everything_when_there_is_room(backlog: list[BacklogStep]) -> None:
    total = sum(s.remaining_minutes for s in backlog)
    capacity = {MONDAY + timedelta(days=i): 1000 for i in range(len(backlog) + 1)}
    plan = auto_plan(capacity, backlog, max_block=1000)
    assert sum(p.minutes for p in plan) == total


@settings(max_examples=100, deadline=None)
@given(capacities, backlogs)
def test_auto_plan_is_deterministic_and_leaves_its_inputs_alone(
    capacity: dict[date, int], backlog: list[BacklogStep]
) -> None:
    frozen_capacity, frozen_backlog = dict(capacity), list(backlog)
    assert auto_plan(capacity, backlog) == auto_plan(capacity, backlog)
    assert capacity == frozen_capacity and backlog == frozen_backlog


# --- projections -------------------------------------------------------------------------------


def _phase(key: str, start: int, end: int, minutes: int) -> PhaseLoad:
    return PhaseLoad(key, key.title(), start, end, minutes)


def test_due_is_the_last_day_of_the_phase_week_range() -> None:
    assert phase_due(MONDAY, 1) == date(2026, 11, 22)
    assert phase_due(MONDAY, 2) == date(2026, 11, 29)


def test_phases_on_time_and_late() -> None:
    phases = [_phase("a", 1, 1, 600), _phase("b", 2, 2, 1200)]
    projection = project_schedule(phases, 600, MONDAY, MONDAY)
    a, b = projection.phases
    assert (a.due, a.projected_end, a.late, a.days_late) == (
        date(2026, 11, 22),
        date(2026, 11, 22),
        False,
        0,
    )
    # b needs 1800 cumulative minutes at 600 a week: three weeks, due after two.
    assert (b.due, b.projected_end, b.late, b.days_late) == (
        date(2026, 11, 29),
        date(2026, 12, 6),
        True,
        7,
    )
    assert projection.finish == date(2026, 12, 6)


def test_projection_starts_from_today_when_the_roadmap_started_earlier() -> None:
    projection = project_schedule([_phase("a", 1, 4, 600)], 600, MONDAY, date(2026, 12, 7))
    (a,) = projection.phases
    assert a.due == date(2026, 12, 13) and a.projected_end == date(2026, 12, 13) and not a.late


def test_projection_waits_for_a_start_date_in_the_future() -> None:
    start = MONDAY + timedelta(weeks=2)
    (a,) = project_schedule([_phase("a", 1, 1, 300)], 600, start, MONDAY).phases
    assert a.projected_end == start + timedelta(days=3)  # 300 min at 600/week: 3.5 → 4 days


def test_finished_phases_are_done_and_never_late() -> None:
    today = MONDAY + timedelta(weeks=10)
    projection = project_schedule(
        [_phase("a", 1, 1, 0), _phase("b", 2, 12, 60)], 420, MONDAY, today
    )
    a, b = projection.phases
    assert a.done and not a.late and a.days_late == 0 and a.projected_end == today
    assert not b.done and b.projected_end == today
    assert projection.finish == today


def test_no_pace_means_no_finish() -> None:
    projection = project_schedule([_phase("a", 1, 2, 60)], 0, MONDAY, MONDAY)
    assert projection.finish is None
    assert projection.phases[0].projected_end == MAX_DAY and projection.phases[0].late


def test_everything_done_finishes_today() -> None:
    assert project_schedule([_phase("a", 1, 2, 0)], 600, MONDAY, MONDAY).finish == MONDAY
    assert project_schedule([], 600, MONDAY, MONDAY).finish == MONDAY


@given(
    st.lists(st.integers(0, 5000), min_size=1, max_size=6),
    st.integers(1, 5000),
)
def test_projected_ends_never_go_backwards(minutes: list[int], weekly: int) -> None:
    phases = [_phase(f"p{i}", i + 1, i + 2, m) for i, m in enumerate(minutes)]
    ends = [
        p.projected_end
        for p in project_schedule(phases, weekly, MONDAY, MONDAY).phases
        if not p.done
    ]
    assert ends == sorted(ends)


# --- timer time and DST ------------------------------------------------------------------------


def test_a_timer_across_the_spring_forward_night_counts_real_minutes() -> None:
    # Berlin, 29 March 2026: clocks jump from 02:00 to 03:00. 01:30 → 03:30 on the wall is 1 h.
    started = datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    now = datetime(2026, 3, 29, 3, 30, tzinfo=BERLIN)
    assert now - started == timedelta(hours=2)  # wall-clock arithmetic would say two hours
    assert elapsed_seconds(0, to_utc(started), to_utc(now)) == 3600


def test_a_timer_across_the_fall_back_night_counts_real_minutes() -> None:
    # 25 October 2026: 03:00 CEST becomes 02:00 CET; 01:30 → 02:30 (second time) is 2 h.
    started = datetime(2026, 10, 25, 1, 30, tzinfo=BERLIN)
    now = datetime(2026, 10, 25, 2, 30, fold=1, tzinfo=BERLIN)
    assert elapsed_seconds(0, to_utc(started), to_utc(now)) == 2 * 3600


def test_elapsed_adds_earlier_stretches_and_ignores_a_clock_set_back() -> None:
    since = datetime(2026, 1, 1, 12, 0)
    assert elapsed_seconds(90, since, since + timedelta(minutes=2)) == 210
    assert elapsed_seconds(90, None, since) == 90  # paused
    assert elapsed_seconds(90, since, since - timedelta(hours=1)) == 90


def test_aware_and_naive_instants_mean_the_same_utc_time() -> None:
    aware = datetime(2026, 7, 1, 14, 0, tzinfo=BERLIN)
    assert to_utc(aware) == datetime(2026, 7, 1, 12, 0)
    assert to_utc(datetime(2026, 7, 1, 12, 0)) == datetime(2026, 7, 1, 12, 0)


def test_a_session_is_filed_on_its_local_start_day() -> None:
    late_evening = to_utc(datetime(2026, 11, 16, 23, 30, tzinfo=BERLIN))  # 22:30 UTC
    assert local_day(late_evening, BERLIN) == date(2026, 11, 16)
    just_after_midnight = to_utc(datetime(2026, 11, 17, 0, 15, tzinfo=BERLIN))  # 23:15 UTC on 16th
    assert local_day(just_after_midnight, BERLIN) == date(2026, 11, 17)
    assert local_day(just_after_midnight, UTC) == date(2026, 11, 16)


def test_local_midnight_in_utc_follows_dst() -> None:
    assert day_start_utc(date(2026, 1, 5), BERLIN) == datetime(2026, 1, 4, 23, 0)
    assert day_start_utc(date(2026, 7, 6), BERLIN) == datetime(2026, 7, 5, 22, 0)


def test_a_forgotten_timer_is_credited_at_most_the_cap() -> None:
    since = datetime(2026, 1, 1, 19, 0)
    assert stale_timer_seconds(600, since, since + timedelta(hours=14), credit_minutes=180) == (
        600 + 180 * 60
    )
    assert stale_timer_seconds(0, since, since + timedelta(minutes=5), credit_minutes=180) == 300


def test_the_local_zone_is_named_when_tz_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    assert getattr(local_timezone(), "key", None) == "Europe/Berlin"
    monkeypatch.setenv("TZ", "Not/AZone")
    assert local_timezone() is not None


# --- validation --------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [0, -5, 1441, 10_000])
def test_minutes_outside_a_day_are_refused(minutes: int) -> None:
    with pytest.raises(UserFacingError, match="between 1 and 1440 minutes"):
        check_minutes(minutes)


@pytest.mark.parametrize("minutes", [1.5, "30", True])
def test_minutes_must_be_whole_numbers(minutes: object) -> None:
    with pytest.raises(UserFacingError, match="whole number"):
        check_minutes(minutes)  # type: ignore[arg-type]


def test_minutes_within_a_day_pass() -> None:
    assert check_minutes(1) == 1 and check_minutes(1440) == 1440


def test_a_block_may_end_at_midnight_but_not_after() -> None:
    check_block_time(time(23, 0), 60)
    check_block_time(None, 1440)
    with pytest.raises(UserFacingError, match=r"starting at 23:30 .* past midnight.*at most 30"):
        check_block_time(time(23, 30), 45)


@pytest.mark.parametrize("day", [date(1969, 12, 31), date(2101, 1, 1), date(1, 1, 1)])
def test_dates_far_away_are_refused(day: date) -> None:
    with pytest.raises(UserFacingError, match="outside the supported range 1970-01-01"):
        check_day(day)


def test_titles_are_trimmed_and_bounded() -> None:
    assert check_title("  Read a chapter ") == "Read a chapter"
    with pytest.raises(UserFacingError, match="200 characters"):
        check_title("x" * 201)


def test_utc_offsets_without_a_name_still_convert() -> None:
    plus_two = timezone(timedelta(hours=2))
    assert to_utc(datetime(2026, 1, 1, 2, 0, tzinfo=plus_two)) == datetime(2026, 1, 1, 0, 0)
