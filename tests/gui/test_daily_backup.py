"""Today's backup copied beside the window: made once; trouble reported on the GUI thread."""

from __future__ import annotations

import threading
from pathlib import Path

from roadmap_desktop.services.startup import open_store
from roadmap_desktop.ui.daily_backup import DailyBackupJob


def _database(tmp_path: Path) -> Path:
    store = open_store(tmp_path / "data", backup=False)
    store.db.close()
    return store.db.path


def test_the_copy_is_made_once_a_day(qtbot, tmp_path):
    db_path = _database(tmp_path)
    job = DailyBackupJob(db_path, tmp_path / "backups")
    job.start()
    job.wait()
    assert job.made is not None and job.made.exists()
    again = DailyBackupJob(db_path, tmp_path / "backups")
    again.start()
    again.wait()
    assert again.made is None  # today's exists already
    assert len(list((tmp_path / "backups").glob("*.sqlite3"))) == 1


def test_machine_trouble_is_named_and_reported_on_the_gui_thread(qtbot, tmp_path):
    db_path = _database(tmp_path)
    (tmp_path / "backups").write_text("a file where the backups folder should be")
    job = DailyBackupJob(db_path, tmp_path / "backups")
    heard: list[tuple[str, bool]] = []
    job.failed.connect(
        lambda text: heard.append((text, threading.current_thread() is threading.main_thread()))
    )
    job.start()
    job.wait()
    qtbot.waitUntil(lambda: bool(heard))
    text, on_gui_thread = heard[0]
    assert on_gui_thread
    assert text.startswith("Today's automatic backup could not be made")
    assert "damaged" not in text.lower() and "study database" not in text
    assert str(tmp_path / "backups") in text and "next start tries again" in text


def test_each_kind_of_trouble_is_named_for_the_backups_folder(tmp_path):
    import errno
    import sqlite3

    from roadmap_desktop.ui.daily_backup import describe

    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert describe(OSError(errno.ENOSPC, "No space left"), tmp_path) == (
        f"the disk holding {tmp_path} is full."
    )
    assert describe(full, tmp_path) == f"the disk holding {tmp_path} is full."
    assert "cannot be written" in describe(PermissionError(errno.EACCES, "Denied"), tmp_path)
    assert describe(OSError(errno.EIO, "I/O error"), tmp_path) == f"{tmp_path}: I/O error."
