"""Progress maths: completion, percentages, weeks, the current phase and the projected finish."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from roadmap_desktop.core.enums import StepStatus
from roadmap_desktop.core.progress import (
    StepFacts,
    completion,
    current_phase_index,
    percent,
    projected_finish,
    remaining_hours,
    step_completion,
    week_number,
    week_start,
)

TODO, DOING, DONE, SKIPPED = (
    StepStatus.TODO,
    StepStatus.IN_PROGRESS,
    StepStatus.DONE,
    StepStatus.SKIPPED,
)


def test_step_completion_counts_finished_fully_and_topics_up_to_ninety_percent() -> None:
    assert step_completion(StepFacts(DONE, 5)) == 1.0
    assert step_completion(StepFacts(SKIPPED, 5, 4, 0)) == 1.0
    assert step_completion(StepFacts(TODO, 5)) == 0.0
    assert step_completion(StepFacts(DOING, 5)) == 0.0
    assert step_completion(StepFacts(DOING, 5, 4, 1)) == 0.25
    assert step_completion(StepFacts(TODO, 5, 4, 4)) == 0.9  # all ticked but not marked done


def test_completion_is_weighted_by_hours() -> None:
    steps = [StepFacts(DONE, 30), StepFacts(TODO, 10)]
    assert completion(steps) == pytest.approx(0.75)
    assert completion([StepFacts(TODO, 30), StepFacts(DONE, 10)]) == pytest.approx(0.25)
    assert completion([StepFacts(TODO, 10, 2, 1), StepFacts(TODO, 10)]) == pytest.approx(0.25)


def test_completion_of_nothing_is_zero_and_zero_hour_steps_still_count() -> None:
    assert completion([]) == 0.0
    assert completion([StepFacts(DONE, 0), StepFacts(TODO, 0)]) == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("fraction", "shown"),
    [(0.0, 0), (0.004, 0), (0.5, 50), (0.999, 99), (0.9999999, 99), (1.0, 100), (1.2, 100)],
)
def test_percent_reads_100_only_when_finished(fraction: float, shown: int) -> None:
    assert percent(fraction) == shown


def test_percent_of_almost_finished_roadmap_is_99() -> None:
    steps = [StepFacts(DONE, 999), StepFacts(TODO, 0.5)]
    assert completion(steps) > 0.999
    assert percent(completion(steps)) == 99
    assert percent(completion([StepFacts(DONE, 999), StepFacts(SKIPPED, 0.5)])) == 100


def test_remaining_hours() -> None:
    steps = [StepFacts(DONE, 8), StepFacts(TODO, 10), StepFacts(DOING, 4, 4, 2)]
    assert remaining_hours(steps) == pytest.approx(12.0)
    assert remaining_hours([StepFacts(SKIPPED, 6)]) == 0.0
    assert remaining_hours([]) == 0.0


@pytest.mark.parametrize(
    ("today", "week"),
    [
        (date(2026, 11, 15), 0),  # the day before the start
        (date(2026, 11, 16), 1),
        (date(2026, 11, 22), 1),
        (date(2026, 11, 23), 2),
        (date(2027, 5, 2), 24),
    ],
)
def test_week_number(today: date, week: int) -> None:
    assert week_number(date(2026, 11, 16), today) == week


def test_week_start() -> None:
    assert week_start(date(2026, 11, 16), 1) == date(2026, 11, 16)
    assert week_start(date(2026, 11, 16), 3) == date(2026, 11, 30)


def test_current_phase_is_the_first_with_work_left() -> None:
    finished = [StepFacts(DONE, 1), StepFacts(SKIPPED, 1)]
    open_ = [StepFacts(DONE, 1), StepFacts(DOING, 1)]
    assert current_phase_index([finished, open_, [StepFacts(TODO, 1)]]) == 1
    assert current_phase_index([open_, finished]) == 0
    assert current_phase_index([finished, finished]) == 1  # all done: the last one
    assert current_phase_index([]) == 0


def test_projected_finish() -> None:
    today = date(2026, 11, 20)
    assert projected_finish(20, 10, today) == date(2026, 12, 4)
    assert projected_finish(1, 10, today) == date(2026, 11, 21)  # rounds up to a whole day
    assert projected_finish(0, 10, today) == today
    assert projected_finish(20, 0, today) is None


# --- properties ----------------------------------------------------------------------------------

_FACTS = st.builds(
    lambda status, hours, total, share: StepFacts(status, hours, total, round(total * share)),
    st.sampled_from(list(StepStatus)),
    st.floats(min_value=0, max_value=500, allow_nan=False),
    st.integers(min_value=0, max_value=12),
    st.floats(min_value=0, max_value=1),
)


@settings(deadline=None, max_examples=200)
@given(st.lists(_FACTS, max_size=30))
def test_completion_stays_between_zero_and_one(steps: list[StepFacts]) -> None:
    value = completion(steps)
    assert 0.0 <= value <= 1.0 + 1e-12
    assert 0 <= percent(value) <= 100
    assert (percent(value) == 100) == (
        bool(steps) and all(s.status in (DONE, SKIPPED) for s in steps)
    )


@settings(deadline=None, max_examples=200)
@given(st.lists(_FACTS, min_size=1, max_size=30), st.data())
def test_marking_a_step_done_never_lowers_completion(
    steps: list[StepFacts], data: st.DataObject
) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(steps) - 1))
    before = completion(steps)
    after_steps = list(steps)
    after_steps[index] = StepFacts(DONE, steps[index].hours, steps[index].topics_total)
    assert completion(after_steps) >= before - 1e-12
    assert remaining_hours(after_steps) <= remaining_hours(steps) + 1e-9
