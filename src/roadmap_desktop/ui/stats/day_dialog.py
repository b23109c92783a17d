"""One day's study sessions: list them, and add, edit or delete them (each undoable)."""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, QTime
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import stats_sessions
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.stats_values import DaySession, StepChoice
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.stats.heatmap import minutes_words


def session_line(item: DaySession) -> str:
    """'10:00–10:50 · 50 min · Relational databases — note'."""
    span = f"{item.local_start:%H:%M}–{item.local_end:%H:%M}"
    if item.local_start.date() != item.local_end.date():
        span += " next day"
    length = minutes_words(item.row.minutes)
    if item.minutes_on_day != item.row.minutes:
        length += f" ({minutes_words(item.minutes_on_day)} this day)"
    note = f" — {item.row.note}" if item.row.note else ""
    return f"{span} · {length} · {item.title}{note}"


class SessionDialog(QDialog):
    """A session's start, length and note; for a new one also its step."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        start: datetime,
        minutes: int,
        note: str,
        steps: list[StepChoice] | None,
        step_title: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Study Session" if steps is not None else "Edit Study Session")
        self.started = QDateTimeEdit(
            QDateTime(QDate(start.year, start.month, start.day), QTime(start.hour, start.minute))
        )
        self.started.setCalendarPopup(True)
        self.started.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 1440)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(minutes)
        self.note = QLineEdit(note)
        self.note.setPlaceholderText("optional: what you did")
        self.step = QComboBox()
        self.step.setAccessibleName("Step")
        form = QFormLayout()
        if steps is not None:
            for choice in steps:
                self.step.addItem(choice.label, choice)
            form.addRow("S&tep:", self.step)
        else:
            form.addRow("Step:", QLabel(f"<b>{step_title}</b>"))
        form.addRow("&Started:", self.started)
        form.addRow("&Length:", self.minutes)
        form.addRow("&Note:", self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            "Add" if steps is not None else "Save"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def values(self) -> dict[str, Any]:
        """The naive local start, minutes, note and (for a new session) the chosen step."""
        naive: datetime = self.started.dateTime().toPython()  # type: ignore[assignment]
        return {
            "start": naive.replace(second=0, microsecond=0),
            "minutes": self.minutes.value(),
            "note": self.note.text().strip(),
            "step": self.step.currentData(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, **kwargs: Any) -> dict[str, Any] | None:
        """The values, or None when cancelled. Tests replace this."""
        dialog = cls(parent, **kwargs)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class DaySessionsDialog(QDialog):
    """The sessions of one local day; it re-reads itself after every change (and undo)."""

    def __init__(
        self, ctx: AppContext, day: date, tz: tzinfo, roadmap_id: int | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.ctx, self.day, self.tz, self.roadmap_id = ctx, day, tz, roadmap_id
        self.setWindowTitle(f"Study on {day:%A} {day.day} {day:%B %Y}")
        self.items: list[DaySession] = []
        self.summary = QLabel()
        self.list = QListWidget()
        self.list.setAccessibleName("Sessions of the day")
        self.list.itemActivated.connect(lambda _item: self.edit_current())
        self.add_button = QPushButton("&Add…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("&Delete")
        # The window's Undo does not reach a dialog; these undo the same stack from here.
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.undo_button.setToolTip("Undo the last change (Ctrl+Z)")
        self.undo_button.clicked.connect(ctx.undo_stack.undo)
        self.undo_button.setEnabled(ctx.undo_stack.canUndo())
        ctx.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        close = QPushButton("Close")
        self.add_button.clicked.connect(self.add_session)
        self.edit_button.clicked.connect(self.edit_current)
        self.delete_button.clicked.connect(self.delete_current)
        close.clicked.connect(self.accept)
        self.list.installEventFilter(self)  # Delete removes the selected session
        row = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.undo_button)
        row.addWidget(close)
        hint = QLabel("Each change can be undone here or with Edit ▸ Undo.")
        hint.setStyleSheet("color: palette(placeholder-text);")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addLayout(row)
        self.resize(560, 320)
        ctx.changed.connect(self._on_changed)
        self._listening = True
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.matches(QKeySequence.StandardKey.Delete)
        ):
            self.delete_current()
            return True
        return super().eventFilter(watched, event)

    def _on_changed(self, change: ChangeSet) -> None:
        if change.touches(ChangeKind.TIME, ChangeKind.ROADMAPS):
            self.reload()

    def reload(self) -> None:
        """Read the day's sessions again, keeping the selected one."""
        keep = self.current()
        self.items = self.ctx.read(
            stats_sessions.sessions_on_day, self.day, self.tz, self.roadmap_id
        )
        self.list.clear()
        for item in self.items:
            entry = QListWidgetItem(session_line(item))
            entry.setToolTip(
                f"{item.roadmap_title}: {item.title}" if item.roadmap_title else item.title
            )
            self.list.addItem(entry)
        total = sum(i.minutes_on_day for i in self.items)
        self.summary.setText(
            f"<b>{minutes_words(total)}</b> in {len(self.items)} "
            f"{'session' if len(self.items) == 1 else 'sessions'}"
            if self.items
            else "No study logged on this day. Add a session you forgot to time."
        )
        ids = [i.row.id for i in self.items]
        row = ids.index(keep.row.id) if keep is not None and keep.row.id in ids else 0
        if self.items:
            self.list.setCurrentRow(row)
        self._enable()

    def _enable(self) -> None:
        has = self.current() is not None
        self.edit_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    def current(self) -> DaySession | None:
        """The selected session."""
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _aware(self, naive: datetime) -> datetime:
        return naive.replace(tzinfo=self.tz)

    def add_session(self) -> None:
        """Log a session on this day (undo deletes it)."""
        steps = self.ctx.read(stats_sessions.step_choices, self.roadmap_id)
        if not steps:
            self.summary.setText("There is no step to log time on yet.")
            return
        values = SessionDialog.ask(
            self, start=datetime.combine(self.day, time(18, 0)), minutes=30, note="", steps=steps
        )
        if values is None or values["step"] is None:
            return
        step: StepChoice = values["step"]
        start = self._aware(values["start"])
        push(
            self.ctx,
            f"Log {values['minutes']} min",
            lambda db: stats_sessions.log_time(
                db, step.roadmap_id, step.step_key, start, values["minutes"], values["note"]
            ),
            lambda db, session_id: stats_sessions.delete_session(db, session_id)[1],
        )

    def edit_current(self) -> None:
        """Correct the selected session's start, length or note (undoable)."""
        item = self.current()
        if item is None:
            return
        values = SessionDialog.ask(
            self,
            start=item.local_start.replace(tzinfo=None),
            minutes=item.row.minutes,
            note=item.row.note,
            steps=None,
            step_title=item.title,
        )
        if values is None:
            return
        start, session_id = self._aware(values["start"]), item.row.id
        push(
            self.ctx,
            f"Edit session of {item.title}",
            lambda db: stats_sessions.update_session(
                db, session_id, start, values["minutes"], values["note"]
            ),
            stats_sessions.restore_session,
        )

    def delete_current(self) -> None:
        """Delete the selected session (undo puts it back)."""
        item = self.current()
        if item is None:
            return
        session_id = item.row.id
        push(
            self.ctx,
            f"Delete session of {item.title}",
            lambda db: stats_sessions.delete_session(db, session_id),
            stats_sessions.restore_session,
        )

    def done(self, result: int) -> None:
        if self._listening:
            self._listening = False
            self.ctx.changed.disconnect(self._on_changed)
            self.ctx.undo_stack.canUndoChanged.disconnect(self.undo_button.setEnabled)
        super().done(result)
