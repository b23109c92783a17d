"""Import a curriculum (Markdown file, lesson folder or .zip) with a preview; export Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.ui.context import AppContext


class ImportPreview(QDialog):
    """What an import will add, change and archive; for an existing slug, update or add anew."""

    def __init__(self, parent: QWidget | None, plan: Any, existing_title: str | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import Curriculum")
        self.update_choice = QRadioButton(
            f"Update “{existing_title}” — progress and notes are kept"
        )
        self.as_new = QRadioButton("Import as a separate roadmap")
        group = QButtonGroup(self)
        group.addButton(self.update_choice)
        group.addButton(self.as_new)
        self.update_choice.setChecked(True)
        summary = QLabel("<br>".join(plan.summary_lines()))
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        details = QListWidget()
        for prefix, keys in (
            ("added", plan.added),
            ("changed", plan.changed),
            ("archived (has progress)", plan.archived),
            ("removed", [k for k in plan.removed if k not in plan.archived]),
        ):
            for key in keys[:300]:
                details.addItem(f"{prefix}: {key}")
        for url, reason in getattr(plan, "not_imported", [])[:300]:
            details.addItem(f"not imported: {url} — {reason}")
        for heading, reason in getattr(plan, "headings_left_out", [])[:100]:
            details.addItem(f"heading {reason}: {heading}")
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if existing_title is not None:
            layout.addWidget(self.update_choice)
            layout.addWidget(self.as_new)
        if details.count():
            layout.addWidget(details, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 460)

    @classmethod
    def ask(cls, parent: QWidget | None, plan: Any, existing_title: str | None) -> str | None:
        """'update', 'new' or None (cancelled). Tests replace this."""
        dialog = cls(parent, plan, existing_title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return (
            "update" if existing_title is not None and dialog.update_choice.isChecked() else "new"
        )


def import_curriculum(parent: QWidget, ctx: AppContext, path: str | None = None) -> str | None:
    """Ask for a file or folder, preview, import; returns the imported roadmap's slug."""
    from roadmap_desktop.importers.lesson_folder import parse_curriculum_path
    from roadmap_desktop.services import curriculum
    from roadmap_desktop.services.queries import list_roadmaps

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent,
            "Import Curriculum",
            "",
            "Curricula (*.md *.markdown *.txt *.zip *.yaml *.yml *.json);;All files (*)",
        )
        if not path:
            return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        imp = parse_curriculum_path(Path(path))
        existing = {r.slug: r.title for r in ctx.read(list_roadmaps)}
        slug = imp.spec.slug
        update = slug if slug in existing else None
        plan = ctx.read(lambda db: curriculum.preview_import(db, imp, update_slug=update))
    except (UserFacingError, OSError) as exc:
        QGuiApplication.restoreOverrideCursor()
        QMessageBox.warning(parent, "Import Curriculum", f"Nothing was imported.\n\n{exc}")
        return None
    QGuiApplication.restoreOverrideCursor()
    choice = ImportPreview.ask(parent, plan, existing.get(slug))
    if choice is None:
        return None
    if choice == "new" and update is not None:
        base, n = slug, 2
        while f"{base}-{n}" in existing:
            n += 1
        as_slug, update = f"{base}-{n}", None
    else:
        as_slug = None
    result = ctx.apply(
        lambda db: curriculum.apply_import(db, imp, as_slug=as_slug, update_slug=update)
    )
    if result is None:
        return None
    done = result[0]
    window = parent.window()
    if hasattr(window, "statusBar"):
        window.statusBar().showMessage(
            f"Imported “{done.title}”: {done.steps} steps, {done.resources_new} new resources", 8000
        )
    return str(done.slug)


def choose_folder(parent: QWidget) -> str | None:
    """Pick a folder of lessons."""
    path = QFileDialog.getExistingDirectory(parent, "Import a Folder of Lessons")
    return path or None


def export_markdown(parent: QWidget, ctx: AppContext, slug: str) -> bool:
    """Save a roadmap as Markdown with checkboxes and notes."""
    from roadmap_desktop.exporters.markdown_roadmap import export_markdown as render

    path, _ = QFileDialog.getSaveFileName(
        parent, "Export as Markdown", f"{slug}.md", "Markdown (*.md)"
    )
    if not path:
        return False
    return _write(parent, Path(path), ctx.read(render, slug))


def _write(parent: QWidget, target: Path, text: str) -> bool:
    try:
        if target.exists():
            target.replace(target.with_name(target.name + ".bak"))
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        QMessageBox.warning(parent, "Export", f"Could not write {target}: {exc.strerror or exc}")
        return False
    return True


def backup_export(parent: QWidget, ctx: AppContext) -> bool:
    """Save everything (roadmaps, progress, library, plans, time) as one JSON bundle."""
    import json

    from roadmap_desktop.services.backup_bundle import export_bundle

    path, _ = QFileDialog.getSaveFileName(
        parent, "Back Up Everything", "roadmap-desktop.json", "Roadmap Desktop bundle (*.json)"
    )
    if not path:
        return False
    data = ctx.read(export_bundle)
    return _write(parent, Path(path), json.dumps(data, ensure_ascii=False, indent=1))


def backup_import(parent: QWidget, ctx: AppContext, path: str | None = None) -> Any:
    """Merge a JSON bundle into this database (by stable keys) and report what it did."""
    from roadmap_desktop.services.backup_bundle import import_bundle

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import Backup", "", "Roadmap Desktop bundle (*.json)"
        )
        if not path:
            return None
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        QMessageBox.warning(parent, "Import Backup", f"Nothing was imported.\n\n{exc}")
        return None

    def do(db: Any) -> tuple[Any, Any]:
        report = import_bundle(db, data, Path(path).name)
        return report, report.change

    result = ctx.apply(do)
    if result is not None:
        QMessageBox.information(parent, "Import Backup", "\n".join(result[0].summary_lines()))
    return result
