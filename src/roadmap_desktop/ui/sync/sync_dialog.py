"""The Sync dialog: the shared folder, the computers using it, Sync Now and Stop Syncing.

Rounds are the window's `SyncController`'s: the dialog starts them and shows their reports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from roadmap_desktop.core.errors import UserFacingError
from roadmap_desktop.services import sync as sync_service
from roadmap_desktop.services.sync import DeviceInfo, SyncReport
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.sync.sync_controller import SyncController

PLAIN_JSON_NOTE = (
    "The folder holds your study data — progress, notes, library and plans — as plain JSON "
    "files that anyone who can open the folder can read. Roadmap Desktop keeps its database "
    "in its own data folder; never put that one in a synced folder."
)


class SyncDialog(QDialog):
    """Choose the shared folder, see the computers, sync now or stop syncing here."""

    synced = Signal(object)  # SyncReport, after each round started here

    def __init__(
        self, ctx: AppContext, controller: SyncController, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.controller = controller
        controller.started.connect(self._round_started)
        controller.finished.connect(self._round_finished)
        controller.failed.connect(self._round_failed)
        self.setWindowTitle(self.tr("Sync Folder"))
        self.setMinimumWidth(560)
        self.folder_label = QLabel()
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose Folder…"))
        self.choose_button.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.choose_button)
        note = QLabel(self.tr(PLAIN_JSON_NOTE))
        note.setWordWrap(True)
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("This computer's name"))
        self.name_edit.editingFinished.connect(self._rename)
        form = QFormLayout()
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.tr("This computer:"), self.name_edit)
        self.devices_table = QTableWidget(0, 3)
        self.devices_table.setHorizontalHeaderLabels(
            [self.tr("Computer"), self.tr("Last seen"), self.tr("App version")]
        )
        self.devices_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.devices_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.devices_table.verticalHeader().hide()
        self.devices_table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.Stretch
        )
        self.devices_table.setAccessibleName(self.tr("Computers syncing through this folder"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.sync_button = QPushButton(self.tr("Sync Now"))
        self.sync_button.clicked.connect(self._sync_now)
        self.stop_button = QPushButton(self.tr("Stop Syncing on This Computer"))
        self.stop_button.clicked.connect(self._stop_syncing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.stop_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("Computers using this folder:")))
        layout.addWidget(self.devices_table, 1)
        layout.addWidget(self.status_label)
        layout.addWidget(buttons)
        _device, name = sync_service.device_info(ctx.db)
        self.name_edit.setText(name)
        self._refresh()

    # --- state ---------------------------------------------------------------------------

    def folder(self) -> Path | None:
        """The folder this computer syncs through, if any."""
        return self.controller.folder()

    def _refresh(self) -> None:
        folder = self.folder()
        self.folder_label.setText(str(folder) if folder else self.tr("Not syncing yet."))
        idle = not self.controller.is_running()
        self.sync_button.setEnabled(folder is not None and idle)
        self.stop_button.setEnabled(folder is not None and idle)
        self.choose_button.setEnabled(idle)
        devices: list[DeviceInfo] = []
        if folder is not None and folder.is_dir():
            devices = sync_service.devices(folder, self.ctx.db)
        self._show_devices(devices)

    def _show_devices(self, devices: list[DeviceInfo] | tuple[DeviceInfo, ...]) -> None:
        table = self.devices_table
        table.setRowCount(len(devices))
        for row, device in enumerate(devices):
            name = device.name + (self.tr(" (this computer)") if device.this_device else "")
            seen = device.last_seen.replace("T", " ").replace("Z", " UTC")
            for column, value in enumerate((name, seen or self.tr("never"), device.app_version)):
                table.setItem(row, column, QTableWidgetItem(value))

    # --- actions -------------------------------------------------------------------------

    def _choose_folder(self) -> None:
        start = str(self.folder() or Path.home())
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose the Sync Folder"), start)
        if not chosen:
            return
        try:
            self.controller.use_folder(Path(chosen))  # starts the first round
        except UserFacingError as exc:
            self.status_label.setText(str(exc))
            return
        self._refresh()

    def _sync_now(self) -> None:
        if self.folder() is not None:
            self.controller.sync_now()

    def _round_started(self) -> None:
        self.status_label.setText(self.tr("Syncing…"))
        self._refresh()

    def _round_finished(self, report: SyncReport) -> None:
        lines = report.summary_lines()[:1] if not report.idle else [self.tr("Up to date.")]
        lines += [f"• {n}" for n in report.notices] + [f"⚠ {p}" for p in report.problems]
        self.status_label.setText("\n".join(lines))
        self._refresh()
        self.synced.emit(report)

    def _round_failed(self, message: str) -> None:
        self.status_label.setText(message)
        self._refresh()

    def _rename(self) -> None:
        try:
            sync_service.rename_device(self.ctx.db, self.name_edit.text())
        except UserFacingError as exc:
            self.status_label.setText(str(exc))
            _device, name = sync_service.device_info(self.ctx.db)
            self.name_edit.setText(name)

    def _stop_syncing(self) -> None:
        folder = self.folder()
        if folder is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Stop Syncing"),
            self.tr(
                "Stop syncing this computer through {folder}?\n\nYour data here stays as it "
                "is; the other computers keep theirs and stop waiting for this one."
            ).format(folder=folder),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.controller.stop_syncing()
        self.status_label.setText(self.tr("This computer no longer syncs."))
        self._refresh()
