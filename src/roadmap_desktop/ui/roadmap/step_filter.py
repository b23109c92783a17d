"""Ctrl+F on the Roadmap page: the step list narrowed to matching steps of every phase."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from roadmap_desktop.core.search_text import fold, word_matches, words
from roadmap_desktop.services.snapshots import RoadmapOverview, StepRow


def matching_steps(overview: RoadmapOverview, text: str) -> tuple[StepRow, ...]:
    """Steps of every phase, in roadmap order, whose title has a word starting with each word
    of text (case and accents ignored)."""
    wanted = words(text)
    if not wanted:
        return ()
    found = []
    for phase in overview.phases:
        for step in phase.steps:
            title_words = [fold(w) for w in words(step.title)]
            if all(any(word_matches(w, [term]) for w in title_words) for term in wanted):
                found.append(step)
    return tuple(found)


class StepFilter(QLineEdit):
    """The filter line above the step list: typing narrows, Esc clears, Down/Enter goes to
    the list."""

    to_list = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Filter steps of all phases (Ctrl+F)")
        self.setAccessibleName("Filter steps")
        self.setClearButtonEnabled(True)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Escape and self.text():
                self.clear()
                return True
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.to_list.emit()
                return True
        return super().eventFilter(watched, event)
