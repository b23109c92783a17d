"""Plain, immutable values of the planner and study time that services hand to the UI and CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time


@dataclass(frozen=True)
class BlockRow:
    """A plan block as the week view draws it.

    title is the linked step's title when the step exists, else the block's free title.
    phase_index is the index of the step's phase in roadmap order (its colour), None for free
    blocks and archived steps. roadmap_title and phase_title serve calendar export and tooltips.
    """

    id: int
    day: date
    start_time: time | None
    minutes: int
    roadmap_id: int | None
    step_key: str | None
    title: str
    phase_index: int | None
    done: bool
    auto: bool
    roadmap_title: str = ""
    phase_title: str = ""


@dataclass(frozen=True)
class DaySummary:
    """One day of the week view: its blocks and minutes planned, done, logged and available."""

    day: date
    blocks: tuple[BlockRow, ...]
    planned_minutes: int
    done_minutes: int
    logged_minutes: int
    capacity_minutes: int


@dataclass(frozen=True)
class WeekView:
    """Seven days from start; goal_minutes is the sum of the weekday availability."""

    start: date
    days: tuple[DaySummary, ...]
    planned_minutes: int
    done_minutes: int
    logged_minutes: int
    goal_minutes: int


@dataclass(frozen=True)
class BlockSnapshot:
    """Every stored field of a block, enough to put it back exactly (undo)."""

    id: int
    day: date
    start_time: time | None
    minutes: int
    roadmap_id: int | None
    step_key: str | None
    title: str
    done: bool
    auto: bool
    position: int
    created_at: datetime


@dataclass(frozen=True)
class TimerState:
    """The study timer: its step, elapsed seconds and whether it is running (else paused).

    first_started_at is the aware UTC instant the timer was first started.
    """

    roadmap_id: int | None
    step_key: str | None
    title: str
    elapsed_seconds: int
    running: bool
    first_started_at: datetime | None = None


@dataclass(frozen=True)
class SessionRow:
    """A recorded study session; started_at is an aware UTC datetime (call astimezone())."""

    id: int
    roadmap_id: int | None
    step_key: str | None
    started_at: datetime
    minutes: int
    note: str
    source: str  # "timer" | "manual"


@dataclass(frozen=True)
class RecoveredTimer:
    """What recover_stale_timer did: the session it recorded and how much was left uncounted."""

    session_id: int | None
    title: str
    started_at: datetime  # aware UTC
    recorded_minutes: int
    uncounted_minutes: int
