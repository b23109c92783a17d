"""The library table: a model over LibraryRow values and a proxy that filters and sorts it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

_Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "to_do": "To do",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
KIND_LABELS = {
    "book": "Book",
    "course": "Course",
    "article": "Article",
    "video": "Video",
    "docs": "Docs",
    "tool": "Tool",
    "podcast": "Podcast",
    "other": "Other",
}
ROLE_ID = Qt.ItemDataRole.UserRole + 1
ROLE_SORT = Qt.ItemDataRole.UserRole + 2
ROLE_ROW = Qt.ItemDataRole.UserRole + 3

COL_TITLE, COL_KIND, COL_STATUS, COL_RATING, COL_TAGS, COL_USED, COL_ADDED = range(7)
HEADERS = ("Title", "Kind", "Status", "Rating", "Tags", "Used in", "Added")


class LibraryModel(QAbstractTableModel):
    """All resources; edits of status and rating are requested, not written (they are undoable)."""

    status_requested = Signal(int, str)  # resource id, status
    rating_requested = Signal(int, int)  # resource id, rating

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._by_id: dict[int, int] = {}
        self._haystacks: list[str] = []

    def set_rows(self, rows: list[Any]) -> None:
        """Replace every row (a full reload)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._by_id = {row.id: i for i, row in enumerate(self._rows)}
        self._haystacks = [_haystack(row) for row in self._rows]
        self.endResetModel()

    def update_rows(self, rows: list[Any]) -> None:
        """Replace rows that exist already, in place, keeping selection."""
        for row in rows:
            index = self._by_id.get(row.id)
            if index is not None:
                self._rows[index] = row
                self._haystacks[index] = _haystack(row)
                self.dataChanged.emit(self.index(index, 0), self.index(index, len(HEADERS) - 1))

    def row_value(self, row: int) -> Any:
        """The LibraryRow at row."""
        return self._rows[row]

    def haystack(self, row: int) -> str:
        """Lower-cased searchable text of a row: title, author, URL or path, tags."""
        return self._haystacks[row]

    def row_of(self, resource_id: int) -> int:
        """The model row of a resource, or -1."""
        return self._by_id.get(resource_id, -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
        if index.column() in (COL_STATUS, COL_RATING):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.EditRole:
            return (
                row.status
                if col == COL_STATUS
                else row.rating
                if col == COL_RATING
                else self._display(row, col)
            )
        if role == Qt.ItemDataRole.DecorationRole and col == COL_TITLE:
            from roadmap_desktop.ui.icons import kind_icon

            return kind_icon(row.kind)
        if role == ROLE_SORT:
            return self._sort_key(row, col)
        if role == ROLE_ID:
            return row.id
        if role == ROLE_ROW:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_TITLE:
                where = row.url or row.local_path or ""
                return f"{row.title}\n{where}" if where else row.title
            if col == COL_USED and row.used_in:
                return "\n".join(row.used_in)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_RATING:
            return f"{row.rating} of 5 stars"
        return None

    @staticmethod
    def _display(row: Any, col: int) -> str:
        if col == COL_TITLE:
            return str(row.title)
        if col == COL_KIND:
            return str(KIND_LABELS.get(row.kind, row.kind))
        if col == COL_STATUS:
            return str(STATUS_LABELS.get(row.status, row.status))
        if col == COL_RATING:
            return "★" * int(row.rating) + "☆" * (5 - int(row.rating))
        if col == COL_TAGS:
            return ", ".join(row.tags)
        if col == COL_USED:
            if not row.used_in:
                return ""
            extra = f" +{len(row.used_in) - 1}" if len(row.used_in) > 1 else ""
            return str(row.used_in[0]).split(" › ")[-1] + extra
        if col == COL_ADDED:
            return row.added_at.strftime("%Y-%m-%d") if isinstance(row.added_at, datetime) else ""
        return ""

    @staticmethod
    def _sort_key(row: Any, col: int) -> Any:
        if col == COL_TITLE:
            return row.title.casefold()
        if col == COL_STATUS:
            return (
                ("to_do", "in_progress", "done", "dropped").index(row.status)
                if row.status in STATUS_LABELS
                else 9
            )
        if col == COL_RATING:
            return row.rating
        if col == COL_ADDED:
            return row.added_at.isoformat() if row.added_at else ""
        if col == COL_USED:
            return len(row.used_in)
        return LibraryModel._display(row, col).casefold()

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._rows[index.row()]
        if index.column() == COL_STATUS and value in STATUS_LABELS and value != row.status:
            self.status_requested.emit(row.id, str(value))
            return True
        if index.column() == COL_RATING:
            rating = int(value)
            if 0 <= rating <= 5 and rating != row.rating:
                self.rating_requested.emit(row.id, rating)
                return True
        return False


class LibraryFilter(QSortFilterProxyModel):
    """Filters by text, kind, status, tag and roadmap; sorts by each column's natural order."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(ROLE_SORT)
        self.text = ""
        self.kind: str | None = None
        self.status: str | None = None
        self.tag: str | None = None
        self.roadmap: str | None = None
        self.note_hits: set[int] = set()

    def set_filters(
        self,
        *,
        text: str | None = None,
        kind: str | bool | None = False,
        status: str | bool | None = False,
        tag: str | bool | None = False,
        roadmap: str | bool | None = False,
        note_hits: set[int] | None = None,
    ) -> None:
        """Change any filter (False leaves one as it is) and re-filter once."""
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip().casefold()
        if kind is not False:
            self.kind = kind  # type: ignore[assignment]
        if status is not False:
            self.status = status  # type: ignore[assignment]
        if tag is not False:
            self.tag = tag  # type: ignore[assignment]
        if roadmap is not False:
            self.roadmap = roadmap  # type: ignore[assignment]
        if note_hits is not None:
            self.note_hits = note_hits
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, LibraryModel):
            return True
        row = model.row_value(source_row)
        if self.kind and row.kind != self.kind:
            return False
        if self.status and row.status != self.status:
            return False
        if self.tag and self.tag not in row.tags:
            return False
        if self.roadmap and self.roadmap not in row.roadmap_slugs:
            return False
        return not self.text or self.text in model.haystack(source_row) or row.id in self.note_hits


def _haystack(row: Any) -> str:
    return " ".join(
        (row.title, row.author, row.url or "", row.local_path or "", " ".join(row.tags))
    ).casefold()
