"""SQLite errors sorted by code: each machine problem is named, none is called damage."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from roadmap_desktop.core import db as db_module
from roadmap_desktop.core.db import open_database, read_revision
from roadmap_desktop.core.errors import (
    DamagedDatabaseError,
    DatabaseIOError,
    DatabaseLockedError,
    DatabaseReadOnlyError,
    DiskFullError,
    NotADatabaseError,
)
from roadmap_desktop.core.sqlite_errors import machine_error
from roadmap_desktop.paths import prepare_data_dir


def _sqlite_error(code: int, name: str) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(name.lower())
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    exc.sqlite_errorname = name  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("code", "name", "kind", "words"),
    [
        (5, "SQLITE_BUSY", DatabaseLockedError, "Another program is using"),
        (6, "SQLITE_LOCKED", DatabaseLockedError, "Another program is using"),
        (8, "SQLITE_READONLY", DatabaseReadOnlyError, "read-only"),
        (8 | (3 << 8), "SQLITE_READONLY_ROLLBACK", DatabaseReadOnlyError, "read-only"),
        (13, "SQLITE_FULL", DiskFullError, "is full"),
        (10, "SQLITE_IOERR", DatabaseIOError, "could not read or write"),
        (10 | (4 << 8), "SQLITE_IOERR_SHORT_READ", DatabaseIOError, "could not read or write"),
        (26, "SQLITE_NOTADB", NotADatabaseError, "not an SQLite database"),
    ],
)
def test_each_machine_error_code_gets_its_own_message(db_path, code, name, kind, words):
    error = machine_error(_sqlite_error(code, name), db_path)
    assert type(error) is kind
    assert words in str(error) and str(db_path.name) in str(error)
    if kind is not NotADatabaseError:
        assert "damaged" not in str(error)


def test_a_programming_error_is_not_dressed_up(db_path):
    assert machine_error(_sqlite_error(1, "SQLITE_ERROR"), db_path) is None


def test_corrupt_is_only_called_damage_when_quick_check_agrees(db):
    error = machine_error(_sqlite_error(11, "SQLITE_CORRUPT"), db.path)
    assert isinstance(error, DatabaseIOError) and "damaged" not in str(error)


def test_a_transaction_hit_by_a_full_disk_rolls_back_and_names_it(tiny, monkeypatch):
    """SQLITE_FULL injected at commit: the learner's error, and nothing half written."""
    db = tiny.db

    def full_disk(*_args, **_kwargs):
        raise _sqlite_error(13, "SQLITE_FULL")

    with pytest.raises(DiskFullError, match="is full"), db.transaction() as session:
        session.execute(text("UPDATE roadmaps SET title = 'changed'"))
        monkeypatch.setattr(session, "commit", full_disk)
    with db.reading() as session:
        assert session.execute(text("SELECT title FROM roadmaps")).scalar() == "Tiny roadmap"


HOLD = (
    "import sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute(sys.argv[2])\n"
    "c.execute('BEGIN EXCLUSIVE')\n"
    "c.execute('UPDATE alembic_version SET version_num = version_num')\n"
    "print('locked', flush=True)\n"
    "sys.stdin.read()\n"
)


def _hold(path: Path, pragma: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path), pragma],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "locked"
    return proc


def _release(proc: subprocess.Popen) -> None:
    proc.stdin.close()
    proc.wait(timeout=10)
    proc.stdout.close()


def test_a_write_while_another_process_holds_begin_exclusive_is_locked_not_damaged(db):
    db.busy_timeout_ms = 100
    db.close()
    proc = _hold(db.path, "PRAGMA busy_timeout = 0")
    try:
        with (
            pytest.raises(DatabaseLockedError, match="Another program"),
            db.transaction() as session,
        ):
            session.execute(text("UPDATE roadmaps SET title = 'x'"))
    finally:
        _release(proc)
    with db.transaction() as session:  # once released, the same write works
        session.execute(text("UPDATE roadmaps SET title = 'x'"))


