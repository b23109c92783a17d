"""Add or edit a resource: validated fields, duplicate warning, and the steps it serves."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.ui.library.library_model import KIND_LABELS, STATUS_LABELS
from roadmap_desktop.ui.widgets.search_picker import SearchPicker


class StepPicker:
    """Search every roadmap's steps by title and pick one."""

    @classmethod
    def ask(cls, parent: QWidget | None, search: Any) -> Any:
        """Show the picker; the StepRef chosen or None. Tests replace this."""

        def entries(text: str) -> Any:
            return (
                (f"{ref.step_title}   —   {ref.roadmap_title}", None, ref) for ref in search(text)
            )

        return SearchPicker(
            parent, "Link to a Step", "Type to search steps in all roadmaps…", entries
        ).pick()


class ResourceDialog(QDialog):
    """Edits a ResourceDraft and the list of linked steps; validates before accepting."""

    OPEN_EXISTING = 2  # done() code: the learner chose to open the duplicate instead

    def __init__(
        self,
        parent: QWidget | None,
        *,
        draft: Any,
        links: list[Any],
        services: Any,
        resource_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services  # an object with validate, find_duplicate, search_steps
        self.resource_id = resource_id
        self.duplicate: Any = None
        self.setWindowTitle("Edit Resource" if resource_id else "Add Resource")
        self.title = QLineEdit(draft.title)
        self.location = QLineEdit(draft.url or draft.local_path or "")
        self.location.setPlaceholderText("https://… or a file on this computer")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        loc_row = QHBoxLayout()
        loc_row.addWidget(self.location, 1)
        loc_row.addWidget(browse)
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(draft.kind)))
        self.author = QLineEdit(draft.author)
        self.cost = QComboBox()
        for cost_key, cost_label in ((None, "—"), ("free", "Free"), ("paid", "Paid")):
            self.cost.addItem(cost_label, cost_key)
        self.cost.setCurrentIndex(max(0, self.cost.findData(draft.cost)))
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.status.setCurrentIndex(max(0, self.status.findData(draft.status)))
        self.rating = QSpinBox()
        self.rating.setRange(0, 5)
        self.rating.setSuffix(" ★")
        self.rating.setValue(draft.rating)
        self.tags = QLineEdit(", ".join(draft.tags))
        self.tags.setPlaceholderText("comma-separated, e.g. sql, postgres")
        self.note = QPlainTextEdit(draft.note_md)
        self.note.setPlaceholderText("Notes in Markdown")
        self.note.setMaximumHeight(110)

        self.links = QListWidget()
        self.links.setMaximumHeight(96)
        self.links.setAccessibleName("Linked steps")
        for ref in links:
            self._add_link_item(ref)
        add_link = QPushButton("Link to Step…")
        add_link.clicked.connect(self._pick_step)
        remove_link = QPushButton("Unlink")
        remove_link.clicked.connect(self._remove_link)
        link_buttons = QHBoxLayout()
        link_buttons.addWidget(add_link)
        link_buttons.addWidget(remove_link)
        link_buttons.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("&Title:", self.title)
        # A row whose field is a layout gets no buddy by itself, so "&" would show literally.
        location_label = QLabel("&Link or file:")
        location_label.setBuddy(self.location)
        form.addRow(location_label, loc_row)
        form.addRow("&Kind:", self.kind)
        form.addRow("&Author:", self.author)
        form.addRow("&Cost:", self.cost)
        form.addRow("&Status:", self.status)
        form.addRow("&Rating:", self.rating)
        form.addRow("Ta&gs:", self.tags)
        form.addRow("&Note:", self.note)
        form.addRow("Used in:", self.links)
        form.addRow("", link_buttons)

        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #c4314b;")
        self.warning.hide()
        self.open_existing = QPushButton("Open Existing")
        self.open_existing.hide()
        self.open_existing.clicked.connect(lambda: self.done(self.OPEN_EXISTING))
        warn_row = QHBoxLayout()
        warn_row.addWidget(self.warning, 1)
        warn_row.addWidget(self.open_existing)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 12)
        layout.addLayout(form)
        layout.addLayout(warn_row)
        layout.addWidget(buttons)
        self.location.editingFinished.connect(self._check_duplicate)
        self.setMinimumWidth(560)

    # --- helpers ---------------------------------------------------------------------------

    def _add_link_item(self, ref: Any) -> None:
        item = QListWidgetItem(f"{ref.step_title}  —  {ref.roadmap_title}")
        item.setData(Qt.ItemDataRole.UserRole, ref)
        self.links.addItem(item)

    def _pick_step(self) -> None:
        ref = StepPicker.ask(self, self.services.search_steps)
        if ref is not None and ref not in self.linked_steps():
            self._add_link_item(ref)

    def _remove_link(self) -> None:
        row = self.links.currentRow()
        if row >= 0:
            self.links.takeItem(row)

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose a File")
        if path:
            self.location.setText(path)

    def _check_duplicate(self) -> None:
        text = self.location.text().strip()
        found = (
            self.services.find_duplicate(text, self.resource_id)
            if text.lower().startswith(("http://", "https://"))
            else None
        )
        self.duplicate = found
        if found is not None:
            self.warning.setText(f"Already in your library as “{found.title}”.")
        self.warning.setVisible(found is not None)
        self.open_existing.setVisible(found is not None)

    def draft(self) -> Any:
        """The draft as typed (not yet validated)."""
        location = self.location.text().strip()
        is_url = "://" in location or location.lower().startswith(("http", "www."))
        tags = tuple(dict.fromkeys(t.strip() for t in self.tags.text().split(",") if t.strip()))
        return self.services.make_draft(
            title=self.title.text().strip(),
            url=location if is_url and location else None,
            local_path=None if is_url or not location else str(Path(location).expanduser()),
            kind=self.kind.currentData(),
            author=self.author.text().strip(),
            cost=self.cost.currentData(),
            status=self.status.currentData(),
            rating=self.rating.value(),
            tags=tags,
            note_md=self.note.toPlainText(),
        )

    def linked_steps(self) -> list[Any]:
        """StepRefs in the list."""
        return [
            self.links.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.links.count())
        ]

    def accept(self) -> None:
        try:
            self.validated = self.services.validate(self.draft())
        except UserFacingError as exc:
            self.warning.setText(str(exc))
            self.warning.show()
            self.open_existing.hide()
            return
        super().accept()

    @classmethod
    def ask(cls, parent: QWidget | None, **kwargs: Any) -> tuple[str, Any, list[Any]] | None:
        """('save', draft, links) / ('open', duplicate row, []) / None. Tests replace this."""
        dialog = cls(parent, **kwargs)
        code = dialog.exec()
        if code == QDialog.DialogCode.Accepted:
            return "save", dialog.validated, dialog.linked_steps()
        if code == cls.OPEN_EXISTING:
            return "open", dialog.duplicate, []
        return None


def with_status(draft: Any, status: str) -> Any:
    """A copy of draft with another status."""
    return replace(draft, status=status)
