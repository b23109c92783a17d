"""The undoable card commands (new, edit, suspend, delete, answer, import) and the exports.

Every write goes through the app's one QUndoStack as a ServiceCommand (ui/commands.py), so
Ctrl+Z undoes an answer, an edit or a delete exactly; views refresh from `ctx.changed`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from roadmap_desktop.core.cloze import card_from_selection
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.services import cards, review
from roadmap_desktop.services.review_values import CardDraft, ReviewCard, ReviewOptions
from roadmap_desktop.ui.commands import ServiceCommand, push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review.card_dialog import CardDialog


def review_options(ctx: AppContext) -> ReviewOptions:
    """The learner's review settings as the services take them."""
    settings = ctx.settings
    return ReviewOptions(
        desired_retention=settings.review_retention,
        new_per_day=settings.review_new_per_day,
        all_steps=settings.review_all_steps,
    )


def new_card(
    ctx: AppContext,
    parent: QWidget | None,
    roadmap_id: int,
    step_key: str,
    step_title: str,
    draft: CardDraft | None = None,
) -> ServiceCommand | None:
    """Ask for a new card of a step and add it (undo deletes it)."""
    written = CardDialog.ask(
        parent, title="New Card", draft=draft or CardDraft("", ""), context=f"Step: {step_title}"
    )
    if written is None:
        return None
    return push(
        ctx,
        "New Card",
        lambda db: cards.create_card(db, roadmap_id, step_key, written),
        lambda db, card_id: cards.delete_card(db, card_id)[1],
    )


def make_card_from_selection(
    ctx: AppContext,
    parent: QWidget | None,
    roadmap_id: int,
    step_key: str,
    step_title: str,
    text: str,
    start: int,
    end: int,
    *,
    cloze: bool,
) -> ServiceCommand | None:
    """Make Card From Selection (notes editor): the selection becomes the answer of a new
    card, or (cloze) a {{c1::…}} gap in its paragraph; the card dialog opens to finish it."""
    try:
        front, back = card_from_selection(text, start, end, cloze=cloze)
    except ValueError as exc:
        ctx.error.emit(str(exc))
        return None
    return new_card(ctx, parent, roadmap_id, step_key, step_title, CardDraft(front, back))


def edit_card(ctx: AppContext, parent: QWidget | None, card: ReviewCard) -> None:
    """Change a card's text in the card dialog (undoable)."""
    written = CardDialog.ask(
        parent,
        title="Edit Card",
        draft=CardDraft(card.front_md, card.back_md),
        context=" · ".join(t for t in (card.roadmap_title, card.step_title) if t),
    )
    if written is None or written == CardDraft(card.front_md, card.back_md):
        return
    push(
        ctx,
        "Edit Card",
        lambda db: cards.edit_card(db, card.id, written),
        lambda db, before: cards.restore_card_text(db, card.id, before),
    )


def set_suspended(ctx: AppContext, card_id: int, suspended: bool) -> None:
    """Suspend (never due) or unsuspend a card (undoable)."""
    push(
        ctx,
        "Suspend Card" if suspended else "Unsuspend Card",
        lambda db: cards.set_suspended(db, card_id, suspended),
        lambda db, before: cards.set_suspended(db, card_id, before)[1],
    )


def delete_card(ctx: AppContext, card_id: int) -> None:
    """Delete a card and its history (undo brings both back)."""
    push(ctx, "Delete Card", lambda db: cards.delete_card(db, card_id), cards.restore_card)


class AnswerCommand(ServiceCommand):
    """An answer on the undo stack; undoing it calls `on_undo` with the card (to show it)."""

    def __init__(
        self,
        ctx: AppContext,
        card_id: int,
        rating: int,
        options: ReviewOptions,
        duration_ms: int | None,
        on_undo: Callable[[int, int], None],
    ) -> None:
        names = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
        super().__init__(
            ctx,
            f"Answer {names[rating]}",
            lambda db: review.answer(db, card_id, rating, options, None, duration_ms),
            review.undo_answer,
        )
        self.card_id, self.rating, self.on_undo = card_id, rating, on_undo

    def undo(self) -> None:
        self.on_undo(self.card_id, self.rating)  # before the refresh the undo triggers
        super().undo()


def import_into_step(
    ctx: AppContext, parent: QWidget | None, roadmap_id: int, step_key: str, step_title: str
) -> None:
    """Import Anki plain-text notes (front<TAB>back) into a step, all or nothing."""
    path, _filter = QFileDialog.getOpenFileName(
        parent, "Import Cards Into This Step", "", "Text files (*.txt *.tsv *.csv);;All files (*)"
    )
    if not path:
        return
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        ctx.error.emit(f"{path} cannot be read: {exc.strerror or exc}")
        return
    name = Path(path).name
    from roadmap_desktop.services import card_interop  # the exporters: only when used

    command = push(
        ctx,
        "Import Cards",
        lambda db: card_interop.import_text(db, roadmap_id, step_key, data, name),
        lambda db, ids: card_interop.remove_imported(db, ids),
    )
    if not command.failed:
        ctx.message.emit(f"Imported {len(command.memo)} cards into “{step_title}”.")


def export_cards(ctx: AppContext, parent: QWidget | None, *, anki: bool) -> None:
    """Export every card as an Anki package or as tab-separated text."""
    if anki:
        title, pattern, suffix = "Export Cards to Anki", "Anki package (*.apkg)", ".apkg"
    else:
        title, pattern, suffix = "Export Cards as Text", "Text (*.txt)", ".txt"
    path, _filter = QFileDialog.getSaveFileName(parent, title, f"roadmap-cards{suffix}", pattern)
    if not path:
        return
    target = Path(path) if path.endswith(suffix) else Path(path + suffix)
    from roadmap_desktop.services import card_interop

    try:
        if anki:
            count = card_interop.export_apkg(ctx.db, target)
        else:
            count = len(card_interop.export_cards(ctx.db))
            target.write_text(card_interop.export_text(ctx.db), encoding="utf-8")
    except (OSError, UserFacingError) as exc:
        ctx.error.emit(f"The cards could not be written to {target}: {exc}")
        return
    ctx.message.emit(f"Exported {count} cards to {target}.")
