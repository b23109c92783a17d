"""The review session: which card is next, answering it (FSRS), undoing an answer, counts.

Which cards come due is tied to the roadmap (services/review_queue.py): by default only cards
of steps the learner has started or finished, unless the options include every step.
Suspended and archived cards never come due. Every answer is one transaction that updates the
card and appends a review-log row holding the card's prior state, so an undo restores it
exactly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from roadmap_desktop.core.cards import utcnow
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.core.scheduling import FsrsState, previews
from roadmap_desktop.core.scheduling import review as fsrs_review
from roadmap_desktop.services import review_queue as queue
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_queue import day_start
from roadmap_desktop.services.review_values import (
    AnswerMemo,
    QuizScope,
    ReviewCard,
    ReviewCounts,
    ReviewOptions,
)

__all__ = [
    "answer",
    "card_for_review",
    "counts",
    "day_start",
    "next_card",
    "next_due_time",
    "status_moves_counts",
    "undo_answer",
]


def _pick(session: Session, options: ReviewOptions, now: datetime) -> int | None:
    due = queue.first_id(session, options, queue.DUE, now, by_due=True)
    if due is not None:
        return due
    if queue.new_left(session, options, now) > 0:
        fresh = queue.first_id(session, options, queue.NEW, now, by_due=False)
        if fresh is not None:
            return fresh
    # Learning and relearning cards due soon, shown early rather than ending the session.
    return queue.first_id(session, options, queue.SOON, queue.learn_ahead(now), by_due=True)


def _pick_quiz(session: Session, scope: QuizScope) -> int | None:
    excluded = ",".join(str(int(i)) for i in sorted(scope.exclude)) or "-1"
    found = queue.load_cards(
        session,
        "c.roadmap_id = :rid AND c.step_key = :step AND c.suspended = 0 AND c.archived = 0"
        f" AND c.id NOT IN ({excluded})",
        {"rid": scope.roadmap_id, "step": scope.step_key},
        order="c.due, c.id LIMIT 1",
    )
    return found[0][0].id if found else None


def shown(
    session: Session, card_id: int, options: ReviewOptions, now: datetime
) -> ReviewCard | None:
    """A card as the review page shows it, with the next interval of each rating."""
    found = queue.load_cards(session, "c.id = :id", {"id": card_id})
    if not found:
        return None
    card, fsrs = found[0]
    return dataclasses.replace(
        card, intervals=previews(card.id, fsrs, now, options.desired_retention)
    )


def next_card(
    db: Database,
    options: ReviewOptions,
    quiz: QuizScope | None = None,
    now: datetime | None = None,
) -> ReviewCard | None:
    """The card to show now (due reviews first, then new cards within today's limit, then
    learning cards due soon), or None when the session is over. A quiz takes the step's
    cards in due order, whatever their due time."""
    now = now or utcnow()
    with db.reading() as session:
        card_id = _pick_quiz(session, quiz) if quiz is not None else _pick(session, options, now)
        return None if card_id is None else shown(session, card_id, options, now)


def card_for_review(
    db: Database, card_id: int, options: ReviewOptions, now: datetime | None = None
) -> ReviewCard | None:
    """One card as the review page shows it (the card an undone answer brings back)."""
    with db.reading() as session:
        return shown(session, card_id, options, now or utcnow())


def counts(db: Database, options: ReviewOptions, now: datetime | None = None) -> ReviewCounts:
    """Due reviews, new cards still available today, and answers given today."""
    now = now or utcnow()
    with db.raw_reading() as conn:
        due = queue.count(conn, options, queue.DUE, now)
        left = queue.new_left(conn, options, now)
        fresh = queue.count(conn, options, queue.NEW, now, limit=left) if left else 0
        done = queue.answered_since(conn, day_start(now), new_only=False)
    return ReviewCounts(due=due, new=fresh, done_today=done)


def status_moves_counts(
    db: Database, options: ReviewOptions, roadmap_id: int, step_keys: Collection[str]
) -> bool:
    """Whether a status change of these steps can move the counts: not when every card may
    come due anyway, nor when no card hangs on those steps or on no step of their roadmap."""
    if options.all_steps:
        return False
    with db.raw_reading() as conn:
        return queue.cards_tied_to(conn, roadmap_id, step_keys)


def next_due_time(
    db: Database, options: ReviewOptions, now: datetime | None = None
) -> datetime | None:
    """When the next card comes due (naive UTC), for the empty state; None when no card
    ever will (no eligible cards at all)."""
    now = now or utcnow()
    with db.reading() as session:
        times = [t for t in (queue.earliest_due(session, options),) if t is not None]
        if queue.count(session, options, queue.NEW, now, limit=1):
            if queue.new_left(session, options, now):
                times.append(now)
            else:
                times.append(day_start(now) + timedelta(days=1))
    return min(times) if times else None


_CARD_STATE_SQL = (
    "SELECT roadmap_id, step_key, state, step, stability, difficulty, due, last_review, reps,"
    " lapses FROM cards WHERE id = :id"
)
_UPDATE_SQL = (
    "UPDATE cards SET state = :state, step = :step, stability = :stability,"
    " difficulty = :difficulty, due = :due, last_review = :last_review, reps = :reps,"
    " lapses = :lapses WHERE id = :id"
)
_LOG_SQL = (
    "INSERT INTO review_log (card_id, reviewed_at, rating, state, elapsed_days, scheduled_days,"
    " duration_ms, prev_step, prev_stability, prev_difficulty, prev_due, prev_last_review,"
    " prev_lapses) VALUES (:card_id, :reviewed_at, :rating, :state, :elapsed_days,"
    " :scheduled_days, :duration_ms, :prev_step, :prev_stability, :prev_difficulty, :prev_due,"
    " :prev_last_review, :prev_lapses)"
)


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else queue.stamp(value)


def answer(
    db: Database,
    card_id: int,
    rating: int,
    options: ReviewOptions,
    now: datetime | None = None,
    duration_ms: int | None = None,
) -> tuple[AnswerMemo, ChangeSet]:
    """Grade a card 1–4 (Again, Hard, Good, Easy): the library schedules it, a log row keeps
    the answer and the card's prior state; one transaction. Returns the undo memo.

    Written as three plain statements (read, update, insert): this runs on every answer."""
    if rating not in (1, 2, 3, 4):
        raise UserFacingError(f"A rating is 1 (Again) to 4 (Easy), not {rating}.")
    now = now or utcnow()
    with db.transaction() as session:
        conn = session.connection()
        row = conn.exec_driver_sql(_CARD_STATE_SQL, {"id": card_id}).first()
        if row is None:
            raise NotFoundError("This card no longer exists.")
        roadmap_id, step_key, state, step, stability, difficulty = row[:6]
        due, last_review = queue.parse_stamp(row[6]), queue.parse_stamp(row[7])
        reps, lapses = int(row[8]), int(row[9])
        assert due is not None
        before = FsrsState(state, step, stability, difficulty, due, last_review)
        outcome = fsrs_review(card_id, before, rating, now, options.desired_retention, fuzz=True)
        log_id = conn.exec_driver_sql(
            _LOG_SQL,
            {
                "card_id": card_id,
                "reviewed_at": queue.stamp(now),
                "rating": rating,
                "state": state,
                "elapsed_days": outcome.elapsed_days,
                "scheduled_days": outcome.scheduled_days,
                "duration_ms": duration_ms,
                "prev_step": step,
                "prev_stability": stability,
                "prev_difficulty": difficulty,
                "prev_due": queue.stamp(due),
                "prev_last_review": _stamp(last_review),
                "prev_lapses": lapses,
            },
        ).lastrowid
        after = outcome.after
        conn.exec_driver_sql(
            _UPDATE_SQL,
            {
                "id": card_id,
                "state": after.state,
                "step": after.step,
                "stability": after.stability,
                "difficulty": after.difficulty,
                "due": queue.stamp(after.due),
                "last_review": _stamp(after.last_review),
                "reps": reps + 1,
                "lapses": lapses + (1 if outcome.lapse else 0),
            },
        )
    keys = {step_key} if step_key else set()
    change = ChangeSet.of(ChangeKind.REVIEW, roadmap_id=roadmap_id, step_keys=keys)
    return AnswerMemo(card_id=card_id, log_id=int(log_id), rating=rating), change


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
