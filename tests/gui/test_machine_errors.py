"""A write refused by the machine (database locked by another process): message, no change."""

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from roadmap_desktop.services import library as lib
from roadmap_desktop.services import queries
from roadmap_desktop.ui.actions import A
from roadmap_desktop.ui.roadmap.phase_model import ROLE_STATUS

HOLDER = (
    "import sqlite3, sys\n"
    "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "conn.execute('BEGIN EXCLUSIVE')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
    "conn.rollback()\n"
)


@contextmanager
def locked_by_another_process(path: Path) -> Iterator[None]:
    """A second process holds BEGIN EXCLUSIVE on the database until the block ends."""
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
        yield
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


def _short_waits(window) -> None:
    """Writes wait 0.2 s for a lock instead of 5 s, so the test stays quick."""
    window.ctx.db.busy_timeout_ms = 200
    window.ctx.db.close()  # connections made again with the new wait


def _capture_warnings(monkeypatch) -> list[str]:
    shown: list[str] = []

    def warning(_parent, _title, text, *_args):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warning))
    return shown


def test_a_status_key_on_a_locked_database_is_refused_cleanly(window, qtbot, monkeypatch):
    page = window.page
    _short_waits(window)
    shown = _capture_warnings(monkeypatch)
    page.step_view.setFocus()
    key = page.selected_step_key()
    row = page.step_view.currentIndex().row()
    stack = window.ctx.undo_stack
    count, index = stack.count(), stack.index()
    with locked_by_another_process(window.ctx.db.path):
        qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert len(shown) == 1 and "Another program is using your study database" in shown[0]
    assert "damaged" not in shown[0]
    assert (stack.count(), stack.index()) == (count, index)
    assert not stack.canUndo() or stack.index() == index
    assert page.ctx.read(queries.step_detail, page.overview.id, key).status == "todo"
    assert page.step_model.data(page.step_model.index(row, 0), ROLE_STATUS) == "todo"
    assert page.detail.status_group.checkedId() == 0
    # Once the other program lets go, the same key works and can be undone.
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    assert page.ctx.read(queries.step_detail, page.overview.id, key).status == "done"
    assert stack.count() == count + 1


def test_library_undo_refused_while_locked_keeps_stack_and_data_in_step(window, qtbot, monkeypatch):
    window.binder.action(A.PAGE_LIBRARY).trigger()
    page = window.library
    _short_waits(window)
    shown = _capture_warnings(monkeypatch)
    page.table.setFocus()
    page.table.selectRow(0)
    (rid,) = page.selected_ids()
    stack = window.ctx.undo_stack
    count = stack.count()

    with locked_by_another_process(window.ctx.db.path):
        qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(shown) == 1 and "Another program" in shown[0]
    assert stack.count() == count  # the refused command was not left on the stack
    assert window.ctx.read(lib.library_row, rid).status == "to_do"

    qtbot.keyClick(page.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert window.ctx.read(lib.library_row, rid).status == "done"
    assert (stack.count(), stack.index()) == (count + 1, count + 1)

    with locked_by_another_process(window.ctx.db.path):
        window.binder.action(A.UNDO).trigger()
        # The refused undo puts the stack back once the event loop runs.
        qtbot.waitUntil(lambda: stack.index() == count + 1)
    assert len(shown) == 2
    assert window.ctx.read(lib.library_row, rid).status == "done"
    assert stack.canUndo()

    window.binder.action(A.UNDO).trigger()
    assert window.ctx.read(lib.library_row, rid).status == "to_do"
    assert stack.index() == count


def test_a_status_undo_refused_while_locked_keeps_stack_and_data_in_step(
    window, qtbot, monkeypatch
):
    page = window.page
    _short_waits(window)
    shown = _capture_warnings(monkeypatch)
    page.step_view.setFocus()
    key = page.selected_step_key()
    stack = window.ctx.undo_stack
    qtbot.keyClick(page.step_view, Qt.Key.Key_3)
    done_at = stack.index()
    assert page.ctx.read(queries.step_detail, page.overview.id, key).status == "done"

    with locked_by_another_process(window.ctx.db.path):
        qtbot.keyClick(page.step_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: stack.index() == done_at)  # the refused undo is put back
    assert len(shown) == 1 and "Another program" in shown[0]
    assert page.ctx.read(queries.step_detail, page.overview.id, key).status == "done"

    qtbot.keyClick(page.step_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert page.ctx.read(queries.step_detail, page.overview.id, key).status == "todo"
    assert stack.index() == done_at - 1
