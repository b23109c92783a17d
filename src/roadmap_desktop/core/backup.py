"""Copies of the database made with SQLite's online backup API: daily and before upgrades."""

from __future__ import annotations

import os
import sqlite3
from datetime import date, datetime
from pathlib import Path

KEEP_DAILY = 7


def backup_database(db_path: Path, backups_dir: Path, label: str) -> Path:
    """Copy a consistent snapshot of db_path into backups_dir; return the new file's path."""
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{db_path.stem}-{label}-{stamp}.sqlite3"
    copy_database(db_path, target)
    return target


def copy_database(source_path: Path, target: Path) -> None:
    """A consistent copy of source_path (WAL included) as a self-contained file at target.

    The copy uses the rollback journal (no -wal beside it). It is written under a temporary
    name and renamed once complete, so neither a failure (a full disk) nor a killed process
    leaves a half-written file that looks like a backup.
    """
    partial = target.with_name(target.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
        os.replace(partial, target)
    except BaseException:
        for part in (partial, partial.with_name(partial.name + "-journal"), target):
            part.unlink(missing_ok=True)
        raise


def daily_backup(db_path: Path, backups_dir: Path, today: date | None = None) -> Path | None:
    """Make today's backup unless it exists; keep the newest KEEP_DAILY. None if nothing done."""
    today = today or date.today()
    label = f"daily-{today:%Y%m%d}"
    if any(backups_dir.glob(f"{db_path.stem}-{label}-*.sqlite3")):
        return None
    made = backup_database(db_path, backups_dir, label)
    dailies = sorted(backups_dir.glob(f"{db_path.stem}-daily-*.sqlite3"))
    for old in dailies[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return made


def list_backups(backups_dir: Path) -> list[Path]:
    """Backups in the folder, newest first."""
    return sorted(backups_dir.glob("*.sqlite3"), key=lambda p: p.stat().st_mtime, reverse=True)
