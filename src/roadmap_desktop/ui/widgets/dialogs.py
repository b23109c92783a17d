"""Small dialogs: first-run welcome / schedule, keyboard shortcuts, and error messages."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.formatting import format_hours
from roadmap_desktop.services.snapshots import RoadmapSummary


class ScheduleDialog(QDialog):
    """Pick a roadmap (on first run), its start date and weekly study time.

    The hours proposed are exactly what the app then uses (services/study_time.py): the
    availability's sum when set, else the chosen roadmap's own pace. Saving rescales the
    planner's availability per weekday to the hours.
    """

    def __init__(
        self,
        parent: QWidget | None,
        *,
        roadmaps: list[RoadmapSummary] | None,
        start: date,
        weekly_hours: float,
        welcome: bool,
        proposed_hours: dict[int, float] | None = None,
        current_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Roadmap Desktop" if welcome else "Schedule")
        self.proposed_hours = dict(proposed_hours or {})
        self._hours_edited = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        if welcome:
            intro = QLabel(
                "<h3>Welcome!</h3>Pick the roadmap you want to follow, when you start "
                "and how many hours a week you can study. You can change all of this "
                "later from the Roadmap menu (Schedule…) or the planner (Availability…)."
            )
            intro.setWordWrap(True)
            layout.addWidget(intro)
        self.roadmap_list: QListWidget | None = None
        if roadmaps:
            label = QLabel("Roadmap:")
            self.roadmap_list = QListWidget()
            self.roadmap_list.setAccessibleName("Roadmaps to choose from")
            # Three lines a roadmap (title, summary, weeks and hours), each elided at the
            # dialog's width; the tooltip has the whole summary.
            self.roadmap_list.setWordWrap(False)
            self.roadmap_list.setTextElideMode(Qt.TextElideMode.ElideRight)
            self.roadmap_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.roadmap_list.setAlternatingRowColors(True)
            self.roadmap_list.setSpacing(2)
            for summary in roadmaps:
                details = (
                    f"{summary.total_weeks} weeks · {format_hours(summary.total_hours)}"
                    if summary.total_weeks
                    else format_hours(summary.total_hours)
                )
                text = f"{summary.title}\n{summary.summary}\n{details}".replace("\n\n", "\n")
                item = QListWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, summary.id)
                item.setToolTip(f"{summary.title}: {summary.summary} ({details})")
                self.roadmap_list.addItem(item)
            row = next((i for i, r in enumerate(roadmaps) if r.id == current_id), 0)
            self.roadmap_list.setCurrentRow(row)
            # Two roadmaps always fit (the list scrolls); four when the screen has room (a
            # window starts at most two thirds of the screen high, so more is not asked for).
            item_h = self.roadmap_list.sizeHintForRow(0) + 2 * self.roadmap_list.spacing()
            self.roadmap_list.setMinimumHeight(min(len(roadmaps), 2) * item_h + 6)
            self._wanted_list_height = min(len(roadmaps), 4) * item_h + 6
            label.setBuddy(self.roadmap_list)
            layout.addWidget(label)
            layout.addWidget(self.roadmap_list, 1)
            self.roadmap_list.currentRowChanged.connect(self._roadmap_changed)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
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
        self.hours_spin.valueChanged.connect(self._hours_changed)
        form.addRow("Study &time:", self.hours_spin)
        note = QLabel(
            "Shared out over your week as the planner's Availability, which you can fine-tune."
        )
        note.setWordWrap(True)
        note.setStyleSheet("color: palette(placeholder-text);")
        form.addRow("", note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start" if welcome else "Save")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        if self.roadmap_list is not None:
            shown = max(self.roadmap_list.sizeHint().height(), self.roadmap_list.minimumHeight())
            extra = self._wanted_list_height - shown
            screen = self.screen().availableGeometry().height() if self.screen() else 0
            height = min(self.sizeHint().height() + extra, screen * 2 // 3)
            self.resize(self.sizeHint().width(), max(height, self.minimumSizeHint().height()))

    def _roadmap_changed(self, _row: int) -> None:
        """Another roadmap picked: propose its study time unless the learner typed one."""
        roadmap_id = self.chosen_roadmap()
        if not self._hours_edited and roadmap_id in self.proposed_hours:
            self.hours_spin.blockSignals(True)
            self.hours_spin.setValue(self.proposed_hours[roadmap_id])
            self.hours_spin.blockSignals(False)

    def _hours_changed(self, _value: float) -> None:
        self._hours_edited = True

    def chosen_roadmap(self) -> int | None:
        """The id of the roadmap picked in the list (None without a list)."""
        if self.roadmap_list is None or self.roadmap_list.currentItem() is None:
            return None
        value = self.roadmap_list.currentItem().data(Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def values(self) -> tuple[int | None, date, float]:
        """(chosen roadmap id or None, start date, weekly hours)."""
        picked: date = self.start_edit.date().toPython()  # type: ignore[assignment]
        return self.chosen_roadmap(), picked, self.hours_spin.value()

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
