"""A database from before the search index, opened or restored: progress, then Ctrl+K finds."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from roadmap_desktop.core.backup import copy_database
from roadmap_desktop.core.db import read_revision
from roadmap_desktop.services import search
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.context import AppContext
from roadmap_desktop.ui.main_window import MainWindow
from roadmap_desktop.ui.restore_dialog import RestoreDialog
from roadmap_desktop.ui.store_opening import open_store_with_progress
from roadmap_desktop.ui.widgets.work_dialog import WorkDialog


class DialogWatch(QObject):
    """Notes each WorkDialog that appears, and its text each time its bar moves."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, int]] = []
        self.window_paints = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, WorkDialog):
            self.seen.append((watched.label.text(), -1))
            watched.bar.valueChanged.connect(
                lambda value, dialog=watched: self.seen.append((dialog.label.text(), value))
            )
        return False


def test_an_old_database_is_upgraded_with_progress_and_ctrl_k_then_finds_its_rows(
    qtbot, tmp_path: Path, old_database
) -> None:
    data = tmp_path / "data"
    old_database(data, steps=2_500, notes=40)
    window = MainWindow()  # the shell: the first frame, before the data is opened
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    watch = DialogWatch()
    app = QApplication.instance()
    app.installEventFilter(watch)
    try:
        # show_after_ms=0: the dialog appears at once rather than after half a second
        store = open_store_with_progress(window, data, show_after_ms=0)
    finally:
        app.removeEventFilter(watch)
    ctx = AppContext(store.db, store.data_dir, Settings(store.data_dir))
    try:
        texts = [text for text, _ in watch.seen]
        assert texts, "no progress dialog appeared"
        values = [value for text, value in watch.seen if text.startswith("Preparing search… ")]
        assert any(0 < value < 100 for value in values), watch.seen
        assert values == sorted(values) and values[-1] == 100
        assert [f"Preparing search… {value} %" for value in values] == [
            text for text, value in watch.seen if text.startswith("Preparing search… ")
        ]
        assert not any(isinstance(w, WorkDialog) and w.isVisible() for w in app.topLevelWidgets())

        window.attach(ctx, welcome=False)
        qtbot.waitUntil(window.isActiveWindow)  # the focus came back from the dialog
        qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        palette = window.palette
        assert palette is not None and palette.isVisible()
        qtbot.keyClicks(palette.edit, "zebrafi")
        assert [r.text for r in palette.model.rows[:2]] == ["Notes", "Quokka indexing trick"]
        qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
        assert window.page.overview.slug == "upgrade-test"
        assert window.page.selected_step_key() == "p49-s49"
        assert window.page.detail.notes.editor.textCursor().selectedText() == "Zebrafish"
    finally:
        window.close()
        ctx.db.close()


def test_restoring_a_backup_from_before_the_index_builds_it_and_ctrl_k_finds_its_rows(
    window, qtbot, tmp_path: Path, old_database, monkeypatch
) -> None:
    ctx = window.ctx
    old = old_database(tmp_path / "old", steps=300, notes=5)
    backup = ctx.data_dir / "backups" / "roadmap-pre-upgrade-0003_review-20261101-101010.sqlite3"
    backup.parent.mkdir(exist_ok=True)
    copy_database(old, backup)
    monkeypatch.setattr(
        QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.Yes)
    )
    monkeypatch.setattr(
        QMessageBox, "information", staticmethod(lambda *_a: QMessageBox.StandardButton.Ok)
    )
    dialog = RestoreDialog.for_context(ctx, window)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Home)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.report is not None and dialog.report.restored_from == backup
    assert dialog.report.after.steps_total == 300
    assert read_revision(backup) == "0003_review"  # the backup itself is left as it was
    assert search.index_drift(ctx.db) == {}
    assert not [p for p in ctx.data_dir.iterdir() if p.name.startswith("restoring-")]
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    palette = window.palette
    assert palette is not None and palette.isVisible()
    qtbot.keyClicks(palette.edit, "quokka")
    assert [r.text for r in palette.model.rows[:2]] == ["Steps", "Quokka indexing trick"]
    qtbot.keyClick(palette.edit, Qt.Key.Key_Return)
    assert window.page.overview.slug == "upgrade-test"
    assert window.page.selected_step_key() == "p5-s49"
