"""Plain, immutable values of the Stats page that services hand to the UI (no ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from roadmap_desktop.core.stats_math import Forecast, Streaks
from roadmap_desktop.services.planner_values import SessionRow


@dataclass(frozen=True)
class DayTotal:
    """Minutes studied on one local day and how many sessions touched it."""

    day: date
    minutes: int
    sessions: int


@dataclass(frozen=True)
class WeekBar:
    """One calendar week: minutes logged, planned in blocks and offered by the availability."""

    start: date
    logged_minutes: int
    planned_minutes: int
    available_minutes: int


@dataclass(frozen=True)
class BurnUpPoint:
    """Cumulative estimated hours of done steps and of the plan at the end of a week."""

    week_start: date
    done_hours: float | None  # None for weeks still ahead
    planned_hours: float


@dataclass(frozen=True)
class PhaseSpan:
    """A phase's planned dates against when it actually started and finished."""

    title: str
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None  # set once every step is done or skipped
    steps_total: int
    steps_finished: int


@dataclass(frozen=True)
class CalibrationRow:
    """Logged against estimated hours of the finished steps of one phase (or roadmap)."""

    title: str
    steps: int
    estimated_hours: float
    logged_hours: float

    @property
    def ratio(self) -> float | None:
        """Logged ÷ estimated, None without estimates."""
        return self.logged_hours / self.estimated_hours if self.estimated_hours > 0 else None


@dataclass(frozen=True)
class ForecastView:
    """The forecast in words: actual pace, planned pace and what they rest on.

    forecast is None when there are fewer than two full weeks of data or no progress;
    `reason` then says which.
    """

    forecast: Forecast | None
    planned_finish: date | None
    remaining_hours: float
    weeks: tuple[tuple[date, float, float], ...]  # (week start, done effort h, logged h)
    calibration: float | None  # overall logged ÷ estimated of finished steps
    calibration_applied: bool
    reason: str = ""


@dataclass(frozen=True)
class StatsView:
    """Everything the Stats page draws, read in one session."""

    roadmap_id: int | None
    today: date
    first_day: date  # the heatmap's first day (a week start, 52 weeks back)
    days: tuple[DayTotal, ...]  # every day from first_day to today, in order
    weeks: tuple[WeekBar, ...]
    burn_up: tuple[BurnUpPoint, ...]
    phases: tuple[PhaseSpan, ...]
    calibration: tuple[CalibrationRow, ...]
    forecast: ForecastView
    streaks: Streaks | None  # None unless switched on


@dataclass(frozen=True)
class ReviewDay:
    """Answers given on one local day: by what the card was before, and by rating."""

    day: date
    new: int  # first answers of new cards
    learning: int  # answers in a learning or relearning step
    review: int  # answers to cards in review
    again: int
    hard: int
    good: int
    easy: int

    @property
    def total(self) -> int:
        """Every answer of the day."""
        return self.new + self.learning + self.review


@dataclass(frozen=True)
class DueDay:
    """Cards (already reviewed, not suspended or archived) that come due on one local day."""

    day: date
    cards: int


@dataclass(frozen=True)
class ReviewStats:
    """The review section of the Stats page, read in one session."""

    roadmap_id: int | None
    today: date
    answers: tuple[ReviewDay, ...]  # every day of the last 90, oldest first
    retention_passed: int  # review answers of the last 30 days not rated Again
    retention_failed: int  # ... rated Again
    overdue: int  # cards that came due before today and are still waiting
    due: tuple[DueDay, ...]  # today and the next 29 days
    reviewed: bool  # some live card in scope was answered at least once

    @property
    def retention(self) -> float | None:
        """True retention of the last 30 days (0–1), None without review answers."""
        total = self.retention_passed + self.retention_failed
        return self.retention_passed / total if total else None

    @property
    def empty(self) -> bool:
        """Nothing to show: no card was ever answered and none was answered lately."""
        return not self.reviewed and not any(d.total for d in self.answers)


@dataclass(frozen=True)
class DaySession:
    """A session touching a local day: the stored row, its step title and its share of the day."""

    row: SessionRow
    title: str
    roadmap_title: str
    minutes_on_day: int
    local_start: datetime  # aware, in the page's zone
    local_end: datetime


@dataclass(frozen=True)
class StepChoice:
    """A step a session can be logged on."""

    roadmap_id: int
    step_key: str
    label: str
