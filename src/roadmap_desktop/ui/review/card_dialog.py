"""The card dialog: front and back in Markdown with a live preview (New Card… and Edit)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.cloze import MAX_CARD_CHARS, cloze_answer, cloze_question, has_cloze
from roadmap_desktop.services.review_values import CardDraft
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView


def card_sides(front_md: str, back_md: str) -> tuple[str, str]:
    """What the learner sees: the question side and the answer side (a cloze card shows its
    gaps hidden, then filled in, with any extra back text below)."""
    if has_cloze(front_md):
        answer = cloze_answer(front_md)
        return cloze_question(front_md), answer + ("\n\n---\n\n" + back_md if back_md else "")
    return front_md, back_md


class CardDialog(QDialog):
    """Write or change a card's front and back; OK stays disabled while the front is empty."""

    def __init__(
        self, parent: QWidget | None, *, title: str, draft: CardDraft, context: str = ""
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(8)
        if context:
            where = QLabel(context)
            where.setStyleSheet("color: palette(placeholder-text);")
            where.setWordWrap(True)
            layout.addWidget(where)
        self.front = QPlainTextEdit(draft.front_md)
        self.front.setAccessibleName("Card front")
        self.front.setPlaceholderText(
            "The question (Markdown). For a gap, wrap the answer: {{c1::the answer}}"
        )
        self.front.setTabChangesFocus(True)
        self.back = QPlainTextEdit(draft.back_md)
        self.back.setAccessibleName("Card back")
        self.back.setPlaceholderText("The answer (Markdown)")
        self.back.setTabChangesFocus(True)
        self.preview = MarkdownView()
        self.preview.setAccessibleName("Card preview")
        self.preview.setMinimumHeight(80)
        editors = QSplitter(Qt.Orientation.Vertical)
        for label, widget in (("&Front", self.front), ("&Back", self.back), ("Preview", None)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            caption = QLabel(label)
            box_layout.addWidget(caption)
            if widget is not None:
                caption.setBuddy(widget)
                box_layout.addWidget(widget, 1)
            else:
                box_layout.addWidget(self.preview, 1)
            editors.addWidget(box)
        layout.addWidget(editors, 1)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._update_preview)
        self.front.textChanged.connect(self._edited)
        self.back.textChanged.connect(self._edited)
        self._edited()
        self._update_preview()
        self.resize(640, 560)
        (self.back if draft.back_md and not draft.front_md else self.front).setFocus()

    def _edited(self) -> None:
        front, back = self.front.toPlainText(), self.back.toPlainText()
        problem = ""
        if not front.strip():
            problem = "Write the front: a question, or a sentence with a {{c1::gap}}."
        elif len(front) > MAX_CARD_CHARS or len(back) > MAX_CARD_CHARS:
            problem = f"Each side may hold up to {MAX_CARD_CHARS:,} characters."
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problem)
        self._timer.start()

    def _update_preview(self) -> None:
        question, answer = card_sides(self.front.toPlainText(), self.back.toPlainText())
        self.preview.set_markdown(question + ("\n\n---\n\n" + answer if answer.strip() else ""))

    def draft(self) -> CardDraft:
        """The text as written."""
        return CardDraft(self.front.toPlainText(), self.back.toPlainText())

    @classmethod
    def ask(
        cls, parent: QWidget | None, *, title: str, draft: CardDraft, context: str = ""
    ) -> CardDraft | None:
        """Show the dialog; the written card, or None when cancelled. Tests replace this."""
        dialog = cls(parent, title=title, draft=draft, context=context)
        try:
            return dialog.draft() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
