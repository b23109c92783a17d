"""A dialog that searches as you type and returns the picked item (steps, resources)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

# (label, icon or None, value returned when picked)
Entry = tuple[str, QIcon | None, Any]
MAX_SHOWN = 200


class SearchPicker(QDialog):
    """A search line over a list; ↑/↓ move into the list, Enter picks."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        placeholder: str,
        search: Callable[[str], Iterable[Entry]],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.search = search
        self.query = QLineEdit()
        self.query.setPlaceholderText(placeholder)
        self.query.setClearButtonEnabled(True)
        self.query.installEventFilter(self)
        self.results = QListWidget()
        self.results.setAccessibleName(title)
        self.results.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.results, 1)
        layout.addWidget(buttons)
        self.timer = QTimer(self, singleShot=True, interval=120)
        self.timer.timeout.connect(self.refresh)
        self.query.textChanged.connect(lambda _text: self.timer.start())
        self.resize(520, 420)
        self.refresh()

    def refresh(self) -> None:
        """Show what matches the search text (at most MAX_SHOWN)."""
        self.results.clear()
        for count, (label, icon, value) in enumerate(self.search(self.query.text())):
            if count >= MAX_SHOWN:
                break
            item = QListWidgetItem(label) if icon is None else QListWidgetItem(icon, label)
            item.setData(Qt.ItemDataRole.UserRole, value)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.query
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        ):
            self.results.setFocus()
            self.results.keyPressEvent(event)
            return True
        return False

    def chosen(self) -> Any:
        """The picked value, or None."""
        item = self.results.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def pick(self) -> Any:
        """Run the dialog; the picked value, or None when cancelled."""
        return self.chosen() if self.exec() == QDialog.DialogCode.Accepted else None
