"""Syncing from the open window: File ▸ Sync Folder…, the status bar, changes arriving through
the folder while the window is open, typing kept when a note is merged, and the round at quit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog
from sqlalchemy import select

from roadmap_desktop.core.db import Database
from roadmap_desktop.core.models import StepProgress, StepStatus
from roadmap_desktop.services import queries, study
from roadmap_desktop.services.queries import roadmap_id_for
from roadmap_desktop.services.startup import open_store
from roadmap_desktop.services.sync import sync_round
from roadmap_desktop.settings import Settings
from roadmap_desktop.ui.actions import A

ROADMAP = "backend-developer-24-weeks"


def _status_of(window, step_key: str) -> StepStatus | None:
    with window.ctx.db.reading() as session:
        return session.scalar(select(StepProgress.status).where(StepProgress.step_key == step_key))


def _note(db, roadmap_id: int, step_key: str) -> str:
    return queries.step_detail(db, roadmap_id, step_key).note_md


def _type_lines(qtbot, editor, text: str) -> None:
    """Type text as a learner does: characters, and Return at each line end."""
    for i, line in enumerate(text.split("\n")):
        if i:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(editor, line)


def _choose_folder_from_the_menu(window, qtbot, monkeypatch, shared: Path) -> None:
    """File ▸ Sync Folder…, Choose Folder…, the shared folder; the first round runs."""
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(shared))

    def run_dialog(dialog: QDialog) -> int:
        with qtbot.waitSignal(window.sync.finished, timeout=30_000):
            qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
        assert "sent" in dialog.status_label.text()
        return 0

    monkeypatch.setattr(QDialog, "exec", run_dialog)
    window.binder.action(A.SYNC_FOLDER).trigger()
    monkeypatch.undo()


@pytest.fixture
def laptop(window, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """Another computer's database and the shared folder (empty; the laptop has not synced)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    other = open_store(tmp_path / "laptop", backup=False)
    yield other.db, shared
    window.sync.wait()
    other.db.close()


def test_a_change_in_the_folder_appears_in_the_open_window_within_five_seconds(
    window, qtbot, monkeypatch, laptop
) -> None:
    other_db, shared = laptop
    sync_round(other_db, shared)  # the laptop already syncs there
    _choose_folder_from_the_menu(window, qtbot, monkeypatch, shared)
    assert window.sync_status.isVisible()
    assert window.sync_status.text() == "Synced just now · 2 computers"
    assert Settings(window.ctx.data_dir).sync_folder == str(shared.resolve())
    rounds: list[int] = []
    window.sync.started.connect(lambda: rounds.append(1))
    qtbot.wait(1_500)
    assert rounds == []  # its own files in the folder do not wake this computer again

    rid = roadmap_id_for(other_db, ROADMAP)
    study.set_step_status(other_db, rid, "choose-your-language", StepStatus.DONE)
    study.save_note(other_db, rid, "choose-your-language", "Picked Go on the laptop.\n")
    sync_round(other_db, shared)
    # no button pressed: the folder watcher notices the laptop's new file
    qtbot.waitUntil(
        lambda: _status_of(window, "choose-your-language") == StepStatus.DONE, timeout=5_000
    )
    header = window.summary.text()
    qtbot.waitUntil(lambda: "%" in window.summary.text(), timeout=1_000)
    assert header


def test_typing_in_a_note_is_merged_with_the_other_computers_edit(
    window, qtbot, monkeypatch, laptop
) -> None:
    other_db, shared = laptop
    _choose_folder_from_the_menu(window, qtbot, monkeypatch, shared)
    notes = window.page.detail.notes
    _rid, key = notes._target
    rid = roadmap_id_for(other_db, window.switcher.currentData())
    notes.editor.setFocus()
    _type_lines(qtbot, notes.editor, "line one\nline two\nline three\n")
    window.binder.action(A.SYNC_NOW).trigger()  # the typed note goes with the round
    qtbot.waitUntil(lambda: not window.sync.is_running(), timeout=10_000)
    with qtbot.waitSignal(window.sync.finished, timeout=10_000):
        window.binder.action(A.SYNC_NOW).trigger()
    sync_round(other_db, shared)
    assert _note(other_db, rid, key) == "line one\nline two\nline three\n"

    # the laptop changes the first line; here the learner is typing at the end meanwhile
    study.save_note(other_db, rid, key, "line ONE\nline two\nline three\n")
    notes.editor.moveCursor(notes.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(notes.editor, "line four")
    with qtbot.waitSignal(window.sync.finished, timeout=10_000):
        sync_round(other_db, shared)  # the folder watcher starts a round here
    qtbot.waitUntil(lambda: notes.editor.toPlainText().startswith("line ONE"), timeout=5_000)
    assert notes.editor.toPlainText() == "line ONE\nline two\nline three\nline four"
    window.binder.action(A.QUIT).trigger()  # the last round runs at quit
    sync_round(other_db, shared)
    assert _note(other_db, rid, key) == "line ONE\nline two\nline three\nline four"