def test_opening_waits_briefly_for_a_lock_then_explains_it(db, monkeypatch):
    """An exclusive-mode holder blocks even readers: wait, then 'locked', never 'damaged'."""
    path = db.path
    db.close()
    monkeypatch.setattr(db_module, "STARTUP_WAIT_S", 0.5)
    proc = _hold(path, "PRAGMA locking_mode = EXCLUSIVE")
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseLockedError) as info:
            read_revision(path, wait_s=0.5)
        assert time.monotonic() - started >= 0.4
        assert "damaged" not in str(info.value) and "start fresh" not in str(info.value)
    finally:
        _release(proc)
    assert read_revision(path) is not None


def test_a_folder_where_the_database_should_be_is_explained(tmp_path):
    (tmp_path / "roadmap.sqlite3").mkdir()
    with pytest.raises(DatabaseIOError, match="is a folder"):
        open_database(tmp_path / "roadmap.sqlite3")


def test_a_zero_length_file_with_backups_beside_it_is_refused(db, tmp_path):
    from roadmap_desktop.core.backup import backup_database

    backup_database(db.path, tmp_path / "backups", "daily-20261201")
    db.close()
    db.path.write_bytes(b"")
    with pytest.raises(NotADatabaseError, match="empty") as info:
        open_database(db.path)
    assert "1 automatic backup" in str(info.value) and "restore" in str(info.value)
    assert db.path.read_bytes() == b""


def test_a_zero_length_file_with_a_wal_beside_it_is_refused(tmp_path):
    path = tmp_path / "roadmap.sqlite3"
    path.write_bytes(b"")
    path.with_name(path.name + "-wal").write_bytes(b"\x37\x7f\x06\x82" + b"\x00" * 60)
    with pytest.raises(NotADatabaseError, match="write-ahead log"):
        open_database(path)


def test_a_zero_length_file_with_nothing_to_recover_starts_fresh(tmp_path):
    path = tmp_path / "roadmap.sqlite3"
    path.write_bytes(b"")
    open_database(path).close()
    assert read_revision(path) is not None


def test_fresh_creation_failing_leaves_no_half_created_file(tmp_path, monkeypatch):
    def full(_engine):
        raise _sqlite_error(13, "SQLITE_FULL")

    monkeypatch.setattr(db_module, "_create_schema", full)
    with pytest.raises(DiskFullError):
        open_database(tmp_path / "roadmap.sqlite3")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_fresh_database_is_flushed_to_disk_before_it_is_renamed_into_place(tmp_path, monkeypatch):
    """Built without a journal or a flush per statement, so one fsync must come before the
    rename that publishes it."""
    import os

    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        calls.append("fsync")
        real_fsync(fd)

    def replace(src, dst):
        calls.append(f"replace {Path(src).name}")
        real_replace(src, dst)

    monkeypatch.setattr(db_module.os, "fsync", fsync)
    monkeypatch.setattr(db_module.os, "replace", replace)
    open_database(tmp_path / "roadmap.sqlite3").close()
    assert calls[:2] == ["fsync", "replace roadmap.sqlite3.creating"]
    assert read_revision(tmp_path / "roadmap.sqlite3") is not None


def test_damage_is_still_called_damage(db):
    db.close()
    whole = db.path.read_bytes()
    db.path.write_bytes(whole[:4096] + b"\xff" * (len(whole) - 4096))
    with pytest.raises(DamagedDatabaseError):
        open_database(db.path)


def test_a_write_probe_that_fails_leaves_no_write_test_file(tmp_path, monkeypatch):
    def no_space(self, _data):
        self.touch()  # the file appears, the write fails: a full disk
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", no_space)
    with pytest.raises(Exception, match="No space left"):
        prepare_data_dir(tmp_path / "data")
    assert list((tmp_path / "data").iterdir()) == []
