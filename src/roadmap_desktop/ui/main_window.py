"""The main window: header with the roadmap switcher, the roadmap page, menus and status bar.

It is built in two stages so the first frame appears before the database is touched:
`MainWindow()` shows the frame and a loading message; `attach(ctx)` builds the pages.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

# `Qt` (the namespace) is not imported here: creating it costs ~36 ms in PySide6 6.10, and this
# module is on the path to the first frame. Methods that run later use QtCore.Qt.
from PySide6 import QtCore
from PySide6.QtCore import QUrl
from PySide6.QtGui import QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop import APP_NAME, __version__
from roadmap_desktop.ui import window_parts
from roadmap_desktop.ui.action_binder import ActionBinder
from roadmap_desktop.ui.scopes import MENU_ORDER, PAGE_SCOPES, Scope

if TYPE_CHECKING:
    from roadmap_desktop.services.changes import ChangeSet
    from roadmap_desktop.services.snapshots import RoadmapOverview
    from roadmap_desktop.ui.actions import Command
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.later_parts import LaterParts
    from roadmap_desktop.ui.library.library_page import LibraryPage
    from roadmap_desktop.ui.page import Page
    from roadmap_desktop.ui.planner.planner_page import PlannerPage
    from roadmap_desktop.ui.review.due_counts import DueCounts
    from roadmap_desktop.ui.review.review_page import ReviewPage
    from roadmap_desktop.ui.roadmap.roadmap_page import RoadmapPage
    from roadmap_desktop.ui.stats.stats_page import StatsPage
    from roadmap_desktop.ui.sync.sync_controller import SyncController


RENDERED_CACHE = "cache/rendered-markdown.json"  # in the data folder (core/html_cache.py)


class MainWindow(QMainWindow):
    """The study home; views refresh from the context's change signal."""

    settled = QtCore.Signal()  # what follows the first view is built (see attach)

    def __init__(self) -> None:
        super().__init__()
        self.ctx: AppContext | None = None
        self.page: RoadmapPage | None = None
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(960, 620)
        screen = QApplication.primaryScreen()
        if screen is not None:
            room = screen.availableGeometry()
            self.resize(min(1440, room.width()), min(900, room.height()))

        self.switcher = QComboBox()
        self.switcher.setMinimumWidth(280)
        self.switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.switcher.setAccessibleName("Roadmap")
        self.switcher.setToolTip("Switch roadmap (Ctrl+R)")
        self.switcher.setEnabled(False)
        self.summary = QLabel("Loading your roadmaps…")
        self.summary.setAccessibleName("Roadmap progress")
        self.schedule_button = QPushButton("Schedule…")
        self.schedule_button.setToolTip("Start date and weekly study hours")
        self.schedule_button.setEnabled(False)
        header = QWidget()
        header.setObjectName("header")
        hl = QHBoxLayout(header)
        hl.setContentsMargins(16, 10, 16, 6)
        hl.setSpacing(12)
        hl.addWidget(self.switcher)
        hl.addWidget(self.summary, 1)
        # "12 cards due" (shown once the Review page counts them); opens the Review page.
        self.review_button = QPushButton()
        self.review_button.setFlat(True)
        self.review_button.setToolTip("Review the cards due now (Ctrl+4)")
        self.review_button.hide()
        hl.addWidget(self.review_button)
        hl.addWidget(self.schedule_button)

        self.loading = QLabel("Opening your study data…")
        self.loading.setText("<div align='center'>Opening your study data…</div>")
        self.loading.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading)
        # The rail (and its painted icons) is built in attach(), after the first frame.
        self.rail: Any = None
        divider = QFrame()
        divider.setFrameShape(QFrame.Shape.VLine)
        divider.setFrameShadow(QFrame.Shadow.Sunken)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(divider)
        body.addWidget(self.stack, 1)
        self.rail_divider = divider
        self.body = body
        divider.hide()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(header)
        cl.addLayout(body, 1)
        self.setCentralWidget(central)
        self.status_message = QLabel()
        self.statusBar().addPermanentWidget(self.status_message)
        self.pages: dict[Scope, Any] = {}
        self.later: LaterParts | None = None  # what attach() builds after the first view
        self._due_shown: int | None = None  # the count on the Review rail badge
        self.palette: Any = None  # the Ctrl+K palette, built on first use
        # Made after the first view or on first use (ui/window_parts.py):
        self.due: DueCounts | None = None  # the cards due now, badging the rail
        self.timer_widget: Any = None
        self.reminders: Any = None
        self.sync_control: SyncController | None = None
        self.sync_status: Any = None
        self.binder = ActionBinder(self, self._run_command)
        # The menu bar's titles are in the first frame; their commands (and the shortcuts, whose
        # key tables cost ~30 ms to build) are added by attach() once the data is open.
        for title in MENU_ORDER:
            if title not in ("&Library", "&Planner", "Revie&w", "&Stats"):
                self.binder.menu(title)

    # --- commands (ui/actions.py) ---------------------------------------------------------------

    def _run_command(self, command: Command, owner: Any) -> None:
        """Run a command from any place: save typing first, show its page, then run it."""
        if self.ctx is not None:
            self.ctx.flush_pending()
        if command.scope in PAGE_SCOPES and self.current_scope() is not command.scope:
            self.show_scope(command.scope)
        command.run(owner)
        self.binder.refresh_enabled()

    def _undo_text_changed(self, text: str) -> None:
        from roadmap_desktop.ui.actions import A

        self.binder.action(A.UNDO).setText(f"&Undo {text}".rstrip())

    def _redo_text_changed(self, text: str) -> None:
        from roadmap_desktop.ui.actions import A

        self.binder.action(A.REDO).setText(f"&Redo {text}".rstrip())

    def current_roadmap_id(self) -> int | None:
        """The roadmap on show, if any."""
        return self.ctx.current_roadmap_id if self.ctx is not None else None

    # --- second stage: data is ready --------------------------------------------------------

    def attach(self, ctx: AppContext, *, welcome: bool = True) -> None:
        """Build the Roadmap page on an open context and show the last (or a chosen) roadmap.

        The count of cards due (it badges the rail), the menus of the other pages, the study
        timer and sync follow, one per turn of the event loop (ui/later_parts.py), so the
        learner's roadmap is on screen before they are built; anything that needs them first
        builds them all at once (`finish_attach`). `settled` is emitted when they are built.
        The other pages are built on first use (`page_of`, ui/window_parts.py)."""
        from roadmap_desktop.services import queries
        from roadmap_desktop.ui.rail import Rail
        from roadmap_desktop.ui.roadmap.roadmap_page import RoadmapPage
        from roadmap_desktop.ui.roadmap.window_commands import RoadmapCommands
        from roadmap_desktop.ui.widgets.markdown_view import use_cache_file
        from roadmap_desktop.ui.widgets.undo_messages import UndoAnnouncer

        use_cache_file(ctx.data_dir / RENDERED_CACHE)
        self.ctx = ctx
        ctx.error.connect(self._show_error)
        ctx.message.connect(self._show_message)
        self.undo_announcer = UndoAnnouncer(ctx)
        self.undo_announcer.setParent(self)  # goes with the window, before the undo stack
        ctx.changed.connect(self._on_changed)
        ctx.database_replaced.connect(self._database_replaced)
        self.page = RoadmapPage(ctx)
        self.page.overview_changed.connect(self._show_summary)
        self.commands = RoadmapCommands(self, ctx, self.page)
        self.rail = Rail()
        self.rail.page_chosen.connect(self._rail_chosen)
        self.body.insertWidget(0, self.rail)
        from roadmap_desktop.ui.action_binder import shortcut_text
        from roadmap_desktop.ui.actions import BY_ID, PAGE_COMMANDS, PAGE_TITLES, A

        for scope in PAGE_SCOPES:  # every page's button from the start: the rail never jumps
            keys = shortcut_text(BY_ID[PAGE_COMMANDS[scope]])
            title = PAGE_TITLES[scope]
            self.rail.add_page(scope.value, title, f"{title} ({keys})")
        self.rail_divider.show()
        self.add_page(self.page)
        self.page.detail.questions.quiz_requested.connect(self.quiz_step)
        self.review_button.clicked.connect(lambda: self.show_scope(Scope.REVIEW))

        binder = self.binder
        binder.install(Scope.WINDOW, self)
        binder.install(Scope.ROADMAP, self.page)
        binder.data_ready = True
        ctx.undo_stack.canUndoChanged.connect(binder.refresh_enabled)
        ctx.undo_stack.canRedoChanged.connect(binder.refresh_enabled)
        ctx.undo_stack.undoTextChanged.connect(self._undo_text_changed)
        ctx.undo_stack.redoTextChanged.connect(self._redo_text_changed)
        self.page.attach_buttons(binder)
        theme = {"system": A.THEME_SYSTEM, "light": A.THEME_LIGHT, "dark": A.THEME_DARK}
        binder.action(theme.get(ctx.settings.theme, A.THEME_SYSTEM)).setChecked(True)
        self.schedule_button.clicked.connect(self._schedule_clicked)
        self.schedule_button.setEnabled(True)
        self.show_scope(Scope.ROADMAP)
        self.status_message.setText(f"Data: {ctx.data_dir}")
        from roadmap_desktop.ui.window_state import restore_state

        restore_state(self)
        from roadmap_desktop.ui.later_parts import LaterParts

        self.later = LaterParts(
            self,
            ctx.db,
            [
                partial(window_parts.due_counts, self),
                self._list_later_pages,
                partial(window_parts.build_status_bar, self),
            ],
        )
        self.later.done.connect(self._settled)
        if welcome and not ctx.settings.welcomed:
            self.settled.connect(self._welcome_once, QtCore.Qt.ConnectionType.QueuedConnection)

        # Titles first; the shown roadmap's percentage comes with its overview (one read of
        # its steps, not two), the others' from a summary each.
        choices = ctx.read(queries.roadmap_choices)
        self.switcher.blockSignals(True)
        for _rid, slug, title in choices:
            self.switcher.addItem(title, slug)
        self.switcher.blockSignals(False)
        self.switcher.currentIndexChanged.connect(self._switcher_changed)
        self.switcher.setEnabled(bool(choices))
        if not choices:
            self.summary.setText("No roadmaps yet.")
            return
        slugs = [slug for _rid, slug, _title in choices]
        slug = ctx.settings.last_roadmap if ctx.settings.last_roadmap in slugs else slugs[0]
        # A roadmap opened for the first time gets its start date and pace (a write, so with
        # SQLAlchemy) once the first view is up: the first build step after it.
        self.show_roadmap(slug, schedule_later=True)
        self.later.put_first(self.page.start_schedule)
        for rid, other, _title in choices:
            if other != slug:
                summary = ctx.read(queries.roadmap_summary, rid)
                self._set_switcher_text(summary.slug, summary.title, summary.percent)

    def _welcome_once(self) -> None:
        from roadmap_desktop.services import queries
        from roadmap_desktop.ui.welcome import welcome

        self.settled.disconnect(self._welcome_once)
        assert self.ctx is not None
        welcome(self, self.ctx, self.ctx.read(queries.list_roadmaps))

    # --- the pages after the first view (see attach) ------------------------------------------

    @property
    def is_settled(self) -> bool:
        """What the window builds after its first view is built (the pages come on first use)."""
        return self.later is not None and not self.later.pending

    def finish_attach(self) -> None:
        """Build at once whatever `attach` left for later (a page was asked for before it)."""
        if self.later is not None:
            self.later.finish()

    def _settled(self) -> None:
        self.binder.refresh_enabled()
        self.settled.emit()

    def page_of(self, scope: Scope) -> Any:
        """The page of a scope, built now if it is not yet (see `attach`)."""
        if scope not in self.pages:
            build = window_parts.BUILT_ON_FIRST_USE.get(scope)
            if build is not None and self.ctx is not None:
                build(self)
        return self.pages.get(scope)

    @property
    def library(self) -> LibraryPage:
        """The Library page (built on first use)."""
        return self.page_of(Scope.LIBRARY)  # type: ignore[no-any-return]

    @property
    def planner(self) -> PlannerPage:
        """The Planner page (built on first use)."""
        return self.page_of(Scope.PLANNER)  # type: ignore[no-any-return]

    @property
    def review(self) -> ReviewPage:
        """The Review page (built on first use)."""
        return self.page_of(Scope.REVIEW)  # type: ignore[no-any-return]

    @property
    def stats(self) -> StatsPage:
        """The Stats page (built on first use)."""
        return self.page_of(Scope.STATS)  # type: ignore[no-any-return]

    @property
    def sync(self) -> SyncController:
        """Sync through a shared folder (made on first use when no folder is set)."""
        return window_parts.sync_controller(self)

    def _list_later_pages(self) -> None:
        """The menus of the pages built on first use list their commands from now on."""
        for scope in window_parts.BUILT_ON_FIRST_USE:
            if scope not in self.pages:
                self.binder.install_later(scope, partial(self.page_of, scope))

    def open_sync_dialog(self) -> None:
        """File ▸ Sync Folder…: choose the shared folder, see the computers, sync or stop."""
        from roadmap_desktop.ui.sync.sync_dialog import SyncDialog

        assert self.ctx is not None
        dialog = SyncDialog(self.ctx, self.sync, self)
        dialog.exec()
        dialog.deleteLater()

    def _database_replaced(self) -> None:
        """A restore put other data in place: list its roadmaps and show the same one (or the
        first) again; the pages re-read everything from the ChangeSet that follows."""
        from roadmap_desktop.services import queries

        assert self.ctx is not None
        self.fill_switcher()
        slugs = [r.slug for r in self.ctx.read(queries.list_roadmaps)]
        current = self.switcher.currentData()
        if slugs:
            self.show_roadmap(current if current in slugs else slugs[0])

    def _show_error(self, text: str) -> None:
        QMessageBox.warning(self, APP_NAME, text)

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def show_reminder(self, text: str) -> None:
        """A study-block reminder, when the system has no tray to show it."""
        self.statusBar().showMessage(text, 60_000)

    def quiz_step(self, roadmap_id: int, step_key: str, step_title: str) -> None:
        """Quiz Me on This Step (from the step's Questions section): open the Review page on
        that step's cards."""
        self.review.start_quiz(roadmap_id, step_key, step_title)
        self.show_scope(Scope.REVIEW)

    def show_due(self, count: int) -> None:
        """The cards due now were counted: badge the rail entry, tell the header."""
        from roadmap_desktop.ui.review.review_badge import set_badge

        if count == self._due_shown:
            return  # painting the badge costs ~2 ms; most answers leave the count as it was
        self._due_shown = count
        set_badge(self.rail, PAGE_SCOPES.index(Scope.REVIEW), count)
        self.review_button.setVisible(count > 0)
        self.review_button.setText(f"{count} card{'s' if count != 1 else ''} due")

    def _rail_chosen(self, index: int) -> None:
        self.show_scope(PAGE_SCOPES[index])

    def _schedule_clicked(self) -> None:
        from roadmap_desktop.ui.actions import A

        self.binder.trigger(A.SCHEDULE)

    def fill_switcher(self) -> None:
        """List every roadmap with its progress in the switcher."""
        from roadmap_desktop.services import queries

        assert self.ctx is not None
        current = self.switcher.currentData()
        self.switcher.blockSignals(True)
        self.switcher.clear()
        for summary in self.ctx.read(queries.list_roadmaps):
            self.switcher.addItem(f"{summary.title}   {summary.percent}%", summary.slug)
        index = self.switcher.findData(current)
        if index >= 0:
            self.switcher.setCurrentIndex(index)
        self.switcher.blockSignals(False)

    def show_roadmap(self, slug: str, *, schedule_later: bool = False) -> None:
        """Switch the page to the roadmap with this slug (see RoadmapPage.show_roadmap for
        `schedule_later`)."""
        from roadmap_desktop.services import queries

        assert self.ctx is not None and self.page is not None
        index = self.switcher.findData(slug)
        if index >= 0 and self.switcher.currentIndex() != index:
            self.switcher.blockSignals(True)
            self.switcher.setCurrentIndex(index)
            self.switcher.blockSignals(False)
        roadmap_id = self.ctx.read(queries.roadmap_id_for, slug)
        self.ctx.settings.last_roadmap = slug
        self.ctx.set_current_roadmap(roadmap_id)
        self.page.show_roadmap(
            roadmap_id, self.ctx.settings.last_step(slug) or None, schedule_later=schedule_later
        )
        self.binder.refresh_enabled()

    def _switcher_changed(self, index: int) -> None:
        slug = self.switcher.itemData(index)
        if slug:
            self.show_roadmap(slug)

    def _show_summary(self, overview: RoadmapOverview) -> None:
        from roadmap_desktop.core import progress
        from roadmap_desktop.ui.header_text import summary_text

        finish = self.page.projected_finish if self.page is not None else None
        self.summary.setText(summary_text(overview, finish))
        self.setWindowTitle(f"{overview.title} — {APP_NAME}")
        self._set_switcher_text(
            overview.slug, overview.title, progress.percent(overview.completion)
        )

    def _set_switcher_text(self, slug: str, title: str, percent: int) -> None:
        index = self.switcher.findData(slug)
        text = f"{title}   {percent}%"
        if index >= 0 and self.switcher.itemText(index) != text:
            self.switcher.setItemText(index, text)

    def _on_changed(self, change: ChangeSet) -> None:
        """Keep the switcher's texts right: the shown roadmap's comes with the page's overview
        (`_show_summary`); another roadmap's progress is read alone; new, removed or renamed
        roadmaps refill the list."""
        from roadmap_desktop.services import queries
        from roadmap_desktop.services.changes import ChangeKind

        if change.touches(ChangeKind.ROADMAPS) or (
            change.roadmap_id is None and change.touches(ChangeKind.STATUS, ChangeKind.TOPICS)
        ):
            self.fill_switcher()
        elif change.touches(ChangeKind.STATUS, ChangeKind.TOPICS) and change.roadmap_id is not None:
            shown = self.page.overview if self.page is not None else None
            if shown is None or shown.id != change.roadmap_id:
                assert self.ctx is not None
                summary = self.ctx.read(queries.roadmap_summary, change.roadmap_id)
                self._set_switcher_text(summary.slug, summary.title, summary.percent)

    # --- commands ------------------------------------------------------------------------------

    def open_data_folder(self) -> None:
        """Show the data folder in the system file manager."""
        if self.ctx is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.data_dir)))

    def set_theme(self, name: str) -> None:
        """Switch theme now and remember it."""
        from roadmap_desktop.ui.widgets.theme import apply_theme

        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, name, live=True)
        # Style sheets that name palette colours are resolved when set: set them again.
        for widget in self.findChildren(QWidget):
            sheet = widget.styleSheet()
            if sheet:
                widget.setStyleSheet("")
                widget.setStyleSheet(sheet)
        if self.rail is not None:
            self.rail.refresh_icons()
            self._due_shown = None
            if self.due is not None:
                self.show_due(self.due.counts.total)  # the badge, over the new icon
        for page in self.pages.values():
            page.refresh()  # repaint icons and markdown in the new palette
        if self.ctx is not None:
            self.ctx.settings.theme = name

    def show_shortcuts(self) -> None:
        """List every shortcut of every page, grouped by where it works."""
        from roadmap_desktop.ui.widgets.dialogs import ShortcutsDialog

        ShortcutsDialog(self, self.binder.shortcut_rows()).exec()

    def show_about(self) -> None:
        """Version, license, data folder (with "Open data folder"), log file and Qt versions."""
        from roadmap_desktop.ui.widgets.about_dialog import AboutDialog

        AboutDialog(self.ctx.data_dir if self.ctx else None, self, version=__version__).exec()

    def open_palette(self) -> None:
        """Ctrl+K: find steps, notes, resources and questions, or run any command."""
        from roadmap_desktop.ui.palette.navigate import open_hit, palette_entries
        from roadmap_desktop.ui.palette.palette import CommandPalette

        if self.ctx is None:
            return
        self.finish_attach()  # every page's commands are listed (built or not)
        if self.palette is None:
            self.palette = CommandPalette(
                self.ctx,
                lambda: palette_entries(self),
                lambda hit: open_hit(self, hit),
                self,
            )
        self.palette.popup()

    def focus_switcher(self) -> None:
        """Open the roadmap switcher."""
        self.switcher.setFocus()
        self.switcher.showPopup()

    def add_page(self, page: Page) -> None:
        """Put a page in the stack, in rail order (its rail button is there from the start)."""
        built = [scope for scope in PAGE_SCOPES if scope in self.pages or scope is page.scope]
        self.stack.insertWidget(1 + built.index(page.scope), page)  # type: ignore[arg-type]
        self.pages[page.scope] = page

    def show_scope(self, scope: Scope) -> None:
        """Switch to a page and let it load and focus its main view."""
        page = self.page_of(scope)
        if page is None:
            return
        if self.ctx is not None:
            self.ctx.flush_pending()
        self.stack.setCurrentWidget(page)
        self.rail.set_current(PAGE_SCOPES.index(scope))
        page.activate()
        self.binder.refresh_enabled()

    def current_page(self) -> QWidget:
        """The page on show."""
        return self.stack.currentWidget()

    def current_scope(self) -> Scope | None:
        """The scope of the page on show."""
        for scope, page in self.pages.items():
            if page is self.stack.currentWidget():
                return scope
        return None

    def toggle_full_screen(self) -> None:
        """Enter or leave full screen."""
        self.setWindowState(self.windowState() ^ QtCore.Qt.WindowState.WindowFullScreen)

    # --- state --------------------------------------------------------------------------------

    def save_state(self) -> None:
        """Flush the note being typed and remember geometry and splitters."""
        if self.ctx is None or self.page is None:
            return
        self.ctx.flush_pending()
        from roadmap_desktop.ui.window_state import save_state

        save_state(self)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.later is not None:
            self.later.cancel()  # closed before the other pages were built: nothing to build
        self.save_state()
        if self.ctx is not None and self.page is not None and self.sync_control is not None:
            self.sync_control.finish_at_quit()
        super().closeEvent(event)
