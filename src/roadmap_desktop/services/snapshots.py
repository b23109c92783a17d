"""Plain, immutable values the services hand to the UI and the CLI (no ORM objects leak out)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from roadmap_desktop.core.enums import StepKind, StepStatus


@dataclass(frozen=True)
class RoadmapSummary:
    """One roadmap in the switcher or `list`."""

    id: int
    slug: str
    title: str
    origin: str
    percent: int
    steps_total: int
    steps_finished: int
    summary: str = ""  # the first line of the roadmap's summary, plain text
    total_weeks: int = 0
    total_hours: float = 0.0


@dataclass(frozen=True)
class StepRow:
    """A step as shown in the phase's step list."""

    key: str
    title: str
    kind: StepKind
    hours: float
    status: StepStatus
    topics_total: int
    topics_done: int
    has_note: bool
    # "Choose one of": the key of the step's group ("" for none) and the group's pick ("" when
    # the learner has not chosen). An option of a chosen group other than the pick is
    # "not chosen": shown dimmed, not counted (core.progress.counted).
    group_key: str = ""
    picked: str = ""

    @property
    def not_chosen(self) -> bool:
        """True for an option of a group where the learner chose another option."""
        return bool(self.group_key and self.picked and self.picked != self.key)


@dataclass(frozen=True)
class GroupRow:
    """A "choose one of" group as the step pane shows it: its options and the pick."""

    key: str
    title: str
    options: tuple[tuple[str, str], ...]  # (step key, title) in order
    picked: str | None


@dataclass(frozen=True)
class PhaseRow:
    """A phase with its steps and progress, as drawn on the timeline."""

    key: str
    title: str
    start_week: int
    end_week: int
    summary_md: str
    steps: tuple[StepRow, ...]
    completion: float
    hours_total: float
    steps_finished: int
    # The sums behind the roadmap's figures (services.overview_math): hours-weighted size and
    # done part, and hours left.
    weight: float = 0.0
    weighted_done: float = 0.0
    remaining_hours: float = 0.0
    # Steps progress counts: a "choose one of" group counts once.
    steps_counted: int = 0
    # For the schedule projection: the estimate in minutes (negative hours count as none) and
    # whether any step has begun (a status past "to do" or a ticked topic).
    estimate_minutes: int = 0
    started: bool = False


@dataclass(frozen=True)
class RoadmapOverview:
    """Everything the roadmap page shows above the step detail."""

    id: int
    slug: str
    title: str
    summary_md: str
    start_date: date | None
    weekly_hours: float
    phases: tuple[PhaseRow, ...]
    completion: float
    current_phase: int
    current_week: int
    total_weeks: int
    remaining_hours: float
    projected_finish: date | None

    def phase_of(self, step_key: str) -> int | None:
        """Index of the phase holding step_key, if any."""
        for index, phase in enumerate(self.phases):
            if any(step.key == step_key for step in phase.steps):
                return index
        return None


@dataclass(frozen=True)
class TopicRow:
    """A checklist item and whether it is ticked."""

    key: str
    text: str
    done: bool


@dataclass(frozen=True)
class ResourceRow:
    """A resource linked to a step."""

    id: int
    title: str
    url: str | None
    kind: str
    author: str
    cost: str | None


@dataclass(frozen=True)
class QuestionRow:
    """A practice question tied to a step."""

    key: str
    prompt_md: str
    answer_md: str


@dataclass(frozen=True)
class StepDetail:
    """Everything the step detail pane shows."""

    roadmap_id: int
    key: str
    title: str
    kind: StepKind
    hours: float
    body_md: str
    roadmap_title: str
    phase_title: str
    status: StepStatus
    started_at: datetime | None
    done_at: datetime | None
    note_md: str
    note_updated_at: datetime | None
    topics: tuple[TopicRow, ...]
    resources: tuple[ResourceRow, ...]
    questions: tuple[QuestionRow, ...]
    group: GroupRow | None = None  # the "choose one of" group offering this step


@dataclass(frozen=True)
class StatusState:
    """A step's status with its timestamps, enough to undo a status change exactly."""

    status: StepStatus
    started_at: datetime | None
    done_at: datetime | None
