"""The review session: which card is next, answering it (FSRS), undoing an answer, counts.

Which cards come due is tied to the roadmap: by default only cards of steps the learner has
started or finished (a card without a step once any step of its roadmap is), unless the
options include every step. Suspended and archived cards never come due. Every answer is one
transaction that updates the card and appends a review-log row holding the card's prior
state, so an undo restores it exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, func, or_, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.cards import utcnow
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Card, ReviewLog, Roadmap, Step, StepProgress, StepStatus
from roadmap_desktop.core.scheduling import NEW, FsrsState, previews
from roadmap_desktop.core.scheduling import review as fsrs_review
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_values import (
    AnswerMemo,
    QuizScope,
    ReviewCard,
    ReviewCounts,
    ReviewOptions,
)

# A learning card due within this time is shown early when nothing else is left.
LEARN_AHEAD = timedelta(minutes=20)
_STARTED = (StepStatus.IN_PROGRESS, StepStatus.DONE)


def day_start(now: datetime) -> datetime:
    """The start of the learner's local day containing now, as naive UTC."""
    local = now.replace(tzinfo=UTC).astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight.astimezone(UTC).replace(tzinfo=None)


def _eligible(options: ReviewOptions) -> ColumnElement[bool]:
    """Cards that may come due: not suspended, not archived, and of a started step."""
    base = and_(Card.suspended.is_(False), Card.archived.is_(False))
    if options.all_steps:
        return base
    step_started = exists().where(
        StepProgress.roadmap_id == Card.roadmap_id,
        StepProgress.step_key == Card.step_key,
        StepProgress.status.in_(_STARTED),
    )
    roadmap_started = exists().where(
        StepProgress.roadmap_id == Card.roadmap_id, StepProgress.status.in_(_STARTED)
    )
    return and_(
        base,
        or_(
            and_(Card.step_key.is_not(None), step_started),
            and_(Card.step_key.is_(None), roadmap_started),
        ),
    )


def _new_left(session: Session, options: ReviewOptions, now: datetime) -> int:
    introduced = session.scalar(
        select(func.count(ReviewLog.id)).where(
            ReviewLog.reviewed_at >= day_start(now), ReviewLog.state == NEW
        )
    )
    return max(0, options.new_per_day - int(introduced or 0))


def _fsrs_state(card: Card) -> FsrsState:
    return FsrsState(
        card.state, card.step, card.stability, card.difficulty, card.due, card.last_review
    )


def card_value(
    session: Session, card: Card, *, options: ReviewOptions | None = None, now: datetime | None
) -> ReviewCard:
    """A card row as a frozen value; with options, the next interval of each rating."""
    roadmap_title = session.scalar(select(Roadmap.title).where(Roadmap.id == card.roadmap_id))
    step_title = ""
    if card.step_key is not None:
        step_title = (
            session.scalar(
                select(Step.title).where(
                    Step.roadmap_id == card.roadmap_id, Step.key == card.step_key
                )
            )
            or ""
        )
    intervals: tuple[str, ...] = ()
    if options is not None and now is not None:
        intervals = previews(card.id, _fsrs_state(card), now, options.desired_retention)
    return ReviewCard(
        id=card.id,
        uid=card.uid,
        roadmap_id=card.roadmap_id,
        roadmap_title=roadmap_title or "",
        step_key=card.step_key,
        step_title=step_title,
        front_md=card.front_md,
        back_md=card.back_md,
        origin=card.origin,
        state=card.state,
        suspended=card.suspended,
        archived=card.archived,
        due=card.due,
        reps=card.reps,
        lapses=card.lapses,
        intervals=intervals,
    )


def _pick(session: Session, options: ReviewOptions, now: datetime) -> Card | None:
    eligible = _eligible(options)
    due = session.scalar(
        select(Card)
        .where(Card.state > NEW, Card.due <= now, eligible)
        .order_by(Card.due, Card.id)
        .limit(1)
    )
    if due is not None:
        return due
    if _new_left(session, options, now) > 0:
        fresh = session.scalar(
            select(Card).where(Card.state == NEW, eligible).order_by(Card.id).limit(1)
        )
        if fresh is not None:
            return fresh
    return session.scalar(
        select(Card)
        .where(Card.state.in_((1, 3)), Card.due <= now + LEARN_AHEAD, eligible)
        .order_by(Card.due, Card.id)
        .limit(1)
    )


def _pick_quiz(session: Session, scope: QuizScope) -> Card | None:
    query = select(Card).where(
        Card.roadmap_id == scope.roadmap_id,
        Card.step_key == scope.step_key,
        Card.suspended.is_(False),
        Card.archived.is_(False),
    )
    if scope.exclude:
        query = query.where(Card.id.not_in(scope.exclude))
    return session.scalar(query.order_by(Card.due, Card.id).limit(1))


