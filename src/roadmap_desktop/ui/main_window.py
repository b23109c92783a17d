"""The main window: header with the roadmap switcher, the roadmap page, menus and status bar.

It is built in two stages so the first frame appears before the database is touched:
`MainWindow()` shows the frame and a loading message; `attach(ctx)` builds the pages.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

# `Qt` (the namespace) is not imported here: creating it costs ~36 ms in PySide6 6.10, and this
# module is on the path to the first frame. Methods that run later use QtCore.Qt.
from PySide6 import QtCore
from PySide6.QtCore import QTimer, QUrl
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop import APP_NAME, __version__
from roadmap_desktop.ui.window_commands import RoadmapCommands

if TYPE_CHECKING:
    from roadmap_desktop.services.snapshots import RoadmapOverview
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.roadmap_page import RoadmapPage


class MainWindow(RoadmapCommands):
    """The study home; views refresh from the context's change signal."""

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
        self.actions_by_name: dict[str, QAction] = {}
        self.pages: list[QWidget] = []
        self._build_menus()

    # --- actions and menus (one registry) ------------------------------------------------------

    def _action(
        self,
        name: str,
        text: str,
        slot: object,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        enabled: bool = True,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setEnabled(enabled)
        self.actions_by_name[name] = action
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_actions: list[tuple[str, str, Any, str | None]] = [
            ("import_curriculum", "&Import Curriculum…", self.choose_curriculum, "Ctrl+O"),
            ("import_folder", "Import Lesson &Folder…", self.import_folder, None),
            ("export_markdown", "Export Roadmap as &Markdown…", self.export_markdown, None),
        ]
        for name, text, slot, keys in file_actions:
            file_menu.addAction(self._action(name, text, slot, keys, enabled=False))
        file_menu.addAction(
            self._action(
                "export_json",
                "&Export Roadmap as JSON…",
                self.export_json,
                "Ctrl+Shift+E",
                enabled=False,
            )
        )
        file_menu.addAction(
            self._action("open_data", "Open &Data Folder", self.open_data_folder, enabled=False)
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("backup_export", "&Back Up Everything…", self.backup_export, enabled=False)
        )
        file_menu.addAction(
            self._action(
                "backup_import", "&Restore From Backup File…", self.backup_import, enabled=False
            )
        )
        file_menu.addSeparator()
        quit_action = self._action("quit", "&Quit", self.close, QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file_menu.addAction(quit_action)
        self.edit_menu = bar.addMenu("&Edit")
        self.roadmap_menu = bar.addMenu("&Roadmap")
        self.roadmap_menu.addAction(
            self._action(
                "switch", "S&witch Roadmap…", self._focus_switcher, "Ctrl+R", enabled=False
            )
        )
        self.roadmap_menu.addAction(
            self._action("schedule", "&Schedule…", self.edit_schedule, enabled=False)
        )
        roadmap_actions: list[tuple[str, str, Any, str | None]] = [
            ("new_roadmap", "&New Roadmap…", self.new_roadmap, "Ctrl+Shift+N"),
            ("edit_roadmap", "&Edit Roadmap…", self.edit_roadmap, "Ctrl+Shift+D"),
            ("copy_roadmap", "Make My Own &Copy…", self.copy_roadmap, None),
        ]
        for name, text, slot, keys in roadmap_actions:
            self.roadmap_menu.addAction(self._action(name, text, slot, keys, enabled=False))
        self.roadmap_menu.addSeparator()
        view = bar.addMenu("&View")
        self.view_menu = view
        self.pages_separator = view.addSeparator()
        view.addAction(
            self._action(
                "focus_timeline", "Go to &Timeline", self._focus_timeline, "Ctrl+T", enabled=False
            )
        )
        view.addAction(
            self._action("focus_notes", "Edit &Notes", self._focus_notes, "Ctrl+E", enabled=False)
        )
        view.addAction(
            self._action(
                "toggle_preview",
                "Toggle Notes &Preview",
                self._toggle_preview,
                "Ctrl+Shift+P",
                enabled=False,
            )
        )
        view.addSeparator()
        theme_menu = view.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        for name in ("system", "light", "dark"):
            action = QAction(
                name.capitalize() if name != "system" else "Follow System", self, checkable=True
            )
            action.setData(name)
            self.theme_group.addAction(action)
            theme_menu.addAction(action)
        self.theme_group.triggered.connect(lambda a: self.set_theme(str(a.data())))
        view.addAction(
            self._action(
                "fullscreen",
                "&Full Screen",
                self._toggle_fullscreen,
                QKeySequence.StandardKey.FullScreen,
            )
        )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(
            self._action(
                "shortcuts",
                "&Keyboard Shortcuts",
                self.show_shortcuts,
                QKeySequence.StandardKey.HelpContents,
            )
        )
        about = self._action("about", f"&About {APP_NAME}", self.show_about)
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    # --- second stage: data is ready --------------------------------------------------------

    def attach(self, ctx: AppContext, *, welcome: bool = True) -> None:
        """Build the pages on an open context and show the last (or a chosen) roadmap."""
        from roadmap_desktop.services import queries
        from roadmap_desktop.ui.roadmap_page import RoadmapPage

        self.ctx = ctx
        ctx.error.connect(lambda msg: QMessageBox.warning(self, APP_NAME, msg))
        ctx.changed.connect(self._on_changed)
        undo = ctx.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = ctx.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z"), QKeySequence(QKeySequence.StandardKey.Redo)]
        )
        self.actions_by_name.update(undo=undo, redo=redo)
        self.edit_menu.addAction(undo)
        self.edit_menu.addAction(redo)
        self.page = RoadmapPage(ctx)
        self.page.overview_changed.connect(self._show_summary)
        for action in self.page.status_actions:
            self.roadmap_menu.addAction(action)
        from roadmap_desktop.ui.rail import Rail

        self.rail = Rail()
        self.rail.page_chosen.connect(self.show_page)
        self.body.insertWidget(0, self.rail)
        self.add_page("roadmap", "Roadmap", self.page, "Ctrl+1")
        from roadmap_desktop.ui.library_page import LibraryPage

        self.library = LibraryPage(ctx)
        self.add_page("library", "Library", self.library, "Ctrl+2")
        self.library_menu = QMenu("&Library", self)
        self.menuBar().insertMenu(self.view_menu.menuAction(), self.library_menu)
        for action in self.library.actions_list:
            self.library_menu.addAction(action)
        from roadmap_desktop.ui.planner_page import PlannerPage
        from roadmap_desktop.ui.study_timer import Reminders, TimerWidget

        self.planner = PlannerPage(
            ctx, lambda: self.page.overview.id if self.page and self.page.overview else None
        )
        self.add_page("planner", "Planner", self.planner, "Ctrl+3")
        self.planner_menu = QMenu("&Planner", self)
        self.menuBar().insertMenu(self.view_menu.menuAction(), self.planner_menu)
        for action in self.planner.page_actions:
            self.planner_menu.addAction(action)
        self.planner_menu.addSeparator()
        for action in self.planner.block_actions:
            self.planner_menu.addAction(action)
        self.timer_widget = TimerWidget(ctx)
        self.statusBar().addPermanentWidget(self.timer_widget)
        self.reminders = Reminders(ctx, self)
        self.reminders.fallback = lambda text: self.statusBar().showMessage(text, 60_000)
        self._recover_timer()
        self.show_page(0)
        for name in (
            "export_json",
            "open_data",
            "switch",
            "schedule",
            "focus_timeline",
            "focus_notes",
            "import_curriculum",
            "import_folder",
            "export_markdown",
            "backup_export",
            "backup_import",
            "new_roadmap",
            "edit_roadmap",
            "copy_roadmap",
            "toggle_preview",
        ):
            self.actions_by_name[name].setEnabled(True)
        self.schedule_button.clicked.connect(self.edit_schedule)
        self.schedule_button.setEnabled(True)
        for action in self.theme_group.actions():
            action.setChecked(action.data() == ctx.settings.theme)
        self.status_message.setText(f"Data: {ctx.data_dir}")
        self._restore_state()

        roadmaps = ctx.read(queries.list_roadmaps)
        self._fill_switcher()
        self.switcher.currentIndexChanged.connect(self._switcher_changed)
        self.switcher.setEnabled(bool(roadmaps))
        if not roadmaps:
            self.summary.setText("No roadmaps yet.")
            return
        slugs = [r.slug for r in roadmaps]
        slug = ctx.settings.last_roadmap if ctx.settings.last_roadmap in slugs else slugs[0]
        self.show_roadmap(slug)
        if welcome and not ctx.settings.welcomed:
            QTimer.singleShot(0, lambda: self._welcome(roadmaps))

    def _welcome(self, roadmaps: list) -> None:  # type: ignore[type-arg]
        from roadmap_desktop.services import study
        from roadmap_desktop.ui.dialogs import ScheduleDialog

        assert self.ctx is not None
        monday = date.fromordinal(date.today().toordinal() - date.today().weekday())
        chosen = ScheduleDialog.ask(
            self, roadmaps=roadmaps, start=monday, weekly_hours=10.0, welcome=True
        )
        self.ctx.settings.welcomed = True
        if chosen is None:
            return
        roadmap_id, start, hours = chosen
        self.ctx.apply(study.set_schedule, roadmap_id, start, hours)
        slug = next((r.slug for r in roadmaps if r.id == roadmap_id), None)
        if slug:
            self.show_roadmap(slug)

    def _fill_switcher(self) -> None:
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

    def show_roadmap(self, slug: str) -> None:
        """Switch the page to the roadmap with this slug."""
        from roadmap_desktop.services import queries

        assert self.ctx is not None and self.page is not None
        index = self.switcher.findData(slug)
        if index >= 0 and self.switcher.currentIndex() != index:
            self.switcher.blockSignals(True)
            self.switcher.setCurrentIndex(index)
            self.switcher.blockSignals(False)
        roadmap_id = self.ctx.read(queries.roadmap_id_for, slug)
        self.ctx.settings.last_roadmap = slug
        self.page.show_roadmap(roadmap_id, self.ctx.settings.last_step(slug) or None)

    def _switcher_changed(self, index: int) -> None:
        slug = self.switcher.itemData(index)
        if slug:
            self.show_roadmap(slug)

    def _show_summary(self, overview: RoadmapOverview) -> None:
        from roadmap_desktop.core import progress

        phases = len(overview.phases)
        parts = [
            f"<b>{progress.percent(overview.completion)}%</b>",
            f"Phase {overview.current_phase + 1} of {phases}",
        ]
        if overview.current_week:
            parts.append(f"week {overview.current_week} of {overview.total_weeks}")
        finish = (
            self.page.projected_finish
            if self.page and self.page.projected_finish
            else overview.projected_finish
        )
        if overview.remaining_hours > 0 and finish:
            parts.append(
                f"{overview.remaining_hours:.0f} h left · at your pace done by {finish:%d %b %Y}"
            )
        elif overview.remaining_hours <= 0:
            parts.append("finished")
        self.summary.setText("  ·  ".join(parts))
        self.setWindowTitle(f"{overview.title} — {APP_NAME}")

    def _on_changed(self, _change: object) -> None:
        self._fill_switcher()

    # --- commands ------------------------------------------------------------------------------

    def open_data_folder(self) -> None:
        """Show the data folder in the system file manager."""
        if self.ctx is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.ctx.data_dir)))

    def set_theme(self, name: str) -> None:
        """Switch theme now and remember it."""
        from roadmap_desktop.ui.theme import apply_theme

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
        for page in self.pages:
            if hasattr(page, "reload") and getattr(page, "_loaded", False):
                page.reload()  # repaint icons and markdown in the new palette
        if self.ctx is not None:
            self.ctx.settings.theme = name
            if self.page is not None and self.page.detail.detail is not None:
                detail = self.page.detail.detail
                self.page.detail.detail = None  # re-render in the new palette
                self.page.detail.show_step(detail.roadmap_id, detail.key)

    def show_shortcuts(self) -> None:
        """List every shortcut."""
        from roadmap_desktop.ui.dialogs import ShortcutsDialog

        rows = []
        for action in list(self.actions_by_name.values()) + (
            self.page.status_actions if self.page else []
        ):
            if not action.shortcut().isEmpty():
                rows.append(
                    (
                        action.text().replace("&", ""),
                        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText),
                    )
                )
        rows.append(("Move between steps / phases", "↑ ↓ / ← → (in the timeline)"))
        ShortcutsDialog(self, rows).exec()

    def show_about(self) -> None:
        """Version, license, data folder (with "Open data folder"), log file and Qt versions."""
        from roadmap_desktop.ui.about_dialog import AboutDialog

        AboutDialog(self.ctx.data_dir if self.ctx else None, self, version=__version__).exec()

    def _focus_switcher(self) -> None:
        self.switcher.setFocus()
        self.switcher.showPopup()

    def _recover_timer(self) -> None:
        """A timer left running for half a day (the app was killed) is stopped sensibly."""
        from roadmap_desktop.services import planner

        assert self.ctx is not None
        from datetime import UTC, datetime

        result = self.ctx.apply(planner.recover_stale_timer, datetime.now(UTC))
        recovered = result[0] if result else None
        if recovered is not None:
            self.statusBar().showMessage(
                f"A study timer on “{recovered.title}” was left running; recorded "
                f"{recovered.recorded_minutes} min (left out {recovered.uncounted_minutes} min "
                "unattended).",
                15_000,
            )
        self.timer_widget.refresh()

    def add_page(self, name: str, label: str, widget: QWidget, shortcut: str) -> None:
        """Add a page to the stack, the rail and the View menu."""
        self.stack.addWidget(widget)
        index = len(self.pages)
        self.pages.append(widget)
        self.rail.add_page(name, label, f"{label} ({shortcut})")
        action = self._action(f"page_{name}", f"&{label}", lambda: self.show_page(index), shortcut)
        self.view_menu.insertAction(self.pages_separator, action)
        self.rail.setVisible(len(self.pages) > 1)
        self.rail_divider.setVisible(len(self.pages) > 1)

    def show_page(self, index: int) -> None:
        """Switch to the page at index and focus its main view."""
        if not 0 <= index < len(self.pages):
            return
        page = self.pages[index]
        if hasattr(page, "ensure_loaded"):
            page.ensure_loaded()
        self.stack.setCurrentWidget(page)
        self.rail.set_current(index)
        if page is self.page and self.page is not None:
            self.page.step_view.setFocus()
        elif hasattr(page, "table"):
            page.table.setFocus()

    def current_page(self) -> QWidget:
        """The page on show."""
        return self.stack.currentWidget()

    def _focus_timeline(self) -> None:
        if self.page:
            self.page.timeline.setFocus()

    def _focus_notes(self) -> None:
        if self.page:
            self.page.detail.notes.focus_editor()

    def _toggle_preview(self) -> None:
        if self.page:
            self.page.detail.notes.toggle_preview()

    def _toggle_fullscreen(self) -> None:
        self.setWindowState(self.windowState() ^ QtCore.Qt.WindowState.WindowFullScreen)

    # --- state --------------------------------------------------------------------------------

    def _restore_state(self) -> None:
        assert self.ctx is not None and self.page is not None
        settings = self.ctx.settings
        geometry = settings.window_state("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        for name, splitter in (
            ("main_splitter", self.page.splitter),
            ("detail_splitter", self.page.detail.splitter),
        ):
            state = settings.window_state(name)
            if state is not None:
                splitter.restoreState(state)

    def save_state(self) -> None:
        """Flush the note being typed and remember geometry and splitters."""
        if self.ctx is None or self.page is None:
            return
        self.page.detail.notes.flush()
        settings = self.ctx.settings
        settings.set_window_state("geometry", self.saveGeometry())
        settings.set_window_state("main_splitter", self.page.splitter.saveState())
        settings.set_window_state("detail_splitter", self.page.detail.splitter.saveState())
        settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
