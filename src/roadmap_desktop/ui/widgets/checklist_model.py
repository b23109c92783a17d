"""A list model of values with check boxes; ticking asks for a change, so it can be undone."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

_Index = QModelIndex | QPersistentModelIndex


class ChecklistModel(QAbstractListModel):
    """Rows are plain values; subclasses say how each reads (`text`) and whether it is ticked
    (`checked`), and may add roles in `extra`. Ticking emits toggle_requested; the model only
    changes when set_rows is called again (after the service call and its change signal)."""

    toggle_requested = Signal(object, bool)  # the row value, ticked

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def text(self, row: Any) -> str:
        """What the row shows."""
        return str(row)

    def checked(self, row: Any) -> bool:
        """Whether the row's box is ticked."""
        return False

    def identity(self, row: Any) -> Any:
        """What stays the same when only the tick changes (keeps selection on refresh)."""
        return row

    def extra(self, row: Any, role: int) -> Any:
        """Other roles (icon, tooltip…) for a row."""
        return None

    def set_rows(self, rows: list[Any] | tuple[Any, ...]) -> None:
        """Show these rows; a dataChanged instead of a reset when only ticks changed."""
        rows = list(rows)
        if [self.identity(r) for r in rows] == [self.identity(r) for r in self.rows]:
            self.rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row)
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if self.checked(row) else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.UserRole:
            return self.identity(row)
        return self.extra(row, role)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        row = self.rows[index.row()]
        ticked = Qt.CheckState(value) == Qt.CheckState.Checked
        if ticked != self.checked(row):
            self.toggle_requested.emit(row, ticked)
        return True
