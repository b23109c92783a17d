"""The Library page: filters on the left, the resource table, the selected resource's details."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.services import library as lib
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.library_search import note_search
from roadmap_desktop.ui.actions import Scope
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.library.library_actions import (
    LibraryServices,
    add_with_links,
    edit_resource,
    open_resource,
)
from roadmap_desktop.ui.library.library_delegates import StarDelegate, StatusDelegate
from roadmap_desktop.ui.library.library_model import (
    COL_ADDED,
    COL_KIND,
    COL_RATING,
    COL_STATUS,
    COL_TAGS,
    COL_TITLE,
    COL_USED,
    KIND_LABELS,
    STATUS_LABELS,
    LibraryModel,
)
from roadmap_desktop.ui.library.resource_dialog import ResourceDialog
from roadmap_desktop.ui.widgets.check_style import paint_without_check_hook
from roadmap_desktop.ui.widgets.markdown_view import MarkdownView

# Columns beside the title, in order of importance, with their starting widths; on a narrow
# table the last ones are hidden first (_fit_columns).
COLUMN_WIDTHS = (
    (COL_STATUS, 86),
    (COL_KIND, 64),
    (COL_RATING, 84),
    (COL_TAGS, 90),
    (COL_ADDED, 96),
    (COL_USED, 120),
)
MIN_TITLE_WIDTH = 220
FIRST_ROWS = 500  # read before the first show of the page
MORE_ROWS = 250  # read per step afterwards, between frames (about one frame each)


class LibraryPage(QWidget):
    """Every resource in one table; all edits go through undoable service commands."""

    scope = Scope.LIBRARY
    title = "Library"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = LibraryServices(ctx)
        self.model = LibraryModel(self)
        self.model.status_requested.connect(lambda rid, st: self.set_status([rid], st))
        self.model.rating_requested.connect(self.set_rating)
        self._loaded = False
        # (all ids newest first, how many are read, the rows read) while loading in parts
        self._pending: tuple[list[int], int, list[Any]] | None = None
        self.load_timer = QTimer(self, singleShot=True, interval=0)
        self.load_timer.timeout.connect(self._load_more)

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
        clear.clicked.connect(self.clear_filters)
        filters = QWidget()
        filters.setMinimumWidth(190)
        filters.setMaximumWidth(260)
        fl = QFormLayout(filters)
        fl.setContentsMargins(16, 12, 8, 12)
        fl.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        fl.addRow("&Search", self.search)
        fl.addRow("&Kind", self.kind_box)
        fl.addRow("S&tatus", self.status_box)
        fl.addRow("Ta&g", self.tag_box)
        fl.addRow("&Roadmap", self.roadmap_box)
        fl.addRow(clear)

        self.count = QLabel()
        self.count.setAccessibleName("Resource count")
        add_button = self.add_button = QPushButton("Add Resource…")  # runs A.ADD_RESOURCE
        import_button = QToolButton()
        import_button.setText("Import")
        import_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.import_menu = QMenu(import_button)
        import_button.setMenu(self.import_menu)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(import_button)
        top.addWidget(add_button)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_ADDED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Resources")
        self.table.setItemDelegateForColumn(COL_RATING, StarDelegate(self.table))
        paint_without_check_hook(self.table)
        self.table.setItemDelegateForColumn(COL_STATUS, StatusDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for col, width in COLUMN_WIDTHS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.table.installEventFilter(self)
        self.table.doubleClicked.connect(self._open_index)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        # A model reset (every filter change) drops the selection without a signal: remember
        # it and put it back, so the details pane follows what the filter shows.
        self._kept_ids: list[int] = []
        self.model.modelAboutToBeReset.connect(self._keep_selection)
        self.model.modelReset.connect(self._follow_filter)

        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty)
        center = QWidget()
        cl = QVBoxLayout(center)
        cl.setContentsMargins(8, 12, 8, 12)
        cl.setSpacing(8)
        cl.addLayout(top)
        cl.addWidget(self.table_stack, 1)

        self.detail_title = QLabel()
        font = self.detail_title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.detail_title.setFont(font)
        self.detail_title.setWordWrap(True)
        self.detail_meta = QLabel()
        self.detail_meta.setWordWrap(True)
        self.detail_meta.setOpenExternalLinks(False)
        self.detail_meta.linkActivated.connect(lambda _l: self.open_selected())
        self.detail_meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.detail_note = MarkdownView()
        self.detail_note.setAccessibleName("Resource note")
        edit_button = QPushButton("Edit…")
        edit_button.clicked.connect(self.edit_selected)
        open_button = QPushButton("Open")
        open_button.clicked.connect(self.open_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(open_button)
        buttons.addWidget(edit_button)
        buttons.addStretch(1)
        self.detail = QWidget()
        dl = QVBoxLayout(self.detail)
        dl.setContentsMargins(8, 12, 16, 12)
        dl.setSpacing(8)
        dl.addWidget(self.detail_title)
        dl.addWidget(self.detail_meta)
        dl.addLayout(buttons)
        dl.addWidget(self.detail_note, 1)
        self.detail.setMinimumWidth(220)
        self.detail.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(filters)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([200, 900, 280])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.note_timer = QTimer(self, singleShot=True, interval=200)
        self.note_timer.timeout.connect(self._search_notes)
        self.search.textChanged.connect(self._text_changed)
        for box, key in (
            (self.kind_box, "kind"),
            (self.status_box, "status"),
            (self.tag_box, "tag"),
            (self.roadmap_box, "roadmap"),
        ):
            box.currentIndexChanged.connect(
                lambda _i, b=box, k=key: self._filter_changed(**{k: b.currentData()})
            )
        ctx.changed.connect(self._on_changed)

    # --- the Page protocol -------------------------------------------------------------------

    def activate(self) -> None:
        """Load on first show (in parts between frames) and focus the table."""
        self.ensure_shown()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read every row again if the page has been shown."""
        if self._loaded:
            self.reload()

    def attach_buttons(self, binder: Any) -> None:
        """The Import/Export button's menu runs the registry's commands."""
        from roadmap_desktop.ui.actions import A

        for command in (A.IMPORT_BOOKMARKS, A.IMPORT_CSV, A.EXPORT_CSV):
            self.import_menu.addAction(binder.action(command))
        self.add_button.clicked.connect(lambda _checked=False: binder.trigger(A.ADD_RESOURCE))

    def focus_search(self) -> None:
        """Put the cursor in the filter box."""
        self.search.setFocus()
        self.search.selectAll()

    # --- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Fetch every row again (a full reload) and refresh the filter choices."""
        self._pending = None
        selected = self.selected_ids()
        rows = self.ctx.read(lib.library_rows)
        self.model.set_rows(rows)
        self._fill_choices()
        self._loaded = True
        self._select_ids(selected)
        self._update_count()

    def ensure_loaded(self) -> None:
        """Every row loaded now (for commands that need them all)."""
        if not self._loaded or self._pending is not None:
            self.reload()

    def ensure_shown(self) -> None:
        """Load on show, so startup does not pay for the library: the newest FIRST_ROWS at
        once, the others in parts between frames (a 20,000-row library shows in one frame)."""
        if self._loaded:
            return
        ids = self.ctx.read(lib.library_ids)
        if len(ids) <= FIRST_ROWS:
            self.reload()
            return
        rows = self.ctx.read(lib.library_rows_of, ids[:FIRST_ROWS])
        self.model.set_rows(rows)
        self._fill_choices()
        self._loaded = True
        self._pending = (ids, FIRST_ROWS, rows)
        self._update_count()
        self.load_timer.start()

    def _load_more(self) -> None:
        """Read the next part; the model takes every row at once when the last part is in."""
        if self._pending is None:
            return
        ids, done, rows = self._pending
        rows = rows + self.ctx.read(lib.library_rows_of, ids[done : done + MORE_ROWS])
        done += MORE_ROWS
        if done < len(ids):
            self._pending = (ids, done, rows)
            self._update_count()
            self.load_timer.start()
            return
        self._pending = None
        selected = self.selected_ids()
        self.model.set_rows(rows)
        self._select_ids(selected)
        self._update_count()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_shown()  # a change while hidden left the page stale
        super().showEvent(event)

    def _fill_choices(self) -> None:
        from roadmap_desktop.services import queries

        for box, first, items in (
            (self.tag_box, "Any tag", [(f"{t} ({n})", t) for t, n in self.ctx.read(lib.all_tags)]),
            (
                self.roadmap_box,
                "Any roadmap",
                [(title, slug) for _id, slug, title in self.ctx.read(queries.roadmap_choices)],
            ),
        ):
            current = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(first, None)
            for label, value in items:
                box.addItem(label, value)
            box.setCurrentIndex(max(0, box.findData(current)))
            box.blockSignals(False)

    def _on_changed(self, change: ChangeSet) -> None:
        if not self._loaded or not change.touches(ChangeKind.LIBRARY, ChangeKind.ROADMAPS):
            return
        if self._pending is not None:  # parts read before this change may be stale
            self._pending = None
            self._loaded = False
            if self.isVisible():
                self.ensure_shown()
            return
        ids = change.resource_ids
        if (
            ids
            and not change.touches(ChangeKind.ROADMAPS)
            and all(self.model.contains(rid) for rid in ids)
        ):
            # Edits in place: fetch just these rows (a full reload of 20,000 takes ~0.4 s).
            self.model.update_rows([self.ctx.read(lib.library_row, rid) for rid in ids])
            self._fill_choices()
            self._update_count()
            self._selection_changed()
            return
        if self.isVisible():
            self.reload()
        else:
            self._loaded = False  # stale: read again when shown (ensure_loaded)

    # --- filtering ---------------------------------------------------------------------------

    def _text_changed(self, text: str) -> None:
        self.model.set_filters(text=text, note_hits=set())
        self.note_timer.start()
        self._update_count()

    def _search_notes(self) -> None:
        text = self.search.text().strip()
        hits = self.ctx.read(note_search, text) if len(text) >= 2 else set()
        if hits:
            self.model.set_filters(note_hits=hits)
            self._update_count()

    def _filter_changed(self, **kwargs: Any) -> None:
        self.model.set_filters(**kwargs)
        self._update_count()

    def clear_filters(self) -> None:
        """Show everything again."""
        for box in (self.kind_box, self.status_box, self.tag_box, self.roadmap_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.set_filters(
            text="", kind=None, status=None, tag=None, roadmap=None, note_hits=set()
        )
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(
            f"<b>{shown:,}</b> of {total:,} resources"
            if shown != total
            else f"<b>{total:,}</b> resources"
        )
        if self._pending is not None:
            ids, done, _rows = self._pending
            self.count.setText(f"{self.count.text()} · loading {done:,} of {len(ids):,}…")
        if total == 0:
            self.empty.setText(
                "No resources yet — use <b>Add Resource…</b> (Ctrl+N) or "
                "<b>Import</b> your browser bookmarks or a CSV file."
            )
        elif shown == 0:
            self.empty.setText(
                "No resource matches these filters. <b>Clear Filters</b> to see all of them."
            )
        self.table_stack.setCurrentIndex(1 if shown == 0 else 0)

    # --- selection and details ---------------------------------------------------------------

    def selected_ids(self) -> list[int]:
        """Ids of the selected resources, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_value(r).id for r in rows]

    def _select_ids(self, ids: list[int]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        first = True
        for rid in ids:
            row = self.model.row_of(rid)
            if row < 0:
                continue
            index = self.model.index(row, 0)
            if index.isValid():
                flags = (
                    QItemSelectionModel.SelectionFlag.Select
                    | QItemSelectionModel.SelectionFlag.Rows
                )
                if first:
                    selection.setCurrentIndex(index, flags)
                    first = False
                else:
                    selection.select(index, flags)

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if watched is self.table and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_columns)  # once the viewport has its new size
        return super().eventFilter(watched, event)

    def _fit_columns(self) -> None:
        """On a narrow table (a small window with the details pane open) the least needed
        columns step aside, so the title keeps a readable width and nothing scrolls sideways."""
        scrollbar = self.table.verticalScrollBar()
        room = self.table.viewport().width() - MIN_TITLE_WIDTH - 4
        if not scrollbar.isVisible():
            room -= scrollbar.sizeHint().width()
        for col, width in COLUMN_WIDTHS:  # in order of importance
            fits = room >= width
            self.table.setColumnHidden(col, not fits)
            if fits:
                room -= self.table.columnWidth(col) or width

    def _keep_selection(self) -> None:
        self._kept_ids = self.selected_ids()

    def _follow_filter(self) -> None:
        """After a reset: the kept rows still shown stay selected; when all of them were
        filtered out the first shown row is selected instead, and with none the pane hides."""
        kept, self._kept_ids = self._kept_ids, []
        if not kept:
            self._selection_changed()
            return
        visible = [rid for rid in kept if self.model.row_of(rid) >= 0]
        if not visible and self.model.rowCount():
            visible = [self.model.row_value(0).id]
        self._select_ids(visible)
        self._selection_changed()

    def _current_row(self) -> Any:
        ids = self.selected_ids()
        if len(ids) != 1:
            return None
        return self.model.row_value(self.model.row_of(ids[0]))

    def _selection_changed(self, *_: Any) -> None:
        row = self._current_row()
        self.detail.setVisible(row is not None)
        if row is None:
            return
        detail = self.ctx.read(lib.resource_detail, row.id)
        self.detail_title.setText(html.escape(row.title))
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
        self.detail_meta.setText("<br>".join(parts))
        self.detail_note.set_markdown(
            detail.draft.note_md or "*No note yet. **Edit…** to write one.*"
        )

    def _open_index(self, index: QModelIndex) -> None:
        if index.column() not in (COL_STATUS, COL_RATING):
            self.open_selected()

    def open_selected(self) -> None:
        """Open the selected resource."""
        row = self._current_row()
        if row is not None:
            open_resource(self, self.ctx, row)

    # --- edits (all undoable) -----------------------------------------------------------------

    def add_resource(self, link_to: Any = None) -> int | None:
        """Ask for a new resource and add it; returns its id."""
        links = [link_to] if link_to else []
        answer = ResourceDialog.ask(
            self, draft=lib.ResourceDraft(title=""), links=links, services=self.services
        )
        if answer is None:
            return None
        kind, value, chosen_links = answer
        if kind == "open":
            self.select_resource(value.id)
            return int(value.id)
        added = add_with_links(self.ctx, value, chosen_links)
        if added is not None and self.isVisible():
            self.select_resource(added)  # the new row is selected and its details shown
            self.ctx.message.emit(f"Added “{value.title}” to the library")
        return added

    def edit_selected(self) -> None:
        """Edit the selected resource in the dialog."""
        row = self._current_row()
        if row is not None:
            edit_resource(self, self.ctx, self.services, row.id)

    def select_resource(self, resource_id: int) -> None:
        """Show and select one resource (clearing filters if they hide it)."""
        self.ensure_loaded()
        if self.model.contains(resource_id) and self.model.row_of(resource_id) < 0:
            self.clear_filters()
        self._select_ids([resource_id])
        index = self.table.currentIndex()
        if index.isValid():
            self.table.scrollTo(index)

    def delete_selected(self) -> None:
        """Delete the selected resources after confirmation (undoable)."""
        ids = self.selected_ids()
        if not ids:
            return
        what = f"{len(ids)} resources" if len(ids) > 1 else f"“{self._current_row().title}”"
        answer = QMessageBox.question(
            self, "Delete Resources", f"Delete {what}? Links to steps go too. You can undo this."
        )
        if answer == QMessageBox.StandardButton.Yes:
            push(
                self.ctx,
                f"Delete {what}",
                lambda db: lib.delete_resources(db, ids),
                lib.restore_resources,
            )

    def set_status(self, ids: list[int], status: str) -> None:
        """Set the status of several resources at once (one undo step)."""
        if ids:
            label = STATUS_LABELS[status].lower()
            push(
                self.ctx,
                f"Mark {len(ids)} resource(s) {label}",
                lambda db: lib.set_status(db, ids, status),
                lib.restore_statuses,
            )

    def set_rating(self, resource_id: int, rating: int) -> None:
        """Rate one resource 0–5 stars."""
        push(
            self.ctx,
            f"Rate {rating} stars",
            lambda db: lib.set_rating(db, resource_id, rating),
            lambda db, old: lib.set_rating(db, resource_id, old)[1],
        )

    def rate_selected(self, stars: int) -> None:
        """Rate the selected resource 0–5 stars."""
        for rid in self.selected_ids()[:1]:
            self.set_rating(rid, stars)

    def tag_selected(self) -> None:
        """Add a tag to every selected resource."""
        from PySide6.QtWidgets import QInputDialog

        ids = self.selected_ids()
        if not ids:
            return
        tag, ok = QInputDialog.getText(self, "Add Tag", f"Tag for {len(ids)} resource(s):")
        if ok and tag.strip():
            push(
                self.ctx,
                f"Tag {len(ids)} resource(s) “{tag.strip()}”",
                lambda db: lib.add_tag(db, ids, tag.strip()),
                lib.set_tags,
            )

    def import_file(self, kind: str) -> int:
        """Import bookmarks or CSV after a preview; reports the count in the status bar."""
        from roadmap_desktop.ui.library.library_import import import_file

        self.ensure_loaded()
        added = import_file(self, self.ctx, kind, None)
        if added:
            self._status_message(f"Imported {added:,} resources")
        return added

    def export_csv(self) -> None:
        """Save the library as CSV."""
        from roadmap_desktop.ui.library.library_import import export_csv

        if export_csv(self, self.ctx):
            self._status_message("Library exported")

    def _status_message(self, text: str) -> None:
        self.ctx.message.emit(text)
