"""Archived Cards: cards whose question or step a roadmap update removed, kept with their
history; they never come due and can be deleted here (undoable)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import cards
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.review import card_commands


class ArchivedCardsDialog(QDialog):
    """Lists archived cards; Delete removes the selected one (Ctrl+Z in the window brings it
    back)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Archived Cards")
        intro = QLabel(
            "These cards belong to questions or steps that a roadmap update removed. They keep "
            "their review history and never come due."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Question", "Roadmap", "Reviews"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAccessibleName("Archived cards")
        self.delete_button = QPushButton("Delete")
        self.delete_button.clicked.connect(self.delete_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)
        ctx.changed.connect(lambda _change: self.reload())
        self.reload()

    def reload(self) -> None:
        """Read the archived cards again."""
        self.tree.clear()
        for card in self.ctx.read(cards.archived_cards):
            first_line = card.front_md.strip().splitlines()[0] if card.front_md.strip() else ""
            item = QTreeWidgetItem([first_line, card.roadmap_title, str(card.reps)])
            item.setData(0, Qt.ItemDataRole.UserRole, card.id)
            item.setToolTip(0, card.front_md)
            self.tree.addTopLevelItem(item)
        self.tree.resizeColumnToContents(0)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self.delete_button.setEnabled(self.tree.topLevelItemCount() > 0)

    def delete_selected(self) -> None:
        """Delete the selected card and its history (undoable)."""
        item = self.tree.currentItem()
        if item is not None:
            card_commands.delete_card(self.ctx, int(item.data(0, Qt.ItemDataRole.UserRole)))
