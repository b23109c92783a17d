"""Writing cards: the learner's own (New Card…, from a note selection), edits, suspending,
deleting (each undoable), and the reads of a step's or the archive's cards."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from roadmap_desktop.core.cards import new_uid, utcnow
from roadmap_desktop.core.cloze import MAX_CARD_CHARS
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.errors import NotFoundError, UserFacingError
from roadmap_desktop.core.models import Card, ReviewLog, Step
from roadmap_desktop.services.card_snapshots import capture_card
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.queries import (
    step_cards as step_cards,  # read first, by the step pane
)
from roadmap_desktop.services.review_queue import load_cards
from roadmap_desktop.services.review_values import CardDraft, CardSnapshot, ReviewCard


def check_draft(draft: CardDraft) -> CardDraft:
    """The draft with outer blanks trimmed; UserFacingError when it cannot be a card."""
    front, back = draft.front_md.strip(), draft.back_md.strip()
    if not front:
        raise UserFacingError("A card needs a front: the question or a sentence with a gap.")
    if len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
        raise UserFacingError(
            f"A card side may hold up to {MAX_CARD_CHARS:,} characters; this one is longer."
        )
    return CardDraft(front, back)


def _change(roadmap_id: int, step_key: str | None) -> ChangeSet:
    keys = {step_key} if step_key else set()
    return ChangeSet.of(ChangeKind.REVIEW, roadmap_id=roadmap_id, step_keys=keys)


def _require(session: Session, card_id: int) -> Card:
    card = session.get(Card, card_id)
    if card is None:
        raise NotFoundError("This card no longer exists.")
    return card


def add_own_card(
    session: Session, roadmap_id: int, step_key: str, draft: CardDraft, now: datetime
) -> Card:
    """Insert a learner's card into a live step inside the caller's transaction."""
    live = session.scalar(
        select(Step.id).where(
            Step.roadmap_id == roadmap_id, Step.key == step_key, Step.archived.is_(False)
        )
    )
    if live is None:
        raise NotFoundError(f"No step {step_key!r} in this roadmap.")
    card = Card(
        uid=new_uid(),
        roadmap_id=roadmap_id,
        step_key=step_key,
        origin="own",
        front_md=draft.front_md,
        back_md=draft.back_md,
        edited=False,
        suspended=False,
        archived=False,
        created_at=now,
        state=0,
        due=now,
        reps=0,
        lapses=0,
    )
    session.add(card)
    return card


def create_card(
    db: Database, roadmap_id: int, step_key: str, draft: CardDraft
) -> tuple[int, ChangeSet]:
    """A new card of the learner's in a step; returns its id (undo deletes it)."""
    draft = check_draft(draft)
    with db.transaction() as session:
        card = add_own_card(session, roadmap_id, step_key, draft, utcnow())
        session.flush()
        return card.id, _change(roadmap_id, step_key)


def edit_card(
    db: Database, card_id: int, draft: CardDraft
) -> tuple[tuple[CardDraft, bool], ChangeSet]:
    """Change a card's text; returns the previous text and edited flag (for undo). A question's
    card keeps the learner's text from now on, whatever content updates bring."""
    draft = check_draft(draft)
    with db.transaction() as session:
        card = _require(session, card_id)
        before = (CardDraft(card.front_md, card.back_md), card.edited)
        card.front_md, card.back_md = draft.front_md, draft.back_md
        card.edited = card.origin != "own"
        return before, _change(card.roadmap_id, card.step_key)


def restore_card_text(db: Database, card_id: int, before: tuple[CardDraft, bool]) -> ChangeSet:
    """Undo an edit: the text and edited flag exactly as they were."""
    with db.transaction() as session:
        card = _require(session, card_id)
        card.front_md, card.back_md = before[0].front_md, before[0].back_md
        card.edited = before[1]
        return _change(card.roadmap_id, card.step_key)


def set_suspended(db: Database, card_id: int, suspended: bool) -> tuple[bool, ChangeSet]:
    """Suspend (never due) or unsuspend a card; returns the previous flag."""
    with db.transaction() as session:
        card = _require(session, card_id)
        before = card.suspended
        card.suspended = suspended
        return before, _change(card.roadmap_id, card.step_key)


def delete_card(db: Database, card_id: int) -> tuple[CardSnapshot, ChangeSet]:
    """Delete a card and its review log; returns a snapshot that brings both back."""
    with db.transaction() as session:
        card = _require(session, card_id)
        snap = capture_card(session, card)
        change = _change(card.roadmap_id, card.step_key)
        session.delete(card)
        return snap, change


def restore_card(db: Database, snap: CardSnapshot) -> ChangeSet:
    """Undo a delete: the card (same id and uid) and its whole review log."""
    row: dict[str, Any] = dict(snap.row)
    with db.transaction() as session:
        if session.get(Card, row["id"]) is not None:
            raise UserFacingError("This card exists already.")
        session.add(Card(**row))
        session.flush()
        session.add_all(ReviewLog(**dict(log)) for log in snap.log)
        return _change(int(row["roadmap_id"]), row["step_key"])


def archived_cards(db: Database, roadmap_id: int | None = None) -> tuple[ReviewCard, ...]:
    """Cards whose question or step a roadmap update removed (kept with their history)."""
    where = "c.archived = 1" + ("" if roadmap_id is None else " AND c.roadmap_id = :rid")
    with db.reading() as session:
        found = load_cards(session, where, {"rid": roadmap_id}, order="c.roadmap_id, c.id")
    return tuple(card for card, _ in found)


def get_card(db: Database, card_id: int) -> ReviewCard:
    """One card by id."""
    with db.reading() as session:
        found = load_cards(session, "c.id = :id", {"id": card_id})
    if not found:
        raise NotFoundError("This card no longer exists.")
    return found[0][0]
