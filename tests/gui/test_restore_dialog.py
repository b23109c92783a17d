"""The restore dialog over the real window: pick a backup with the keyboard, confirm, refresh."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from roadmap_desktop.core.backup import backup_database
from roadmap_desktop.services import queries
from roadmap_desktop.ui.restore_dialog import RestoreDialog
from roadmap_desktop.ui.roadmap.phase_model import ROLE_STATUS


def _status(window, key):
    page = window.page
    return page.ctx.read(queries.step_detail, page.overview.id, key).status


def test_restore_a_backup_chosen_with_the_keyboard_and_the_views_refresh(
    window, qtbot, qtmodeltester, monkeypatch
):
    page = window.page
    ctx = window.ctx
    page.step_view.setFocus()
    first = page.selected_step_key()
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    # Yesterday's automatic backup holds one step done.
    backup_database(ctx.db.path, ctx.data_dir / "backups", "daily-20261201")
    qtbot.keyClick(page.step_view, Qt.Key.Key_Down)
    second = page.selected_step_key()
    second_row = page.step_view.currentIndex().row()
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert (_status(window, first), _status(window, second)) == ("done", "done")

    asked: list[str] = []
    told: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        staticmethod(
            lambda _p, _t, text, *_a: asked.append(text) or QMessageBox.StandardButton.Yes
        ),
    )
    monkeypatch.setattr(
        QMessageBox,
        "information",
        staticmethod(lambda _p, _t, text, *_a: told.append(text) or QMessageBox.StandardButton.Ok),
    )
    dialog = RestoreDialog.for_context(ctx, window)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 2)) == "Daily"
    assert not dialog.restore_button.isEnabled()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    assert dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert len(asked) == 1 and "Replace your study database" in asked[0]
    assert dialog.report is not None
    assert dialog.report.before.steps_finished - dialog.report.after.steps_finished == 1
    assert "Steps done:" in told[0]
    # The data and every view show the backup; the undo history of replaced data is gone.
    assert (_status(window, first), _status(window, second)) == ("done", "todo")
    assert page.step_model.data(page.step_model.index(second_row, 0), ROLE_STATUS) == "todo"
    assert not ctx.undo_stack.canUndo()
    kept = sorted(p.name for p in (ctx.data_dir / "backups").iterdir())
    assert any("-pre-restore-" in name for name in kept)
    # The reopened database takes writes again.
    page.step_view.setFocus()
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert _status(window, page.selected_step_key()) == "done"


def test_cancelling_the_confirmation_changes_nothing(window, qtbot, monkeypatch):
    ctx = window.ctx
    backup_database(ctx.db.path, ctx.data_dir / "backups", "daily-20261201")
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No)
    )
    dialog = RestoreDialog.for_context(ctx, window)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.report is None and dialog.isVisible()
    assert [p.name for p in (ctx.data_dir / "backups").iterdir() if "pre-restore" in p.name] == []


def test_damaged_database_at_startup_offers_the_backups(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from roadmap_desktop.core.db import open_database
    from roadmap_desktop.core.errors import DamagedDatabaseError
    from roadmap_desktop.services.startup import open_store
    from roadmap_desktop.ui.restore_dialog import offer_restore

    store = open_store(tmp_path)
    store.db.close()
    db_path = store.data_dir / "roadmap.sqlite3"
    backup_database(db_path, tmp_path / "backups", "daily-20261201")
    damaged = db_path.read_bytes()[:8192] + b"\x00" * 4096
    db_path.write_bytes(damaged)
    with pytest.raises(DamagedDatabaseError) as info:
        open_database(db_path)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    seen: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *_a: QMessageBox.StandardButton.Ok)
    )
    monkeypatch.setattr(
        QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a: seen.append(text))
    )

    def answer() -> None:
        shown = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, RestoreDialog) and w.isVisible()
        ]
        if not shown:
            QTimer.singleShot(50, answer)
            return
        dialog = shown[0]
        try:
            seen.append(dialog.findChildren(QLabel)[0].text())
            cell = dialog.table.visualRect(dialog.model.index(0, 0)).center()
            qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
            seen.append(f"enabled={dialog.restore_button.isEnabled()}")
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        finally:
            if dialog.isVisible():  # a failed step above must not leave exec() waiting
                seen.append("still open")
                dialog.reject()

    QTimer.singleShot(100, answer)
    restored = offer_restore(None, tmp_path, str(info.value))
    assert "cannot be opened" in seen[0] and "still open" not in seen
    assert restored
    open_database(db_path).close()  # the restored file opens again
    kept = [p for p in (tmp_path / "backups").iterdir() if p.suffix == ".damaged"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
