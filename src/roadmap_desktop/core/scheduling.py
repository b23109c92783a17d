"""FSRS scheduling through the `fsrs` package: card rows to fsrs Cards and back, previews.

The algorithm is the library's; this module only converts our stored columns (naive UTC
times, state 0 for a card never reviewed) to its `Card` and maps its answer back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the package is imported when the first card is scheduled, not at startup
    from fsrs import Card as FsrsCard
    from fsrs import Scheduler

NEW = 0  # our state for a card never reviewed; 1–3 are fsrs.State values
LEARNING, REVIEW, RELEARNING = 1, 2, 3  # fsrs.State values
STATE_NAMES = {0: "new", 1: "learning", 2: "review", 3: "relearning"}
RATINGS = (1, 2, 3, 4)  # fsrs.Rating: Again, Hard, Good, Easy
RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class FsrsState:
    """The scheduling columns of one card."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime  # naive UTC
    last_review: datetime | None  # naive UTC


@dataclass(frozen=True)
class Outcome:
    """A card's state after an answer and the figures its review-log row needs."""

    after: FsrsState
    elapsed_days: float
    scheduled_days: float
    lapse: bool


@lru_cache(maxsize=8)
def scheduler(desired_retention: float, fuzz: bool = True) -> Scheduler:
    """A shared scheduler for a retention (0.70–0.97)."""
    from fsrs import Scheduler

    if not 0.7 <= desired_retention <= 0.97:
        raise ValueError("desired retention must be between 0.70 and 0.97")
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)


def _aware(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC)


def _naive(value: datetime) -> datetime:
    return value.astimezone(UTC).replace(tzinfo=None)


def to_fsrs(card_id: int, st: FsrsState) -> FsrsCard:
    """Our columns as the library's Card (a new card is a Learning card at step 0)."""
    from fsrs import Card as FsrsCard
    from fsrs import State

    if st.state == NEW:
        return FsrsCard(card_id=card_id, state=State.Learning, step=0, due=_aware(st.due))
    state = State(st.state)
    return FsrsCard(
        card_id=card_id,
        state=state,
        step=st.step if state != State.Review else None,
        stability=st.stability,
        difficulty=st.difficulty,
        due=_aware(st.due),
        last_review=_aware(st.last_review) if st.last_review else None,
    )


def review(
    card_id: int, before: FsrsState, rating: int, now: datetime, retention: float, *, fuzz: bool
) -> Outcome:
    """Answer a card with rating (1–4) at now (naive UTC) through the library."""
    from fsrs import Rating

    if rating not in RATING_NAMES:
        raise ValueError(f"rating must be 1–4, not {rating}")
    card, _log = scheduler(retention, fuzz).review_card(
        to_fsrs(card_id, before), Rating(rating), review_datetime=_aware(now)
    )
    after = FsrsState(
        state=int(card.state),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_naive(card.due),
        last_review=_naive(card.last_review) if card.last_review else now,
    )
    elapsed = (now - before.last_review).total_seconds() / 86400 if before.last_review else 0.0
    scheduled = (after.due - now).total_seconds() / 86400
    return Outcome(
        after=after,
        elapsed_days=round(elapsed, 6),
        scheduled_days=round(scheduled, 6),
        lapse=before.state == REVIEW and rating == int(Rating.Again),
    )


def interval_label(delta: timedelta) -> str:
    """A short, Anki-like interval: "<1 min", "10 min", "5 h", "3 d", "1.5 mo", "2.1 y"."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1 min"
    minutes = seconds / 60
    if minutes < 60:
        return f"{round(minutes)} min"
    hours = minutes / 60
    if hours < 24:
        return f"{round(hours)} h"
    days = hours / 24
    if days < 30:
        return f"{round(days)} d"
    if days < 365:
        return f"{days / 30:.1f} mo".replace(".0 ", " ")
    return f"{days / 365:.1f} y".replace(".0 ", " ")


def previews(card_id: int, before: FsrsState, now: datetime, retention: float) -> tuple[str, ...]:
    """The next interval for each rating (Again, Hard, Good, Easy), without fuzz."""
    return tuple(
        interval_label(review(card_id, before, r, now, retention, fuzz=False).after.due - now)
        for r in RATINGS
    )
