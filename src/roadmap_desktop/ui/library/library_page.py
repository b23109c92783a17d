"""The Library page: filters on the left, the resource table, the selected resource's details."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
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

from roadmap_desktop.core.heap import LongLivedLoad
from roadmap_desktop.services import library as lib
from roadmap_desktop.services.changes import ChangeKind, ChangeSet
from roadmap_desktop.services.library_search import note_search
from roadmap_desktop.ui.actions import PAGE_TITLES, Scope
from roadmap_desktop.ui.commands import push
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.library.library_actions import (
    LibraryServices,
    add_with_links,
    edit_resource,
    open_resource,
)
from roadmap_desktop.ui.library.library_delegates import StarDelegate, StatusDelegate
from roadmap_desktop.ui.library.library_detail_pane import ResourceDetailPane
from roadmap_desktop.ui.library.library_filter_bar import LibraryFilterBar
from roadmap_desktop.ui.library.library_model import (
    COL_ADDED,
    COL_KIND,
    COL_RATING,
    COL_STATUS,
    COL_TAGS,
    COL_TITLE,
    COL_USED,
    STATUS_LABELS,
    LibraryModel,
)
from roadmap_desktop.ui.library.resource_dialog import ResourceDialog
from roadmap_desktop.ui.widgets.check_style import paint_without_check_hook

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
MORE_ROWS = 200  # read per step afterwards, between frames (~8 ms each: well inside a frame)


class LibraryPage(QWidget):
    """Every resource in one table; all edits go through undoable service commands."""

    scope = Scope.LIBRARY
    title = PAGE_TITLES[Scope.LIBRARY]

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.services = LibraryServices(ctx)
        self.model = LibraryModel(self)
        self.model.status_requested.connect(lambda rid, st: self.set_status([rid], st))
        self.model.rating_requested.connect(self.set_rating)
        self._loaded = False
        # (all ids newest first, how many are read) while loading in parts
        self._pending: tuple[list[int], int] | None = None
        self.heap = LongLivedLoad()  # no full pass of the garbage collector inside a part
        self.destroyed.connect(self.heap.cancel)  # closed while loading: collect again
        self.load_timer = QTimer(self, singleShot=True, interval=0)
        self.load_timer.timeout.connect(self._load_more)

        self.filters = LibraryFilterBar()
        self.filters.clear_requested.connect(self.clear_filters)
        self.search = self.filters.search
        self.kind_box, self.status_box = self.filters.kind_box, self.filters.status_box
        self.tag_box, self.roadmap_box = self.filters.tag_box, self.filters.roadmap_box

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
        # After a reset or a new order the view lays its rows out on a zero timer, which paints
        # the whole table a second time (~10 ms at 20,000 rows): lay out at once instead, so a
        # keystroke in the filter costs one paint.
        self.model.modelReset.connect(self.table.doItemsLayout)
        self.model.layoutChanged.connect(self.table.doItemsLayout)
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

        self.detail = ResourceDetailPane()
        self.detail.open_requested.connect(self.open_selected)
        self.detail.edit_requested.connect(self.edit_selected)
        self.detail_title = self.detail.title
        self.detail.setVisible(False)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.filters)
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
        self.filters.filter_changed.connect(
            lambda name, value: self._filter_changed(**{name: value})
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
        self.load_timer.stop()
        self.heap.cancel()
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
        self._pending = (ids, FIRST_ROWS)
        self._update_count()
        self.heap.start()
        self.load_timer.start()

    def _load_more(self) -> None:
        """Read the next part into the model's staged rows (merged into the sort order as it
        comes); once every part is in, the next pass shows them all, with nothing to sort."""
        if self._pending is None:
            return
        ids, done = self._pending
        if done < len(ids):
            try:
                part = self.ctx.read(lib.library_rows_of, ids[done : done + MORE_ROWS])
            except BaseException:
                # A failed read (a locked file; the window explains it) stops the load and must
                # not leave the garbage collector paused.
                self.load_timer.stop()
                self.heap.cancel()
                raise
            self.model.stage_rows(part)
            self.heap.step()
            self._pending = (ids, min(done + MORE_ROWS, len(ids)))
            self._update_count()
            self.load_timer.start()
            return
        self._pending = None
        selected = self.selected_ids()
        self.model.show_staged()
        self._select_ids(selected)
        self._update_count()
        self.heap.finish()

    def showEvent(self, event: QShowEvent) -> None:
        self.ensure_shown()  # a change while hidden left the page stale
        super().showEvent(event)

    def _fill_choices(self) -> None:
        from roadmap_desktop.services import queries

        self.filters.fill_choices(
            self.ctx.read(lib.all_tags),
            [(title, slug) for _id, slug, title in self.ctx.read(queries.roadmap_choices)],
        )

    def _on_changed(self, change: ChangeSet) -> None:
        if not self._loaded or not change.touches(ChangeKind.LIBRARY, ChangeKind.ROADMAPS):
            return
        if self._pending is not None:  # parts read before this change may be stale
            self._pending = None
            self.model.drop_staged()
            self.heap.cancel()
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
        self.filters.reset()
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
            ids, done = self._pending
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
        self.detail.show_resource(row, self.ctx.read(lib.resource_detail, row.id))

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
