"""File ▸ Restore From Automatic Backup…: the backups with what they hold, restore one, report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop import APP_NAME
from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.core.restore import BackupInfo, RestoreReport, backup_infos, backup_row

COLUMNS = ("Date", "Size", "Kind", "Roadmaps", "Done", "Notes")
KIND_LABELS = {
    "daily": "Daily",
    "pre-upgrade": "Before an upgrade",
    "pre-restore": "Before a restore",
    "manual": "Manual",
}
RestoreFn = Callable[[Path], RestoreReport]
AnyIndex = QModelIndex | QPersistentModelIndex


class BackupTableModel(QAbstractTableModel):
    """One row per backup file, newest first; the counts are read from each file."""

    def __init__(self, infos: list[BackupInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.infos = infos
        self._rows = [backup_row(info) for info in infos]
        for row, info in zip(self._rows, infos, strict=True):
            row[2] = KIND_LABELS.get(info.kind, info.kind)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            info = self.infos[index.row()]
            held = info.summary.describe() if info.summary else "could not be read"
            return f"{info.path}\n{held}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (1, 3, 4, 5):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None


class RestoreDialog(QDialog):
    """Pick a backup, confirm, restore it through `restore`, and show what changed."""

    def __init__(
        self,
        backups_dir: Path,
        restore: RestoreFn,
        parent: QWidget | None = None,
        intro: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore From Automatic Backup")
        self.setMinimumWidth(560)
        self._restore = restore
        self.report: RestoreReport | None = None
        self.model = BackupTableModel(backup_infos(backups_dir), self)

        layout = QVBoxLayout(self)
        text = intro or (
            "Choose a backup to restore. Your current database is copied to the backups "
            "folder first, so a restore can itself be undone by restoring that copy."
        )
        label = QLabel(text)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.table = QTableView()
        self.table.setAccessibleName("Automatic backups")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(self._restore_clicked)
        layout.addWidget(self.table)
        self.empty_label = QLabel(f"No automatic backups in {backups_dir} yet.")
        self.empty_label.setVisible(self.model.rowCount() == 0)
        layout.addWidget(self.empty_label)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton("Restore…")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.clicked.connect(self._restore_clicked)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

    @classmethod
    def for_context(cls, ctx: Any, parent: QWidget | None = None) -> RestoreDialog:
        """The dialog over a running window's AppContext (restores via ctx.restore_backup)."""
        return cls(ctx.data_dir / "backups", ctx.restore_backup, parent)

    def selected(self) -> BackupInfo | None:
        """The backup of the selected row."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.infos[rows[0].row()] if rows else None

    def keyPressEvent(self, event: Any) -> None:
        # Enter restores the selected backup rather than closing the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected() is not None:
            self._restore_clicked()
            return
        super().keyPressEvent(event)

    def _selection_changed(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def _restore_clicked(self) -> None:
        info = self.selected()
        if info is None:
            return
        held = info.summary.describe() if info.summary else "contents unknown"
        answer = QMessageBox.question(
            self,
            "Restore Backup",
            f"Replace your study database by the backup of {info.taken_at:%d %b %Y, %H:%M} "
            f"({held})?\n\nEverything changed since then is replaced. Your current database "
            "is kept in the backups folder first.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.report = self._restore(info.path)
        except UserFacingError as exc:
            QMessageBox.warning(self, APP_NAME, str(exc))
            return
        QMessageBox.information(self, "Backup Restored", "\n".join(self.report.summary_lines()))
        self.accept()


def offer_restore(parent: QWidget | None, data_dir: Path, message: str) -> bool:
    """At startup, a damaged database: explain and list the backups; True once one is restored.

    Nothing is open yet, so the restore works on the file directly (core/restore.py).
    """
    from roadmap_desktop.core.db import known_revisions
    from roadmap_desktop.core.restore import restore_backup
    from roadmap_desktop.paths import DB_FILENAME

    if not backup_infos(data_dir / "backups"):
        return False
    dialog = RestoreDialog(
        data_dir / "backups",
        lambda backup: restore_backup(data_dir / DB_FILENAME, backup, known_revisions()),
        parent,
        intro=f"{message}\n\nChoose an automatic backup to restore, or Cancel to quit "
        "without changing anything.",
    )
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    return dialog.exec() == QDialog.DialogCode.Accepted
