"""The `cards` of a bundle: every card with its FSRS state and its whole review log."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.exporters.json_bundle import iso_time


def cards_document(session: Session, slug_of: dict[int, str]) -> list[dict[str, Any]]:
    """Cards in uid order (the same in every database), each with its reviews (JSON-ready)."""
    reviews: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for log in session.scalars(select(ReviewLog).order_by(ReviewLog.card_id, ReviewLog.id)):
        reviews[log.card_id].append(
            {
                "reviewed_at": iso_time(log.reviewed_at),
                "rating": log.rating,
                "state": log.state,
                "elapsed_days": log.elapsed_days,
                "scheduled_days": log.scheduled_days,
                "duration_ms": log.duration_ms,
                "prev": {
                    "step": log.prev_step,
                    "stability": log.prev_stability,
                    "difficulty": log.prev_difficulty,
                    "due": iso_time(log.prev_due),
                    "last_review": iso_time(log.prev_last_review),
                    "lapses": log.prev_lapses,
                },
            }
        )
    return [
        {
            "uid": card.uid,
            "roadmap": slug_of[card.roadmap_id],
            "step": card.step_key,
            "question": card.question_key,
            "origin": card.origin,
            "front": card.front_md,
            "back": card.back_md,
            "edited": card.edited,
            "suspended": card.suspended,
            "archived": card.archived,
            "created_at": iso_time(card.created_at),
            "fsrs": {
                "state": card.state,
                "step": card.step,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "due": iso_time(card.due),
                "last_review": iso_time(card.last_review),
                "reps": card.reps,
                "lapses": card.lapses,
            },
            "reviews": reviews.get(card.id, []),
        }
        for card in session.scalars(select(Card).order_by(Card.uid))
        if card.roadmap_id in slug_of
    ]
