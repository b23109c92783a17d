"""One day of the planner's week: header with date and minutes, capacity bar, its blocks."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QProgressBar,
    QToolButton,
    QVBoxLayout,
)

from roadmap_desktop.ui.planner.block_delegate import BlockDelegate
from roadmap_desktop.ui.planner.week_model import minutes_text

if TYPE_CHECKING:
    from roadmap_desktop.ui.planner.planner_page import PlannerPage


class DayColumn(QFrame):
    """One day: header (date, planned vs logged, capacity bar), its blocks, a quick add button."""

    def __init__(self, page: PlannerPage, row: int) -> None:
        super().__init__()
        self.page, self.row = page, row
        self.setObjectName("day")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        self.numbers = QLabel()
        self.numbers.setStyleSheet("color: palette(placeholder-text);")
        self.numbers.setWordWrap(True)
        self.numbers.setFixedHeight(self.numbers.fontMetrics().lineSpacing() * 2 + 2)
        self.numbers.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(4)
        add = QToolButton()
        add.setText("+")
        add.setToolTip("Add a block on this day")
        add.setAutoRaise(True)
        add.clicked.connect(lambda: page.quick_add(self.row))
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(self.title, 1)
        head.addWidget(add)
        self.view = QListView()
        self.view.setModel(page.week_model)
        self.view.setItemDelegate(BlockDelegate(self.view))
        self.view.setDragEnabled(True)
        self.view.setAcceptDrops(True)
        self.view.setDropIndicatorShown(True)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.view.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.activated.connect(lambda index: page.edit_block(index))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addLayout(head)
        layout.addWidget(self.numbers)
        layout.addWidget(self.bar)
        layout.addWidget(self.view, 1)
        self.setMinimumWidth(96)

    def refresh(self, summary: Any, today: date) -> None:
        """Show a DaySummary."""
        self.view.setRootIndex(self.page.week_model.day_index(self.row))
        is_today = summary.day == today
        name = summary.day.strftime("%a %d")
        self.title.setText(f"<b>{name}</b>")
        self.title.setToolTip(
            summary.day.strftime("%A %d %B %Y") + (" — today" if is_today else "")
        )
        lines = []
        if summary.capacity_minutes:
            lines.append(
                f"{minutes_text(summary.planned_minutes)} of "
                f"{minutes_text(summary.capacity_minutes)}"
            )
        elif summary.planned_minutes:
            lines.append(f"{minutes_text(summary.planned_minutes)} planned")
        if summary.logged_minutes:
            lines.append(f"{minutes_text(summary.logged_minutes)} studied")
        self.numbers.setText("<br>".join(lines) or "nothing planned")
        self.numbers.setToolTip(
            f"Planned {summary.planned_minutes} min, done "
            f"{summary.done_minutes} min, logged {summary.logged_minutes} min"
            f", usually available {summary.capacity_minutes} min"
        )
        capacity = max(summary.capacity_minutes, summary.planned_minutes, 1)
        self.bar.setRange(0, capacity)
        self.bar.setValue(min(summary.planned_minutes, capacity))
        self.setProperty("today", is_today)
        self.setStyleSheet(
            "QFrame#day { background: palette(alternate-base); "
            "border: 1px solid palette(highlight); border-radius: 6px; }"
            if is_today
            else "QFrame#day { border-radius: 6px; }"
        )
