"""The roadmap editor's outline: phases with their steps, reordered by drag and drop."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from roadmap_desktop.core.formatting import format_hours

_Index = QModelIndex | QPersistentModelIndex
OUTLINE_MIME = "application/x-roadmap-desktop-outline"


class OutlineModel(QAbstractItemModel):
    """Phase rows with step children (from a RoadmapOverview). Renames and moves are requested
    through signals; the services make them, and the change signal reloads the model."""

    rename_requested = Signal(str, str, str)  # "phase" | "step", key, new title
    move_step_requested = Signal(str, str, int)  # step key, phase key, position
    move_phase_requested = Signal(str, int)  # phase key, position

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.phases: tuple[Any, ...] = ()
        self.editable = False

    def set_overview(self, overview: Any, editable: bool) -> None:
        """Show a roadmap's phases and steps."""
        self.beginResetModel()
        self.phases = overview.phases if overview is not None else ()
        self.editable = editable
        self.endResetModel()

    # --- structure -------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.phases) else QModelIndex()
        if parent.internalId() == 0 and row < len(self.phases[parent.row()].steps):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(child.internalId()) - 1, 0, 0)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self.phases)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self.phases[parent.row()].steps)
        return 0

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 1

    def item(self, index: _Index) -> tuple[str, Any, Any]:
        """('phase', PhaseRow, None) or ('step', StepRow, PhaseRow) for an index."""
        if index.internalId() == 0:
            return "phase", self.phases[index.row()], None
        phase = self.phases[int(index.internalId()) - 1]
        return "step", phase.steps[index.row()], phase

    def find(self, kind: str, key: str) -> QModelIndex:
        """The index of a phase or step by key (invalid when gone)."""
        for p_row, phase in enumerate(self.phases):
            if kind == "phase" and phase.key == key:
                return self.index(p_row, 0)
            for s_row, step in enumerate(phase.steps):
                if kind == "step" and step.key == key:
                    return self.index(s_row, 0, self.index(p_row, 0))
        return QModelIndex()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        kind, value, _phase = self.item(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if role == Qt.ItemDataRole.EditRole:
                return value.title
            if kind == "phase":
                weeks = (
                    f"wk {value.start_week}–{value.end_week}"
                    if value.end_week > value.start_week
                    else f"wk {value.start_week}"
                )
                return f"{index.row() + 1}. {value.title}   ({weeks})"
            return f"{value.title}   · {format_hours(value.hours)}"
        if role == Qt.ItemDataRole.FontRole and kind == "phase":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.UserRole:
            return (kind, value.key)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled if self.editable else Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable:
            flags |= (
                Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled
                | Qt.ItemFlag.ItemIsDropEnabled
            )
        if index.internalId() != 0:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not str(value).strip():
            return False
        kind, item, _phase = self.item(index)
        if str(value).strip() != item.title:
            self.rename_requested.emit(kind, item.key, str(value).strip())
        return True

    # --- drag and drop ---------------------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [OUTLINE_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:  # type: ignore[override]
        mime = QMimeData()
        if indexes:
            kind, value, _phase = self.item(indexes[0])
            mime.setData(OUTLINE_MIME, json.dumps({"kind": kind, "key": value.key}).encode())
        return mime

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.editable or not data.hasFormat(OUTLINE_MIME):
            return False
        dragged = json.loads(bytes(data.data(OUTLINE_MIME).data()).decode())
        if dragged["kind"] == "phase":
            if parent.isValid():  # dropped onto or into a phase: place it there
                row = parent.row() if parent.internalId() == 0 else int(parent.internalId()) - 1
            target = len(self.phases) if row < 0 else row
            current = next(i for i, p in enumerate(self.phases) if p.key == dragged["key"])
            self.move_phase_requested.emit(dragged["key"], target - (1 if target > current else 0))
            return False
        if not parent.isValid():
            if row < 0 or not self.phases:
                return False
            phase_row, position = max(0, min(row, len(self.phases)) - 1), 10_000
        elif parent.internalId() == 0:
            phase_row, position = parent.row(), (row if row >= 0 else 10_000)
        else:
            phase_row, position = int(parent.internalId()) - 1, parent.row()
        phase = self.phases[phase_row]
        keys = [s.key for s in phase.steps]
        if dragged["key"] in keys and keys.index(dragged["key"]) < position:
            position -= 1  # the step leaves its old place first
        self.move_step_requested.emit(dragged["key"], phase.key, position)
        return False
