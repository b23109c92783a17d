"""Review Options: desired retention, new cards per day, which steps, the daily reminder."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.settings import Settings


class ReviewOptionsDialog(QDialog):
    """Edit the review settings; `ask` stores them when the learner saves."""

    def __init__(self, parent: QWidget | None, settings: Settings) -> None:
        super().__init__(parent)
        self.setWindowTitle("Review Options")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        form = QFormLayout()
        self.retention = QDoubleSpinBox()
        self.retention.setRange(70, 97)
        self.retention.setDecimals(0)
        self.retention.setSuffix(" %")
        self.retention.setValue(settings.review_retention * 100)
        self.retention.setToolTip(
            "How likely you want to be to remember a card when it comes due. Higher means "
            "shorter intervals and more reviews."
        )
        form.addRow("Desired &retention:", self.retention)
        self.new_per_day = QSpinBox()
        self.new_per_day.setRange(0, 999)
        self.new_per_day.setValue(settings.review_new_per_day)
        form.addRow("&New cards per day:", self.new_per_day)
        self.all_steps = QCheckBox("Include cards of steps I have not started")
        self.all_steps.setChecked(settings.review_all_steps)
        form.addRow("", self.all_steps)
        self.reminder = QCheckBox("Say once a day when cards are due")
        self.reminder.setChecked(settings.review_reminder)
        form.addRow("", self.reminder)
        layout.addLayout(form)
        note = QLabel(
            "By default only the cards of steps you have started or finished come due, so "
            "questions arrive as you reach them. Scheduling uses FSRS."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def store(self, settings: Settings) -> None:
        """Write the chosen values to settings."""
        settings.review_retention = round(self.retention.value() / 100, 2)
        settings.review_new_per_day = self.new_per_day.value()
        settings.review_all_steps = self.all_steps.isChecked()
        settings.review_reminder = self.reminder.isChecked()

    @classmethod
    def ask(cls, parent: QWidget | None, settings: Settings) -> bool:
        """Show the dialog and store the values when saved; True when saved. Tests replace it."""
        dialog = cls(parent, settings)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            dialog.store(settings)
            return True
        finally:
            dialog.deleteLater()
