"""The `backups` (list) and `restore BACKUP` commands of the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from roadmap_desktop.core.restore import backup_row


def run_backups_command(args: argparse.Namespace, data_dir: Path) -> int:
    """List the backups, or restore one under the data folder's lock."""
    from roadmap_desktop.paths import DB_FILENAME

    if args.command == "backups":
        return _list(data_dir.expanduser() / "backups")
    from roadmap_desktop.core.db import known_revisions
    from roadmap_desktop.core.folder_lock import FolderLock
    from roadmap_desktop.core.restore import find_backup, restore_backup
    from roadmap_desktop.paths import prepare_data_dir

    folder = prepare_data_dir(data_dir)
    with FolderLock(folder):
        backup = find_backup(folder / "backups", args.backup)
        report = restore_backup(folder / DB_FILENAME, backup, known_revisions())
    for line in report.summary_lines():
        print(line)
    return 0


def _list(backups_dir: Path) -> int:
    from roadmap_desktop.core.restore import backup_infos

    infos = backup_infos(backups_dir)
    if not infos:
        print(f"No automatic backups in {backups_dir} yet (one is made each day the app opens).")
        return 0
    header = ["#", "date", "size", "kind", "roadmaps", "done", "notes", "file"]
    rows = [[str(n), *backup_row(info), info.name] for n, info in enumerate(infos, start=1)]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header) - 1)]
    for row in [header, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[-1]]))
    unreadable = sum(1 for info in infos if info.summary is None)
    if unreadable:
        print(f"({unreadable} backup{'s' if unreadable != 1 else ''} could not be read: '?')")
    print(f"Restore one with: roadmap-desktop restore NUMBER  (folder: {backups_dir})")
    return 0
