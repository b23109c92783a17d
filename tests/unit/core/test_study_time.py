"""The study-time rule: weekly hours are the availability's sum; setting hours rescales it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roadmap_desktop.core import study_time as rule

shapes = st.dictionaries(st.integers(0, 6), st.integers(0, rule.DAY_CAP), max_size=7)


def test_default_shape_gives_weekends_twice_a_weekday() -> None:
    spread = rule.spread_minutes(600)
    assert sum(spread.values()) == 600
    assert spread[5] == spread[6] and abs(spread[5] - 2 * spread[0]) <= 10
    assert all(m % rule.STEP == 0 for m in spread.values())


def test_scaling_keeps_the_shape_and_the_free_days() -> None:
    before = {0: 60, 1: 0, 2: 60, 3: 0, 4: 60, 5: 120, 6: 0}
    after = rule.scale_to_hours(before, 10)
    assert sum(after.values()) == 600
    assert after[1] == after[3] == after[6] == 0
    assert after[5] == 2 * after[0]


def test_effective_hours_prefers_availability() -> None:
    assert rule.effective_hours({d: 0 for d in range(7)}, 10.5) == 10.5
    assert rule.effective_hours({0: 90, 5: 90}, 10.5) == 3.0


@given(st.integers(0, 7 * rule.DAY_CAP + 500), shapes)
def test_spread_sums_exactly_and_respects_the_day_cap(total: int, shape: dict[int, int]) -> None:
    spread = rule.spread_minutes(total, shape)
    assert set(spread) == set(range(7))
    assert sum(spread.values()) == min(total, 7 * rule.DAY_CAP)
    assert all(0 <= m <= rule.DAY_CAP for m in spread.values())


@given(st.floats(rule.MIN_HOURS, rule.MAX_HOURS).map(lambda h: round(h, 1)), shapes)
def test_hours_read_back_as_set(hours: float, shape: dict[int, int]) -> None:
    """What the dialog proposes after a change is exactly what was set (no 10.0 → 10.5)."""
    assert rule.weekly_hours(rule.scale_to_hours(shape, hours)) == hours


@given(st.integers(1, 6000), shapes)
def test_days_without_time_stay_free_while_others_have_room(
    total: int, shape: dict[int, int]
) -> None:
    weighted = [d for d in range(7) if shape.get(d, 0) > 0]
    if not weighted or total > len(weighted) * (rule.DAY_CAP - rule.STEP):
        return
    spread = rule.spread_minutes(total, shape)
    assert all(spread[d] == 0 for d in range(7) if d not in weighted)
