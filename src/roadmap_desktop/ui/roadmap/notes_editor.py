"""The learner's markdown notes for a step: edit or preview, autosaved within a second."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QKeyEvent
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

from roadmap_desktop.core.formatting import format_stamp
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

AUTOSAVE_MS = 700
# A two-part switch whose active half is filled with the highlight colour in both palettes.
SEGMENT_CSS = """
QToolButton { border: 1px solid palette(mid); padding: 2px 10px; background: palette(button); }
QToolButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border-color: palette(highlight); font-weight: bold; }
QToolButton:hover:!checked { border-color: palette(highlight); }
"""
PLACEHOLDER = (
    "Your notes for this step, in Markdown: what clicked, what to revisit, "
    "commands worth keeping… Saved automatically as you type."
)


class NotesEditor(QWidget):
    """Edits one step's note; saves at most AUTOSAVE_MS after a change, and on switch or close."""

    saved = Signal()
    escaped = Signal()  # Escape pressed in the editor: the pane moves focus away
    open_changed = Signal(bool)  # the section was unfolded (True) or folded away

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._target: tuple[int, str] | None = None
        self._dirty = False
        self._loading = False
        self._base = ""  # the text as stored when it was loaded or last saved
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

        # The section header: a toggle that folds the note away so the guide gets the room.
        self.collapse_button = QToolButton()
        self.collapse_button.setText("Notes")
        self.collapse_button.setCheckable(True)
        self.collapse_button.setChecked(True)
        self.collapse_button.setAutoRaise(True)
        self.collapse_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.collapse_button.setArrowType(Qt.ArrowType.DownArrow)
        self.collapse_button.setToolTip("Show or hide your notes for this step")
        self.collapse_button.setAccessibleName("Show notes")
        bold = self.collapse_button.font()
        bold.setBold(True)
        self.collapse_button.setFont(bold)
        self.collapse_button.toggled.connect(self._set_open)
        self.edit_button = QToolButton()
        self.edit_button.setText("Edit")
        self.preview_button = QToolButton()
        self.preview_button.setText("Preview")
        for button in (self.edit_button, self.preview_button):
            button.setCheckable(True)
            button.setStyleSheet(SEGMENT_CSS)
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
        header.addWidget(self.collapse_button)
        header.addSpacing(8)
        header.addWidget(self.edit_button)
        header.addWidget(self.preview_button)
        header.addStretch(1)
        header.addWidget(self.state_label)
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.stack, 1)

        self.preview_hint = QLabel(
            "Nothing written for this step yet. Click Edit (or press Ctrl+Shift+P) and type; "
            "Markdown is shown here rendered."
        )
        self.preview_hint.setWordWrap(True)
        self.preview_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview_hint.setStyleSheet("color: palette(placeholder-text); padding: 16px;")
        self.stack.addWidget(self.preview_hint)
        self.editor.installEventFilter(self)

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
        self._base = text
        self.state_label.setText(_saved_text(updated_at))
        if self.mode() == 1:
            self._render(1)
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
        text = self.editor.toPlainText()
        from roadmap_desktop.services import study  # with SQLAlchemy, after the first view

        result = self.ctx.apply(study.save_note, roadmap_id, step_key, text)
        if result is None:
            self.state_label.setText("Not saved")
            return False
        self._dirty = False
        self._base = text
        self.state_label.setText(_saved_text(datetime.now().astimezone()))
        self.saved.emit()
        return True

    def merge_external(self, stored: str, updated_at: datetime | None) -> None:
        """The stored note changed elsewhere (another computer, through sync): show it, and
        when typing here is not saved yet, merge the two three-way so neither is lost."""
        if self._target is None or stored == self._base:
            return
        from roadmap_desktop.core.sync.textmerge import merge_texts

        mine = self.editor.toPlainText()
        if self._dirty:
            text, _clash = merge_texts(
                self._base, mine, stored, "This computer", "Another computer"
            )
        else:
            text = stored
        cursor = self.editor.textCursor().position()
        scroll = self.editor.verticalScrollBar().value()
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        moved = self.editor.textCursor()
        moved.setPosition(min(cursor, len(text)))
        self.editor.setTextCursor(moved)
        self.editor.verticalScrollBar().setValue(scroll)
        self._base = stored
        if text != stored:  # merged with typing here: save the merge soon
            self._edited()
        else:
            self.state_label.setText("Updated from another computer")
        if self.mode() == 1:
            self._render(1)

    def is_dirty(self) -> bool:
        """Whether there is typing not yet written to the database."""
        return self._dirty

    def show_mode(self, mode: int) -> None:
        """0 shows the editor, 1 the rendered preview (a hint when the note is empty); a folded
        section unfolds."""
        self._render(mode)
        if not self.is_open():
            self.collapse_button.setChecked(True)

    def _render(self, mode: int) -> None:
        if mode == 1:
            text = self.editor.toPlainText()
            self.preview.set_markdown(text)
            self.stack.setCurrentWidget(self.preview if text.strip() else self.preview_hint)
        else:
            self.stack.setCurrentIndex(0)
        (self.preview_button if mode == 1 else self.edit_button).setChecked(True)

    def mode(self) -> int:
        """0 while editing, 1 while previewing."""
        return 0 if self.stack.currentIndex() == 0 else 1

    def toggle_preview(self) -> None:
        """Switch between editing and previewing."""
        self.show_mode(1 - self.mode())

    def focus_editor(self) -> None:
        """Go to the editor, ready to type."""
        self.show_mode(0)
        self.editor.setFocus()

    def header_height(self) -> int:
        """Height of the section with the note folded away (its header line and margin)."""
        margins = self._layout.contentsMargins()
        return self.collapse_button.sizeHint().height() + margins.top() + margins.bottom() + 4

    def is_open(self) -> bool:
        """Whether the note's editor or preview is shown (not folded away)."""
        return self.collapse_button.isChecked()

    def set_open(self, shown: bool) -> None:
        """Unfold or fold the note section."""
        self.collapse_button.setChecked(shown)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Escape leaves the note: the text is saved and focus goes back to the guide.
        if (
            watched is self.editor
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.flush()
            self.escaped.emit()
            return True
        return super().eventFilter(watched, event)

    def _set_open(self, shown: bool) -> None:
        self.stack.setVisible(shown)
        self.collapse_button.setArrowType(
            Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
        )
        self.collapse_button.setAccessibleName("Hide notes" if shown else "Show notes")
        self.open_changed.emit(shown)

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
    stamp = format_stamp(local, today)
    return f"Saved {stamp}"
