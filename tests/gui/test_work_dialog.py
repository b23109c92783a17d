"""Long work off the GUI thread: quick work shows nothing, slow work a dialog Esc cannot close."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from roadmap_desktop.core.errors import DamagedDatabaseError
from roadmap_desktop.ui.store_opening import open_store_with_progress
from roadmap_desktop.ui.widgets.work_dialog import WorkDialog, run_with_progress


def _dialogs() -> list[WorkDialog]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, WorkDialog) and w.isVisible()
    ]


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    with qtbot.waitExposed(widget):
        widget.show()
    return widget


def test_quick_work_returns_its_value_and_shows_nothing(window) -> None:
    shown: list[bool] = []
    QTimer.singleShot(0, lambda: shown.append(bool(_dialogs())))
    assert run_with_progress(window, lambda progress: threading.get_ident()) != (
        threading.get_ident()  # it ran on another thread
    )
    assert shown == [False] and not _dialogs()


def test_slow_work_shows_its_stage_and_esc_does_not_close_it(window, qtbot) -> None:
    release = threading.Event()
    looked: list[tuple[str, int, bool]] = []

    def work(progress):  # type: ignore[no-untyped-def]
        progress("Preparing search", 0.4)
        release.wait(10)
        return "built"

    def look() -> None:
        (dialog,) = _dialogs()
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        looked.append((dialog.label.text(), dialog.bar.value(), dialog.isVisible()))
        release.set()

    QTimer.singleShot(150, look)
    assert run_with_progress(window, work, show_after_ms=50) == "built"
    assert looked == [("Preparing search… 40 %", 40, True)]
    assert not _dialogs()


def test_a_damaged_database_raises_in_the_caller(window, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "roadmap.sqlite3").write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(DamagedDatabaseError, match="not an SQLite database"):
        open_store_with_progress(window, data)
