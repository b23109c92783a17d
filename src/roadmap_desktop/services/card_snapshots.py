"""A roadmap's cards and review log when the roadmap is deleted (for undo) or copied.

Deleting a roadmap cascades to its cards; the snapshot keeps them (uids, FSRS state, log) so
undoing the delete brings them back exactly. "Make my own copy" copies them (new uids, the
same state and history), as it copies the rest of the learner's progress.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from roadmap_desktop.core.cards import new_uid, sync_question_cards
from roadmap_desktop.core.models import Card, ReviewLog
from roadmap_desktop.services.review_values import CardSnapshot

_CARD_COLUMNS = tuple(c.key for c in Card.__table__.columns)
_LOG_COLUMNS = tuple(c.key for c in ReviewLog.__table__.columns)


def capture_card(session: Session, card: Card) -> CardSnapshot:
    """One card and its whole review log as plain values."""
    logs = session.scalars(
        select(ReviewLog).where(ReviewLog.card_id == card.id).order_by(ReviewLog.id)
    ).all()
    return CardSnapshot(
        row=tuple((k, getattr(card, k)) for k in _CARD_COLUMNS),
        log=tuple(tuple((k, getattr(log, k)) for k in _LOG_COLUMNS) for log in logs),
    )


def capture_cards(session: Session, roadmap_id: int) -> tuple[CardSnapshot, ...]:
    """Every card of a roadmap with its log."""
    cards = session.scalars(
        select(Card).where(Card.roadmap_id == roadmap_id).order_by(Card.id)
    ).all()
    return tuple(capture_card(session, card) for card in cards)


def write_cards(
    session: Session, snaps: tuple[CardSnapshot, ...], roadmap_id: int, *, copy: bool
) -> None:
    """Replace the roadmap's cards with the snapshots' (a restore keeps uids and, when free,
    ids; a copy gets new ones), each with its review log."""
    session.execute(delete(Card).where(Card.roadmap_id == roadmap_id))
    session.flush()
    for snap in snaps:
        row: dict[str, Any] = dict(snap.row)
        row["roadmap_id"] = roadmap_id
        if copy or session.get(Card, row["id"]) is not None:
            row.pop("id")
        if copy:
            row["uid"] = new_uid()
        card = Card(**row)
        session.add(card)
        session.flush()
        for log in snap.log:
            values = dict(log)
            values.pop("id")
            session.add(ReviewLog(**{**values, "card_id": card.id}))
    session.flush()
    sync_question_cards(session, roadmap_id)
