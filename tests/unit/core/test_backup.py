"""Backups with SQLite's online backup API: a consistent copy, once a day, the newest seven kept."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

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
