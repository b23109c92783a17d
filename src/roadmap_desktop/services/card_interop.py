"""Cards in and out: Anki package and plain-text export, plain-text import into a step."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import delete, select

from roadmap_desktop.core.cards import utcnow
from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import Card, Phase, Roadmap, Step
from roadmap_desktop.exporters.cards import ExportCard, cards_text, write_apkg
from roadmap_desktop.importers.cards_text import parse_cards_text
from roadmap_desktop.services.cards import add_own_card
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_values import CardDraft


def export_cards(
    db: Database, roadmap_id: int | None = None, *, archived: bool = False
) -> list[ExportCard]:
    """Cards to export (one roadmap or all), in roadmap, step and card order."""
    query = (
        select(
            Card.uid,
            Roadmap.slug,
            Roadmap.title,
            Phase.key,
            Card.step_key,
            Card.front_md,
            Card.back_md,
        )
        .join(Roadmap, Roadmap.id == Card.roadmap_id)
        .outerjoin(Step, (Step.roadmap_id == Card.roadmap_id) & (Step.key == Card.step_key))
        .outerjoin(Phase, Phase.id == Step.phase_id)
        .order_by(Roadmap.position, Roadmap.id, Phase.position, Step.position, Card.id)
    )
    if roadmap_id is not None:
        query = query.where(Card.roadmap_id == roadmap_id)
    if not archived:
        query = query.where(Card.archived.is_(False))
    with db.reading() as session:
        return [ExportCard(*row) for row in session.execute(query).tuples()]


def export_apkg(db: Database, path: Path, roadmap_id: int | None = None) -> int:
    """Write the cards as an Anki package at path; returns the number of notes."""
    return write_apkg(export_cards(db, roadmap_id), path)


def export_text(db: Database, roadmap_id: int | None = None) -> str:
    """The cards as Anki's tab-separated "Notes in Plain Text"."""
    return cards_text(export_cards(db, roadmap_id))


def import_text(
    db: Database, roadmap_id: int, step_key: str, data: bytes, name: str
) -> tuple[tuple[int, ...], ChangeSet]:
    """Add every card of a plain-text file to a step, all or nothing; returns the new ids.

    ImportFormatError (naming the line) when the file is wrong; nothing is written then."""
    parsed = parse_cards_text(data, name)
    now = utcnow()
    with db.transaction() as session:
        added = [
            add_own_card(session, roadmap_id, step_key, CardDraft(c.front, c.back), now)
            for c in parsed.cards
        ]
        session.flush()
        ids = tuple(card.id for card in added)
    return ids, ChangeSet.of(ChangeKind.REVIEW, roadmap_id=roadmap_id, step_keys={step_key})


def remove_imported(db: Database, ids: tuple[int, ...]) -> ChangeSet:
    """Undo an import: delete those cards (and any answers given to them since)."""
    with db.transaction() as session:
        rows = session.execute(
            select(Card.roadmap_id, Card.step_key).where(Card.id.in_(ids))
        ).tuples()
        keys = {step for _, step in rows if step}
        session.execute(delete(Card).where(Card.id.in_(ids)))
    return ChangeSet.of(ChangeKind.REVIEW, step_keys=keys)
