"""The Sync dialog, built directly on a real data folder and a real shared folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import select

from roadmap_desktop.core.models import StepProgress, StepStatus
from roadmap_desktop.services import study
from roadmap_desktop.services.changes import ChangeKind
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.services.sync import sync_round
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.sync.sync_controller import SyncController
from roadmap_desktop.ui.sync.sync_dialog import PLAIN_JSON_NOTE, SyncDialog

ROADMAP = "backend-developer-24-weeks"


def _names(dialog: SyncDialog) -> list[str]:
    table = dialog.devices_table
    return sorted(table.item(row, 0).text() for row in range(table.rowCount()))


def test_choosing_a_folder_syncing_and_stopping(
    qtbot, qtmodeltester, tmp_path: Path, monkeypatch
) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    store = open_store(tmp_path / "data", backup=False)
    other = open_store(tmp_path / "other", backup=False)
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    try:
        controller = SyncController(ctx)
        dialog = SyncDialog(ctx, controller)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.folder_label.text() == "Not syncing yet."
        assert not dialog.sync_button.isEnabled()
        assert any(
            PLAIN_JSON_NOTE in label.text()
            for label in dialog.findChildren(type(dialog.folder_label))
        )

        monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shared))
        with qtbot.waitSignal(dialog.synced, timeout=30_000):
            qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
        assert Settings(store.data_dir).sync_folder == str(shared.resolve())
        assert "sent" in dialog.status_label.text()
        qtmodeltester.check(dialog.devices_table.model())

        # the other computer marks a step done and syncs; Sync Now brings it here
        rid = roadmap_id_for(other.db, ROADMAP)
        study.set_step_status(other.db, rid, "choose-your-language", StepStatus.DONE)
        sync_round(other.db, shared)
        with qtbot.waitSignal(ctx.changed, timeout=30_000) as changed:
            qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        assert ChangeKind.STATUS in changed.args[0].kinds
        qtbot.waitUntil(lambda: dialog.sync_button.isEnabled(), timeout=10_000)
        with store.db.reading() as session:
            status = session.scalar(
                select(StepProgress.status).where(StepProgress.step_key == "choose-your-language")
            )
        assert status == StepStatus.DONE
        assert len(_names(dialog)) == 2 and any("(this computer)" in n for n in _names(dialog))

        # renaming this computer
        dialog.name_edit.clear()
        qtbot.keyClicks(dialog.name_edit, "Desk at home")
        qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Tab)
        with qtbot.waitSignal(dialog.synced, timeout=30_000):
            qtbot.mouseClick(dialog.sync_button, Qt.MouseButton.LeftButton)
        assert "Desk at home (this computer)" in _names(dialog)

        monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(dialog.stop_button, Qt.MouseButton.LeftButton)
        assert Settings(store.data_dir).sync_folder == ""
        assert dialog.folder_label.text() == "Not syncing yet."
        assert not dialog.sync_button.isEnabled()
        assert [d.this_device for d in sync_round(other.db, shared).devices] == [True]
    finally:
        controller.wait()
        store.db.close()
        other.db.close()
