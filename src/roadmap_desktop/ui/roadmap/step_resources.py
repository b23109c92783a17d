"""The resources of one step, inside the detail pane: tick done, open, add, link, unlink."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import queries
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.library.library_model import STATUS_LABELS
from roadmap_desktop.ui.widgets.checklist_model import ChecklistModel
from roadmap_desktop.ui.widgets.icons import kind_icon
from roadmap_desktop.ui.widgets.search_picker import SearchPicker

_Index = QModelIndex | QPersistentModelIndex


class StepResourceModel(ChecklistModel):
    """Resources (LibraryRows) linked to a step; the check box is "done"."""

    def text(self, row: Any) -> str:
        return f"{row.title} — {row.author}" if row.author else str(row.title)

    def checked(self, row: Any) -> bool:
        return bool(row.status == "done")

    def identity(self, row: Any) -> Any:
        return row.id

    def extra(self, row: Any, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            return kind_icon(row.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = row.url or row.local_path or "no link"
            return f"{row.title}\n{where}\n{STATUS_LABELS.get(row.status, row.status)}"
        return None


class ResourcePicker:
    """Search the library and pick a resource to link."""

    @classmethod
    def ask(cls, parent: QWidget | None, rows: list[Any]) -> int | None:
        """The chosen resource id, or None. Tests replace this."""

        def entries(text: str) -> Any:
            needle = text.casefold().strip()
            return (
                (row.title, kind_icon(row.kind), row.id)
                for row in rows
                if not needle or needle in f"{row.title} {row.author} {row.url or ''}".casefold()
            )

        chosen = SearchPicker(
            parent, "Link a Resource", "Type to search your library…", entries
        ).pick()
        return None if chosen is None else int(chosen)


class StepResourcesBox(QWidget):
    """The "Resources" part of the step detail pane."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.step: Any = None  # StepRef of the shown step
        self.label = QLabel()
        self.label.setWordWrap(True)  # beside its two buttons in a narrow column: wrap, never clip
        self.model = StepResourceModel(self)
        self.model.toggle_requested.connect(lambda row, on: self._set_done(row.id, on))
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Step resources")
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFrameShape(QFrame.Shape.StyledPanel)
        self.view.setWordWrap(True)  # long titles wrap in the narrow side column
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.activated.connect(self._open)
        # The window connects these buttons to the registry's commands (ui/actions.py).
        add = self.add_button = QPushButton("Add…")
        add.setToolTip("Add a new resource to your library, linked to this step")
        add.clicked.connect(self.add_resource)
        link = self.link_button = QPushButton("Link…")
        link.setToolTip("Link a resource already in your library")
        link.clicked.connect(self.link_existing)
        header = QHBoxLayout()
        header.setContentsMargins(0, 0, 0, 0)
        header.addWidget(self.label, 1)
        header.addWidget(link)
        header.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        ctx.changed.connect(self._on_changed)

    def show_step(self, step: Any) -> None:
        """Show the resources of a StepRef (None clears)."""
        self.step = step
        rows = (
            []
            if step is None
            else self.ctx.read(queries.step_resources, step.roadmap_id, step.step_key)
        )
        self.model.set_rows(rows)
        done = sum(1 for r in rows if r.status == "done")
        self.label.setText(
            f"<b>Resources</b>  ·  {done} of {len(rows)} done"
            if rows
            else "<b>Resources</b>  ·  none linked yet"
        )

    def _on_changed(self, change: ChangeSet) -> None:
        if self.step is not None and change.touches(ChangeKind.LIBRARY):
            self.show_step(self.step)

    def _set_done(self, resource_id: int, done: bool) -> None:
        from roadmap_desktop.services import library as lib  # writes: after the first view

        status = "done" if done else "to_do"
        push(
            self.ctx,
            "Mark resource done" if done else "Mark resource to do",
            lambda db: lib.set_status(db, [resource_id], status),
            lib.restore_statuses,
        )

    def _open(self, index: QModelIndex) -> None:
        from roadmap_desktop.ui.library.library_actions import open_resource

        open_resource(self, self.ctx, self.model.rows[index.row()])

    def add_resource(self) -> None:
        """New resource linked to this step."""
        from roadmap_desktop.services import library as lib
        from roadmap_desktop.ui.library.library_actions import LibraryServices, add_with_links
        from roadmap_desktop.ui.library.resource_dialog import ResourceDialog

        if self.step is None:
            return
        answer = ResourceDialog.ask(
            self,
            draft=lib.ResourceDraft(title=""),
            links=[self.step],
            services=LibraryServices(self.ctx),
        )
        if answer is None:
            return
        kind, value, links = answer
        if kind == "open":
            self._link(value.id)
        else:
            add_with_links(self.ctx, value, links)

    def link_existing(self) -> None:
        """Pick a library resource and link it to this step."""
        from roadmap_desktop.services import library as lib  # writes: after the first view

        if self.step is None:
            return
        linked = {r.id for r in self.model.rows}
        rows = [r for r in self.ctx.read(lib.library_rows) if r.id not in linked]
        chosen = ResourcePicker.ask(self, rows)
        if chosen is not None:
            self._link(chosen)

    def _link(self, resource_id: int) -> None:
        from roadmap_desktop.services import library as lib  # writes: after the first view

        step = self.step
        push(
            self.ctx,
            "Link resource",
            lambda db: (None, lib.link_step(db, resource_id, step.roadmap_id, step.step_key)),
            lambda db, _m: lib.unlink_step(db, resource_id, step.roadmap_id, step.step_key),
        )

    def unlink_selected(self) -> None:
        """Remove the selected resource from this step (it stays in the library)."""
        index = self.view.currentIndex()
        if self.step is None or not index.isValid():
            return
        from roadmap_desktop.ui.library.library_actions import push_unlink

        push_unlink(
            self.ctx, self.model.rows[index.row()].id, self.step.roadmap_id, self.step.step_key
        )
