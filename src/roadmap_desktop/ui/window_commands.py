"""The main window's roadmap commands: schedule, JSON and Markdown export, curriculum import,
backups, and creating, editing and copying roadmaps (a mixin of MainWindow)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtWidgets import QMainWindow, QMessageBox

from roadmap_desktop import APP_NAME

if TYPE_CHECKING:
    from roadmap_desktop.ui.context import AppContext
    from roadmap_desktop.ui.roadmap_page import RoadmapPage


class RoadmapCommands(QMainWindow):
    """Menu commands that act on the shown roadmap; MainWindow builds on it."""

    ctx: AppContext | None
    page: RoadmapPage | None
    editor: Any

    if TYPE_CHECKING:  # provided by MainWindow

        def show_page(self, index: int) -> None: ...
        def show_roadmap(self, slug: str) -> None: ...
        def _fill_switcher(self) -> None: ...

    def edit_schedule(self) -> None:
        """Change the shown roadmap's start date and weekly hours."""
        from roadmap_desktop.services import study
        from roadmap_desktop.ui.dialogs import ScheduleDialog

        if self.ctx is None or self.page is None or self.page.overview is None:
            return
        ov = self.page.overview
        chosen = ScheduleDialog.ask(
            self,
            roadmaps=None,
            start=ov.start_date or date.today(),
            weekly_hours=ov.weekly_hours,
            welcome=False,
        )
        if chosen is not None:
            self.ctx.apply(study.set_schedule, ov.id, chosen[1], chosen[2])

    def export_json(self) -> None:
        """Save the shown roadmap with progress and notes as JSON."""
        import json

        from PySide6.QtWidgets import QFileDialog

        from roadmap_desktop.services.export import export_roadmap

        if self.ctx is None or self.page is None or self.page.overview is None:
            return
        self.page.detail.notes.flush()
        slug = self.page.overview.slug
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Roadmap", f"{slug}.json", "JSON (*.json)"
        )
        if not path:
            return
        document = self.ctx.read(export_roadmap, slug)
        try:
            with open(path, "w", encoding="utf-8") as fh:
                json.dump(document, fh, indent=2, ensure_ascii=False)
        except OSError as exc:
            QMessageBox.warning(self, APP_NAME, f"Could not write {path}: {exc.strerror or exc}")
            return
        self.statusBar().showMessage(f"Exported {slug} to {path}", 6000)

    # --- roadmaps: import, export, edit ----------------------------------------------------

    def _current_id(self) -> int | None:
        return self.page.overview.id if self.page and self.page.overview else None

    def show_roadmap_id(self, roadmap_id: int) -> None:
        """Show the roadmap with this id (after creating, copying or importing one)."""
        from roadmap_desktop.services import queries

        assert self.ctx is not None
        self._fill_switcher()
        slug = next(
            (r.slug for r in self.ctx.read(queries.list_roadmaps) if r.id == roadmap_id), None
        )
        if slug:
            self.show_roadmap(slug)
            self.show_page(0)

    def choose_curriculum(self) -> None:
        """File ▸ Import Curriculum…: ask for the file, then preview and import it. (The
        menu's slot takes no argument: `triggered` would pass its bool as the path.)"""
        self.import_curriculum()

    def import_curriculum(self, path: str | None = None) -> str | None:
        """Import a Markdown curriculum, a .zip or a roadmap file, after a preview."""
        from roadmap_desktop.ui.curriculum_import import import_curriculum

        if self.ctx is None:
            return None
        slug = import_curriculum(self, self.ctx, path)
        if slug:
            self._fill_switcher()
            self.show_roadmap(slug)
            self.show_page(0)
        return slug

    def import_folder(self) -> None:
        """Import a folder of Markdown lessons."""
        from roadmap_desktop.ui.curriculum_import import choose_folder

        folder = choose_folder(self)
        if folder:
            self.import_curriculum(folder)

    def export_markdown(self) -> None:
        """Save the shown roadmap as Markdown with checkboxes and notes."""
        from roadmap_desktop.ui.curriculum_import import export_markdown

        if self.ctx is not None and self.page is not None and self.page.overview is not None:
            self.page.detail.notes.flush()
            if export_markdown(self, self.ctx, self.page.overview.slug):
                self.statusBar().showMessage("Roadmap exported as Markdown", 5000)

    def backup_export(self) -> None:
        """Save everything in one JSON bundle."""
        from roadmap_desktop.ui.curriculum_import import backup_export

        if self.ctx is not None:
            if self.page is not None:
                self.page.detail.notes.flush()
            if backup_export(self, self.ctx):
                self.statusBar().showMessage("Everything backed up", 5000)

    def backup_import(self) -> None:
        """Merge a JSON bundle into this database."""
        from roadmap_desktop.ui.curriculum_import import backup_import

        if self.ctx is not None:
            backup_import(self, self.ctx)
            self._fill_switcher()

    def new_roadmap(self) -> int | None:
        """Create an empty roadmap and open it in the editor."""
        from PySide6.QtWidgets import QInputDialog

        from roadmap_desktop.services import roadmap_edit
        from roadmap_desktop.ui.commands import push

        if self.ctx is None:
            return None
        title, ok = QInputDialog.getText(self, "New Roadmap", "Title:", text="My roadmap")
        if not ok or not title.strip():
            return None
        command = push(
            self.ctx,
            f"Create “{title.strip()}”",
            lambda db: roadmap_edit.create_roadmap(db, title.strip()),
            lambda db, rid: roadmap_edit.delete_roadmap(db, rid)[1],
        )
        if command.memo:
            self.show_roadmap_id(command.memo)
            self.edit_roadmap()
        return command.memo  # type: ignore[no-any-return]

    def edit_roadmap(self) -> Any:
        """Open the editor on the shown roadmap."""
        from roadmap_desktop.ui.roadmap_editor import RoadmapEditor

        roadmap_id = self._current_id()
        if self.ctx is None or roadmap_id is None:
            return None
        editor = RoadmapEditor(self.ctx, roadmap_id, self)
        editor.roadmap_opened = self.show_roadmap_id  # type: ignore[method-assign]
        editor.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.show()
        editor.tree.setFocus()
        if editor.model.phases:
            editor.tree.setCurrentIndex(editor.model.index(0, 0))
        self.editor = editor
        return editor

    def copy_roadmap(self) -> None:
        """Make an editable copy of the shown roadmap, with progress."""
        editor = self.edit_roadmap()
        if editor is not None:
            editor.make_copy()
