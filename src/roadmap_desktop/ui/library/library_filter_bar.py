"""The Library's filter column: the search field and the kind, status, tag and roadmap choices."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPushButton, QWidget

from roadmap_desktop.ui.library.library_model import KIND_LABELS, STATUS_LABELS


class LibraryFilterBar(QWidget):
    """The filter widgets; `filter_changed(name, value)` names the choice the learner changed
    ("kind", "status", "tag" or "roadmap"), the search field reports through its own signals."""

    filter_changed = Signal(str, object)
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: title, author, tags, notes, URL")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter resources")
        self.kind_box, self.status_box = QComboBox(), QComboBox()
        self.tag_box, self.roadmap_box = QComboBox(), QComboBox()
        self.kind_box.addItem("All kinds", None)
        for key, label in KIND_LABELS.items():
            self.kind_box.addItem(label, key)
        self.status_box.addItem("Any status", None)
        for key, label in STATUS_LABELS.items():
            self.status_box.addItem(label, key)
        clear = QPushButton("Clear Filters")
        clear.clicked.connect(lambda _checked=False: self.clear_requested.emit())
        self.setMinimumWidth(190)
        self.setMaximumWidth(260)
        form = QFormLayout(self)
        form.setContentsMargins(16, 12, 8, 12)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.addRow("&Search", self.search)
        form.addRow("&Kind", self.kind_box)
        form.addRow("S&tatus", self.status_box)
        form.addRow("Ta&g", self.tag_box)
        form.addRow("&Roadmap", self.roadmap_box)
        form.addRow(clear)
        for box, name in self._choices():
            box.currentIndexChanged.connect(
                lambda _i, b=box, n=name: self.filter_changed.emit(n, b.currentData())
            )

    def _choices(self) -> tuple[tuple[QComboBox, str], ...]:
        return (
            (self.kind_box, "kind"),
            (self.status_box, "status"),
            (self.tag_box, "tag"),
            (self.roadmap_box, "roadmap"),
        )

    def fill_choices(self, tags: list[tuple[str, int]], roadmaps: list[tuple[str, str]]) -> None:
        """Tags with their counts and (title, slug) roadmaps; the current choices stay chosen
        while they still exist (no signal: nothing the learner chose changed)."""
        for box, first, items in (
            (self.tag_box, "Any tag", [(f"{tag} ({count})", tag) for tag, count in tags]),
            (self.roadmap_box, "Any roadmap", roadmaps),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for label, value in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def reset(self) -> None:
        """Every choice back to its first item and the search field empty, without signals."""
        for box, _name in self._choices():
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)

    def values(self) -> dict[str, Any]:
        """The current choice of each box, by filter name."""
        return {name: box.currentData() for box, name in self._choices()}
