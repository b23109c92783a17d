"""The main window's roadmap commands: schedule, JSON and Markdown export, curriculum import,
backups, and creating, editing and copying roadmaps."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtWidgets import QMessageBox

from roadmap_desktop import APP_NAME
from roadmap_desktop.ui.actions import Scope

if TYPE_CHECKING:
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.main_window import MainWindow
    from roadmap_desktop.ui.roadmap.roadmap_page import RoadmapPage


class RoadmapCommands:
    """Commands that act on the shown roadmap; each takes nothing and asks for what it needs."""

    def __init__(self, window: MainWindow, ctx: AppContext, page: RoadmapPage) -> None:
        self.window, self.ctx, self.page = window, ctx, page
        self.editor: Any = None

    def edit_schedule(self) -> None:
        """Change the shown roadmap's start date and weekly hours."""
        from roadmap_desktop.services import study_time
        from roadmap_desktop.ui.widgets.dialogs import ScheduleDialog

        if self.page.overview is None:
            return
        ov = self.page.overview
        chosen = ScheduleDialog.ask(
            self.window,
            roadmaps=None,
            start=ov.start_date or date.today(),
            weekly_hours=self.ctx.read(study_time.study_time, ov.id).weekly_hours,
            welcome=False,
        )
        if chosen is not None:
            self.ctx.apply(study_time.set_study_time, ov.id, chosen[1], chosen[2])

    def export_json(self) -> None:
        """Save the shown roadmap with progress and notes as JSON."""
        import json

        from PySide6.QtWidgets import QFileDialog

        from roadmap_desktop.services.export import export_roadmap

        if self.page.overview is None:
            return
        self.ctx.flush_pending()
        slug = self.page.overview.slug
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export Roadmap", f"{slug}.json", "JSON (*.json)"
        )
        if not path:
            return
        document = self.ctx.read(export_roadmap, slug)
        try:
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(document, fh, indent=2, ensure_ascii=False)
        except OSError as exc:
            QMessageBox.warning(
                self.window, APP_NAME, f"Could not write {path}: {exc.strerror or exc}"
            )
            return
        self.ctx.message.emit(f"Exported {slug} to {path}")

    # --- roadmaps: import, export, edit ----------------------------------------------------

    def _current_id(self) -> int | None:
        return self.page.overview.id if self.page.overview else None

    def show_roadmap_id(self, roadmap_id: int) -> None:
        """Show the roadmap with this id (after creating, copying or importing one)."""
        from roadmap_desktop.services import queries

        slug = next(
            (r.slug for r in self.ctx.read(queries.list_roadmaps) if r.id == roadmap_id), None
        )
        if slug:
            self.window.fill_switcher()
            self.window.show_roadmap(slug)
            self.window.show_scope(Scope.ROADMAP)

    def import_curriculum(self) -> None:
        """Ask for a Markdown curriculum, a .zip or a roadmap file; preview; import."""
        self._import_from(None)

    def import_folder(self) -> None:
        """Ask for a folder of Markdown lessons; preview; import."""
        from roadmap_desktop.ui.editor.curriculum_import import choose_folder

        folder = choose_folder(self.window)
        if folder:
            self._import_from(folder)

    def _import_from(self, path: str | None) -> None:
        from roadmap_desktop.ui.editor.curriculum_import import import_curriculum

        self.ctx.flush_pending()
        slug = import_curriculum(self.window, self.ctx, path)
        if slug:
            self.window.fill_switcher()
            self.window.show_roadmap(slug)
            self.window.show_scope(Scope.ROADMAP)

    def export_markdown(self) -> None:
        """Save the shown roadmap as Markdown with checkboxes and notes."""
        from roadmap_desktop.ui.editor.curriculum_import import export_markdown

        if self.page.overview is not None:
            self.ctx.flush_pending()
            if export_markdown(self.window, self.ctx, self.page.overview.slug):
                self.ctx.message.emit("Roadmap exported as Markdown")

    def backup_export(self) -> None:
        """Save everything in one JSON bundle."""
        from roadmap_desktop.ui.editor.curriculum_import import backup_export

        self.ctx.flush_pending()
        if backup_export(self.window, self.ctx):
            self.ctx.message.emit("Everything backed up")

    def backup_import(self) -> None:
        """Merge a JSON bundle into this database."""
        from roadmap_desktop.ui.editor.curriculum_import import backup_import

        self.ctx.flush_pending()
        backup_import(self.window, self.ctx, None)
        self.window.fill_switcher()

    def restore_automatic(self) -> None:
        """List the automatic backups, restore the chosen one (the current data is kept in
        the backups folder first) and show what changed."""
        from roadmap_desktop.ui.restore_dialog import RestoreDialog

        self.ctx.flush_pending()
        RestoreDialog.for_context(self.ctx, self.window).exec()

    def new_roadmap(self) -> None:
        """Create an empty roadmap and open it in the editor."""
        from PySide6.QtWidgets import QInputDialog

        from roadmap_desktop.services import roadmap_edit
        from roadmap_desktop.ui.commands import push

        title, ok = QInputDialog.getText(self.window, "New Roadmap", "Title:", text="My roadmap")
        if not ok or not title.strip():
            return
        command = push(
            self.ctx,
            f"Create “{title.strip()}”",
            lambda db: roadmap_edit.create_roadmap(db, title.strip()),
            lambda db, rid: roadmap_edit.delete_roadmap(db, rid)[1],
        )
        if command.memo:
            self.show_roadmap_id(command.memo)
            self.edit_roadmap()

    def edit_roadmap(self) -> Any:
        """Open the editor on the shown roadmap (or bring the open one forward)."""
        from roadmap_desktop.ui.editor.roadmap_editor import RoadmapEditor

        roadmap_id = self._current_id()
        if roadmap_id is None:
            return None
        if self.editor is not None and self.editor.isVisible():
            if self.editor.roadmap_id == roadmap_id:
                self.editor.raise_()
                self.editor.activateWindow()
                return self.editor
            if not self.editor.close():
                return None
        editor = RoadmapEditor(self.ctx, roadmap_id, self.window)
        editor.roadmap_opened = self.show_roadmap_id  # type: ignore[method-assign]
        editor.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.destroyed.connect(self._editor_gone)
        self.window.binder.install(Scope.EDITOR, editor)
        editor.show()
        editor.tree.setFocus()
        if editor.model.phases:
            editor.tree.setCurrentIndex(editor.model.index(0, 0))
        self.editor = editor
        return editor

    def _editor_gone(self) -> None:
        self.editor = None

    def copy_roadmap(self) -> None:
        """Make an editable copy of the shown roadmap, with progress."""
        editor = self.edit_roadmap()
        if editor is not None:
            editor.make_copy()
