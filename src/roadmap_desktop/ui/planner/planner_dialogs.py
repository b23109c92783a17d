"""Planner dialogs: a block's details, weekly availability and reminders, logging study time."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.formatting import format_day, format_minutes, format_range

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _buttons(dialog: QDialog, ok: str = "OK") -> QDialogButtonBox:
    box = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class BlockDialog(QDialog):
    """Day, optional start time, minutes, and a title for blocks that are not a step."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        day: date,
        minutes: int,
        start: time | None,
        title: str,
        step_title: str | None,
        done: bool,
        new: bool,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add Block" if new else "Edit Block")
        self.day = QDateEdit(QDate(day.year, day.month, day.day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("ddd d MMM yyyy")
        self.timed = QCheckBox("At a set time")
        self.start = QTimeEdit(QTime(start.hour, start.minute) if start else QTime(18, 0))
        self.start.setDisplayFormat("HH:mm")
        self.timed.setChecked(start is not None)
        self.start.setEnabled(start is not None)
        self.timed.toggled.connect(self.start.setEnabled)
        self.minutes = QSpinBox()
        self.minutes.setRange(5, 1440)
        self.minutes.setSingleStep(15)
        self.minutes.setSuffix(" min")
        self.minutes.setValue(minutes)
        self.title = QLineEdit(title)
        self.title.setPlaceholderText("What will you do?")
        self.done_box = QCheckBox("Done")
        self.done_box.setChecked(done)
        form = QFormLayout()
        if step_title:
            form.addRow("Step:", QLabel(f"<b>{step_title}</b>"))
        else:
            form.addRow("&Title:", self.title)
        form.addRow("&Day:", self.day)
        form.addRow(self.timed, self.start)
        form.addRow("&Length:", self.minutes)
        if not new:
            form.addRow("", self.done_box)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Add" if new else "Save"))
        self.setMinimumWidth(380)

    def values(self) -> dict[str, Any]:
        """The fields as plain values."""
        return {
            "day": self.day.date().toPython(),
            "minutes": self.minutes.value(),
            "start_time": self.start.time().toPython() if self.timed.isChecked() else None,
            "title": self.title.text().strip(),
            "done": self.done_box.isChecked(),
        }

    @classmethod
    def ask(cls, parent: QWidget | None, **kwargs: Any) -> dict[str, Any] | None:
        """The values, or None when cancelled. Tests replace this."""
        dialog = cls(parent, **kwargs)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class AvailabilityDialog(QDialog):
    """Minutes a normal week offers on each weekday, and the reminder lead time."""

    def __init__(self, parent: QWidget | None, minutes: dict[int, int], reminder: int) -> None:
        super().__init__(parent)
        self.setWindowTitle("Weekly Availability")
        intro = QLabel(
            "How much time does a normal week give you for study? "
            "“Plan My Week” fills these minutes."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.spins: list[QSpinBox] = []
        for day, name in enumerate(WEEKDAYS):
            spin = QSpinBox()
            spin.setRange(0, 16 * 60)
            spin.setSingleStep(15)
            spin.setSuffix(" min")
            spin.setValue(minutes.get(day, 0))
            form.addRow(f"{name}:", spin)
            self.spins.append(spin)
        self.total = QLabel()
        form.addRow("Week:", self.total)
        self.reminder = QSpinBox()
        self.reminder.setRange(0, 240)
        self.reminder.setSpecialValueText("Off")
        self.reminder.setSuffix(" min before")
        self.reminder.setValue(reminder)
        form.addRow("Remind me:", self.reminder)
        for spin in self.spins:
            spin.valueChanged.connect(self._update_total)
        self._update_total()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Save"))

    def _update_total(self) -> None:
        total = sum(s.value() for s in self.spins)
        self.total.setText(f"<b>{format_minutes(total)}</b>")

    @classmethod
    def ask(
        cls, parent: QWidget | None, minutes: dict[int, int], reminder: int
    ) -> tuple[dict[int, int], int] | None:
        """(minutes by weekday, reminder lead) or None. Tests replace this."""
        dialog = cls(parent, minutes, reminder)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return {d: s.value() for d, s in enumerate(dialog.spins)}, dialog.reminder.value()


class LogTimeDialog(QDialog):
    """Record study done away from the computer."""

    def __init__(self, parent: QWidget | None, step_title: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Log Study Time")
        now = QDateTime.currentDateTime().addSecs(-3600)
        self.started = QDateTimeEdit(now)
        self.started.setCalendarPopup(True)
        self.started.setDisplayFormat("ddd d MMM yyyy HH:mm")
        self.minutes = QSpinBox()
        self.minutes.setRange(1, 1440)
        self.minutes.setSingleStep(15)
        self.minutes.setValue(60)
        self.minutes.setSuffix(" min")
        self.note = QLineEdit()
        self.note.setPlaceholderText("optional: what you did")
        form = QFormLayout()
        form.addRow("Step:", QLabel(f"<b>{step_title}</b>"))
        form.addRow("&Started:", self.started)
        form.addRow("&Length:", self.minutes)
        form.addRow("&Note:", self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Log"))

    @classmethod
    def ask(cls, parent: QWidget | None, step_title: str) -> tuple[datetime, int, str] | None:
        """(aware start, minutes, note) or None. Tests replace this."""
        dialog = cls(parent, step_title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        naive: datetime = dialog.started.dateTime().toPython()  # type: ignore[assignment]
        started = naive.astimezone()
        return started, dialog.minutes.value(), dialog.note.text().strip()


class PlanPreviewDialog(QDialog):
    """Shows what "Plan My Week" proposes; nothing is stored unless accepted."""

    def __init__(self, parent: QWidget | None, proposed: list[Any]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plan My Week")
        total = sum(p.minutes for p in proposed)
        summary = QLabel(
            f"<b>{len(proposed)}</b> blocks, <b>{format_minutes(total)}</b> "
            "in your free time this week. Blocks you placed yourself stay as they are."
        )
        summary.setWordWrap(True)
        # One row per block in aligned columns: the day, its length (right-aligned) and the step.
        self.table = QTableWidget(len(proposed), 3)
        self.table.setHorizontalHeaderLabels(["Day", "Length", "Step"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, p in enumerate(proposed):
            day = QTableWidgetItem(format_day(p.day))
            length = QTableWidgetItem(format_minutes(p.minutes))
            length.setTextAlignment(right)
            title = QTableWidgetItem(p.title)
            title.setToolTip(p.title)
            for column, item in enumerate((day, length, title)):
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(_buttons(self, "Add to My Week"))
        self.resize(600, 440)

    @classmethod
    def ask(cls, parent: QWidget | None, proposed: list[Any]) -> bool:
        """True when the learner accepts the plan. Tests replace this."""
        return cls(parent, proposed).exec() == QDialog.DialogCode.Accepted


class ExportRangeDialog(QDialog):
    """Which blocks go into the calendar file: this week, a date range, or everything ahead."""

    def __init__(self, parent: QWidget | None, week_start: date, today: date) -> None:
        from PySide6.QtWidgets import QButtonGroup, QRadioButton

        super().__init__(parent)
        self.setWindowTitle("Export Calendar")
        self.week_start, self.today = week_start, today
        self.week = QRadioButton(
            f"The shown week ({format_range(week_start, week_start + timedelta(days=6))})"
        )
        self.range = QRadioButton("From")
        self.future = QRadioButton("Every block from today on")
        self.week.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.week, self.range, self.future):
            group.addButton(button)
        self.first = QDateEdit(QDate(week_start.year, week_start.month, week_start.day))
        end = week_start + timedelta(days=27)
        self.last = QDateEdit(QDate(end.year, end.month, end.day))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        range_row = QHBoxLayout()
        range_row.addWidget(self.range)
        range_row.addWidget(self.first)
        range_row.addWidget(QLabel("to"))
        range_row.addWidget(self.last)
        range_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.week)
        layout.addLayout(range_row)
        layout.addWidget(self.future)
        layout.addWidget(_buttons(self, "Export…"))

    def values(self) -> tuple[date, date]:
        """First and last day to export."""
        if self.range.isChecked():
            first: date = self.first.date().toPython()  # type: ignore[assignment]
            last: date = self.last.date().toPython()  # type: ignore[assignment]
            return (first, last) if first <= last else (last, first)
        if self.future.isChecked():
            return self.today, self.today + timedelta(days=5 * 366)
        return self.week_start, self.week_start + timedelta(days=6)

    @classmethod
    def ask(cls, parent: QWidget | None, week_start: date, today: date) -> tuple[date, date] | None:
        """(first, last) or None. Tests replace this."""
        dialog = cls(parent, week_start, today)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None
