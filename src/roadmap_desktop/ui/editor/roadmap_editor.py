"""The roadmap editor: build or change a roadmap's phases and steps; every edit is undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import curriculum, queries, roadmap_edit, step_edit
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.editor.outline_model import OutlineModel
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

KINDS = (
    ("topic", "Topic"),
    ("project", "Project"),
    ("exercise", "Exercise"),
    ("milestone", "Milestone"),
)


class RoadmapEditor(QDialog):
    """Edits one roadmap (custom or imported); bundled ones are shown read-only."""

    def __init__(self, ctx: AppContext, roadmap_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.roadmap_id = roadmap_id
        self.origin = ""
        self.setWindowTitle("Edit Roadmap")
        self.resize(1100, 720)

        self.title = QLineEdit()
        self.title.setAccessibleName("Roadmap title")
        self.title.editingFinished.connect(self._rename_roadmap)
        copy = QPushButton("Make My Own Copy…")
        copy.clicked.connect(self.make_copy)
        delete = QPushButton("Delete Roadmap…")
        delete.clicked.connect(self.delete_roadmap)
        self.delete_button = delete
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Roadmap</b>"))
        top.addWidget(self.title, 1)
        top.addWidget(copy)
        top.addWidget(delete)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background: palette(alternate-base); padding: 8px; "
            "border: 1px solid palette(mid); border-radius: 4px;"
        )

        self.model = OutlineModel(self)
        self.model.rename_requested.connect(self._rename_item)
        self.model.move_step_requested.connect(self.move_step)
        self.model.move_phase_requested.connect(self.move_phase)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.tree.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.tree.setDropIndicatorShown(True)
        self.tree.setEditTriggers(
            QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
        )
        self.tree.setAccessibleName("Roadmap outline")
        self.tree.selectionModel().currentChanged.connect(self._selected)
        add_phase = QPushButton("Add Phase")
        add_phase.clicked.connect(self.add_phase)
        add_step = QPushButton("Add Step")
        add_step.clicked.connect(self.add_step)
        remove = QPushButton("Delete")
        remove.clicked.connect(self.delete_selected)
        self.edit_buttons = [add_phase, add_step, remove]
        buttons = QHBoxLayout()
        for button in self.edit_buttons:
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.archived = QListWidget()
        self.archived.setMaximumHeight(110)
        self.archived.setAccessibleName("Archived steps")
        restore = QPushButton("Restore to Selected Phase")
        restore.clicked.connect(self.restore_archived)
        self.archived_box = QWidget()
        al = QVBoxLayout(self.archived_box)
        al.setContentsMargins(0, 8, 0, 0)
        al.addWidget(QLabel("<b>Archived steps</b> — removed from the roadmap, progress kept"))
        al.addWidget(self.archived)
        al.addWidget(restore)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.tree, 1)
        ll.addLayout(buttons)
        ll.addWidget(self.archived_box)

        self.stack = QStackedWidget()
        hint = QLabel(
            "Select a phase or a step to edit it. Drag steps and phases to reorder "
            "them; F2 renames."
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.stack.addWidget(hint)
        self.stack.addWidget(self._phase_form())
        self.stack.addWidget(self._step_form())

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setSizes([380, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        # Ctrl+S, undo, redo and close come from the action registry (Scope.EDITOR).
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout.addWidget(close)
        self._form_key: str | None = None  # the step whose text is in the form
        self._form_values: dict[str, Any] = {}
        ctx.on_flush(self.save_pending, self)
        ctx.changed.connect(self._on_changed)
        self.reload()

    # --- forms -------------------------------------------------------------------------------

    def _phase_form(self) -> QWidget:
        self.phase_title = QLineEdit()
        self.phase_title.editingFinished.connect(self._save_phase_title)
        self.start_week, self.end_week = QSpinBox(), QSpinBox()
        for spin in (self.start_week, self.end_week):
            spin.setRange(1, 520)
            spin.editingFinished.connect(self._save_weeks)
        weeks = QHBoxLayout()
        weeks.addWidget(self.start_week)
        weeks.addWidget(QLabel("to"))
        weeks.addWidget(self.end_week)
        weeks.addStretch(1)
        form = QWidget()
        fl = QFormLayout(form)
        fl.addRow("Phase &title:", self.phase_title)
        fl.addRow("Weeks:", weeks)
        return form

    def _step_form(self) -> QWidget:
        self.step_title = QLineEdit()
        self.kind = QComboBox()
        for key, label in KINDS:
            self.kind.addItem(label, key)
        self.effort = QDoubleSpinBox()
        self.effort.setRange(0.25, 10_000)
        self.effort.setDecimals(2)
        self.effort.setSuffix(" h")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText(
            "What it is, why it matters, what you can do afterwards — in Markdown."
        )
        self.preview = MarkdownView()
        tabs = QTabWidget()
        tabs.addTab(self.body, "Markdown")
        tabs.addTab(self.preview, "Preview")
        tabs.currentChanged.connect(
            lambda i: self.preview.set_markdown(self.body.toPlainText()) if i == 1 else None
        )
        self.tabs = tabs
        save = QPushButton("Save Step")
        save.setToolTip("Save the title, kind, effort and text (Ctrl+S)")
        save.clicked.connect(self.save_step)
        self.save_button = save
        form = QWidget()
        fl = QFormLayout(form)
        fl.addRow("Step &title:", self.step_title)
        fl.addRow("&Kind:", self.kind)
        fl.addRow("&Effort:", self.effort)
        fl.addRow(tabs)
        fl.addRow("", save)
        return form

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the roadmap again and keep the selection."""
        from datetime import date

        from roadmap_desktop.services.queries import list_roadmaps

        summary = next((r for r in self.ctx.read(list_roadmaps) if r.id == self.roadmap_id), None)
        if summary is None:
            self.close()
            return
        self.origin = summary.origin
        editable = summary.origin != "bundled"
        selected = self._selected_item()
        overview = self.ctx.read(queries.roadmap_overview, self.roadmap_id, date.today())
        self.model.set_overview(overview, editable)
        self.tree.expandAll()
        self.title.setText(summary.title)
        self.title.setReadOnly(not editable)
        self.delete_button.setEnabled(editable)
        for widget in (
            *self.edit_buttons,
            self.phase_title,
            self.start_week,
            self.end_week,
            self.step_title,
            self.kind,
            self.effort,
            self.save_button,
        ):
            widget.setEnabled(editable)
        self.body.setReadOnly(not editable)
        self.banner.setVisible(not editable)
        self.banner.setText(
            "This roadmap comes with the app, so it is shown read-only. "
            "<b>Make My Own Copy…</b> gives you one you can change — with your "
            "progress and notes."
        )
        archived = self.ctx.read(curriculum.archived_steps, self.roadmap_id)
        self.archived.clear()
        for step in archived:
            item = QListWidgetItem(step.title)
            item.setData(Qt.ItemDataRole.UserRole, step.key)
            self.archived.addItem(item)
        self.archived_box.setVisible(bool(archived))
        if selected is not None:
            index = self.model.find(*selected)
            if index.isValid():
                self.tree.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                return
        self.stack.setCurrentIndex(0)

    def _on_changed(self, change: ChangeSet) -> None:
        if change.touches(ChangeKind.ROADMAPS) and change.roadmap_id in (None, self.roadmap_id):
            self.reload()

    def _selected_item(self) -> tuple[str, str] | None:
        index = self.tree.currentIndex()
        return index.data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def _form(self) -> dict[str, Any]:
        return {
            "title": self.step_title.text().strip(),
            "body_md": self.body.toPlainText(),
            "effort_hours": self.effort.value(),
            "kind": self.kind.currentData(),
        }

    def save_pending(self, *, later: bool = False) -> None:
        """Save the step form if its text was changed (on switch, close and flush).

        `later` defers the write to the next turn of the event loop: inside a selection
        change the outline must not be reset under the view's feet.
        """
        if self._form_key is None or self.origin == "bundled":
            return
        fields = self._form()
        if fields == self._form_values or not fields["title"]:
            return
        rid, key = self.roadmap_id, self._form_key
        self._form_values = fields

        def save() -> None:
            push(
                self.ctx,
                f"Edit step “{fields['title']}”",
                lambda db: step_edit.update_step(db, rid, key, **fields),
                lambda db, old: step_edit.restore_step_fields(db, rid, key, old),
            )

        if later:
            QTimer.singleShot(0, self.ctx, save)
        else:
            save()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_pending()
        self.ctx.off_flush(self.save_pending)
        super().closeEvent(event)

    def reject(self) -> None:
        """Escape closes the editor, saving the step being typed first."""
        self.save_pending()
        self.ctx.off_flush(self.save_pending)
        super().reject()
        self.deleteLater()

    def _selected(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.save_pending(later=True)
        self._form_key = None
        if not current.isValid():
            self.stack.setCurrentIndex(0)
            return
        kind, item, _phase = self.model.item(current)
        if kind == "phase":
            self.phase_title.setText(item.title)
            self.start_week.setValue(item.start_week)
            self.end_week.setValue(item.end_week)
            self.stack.setCurrentIndex(1)
            return
        detail = self.ctx.read(queries.step_detail, self.roadmap_id, item.key)
        self.step_title.setText(detail.title)
        self.kind.setCurrentIndex(max(0, self.kind.findData(detail.kind.value)))
        self.effort.setValue(detail.hours)
        if self.body.toPlainText() != detail.body_md:
            self.body.setPlainText(detail.body_md)
        if self.tabs.currentIndex() == 1:
            self.preview.set_markdown(detail.body_md)
        self.stack.setCurrentIndex(2)
        self._form_key = item.key
        self._form_values = self._form()

    # --- edits ------------------------------------------------------------------------------------

    def _rename_roadmap(self) -> None:
        text = self.title.text().strip()
        if self.origin == "bundled" or not text:
            return
        rid = self.roadmap_id
        push(
            self.ctx,
            f"Rename roadmap to “{text}”",
            lambda db: roadmap_edit.rename_roadmap(db, rid, text),
            lambda db, old: roadmap_edit.rename_roadmap(db, rid, old)[1],
        )

    def _rename_item(self, kind: str, key: str, title: str) -> None:
        rid = self.roadmap_id
        if kind == "phase":
            push(
                self.ctx,
                f"Rename phase to “{title}”",
                lambda db: roadmap_edit.rename_phase(db, rid, key, title),
                lambda db, old: roadmap_edit.rename_phase(db, rid, key, old)[1],
            )
        else:
            push(
                self.ctx,
                f"Rename step to “{title}”",
                lambda db: step_edit.update_step(db, rid, key, title=title),
                lambda db, old: step_edit.restore_step_fields(db, rid, key, old),
            )

    def _save_phase_title(self) -> None:
        selected = self._selected_item()
        text = self.phase_title.text().strip()
        if selected and selected[0] == "phase" and text:
            current = self.model.item(self.tree.currentIndex())[1]
            if text != current.title:
                self._rename_item("phase", selected[1], text)

    def _save_weeks(self) -> None:
        selected = self._selected_item()
        if not selected or selected[0] != "phase":
            return
        current = self.model.item(self.tree.currentIndex())[1]
        start, end = self.start_week.value(), self.end_week.value()
        if (start, end) == (current.start_week, current.end_week):
            return
        if end < start:
            self.end_week.setValue(start)
            end = start
        rid, key = self.roadmap_id, selected[1]
        push(
            self.ctx,
            f"Set weeks {start}–{end}",
            lambda db: roadmap_edit.set_phase_weeks(db, rid, key, start, end),
            lambda db, old: roadmap_edit.set_phase_weeks(db, rid, key, *old)[1],
        )

    def save_step(self) -> None:
        """Save the step form now (Ctrl+S; one undo step)."""
        self.save_pending()

    def add_phase(self) -> None:
        """A new phase after the selected one (or at the end)."""
        selected = self._selected_item()
        after = None
        if selected:
            index = self.tree.currentIndex()
            after = self.model.item(index if selected[0] == "phase" else index.parent())[1].key
        rid = self.roadmap_id
        command = push(
            self.ctx,
            "Add phase",
            lambda db: roadmap_edit.add_phase(db, rid, "New phase", after),
            lambda db, key: roadmap_edit.delete_phase(db, rid, key)[1],
        )
        self._select_new("phase", command.memo)

    def add_step(self) -> None:
        """A new step at the end of the selected phase (or after the selected step)."""
        index = self.tree.currentIndex()
        if not index.isValid():
            if not self.model.phases:
                return
            index = self.model.index(len(self.model.phases) - 1, 0)
        kind, _item, _phase = self.model.item(index)
        phase_row = index if kind == "phase" else index.parent()
        phase_key = self.model.item(phase_row)[1].key
        position = None if kind == "phase" else index.row() + 1
        rid = self.roadmap_id
        command = push(
            self.ctx,
            "Add step",
            lambda db: step_edit.add_step(db, rid, phase_key, "New step", position),
            lambda db, key: step_edit.delete_step(db, rid, key)[1],
        )
        self._select_new("step", command.memo)

    def _select_new(self, kind: str, key: Any) -> None:
        if not key:
            return
        index = self.model.find(kind, key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            (self.phase_title if kind == "phase" else self.step_title).setFocus()
            (self.phase_title if kind == "phase" else self.step_title).selectAll()

    def delete_selected(self) -> None:
        """Delete the selected phase (with its steps archived or removed) or step; undoable."""
        selected = self._selected_item()
        if not selected:
            return
        kind, key = selected
        rid = self.roadmap_id
        if kind == "phase":
            push(
                self.ctx,
                "Delete phase",
                lambda db: roadmap_edit.delete_phase(db, rid, key),
                roadmap_edit.restore_phase,
            )
        else:
            push(
                self.ctx,
                "Delete step",
                lambda db: step_edit.delete_step(db, rid, key),
                step_edit.restore_step,
            )

    def move_step(self, step_key: str, phase_key: str, position: int) -> None:
        """Drag and drop of a step (undoable)."""
        rid = self.roadmap_id
        push(
            self.ctx,
            "Move step",
            lambda db: step_edit.move_step(db, rid, step_key, phase_key, position),
            lambda db, old: step_edit.move_step(db, rid, step_key, old[0], old[1])[1],
        )

    def move_phase(self, phase_key: str, position: int) -> None:
        """Drag and drop of a phase (undoable)."""
        rid = self.roadmap_id
        push(
            self.ctx,
            "Move phase",
            lambda db: roadmap_edit.move_phase(db, rid, phase_key, position),
            lambda db, old: roadmap_edit.move_phase(db, rid, phase_key, old)[1],
        )

    def restore_archived(self) -> None:
        """Put the selected archived step back into the selected phase."""
        item = self.archived.currentItem()
        index = self.tree.currentIndex()
        if item is None or not index.isValid():
            QMessageBox.information(
                self, "Restore", "Select an archived step and the phase to put it back into."
            )
            return
        phase_index = index if index.internalId() == 0 else index.parent()
        phase_key = self.model.item(phase_index)[1].key
        key, rid = item.data(Qt.ItemDataRole.UserRole), self.roadmap_id
        push(
            self.ctx,
            "Restore archived step",
            lambda db: (None, curriculum.restore_archived_step(db, rid, key, phase_key)),
            lambda db, _m: curriculum.archive_step_again(db, rid, key),
        )

    def make_copy(self) -> int | None:
        """A custom copy of this roadmap (with progress) that opens in the editor."""
        title, ok = QInputDialog.getText(
            self, "Make My Own Copy", "Title of your copy:", text=f"{self.title.text()} (my copy)"
        )
        if not ok or not title.strip():
            return None
        rid = self.roadmap_id
        command = push(
            self.ctx,
            "Make my own copy",
            lambda db: roadmap_edit.copy_roadmap(db, rid, title.strip()),
            lambda db, new_id: roadmap_edit.delete_roadmap(db, new_id)[1],
        )
        if command.memo:
            self.roadmap_id = command.memo
            self.reload()
            self.roadmap_opened(command.memo)
        return command.memo  # type: ignore[no-any-return]

    def delete_roadmap(self) -> None:
        """Delete this (custom or imported) roadmap after confirmation; undoable."""
        answer = QMessageBox.question(
            self,
            "Delete Roadmap",
            f"Delete “{self.title.text()}” with its progress and notes? You can undo this.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        rid = self.roadmap_id
        push(
            self.ctx,
            "Delete roadmap",
            lambda db: roadmap_edit.delete_roadmap(db, rid),
            lambda db, snap: roadmap_edit.restore_roadmap(db, snap)[1],
        )
        self.close()

    def roadmap_opened(self, roadmap_id: int) -> None:
        """Tell the main window to show another roadmap (set by the window)."""
