"""Backups with SQLite's online backup API: a consistent copy, once a day, the newest seven kept."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from roadmap_desktop.core.backup import KEEP_DAILY, backup_database, daily_backup, list_backups


def _slugs(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("SELECT slug FROM roadmaps ORDER BY slug")]
    finally:
        conn.close()


def test_backup_is_a_readable_copy_with_the_data(tiny, db_path: Path, tmp_path: Path) -> None:
    made = backup_database(db_path, tmp_path / "backups", "manual")
    assert made.parent == tmp_path / "backups"
    assert made.name.startswith("roadmap-manual-") and made.suffix == ".sqlite3"
    assert _slugs(made) == ["tiny"]


def test_daily_backup_once_a_day_and_only_the_newest_seven_kept(
    tiny, db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "backups"
    start = date(2026, 11, 1)
    first = daily_backup(db_path, folder, start)
    assert first is not None and first.exists()
    assert daily_backup(db_path, folder, start) is None  # already made today
    for offset in range(1, 10):
        assert daily_backup(db_path, folder, start + timedelta(days=offset)) is not None
    kept = sorted(p.name for p in folder.glob("roadmap-daily-*.sqlite3"))
    assert len(kept) == KEEP_DAILY
    assert kept[0].startswith("roadmap-daily-20261104-")
    assert kept[-1].startswith("roadmap-daily-20261110-")
    assert not first.exists()
    assert set(list_backups(folder)) == set(folder.glob("*.sqlite3"))


def test_a_copy_is_only_named_like_a_backup_once_it_is_complete(
    tiny, db_path: Path, tmp_path: Path, monkeypatch
) -> None:
    """While copying (or after a kill mid-copy) the file carries a temporary name that
    list_backups never shows; a failure removes it."""
    import roadmap_desktop.core.backup as backup_module

    seen: list[list[str]] = []
    real_replace = backup_module.os.replace

    def replace(src, dst):
        seen.append(sorted(p.name for p in (tmp_path / "backups").iterdir()))
        real_replace(src, dst)

    monkeypatch.setattr(backup_module.os, "replace", replace)
    made = backup_database(db_path, tmp_path / "backups", "manual")
    assert seen == [[made.name + ".partial"]]
    assert list_backups(tmp_path / "backups") == [made]

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(backup_module.os, "replace", full)
    with pytest.raises(OSError, match="No space"):
        backup_database(db_path, tmp_path / "backups", "again")
    assert sorted(p.name for p in (tmp_path / "backups").iterdir()) == [made.name]
