"""Frozen values of the review services: options, the card shown, counts, undo memos."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ReviewOptions:
    """The learner's review settings."""

    desired_retention: float = 0.90
    new_per_day: int = 20
    # False: only cards of steps started or done come due; True: every card.
    all_steps: bool = False


@dataclass(frozen=True)
class QuizScope:
    """Quiz Me on This Step: that step's cards now, whatever their due time."""

    roadmap_id: int
    step_key: str
    exclude: frozenset[int] = frozenset()  # cards already answered in this quiz


@dataclass(frozen=True)
class ReviewCard:
    """One card as the review page and the step's Questions section show it."""

    id: int
    uid: str
    roadmap_id: int
    roadmap_title: str
    step_key: str | None
    step_title: str
    front_md: str
    back_md: str
    origin: str  # bundled | imported | own
    state: int  # 0 new, 1 learning, 2 review, 3 relearning
    suspended: bool
    archived: bool
    due: datetime  # naive UTC
    reps: int
    lapses: int
    intervals: tuple[str, ...] = ()  # next interval per rating (Again, Hard, Good, Easy)

    @property
    def is_new(self) -> bool:
        """Never reviewed."""
        return self.state == 0


@dataclass(frozen=True)
class ReviewCounts:
    """What the counts line shows: "12 due · 3 new · 5 done today"."""

    due: int
    new: int
    done_today: int

    @property
    def total(self) -> int:
        """Cards left to study now (the rail badge)."""
        return self.due + self.new


@dataclass(frozen=True)
class AnswerMemo:
    """What undoing an answer needs: the card and the log row that holds its prior state."""

    card_id: int
    log_id: int
    rating: int


@dataclass(frozen=True)
class CardDraft:
    """A card's text as the learner writes it."""

    front_md: str
    back_md: str


@dataclass(frozen=True)
class CardSnapshot:
    """Everything of a card and its log, to bring a deleted card back exactly."""

    row: tuple[tuple[str, object], ...]
    log: tuple[tuple[tuple[str, object], ...], ...]
