"""Backups listed from their own contents, verified, and restored after a safety copy."""

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from roadmap_desktop.core.backup import backup_database
from roadmap_desktop.core.db import known_revisions, open_database
from roadmap_desktop.core.restore import (
    BackupUnusableError,
    backup_infos,
    find_backup,
    restore_backup,
    summarize,
    verify_backup,
)


def _finish(db, key: str, note: str = "") -> None:
    with db.transaction() as session:
        session.execute(
            text(
                "INSERT INTO step_progress (roadmap_id, step_key, status, note_md) "
                "VALUES (1, :k, 'done', :n)"
            ),
            {"k": key, "n": note},
        )


def test_backups_are_listed_with_what_each_file_holds(tiny, tmp_path):
    db = tiny.db
    backups = tmp_path / "backups"
    first = backup_database(db.path, backups, "daily-20261130")
    _finish(db, "http", "my note")
    second = backup_database(db.path, backups, "pre-upgrade-0001")
    import os

    os.utime(first, (1_000_000_000, 1_000_000_000))
    infos = backup_infos(backups)
    assert [i.path for i in infos] == [second, first]
    assert [i.kind for i in infos] == ["pre-upgrade", "daily"]
    newest = infos[0].summary
    assert (newest.roadmaps, newest.steps_finished, newest.notes) == (1, 1, 1)
    assert newest.percent_done == 25 and newest.steps_total == 4
    assert infos[1].summary.steps_finished == 0
    assert infos[0].size == second.stat().st_size
    assert find_backup(backups, "2") == first
    assert find_backup(backups, first.name) == first
    # Listing reads the files without writing anything beside them.
    assert sorted(p.name for p in backups.iterdir()) == sorted([first.name, second.name])


def test_restore_keeps_the_current_database_and_reports_before_and_after(tiny, tmp_path):
    db = tiny.db
    backup = backup_database(db.path, tmp_path / "backups", "daily-20261130")
    _finish(db, "http", "a note")
    _finish(db, "git")
    db.close()
    report = restore_backup(db.path, backup, known_revisions())
    assert (report.before.steps_finished, report.after.steps_finished) == (2, 0)
    assert (report.before.notes, report.after.notes) == (1, 0)
    assert report.safety_copy is not None and "-pre-restore-" in report.safety_copy.name
    assert summarize(report.safety_copy).steps_finished == 2
    assert any("Steps done: 2/4 → 0/4" in line for line in report.summary_lines())
    reopened = open_database(db.path)
    with reopened.reading() as session:
        assert session.execute(text("SELECT count(*) FROM step_progress")).scalar() == 0
    reopened.close()
    assert not db.path.with_name("roadmap.sqlite3.restoring").exists()


@pytest.mark.parametrize("damage", ["not-sqlite", "truncated", "other-program", "newer"])
def test_an_unusable_backup_is_refused_and_nothing_changes(tiny, tmp_path, damage):
    db = tiny.db
    backup = backup_database(db.path, tmp_path / "backups", "daily-20261130")
    if damage == "not-sqlite":
        backup.write_bytes(b"hello")
    elif damage == "truncated":
        backup.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    elif damage == "other-program":
        backup.unlink()
        conn = sqlite3.connect(backup)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
    else:
        conn = sqlite3.connect(backup)
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
        conn.commit()
        conn.close()
    _finish(db, "http")
    db.close()
    before = db.path.read_bytes()
    with pytest.raises(BackupUnusableError, match="cannot be restored"):
        restore_backup(db.path, backup, known_revisions())
    assert db.path.read_bytes() == before
    assert [p for p in (tmp_path / "backups").iterdir() if "pre-restore" in p.name] == []


def test_a_damaged_database_is_kept_byte_for_byte_before_a_restore(tiny, tmp_path):
    db = tiny.db
    backup = backup_database(db.path, tmp_path / "backups", "daily-20261130")
    db.close()
    damaged = b"SQLite format 3\x00" + b"\xff" * 5000
    db.path.write_bytes(damaged)
    report = restore_backup(db.path, backup, known_revisions())
    assert report.before is None and report.safety_copy.suffix == ".damaged"
    assert report.safety_copy.read_bytes() == damaged
    assert verify_backup(db.path, known_revisions())


def test_find_backup_explains_a_wrong_number_or_name(tmp_path):
    from roadmap_desktop.core.errors import UserFacingError

    with pytest.raises(UserFacingError, match="no backup number 3"):
        find_backup(tmp_path / "backups", "3")
    with pytest.raises(UserFacingError, match="No backup file"):
        find_backup(tmp_path / "backups", "nope.sqlite3")
    assert backup_infos(Path(tmp_path / "missing")) == []
