"""Restore from an automatic backup: list backups with what they hold, verify one, swap it in."""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from roadmap_desktop.core.backup import backup_database, copy_database, list_backups
from roadmap_desktop.core.errors import DatabaseLockedError, UserFacingError
from roadmap_desktop.core.progress import percent
from roadmap_desktop.core.sqlite_errors import (
    SQLITE_CORRUPT,
    SQLITE_NOTADB,
    machine_errors,
    primary_code,
)
from roadmap_desktop.core.work_progress import Progress

SQLITE_HEADER = b"SQLite format 3\x00"
BACKUP_KINDS = ("daily", "pre-upgrade", "pre-restore", "manual")


class BackupUnusableError(UserFacingError):
    """A backup file that cannot be restored (not SQLite, damaged, unknown schema)."""


@dataclass(frozen=True)
class DatabaseSummary:
    """What a database file holds, counted the way the window shows it."""

    roadmaps: int
    steps_total: int
    steps_finished: int
    notes: int

    @property
    def percent_done(self) -> int:
        """Finished (done or skipped) steps as a whole percentage."""
        return percent(self.steps_finished / self.steps_total) if self.steps_total else 0

    def describe(self) -> str:
        """e.g. '3 roadmaps, 41/120 steps done (34%), 12 notes'."""
        return (
            f"{self.roadmaps} roadmap{'s' if self.roadmaps != 1 else ''}, "
            f"{self.steps_finished}/{self.steps_total} steps done ({self.percent_done}%), "
            f"{self.notes} note{'s' if self.notes != 1 else ''}"
        )


@dataclass(frozen=True)
class BackupInfo:
    """One file in the backups folder; `summary` is None when it cannot be read."""

    path: Path
    taken_at: datetime
    size: int
    kind: str
    summary: DatabaseSummary | None

    @property
    def name(self) -> str:
        """The file name, as the list and `restore` accept it."""
        return self.path.name


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: the counts before and after, and where the replaced file went."""

    restored_from: Path
    safety_copy: Path | None
    before: DatabaseSummary | None
    after: DatabaseSummary

    def summary_lines(self) -> list[str]:
        """Lines for the CLI and the result dialog."""
        lines = [f"Restored {self.restored_from.name}."]
        if self.before is not None:
            b, a = self.before, self.after
            lines += [
                f"Roadmaps: {b.roadmaps} → {a.roadmaps}",
                f"Steps done: {b.steps_finished}/{b.steps_total} → "
                f"{a.steps_finished}/{a.steps_total} ({b.percent_done}% → {a.percent_done}%)",
                f"Notes: {b.notes} → {a.notes}",
            ]
        else:
            lines.append(f"Now: {self.after.describe()}")
        if self.safety_copy is not None:
            lines.append(f"The database it replaced was kept as {self.safety_copy}.")
        return lines


def format_size(size: int) -> str:
    """Bytes as a short human size: 812 KB, 3.4 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def backup_row(info: BackupInfo) -> list[str]:
    """Date, size, kind, roadmaps, % done and notes of one backup, as shown in lists."""
    summary = info.summary
    return [
        f"{info.taken_at:%Y-%m-%d %H:%M}",
        format_size(info.size),
        info.kind,
        str(summary.roadmaps) if summary else "?",
        f"{summary.percent_done}%" if summary else "?",
        str(summary.notes) if summary else "?",
    ]


def _read_only(path: Path) -> sqlite3.Connection:
    # immutable=1: no lock, no -shm or -wal created beside a file we only look at.
    return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)