def next_card(
    db: Database,
    options: ReviewOptions,
    quiz: QuizScope | None = None,
    now: datetime | None = None,
) -> ReviewCard | None:
    """The card to show now (due reviews first, then new cards within today's limit, then
    learning cards due soon), or None when the session is over."""
    now = now or utcnow()
    with db.reading() as session:
        card = _pick_quiz(session, quiz) if quiz is not None else _pick(session, options, now)
        return None if card is None else card_value(session, card, options=options, now=now)


def counts(db: Database, options: ReviewOptions, now: datetime | None = None) -> ReviewCounts:
    """Due reviews, new cards still available today, and answers given today."""
    now = now or utcnow()
    eligible = _eligible(options)
    with db.reading() as session:
        due = session.scalar(
            select(func.count(Card.id)).where(Card.state > NEW, Card.due <= now, eligible)
        )
        new_left = _new_left(session, options, now)
        fresh = 0
        if new_left:
            fresh = int(
                session.scalar(
                    select(func.count()).select_from(
                        select(Card.id)
                        .where(Card.state == NEW, eligible)
                        .limit(new_left)
                        .subquery()
                    )
                )
                or 0
            )
        done = session.scalar(
            select(func.count(ReviewLog.id)).where(ReviewLog.reviewed_at >= day_start(now))
        )
    return ReviewCounts(due=int(due or 0), new=fresh, done_today=int(done or 0))


def next_due_time(
    db: Database, options: ReviewOptions, now: datetime | None = None
) -> datetime | None:
    """When the next card comes due (naive UTC) for the empty state; None when no card
    will (no eligible cards at all)."""
    now = now or utcnow()
    eligible = _eligible(options)
    with db.reading() as session:
        soonest = session.scalar(select(func.min(Card.due)).where(Card.state > NEW, eligible))
        has_new = session.scalar(select(Card.id).where(Card.state == NEW, eligible).limit(1))
        if has_new is not None:
            tomorrow = day_start(now) + timedelta(days=1)
            if _new_left(session, options, now) > 0:
                return now
            soonest = min(soonest, tomorrow) if soonest else tomorrow
    return soonest


def answer(
    db: Database,
    card_id: int,
    rating: int,
    options: ReviewOptions,
    now: datetime | None = None,
    duration_ms: int | None = None,
) -> tuple[AnswerMemo, ChangeSet]:
    """Grade a card 1–4 (Again, Hard, Good, Easy): the library schedules it, a log row keeps
    the answer and the card's prior state; one transaction. Returns the undo memo."""
    if rating not in (1, 2, 3, 4):
        raise UserFacingError(f"A rating is 1 (Again) to 4 (Easy), not {rating}.")
    now = now or utcnow()
    with db.transaction() as session:
        card = session.get(Card, card_id)
        if card is None:
            raise NotFoundError("This card no longer exists.")
        before = _fsrs_state(card)
        outcome = fsrs_review(card.id, before, rating, now, options.desired_retention, fuzz=True)
        log = ReviewLog(
            card_id=card.id,
            reviewed_at=now,
            rating=rating,
            state=card.state,
            elapsed_days=outcome.elapsed_days,
            scheduled_days=outcome.scheduled_days,
            duration_ms=duration_ms,
            prev_step=card.step,
            prev_stability=card.stability,
            prev_difficulty=card.difficulty,
            prev_due=card.due,
            prev_last_review=card.last_review,
            prev_lapses=card.lapses,
        )
        session.add(log)
        after = outcome.after
        card.state, card.step = after.state, after.step
        card.stability, card.difficulty = after.stability, after.difficulty
        card.due, card.last_review = after.due, after.last_review
        card.reps += 1
        card.lapses += 1 if outcome.lapse else 0
        session.flush()
        memo = AnswerMemo(card_id=card.id, log_id=log.id, rating=rating)
        change = _change(card)
    return memo, change


def undo_answer(db: Database, memo: AnswerMemo) -> ChangeSet:
    """Put the card back exactly as it was before the answer and remove the answer's log row."""
    with db.transaction() as session:
        card = session.get(Card, memo.card_id)
        log = session.get(ReviewLog, memo.log_id)
        if card is None or log is None or log.card_id != card.id:
            raise NotFoundError("That answer can no longer be undone.")
        card.state, card.step = log.state, log.prev_step
        card.stability, card.difficulty = log.prev_stability, log.prev_difficulty
        card.due, card.last_review = log.prev_due, log.prev_last_review
        card.reps = max(0, card.reps - 1)
        card.lapses = log.prev_lapses
        session.execute(delete(ReviewLog).where(ReviewLog.id == log.id))
        return _change(card)


def _change(card: Card) -> ChangeSet:
    keys = {card.step_key} if card.step_key else set()
    return ChangeSet.of(ChangeKind.REVIEW, roadmap_id=card.roadmap_id, step_keys=keys)
