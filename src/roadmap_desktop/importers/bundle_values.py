"""The values a bundle holds once read and validated (importers.json_bundle makes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roadmap_desktop.importers.card_bundle import BundleCard


@dataclass(frozen=True)
class BundleResource:
    """A library resource; `id` numbers it inside the bundle only."""

    id: int
    title: str
    url: str | None
    local_path: str | None
    kind: str
    author: str
    cost: str | None
    status: str
    rating: int
    note: str
    origin: str
    added_at: datetime | None
    finished_at: datetime | None
    tags: tuple[str, ...]


@dataclass(frozen=True)
class BundleStep:
    """A step's content and its resource links."""

    key: str
    title: str
    kind: str
    effort_hours: float
    body: str
    topics: tuple[tuple[str, str], ...]
    links: tuple[tuple[int, bool], ...]  # (bundle resource id, user_linked)


@dataclass(frozen=True)
class BundlePhase:
    """A phase with its steps in order."""

    key: str
    title: str
    summary: str
    weeks: tuple[int, int]
    steps: tuple[BundleStep, ...]


@dataclass(frozen=True)
class BundleProgress:
    """One step's status, times and note."""

    step: str
    status: str
    started_at: datetime | None
    done_at: datetime | None
    note: str
    note_updated_at: datetime | None


@dataclass(frozen=True)
class BundleRoadmap:
    """A roadmap: content, archived steps, questions and the learner's progress."""

    slug: str
    title: str
    summary: str
    origin: str
    source_ref: str
    content_version: int
    content_hash: str
    position: int
    schedule: tuple[date, float] | None
    phases: tuple[BundlePhase, ...]
    archived: tuple[BundleStep, ...]
    questions: tuple[tuple[str, str | None, str, str], ...]  # key, step, prompt, answer
    progress: tuple[BundleProgress, ...]
    ticks: tuple[tuple[str, str, datetime], ...]
    # "Choose one of" groups (key, title, option keys) and picks (group, step, when).
    groups: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    picks: tuple[tuple[str, str, datetime], ...] = ()

    def all_steps(self) -> list[BundleStep]:
        """Live and archived steps."""
        return [s for p in self.phases for s in p.steps] + list(self.archived)


@dataclass(frozen=True)
class BundleBlock:
    """A plan block; roadmap by slug, step by key (both None for a free title)."""

    day: date
    start_time: time | None
    minutes: int
    roadmap: str | None
    step: str | None
    title: str
    done: bool
    auto: bool
    position: int
    created_at: datetime | None


@dataclass(frozen=True)
class BundleSession:
    """Logged study time."""

    roadmap: str | None
    step: str | None
    started_at: datetime
    minutes: int
    note: str
    source: str


@dataclass(frozen=True)
class BundleTimer:
    """The running or paused study timer."""

    roadmap: str | None
    step: str | None
    first_started_at: datetime
    running_since: datetime | None
    accumulated_seconds: int


@dataclass(frozen=True)
class Bundle:
    """A whole validated bundle."""

    roadmaps: tuple[BundleRoadmap, ...]
    resources: tuple[BundleResource, ...]
    plan_blocks: tuple[BundleBlock, ...]
    study_sessions: tuple[BundleSession, ...]
    availability: tuple[tuple[int, int], ...]
    timer: BundleTimer | None
    cards: tuple[BundleCard, ...] = ()
