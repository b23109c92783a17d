"""Cards from a roadmap's practice questions, kept apart from the questions themselves.

A content sync replaces the `practice_questions` rows; the card of each question (keyed by the
roadmap and the question's stable key) survives with its FSRS state and history. A card takes
its question's current text until the learner edits it; a card whose question or step is gone
is archived (kept, shown under "Archived", never due).
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from roadmap_desktop.core.models import Card, Origin, PracticeQuestion, Roadmap, Step

CARD_ORIGINS = ("bundled", "imported", "own")


def new_uid() -> str:
    """A fresh stable card identity (32 hex digits)."""
    return uuid.uuid4().hex


def question_card_uid(slug: str, question_key: str) -> str:
    """The identity of a practice question's card: the same on every computer, so two
    computers that each made the card sync it as one card."""
    return hashlib.sha1(f"question:{slug}:{question_key}".encode()).hexdigest()[:32]


def canonical_question_uids(session: Session) -> int:
    """Give every question card its computed identity (cards made by older versions, or
    copied with a roadmap, have random ones); returns how many changed."""
    rows = session.execute(
        select(Card.id, Card.uid, Roadmap.slug, Card.question_key)
        .join(Roadmap, Roadmap.id == Card.roadmap_id)
        .where(Card.question_key.is_not(None))
    ).all()
    wrong = {
        cid: wanted
        for cid, uid, slug, qkey in rows
        if (wanted := question_card_uid(slug, qkey)) != uid
    }
    if not wrong:
        return 0
    # A card already holding one of these ids (only by a random clash) gets a fresh one.
    for other in session.scalars(select(Card).where(Card.uid.in_(wrong.values()))):
        other.uid = new_uid()
    session.flush()
    for cid, uid in wrong.items():
        session.execute(update(Card).where(Card.id == cid).values(uid=uid))
    return len(wrong)


def utcnow() -> datetime:
    """Now as a naive UTC instant, the way the database stores times."""
    return datetime.now(UTC).replace(tzinfo=None)


def sync_question_cards(session: Session, roadmap_id: int) -> int:
    """Give every practice question of the roadmap its card and refresh archived flags;
    returns how many cards were created. Runs inside the caller's transaction."""
    roadmap = session.get(Roadmap, roadmap_id)
    if roadmap is None:
        return 0
    origin = "bundled" if roadmap.origin == Origin.BUNDLED else "imported"
    live_steps = set(
        session.scalars(
            select(Step.key).where(Step.roadmap_id == roadmap_id, Step.archived.is_(False))
        )
    )
    questions = session.scalars(
        select(PracticeQuestion)
        .where(PracticeQuestion.roadmap_id == roadmap_id)
        .order_by(PracticeQuestion.position, PracticeQuestion.id)
    ).all()
    cards = list(session.scalars(select(Card).where(Card.roadmap_id == roadmap_id)))
    by_question = {c.question_key: c for c in cards if c.question_key is not None}
    wanted = {q.key for q in questions}
    now = utcnow()
    created = 0
    for question in questions:
        card = by_question.get(question.key)
        if card is None:
            card = Card(
                uid=question_card_uid(roadmap.slug, question.key),
                roadmap_id=roadmap_id,
                question_key=question.key,
                origin=origin,
                front_md=question.prompt_md,
                back_md=question.answer_md,
                edited=False,
                suspended=False,
                state=0,
                due=now,
                created_at=now,
                reps=0,
                lapses=0,
            )
            session.add(card)
            cards.append(card)
            created += 1
        elif not card.edited:
            card.front_md, card.back_md = question.prompt_md, question.answer_md
        card.step_key = question.step_key
    for card in cards:
        gone = card.question_key is not None and card.question_key not in wanted
        step_gone = card.step_key is not None and card.step_key not in live_steps
        card.archived = gone or step_gone
    session.flush()
    return created
