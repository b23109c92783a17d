"""The step pane's Questions section: the step's cards, answers hidden behind "Show answer",
with New Card…, Quiz Me on This Step and Import Cards….

The roadmap page inserts it into the step pane and calls `show_step`; `quiz_requested` asks
the window to open the Review page on a quiz of this step.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.scheduling import interval_label
from roadmap_desktop.services import queries
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.review_values import ReviewCard
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review.card_dialog import card_sides
from roadmap_desktop.ui.widgets.markdown_view import render


def _html(markdown_text: str) -> str:
    return render(markdown_text)


def card_status(card: ReviewCard, now: datetime) -> str:
    """A short word on where a card stands: new, due now, due in 3 d, suspended."""
    if card.suspended:
        return "suspended"
    if card.archived:
        return "archived"
    if card.is_new:
        return "new"
    if card.due <= now:
        return "due now"
    return f"due in {interval_label(card.due - now)}"


class QuestionRow(QFrame):
    """One card: its question, the answer behind a toggle, and Edit / Suspend / Delete."""

    def __init__(self, section: StepQuestions, card: ReviewCard, now: datetime) -> None:
        super().__init__()
        self.section, self.card = section, card
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"question_{card.id}")
        question, answer = card_sides(card.front_md, card.back_md)
        self.prompt = QLabel(_html(question))
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.prompt.setAccessibleName("Question")
        self.answer = QLabel(_html(answer or "*(no answer written)*"))
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.RichText)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.answer.setAccessibleName("Answer")
        self.answer.setStyleSheet(
            "QLabel { border-left: 3px solid palette(highlight); padding-left: 8px; }"
        )
        self.answer.hide()
        self.toggle = QToolButton()
        self.toggle.setText("Show answer")
        self.toggle.setCheckable(True)
        self.toggle.toggled.connect(self._toggled)
        self.status = QLabel(card_status(card, now))
        self.status.setStyleSheet("color: palette(placeholder-text);")
        self.edit_button = QToolButton()
        self.edit_button.setText("Edit…")
        self.edit_button.clicked.connect(self.edit)
        self.suspend_button = QToolButton()
        self.suspend_button.setText("Unsuspend" if card.suspended else "Suspend")
        self.suspend_button.setToolTip("A suspended card never comes due")
        self.suspend_button.clicked.connect(self.flip_suspended)
        self.delete_button = QToolButton()
        self.delete_button.setText("Delete")
        self.delete_button.clicked.connect(self.delete)
        row = QHBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.toggle)
        row.addWidget(self.status)
        row.addStretch(1)
        for button in (self.edit_button, self.suspend_button, self.delete_button):
            button.setAutoRaise(True)
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(4)
        layout.addWidget(self.prompt)
        layout.addWidget(self.answer)
        layout.addLayout(row)

    def _toggled(self, shown: bool) -> None:
        self.answer.setVisible(shown)
        self.toggle.setText("Hide answer" if shown else "Show answer")

    def edit(self) -> None:
        """Edit this card (undoable)."""
        from roadmap_desktop.ui.review import card_commands  # writes: SQLAlchemy

        card_commands.edit_card(self.section.ctx, self, self.card)

    def flip_suspended(self) -> None:
        """Suspend or unsuspend this card (undoable)."""
        from roadmap_desktop.ui.review import card_commands  # writes: SQLAlchemy

        card_commands.set_suspended(self.section.ctx, self.card.id, not self.card.suspended)

    def delete(self) -> None:
        """Delete this card and its history (undoable)."""
        from roadmap_desktop.ui.review import card_commands  # writes: SQLAlchemy

        card_commands.delete_card(self.section.ctx, self.card.id)


class StepQuestions(QWidget):
    """The Questions section of one step."""

    quiz_requested = Signal(int, str, str)  # roadmap id, step key, step title

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roadmap_id: int | None = None
        self.step_key = ""
        self.step_title = ""
        self.rows: list[QuestionRow] = []
        self.heading = QLabel("Questions")
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.new_button = QPushButton("New Card…")
        self.new_button.setToolTip("Write your own question for this step")
        self.new_button.clicked.connect(self.new_card)
        self.quiz_button = QPushButton("Quiz Me on This Step")
        self.quiz_button.setToolTip("Review this step's cards now; answers count as reviews")
        self.quiz_button.clicked.connect(self.quiz)
        self.import_button = QToolButton()
        self.import_button.setText("Import…")
        self.import_button.setToolTip("Import cards from Anki text (front<Tab>back per line)")
        self.import_button.clicked.connect(self.import_cards)
        # The heading and the buttons on rows of their own: in a narrow side column (1024 px
        # windows) one row clipped the buttons' text.
        self.quiz_button.setText("Quiz Me")
        self.quiz_button.setAccessibleName("Quiz Me on This Step")
        top = QVBoxLayout()
        top.setSpacing(4)
        top.addWidget(self.heading)
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.quiz_button)
        buttons.addWidget(self.import_button)
        buttons.addStretch(1)
        top.addLayout(buttons)
        self.setMinimumWidth(240)
        self.empty = QLabel(
            "No questions for this step yet. Write one with New Card…, or select text in your "
            "notes and choose Make Card From Selection."
        )
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text);")
        self.list_box = QWidget()
        self.list_layout = QVBoxLayout(self.list_box)
        self.list_layout.setContentsMargins(0, 0, 0, 0)
        self.list_layout.setSpacing(6)
        self.list_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.list_box)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        ctx.changed.connect(self._on_changed)
        self._set_enabled(False)

    def show_step(self, roadmap_id: int, step_key: str, step_title: str) -> None:
        """Show the cards of this step."""
        self.roadmap_id, self.step_key, self.step_title = roadmap_id, step_key, step_title
        self._set_enabled(True)
        self.reload()

    def reload(self) -> None:
        """Read the step's cards again."""
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        if self.roadmap_id is None:
            return
        now = datetime.now(UTC).replace(tzinfo=None)
        found = self.ctx.read(queries.step_cards, self.roadmap_id, self.step_key)
        for card in found:
            row = QuestionRow(self, card, now)
            self.list_layout.insertWidget(self.list_layout.count() - 1, row)
            self.rows.append(row)
        self.heading.setText(f"Questions ({len(found)})" if found else "Questions")
        self.empty.setVisible(not found)
        self.scroll_area.setVisible(bool(found))
        self.quiz_button.setEnabled(any(not c.suspended for c in found))

    def _set_enabled(self, on: bool) -> None:
        for button in (self.new_button, self.quiz_button, self.import_button):
            button.setEnabled(on)

    # --- commands (zero-argument) --------------------------------------------------------------

    def new_card(self) -> None:
        """New Card… for this step (undoable)."""
        from roadmap_desktop.ui.review import card_commands  # writes: SQLAlchemy

        if self.roadmap_id is not None:
            card_commands.new_card(self.ctx, self, self.roadmap_id, self.step_key, self.step_title)

    def quiz(self) -> None:
        """Quiz Me on This Step: review this step's cards now."""
        if self.roadmap_id is not None and self.rows:
            self.quiz_requested.emit(self.roadmap_id, self.step_key, self.step_title)

    def import_cards(self) -> None:
        """Import Anki plain-text notes into this step (undoable)."""
        from roadmap_desktop.ui.review import card_commands  # writes: SQLAlchemy

        if self.roadmap_id is not None:
            card_commands.import_into_step(
                self.ctx, self, self.roadmap_id, self.step_key, self.step_title
            )

    def _on_changed(self, change: ChangeSet) -> None:
        if self.roadmap_id is None:
            return
        content = change.touches(ChangeKind.ROADMAPS) and change.roadmap_id in (
            None,
            self.roadmap_id,
        )
        ours = change.touches(ChangeKind.REVIEW) and (
            not change.step_keys or self.step_key in change.step_keys
        )
        if content or ours:
            self.reload()
