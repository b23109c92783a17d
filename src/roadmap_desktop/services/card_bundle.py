"""Merge a bundle's cards, FSRS state and review log into the database (inside its import).

A bundle card is the same as a card here when it has the same uid, or, for a practice
question's card, the same roadmap and question key (each database made its own uid for it).
A card new here is created exactly as it was (uid, state, log). A card both sides have
takes the bundle's scheduling state when the bundle's was reviewed later, the bundle's text
when the learner edited it there, and gains the bundle's answers it lacks (by time and
rating); nothing here is lost. Archived flags are then worked out against this database's
content.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core.cards import sync_question_cards
from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.importers.card_bundle import BundleCard, BundleReview


@dataclass
class CardMergeCounts:
    """What merging cards did."""

    added: int = 0
    merged: int = 0
    reviews: int = 0
    skipped: list[str] = field(default_factory=list)


def _log(card_id: int, r: BundleReview) -> ReviewLog:
    return ReviewLog(
        card_id=card_id,
        reviewed_at=r.reviewed_at,
        rating=r.rating,
        state=r.state,
        elapsed_days=r.elapsed_days,
        scheduled_days=r.scheduled_days,
        duration_ms=r.duration_ms,
        prev_step=r.prev_step,
        prev_stability=r.prev_stability,
        prev_difficulty=r.prev_difficulty,
        prev_due=r.prev_due,
        prev_last_review=r.prev_last_review,
        prev_lapses=r.prev_lapses,
    )


def _take_state(card: Card, item: BundleCard) -> None:
    card.state, card.step = item.state, item.learning_step
    card.stability, card.difficulty = item.stability, item.difficulty
    card.due, card.last_review = item.due, item.last_review
    card.reps, card.lapses = item.reps, item.lapses
    card.suspended = item.suspended


def merge_cards(
    session: Session, items: tuple[BundleCard, ...], roadmap_ids: dict[str, int]
) -> CardMergeCounts:
    """Merge the bundle's cards into the caller's transaction."""
    counts = CardMergeCounts()
    if not items:
        return counts
    by_uid = {c.uid: c for c in session.scalars(select(Card))}
    by_question = {
        (c.roadmap_id, c.question_key): c for c in by_uid.values() if c.question_key is not None
    }
    touched: set[int] = set()
    for item in items:
        roadmap_id = roadmap_ids.get(item.roadmap)
        if roadmap_id is None:
            counts.skipped.append(f"a card of the unknown roadmap {item.roadmap!r}")
            continue
        touched.add(roadmap_id)
        card = by_uid.get(item.uid)
        if card is None and item.question is not None:
            card = by_question.get((roadmap_id, item.question))
        if card is None:
            card = Card(
                uid=item.uid,
                roadmap_id=roadmap_id,
                step_key=item.step,
                question_key=item.question,
                origin=item.origin,
                front_md=item.front,
                back_md=item.back,
                edited=item.edited,
                archived=item.archived,
                created_at=item.created_at,
            )
            _take_state(card, item)
            session.add(card)
            session.flush()
            session.add_all(_log(card.id, r) for r in item.reviews)
            by_uid[item.uid] = card
            counts.added += 1
            counts.reviews += len(item.reviews)
            continue
        fresh_here = card.reps == 0 and card.last_review is None
        if fresh_here and (card.uid == item.uid or item.uid not in by_uid):
            # A question's card nobody studied here becomes the bundle's card entirely (the
            # same uid when both were made by this version: it is derived from the question).
            by_uid.pop(card.uid, None)
            card.uid, card.created_at = item.uid, item.created_at
            by_uid[item.uid] = card
            _take_state(card, item)
        elif item.last_review is not None and (
            card.last_review is None or item.last_review > card.last_review
        ):
            _take_state(card, item)
        if item.edited and not card.edited:
            card.front_md, card.back_md, card.edited = item.front, item.back, True
        have = set(
            session.execute(
                select(ReviewLog.reviewed_at, ReviewLog.rating).where(ReviewLog.card_id == card.id)
            ).tuples()
        )
        new_logs = [r for r in item.reviews if (r.reviewed_at, r.rating) not in have]
        session.add_all(_log(card.id, r) for r in new_logs)
        counts.reviews += len(new_logs)
        counts.merged += 1
    session.flush()
    for roadmap_id in touched:
        sync_question_cards(session, roadmap_id)
    return counts
