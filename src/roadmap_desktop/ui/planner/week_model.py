"""Item models for the planner: the week (days → blocks) and the backlog of steps to drag in."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from roadmap_desktop.core.formatting import format_day, format_minutes

_Index = QModelIndex | QPersistentModelIndex
BLOCK_MIME = "application/x-roadmap-desktop-block"
STEP_MIME = "application/x-roadmap-desktop-step"
ROLE_BLOCK = Qt.ItemDataRole.UserRole + 1
ROLE_DAY = Qt.ItemDataRole.UserRole + 2
ROLE_STEP = Qt.ItemDataRole.UserRole + 3


minutes_text = format_minutes  # the one duration format (core/formatting.py)


class WeekModel(QAbstractItemModel):
    """Seven day rows, each with its blocks as children. Drops request changes; they do not
    edit the model (the services do, and the change signal reloads it)."""

    move_requested = Signal(int, object)  # block id, target day
    add_requested = Signal(object, object)  # step payload dict, target day

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.week: Any = None

    def set_week(self, week: Any) -> None:
        """Show a WeekView (a reset: a week holds few blocks)."""
        self.beginResetModel()
        self.week = week
        self.endResetModel()

    def day_index(self, day_row: int) -> QModelIndex:
        """The index of a day, the root for its column's view."""
        return self.index(day_row, 0)

    # --- structure ------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if self.week is None or column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.week.days) else QModelIndex()
        if parent.internalId() == 0 and parent.row() < len(self.week.days):
            blocks = self.week.days[parent.row()].blocks
            return (
                self.createIndex(row, 0, parent.row() + 1) if row < len(blocks) else QModelIndex()
            )
        return QModelIndex()

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if self.week is None:
            return 0
        if not parent.isValid():
            return len(self.week.days)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.week.days[parent.row()].blocks)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def block_at(self, index: _Index) -> Any:
        """The BlockRow at a block index (None for a day)."""
        if not index.isValid() or index.internalId() == 0:
            return None
        return self.week.days[int(index.internalId()) - 1].blocks[index.row()]

    def day_at(self, index: _Index) -> date | None:
        """The day an index belongs to (a day row or one of its blocks)."""
        if not index.isValid() or self.week is None:
            return None
        row = index.row() if index.internalId() == 0 else int(index.internalId()) - 1
        day: date = self.week.days[row].day
        return day

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.week is None:
            return None
        if index.internalId() == 0:
            day = self.week.days[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return format_day(day.day)
            if role == ROLE_DAY:
                return day
            return None
        block = self.block_at(index)
        if role == Qt.ItemDataRole.DisplayRole:
            return block.title
        if role == Qt.ItemDataRole.ToolTipRole:
            when = f" at {block.start_time:%H:%M}" if block.start_time else ""
            where = f"\n{block.roadmap_title} › {block.phase_title}" if block.roadmap_title else ""
            done = "\nDone" if block.done else ""
            return f"{block.title}\n{minutes_text(block.minutes)}{when}{where}{done}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{block.title}, {minutes_text(block.minutes)}{', done' if block.done else ''}"
        if role == ROLE_BLOCK:
            return block
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == 0:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemIsDropEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    # --- drag and drop --------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [BLOCK_MIME, STEP_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        ids = [self.block_at(i).id for i in indexes if self.block_at(i) is not None]
        mime = QMimeData()
        mime.setData(BLOCK_MIME, json.dumps(ids).encode())
        return mime

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return (data.hasFormat(BLOCK_MIME) or data.hasFormat(STEP_MIME)) and self.day_at(
            parent
        ) is not None

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        day = self.day_at(parent)
        if day is None:
            return False
        if data.hasFormat(BLOCK_MIME):
            for block_id in json.loads(bytes(data.data(BLOCK_MIME).data()).decode()):
                self.move_requested.emit(int(block_id), day)
            return False  # nothing to remove from the source: the services move the block
        if data.hasFormat(STEP_MIME):
            self.add_requested.emit(json.loads(bytes(data.data(STEP_MIME).data()).decode()), day)
            return False
        return False


class BacklogModel(QAbstractListModel):
    """The next unfinished steps of the roadmap, ready to be dragged onto a day."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.steps: list[Any] = []

    def set_steps(self, steps: list[Any]) -> None:
        """Show these BacklogSteps."""
        self.beginResetModel()
        self.steps = list(steps)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.steps)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.steps):
            return None
        step = self.steps[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{step.title}\n{minutes_text(step.remaining_minutes)} left to plan"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{step.title}\nDrag onto a day, or press Enter to plan it today."
        if role == ROLE_STEP:
            return step
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsDragEnabled
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [STEP_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if indexes:
            step = self.steps[indexes[0].row()]
            mime.setData(STEP_MIME, json.dumps(step_payload(step)).encode())
        return mime


def step_payload(step: Any) -> dict[str, Any]:
    """What a dragged step carries: roadmap, key, title and a sensible block length."""
    return {
        "roadmap_id": step.roadmap_id,
        "step_key": step.step_key,
        "title": step.title,
        "minutes": max(15, min(90, step.remaining_minutes or 60)),
    }
