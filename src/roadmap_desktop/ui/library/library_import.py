"""Import bookmarks or CSV into the library with a preview first; export the library as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.ui.context import AppContext

MAX_IMPORT_BYTES = 50 * 1024 * 1024
PREVIEW_ROWS = 500


class ImportPreviewDialog(QDialog):
    """Counts, duplicates and skipped entries of an import, before anything is written."""

    def __init__(self, parent: QWidget | None, source: str, batch: Any, preview: Any) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {source}")
        total = len(batch.items)
        summary = QLabel(
            f"<b>{preview.new_count:,}</b> new resources, <b>{preview.duplicate_count:,}</b> "
            f"already in your library, <b>{len(preview.skipped):,}</b> skipped "
            f"(of {total + len(preview.skipped):,} entries in the file)."
        )
        summary.setWordWrap(True)
        self.skip_duplicates = QCheckBox("Skip resources already in the library")
        self.skip_duplicates.setChecked(True)
        duplicates = {id(item) for item, _row in preview.duplicates}
        table = QTableWidget(min(total, PREVIEW_ROWS), 3)
        table.setHorizontalHeaderLabels(["Title", "Link", "Note"])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, item in enumerate(batch.items[:PREVIEW_ROWS]):
            table.setItem(r, 0, QTableWidgetItem(item.title))
            table.setItem(r, 1, QTableWidgetItem(item.url or item.local_path or ""))
            table.setItem(
                r, 2, QTableWidgetItem("already in library" if id(item) in duplicates else "")
            )
        table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        if preview.skipped:
            skipped = QLabel(
                "Skipped: "
                + "; ".join(preview.skipped[:5])
                + (" …" if len(preview.skipped) > 5 else "")
            )
            skipped.setWordWrap(True)
            skipped.setStyleSheet("color: palette(placeholder-text);")
            layout.addWidget(skipped)
        layout.addWidget(table, 1)
        layout.addWidget(self.skip_duplicates)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(760, 520)

    @classmethod
    def ask(cls, parent: QWidget | None, source: str, batch: Any, preview: Any) -> bool | None:
        """None when cancelled, else whether to skip duplicates. Tests replace this."""
        dialog = cls(parent, source, batch, preview)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.skip_duplicates.isChecked()


def _read(path: str) -> bytes:
    file = Path(path)
    if file.stat().st_size > MAX_IMPORT_BYTES:
        raise UserFacingError(f"{file.name} is larger than {MAX_IMPORT_BYTES // 2**20} MB.")
    return file.read_bytes()


def import_file(parent: QWidget, ctx: AppContext, kind: str, path: str | None = None) -> int:
    """Import bookmarks ('bookmarks') or CSV ('csv'); returns how many resources were added."""
    from roadmap_desktop.importers.bookmarks import parse_bookmarks
    from roadmap_desktop.importers.library_csv import parse_csv
    from roadmap_desktop.services import library_import

    if path is None:
        pattern = "Bookmarks (*.html *.htm)" if kind == "bookmarks" else "CSV (*.csv)"
        path, _ = QFileDialog.getOpenFileName(parent, "Import", "", pattern)
        if not path:
            return 0
    parse = parse_bookmarks if kind == "bookmarks" else parse_csv
    try:
        batch = parse(_read(path), Path(path).name)
        preview = ctx.read(library_import.preview_import, batch)
    except (UserFacingError, OSError) as exc:
        QMessageBox.warning(parent, "Import", f"Nothing was imported.\n\n{exc}")
        return 0
    skip = ImportPreviewDialog.ask(parent, Path(path).name, batch, preview)
    if skip is None:
        return 0
    result = ctx.apply(lambda db: library_import.apply_import(db, batch, skip_duplicates=skip))
    return len(result[0]) if result else 0


def export_csv(parent: QWidget, ctx: AppContext) -> bool:
    """Save the whole library as CSV (an existing file is kept as .bak)."""
    from roadmap_desktop.services import library_import

    path, _ = QFileDialog.getSaveFileName(parent, "Export Library", "library.csv", "CSV (*.csv)")
    if not path:
        return False
    text = ctx.read(library_import.export_csv)
    target = Path(path)
    try:
        if target.exists():
            target.replace(target.with_name(target.name + ".bak"))
        target.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        QMessageBox.warning(parent, "Export", f"Could not write {path}: {exc.strerror or exc}")
        return False
    return True
