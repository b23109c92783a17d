"""The learner's study time as one value: minutes per weekday, and weekly hours derived from it.

Rule (docs/study-time.md): the availability per weekday is the one stored truth. Weekly hours
are its sum. Setting weekly hours (the welcome, the Schedule dialog) rescales the availability
and keeps its shape (which days are longer); with no availability yet the hours are spread over
the week with weekend days twice as long as weekdays. A roadmap's own `weekly_hours` is only the
fallback used before any availability exists, and is written with the same value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

DAY_CAP = 16 * 60  # no day offers more than 16 hours of study
STEP = 5  # availability is planned in 5-minute steps
DEFAULT_SHAPE: Mapping[int, int] = {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 2}
MIN_HOURS = 0.5
MAX_HOURS = 100.0


def weekly_minutes(availability: Mapping[int, int]) -> int:
    """Minutes a week the availability offers."""
    return sum(max(m, 0) for m in availability.values())


def weekly_hours(availability: Mapping[int, int]) -> float:
    """Hours a week the availability offers, to a tenth of an hour (what the dialogs show)."""
    return round(weekly_minutes(availability) / 60, 1)


def effective_hours(availability: Mapping[int, int], roadmap_hours: float) -> float:
    """The weekly hours every view uses: the availability's sum when any is set, else the
    roadmap's own fallback."""
    return weekly_hours(availability) if weekly_minutes(availability) else roadmap_hours


def spread_minutes(total: int, shape: Mapping[int, int] | None = None) -> dict[int, int]:
    """total minutes over weekdays 0..6 in proportion to shape (DEFAULT_SHAPE when it is empty
    or all zero), in 5-minute steps with the few minutes left over on the heaviest day, no day
    above DAY_CAP. The result always sums to total (capped at 7 × DAY_CAP)."""
    total = max(0, min(int(total), 7 * DAY_CAP))
    weights = {d: max(int((shape or {}).get(d, 0)), 0) for d in range(7)}
    if not any(weights.values()):
        weights = dict(DEFAULT_SHAPE)
    result = {d: 0 for d in range(7)}
    left = total
    open_days = {d for d in range(7) if weights[d] > 0}
    # Water-fill: share what is left among the days not yet at the cap, by weight.
    while left > 0:
        if not open_days:  # every weighted day is full: the others take the rest evenly
            open_days = {d for d in range(7) if result[d] < DAY_CAP}
            weights = {d: 1 for d in range(7)}
        weight_sum = sum(weights[d] for d in open_days)
        units = left // STEP
        shares = {d: units * weights[d] / weight_sum for d in open_days}
        given = {d: math.floor(shares[d]) for d in open_days}
        spare = units - sum(given.values())
        for d in sorted(open_days, key=lambda d: (given[d] - shares[d], d))[:spare]:
            given[d] += 1
        progressed = False
        for d in sorted(open_days):
            room = (DAY_CAP - result[d]) // STEP
            add = min(given[d], room) * STEP
            result[d] += add
            left -= add
            progressed = progressed or add > 0
            if result[d] + STEP > DAY_CAP:
                open_days.discard(d)
        if left < STEP or not progressed:
            break
    if left > 0:  # fewer than 5 minutes (or a cap edge): the day with most room takes them
        for d in sorted(range(7), key=lambda d: (-weights.get(d, 0), -(DAY_CAP - result[d]), d)):
            add = min(left, DAY_CAP - result[d])
            result[d] += add
            left -= add
            if left == 0:
                break
    return result


def scale_to_hours(availability: Mapping[int, int], hours: float) -> dict[int, int]:
    """The availability for a new weekly total, keeping the days' proportions."""
    return spread_minutes(round(hours * 60), availability)