def summarize(path: Path) -> DatabaseSummary | None:
    """Count roadmaps, live steps, finished steps and notes; None if the file cannot tell."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1.0)
        try:
            roadmaps = conn.execute("SELECT count(*) FROM roadmaps").fetchone()[0]
            total, finished = conn.execute(
                "SELECT count(*), coalesce(sum(p.status IN ('done', 'skipped')), 0) "
                "FROM steps s LEFT JOIN step_progress p "
                "ON p.roadmap_id = s.roadmap_id AND p.step_key = s.key WHERE s.archived = 0"
            ).fetchone()
            notes = conn.execute(
                "SELECT count(*) FROM step_progress WHERE trim(note_md) != ''"
            ).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return DatabaseSummary(int(roadmaps), int(total), int(finished), int(notes))


def backup_kind(path: Path) -> str:
    """daily, pre-upgrade, pre-restore or manual, from the file name backup_database gave it."""
    for kind in BACKUP_KINDS:
        if f"-{kind}-" in path.name:
            return kind
    return "other"


def backup_infos(backups_dir: Path) -> list[BackupInfo]:
    """Every backup in the folder, newest first, each summarised from the file itself."""
    infos = []
    for path in list_backups(backups_dir) if backups_dir.is_dir() else []:
        if not path.is_file():
            continue
        stat = path.stat()
        infos.append(
            BackupInfo(
                path,
                datetime.fromtimestamp(stat.st_mtime),
                stat.st_size,
                backup_kind(path),
                summarize(path),
            )
        )
    return infos


def find_backup(backups_dir: Path, which: str) -> Path:
    """A backup named by its number in the list (1 = newest), its file name, or a path."""
    infos = backup_infos(backups_dir)
    if which.isdigit() and len(which) < 6:
        index = int(which)
        if 1 <= index <= len(infos):
            return infos[index - 1].path
        raise UserFacingError(
            f"There is no backup number {which}; `roadmap-desktop backups` lists "
            f"{len(infos)} backup{'s' if len(infos) != 1 else ''}."
        )
    candidate = Path(which).expanduser()
    if not candidate.exists() and (backups_dir / which).exists():
        candidate = backups_dir / which
    if not candidate.is_file():
        raise UserFacingError(
            f"No backup file {which!r} (looked in {backups_dir} too); "
            "`roadmap-desktop backups` lists them."
        )
    return candidate


def verify_backup(path: Path, known_revisions: set[str]) -> str:
    """The schema revision of an intact backup this version can open; raise otherwise."""

    def unusable(reason: str) -> BackupUnusableError:
        return BackupUnusableError(
            f"The backup {path} cannot be restored: {reason}. Nothing was changed."
        )

    try:
        with path.open("rb") as fh:
            if fh.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                raise unusable("it is not an SQLite database")
    except OSError as exc:
        raise unusable(exc.strerror or str(exc)) from exc
    try:
        conn = _read_only(path)
        try:
            rows = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            if rows != ["ok"]:
                raise unusable(f"its integrity check failed ({'; '.join(rows[:3])})")
            try:
                row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            except sqlite3.OperationalError as exc:
                raise unusable("it is not a Roadmap Desktop database") from exc
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise unusable(str(exc)) from exc
    if row is None:
        raise unusable("its schema version is missing")
    revision = str(row[0])
    if revision not in known_revisions:
        raise unusable(f"it was written by a newer version of Roadmap Desktop (schema {revision})")
    return revision


def restore_backup(db_path: Path, backup: Path, known_revisions: set[str]) -> RestoreReport:
    """Replace the database at db_path by a verified copy of backup.

    The caller must have closed every connection to db_path. The current database is first
    copied to the backups folder (a damaged one byte for byte, as `.damaged`); the backup is
    copied beside the database, checked again, and renamed over it. Any failure before the
    rename leaves the database as it was.
    """
    verify_backup(backup, known_revisions)
    backups_dir = db_path.parent / "backups"
    before = summarize(db_path) if db_path.is_file() else None
    staged = db_path.with_name(db_path.name + ".restoring")
    with machine_errors(db_path, files=True):
        safety = _safety_copy(db_path, backups_dir, readable=before is not None)
        try:
            copy_database(backup, staged)
            verify_backup(staged, known_revisions)
            _checkpoint(db_path)
            for sidecar in ("-wal", "-shm", "-journal"):
                db_path.with_name(db_path.name + sidecar).unlink(missing_ok=True)
            os.replace(staged, db_path)
        finally:
            staged.unlink(missing_ok=True)
    after = summarize(db_path)
    assert after is not None, "a verified backup always summarises"
    return RestoreReport(backup, safety, before, after)


def upgraded_copy(backup: Path, folder: Path, progress: Progress | None = None) -> Path:
    """A copy of an older backup in folder, upgraded to this version's schema (its search index
    built), reporting the upgrade to `progress`; the backup itself is left as it is.

    Restoring that copy instead of the backup keeps the long part of a restore away from the
    open database: the window upgrades it on a worker while its views still read the old one.
    """
    from roadmap_desktop.core.db import open_database

    copy = folder / "roadmap.sqlite3"
    with machine_errors(copy, files=True):
        copy_database(backup, copy)
    open_database(copy, progress).close()
    return copy


def _safety_copy(db_path: Path, backups_dir: Path, *, readable: bool) -> Path | None:
    """Keep the database a restore replaces: a backup when readable, else the raw files."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    if readable:
        return backup_database(db_path, backups_dir, "pre-restore")
    backups_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    target = backups_dir / f"{db_path.stem}-replaced-{stamp}.damaged"
    try:
        shutil.copy2(db_path, target)
        wal = db_path.with_name(db_path.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, target.with_name(target.name + "-wal"))
    except BaseException:
        target.unlink(missing_ok=True)
        target.with_name(target.name + "-wal").unlink(missing_ok=True)
        raise
    return target


def _checkpoint(db_path: Path) -> None:
    """Fold the WAL into the file, so no committed write lives only in a file we delete."""
    if not db_path.is_file():
        return
    try:
        conn = sqlite3.connect(db_path, timeout=2.0)
        try:
            busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        if primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB):
            return  # a damaged file: its raw copy (and WAL) is already in the backups folder
        raise
    if busy:
        raise DatabaseLockedError(
            f"Another program is using your study database ({db_path}), so it cannot be "
            "replaced now. Nothing was changed. Close that program and try again."
        )
