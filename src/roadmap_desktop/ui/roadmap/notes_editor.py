"""The learner's markdown notes for a step: edit or preview, autosaved within a second."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import study
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

AUTOSAVE_MS = 700
PLACEHOLDER = (
    "Your notes for this step, in Markdown: what clicked, what to revisit, "
    "commands worth keeping… Saved automatically as you type."
)


class NotesEditor(QWidget):
    """Edits one step's note; saves at most AUTOSAVE_MS after a change, and on switch or close."""

    saved = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._target: tuple[int, str] | None = None
        self._dirty = False
        self._loading = False
        ctx.on_flush(self.flush)

        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText(PLACEHOLDER)
        self.editor.setAccessibleName("Notes editor")
        self.editor.setTabChangesFocus(False)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF())
        self.editor.setFont(mono)
        self.preview = MarkdownView()
        self.preview.setAccessibleName("Notes preview")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.editor)
        self.stack.addWidget(self.preview)

        title = QLabel("<b>Notes</b>")
        self.edit_button = QToolButton()
        self.edit_button.setText("Edit")
        self.preview_button = QToolButton()
        self.preview_button.setText("Preview")
        for button in (self.edit_button, self.preview_button):
            button.setCheckable(True)
        self.edit_button.setChecked(True)
        self.edit_button.setToolTip("Edit the note as Markdown")
        self.preview_button.setToolTip("Show the note rendered (Ctrl+Shift+P toggles)")
        group = QButtonGroup(self)
        group.setExclusive(True)
        group.addButton(self.edit_button, 0)
        group.addButton(self.preview_button, 1)
        group.idClicked.connect(self.show_mode)
        self.state_label = QLabel("")
        self.state_label.setAccessibleName("Notes save state")
        self.state_label.setForegroundRole(self.state_label.foregroundRole())
        self.state_label.setStyleSheet("color: palette(placeholder-text);")

        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.setSpacing(6)
        header.addWidget(title)
        header.addSpacing(8)
        header.addWidget(self.edit_button)
        header.addWidget(self.preview_button)
        header.addStretch(1)
        header.addWidget(self.state_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self.timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._edited)

    # --- public ------------------------------------------------------------------------------

    def load(self, roadmap_id: int, step_key: str, text: str, updated_at: datetime | None) -> None:
        """Show another step's note, saving the current one first."""
        self.flush()
        self._target = (roadmap_id, step_key)
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self._dirty = False
        self.state_label.setText(_saved_text(updated_at))
        if self.stack.currentIndex() == 1:
            self.preview.set_markdown(text)
        self.setEnabled(True)

    def clear(self) -> None:
        """Show no note (no step selected)."""
        self.flush()
        self._target = None
        self._loading = True
        self.editor.setPlainText("")
        self._loading = False
        self.state_label.setText("")
        self.setEnabled(False)

    def flush(self) -> bool:
        """Save now if there are unsaved changes; True when nothing is left unsaved."""
        self.timer.stop()
        if not self._dirty or self._target is None:
            return True
        roadmap_id, step_key = self._target
        result = self.ctx.apply(study.save_note, roadmap_id, step_key, self.editor.toPlainText())
        if result is None:
            self.state_label.setText("Not saved")
            return False
        self._dirty = False
        self.state_label.setText(_saved_text(datetime.now().astimezone()))
        self.saved.emit()
        return True

    def is_dirty(self) -> bool:
        """Whether there is typing not yet written to the database."""
        return self._dirty

    def show_mode(self, mode: int) -> None:
        """0 shows the editor, 1 the rendered preview."""
        if mode == 1:
            self.preview.set_markdown(self.editor.toPlainText())
        self.stack.setCurrentIndex(mode)
        (self.preview_button if mode == 1 else self.edit_button).setChecked(True)

    def toggle_preview(self) -> None:
        """Switch between editing and previewing."""
        self.show_mode(1 - self.stack.currentIndex())

    def focus_editor(self) -> None:
        """Go to the editor, ready to type."""
        self.show_mode(0)
        self.editor.setFocus()

    # --- private -----------------------------------------------------------------------------

    def _edited(self) -> None:
        if self._loading or self._target is None:
            return
        self._dirty = True
        self.state_label.setText("Editing…")
        # Not restarted on every keystroke: during long typing a save still lands every
        # AUTOSAVE_MS, so a crash loses under a second of work.
        if not self.timer.isActive():
            self.timer.start()


def _saved_text(when: datetime | None) -> str:
    if when is None:
        return ""
    if when.tzinfo is None:
        from datetime import UTC

        when = when.replace(tzinfo=UTC)
    local = when.astimezone()
    today = datetime.now().astimezone().date()
    stamp = local.strftime("%H:%M") if local.date() == today else local.strftime("%d %b %Y")
    return f"Saved {stamp}"
