"""The Library's details pane: the selected resource's link, kind, status, tags, steps and note."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from roadmap_desktop.ui.library.library_model import KIND_LABELS, STATUS_LABELS
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView
from roadmap_desktop.ui.widgets.theme import make_heading


class ResourceDetailPane(QWidget):
    """Shows one resource (`show_resource`); its link and buttons ask to open or edit it."""

    open_requested = Signal()
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        make_heading(self.title, 1.2)
        self.title.setWordWrap(True)
        self.meta = QLabel()
        self.meta.setWordWrap(True)
        self.meta.setOpenExternalLinks(False)
        self.meta.linkActivated.connect(lambda _link: self.open_requested.emit())
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.note = MarkdownView()
        self.note.setAccessibleName("Resource note")
        edit_button = QPushButton("Edit…")
        edit_button.clicked.connect(lambda _checked=False: self.edit_requested.emit())
        open_button = QPushButton("Open")
        open_button.clicked.connect(lambda _checked=False: self.open_requested.emit())
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(edit_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 12, 16, 12)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addLayout(buttons)
        layout.addWidget(self.note, 1)
        self.setMinimumWidth(220)

    def show_resource(self, row: Any, detail: Any) -> None:
        """Show a LibraryRow with its ResourceDetail (linked steps and note)."""
        self.title.setText(html.escape(row.title))
        where = row.url or row.local_path or ""
        link = f'<a href="open">{html.escape(where)}</a>' if where else "<i>no link</i>"
        parts = [
            link,
            " · ".join(
                x
                for x in (
                    KIND_LABELS.get(row.kind, row.kind),
                    row.author,
                    (row.cost or "").capitalize(),
                )
                if x
            ),
            f"{STATUS_LABELS.get(row.status, row.status)} · "
            + "★" * row.rating
            + "☆" * (5 - row.rating),
        ]
        if row.tags:
            parts.append("Tags: " + html.escape(", ".join(row.tags)))
        if detail.linked_steps:
            parts.append(
                "Used in:<br>"
                + "<br>".join(
                    f"• {html.escape(s.step_title)} <span style='color:gray'>— "
                    f"{html.escape(s.roadmap_title)}</span>"
                    for s in detail.linked_steps
                )
            )
        self.meta.setText("<br>".join(parts))
        self.note.set_markdown(detail.draft.note_md or "*No note yet. **Edit…** to write one.*")
