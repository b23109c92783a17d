"""Small dialogs: first-run welcome / schedule, keyboard shortcuts, and error messages."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services.snapshots import RoadmapSummary


class ScheduleDialog(QDialog):
    """Pick a roadmap (on first run), its start date and weekly study hours."""

    def __init__(
        self,
        parent: QWidget | None,
        *,
        roadmaps: list[RoadmapSummary] | None,
        start: date,
        weekly_hours: float,
        welcome: bool,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Roadmap Desktop" if welcome else "Schedule")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        if welcome:
            intro = QLabel(
                "<h3>Welcome!</h3>Pick the roadmap you want to follow, when you start "
                "and how many hours a week you can study. You can change all of this "
                "later from the Roadmap menu."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.roadmap_box: QComboBox | None = None
        if roadmaps:
            self.roadmap_box = QComboBox()
            for summary in roadmaps:
                self.roadmap_box.addItem(summary.title, summary.id)
            form.addRow("&Roadmap:", self.roadmap_box)
        self.start_edit = QDateEdit(QDate(start.year, start.month, start.day))
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat("d MMM yyyy")
        self.start_edit.setMinimumDate(QDate(2000, 1, 1))
        self.start_edit.setMaximumDate(QDate(2100, 12, 31))
        form.addRow("&Start date:", self.start_edit)
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0.5, 100)
        self.hours_spin.setDecimals(1)
        self.hours_spin.setSingleStep(1)
        self.hours_spin.setSuffix(" h / week")
        self.hours_spin.setValue(weekly_hours)
        form.addRow("&Study time:", self.hours_spin)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start" if welcome else "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def values(self) -> tuple[int | None, date, float]:
        """(chosen roadmap id or None, start date, weekly hours)."""
        roadmap_id = self.roadmap_box.currentData() if self.roadmap_box else None
        picked: date = self.start_edit.date().toPython()  # type: ignore[assignment]
        return roadmap_id, picked, self.hours_spin.value()

    @classmethod
    def ask(cls, parent: QWidget | None, **kwargs: object) -> tuple[int | None, date, float] | None:
        """Show the dialog; the chosen values, or None when cancelled. Tests replace this."""
        dialog = cls(parent, **kwargs)  # type: ignore[arg-type]
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None


class ShortcutsDialog(QDialog):
    """Lists every command that has a keyboard shortcut, grouped by where it works."""

    def __init__(
        self, parent: QWidget | None, groups: list[tuple[str, list[tuple[str, str]]]]
    ) -> None:
        from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

        super().__init__(parent)
        self.setWindowTitle("Keyboard Shortcuts")
        tree = QTreeWidget()
        tree.setColumnCount(2)
        tree.setHeaderLabels(["Command", "Shortcut"])
        tree.setRootIsDecorated(False)
        tree.setAccessibleName("Keyboard shortcuts")
        for title, rows in groups:
            group = QTreeWidgetItem(tree, [title, ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for name, keys in rows:
                QTreeWidgetItem(group, [name, keys])
        tree.expandAll()
        tree.resizeColumnToContents(0)
        tree.header().setStretchLastSection(True)
        self.tree = tree
        layout = QVBoxLayout(self)
        layout.addWidget(tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 640)


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A modal error message for something the learner must know about."""
    box = QMessageBox(
        QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent
    )
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.exec()
