"""The one duration and date format every view uses."""

from __future__ import annotations

import re
from datetime import date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from roadmap_desktop.core import formatting as fmt


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (1, "1 min"),
        (45, "45 min"),
        (59, "59 min"),
        (60, "1 h"),
        (65, "1 h 05"),
        (90, "1 h 30"),
        (120, "2 h"),
        (605, "10 h 05"),
        (-65, "\u22121 h 05"),
    ],
)
def test_minutes(minutes: int, text: str) -> None:
    assert fmt.format_minutes(minutes) == text


@given(st.integers(min_value=0, max_value=100_000))
def test_minutes_read_back(minutes: int) -> None:
    text = fmt.format_minutes(minutes)
    match = re.fullmatch(r"(?:(\d+) min)|(?:(\d+) h(?: (\d\d))?)", text)
    assert match is not None, text
    if match.group(1) is not None:
        assert int(match.group(1)) == minutes < 60
    else:
        assert int(match.group(2)) * 60 + int(match.group(3) or 0) == minutes
        assert match.group(3) != "00"


@pytest.mark.parametrize(
    ("hours", "text"), [(0.25, "15 min"), (1.5, "1 h 30"), (4, "4 h"), (244.0, "244 h")]
)
def test_hours(hours: float, text: str) -> None:
    assert fmt.format_hours(hours) == text


def test_dates() -> None:
    assert fmt.format_date(date(2027, 5, 3)) == "3 May 2027"
    assert fmt.format_date(datetime(2027, 5, 13, 9, 0)) == "13 May 2027"
    assert fmt.format_day(date(2026, 12, 2)) == "Wed 2 Dec"
    assert fmt.format_day_short(date(2026, 12, 2)) == "Wed 2"
    assert fmt.format_clock(time(8, 5)) == "08:05"


def test_ranges() -> None:
    assert fmt.format_range(date(2026, 12, 2), date(2026, 12, 8)) == "2 \u2013 8 Dec 2026"
    assert fmt.format_range(date(2026, 11, 30), date(2026, 12, 6)) == "30 Nov \u2013 6 Dec 2026"
    assert fmt.format_range(date(2026, 12, 28), date(2027, 1, 3)) == "28 Dec 2026 \u2013 3 Jan 2027"


def test_stamp_is_time_today_else_date() -> None:
    moment = datetime(2026, 12, 2, 18, 5)
    assert fmt.format_stamp(moment, date(2026, 12, 2)) == "18:05"
    assert fmt.format_stamp(moment, date(2026, 12, 3)) == "2 Dec 2026"
